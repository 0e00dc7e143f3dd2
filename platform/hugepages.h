#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

// Memory for the big columns of the store, optionally backed by transparent huge pages.
//
// Filling a million-row store touches ~100 MB of fresh memory. On a virtual machine
// every first touch of a 4 KiB page is expensive (measured here: ~18 µs for a page
// fault, against ~0.14 ms to fault in and clear a whole 2 MiB huge page), so with
// small pages the faults cost more than parsing the data.
//
// Huge pages back only 2 MiB-aligned stretches that were advised (THP "madvise" mode,
// Debian's default) before anything touched them. A malloc'ed buffer cannot have that:
// malloc writes its header into the first page before the caller sees the buffer, and
// a huge page can then only be had by collapsing it (MADV_COLLAPSE), which costs twice
// a fault and held up every column of a load. So HugePageAllocator maps each large
// buffer itself: whole huge pages, aligned, advised before the first touch. Small
// buffers (under kHugeFrom) go to operator new as usual.
//
// That is Linux-only (mmap + madvise(MADV_HUGEPAGE)) and built only with the CMake
// option RENDEZVOUS_HUGEPAGES on Linux; everywhere else, and with the option off, the
// same interface is the portable path: large buffers from operator new, capacities as
// asked, arenas that do nothing. enabled() says which one this build has. Default: ON on
// Linux, as tests/bench/bench_load 1000000 (1M rows, `rendezvous info --json` whole process,
// best/median of 7, Release, build/ ON vs build-nohuge/ OFF, run alternately twice on this
// 2-core VM at load ~8) measured ON: best 0.99-1.02 s, median 1.07-1.09 s; OFF: best
// 1.94-2.25 s, median 2.28-2.39 s (in process 0.88-0.91 s vs 1.94-1.99 s; resident +14 MB).
// Huge pages halve a million-row load here; the portable path is the default elsewhere.
//
// Sanitizer and fuzzing builds define RENDEZVOUS_EXACT_ALLOCATIONS: every buffer then
// comes from operator new with its exact size, so that ASan sees each buffer's end
// (and a fuzzer is not slowed down by a fresh mapping for each column of each input).
namespace hugepages {
// Whether large buffers are mapped huge pages (RENDEZVOUS_HUGEPAGES on Linux, and not an
// exact-allocation build) rather than the portable operator new.
bool enabled();
// Buffers from this size get their own mapping: 32 small-page faults cost more than
// clearing a whole huge page.
constexpr size_t kHugeFrom = 128 * 1024;
constexpr size_t kHugePage = 2 * 1024 * 1024;
// The mapping for a buffer of `bytes` when enabled(): whole huge pages.
constexpr size_t mappedBytes(size_t bytes)
{
    return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}
// A buffer of its own for `bytes` (a mapping when enabled(), else operator new); throws
// std::bad_alloc. Freed with unmap() and the same size.
void *map(size_t bytes);
void unmap(void *p, size_t bytes) noexcept;
// A large buffer (kHugeFrom or more): from this thread's arena when one is open and has
// room, else a mapping of its own.
void *allocateLarge(size_t bytes);
void deallocateLarge(void *p, size_t bytes) noexcept;

// While open (and enabled()), large buffers allocated on this thread are laid out one after another
// in one shared mapping of up to `bytes`, mapped on first use, instead of each rounding up to whole
// huge pages: the columns of a 50,000-row store then fill 4 huge pages rather than 16, and only
// those are cleared. Closing the scope does not free the buffers; the mapping goes when the last of
// them is freed, on whatever thread. Space a buffer frees is not reused (a column outgrowing its
// reservation wastes its old place), and a buffer that no longer fits gets its own mapping.
class ArenaScope
{
public:
    explicit ArenaScope(size_t bytes);
    ~ArenaScope();
    ArenaScope(const ArenaScope &) = delete;
    ArenaScope &operator=(const ArenaScope &) = delete;

private:
    struct Arena *m_arena;
    struct Arena *m_previous;
};
// Whether this thread has an open arena (capacities are then not rounded up); always
// false when not enabled().
bool arenaOpen();
} // namespace hugepages

template<typename T> struct HugePageAllocator
{
    using value_type = T;
    HugePageAllocator() noexcept = default;
    template<typename U> HugePageAllocator(const HugePageAllocator<U> &) noexcept { }

    T *allocate(size_t n)
    {
        if (n > SIZE_MAX / sizeof(T))
            throw std::bad_array_new_length();
#ifndef RENDEZVOUS_EXACT_ALLOCATIONS
        if (n * sizeof(T) >= hugepages::kHugeFrom)
            return static_cast<T *>(hugepages::allocateLarge(n * sizeof(T)));
#endif
        return static_cast<T *>(::operator new(n * sizeof(T)));
    }
    void deallocate(T *p, size_t n) noexcept
    {
#ifndef RENDEZVOUS_EXACT_ALLOCATIONS
        if (n * sizeof(T) >= hugepages::kHugeFrom) {
            hugepages::deallocateLarge(p, n * sizeof(T));
            return;
        }
#else
        (void)n;
#endif
        ::operator delete(p);
    }
    friend bool operator==(const HugePageAllocator &, const HugePageAllocator &)
    {
        return true;
    }
    friend bool operator!=(const HugePageAllocator &, const HugePageAllocator &)
    {
        return false;
    }
};

template<typename T> using HugeVector = std::vector<T, HugePageAllocator<T>>;
using HugeString = std::basic_string<char, std::char_traits<char>, HugePageAllocator<char>>;

// Elements to allocate for at least n of elementSize bytes plus `extra` bytes
// (std::string's terminator): when enabled(), a large request is rounded up to fill its
// huge pages, which cost the same whether the tail is used or not (but not inside an
// arena); else n.
size_t hugeCapacity(size_t n, size_t elementSize, size_t extra = 0);
template<typename T> void reserveHuge(HugeVector<T> &v, size_t n)
{
    if (n > v.capacity())
        v.reserve(hugeCapacity(n, sizeof(T)));
}
// A vector of n copies of value.
template<typename T> HugeVector<T> hugeVector(size_t n, const T &value)
{
    HugeVector<T> v;
    reserveHuge(v, n);
    v.assign(n, value);
    return v;
}

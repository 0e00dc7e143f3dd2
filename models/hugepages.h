#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

// Memory for the big columns of the store, backed by transparent huge pages.
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
// Sanitizer and fuzzing builds define RENDEZVOUS_EXACT_ALLOCATIONS: every buffer then
// comes from operator new with its exact size, so that ASan sees each buffer's end
// (and a fuzzer is not slowed down by a fresh mapping for each column of each input).
namespace hugepages {
// Buffers from this size get their own mapping: 32 small-page faults cost more than
// clearing a whole huge page.
constexpr size_t kHugeFrom = 128 * 1024;
constexpr size_t kHugePage = 2 * 1024 * 1024;
// The mapping for a buffer of `bytes`: whole huge pages.
constexpr size_t mappedBytes(size_t bytes)
{
    return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}
void *map(size_t bytes); // throws std::bad_alloc
void unmap(void *p, size_t bytes) noexcept;
// A large buffer (kHugeFrom or more): from this thread's arena when one is open and has
// room, else a mapping of its own.
void *allocateLarge(size_t bytes);
void deallocateLarge(void *p, size_t bytes) noexcept;

// While open, large buffers allocated on this thread are laid out one after another in
// one shared mapping of up to `bytes`, mapped on first use, instead of each rounding up
// to whole huge pages: the columns of a 50,000-row store then fill 4 huge pages rather
// than 16, and only those are cleared. Closing the scope does not free the buffers; the
// mapping goes when the last of them is freed, on whatever thread. Space a buffer frees
// is not reused (a column outgrowing its reservation wastes its old place), and a
// buffer that no longer fits gets its own mapping.
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
// Whether this thread has an open arena (capacities are then not rounded up).
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
// (std::string's terminator): a large request is rounded up to fill its huge pages,
// which cost the same whether the tail is used or not (but not inside an arena).
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

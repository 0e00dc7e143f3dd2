#include "hugepages.h"

#include <algorithm>

#if defined(RENDEZVOUS_HUGEPAGES) && defined(__linux__) && !defined(RENDEZVOUS_EXACT_ALLOCATIONS)
#define RENDEZVOUS_MAP_HUGEPAGES 1
#endif

#ifdef RENDEZVOUS_MAP_HUGEPAGES
#include <sys/mman.h>

#include <mutex>
#include <vector>

struct hugepages::Arena
{
    size_t length = 0; // what the scope asked for; mapped on first use
    char *base = nullptr;
    size_t used = 0;
    size_t live = 0; // buffers handed out and not yet freed
    bool open = true;
};

namespace {
thread_local hugepages::Arena *t_arena = nullptr;
// The arenas that are mapped and hold buffers. Only large buffers come here, a few
// dozen per load: a mutex is cheap enough.
std::mutex g_mutex;
std::vector<hugepages::Arena *> g_arenas;

// Called with g_mutex held: unmaps and forgets an arena once it is closed and empty.
void releaseIfDone(hugepages::Arena *a)
{
    if (a->open || a->live > 0)
        return;
    if (a->base) {
        hugepages::unmap(a->base, a->length);
        g_arenas.erase(std::find(g_arenas.begin(), g_arenas.end(), a));
    }
    delete a;
}
} // namespace

void *hugepages::map(size_t bytes)
{
    const size_t length = mappedBytes(bytes);
    constexpr int prot = PROT_READ | PROT_WRITE;
    constexpr int flags = MAP_PRIVATE | MAP_ANONYMOUS;
    void *p = ::mmap(nullptr, length, prot, flags, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
    if ((reinterpret_cast<uintptr_t>(p) & (kHugePage - 1)) != 0) {
        // Linux aligns an anonymous mapping of whole huge pages since 6.7; before that,
        // map one huge page more and trim the ends.
        ::munmap(p, length);
        void *wide = ::mmap(nullptr, length + kHugePage, prot, flags, -1, 0);
        if (wide == MAP_FAILED)
            throw std::bad_alloc();
        const auto at = reinterpret_cast<uintptr_t>(wide);
        const uintptr_t aligned = (at + kHugePage - 1) & ~uintptr_t(kHugePage - 1);
        if (aligned > at)
            ::munmap(wide, aligned - at);
        if (const size_t tail = kHugePage - (aligned - at))
            ::munmap(reinterpret_cast<void *>(aligned + length), tail);
        p = reinterpret_cast<void *>(aligned);
    }
    // A hint: without THP the buffer is ordinary pages, and that is all.
    ::madvise(p, length, MADV_HUGEPAGE);
    return p;
}

void hugepages::unmap(void *p, size_t bytes) noexcept
{
    ::munmap(p, mappedBytes(bytes));
}

void *hugepages::allocateLarge(size_t bytes)
{
    if (Arena *a = t_arena) {
        const size_t size = (bytes + 63) / 64 * 64;
        std::lock_guard<std::mutex> lock(g_mutex);
        if (!a->base && size <= a->length) {
            try {
                a->base = static_cast<char *>(map(a->length));
                a->length = mappedBytes(a->length);
                g_arenas.push_back(a);
            } catch (const std::bad_alloc &) {
                if (a->base)
                    unmap(a->base, a->length);
                a->base = nullptr;
                a->length = 0; // no arena after all: own mappings
            }
        }
        if (a->base && size <= a->length - a->used) {
            void *p = a->base + a->used;
            a->used += size;
            ++a->live;
            return p;
        }
    }
    return map(bytes);
}

void hugepages::deallocateLarge(void *p, size_t bytes) noexcept
{
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        const auto at = static_cast<char *>(p);
        for (Arena *a : g_arenas) {
            if (at >= a->base && at < a->base + a->length) {
                --a->live;
                releaseIfDone(a);
                return;
            }
        }
    }
    unmap(p, bytes);
}

hugepages::ArenaScope::ArenaScope(size_t bytes) : m_arena(new Arena), m_previous(t_arena)
{
    m_arena->length = bytes;
    t_arena = m_arena;
}

hugepages::ArenaScope::~ArenaScope()
{
    t_arena = m_previous;
    std::lock_guard<std::mutex> lock(g_mutex);
    m_arena->open = false;
    releaseIfDone(m_arena);
}

bool hugepages::arenaOpen()
{
    return t_arena != nullptr;
}

bool hugepages::enabled()
{
    return true;
}

#else // the portable path: operator new, as asked, no arenas

void *hugepages::map(size_t bytes)
{
    return ::operator new(bytes);
}

void hugepages::unmap(void *p, size_t) noexcept
{
    ::operator delete(p);
}

void *hugepages::allocateLarge(size_t bytes)
{
    return ::operator new(bytes);
}

void hugepages::deallocateLarge(void *p, size_t) noexcept
{
    ::operator delete(p);
}

hugepages::ArenaScope::ArenaScope(size_t) : m_arena(nullptr), m_previous(nullptr) { }

hugepages::ArenaScope::~ArenaScope() = default;

bool hugepages::arenaOpen()
{
    return false;
}

bool hugepages::enabled()
{
    return false;
}

#endif

size_t hugeCapacity(size_t n, size_t elementSize, size_t extra)
{
    const size_t bytes = n * elementSize + extra;
    if (!hugepages::enabled() || bytes < hugepages::kHugeFrom || hugepages::arenaOpen())
        return n;
    return std::max(n, (hugepages::mappedBytes(bytes) - extra) / elementSize);
}

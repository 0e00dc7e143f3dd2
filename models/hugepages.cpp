#include "hugepages.h"

#include <sys/mman.h>

#include <algorithm>

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

size_t hugeCapacity(size_t n, size_t elementSize, size_t extra)
{
#ifdef RENDEZVOUS_EXACT_ALLOCATIONS
    (void)elementSize;
    (void)extra;
    return n;
#else
    const size_t bytes = n * elementSize + extra;
    if (bytes < hugepages::kHugeFrom)
        return n;
    return std::max(n, (hugepages::mappedBytes(bytes) - extra) / elementSize);
#endif
}

#include "timelinehistogram.h"

#include "timeindex.h"

#include <algorithm>

int TimelineHistogram::binAt(int64_t t) const
{
    if (bins() == 0 || t < edges.front() || t >= edges.back())
        return -1;
    return int(std::upper_bound(edges.begin(), edges.end(), t) - edges.begin()) - 1;
}

TimelineHistogram TimelineHistogram::count(const TimeIndex &index,
                                           const std::vector<uint64_t> &bits,
                                           const std::vector<uint8_t> *rowSlots,
                                           std::vector<int64_t> edges)
{
    TimelineHistogram h;
    h.edges = std::move(edges);
    const int n = h.bins();
    h.counts.assign(size_t(n) * kSlots, 0);
    h.totals.assign(size_t(n), 0);
    if (n == 0)
        return h;
    const bool all = bits.empty();
    const bool colored = rowSlots && rowSlots->size() == index.rowCount();
    // The short events come in order of start, so the bin only moves forward; the long
    // ones (few) fall back to a binary search.
    int bin = 0;
    index.forEachStartIn(h.edges.front(), h.edges.back(), [&](uint32_t row, int64_t start) {
        if (!all && !(bits[row >> 6] >> (row & 63) & 1))
            return;
        if (start < h.edges[size_t(bin)])
            bin = h.binAt(start);
        while (start >= h.edges[size_t(bin) + 1])
            ++bin;
        const int slot = colored ? std::min<int>((*rowSlots)[row], kSlots - 1) : 0;
        ++h.counts[size_t(bin) * kSlots + size_t(slot)];
    });
    for (int b = 0; b < n; ++b) {
        int64_t sum = 0;
        for (int s = 0; s < kSlots; ++s)
            sum += h.count(b, s);
        h.totals[size_t(b)] = sum;
        h.maxTotal = std::max(h.maxTotal, sum);
    }
    return h;
}

#pragma once

#include "map/categorycolors.h"

#include <cstdint>
#include <vector>

class TimeIndex;

// Events per bin and colour slot: what the timeline draws. Counted from the time index
// (only the starts inside the bins are visited) and a bit per store row of the events
// to count (TransferFilter::bitsIgnoringTime(): every filter but time).
struct TimelineHistogram
{
    static constexpr int kSlots = CategoryColors::kSlotCount;

    std::vector<int64_t> edges; // bin i is [edges[i], edges[i + 1])
    std::vector<int64_t> counts; // bins() * kSlots, bin-major
    std::vector<int64_t> totals; // per bin
    int64_t maxTotal = 0;

    int bins() const { return edges.size() < 2 ? 0 : int(edges.size() - 1); }
    int64_t count(int bin, int slot) const { return counts[size_t(bin) * kSlots + size_t(slot)]; }
    // The bin holding t, or -1.
    int binAt(int64_t t) const;

    // rowSlots: the colour slot of every store row, or nullptr to count everything in
    // slot 0. bits: rowCount() bits of the events to count; empty counts every event.
    static TimelineHistogram count(const TimeIndex &index, const std::vector<uint64_t> &bits,
                                   const std::vector<uint8_t> *rowSlots,
                                   std::vector<int64_t> edges);
};

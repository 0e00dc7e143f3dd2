#pragma once

#include "eventstore.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

// The events of a store ordered by start, for the time window: the rows whose
// [start, end] overlaps [from, to] are found by two binary searches instead of a pass
// over every row, which is what lets a timeline brush or a playback step re-filter a
// million events in a few milliseconds.
//
// An event overlaps [from, to] when start <= to and effectiveEnd >= from (the rule of
// EventFilter::matchesTime). Among events no longer than kShortSpan, the candidates
// are the starts in [from - maxShortSpan, to]; events longer than that (rare: STS
// transfers last hours or days) and events without a start are kept in a short list
// checked one by one, so one year-long record cannot turn every query into a full scan.
class TimeIndex
{
    // Long events and events without a start: (row, start, effective end).
    struct Long
    {
        uint32_t row;
        int64_t start, end;
    };

public:
    static constexpr int64_t kShortSpan = 31LL * 24 * 3600 * 1000; // ms

    TimeIndex() = default;
    explicit TimeIndex(const EventStore &store) { build(store); }
    void build(const EventStore &store);
    size_t rowCount() const { return m_rowCount; }

    // Calls f(row) for every store row overlapping [from, to] (an absent bound is
    // open), each row once, in no particular order. Same result as
    // EventFilter{from, to}.matchesTime for every row.
    template<typename F>
    void forEachOverlapping(std::optional<int64_t> from, std::optional<int64_t> to, F f) const;
    // The same as a bit per store row (rowCount() bits, set where overlapping).
    void overlapping(std::optional<int64_t> from, std::optional<int64_t> to,
                     std::vector<uint64_t> &bits) const;

    // Calls f(row, start) for every row whose start lies in [lo, hi): the short events
    // in order of start, then the long ones in store order (the timeline's histogram
    // counts the visible span without a pass over every row).
    template<typename F> void forEachStartIn(int64_t lo, int64_t hi, F f) const
    {
        const auto first = std::lower_bound(m_starts.begin(), m_starts.end(), lo);
        for (auto it = first; it != m_starts.end() && *it < hi; ++it)
            f(m_rows[size_t(it - m_starts.begin())], *it);
        for (const Long &l : m_long) {
            if (l.start != EventStore::kNoTime && l.start >= lo && l.start < hi)
                f(l.row, l.start);
        }
    }

    // Earliest start and latest effective end of the events with a time, or kNoTime.
    int64_t first() const { return m_first; }
    int64_t last() const { return m_last; }

private:
    size_t m_rowCount = 0;
    std::vector<int64_t> m_starts; // short events, sorted
    std::vector<int64_t> m_ends; // effective ends, in the same order
    std::vector<uint32_t> m_rows; // in the same order
    int64_t m_maxShortSpan = 0;
    std::vector<Long> m_long;
    int64_t m_first = EventStore::kNoTime, m_last = EventStore::kNoTime;
};

template<typename F>
void TimeIndex::forEachOverlapping(std::optional<int64_t> from, std::optional<int64_t> to,
                                   F f) const
{
    const auto inside = [&](int64_t start, int64_t end) {
        return (!to || start <= *to) && (!from || end >= *from);
    };
    for (const Long &l : m_long) {
        if (inside(l.start, l.end))
            f(l.row);
    }
    size_t lo = 0, hi = m_starts.size();
    if (from) {
        // Saturating: from - span must not wrap below INT64_MIN.
        const int64_t lowest = *from < EventStore::kNoTime + m_maxShortSpan
            ? EventStore::kNoTime
            : *from - m_maxShortSpan;
        lo = size_t(std::lower_bound(m_starts.begin(), m_starts.end(), lowest) - m_starts.begin());
    }
    if (to)
        hi = size_t(std::upper_bound(m_starts.begin(), m_starts.end(), *to) - m_starts.begin());
    for (size_t i = lo; i < hi; ++i) {
        if (!from || m_ends[i] >= *from)
            f(m_rows[i]);
    }
}

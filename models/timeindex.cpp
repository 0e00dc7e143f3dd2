#include "timeindex.h"

#include <algorithm>

void TimeIndex::build(const EventStore &store)
{
    m_rowCount = store.size();
    m_starts.clear();
    m_ends.clear();
    m_rows.clear();
    m_long.clear();
    m_maxShortSpan = 0;
    m_first = m_last = EventStore::kNoTime;

    // (start, row) pairs sorted as one: ties fall in store order without a stable
    // sort, and the sort reads contiguous memory instead of chasing rows.
    std::vector<std::pair<int64_t, uint32_t>> order;
    order.reserve(store.size());
    for (uint32_t r = 0; r < store.size(); ++r) {
        const int64_t start = store.start(r), end = store.effectiveEnd(r);
        if (start != EventStore::kNoTime) {
            m_first = m_first == EventStore::kNoTime ? start : std::min(m_first, start);
            m_last = std::max(m_last, end);
        }
        // end < start cannot pass the builder, but an index must not assume it: such a
        // row goes to the checked-one-by-one list too.
        if (start == EventStore::kNoTime || end < start || end - start > kShortSpan)
            m_long.push_back({r, start, end});
        else
            order.emplace_back(start, r);
    }
    std::sort(order.begin(), order.end());
    m_rows.resize(order.size());
    m_starts.resize(order.size());
    m_ends.resize(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
        m_starts[i] = order[i].first;
        m_rows[i] = order[i].second;
        m_ends[i] = store.effectiveEnd(order[i].second);
        m_maxShortSpan = std::max(m_maxShortSpan, m_ends[i] - m_starts[i]);
    }
}

void TimeIndex::overlapping(std::optional<int64_t> from, std::optional<int64_t> to,
                            std::vector<uint64_t> &bits) const
{
    bits.assign((m_rowCount + 63) / 64, 0);
    uint64_t *words = bits.data();
    forEachOverlapping(from, to,
                       [words](uint32_t row) { words[row >> 6] |= uint64_t(1) << (row & 63); });
}

#include "clustertree.h"

#include "spatialindex.h"

#include <algorithm>

void ClusterTree::clear()
{
    m_keys = nullptr;
    m_events = nullptr;
    m_size = 0;
    m_index.reset();
    m_kept = {};
    m_keptKeys = {};
    m_slots = {};
    m_nodes.clear();
}

void ClusterTree::build(std::shared_ptr<const SpatialIndex> index,
                        const std::vector<uint64_t> *visibleBits,
                        const std::vector<uint8_t> &rowSlots)
{
    clear();
    if (!index)
        return;
    m_index = std::move(index);
    const auto &keys = m_index->mortonKeys();
    const auto &points = m_index->mortonPoints();
    if (visibleBits) {
        const size_t most = std::min(points.size(), visibleBits->size() * 64);
        reserveHuge(m_kept, most);
        reserveHuge(m_keptKeys, most);
        for (size_t i = 0; i < points.size(); ++i) {
            const uint32_t r = points[i].row;
            const size_t word = r >> 6;
            if (word >= visibleBits->size() || !(((*visibleBits)[word] >> (r & 63)) & 1))
                continue;
            m_keptKeys.push_back(keys[i]);
            m_kept.push_back(points[i]);
        }
        m_events = m_kept.data();
        m_keys = m_keptKeys.data();
        m_size = m_kept.size();
    } else {
        m_events = points.data();
        m_keys = keys.data();
        m_size = points.size();
    }
    constexpr auto unknown = uint8_t(CategoryColors::kUnknownSlot);
    reserveHuge(m_slots, m_size);
    m_slots.resize(m_size);
    for (size_t i = 0; i < m_size; ++i) {
        const uint32_t r = m_events[i].row;
        m_slots[i] = r < rowSlots.size() ? rowSlots[r] : unknown;
    }
    // Every node but the root holds more than kLeafSize events and nodes of one level
    // are disjoint: about m_size / kLeafSize nodes a level for the few deepest levels
    // that have any, which this covers for usual data without a regrowth.
    reserveHuge(m_nodes, 2 * (m_size / kLeafSize) + 1);
    if (m_size > 0)
        buildNode(0, 0, uint32_t(m_size));
    m_keys = nullptr;
    m_keptKeys = {};
}

int32_t ClusterTree::buildNode(int level, uint32_t begin, uint32_t end)
{
    const auto self = int32_t(m_nodes.size());
    m_nodes.emplace_back();
    Node node;
    node.count = end - begin;
    node.first = m_events[begin].row;
    node.minx = node.maxx = m_events[begin].x;
    node.miny = node.maxy = m_events[begin].y;
    // The events of a cell are sorted by key, and so by quadrant at the next level.
    node.split[0] = begin;
    for (int q = 1; q < 4; ++q) {
        node.split[q] =
            uint32_t(std::partition_point(
                         m_keys + node.split[q - 1], m_keys + end,
                         [&](uint64_t k) { return SpatialIndex::mortonQuadrant(k, level) < q; })
                     - m_keys);
    }
    node.split[4] = end;
    for (int q = 0; q < 4; ++q) {
        const uint32_t b = node.split[q], e = node.split[q + 1];
        if (e - b > kLeafSize && level + 1 < SpatialIndex::kMortonBits) {
            const int32_t c = buildNode(level + 1, b, e);
            node.child[q] = c;
            const Node &child = m_nodes[size_t(c)];
            node.sx += child.sx;
            node.sy += child.sy;
            node.minx = std::min(node.minx, child.minx);
            node.maxx = std::max(node.maxx, child.maxx);
            node.miny = std::min(node.miny, child.miny);
            node.maxy = std::max(node.maxy, child.maxy);
            for (int s = 0; s < CategoryColors::kSlotCount; ++s)
                node.slotCount[s] += child.slotCount[s];
            continue;
        }
        for (uint32_t i = b; i < e; ++i) {
            const SpatialIndex::Hit &p = m_events[i];
            node.sx += p.x;
            node.sy += p.y;
            node.minx = std::min(node.minx, p.x);
            node.maxx = std::max(node.maxx, p.x);
            node.miny = std::min(node.miny, p.y);
            node.maxy = std::max(node.maxy, p.y);
            ++node.slotCount[m_slots[i]];
        }
    }
    m_nodes[size_t(self)] = node;
    return self;
}

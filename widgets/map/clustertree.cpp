#include "clustertree.h"

#include "spatialindex.h"

#include <algorithm>

void ClusterTree::clear()
{
    m_keys.clear();
    m_x.clear();
    m_y.clear();
    m_rows.clear();
    m_slots.clear();
    m_nodes.clear();
}

void ClusterTree::build(const SpatialIndex &index, const std::vector<uint64_t> *visibleBits,
                        const std::vector<uint8_t> &rowSlots)
{
    clear();
    const auto &keys = index.mortonKeys();
    const auto &points = index.mortonPoints();
    const size_t n =
        visibleBits ? std::min(points.size(), visibleBits->size() * 64) : points.size();
    m_keys.reserve(n);
    m_x.reserve(n);
    m_y.reserve(n);
    m_rows.reserve(n);
    m_slots.reserve(n);
    constexpr auto unknown = uint8_t(CategoryColors::kUnknownSlot);
    for (size_t i = 0; i < points.size(); ++i) {
        const uint32_t r = points[i].row;
        if (visibleBits) {
            const size_t word = r >> 6;
            if (word >= visibleBits->size() || !(((*visibleBits)[word] >> (r & 63)) & 1))
                continue;
        }
        m_keys.push_back(keys[i]);
        m_x.push_back(points[i].x);
        m_y.push_back(points[i].y);
        m_rows.push_back(r);
        m_slots.push_back(r < rowSlots.size() ? rowSlots[r] : unknown);
    }
    if (!m_rows.empty())
        buildNode(0, 0, uint32_t(m_rows.size()));
    m_keys.clear();
    m_keys.shrink_to_fit();
}

int32_t ClusterTree::buildNode(int level, uint32_t begin, uint32_t end)
{
    const auto self = int32_t(m_nodes.size());
    m_nodes.emplace_back();
    Node node;
    node.count = end - begin;
    node.first = m_rows[begin];
    node.minx = node.maxx = m_x[begin];
    node.miny = node.maxy = m_y[begin];
    // The events of a cell are sorted by key, and so by quadrant at the next level.
    node.split[0] = begin;
    for (int q = 1; q < 4; ++q) {
        node.split[q] =
            uint32_t(std::partition_point(
                         m_keys.begin() + node.split[q - 1], m_keys.begin() + end,
                         [&](uint64_t k) { return SpatialIndex::mortonQuadrant(k, level) < q; })
                     - m_keys.begin());
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
            node.sx += m_x[i];
            node.sy += m_y[i];
            node.minx = std::min(node.minx, m_x[i]);
            node.maxx = std::max(node.maxx, m_x[i]);
            node.miny = std::min(node.miny, m_y[i]);
            node.maxy = std::max(node.maxy, m_y[i]);
            ++node.slotCount[m_slots[i]];
        }
    }
    m_nodes[size_t(self)] = node;
    return self;
}

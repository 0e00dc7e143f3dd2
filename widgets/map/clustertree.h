#pragma once

#include "categorycolors.h"

#include <cstdint>
#include <vector>

class SpatialIndex;

// The visible events in Z order (SpatialIndex::mortonPoints() filtered), with a
// quadtree of aggregates over them: for every quadtree cell holding more than
// kLeafSize events, the count, the sums and bounding box of the world points, and the
// events per category slot. EventLayer's screen grid then adds a whole node to a
// screen cell when the node's bounding box lies inside that cell, and looks at single
// events only along cell edges; a world view of a million events touches a few
// thousand nodes instead of every event, and the counts stay exact (a node is added
// only when all of its events fall in the same screen cell). Rebuilt when the visible
// rows or the colouring change, in linear time; immutable in between.
class ClusterTree
{
public:
    // Smaller nodes cost memory, bigger ones make more single events to look at.
    static constexpr uint32_t kLeafSize = 48;
    struct Node
    {
        double sx = 0, sy = 0; // sums of the world points
        double minx = 0, maxx = 0, miny = 0, maxy = 0;
        uint32_t count = 0;
        uint32_t first = 0; // a member row
        // Quadrant q holds events split[q] .. split[q + 1] - 1; child[q] is its node, or
        // -1 when it holds kLeafSize events or fewer (visited event by event).
        uint32_t split[5] = {};
        int32_t child[4] = {-1, -1, -1, -1};
        uint32_t slotCount[CategoryColors::kSlotCount] = {};
    };

    // visibleBits: one bit per store row, or nullptr when every row is visible.
    // rowSlots: category slot per store row (CategorySlots::rowSlots()).
    void build(const SpatialIndex &index, const std::vector<uint64_t> *visibleBits,
               const std::vector<uint8_t> &rowSlots);
    void clear();

    size_t size() const { return m_rows.size(); }
    // The root is node 0 when size() > 0.
    const std::vector<Node> &nodes() const { return m_nodes; }
    // Per event, in Z order.
    const std::vector<double> &xs() const { return m_x; }
    const std::vector<double> &ys() const { return m_y; }
    const std::vector<uint32_t> &rows() const { return m_rows; }
    const std::vector<uint8_t> &categorySlots() const { return m_slots; }

private:
    int32_t buildNode(int level, uint32_t begin, uint32_t end);

    std::vector<uint64_t> m_keys; // only while building
    std::vector<double> m_x, m_y;
    std::vector<uint32_t> m_rows;
    std::vector<uint8_t> m_slots;
    std::vector<Node> m_nodes;
};

#pragma once

#include "categorycolors.h"
#include "hugepages.h"
#include "spatialindex.h"

#include <cstdint>
#include <memory>
#include <vector>

// The visible events in Z order (SpatialIndex::mortonPoints() filtered), with a
// quadtree of aggregates over them: for every quadtree cell holding more than
// kLeafSize events, the count, the sums and bounding box of the world points, and the
// events per category slot. EventLayer's screen grid then adds a whole node to a
// screen cell when the node's bounding box lies inside that cell, and looks at single
// events only along cell edges; a world view of a million events touches a few
// thousand nodes instead of every event, and the counts stay exact (a node is added
// only when all of its events fall in the same screen cell). Rebuilt when the visible
// rows or the colouring change, in linear time; immutable in between.
//
// With every row visible the events are the index's own Z-ordered points, read in place
// (the tree holds on to the index); only a filtered tree copies the points it keeps. For a million
// events the copy cost `rendezvous render` ~0.1 s, mostly first touches of fresh memory.
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

    ClusterTree() = default;
    // Moves keep the events where they are; a copy would point into the original.
    ClusterTree(const ClusterTree &) = delete;
    ClusterTree &operator=(const ClusterTree &) = delete;
    ClusterTree(ClusterTree &&) = default;
    ClusterTree &operator=(ClusterTree &&) = default;

    // visibleBits: one bit per store row, or nullptr when every row is visible.
    // rowSlots: category slot per store row (CategorySlots::rowSlots()).
    void build(std::shared_ptr<const SpatialIndex> index, const std::vector<uint64_t> *visibleBits,
               const std::vector<uint8_t> &rowSlots);
    void clear();

    size_t size() const { return m_size; }
    // The root is node 0 when size() > 0.
    const HugeVector<Node> &nodes() const { return m_nodes; }
    // Per event, in Z order: its world point and store row, and its category slot.
    const SpatialIndex::Hit *events() const { return m_events; }
    const HugeVector<uint8_t> &categorySlots() const { return m_slots; }

private:
    int32_t buildNode(int level, uint32_t begin, uint32_t end);

    std::shared_ptr<const SpatialIndex> m_index;
    const uint64_t *m_keys = nullptr; // only while building
    const SpatialIndex::Hit *m_events = nullptr; // the index's, or m_kept's
    size_t m_size = 0;
    HugeVector<SpatialIndex::Hit> m_kept; // the visible events when filtered
    HugeVector<uint64_t> m_keptKeys; // their keys, only while building
    HugeVector<uint8_t> m_slots;
    HugeVector<Node> m_nodes;
};

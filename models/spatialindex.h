#pragma once

#include "hugepages.h"

#include <QPointF>
#include <QRectF>

#include <cstdint>
#include <memory>
#include <vector>

class EventStore;

// Where every event of an EventStore lies, for the map's viewport queries: a
// Boost.Geometry rtree over normalised Web Mercator world coordinates
// (WebMercator::toWorld, the square the map's viewport draws: x east from 180°W, y
// south from 85.0511°N), built with the rtree's packing constructor, whose nodes come
// out full and tight: a million points load in a few hundred milliseconds and query
// faster than from one-by-one inserts. Values are store rows. Rows without a finite position
// are left out. Immutable once built; share it through a shared_ptr to const.
//
// The rtree may be left to the first query (TreeBuild::OnFirstQuery): a single picture
// (`rendezvous render`) draws from xs()/ys() and the Morton order alone and never
// queries, and the tree is most of the build's time. That first query builds it under
// a lock, so concurrent first queries on a shared const index are safe; its answers
// are the same as an eagerly built tree's (the same values in the same order).
class SpatialIndex
{
public:
    enum class TreeBuild {
        Eager, // in build(): queries never wait (the window, which builds off the GUI thread)
        OnFirstQuery,
    };

    SpatialIndex();
    ~SpatialIndex();
    SpatialIndex(SpatialIndex &&) noexcept;
    SpatialIndex &operator=(SpatialIndex &&) noexcept;
    explicit SpatialIndex(const EventStore &store, TreeBuild tree = TreeBuild::Eager)
        : SpatialIndex()
    {
        build(store, tree);
    }

    void build(const EventStore &store, TreeBuild tree = TreeBuild::Eager);
    bool treeBuilt() const; // false until the first query when built OnFirstQuery
    size_t size() const; // indexed rows
    size_t rowCount() const { return m_x.size(); } // store rows the index was built for
    bool empty() const { return size() == 0; }

    // World coordinates of every store row, NaN where the row has no position, for
    // callers that scan instead of query (the map when the whole world is in view).
    // x is WebMercator::wrappedWorldX (always in [0, 1)), y WebMercator::worldY.
    const HugeVector<double> &xs() const { return m_x; }
    const HugeVector<double> &ys() const { return m_y; }

    // Rows whose world point lies in `box` (edges included), appended to `out` in no
    // particular order. The box is taken as is: nothing outside [0, 1] is found.
    void query(const QRectF &box, std::vector<uint32_t> &out) const;
    std::vector<uint32_t> query(const QRectF &box) const;
    // The same with each row's world point, read from the tree itself: callers that
    // need positions avoid a random access into xs()/ys() per hit (a cache miss each,
    // which dominates a query of 100k points).
    struct Hit
    {
        double x, y;
        uint32_t row;
    };
    void queryPoints(const QRectF &box, std::vector<Hit> &out) const;
    // The same for a box reaching past the world's east or west edge (the map's copies
    // of the world): a point is found when any of its copies x + k (k integer) lies in
    // the box. Each row is reported once.
    void queryWrapped(const QRectF &box, std::vector<uint32_t> &out) const;
    std::vector<uint32_t> queryWrapped(const QRectF &box) const;

    // The indexed rows in Z order (Morton order of their world point on a grid of
    // 2^kMortonBits x 2^kMortonBits): every quadtree cell, at any level, is one
    // contiguous range, so the map can build per-cell aggregates in linear time and
    // visit a view's cells without a query. mortonPoints()[i] has key mortonKeys()[i]
    // (ascending).
    static constexpr int kMortonBits = 21;
    static uint64_t mortonKey(double x, double y); // x, y clamped into [0, 1]
    // The quadrant (0..3: bit 0 east, bit 1 south) of `key` when its level-`level` cell
    // is split in four.
    static int mortonQuadrant(uint64_t key, int level)
    {
        return int(key >> (2 * (kMortonBits - 1 - level))) & 3;
    }
    const HugeVector<uint64_t> &mortonKeys() const { return m_keys; }
    const HugeVector<Hit> &mortonPoints() const { return m_sorted; }

private:
    struct Tree;
    const Tree &tree() const; // built on first use
    void sortPoints(const std::vector<uint32_t> &bucketStart);
    std::unique_ptr<Tree> m_tree;
    // Huge pages (platform/hugepages.h): a million rows fill ~50 MB, whose first touch in
    // 4 KiB pages cost more than projecting and sorting them.
    HugeVector<double> m_x, m_y;
    HugeVector<uint64_t> m_keys;
    HugeVector<Hit> m_sorted;
};

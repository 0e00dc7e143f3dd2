#include "spatialindex.h"

#include "eventstore.h"
#include "webmercator.h"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {
using Point = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<Point>;
using Value = std::pair<Point, uint32_t>;

// Spreads the low 32 bits of v so that bit i lands at bit 2i.
uint64_t spreadBits(uint64_t v)
{
    v &= 0xffffffffULL;
    v = (v | v << 16) & 0x0000ffff0000ffffULL;
    v = (v | v << 8) & 0x00ff00ff00ff00ffULL;
    v = (v | v << 4) & 0x0f0f0f0f0f0f0f0fULL;
    v = (v | v << 2) & 0x3333333333333333ULL;
    v = (v | v << 1) & 0x5555555555555555ULL;
    return v;
}

// The top bits of a key (a quadtree cell 8 levels down, ~150 km across at the equator)
// place each point in one counting pass; the few points sharing such a cell are then
// sorted among themselves. No scratch copies of the arrays: for a million points that
// kept ~32 MB of fresh memory, and its page faults, out of `rendezvous render`.
constexpr int kTopBits = 16;
} // namespace

// Fills m_keys/m_sorted (sized already) with the points of rows that have a position, in
// ascending key order; ties keep row order.
void SpatialIndex::sortPoints(const std::vector<uint32_t> &bucketStart)
{
    std::vector<uint32_t> next(bucketStart.begin(), bucketStart.end() - 1);
    const int shift = 2 * kMortonBits - kTopBits;
    for (size_t r = 0; r < m_x.size(); ++r) {
        if (std::isnan(m_x[r]))
            continue;
        const uint64_t key = mortonKey(m_x[r], m_y[r]);
        const uint32_t to = next[key >> shift]++;
        m_keys[to] = key;
        m_sorted[to] = {m_x[r], m_y[r], static_cast<uint32_t>(r)};
    }
    // Within a cell only the key's low bits differ: each point becomes one integer,
    // those bits above its place in the cell, which orders ties by row (the scatter kept
    // row order). Big cells (a port, a hot spot) go by two radix passes, small ones by
    // std::sort.
    constexpr int kLowBits = 2 * kMortonBits - kTopBits;
    static_assert(kLowBits + 32 <= 64, "a cell's low key bits and a place fit 64 bits");
    constexpr int kDigit = (kLowBits + 1) / 2;
    constexpr size_t kRadixFrom = 4096;
    // Scratch for the biggest cell, reserved once: on huge pages, as its first touch in
    // small pages cost more than the sorting (a port can hold a fifth of the points).
    size_t biggest = 0;
    for (size_t b = 0; b + 1 < bucketStart.size(); ++b)
        biggest = std::max<size_t>(biggest, bucketStart[b + 1] - bucketStart[b]);
    HugeVector<uint64_t> order, spare, keys;
    HugeVector<Hit> hits;
    reserveHuge(order, biggest);
    reserveHuge(keys, biggest);
    reserveHuge(hits, biggest);
    if (biggest >= kRadixFrom)
        reserveHuge(spare, biggest);
    std::vector<uint64_t> count;
    for (size_t b = 0; b + 1 < bucketStart.size(); ++b) {
        const uint32_t begin = bucketStart[b], end = bucketStart[b + 1];
        const size_t size = end - begin;
        if (size < 2 || std::is_sorted(m_keys.begin() + begin, m_keys.begin() + end))
            continue;
        order.resize(size);
        const uint64_t lowMask = (uint64_t(1) << kLowBits) - 1;
        for (size_t i = 0; i < size; ++i)
            order[i] = (m_keys[begin + i] & lowMask) << 32 | i;
        if (size < kRadixFrom) {
            std::sort(order.begin(), order.end());
        } else {
            spare.resize(size);
            for (int shift = 32; shift < 32 + kLowBits; shift += kDigit) {
                count.assign((size_t(1) << kDigit) + 1, 0);
                const uint64_t digitMask = (uint64_t(1) << kDigit) - 1;
                for (uint64_t v : order)
                    ++count[((v >> shift) & digitMask) + 1];
                for (size_t d = 0; d + 1 < count.size(); ++d)
                    count[d + 1] += count[d];
                for (uint64_t v : order)
                    spare[count[(v >> shift) & digitMask]++] = v;
                order.swap(spare);
            }
        }
        keys.assign(m_keys.begin() + begin, m_keys.begin() + end);
        hits.assign(m_sorted.begin() + begin, m_sorted.begin() + end);
        for (size_t i = 0; i < size; ++i) {
            const auto from = uint32_t(order[i]);
            m_keys[begin + i] = keys[from];
            m_sorted[begin + i] = hits[from];
        }
    }
}

// 16 values per node: measured fastest for point queries of every size the map makes
// (a few hundred hits when zoomed in to a million at world view). `built` is set,
// with release order, once `rtree` is complete; until then queries take `mutex` and
// the first of them builds it.
struct SpatialIndex::Tree
{
    std::mutex mutex;
    std::atomic<bool> built {false};
    bgi::rtree<Value, bgi::rstar<16>> rtree;
};

SpatialIndex::SpatialIndex() : m_tree(std::make_unique<Tree>())
{
    m_tree->built.store(true, std::memory_order_relaxed); // nothing to index
}
SpatialIndex::~SpatialIndex() = default;
SpatialIndex::SpatialIndex(SpatialIndex &&) noexcept = default;
SpatialIndex &SpatialIndex::operator=(SpatialIndex &&) noexcept = default;

uint64_t SpatialIndex::mortonKey(double x, double y)
{
    constexpr double cells = double(1 << kMortonBits);
    const auto cell = [](double v) {
        return uint64_t(std::clamp(v * cells, 0.0, cells - 1)); // NaN-free callers
    };
    return spreadBits(cell(x)) | spreadBits(cell(y)) << 1;
}

void SpatialIndex::build(const EventStore &store, TreeBuild tree)
{
    const size_t n = store.size();
    const auto &lats = store.lats();
    const auto &lons = store.lons();
    m_x = hugeVector(n, std::numeric_limits<double>::quiet_NaN());
    m_y = hugeVector(n, std::numeric_limits<double>::quiet_NaN());
    const int shift = 2 * kMortonBits - kTopBits;
    std::vector<uint32_t> bucketStart((size_t(1) << kTopBits) + 1, 0);
    for (size_t r = 0; r < n; ++r) {
        if (!std::isfinite(lats[r]) || !std::isfinite(lons[r]))
            continue;
        // Wrapped: 180°E and 180°W are one meridian, so queryWrapped() can report
        // each row at most once.
        const double x = WebMercator::wrappedWorldX(lons[r]);
        const double y = WebMercator::worldY(lats[r]);
        m_x[r] = x;
        m_y[r] = y;
        ++bucketStart[(mortonKey(x, y) >> shift) + 1];
    }
    for (size_t b = 0; b + 1 < bucketStart.size(); ++b)
        bucketStart[b + 1] += bucketStart[b];
    const size_t indexed = bucketStart.back();
    m_keys.clear();
    m_sorted.clear();
    reserveHuge(m_keys, indexed);
    reserveHuge(m_sorted, indexed);
    m_keys.resize(indexed);
    m_sorted.resize(indexed);
    sortPoints(bucketStart);
    m_tree = std::make_unique<Tree>();
    // Lazily when asked: a single picture never queries the tree, and for the 1M-row
    // benchmark file `rendezvous render` waited about 0.95 s for the index with it and
    // 0.33-0.48 s without (RENDEZVOUS_PROFILE, "render: index", both cores busy).
    if (tree == TreeBuild::Eager)
        this->tree();
}

bool SpatialIndex::treeBuilt() const
{
    return m_tree->built.load(std::memory_order_acquire);
}

const SpatialIndex::Tree &SpatialIndex::tree() const
{
    Tree &t = *m_tree;
    if (t.built.load(std::memory_order_acquire))
        return t;
    const std::lock_guard<std::mutex> lock(t.mutex);
    if (!t.built.load(std::memory_order_relaxed)) {
        // The values in row order, as the tree has always been packed from: the same
        // input gives the same tree, whichever way it was asked for.
        std::vector<Value> values;
        values.reserve(m_sorted.size());
        for (size_t r = 0; r < m_x.size(); ++r) {
            if (!std::isnan(m_x[r]))
                values.emplace_back(Point(m_x[r], m_y[r]), static_cast<uint32_t>(r));
        }
        // The range constructor packs (sort-tile-recursive): full nodes, no reinsertion.
        t.rtree = bgi::rtree<Value, bgi::rstar<16>>(values.begin(), values.end());
        t.built.store(true, std::memory_order_release);
    }
    return t;
}

size_t SpatialIndex::size() const
{
    return m_sorted.size();
}

void SpatialIndex::query(const QRectF &box, std::vector<uint32_t> &out) const
{
    const QRectF b = box.normalized();
    const Box q(Point(b.left(), b.top()), Point(b.right(), b.bottom()));
    tree().rtree.query(
        bgi::covered_by(q),
        boost::make_function_output_iterator([&out](const Value &v) { out.push_back(v.second); }));
}

void SpatialIndex::queryPoints(const QRectF &box, std::vector<Hit> &out) const
{
    const QRectF b = box.normalized();
    const Box q(Point(b.left(), b.top()), Point(b.right(), b.bottom()));
    tree().rtree.query(bgi::covered_by(q),
                       boost::make_function_output_iterator([&out](const Value &v) {
                           out.push_back({v.first.get<0>(), v.first.get<1>(), v.second});
                       }));
}

std::vector<uint32_t> SpatialIndex::query(const QRectF &box) const
{
    std::vector<uint32_t> out;
    query(box, out);
    return out;
}

void SpatialIndex::queryWrapped(const QRectF &box, std::vector<uint32_t> &out) const
{
    const QRectF b = box.normalized();
    if (b.width() >= 1.0) { // every longitude is inside once
        query(QRectF(QPointF(0.0, b.top()), QPointF(1.0, b.bottom())), out);
        return;
    }
    // Narrower than the world: the shifted pieces are disjoint intervals of [0, 1], so no
    // row can be reported twice.
    const double k0 = std::floor(b.left());
    const double k1 = std::floor(b.right());
    for (double k = k0; k <= k1; k += 1.0) {
        const double x0 = std::max(b.left() - k, 0.0);
        const double x1 = std::min(b.right() - k, 1.0);
        if (x0 <= x1)
            query(QRectF(QPointF(x0, b.top()), QPointF(x1, b.bottom())), out);
    }
}

std::vector<uint32_t> SpatialIndex::queryWrapped(const QRectF &box) const
{
    std::vector<uint32_t> out;
    queryWrapped(box, out);
    return out;
}

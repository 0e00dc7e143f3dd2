#include "eventstore.h"
#include "map/clustertree.h"
#include "map/eventlayer.h"
#include "map/mapviewport.h"
#include "spatialindex.h"

#include <QtTest>

#include <cmath>
#include <map>
#include <random>

// The ClusterTree under EventLayer's layout: its aggregates against a brute-force sum
// of their events, and the layout it gives against a brute-force binning of every
// visible event, at many zooms, across 180° and near ±85.05°, filtered or not.
namespace {
const char *const kCargos[] = {"crude", "diesel", "lpg", "", "naphtha", "crude", "fuel oil"};

// Dense spots (so that whole nodes go into cells), a spot across 180°, events near the
// Mercator latitude limit and beyond, exact duplicates, and rows without a position.
std::shared_ptr<EventStore> testStore(size_t n)
{
    std::mt19937 rng(23);
    std::normal_distribution<double> g(0, 1);
    std::uniform_real_distribution<double> u(0, 1);
    auto store = std::make_shared<EventStore>();
    for (size_t i = 0; i < n; ++i) {
        EventStore::RowInput in;
        switch (i % 6) {
        case 0:
        case 1:
            in.lat = 30.6 + g(rng) * 0.8;
            in.lon = 123.6 + g(rng);
            break;
        case 2: // across the antimeridian
            in.lat = -16.5 + g(rng);
            in.lon = std::fmod(179.8 + g(rng) + 540.0, 360.0) - 180.0;
            break;
        case 3: // near and past the latitude limit
            in.lat = (i % 12 == 3 ? 85.0 : -85.0) + (u(rng) - 0.5) * 0.6;
            in.lon = -180 + u(rng) * 360;
            break;
        case 4:
            in.lat = -70 + u(rng) * 140;
            in.lon = -180 + u(rng) * 360;
            break;
        default:
            in.lat = i % 60 == 5 ? std::nan("") : 1.35; // duplicates, and no position
            in.lon = 104.25;
        }
        in.cargo = kCargos[i % 7];
        store->append(in, nullptr);
    }
    return store;
}
} // namespace

class TestClusterTree : public QObject
{
    Q_OBJECT
private slots:
    void nodesHoldTheirEvents();
    void layoutEqualsBruteForce_data();
    void layoutEqualsBruteForce();
};

void TestClusterTree::nodesHoldTheirEvents()
{
    const auto store = testStore(30000);
    const auto shared = std::make_shared<const SpatialIndex>(*store);
    const SpatialIndex &index = *shared;
    CategorySlots categories;
    QVERIFY(categories.build(*store, QStringLiteral("cargo")));
    std::vector<uint64_t> bits((store->size() + 63) / 64, 0);
    for (uint32_t r = 0; r < store->size(); r += 3)
        bits[r >> 6] |= uint64_t(1) << (r & 63);
    for (const bool filtered : {false, true}) {
        ClusterTree tree;
        tree.build(shared, filtered ? &bits : nullptr, categories.rowSlots());
        size_t expected = 0;
        for (uint32_t r = 0; r < store->size(); ++r)
            expected += !std::isnan(index.xs()[r]) && (!filtered || r % 3 == 0);
        QCOMPARE(tree.size(), expected);
        QVERIFY(tree.nodes().size() > 10);
        for (const ClusterTree::Node &n : tree.nodes()) {
            QCOMPARE(n.count, n.split[4] - n.split[0]);
            QVERIFY(n.count > ClusterTree::kLeafSize);
            double sx = 0, sy = 0;
            uint32_t slotCount[CategoryColors::kSlotCount] = {};
            bool firstFound = false;
            for (uint32_t i = n.split[0]; i < n.split[4]; ++i) {
                const double x = tree.events()[i].x, y = tree.events()[i].y;
                const uint32_t row = tree.events()[i].row;
                QCOMPARE(x, index.xs()[row]);
                QCOMPARE(y, index.ys()[row]);
                QVERIFY(!filtered || row % 3 == 0);
                QVERIFY(x >= n.minx && x <= n.maxx && y >= n.miny && y <= n.maxy);
                sx += x;
                sy += y;
                ++slotCount[tree.categorySlots()[i]];
                QCOMPARE(tree.categorySlots()[i], categories.rowSlots()[row]);
                firstFound = firstFound || row == n.first;
            }
            QVERIFY(firstFound);
            QVERIFY(std::abs(sx - n.sx) <= 1e-9 * n.count);
            QVERIFY(std::abs(sy - n.sy) <= 1e-9 * n.count);
            for (int s = 0; s < CategoryColors::kSlotCount; ++s)
                QCOMPARE(n.slotCount[s], slotCount[s]);
            for (int q = 0; q < 4; ++q) {
                QVERIFY(n.split[q] <= n.split[q + 1]);
                if (n.child[q] >= 0) {
                    const auto &c = tree.nodes()[size_t(n.child[q])];
                    QCOMPARE(c.split[0], n.split[q]);
                    QCOMPARE(c.split[4], n.split[q + 1]);
                } else if (n.split[q + 1] - n.split[q] > ClusterTree::kLeafSize) {
                    // Only at the finest level: a pile of events at one place.
                    const uint32_t b = n.split[q];
                    for (uint32_t i = b; i < n.split[q + 1]; ++i)
                        QVERIFY(std::abs(tree.events()[i].x - tree.events()[b].x) < 1e-6
                                && std::abs(tree.events()[i].y - tree.events()[b].y) < 1e-6);
                }
            }
        }
    }
}

void TestClusterTree::layoutEqualsBruteForce_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("zoom");
    QTest::newRow("world, zoom 0 (copies)") << 0.0 << 0.0 << 0.0;
    QTest::newRow("world, zoom 2.64") << 20.0 << 0.0 << 2.64;
    QTest::newRow("East China Sea, zoom 5") << 30.0 << 125.0 << 5.0;
    QTest::newRow("East China Sea, zoom 7.3") << 30.6 << 123.6 << 7.3;
    QTest::newRow("close, zoom 10") << 30.6 << 123.6 << 10.0;
    QTest::newRow("very close, zoom 14.6") << 1.35 << 104.25 << 14.6;
    QTest::newRow("markers only, zoom 17.5") << 1.35 << 104.25 << 17.5;
    QTest::newRow("across 180, zoom 4") << -16.5 << 180.0 << 4.0;
    QTest::newRow("across 180, zoom 8.5") << -16.5 << -179.9 << 8.5;
    QTest::newRow("north edge, zoom 6") << 84.9 << 10.0 << 6.0;
    QTest::newRow("south edge, zoom 3.5") << -84.0 << 179.0 << 3.5;
}

void TestClusterTree::layoutEqualsBruteForce()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, zoom);
    static const auto store = testStore(60000);
    static const auto index = std::make_shared<const SpatialIndex>(*store);
    EventLayer layer;
    layer.setData(store, index);
    for (const bool filtered : {false, true}) {
        if (filtered) {
            std::vector<uint32_t> rows;
            for (uint32_t r = 0; r < store->size(); ++r) {
                if (r % 5)
                    rows.push_back(r);
            }
            layer.setVisibleRows(rows);
        }
        const MapViewport vp(lat, lon, zoom, QSize(1600, 1000));
        const EventLayer::Layout l = layer.layout(vp);
        const EventLayer::Grid &g = l.grid;
        QVERIFY(g.nx > 0 && g.ny > 0);
        QCOMPARE(l.cellOwner.size(), size_t(g.nx) * size_t(g.ny));
        // Every visible event on every world copy in range, binned the slow way, into
        // the cell that took over its own.
        std::map<int, uint32_t> expected;
        uint64_t total = 0;
        for (uint32_t r = 0; r < store->size(); ++r) {
            if (!layer.isVisibleRow(r) || !std::isfinite(store->lat(r)))
                continue;
            const double x = index->xs()[r], y = index->ys()[r];
            for (int k = g.firstCopy; k <= g.lastCopy; ++k) {
                const double u = (x + k) * g.worldSize, v = y * g.worldSize;
                if (!g.contains(u, v))
                    continue;
                ++expected[l.cellOwner[size_t(g.cellOf(u, v))]];
                ++total;
            }
        }
        QVERIFY(total > 0);
        if (zoom >= EventLayer::kMaxClusterZoom) {
            QVERIFY(l.clusters.empty());
            QCOMPARE(uint64_t(l.markers.size()), total);
            continue;
        }
        std::map<int, uint32_t> got;
        for (const auto &c : l.clusters) {
            QVERIFY(c.count > 1);
            QVERIFY(got.emplace(c.cell, c.count).second);
        }
        for (const auto &m : l.markers)
            QVERIFY(got.emplace(m.cell, 1).second);
        QCOMPARE(got, expected);
    }
}

QTEST_MAIN(TestClusterTree)
#include "tst_clustertree.moc"

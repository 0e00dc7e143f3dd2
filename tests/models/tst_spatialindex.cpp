#include "eventstore.h"
#include "spatialindex.h"
#include "webmercator.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <future>
#include <memory>
#include <random>
#include <thread>

namespace {
EventStore storeOf(const std::vector<std::pair<double, double>> &latLons)
{
    EventStore store;
    for (const auto &[lat, lon] : latLons) {
        EventStore::RowInput in;
        in.lat = lat;
        in.lon = lon;
        store.append(in, nullptr);
    }
    return store;
}

// Random points with extra weight where the index is most likely to go wrong: the
// antimeridian, the Mercator latitude limit, and the poles beyond it.
std::vector<std::pair<double, double>> randomPoints(size_t n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), edge(-0.5, 0.5);
    std::vector<std::pair<double, double>> pts;
    for (size_t i = 0; i < n; ++i) {
        switch (i % 4) {
        case 0:
            pts.emplace_back(lat(rng), lon(rng));
            break;
        case 1: // near ±180
            pts.emplace_back(lat(rng), (i % 8 == 1 ? 179.5 : -179.5) + edge(rng));
            break;
        case 2: // near ±85.05 and beyond
            pts.emplace_back((i % 8 == 2 ? 85.0 : -85.0) + edge(rng) * 0.4, lon(rng));
            break;
        default:
            pts.emplace_back(lat(rng) * 0.2, lon(rng) * 0.2);
        }
    }
    return pts;
}

std::vector<uint32_t> sorted(std::vector<uint32_t> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

// What queryWrapped promises, written the slow and obvious way.
std::vector<uint32_t> bruteForce(const SpatialIndex &index, const QRectF &box)
{
    std::vector<uint32_t> out;
    for (size_t r = 0; r < index.rowCount(); ++r) {
        const double x = index.xs()[r], y = index.ys()[r];
        if (std::isnan(x) || y < box.top() || y > box.bottom())
            continue;
        for (double k = std::floor(box.left()) - 1; k <= std::ceil(box.right()) + 1; k += 1.0) {
            if (x + k >= box.left() && x + k <= box.right()) {
                out.push_back(uint32_t(r));
                break;
            }
        }
    }
    return out;
}
} // namespace

class TestSpatialIndex : public QObject
{
    Q_OBJECT
private slots:
    void positionsAreTheProjection();
    void wrapsLongitudes();
    void skipsRowsWithoutPosition();
    void queryEqualsBruteForce_data();
    void queryEqualsBruteForce();
    void queryIsInclusiveAndExact();
    void wrappedReportsEachRowOnce();
    void emptyIndex();
    void mortonOrder();
    void mortonOrderEqualsStableSort();
    void lazyTreeAnswersAsEager();
    void concurrentFirstQueries();
};

// The map draws with WebMercator (its known values are in tst_webmercator): every
// indexed point must be exactly that projection, x wrapped, or the clusters and the
// basemap under them part ways.
void TestSpatialIndex::positionsAreTheProjection()
{
    auto points = randomPoints(4000, 3);
    points.insert(points.end(),
                  {{0, 0}, {90, 180}, {-90, -180}, {10, 190}, {-10, -540}, {45, 123.5}});
    const SpatialIndex index(storeOf(points));
    QCOMPARE(index.size(), points.size());
    for (size_t r = 0; r < points.size(); ++r) {
        const auto [lat, lon] = points[r];
        QCOMPARE(index.xs()[r], WebMercator::wrappedWorldX(lon));
        QCOMPARE(index.ys()[r], WebMercator::worldY(lat));
        QVERIFY(index.xs()[r] >= 0 && index.xs()[r] < 1);
    }
    QCOMPARE(index.xs()[points.size() - 3], 10.0 / 360.0);
    QCOMPARE(index.ys()[points.size() - 1], WebMercator::toWorld(45, 123.5).y());
}

void TestSpatialIndex::wrapsLongitudes()
{
    const SpatialIndex index(storeOf({{0, 180.0}, {0, -180.0}, {0, 190.0}, {0, -540.0}}));
    QCOMPARE(index.size(), size_t(4));
    QCOMPARE(index.xs()[0], 0.0); // 180°E is the meridian of 180°W
    QCOMPARE(index.xs()[1], 0.0);
    QVERIFY(std::abs(index.xs()[2] - 10.0 / 360.0) < 1e-12);
    QCOMPARE(index.xs()[3], 0.0);
    QCOMPARE(sorted(index.query(QRectF(0, 0.4, 0.001, 0.2))), (std::vector<uint32_t> {0, 1, 3}));
}

void TestSpatialIndex::skipsRowsWithoutPosition()
{
    const SpatialIndex index(storeOf({{10, 10}, {std::nan(""), 5}, {5, INFINITY}, {-10, -10}}));
    QCOMPARE(index.rowCount(), size_t(4));
    QCOMPARE(index.size(), size_t(2));
    QVERIFY(std::isnan(index.xs()[1]));
    QCOMPARE(sorted(index.query(QRectF(0, 0, 1, 1))), (std::vector<uint32_t> {0, 3}));
}

void TestSpatialIndex::queryEqualsBruteForce_data()
{
    QTest::addColumn<QRectF>("box");
    QTest::newRow("whole world") << QRectF(0, 0, 1, 1);
    QTest::newRow("east china sea") << QRectF(0.82, 0.38, 0.04, 0.04);
    QTest::newRow("tiny") << QRectF(0.5, 0.5, 1e-4, 1e-4);
    QTest::newRow("west edge") << QRectF(0.0, 0.2, 0.002, 0.6);
    QTest::newRow("east edge") << QRectF(0.998, 0.2, 0.002, 0.6);
    QTest::newRow("top edge (85N)") << QRectF(0.1, 0.0, 0.8, 0.003);
    QTest::newRow("bottom edge (85S)") << QRectF(0.1, 0.997, 0.8, 0.003);
    QTest::newRow("straddles 180 east") << QRectF(0.99, 0.3, 0.03, 0.4);
    QTest::newRow("straddles 180 west") << QRectF(-0.02, 0.3, 0.03, 0.4);
    QTest::newRow("second copy") << QRectF(1.3, 0.4, 0.2, 0.2);
    QTest::newRow("minus first copy") << QRectF(-0.8, 0.4, 0.2, 0.2);
    QTest::newRow("wider than world") << QRectF(-0.7, 0.1, 2.5, 0.5);
    QTest::newRow("exactly one world") << QRectF(-0.25, 0.0, 1.0, 1.0);
    QTest::newRow("beyond poles") << QRectF(0.2, -0.5, 0.3, 0.6);
    QTest::newRow("empty") << QRectF(0.3, 0.3, 0, 0);
}

void TestSpatialIndex::queryEqualsBruteForce()
{
    QFETCH(QRectF, box);
    const SpatialIndex index(storeOf(randomPoints(20000, 7)));
    QCOMPARE(index.size(), size_t(20000));
    const auto expected = bruteForce(index, box);
    const auto wrapped = index.queryWrapped(box);
    QCOMPARE(wrapped.size(), expected.size()); // no row twice
    QCOMPARE(sorted(wrapped), expected);
    if (box.left() >= 0 && box.right() <= 1) {
        QCOMPARE(sorted(index.query(box)), expected);
        std::vector<SpatialIndex::Hit> hits;
        index.queryPoints(box, hits);
        std::vector<uint32_t> rows;
        for (const auto &h : hits) {
            QCOMPARE(h.x, index.xs()[h.row]);
            QCOMPARE(h.y, index.ys()[h.row]);
            rows.push_back(h.row);
        }
        QCOMPARE(sorted(rows), expected);
    }
    if (box.width() > 0.9)
        QVERIFY(!expected.empty());
}

void TestSpatialIndex::queryIsInclusiveAndExact()
{
    const SpatialIndex index(storeOf({{0, 0}, {0, 0.0000001}, {45, 0}}));
    const double y45 = WebMercator::worldY(45);
    QCOMPARE(index.query(QRectF(0.5, 0.5, 0, 0)), (std::vector<uint32_t> {0}));
    QCOMPARE(index.query(QRectF(0.5, y45, 0, 0)), (std::vector<uint32_t> {2}));
    QCOMPARE(sorted(index.query(QRectF(0.5, 0.5, 1e-9, 0))), (std::vector<uint32_t> {0, 1}));
}

void TestSpatialIndex::wrappedReportsEachRowOnce()
{
    const SpatialIndex index(storeOf({{0, 179.9}, {0, -179.9}, {0, 0}}));
    // A view a bit more than a world wide still shows each event once per query.
    QCOMPARE(sorted(index.queryWrapped(QRectF(-0.3, 0, 1.6, 1))),
             (std::vector<uint32_t> {0, 1, 2}));
    // Straddling the antimeridian from the east copy: both sides found.
    QCOMPARE(sorted(index.queryWrapped(QRectF(0.999, 0.4, 0.002, 0.2))),
             (std::vector<uint32_t> {0, 1}));
    QCOMPARE(sorted(index.queryWrapped(QRectF(-0.001, 0.4, 0.002, 0.2))),
             (std::vector<uint32_t> {0, 1}));
    QCOMPARE(sorted(index.queryWrapped(QRectF(1.4, 0.4, 0.2, 0.2))), (std::vector<uint32_t> {2}));
}

void TestSpatialIndex::emptyIndex()
{
    SpatialIndex index;
    QVERIFY(index.empty());
    QVERIFY(index.query(QRectF(0, 0, 1, 1)).empty());
    index.build(EventStore());
    QVERIFY(index.queryWrapped(QRectF(-1, 0, 3, 1)).empty());
}

void TestSpatialIndex::mortonOrder()
{
    // Corners of the world: the last cell holds 180°W's neighbour just west of 180°E and
    // the clamped latitudes beyond ±85.05°; nothing falls off the grid.
    constexpr uint64_t cells = uint64_t(1) << SpatialIndex::kMortonBits;
    const uint64_t last = cells * cells - 1;
    QCOMPARE(SpatialIndex::mortonKey(0, 0), uint64_t(0));
    QCOMPARE(SpatialIndex::mortonKey(1, 1), last);
    QCOMPARE(SpatialIndex::mortonKey(std::nextafter(1.0, 0.0), WebMercator::worldY(-90)), last);
    QCOMPARE(SpatialIndex::mortonKey(WebMercator::worldX(-180), WebMercator::worldY(90)),
             uint64_t(0));
    QCOMPARE(SpatialIndex::mortonKey(-0.5, 2), SpatialIndex::mortonKey(0, 1)); // clamped
    // Quadrants: bit 0 east, bit 1 south, at every level.
    QCOMPARE(SpatialIndex::mortonQuadrant(SpatialIndex::mortonKey(0.75, 0.25), 0), 1);
    QCOMPARE(SpatialIndex::mortonQuadrant(SpatialIndex::mortonKey(0.25, 0.75), 0), 2);
    QCOMPARE(SpatialIndex::mortonQuadrant(SpatialIndex::mortonKey(0.6, 0.9), 1), 2);
    QCOMPARE(SpatialIndex::mortonQuadrant(SpatialIndex::mortonKey(0.6, 0.9), 0), 3);
    QCOMPARE(SpatialIndex::mortonQuadrant(SpatialIndex::mortonKey(0.4, 0.1), 1), 1);

    const auto pts = randomPoints(5000, 17);
    auto store = storeOf(pts);
    EventStore::RowInput none; // no position: left out
    none.lat = none.lon = std::nan("");
    store.append(none, nullptr);
    const SpatialIndex index(store);
    const auto &keys = index.mortonKeys();
    const auto &points = index.mortonPoints();
    QCOMPARE(keys.size(), index.size());
    QCOMPARE(points.size(), index.size());
    QVERIFY(std::is_sorted(keys.begin(), keys.end()));
    std::vector<uint32_t> rows;
    for (size_t i = 0; i < points.size(); ++i) {
        const auto &p = points[i];
        rows.push_back(p.row);
        QCOMPARE(p.x, index.xs()[p.row]);
        QCOMPARE(p.y, index.ys()[p.row]);
        QCOMPARE(keys[i], SpatialIndex::mortonKey(p.x, p.y));
        // Keys near ±180 and ±85.05 stay on the grid and in their quadrant.
        QCOMPARE(SpatialIndex::mortonQuadrant(keys[i], 0), int(p.x >= 0.5) | int(p.y >= 0.5) << 1);
    }
    std::vector<uint32_t> expected(pts.size());
    for (uint32_t r = 0; r < expected.size(); ++r)
        expected[r] = r;
    QCOMPARE(sorted(rows), expected);
}

// The Z order against the simplest correct sort: every row with a position, by key,
// ties in row order. Clustered inputs (a few hot spots, exact repeats, the poles' and
// the antimeridian's edges) put thousands of points in one top-level cell.
void TestSpatialIndex::mortonOrderEqualsStableSort()
{
    for (unsigned seed = 1; seed <= 6; ++seed) {
        std::mt19937 rng(seed);
        std::vector<std::pair<double, double>> pts;
        const int spots = 1 + int(seed % 4);
        std::uniform_real_distribution<double> lat(-89, 89), lon(-200, 200), jitter(-0.5, 0.5);
        std::vector<std::pair<double, double>> centres;
        for (int i = 0; i < spots; ++i)
            centres.push_back({lat(rng), lon(rng)});
        const std::vector<std::pair<double, double>> edges = {
            {85.06, 0}, {-90, 10}, {0, 180}, {0, -180}, {std::nan(""), 1}, {3, 3}};
        for (int i = 0; i < 20000; ++i) {
            const int kind = int(rng() % 10);
            if (kind < 6) {
                const auto &c = centres[rng() % centres.size()];
                pts.push_back({c.first + jitter(rng) * 1e-3 * double(rng() % 1000),
                               c.second + jitter(rng) * 1e-3 * double(rng() % 1000)});
            } else if (kind < 8) {
                pts.push_back({lat(rng), lon(rng)});
            } else if (kind < 9 && !pts.empty()) {
                pts.push_back(pts[rng() % pts.size()]); // an exact repeat
            } else {
                pts.push_back(edges[rng() % edges.size()]);
            }
        }
        const SpatialIndex index(storeOf(pts));
        std::vector<std::pair<uint64_t, uint32_t>> expected;
        for (uint32_t r = 0; r < pts.size(); ++r) {
            if (std::isfinite(pts[r].first) && std::isfinite(pts[r].second))
                expected.push_back({SpatialIndex::mortonKey(index.xs()[r], index.ys()[r]), r});
        }
        std::stable_sort(expected.begin(), expected.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        QCOMPARE(index.mortonPoints().size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            const auto &p = index.mortonPoints()[i];
            QCOMPARE(index.mortonKeys()[i], expected[i].first);
            QCOMPARE(p.row, expected[i].second);
            QCOMPARE(p.x, index.xs()[p.row]);
            QCOMPARE(p.y, index.ys()[p.row]);
        }
    }
}

// A tree left to the first query answers exactly as one built with the index: the
// same rows in the same order (the same tree), the brute force's set, and the same
// positions and Z order before any query.
void TestSpatialIndex::lazyTreeAnswersAsEager()
{
    auto store = storeOf(randomPoints(20000, 11));
    EventStore::RowInput none; // no position: left out of both
    none.lat = std::nan("");
    none.lon = 10;
    store.append(none, nullptr);
    const SpatialIndex eager(store);
    const SpatialIndex lazy(store, SpatialIndex::TreeBuild::OnFirstQuery);
    QVERIFY(eager.treeBuilt());
    QVERIFY(!lazy.treeBuilt());
    QCOMPARE(lazy.size(), eager.size());
    QCOMPARE(lazy.rowCount(), eager.rowCount());
    QCOMPARE(lazy.mortonKeys(), eager.mortonKeys());
    QCOMPARE(lazy.mortonPoints().size(), eager.mortonPoints().size());
    for (size_t i = 0; i < lazy.mortonPoints().size(); ++i) {
        QCOMPARE(lazy.mortonPoints()[i].row, eager.mortonPoints()[i].row);
        QCOMPARE(lazy.mortonPoints()[i].x, eager.mortonPoints()[i].x);
        QCOMPARE(lazy.mortonPoints()[i].y, eager.mortonPoints()[i].y);
    }
    for (size_t r = 0; r < lazy.rowCount(); ++r) { // NaN != NaN: compare bit patterns
        QCOMPARE(std::memcmp(&lazy.xs()[r], &eager.xs()[r], sizeof(double)), 0);
        QCOMPARE(std::memcmp(&lazy.ys()[r], &eager.ys()[r], sizeof(double)), 0);
    }
    QVERIFY(!lazy.treeBuilt()); // none of that needed the tree

    const QRectF boxes[] = {
        QRectF(0, 0, 1, 1),
        QRectF(0.99, 0.3, 0.03, 0.4), // across 180° east
        QRectF(-0.02, 0.3, 0.03, 0.4), // across 180° west
        QRectF(0.0, 0.2, 0.002, 0.6),
        QRectF(0.998, 0.2, 0.002, 0.6),
        QRectF(0.1, 0.0, 0.8, 0.003),
        QRectF(-0.7, 0.1, 2.5, 0.5),
        QRectF(0.45, 0.45, 0.1, 0.1),
        QRectF(0.3, 0.3, 0, 0),
    };
    for (const QRectF &box : boxes) {
        const auto wrapped = lazy.queryWrapped(box);
        QVERIFY(lazy.treeBuilt());
        QCOMPARE(wrapped, eager.queryWrapped(box));
        QCOMPARE(sorted(wrapped), bruteForce(eager, box));
        const QRectF inside = box.intersected(QRectF(0, 0, 1, 1));
        QCOMPARE(lazy.query(inside), eager.query(inside));
        std::vector<SpatialIndex::Hit> lazyHits, eagerHits;
        lazy.queryPoints(inside, lazyHits);
        eager.queryPoints(inside, eagerHits);
        QCOMPARE(lazyHits.size(), eagerHits.size());
        for (size_t i = 0; i < lazyHits.size(); ++i) {
            QCOMPARE(lazyHits[i].row, eagerHits[i].row);
            QCOMPARE(lazyHits[i].x, eagerHits[i].x);
            QCOMPARE(lazyHits[i].y, eagerHits[i].y);
        }
    }
    QVERIFY(!bruteForce(eager, QRectF(0.99, 0.3, 0.03, 0.4)).empty()); // the boxes find rows
}

// Two threads asking a shared, still unbuilt index at once: one builds the tree, the
// other waits for it, and both get the complete answer.
void TestSpatialIndex::concurrentFirstQueries()
{
    const auto store = storeOf(randomPoints(50000, 23));
    const QRectF world(-0.5, 0, 2, 1), edge(0.99, 0.2, 0.03, 0.6);
    const SpatialIndex reference(store);
    const auto expectedWorld = bruteForce(reference, world);
    const auto expectedEdge = bruteForce(reference, edge);
    for (int round = 0; round < 4; ++round) {
        const auto index =
            std::make_shared<const SpatialIndex>(store, SpatialIndex::TreeBuild::OnFirstQuery);
        QVERIFY(!index->treeBuilt());
        std::promise<void> go;
        std::shared_future<void> start = go.get_future().share();
        std::vector<uint32_t> a, b;
        std::thread first([&] {
            start.wait();
            a = index->queryWrapped(world);
        });
        std::thread second([&] {
            start.wait();
            b = index->queryWrapped(edge);
        });
        go.set_value();
        first.join();
        second.join();
        QVERIFY(index->treeBuilt());
        QCOMPARE(sorted(a), expectedWorld);
        QCOMPARE(sorted(b), expectedEdge);
    }
}

QTEST_GUILESS_MAIN(TestSpatialIndex)
#include "tst_spatialindex.moc"

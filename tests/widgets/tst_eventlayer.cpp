#include "eventstore.h"
#include "map/categorycolors.h"
#include "map/eventlayer.h"
#include "map/mapviewport.h"
#include "spatialindex.h"

#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <random>

#include "screenshots.h"

namespace {
struct Ev
{
    double lat, lon;
    const char *cargo = "diesel";
    double volume = std::nan("");
};

std::shared_ptr<EventStore> storeOf(const std::vector<Ev> &events)
{
    auto store = std::make_shared<EventStore>(QStringList {QStringLiteral("risk")});
    for (const Ev &e : events) {
        EventStore::RowInput in;
        in.lat = e.lat;
        in.lon = e.lon;
        in.cargo = e.cargo;
        in.volume = e.volume;
        const std::string_view extra[] = {std::string_view(e.cargo).size() % 2 ? "odd" : "even"};
        store->append(in, extra);
    }
    return store;
}

std::unique_ptr<EventLayer> layerOf(const std::vector<Ev> &events)
{
    auto layer = std::make_unique<EventLayer>();
    auto store = storeOf(events);
    layer->setData(store, std::make_shared<SpatialIndex>(*store));
    layer->setLegendVisible(false);
    return layer;
}

const QColor kBackground(0xdf, 0xe8, 0xef);

QImage render(const EventLayer &layer, const MapViewport &vp, bool selection = false)
{
    QImage image(vp.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(kBackground);
    QPainter p(&image);
    layer.paint(p, vp, RenderOptions());
    if (selection)
        layer.selectionLayer()->paint(p, vp, RenderOptions());
    return image;
}

bool near(QColor a, QColor b, int tolerance = 12)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

QString describe(QColor c)
{
    return c.name();
}

QColor pixel(const QImage &image, QPointF p)
{
    return image.pixelColor(int(std::floor(p.x())), int(std::floor(p.y())));
}

int countNear(const QImage &image, QColor c, int tolerance = 12)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += near(image.pixelColor(x, y), c, tolerance);
    return n;
}
} // namespace

class TestEventLayer : public QObject
{
    Q_OBJECT
private slots:
    void categoryColorsRankByFrequency();
    void categorySlotsForFieldsAndExtras();
    void countLabels_data();
    void countLabels();
    void markerHasCategoryColour();
    void clustersSplitAsYouZoomIn();
    void antimeridianShowsBothSides_data();
    void antimeridianShowsBothSides();
    void worldCopiesAtZoomZero();
    void hitTests();
    void rubberBandCountsClusteredEvents();
    void visibleRowsFilter();
    void legendCounts();
    void graduatedColours();
    void selectionRing();
    void sizeByVolume();
    void primitivesStayBounded();
    void panReusesTheSameClusters();
    void indexGivenLaterDrawsTheSame();
    void layoutAccountsForEveryRowInView();
    void pictures();
};

void TestEventLayer::categoryColorsRankByFrequency()
{
    CategoryColors colors;
    std::vector<std::pair<QString, int64_t>> counts = {
        {"fuel oil", 5}, {"crude", 9}, {"", 50}, {"diesel", 5}, {"lpg", 1}};
    for (int i = 0; i < 6; ++i)
        counts.emplace_back(QStringLiteral("rare%1").arg(i), 2);
    colors.assign(counts);
    QCOMPARE(colors.rankedCount(), CategoryColors::kPaletteSize);
    QCOMPARE(colors.slotOf("crude"), 0);
    QCOMPARE(colors.slotOf("diesel"), 1); // tie with "fuel oil": by text
    QCOMPARE(colors.slotOf("fuel oil"), 2);
    QCOMPARE(colors.slotOf("rare0"), 3);
    QCOMPARE(colors.slotOf("rare3"), 6);
    QCOMPARE(colors.slotOf("rare4"), CategoryColors::kOtherSlot);
    QCOMPARE(colors.slotOf("lpg"), CategoryColors::kOtherSlot);
    QCOMPARE(colors.slotOf(""), CategoryColors::kUnknownSlot);
    QCOMPARE(colors.color("crude"), CategoryColors::paletteColor(0));
    QCOMPARE(colors.color(""), CategoryColors::unknownColor());
    QCOMPARE(colors.color("never seen"), CategoryColors::otherColor());
    QCOMPARE(colors.slotLabel(0), QStringLiteral("crude"));
    QCOMPARE(colors.slotLabel(CategoryColors::kOtherSlot), CategoryColors::otherLabel());
    // All slot colours are distinct.
    for (int a = 0; a < CategoryColors::kSlotCount; ++a)
        for (int b = a + 1; b < CategoryColors::kSlotCount; ++b)
            QVERIFY(colors.slotColor(a) != colors.slotColor(b));
}

void TestEventLayer::categorySlotsForFieldsAndExtras()
{
    const auto store = storeOf({{0, 0, "crude"}, {0, 0, "lpg"}, {0, 0, "crude"}, {0, 0, ""}});
    CategorySlots s;
    QVERIFY(s.build(*store, "cargo"));
    QCOMPARE(s.slot(0), uint8_t(0));
    QCOMPARE(s.slot(1), uint8_t(1));
    QCOMPARE(s.slot(2), uint8_t(0));
    QCOMPARE(s.slot(3), uint8_t(CategoryColors::kUnknownSlot));
    QVERIFY(s.build(*store, "risk")); // extra column: "crude" odd, "lpg" odd, "" even
    QCOMPARE(s.colors().slotLabel(0), QStringLiteral("odd"));
    QCOMPARE(s.slot(3), uint8_t(1));
    QVERIFY(!s.colors().isGraduated());
    QVERIFY(s.build(*store, "lat")); // numbers are graduated: one class, every lat is 0
    QVERIFY(s.colors().isGraduated());
    QCOMPARE(s.colors().rankedCount(), 1);
    QCOMPARE(s.slot(3), uint8_t(0));
    QVERIFY(!s.build(*store, "no such column"));
    QCOMPARE(s.slot(0), uint8_t(CategoryColors::kUnknownSlot));
}

void TestEventLayer::countLabels_data()
{
    QTest::addColumn<uint>("count");
    QTest::addColumn<QString>("label");
    QTest::newRow("2") << 2u << "2";
    QTest::newRow("999") << 999u << "999";
    QTest::newRow("1000") << 1000u << "1.0k";
    QTest::newRow("1250") << 1250u << "1.2k";
    QTest::newRow("9999") << 9999u << "9.9k";
    QTest::newRow("35400") << 35400u << "35k";
    QTest::newRow("999999") << 999999u << "999k";
    QTest::newRow("1.2M") << 1234567u << "1.2M";
}

void TestEventLayer::countLabels()
{
    QFETCH(uint, count);
    QFETCH(QString, label);
    QCOMPARE(EventLayer::countLabel(count), label);
    QVERIFY(EventLayer::clusterRadius(count + 1) >= EventLayer::clusterRadius(count));
}

void TestEventLayer::markerHasCategoryColour()
{
    auto layer = layerOf({{30.0, 125.0, "lpg"}, {30.0, 125.0, "lpg"}, {20.0, 110.0, "crude"}});
    const MapViewport vp(30.0, 125.0, 7.0, QSize(800, 600));
    // Both "lpg" events sit on one spot: past kMaxClusterZoom they are single markers.
    const MapViewport close(30.0, 125.0, 18.0, QSize(800, 600));
    QImage image = render(*layer, close);
    QVERIFY(near(pixel(image, QPointF(400, 300)), CategoryColors::paletteColor(0)));
    QVERIFY(near(pixel(image, QPointF(420, 300)), kBackground, 0));
    // The crude event, alone in its cell.
    const MapViewport other(20.0, 110.0, 7.0, QSize(800, 600));
    image = render(*layer, other);
    QVERIFY2(near(pixel(image, QPointF(400, 300)), CategoryColors::paletteColor(1)),
             qPrintable(describe(pixel(image, QPointF(400, 300)))));
    // White outline one pixel outside the fill.
    const QColor edge = pixel(image, QPointF(400 + EventLayer::kMarkerRadius + 0.3, 300));
    QVERIFY2(edge.red() > 200 && edge.green() > 200 && edge.blue() > 200, qPrintable(edge.name()));
    QVERIFY(near(pixel(image, QPointF(415, 300)), kBackground, 0));
    QCOMPARE(layer->layout(vp).clusters.size(), size_t(1)); // below kMaxClusterZoom: one pile
}

void TestEventLayer::clustersSplitAsYouZoomIn()
{
    // Two events 0.05° apart: under a pixel at zoom 4, ~145 px at zoom 12.
    auto layer = layerOf({{30.02, 124.02}, {30.02, 124.07}});
    const MapViewport far(30.0, 124.0, 4.0, QSize(800, 600));
    EventLayer::Layout l = layer->layout(far);
    QCOMPARE(l.clusters.size(), size_t(1));
    QCOMPARE(l.clusters[0].count, 2u);
    QCOMPARE(l.markers.size(), size_t(0));
    // The bubble is drawn with its count on a category-coloured disc.
    QImage image = render(*layer, far);
    const QPointF c = l.clusters[0].pos;
    const double r = EventLayer::clusterRadius(2);
    QVERIFY(near(pixel(image, c + QPointF(0, r - 2)), CategoryColors::paletteColor(0)));
    int textPixels = 0; // white digits inside the disc
    for (int dy = -4; dy <= 4; ++dy)
        for (int dx = -3; dx <= 3; ++dx)
            textPixels += pixel(image, c + QPointF(dx, dy)).lightness() > 200;
    QVERIFY2(textPixels >= 4, qPrintable(QString::number(textPixels)));

    const MapViewport close(30.02, 124.045, 12.0, QSize(800, 600));
    l = layer->layout(close);
    QCOMPARE(l.clusters.size(), size_t(0));
    QCOMPARE(l.markers.size(), size_t(2));
    image = render(*layer, close);
    for (const auto &m : l.markers)
        QVERIFY(near(pixel(image, m.pos), CategoryColors::paletteColor(0)));
    QVERIFY(std::abs(l.markers[0].pos.x() - l.markers[1].pos.x()) > 100);
    // Marker positions agree with the viewport's own projection.
    for (const auto &m : l.markers) {
        const QPointF expected =
            close.toPixel(layer->store()->lat(m.row), layer->store()->lon(m.row));
        QVERIFY(QLineF(m.pos, expected).length() < 1e-6);
    }
}

void TestEventLayer::antimeridianShowsBothSides_data()
{
    QTest::addColumn<double>("centerLon");
    QTest::newRow("180") << 180.0;
    QTest::newRow("179.99E") << 179.99;
    QTest::newRow("179.99W") << -179.99;
}

void TestEventLayer::antimeridianShowsBothSides()
{
    QFETCH(double, centerLon);
    auto layer = layerOf({{0.0, 179.9, "crude"}, {0.0, -179.9, "lpg"}, {0.0, 0.0, "lpg"}});
    const MapViewport vp(0.0, centerLon, 10.0, QSize(800, 600));
    const EventLayer::Layout l = layer->layout(vp);
    QCOMPARE(l.markers.size(), size_t(2));
    QCOMPARE(l.clusters.size(), size_t(0));
    const QImage image = render(*layer, vp);
    const double dx = 0.1 / 360.0 * vp.worldSize(); // ~73 px
    const QPointF west = vp.toPixel(0.0, 179.9), east = vp.toPixel(0.0, -179.9);
    QVERIFY2(west.x() < east.x() && std::abs(east.x() - west.x() - 2 * dx) < 1e-6,
             qPrintable(QStringLiteral("%1 %2").arg(west.x()).arg(east.x())));
    QVERIFY(west.x() > 0 && east.x() < 800);
    QVERIFY(near(pixel(image, west), CategoryColors::paletteColor(1))); // crude: 1 event
    QVERIFY(near(pixel(image, east), CategoryColors::paletteColor(0))); // lpg: 2 events
    // Each marker is the right row.
    QCOMPARE(layer->eventAt(west, vp), 0);
    QCOMPARE(layer->eventAt(east, vp), 1);
}

void TestEventLayer::worldCopiesAtZoomZero()
{
    // 800 px wide at zoom 0 shows the 256 px world more than three times.
    auto layer = layerOf({{10.0, 20.0}});
    const MapViewport vp(0.0, 0.0, 0.0, QSize(800, 600));
    const EventLayer::Layout l = layer->layout(vp);
    std::vector<EventLayer::Marker> inView;
    for (const auto &m : l.markers)
        if (QRectF(0, 0, 800, 600).contains(m.pos))
            inView.push_back(m);
    QCOMPARE(inView.size(), size_t(3)); // x = 158, 414 and 670
    for (const auto &m : inView)
        QVERIFY(std::abs(std::fmod(m.pos.x() - vp.toPixel(10.0, 20.0).x() + 2560, 256.0)) < 1e-6);
}

void TestEventLayer::hitTests()
{
    auto layer = layerOf({{30.02, 124.02}, {30.02, 124.07}, {25.0, 121.0}});
    const MapViewport far(28.0, 123.0, 4.0, QSize(800, 600));
    const EventLayer::Layout l = layer->layout(far);
    QCOMPARE(l.clusters.size(), size_t(1));
    QCOMPARE(l.markers.size(), size_t(1));
    const QPointF single = far.toPixel(25.0, 121.0);
    QCOMPARE(layer->eventAt(single, far), 2);
    QCOMPARE(layer->eventAt(single + QPointF(4, 3), far), 2); // within the slack
    QCOMPARE(layer->eventAt(single + QPointF(12, 0), far), -1);
    QVERIFY(!layer->clusterAt(single, far));
    const QPointF bubble = l.clusters[0].pos;
    QCOMPARE(layer->eventAt(bubble, far), -1); // a cluster is not an event
    const auto box = layer->clusterAt(bubble + QPointF(5, 5), far);
    QVERIFY(box);
    QVERIFY(std::abs(box->west - 124.02) < 1e-9 && std::abs(box->east - 124.07) < 1e-9);
    QVERIFY(std::abs(box->south - 30.02) < 1e-9 && std::abs(box->north - 30.02) < 1e-9);
    QVERIFY(!layer->clusterAt(bubble + QPointF(40, 0), far));

    // A cluster straddling the antimeridian gives a box that crosses it.
    auto wrap = layerOf({{0.0, 179.99}, {0.0, -179.98}});
    const MapViewport vp(0.0, -179.0, 3.0, QSize(800, 600));
    const EventLayer::Layout wl = wrap->layout(vp);
    QCOMPARE(wl.clusters.size(), size_t(1));
    const auto wbox = wrap->clusterAt(wl.clusters[0].pos, vp);
    QVERIFY(wbox && wbox->crossesAntimeridian());
    QVERIFY(std::abs(wbox->west - 179.99) < 1e-9 && std::abs(wbox->east + 179.98) < 1e-9);
}

void TestEventLayer::rubberBandCountsClusteredEvents()
{
    auto layer =
        layerOf({{30.02, 124.02}, {30.02, 124.07}, {25.0, 121.0}, {0, 179.95}, {0, -179.95}});
    const MapViewport far(28.0, 123.0, 4.0, QSize(800, 600));
    const QPointF a = far.toPixel(30.02, 124.02);
    QCOMPARE(layer->rowsIn(QRectF(a - QPointF(10, 10), a + QPointF(10, 10)), far),
             (std::vector<uint32_t> {0, 1}));
    QCOMPARE(layer->rowsIn(QRectF(0, 0, 800, 600), far), (std::vector<uint32_t> {0, 1, 2}));
    QVERIFY(layer->rowsIn(QRectF(0, 0, 50, 50), far).empty());
    // Drawn from bottom-right to top-left.
    QCOMPARE(layer->rowsIn(QRectF(a + QPointF(10, 10), a - QPointF(10, 10)), far),
             (std::vector<uint32_t> {0, 1}));
    // Across the antimeridian.
    const MapViewport pacific(0.0, 180.0, 8.0, QSize(800, 600));
    QCOMPARE(layer->rowsIn(QRectF(300, 200, 200, 200), pacific), (std::vector<uint32_t> {3, 4}));
}

void TestEventLayer::visibleRowsFilter()
{
    auto layer = layerOf({{30.02, 124.02}, {30.02, 124.07}, {25.0, 121.0}});
    QSignalSpy changed(layer.get(), &MapLayer::changed);
    layer->setVisibleRows({1, 2});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(layer->visibleCount(), size_t(2));
    QVERIFY(!layer->isVisibleRow(0));
    const MapViewport far(28.0, 123.0, 4.0, QSize(800, 600));
    EventLayer::Layout l = layer->layout(far); // the cached layout was dropped
    QCOMPARE(l.clusters.size(), size_t(0));
    QCOMPARE(l.markers.size(), size_t(2));
    QCOMPARE(layer->rowsIn(QRectF(0, 0, 800, 600), far), (std::vector<uint32_t> {1, 2}));
    // Zoomed in (the rtree path) the filter holds too.
    const MapViewport close(30.02, 124.045, 12.0, QSize(800, 600));
    QCOMPARE(layer->layout(close).markers.size(), size_t(1));
    layer->setVisibleRows({});
    QVERIFY(layer->layout(far).markers.empty());
    layer->setAllVisible();
    QCOMPARE(layer->layout(far).clusters.size(), size_t(1));
}

void TestEventLayer::legendCounts()
{
    std::vector<Ev> events;
    const char *names[] = {"crude",    "diesel", "fuel oil", "lpg", "naphtha",
                           "gasoline", "jet",    "bitumen",  "urea"};
    for (int i = 0; i < 9; ++i)
        for (int k = 0; k < 20 - 2 * i; ++k)
            events.push_back({10.0 + k * 0.1, 20.0 + i, names[i]});
    events.push_back({0, 0, ""});
    auto layer = layerOf(events);
    QCOMPARE(layer->legendTitle(), fieldLabel(Field::Cargo));
    auto entries = layer->legendEntries();
    QCOMPARE(entries.size(), 9); // 7 ranked, Other, Unknown
    QCOMPARE(entries[0].label, QStringLiteral("crude"));
    QCOMPARE(entries[0].count, 20);
    QCOMPARE(entries[0].color, CategoryColors::paletteColor(0));
    QCOMPARE(entries[6].label, QStringLiteral("jet"));
    QCOMPARE(entries[7].label, CategoryColors::otherLabel());
    QCOMPARE(entries[7].count, 6 + 4); // bitumen, urea
    QCOMPARE(entries[8].label, CategoryColors::unknownLabel());
    QCOMPARE(entries[8].count, 1);
    QCOMPARE(entries[8].color, CategoryColors::unknownColor());

    // A filter changes counts, never colours.
    layer->setVisibleRows({0, 1, 20});
    entries = layer->legendEntries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries[0].count, 2);
    QCOMPARE(entries[1].label, QStringLiteral("diesel"));
    QCOMPARE(entries[1].color, CategoryColors::paletteColor(1));

    layer->setColorBy(QStringLiteral("risk"));
    QCOMPARE(layer->legendTitle(), QStringLiteral("risk"));
    entries = layer->legendEntries();
    QCOMPARE(entries.size(), 2); // "crude" odd, "diesel" even
    int64_t total = 0;
    for (const auto &e : entries)
        total += e.count;
    QCOMPARE(total, 3);

    // The legend is drawn in the top-right corner.
    layer->setLegendVisible(true);
    const QImage image = render(*layer, MapViewport(0, 0, 2, QSize(800, 600)));
    QVERIFY(near(image.pixelColor(780, 30), QColor(Qt::white), 20));
    QVERIFY(near(image.pixelColor(400, 580), kBackground, 0));
}

void TestEventLayer::selectionRing()
{
    auto layer = layerOf({{20.0, 110.0}, {20.0, 110.5}});
    QCOMPARE(layer->selectionLayer()->slot(), MapLayer::Slot::Selection);
    const MapViewport vp(20.0, 110.0, 9.0, QSize(800, 600));
    const QPointF p = vp.toPixel(20.0, 110.0);
    QSignalSpy spy(layer->selectionLayer(), &MapLayer::changed);
    layer->setSelection({0});
    QCOMPARE(spy.count(), 1);
    const QImage image = render(*layer, vp, true);
    const double ringR = EventLayer::kMarkerRadius + 3.5;
    QVERIFY2(pixel(image, p + QPointF(ringR, 0)).lightness() > 200,
             qPrintable(describe(pixel(image, p + QPointF(ringR, 0)))));
    QVERIFY(pixel(image, p + QPointF(ringR + 1.8, 0)).lightness() < 80);
    QVERIFY(near(pixel(image, p), CategoryColors::paletteColor(0)));
    // The unselected marker has no ring.
    const QPointF q = vp.toPixel(20.0, 110.5);
    QVERIFY(near(pixel(image, q + QPointF(ringR + 1.8, 0)), kBackground, 0));

    // A selected event inside a cluster is shown at its true place when few are selected.
    const MapViewport far(20.0, 110.0, 3.0, QSize(800, 600));
    QCOMPARE(layer->layout(far).clusters.size(), size_t(1));
    const QImage farImage = render(*layer, far, true);
    const QPointF fp = far.toPixel(20.0, 110.0);
    QVERIFY(near(pixel(farImage, fp), CategoryColors::paletteColor(0)));
}

void TestEventLayer::sizeByVolume()
{
    auto layer = layerOf({{20.0, 110.0, "crude", 2e6}, {20.0, 110.5, "crude", 1e4}, {20.0, 111.0}});
    QCOMPARE(layer->markerRadius(0), EventLayer::kMarkerRadius);
    layer->setSizeByVolume(true);
    QVERIFY(layer->markerRadius(0) > 10);
    QVERIFY(layer->markerRadius(1) > EventLayer::kMarkerRadius && layer->markerRadius(1) < 6);
    QCOMPARE(layer->markerRadius(2), EventLayer::kMarkerRadius); // unknown volume
    const MapViewport vp(20.0, 110.5, 9.0, QSize(800, 600));
    const QImage image = render(*layer, vp);
    const QPointF p = vp.toPixel(20.0, 110.0);
    QVERIFY(near(pixel(image, p + QPointF(8, 0)), CategoryColors::paletteColor(0)));
}

void TestEventLayer::primitivesStayBounded()
{
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> lat(-60, 60), lon(-180, 180);
    std::vector<Ev> events;
    for (int i = 0; i < 100000; ++i)
        events.push_back({lat(rng), lon(rng), i % 3 ? "crude" : "lpg"});
    auto layer = layerOf(events);
    for (double zoom : {0.0, 2.0, 5.0, 8.0}) {
        const MapViewport vp(20.0, 120.0, zoom, QSize(1600, 1000));
        const EventLayer::Layout l = layer->layout(vp);
        // What paint() draws: the layout also covers half a view around, for panning.
        const QRectF view = QRectF(0, 0, 1600, 1000).adjusted(-40, -40, 40, 40);
        size_t primitives = 0;
        for (const auto &m : l.markers)
            primitives += view.contains(m.pos);
        for (const auto &c : l.clusters)
            primitives += view.contains(c.pos);
        QVERIFY2(primitives <= size_t((1600 / 48 + 4) * (1000 / 48 + 4)),
                 qPrintable(QString::number(primitives)));
        uint64_t total = 0;
        for (const auto &m : l.markers)
            total += view.contains(m.pos);
        for (const auto &c : l.clusters)
            total += view.contains(c.pos) ? c.count : 0;
        if (zoom == 2.0) // the whole world is in view (1024 px wide), some of it twice
            QVERIFY2(total >= 100000, qPrintable(QString::number(total)));
    }
}

void TestEventLayer::layoutAccountsForEveryRowInView()
{
    // Enough rows for the multi-threaded scan; every (row, world copy) inside the grid's
    // range must land in exactly one marker or cluster, whatever the thread split.
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> lat(-80, 80), lon(-180, 180);
    std::vector<Ev> events;
    for (int i = 0; i < 250000; ++i)
        events.push_back({lat(rng), lon(rng), i % 5 ? "crude" : ""});
    auto layer = layerOf(events);
    for (const bool filtered : {false, true}) {
        if (filtered) {
            std::vector<uint32_t> rows;
            for (uint32_t r = 0; r < events.size(); r += 3)
                rows.push_back(r);
            layer->setVisibleRows(rows);
        }
        const MapViewport vp(10.0, 30.0, 1.5, QSize(1600, 1000));
        const EventLayer::Layout l = layer->layout(vp);
        const EventLayer::Grid &g = l.grid;
        uint64_t expected = 0;
        for (uint32_t r = 0; r < events.size(); ++r) {
            if (!layer->isVisibleRow(r))
                continue;
            const QPointF w = WebMercator::toWorld(events[r].lat, events[r].lon);
            for (int k = g.firstCopy; k <= g.lastCopy; ++k)
                expected += g.contains((w.x() + k) * g.worldSize, w.y() * g.worldSize);
        }
        uint64_t total = l.markers.size();
        for (const auto &c : l.clusters)
            total += c.count;
        QCOMPARE(total, expected);
        QVERIFY(expected > 250000 / (filtered ? 3 : 1));
    }
}

void TestEventLayer::panReusesTheSameClusters()
{
    std::mt19937 rng(5);
    std::normal_distribution<double> g(0, 1);
    std::vector<Ev> events;
    for (int i = 0; i < 5000; ++i)
        events.push_back({30 + g(rng), 124 + g(rng) * 1.5, i % 4 ? "crude" : "lpg"});
    events.push_back({0.0, 179.95}); // for a pan across the antimeridian
    auto panned = layerOf(events);
    MapViewport vp(30.0, 124.0, 6.0, QSize(800, 600));
    panned->layout(vp);
    for (const QPointF step : {QPointF(37, -11), QPointF(-120, 80), QPointF(300, 0)}) {
        vp.panBy(step);
        const EventLayer::Layout moved = panned->layout(vp);
        const EventLayer::Layout fresh = layerOf(events)->layout(vp);
        // Compare what is on screen: the reused layout may reach further out.
        const QRectF view(0, 0, 800, 600);
        std::vector<std::pair<double, double>> a, b;
        for (const auto &c : moved.clusters)
            if (view.contains(c.pos))
                a.emplace_back(c.pos.x() + c.count * 1e4, c.pos.y());
        for (const auto &c : fresh.clusters)
            if (view.contains(c.pos))
                b.emplace_back(c.pos.x() + c.count * 1e4, c.pos.y());
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            QVERIFY(std::abs(a[i].first - b[i].first) < 1e-6
                    && std::abs(a[i].second - b[i].second) < 1e-6);
    }
    // Across 180° the anchor copy changes; the layout is recomputed and still right.
    MapViewport pacific(0.0, 179.0, 7.0, QSize(800, 600));
    panned->layout(pacific);
    pacific.panBy(QPointF(-150, 0)); // the map moves left: the centre goes 1.65° east
    QVERIFY(pacific.centerLon() < 0);
    const EventLayer::Layout across = panned->layout(pacific);
    bool found = false;
    for (const auto &m : across.markers)
        found |= QLineF(m.pos, pacific.toPixel(0.0, 179.95)).length() < 1e-6;
    QVERIFY(found);
}

// `rendezvous render` gives the layer its data first and the index when it is built:
// the picture must be the one the window draws from data and index given together,
// all rows visible or filtered, and nothing is drawn before the index is there.
void TestEventLayer::indexGivenLaterDrawsTheSame()
{
    std::mt19937 rng(9);
    std::normal_distribution<double> g(0, 1);
    std::vector<Ev> events;
    for (int i = 0; i < 3000; ++i)
        events.push_back({30 + g(rng), 124 + g(rng) * 1.5, i % 3 ? "crude" : "lpg", 100.0 + i});
    auto store = storeOf(events);
    auto index = std::make_shared<SpatialIndex>(*store);
    std::vector<uint32_t> some;
    for (uint32_t r = 0; r < store->size(); r += 4)
        some.push_back(r);
    const MapViewport vp(30.0, 124.0, 6.0, QSize(800, 600));
    for (const bool filtered : {false, true}) {
        EventLayer together, later;
        for (EventLayer *l : {&together, &later}) {
            l->setLegendVisible(false);
            l->setColorBy(QStringLiteral("cargo"));
            l->setSizeByVolume(true);
        }
        if (filtered) {
            together.setData(store, index, some);
            later.setData(store, nullptr, some);
        } else {
            together.setData(store, index);
            later.setData(store, nullptr);
        }
        QImage blank(vp.size(), QImage::Format_ARGB32_Premultiplied);
        blank.fill(kBackground);
        QCOMPARE(render(later, vp), blank);
        later.setIndex(index);
        const QImage expected = render(together, vp);
        QVERIFY(expected != blank);
        QCOMPARE(render(later, vp), expected);
        QCOMPARE(later.visibleCount(), together.visibleCount());
    }
}

void TestEventLayer::graduatedColours()
{
    // Volumes 1..100 (ten events per ten barrels) and four without a volume, each event
    // at its own place so that every one is a marker.
    std::vector<Ev> events;
    for (int i = 0; i < 100; ++i)
        events.push_back({-45.0 + (i / 10) * 10, -80.0 + (i % 10) * 16, "crude", double(i + 1)});
    for (int i = 0; i < 4; ++i)
        events.push_back({60, -80.0 + i * 16, "crude"});
    auto layer = layerOf(events);
    layer->setColorBy(QStringLiteral("volume"));
    const CategoryColors &colors = layer->categories().colors();
    QVERIFY(colors.isGraduated());
    QCOMPARE(layer->legendTitle(), QStringLiteral("Volume (bbl) (quantiles)"));
    auto entries = layer->legendEntries();
    QCOMPARE(entries.size(), 6); // five classes, then No value
    // Breaks 20.8, 40.6, 60.4, 80.2: whole barrels, as the column is.
    const QStringList quantiles = {"1 – 21 bbl", "21 – 41 bbl", "41 – 60 bbl", "60 – 80 bbl",
                                   "80 – 100 bbl"};
    for (int c = 0; c < 5; ++c) {
        QCOMPARE(entries[c].label, quantiles[c]);
        QCOMPARE(entries[c].color, CategoryColors::rampColor(c, 5));
        QCOMPARE(entries[c].count, 20);
    }
    QCOMPARE(entries[5].label, CategoryColors::noValueLabel());
    QCOMPARE(entries[5].count, 4);
    QCOMPARE(entries[5].color, CategoryColors::unknownColor());
    // The ramp runs light to dark, every class distinct.
    for (int c = 1; c < 5; ++c)
        QVERIFY(CategoryColors::rampColor(c, 5).lightness()
                < CategoryColors::rampColor(c - 1, 5).lightness());

    // Each marker has its class's colour.
    const MapViewport vp(5, 0, 3, QSize(1000, 900));
    const QImage image = render(*layer, vp);
    QCOMPARE(layer->layout(vp).markers.size(), size_t(104));
    for (const auto &m : layer->layout(vp).markers) {
        const int expected = m.row < 100 ? int(m.row) / 20 : CategoryColors::kUnknownSlot;
        QCOMPARE(int(m.slot), expected);
        QVERIFY2(near(pixel(image, m.pos), colors.slotColor(expected)),
                 qPrintable(describe(pixel(image, m.pos))));
    }

    // Equal intervals through the render options, as the window and `render` set them.
    RenderOptions options;
    options.colorBy = QStringLiteral("volume");
    options.colorClasses = {ClassMethod::EqualInterval, 3};
    layer->applyOptions(options);
    QCOMPARE(layer->legendTitle(), QStringLiteral("Volume (bbl) (equal intervals)"));
    entries = layer->legendEntries();
    QCOMPARE(entries.size(), 4);
    QCOMPARE(entries[0].label, QStringLiteral("1 – 34 bbl"));
    QCOMPARE(entries[2].label, QStringLiteral("67 – 100 bbl"));
    QCOMPARE(entries[0].count, 34); // 1..34: a value on a break is in the lower class
    QCOMPARE(entries[1].count, 33);
    QCOMPARE(entries[2].count, 33);

    // A filter changes counts, not classes; a class with no visible event stays listed.
    layer->setVisibleRows({0, 1, 2});
    entries = layer->legendEntries();
    QCOMPARE(entries.size(), 3); // No value has no visible event
    QCOMPARE(entries[0].count, 3);
    QCOMPARE(entries[2].count, 0);
    QCOMPARE(entries[2].label, QStringLiteral("67 – 100 bbl"));

    // A cluster takes the class of its members' median value.
    {
        std::vector<Ev> pile;
        for (int i = 0; i < 30; ++i)
            pile.push_back({0.001 * i, 0.001 * i, "crude", double(i + 1)});
        for (int i = 0; i < 20; ++i) // without a volume: 30 of 50 have one
            pile.push_back({0.001 * i, -0.001 * i, "crude"});
        auto piled = layerOf(pile);
        piled->setColorBy(QStringLiteral("volume"));
        const MapViewport far(0, 0, 3, QSize(400, 400));
        auto clusters = piled->layout(far).clusters;
        QCOMPARE(clusters.size(), size_t(1));
        QCOMPARE(clusters[0].slot, 2); // median 15.5: the third of five classes of six
        for (int i = 0; i < 20; ++i) // now 30 of 70: too few for a colour
            pile.push_back({-0.001 * i, 0.001 * i, "crude"});
        piled = layerOf(pile);
        piled->setColorBy(QStringLiteral("volume"));
        clusters = piled->layout(far).clusters;
        QCOMPARE(clusters.size(), size_t(1));
        QCOMPARE(clusters[0].slot, -1);
    }

    // Text stays categorical whatever the class options.
    layer->setColorBy(QStringLiteral("cargo"));
    QVERIFY(!layer->categories().colors().isGraduated());
    QCOMPARE(layer->legendTitle(), fieldLabel(Field::Cargo));
}

void TestEventLayer::pictures()
{
    // 10k events over the East China Sea, clustered around a few transfer spots, for
    // looking at (not compared: the assertions above do the checking).
    std::mt19937 rng(42);
    std::normal_distribution<double> spread(0, 1);
    std::uniform_real_distribution<double> u(0, 1);
    const double spots[][3] = {{30.5, 123.5, 0.6},
                               {31.7, 124.6, 0.25},
                               {27.9, 121.9, 0.4},
                               {33.0, 126.5, 0.3},
                               {29.0, 125.5, 1.2}};
    const char *cargos[] = {"crude", "crude", "fuel oil", "diesel", "lpg", "naphtha", ""};
    std::vector<Ev> events;
    for (int i = 0; i < 10000; ++i) {
        const auto &s = spots[i % 5];
        events.push_back({s[0] + spread(rng) * s[2], s[1] + spread(rng) * s[2] * 1.2,
                          cargos[int(u(rng) * 7)], u(rng) < 0.2 ? std::nan("") : u(rng) * 2e6});
    }
    auto layer = layerOf(events);
    layer->setLegendVisible(true);
    for (double zoom : {4.0, 7.0, -7.0}) {
        if (zoom < 0) // the last one with a few selected events
            layer->setSelection({0, 1, 2});
        const MapViewport vp(30.0, 124.0, std::abs(zoom), QSize(1000, 700));
        const QImage image = render(*layer, vp, true);
        const QString name = zoom > 0 ? QStringLiteral("events_z%1.png").arg(int(zoom))
                                      : QStringLiteral("events_z7_selection.png");
        QVERIFY(saveScreenshot(image, name));
        QVERIFY(countNear(image, kBackground, 0) < image.width() * image.height());
    }
    // The same events graduated by volume, with the legend of ranges.
    layer->setSelection({});
    layer->setColorBy(QStringLiteral("volume"));
    const MapViewport vp(30.0, 124.0, 7, QSize(1000, 700));
    QVERIFY(saveScreenshot(render(*layer, vp), QStringLiteral("events_graduated_volume.png")));
}

QTEST_MAIN(TestEventLayer)
#include "tst_eventlayer.moc"

#include "export/exportscene.h"
#include "map/basemap.h"
#include "map/basemaplayer.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/mapviewport.h"
#include "map/trackgeometry.h"
#include "map/tracklayer.h"
#include "tracks/trackstore.h"

#include <QImage>
#include <QPainter>
#include <QtTest>

#include <cmath>
#include <random>

#include "screenshots.h"

namespace {

constexpr int64_t kT0 = 1700000000000LL; // 2023-11-14 22:13:20 UTC
constexpr int64_t kMin = 60 * 1000;
constexpr int64_t kHour = 60 * kMin;
constexpr int64_t kLeg = 4 * kHour; // a degree of longitude on the equator at 15 kn
const QColor kBackground(0xdf, 0xe8, 0xef);

struct Report
{
    uint32_t mmsi;
    int64_t ms;
    double lat, lon;
    float sog = NAN, cog = NAN;
};

std::shared_ptr<const TrackStore> storeOf(const std::vector<Report> &reports)
{
    TrackBuilder b;
    const uint16_t file = b.addFile(QStringLiteral("test.csv"));
    uint32_t row = 1;
    for (const Report &r : reports) {
        PositionReport p;
        p.vessel = b.vesselByMmsi(r.mmsi);
        p.timeMs = r.ms;
        p.lat = r.lat;
        p.lon = r.lon;
        p.sog = r.sog;
        p.cog = r.cog;
        p.sourceRow = row++;
        p.sourceFile = file;
        b.add(p);
    }
    return b.finish();
}

// A vessel steaming east along `lat` from lon0 at a degree per kLeg (15 kn), one report
// every `every`.
void steam(std::vector<Report> &out, uint32_t mmsi, int64_t from, int64_t to, int64_t every,
           double lat, double lon0, float sog = 15)
{
    for (int64_t t = from; t <= to; t += every)
        out.push_back({mmsi, t, lat, lon0 + double(t - from) / double(kLeg), sog, 90});
}

QImage render(const TrackLayer &layer, const MapViewport &vp)
{
    QImage image(vp.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(kBackground);
    QPainter p(&image);
    layer.paint(p, vp, RenderOptions());
    return image;
}

bool inked(const QImage &image, QPointF px)
{
    // Any pixel of the 3x3 around px differs from the background.
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
            const int x = int(std::lround(px.x())) + dx, y = int(std::lround(px.y())) + dy;
            if (x >= 0 && y >= 0 && x < image.width() && y < image.height()
                && image.pixelColor(x, y) != kBackground)
                return true;
        }
    return false;
}

int inkedCount(const QImage &image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += image.pixelColor(x, y) != kBackground;
    return n;
}

// Fraction of the samples along lat between lon a and b that are inked.
double inkAlong(const QImage &image, const MapViewport &vp, double lat, double a, double b)
{
    int ink = 0, n = 0;
    for (double lon = a; lon <= b; lon += (b - a) / 200) {
        const QPointF px = vp.toPixel(lat, lon);
        ink += image.pixelColor(int(std::lround(px.x())), int(std::lround(px.y()))) != kBackground;
        ++n;
    }
    return double(ink) / n;
}

std::unique_ptr<TrackLayer> layerOf(std::shared_ptr<const TrackStore> store)
{
    auto layer = std::make_unique<TrackLayer>();
    layer->setLegendVisible(false);
    layer->setTracks(std::move(store));
    return layer;
}

// Many vessels wandering about the North Sea: 20 s to 3 min between reports.
std::shared_ptr<const TrackStore> randomFleet(int vessels, int reports, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<Report> all;
    for (int v = 0; v < vessels; ++v) {
        double lat = 54 + 4 * u(rng), lon = 3 + 8 * u(rng), course = 360 * u(rng);
        const double knots = 20 * u(rng);
        int64_t t = kT0 + int64_t(u(rng) * 2 * kHour);
        for (int i = 0; i < reports; ++i) {
            const int64_t dt = 20000 + int64_t(u(rng) * 160000);
            t += dt;
            course += (u(rng) - 0.5) * 30;
            const double nm = knots * double(dt) / double(kHour);
            lat += nm / 60 * std::cos(course * M_PI / 180);
            lon += nm / 60 * std::sin(course * M_PI / 180) / std::cos(lat * M_PI / 180);
            all.push_back({uint32_t(211000000 + v), t, lat, lon,
                           float(std::max(0.0, knots + (u(rng) - 0.5) * 4)),
                           float(std::fmod(course + 3600, 360))});
        }
    }
    return storeOf(all);
}

} // namespace

class TestTrackLayer : public QObject
{
    Q_OBJECT
private slots:
    void gapDashedJumpNotJoined();
    void timeWindowClips();
    void antimeridian();
    void simplificationKeepsShape();
    void levelsKeepEndpoints();
    void playbackArrow();
    void hoverFindsNearest();
    void speedColoursAndLegend();
    void focusAndHighlight();
    void layerSetAndExport();
    void screenshots();
};

void TestTrackLayer::gapDashedJumpNotJoined()
{
    std::vector<Report> r;
    // Vessel 1: lon 0 -> 1, 8 h of silence, then lon 2 -> 3.
    steam(r, 211000001, kT0, kT0 + kLeg, 10 * kMin, 0.0, 0.0);
    steam(r, 211000001, kT0 + kLeg + 8 * kHour, kT0 + 2 * kLeg + 8 * kHour, 10 * kMin, 0.0, 2.0);
    // Vessel 2: lon 0 -> 1, then 5 min later at lon 2.5 (90 nm away: impossible).
    steam(r, 211000002, kT0, kT0 + kLeg, 10 * kMin, 1.0, 0.0);
    steam(r, 211000002, kT0 + kLeg + 5 * kMin, kT0 + 2 * kLeg, 10 * kMin, 1.0, 2.5);
    const auto store = storeOf(r);
    QCOMPARE(store->segmentCount(), size_t(4));
    QCOMPARE(store->segmentStart(1), TrackStore::SegmentStart::AfterGap);
    QCOMPARE(store->gapFrom(1), int64_t(0));
    QCOMPARE(store->segmentStart(3), TrackStore::SegmentStart::AfterJump);

    const auto layer = layerOf(store);
    const MapViewport vp(0.5, 1.5, 8, QSize(700, 300));
    const QImage image = render(*layer, vp);
    // Tracks solid, the gap dashed (some samples inked, some not), the jump empty.
    QVERIFY(inkAlong(image, vp, 0.0, 0.1, 0.9) > 0.95);
    QVERIFY(inkAlong(image, vp, 0.0, 2.1, 2.9) > 0.95);
    const double gap = inkAlong(image, vp, 0.0, 1.1, 1.9);
    QVERIFY2(gap > 0.3 && gap < 0.8, qPrintable(QString::number(gap)));
    QVERIFY(inkAlong(image, vp, 1.0, 0.1, 0.9) > 0.95);
    QVERIFY(inkAlong(image, vp, 1.0, 2.6, 2.9) > 0.95);
    QCOMPARE(inkAlong(image, vp, 1.0, 1.1, 2.4), 0.0);
}

void TestTrackLayer::timeWindowClips()
{
    std::vector<Report> r;
    // Reports every leg: lon 0, 1, 2.
    steam(r, 211000001, kT0, kT0 + 2 * kLeg, kLeg, 0.0, 0.0);
    const auto layer = layerOf(storeOf(r));
    const MapViewport vp(0, 1, 8, QSize(600, 200));
    QVERIFY(inkAlong(render(*layer, vp), vp, 0, 0.05, 1.95) > 0.95);

    layer->setTimeWindow(kT0 + 3 * kLeg, kT0 + 4 * kLeg); // after the segment
    QCOMPARE(inkedCount(render(*layer, vp)), 0);
    layer->setTimeWindow(std::nullopt, kT0 - 1); // before it
    QCOMPARE(inkedCount(render(*layer, vp)), 0);

    // The first leg and a half, cut at its end between two reports: lon 0 to 1.5.
    layer->setTimeWindow(kT0, kT0 + 3 * kLeg / 2);
    QImage image = render(*layer, vp);
    QVERIFY(inkAlong(image, vp, 0, 0.05, 1.45) > 0.95);
    QCOMPARE(inkAlong(image, vp, 0, 1.55, 1.95), 0.0);

    // Inside one line, no report in the window: lon 0.25 to 0.75.
    layer->setTimeWindow(kT0 + kLeg / 4, kT0 + 3 * kLeg / 4);
    image = render(*layer, vp);
    QVERIFY(inkAlong(image, vp, 0, 0.28, 0.72) > 0.95);
    QCOMPARE(inkAlong(image, vp, 0, 0.0, 0.22), 0.0);
    QCOMPARE(inkAlong(image, vp, 0, 0.78, 2.0), 0.0);

    // Both ends cut: lon 0.5 to 1.5.
    layer->setTimeWindow(kT0 + kLeg / 2, kT0 + 3 * kLeg / 2);
    image = render(*layer, vp);
    QVERIFY(inkAlong(image, vp, 0, 0.53, 1.47) > 0.95);
    QCOMPARE(inkAlong(image, vp, 0, 0.0, 0.47), 0.0);
    QCOMPARE(inkAlong(image, vp, 0, 1.53, 2.0), 0.0);
}

void TestTrackLayer::antimeridian()
{
    std::vector<Report> r;
    // East across 180°: 179.0E .. 179.0W, reports every 10 min.
    for (int i = 0; i <= 12; ++i) {
        double lon = 179.0 + i * (2.0 / 12);
        if (lon >= 180)
            lon -= 360;
        r.push_back({211000001, kT0 + i * 40 * kMin, 10.0, lon, 15, 90});
    }
    const auto layer = layerOf(storeOf(r));
    // A world view centred on Greenwich: no line across the world.
    const MapViewport world(10, 0, 2, QSize(1024, 600));
    const QImage wimage = render(*layer, world);
    QVERIFY(inkedCount(wimage) > 0);
    QCOMPARE(inkAlong(wimage, world, 10, -170, 170), 0.0);
    // Centred on the seam: one continuous line through it.
    const MapViewport seam(10, 180, 8, QSize(800, 200));
    const QImage simage = render(*layer, seam);
    QVERIFY(inkAlong(simage, seam, 10, 179.05, 179.95) > 0.95);
    QVERIFY(inkAlong(simage, seam, 10, -179.95, -179.05) > 0.95);
    QVERIFY(inked(simage, seam.toPixel(10, 180)));
}

void TestTrackLayer::simplificationKeepsShape()
{
    const auto store = randomFleet(60, 1500, 7);
    auto simple = layerOf(store);
    auto exact = layerOf(store);
    exact->setSimplified(false);
    const MapViewport views[] = {MapViewport(56, 7, 3.3, QSize(800, 600)),
                                 MapViewport(56, 7, 6.6, QSize(800, 600)),
                                 MapViewport(56, 7, 9.5, QSize(800, 600))};
    for (const MapViewport &vp : views) {
        const QImage a = render(*simple, vp), b = render(*exact, vp);
        // Every inked pixel of one is within 2 px of an inked pixel of the other.
        auto covered = [](const QImage &img, int x, int y) {
            for (int dy = -2; dy <= 2; ++dy)
                for (int dx = -2; dx <= 2; ++dx) {
                    const int xx = x + dx, yy = y + dy;
                    if (xx >= 0 && yy >= 0 && xx < img.width() && yy < img.height()
                        && img.pixelColor(xx, yy) != kBackground)
                        return true;
                }
            return false;
        };
        int inkA = 0, inkB = 0, missA = 0, missB = 0;
        for (int y = 0; y < a.height(); ++y)
            for (int x = 0; x < a.width(); ++x) {
                if (a.pixelColor(x, y) != kBackground) {
                    ++inkA;
                    missA += !covered(b, x, y);
                }
                if (b.pixelColor(x, y) != kBackground) {
                    ++inkB;
                    missB += !covered(a, x, y);
                }
            }
        QVERIFY(inkA > 1000);
        QVERIFY2(missA <= inkA / 200 && missB <= inkB / 200,
                 qPrintable(QStringLiteral("zoom %1: %2/%3 %4/%5")
                                .arg(vp.zoom())
                                .arg(missA)
                                .arg(inkA)
                                .arg(missB)
                                .arg(inkB)));
        // And it drew less.
        QVERIFY(simple->lastLineCount() <= exact->lastLineCount());
        if (vp.zoom() < 4)
            QVERIFY2(simple->lastLineCount() * 10 < exact->lastLineCount(),
                     qPrintable(QString::number(simple->lastLineCount())));
    }
}

void TestTrackLayer::levelsKeepEndpoints()
{
    const auto store = randomFleet(20, 400, 3);
    const auto g = TrackGeometry::build(store);
    for (int z = 0; z < 20; ++z) {
        const TrackGeometry::Level &level = g->levelForZoom(z);
        for (size_t s = 0; s < store->segmentCount(); ++s) {
            const uint32_t b = level.segBegin[s], e = level.segBegin[s + 1];
            QVERIFY(e >= b + std::min<uint32_t>(2, store->segmentEnd(s) - store->segmentBegin(s)));
            QCOMPARE(level.position(b), store->segmentBegin(s));
            QCOMPARE(level.position(e - 1), store->segmentEnd(s) - 1);
            for (uint32_t k = b + 1; k < e; ++k)
                QVERIFY(level.position(k) > level.position(k - 1));
        }
    }
}

void TestTrackLayer::playbackArrow()
{
    std::vector<Report> r;
    steam(r, 211000001, kT0, kT0 + 2 * kLeg, kLeg, 0.0, 0.0); // lon 0, 1, 2
    steam(r, 211000001, kT0 + 10 * kLeg, kT0 + 11 * kLeg, kLeg, 0.0, 3.0);
    // Course not reported: the arrow points along the track (north-east).
    r.push_back({211000002, kT0, 1.0, 0.0});
    r.push_back({211000002, kT0 + kLeg, 1.5, 0.5});
    const auto layer = layerOf(storeOf(r));
    QVERIFY(layer->arrows().empty());
    layer->setTimeWindow(kT0, kT0 + 3 * kLeg / 2);
    layer->setPlayhead(kT0 + 3 * kLeg / 2);
    auto arrows = layer->arrows();
    QCOMPARE(arrows.size(), size_t(1)); // vessel 2's track ended a leg after the start
    QCOMPARE(arrows[0].vessel, 0u);
    QVERIFY(std::abs(arrows[0].lon - 1.5) < 1e-6);
    QVERIFY(std::abs(arrows[0].lat) < 1e-6);
    QCOMPARE(arrows[0].course, 90.0);
    layer->setPlayhead(kT0 + kLeg / 2);
    arrows = layer->arrows();
    QCOMPARE(arrows.size(), size_t(2));
    QVERIFY(std::abs(arrows[1].lon - 0.25) < 1e-6);
    QVERIFY(std::abs(arrows[1].course - 45) < 0.5);
    // In the gap between vessel 1's segments: no arrow, nothing interpolated across it.
    layer->setPlayhead(kT0 + 5 * kLeg);
    QVERIFY(layer->arrows().empty());

    // Drawn where it is: the arrow's pixels are inked, with the tail only behind it.
    layer->setTimeWindow(kT0, kT0 + 3 * kLeg / 2);
    layer->setPlayhead(kT0 + 3 * kLeg / 2);
    const MapViewport vp(0, 1.5, 8, QSize(600, 200));
    const QImage image = render(*layer, vp);
    const QPointF head = vp.toPixel(0, 1.5);
    QVERIFY(inked(image, head + QPointF(0, 4))); // the arrow's wings, off the line
    QCOMPARE(inkAlong(image, vp, 0, 1.56, 2.5), 0.0); // nothing ahead of the play head
    // The tail is stronger near the head than at the window's start.
    const QColor nearHead = image.pixelColor(vp.toPixel(0, 1.35).toPoint());
    const QColor old = image.pixelColor(vp.toPixel(0, 0.2).toPoint());
    QVERIFY(nearHead != kBackground && old != kBackground);
    auto contrast = [](const QColor &c) {
        return std::abs(c.red() - kBackground.red()) + std::abs(c.green() - kBackground.green())
            + std::abs(c.blue() - kBackground.blue());
    };
    QVERIFY(contrast(nearHead) > contrast(old));
}

void TestTrackLayer::hoverFindsNearest()
{
    const auto store = randomFleet(40, 300, 11);
    const auto layer = layerOf(store);
    layer->setTimeWindow(kT0 + kHour, kT0 + 6 * kHour);
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(0, 1);
    int hits = 0;
    for (int i = 0; i < 300; ++i) {
        const MapViewport vp(54 + 4 * u(rng), 3 + 8 * u(rng), 5 + 5 * u(rng), QSize(640, 480));
        const QPointF q(640 * u(rng), 480 * u(rng));
        const double radius = 2 + 30 * u(rng);
        double best = std::numeric_limits<double>::infinity();
        for (uint32_t v = 0; v < store->vesselCount(); ++v)
            for (uint32_t p = store->vesselPositionBegin(v); p < store->vesselPositionEnd(v); ++p) {
                if (!layer->showsPosition(v, p))
                    continue;
                const double d = QLineF(vp.toPixel(store->lat(p), store->lon(p)), q).length();
                if (d <= radius)
                    best = std::min(best, d);
            }
        const auto hit = layer->positionAt(q, vp, radius);
        if (!std::isfinite(best)) {
            QVERIFY(!hit);
            continue;
        }
        ++hits;
        QVERIFY(hit);
        QVERIFY2(std::abs(hit->distance - best) < 0.05,
                 qPrintable(QStringLiteral("%1 vs %2").arg(hit->distance).arg(best)));
        QVERIFY(layer->showsPosition(hit->vessel, hit->position));
    }
    QVERIFY(hits > 20);
    // The tool tip names the vessel, the time, the speed and the course.
    const uint32_t p = store->vesselPositionBegin(3) + 100;
    layer->setTimeWindow(std::nullopt, std::nullopt);
    const MapViewport vp(store->lat(p), store->lon(p), 14, QSize(640, 480));
    const QString tip = layer->toolTipAt(vp.toPixel(store->lat(p), store->lon(p)), vp);
    QVERIFY2(tip.contains(QStringLiteral("MMSI 211000003")), qPrintable(tip));
    QVERIFY(tip.contains(QStringLiteral(" UTC")));
    QVERIFY(tip.contains(QStringLiteral(" kn")));
    QVERIFY(tip.contains(QStringLiteral("course ")));
}

void TestTrackLayer::speedColoursAndLegend()
{
    QCOMPARE(TrackLayer::speedClass(0), 0);
    QCOMPARE(TrackLayer::speedClass(1.9f), 0);
    QCOMPARE(TrackLayer::speedClass(2), 1);
    QCOMPARE(TrackLayer::speedClass(4.9f), 1);
    QCOMPARE(TrackLayer::speedClass(5), 2);
    QCOMPARE(TrackLayer::speedClass(10), 3);
    QCOMPARE(TrackLayer::speedClass(15), 4);
    QCOMPARE(TrackLayer::speedClass(30), 4);
    QCOMPARE(TrackLayer::speedClass(NAN), 5);
    for (int i = 0; i < TrackLayer::kSpeedClasses; ++i)
        for (int j = i + 1; j < TrackLayer::kSpeedClasses; ++j)
            QVERIFY(TrackLayer::speedColor(i) != TrackLayer::speedColor(j));

    std::vector<Report> r;
    steam(r, 211000001, kT0, kT0 + kLeg, 10 * kMin, 0.0, 0.0, 1.0f);
    steam(r, 211000002, kT0, kT0 + kLeg, 10 * kMin, 0.5, 0.0, 12.0f);
    const auto store = storeOf(r);
    const auto layer = layerOf(store);
    const MapViewport vp(0.25, 0.5, 9, QSize(600, 400));
    QImage image = render(*layer, vp);
    // The line's strongest pixel across it is its colour over the background (the
    // anti-aliasing blends the two by the pixel's coverage).
    auto colourNear = [&image](QPointF px, const QColor &want) {
        QColor best = kBackground;
        double bestA = 0;
        for (int dy = -2; dy <= 2; ++dy) {
            const QColor c = image.pixelColor(px.toPoint() + QPoint(0, dy));
            // Coverage from the channel the colour differs most in.
            const int ch[3][2] = {
                {c.red() - kBackground.red(), want.red() - kBackground.red()},
                {c.green() - kBackground.green(), want.green() - kBackground.green()},
                {c.blue() - kBackground.blue(), want.blue() - kBackground.blue()}};
            int k = 0;
            for (int i = 1; i < 3; ++i)
                if (std::abs(ch[i][1]) > std::abs(ch[k][1]))
                    k = i;
            const double a = double(ch[k][0]) / ch[k][1];
            if (a > bestA) {
                bestA = a;
                best = c;
            }
        }
        if (bestA < 0.3)
            return false;
        // Every channel agrees with that coverage.
        auto blend = [bestA](int bg, int fg) { return bg + bestA * (fg - bg); };
        return std::abs(best.red() - blend(kBackground.red(), want.red())) < 16
            && std::abs(best.green() - blend(kBackground.green(), want.green())) < 16
            && std::abs(best.blue() - blend(kBackground.blue(), want.blue())) < 16;
    };
    QVERIFY(colourNear(vp.toPixel(0, 0.5), TrackLayer::speedColor(0)));
    QVERIFY(colourNear(vp.toPixel(0.5, 0.5), TrackLayer::speedColor(3)));
    layer->setColorMode(TrackLayer::ColorMode::Vessel);
    image = render(*layer, vp);
    QVERIFY(colourNear(vp.toPixel(0, 0.5), TrackLayer::vesselColor(*store, 0)));
    QVERIFY(colourNear(vp.toPixel(0.5, 0.5), TrackLayer::vesselColor(*store, 1)));

    // The legend: the five ranges, no speed, the dashed gap; drawn with those colours.
    layer->setColorMode(TrackLayer::ColorMode::Speed);
    const auto entries = layer->legendEntries();
    QCOMPARE(entries.size(), 7);
    QCOMPARE(entries[0].label, QStringLiteral("0\u20132 kn"));
    QCOMPARE(entries[4].label, QStringLiteral("15 kn and more"));
    QVERIFY(entries[6].dashed);
    layer->setLegendVisible(true);
    const QRectF box = layer->legendRect(vp);
    QVERIFY(!box.isEmpty());
    image = render(*layer, vp);
    for (int i = 0; i < TrackLayer::kSpeedClasses; ++i) {
        bool found = false;
        const QColor want = TrackLayer::speedColor(i);
        for (int y = int(box.top()); y < int(box.bottom()) && !found; ++y)
            for (int x = int(box.left()); x < int(box.left()) + 30 && !found; ++x) {
                const QColor c = image.pixelColor(x, y);
                found = std::abs(c.red() - want.red()) < 12
                    && std::abs(c.green() - want.green()) < 12
                    && std::abs(c.blue() - want.blue()) < 12;
            }
        QVERIFY2(found, qPrintable(TrackLayer::speedLabel(i)));
    }
    QVERIFY(saveScreenshot(image, QStringLiteral("tracks-legend.png")));
}

void TestTrackLayer::focusAndHighlight()
{
    std::vector<Report> r;
    steam(r, 211000001, kT0, kT0 + kLeg, 10 * kMin, 0.0, 0.0);
    steam(r, 211000002, kT0, kT0 + kLeg, 10 * kMin, 0.5, 0.0);
    const auto layer = layerOf(storeOf(r));
    const MapViewport vp(0.25, 0.5, 9, QSize(600, 400));
    layer->setTimeWindow(kT0 + 3 * kLeg, kT0 + 4 * kLeg); // shows nothing
    QCOMPARE(inkedCount(render(*layer, vp)), 0);
    // The focus shows its vessel in its interval, whatever the window.
    layer->setFocus({1}, kT0, kT0 + kLeg / 2);
    QImage image = render(*layer, vp);
    QVERIFY(inkAlong(image, vp, 0.5, 0.05, 0.45) > 0.95);
    QCOMPARE(inkAlong(image, vp, 0.5, 0.55, 1.0), 0.0);
    QCOMPARE(inkAlong(image, vp, 0.0, 0.0, 1.0), 0.0);
    QVERIFY(!layer->positionAt(vp.toPixel(0, 0.2), vp));
    QVERIFY(layer->positionAt(vp.toPixel(0.5, 0.2), vp));
    layer->clearFocus();
    QCOMPARE(inkedCount(render(*layer, vp)), 0);

    // Highlighted: thicker than the others.
    layer->setTimeWindow(std::nullopt, std::nullopt);
    layer->setHighlightedVessels({0});
    image = render(*layer, vp);
    auto thickness = [&image](QPointF px) {
        int n = 0;
        for (int dy = -6; dy <= 6; ++dy)
            n += image.pixelColor(px.toPoint() + QPoint(0, dy)) != kBackground;
        return n;
    };
    QVERIFY(thickness(vp.toPixel(0, 0.5)) >= thickness(vp.toPixel(0.5, 0.5)) + 2);
}

void TestTrackLayer::layerSetAndExport()
{
    // Under the events, above the overlays, in the window's set and in `render`'s.
    MapLayerSet set;
    const QList<MapLayer *> layers = set.layers();
    QVERIFY(layers.indexOf(set.tracks()) >= 0);
    QVERIFY(layers.indexOf(set.tracks()) < layers.indexOf(set.events()));
    QCOMPARE(set.tracks()->slot(), MapLayer::Slot::Tracks);

    std::vector<Report> r;
    steam(r, 211000001, kT0, kT0 + kLeg, 10 * kMin, 0.0, 0.0);
    set.tracks()->setTracks(storeOf(r));
    set.tracks()->setColorMode(TrackLayer::ColorMode::Vessel);
    set.tracks()->setTimeWindow(kT0, kT0 + kLeg / 2);
    const MapViewport vp(0, 0.5, 9, QSize(600, 300));
    RenderOptions options;
    options.basemap = RenderOptions::Basemap::None;
    options.graticule = false;
    options.scaleBar = false;
    options.attribution = false;
    const auto scene = ExportScene::snapshot(set, vp, options, ExportContext());
    TrackLayer *copy = scene->layers().tracks();
    QCOMPARE(copy->geometry(), set.tracks()->geometry()); // shared, not rebuilt
    QCOMPARE(copy->colorMode(), TrackLayer::ColorMode::Vessel);
    QCOMPARE(copy->windowTo(), std::optional<int64_t>(kT0 + kLeg / 2));
    // The export's renderer draws it: half the track, the legend under the events'.
    QImage image(vp.size(), QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    scene->renderer().render(p, vp, options);
    p.end();
    const QColor sea = scene->renderer().seaColor();
    auto inkedAt = [&](double lon) {
        const QPointF px = vp.toPixel(0, lon);
        for (int dy = -1; dy <= 1; ++dy)
            if (image.pixelColor(px.toPoint() + QPoint(0, dy)) != sea)
                return true;
        return false;
    };
    QVERIFY(inkedAt(0.25));
    QVERIFY(!inkedAt(0.75));
    QVERIFY(!copy->legendRect(vp).isEmpty());
}

void TestTrackLayer::screenshots()
{
    const auto store = randomFleet(150, 700, 21);
    TrackLayer layer;
    layer.setTracks(store);
    BasemapLayer land;
    struct Shot
    {
        MapViewport vp;
        const char *name;
    };
    const Shot shots[] = {{MapViewport(50, 5, 2.2, QSize(900, 600)), "tracks-world.png"},
                          {MapViewport(56, 7, 6.3, QSize(900, 600)), "tracks-regional.png"},
                          {MapViewport(56.2, 7.2, 10, QSize(900, 600)), "tracks-close.png"}};
    for (const Shot &s : shots) {
        Basemap::instance()->waitFor(Basemap::detailForZoom(s.vp.zoom()));
        QImage image(s.vp.size(), QImage::Format_ARGB32_Premultiplied);
        image.fill(BasemapLayer::seaColor());
        QPainter p(&image);
        land.paint(p, s.vp, RenderOptions());
        layer.paint(p, s.vp, RenderOptions());
        p.end();
        QVERIFY(layer.lastLineCount() > 0);
        QVERIFY(saveScreenshot(image, QString::fromLatin1(s.name)));
    }
    // Playback: the window's last 2 h strong, arrows at the play head.
    layer.setTimeWindow(kT0, kT0 + 8 * kHour);
    layer.setPlayhead(kT0 + 8 * kHour);
    QVERIFY(!layer.arrows().empty());
    const MapViewport vp(56, 7, 6.3, QSize(900, 600));
    QImage image(vp.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(BasemapLayer::seaColor());
    QPainter p(&image);
    land.paint(p, vp, RenderOptions());
    layer.paint(p, vp, RenderOptions());
    p.end();
    QVERIFY(saveScreenshot(image, QStringLiteral("tracks-playback.png")));
}

QTEST_MAIN(TestTrackLayer)
#include "tst_tracklayer.moc"

#include "io/gdalmodule.h"
#include "map/basemap.h"
#include "map/basemaplayer.h"
#include "screenshots.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace {
bool close(QColor a, QColor b, int tolerance = 6)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

QString describe(QColor c)
{
    return c.name();
}

QImage render(const MapViewport &v, const Basemap &basemap)
{
    QImage image(v.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(BasemapLayer::seaColor());
    const std::shared_ptr<const Basemap::Level> level = basemap.levelForZoom(v.zoom());
    QPainter p(&image);
    BasemapLayer::paintLevel(p, *level, v);
    return image;
}

QColor at(const QImage &image, const MapViewport &v, double lat, double lon)
{
    const QPoint p = v.toPixel(lat, lon).toPoint();
    return image.pixelColor(p);
}
} // namespace

class TestBasemapLayer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void readShapes();
    void levels();
    void resourcesFolder();
    void missingFolder();
    void pixels_data();
    void pixels();
    void antimeridian_data();
    void antimeridian();
    void noneDrawsNothing();
    void highDpi();
    void sharedInstance();
    void screenshots();

private:
    Basemap *m_basemap = nullptr;
};

void TestBasemapLayer::initTestCase()
{
    m_basemap = new Basemap(this);
    QSignalSpy loaded(m_basemap, &Basemap::levelLoaded);
    QSignalSpy finished(m_basemap, &Basemap::finished);
    QElapsedTimer t;
    t.start();
    m_basemap->load(Basemap::resourcesFolder());
    // The coarse level comes first and quickly, the rest follows.
    QVERIFY(loaded.wait(20000));
    QCOMPARE(loaded.first().first().value<Basemap::Detail>(), Basemap::Detail::Low);
    qInfo("110m ready after %lld ms", t.elapsed());
    QVERIFY(finished.wait(60000));
    qInfo("all levels after %lld ms", t.elapsed());
    QCOMPARE(loaded.size(), 3);
    QVERIFY2(m_basemap->error().isEmpty(), qPrintable(m_basemap->error()));
    QVERIFY(m_basemap->isFinished());
}

void TestBasemapLayer::readShapes()
{
    const QString dir = QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/basemap"); // the TopoJSON
    const gdal::ShapeLayer land = gdal::readShapes(dir + QStringLiteral("/land-110m.json"));
    QVERIFY2(land.error.isEmpty(), qPrintable(land.error));
    QCOMPARE(land.name, QStringLiteral("land")); // the first layer when none is named
    QVERIFY(!land.shapes.empty());
    for (const gdal::GeoShape &s : land.shapes) {
        QCOMPARE(s.kind, gdal::GeoShape::Kind::Polygon);
        for (const auto &ring : s.parts) {
            QVERIFY(ring.size() >= 3);
            for (const auto &[lon, lat] : ring) // longitude first
                QVERIFY(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90);
        }
    }

    const gdal::ShapeLayer countries =
        gdal::readShapes(dir + QStringLiteral("/countries-110m.json"), QStringLiteral("countries"));
    QVERIFY2(countries.error.isEmpty(), qPrintable(countries.error));
    QCOMPARE(countries.fields, (QStringList {QStringLiteral("id"), QStringLiteral("name")}));
    const auto australia =
        std::find_if(countries.shapes.begin(), countries.shapes.end(), [](const gdal::GeoShape &s) {
            return s.attributes.value(1) == QLatin1String("Australia");
        });
    QVERIFY(australia != countries.shapes.end());
    QCOMPARE(australia->attributes.value(0), QStringLiteral("036"));
    // Australia lies east of 110°E and south of 9°S: the axis order is lon, lat.
    for (const auto &ring : australia->parts) {
        for (const auto &[lon, lat] : ring)
            QVERIFY(lon > 110 && lat < -9);
    }

    // A layer in another CRS comes out in lon/lat; lines and points keep their kind;
    // attributes are text in field order, unset ones empty.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString mercator = tmp.filePath(QStringLiteral("mercator.geojson"));
    {
        QFile f(mercator);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
            "features": [
            {"type": "Feature", "properties": {"n": "a", "v": 1.5},
             "geometry": {"type": "LineString",
                          "coordinates": [[0, 0], [1113194.9079327357, 1118889.9748579594]]}},
            {"type": "Feature", "properties": {"n": null, "v": 2},
             "geometry": {"type": "Point", "coordinates": [-20037508.342789244, 0]}}]})");
    }
    const gdal::ShapeLayer m = gdal::readShapes(mercator);
    QVERIFY2(m.error.isEmpty(), qPrintable(m.error));
    QCOMPARE(m.shapes.size(), size_t(2));
    QCOMPARE(m.shapes[0].kind, gdal::GeoShape::Kind::Line);
    QCOMPARE(m.shapes[0].attributes, (QStringList {QStringLiteral("a"), QStringLiteral("1.5")}));
    QCOMPARE(m.shapes[0].parts.size(), size_t(1));
    QCOMPARE(m.shapes[0].parts[0].size(), size_t(2));
    QVERIFY(std::abs(m.shapes[0].parts[0][1].first - 10.0) < 1e-6);
    QVERIFY(std::abs(m.shapes[0].parts[0][1].second - 10.0) < 1e-6);
    QCOMPARE(m.shapes[1].kind, gdal::GeoShape::Kind::Point);
    QCOMPARE(m.shapes[1].attributes, (QStringList {QString(), QStringLiteral("2")}));
    QVERIFY(std::abs(m.shapes[1].parts[0][0].first + 180.0) < 1e-6);

    // A wrong layer name and a missing file are errors, not empty layers.
    const gdal::ShapeLayer wrong =
        gdal::readShapes(dir + QStringLiteral("/land-110m.json"), QStringLiteral("oceans"));
    QVERIFY(wrong.error.contains(QLatin1String("oceans")));
    QVERIFY(wrong.error.contains(QLatin1String("land"))); // lists the layers there are
    const gdal::ShapeLayer missing = gdal::readShapes(dir + QStringLiteral("/nope.json"));
    QVERIFY(!missing.error.isEmpty());
    QVERIFY(missing.shapes.empty());
}

void TestBasemapLayer::levels()
{
    QCOMPARE(Basemap::detailForZoom(0), Basemap::Detail::Low);
    QCOMPARE(Basemap::detailForZoom(2.9), Basemap::Detail::Low);
    QCOMPARE(Basemap::detailForZoom(3), Basemap::Detail::Medium);
    QCOMPARE(Basemap::detailForZoom(5.4), Basemap::Detail::Medium);
    QCOMPARE(Basemap::detailForZoom(5.5), Basemap::Detail::High);
    QCOMPARE(Basemap::detailForZoom(19), Basemap::Detail::High);
    int previous = 0;
    for (int i = 0; i < Basemap::kDetailCount; ++i) {
        const auto level = m_basemap->level(Basemap::Detail(i));
        QVERIFY(level);
        QVERIFY(!level->land.empty());
        QVERIFY(!level->coast.empty());
        QVERIFY(!level->borders.empty());
        QVERIFY(level->vertexCount > previous); // finer levels have more detail
        previous = level->vertexCount;
        for (const Basemap::Piece &p : level->land) {
            QVERIFY(p.bounds.left() >= -1 && p.bounds.right() <= 257);
            QVERIFY(p.bounds.top() >= 0 && p.bounds.bottom() <= 256);
        }
    }
    QCOMPARE(m_basemap->levelForZoom(9.0), m_basemap->level(Basemap::Detail::High));
    QVERIFY(m_basemap->waitFor(Basemap::Detail::High)); // loaded: returns at once
}

void TestBasemapLayer::resourcesFolder()
{
    // From the build tree: the prepared files the build wrote there.
    const QString folder = Basemap::resourcesFolder();
    QCOMPARE(folder,
             QDir(QStringLiteral(RENDEZVOUS_BUILD_DIR "/resources/basemap")).absolutePath());
    // The environment comes first, when it holds the prepared files; the TopoJSON
    // alone (the source tree) is not a basemap the application can read.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(QDir(tmp.path()).mkdir(QStringLiteral("basemap")));
    const QString name = Basemap::preparedFileName(Basemap::Detail::Low);
    QVERIFY(
        QFile::copy(QDir(folder).filePath(name), tmp.filePath(QStringLiteral("basemap/") + name)));
    qputenv("RENDEZVOUS_RESOURCES", tmp.path().toUtf8());
    QCOMPARE(Basemap::resourcesFolder(),
             QDir(tmp.filePath(QStringLiteral("basemap"))).absolutePath());
    qputenv("RENDEZVOUS_RESOURCES", RENDEZVOUS_SOURCE_DIR "/resources");
    QCOMPARE(Basemap::resourcesFolder(), folder);
    qunsetenv("RENDEZVOUS_RESOURCES");
}

void TestBasemapLayer::missingFolder()
{
    Basemap b;
    QSignalSpy finished(&b, &Basemap::finished);
    b.load(QStringLiteral("/nonexistent/basemap"));
    QVERIFY(finished.wait(10000));
    QVERIFY(!b.error().isEmpty());
    QVERIFY(!b.levelForZoom(3));
    QVERIFY(!b.waitFor(Basemap::Detail::Low));
}

void TestBasemapLayer::pixels_data()
{
    QTest::addColumn<double>("centerLat");
    QTest::addColumn<double>("centerLon");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<bool>("land");
    // World view.
    QTest::newRow("world: Australia") << 20.0 << 0.0 << 2.6 << -25.0 << 134.0 << true;
    QTest::newRow("world: Sahara") << 20.0 << 0.0 << 2.6 << 22.0 << 10.0 << true;
    QTest::newRow("world: Congo") << 20.0 << 0.0 << 2.6 << -2.0 << 23.0 << true;
    QTest::newRow("world: Siberia") << 20.0 << 0.0 << 2.6 << 62.0 << 100.0 << true;
    QTest::newRow("world: mid-Pacific") << 20.0 << 0.0 << 2.6 << 0.0 << -150.0 << false;
    QTest::newRow("world: mid-Atlantic") << 20.0 << 0.0 << 2.6 << 30.0 << -40.0 << false;
    QTest::newRow("world: Indian Ocean") << 20.0 << 0.0 << 2.6 << -20.0 << 80.0 << false;
    QTest::newRow("world: Caspian Sea is not land") << 20.0 << 0.0 << 2.6 << 42.0 << 50.8 << false;
    // Regional: the East China Sea.
    QTest::newRow("ecs: sea") << 31.0 << 123.5 << 5.0 << 30.0 << 125.0 << false;
    QTest::newRow("ecs: Yellow Sea") << 31.0 << 123.5 << 5.0 << 35.5 << 123.5 << false;
    QTest::newRow("ecs: China inland") << 31.0 << 123.5 << 5.0 << 30.0 << 116.0 << true;
    QTest::newRow("ecs: Korea") << 31.0 << 123.5 << 5.0 << 36.5 << 128.0 << true;
    QTest::newRow("ecs: Kyushu") << 31.0 << 123.5 << 5.0 << 32.6 << 131.0 << true;
    QTest::newRow("ecs: Taiwan") << 31.0 << 123.5 << 5.0 << 23.7 << 121.0 << true;
    // Close: the Shanghai coast at zoom 9.
    QTest::newRow("close: Shanghai inland") << 31.2 << 121.8 << 9.0 << 31.15 << 121.3 << true;
    QTest::newRow("close: Chongming island") << 31.2 << 121.8 << 9.0 << 31.6 << 121.55 << true;
    QTest::newRow("close: sea east of Shanghai") << 31.2 << 121.8 << 9.0 << 30.9 << 122.6 << false;
    QTest::newRow("close: Hangzhou Bay") << 31.2 << 121.8 << 9.0 << 30.45 << 121.5 << false;
}

void TestBasemapLayer::pixels()
{
    QFETCH(double, centerLat);
    QFETCH(double, centerLon);
    QFETCH(double, zoom);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(bool, land);
    const MapViewport v(centerLat, centerLon, zoom, QSize(1600, 1000));
    const QImage image = render(v, *m_basemap);
    const QColor c = at(image, v, lat, lon);
    const QColor want = land ? BasemapLayer::landColor() : BasemapLayer::seaColor();
    QVERIFY2(close(c, want),
             qPrintable(QStringLiteral("%1, want %2").arg(describe(c), describe(want))));
}

void TestBasemapLayer::antimeridian_data()
{
    QTest::addColumn<double>("centerLat");
    QTest::addColumn<double>("centerLon");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<bool>("land");
    QTest::newRow("z3 Chukotka west") << 65.0 << 180.0 << 3.0 << 66.0 << 170.0 << true;
    QTest::newRow("z3 Chukotka east") << 65.0 << 180.0 << 3.0 << 66.8 << -175.0 << true;
    QTest::newRow("z3 Alaska") << 65.0 << 180.0 << 3.0 << 65.0 << -155.0 << true;
    QTest::newRow("z3 Bering Sea") << 65.0 << 180.0 << 3.0 << 58.0 << -178.0 << false;
    // On the cut itself: the two copies of the world must meet without a seam.
    QTest::newRow("z3 on 180") << 65.0 << 180.0 << 3.0 << 68.0 << 180.0 << true;
    QTest::newRow("z7 on 180") << 67.5 << 180.0 << 7.0 << 68.0 << 180.0 << true;
    QTest::newRow("z7 on 180 south") << 67.5 << 180.0 << 7.0 << 67.0 << 180.0 << true;
    QTest::newRow("z1.5 Alaska from Europe") << 50.0 << 30.0 << 1.5 << 65.0 << -155.0 << true;
    QTest::newRow("z6 Fiji Viti Levu") << -17.0 << 180.0 << 6.0 << -17.8 << 178.0 << true;
    QTest::newRow("z6 Fiji Vanua Levu") << -17.0 << 180.0 << 6.0 << -16.55 << 179.2 << true;
    QTest::newRow("z6 Pacific east of 180") << -17.0 << 180.0 << 6.0 << -17.0 << -176.0 << false;
    QTest::newRow("z6 Samoa, east of 180") << -14.0 << 180.0 << 6.0 << -13.6 << -172.45 << true;
}

void TestBasemapLayer::antimeridian()
{
    QFETCH(double, centerLat);
    QFETCH(double, centerLon);
    QFETCH(double, zoom);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(bool, land);
    const MapViewport v(centerLat, centerLon, zoom, QSize(1600, 1000));
    const QImage image = render(v, *m_basemap);
    const QColor c = at(image, v, lat, lon);
    const QColor want = land ? BasemapLayer::landColor() : BasemapLayer::seaColor();
    QVERIFY2(close(c, want),
             qPrintable(QStringLiteral("%1, want %2").arg(describe(c), describe(want))));
}

void TestBasemapLayer::noneDrawsNothing()
{
    BasemapLayer layer(m_basemap);
    QCOMPARE(layer.slot(), MapLayer::Slot::Basemap);
    const MapViewport v(20, 0, 1, QSize(600, 400));
    QImage image(v.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(BasemapLayer::seaColor());
    const QImage sea = image;
    RenderOptions options;
    options.basemap = RenderOptions::Basemap::None;
    {
        QPainter p(&image);
        layer.paint(p, v, options);
    }
    QCOMPARE(image, sea);
    options.basemap = RenderOptions::Basemap::Land;
    {
        QPainter p(&image);
        layer.paint(p, v, options);
    }
    QVERIFY(image != sea);
    QVERIFY(close(at(image, v, -25, 134), BasemapLayer::landColor()));
}

void TestBasemapLayer::highDpi()
{
    // A 2x device: the same view, twice the pixels; lines stay as wide in logical pixels.
    BasemapLayer layer(m_basemap);
    const MapViewport v(31, 123.5, 5, QSize(800, 500), 2.0);
    QImage image(v.size() * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2.0);
    image.fill(BasemapLayer::seaColor());
    {
        QPainter p(&image);
        layer.paint(p, v, RenderOptions());
    }
    const auto device = [&](double lat, double lon) {
        return image.pixelColor((v.toPixel(lat, lon) * 2.0).toPoint());
    };
    QVERIFY(close(device(30.0, 116.0), BasemapLayer::landColor()));
    QVERIFY(close(device(30.0, 125.0), BasemapLayer::seaColor()));
    QVERIFY(close(device(36.5, 128.0), BasemapLayer::landColor()));
    // The coast is drawn across the whole 2x image, not only its top-left quarter.
    const QPoint kyushuWest = (v.toPixel(33.0, 129.6) * 2.0).toPoint();
    QVERIFY(kyushuWest.x() > 800 && kyushuWest.y() > 200);
}

void TestBasemapLayer::sharedInstance()
{
    Basemap *shared = Basemap::instance();
    QVERIFY(shared);
    QCOMPARE(Basemap::instance(), shared);
    QCOMPARE(shared->parent(), QCoreApplication::instance());
    BasemapLayer layer;
    QCOMPARE(layer.basemap(), shared);
    QSignalSpy changed(&layer, &MapLayer::changed);
    // The layer asks for a repaint when a level arrives.
    QVERIFY(changed.wait(20000));
    QVERIFY(shared->levelForZoom(0));
}

// Views with both land and sea: each picture must show both (neither colour covers
// the whole map), and is written for people only when RENDEZVOUS_SCREENSHOTS names a
// folder (the drawing time of these views is in tests/bench/bench_start).
void TestBasemapLayer::screenshots()
{
    const struct
    {
        const char *file;
        MapViewport view;
    } shots[] = {
        {"basemap_world.png", MapViewport(20, 0, 2.6, QSize(1600, 1000))},
        {"basemap_ecs.png", MapViewport(31, 123.5, 5, QSize(1600, 1000))},
        {"basemap_close.png", MapViewport(31.2, 121.8, 9, QSize(1600, 1000))},
        {"basemap_pacific.png", MapViewport(60, 180, 3, QSize(1600, 1000))},
    };
    for (const auto &s : shots) {
        const QImage image = render(s.view, *m_basemap).convertToFormat(QImage::Format_RGB32);
        QHash<QRgb, qint64> counts;
        for (int y = 0; y < image.height(); ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
            for (int x = 0; x < image.width(); ++x)
                ++counts[line[x]];
        }
        qint64 most = 0;
        for (const qint64 n : std::as_const(counts))
            most = std::max(most, n);
        const qint64 total = qint64(image.width()) * image.height();
        QVERIFY2(most < total * 99 / 100, s.file); // not one colour (all sea, or all land)
        QVERIFY2(saveScreenshot(image, QLatin1String(s.file)), s.file);
    }
}

QTEST_MAIN(TestBasemapLayer)
#include "tst_basemaplayer.moc"

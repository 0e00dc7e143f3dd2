#include "map/tilelayer.h"

#include "io/gdalmodule.h"
#include "tileserver.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "screenshots.h"

namespace {
const QColor kBackground(255, 0, 255);

RenderOptions tileOptions()
{
    RenderOptions options;
    options.basemap = RenderOptions::Basemap::Tiles;
    return options;
}

QImage render(const TileLayer &layer, const MapViewport &viewport)
{
    QImage image(viewport.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(kBackground);
    QPainter painter(&image);
    layer.paint(painter, viewport, tileOptions());
    return image;
}

// Repaints and lets the requests run until a repaint asks for nothing more, as the
// widget would while tiles come in. Waits on the layer, not on time: the generous
// timeout only stops a test whose tiles never come.
QImage settle(const TileLayer &layer, const MapViewport &viewport)
{
    for (int round = 0; round < 50; ++round) {
        render(layer, viewport);
        if (!layer.isLoading())
            break;
        if (!QTest::qWaitFor([&layer] { return !layer.isLoading(); }, 20000))
            break;
    }
    return render(layer, viewport);
}

bool near(QColor a, QColor b, int tolerance = 3)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

QString describe(QColor c)
{
    return QStringLiteral("(%1, %2, %3)").arg(c.red()).arg(c.green()).arg(c.blue());
}

// The whole world at zoom 2 fills exactly 1024 x 1024 pixels: tile (x, y) is centred at
// (128 + 256x, 128 + 256y).
MapViewport worldAtZoom2()
{
    return MapViewport(0, 0, 2, QSize(1024, 1024));
}

QString fixture()
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/mbtiles/world-z2.mbtiles");
}
QColor fixtureColour(int x, int y)
{
    return QColor(40 + 60 * x, 40 + 60 * y, 200);
}
} // namespace

class TstTileLayer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void urlTemplate_data();
    void urlTemplate();
    void userAgent();
    void tileZoom_data();
    void tileZoom();
    void tilesArriveAndArePainted();
    void secondLayerUsesDiskCache();
    void fractionalZoomAcrossAntimeridian();
    void outOfViewRequestsAreCancelled();
    void hangingServerNeverBlocksPaint();
    void readMbTile();
    void mbtilesSourcePaintsItsTiles();
    void screenshot();

private:
    TileLayer *newLayer(const QString &mode, const QString &cacheDir = QString());

    TileServer m_server;
    QTemporaryDir m_dir;
};

void TstTileLayer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start());
}

TileLayer *TstTileLayer::newLayer(const QString &mode, const QString &cacheDir)
{
    auto *layer = new TileLayer(this);
    layer->setUrlTemplate(m_server.urlTemplate(mode), QStringLiteral("test tiles"));
    static int n = 0;
    layer->setCacheDirectory(cacheDir.isEmpty() ? m_dir.filePath(QStringLiteral("cache%1").arg(++n))
                                                : cacheDir);
    return layer;
}

void TstTileLayer::urlTemplate_data()
{
    QTest::addColumn<QString>("urlTemplate");
    QTest::addColumn<int>("z");
    QTest::addColumn<int>("x");
    QTest::addColumn<int>("y");
    QTest::addColumn<QString>("url");
    QTest::newRow("osm") << XyzTileSource::defaultUrlTemplate() << 5 << 27 << 12
                         << "https://tile.openstreetmap.org/5/27/12.png";
    QTest::newRow("tms row") << "http://h/{z}/{x}/{-y}.png" << 3 << 1 << 0 << "http://h/3/1/7.png";
    QTest::newRow("subdomain a") << "https://{s}.t/{z}/{x}/{y}" << 2 << 0 << 0
                                 << "https://a.t/2/0/0";
    QTest::newRow("subdomain c") << "https://{s}.t/{z}/{x}/{y}" << 2 << 1 << 1
                                 << "https://c.t/2/1/1";
    QTest::newRow("subdomain wraps")
        << "https://{s}.t/{z}/{x}/{y}" << 2 << 3 << 1 << "https://b.t/2/3/1";
}

void TstTileLayer::urlTemplate()
{
    QFETCH(QString, urlTemplate);
    QFETCH(int, z);
    QFETCH(int, x);
    QFETCH(int, y);
    QFETCH(QString, url);
    XyzTileSource source(urlTemplate);
    QCOMPARE(source.urlFor({z, x, y}).toString(), url);
}

void TstTileLayer::userAgent()
{
    QCOMPARE(XyzTileSource::userAgent(),
             QByteArray("Rendezvous/9.8.7 (desktop GIS viewer; +contact in README)"));
    TileLayer layer;
    QCOMPARE(layer.attribution(), QStringLiteral("\u00a9 OpenStreetMap contributors"));
    QCOMPARE(qobject_cast<XyzTileSource *>(layer.source())->urlTemplate(),
             QStringLiteral("https://tile.openstreetmap.org/{z}/{x}/{y}.png"));
}

void TstTileLayer::tileZoom_data()
{
    QTest::addColumn<double>("viewZoom");
    QTest::addColumn<int>("tileZoom");
    QTest::newRow("integer") << 2.0 << 2;
    QTest::newRow("fraction") << 2.7 << 2;
    QTest::newRow("rounding noise") << 2.9999999999 << 3;
    QTest::newRow("zero") << 0.0 << 0;
    QTest::newRow("past the source's max") << 21.5 << 19;
}

void TstTileLayer::tileZoom()
{
    QFETCH(double, viewZoom);
    QFETCH(int, tileZoom);
    TileLayer layer;
    QCOMPARE(layer.tileZoom(viewZoom), tileZoom);
}

void TstTileLayer::tilesArriveAndArePainted()
{
    std::unique_ptr<TileLayer> layer(newLayer(QStringLiteral("mixed")));
    QSignalSpy changed(layer.get(), &MapLayer::changed);
    const MapViewport viewport = worldAtZoom2();

    // Nothing cached yet: the first paint draws nothing and only schedules requests.
    QImage image = render(*layer, viewport);
    QCOMPARE(image.pixelColor(512, 512), kBackground);
    QCOMPARE(layer->pendingCount(), 0); // requests start from the event loop, not paint()

    QVERIFY(layer->isLoading());
    image = settle(*layer, viewport);
    QVERIFY(!layer->isLoading());
    QVERIFY(changed.count() > 0);
    QVERIFY(m_server.lastUserAgent().startsWith("Rendezvous/9.8.7 "));
    for (int y = 0; y < 4; ++y) {
        for (int x = 0; x < 4; ++x) {
            // The 404 and the garbage tile are stood in for by their parent, scaled up.
            const bool broken = (x == 3 && y == 3) || (x == 0 && y == 3);
            const QColor expected =
                broken ? TileServer::colourOf(1, x / 2, y / 2) : TileServer::colourOf(2, x, y);
            const QColor actual = image.pixelColor(128 + 256 * x, 128 + 256 * y);
            QVERIFY2(near(actual, expected),
                     qPrintable(QStringLiteral("tile %1/%2: %3, expected %4")
                                    .arg(x)
                                    .arg(y)
                                    .arg(describe(actual), describe(expected))));
        }
    }
    QCOMPARE(layer->failedCount(), 2);

    // Repainting again and again does not ask for the broken tiles again: each repaint's
    // requests (if it made any) have run before the hits are counted.
    for (int i = 0; i < 20; ++i) {
        render(*layer, viewport);
        QTRY_VERIFY(!layer->isLoading());
    }
    QCOMPARE(m_server.hits(QStringLiteral("/mixed/2/3/3.png")), 1);
    QCOMPARE(m_server.hits(QStringLiteral("/mixed/2/0/3.png")), 1);
    QCOMPARE(m_server.hits(QStringLiteral("/mixed/2/1/1.png")), 1);
    QCOMPARE(layer->failedCount(), 2);

    // Not drawn unless the options ask for tiles.
    QImage land(viewport.size(), QImage::Format_ARGB32_Premultiplied);
    land.fill(kBackground);
    QPainter painter(&land);
    layer->paint(painter, viewport, RenderOptions());
    painter.end();
    QCOMPARE(land.pixelColor(512, 512), kBackground);
}

void TstTileLayer::secondLayerUsesDiskCache()
{
    const QString cacheDir = m_dir.filePath(QStringLiteral("shared-cache"));
    const MapViewport viewport = worldAtZoom2();
    {
        std::unique_ptr<TileLayer> first(newLayer(QStringLiteral("ok"), cacheDir));
        settle(*first, viewport);
        QCOMPARE(m_server.hitsWithPrefix(QStringLiteral("/ok/2/")), 16);
    }
    m_server.resetHits();

    std::unique_ptr<TileLayer> second(newLayer(QStringLiteral("ok"), cacheDir));
    const QImage image = settle(*second, viewport);
    QCOMPARE(m_server.hitsWithPrefix(QStringLiteral("/ok/")), 0);
    QVERIFY(near(image.pixelColor(128 + 256, 128 + 512), TileServer::colourOf(2, 1, 2)));
    QVERIFY(near(image.pixelColor(128 + 768, 128), TileServer::colourOf(2, 3, 0)));
}

void TstTileLayer::fractionalZoomAcrossAntimeridian()
{
    std::unique_ptr<TileLayer> layer(newLayer(QStringLiteral("ok")));
    // Zoom 2.5 draws zoom-2 tiles scaled by √2; the view straddles 180°, so tiles of
    // both ends of the world show side by side.
    const MapViewport viewport(10, 180, 2.5, QSize(900, 600));
    const QImage image = settle(*layer, viewport);
    QCOMPARE(layer->tileZoom(viewport.zoom()), 2);
    int checked = 0;
    QSet<int> columns;
    for (int py = 10; py < 600; py += 37) {
        for (int px = 10; px < 900; px += 41) {
            double lat = 0, lon = 0;
            viewport.toLatLon(QPointF(px + 0.5, py + 0.5), &lat, &lon);
            const QPointF world = WebMercator::toWorld(lat, lon);
            const double tx = world.x() * 4, ty = world.y() * 4;
            // Skip pixels near tile edges (borders, labels, resampling).
            const double fx = tx - std::floor(tx), fy = ty - std::floor(ty);
            if (fx < 0.15 || fx > 0.85 || fy < 0.15 || fy > 0.85)
                continue;
            const int x = (int(std::floor(tx)) % 4 + 4) % 4, y = int(std::floor(ty));
            const QColor expected = TileServer::colourOf(2, x, y);
            const QColor actual = image.pixelColor(px, py);
            QVERIFY2(near(actual, expected),
                     qPrintable(QStringLiteral("pixel %1,%2 (tile 2/%3/%4): %5, expected %6")
                                    .arg(px)
                                    .arg(py)
                                    .arg(x)
                                    .arg(y)
                                    .arg(describe(actual), describe(expected))));
            columns.insert(x);
            ++checked;
        }
    }
    QVERIFY(checked > 50);
    QVERIFY(columns.contains(0) && columns.contains(3)); // both sides of 180°
}

void TstTileLayer::outOfViewRequestsAreCancelled()
{
    std::unique_ptr<TileLayer> layer(newLayer(QStringLiteral("hang")));
    layer->setRequestTimeout(60000);
    const int closedBefore = m_server.closedWhileHanging();
    const int hangingBefore = m_server.hanging();

    const MapViewport korea(37, 126, 7, QSize(1200, 800));
    render(*layer, korea);
    QTRY_COMPARE(layer->pendingCount(), TileLayer::kDefaultMaxConcurrent);
    QTRY_COMPARE(m_server.hanging() - hangingBefore, TileLayer::kDefaultMaxConcurrent);
    const QList<TileKey> before = layer->pendingTiles();

    // Far away: the old requests are aborted and the slots go to the new view.
    const MapViewport gulf(25, -90, 7, QSize(1200, 800));
    render(*layer, gulf);
    QTRY_COMPARE(layer->cancelledCount(), TileLayer::kDefaultMaxConcurrent);
    QTRY_COMPARE(layer->pendingCount(), TileLayer::kDefaultMaxConcurrent);
    for (const TileKey &key : layer->pendingTiles())
        QVERIFY(!before.contains(key));
    // The server sees the connections of the aborted requests close.
    QTRY_VERIFY(m_server.closedWhileHanging() - closedBefore >= TileLayer::kDefaultMaxConcurrent);
}

void TstTileLayer::hangingServerNeverBlocksPaint()
{
    const MapViewport viewport(35, 140, 5, QSize(1600, 1000));
    // Zoom 5 only: requests of the previous test (zoom 7) may still reach the server
    // after resetHits() when the machine is loaded, and must not be counted here.
    const QString prefix = QStringLiteral("/hang/5/");
    m_server.resetHits();
    QImage image(viewport.size(), QImage::Format_ARGB32_Premultiplied);
    const auto paint = [&](const TileLayer &layer) {
        image.fill(kBackground);
        QPainter painter(&image);
        QElapsedTimer t;
        t.start();
        layer.paint(painter, viewport, tileOptions());
        return t.elapsed();
    };

    // Requests that never end: every paint returns with them still out. A paint that
    // waited for its tiles would return only when they timed out (60 s) and find them
    // failed; the bound, half of that, is no measure of speed.
    {
        std::unique_ptr<TileLayer> layer(newLayer(QStringLiteral("hang")));
        layer->setRequestTimeout(60000);
        paint(*layer);
        QTRY_COMPARE(layer->pendingCount(), TileLayer::kDefaultMaxConcurrent);
        QTRY_COMPARE(m_server.hitsWithPrefix(prefix), TileLayer::kDefaultMaxConcurrent);
        for (int i = 0; i < 10; ++i) {
            const qint64 ms = paint(*layer);
            QVERIFY2(ms < 30000, qPrintable(QStringLiteral("a paint took %1 ms").arg(ms)));
            QCOMPARE(image.pixelColor(800, 500), kBackground); // nothing to draw
            QCOMPARE(layer->pendingCount(), TileLayer::kDefaultMaxConcurrent);
            QCOMPARE(layer->failedCount(), 0);
            QCoreApplication::processEvents();
        }
    }

    // Requests that time out fail with the reason said, and a repaint does not ask for a
    // failed tile again within the retry delay (30 s).
    std::unique_ptr<TileLayer> layer(newLayer(QStringLiteral("hang")));
    layer->setRequestTimeout(300);
    m_server.resetHits();
    paint(*layer);
    QTRY_VERIFY_WITH_TIMEOUT(layer->failedCount() >= TileLayer::kDefaultMaxConcurrent, 20000);
    QVERIFY2(layer->lastError().contains(QLatin1String("timed out")),
             qPrintable(layer->lastError()));
    for (int i = 0; i < 5; ++i) {
        paint(*layer);
        QCOMPARE(image.pixelColor(800, 500), kBackground);
        QCoreApplication::processEvents();
    }
    QVERIFY(m_server.hitsWithPrefix(prefix) > 0);
    QCOMPARE(m_server.maxHitsWithPrefix(prefix), 1);
}

void TstTileLayer::readMbTile()
{
    QString error;
    // XYZ numbering in, TMS rows inside the file: y = 0 is the northern row.
    QImage north = TileSource::decode(gdal::readMbTile(fixture(), 2, 1, 0, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!north.isNull());
    QCOMPARE(north.pixelColor(128, 128), fixtureColour(1, 0));
    const QImage south = TileSource::decode(gdal::readMbTile(fixture(), 2, 1, 3, &error));
    QCOMPARE(south.pixelColor(128, 128), fixtureColour(1, 3));

    // Absent tiles are empty without an error; unreadable files are errors, not crashes.
    QVERIFY(gdal::readMbTile(fixture(), 3, 0, 0, &error).isEmpty());
    QVERIFY(error.isEmpty());
    QVERIFY(gdal::readMbTile(fixture(), 2, 4, 0, &error).isEmpty());
    QVERIFY(error.isEmpty());
    QVERIFY(gdal::readMbTile(fixture() + QStringLiteral(".missing"), 2, 0, 0, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    const QString notMbTiles = QStringLiteral(RENDEZVOUS_TEST_DATA "/mbtiles/README.md");
    QVERIFY(gdal::readMbTile(notMbTiles, 2, 0, 0, &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void TstTileLayer::mbtilesSourcePaintsItsTiles()
{
    TileLayer layer;
    layer.setMbTilesFile(fixture());
    QImage image = settle(layer, worldAtZoom2());
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x)
            QCOMPARE(image.pixelColor(128 + 256 * x, 128 + 256 * y), fixtureColour(x, y));

    // The file has zoom 2 only: closer views over-zoom its tiles (via the ancestors).
    const MapViewport close(-30, 100, 4.3, QSize(400, 300));
    image = settle(layer, close);
    double lat = 0, lon = 0;
    close.toLatLon(QPointF(200, 150), &lat, &lon);
    const QPointF world = WebMercator::toWorld(lat, lon);
    QCOMPARE(image.pixelColor(200, 150), fixtureColour(int(world.x() * 4) % 4, int(world.y() * 4)));

    // A file that is not MBTiles: nothing drawn, no crash, an error to show.
    TileLayer broken;
    broken.setMbTilesFile(QStringLiteral(RENDEZVOUS_TEST_DATA "/mbtiles/README.md"));
    image = settle(broken, worldAtZoom2());
    QCOMPARE(image.pixelColor(512, 512), kBackground);
    QVERIFY(!broken.lastError().isEmpty());
}

void TstTileLayer::screenshot()
{
    std::unique_ptr<TileLayer> layer(newLayer(QStringLiteral("mixed")));
    const MapViewport viewport(20, 180, 2.5, QSize(1000, 700));
    const QImage image = settle(*layer, viewport);
    QVERIFY(saveScreenshot(image, QStringLiteral("tiles.png")));
    // The view lies inside the world: every pixel shows a tile, or the parent standing in
    // for a broken one, and tiles of both sides of 180° show.
    QSet<QRgb> colours;
    for (int y = 5; y < image.height(); y += 50)
        for (int x = 5; x < image.width(); x += 50) {
            QVERIFY2(image.pixelColor(x, y) != kBackground,
                     qPrintable(QStringLiteral("pixel %1,%2 not painted").arg(x).arg(y)));
            colours.insert(image.pixel(x, y));
        }
    QVERIFY2(colours.size() >= 4, qPrintable(QString::number(colours.size())));
}

QTEST_MAIN(TstTileLayer)
#include "tst_tilelayer.moc"

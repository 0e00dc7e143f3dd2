// A tile server that refuses, hangs, answers 404s or sends garbage for images: the map
// window stays responsive (every repaint returns while requests hang) and the vector
// basemap keeps showing wherever tiles are missing.
#include "map/basemap.h"
#include "map/basemaplayer.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/tilelayer.h"
#include "tileserver.h"

#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "screenshots.h"

namespace {
bool near(QColor a, QColor b, int tolerance = 4)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

// Inland China and the open Philippine Sea: no coast, border or graticule near either
// at this view.
constexpr double kLandLat = 34.5, kLandLon = 104.2;
constexpr double kSeaLat = 19.2, kSeaLon = 131.3;
} // namespace

class TstTileFailures : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void mapStaysUsable_data();
    void mapStaysUsable();

private:
    TileServer m_server;
    QTemporaryDir m_dir;
};

void TstTileFailures::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start());
    QVERIFY(Basemap::instance()->waitFor(Basemap::Detail::Medium));
}

void TstTileFailures::mapStaysUsable_data()
{
    QTest::addColumn<QString>("urlTemplate");
    QTest::addColumn<bool>("hangs");
    QTest::newRow("refused") << TileServer::refusingUrlTemplate() << false;
    QTest::newRow("hangs") << m_server.urlTemplate(QStringLiteral("hang")) << true;
    QTest::newRow("404") << m_server.urlTemplate(QStringLiteral("404")) << false;
    QTest::newRow("garbage images") << m_server.urlTemplate(QStringLiteral("junk")) << false;
}

void TstTileFailures::mapStaysUsable()
{
    QFETCH(QString, urlTemplate);
    QFETCH(bool, hangs);
    MapView view;
    view.resize(900, 600);
    view.setViewport(MapViewport(27, 118, 3.6, QSize(900, 600)));
    MapLayerSet layers;
    layers.attach(&view);
    RenderOptions options;
    options.basemap = RenderOptions::Basemap::Tiles;
    options.graticule = false;
    layers.applyOptions(options);
    TileLayer *tiles = layers.tiles();
    QVERIFY(tiles);
    tiles->setUrlTemplate(urlTemplate, QStringLiteral("failing tiles"));
    static int n = 0;
    tiles->setCacheDirectory(m_dir.filePath(QStringLiteral("cache%1").arg(++n)));
    tiles->setRequestTimeout(60000);
    view.setOptions(options);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    // Every repaint of the whole view returns while the requests are out or failing. A
    // repaint that waited for a tile would take the request's timeout (60 s) and, for the
    // hanging server, find its tiles failed; the bound, half of that, is no measure of
    // speed (that is the benchmarks' business).
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer t;
        t.start();
        view.repaint();
        const qint64 ms = t.elapsed();
        QVERIFY2(ms < 30000, qPrintable(QStringLiteral("a repaint took %1 ms").arg(ms)));
        if (hangs)
            QCOMPARE(tiles->failedCount(), 0);
        QCoreApplication::processEvents();
    }
    if (hangs) {
        QTRY_VERIFY(tiles->pendingCount() > 0);
        view.repaint();
        QCOMPARE(tiles->failedCount(), 0);
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(tiles->failedCount() > 0, 20000);
        QVERIFY2(!tiles->lastError().isEmpty(), "the failure is said");
    }

    // The vector basemap stays: land and sea where they are, no tile drawn over them, once
    // the basemap cache has rendered the view on its worker.
    QTRY_VERIFY_WITH_TIMEOUT(!view.basemapCache().isRendering()
                                 && view.basemapCache().isCurrent(view.viewport()),
                             20000);
    const QImage image = view.grab().toImage();
    const MapViewport &v = view.viewport();
    const QColor land = image.pixelColor(v.toPixel(kLandLat, kLandLon).toPoint());
    const QColor sea = image.pixelColor(v.toPixel(kSeaLat, kSeaLon).toPoint());
    QVERIFY(saveScreenshot(image, QStringLiteral("tilefailures-%1.png").arg(n)));
    QVERIFY2(near(land, BasemapLayer::landColor()), qPrintable(land.name()));
    QVERIFY2(near(sea, BasemapLayer::seaColor()), qPrintable(sea.name()));
    layers.detach();
}

QTEST_MAIN(TstTileFailures)
#include "tst_tilefailures.moc"

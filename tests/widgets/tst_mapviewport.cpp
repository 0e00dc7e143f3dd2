#include "eventstore.h"
#include "map/mapviewport.h"
#include "spatialindex.h"

#include <QTest>

#include <cmath>

namespace {
constexpr double kPi = 3.14159265358979323846;

bool near(double a, double b, double eps = 1e-7)
{
    return std::abs(a - b) <= eps;
}

// Longitudes equal modulo 360.
bool sameLongitude(double a, double b, double eps = 1e-7)
{
    const double d = std::remainder(a - b, 360.0);
    return std::abs(d) <= eps;
}
} // namespace

class TestMapViewport : public QObject
{
    Q_OBJECT
private slots:
    void indexedPointsLandWhereTheViewportDraws_data();
    void indexedPointsLandWhereTheViewportDraws();
    void pixelRoundTrip_data();
    void pixelRoundTrip();
    void centreIsViewCentre_data();
    void centreIsViewCentre();
    void worldCopies_data();
    void worldCopies();
    void nearestCopy();
    void panWrapsEast();
    void panClampsLatitude();
    void zoomAboutKeepsAnchor_data();
    void zoomAboutKeepsAnchor();
    void fitBox_data();
    void fitBox();
    void metresPerPixel_data();
    void metresPerPixel();
    void visibleBoxes_data();
    void visibleBoxes();
    void equality();
};

// The spatial index and the viewport share WebMercator, but the index stores x wrapped
// into [0, 1) and the map draws the copy of the world nearest its centre: an event read
// back from the index must still land on the pixel the viewport gives its lat/lon.
void TestMapViewport::indexedPointsLandWhereTheViewportDraws_data()
{
    QTest::addColumn<double>("centerLat");
    QTest::addColumn<double>("centerLon");
    QTest::addColumn<double>("zoom");
    QTest::newRow("world") << 20.0 << 0.0 << 1.0;
    QTest::newRow("antimeridian") << -10.0 << 179.5 << 4.0;
    QTest::newRow("west of antimeridian") << 30.0 << -178.0 << 6.0;
    QTest::newRow("high north") << 80.0 << 60.0 << 3.0;
}

void TestMapViewport::indexedPointsLandWhereTheViewportDraws()
{
    QFETCH(double, centerLat);
    QFETCH(double, centerLon);
    QFETCH(double, zoom);
    const MapViewport v(centerLat, centerLon, zoom, QSize(900, 700));
    EventStore store;
    const double lats[] = {0, 30, -33.9, 60.1, 85.0, 85.05112878, 89.9, -85.05112878, -90};
    const double lons[] = {0, 123.5, -179.9, 179.9, -180, 180, 57.1, 190, -365};
    for (double lat : lats) {
        for (double lon : lons) {
            EventStore::RowInput in;
            in.lat = lat;
            in.lon = lon;
            store.append(in, nullptr);
        }
    }
    const SpatialIndex index(store);
    QCOMPARE(index.size(), store.size());
    for (size_t r = 0; r < store.size(); ++r) {
        const QPointF fromIndex = v.worldToPixel({index.xs()[r], index.ys()[r]});
        const QPointF direct = v.toPixel(store.lats()[r], store.lons()[r]);
        QVERIFY2(std::abs(fromIndex.x() - direct.x()) < 1e-6
                     && std::abs(fromIndex.y() - direct.y()) < 1e-6,
                 qPrintable(QStringLiteral("%1,%2: %3,%4 vs %5,%6")
                                .arg(store.lats()[r])
                                .arg(store.lons()[r])
                                .arg(fromIndex.x(), 0, 'g', 17)
                                .arg(fromIndex.y(), 0, 'g', 17)
                                .arg(direct.x(), 0, 'g', 17)
                                .arg(direct.y(), 0, 'g', 17)));
    }
}

void TestMapViewport::pixelRoundTrip_data()
{
    QTest::addColumn<double>("zoom");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<double>("centerLat");
    QTest::addColumn<double>("centerLon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::newRow("z0 world") << 0.0 << QSize(256, 256) << 0.0 << 0.0 << 51.5 << -0.12;
    QTest::newRow("z2 wide") << 2.0 << QSize(1600, 1000) << 20.0 << 0.0 << -33.9 << 151.2;
    QTest::newRow("z5 ecs") << 5.0 << QSize(800, 600) << 31.0 << 123.5 << 29.9 << 122.1;
    QTest::newRow("z9.5 close") << 9.5 << QSize(1024, 768) << 31.2 << 121.8 << 31.25 << 121.9;
    QTest::newRow("z14 harbour") << 14.0 << QSize(333, 211) << 1.26 << 103.8 << 1.265 << 103.805;
    QTest::newRow("z3 across 180") << 3.0 << QSize(800, 600) << 0.0 << 179.0 << -17.7 << -178.4;
    QTest::newRow("z18.7") << 18.7 << QSize(640, 480) << -60.0 << -45.0 << -60.0001 << -45.0002;
}

void TestMapViewport::pixelRoundTrip()
{
    QFETCH(double, zoom);
    QFETCH(QSize, size);
    QFETCH(double, centerLat);
    QFETCH(double, centerLon);
    QFETCH(double, lat);
    QFETCH(double, lon);
    const MapViewport v(centerLat, centerLon, zoom, size);
    const QPointF p = v.toPixel(lat, lon);
    QVERIFY2(p.x() >= 0 && p.x() <= size.width() && p.y() >= 0 && p.y() <= size.height(),
             "the point should be in view");
    double la = 0, lo = 0;
    v.toLatLon(p, &la, &lo);
    QVERIFY2(near(la, lat, 1e-8), qPrintable(QString::number(la, 'g', 17)));
    QVERIFY2(sameLongitude(lo, lon, 1e-8), qPrintable(QString::number(lo, 'g', 17)));
    QVERIFY(lo >= -180.0 && lo < 180.0);
    // And from pixel to pixel.
    const QPointF q(size.width() * 0.3, size.height() * 0.8);
    v.toLatLon(q, &la, &lo);
    const QPointF back = v.toPixel(la, lo);
    QVERIFY(near(back.x(), q.x(), 1e-5));
    QVERIFY(near(back.y(), q.y(), 1e-5));
}

void TestMapViewport::centreIsViewCentre_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<QSize>("size");
    QTest::newRow("origin") << 0.0 << 0.0 << 0.0 << QSize(256, 256);
    QTest::newRow("ecs") << 31.0 << 123.5 << 5.0 << QSize(1600, 1000);
    QTest::newRow("odd size") << -12.3 << -77.1 << 7.25 << QSize(801, 599);
    QTest::newRow("antimeridian") << 0.0 << 180.0 << 3.0 << QSize(800, 600);
    QTest::newRow("far north") << 85.0 << 10.0 << 4.0 << QSize(400, 300);
}

void TestMapViewport::centreIsViewCentre()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, zoom);
    QFETCH(QSize, size);
    const MapViewport v(lat, lon, zoom, size);
    const QPointF p = v.toPixel(lat, lon);
    QVERIFY(near(p.x(), size.width() / 2.0, 1e-6));
    QVERIFY(near(p.y(), size.height() / 2.0, 1e-6));
    double la = 0, lo = 0;
    v.toLatLon(QPointF(size.width() / 2.0, size.height() / 2.0), &la, &lo);
    QVERIFY(near(la, lat, 1e-9));
    QVERIFY(sameLongitude(lo, lon, 1e-9));
}

void TestMapViewport::worldCopies_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QList<double>>("copies"); // in world sizes, sorted
    QTest::newRow("inside one world")
        << 31.0 << 123.5 << 5.0 << QSize(1600, 1000) << QList<double> {0};
    QTest::newRow("straddles 180 from the east")
        << 0.0 << 179.0 << 3.0 << QSize(800, 600) << QList<double> {0, 1};
    QTest::newRow("straddles 180 from the west")
        << 0.0 << -179.0 << 3.0 << QSize(800, 600) << QList<double> {-1, 0};
    QTest::newRow("centre on 180")
        << 0.0 << 180.0 << 6.0 << QSize(800, 600) << QList<double> {-1, 0};
    QTest::newRow("wider than the world")
        << 0.0 << 0.0 << 0.0 << QSize(1600, 1000) << QList<double> {-3, -2, -1, 0, 1, 2, 3};
    QTest::newRow("z1 1600 wide") << 0.0 << 0.0 << 1.0 << QSize(1600, 1000)
                                  << QList<double> {-2, -1, 0, 1, 2};
    QTest::newRow("exact world") << 0.0 << 0.0 << 0.0 << QSize(256, 256) << QList<double> {0};
}

void TestMapViewport::worldCopies()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, zoom);
    QFETCH(QSize, size);
    QFETCH(QList<double>, copies);
    const MapViewport v(lat, lon, zoom, size);
    QList<double> got = v.worldCopies();
    QVERIFY(!got.isEmpty());
    QCOMPARE(got.first(), 0.0); // the centre's copy comes first
    std::sort(got.begin(), got.end());
    QList<double> want;
    for (double c : copies)
        want << c * v.worldSize();
    QCOMPARE(got, want);
}

void TestMapViewport::nearestCopy()
{
    // A point just west of 180° seen from just east of it is drawn to the left of the
    // centre, not a world away.
    const MapViewport v(0.0, -179.0, 4.0, QSize(800, 600));
    const QPointF p = v.toPixel(0.0, 179.0);
    QVERIFY(p.x() < 400.0);
    QVERIFY(near(p.x(), 400.0 - 2.0 / 360.0 * v.worldSize(), 1e-6));
    const QPointF q = v.toPixel(0.0, 181.0); // = -179, the centre
    QVERIFY(near(q.x(), 400.0, 1e-6));
}

void TestMapViewport::panWrapsEast()
{
    MapViewport v(10.0, 170.0, 3.0, QSize(800, 600));
    // Dragging the content to the left moves the view east.
    const double perDegree = v.worldSize() / 360.0;
    v.panBy(QPointF(-20.0 * perDegree, 0.0));
    QVERIFY(v.centerLon() >= -180.0 && v.centerLon() < 180.0);
    QVERIFY2(near(v.centerLon(), -170.0, 1e-7), qPrintable(QString::number(v.centerLon())));
    QVERIFY(near(v.centerLat(), 10.0, 1e-9));
    // And a full turn around the world comes back.
    for (int i = 0; i < 36; ++i)
        v.panBy(QPointF(-10.0 * perDegree, 0.0));
    QVERIFY2(near(v.centerLon(), -170.0, 1e-6), qPrintable(QString::number(v.centerLon())));
    v.panBy(QPointF(30.0 * perDegree, 0.0)); // back west across 180
    QVERIFY(near(v.centerLon(), 160.0, 1e-6));
}

void TestMapViewport::panClampsLatitude()
{
    MapViewport v(80.0, 0.0, 2.0, QSize(800, 600));
    v.panBy(QPointF(0.0, 1e6));
    QVERIFY(near(v.centerLat(), WebMercator::kMaxLatitude, 1e-9));
    v.panBy(QPointF(0.0, -1e7));
    QVERIFY(near(v.centerLat(), -WebMercator::kMaxLatitude, 1e-9));
}

void TestMapViewport::zoomAboutKeepsAnchor_data()
{
    QTest::addColumn<double>("zoom");
    QTest::addColumn<double>("newZoom");
    QTest::addColumn<QPointF>("anchor");
    QTest::addColumn<double>("lon");
    QTest::newRow("in") << 4.0 << 5.0 << QPointF(100, 120) << 123.5;
    QTest::newRow("out") << 8.0 << 6.5 << QPointF(700, 500) << 123.5;
    QTest::newRow("fractional") << 3.3 << 3.45 << QPointF(10, 590) << -40.0;
    QTest::newRow("across 180") << 3.0 << 6.0 << QPointF(780, 300) << 175.0;
    QTest::newRow("centre") << 5.0 << 9.0 << QPointF(400, 300) << 0.0;
}

void TestMapViewport::zoomAboutKeepsAnchor()
{
    QFETCH(double, zoom);
    QFETCH(double, newZoom);
    QFETCH(QPointF, anchor);
    QFETCH(double, lon);
    MapViewport v(20.0, lon, zoom, QSize(800, 600));
    double lat0 = 0, lon0 = 0;
    v.toLatLon(anchor, &lat0, &lon0);
    v.zoomAbout(anchor, newZoom);
    QCOMPARE(v.zoom(), newZoom);
    double lat1 = 0, lon1 = 0;
    v.toLatLon(anchor, &lat1, &lon1);
    QVERIFY2(near(lat0, lat1, 1e-8), qPrintable(QStringLiteral("%1 %2").arg(lat0).arg(lat1)));
    QVERIFY2(sameLongitude(lon0, lon1, 1e-8),
             qPrintable(QStringLiteral("%1 %2").arg(lon0).arg(lon1)));
    const QPointF p = v.toPixel(lat0, lon0);
    QVERIFY(near(p.x(), anchor.x(), 1e-5) && near(p.y(), anchor.y(), 1e-5));
}

void TestMapViewport::fitBox_data()
{
    QTest::addColumn<QRectF>("box"); // x=west, y=south, width=east, height=north
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::newRow("east china sea") << QRectF(118, 25, 130, 35) << 30.0 << 124.0;
    QTest::newRow("plain box") << QRectF(-10, -10, 10, 10) << 0.0 << 0.0;
    QTest::newRow("antimeridian") << QRectF(170, -20, -170, 20) << 0.0 << 180.0;
    QTest::newRow("antimeridian skewed") << QRectF(160, 0, -150, 10) << 5.0 << -175.0;
}

void TestMapViewport::fitBox()
{
    QFETCH(QRectF, box);
    QFETCH(double, lat);
    QFETCH(double, lon);
    const double west = box.x(), south = box.y(), east = box.width(), north = box.height();
    MapViewport v(0, 0, 2, QSize(1600, 1000));
    v.fitBox(west, south, east, north, 20);
    QVERIFY2(sameLongitude(v.centerLon(), lon, 1e-6), qPrintable(QString::number(v.centerLon())));
    // The centre is the middle in projected space, so near but not at the degree middle.
    QVERIFY2(near(v.centerLat(), lat, 0.6), qPrintable(QString::number(v.centerLat())));
    // All corners are inside the view with the margin, and one side is tight.
    const QPointF nw = v.toPixel(north, west);
    const QPointF se = v.toPixel(south, east);
    QVERIFY2(nw.x() >= 20 - 1e-6 && nw.y() >= 20 - 1e-6,
             qPrintable(QStringLiteral("%1,%2").arg(nw.x()).arg(nw.y())));
    QVERIFY2(se.x() <= 1580 + 1e-6 && se.y() <= 980 + 1e-6,
             qPrintable(QStringLiteral("%1,%2").arg(se.x()).arg(se.y())));
    QVERIFY(nw.x() < se.x()); // the box is not split around the world
    const bool tightX = near(nw.x(), 20, 1e-4) && near(se.x(), 1580, 1e-4);
    const bool tightY = near(nw.y(), 20, 1e-4) && near(se.y(), 980, 1e-4);
    QVERIFY(tightX || tightY);
}

void TestMapViewport::metresPerPixel_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<double>("expected");
    const double equator0 = 40075016.686 / 256.0;
    QTest::newRow("equator z0") << 0.0 << 0.0 << equator0;
    QTest::newRow("equator z1") << 0.0 << 1.0 << equator0 / 2;
    QTest::newRow("60N z0") << 60.0 << 0.0 << equator0 * 0.5;
    QTest::newRow("45S z10") << -45.0 << 10.0 << equator0 * std::cos(kPi / 4) / 1024;
    QTest::newRow("31N z5.5") << 31.0 << 5.5
                              << equator0 * std::cos(31.0 * kPi / 180) / std::exp2(5.5);
}

void TestMapViewport::metresPerPixel()
{
    QFETCH(double, lat);
    QFETCH(double, zoom);
    QFETCH(double, expected);
    const MapViewport v(lat, 10.0, zoom, QSize(800, 600));
    QVERIFY2(std::abs(v.metresPerPixel() / expected - 1.0) < 1e-9,
             qPrintable(QString::number(v.metresPerPixel(), 'g', 15)));
}

void TestMapViewport::visibleBoxes_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<QList<QRectF>>("boxes"); // only x and width checked (degrees)
    // 800 px at zoom 3 = 800 / 2048 * 360 = 140.625 degrees wide.
    QTest::newRow("inside") << 0.0 << 3.0 << QList<QRectF> {QRectF(-70.3125, 0, 140.625, 0)};
    QTest::newRow("straddles east")
        << 170.0 << 3.0
        << QList<QRectF> {QRectF(99.6875, 0, 80.3125, 0), QRectF(-180, 0, 60.3125, 0)};
    QTest::newRow("straddles west")
        << -170.0 << 3.0
        << QList<QRectF> {QRectF(119.6875, 0, 60.3125, 0), QRectF(-180, 0, 80.3125, 0)};
    QTest::newRow("wider than world") << 40.0 << 1.0 << QList<QRectF> {QRectF(-180, 0, 360, 0)};
}

void TestMapViewport::visibleBoxes()
{
    QFETCH(double, lon);
    QFETCH(double, zoom);
    QFETCH(QList<QRectF>, boxes);
    const MapViewport v(0.0, lon, zoom, QSize(800, 600));
    const QList<QRectF> got = v.visibleBoxes();
    QCOMPARE(got.size(), boxes.size());
    double total = 0;
    for (int i = 0; i < got.size(); ++i) {
        QVERIFY2(near(got[i].x(), boxes[i].x(), 1e-7), qPrintable(QString::number(got[i].x())));
        QVERIFY2(near(got[i].width(), boxes[i].width(), 1e-7),
                 qPrintable(QString::number(got[i].width())));
        QVERIFY(got[i].x() >= -180.0 && got[i].right() <= 180.0 + 1e-9);
        total += got[i].width();
        // Latitudes: symmetric about the equator, inside the projection's range.
        QVERIFY(near(got[i].y(), -(got[i].y() + got[i].height()), 1e-9));
        QVERIFY(got[i].y() >= -WebMercator::kMaxLatitude - 1e-9);
    }
    if (zoom == 3.0)
        QVERIFY(near(total, 140.625, 1e-7));
    // The south and north edges are the latitudes under the view's bottom and top.
    double top = 0, bottom = 0;
    v.toLatLon(QPointF(400, 0), &top, nullptr);
    v.toLatLon(QPointF(400, 600), &bottom, nullptr);
    QVERIFY(near(got[0].y(), bottom, 1e-9));
    QVERIFY(near(got[0].y() + got[0].height(), top, 1e-9));
}

void TestMapViewport::equality()
{
    const MapViewport a(10, 20, 3, QSize(100, 100));
    MapViewport b = a;
    QVERIFY(a == b);
    b.setZoom(3.5);
    QVERIFY(a != b);
    b = a;
    b.setCenter(10, 380); // wrapped to 20
    QVERIFY(a == b);
    b.setDevicePixelRatio(2);
    QVERIFY(a != b);
    b.setZoom(42);
    QCOMPARE(b.zoom(), MapViewport::kMaxZoom);
    b.setZoom(-1);
    QCOMPARE(b.zoom(), MapViewport::kMinZoom);
    b.setCenter(95, 0);
    QCOMPARE(b.centerLat(), WebMercator::kMaxLatitude);
}

QTEST_APPLESS_MAIN(TestMapViewport)
#include "tst_mapviewport.moc"

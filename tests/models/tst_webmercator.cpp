#include "webmercator.h"

#include <QtTest>

#include <cmath>

// The one projection of the app (models/webmercator.h), checked against figures computed
// independently: the textbook form y = 1/2 - ln(tan(π/4 + φ/2)) / 2π evaluated by Python's
// math module (literal values below), OpenStreetMap's tile numbers, and the EPSG:3857
// metres of PROJ's definition (half the equator: π · 6378137 m).
namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kHalfEquator = 20037508.342789244; // metres

QString num(double v)
{
    return QString::number(v, 'g', 17);
}
} // namespace

class TestWebMercator : public QObject
{
    Q_OBJECT
private slots:
    void knownPoints_data();
    void knownPoints();
    void latitudeLimit();
    void wrapLongitude_data();
    void wrapLongitude();
    void wrappedWorldX_data();
    void wrappedWorldX();
    void roundTrip_data();
    void roundTrip();
    void clampedRoundTrip_data();
    void clampedRoundTrip();
    void unwrapLongitudes();
};

void TestWebMercator::knownPoints_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("y");
    QTest::addColumn<double>("metresX");
    QTest::addColumn<double>("metresY");
    const double m = WebMercator::kMaxLatitude;
    QTest::newRow("origin") << 0.0 << 0.0 << 0.5 << 0.5 << 0.0 << 0.0;
    QTest::newRow("180W") << 0.0 << -180.0 << 0.0 << 0.5 << -kHalfEquator << 0.0;
    QTest::newRow("180E") << 0.0 << 180.0 << 1.0 << 0.5 << kHalfEquator << 0.0;
    QTest::newRow("north limit") << m << 90.0 << 0.75 << 0.0 << kHalfEquator / 2 << kHalfEquator;
    QTest::newRow("south limit") << -m << -90.0 << 0.25 << 1.0 << -kHalfEquator / 2
                                 << -kHalfEquator;
    QTest::newRow("north pole clamped") << 90.0 << 0.0 << 0.5 << 0.0 << 0.0 << kHalfEquator;
    QTest::newRow("south pole clamped") << -90.0 << 0.0 << 0.5 << 1.0 << 0.0 << -kHalfEquator;
    // ln(tan 45° + sec 45°) = ln(1 + √2) = 0.881373587019543.
    QTest::newRow("45N") << 45.0 << 0.0 << 0.5 << (1.0 - 0.881373587019543 / kPi) / 2.0 << 0.0
                         << 6378137.0 * 0.881373587019543;
    QTest::newRow("London") << 51.5074 << -0.1278 << 0.499645 << 0.3325255226156182
                            << -14226.630923380362 << 6711542.475587636;
    QTest::newRow("Singapore") << 1.2903 << 103.8519 << 0.7884775 << 0.4964155303434391
                               << 11560740.625913966 << 143647.6812956286;
    QTest::newRow("Rio de Janeiro") << -22.9068 << -43.1729 << 0.3800752777777778
                                    << 0.5653961439141729 << -4805985.24406892 << -2620751.55853297;
    QTest::newRow("Suva") << -18.1248 << 178.4501 << 0.9956947222222223 << 0.5512079973480442
                          << 19864974.26400875 << -2052161.3481579286;
    QTest::newRow("Cape Horn") << -55.9833 << -67.2667 << 0.3131480555555556 << 0.6885237362654938
                               << -7488094.791343896 << -7555091.876467262;
    QTest::newRow("Reykjavik") << 64.1466 << -21.9426 << 0.4390483333333333 << 0.26576205261529173
                               << -2442639.0586804845 << 9387089.64983784;
    // Not wrapped: the viewport draws the copies of the world east and west with these.
    QTest::newRow("190E") << 0.0 << 190.0 << 370.0 / 360.0 << 0.5 << kHalfEquator * 190 / 180
                          << 0.0;
    QTest::newRow("540E") << 0.0 << 540.0 << 2.0 << 0.5 << 3 * kHalfEquator << 0.0;
    QTest::newRow("190W") << 0.0 << -190.0 << -10.0 / 360.0 << 0.5 << -kHalfEquator * 190 / 180
                          << 0.0;
    QTest::newRow("north-west corner")
        << m << -180.0 << 0.0 << 0.0 << -kHalfEquator << kHalfEquator;
    QTest::newRow("south-east corner")
        << -m << 180.0 << 1.0 << 1.0 << kHalfEquator << -kHalfEquator;
}

void TestWebMercator::knownPoints()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, x);
    QFETCH(double, y);
    QFETCH(double, metresX);
    QFETCH(double, metresY);
    const QPointF w = WebMercator::toWorld(lat, lon);
    QVERIFY2(std::abs(w.x() - x) < 1e-12, qPrintable(num(w.x())));
    QVERIFY2(std::abs(w.y() - y) < 1e-12, qPrintable(num(w.y())));
    QCOMPARE(w.x(), WebMercator::worldX(lon));
    QCOMPARE(w.y(), WebMercator::worldY(lat));
    QVERIFY(w.y() >= 0.0 && w.y() <= 1.0);
    const QPointF metres = WebMercator::toMetres(lat, lon);
    QVERIFY2(std::abs(metres.x() - metresX) < 1e-6, qPrintable(num(metres.x())));
    QVERIFY2(std::abs(metres.y() - metresY) < 1e-6, qPrintable(num(metres.y())));
}

void TestWebMercator::latitudeLimit()
{
    // The limit is where the world becomes square: atan(sinh(π)).
    QVERIFY(std::abs(WebMercator::kMaxLatitude - std::atan(std::sinh(kPi)) * 180 / kPi) < 1e-12);
    QCOMPARE(WebMercator::clampLatitude(89.0), WebMercator::kMaxLatitude);
    QCOMPARE(WebMercator::clampLatitude(-1e9), -WebMercator::kMaxLatitude);
    QCOMPARE(WebMercator::clampLatitude(85.0), 85.0);
    QVERIFY(std::abs(WebMercator::latitudeOf(0.0) - WebMercator::kMaxLatitude) < 1e-12);
    QVERIFY(std::abs(WebMercator::latitudeOf(1.0) + WebMercator::kMaxLatitude) < 1e-12);
    // Just inside the limit is still inside the world, and the y order is the south order.
    const double inside = WebMercator::worldY(85.0511);
    QVERIFY(inside > 0.0 && inside < 1e-5);
    QVERIFY(WebMercator::worldY(85.0) > inside);
    // OpenStreetMap's tile numbers at zoom 10: London is tile 511/340.
    const QPointF london = WebMercator::toWorld(51.5074, -0.1278);
    QCOMPARE(int(london.x() * 1024), 511);
    QCOMPARE(int(london.y() * 1024), 340);
}

void TestWebMercator::wrapLongitude_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("wrapped");
    QTest::newRow("0") << 0.0 << 0.0;
    QTest::newRow("179.9") << 179.9 << 179.9;
    QTest::newRow("180 is -180") << 180.0 << -180.0;
    QTest::newRow("-180") << -180.0 << -180.0;
    QTest::newRow("190") << 190.0 << -170.0;
    QTest::newRow("-190") << -190.0 << 170.0;
    QTest::newRow("540") << 540.0 << -180.0;
    QTest::newRow("-725") << -725.0 << -5.0;
    QTest::newRow("-541") << -541.0 << 179.0;
    QTest::newRow("720.25") << 720.25 << 0.25;
    // The division (lon + 180) / 360 rounds up to a whole number for these.
    QTest::newRow("a hair below 8100") << 8099.999999999999 << 179.9999999999991;
    QTest::newRow("a hair below 4194180") << 4194179.9999999995 << 179.99999999953434;
}

void TestWebMercator::wrapLongitude()
{
    QFETCH(double, lon);
    QFETCH(double, wrapped);
    const double w = WebMercator::wrapLongitude(lon);
    QVERIFY2(std::abs(w - wrapped) < 1e-9, qPrintable(num(w)));
    QVERIFY(w >= -180.0 && w < 180.0);
    QVERIFY(std::isnan(WebMercator::wrapLongitude(std::nan(""))));
}

void TestWebMercator::wrappedWorldX_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("x");
    QTest::newRow("0") << 0.0 << 0.5;
    QTest::newRow("-180") << -180.0 << 0.0;
    QTest::newRow("180 is -180") << 180.0 << 0.0;
    QTest::newRow("190") << 190.0 << 10.0 / 360.0;
    QTest::newRow("-190") << -190.0 << 350.0 / 360.0;
    QTest::newRow("-725") << -725.0 << 175.0 / 360.0;
    QTest::newRow("-540") << -540.0 << 0.0;
    QTest::newRow("179.5") << 179.5 << 359.5 / 360.0;
    QTest::newRow("123.4") << 123.4 << (123.4 + 180.0) / 360.0;
}

void TestWebMercator::wrappedWorldX()
{
    QFETCH(double, lon);
    QFETCH(double, x);
    const double got = WebMercator::wrappedWorldX(lon);
    QVERIFY2(std::abs(got - x) < 1e-12, qPrintable(num(got)));
    QVERIFY(got >= 0.0 && got < 1.0);
    // In [-180, 180) it is the unwrapped x exactly: the index and the map draw the same.
    const double inRange = WebMercator::wrapLongitude(lon);
    QCOMPARE(WebMercator::wrappedWorldX(inRange), WebMercator::worldX(inRange));
}

void TestWebMercator::roundTrip_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    for (double lat : {-85.05, -60.5, -33.9, -0.001, 0.0, 1e-9, 12.25, 45.0, 70.3, 85.05})
        for (double lon : {-180.0, -179.999, -45.5, 0.0, 33.3, 179.999, 250.0})
            QTest::addRow("%g,%g", lat, lon) << lat << lon;
}

void TestWebMercator::roundTrip()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    double la = 0, lo = 0;
    WebMercator::fromWorld(WebMercator::toWorld(lat, lon), &la, &lo);
    QVERIFY2(std::abs(la - lat) < 1e-9, qPrintable(num(la)));
    QVERIFY2(std::abs(lo - lon) < 1e-9, qPrintable(num(lo)));
    // Back from the projected y of the textbook formula, too.
    const double textbookY = 0.5 - std::log(std::tan(kPi / 4 + lat * kPi / 360)) / (2 * kPi);
    QVERIFY2(std::abs(WebMercator::worldY(lat) - textbookY) < 1e-12,
             qPrintable(num(WebMercator::worldY(lat))));
    QVERIFY2(std::abs(WebMercator::latitudeOf(textbookY) - lat) < 1e-9, qPrintable(num(lat)));
}

void TestWebMercator::clampedRoundTrip_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("expectLat"); // after clamping
    QTest::addColumn<double>("expectLon"); // not wrapped
    const double m = WebMercator::kMaxLatitude;
    QTest::newRow("origin") << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("shanghai") << 31.23 << 121.47 << 31.23 << 121.47;
    QTest::newRow("south-west") << -33.9 << -70.6 << -33.9 << -70.6;
    QTest::newRow("max lat") << m << 10.0 << m << 10.0;
    QTest::newRow("min lat") << -m << -10.0 << -m << -10.0;
    QTest::newRow("85.0511") << 85.0511 << 0.0 << 85.0511 << 0.0;
    QTest::newRow("-85.0511") << -85.0511 << 0.0 << -85.0511 << 0.0;
    QTest::newRow("beyond north") << 89.0 << 0.0 << m << 0.0;
    QTest::newRow("pole south") << -90.0 << 0.0 << -m << 0.0;
    QTest::newRow("lon 180") << 10.0 << 180.0 << 10.0 << 180.0;
    QTest::newRow("lon -180") << 10.0 << -180.0 << 10.0 << -180.0;
    QTest::newRow("lon 190") << 10.0 << 190.0 << 10.0 << 190.0;
    QTest::newRow("lon -190") << -10.0 << -190.0 << -10.0 << -190.0;
    QTest::newRow("lon 540") << 45.0 << 540.0 << 45.0 << 540.0;
}

void TestWebMercator::clampedRoundTrip()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, expectLat);
    QFETCH(double, expectLon);
    const QPointF w = WebMercator::toWorld(lat, lon);
    QVERIFY(w.y() >= 0.0 && w.y() <= 1.0);
    double la = 0, lo = 0;
    WebMercator::fromWorld(w, &la, &lo);
    QVERIFY2(std::abs(la - expectLat) < 1e-9, qPrintable(QString::number(la, 'g', 17)));
    QVERIFY2(std::abs(lo - expectLon) < 1e-9, qPrintable(QString::number(lo, 'g', 17)));
}

void TestWebMercator::unwrapLongitudes()
{
    using Line = std::vector<std::pair<double, double>>;
    // Across the antimeridian: a short step east, not a trip round the world.
    const Line across = WebMercator::unwrapLongitudes({{179.0, 0.0}, {-179.0, 1.0}}, false);
    QCOMPARE(across[1].first, 181.0);
    QCOMPARE(across[1].second, 1.0);
    // A ring around the pole does not close when unwrapped: it is kept as given.
    const Line polar = {{-120.0, 80.0}, {0.0, 80.0}, {120.0, 80.0}, {-120.0, 80.0}};
    QCOMPARE(WebMercator::unwrapLongitudes(polar, true), polar);
    QVERIFY(WebMercator::unwrapLongitudes(polar, false) != polar);
}

QTEST_APPLESS_MAIN(TestWebMercator)
#include "tst_webmercator.moc"

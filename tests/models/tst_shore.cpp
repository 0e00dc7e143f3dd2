// Land and distance to shore (detect/shore.h, detect/arcindex.h): the index gives
// exactly what trying every arc gives, on random arcs and points (antimeridian and
// poles included); the basemap's land and coast give the expected answers on a small
// prepared file written here and on the real Natural Earth levels the build prepares.
#include "basemap/preparedbasemap.h"
#include "detect/arcindex.h"
#include "detect/shore.h"
#include "io/gdalmodule.h"
#include "webmercator.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace detect;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;

QString builtBasemapFolder()
{
    return QStringLiteral(RENDEZVOUS_BUILD_DIR "/resources/basemap");
}

// A prepared level with one land piece (a square 10..20°E, 10..20°N with a square lake
// 14..16°) and its outline as coast, in the file's world units.
basemapfile::Contents squareIsland()
{
    const auto world = [](double lon, double lat) {
        const QPointF w = WebMercator::toWorld(lat, lon) * WebMercator::kTileSize;
        return std::make_pair(w.x(), w.y());
    };
    basemapfile::Contents c;
    c.detail = 0;
    const auto addRing = [&](const std::vector<std::pair<double, double>> &lonLat) {
        for (size_t i = 0; i < lonLat.size(); ++i) {
            const auto w = world(lonLat[i].first, lonLat[i].second);
            c.xy.push_back(w.first);
            c.xy.push_back(w.second);
            c.types.push_back(i == 0 ? basemapfile::MoveTo : basemapfile::LineTo);
        }
    };
    const std::vector<std::pair<double, double>> outer = {{10, 10}, {20, 10}, {20, 20}, {10, 20}};
    const std::vector<std::pair<double, double>> lake = {{14, 14}, {16, 14}, {16, 16}, {14, 16}};
    const auto bounds = [&](size_t first) {
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
        for (size_t i = first; i < c.types.size(); ++i) {
            x0 = std::min(x0, c.xy[2 * i]);
            x1 = std::max(x1, c.xy[2 * i]);
            y0 = std::min(y0, c.xy[2 * i + 1]);
            y1 = std::max(y1, c.xy[2 * i + 1]);
        }
        return std::array<double, 4> {x0, y0, x1 - x0, y1 - y0};
    };
    basemapfile::PieceRecord land {};
    land.first = 0;
    addRing(outer);
    addRing(lake);
    land.count = c.types.size();
    const auto b = bounds(0);
    std::copy(b.begin(), b.end(), land.bounds);
    basemapfile::PieceRecord coast {};
    coast.first = c.types.size();
    std::vector<std::pair<double, double>> outline = outer;
    outline.push_back(outer.front());
    addRing(outline);
    coast.count = c.types.size() - coast.first;
    const auto cb = bounds(size_t(coast.first));
    std::copy(cb.begin(), cb.end(), coast.bounds);
    c.pieces = {land, coast};
    c.pieceCount[basemapfile::Land] = 1;
    c.pieceCount[basemapfile::Coast] = 1;
    c.vertexCount = 8;
    return c;
}

} // namespace

class TestShore : public QObject
{
    Q_OBJECT
private slots:
    void arcDistances()
    {
        const double R = kEarthRadiusKm;
        // From the equator at 0° to the meridian 1°E between 1°S and 1°N: one degree.
        QCOMPARE(qRound64(arcDistanceKm(0, 0, -1, 1, 1, 1) * 1e6), qRound64(kDeg * R * 1e6));
        // Past the arc's end: the distance to that end.
        QCOMPARE(arcDistanceKm(5, 0, -1, 1, 1, 1), greatCircleKm(5, 0, 1, 1));
        // A zero-length arc is a point.
        QCOMPARE(arcDistanceKm(3, 4, 1, 1, 1, 1), greatCircleKm(3, 4, 1, 1));
        // Cross-track to a meridian: asin(sin Δλ cos φ).
        QVERIFY(std::abs(arcDistanceKm(15, 25, 10, 20, 20, 20)
                         - R * std::asin(std::sin(5 * kDeg) * std::cos(15 * kDeg)))
                < 1e-9);
        // Across the antimeridian, the short way.
        QVERIFY(std::abs(arcDistanceKm(0, 180, -1, 179.5, 1, -179.5)) < 1e-9);
        QVERIFY(std::abs(greatCircleKm(0, 179.5, 0, -179.5) - kDeg * R) < 1e-9);
        // Metres are not lost to rounding (acos would give 0 here).
        QVERIFY(std::abs(greatCircleKm(50, 1, 50, 1 + 1e-6) * 1000
                         - 1e-6 * kDeg * R * 1000 * std::cos(50 * kDeg))
                < 1e-6);
    }

    // The index against trying every arc, on random arcs crowded round the antimeridian
    // and the poles as well as spread over the globe.
    void indexMatchesBruteForce()
    {
        std::mt19937_64 rng(17);
        std::uniform_real_distribution<double> u(0, 1);
        for (int round = 0; round < 6; ++round) {
            ArcIndex index;
            const int arcs = round == 0 ? 1 : 200 + round * 700;
            const auto randomPoint = [&](double *lat, double *lon) {
                switch (int(u(rng) * 4)) {
                case 0: // anywhere, uniform on the sphere
                    *lat = std::asin(2 * u(rng) - 1) / kDeg;
                    *lon = -180 + 360 * u(rng);
                    break;
                case 1: // around the antimeridian
                    *lat = -60 + 120 * u(rng);
                    *lon = 178 + 4 * u(rng);
                    break;
                case 2: // near a pole
                    *lat = (u(rng) < 0.5 ? -1 : 1) * (88 + 2 * u(rng));
                    *lon = -180 + 360 * u(rng);
                    break;
                default: // a small busy sea
                    *lat = 30 + u(rng);
                    *lon = 120 + u(rng);
                }
            };
            for (int i = 0; i < arcs; ++i) {
                double lat, lon;
                randomPoint(&lat, &lon);
                // The last round has long arcs, which bulge out of their ends' box.
                const double len = round == 5 ? 60 * u(rng) : u(rng) < 0.1 ? 0.0 : 0.5 * u(rng);
                index.add(lat, lon, std::clamp(lat + len * (u(rng) - 0.5), -90.0, 90.0),
                          lon + len * (u(rng) - 0.5));
            }
            index.build();
            for (int q = 0; q < 2000; ++q) {
                double lat, lon;
                randomPoint(&lat, &lon);
                size_t fast = 0, slow = 0;
                const double a = index.nearestKm(lat, lon, &fast);
                const double b = index.nearestKmBruteForce(lat, lon, &slow);
                if (a != b || fast != slow)
                    QFAIL(qPrintable(QStringLiteral("round %1, %2, %3: index %4 km (arc %5), every "
                                                    "arc %6 km (arc %7)")
                                         .arg(round)
                                         .arg(lat, 0, 'g', 17)
                                         .arg(lon, 0, 'g', 17)
                                         .arg(a, 0, 'g', 17)
                                         .arg(fast)
                                         .arg(b, 0, 'g', 17)
                                         .arg(slow)));
            }
        }
        ArcIndex none;
        none.build();
        QVERIFY(std::isinf(none.nearestKm(0, 0)));
    }

    // A long arc passes farther out than the box of its ends: along the equator from 30°W
    // to 30°E it reaches x = 1 at 0°, where its ends are at 0.87. The index must search
    // its box, widened, before settling for points 5° away in another box.
    void longArcOutsideItsEndsBox()
    {
        ArcIndex index;
        index.add(0, -30, 0, 30);
        for (int i = 0; i < 7; ++i)
            index.add(-80, -30 + i, -80, 30 + i);
        for (int i = 0; i < 8; ++i)
            index.addPoint(5 + 0.01 * i, 0);
        index.build();
        size_t arc = 99;
        QCOMPARE(index.nearestKm(0, 0, &arc), 0.0);
        QCOMPARE(arc, size_t(0));
        QVERIFY(std::abs(index.nearestKm(1, 0) - 1 * kDeg * kEarthRadiusKm) < 1e-9);
    }

    void squareIsland()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        QVERIFY2(
            basemapfile::write(::squareIsland(), dir.filePath(basemapfile::fileName(0)), &error),
            qPrintable(error));
        const auto shore = Shore::load(dir.path(), &error, 0);
        QVERIFY2(shore, qPrintable(error));
        QCOMPARE(shore->landPieceCount(), size_t(1));
        QCOMPARE(shore->coastSegmentCount(), size_t(4));
        QVERIFY(shore->onLand(12, 12));
        QVERIFY(shore->onLand(19.9, 10.1));
        QVERIFY(!shore->onLand(15, 15)); // the lake
        QVERIFY(!shore->onLand(9.9, 15));
        QVERIFY(!shore->onLand(15, 20.1));
        QVERIFY(!shore->onLand(15, 5)); // west: the rings close without a last vertex
        QVERIFY(shore->onLand(15, 13)); // west of the lake, still land
        QVERIFY(!shore->onLand(std::nan(""), 15));
        // Distances: to the east coast (a meridian), from sea and from the lake alike
        // (the lake has no coast in this file), and from inland.
        const double R = kEarthRadiusKm;
        QVERIFY(std::abs(shore->shoreKm(15, 25)
                         - R * std::asin(std::sin(5 * kDeg) * std::cos(15 * kDeg)))
                < 1e-9);
        QVERIFY(std::abs(shore->shoreKm(15, 19)
                         - R * std::asin(std::sin(1 * kDeg) * std::cos(15 * kDeg)))
                < 1e-9);
        QCOMPARE(shore->shoreKm(5, 5), greatCircleKm(5, 5, 10, 10)); // nearest: the corner
        // Detail asked for that the folder lacks: a clear error.
        QVERIFY(!Shore::load(dir.path(), &error, 2));
        QVERIFY2(error.contains(QLatin1String("basemap-10m.bin"))
                     && error.contains(QLatin1String("missing")),
                 qPrintable(error));
        QVERIFY(!Shore::load(QString(), &error));
        QVERIFY(error.contains(QLatin1String("not found")));
        // A damaged file is refused with the reason.
        QFile f(dir.filePath(basemapfile::fileName(0)));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(100);
        f.write("xx", 2);
        f.close();
        QVERIFY(!Shore::load(dir.path(), &error, 0));
        QVERIFY2(error.contains(QLatin1String("checksum")), qPrintable(error));
    }

    // The real Natural Earth levels: known places, and the fast answers against every
    // piece and every coast segment on random points.
    void naturalEarth()
    {
        QString error;
        const auto fine = Shore::load(builtBasemapFolder(), &error, 2);
        QVERIFY2(fine, qPrintable(error));
        QVERIFY(fine->coastSegmentCount() > 100000);
        QVERIFY(fine->onLand(48.8566, 2.3522)); // Paris
        QVERIFY(fine->onLand(-23.55, -46.63)); // São Paulo
        QVERIFY(!fine->onLand(30, -40)); // the middle of the Atlantic
        QVERIFY(fine->shoreKm(30, -40) > 700);
        QVERIFY(!fine->onLand(51.0, 1.5)); // the Strait of Dover
        QVERIFY(fine->shoreKm(51.0, 1.5) < 25);
        QVERIFY(fine->onLand(-89.9, 0)); // the South Pole
        QVERIFY(fine->onLand(-86, 45)); // inland Antarctica, south of the prepared land
        QVERIFY(fine->onLand(-75, 100)); // Antarctica by its pieces
        QVERIFY(fine->onLand(-85.5, 180)); // beyond the projection, on the antimeridian
        QVERIFY(fine->onLand(-85.5, -180));
        // The Ross Sea on the antimeridian (Natural Earth's land leaves out the ice shelf).
        QVERIFY(!fine->onLand(-70, 180));
        QVERIFY(!fine->onLand(-79, 180));
        QVERIFY(!fine->onLand(-79, -179.999));
        QVERIFY(fine->onLand(-72, 170)); // Victoria Land, on the Ross Sea's west
        QVERIFY(!fine->onLand(89.9, 0)); // the North Pole is sea
        QVERIFY(fine->onLand(67.5, 179.99)); // Chukotka, either side of 180°
        QVERIFY(fine->onLand(67.5, -179.99));
        QVERIFY(!fine->onLand(-10, 180)); // the Pacific on the antimeridian
        QVERIFY(!fine->onLand(-10, -180));
        // Equal for both ways of writing 180°.
        QCOMPARE(fine->shoreKm(-10, 180), fine->shoreKm(-10, -180));

        std::mt19937_64 rng(3);
        std::uniform_real_distribution<double> u(0, 1);
        const auto randomPoint = [&](double *lat, double *lon) {
            if (u(rng) < 0.5) {
                *lat = std::asin(2 * u(rng) - 1) / kDeg;
                *lon = -180 + 360 * u(rng);
            } else { // near coasts: the Aegean, the antimeridian's islands, Antarctica
                const int which = int(u(rng) * 3);
                *lat = which == 0 ? 35 + 6 * u(rng)
                    : which == 1  ? -20 + 90 * u(rng)
                                  : -80 + 15 * u(rng);
                *lon = which == 0 ? 22 + 6 * u(rng) : 175 + 10 * u(rng);
            }
        };
        for (int detail : {0, 1, 2}) {
            const auto shore = Shore::load(builtBasemapFolder(), &error, detail);
            QVERIFY2(shore, qPrintable(error));
            const int points = detail == 2 ? 40 : 400;
            int land = 0;
            for (int i = 0; i < points; ++i) {
                double lat, lon;
                randomPoint(&lat, &lon);
                const bool onLand = shore->onLand(lat, lon);
                land += onLand ? 1 : 0;
                if (onLand != shore->onLandBruteForce(lat, lon))
                    QFAIL(qPrintable(QStringLiteral("level %1, %2, %3: land %4 by the grid, %5 by "
                                                    "every piece")
                                         .arg(detail)
                                         .arg(lat, 0, 'g', 17)
                                         .arg(lon, 0, 'g', 17)
                                         .arg(onLand)
                                         .arg(!onLand)));
                const double a = shore->shoreKm(lat, lon), b = shore->shoreKmBruteForce(lat, lon);
                if (a != b)
                    QFAIL(qPrintable(QStringLiteral("level %1, %2, %3: shore %4 km by the index, "
                                                    "%5 km by every segment")
                                         .arg(detail)
                                         .arg(lat, 0, 'g', 17)
                                         .arg(lon, 0, 'g', 17)
                                         .arg(a, 0, 'g', 17)
                                         .arg(b, 0, 'g', 17)));
            }
            QVERIFY(land > 0 && land < points); // both kinds tested
        }
    }

    // Land by the prepared pieces against the Natural Earth polygons themselves (the
    // TopoJSON read through GDAL, odd-even in longitude and latitude), away from the
    // coast where straight edges in degrees and in Mercator part by a few hundred metres.
    void landMatchesNaturalEarth()
    {
        QString error;
        const auto shore = Shore::load(builtBasemapFolder(), &error, 1);
        QVERIFY2(shore, qPrintable(error));
        const gdal::ShapeLayer land = gdal::readShapes(
            QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/basemap/land-50m.json"),
            QStringLiteral("land"));
        QVERIFY2(land.error.isEmpty(), qPrintable(land.error));
        std::vector<std::vector<std::pair<double, double>>> rings;
        for (const gdal::GeoShape &s : land.shapes) {
            for (const auto &part : s.parts)
                rings.push_back(WebMercator::unwrapLongitudes(part, true));
        }
        const auto reference = [&](double lat, double lon) {
            bool inside = false;
            for (const auto &ring : rings) {
                for (const double shift : {0.0, -360.0, 360.0}) {
                    const double x = lon + shift;
                    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
                        const auto &a = ring[j], &b = ring[i];
                        if ((a.second > lat) != (b.second > lat)
                            && x < a.first
                                    + (lat - a.second) * (b.first - a.first)
                                        / (b.second - a.second))
                            inside = !inside;
                    }
                }
            }
            return inside;
        };
        std::mt19937_64 rng(5);
        std::uniform_real_distribution<double> u(0, 1);
        int compared = 0, land0 = 0;
        for (int i = 0; i < 3000; ++i) {
            const double lat = std::asin(2 * u(rng) - 1) / kDeg;
            const double lon =
                i % 4 == 0 ? 179.9 + 0.2 * u(rng) - (u(rng) < 0.5 ? 360 : 0) : -180 + 360 * u(rng);
            if (std::abs(lat) > 85 || shore->shoreKm(lat, lon) < 5)
                continue;
            ++compared;
            const bool expected = reference(lat, lon);
            land0 += expected ? 1 : 0;
            if (shore->onLand(lat, lon) != expected)
                QFAIL(
                    qPrintable(QStringLiteral("%1, %2: land %3 by the basemap, %4 by Natural Earth")
                                   .arg(lat, 0, 'g', 17)
                                   .arg(lon, 0, 'g', 17)
                                   .arg(!expected)
                                   .arg(expected)));
        }
        QVERIFY(compared > 2000);
        QVERIFY(land0 > 300);
    }
};

QTEST_GUILESS_MAIN(TestShore)
#include "tst_shore.moc"

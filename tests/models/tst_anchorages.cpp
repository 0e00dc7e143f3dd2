// Anchorages derived from the data (GFW: cells where enough distinct vessels stayed put
// for 12 h), the user's ports files, the distance to the nearest of them (against every
// point, edge and polygon on random points) and the GeoContext made of them.
#include "detect/anchorages.h"
#include "detect/geography.h"
#include "detect/portsfile.h"
#include "tracks/trackstore.h"

#include "io/gdalmodule.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace detect;

namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kT0 = 1767225600000LL; // 2026-01-01

// `vessels` vessels (MMSIs from `firstMmsi`) each reporting every 10 minutes around
// (lat, lon) for `hours`, alternately `jitterKm` north and south so that each stay's
// mean is the place itself. A silence of `silenceHours` in the middle when given.
void moor(TrackBuilder &b, uint32_t firstMmsi, int vessels, double lat, double lon, double hours,
          double jitterKm = 0.1, double silenceHours = 0, double driftKmPerHour = 0)
{
    const double jitter = jitterKm / 111.195;
    for (int v = 0; v < vessels; ++v) {
        const uint32_t vessel = b.vesselByMmsi(firstMmsi + uint32_t(v));
        const int reports = int(hours * 6) + 1;
        for (int i = 0; i < reports; ++i) {
            int64_t t = kT0 + int64_t(v) * kMinute + int64_t(i) * 10 * kMinute;
            if (silenceHours > 0 && i > reports / 2)
                t += int64_t(silenceHours * 60) * kMinute;
            PositionReport r;
            r.vessel = vessel;
            r.timeMs = t;
            r.lat = lat + (i % 2 == 0 ? jitter : -jitter) + driftKmPerHour * i / 6.0 / 111.195;
            r.lon = lon;
            r.sog = 0.1f;
            b.add(r);
        }
    }
}

} // namespace

class TestAnchorages : public QObject
{
    Q_OBJECT
private slots:
    void plantedAnchorages()
    {
        TrackBuilder b;
        moor(b, 563000000, 20, 1.25, 103.85, 13); // an anchorage: 20 vessels, 13 h
        moor(b, 563100000, 19, 1.35, 104.20, 13); // one vessel short
        moor(b, 563200000, 20, 1.45, 104.50, 11); // not long enough
        moor(b, 563300000, 20, 1.55, 104.80, 14, 0.1, 0, 0.1); // drifting 1.4 km in 14 h
        moor(b, 563400000, 20, 1.65, 105.10, 14, 0.1, 8); // 7 h, silence of 8 h, 7 h
        moor(b, 563500000, 20, 1.75, 105.40, 13, 0.3); // 600 m swinging at anchor: moved
        moor(b, 563600000, 25, -17.0, 179.99995, 13); // on the antimeridian
        const auto store = b.finish();
        Rules rules;
        const std::vector<Anchorage> found = findAnchorages(*store, rules);
        QCOMPARE(found.size(), size_t(2));
        // Ordered south to north.
        QVERIFY(std::abs(found[0].lat + 17.0) < 1e-4);
        QVERIFY(std::abs(std::abs(found[0].lon) - 179.99995) < 1e-6);
        QCOMPARE(found[0].vessels, 25);
        QVERIFY(std::abs(found[1].lat - 1.25) < 1e-4 && std::abs(found[1].lon - 103.85) < 1e-6);
        QCOMPARE(found[1].vessels, 20);
        QCOMPARE(found[1].stays, 20);

        // Fewer vessels needed (a small data set): the 19 count, the others still do not.
        rules.anchorageMinVessels = 19;
        QCOMPARE(findAnchorages(*store, rules).size(), size_t(3));
        // Shorter stays allowed: the 11 h and the split stays count too; the drifting
        // vessels stay within 0.5 km for 5 h at most, and within 1 km for 10 h.
        rules.stationaryMs = 6 * kHourMs;
        const auto shorter = findAnchorages(*store, rules);
        QCOMPARE(shorter.size(), size_t(5));
        const auto near = [&](double lat, double lon) {
            return std::count_if(shorter.begin(), shorter.end(), [&](const Anchorage &a) {
                return pointDistanceKm(a.lat, a.lon, lat, lon) < 2.0;
            });
        };
        QCOMPARE(near(1.45, 104.50), 1);
        QCOMPARE(near(1.65, 105.10), 1);
        QCOMPARE(near(1.55, 104.80), 0);
        QCOMPARE(
            shorter[std::find_if(shorter.begin(), shorter.end(),
                                 [](const Anchorage &a) { return std::abs(a.lat - 1.65) < 0.01; })
                    - shorter.begin()]
                .stays,
            40);
        // A wider "stationary": the swinging vessels count.
        rules = Rules();
        rules.stationaryKm = 1.0;
        QCOMPARE(findAnchorages(*store, rules).size(), size_t(3));

        // Cancelled: nothing, not half.
        std::atomic<bool> cancel {true};
        Control control;
        control.cancel = &cancel;
        QVERIFY(findAnchorages(*store, Rules(), control).empty());
    }

    // A vessel coming back to the same place is one vessel, not two.
    void distinctVessels()
    {
        TrackBuilder b;
        moor(b, 563000000, 19, 10.0, 10.0, 13);
        const uint32_t again = b.vesselByMmsi(563000000);
        for (int i = 0; i <= 78; ++i) {
            PositionReport r;
            r.vessel = again;
            r.timeMs = kT0 + 3 * 24 * kHourMs + i * 10 * kMinute;
            r.lat = 10.0;
            r.lon = 10.0;
            b.add(r);
        }
        const auto store = b.finish();
        Rules rules;
        rules.anchorageMinVessels = 20;
        QVERIFY(findAnchorages(*store, rules).empty());
        rules.anchorageMinVessels = 19;
        const auto found = findAnchorages(*store, rules);
        QCOMPARE(found.size(), size_t(1));
        QCOMPARE(found[0].vessels, 19);
        QCOMPARE(found[0].stays, 20);
    }

    // The stays against the rule read literally (from each position, the first one
    // stationaryKm or more away by pointDistanceKm, every position tried), on random
    // vessels whose fixes sit just inside and just outside the distance, across 180°
    // and far north: with one vessel needed, every stay is in some anchorage, so the
    // anchorages' stays and their positions must add up to the reference's.
    void staysMatchTheRuleReadLiterally()
    {
        std::mt19937_64 rng(17);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        Rules rules;
        rules.anchorageMinVessels = 1;
        int allStays = 0, allRejected = 0;
        for (int round = 0; round < 20; ++round) {
            TrackBuilder b;
            const int vessels = 5 + int(u(rng) * 20);
            for (int v = 0; v < vessels; ++v) {
                const uint32_t vessel = b.vesselByMmsi(563000000 + uint32_t(v));
                double lat = u(rng) < 0.3 ? 70 + u(rng) * 15 : -60 + u(rng) * 120;
                double lon = u(rng) < 0.3 ? 179.999 : -180 + u(rng) * 360;
                const double ringKm = rules.stationaryKm * (0.9 + 0.2 * u(rng));
                int64_t t = kT0 + int64_t(u(rng) * 3600) * 1000;
                const int reports = 50 + int(u(rng) * 400);
                for (int i = 0; i < reports; ++i) {
                    if (u(rng) < 0.02) { // moves on
                        lat = std::clamp(lat + (u(rng) - 0.5) * 0.05, -89.0, 89.0);
                        lon = lon + (u(rng) - 0.5) * 0.05;
                    }
                    const double r = ringKm * (u(rng) < 0.5 ? u(rng) : 1.0) / 2;
                    const double bearing = u(rng) * 2 * M_PI;
                    PositionReport p;
                    p.vessel = vessel;
                    p.timeMs = t;
                    p.lat = std::clamp(lat + r * std::cos(bearing) / 111.195, -89.9, 89.9);
                    p.lon = lon + r * std::sin(bearing) / (111.195 * std::cos(lat * M_PI / 180));
                    p.lon -= 360.0 * std::floor((p.lon + 180.0) / 360.0);
                    p.sog = 0.1f;
                    b.add(p);
                    t += int64_t(2 + u(rng) * 20) * kMinute;
                }
            }
            const auto store = b.finish();
            int stays = 0;
            double latSum = 0;
            for (size_t s = 0; s < store->segmentCount(); ++s) {
                const uint32_t end = store->segmentEnd(s);
                for (uint32_t i = store->segmentBegin(s); i < end;) {
                    uint32_t j = i + 1;
                    while (j < end
                           && pointDistanceKm(store->lat(i), store->lon(i), store->lat(j),
                                              store->lon(j))
                               < rules.stationaryKm)
                        ++j;
                    if (store->timeMs(j - 1) - store->timeMs(i) < rules.stationaryMs) {
                        ++allRejected;
                        ++i;
                        continue;
                    }
                    double sum = 0;
                    for (uint32_t k = i; k < j; ++k)
                        sum += store->lat(k);
                    latSum += sum / double(j - i);
                    ++stays;
                    i = j;
                }
            }
            int foundStays = 0;
            double foundLatSum = 0;
            for (const Anchorage &a : findAnchorages(*store, rules)) {
                foundStays += a.stays;
                foundLatSum += a.lat * a.stays;
            }
            QCOMPARE(foundStays, stays);
            allStays += stays;
            QVERIFY2(std::abs(foundLatSum - latSum) < 1e-6 * std::max(1, stays),
                     qPrintable(QStringLiteral("round %1: %2 vs %3")
                                    .arg(round)
                                    .arg(foundLatSum, 0, 'f', 9)
                                    .arg(latSum, 0, 'f', 9)));
        }
        // On the edge: a vessel 13 h at one place but for one fix, 6 h in, about the
        // distance away, on several bearings and latitudes and across 180°; the rule's
        // distance set to that fix's distance as stored (1e-7 degrees), and a hair on
        // either side. One stay when pointDistanceKm says under, none when not.
        int edges = 0, within = 0;
        for (const double lat : {0.0, 45.0, 60.0, 84.0, -70.0})
            for (const double lon : {10.0, 179.9999, -179.9999})
                for (const double bearing : {0.0, 30.0, 90.0, 135.0, 200.0, 270.0}) {
                    const double d = 0.5 / kEarthRadiusKm;
                    const double p = lat * M_PI / 180, l = lon * M_PI / 180;
                    const double th = bearing * M_PI / 180;
                    const double p2 = std::asin(std::sin(p) * std::cos(d)
                                                + std::cos(p) * std::sin(d) * std::cos(th));
                    const double l2 = l
                        + std::atan2(std::sin(th) * std::sin(d) * std::cos(p),
                                     std::cos(d) - std::sin(p) * std::sin(p2));
                    double lon2 = l2 * 180 / M_PI;
                    lon2 -= 360.0 * std::floor((lon2 + 180.0) / 360.0);
                    TrackBuilder b;
                    const uint32_t vessel = b.vesselByMmsi(563000000);
                    for (int i = 0; i <= 78; ++i) {
                        PositionReport r;
                        r.vessel = vessel;
                        r.timeMs = kT0 + i * 10 * kMinute;
                        r.lat = i == 36 ? p2 * 180 / M_PI : lat;
                        r.lon = i == 36 ? lon2 : lon;
                        b.add(r);
                    }
                    const auto store = b.finish();
                    const double D = pointDistanceKm(store->lat(0), store->lon(0), store->lat(36),
                                                     store->lon(36));
                    for (const double km :
                         {D, std::nextafter(D, 1.0), std::nextafter(D, 0.0), D * (1 + 1e-10),
                          D * (1 - 1e-10), D * 1.001, D * 0.999}) {
                        Rules edge = rules;
                        edge.stationaryKm = km;
                        const bool in = D < km;
                        ++edges;
                        within += in ? 1 : 0;
                        QVERIFY2(findAnchorages(*store, edge).size() == size_t(in ? 1 : 0),
                                 qPrintable(QStringLiteral("%1, %2 bearing %3: %4 km vs %5 km")
                                                .arg(lat)
                                                .arg(lon)
                                                .arg(bearing)
                                                .arg(D, 0, 'g', 17)
                                                .arg(km, 0, 'g', 17)));
                    }
                }
        QCOMPARE(within * 7, edges * 3);
        // Both outcomes happen often enough to mean something.
        QVERIFY2(
            allStays > 100 && allRejected > 1000,
            qPrintable(QStringLiteral("%1 stays, %2 rejected").arg(allStays).arg(allRejected)));
    }

    void portsText()
    {
        const PortsFile f = readPorts(QStringLiteral(RENDEZVOUS_TEST_DATA "/detect/ports.csv"));
        QVERIFY2(f.ok(), qPrintable(f.error));
        QCOMPARE(f.ports.size(), size_t(3));
        QCOMPARE(f.ports[0].name, QStringLiteral("Rotterdam"));
        QCOMPARE(f.ports[0].parts[0][0].first, 4.05);
        QCOMPARE(f.ports[0].parts[0][0].second, 51.95);
        QCOMPARE(f.ports[1].name, QStringLiteral("Singapore; Eastern Anchorage"));
        QCOMPARE(f.ports[2].name, QStringLiteral("Nakhodka"));
        const QStringList messages = f.messages(QStringLiteral("/x/ports.csv"));
        QCOMPARE(messages.size(), 3);
        QVERIFY2(messages[0].startsWith(QLatin1String("ports.csv line 4: latitude \"north\"")),
                 qPrintable(messages[0]));
        QVERIFY2(messages[1].startsWith(QLatin1String("ports.csv line 5: latitude \"95\"")),
                 qPrintable(messages[1]));
        QVERIFY2(
            messages[2].startsWith(QLatin1String("ports.csv line 6: 2 fields, the header has 3")),
            qPrintable(messages[2]));

        const PortsFile none = parsePortsText("name,x_coord,y_coord\nA,1,2\n");
        QVERIFY(!none.ok());
        QVERIFY2(none.error.contains(QLatin1String("no latitude and longitude columns")),
                 qPrintable(none.error));
        QVERIFY(!parsePortsText("\n\n").ok());
        const PortsFile tabs = parsePortsText("lon\tlat\n-70.5\t-33.0\r\n");
        QVERIFY2(tabs.ok(), qPrintable(tabs.error));
        QCOMPARE(tabs.ports.size(), size_t(1));
        QCOMPARE(tabs.ports[0].parts[0][0].second, -33.0);
        const PortsFile missing = readPorts(QStringLiteral("/nonexistent/ports.csv"));
        QVERIFY(!missing.ok() && missing.error.contains(QLatin1String("/nonexistent/ports.csv")));
    }

    void portsGeoJson()
    {
        const PortsFile f = readPorts(QStringLiteral(RENDEZVOUS_TEST_DATA "/detect/ports.geojson"));
        QVERIFY2(f.ok(), qPrintable(f.error));
        QVERIFY(f.rejected.empty());
        QCOMPARE(f.ports.size(), size_t(3));
        QCOMPARE(f.ports[0].kind, Port::Kind::Polygon);
        QCOMPARE(f.ports[0].name, QStringLiteral("Harbour square"));
        QCOMPARE(f.ports[1].kind, Port::Kind::Point);
        const Geography geo(nullptr, {}, f.ports);
        QCOMPARE(geo.portKm(50.05, 10.05), 0.0); // inside the harbour
        QCOMPARE(geo.portKm(-16.95, 180.0), 0.0); // inside, across 180°
        QCOMPARE(geo.portKm(-16.95, -179.99), 0.0);
        QVERIFY(std::abs(geo.portKm(50.0, 12.2) - pointDistanceKm(50, 12.2, 50, 12)) < 1e-9);
        // Outside the square: the distance to its edge (a meridian), not its corners.
        QVERIFY(std::abs(geo.portKm(50.05, 10.2) - arcDistanceKm(50.05, 10.2, 50, 10.1, 50.1, 10.1))
                < 1e-9);
        QVERIFY(geo.portKm(50.05, 10.2) < pointDistanceKm(50.05, 10.2, 50.0, 10.1));
        // Without a shore: no land, no coast.
        QVERIFY(!geo.onLand(50.05, 10.05));
        QVERIFY(std::isinf(geo.shoreKm(50.05, 10.05)));
        const PortsFile bad = readPorts(QStringLiteral(RENDEZVOUS_TEST_DATA "/detect/README.md"));
        QVERIFY(!bad.ok());
    }

    // A feature without geometry is no port, and it is said with its id, never dropped
    // unsaid (gdal::readShapes counts them; the ports file turns them into a rejection).
    void featuresWithoutGeometryAreReported()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("ports.geojson"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": 11, "properties": {"name": "Pier"},
             "geometry": {"type": "Point", "coordinates": [10, 50]}},
            {"type": "Feature", "id": 12, "properties": {"name": "Lost"}, "geometry": null},
            {"type": "Feature", "id": 13, "properties": {"name": "Quay"},
             "geometry": {"type": "Point", "coordinates": [11, 51]}},
            {"type": "Feature", "id": 14, "properties": {"name": "Gone"}, "geometry": null}
        ]})");
        f.close();

        const gdal::ShapeLayer layer = gdal::readShapes(path);
        QVERIFY2(layer.error.isEmpty(), qPrintable(layer.error));
        QCOMPARE(layer.shapes.size(), size_t(2));
        QCOMPARE(layer.shapes[0].feature, int64_t(11));
        QCOMPARE(layer.shapes[1].feature, int64_t(13));
        QCOMPARE(layer.withoutGeometry, (std::vector<int64_t> {12, 14}));
        QCOMPARE(layer.skipped(),
                 QStringList {QStringLiteral("2 features without geometry left out (feature ids "
                                             "12, 14)")});

        const PortsFile ports = readPorts(path);
        QVERIFY2(ports.ok(), qPrintable(ports.error));
        QCOMPARE(ports.ports.size(), size_t(2));
        QCOMPARE(ports.messages(path),
                 QStringList {QStringLiteral("ports.geojson: 2 features without geometry left "
                                             "out (feature ids 12, 14)")});

        // Many: counted all, the first 20 listed.
        gdal::ShapeLayer many;
        for (int64_t i = 1; i <= 25; ++i)
            many.withoutGeometry.push_back(i);
        QVERIFY(many.skipped().constFirst().startsWith(
            QStringLiteral("25 features without geometry left out (feature ids 1, 2, ")));
        QVERIFY(many.skipped().constFirst().endsWith(QStringLiteral("19, 20, … 5 more)")));
        gdal::ShapeLayer one;
        one.notConverted.push_back(7);
        QCOMPARE(
            one.skipped(),
            QStringList {QStringLiteral("1 feature whose coordinates cannot be converted to WGS 84 "
                                        "left out (feature id 7)")});
    }

    // Nearest anchorage or port against every point, edge and polygon.
    void portIndexMatchesBruteForce()
    {
        std::mt19937_64 rng(11);
        std::uniform_real_distribution<double> u(0, 1);
        std::vector<Anchorage> anchorages;
        for (int i = 0; i < 300; ++i)
            anchorages.push_back({-60 + 120 * u(rng), -180 + 360 * u(rng), 20, 20});
        std::vector<Port> ports;
        for (int i = 0; i < 200; ++i) {
            Port p;
            const double lat = -60 + 120 * u(rng), lon = 170 + 20 * u(rng);
            if (i % 3 == 0) {
                p.kind = Port::Kind::Point;
                p.parts = {{{lon, lat}}};
            } else {
                p.kind = i % 3 == 1 ? Port::Kind::Polygon : Port::Kind::Line;
                const double s = 0.05 + 0.2 * u(rng);
                p.parts = {{{lon, lat}, {lon + s, lat}, {lon + s, lat + s}, {lon, lat + s}}};
            }
            ports.push_back(std::move(p));
        }
        const PortIndex index(anchorages, ports);
        int inside = 0;
        for (int q = 0; q < 3000; ++q) {
            double lat = -65 + 130 * u(rng);
            double lon = q % 2 ? -180 + 360 * u(rng) : 165 + 30 * u(rng);
            if (q % 5 == 0) { // near a port's corner: inside some, just outside others
                const auto &corner = ports[size_t(q / 5) % ports.size()].parts[0][0];
                lat = corner.second + 0.1 * u(rng) - 0.02;
                lon = corner.first + 0.1 * u(rng) - 0.02;
            }
            const double a = index.nearestKm(lat, lon), b = index.nearestKmBruteForce(lat, lon);
            inside += a == 0 ? 1 : 0;
            if (a != b)
                QFAIL(qPrintable(QStringLiteral("%1, %2: %3 km by the index, %4 km by every port")
                                     .arg(lat)
                                     .arg(lon)
                                     .arg(a, 0, 'g', 17)
                                     .arg(b, 0, 'g', 17)));
        }
        QVERIFY(inside > 0);
        QVERIFY(std::isinf(PortIndex().nearestKm(0, 0)));
    }
};

QTEST_GUILESS_MAIN(TestAnchorages)
#include "tst_anchorages.moc"

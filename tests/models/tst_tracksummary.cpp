#include "tracks/tracksummary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <random>
#include <set>

// The figures of `rendezvous tracks` (TrackSummary, TrackFilter) against a count made
// the slow way from the reports given to the builder, on random stores and filters.
namespace {

struct Report
{
    uint32_t mmsi;
    int64_t timeMs;
    double lat, lon;
};

bool inside(const TrackFilter &f, const Report &r)
{
    if ((f.from && r.timeMs < *f.from) || (f.to && r.timeMs > *f.to))
        return false;
    if (!f.bbox)
        return true;
    if (r.lat < f.bbox->south || r.lat > f.bbox->north)
        return false;
    return f.bbox->west <= f.bbox->east ? r.lon >= f.bbox->west && r.lon <= f.bbox->east
                                        : r.lon >= f.bbox->west || r.lon <= f.bbox->east;
}

} // namespace

class TstTrackSummary : public QObject
{
    Q_OBJECT
private slots:
    void fixedStore();
    void randomAgainstBruteForce();
    void vesselWithoutPositions();
};

void TstTrackSummary::fixedStore()
{
    TrackBuilder b;
    const uint16_t file = b.addFile(QStringLiteral("a.csv"));
    const int64_t t0 = 1648684800000;
    const auto add = [&](uint32_t mmsi, int64_t minutes, double lat, double lon) {
        PositionReport r;
        r.vessel = b.vesselByMmsi(mmsi);
        r.timeMs = t0 + minutes * 60000;
        r.lat = lat;
        r.lon = lon;
        r.sourceFile = file;
        b.add(r);
    };
    add(538001234, 0, 25.0, -80.0);
    add(538001234, 10, 25.0, -79.9);
    add(538001234, 500, 25.5, -79.5); // after a gap longer than 6 h
    add(367702220, 5, 29.8, -95.1);
    const std::shared_ptr<TrackStore> store = b.finish();
    const TrackSummary all = TrackSummary::compute(*store);
    QCOMPARE(all.loaded, int64_t(4));
    QCOMPARE(all.positions, int64_t(4));
    QCOMPARE(all.vessels, int64_t(2));
    QCOMPARE(all.segments, int64_t(3));
    QCOMPARE(all.matchingSegments, int64_t(3));
    QCOMPARE(*all.first, t0);
    QCOMPARE(*all.last, t0 + 500 * 60000);
    QCOMPARE(all.bbox->west, -95.1);
    QCOMPARE(all.bbox->south, 25.0);
    QCOMPARE(all.bbox->east, -79.5);
    QCOMPARE(all.bbox->north, 29.8);
    const QJsonObject j = all.toJson();
    QCOMPARE(j.value(QStringLiteral("first")).toString(), QStringLiteral("2022-03-31T00:00:00Z"));
    QCOMPARE(j.value(QStringLiteral("bbox")).toArray().at(0).toDouble(), -95.1);
    // Exactly the degrees given, not their E7 storage's nearest double (-95.08149999999999).
    TrackBuilder b2;
    PositionReport r;
    r.vessel = b2.vesselByMmsi(367702220);
    r.lat = 29.78763;
    r.lon = -95.0815;
    b2.add(r);
    const QJsonObject j2 = TrackSummary::compute(*b2.finish()).toJson();
    QCOMPARE(
        QJsonDocument(j2.value(QStringLiteral("bbox")).toArray()).toJson(QJsonDocument::Compact),
        QByteArray("[-95.0815,29.78763,-95.0815,29.78763]"));

    TrackFilter f;
    f.from = t0 + 60000;
    f.to = t0 + 20 * 60000;
    const TrackSummary window = TrackSummary::compute(*store, f);
    QCOMPARE(window.positions, int64_t(2)); // 10 min of the first vessel, 5 of the second
    QCOMPARE(window.matchingVessels, int64_t(2));
    QCOMPARE(window.matchingSegments, int64_t(2));
    // The store's figures do not follow the filter.
    QCOMPARE(window.loaded, int64_t(4));
    QCOMPARE(window.vessels, int64_t(2));
    QCOMPARE(*window.first, t0);
}

void TstTrackSummary::randomAgainstBruteForce()
{
    std::mt19937_64 rng(16);
    for (int round = 0; round < 200; ++round) {
        TrackBuilder b;
        const uint16_t file = b.addFile(QStringLiteral("r.csv"));
        std::vector<Report> reports;
        const int vessels = 1 + int(rng() % 6);
        const int n = int(rng() % 60);
        std::uniform_real_distribution<double> lat(-60, 60), lon(-180, 180);
        for (int i = 0; i < n; ++i) {
            Report r {uint32_t(200000000 + rng() % uint64_t(vessels)),
                      int64_t(1600000000000 + int64_t(rng() % 200) * 3600000), lat(rng), lon(rng)};
            reports.push_back(r);
            PositionReport p;
            p.vessel = b.vesselByMmsi(r.mmsi);
            p.timeMs = r.timeMs;
            p.lat = r.lat;
            p.lon = r.lon;
            p.sourceFile = file;
            b.add(p);
        }
        const std::shared_ptr<TrackStore> store = b.finish();
        TrackFilter f;
        if (rng() % 2)
            f.from = int64_t(1600000000000 + int64_t(rng() % 200) * 3600000);
        if (rng() % 2)
            f.to = int64_t(1600000000000 + int64_t(rng() % 200) * 3600000);
        if (rng() % 2) {
            GeoBox box;
            box.south = lat(rng);
            box.north = box.south + 40;
            box.west = lon(rng);
            box.east = lon(rng); // may cross the antimeridian
            f.bbox = box;
        }
        int64_t matching = 0;
        std::set<uint32_t> all, matchingMmsis;
        for (const Report &r : reports) {
            all.insert(r.mmsi);
            if (inside(f, r)) {
                ++matching;
                matchingMmsis.insert(r.mmsi);
            }
        }
        const TrackSummary s = TrackSummary::compute(*store, f);
        QCOMPARE(s.loaded, int64_t(reports.size()));
        QCOMPARE(s.positions, matching);
        QCOMPARE(s.vessels, int64_t(all.size()));
        QCOMPARE(s.matchingVessels, int64_t(matchingMmsis.size()));
        QCOMPARE(int64_t(f.apply(*store).size()), matching);
        QVERIFY(s.matchingSegments <= s.segments);
        QVERIFY(s.matchingSegments >= s.matchingVessels);
        QCOMPARE(s.first.has_value(), !reports.empty());
    }
}

void TstTrackSummary::vesselWithoutPositions()
{
    // A vessel known only from its static messages (NMEA type 5) is not counted.
    TrackBuilder b;
    b.addFile(QStringLiteral("log.nmea"));
    VesselIdentity id;
    id.name = "ONLY STATIC";
    b.addIdentity(b.vesselByMmsi(211000001), 1648684800000, id);
    PositionReport r;
    r.vessel = b.vesselByMmsi(211000002);
    r.timeMs = 1648684800000;
    r.lat = 54;
    r.lon = 10;
    b.add(r);
    const std::shared_ptr<TrackStore> store = b.finish();
    const TrackSummary s = TrackSummary::compute(*store);
    QCOMPARE(s.vessels, int64_t(1));
    QCOMPARE(s.positions, int64_t(1));
}

QTEST_GUILESS_MAIN(TstTrackSummary)
#include "tst_tracksummary.moc"

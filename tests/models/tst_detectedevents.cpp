#include "detect/detectedevents.h"
#include "io/eventreader.h"
#include "io/timeparser.h"
#include "ogrreader.h"
#include "summary.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

// A detector Result made by hand becomes ordinary "Detected" events: kinds as a
// category column, both vessels' identities, figures and rule values; what -o writes
// reads back with the same values, and --json says the same.
namespace {

constexpr int64_t kT0 = 1700000000000; // 2023-11-14T22:13:20Z
constexpr int64_t kHour = detect::kHourMs;

PositionReport at(uint32_t vessel, int64_t t, double lat, double lon)
{
    PositionReport r;
    r.vessel = vessel;
    r.timeMs = t;
    r.lat = lat;
    r.lon = lon;
    r.sog = 1;
    return r;
}

// Vessel 0: MMSI 538001234 (Marshall Islands) "TANKER ONE", IMO 9627980.
// Vessel 1: MMSI 412000001 (China) without a name. Vessel 2: MMSI 636000002 (Liberia),
// known only from a static report (no position). Vessel 3, with oid=0, only when asked.
std::shared_ptr<TrackStore> makeStore(bool otherId = false)
{
    TrackBuilder b;
    b.addFile(QStringLiteral("test.csv"));
    const uint32_t v0 = b.vesselByMmsi(538001234);
    const uint32_t v1 = b.vesselByMmsi(412000001);
    const uint32_t v2 = b.vesselByMmsi(636000002);
    VesselIdentity id0;
    id0.name = "TANKER ONE";
    id0.imo = "9627980";
    b.addIdentity(v0, kT0, id0);
    VesselIdentity id2;
    id2.name = "GHOST";
    b.addIdentity(v2, kT0, id2);
    for (int i = 0; i <= 10; ++i) {
        b.add(at(v0, kT0 + i * kHour, 10 + i * 0.01, 120));
        b.add(at(v1, kT0 + i * kHour, 10 + i * 0.01, 120.001));
    }
    if (otherId) {
        const uint32_t v3 = b.vesselById("oid-7");
        b.add(at(v3, kT0, 11, 121));
    }
    return b.finish();
}

detect::Result makeResult(const TrackStore &s)
{
    const uint32_t v0 = uint32_t(s.findMmsi(538001234));
    const uint32_t v1 = uint32_t(s.findMmsi(412000001));
    const uint32_t v2 = uint32_t(s.findMmsi(636000002));
    detect::Result r;
    detect::Encounter e;
    e.vesselA = v0;
    e.vesselB = v1;
    e.startMs = kT0 + kHour;
    e.endMs = kT0 + 6 * kHour;
    e.lat = 10.03;
    e.lon = 120.0005;
    e.medianDistanceM = 108.26;
    e.medianSpeedKn = 0.456;
    e.portKm = std::numeric_limits<double>::infinity(); // no anchorage known
    e.shoreKm = 231.456;
    e.slotCount = 31;
    r.encounters.push_back(e);
    detect::Loitering l;
    l.vessel = v1;
    l.startMs = kT0;
    l.endMs = kT0 + 4 * kHour + 30 * detect::kMinuteMs;
    l.lat = 10.02;
    l.lon = 120.001;
    l.medianSpeedKn = 0.8;
    l.shoreKm = 74.08; // 40 nm
    l.portKm = 55;
    r.loitering.push_back(l);
    detect::Gap g;
    g.vessel = v0;
    g.startMs = kT0 + 10 * kHour;
    g.endMs = kT0 + 28 * kHour;
    g.lat0 = 10.1;
    g.lon0 = 120;
    g.lat1 = 11.5;
    g.lon1 = 121.25;
    g.distanceNm = 111.5;
    g.impliedSpeedKn = 6.19;
    g.shoreKm0 = 120;
    g.shoreKm1 = 150;
    r.gaps.push_back(g);
    detect::Anomaly placed; // at a place of its own
    placed.vessel = v0;
    placed.kind = detect::Anomaly::Kind::TwoPlacesAtOnce;
    placed.startMs = kT0 + 2 * kHour;
    placed.endMs = kT0 + 3 * kHour;
    placed.lat = 10.5;
    placed.lon = 120.5;
    placed.detail = "300 nm in 1 h (300 kn)";
    r.anomalies.push_back(placed);
    detect::Anomaly noPlace; // placed at the vessel's report nearest in time
    noPlace.vessel = v1;
    noPlace.kind = detect::Anomaly::Kind::NameChanged;
    noPlace.startMs = kT0 + 3 * kHour + 20 * detect::kMinuteMs;
    noPlace.endMs = kT0 + 5 * kHour;
    noPlace.detail = "names A, B";
    r.anomalies.push_back(noPlace);
    detect::Anomaly nowhere; // the vessel never reported a position
    nowhere.vessel = v2;
    nowhere.kind = detect::Anomaly::Kind::UnallocatedMid;
    nowhere.startMs = kT0;
    nowhere.endMs = kT0;
    r.anomalies.push_back(nowhere);
    return r;
}

int column(const EventStore &s, detect::Column c)
{
    return int(s.extraNames().indexOf(detect::columnName(c)));
}

QString value(const EventStore &s, detect::Column c, size_t row)
{
    const int k = column(s, c);
    return k < 0 ? QStringLiteral("<no column>") : s.extra(k, row);
}

} // namespace

class TstDetectedEvents : public QObject
{
    Q_OBJECT
private slots:
    void rows();
    void anomalyPlaces();
    void vesselIdColumns();
    void roundTrip_data();
    void roundTrip();
    void json();
    void emptyResult();
};

void TstDetectedEvents::rows()
{
    const auto store = makeStore();
    const detect::Rules rules;
    int64_t unplaced = -1;
    const auto events = detect::toEventStore(makeResult(*store), *store, rules, &unplaced);
    QCOMPARE(unplaced, 1);
    QCOMPARE(events->size(), size_t(5));
    // Only MMSIs here: no vessel id columns repeating them.
    QCOMPARE(events->extraNames().size(), int(detect::Column::VesselAId));
    QCOMPARE(events->extraNames().constFirst(), QStringLiteral("kind"));

    // The encounter: both identities, flags from the MIDs, its figures and rules.
    QCOMPARE(events->id(0), QStringLiteral("encounter-1"));
    QCOMPARE(value(*events, detect::Column::Kind, 0), QStringLiteral("encounter"));
    QCOMPARE(events->start(0), kT0 + kHour);
    QCOMPARE(events->end(0), kT0 + 6 * kHour);
    QCOMPARE(events->lat(0), 10.03);
    QCOMPARE(events->lon(0), 120.0005);
    const TransferEvent e = events->event(0);
    QCOMPARE(e.vesselA.mmsi, QStringLiteral("538001234"));
    QCOMPARE(e.vesselA.name, QStringLiteral("TANKER ONE"));
    QCOMPARE(e.vesselA.imo, QStringLiteral("9627980"));
    QCOMPARE(e.vesselA.flag, QStringLiteral("MH"));
    QCOMPARE(e.vesselB.mmsi, QStringLiteral("412000001"));
    QCOMPARE(e.vesselB.flag, QStringLiteral("CN"));
    QVERIFY(e.vesselB.name.isEmpty());
    QVERIFY(events->flags(0) & EventStore::VesselAFlagFromMmsi);
    QVERIFY(events->flags(0) & EventStore::VesselBFlagFromMmsi);
    QVERIFY(std::isnan(events->volume(0)));
    QCOMPARE(e.source, QStringLiteral("rendezvous detect"));
    QCOMPARE(value(*events, detect::Column::DurationH, 0), QStringLiteral("5"));
    QCOMPARE(value(*events, detect::Column::MedianDistanceM, 0), QStringLiteral("108.3"));
    QCOMPARE(value(*events, detect::Column::MedianSpeedKn, 0), QStringLiteral("0.46"));
    QCOMPARE(value(*events, detect::Column::PortKm, 0), QString()); // infinity: unknown
    QCOMPARE(value(*events, detect::Column::ShoreKm, 0), QStringLiteral("231.46"));
    QCOMPARE(value(*events, detect::Column::Slots, 0), QStringLiteral("31"));
    QCOMPARE(value(*events, detect::Column::DistanceNm, 0), QString());
    QCOMPARE(value(*events, detect::Column::Rules, 0),
             QStringLiteral("max_distance_m=500; min_duration_h=2; max_median_speed_kn=2; "
                            "merge_gap_h=4; min_port_km=10; exclude_land=yes; slot_min=10; "
                            "max_interpolation_gap_h=1"));
    QCOMPARE(e.notes,
             QStringLiteral("TANKER ONE (MMSI 538001234) and MMSI 412000001 within 500 m for 5 "
                            "h: median 108 m apart at 0.5 kn; 231.5 km from shore, unknown from "
                            "the nearest anchorage or port"));

    // Loitering: one vessel, no second identity.
    QCOMPARE(events->id(1), QStringLiteral("loitering-1"));
    QCOMPARE(value(*events, detect::Column::Kind, 1), QStringLiteral("loitering"));
    QCOMPARE(value(*events, detect::Column::DurationH, 1), QStringLiteral("4.5"));
    QCOMPARE(value(*events, detect::Column::PortKm, 1), QStringLiteral("55"));
    QCOMPARE(events->event(1).vesselA.mmsi, QStringLiteral("412000001"));
    QVERIFY(events->event(1).vesselB.isEmpty());
    QVERIFY(!(events->flags(1) & EventStore::VesselBFlagFromMmsi));
    QCOMPARE(value(*events, detect::Column::Rules, 1),
             QStringLiteral("max_speed_kn=2; min_duration_h=4; min_shore_nm=20"));
    QVERIFY2(events->event(1).notes.contains(QStringLiteral("40 nm from shore")),
             qPrintable(events->event(1).notes));

    // The gap: placed where the vessel fell silent, the reappearance in its columns.
    QCOMPARE(events->id(2), QStringLiteral("gap-1"));
    QCOMPARE(value(*events, detect::Column::Kind, 2), QStringLiteral("gap"));
    QCOMPARE(events->lat(2), 10.1);
    QCOMPARE(events->lon(2), 120.0);
    QCOMPARE(value(*events, detect::Column::EndLat, 2), QStringLiteral("11.5"));
    QCOMPARE(value(*events, detect::Column::EndLon, 2), QStringLiteral("121.25"));
    QCOMPARE(value(*events, detect::Column::DurationH, 2), QStringLiteral("18"));
    QCOMPARE(value(*events, detect::Column::DistanceNm, 2), QStringLiteral("111.5"));
    QCOMPARE(value(*events, detect::Column::ImpliedSpeedKn, 2), QStringLiteral("6.19"));
    QCOMPARE(value(*events, detect::Column::EndShoreKm, 2), QStringLiteral("150"));
    QCOMPARE(value(*events, detect::Column::Rules, 2),
             QStringLiteral("min_gap_h=12; min_shore_nm=50"));

    // Rule values follow the rules given.
    detect::Rules other;
    other.maxDistanceM = 900;
    other.minDurationMs = 90 * detect::kMinuteMs;
    other.excludeLand = false;
    const auto changed = detect::toEventStore(makeResult(*store), *store, other);
    QVERIFY2(value(*changed, detect::Column::Rules, 0)
                 .startsWith(QStringLiteral("max_distance_m=900; min_duration_h=1.5;")),
             qPrintable(value(*changed, detect::Column::Rules, 0)));
    QVERIFY(value(*changed, detect::Column::Rules, 0).contains(QStringLiteral("exclude_land=no")));
}

void TstDetectedEvents::anomalyPlaces()
{
    const auto store = makeStore();
    const auto events = detect::toEventStore(makeResult(*store), *store, detect::Rules());
    QCOMPARE(events->id(3), QStringLiteral("anomaly-1"));
    QCOMPARE(value(*events, detect::Column::Kind, 3), QStringLiteral("anomaly"));
    QCOMPARE(value(*events, detect::Column::Anomaly, 3), QStringLiteral("two_places_at_once"));
    QCOMPARE(events->lat(3), 10.5);
    QCOMPARE(events->lon(3), 120.5);
    QCOMPARE(value(*events, detect::Column::Rules, 3), QStringLiteral("max_implied_speed_kn=50"));
    QCOMPARE(events->event(3).notes,
             QStringLiteral("TANKER ONE (MMSI 538001234): 300 nm in 1 h (300 kn)"));
    // No place of its own: vessel 1's report nearest to 3 h 20 min is the one at 3 h.
    QCOMPARE(events->id(4), QStringLiteral("anomaly-2"));
    QCOMPARE(value(*events, detect::Column::Anomaly, 4), QStringLiteral("name_changed"));
    QCOMPARE(events->lat(4), 10.03);
    QCOMPARE(events->lon(4), 120.001);
    QCOMPARE(value(*events, detect::Column::Rules, 4), QString());
    // The third anomaly's vessel has no position: not an event, but counted (above) and
    // listed by the JSON (below).
    const std::vector<detect::DetectedRow> rows =
        detect::detectedRows(makeResult(*store), *store, detect::Rules());
    QCOMPARE(rows.size(), size_t(6));
    QVERIFY(!rows[5].placed());
    QCOMPARE(rows[5].detail, QStringLiteral("GHOST (MMSI 636000002): MMSI's MID not allocated"));
}

void TstDetectedEvents::vesselIdColumns()
{
    const auto store = makeStore(true);
    detect::Result r = makeResult(*store);
    detect::Loitering l;
    l.vessel = uint32_t(store->findId("oid-7"));
    l.startMs = kT0;
    l.endMs = kT0 + 5 * kHour;
    l.lat = 11;
    l.lon = 121;
    r.loitering.push_back(l);
    const auto events = detect::toEventStore(r, *store, detect::Rules());
    QCOMPARE(events->extraNames().size(), detect::kColumnCount);
    QCOMPARE(value(*events, detect::Column::VesselAId, 0), QStringLiteral("538001234"));
    QCOMPARE(value(*events, detect::Column::VesselBId, 0), QStringLiteral("412000001"));
    QCOMPARE(events->id(2), QStringLiteral("loitering-2"));
    QCOMPARE(value(*events, detect::Column::VesselAId, 2), QStringLiteral("oid-7"));
    QCOMPARE(value(*events, detect::Column::VesselBId, 2), QString());
    // Not an MMSI: never written as one, and no flag derived from it.
    QVERIFY(events->event(2).vesselA.mmsi.isEmpty());
    QVERIFY(events->event(2).vesselA.flag.isEmpty());
    QVERIFY(events->event(2).notes.startsWith(QStringLiteral("id oid-7 under 2 kn")));
}

void TstDetectedEvents::roundTrip_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("csv") << QStringLiteral("csv");
    QTest::newRow("gpkg") << QStringLiteral("gpkg");
    QTest::newRow("geojson") << QStringLiteral("geojson");
    QTest::newRow("fgb") << QStringLiteral("fgb");
}

void TstDetectedEvents::roundTrip()
{
    QFETCH(QString, suffix);
    const auto store = makeStore(true);
    const auto events = detect::toEventStore(makeResult(*store), *store, detect::Rules());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("detected.") + suffix);
    std::vector<uint32_t> all(events->size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = uint32_t(i);
    QString error;
    QVERIFY2(ogr::writeFile(*events, all, out, false, &error), qPrintable(error));
    const LoadResult back = EventReader::load(out, {});
    QVERIFY2(back.report.ok(), qPrintable(back.report.error));
    QCOMPARE(back.report.rejections.size(), size_t(0));
    QCOMPARE(back.store->size(), events->size());
    // Every field and every extra column reads back as written (a kind column that
    // came back under another name would break colour-by and the category filter).
    for (size_t r = 0; r < events->size(); ++r) {
        for (int f = 0; f < FieldCount; ++f) {
            if (Field(f) == Field::Geometry)
                continue;
            QCOMPARE(back.store->text(Field(f), r), events->text(Field(f), r));
        }
        for (int c = 0; c < events->extraNames().size(); ++c) {
            const int k = int(back.store->extraNames().indexOf(events->extraNames().at(c)));
            QVERIFY2(k >= 0, qPrintable(events->extraNames().at(c)));
            QCOMPARE(back.store->extra(k, r), events->extra(c, r));
        }
    }
    // Hence the same figures for `rendezvous info`.
    QCOMPARE(Summary::compute(*back.store).toJson(), Summary::compute(*events).toJson());
}

void TstDetectedEvents::json()
{
    const auto store = makeStore();
    const auto rows = detect::detectedRows(makeResult(*store), *store, detect::Rules());
    const QJsonObject o = detect::resultJson(rows, *store);
    const QJsonObject counts = o.value(QStringLiteral("counts")).toObject();
    QCOMPARE(counts.value(QStringLiteral("encounters")).toInt(), 1);
    QCOMPARE(counts.value(QStringLiteral("loitering")).toInt(), 1);
    QCOMPARE(counts.value(QStringLiteral("gaps")).toInt(), 1);
    QCOMPARE(counts.value(QStringLiteral("anomalies")).toInt(), 3);
    QCOMPARE(counts.value(QStringLiteral("events")).toInt(), 5);
    QCOMPARE(counts.value(QStringLiteral("unplaced_anomalies")).toInt(), 1);

    const QJsonObject e = o.value(QStringLiteral("encounters")).toArray().at(0).toObject();
    QCOMPARE(e.value(QStringLiteral("kind")).toString(), QStringLiteral("encounter"));
    QCOMPARE(e.value(QStringLiteral("id")).toString(), QStringLiteral("encounter-1"));
    QCOMPARE(e.value(QStringLiteral("vessel_a_mmsi")).toString(), QStringLiteral("538001234"));
    QCOMPARE(e.value(QStringLiteral("vessel_b_mmsi")).toString(), QStringLiteral("412000001"));
    QCOMPARE(e.value(QStringLiteral("vessel_a_flag")).toString(), QStringLiteral("MH"));
    QVERIFY(!e.contains(QStringLiteral("mmsi")));
    QCOMPARE(e.value(QStringLiteral("start")).toString(), timeparse::toIso(kT0 + kHour));
    QCOMPARE(e.value(QStringLiteral("end")).toString(), timeparse::toIso(kT0 + 6 * kHour));
    QCOMPARE(e.value(QStringLiteral("lat")).toDouble(), 10.03);
    QCOMPARE(e.value(QStringLiteral("lon")).toDouble(), 120.0005);
    QCOMPARE(e.value(QStringLiteral("duration_h")).toDouble(), 5.0);
    // The same rounded figures as the columns -o writes.
    QCOMPARE(e.value(QStringLiteral("median_distance_m")).toDouble(), 108.3);
    QCOMPARE(e.value(QStringLiteral("median_speed_kn")).toDouble(), 0.46);
    QVERIFY(e.value(QStringLiteral("port_km")).isNull());
    QCOMPARE(e.value(QStringLiteral("slots")).toInt(), 31);
    QVERIFY(e.value(QStringLiteral("detail")).toString().contains(QStringLiteral("within 500 m")));

    const QJsonObject l = o.value(QStringLiteral("loitering")).toArray().at(0).toObject();
    QCOMPARE(l.value(QStringLiteral("mmsi")).toString(), QStringLiteral("412000001"));
    QCOMPARE(l.value(QStringLiteral("vessel_id")).toString(), QStringLiteral("412000001"));
    QCOMPARE(l.value(QStringLiteral("id")).toString(), QStringLiteral("loitering-1"));
    QVERIFY(!l.contains(QStringLiteral("vessel_a_mmsi")));
    QVERIFY(l.value(QStringLiteral("median_distance_m")).isNull());
    QCOMPARE(l.value(QStringLiteral("median_speed_kn")).toDouble(), 0.8);

    const QJsonObject g = o.value(QStringLiteral("gaps")).toArray().at(0).toObject();
    QCOMPARE(g.value(QStringLiteral("kind")).toString(), QStringLiteral("gap"));
    QVERIFY(g.value(QStringLiteral("median_speed_kn")).isNull());
    QCOMPARE(g.value(QStringLiteral("implied_speed_kn")).toDouble(), 6.19);
    QCOMPARE(g.value(QStringLiteral("end_lat")).toDouble(), 11.5);
    QCOMPARE(g.value(QStringLiteral("duration_h")).toDouble(), 18.0);

    const QJsonArray anomalies = o.value(QStringLiteral("anomalies")).toArray();
    QCOMPARE(anomalies.size(), 3);
    QCOMPARE(anomalies.at(0).toObject().value(QStringLiteral("anomaly")).toString(),
             QStringLiteral("two_places_at_once"));
    QCOMPARE(anomalies.at(1).toObject().value(QStringLiteral("lat")).toDouble(), 10.03);
    const QJsonObject nowhere = anomalies.at(2).toObject();
    QCOMPARE(nowhere.value(QStringLiteral("mmsi")).toString(), QStringLiteral("636000002"));
    QCOMPARE(nowhere.value(QStringLiteral("name")).toString(), QStringLiteral("GHOST"));
    QVERIFY(nowhere.value(QStringLiteral("lat")).isNull());
    QVERIFY(nowhere.value(QStringLiteral("lon")).isNull());
    QCOMPARE(nowhere.value(QStringLiteral("duration_h")).toDouble(), 0.0);
}

void TstDetectedEvents::emptyResult()
{
    const auto store = makeStore();
    int64_t unplaced = -1;
    const auto events = detect::toEventStore(detect::Result(), *store, detect::Rules(), &unplaced);
    QCOMPARE(events->size(), size_t(0));
    QCOMPARE(unplaced, 0);
    QCOMPARE(events->extraNames().constFirst(), QStringLiteral("kind"));
    const QJsonObject o = detect::resultJson({}, *store);
    QCOMPARE(o.value(QStringLiteral("counts")).toObject().value(QStringLiteral("events")).toInt(),
             0);
    QVERIFY(o.value(QStringLiteral("encounters")).isArray());
}

QTEST_GUILESS_MAIN(TstDetectedEvents)
#include "tst_detectedevents.moc"

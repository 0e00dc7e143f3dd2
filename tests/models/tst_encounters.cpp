#include "detect/encounters.h"
#include "encountertesthelpers.h"

#include <QtTest>

#include <atomic>

// The resampling rules on small hand-made tracks, and planted encounters next to their
// decoys in one store: each decoy differs from a true meeting by one rule, and
// relaxing that rule makes it an encounter (so it is that rule that rejects it).
using namespace enctest;

namespace {

constexpr int64_t T0 = 1735689600000; // 2025-01-01 00:00 UTC, on a slot
constexpr int64_t kMin = detect::kMinuteMs;
constexpr int64_t kHour = detect::kHourMs;

// A straight drift: reports every `everyMin` minutes from `fromMs` for `hours`, at
// `kn` knots towards `headingDeg`, starting `north` / `east` metres from (lat, lon).
void drift(std::vector<Ping> &out, uint32_t mmsi, double lat, double lon, int64_t fromMs,
           double hours, double kn, double headingDeg, double everyMin, double north = 0,
           double east = 0)
{
    const double h = headingDeg * M_PI / 180;
    for (int64_t t = fromMs; t <= fromMs + int64_t(hours * kHour); t += int64_t(everyMin * kMin)) {
        const double s = double(t - fromMs) / 1000.0, v = kn * 1852.0 / 3600.0;
        double la, lo;
        offset(lat, lon, north + v * s * std::cos(h), east + v * s * std::sin(h), la, lo);
        out.push_back({mmsi, t, la, lo, float(kn)});
    }
}

struct Planted
{
    std::vector<Ping> pings;
    TestGeo geo;
};

// Every case at its own place, far from the others.
Planted planted()
{
    Planted p;
    auto &v = p.pings;
    // 1. A true 5-hour meeting at 0.5 kn far offshore, 150 m apart.
    drift(v, 100000001, 20, 60, T0 + kHour, 5, 0.5, 90, 3);
    drift(v, 100000002, 20, 60, T0 + kHour + 30000, 5, 0.5, 90, 3, 150);
    // 2. A convoy at 12 kn, 250 m apart for 4 hours (too fast)...
    drift(v, 100000003, 22, 62, T0, 4, 12, 45, 2);
    drift(v, 100000004, 22, 62, T0, 4, 12, 45, 2, 250);
    // ...and two ships crossing at 12 kn within 100 m.
    drift(v, 100000005, 23, 63, T0, 4, 12, 0, 2, -24000);
    drift(v, 100000006, 23, 63, T0, 4, 12, 270, 2, 100, 24000);
    // 3. A 70-minute meeting (too short), the vessels 6 km apart before and after.
    drift(v, 100000007, 24, 64, T0, 6, 0.5, 0, 3);
    drift(v, 100000008, 24, 64, T0, 2, 0.5, 0, 3, 0, 6000);
    drift(v, 100000008, 24, 64, T0 + 2 * kHour + 10 * kMin, 70.0 / 60, 0.5, 0, 3,
          2.1 * 0.5 * 1852 + 100, 0);
    drift(v, 100000008, 24, 64, T0 + 3 * kHour + 30 * kMin, 2, 0.5, 0, 3, 0, 6000);
    // 4. 900 m apart for 5 hours at 0.5 kn (too far).
    drift(v, 100000009, 25, 65, T0, 5, 0.5, 180, 3);
    drift(v, 100000010, 25, 65, T0, 5, 0.5, 180, 3, 0, 900);
    // 5. A 5-hour meeting in a port (3 km from it).
    drift(v, 100000011, 26, 66, T0, 5, 0.2, 0, 3);
    drift(v, 100000012, 26, 66, T0, 5, 0.2, 0, 3, 80);
    p.geo.ports.push_back({26.03, 66});
    // 6. A 5-hour meeting on land (a lake, or a wrong position).
    drift(v, 100000013, 27, 67, T0, 5, 0.2, 0, 3);
    drift(v, 100000014, 27, 67, T0, 5, 0.2, 0, 3, 80);
    p.geo.land.push_back({26.9, 66.9, 27.1, 67.1});
    // 7. Two 2.5-hour meetings 3 hours apart (one encounter)...
    drift(v, 100000015, 28, 68, T0, 8, 0.5, 0, 3);
    drift(v, 100000016, 28, 68, T0, 2.5, 0.5, 0, 3, 0, 100);
    drift(v, 100000016, 28, 68, T0 + 5.5 * kHour, 2.5, 0.5, 0, 3, 5.5 * 0.5 * 1852, 100);
    // ...and two 5 hours apart (two encounters).
    drift(v, 100000017, 29, 69, T0, 10, 0.5, 0, 3);
    drift(v, 100000018, 29, 69, T0, 2.5, 0.5, 0, 3, 0, 100);
    drift(v, 100000018, 29, 69, T0 + 7.5 * kHour, 2.5, 0.5, 0, 3, 7.5 * 0.5 * 1852, 100);
    // 8. A 4-hour meeting where one MMSI is also broadcast 100 km away by another
    // transmitter: the store splits the two, and the meeting is found on the right one
    // (interpolating from one segment to the other would put it 50 km off).
    drift(v, 100000019, 30, 70, T0, 4, 0.3, 0, 2);
    drift(v, 100000020, 30, 70, T0 + 60000, 4, 0.3, 0, 4, 120);
    drift(v, 100000020, 30, 70, T0 + 2 * 60000, 4, 0.3, 0, 4, 100000);
    // 9. A 5-hour meeting where one vessel reports every 70 minutes (never
    // interpolated: no together-slot)...
    drift(v, 100000021, 31, 71, T0, 5, 0.5, 0, 3);
    drift(v, 100000022, 31, 71, T0 + 5 * kMin, 5, 0.5, 0, 70, 100);
    // ...and one where it reports every 50 minutes (an encounter).
    drift(v, 100000023, 32, 72, T0, 5, 0.5, 0, 3);
    drift(v, 100000024, 32, 72, T0 + 5 * kMin, 5, 0.5, 0, 50, 100);
    // 10. Three vessels rafted together for 6 hours across 180°: three pairs.
    drift(v, 100000025, -12, 179.999, T0, 6, 0.4, 90, 3);
    drift(v, 100000026, -12, 179.999, T0, 6, 0.4, 90, 3, 60);
    drift(v, 100000027, -12, 179.999, T0, 6, 0.4, 90, 3, 120);
    return p;
}

int64_t mmsiOf(const TrackStore &s, uint32_t v)
{
    return s.mmsi(v);
}

} // namespace

class TstEncounters : public QObject
{
    Q_OBJECT
private slots:
    void resampleSlots();
    void resampleNeverCrossesSegments();
    void resampleAcrossAntimeridianAndScope();
    void plantedCasesAndDecoys();
    void eachDecoyIsRejectedByItsRule();
    void cancelled();
};

void TstEncounters::resampleSlots()
{
    // Reports at 00:00 (on a slot), 00:07, 00:25, 00:59 and 01:59 (exactly 1 h later).
    const auto store = makeStore({{1, T0, 10, 20, 4.0f},
                                  {1, T0 + 7 * kMin, 10.007, 20, NAN},
                                  {1, T0 + 25 * kMin, 10.025, 20.018, NAN},
                                  {1, T0 + 59 * kMin, 10.025, 20.018, NAN},
                                  {1, T0 + 119 * kMin, 10.025, 20.018, NAN}});
    const detect::Resampled r = detect::resample(*store, detect::Rules {});
    QCOMPARE(r.vesselCount(), size_t(1));
    // 00:00 .. 00:50 (00:30..00:50 interpolated between 00:25 and 00:59); nothing
    // between 00:59 and 01:59: a gap of exactly one hour is not interpolated.
    QCOMPARE(
        std::vector<int64_t>(r.slot.begin(), r.slot.end()),
        (std::vector<int64_t> {T0 / (10 * kMin), T0 / (10 * kMin) + 1, T0 / (10 * kMin) + 2,
                               T0 / (10 * kMin) + 3, T0 / (10 * kMin) + 4, T0 / (10 * kMin) + 5}));
    QCOMPARE(r.lat[0], 10.0); // on the report
    QCOMPARE(r.lon[0], 20.0);
    QVERIFY(std::abs(r.lat[1] - (10.007 + 0.018 * 3 / 18)) < 1e-12); // 00:10
    QVERIFY(std::abs(r.lon[1] - 0.018 * 3 / 18 - 20) < 1e-12);
    QVERIFY(std::abs(r.lat[3] - 10.025) < 1e-12); // 00:30, no movement after 00:25
    // Speeds: 00:00 from the interval to 00:07; 00:10 from 00:07..00:25.
    const double km07 = detect::distanceM(10, 20, 10.007, 20) / 1852.0;
    QVERIFY(std::abs(r.speedKn[0] - km07 / (7.0 / 60)) < 1e-9);
    const double nm = detect::distanceM(10.007, 20, 10.025, 20.018) / 1852.0;
    QVERIFY(std::abs(r.speedKn[1] - nm / (18.0 / 60)) < 1e-9);
    QCOMPARE(r.speedKn[3], 0.0);

    // A report alone on a slot keeps its speed over ground; 59 minutes apart is
    // interpolated.
    const auto alone = makeStore(
        {{1, T0, 10, 20, 4.0f}, {2, T0, 11, 20, NAN}, {2, T0 + 59 * kMin, 11.059, 20, NAN}});
    const detect::Resampled a = detect::resample(*alone, detect::Rules {});
    QCOMPARE(std::vector<uint32_t>(a.vesselBegin.begin(), a.vesselBegin.end()),
             (std::vector<uint32_t> {0, 1, 7}));
    QCOMPARE(a.speedKn[0], double(4.0f));
    QVERIFY(std::abs(a.lat[6] - 11.05) < 1e-12);
}

void TstEncounters::resampleNeverCrossesSegments()
{
    // A 7-hour silence starts a new segment; a 50-minute one inside each is bridged.
    const auto store = makeStore({{1, T0 + 5 * kMin, 10, 20, NAN},
                                  {1, T0 + 55 * kMin, 10.05, 20, NAN},
                                  {1, T0 + 7 * kHour + 55 * kMin, 10.1, 20, NAN},
                                  {1, T0 + 8 * kHour + 45 * kMin, 10.15, 20, NAN}});
    QCOMPARE(store->segmentCount(), size_t(2));
    const detect::Resampled r = detect::resample(*store, detect::Rules {});
    QCOMPARE(r.size(), size_t(10)); // 00:10..00:50 and 08:00..08:40
    for (size_t i = 0; i < 5; ++i) {
        QCOMPARE(r.segment[i], 0u);
        QCOMPARE(r.segment[i + 5], 1u);
        QVERIFY(r.lat[i] <= 10.05 && r.lat[i + 5] >= 10.1);
    }
    QCOMPARE(r.timeMs(5), T0 + 8 * kHour);
}

void TstEncounters::resampleAcrossAntimeridianAndScope()
{
    const auto store = makeStore({{1, T0, 0, 179.99, NAN}, {1, T0 + 20 * kMin, 0, -179.99, NAN}});
    const detect::Resampled r = detect::resample(*store, detect::Rules {});
    QCOMPARE(r.size(), size_t(3));
    QVERIFY(std::abs(std::abs(r.lon[1]) - 180) < 1e-9); // not 0 (the long way round)
    QVERIFY(r.speedKn[1] < 5); // 1.1 km in 20 minutes
    // And westwards.
    const auto west = makeStore({{1, T0, 0, -179.99, NAN}, {1, T0 + 20 * kMin, 0, 179.99, NAN}});
    const detect::Resampled w = detect::resample(*west, detect::Rules {});
    QCOMPARE(w.size(), size_t(3));
    QVERIFY(std::abs(std::abs(w.lon[1]) - 180) < 1e-9);

    // Out-of-scope reports are not used: without the last one, nothing to interpolate.
    detect::Rules rules;
    rules.toMs = T0 + 10 * kMin;
    QCOMPARE(detect::resample(*store, rules).size(), size_t(1));
    rules = {};
    rules.hasBbox = true;
    rules.west = 179;
    rules.east = -179.98; // across 180°: keeps both
    rules.south = -1;
    rules.north = 1;
    QCOMPARE(detect::resample(*store, rules).size(), size_t(3));
    rules.east = -179.995;
    QCOMPARE(detect::resample(*store, rules).size(), size_t(1));
}

void TstEncounters::plantedCasesAndDecoys()
{
    const Planted p = planted();
    const auto store = makeStore(p.pings);
    const auto found = detect::findEncounters(*store, detect::Rules {}, p.geo);
    QStringList pairs;
    for (const detect::Encounter &e : found)
        pairs << QStringLiteral("%1-%2")
                     .arg(mmsiOf(*store, e.vesselA))
                     .arg(mmsiOf(*store, e.vesselB));
    // Sorted by start, then pair: the raft's and the merged ones from 00:00, the
    // two-transmitter and the 50-minute ones from 00:10 (no report on 00:00).
    QCOMPARE(pairs,
             (QStringList {"100000015-100000016", "100000017-100000018", "100000025-100000026",
                           "100000025-100000027", "100000026-100000027", "100000019-100000020",
                           "100000023-100000024", "100000001-100000002", "100000017-100000018"}));

    // The true meeting: 01:10 (the second vessel's first slot with an interpolated
    // position, its reports starting 30 s after 01:00) .. 06:00.
    const detect::Encounter &e = found[7];
    QCOMPARE(e.startMs, T0 + kHour + 10 * kMin);
    QCOMPARE(e.endMs, T0 + 6 * kHour);
    QCOMPARE(e.slotCount, 30);
    QVERIFY(std::abs(e.medianDistanceM - 150) < 1);
    QVERIFY(std::abs(e.medianSpeedKn - 0.5) < 0.01);
    double lat, lon; // the middle of the two tracks' middles
    offset(20, 60, 75, 0.5 * 1852 * 155 / 60, lat, lon);
    QVERIFY2(std::abs(e.lat - lat) < 1e-4 && std::abs(e.lon - lon) < 2e-4,
             qPrintable(QStringLiteral("%1 %2 vs %3 %4").arg(e.lat).arg(e.lon).arg(lat).arg(lon)));
    QCOMPARE(e.shoreKm, 250.0);
    QVERIFY(e.portKm > 500); // the only port is case 5's

    // Merged: 00:00..08:00 with the 3-hour pause; not merged after a 5-hour pause.
    QCOMPARE(found[0].startMs, T0);
    QCOMPARE(found[0].endMs, T0 + 8 * kHour);
    QCOMPARE(found[0].slotCount, 32); // 16 + 16 together-slots
    QCOMPARE(found[1].endMs, T0 + 150 * kMin);
    QCOMPARE(found[8].startMs, T0 + 450 * kMin);
    // The second transmitter is ignored, not averaged in.
    QVERIFY(std::abs(found[5].medianDistanceM - 120) < 15);
    QVERIFY2(std::abs(found[5].lat - 30.011) < 0.001,
             qPrintable(QString::number(found[5].lat, 'f', 6)));
    // The raft across 180°: positions near 180°, not averaged to 0°.
    for (int i = 2; i <= 4; ++i) {
        QVERIFY(std::abs(std::abs(found[size_t(i)].lon) - 180) < 0.05); // drifted 4 km
        QCOMPARE(found[size_t(i)].endMs - found[size_t(i)].startMs, 6 * kHour);
    }
}

void TstEncounters::eachDecoyIsRejectedByItsRule()
{
    const Planted p = planted();
    const auto store = makeStore(p.pings);
    const auto has = [&](const std::vector<detect::Encounter> &found, uint32_t a, uint32_t b) {
        for (const detect::Encounter &e : found)
            if (mmsiOf(*store, e.vesselA) == a && mmsiOf(*store, e.vesselB) == b)
                return true;
        return false;
    };
    detect::Rules rules;
    rules.maxMedianSpeedKn = 13;
    auto found = detect::findEncounters(*store, rules, p.geo);
    QVERIFY(has(found, 100000003, 100000004)); // the convoy, when 12 kn is slow
    QVERIFY(!has(found, 100000005, 100000006)); // crossing: never 2 h together

    rules = {};
    rules.minDurationMs = kHour;
    QVERIFY(has(detect::findEncounters(*store, rules, p.geo), 100000007, 100000008));
    rules = {};
    rules.maxDistanceM = 1000;
    QVERIFY(has(detect::findEncounters(*store, rules, p.geo), 100000009, 100000010));
    rules = {};
    rules.minPortKm = 2;
    found = detect::findEncounters(*store, rules, p.geo);
    QVERIFY(has(found, 100000011, 100000012));
    QVERIFY(!has(found, 100000013, 100000014));
    rules = {};
    rules.excludeLand = false;
    QVERIFY(has(detect::findEncounters(*store, rules, p.geo), 100000013, 100000014));
    rules = {};
    rules.maxInterpolationGapMs = 71 * kMin;
    QVERIFY(has(detect::findEncounters(*store, rules, p.geo), 100000021, 100000022));
    rules = {};
    rules.mergeGapMs = 6 * kHour;
    found = detect::findEncounters(*store, rules, p.geo);
    QVERIFY(has(found, 100000017, 100000018));
    QCOMPARE(found.size(), size_t(8)); // 17-18 merged into one
}

void TstEncounters::cancelled()
{
    const Planted p = planted();
    const auto store = makeStore(p.pings);
    std::atomic<bool> cancel {true};
    detect::Control control;
    control.cancel = &cancel;
    QVERIFY(detect::findEncounters(*store, detect::Rules {}, p.geo, control).empty());
    cancel = false;
    double last = -1;
    bool monotonic = true;
    control.progress = [&](double f) {
        monotonic = monotonic && f >= last && f <= 1;
        last = f;
    };
    QCOMPARE(detect::findEncounters(*store, detect::Rules {}, p.geo, control).size(), size_t(9));
    QVERIFY(monotonic);
    QCOMPARE(last, 1.0);
}

QTEST_GUILESS_MAIN(TstEncounters)
#include "tst_encounters.moc"

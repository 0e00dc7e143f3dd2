#include "detect/singlevessel.h"
#include "singlevesselhelpers.h"

#include <QtTest>

#include <atomic>

// Loitering and AIS gaps planted next to their decoys, on the equator east of a round
// island of 200 km centred on (0, 0): a position's distance to shore is its distance
// from the centre less 200 km.
using namespace svtest;

namespace {

constexpr double kIslandKm = 200;

// The longitude on the equator this many nautical miles off the island's coast.
double offshoreLon(double nm)
{
    return kmToDeg(kIslandKm + nm * kNmKm);
}

DiscWorld island()
{
    DiscWorld w;
    w.islands.push_back({0, 0, kIslandKm});
    w.ports.push_back({0, offshoreLon(0)});
    return w;
}

// A vessel steaming east along the equator (west when the speed is negative), one
// report every `stepMin` minutes.
struct Walker
{
    std::vector<Report> *out;
    uint32_t mmsi;
    int64_t t = kT0;
    double lon = 0;
    // Reports for `hours` at `kn`, the first one at the current time and place; the
    // walker ends one step after the last report.
    void run(double kn, double hours, int stepMin = 10, bool sayBoth = true, double realKn = NAN)
    {
        const double moveKn = std::isnan(realKn) ? kn : realKn;
        const int steps = int(std::lround(hours * 60 / stepMin));
        for (int i = 0; i < steps; ++i) {
            out->push_back({mmsi, t, 0.0, lon, sayBoth ? float(std::fabs(kn)) : NAN});
            t += stepMin * kMin;
            lon += kmToDeg(moveKn * kNmKm * stepMin / 60.0);
        }
    }
    void report(double kn) { out->push_back({mmsi, t, 0.0, lon, float(kn)}); }
    void silence(double hours) { t += std::llround(hours * kHour); }
};

template<class Event>
std::vector<uint32_t> mmsisOf(const TrackStore &store, const std::vector<Event> &events)
{
    std::vector<uint32_t> out;
    for (const Event &e : events)
        out.push_back(store.mmsi(e.vessel));
    return out;
}

} // namespace

class TstSingleVessel : public QObject
{
    Q_OBJECT
private slots:
    void loiteringPlanted();
    void loiteringScope();
    void loiteringAsksTheShoreLittle();
    void gapsPlanted();
    void gapsAcrossTheAntimeridian();
    void gapsWithinASegment();
    void cancelAndProgress();
};

void TstSingleVessel::loiteringPlanted()
{
    std::vector<Report> r;
    // 1: transit, 5 h at 0.8 kn 190 nm offshore, transit: loitering.
    Walker w1 {&r, 200000001, kT0, offshoreLon(190)};
    w1.run(10, 2);
    const int64_t start1 = w1.t;
    w1.run(0.8, 5);
    const int64_t end1 = w1.t - 10 * kMin;
    w1.run(10, 2);
    // 2: 3.5 h slow: too short.
    Walker w2 {&r, 200000002, kT0, offshoreLon(190)};
    w2.run(10, 1);
    w2.run(0.8, 3.5);
    w2.run(10, 1);
    // 3: 5 h slow 10 nm off the coast: too close.
    Walker w3 {&r, 200000003, kT0, offshoreLon(10)};
    w3.run(0.5, 5);
    w3.run(10, 1);
    // 4: 5 h at 2.5 kn: too fast.
    Walker w4 {&r, 200000004, kT0, offshoreLon(150)};
    w4.run(2.5, 5);
    // 5: no speed reported, the positions move at 8 kn: not loitering.
    Walker w5 {&r, 200000005, kT0, offshoreLon(150)};
    w5.run(8, 6, 10, false);
    // 6: no speed reported, the positions move at 0.5 kn: loitering.
    Walker w6 {&r, 200000006, kT0, offshoreLon(250)};
    w6.run(0.5, 6, 10, false);
    // 7: slow for 5 h but one report at 9 kn in the middle.
    Walker w7 {&r, 200000007, kT0, offshoreLon(190)};
    w7.run(0.5, 2.5);
    w7.report(9);
    w7.t += 10 * kMin;
    w7.run(0.5, 2.5);
    // 8: 3.5 h slow, 7 h silent (a new segment), 3.5 h slow: not one run.
    Walker w8 {&r, 200000008, kT0, offshoreLon(190)};
    w8.run(0.5, 3.5);
    w8.silence(7);
    w8.run(0.5, 3.5);
    // 9: 5 h slow inland, 145 km from the coast: a bad fix, not loitering.
    Walker w9 {&r, 200000009, kT0, kmToDeg(55)};
    w9.run(0.5, 5);
    // 10: drifting out at 1.5 kn from 18.1 to 27.1 nm: loitering once past 20 nm.
    Walker w10 {&r, 200000010, kT0, offshoreLon(18.1)};
    w10.run(1.5, 6);
    // 11: a slow speed reported while the positions race at 14 kn: the report is taken.
    Walker w11 {&r, 200000011, kT0, offshoreLon(300)};
    w11.run(1, 5, 10, true, 14);
    // 12: 5 h at exactly 2 kn: not under 2 kn.
    Walker w12 {&r, 200000012, kT0, offshoreLon(150)};
    w12.run(2, 5);

    const auto store = build(r);
    const DiscWorld world = island();
    detect::Rules rules;
    const std::vector<detect::Loitering> found = detect::findLoitering(*store, rules, world);
    // By start, then vessel.
    QCOMPARE(mmsisOf(*store, found),
             (std::vector<uint32_t> {200000006, 200000011, 200000010, 200000001}));
    const detect::Loitering &l1 = found[3];
    QCOMPARE(l1.startMs, start1);
    QCOMPARE(l1.endMs, end1);
    QCOMPARE(l1.medianSpeedKn, double(0.8f));
    QCOMPARE(l1.lat, 0.0);
    // The mean of 30 reports 0.8 kn apart (10 min): 14.5 steps past the first, which is
    // 20 nm east of the start.
    const double meanNm = 190 + 20 + 14.5 * 0.8 / 6;
    QVERIFY(std::fabs(l1.lon - offshoreLon(meanNm)) < 1e-6);
    QVERIFY(std::fabs(l1.shoreKm - meanNm * kNmKm) < 0.01);
    QVERIFY(std::fabs(l1.portKm - l1.shoreKm) < 0.01);
    QCOMPARE(found[0].startMs, kT0);
    QCOMPARE(found[0].endMs, kT0 + 6 * kHour - 10 * kMin);
    QVERIFY(std::fabs(found[0].medianSpeedKn - 0.5) < 1e-3); // implied by the positions
    QCOMPARE(found[2].startMs, kT0 + 80 * kMin); // 20 nm reached at 76 min
    QCOMPARE(found[2].endMs, kT0 + 6 * kHour - 10 * kMin);
    QVERIFY(found[2].shoreKm >= 20 * kNmKm);

    // Inland positions count when land is not excluded (their coast is 145 km away).
    rules.excludeLand = false;
    const std::vector<detect::Loitering> withLand = detect::findLoitering(*store, rules, world);
    QCOMPARE(mmsisOf(*store, withLand),
             (std::vector<uint32_t> {200000006, 200000009, 200000011, 200000010, 200000001}));
    // Shorter rules find the decoys that were only too short or too close.
    rules = detect::Rules();
    rules.loiterMinDurationMs = 3 * kHour;
    rules.loiterMinShoreNm = 5;
    std::vector<uint32_t> mmsis = mmsisOf(*store, detect::findLoitering(*store, rules, world));
    std::sort(mmsis.begin(), mmsis.end());
    QCOMPARE(mmsis,
             (std::vector<uint32_t> {200000001, 200000002, 200000003, 200000006, 200000008,
                                     200000008, 200000010, 200000011}));
}

void TstSingleVessel::loiteringScope()
{
    std::vector<Report> r;
    Walker w {&r, 200000001, kT0, offshoreLon(190)};
    w.run(0.8, 6);
    const auto store = build(r);
    const DiscWorld world = island();
    detect::Rules rules;
    QCOMPARE(detect::findLoitering(*store, rules, world).size(), size_t(1));
    // A window keeping 4 h 50 min of it: the event is cut to the window.
    rules.fromMs = kT0 + 60 * kMin;
    auto found = detect::findLoitering(*store, rules, world);
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(found[0].startMs, kT0 + 60 * kMin);
    // Keeping 3 h: nothing.
    rules.toMs = kT0 + 4 * kHour;
    QCOMPARE(detect::findLoitering(*store, rules, world).size(), size_t(0));
    // A box around half of the drift (it moves east): the western half alone is too short.
    rules = detect::Rules();
    rules.hasBbox = true;
    rules.west = offshoreLon(189);
    rules.east = offshoreLon(192.5);
    rules.south = -1;
    rules.north = 1;
    QCOMPARE(detect::findLoitering(*store, rules, world).size(), size_t(0));
    rules.east = offshoreLon(200);
    QCOMPARE(detect::findLoitering(*store, rules, world).size(), size_t(1));
}

void TstSingleVessel::loiteringAsksTheShoreLittle()
{
    // Two days at anchor 150 nm offshore, a report every 10 s, the fix wandering by
    // metres: the distance to shore is asked a few times, not 17,280.
    std::vector<Report> r;
    for (int i = 0; i < 2 * 24 * 360; ++i)
        r.push_back({200000001, kT0 + i * 10000, 0.00001 * (i % 7),
                     offshoreLon(150) + 0.00001 * (i % 5), 0.1f});
    const auto store = build(r);
    DiscWorld world = island();
    const auto found = detect::findLoitering(*store, detect::Rules(), world);
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(found[0].startMs, kT0);
    QCOMPARE(found[0].endMs, kT0 + (2 * 24 * 360 - 1) * 10000);
    QVERIFY2(world.shoreQueries < 10, qPrintable(QString::number(long(world.shoreQueries))));

    // The same at anchor on 180°, the fix swinging from one side to the other.
    r.clear();
    for (int i = 0; i < 2 * 24 * 360; ++i)
        r.push_back({200000001, kT0 + i * 10000, 10.0, i % 2 ? 179.99999 : -179.99999, 0.1f});
    world.shoreQueries = 0;
    const auto swinging = detect::findLoitering(*build(r), detect::Rules(), world);
    QCOMPARE(swinging.size(), size_t(1));
    QVERIFY(std::fabs(std::fabs(swinging[0].lon) - 180) < 1e-6);
    QVERIFY2(world.shoreQueries < 10, qPrintable(QString::number(long(world.shoreQueries))));

    // The same fix stuck inland, far from any coast (a receiver ashore): not loitering,
    // and not a question per report either.
    r.clear();
    for (int i = 0; i < 2 * 24 * 360; ++i)
        r.push_back({200000001, kT0 + i * 10000, 0.00001 * (i % 7), 0.00001 * (i % 5), 0.1f});
    world.shoreQueries = 0;
    world.landQueries = 0;
    QCOMPARE(detect::findLoitering(*build(r), detect::Rules(), world).size(), size_t(0));
    QVERIFY2(world.shoreQueries < 10, qPrintable(QString::number(long(world.shoreQueries))));
    QVERIFY2(world.landQueries < 10, qPrintable(QString::number(long(world.landQueries))));
}

void TstSingleVessel::gapsPlanted()
{
    std::vector<Report> r;
    // 1: 14 h dark 190 nm offshore, reappearing 30 nm east: a gap.
    Walker w1 {&r, 200000001, kT0, offshoreLon(190)};
    w1.run(10, 2);
    const int64_t last1 = w1.t - 10 * kMin;
    const double lon1 = w1.lon - kmToDeg(10 * kNmKm / 6);
    w1.silence(14);
    w1.t -= 10 * kMin;
    w1.lon = lon1 + kmToDeg(30 * kNmKm);
    w1.run(10, 2);
    // 2: 10 h dark: too short.
    Walker w2 {&r, 200000002, kT0, offshoreLon(190)};
    w2.run(10, 1);
    w2.silence(10);
    w2.run(10, 1);
    // 3: 14 h dark, the reappearance 30 nm off the coast: too close.
    Walker w3 {&r, 200000003, kT0, offshoreLon(190)};
    w3.run(10, 1);
    w3.silence(14);
    w3.lon = offshoreLon(30);
    w3.run(10, 1);
    // 4: exactly 12 h dark: a gap.
    Walker w4 {&r, 200000004, kT0, offshoreLon(190)};
    w4.run(10, 1);
    w4.t += 12 * kHour - 10 * kMin;
    w4.run(10, 1);
    // 5: one transmitter dark for 14 h while another with the same MMSI, 600 nm away,
    // keeps reporting: the MMSI was never silent.
    Walker w5 {&r, 200000005, kT0, offshoreLon(190)};
    w5.run(10, 2);
    w5.silence(14);
    w5.run(10, 2);
    Walker w5b {&r, 200000005, kT0 + 5 * kMin, offshoreLon(790)};
    w5b.run(10, 20, 30);
    // 6: 14 h dark, the last report before it on the island: a bad fix, no gap.
    Walker w6 {&r, 200000006, kT0, kmToDeg(50)};
    w6.run(10, 1);
    w6.silence(14);
    w6.lon = offshoreLon(190);
    w6.run(10, 1);

    const auto store = build(r);
    const DiscWorld world = island();
    detect::Rules rules;
    const std::vector<detect::Gap> gaps = detect::findGaps(*store, rules, world);
    QCOMPARE(mmsisOf(*store, gaps), (std::vector<uint32_t> {200000004, 200000001}));
    QCOMPARE(gaps[0].endMs - gaps[0].startMs, 12 * kHour);
    const detect::Gap &g = gaps[1];
    QCOMPARE(g.startMs, last1);
    QCOMPARE(g.endMs, last1 + 14 * kHour);
    QCOMPARE(g.lat0, 0.0);
    QVERIFY(std::fabs(g.lon0 - lon1) < 1e-6);
    QVERIFY(std::fabs(g.lon1 - (lon1 + kmToDeg(30 * kNmKm))) < 1e-6);
    QVERIFY(std::fabs(g.distanceNm - 30) < 1e-4);
    QVERIFY(std::fabs(g.impliedSpeedKn - 30.0 / 14) < 1e-5);
    QVERIFY(std::fabs(g.shoreKm0 - (190 + 20 - 10.0 / 6) * kNmKm) < 0.01);
    QVERIFY(std::fabs(g.shoreKm1 - g.shoreKm0 - 30 * kNmKm) < 0.01);

    // Nearer shores allowed: the gap ending 30 nm off the coast is one.
    rules.gapMinShoreNm = 20;
    QCOMPARE(detect::findGaps(*store, rules, world).size(), size_t(3));
    // With land not excluded, the one from the island too (its point is 150 km inland).
    rules.excludeLand = false;
    QCOMPARE(detect::findGaps(*store, rules, world).size(), size_t(4));
    // Both ends must be in the box and the window.
    rules = detect::Rules();
    rules.hasBbox = true;
    rules.west = offshoreLon(100);
    rules.east = lon1 + kmToDeg(10 * kNmKm);
    rules.south = -1;
    rules.north = 1;
    QCOMPARE(detect::findGaps(*store, rules, world).size(), size_t(1)); // only vessel 4
    rules.east = offshoreLon(400);
    QCOMPARE(detect::findGaps(*store, rules, world).size(), size_t(2));
    rules.toMs = last1 + 14 * kHour - 1;
    QCOMPARE(detect::findGaps(*store, rules, world).size(), size_t(1));
}

void TstSingleVessel::gapsAcrossTheAntimeridian()
{
    // 60 nm from 179.8° E to 179.2° W at 20° N, over 13 h, no coast anywhere.
    std::vector<Report> r {{200000001, kT0, 20, 179.8, 9.0f},
                           {200000001, kT0 + 13 * kHour, 20, -179.2, 9.0f}};
    const auto store = build(r);
    const DiscWorld none;
    const auto gaps = detect::findGaps(*store, detect::Rules(), none);
    QCOMPARE(gaps.size(), size_t(1));
    const double nm = havKm(20, 179.8, 20, -179.2) / kNmKm;
    QVERIFY(nm < 60);
    QVERIFY(std::fabs(gaps[0].distanceNm - nm) < 1e-9);
    QVERIFY(std::fabs(gaps[0].impliedSpeedKn - nm / 13) < 1e-9);
    QVERIFY(std::isinf(gaps[0].shoreKm0));
    // A box across 180° holds both ends.
    detect::Rules rules;
    rules.hasBbox = true;
    rules.west = 179;
    rules.east = -179;
    rules.south = 19;
    rules.north = 21;
    QCOMPARE(detect::findGaps(*store, rules, none).size(), size_t(1));
    rules.east = -179.5;
    QCOMPARE(detect::findGaps(*store, rules, none).size(), size_t(0));
}

void TstSingleVessel::gapsWithinASegment()
{
    // Tracks cut only after 24 h of silence: a 13 h silence is inside a segment, and
    // still a gap; the reports are taken in time order, not segment by segment.
    std::vector<Report> r;
    Walker w {&r, 200000001, kT0, offshoreLon(190)};
    w.run(10, 1);
    w.silence(13);
    w.run(10, 1);
    // The same silence, but another transmitter with the MMSI reports from 600 nm away
    // meanwhile: a segment of its own, while the first one spans the silence.
    Walker a {&r, 200000002, kT0, offshoreLon(190)};
    a.run(10, 1);
    a.silence(13);
    a.run(10, 1);
    Walker b {&r, 200000002, kT0 + 3 * kHour, offshoreLon(790)};
    b.run(10, 8, 30);
    SegmentRules seg;
    seg.maxGapMs = 24 * kHour;
    const auto store = build(r, seg);
    QCOMPARE(store->segmentCount(), size_t(3));
    const auto gaps = detect::findGaps(*store, detect::Rules(), island());
    QCOMPARE(gaps.size(), size_t(1));
    QCOMPARE(store->mmsi(gaps[0].vessel), 200000001u);
    QCOMPARE(gaps[0].endMs - gaps[0].startMs, 13 * kHour + 10 * kMin);
}

void TstSingleVessel::cancelAndProgress()
{
    std::vector<Report> r;
    for (uint32_t v = 0; v < 300; ++v) {
        Walker w {&r, 200000000 + v, kT0, offshoreLon(100 + v)};
        w.run(0.5, 5);
        w.silence(13);
        w.run(0.5, 5);
    }
    const auto store = build(r);
    const DiscWorld world = island();
    std::vector<double> seen;
    detect::Control control;
    control.progress = [&](double f) { seen.push_back(f); };
    QCOMPARE(detect::findLoitering(*store, detect::Rules(), world, control).size(), size_t(600));
    QVERIFY(!seen.empty() && seen.size() <= 101);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    QCOMPARE(seen.back(), 1.0);
    seen.clear();
    QCOMPARE(detect::findGaps(*store, detect::Rules(), world, control).size(), size_t(300));
    QCOMPARE(seen.back(), 1.0);

    std::atomic<bool> cancel {true};
    control.cancel = &cancel;
    QVERIFY(detect::findLoitering(*store, detect::Rules(), world, control).empty());
    QVERIFY(detect::findGaps(*store, detect::Rules(), world, control).empty());
}

QTEST_GUILESS_MAIN(TstSingleVessel)
#include "tst_singlevessel.moc"

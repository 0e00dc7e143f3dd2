#include "detect/singlevessel.h"
#include "singlevesselhelpers.h"

#include <QtTest>

#include <random>

// The single-vessel detectors against a deliberately simple reference on random track
// sets: every run of reports tried (loitering), every pair of report times (gaps), the
// shore asked at every report. Tracks wander near round islands on the equator, across
// the antimeridian and near the poles' limits, with slow and fast stretches, silences
// of minutes to a day, reports without a speed, repeated times and a second transmitter
// jumping in under the same MMSI.
using namespace svtest;

namespace {

double speedOf(const TrackStore &s, size_t p, size_t b, size_t e)
{
    if (!std::isnan(s.sog(p)))
        return double(s.sog(p));
    size_t a = p, c = p;
    if (p > b)
        a = p - 1;
    else if (p + 1 < e)
        c = p + 1;
    else
        return 0;
    const double nm = havKm(s.lat(a), s.lon(a), s.lat(c), s.lon(c)) / kNmKm;
    const double h = double(s.timeMs(c) - s.timeMs(a)) / double(kHour);
    if (h == 0)
        return nm == 0 ? 0 : std::numeric_limits<double>::infinity();
    return nm / h;
}

// The rules' scope written another way: longitudes east of the box's west edge.
bool inside(const detect::Rules &rules, int64_t t, double lat, double lon)
{
    if (t < rules.fromMs || t > rules.toMs)
        return false;
    if (!rules.hasBbox)
        return true;
    const double width = std::fmod(rules.east - rules.west + 360.0, 360.0);
    const double offset = std::fmod(lon - rules.west + 360.0, 360.0);
    return lat >= rules.south && lat <= rules.north && offset <= width;
}

bool farFromShore(const DiscWorld &w, const detect::Rules &rules, double minNm, double lat,
                  double lon)
{
    return w.shoreKm(lat, lon) >= minNm * kNmKm && !(rules.excludeLand && w.onLand(lat, lon));
}

std::vector<detect::Loitering> bruteLoitering(const TrackStore &s, const detect::Rules &rules,
                                              const DiscWorld &w)
{
    std::vector<detect::Loitering> out;
    for (size_t seg = 0; seg < s.segmentCount(); ++seg) {
        const size_t b = s.segmentBegin(seg), e = s.segmentEnd(seg);
        const auto ok = [&](size_t p) {
            return inside(rules, s.timeMs(p), s.lat(p), s.lon(p))
                && speedOf(s, p, b, e) < rules.loiterMaxSpeedKn
                && farFromShore(w, rules, rules.loiterMinShoreNm, s.lat(p), s.lon(p));
        };
        for (size_t i = b; i < e; ++i)
            for (size_t j = i + 1; j < e; ++j) {
                bool all = true;
                for (size_t k = i; k <= j; ++k)
                    all = all && ok(k);
                if (!all || (i > b && ok(i - 1)) || (j + 1 < e && ok(j + 1)))
                    continue;
                if (s.timeMs(j) - s.timeMs(i) < rules.loiterMinDurationMs)
                    continue;
                detect::Loitering l;
                l.vessel = s.segmentVessel(seg);
                l.startMs = s.timeMs(i);
                l.endMs = s.timeMs(j);
                double sumLat = 0, sumLon = 0;
                std::vector<double> speeds;
                for (size_t k = i; k <= j; ++k) {
                    sumLat += s.lat(k);
                    double lon = s.lon(k);
                    while (lon - s.lon(i) > 180)
                        lon -= 360;
                    while (lon - s.lon(i) < -180)
                        lon += 360;
                    sumLon += lon;
                    speeds.push_back(speedOf(s, k, b, e));
                }
                l.lat = sumLat / double(j - i + 1);
                l.lon = sumLon / double(j - i + 1);
                if (l.lon >= 180)
                    l.lon -= 360;
                if (l.lon < -180)
                    l.lon += 360;
                std::sort(speeds.begin(), speeds.end());
                const size_t n = speeds.size();
                l.medianSpeedKn = n % 2 ? speeds[n / 2] : (speeds[n / 2 - 1] + speeds[n / 2]) / 2;
                l.shoreKm = w.shoreKm(l.lat, l.lon);
                l.portKm = w.portKm(l.lat, l.lon);
                out.push_back(l);
            }
    }
    std::sort(out.begin(), out.end(), [](const detect::Loitering &a, const detect::Loitering &b) {
        return std::tie(a.startMs, a.vessel, a.endMs) < std::tie(b.startMs, b.vessel, b.endMs);
    });
    return out;
}

std::vector<detect::Gap> bruteGaps(const TrackStore &s, const detect::Rules &rules,
                                   const DiscWorld &w)
{
    std::vector<detect::Gap> out;
    for (size_t v = 0; v < s.vesselCount(); ++v) {
        const size_t lo = s.vesselPositionBegin(v), hi = s.vesselPositionEnd(v);
        for (size_t p = lo; p < hi; ++p) {
            const int64_t t1 = s.timeMs(p);
            // The next time the vessel was heard, and the reports at both times.
            int64_t t2 = std::numeric_limits<int64_t>::max();
            for (size_t q = lo; q < hi; ++q)
                if (s.timeMs(q) > t1)
                    t2 = std::min(t2, s.timeMs(q));
            if (t2 == std::numeric_limits<int64_t>::max() || t2 - t1 < rules.gapMinMs)
                continue;
            size_t a = p, b = hi;
            bool lastAtT1 = true;
            for (size_t q = lo; q < hi; ++q) {
                if (s.timeMs(q) == t1 && q > p)
                    lastAtT1 = false;
                if (s.timeMs(q) == t2 && b == hi)
                    b = q;
            }
            if (!lastAtT1)
                continue;
            if (!inside(rules, t1, s.lat(a), s.lon(a)) || !inside(rules, t2, s.lat(b), s.lon(b))
                || !farFromShore(w, rules, rules.gapMinShoreNm, s.lat(a), s.lon(a))
                || !farFromShore(w, rules, rules.gapMinShoreNm, s.lat(b), s.lon(b)))
                continue;
            detect::Gap g;
            g.vessel = uint32_t(v);
            g.startMs = t1;
            g.endMs = t2;
            g.lat0 = s.lat(a);
            g.lon0 = s.lon(a);
            g.lat1 = s.lat(b);
            g.lon1 = s.lon(b);
            g.distanceNm = havKm(g.lat0, g.lon0, g.lat1, g.lon1) / kNmKm;
            g.impliedSpeedKn = g.distanceNm / (double(t2 - t1) / double(kHour));
            g.shoreKm0 = w.shoreKm(g.lat0, g.lon0);
            g.shoreKm1 = w.shoreKm(g.lat1, g.lon1);
            out.push_back(g);
        }
    }
    std::sort(out.begin(), out.end(), [](const detect::Gap &a, const detect::Gap &b) {
        return std::tie(a.startMs, a.vessel) < std::tie(b.startMs, b.vessel);
    });
    return out;
}

bool near(double a, double b)
{
    return a == b || std::fabs(a - b) <= 1e-9 * (1 + std::fabs(b));
}

double wrapLon(double lon)
{
    while (lon >= 180)
        lon -= 360;
    while (lon < -180)
        lon += 360;
    return lon;
}

template<class T> T pick(std::mt19937_64 &rng, std::initializer_list<T> values)
{
    return *(values.begin() + rng() % values.size());
}

// Longitudes equal but for rounding, also when one is just under 180° and the other
// just over -180°.
bool nearLon(double a, double b)
{
    const double d = std::fabs(a - b);
    return std::min(d, 360 - d) <= 1e-9 * 180;
}

struct Scenario
{
    std::vector<Report> reports;
    DiscWorld world;
    detect::Rules rules;
    SegmentRules segments;
};

Scenario randomScenario(std::mt19937_64 &rng, int round)
{
    Scenario sc;
    std::uniform_real_distribution<double> u(0, 1);
    // Where: near the equator, across 180°, or near a pole's limit.
    double baseLat = 0, baseLon = 0;
    switch (round % 3) {
    case 0:
        baseLat = u(rng) * 4 - 2;
        baseLon = u(rng) * 4 - 2;
        break;
    case 1:
        baseLat = u(rng) * 60 - 30;
        baseLon = 179.5 + u(rng);
        break;
    default:
        baseLat = (rng() % 2 ? 1 : -1) * (83 + u(rng) * 3);
        baseLon = u(rng) * 360 - 180;
        break;
    }
    const double degLonKm = std::max(0.05, std::cos(baseLat * M_PI / 180));
    const int islands = int(rng() % 4);
    for (int i = 0; i < islands; ++i)
        sc.world.islands.push_back({std::clamp(baseLat + u(rng) * 2 - 1, -89.0, 89.0),
                                    wrapLon(baseLon + (u(rng) * 2 - 1) / degLonKm),
                                    10 + u(rng) * 120});
    sc.world.ports.push_back({baseLat, wrapLon(baseLon)});

    const int vessels = 1 + int(rng() % 5);
    for (int v = 0; v < vessels; ++v) {
        const uint32_t mmsi = 200000000 + uint32_t(v);
        double lat = std::clamp(baseLat + u(rng) * 2 - 1, -89.5, 89.5);
        double lon = wrapLon(baseLon + (u(rng) * 2 - 1) / degLonKm);
        int64_t t = kT0 + int64_t(rng() % 1000) * kMin;
        bool slow = rng() % 2;
        const int n = 10 + int(rng() % 120);
        for (int i = 0; i < n; ++i) {
            if (u(rng) < 0.1)
                slow = !slow;
            const double kn = slow ? u(rng) * 2.6 : 4 + u(rng) * 12;
            const int64_t dt =
                pick<int64_t>(rng,
                              {0, 10 * 1000, kMin, 10 * kMin, 10 * kMin, 10 * kMin, 30 * kMin,
                               2 * kHour, 7 * kHour, 13 * kHour, 20 * kHour});
            const double km = kn * kNmKm * double(dt) / double(kHour);
            const double heading = u(rng) * 2 * M_PI;
            lat = std::clamp(lat + kmToDeg(km) * std::cos(heading), -89.5, 89.5);
            lon = wrapLon(
                lon + kmToDeg(km) * std::sin(heading) / std::max(0.01, std::cos(lat * M_PI / 180)));
            t += dt;
            float sog = u(rng) < 0.25 ? NAN : float(std::max(0.0, kn + (u(rng) - 0.5) * 0.6));
            if (u(rng) < 0.03) { // another transmitter with this MMSI, far away
                sc.reports.push_back({mmsi, t + int64_t(rng() % 600000),
                                      std::clamp(lat + 5 * (u(rng) - 0.5), -89.5, 89.5),
                                      wrapLon(lon + 20 * (u(rng) - 0.5)), float(u(rng))});
            }
            sc.reports.push_back({mmsi, t, lat, lon, sog});
        }
    }
    std::shuffle(sc.reports.begin(), sc.reports.end(), rng);

    detect::Rules &r = sc.rules;
    r.loiterMinDurationMs = pick<int64_t>(rng, {kHour / 2, kHour, 2 * kHour, 4 * kHour});
    r.loiterMinShoreNm = pick<double>(rng, {0, 5, 20, 60});
    r.gapMinMs = pick<int64_t>(rng, {kHour, 3 * kHour, 6 * kHour, 12 * kHour});
    r.gapMinShoreNm = pick<double>(rng, {0, 10, 50});
    r.excludeLand = rng() % 2;
    if (u(rng) < 0.3) {
        r.fromMs = kT0 + int64_t(rng() % 48) * kHour;
        r.toMs = r.fromMs + int64_t(rng() % 200) * kHour;
    }
    if (u(rng) < 0.3) {
        r.hasBbox = true;
        r.south = baseLat - u(rng);
        r.north = baseLat + u(rng);
        r.west = wrapLon(baseLon - u(rng) / degLonKm);
        r.east = wrapLon(baseLon + u(rng) / degLonKm); // east < west across 180°
    }
    sc.segments.maxGapMs = pick<int64_t>(rng, {kHour, 6 * kHour, 24 * kHour});
    return sc;
}

} // namespace

class TstSingleVesselBrute : public QObject
{
    Q_OBJECT
private slots:
    void randomAgainstBruteForce();
};

void TstSingleVesselBrute::randomAgainstBruteForce()
{
    std::mt19937_64 rng(17);
    size_t loiterings = 0, gaps = 0, jumps = 0;
    for (int round = 0; round < 600; ++round) {
        const Scenario sc = randomScenario(rng, round);
        const auto store = build(sc.reports, sc.segments);
        for (size_t s = 0; s < store->segmentCount(); ++s)
            jumps += store->segmentStart(s) == TrackStore::SegmentStart::AfterJump;
        const auto fastL = detect::findLoitering(*store, sc.rules, sc.world);
        const auto slowL = bruteLoitering(*store, sc.rules, sc.world);
        QCOMPARE(fastL.size(), slowL.size());
        for (size_t i = 0; i < fastL.size(); ++i) {
            const detect::Loitering &a = fastL[i], &b = slowL[i];
            QCOMPARE(a.vessel, b.vessel);
            QCOMPARE(a.startMs, b.startMs);
            QCOMPARE(a.endMs, b.endMs);
            QVERIFY2(near(a.lat, b.lat) && nearLon(a.lon, b.lon),
                     qPrintable(QStringLiteral("round %1: %2,%3 vs %4,%5")
                                    .arg(round)
                                    .arg(a.lat, 0, 'g', 17)
                                    .arg(a.lon, 0, 'g', 17)
                                    .arg(b.lat, 0, 'g', 17)
                                    .arg(b.lon, 0, 'g', 17)));
            QVERIFY(near(a.medianSpeedKn, b.medianSpeedKn));
            QVERIFY(near(a.shoreKm, b.shoreKm) || (std::isinf(a.shoreKm) && std::isinf(b.shoreKm)));
            QVERIFY(near(a.portKm, b.portKm));
        }
        loiterings += fastL.size();
        const auto fastG = detect::findGaps(*store, sc.rules, sc.world);
        const auto slowG = bruteGaps(*store, sc.rules, sc.world);
        QCOMPARE(fastG.size(), slowG.size());
        for (size_t i = 0; i < fastG.size(); ++i) {
            const detect::Gap &a = fastG[i], &b = slowG[i];
            QCOMPARE(a.vessel, b.vessel);
            QCOMPARE(a.startMs, b.startMs);
            QCOMPARE(a.endMs, b.endMs);
            QCOMPARE(a.lat0, b.lat0);
            QCOMPARE(a.lon0, b.lon0);
            QCOMPARE(a.lat1, b.lat1);
            QCOMPARE(a.lon1, b.lon1);
            QVERIFY(near(a.distanceNm, b.distanceNm));
            QVERIFY(near(a.impliedSpeedKn, b.impliedSpeedKn));
            QVERIFY(near(a.shoreKm0, b.shoreKm0)
                    || (std::isinf(a.shoreKm0) && std::isinf(b.shoreKm0)));
            QVERIFY(near(a.shoreKm1, b.shoreKm1)
                    || (std::isinf(a.shoreKm1) && std::isinf(b.shoreKm1)));
        }
        gaps += fastG.size();
    }
    // The random sets do exercise both detectors and the shared-MMSI case.
    qInfo("%zu loitering events, %zu gaps, %zu jump segments", loiterings, gaps, jumps);
    QVERIFY(loiterings > 100);
    QVERIFY(gaps > 100);
    QVERIFY(jumps > 50);
}

QTEST_GUILESS_MAIN(TstSingleVesselBrute)
#include "tst_singlevesselbrute.moc"

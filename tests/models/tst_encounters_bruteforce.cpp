#include "detect/encounters.h"
#include "encountertesthelpers.h"

#include <QtTest>

#include <algorithm>
#include <map>
#include <random>

// The fast resampling and encounter detection against deliberately simple references
// (every slot of every segment scanned over all its reports; every pair of samples in
// every slot compared) on many random track sets: the antimeridian, the poles' limits,
// vessels meeting across a segment gap, rafts of three, two transmitters on one MMSI,
// reports exactly on slots and at equal times, scopes, ports and land.
using namespace enctest;

namespace {

bool inScope(const detect::Rules &r, int64_t t, double lat, double lon)
{
    const bool inBox = !r.hasBbox
        || (lat >= r.south && lat <= r.north
            && (r.west <= r.east ? lon >= r.west && lon <= r.east
                                 : lon >= r.west || lon <= r.east));
    return t >= r.fromMs && t <= r.toMs && inBox;
}

// --- Reference resampling: for each slot, the reports around it found by a full scan.
detect::Resampled referenceResample(const TrackStore &store, const detect::Rules &rules)
{
    detect::Resampled out;
    const int64_t S = rules.slotMs;
    out.slotMs = S;
    out.vesselBegin.push_back(0);
    for (size_t v = 0; v < store.vesselCount(); ++v) {
        for (uint32_t s = store.vesselSegmentBegin(v); s < store.vesselSegmentEnd(v); ++s) {
            std::vector<uint32_t> r; // in-scope reports
            for (uint32_t p = store.segmentBegin(s); p < store.segmentEnd(s); ++p)
                if (inScope(rules, store.timeMs(p), store.lat(p), store.lon(p)))
                    r.push_back(p);
            if (r.empty())
                continue;
            const int64_t t0 = store.timeMs(r.front()), t1 = store.timeMs(r.back());
            const auto knots = [&](uint32_t a, uint32_t b) {
                const double m =
                    detect::distanceM(store.lat(a), store.lon(a), store.lat(b), store.lon(b));
                return m / 1852.0
                    / (double(store.timeMs(b) - store.timeMs(a)) / double(detect::kHourMs));
            };
            for (int64_t k = t0 / S - 2; k * S <= t1 + 2 * S; ++k) {
                const int64_t T = k * S;
                int firstAt = -1, lastAt = -1, prev = -1, next = -1;
                for (size_t i = 0; i < r.size(); ++i) {
                    const int64_t t = store.timeMs(r[i]);
                    if (t == T && firstAt < 0)
                        firstAt = int(i);
                    if (t == T)
                        lastAt = int(i);
                    if (t < T)
                        prev = int(i);
                    if (t > T && next < 0)
                        next = int(i);
                }
                double lat, lon, speed = NAN;
                if (firstAt >= 0) {
                    lat = store.lat(r[firstAt]);
                    lon = store.lon(r[firstAt]);
                    if (next >= 0 && store.timeMs(r[next]) - T < rules.maxInterpolationGapMs)
                        speed = knots(r[lastAt], r[next]);
                    else if (prev >= 0 && T - store.timeMs(r[prev]) < rules.maxInterpolationGapMs)
                        speed = knots(r[prev], r[firstAt]);
                    else
                        speed = store.sog(r[firstAt]);
                } else if (prev >= 0 && next >= 0
                           && store.timeMs(r[next]) - store.timeMs(r[prev])
                               < rules.maxInterpolationGapMs) {
                    const double f = double(T - store.timeMs(r[prev]))
                        / double(store.timeMs(r[next]) - store.timeMs(r[prev]));
                    // Its own arithmetic: the longitude difference the short way round.
                    const double lat0 = store.lat(r[prev]), lon0 = store.lon(r[prev]);
                    const double dlon = std::remainder(store.lon(r[next]) - lon0, 360.0);
                    lat = lat0 + f * (store.lat(r[next]) - lat0);
                    lon = lon0 + f * dlon;
                    lon = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
                    speed = knots(r[prev], r[next]);
                } else {
                    continue;
                }
                out.slot.push_back(k);
                out.lat.push_back(lat);
                out.lon.push_back(lon);
                out.speedKn.push_back(speed);
                out.segment.push_back(s);
            }
        }
        out.vesselBegin.push_back(uint32_t(out.slot.size()));
    }
    return out;
}

double sortedMedian(std::vector<double> v)
{
    if (v.empty())
        return NAN;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Best
{
    double distance;
    uint32_t a, b;
};

// --- Reference detection: every pair of samples in every slot.
std::vector<detect::Encounter> bruteForce(const detect::Resampled &t, const detect::Rules &rules,
                                          const detect::GeoContext &geo)
{
    std::vector<uint32_t> vesselOf(t.size());
    for (size_t v = 0; v < t.vesselCount(); ++v)
        for (uint32_t i = t.vesselBegin[v]; i < t.vesselBegin[v + 1]; ++i)
            vesselOf[i] = uint32_t(v);
    std::map<int64_t, std::vector<uint32_t>> bySlot;
    for (uint32_t i = 0; i < t.size(); ++i)
        bySlot[t.slot[i]].push_back(i);
    std::map<std::pair<uint32_t, uint32_t>, std::map<int64_t, Best>> together;
    for (const auto &[slot, samples] : bySlot)
        for (uint32_t i : samples)
            for (uint32_t j : samples) {
                if (vesselOf[i] >= vesselOf[j])
                    continue;
                const double d = detect::distanceM(t.lat[i], t.lon[i], t.lat[j], t.lon[j]);
                if (!(d <= rules.maxDistanceM))
                    continue;
                auto &pairSlots = together[{vesselOf[i], vesselOf[j]}];
                auto it = pairSlots.find(t.slot[i]);
                if (it == pairSlots.end()
                    || std::tie(d, i, j)
                        < std::tie(it->second.distance, it->second.a, it->second.b))
                    pairSlots[t.slot[i]] = {d, i, j};
            }

    const auto speedsOf = [&](const std::vector<std::pair<int64_t, Best>> &pairSlots) {
        std::vector<double> s;
        for (const auto &e : pairSlots)
            for (uint32_t k : {e.second.a, e.second.b})
                if (!std::isnan(t.speedKn[k]))
                    s.push_back(t.speedKn[k]);
        return s;
    };
    std::vector<detect::Encounter> out;
    for (const auto &[pair, pairSlots] : together) {
        // Runs of consecutive slots.
        std::vector<std::vector<std::pair<int64_t, Best>>> runs;
        for (const auto &e : pairSlots) {
            if (runs.empty() || runs.back().back().first + 1 != e.first)
                runs.emplace_back();
            runs.back().push_back(e);
        }
        std::vector<std::vector<std::pair<int64_t, Best>>> qualifying;
        for (const auto &run : runs) {
            const std::vector<double> s = speedsOf(run);
            if ((run.back().first - run.front().first) * t.slotMs >= rules.minDurationMs
                && !s.empty() && sortedMedian(s) < rules.maxMedianSpeedKn)
                qualifying.push_back(run);
        }
        // Merged groups.
        std::vector<std::vector<std::pair<int64_t, Best>>> groups;
        for (const auto &run : qualifying) {
            if (groups.empty()
                || (run.front().first - groups.back().back().first) * t.slotMs >= rules.mergeGapMs)
                groups.emplace_back();
            groups.back().insert(groups.back().end(), run.begin(), run.end());
        }
        for (const auto &g : groups) {
            detect::Encounter e;
            e.vesselA = pair.first;
            e.vesselB = pair.second;
            e.startMs = g.front().first * t.slotMs;
            e.endMs = g.back().first * t.slotMs;
            e.slotCount = int(g.size());
            std::vector<double> d;
            double x = 0, y = 0, z = 0;
            for (const auto &s : g) {
                d.push_back(s.second.distance);
                for (uint32_t k : {s.second.a, s.second.b}) {
                    const double p = t.lat[k] * M_PI / 180, l = t.lon[k] * M_PI / 180;
                    x += std::cos(p) * std::cos(l);
                    y += std::cos(p) * std::sin(l);
                    z += std::sin(p);
                }
            }
            e.medianDistanceM = sortedMedian(d);
            e.medianSpeedKn = sortedMedian(speedsOf(g));
            e.lat = std::atan2(z, std::hypot(x, y)) * 180 / M_PI;
            e.lon = std::atan2(y, x) * 180 / M_PI;
            e.portKm = geo.portKm(e.lat, e.lon);
            e.shoreKm = geo.shoreKm(e.lat, e.lon);
            if (e.portKm < rules.minPortKm || (rules.excludeLand && geo.onLand(e.lat, e.lon)))
                continue;
            out.push_back(e);
        }
    }
    std::sort(out.begin(), out.end(), [](const detect::Encounter &a, const detect::Encounter &b) {
        return std::tie(a.startMs, a.vesselA, a.vesselB)
            < std::tie(b.startMs, b.vesselA, b.vesselB);
    });
    return out;
}

bool near(double a, double b, double tolerance)
{
    return a == b || (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= tolerance;
}

// --- Random track sets.
enum Place { Open, Antimeridian, NorthLimit, SouthLimit, PlaceCount };

struct Scenario
{
    std::vector<Ping> pings;
    detect::Rules rules;
    TestGeo geo;
    Place place = Open;
};

Scenario randomScenario(std::mt19937_64 &rng, int vessels, int hours, double spreadM = 2000)
{
    Scenario sc;
    std::uniform_real_distribution<double> unit(0, 1);
    const auto pick = [&](auto... v) {
        const double values[] = {double(v)...};
        return values[rng() % sizeof...(v)];
    };
    sc.place = Place(rng() % PlaceCount);
    const double clat = sc.place == Antimeridian ? -12.5
        : sc.place == NorthLimit                 ? 89.985
        : sc.place == SouthLimit                 ? -89.985
                                                 : 35 + 10 * unit(rng);
    const double clon = sc.place == Antimeridian ? 179.995 : -170 + 340 * unit(rng);
    const int64_t t0 = int64_t(1735689600000) + int64_t(rng() % 1000) * 60000;

    detect::Rules &r = sc.rules;
    r.slotMs = int64_t(pick(10, 10, 5, 7)) * detect::kMinuteMs;
    r.maxInterpolationGapMs = int64_t(pick(60, 60, 30)) * detect::kMinuteMs;
    r.maxDistanceM = pick(500, 500, 300, 1500);
    r.minDurationMs = int64_t(pick(120, 60, 30)) * detect::kMinuteMs;
    r.maxMedianSpeedKn = pick(2, 2, 5);
    r.mergeGapMs = int64_t(pick(240, 240, 60)) * detect::kMinuteMs;
    r.minPortKm = pick(10, 0.3, 0);
    r.excludeLand = rng() % 2;
    if (rng() % 5 == 0) {
        r.fromMs = t0 + int64_t(unit(rng) * 4 * detect::kHourMs);
        r.toMs = r.fromMs + int64_t((2 + unit(rng) * 10) * detect::kHourMs);
    }
    if (rng() % 5 == 0) {
        r.hasBbox = true;
        offset(clat, clon, -1500 * unit(rng), -1500 * unit(rng), r.south, r.west);
        offset(clat, clon, 1500 * unit(rng), 1500 * unit(rng), r.north, r.east);
    }
    if (rng() % 3 == 0) {
        double plat, plon;
        offset(clat, clon, 2000 * (unit(rng) - 0.5), 2000 * (unit(rng) - 0.5), plat, plon);
        sc.geo.ports.push_back({plat, plon});
    }
    if (rng() % 3 == 0)
        sc.geo.land.push_back({clat - 1, clon - 0.002, clat + 1, clon + 0.01});

    // Each vessel drifts from a random spot near the centre; some follow a leader with
    // a fixed offset (a raft); some go silent for hours (a new segment) or jump away
    // (a second transmitter on the same MMSI).
    struct Drift
    {
        double north, east, vn, ve;
    };
    std::vector<Drift> start;
    for (int v = 0; v < vessels; ++v) {
        const uint32_t mmsi = 211000000 + uint32_t(v);
        const int leader = (v > 0 && rng() % 3 == 0) ? int(rng() % v) : -1;
        Drift d {spreadM * (unit(rng) - 0.5), spreadM * (unit(rng) - 0.5), 0, 0};
        const double kn = rng() % 4 == 0 ? 12 * unit(rng) : 3 * unit(rng);
        const double heading = 2 * M_PI * unit(rng);
        d.vn = kn * 0.5144 * std::cos(heading);
        d.ve = kn * 0.5144 * std::sin(heading);
        if (leader >= 0) {
            d = start[size_t(leader)];
            d.north += 300 * (unit(rng) - 0.5);
            d.east += 300 * (unit(rng) - 0.5);
        }
        start.push_back(d);
        const bool aligned = rng() % 3 == 0; // reports on whole slots
        int64_t t = t0 + int64_t(unit(rng) * 3 * detect::kHourMs);
        if (aligned)
            t -= t % r.slotMs;
        const int64_t end = t0 + int64_t(hours) * detect::kHourMs;
        while (t < end) {
            const double s = double(t - t0) / 1000.0;
            double lat, lon;
            offset(clat, clon, d.north + d.vn * s, d.east + d.ve * s, lat, lon);
            sc.pings.push_back({mmsi, t, lat, lon, float(unit(rng) * 3)});
            if (rng() % 40 == 0) { // another transmitter far away, briefly
                double jl, jo;
                offset(lat, lon, 60000, 0, jl, jo);
                sc.pings.push_back({mmsi, t + 1000, jl, jo, NAN});
            }
            if (rng() % 30 == 0)
                sc.pings.push_back(
                    {mmsi, t, std::min(90.0, lat + 0.0003), lon, NAN}); // same time, elsewhere
            const unsigned kind = rng() % 100;
            int64_t step = kind < 3 ? int64_t((6.5 + 3 * unit(rng)) * detect::kHourMs)
                : kind < 10         ? int64_t((40 + 50 * unit(rng)) * detect::kMinuteMs)
                                    : int64_t((0.2 + 12 * unit(rng)) * detect::kMinuteMs);
            if (aligned)
                step = std::max<int64_t>(1, step / r.slotMs) * r.slotMs;
            t += step;
        }
    }
    return sc;
}

} // namespace

class TstEncountersBruteForce : public QObject
{
    Q_OBJECT
private slots:
    void randomSets();
    void largeSetUsesTheGridAndThreads();
};

void TstEncountersBruteForce::randomSets()
{
    std::mt19937_64 rng(20261203);
    int events = 0, hashed = 0;
    int eventsAt[PlaceCount] = {};
    for (int trial = 0; trial < 400; ++trial) {
        const int vessels = trial % 4 == 0 ? 18 + int(rng() % 8) : 2 + int(rng() % 8);
        const Scenario sc = randomScenario(rng, vessels, 12 + int(rng() % 12));
        const auto store = makeStore(sc.pings);
        const detect::Resampled fast = detect::resample(*store, sc.rules);
        const detect::Resampled ref = referenceResample(*store, sc.rules);
        QCOMPARE(fast.vesselBegin, ref.vesselBegin);
        QCOMPARE(fast.slot, ref.slot);
        QCOMPARE(fast.segment, ref.segment);
        for (size_t i = 0; i < ref.size(); ++i) {
            QVERIFY2(detect::distanceM(fast.lat[i], fast.lon[i], ref.lat[i], ref.lon[i]) < 1e-6,
                     qPrintable(QStringLiteral("trial %1 sample %2").arg(trial).arg(i)));
            QVERIFY(near(fast.speedKn[i], ref.speedKn[i], 0));
        }
        if (vessels >= 18)
            ++hashed;

        const auto got = detect::findEncounters(*store, sc.rules, sc.geo);
        // On the resampled positions just checked, so that every distance is the same.
        const auto want = bruteForce(fast, sc.rules, sc.geo);
        QVERIFY2(got.size() == want.size(),
                 qPrintable(QStringLiteral("trial %1: %2 encounters, brute force %3")
                                .arg(trial)
                                .arg(got.size())
                                .arg(want.size())));
        for (size_t i = 0; i < want.size(); ++i) {
            const detect::Encounter &a = got[i], &b = want[i];
            const QString where = QStringLiteral("trial %1 encounter %2").arg(trial).arg(i);
            QVERIFY2(a.vesselA == b.vesselA && a.vesselB == b.vesselB, qPrintable(where));
            QVERIFY2(a.startMs == b.startMs && a.endMs == b.endMs && a.slotCount == b.slotCount,
                     qPrintable(where));
            QVERIFY2(a.medianDistanceM == b.medianDistanceM, qPrintable(where));
            QVERIFY2(near(a.medianSpeedKn, b.medianSpeedKn, 1e-12), qPrintable(where));
            // Within a micrometre (longitude alone is ill-conditioned at the poles).
            QVERIFY2(detect::distanceM(a.lat, a.lon, b.lat, b.lon) < 1e-6, qPrintable(where));
            QVERIFY2(near(a.portKm, b.portKm, 1e-9) && a.shoreKm == b.shoreKm, qPrintable(where));
            QVERIFY(a.vesselA < a.vesselB);
            QVERIFY(a.endMs - a.startMs >= sc.rules.minDurationMs);
            if (sc.place == Antimeridian)
                QVERIFY2(std::abs(a.lon) > 179, qPrintable(where)); // not averaged to 0
        }
        events += int(want.size());
        eventsAt[sc.place] += int(want.size());
    }
    // The comparisons above are not vacuous: events were found everywhere.
    QVERIFY(events > 200);
    for (int p = 0; p < PlaceCount; ++p)
        QVERIFY2(eventsAt[p] > 10, qPrintable(QStringLiteral("place %1").arg(p)));
    QVERIFY(hashed > 50);
}

// Enough positions for the resampling and the slot scan to run on several threads and
// for the slots to hold many vessels (the cell grid, not the small all-pairs path).
void TstEncountersBruteForce::largeSetUsesTheGridAndThreads()
{
    std::mt19937_64 rng(17);
    Scenario sc;
    do {
        sc = randomScenario(rng, 600, 96, 30000);
    } while (sc.rules.hasBbox || sc.rules.fromMs > 0);
    QVERIFY2(sc.pings.size() > 60000, qPrintable(QString::number(sc.pings.size())));
    const auto store = makeStore(sc.pings);
    const detect::Resampled fast = detect::resample(*store, sc.rules);
    const detect::Resampled ref = referenceResample(*store, sc.rules);
    QVERIFY2(ref.size() > 60000, qPrintable(QString::number(ref.size())));
    QCOMPARE(fast.slot, ref.slot);
    QCOMPARE(fast.vesselBegin, ref.vesselBegin);
    const auto got = detect::findEncounters(*store, sc.rules, sc.geo);
    const auto want = bruteForce(fast, sc.rules, sc.geo);
    QCOMPARE(got.size(), want.size());
    QVERIFY(want.size() > 20);
    for (size_t i = 0; i < want.size(); ++i) {
        QCOMPARE(got[i].vesselA, want[i].vesselA);
        QCOMPARE(got[i].vesselB, want[i].vesselB);
        QCOMPARE(got[i].startMs, want[i].startMs);
        QCOMPARE(got[i].endMs, want[i].endMs);
        QCOMPARE(got[i].slotCount, want[i].slotCount);
        QCOMPARE(got[i].medianDistanceM, want[i].medianDistanceM);
        QVERIFY(detect::distanceM(got[i].lat, got[i].lon, want[i].lat, want[i].lon) < 1e-6);
    }
}

QTEST_GUILESS_MAIN(TstEncountersBruteForce)
#include "tst_encounters_bruteforce.moc"

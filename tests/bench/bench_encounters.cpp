#include "detect/encounters.h"
#include "tracks/trackstore.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <random>
#include <set>
#include <vector>

// The encounter detector alone (issue 17), on a day of AIS in memory: `positions`
// reports (default 10M) of ~3,000 vessels around Denmark, a fifth of them moored, built
// with TrackBuilder, plus 20 planted meetings (two vessels 200 m apart at 0.5 kn for
// 3 h) and 20 decoys (a convoy at 12 kn 250 m apart, a 70-minute meeting, two vessels
// 900 m apart for 3 h). Prints the resampling and detection times (wall and process
// CPU), checks that every planted meeting is found and no decoy is.
// Run on a Release build: bench_encounters [positions [repetitions]].
namespace {
constexpr int64_t kT0 = 1700000000000LL;
constexpr int64_t kDay = 24 * 3600 * 1000LL;
constexpr int64_t kHour = 3600 * 1000LL;

double processCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct NoGeo : detect::GeoContext
{
    bool onLand(double, double) const override { return false; }
    double shoreKm(double, double) const override
    {
        return std::numeric_limits<double>::infinity();
    }
    double portKm(double, double) const override { return std::numeric_limits<double>::infinity(); }
};

void drift(TrackBuilder &b, uint32_t mmsi, double lat, double lon, int64_t from, double hours,
           double knots, double north, double east, uint32_t &row)
{
    const uint32_t vessel = b.vesselByMmsi(mmsi);
    for (int64_t t = from; t <= from + int64_t(hours * double(kHour)); t += 30000) {
        const double m = knots * 1852.0 * double(t - from) / 3600000.0 + north;
        PositionReport p;
        p.vessel = vessel;
        p.timeMs = t;
        p.lat = lat + m / 111195.0;
        p.lon = lon + east / (111195.0 * std::cos(lat * M_PI / 180));
        p.sog = float(knots);
        p.sourceRow = row++;
        b.add(p);
    }
}

std::shared_ptr<const TrackStore> generate(size_t positions, int vessels)
{
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    TrackBuilder b;
    b.addFile(QStringLiteral("generated"));
    b.reserve(positions);
    const size_t each = positions / size_t(vessels);
    uint32_t row = 1;
    for (int v = 0; v < vessels; ++v) {
        const uint32_t vessel = b.vesselByMmsi(uint32_t(219000000 + v));
        double lat = 54 + 4 * u(rng), lon = 4 + 11 * u(rng), course = 360 * u(rng);
        const bool moored = u(rng) < 0.2;
        const double knots = moored ? 0.2 : 5 + 15 * u(rng);
        const int64_t step = kDay / int64_t(each);
        int64_t t = kT0 + int64_t(u(rng) * double(step));
        for (size_t i = 0; i < each; ++i, t += step) {
            if (i == each / 2 && v % 10 == 0)
                t += 7 * kHour;
            course += (u(rng) - 0.5) * (moored ? 90 : 6);
            const double nm = knots * double(step) / 3600000.0;
            lat += nm / 60 * std::cos(course * M_PI / 180);
            lon += nm / 60 * std::sin(course * M_PI / 180) / std::cos(lat * M_PI / 180);
            PositionReport p;
            p.vessel = vessel;
            p.timeMs = t;
            p.lat = lat + (moored ? (u(rng) - 0.5) * 1e-4 : 0);
            p.lon = lon;
            p.sog = float(std::max(0.0, knots + (u(rng) - 0.5)));
            p.sourceRow = row++;
            b.add(p);
        }
    }
    // Planted meetings: MMSIs 300000000 + 2i, +1; decoys: 400000000 + 2i, +1.
    for (int i = 0; i < 20; ++i) {
        const double lat = 54.2 + 0.18 * i, lon = 3.2;
        const int64_t from = kT0 + i * kHour / 2;
        drift(b, 300000000 + 2 * i, lat, lon, from, 3, 0.5, 0, 0, row);
        drift(b, 300000001 + 2 * i, lat, lon, from, 3, 0.5, 200, 0, row);
        const double dlat = lat + 0.05, dlon = 15.5;
        if (i % 3 == 0) {
            drift(b, 400000000 + 2 * i, dlat, dlon, from, 3, 12, 0, 0, row);
            drift(b, 400000001 + 2 * i, dlat, dlon, from, 3, 12, 0, 250, row);
        } else if (i % 3 == 1) {
            drift(b, 400000000 + 2 * i, dlat, dlon, from, 70.0 / 60, 0.5, 0, 0, row);
            drift(b, 400000001 + 2 * i, dlat, dlon, from, 70.0 / 60, 0.5, 100, 0, row);
        } else {
            drift(b, 400000000 + 2 * i, dlat, dlon, from, 3, 0.5, 0, 0, row);
            drift(b, 400000001 + 2 * i, dlat, dlon, from, 3, 0.5, 0, 900, row);
        }
    }
    return b.finish();
}

} // namespace

int main(int argc, char **argv)
{
    const size_t positions = argc > 1 ? size_t(std::atoll(argv[1])) : 10000000;
    const int repetitions = argc > 2 ? std::atoi(argv[2]) : 3;
    QElapsedTimer timer;
    timer.start();
    const auto store = generate(positions, 3000);
    std::printf("generate + TrackBuilder::finish %lld ms: %zu positions, %zu vessels, %zu "
                "segments\n",
                timer.elapsed(), store->positionCount(), store->vesselCount(),
                store->segmentCount());
    const detect::Rules rules;
    const NoGeo geo;
    std::vector<double> resampleMs, detectMs, cpuMs;
    std::vector<detect::Encounter> found;
    for (int r = 0; r < repetitions; ++r) {
        const double cpu0 = processCpuMs();
        timer.restart();
        const detect::Resampled tracks = detect::resample(*store, rules);
        resampleMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        timer.restart();
        found = detect::findEncounters(tracks, rules, geo);
        detectMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        cpuMs.push_back(processCpuMs() - cpu0);
        std::printf("round %d: resample %.0f ms (%zu samples), encounters %.0f ms, CPU %.0f "
                    "ms, %zu encounters\n",
                    r + 1, resampleMs.back(), tracks.size(), detectMs.back(), cpuMs.back(),
                    found.size());
    }
    std::sort(resampleMs.begin(), resampleMs.end());
    std::sort(detectMs.begin(), detectMs.end());
    std::printf("best: resample %.0f ms + encounters %.0f ms\n", resampleMs.front(),
                detectMs.front());

    std::set<uint32_t> planted, decoys;
    for (const detect::Encounter &e : found) {
        const uint32_t a = store->mmsi(e.vesselA), b = store->mmsi(e.vesselB);
        if (a / 100000000 == 3 && b == a + 1)
            planted.insert(a);
        if (a / 100000000 == 4 || b / 100000000 == 4)
            decoys.insert(a);
    }
    std::printf("planted meetings found: %zu of 20; decoys reported: %zu\n", planted.size(),
                decoys.size());
    return planted.size() == 20 && decoys.empty() ? 0 : 1;
}

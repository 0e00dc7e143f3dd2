#include "resample.h"

#include "parallel.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <thread>

namespace detect {

namespace {
constexpr double kRadians = M_PI / 180.0;

// One vessel range's samples, resampled by one thread and concatenated in vessel
// order afterwards, so the result does not depend on the number of threads.
struct Piece
{
    std::vector<uint32_t> count; // samples per vessel of the range
    HugeVector<int64_t> slot;
    HugeVector<double> lat, lon, speed;
    HugeVector<uint32_t> segment;
};

// One segment's in-scope reports.
struct Reports
{
    std::vector<int64_t> t;
    std::vector<double> lat, lon;
    std::vector<float> sog;
    void clear()
    {
        t.clear();
        lat.clear();
        lon.clear();
        sog.clear();
    }
};

double knots(double metres, int64_t ms)
{
    return metres / kMetresPerNm / (double(ms) / double(kHourMs));
}

// Whether a report is inside the rules' scope (time window, box across 180° when east <
// west).
bool inScope(const Rules &rules, int64_t timeMs, double lat, double lon)
{
    if (timeMs < rules.fromMs || timeMs > rules.toMs)
        return false;
    if (!rules.hasBbox)
        return true;
    if (lat < rules.south || lat > rules.north)
        return false;
    return rules.west <= rules.east ? lon >= rules.west && lon <= rules.east
                                    : lon >= rules.west || lon <= rules.east;
}

void resampleSegment(const Reports &r, uint32_t segment, const Rules &rules, Piece &out)
{
    const size_t n = r.t.size();
    if (n == 0)
        return;
    const int64_t S = rules.slotMs;
    const int64_t gap = rules.maxInterpolationGapMs;
    const int64_t last = slotAtOrBefore(r.t[n - 1], S);
    size_t i = 0; // the last report at or before the slot
    for (int64_t k = slotAtOrAfter(r.t[0], S); k <= last; ++k) {
        const int64_t T = k * S;
        while (i + 1 < n && r.t[i + 1] <= T)
            ++i;
        double lat, lon, speed;
        if (r.t[i] == T) {
            size_t e = i; // the first report at T
            while (e > 0 && r.t[e - 1] == T)
                --e;
            lat = r.lat[e];
            lon = r.lon[e];
            if (i + 1 < n && r.t[i + 1] - T < gap)
                speed = knots(distanceM(r.lat[i], r.lon[i], r.lat[i + 1], r.lon[i + 1]),
                              r.t[i + 1] - T);
            else if (e > 0 && T - r.t[e - 1] < gap)
                speed = knots(distanceM(r.lat[e - 1], r.lon[e - 1], r.lat[e], r.lon[e]),
                              T - r.t[e - 1]);
            else
                speed = double(r.sog[e]);
        } else {
            // r.t[i] < T <= r.t[n - 1], so a next report exists.
            const int64_t dt = r.t[i + 1] - r.t[i];
            if (dt >= gap) {
                // No slot before the next report can be interpolated: skip to it.
                k = slotAtOrAfter(r.t[i + 1], S) - 1;
                continue;
            }
            const double f = double(T - r.t[i]) / double(dt);
            interpolate(r.lat[i], r.lon[i], r.lat[i + 1], r.lon[i + 1], f, lat, lon);
            speed = knots(distanceM(r.lat[i], r.lon[i], r.lat[i + 1], r.lon[i + 1]), dt);
        }
        out.slot.push_back(k);
        out.lat.push_back(lat);
        out.lon.push_back(lon);
        out.speed.push_back(speed);
        out.segment.push_back(segment);
        ++out.count.back();
    }
}

void resampleVessels(const TrackStore &store, const Rules &rules, size_t v0, size_t v1, Piece &out,
                     const Control &control, bool reportProgress)
{
    Reports r;
    for (size_t v = v0; v < v1; ++v) {
        if ((v - v0) % 256 == 0) {
            if (control.cancelled())
                return;
            if (reportProgress && control.progress)
                control.progress(double(v - v0) / double(v1 - v0));
        }
        out.count.push_back(0);
        for (uint32_t s = store.vesselSegmentBegin(v); s < store.vesselSegmentEnd(v); ++s) {
            r.clear();
            for (uint32_t p = store.segmentBegin(s); p < store.segmentEnd(s); ++p) {
                const double lat = store.lat(p), lon = store.lon(p);
                if (!inScope(rules, store.timeMs(p), lat, lon))
                    continue;
                r.t.push_back(store.timeMs(p));
                r.lat.push_back(lat);
                r.lon.push_back(lon);
                r.sog.push_back(store.sog(p));
            }
            resampleSegment(r, s, rules, out);
        }
    }
}

} // namespace

double distanceM(double lat1, double lon1, double lat2, double lon2)
{
    const double p1 = lat1 * kRadians, p2 = lat2 * kRadians;
    const double sdp = std::sin((p2 - p1) / 2);
    const double sdl = std::sin((lon2 - lon1) * kRadians / 2);
    const double a = std::min(1.0, sdp * sdp + std::cos(p1) * std::cos(p2) * sdl * sdl);
    return 2 * kEarthRadiusM * std::asin(std::sqrt(a));
}

void interpolate(double lat0, double lon0, double lat1, double lon1, double f, double &lat,
                 double &lon)
{
    double dlon = lon1 - lon0;
    if (dlon > 180)
        dlon -= 360;
    else if (dlon < -180)
        dlon += 360;
    lat = lat0 + f * (lat1 - lat0);
    lon = lon0 + f * dlon;
    if (lon > 180)
        lon -= 360;
    else if (lon < -180)
        lon += 360;
}

Resampled resample(const TrackStore &store, const Rules &rules, const Control &control)
{
    Resampled result;
    result.slotMs = std::max<int64_t>(1, rules.slotMs);
    Rules r = rules;
    r.slotMs = result.slotMs;
    const size_t vessels = store.vesselCount();
    const unsigned threads =
        std::max(1u,
                 std::min<unsigned>(std::thread::hardware_concurrency(),
                                    unsigned(store.positionCount() / 50000) + 1));
    std::vector<Piece> pieces(threads);
    parallel::onThreads(threads, [&](unsigned k) {
        resampleVessels(store, r, vessels * k / threads, vessels * (k + 1) / threads, pieces[k],
                        control, k == 0);
    });
    if (control.cancelled())
        return Resampled {result.slotMs, {}, {}, {}, {}, {}, {}};

    size_t total = 0;
    for (const Piece &p : pieces)
        total += p.slot.size();
    result.vesselBegin.reserve(vessels + 1);
    result.slot.reserve(total);
    result.lat.reserve(total);
    result.lon.reserve(total);
    result.speedKn.reserve(total);
    result.segment.reserve(total);
    result.vesselBegin.push_back(0);
    for (Piece &p : pieces) {
        for (uint32_t c : p.count)
            result.vesselBegin.push_back(result.vesselBegin.back() + c);
        result.slot.insert(result.slot.end(), p.slot.begin(), p.slot.end());
        result.lat.insert(result.lat.end(), p.lat.begin(), p.lat.end());
        result.lon.insert(result.lon.end(), p.lon.begin(), p.lon.end());
        result.speedKn.insert(result.speedKn.end(), p.speed.begin(), p.speed.end());
        result.segment.insert(result.segment.end(), p.segment.begin(), p.segment.end());
        p = Piece {};
    }
    return result;
}

} // namespace detect

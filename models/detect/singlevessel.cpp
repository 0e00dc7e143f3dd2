#include "singlevessel.h"

#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <thread>

namespace detect {
namespace {

constexpr double kEarthRadiusKm = 6371.0088; // mean radius (IUGG), as the tracks use

// Whether positions are far enough from shore (and off land), asking the GeoContext as
// little as possible: the distance to a coastline changes by no more than the distance
// moved, so after one answer d at A, a point within x of A is at least d - x and at most
// d + x from shore. A slow vessel's reports sit within metres of each other, so a day at
// anchor costs a handful of questions instead of thousands. Staying farther than d - x
// from every coast also means not crossing one, so A's land test holds for the point:
// a fix stuck inland (a receiver ashore, a vessel in a dock far up a river) is answered
// without asking again too.
// The margin keeps the shortcut on the safe side of a context whose distances are not
// exactly the sphere's (an ellipsoid, a simplified coast); the cap bounds that error.
// x is bounded without trigonometry per point: going along A's parallel, then along the
// meridian, is a path no shorter than the great circle.
class FarFromShore
{
public:
    FarFromShore(const GeoContext &geo, double minKm, bool excludeLand)
        : m_geo(geo), m_minKm(minKm), m_excludeLand(excludeLand)
    { }

    bool operator()(double lat, double lon)
    {
        if (m_anchored) {
            double dLon = std::fabs(lon - m_lon);
            if (dLon > 180)
                dLon = 360 - dLon;
            const double x = kKmPerDegree * (std::fabs(lat - m_lat) + dLon * m_cosLat);
            if (x <= kMaxShortcutKm) {
                if (m_far && m_shoreKm - x >= m_minKm + kMarginKm)
                    return true;
                if (m_shoreKm + x < m_minKm - kMarginKm)
                    return false;
                // Inland, farther from the coast than the point moved: still on land.
                if (m_onLand && m_shoreKm - x >= kMarginKm)
                    return false;
            }
        }
        m_anchored = true;
        m_lat = lat;
        m_lon = lon;
        m_cosLat = std::cos(lat * M_PI / 180);
        m_shoreKm = m_geo.shoreKm(lat, lon);
        m_onLand = m_excludeLand && m_geo.onLand(lat, lon);
        m_far = m_shoreKm >= m_minKm && !m_onLand;
        return m_far;
    }

private:
    static constexpr double kMarginKm = 0.5;
    static constexpr double kMaxShortcutKm = 20;
    static constexpr double kKmPerDegree = kEarthRadiusKm * M_PI / 180;
    const GeoContext &m_geo;
    const double m_minKm;
    const bool m_excludeLand;
    bool m_anchored = false, m_far = false, m_onLand = false;
    double m_lat = 0, m_lon = 0, m_cosLat = 1, m_shoreKm = 0;
};

double impliedKn(const TrackStore &s, size_t a, size_t b)
{
    const double nm = greatCircleKm(s.lat(a), s.lon(a), s.lat(b), s.lon(b)) * 1000 / kMetresPerNm;
    const double hours = double(std::llabs(s.timeMs(b) - s.timeMs(a))) / double(kHourMs);
    if (hours <= 0)
        return nm > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return nm / hours;
}

// A report's speed for loitering: what it said, else what its neighbour in the segment
// implies (the previous report, the next one for the segment's first).
double speedKn(const TrackStore &s, size_t p, size_t segBegin, size_t segEnd)
{
    const float sog = s.sog(p);
    if (!std::isnan(sog))
        return double(sog);
    if (p > segBegin)
        return impliedKn(s, p - 1, p);
    if (p + 1 < segEnd)
        return impliedKn(s, p, p + 1);
    return 0;
}

double normalizedLon(double lon)
{
    double l = std::fmod(lon + 180.0, 360.0);
    if (l < 0)
        l += 360.0;
    return l - 180.0;
}

// Longitude `lon` moved by whole turns to within 180° of `ref`.
double unwrapped(double lon, double ref)
{
    return lon + 360.0 * std::round((ref - lon) / 360.0);
}

double median(std::vector<double> v)
{
    if (v.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const auto mid = v.begin() + ptrdiff_t(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    if (v.size() % 2)
        return *mid;
    return (*std::max_element(v.begin(), mid) + *mid) / 2;
}

// Progress by positions done, at most about a hundred calls.
class Progress
{
public:
    Progress(const Control &control, size_t total) : m_control(control), m_total(total) { }
    void advance(size_t positions)
    {
        m_done = std::min(m_total, m_done + positions);
        if (!m_control.progress || m_total == 0)
            return;
        if (m_done - m_reported >= m_total / 100 + 1 || m_done == m_total) {
            m_reported = m_done;
            m_control.progress(double(m_done) / double(m_total));
        }
    }

private:
    const Control &m_control;
    const size_t m_total;
    size_t m_done = 0, m_reported = 0;
};

Loitering makeLoitering(const TrackStore &s, const GeoContext &geo, uint32_t vessel, size_t first,
                        size_t last, size_t segBegin, size_t segEnd)
{
    Loitering l;
    l.vessel = vessel;
    l.startMs = s.timeMs(first);
    l.endMs = s.timeMs(last);
    std::vector<double> speeds;
    speeds.reserve(last - first + 1);
    const double lon0 = s.lon(first);
    double sumLat = 0, sumLon = 0;
    for (size_t p = first; p <= last; ++p) {
        sumLat += s.lat(p);
        sumLon += unwrapped(s.lon(p), lon0);
        speeds.push_back(speedKn(s, p, segBegin, segEnd));
    }
    const auto n = double(last - first + 1);
    l.lat = sumLat / n;
    l.lon = normalizedLon(sumLon / n);
    l.medianSpeedKn = median(std::move(speeds));
    l.shoreKm = geo.shoreKm(l.lat, l.lon);
    l.portKm = geo.portKm(l.lat, l.lon);
    return l;
}

} // namespace

double greatCircleKm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double rad = M_PI / 180.0;
    const double s = std::sin((lat2 - lat1) * rad / 2);
    const double t = std::sin((lon2 - lon1) * rad / 2);
    const double h = s * s + std::cos(lat1 * rad) * std::cos(lat2 * rad) * t * t;
    return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, h)));
}

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

std::vector<Loitering> findLoitering(const TrackStore &store, const Rules &rules,
                                     const GeoContext &geo, const Control &control)
{
    std::vector<Loitering> out;
    const double minShoreKm = rules.loiterMinShoreNm * kMetresPerNm / 1000;
    Progress progress(control, store.positionCount());
    // A run of slow reports in scope, long enough, is cut where it comes near the shore;
    // the pieces still long enough are events. Shore is asked only for such runs.
    const auto longEnough = [&](size_t first, size_t last) {
        return last > first
            && store.timeMs(last) - store.timeMs(first) >= rules.loiterMinDurationMs;
    };
    // On threads, each a share of the vessels (the coast's queries are const and
    // thread-safe); their events joined in vessel order are what one thread finds. From a
    // few hundred positions on, so that tst_singlevesselbrute's small cases run it too.
    const size_t vessels = store.vesselCount();
    const unsigned threads =
        std::max(1u,
                 std::min<unsigned>(std::thread::hardware_concurrency(),
                                    unsigned(store.positionCount() / 256) + 1));
    std::vector<std::vector<Loitering>> found(threads);
    std::atomic<bool> cancelled {false};
    parallel::onThreads(threads, [&](unsigned t) {
        std::vector<Loitering> &out = found[t];
        for (size_t v = vessels * t / threads; v < vessels * (t + 1) / threads; ++v) {
            if (cancelled || control.cancelled()) {
                cancelled = true;
                return;
            }
            for (size_t seg = store.vesselSegmentBegin(v); seg < store.vesselSegmentEnd(v); ++seg) {
                const size_t b = store.segmentBegin(seg), e = store.segmentEnd(seg);
                size_t runBegin = b;
                for (size_t p = b; p <= e; ++p) {
                    const bool slow = p < e
                        && inScope(rules, store.timeMs(p), store.lat(p), store.lon(p))
                        && speedKn(store, p, b, e) < rules.loiterMaxSpeedKn;
                    if (slow)
                        continue;
                    // [runBegin, p) is a maximal slow run.
                    if (p > runBegin && longEnough(runBegin, p - 1)) {
                        FarFromShore far(geo, minShoreKm, rules.excludeLand);
                        size_t pieceBegin = runBegin;
                        for (size_t q = runBegin; q <= p; ++q) {
                            if (q < p && far(store.lat(q), store.lon(q)))
                                continue;
                            if (q > pieceBegin && longEnough(pieceBegin, q - 1))
                                out.push_back(makeLoitering(store, geo, uint32_t(v), pieceBegin,
                                                            q - 1, b, e));
                            pieceBegin = q + 1;
                        }
                    }
                    runBegin = p + 1;
                }
            }
            if (t == 0)
                progress.advance((store.vesselPositionEnd(v) - store.vesselPositionBegin(v))
                                 * threads);
        }
    });
    if (cancelled)
        return {};
    progress.advance(store.positionCount()); // all done (thread 0 told only its share)
    for (const std::vector<Loitering> &f : found)
        out.insert(out.end(), f.begin(), f.end());
    std::stable_sort(out.begin(), out.end(), [](const Loitering &a, const Loitering &b) {
        if (a.startMs != b.startMs)
            return a.startMs < b.startMs;
        if (a.vessel != b.vessel)
            return a.vessel < b.vessel;
        return a.endMs < b.endMs;
    });
    return out;
}

std::vector<Gap> findGaps(const TrackStore &store, const Rules &rules, const GeoContext &geo,
                          const Control &control)
{
    std::vector<Gap> out;
    const double minShoreKm = rules.gapMinShoreNm * kMetresPerNm / 1000;
    Progress progress(control, store.positionCount());
    const auto farEnough = [&](double lat, double lon, double *shoreKm) {
        *shoreKm = geo.shoreKm(lat, lon);
        return *shoreKm >= minShoreKm && !(rules.excludeLand && geo.onLand(lat, lon));
    };
    std::vector<uint32_t> order;
    for (size_t v = 0; v < store.vesselCount(); ++v) {
        if (control.cancelled())
            return {};
        const uint32_t lo = store.vesselPositionBegin(v), hi = store.vesselPositionEnd(v);
        // A vessel's positions are in time order unless two transmitters share its MMSI
        // (segments overlapping in time): then they are put in time order here, ties in
        // store order.
        const int64_t *t = store.times().data();
        order.resize(hi - lo);
        std::iota(order.begin(), order.end(), lo);
        if (!std::is_sorted(t + lo, t + hi))
            std::stable_sort(order.begin(), order.end(),
                             [t](uint32_t a, uint32_t b) { return t[a] < t[b]; });
        for (size_t k = 1; k < order.size(); ++k) {
            const uint32_t a = order[k - 1], b = order[k];
            if (t[b] - t[a] < rules.gapMinMs)
                continue;
            Gap g;
            g.vessel = uint32_t(v);
            g.startMs = t[a];
            g.endMs = t[b];
            g.lat0 = store.lat(a);
            g.lon0 = store.lon(a);
            g.lat1 = store.lat(b);
            g.lon1 = store.lon(b);
            if (!inScope(rules, g.startMs, g.lat0, g.lon0)
                || !inScope(rules, g.endMs, g.lat1, g.lon1))
                continue;
            if (!farEnough(g.lat0, g.lon0, &g.shoreKm0) || !farEnough(g.lat1, g.lon1, &g.shoreKm1))
                continue;
            g.distanceNm = greatCircleKm(g.lat0, g.lon0, g.lat1, g.lon1) * 1000 / kMetresPerNm;
            g.impliedSpeedKn = g.distanceNm / (double(g.endMs - g.startMs) / double(kHourMs));
            out.push_back(g);
        }
        progress.advance(hi - lo);
    }
    std::stable_sort(out.begin(), out.end(), [](const Gap &a, const Gap &b) {
        if (a.startMs != b.startMs)
            return a.startMs < b.startMs;
        if (a.vessel != b.vessel)
            return a.vessel < b.vessel;
        return a.endMs < b.endMs;
    });
    return out;
}

} // namespace detect

#include "anchorages.h"

#include "parallel.h"
#include "tracks/trackstore.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

namespace detect {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kKmPerDegree = kEarthRadiusKm * kPi / 180.0;

// Cells of about cellKm on a side: rows of equal latitude height, each cut into as
// many columns as its circumference holds, so that cells stay square-ish towards the
// poles. The key orders them by row, then column.
uint64_t cellKey(double lat, double lon, double cellKm)
{
    const double dLat = cellKm / kKmPerDegree;
    const int64_t rows = std::max<int64_t>(1, int64_t(std::ceil(180.0 / dLat)));
    const int64_t row = std::clamp<int64_t>(int64_t(std::floor((lat + 90.0) / dLat)), 0, rows - 1);
    const double centre = std::min(90.0, -90.0 + (double(row) + 0.5) * dLat);
    const int64_t columns =
        std::max<int64_t>(1, int64_t(std::floor(360.0 * std::cos(centre * kPi / 180.0) / dLat)));
    const double w = lon - 360.0 * std::floor((lon + 180.0) / 360.0); // [-180, 180)
    const int64_t column = std::clamp<int64_t>(
        int64_t(std::floor((w + 180.0) / 360.0 * double(columns))), 0, columns - 1);
    return (uint64_t(row) << 32) | uint64_t(column);
}

// Whether positions are within km of a centre, as pointDistanceKm() < km says, mostly
// without its trigonometry: the great-circle distance is at least the difference in
// latitude, and at most the way along the centre's parallel, then along the meridian
// (R·(|Δφ| + |Δλ|·cos φ0)). Only a point between the two bounds, widened by a relative
// 1e-9 for rounding, is measured exactly, so the answers are pointDistanceKm()'s.
// (Ten million positions cost 40 million sines and cosines without it.) cos φ0 is taken
// when the latitude alone does not decide: a centre is made for every position of a
// vessel under way, and most are decided by the first position asked.
class Within
{
public:
    Within(double lat0, double lon0, double km) : m_lat0(lat0), m_lon0(lon0), m_km(km) { }
    bool operator()(double lat, double lon) const
    {
        const double dLat = std::fabs(lat - m_lat0) * kKmPerDegree;
        if (dLat >= m_km * kOver)
            return false;
        double dLon = std::fabs(lon - m_lon0);
        if (dLon > 180.0)
            dLon = 360.0 - dLon;
        if (std::isnan(m_cos0))
            m_cos0 = std::cos(m_lat0 * kPi / 180.0);
        if (dLat + dLon * m_cos0 * kKmPerDegree < m_km * kUnder)
            return true;
        return pointDistanceKm(m_lat0, m_lon0, lat, lon) < m_km;
    }

private:
    static constexpr double kOver = 1 + 1e-9, kUnder = 1 - 1e-9;
    double m_lat0, m_lon0, m_km;
    mutable double m_cos0 = std::numeric_limits<double>::quiet_NaN();
};

// The stays of segment s, appended to stays: a stay starts at a position and lasts while
// every position is within stationaryKm of it, at least stationaryMs.
void segmentStays(const TrackStore &store, size_t s, const Rules &rules, double cellKm,
                  uint32_t vesselOffset, std::vector<AnchorageStay> &stays)
{
    const uint32_t end = store.segmentEnd(s);
    uint32_t i = store.segmentBegin(s);
    // The first position at least stationaryMs after i (end when none): a stay from i
    // must reach it, so when it is already too far (a vessel under way, or drifting)
    // the stay fails without scanning the positions between. That makes the search
    // linear for all but vessels that really stay; a full scan from every position
    // took 45 s on 10M positions with 900 slowly drifting vessels.
    uint32_t k = i;
    // A stay starts at i and lasts while every position is within stationaryKm of
    // position i; long enough, it is one stay and the search resumes after it.
    while (i < end) {
        const double lat0 = store.lat(i), lon0 = store.lon(i);
        const Within near(lat0, lon0, rules.stationaryKm);
        k = std::max(k, i + 1);
        while (k < end && store.timeMs(k) - store.timeMs(i) < rules.stationaryMs)
            ++k;
        if (k == end ? store.timeMs(end - 1) - store.timeMs(i) < rules.stationaryMs
                     : !near(store.lat(k), store.lon(k))) {
            ++i;
            continue;
        }
        uint32_t j = i + 1;
        while (j < end && near(store.lat(j), store.lon(j)))
            ++j;
        if (store.timeMs(j - 1) - store.timeMs(i) < rules.stationaryMs) {
            ++i;
            continue;
        }
        double sumLat = 0, sumLon = 0;
        for (uint32_t k = i; k < j; ++k) {
            double lon = store.lon(k);
            // Unwrapped around the start, so a stay on 180° has its mean there.
            if (lon - lon0 > 180.0)
                lon -= 360.0;
            else if (lon - lon0 < -180.0)
                lon += 360.0;
            sumLat += store.lat(k);
            sumLon += lon;
        }
        const double n = double(j - i);
        double lon = sumLon / n;
        lon -= 360.0 * std::floor((lon + 180.0) / 360.0);
        const double lat = sumLat / n;
        stays.push_back(
            {cellKey(lat, lon, cellKm), vesselOffset + store.segmentVessel(s), lat, lon});
        i = j;
    }
}

} // namespace

std::vector<Anchorage> findAnchorages(const TrackStore &store, const Rules &rules,
                                      const Control &control)
{
    std::vector<AnchorageStay> stays;
    if (!findStays(store, rules, 0, &stays, control))
        return {};
    return anchoragesOf(std::move(stays), rules, control);
}

bool findStays(const TrackStore &store, const Rules &rules, uint32_t vesselOffset,
               std::vector<AnchorageStay> *staysOut, const Control &control)
{
    const double cellKm = rules.anchorageCellKm > 0 ? rules.anchorageCellKm : 0.5;
    // The segments' stays, found on threads (each a share of the segments); anchoragesOf
    // sorts them into one order whatever thread found them.
    const size_t segments = store.segmentCount();
    const unsigned threads =
        std::max(1u,
                 std::min<unsigned>(std::thread::hardware_concurrency(),
                                    unsigned(store.positionCount() / 4096) + 1));
    std::vector<std::vector<AnchorageStay>> found(threads);
    std::atomic<bool> cancelled {false};
    parallel::onThreads(threads, [&](unsigned t) {
        std::vector<AnchorageStay> &stays = found[t];
        const size_t s0 = segments * t / threads, s1 = segments * (t + 1) / threads;
        for (size_t s = s0; s < s1; ++s) {
            if (((s - s0) & 1023) == 0) {
                if (cancelled || control.cancelled()) {
                    cancelled = true;
                    return;
                }
                if (t == 0 && control.progress)
                    control.progress(double(s - s0) / double(s1 - s0));
            }
            segmentStays(store, s, rules, cellKm, vesselOffset, stays);
        }
    });
    if (cancelled)
        return false;
    for (const std::vector<AnchorageStay> &f : found)
        staysOut->insert(staysOut->end(), f.begin(), f.end());
    return true;
}

std::vector<Anchorage> anchoragesOf(std::vector<AnchorageStay> stays, const Rules &rules,
                                    const Control &control)
{
    const int minVessels = std::max(1, rules.anchorageMinVessels);
    std::sort(stays.begin(), stays.end(), [](const AnchorageStay &a, const AnchorageStay &b) {
        if (a.cell != b.cell)
            return a.cell < b.cell;
        if (a.vessel != b.vessel)
            return a.vessel < b.vessel;
        return a.lat < b.lat || (a.lat == b.lat && a.lon < b.lon);
    });
    std::vector<Anchorage> out;
    for (size_t a = 0; a < stays.size();) {
        size_t b = a;
        int vessels = 0;
        double sumLat = 0, sumLon = 0;
        const double lon0 = stays[a].lon;
        for (; b < stays.size() && stays[b].cell == stays[a].cell; ++b) {
            if (b == a || stays[b].vessel != stays[b - 1].vessel)
                ++vessels;
            double lon = stays[b].lon;
            if (lon - lon0 > 180.0)
                lon -= 360.0;
            else if (lon - lon0 < -180.0)
                lon += 360.0;
            sumLat += stays[b].lat;
            sumLon += lon;
        }
        if (vessels >= minVessels) {
            const double n = double(b - a);
            double lon = sumLon / n;
            lon -= 360.0 * std::floor((lon + 180.0) / 360.0);
            out.push_back({sumLat / n, lon, vessels, int(b - a)});
        }
        a = b;
    }
    if (control.progress)
        control.progress(1.0);
    return out;
}

PortIndex::PortIndex(const std::vector<Anchorage> &anchorages, const std::vector<Port> &ports)
{
    for (const Anchorage &a : anchorages)
        m_arcs.addPoint(a.lat, a.lon);
    for (const Port &port : ports) {
        for (const auto &part : port.parts) {
            if (part.empty())
                continue;
            if (port.kind == Port::Kind::Point || part.size() == 1) {
                for (const auto &p : part)
                    m_arcs.addPoint(p.second, p.first);
                continue;
            }
            for (size_t i = 0; i + 1 < part.size(); ++i)
                m_arcs.add(part[i].second, part[i].first, part[i + 1].second, part[i + 1].first);
            if (port.kind == Port::Kind::Polygon && part.front() != part.back())
                m_arcs.add(part.back().second, part.back().first, part.front().second,
                           part.front().first);
        }
        if (port.kind != Port::Kind::Polygon || port.parts.empty() || port.parts[0].empty())
            continue;
        Polygon polygon;
        polygon.centreLon = port.parts[0][0].first;
        polygon.west = polygon.south = std::numeric_limits<double>::infinity();
        polygon.east = polygon.north = -std::numeric_limits<double>::infinity();
        for (const auto &part : port.parts) {
            std::vector<std::pair<double, double>> ring;
            for (const auto &p : part) {
                double lon = p.first;
                while (lon - polygon.centreLon > 180.0)
                    lon -= 360.0;
                while (lon - polygon.centreLon < -180.0)
                    lon += 360.0;
                ring.push_back({lon, p.second});
                polygon.west = std::min(polygon.west, lon);
                polygon.east = std::max(polygon.east, lon);
                polygon.south = std::min(polygon.south, p.second);
                polygon.north = std::max(polygon.north, p.second);
            }
            if (ring.size() >= 3)
                polygon.rings.push_back(std::move(ring));
        }
        if (!polygon.rings.empty())
            m_polygons.push_back(std::move(polygon));
    }
    m_arcs.build();
}

// Odd-even in the plane of longitude and latitude, the query's longitude taken within
// 180° of the polygon's: a harbour is small enough for straight edges in degrees.
bool PortIndex::insidePolygon(const Polygon &polygon, double lat, double lon) const
{
    while (lon - polygon.centreLon > 180.0)
        lon -= 360.0;
    while (lon - polygon.centreLon < -180.0)
        lon += 360.0;
    if (lon < polygon.west || lon > polygon.east || lat < polygon.south || lat > polygon.north)
        return false;
    bool inside = false;
    for (const auto &ring : polygon.rings) {
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const auto &a = ring[j], &b = ring[i];
            if ((a.second > lat) != (b.second > lat)
                && lon < a.first + (lat - a.second) * (b.first - a.first) / (b.second - a.second))
                inside = !inside;
        }
    }
    return inside;
}

double PortIndex::nearestKm(double lat, double lon) const
{
    if (!std::isfinite(lat) || !std::isfinite(lon))
        return std::numeric_limits<double>::quiet_NaN();
    for (const Polygon &p : m_polygons) {
        if (insidePolygon(p, lat, lon))
            return 0.0;
    }
    return m_arcs.nearestKm(lat, lon);
}

double PortIndex::nearestKmBruteForce(double lat, double lon) const
{
    if (!std::isfinite(lat) || !std::isfinite(lon))
        return std::numeric_limits<double>::quiet_NaN();
    for (const Polygon &p : m_polygons) {
        if (insidePolygon(p, lat, lon))
            return 0.0;
    }
    return m_arcs.nearestKmBruteForce(lat, lon);
}

} // namespace detect

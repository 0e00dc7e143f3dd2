#pragma once

#include "detect/detection.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

// A made-up world for the single-vessel detectors' tests: round islands (land within a
// radius of a centre, the coast being that circle, so the distance to shore is exact)
// and port points, counting how often the detectors ask.
namespace svtest {

constexpr double kEarthKm = 6371.0088;
constexpr double kNmKm = 1.852;
constexpr int64_t kMin = 60 * 1000;
constexpr int64_t kHour = 60 * kMin;
constexpr int64_t kT0 = 1767571200000; // 2026-01-05T00:00:00Z

inline double havKm(double lat1, double lon1, double lat2, double lon2)
{
    const double r = M_PI / 180;
    const double a = std::sin((lat2 - lat1) * r / 2), b = std::sin((lon2 - lon1) * r / 2);
    const double h = a * a + std::cos(lat1 * r) * std::cos(lat2 * r) * b * b;
    return 2 * kEarthKm * std::asin(std::sqrt(std::min(1.0, h)));
}

// Degrees of a great circle (a meridian, or the equator) for a distance.
inline double kmToDeg(double km)
{
    return km / (kEarthKm * M_PI / 180);
}

struct Disc
{
    double lat, lon, radiusKm;
};

class DiscWorld : public detect::GeoContext
{
public:
    std::vector<Disc> islands;
    std::vector<std::pair<double, double>> ports; // lat, lon
    // Counted atomically: the detectors ask from several threads at once.
    struct Count
    {
        std::atomic<long> n {0};
        Count() = default;
        Count(const Count &o) : n(o.n.load()) { }
        Count &operator=(long v)
        {
            n = v;
            return *this;
        }
        void operator++() { ++n; }
        operator long() const { return n.load(); }
    };
    mutable Count shoreQueries, landQueries;

    bool onLand(double lat, double lon) const override
    {
        ++landQueries;
        for (const Disc &d : islands)
            if (havKm(lat, lon, d.lat, d.lon) < d.radiusKm)
                return true;
        return false;
    }
    double shoreKm(double lat, double lon) const override
    {
        ++shoreQueries;
        double best = std::numeric_limits<double>::infinity();
        for (const Disc &d : islands)
            best = std::min(best, std::fabs(havKm(lat, lon, d.lat, d.lon) - d.radiusKm));
        return best;
    }
    double portKm(double lat, double lon) const override
    {
        double best = std::numeric_limits<double>::infinity();
        for (const auto &p : ports)
            best = std::min(best, havKm(lat, lon, p.first, p.second));
        return best;
    }
};

struct Report
{
    uint32_t mmsi;
    int64_t timeMs;
    double lat, lon;
    float sog = NAN;
};

inline std::shared_ptr<TrackStore> build(const std::vector<Report> &reports,
                                         SegmentRules rules = {})
{
    TrackBuilder b(rules);
    const uint16_t file = b.addFile(QStringLiteral("planted.csv"));
    uint32_t row = 1;
    for (const Report &r : reports) {
        PositionReport p;
        p.vessel = b.vesselByMmsi(r.mmsi);
        p.timeMs = r.timeMs;
        p.lat = r.lat;
        p.lon = r.lon;
        p.sog = r.sog;
        p.sourceFile = file;
        p.sourceRow = ++row;
        b.add(p);
    }
    return b.finish();
}

} // namespace svtest

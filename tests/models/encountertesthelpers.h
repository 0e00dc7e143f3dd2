#pragma once

#include "detect/detection.h"
#include "detect/resample.h"
#include "tracks/trackstore.h"

#include <cmath>
#include <limits>
#include <memory>
#include <vector>

// Small stores and geographic contexts for the encounter tests.
namespace enctest {

struct Ping
{
    uint32_t mmsi;
    int64_t timeMs;
    double lat, lon;
    float sog = NAN;
};

inline std::shared_ptr<TrackStore> makeStore(const std::vector<Ping> &pings)
{
    TrackBuilder builder;
    const uint16_t file = builder.addFile(QStringLiteral("test.csv"));
    uint32_t row = 1;
    for (const Ping &p : pings) {
        PositionReport r;
        r.vessel = builder.vesselByMmsi(p.mmsi);
        r.timeMs = p.timeMs;
        r.lat = p.lat;
        r.lon = p.lon;
        r.sog = p.sog;
        r.sourceRow = ++row;
        r.sourceFile = file;
        builder.add(r);
    }
    return builder.finish();
}

// A point `north` and `east` metres from (lat, lon), on the sphere of distanceM
// (longitude wrapped to [-180, 180], latitude clamped to the poles).
inline void offset(double lat, double lon, double north, double east, double &outLat,
                   double &outLon)
{
    const double mPerDeg = detect::kEarthRadiusM * M_PI / 180.0;
    outLat = std::max(-90.0, std::min(90.0, lat + north / mPerDeg));
    const double c = std::max(1e-6, std::cos(lat * M_PI / 180.0));
    outLon = lon + east / (mPerDeg * c);
    outLon = std::fmod(outLon + 540.0, 360.0) - 180.0;
}

// Ports as points (distance to the nearest), land as boxes, the shore at a fixed
// distance: the GeoContext the detectors ask.
class TestGeo : public detect::GeoContext
{
public:
    struct Box
    {
        double south, west, north, east;
    };
    std::vector<std::pair<double, double>> ports; // lat, lon
    std::vector<Box> land;
    double shore = 250;

    bool onLand(double lat, double lon) const override
    {
        for (const Box &b : land)
            if (lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east)
                return true;
        return false;
    }
    double shoreKm(double, double) const override { return shore; }
    double portKm(double lat, double lon) const override
    {
        double best = std::numeric_limits<double>::infinity();
        for (const auto &p : ports)
            best = std::min(best, detect::distanceM(lat, lon, p.first, p.second) / 1000.0);
        return best;
    }
};

} // namespace enctest

#pragma once

#include <QPointF>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

// Web Mercator (EPSG:3857) as used by every slippy map, the one projection of the app:
// the spatial index places events with it and MapViewport turns it into pixels, so an
// event and the map under it can never disagree. Normalised world coordinates are the
// square [0, 1] x [0, 1]: x grows east from 180°W, y grows south from 85.0511°N; a map
// at zoom z shows that square as 256 * 2^z pixels. Pure math on doubles (Qt Core only
// for QPointF), inline because the index projects a million points per load.
namespace WebMercator {
// The latitude at which the projected world is square: atan(sinh(π)) in degrees.
constexpr double kMaxLatitude = 85.05112877980659;
constexpr double kTileSize = 256.0;
constexpr double kEarthRadius = 6378137.0; // metres, the sphere EPSG:3857 uses
constexpr double kPi = 3.14159265358979323846;

inline double clampLatitude(double lat)
{
    return std::clamp(lat, -kMaxLatitude, kMaxLatitude);
}

// Into [-180, 180); NaN and infinities are returned as given.
inline double wrapLongitude(double lon)
{
    if (!std::isfinite(lon))
        return lon;
    double w = lon - 360.0 * std::floor((lon + 180.0) / 360.0);
    // The division rounds: a value a hair below an odd multiple of 180 can come out a
    // hair below -180 (8099.999999999999 gave -180.0000000000009), and floor() of a
    // value a rounding error below a multiple of 360 can leave exactly 180.
    if (w < -180.0)
        w += 360.0;
    else if (w >= 180.0)
        w -= 360.0;
    return w;
}

// ln(tan φ + sec φ) for the clamped latitude: the projected y on a unit sphere, in
// [-π, π]. Written as asinh(tan φ): the same value as the textbook ln(tan(π/4 + φ/2))
// without its cancellation near the equator.
inline double mercatorY(double lat)
{
    return std::asinh(std::tan(clampLatitude(lat) * (kPi / 180.0)));
}

// Longitude not wrapped: 190° gives x > 1, which the viewport uses for the copies of
// the world east and west of the first.
inline double worldX(double lon)
{
    return (lon + 180.0) / 360.0;
}
// Latitude clamped to ±kMaxLatitude, so y is in [0, 1] (the limits come out a rounding
// error inside; the clamp keeps the promise whatever the libm).
inline double worldY(double lat)
{
    return std::clamp((1.0 - mercatorY(lat) / kPi) / 2.0, 0.0, 1.0);
}
inline QPointF toWorld(double lat, double lon)
{
    return {worldX(lon), worldY(lat)};
}
// The x of the longitude wrapped into [-180, 180): always in [0, 1), so that 180°E and
// 180°W are one meridian (the spatial index stores this). Equal to worldX(lon) for a
// longitude in [-180, 180); fmod is exact, so a wrapped one loses nothing either.
inline double wrappedWorldX(double lon)
{
    double shifted = std::fmod(lon + 180.0, 360.0);
    if (shifted < 0)
        shifted += 360.0;
    return std::min(shifted / 360.0, std::nextafter(1.0, 0.0));
}

// Inverses; x outside [0, 1] gives longitudes outside ±180 (not wrapped).
inline double latitudeOf(double worldY)
{
    return std::atan(std::sinh(kPi * (1.0 - 2.0 * worldY))) * 180.0 / kPi;
}
inline double longitudeOf(double worldX)
{
    return worldX * 360.0 - 180.0;
}
inline void fromWorld(QPointF world, double *lat, double *lon)
{
    if (lon)
        *lon = longitudeOf(world.x());
    if (lat)
        *lat = latitudeOf(world.y());
}

// EPSG:3857 metres, for GeoTIFF export and GDAL.
inline QPointF toMetres(double lat, double lon)
{
    return {kEarthRadius * lon * kPi / 180.0, kEarthRadius * mercatorY(lat)};
}

// (longitude, latitude) vertices with the longitudes made continuous along the line:
// an edge from 179.9° to -179.9° is a short step east, not a trip round the world. A
// ring around a pole does not close when unwrapped: with `ring`, such a ring is
// returned as given (cut at ±180° by its own edges).
std::vector<std::pair<double, double>>
unwrapLongitudes(const std::vector<std::pair<double, double>> &lonLat, bool ring);
} // namespace WebMercator

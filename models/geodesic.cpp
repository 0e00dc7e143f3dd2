#include "geodesic.h"

#include <QGeoCoordinate>

#include <cmath>

namespace {
QGeoCoordinate coordinate(GeoPoint p)
{
    double lon = std::fmod(p.lon, 360.0);
    if (lon >= 180)
        lon -= 360;
    else if (lon < -180)
        lon += 360;
    return QGeoCoordinate(p.lat, lon);
}
} // namespace

double Geodesic::distanceNm(GeoPoint a, GeoPoint b)
{
    return coordinate(a).distanceTo(coordinate(b)) / kMetresPerNm;
}

GeoPoint Geodesic::destination(GeoPoint from, double bearing, double nm)
{
    const QGeoCoordinate c = coordinate(from).atDistanceAndAzimuth(nm * kMetresPerNm, bearing);
    double lon = c.longitude();
    lon += 360.0 * std::round((from.lon - lon) / 360.0);
    return {lon, c.latitude()};
}

std::vector<GeoPoint> Geodesic::circle(GeoPoint centre, double radiusNm, int segments)
{
    std::vector<GeoPoint> ring;
    ring.reserve(static_cast<size_t>(segments));
    for (int i = 0; i < segments; ++i)
        ring.push_back(destination(centre, 360.0 * i / segments, radiusNm));
    return ring;
}

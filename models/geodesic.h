#pragma once

#include "annotationmodel.h"

#include <vector>

// Distances and circles on the ground (a sphere, through Qt Positioning), in nautical
// miles, for the annotations' circles and the handles that resize them.
namespace Geodesic {
constexpr double kMetresPerNm = 1852.0;

double distanceNm(GeoPoint a, GeoPoint b);
// The point `nm` nautical miles from `from` on the initial bearing (degrees from north),
// its longitude within 180° of `from`'s (which may itself be unwrapped).
GeoPoint destination(GeoPoint from, double bearing, double nm);
// The ring of points at `radiusNm` from `centre`, clockwise from north, longitudes
// continuous (unwrapped) around the centre so a circle across 180° is one shape.
std::vector<GeoPoint> circle(GeoPoint centre, double radiusNm, int segments = 144);
} // namespace Geodesic

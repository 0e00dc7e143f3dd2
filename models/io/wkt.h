#pragma once

#include <string_view>

// Position of a WKT geometry text (a CSV "WKT"/"geometry" column), in the order the
// text gives: x = longitude, y = latitude (WGS 84 assumed, as in OGR's CSV driver).
namespace wkt {
struct Point
{
    bool ok = false;
    double lat = 0, lon = 0;
    bool fromCentroid = false; // the geometry was not a point
};
// POINT texts are read directly (fast path); for any other geometry its
// planar centroid (Boost.Geometry) stands for the geometry. EMPTY geometries and junk give ok ==
// false.
Point position(std::string_view text);
} // namespace wkt

#pragma once

#include "hugepages.h"

#include <cstddef>
#include <cstdint>
#include <vector>

// The nearest of many short great-circle arcs (coast segments, port outlines, anchorage
// points as arcs of length zero) to a point, on the mean Earth sphere. The arcs are kept
// as unit vectors in a bounding-volume hierarchy; a query visits boxes best first and
// stops when the nearest box is farther than the best arc found, so that it is exact
// (the same answer as trying every arc, which the tests check) and costs a few dozen
// arc distances wherever the point is, on the antimeridian or at a pole alike.
namespace detect {

constexpr double kEarthRadiusKm = 6371.0088; // mean radius (IUGG), the sphere used here

// Great-circle distance in km between two positions (degrees), by the angle between
// their unit vectors as the index measures it (singlevessel.h's greatCircleKm is the
// haversine of the same sphere).
double pointDistanceKm(double lat1, double lon1, double lat2, double lon2);

// The distance in km from a point to the shorter great-circle arc between a and b
// (degrees); the distance to a when a == b.
double arcDistanceKm(double lat, double lon, double latA, double lonA, double latB, double lonB);

class ArcIndex
{
public:
    ArcIndex() = default;
    // Arcs from a to b, in degrees (longitudes may be unwrapped past ±180°). Each arc's
    // index is its position in the order added.
    void add(double latA, double lonA, double latB, double lonB);
    void addPoint(double lat, double lon) { add(lat, lon, lat, lon); }
    // Builds the hierarchy; add() after build() needs another build(), and until then
    // queries see no arcs.
    void build();

    size_t size() const { return m_arcs.size(); }
    bool empty() const { return m_arcs.empty(); }
    // Distance in km to the nearest arc, infinity when there is none; *arc gets its index.
    double nearestKm(double lat, double lon, size_t *arc = nullptr) const;
    // The same by trying every arc: the reference the tests compare with.
    double nearestKmBruteForce(double lat, double lon, size_t *arc = nullptr) const;

private:
    struct Arc
    {
        double a[3], b[3];
        double bulge; // how far the arc leaves its chord (see buildNode)
        uint32_t id;
    };
    struct Node
    {
        double lo[3], hi[3];
        uint32_t first, count; // leaf: arcs [first, first + count)
        uint32_t left, right; // inner node (count == 0): children
    };
    uint32_t buildNode(uint32_t first, uint32_t count);
    HugeVector<Arc> m_arcs; // in huge pages: see platform/hugepages.h
    HugeVector<Node> m_nodes;
    bool m_built = false;
};

} // namespace detect

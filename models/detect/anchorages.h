#pragma once

#include "detect/arcindex.h"
#include "detect/detection.h"

#include <QString>

#include <utility>
#include <vector>

class TrackStore;

// Where vessels stop: anchorages derived from the data as Global Fishing Watch derives
// them, and the ports a user adds from a file; both answer "how far to the nearest
// anchorage or port" for the detectors' GeoContext (geography.h).
namespace detect {

// A cell of about rules.anchorageCellKm where at least rules.anchorageMinVessels
// distinct vessels were stationary: stayed within rules.stationaryKm of where they were
// for at least rules.stationaryMs, within one segment of their track (a silence that
// starts a new segment says nothing of where the vessel was meanwhile).
struct Anchorage
{
    double lat = 0, lon = 0; // mean of the stationary stays in the cell
    int vessels = 0; // distinct vessels stationary there
    int stays = 0; // stationary stays there (a vessel may come back)
};

// Every position of the store counts, whatever the rules' time window and box: a port
// is a port outside the period analysed too. Ordered by cell (south to north, then west
// to east), deterministic. Empty when cancelled.
std::vector<Anchorage> findAnchorages(const TrackStore &store, const Rules &rules,
                                      const Control &control = {});

// findAnchorages in two steps, for a store read a few vessels at a time (`rendezvous
// detect` on a database): the stationary stays of each part's vessels (vessel numbers
// plus vesselOffset, so that parts read in vessel order number them as one store
// would), then the anchorages of all the stays. A stay lies within one segment of one
// vessel, so the parts' stays together are the whole store's, and the anchorages the same.
struct AnchorageStay
{
    uint64_t cell;
    uint32_t vessel;
    double lat, lon; // the stay's mean position (longitude unwrapped around its start)
};
// Appends to *stays; false when cancelled.
bool findStays(const TrackStore &store, const Rules &rules, uint32_t vesselOffset,
               std::vector<AnchorageStay> *stays, const Control &control = {});
std::vector<Anchorage> anchoragesOf(std::vector<AnchorageStay> stays, const Rules &rules,
                                    const Control &control = {});

// A port from the user's file: a point, a line (a quay) or a polygon (a harbour).
struct Port
{
    enum class Kind { Point, Line, Polygon };
    Kind kind = Kind::Point;
    QString name; // empty when the file has no name column
    // (lon, lat) degrees; one for a point, rings for a polygon (odd-even), one for a line.
    std::vector<std::vector<std::pair<double, double>>> parts;
};

// Distances to anchorages and ports: 0 inside a port polygon, else the great-circle
// distance to the nearest anchorage or port point or outline.
class PortIndex
{
public:
    PortIndex() = default;
    PortIndex(const std::vector<Anchorage> &anchorages, const std::vector<Port> &ports);

    bool empty() const { return m_arcs.empty(); }
    // km; infinity when there is no anchorage and no port.
    double nearestKm(double lat, double lon) const;
    // The reference the tests compare with: every point, edge and polygon.
    double nearestKmBruteForce(double lat, double lon) const;

private:
    struct Polygon
    {
        double centreLon; // rings unwrapped around it
        double west, south, east, north; // unwrapped bounds
        std::vector<std::vector<std::pair<double, double>>> rings;
    };
    bool insidePolygon(const Polygon &polygon, double lat, double lon) const;
    ArcIndex m_arcs;
    std::vector<Polygon> m_polygons;
};

} // namespace detect

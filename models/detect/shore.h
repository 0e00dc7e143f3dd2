#pragma once

#include "detect/arcindex.h"

#include <QString>

#include <memory>
#include <vector>

namespace basemapfile {
struct Level;
}

// Land and shore from the Natural Earth basemap the map draws (the prepared files
// basemap-*.bin, models/basemap/preparedbasemap.h): a point is on land when the map
// paints it as land (and south of 85.05°S, beyond the projection, where Antarctica
// covers the pole), and the distance to shore is the great-circle distance (mean
// sphere, within 0.5% of the ellipsoid) to the nearest coastline segment the map
// strokes. Immutable once loaded; every query is const and thread-safe.
namespace detect {

class Shore
{
public:
    // Reads basemap-10m.bin (or the given detail, 0 110m, 1 50m, 2 10m) from the folder
    // (Basemap::resourcesFolder() in the program). Null with *error naming the file and
    // what is wrong.
    static std::shared_ptr<const Shore> load(const QString &basemapFolder, QString *error,
                                             int detail = 2);
    // From a level read already (tests write small ones with basemapfile::write).
    explicit Shore(const basemapfile::Level &level);

    bool onLand(double lat, double lon) const;
    // Geodesic distance to the nearest coast, km; infinity when the level has no coast.
    double shoreKm(double lat, double lon) const;

    // The references the tests compare with: every land piece, every coast segment.
    bool onLandBruteForce(double lat, double lon) const;
    double shoreKmBruteForce(double lat, double lon) const;

    int detail() const { return m_detail; }
    size_t coastSegmentCount() const { return m_coast.size(); }
    size_t landPieceCount() const { return m_pieces.size(); }

private:
    struct Piece
    {
        double x0, y0, x1, y1; // bounds, world units
        uint32_t firstEdge, edgeCount; // into m_edges
    };
    struct Edge
    {
        double xa, ya, xb, yb;
    };
    // The world point a position is tested at (see onLand()).
    void worldPoint(double lat, double lon, double *x, double *y) const;
    bool insidePiece(const Piece &piece, double x, double y) const;

    int m_detail = 0;
    std::vector<Piece> m_pieces;
    HugeVector<Edge> m_edges; // every land ring's edges, closed, piece by piece
    // A grid over the world square listing the pieces whose bounds meet each cell.
    static constexpr int kGrid = 64;
    std::vector<uint32_t> m_cellBegin; // kGrid * kGrid + 1 offsets into m_cellPieces
    std::vector<uint32_t> m_cellPieces;
    ArcIndex m_coast;
};

} // namespace detect

#include "shore.h"

#include "basemap/preparedbasemap.h"
#include "webmercator.h"

#include <QDir>

#include <algorithm>
#include <cmath>
#include <limits>

namespace detect {
namespace {
constexpr double kWorld = WebMercator::kTileSize;
} // namespace

std::shared_ptr<const Shore> Shore::load(const QString &basemapFolder, QString *error, int detail)
{
    if (basemapFolder.isEmpty()) {
        if (error)
            *error = QStringLiteral("the prepared basemap files (basemap/%1...) were not found")
                         .arg(basemapfile::fileName(0));
        return nullptr;
    }
    const QString path = QDir(basemapFolder).filePath(basemapfile::fileName(detail));
    const std::unique_ptr<basemapfile::Level> level = basemapfile::read(path, error);
    if (!level)
        return nullptr;
    if (level->detail != detail) {
        if (error)
            *error = QStringLiteral("basemap file %1 holds another level of detail").arg(path);
        return nullptr;
    }
    return std::make_shared<const Shore>(*level);
}

Shore::Shore(const basemapfile::Level &level) : m_detail(level.detail)
{
    // Land: each piece's rings as closed edges. Pieces are cells of a quadtree, their
    // rings clipped to the cell (widened by the overlap), so within its bounds a piece
    // alone says what is land there.
    for (const basemapfile::PieceRecord *r = level.begin(basemapfile::Land);
         r != level.end(basemapfile::Land); ++r) {
        Piece piece {r->bounds[0],
                     r->bounds[1],
                     r->bounds[0] + r->bounds[2],
                     r->bounds[1] + r->bounds[3],
                     uint32_t(m_edges.size()),
                     0};
        const double *xy = level.xy + 2 * r->first;
        const uint8_t *types = level.types + r->first;
        size_t ringStart = 0;
        const auto closeRing = [&](size_t end) { // the ring [ringStart, end)
            if (end - ringStart < 2)
                return;
            const size_t last = end - 1;
            if (xy[2 * last] != xy[2 * ringStart] || xy[2 * last + 1] != xy[2 * ringStart + 1])
                m_edges.push_back(
                    {xy[2 * last], xy[2 * last + 1], xy[2 * ringStart], xy[2 * ringStart + 1]});
        };
        for (size_t i = 0; i < r->count; ++i) {
            if (types[i] == basemapfile::MoveTo) {
                closeRing(i);
                ringStart = i;
            } else {
                m_edges.push_back({xy[2 * i - 2], xy[2 * i - 1], xy[2 * i], xy[2 * i + 1]});
            }
        }
        closeRing(size_t(r->count));
        piece.edgeCount = uint32_t(m_edges.size() - piece.firstEdge);
        m_pieces.push_back(piece);
    }
    // The grid over the pieces: a cell lists every piece whose bounds meet it.
    const auto cellOf = [](double v) {
        return std::clamp(int(std::floor(v / kWorld * kGrid)), 0, kGrid - 1);
    };
    std::vector<std::vector<uint32_t>> cells(size_t(kGrid * kGrid));
    for (uint32_t p = 0; p < m_pieces.size(); ++p) {
        const Piece &piece = m_pieces[p];
        for (int cy = cellOf(piece.y0); cy <= cellOf(piece.y1); ++cy) {
            for (int cx = cellOf(piece.x0); cx <= cellOf(piece.x1); ++cx)
                cells[size_t(cy * kGrid + cx)].push_back(p);
        }
    }
    m_cellBegin.reserve(cells.size() + 1);
    for (const std::vector<uint32_t> &c : cells) {
        m_cellBegin.push_back(uint32_t(m_cellPieces.size()));
        m_cellPieces.insert(m_cellPieces.end(), c.begin(), c.end());
    }
    m_cellBegin.push_back(uint32_t(m_cellPieces.size()));

    // Coast: every segment of every polyline, back in degrees. A line stored twice (a
    // world apart) gives the same arcs twice, which changes no distance.
    for (const basemapfile::PieceRecord *r = level.begin(basemapfile::Coast);
         r != level.end(basemapfile::Coast); ++r) {
        const double *xy = level.xy + 2 * r->first;
        const uint8_t *types = level.types + r->first;
        for (size_t i = 1; i < r->count; ++i) {
            if (types[i] != basemapfile::LineTo)
                continue;
            const double lonA = WebMercator::longitudeOf(xy[2 * i - 2] / kWorld);
            const double latA = WebMercator::latitudeOf(xy[2 * i - 1] / kWorld);
            const double lonB = WebMercator::longitudeOf(xy[2 * i] / kWorld);
            const double latB = WebMercator::latitudeOf(xy[2 * i + 1] / kWorld);
            m_coast.add(latA, lonA, latB, lonB);
        }
    }
    m_coast.build();
}

// The position in world units, the longitude wrapped. Only Antarctica is drawn on both
// copies of the world past ±180° (where an odd-even count of the two would make sea of
// it), and there only beyond the projection's edge: Natural Earth's land leaves out the
// Ross Ice Shelf, so at 180° Antarctica starts south of 85°S, which onLand() answers
// without the pieces.
void Shore::worldPoint(double lat, double lon, double *x, double *y) const
{
    *x = WebMercator::wrappedWorldX(lon) * kWorld;
    *y = WebMercator::worldY(lat) * kWorld;
}

// South of the projection's edge everything is land: Natural Earth's Antarctica covers
// the pole, which Web Mercator cannot hold.
constexpr double kAllLandSouthOf = -WebMercator::kMaxLatitude;

bool Shore::insidePiece(const Piece &piece, double x, double y) const
{
    if (x < piece.x0 || x > piece.x1 || y < piece.y0 || y > piece.y1)
        return false;
    bool inside = false; // odd-even, as the map fills it
    const Edge *e = m_edges.data() + piece.firstEdge;
    for (uint32_t i = 0; i < piece.edgeCount; ++i, ++e) {
        if ((e->ya > y) != (e->yb > y)
            && x < e->xa + (y - e->ya) * (e->xb - e->xa) / (e->yb - e->ya))
            inside = !inside;
    }
    return inside;
}

bool Shore::onLand(double lat, double lon) const
{
    if (!std::isfinite(lat) || !std::isfinite(lon) || m_pieces.empty())
        return false;
    if (lat < kAllLandSouthOf)
        return true;
    double x, y;
    worldPoint(lat, lon, &x, &y);
    const auto cellOf = [](double v) {
        return std::clamp(int(std::floor(v / kWorld * kGrid)), 0, kGrid - 1);
    };
    const size_t cell = size_t(cellOf(y) * kGrid + cellOf(x));
    // Within its bounds a piece is the whole truth there (the land rings meeting its
    // cell, clipped to it); pieces overlap only along their cells' edges, where both
    // say the same.
    for (uint32_t k = m_cellBegin[cell]; k < m_cellBegin[cell + 1]; ++k) {
        const Piece &piece = m_pieces[m_cellPieces[k]];
        if (x >= piece.x0 && x <= piece.x1 && y >= piece.y0 && y <= piece.y1)
            return insidePiece(piece, x, y);
    }
    return false;
}

bool Shore::onLandBruteForce(double lat, double lon) const
{
    if (!std::isfinite(lat) || !std::isfinite(lon) || m_pieces.empty())
        return false;
    if (lat < kAllLandSouthOf)
        return true;
    double x, y;
    worldPoint(lat, lon, &x, &y);
    for (const Piece &piece : m_pieces) {
        if (insidePiece(piece, x, y))
            return true;
    }
    return false;
}

double Shore::shoreKm(double lat, double lon) const
{
    return m_coast.nearestKm(lat, lon);
}

double Shore::shoreKmBruteForce(double lat, double lon) const
{
    return m_coast.nearestKmBruteForce(lat, lon);
}

} // namespace detect

// Basemap::buildLevel: from world-atlas polygons to projected, culled, seam-free pieces
// (the loading and threading are in basemap.cpp).
#include "basemap.h"

#include "io/gdalmodule.h"
#include "mapviewport.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

namespace {

using Ring = std::vector<QPointF>; // world units (0..256)
using LonLat = std::pair<double, double>;

constexpr double kWorld = WebMercator::kTileSize;

// Per level: how far pieces of land overlap (world units; about a pixel at the
// coarsest zoom the level is drawn at), the most vertices in one land piece, and the
// grid that groups line chunks.
struct Tuning
{
    double overlap;
    int maxPieceVertices;
    int lineGrid;
};
constexpr Tuning kTuning[Basemap::kDetailCount] = {
    {0.5, 1500, 4},
    {0.1, 2000, 16},
    {0.02, 4000, 32},
};
constexpr int kMaxSplitDepth = 8;
constexpr int kLineChunk = 128; // points per line chunk

QPointF project(const LonLat &p)
{
    return WebMercator::toWorld(p.second, p.first) * kWorld;
}

QRectF boundsOf(const Ring &r)
{
    double x0 = r[0].x(), x1 = x0, y0 = r[0].y(), y1 = y0;
    for (const QPointF &p : r) {
        x0 = std::min(x0, p.x());
        x1 = std::max(x1, p.x());
        y0 = std::min(y0, p.y());
        y1 = std::max(y1, p.y());
    }
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

// Sutherland-Hodgman against one side of an axis-aligned rectangle. A concave ring may
// come out with zero-width spurs along the edge; under the odd-even fill they cover
// nothing, and rings are only filled, never stroked.
template<typename Inside, typename Cross> Ring clipSide(const Ring &in, Inside inside, Cross cross)
{
    Ring out;
    if (in.empty())
        return out;
    out.reserve(in.size() + 4);
    QPointF prev = in.back();
    bool prevIn = inside(prev);
    for (const QPointF &cur : in) {
        const bool curIn = inside(cur);
        if (curIn != prevIn)
            out.push_back(cross(prev, cur));
        if (curIn)
            out.push_back(cur);
        prev = cur;
        prevIn = curIn;
    }
    return out;
}

Ring clipRing(const Ring &ring, const QRectF &r)
{
    const auto atX = [](QPointF a, QPointF b, double x) {
        const double t = (x - a.x()) / (b.x() - a.x());
        return QPointF(x, a.y() + t * (b.y() - a.y()));
    };
    const auto atY = [](QPointF a, QPointF b, double y) {
        const double t = (y - a.y()) / (b.y() - a.y());
        return QPointF(a.x() + t * (b.x() - a.x()), y);
    };
    const double l = r.left(), rt = r.right(), t = r.top(), b = r.bottom();
    Ring out = clipSide(
        ring, [l](QPointF p) { return p.x() >= l; },
        [&](QPointF a, QPointF c) { return atX(a, c, l); });
    out = clipSide(
        out, [rt](QPointF p) { return p.x() <= rt; },
        [&](QPointF a, QPointF c) { return atX(a, c, rt); });
    out = clipSide(
        out, [t](QPointF p) { return p.y() >= t; },
        [&](QPointF a, QPointF c) { return atY(a, c, t); });
    out = clipSide(
        out, [b](QPointF p) { return p.y() <= b; },
        [&](QPointF a, QPointF c) { return atY(a, c, b); });
    return out;
}

struct BoundedRing
{
    Ring points;
    QRectF bounds;
};

void addRings(QPainterPath &path, const std::vector<BoundedRing> &rings)
{
    for (const BoundedRing &r : rings) {
        path.moveTo(r.points[0]);
        for (size_t i = 1; i < r.points.size(); ++i)
            path.lineTo(r.points[i]);
        path.closeSubpath();
    }
}

// Cuts the land into pieces of at most maxVertices (quadtree on the world square), so
// that a close view draws only the few pieces it sees and never transforms the whole
// of Eurasia.
void split(std::vector<BoundedRing> rings, const QRectF &cell, int depth, const Tuning &tuning,
           std::vector<Basemap::Piece> &out)
{
    size_t vertices = 0;
    QRectF bounds;
    for (const BoundedRing &r : rings) {
        vertices += r.points.size();
        bounds = bounds.isNull() ? r.bounds : bounds.united(r.bounds);
    }
    if (rings.empty())
        return;
    if (vertices <= size_t(tuning.maxPieceVertices) || depth >= kMaxSplitDepth) {
        QPainterPath path;
        path.setFillRule(Qt::OddEvenFill);
        addRings(path, rings);
        out.emplace_back(bounds, std::move(path));
        return;
    }
    const QPointF c = cell.center();
    const QRectF quads[4] = {QRectF(cell.topLeft(), c),
                             QRectF(c.x(), cell.top(), cell.right() - c.x(), c.y() - cell.top()),
                             QRectF(cell.left(), c.y(), c.x() - cell.left(), cell.bottom() - c.y()),
                             QRectF(c, cell.bottomRight())};
    for (const QRectF &q : quads) {
        // Neighbouring pieces overlap so that their antialiased edges do not show.
        const QRectF clip =
            q.adjusted(-tuning.overlap, -tuning.overlap, tuning.overlap, tuning.overlap);
        std::vector<BoundedRing> inside;
        for (const BoundedRing &r : rings) {
            if (!clip.intersects(r.bounds))
                continue;
            if (clip.contains(r.bounds)) {
                inside.push_back(r);
                continue;
            }
            BoundedRing c {clipRing(r.points, clip), {}};
            if (c.points.size() < 3)
                continue;
            c.bounds = boundsOf(c.points);
            inside.push_back(std::move(c));
        }
        split(std::move(inside), q, depth + 1, tuning, out);
    }
}

// Open polylines chunked and grouped by grid cell: a piece per cell, bounded.
class LineCollector
{
public:
    explicit LineCollector(int grid) : m_grid(grid), m_cells(size_t(grid * grid)) { }

    // A line running past the world's edge (unwrapped across the antimeridian) is also
    // added shifted by a world, so that each copy of the world shows all of it.
    void addLine(const std::vector<QPointF> &line)
    {
        double x0 = line[0].x(), x1 = x0;
        for (const QPointF &p : line) {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
        }
        addChunks(line);
        for (const double shift : {-kWorld, kWorld}) {
            if ((shift < 0 && x1 > kWorld) || (shift > 0 && x0 < 0)) {
                std::vector<QPointF> moved = line;
                for (QPointF &p : moved)
                    p.rx() += shift;
                addChunks(moved);
            }
        }
    }
    std::vector<Basemap::Piece> take()
    {
        std::vector<Basemap::Piece> out;
        for (Cell &c : m_cells) {
            if (!c.path.isEmpty())
                out.emplace_back(c.bounds, std::move(c.path));
        }
        return out;
    }

private:
    void addChunks(const std::vector<QPointF> &line)
    {
        for (size_t start = 0; start + 1 < line.size(); start += kLineChunk) {
            const size_t end = std::min(line.size(), start + kLineChunk + 1);
            const Ring chunk(line.begin() + long(start), line.begin() + long(end));
            const QRectF b = boundsOf(chunk);
            const QPointF c = b.center();
            const int cx = std::clamp(int(c.x() / kWorld * m_grid), 0, m_grid - 1);
            const int cy = std::clamp(int(c.y() / kWorld * m_grid), 0, m_grid - 1);
            Cell &piece = m_cells[size_t(cy * m_grid + cx)];
            piece.bounds = piece.path.isEmpty() ? b : piece.bounds.united(b);
            piece.path.moveTo(chunk[0]);
            for (size_t i = 1; i < chunk.size(); ++i)
                piece.path.lineTo(chunk[i]);
        }
    }
    struct Cell
    {
        QRectF bounds;
        QPainterPath path;
    };
    int m_grid;
    std::vector<Cell> m_cells;
};

// Edges of the land polygons that are not coast: the cut at the antimeridian and the
// bottom of Antarctica (below the projection's edge).
bool artificialEdge(const LonLat &a, const LonLat &b)
{
    constexpr double kCut = 180.0 - 1e-9;
    if (std::abs(a.first) >= kCut && std::abs(b.first) >= kCut && (a.first > 0) == (b.first > 0))
        return true;
    return a.second <= -84.9 && b.second <= -84.9;
}

// Exact identity of a segment regardless of direction: world-atlas polygons share
// their arcs, so a border has bit-identical end points in both countries.
struct SegmentKey
{
    quint64 v[4];
    bool operator==(const SegmentKey &o) const { return std::memcmp(v, o.v, sizeof v) == 0; }
};
struct SegmentHash
{
    size_t operator()(const SegmentKey &k) const
    {
        size_t h = 1469598103934665603ULL;
        for (quint64 x : k.v)
            h = (h ^ x) * 1099511628211ULL + (h >> 29);
        return h;
    }
};
SegmentKey keyOf(const LonLat &a, const LonLat &b)
{
    const auto bits = [](double d) {
        quint64 u;
        std::memcpy(&u, &d, sizeof u);
        return u;
    };
    SegmentKey k {{bits(a.first), bits(a.second), bits(b.first), bits(b.second)}};
    if (a > b)
        k = SegmentKey {{bits(b.first), bits(b.second), bits(a.first), bits(a.second)}};
    return k;
}

// Runs of consecutive kept segments of a closed ring, as open polylines.
// Runs of consecutive kept segments of a closed ring, as open polylines. world-atlas
// does not cut shapes at the antimeridian: an edge from 179.9° to -179.9° is a short
// step east, so longitudes are unwrapped along the line (it may run past ±180°;
// LineCollector draws that part on the neighbouring copy of the world too).
template<typename Keep> void runs(const std::vector<LonLat> &ring, Keep keep, LineCollector &out)
{
    std::vector<QPointF> line;
    const auto flush = [&] {
        if (line.size() >= 2)
            out.addLine(line);
        line.clear();
    };
    double shift = 0, previous = 0;
    const size_t n = ring.size();
    for (size_t i = 0; i + 1 < n; ++i) {
        if (!keep(ring[i], ring[i + 1])) {
            flush();
            continue;
        }
        if (line.empty()) {
            shift = 0;
            previous = ring[i].first;
            line.push_back(project(ring[i]));
        }
        double lon = ring[i + 1].first + shift;
        if (lon - previous > 180.0) {
            shift -= 360.0;
            lon -= 360.0;
        } else if (lon - previous < -180.0) {
            shift += 360.0;
            lon += 360.0;
        }
        previous = lon;
        line.push_back(project({lon, ring[i + 1].second}));
    }
    flush();
}

std::vector<LonLat> closed(const std::vector<LonLat> &ring)
{
    std::vector<LonLat> r = ring;
    if (!r.empty() && r.front() != r.back())
        r.push_back(r.front());
    return r;
}

} // namespace

std::shared_ptr<Basemap::Level> Basemap::buildLevel(Detail detail, const QString &landFile,
                                                    const QString &countriesFile, QString *error,
                                                    const std::atomic<bool> *stop)
{
    const auto stopped = [stop] { return stop && stop->load(); };
    const gdal::ShapeLayer land = gdal::readShapes(landFile, QStringLiteral("land"));
    if (!land.error.isEmpty() || land.shapes.empty()) {
        if (error)
            *error =
                land.error.isEmpty() ? QStringLiteral("%1 has no land").arg(landFile) : land.error;
        return nullptr;
    }
    if (stopped())
        return nullptr;
    const Tuning &tuning = kTuning[int(detail)];
    auto level = std::make_shared<Level>();
    level->detail = detail;

    // Land: projected rings. A ring across the antimeridian is unwrapped and then cut
    // at the world's edge into two, one for each side. Rings that end on ±180°
    // (Antarctica) are pushed a hair past it, so that neighbouring copies of the world
    // overlap there instead of leaving a hairline seam.
    std::vector<BoundedRing> rings;
    LineCollector coast(tuning.lineGrid);
    const QRectF world(-tuning.overlap, -1.0, kWorld + 2 * tuning.overlap, kWorld + 2.0);
    for (const gdal::GeoShape &s : land.shapes) {
        if (s.kind != gdal::GeoShape::Kind::Polygon)
            continue;
        for (const std::vector<LonLat> &part : s.parts) {
            if (part.size() < 3)
                continue;
            BoundedRing r;
            r.points.reserve(part.size());
            for (const LonLat &p : WebMercator::unwrapLongitudes(part, true)) {
                QPointF w = project(p);
                if (p.first == 180.0)
                    w.rx() += tuning.overlap;
                else if (p.first == -180.0)
                    w.rx() -= tuning.overlap;
                r.points.push_back(w);
            }
            level->vertexCount += int(r.points.size());
            r.bounds = boundsOf(r.points);
            for (const double shift : {0.0, -kWorld, kWorld}) {
                BoundedRing moved {r.points, r.bounds.translated(shift, 0)};
                if (!world.intersects(moved.bounds))
                    continue;
                for (QPointF &p : moved.points)
                    p.rx() += shift;
                if (!world.contains(moved.bounds)) {
                    moved.points = clipRing(moved.points, world);
                    if (moved.points.size() < 3)
                        continue;
                    moved.bounds = boundsOf(moved.points);
                }
                rings.push_back(std::move(moved));
            }
            runs(
                closed(part),
                [](const LonLat &a, const LonLat &b) { return !artificialEdge(a, b); }, coast);
        }
    }
    split(std::move(rings), world, 0, tuning, level->land);
    level->coast = coast.take();
    if (stopped())
        return nullptr;

    // Borders: segments two countries share. Without the countries file the map still
    // has land and coasts; the error says what is missing.
    const gdal::ShapeLayer countries = gdal::readShapes(countriesFile, QStringLiteral("countries"));
    if (stopped())
        return nullptr;
    if (!countries.error.isEmpty()) {
        if (error)
            *error = countries.error;
    } else {
        std::vector<std::vector<LonLat>> cRings;
        std::unordered_map<SegmentKey, int, SegmentHash> uses;
        for (const gdal::GeoShape &s : countries.shapes) {
            if (s.kind != gdal::GeoShape::Kind::Polygon)
                continue;
            for (const std::vector<LonLat> &part : s.parts) {
                cRings.push_back(closed(part));
                const std::vector<LonLat> &r = cRings.back();
                for (size_t i = 0; i + 1 < r.size(); ++i)
                    ++uses[keyOf(r[i], r[i + 1])];
            }
        }
        LineCollector borders(tuning.lineGrid);
        for (const std::vector<LonLat> &r : cRings) {
            // Each shared segment once: the first ring that meets it draws it.
            const auto keep = [&uses](const LonLat &a, const LonLat &b) {
                auto it = uses.find(keyOf(a, b));
                if (it == uses.end() || it->second < 2)
                    return false;
                it->second = 0;
                return true;
            };
            runs(r, keep, borders);
        }
        level->borders = borders.take();
    }

    for (const auto *pieces : {&level->land, &level->coast, &level->borders}) {
        for (const Piece &piece : *pieces)
            primePath(piece.path());
    }
    return level;
}

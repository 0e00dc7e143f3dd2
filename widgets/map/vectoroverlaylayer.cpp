#include "vectoroverlaylayer.h"

#include "io/gdalmodule.h"

#include <QFileInfo>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <optional>

namespace {
using LonLat = std::pair<double, double>;
constexpr double kWorld = WebMercator::kTileSize;
constexpr int kMaxCopies = 64; // a 16k-pixel image at zoom 0 shows 64 worlds

QPointF project(double lon, double lat)
{
    return WebMercator::toWorld(lat, lon) * kWorld;
}

void addPart(QPainterPath &path, const std::vector<LonLat> &part, bool ring)
{
    const std::vector<LonLat> u = WebMercator::unwrapLongitudes(part, ring);
    path.moveTo(project(u[0].first, u[0].second));
    for (size_t i = 1; i < u.size(); ++i)
        path.lineTo(project(u[i].first, u[i].second));
    if (ring)
        path.closeSubpath();
}

// Unlike QRectF::united(), keeps zero-size rects (a point, a horizontal line).
QRectF unite(const std::optional<QRectF> &a, const QRectF &b)
{
    if (!a)
        return b;
    return QRectF(QPointF(std::min(a->left(), b.left()), std::min(a->top(), b.top())),
                  QPointF(std::max(a->right(), b.right()), std::max(a->bottom(), b.bottom())));
}

// QRectF::intersects() is false for a zero-height or zero-width rect (a horizontal line,
// one point).
bool overlaps(const QRectF &a, const QRectF &b)
{
    return a.left() <= b.right() && a.right() >= b.left() && a.top() <= b.bottom()
        && a.bottom() >= b.top();
}
} // namespace

std::shared_ptr<const VectorOverlayLayer::Geometry> VectorOverlayLayer::read(const QString &path,
                                                                             QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return nullptr;
    };
    const QFileInfo info(path);
    if (!info.exists())
        return fail(QStringLiteral("%1: no such file").arg(path));
    if (info.isDir() && info.suffix().compare(QLatin1String("gdb"), Qt::CaseInsensitive) != 0)
        return fail(QStringLiteral("%1 is a folder, not a vector data file").arg(path));
    const gdal::ShapeLayer layer = gdal::readShapes(path);
    if (!layer.error.isEmpty())
        return fail(layer.error);

    auto g = std::make_shared<Geometry>();
    std::optional<QRectF> bounds;
    const auto addPiece = [&g, &bounds](std::vector<Piece> &pieces, const gdal::GeoShape &s,
                                        bool ring) {
        Piece piece;
        piece.path.setFillRule(Qt::OddEvenFill);
        for (const auto &part : s.parts)
            if (part.size() >= (ring ? 3u : 2u))
                addPart(piece.path, part, ring);
        if (piece.path.isEmpty())
            return;
        // Primes the path's lazily computed caches here, in the reading thread.
        piece.bounds = piece.path.controlPointRect();
        bounds = unite(bounds, piece.bounds);
        pieces.push_back(std::move(piece));
    };
    for (const gdal::GeoShape &s : layer.shapes) {
        switch (s.kind) {
        case gdal::GeoShape::Kind::Polygon:
            addPiece(g->polygons, s, true);
            break;
        case gdal::GeoShape::Kind::Line:
            addPiece(g->lines, s, false);
            break;
        case gdal::GeoShape::Kind::Point:
            for (const auto &part : s.parts)
                for (const LonLat &p : part)
                    g->points.push_back(project(p.first, p.second));
            break;
        }
        ++g->shapeCount;
    }
    if (g->polygons.empty() && g->lines.empty() && g->points.empty())
        return fail(QStringLiteral("%1 has no geometries to draw").arg(path));
    for (const QPointF &p : g->points)
        bounds = unite(bounds, QRectF(p, QSizeF(0, 0)));
    g->bounds = *bounds;
    for (const QString &s : layer.skipped())
        g->skipped << QStringLiteral("%1: %2").arg(info.fileName(), s);
    return g;
}

VectorOverlayLayer::VectorOverlayLayer(std::shared_ptr<const Geometry> geometry,
                                       const QString &path, QObject *parent)
    : MapLayer(Slot::Overlay, parent),
      m_geometry(geometry ? std::move(geometry) : std::make_shared<const Geometry>()),
      m_path(path),
      m_name(QFileInfo(path).completeBaseName()),
      m_color(defaultColor(0))
{
    if (m_name.isEmpty())
        m_name = path;
}

std::unique_ptr<VectorOverlayLayer> VectorOverlayLayer::fromFile(const QString &path,
                                                                 QString *error)
{
    std::shared_ptr<const Geometry> g = read(path, error);
    if (!g)
        return nullptr;
    return std::make_unique<VectorOverlayLayer>(std::move(g), path);
}

void VectorOverlayLayer::setName(const QString &name)
{
    if (name == m_name)
        return;
    m_name = name;
    emit changed();
}

void VectorOverlayLayer::setColor(const QColor &color)
{
    if (!color.isValid() || color == m_color)
        return;
    m_color = color;
    m_color.setAlpha(255);
    emit changed();
}

QColor VectorOverlayLayer::defaultColor(int n)
{
    // Away from the cargo palette's reds and oranges, so overlays do not read as events.
    static const QColor colors[] = {QColor(0x6a, 0x3d, 0x9a), QColor(0x1f, 0x78, 0xb4),
                                    QColor(0x33, 0xa0, 0x2c), QColor(0xb1, 0x59, 0x28),
                                    QColor(0xe7, 0x29, 0x8a), QColor(0x01, 0x85, 0x71)};
    const int count = int(sizeof(colors) / sizeof(colors[0]));
    return colors[((n % count) + count) % count];
}

void VectorOverlayLayer::paint(QPainter &painter, const MapViewport &viewport,
                               const RenderOptions &) const
{
    const Geometry &g = *m_geometry;
    if (g.polygons.empty() && g.lines.empty() && g.points.empty())
        return;
    const double ws = viewport.worldSize();
    const double scale = ws / kWorld; // world units -> logical pixels
    const QPointF centre =
        WebMercator::toWorld(viewport.centerLat(), viewport.centerLon()) * kWorld;
    const QSizeF size(viewport.size());
    const double margin = (kOutlineWidth + kPointRadius) / scale;
    // The view in world units of copy 0, then every copy k (shifted by k worlds) whose
    // geometry meets it: both sides of 180°, and every world when zoomed far out.
    const QRectF view(centre.x() - size.width() / 2 / scale - margin,
                      centre.y() - size.height() / 2 / scale - margin,
                      size.width() / scale + 2 * margin, size.height() / scale + 2 * margin);
    if (g.bounds.bottom() < view.top() || g.bounds.top() > view.bottom())
        return;
    const int k0 = int(std::ceil((view.left() - g.bounds.right()) / kWorld));
    const int k1 =
        std::min(int(std::floor((view.right() - g.bounds.left()) / kWorld)), k0 + kMaxCopies);

    QColor fill = m_color;
    fill.setAlpha(kFillAlpha);
    QPen pen(m_color, kOutlineWidth / scale);
    pen.setJoinStyle(Qt::RoundJoin);
    pen.setCapStyle(Qt::RoundCap);
    painter.setRenderHint(QPainter::Antialiasing);
    for (int k = k0; k <= k1; ++k) {
        const QPointF origin(size.width() / 2.0 - (centre.x() - k * kWorld) * scale,
                             size.height() / 2.0 - centre.y() * scale);
        if (!overlaps(g.bounds.translated(k * kWorld, 0), view))
            continue;
        painter.save();
        painter.translate(origin);
        painter.scale(scale, scale);
        painter.setPen(pen);
        const QRectF copyView = view.translated(-k * kWorld, 0);
        painter.setBrush(fill);
        for (const Piece &p : g.polygons)
            if (overlaps(p.bounds, copyView))
                painter.drawPath(p.path);
        painter.setBrush(Qt::NoBrush);
        for (const Piece &p : g.lines)
            if (overlaps(p.bounds, copyView))
                painter.drawPath(p.path);
        painter.restore();
        if (g.points.empty())
            continue;
        painter.setPen(QPen(Qt::white, 1.0));
        painter.setBrush(m_color);
        for (const QPointF &p : g.points) {
            const QPointF px = origin + p * scale;
            if (px.x() < -kPointRadius || px.y() < -kPointRadius
                || px.x() > size.width() + kPointRadius || px.y() > size.height() + kPointRadius)
                continue;
            painter.drawEllipse(px, kPointRadius, kPointRadius);
        }
    }
}

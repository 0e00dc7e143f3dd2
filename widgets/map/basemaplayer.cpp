#include "basemaplayer.h"

#include <QPainter>

#include <cmath>

namespace {
// QRectF::intersects() is false for a zero-height rect: a horizontal chunk of coast.
bool overlaps(const QRectF &a, const QRectF &b)
{
    return a.left() <= b.right() && a.right() >= b.left() && a.top() <= b.bottom()
        && a.bottom() >= b.top();
}
} // namespace

BasemapLayer::BasemapLayer(Basemap *basemap, QObject *parent)
    : MapLayer(Slot::Basemap, parent), m_basemap(basemap ? basemap : Basemap::instance())
{
    // A finer level arriving changes what close views show.
    connect(m_basemap, &Basemap::levelLoaded, this, &MapLayer::changed);
}

void BasemapLayer::paint(QPainter &painter, const MapViewport &viewport,
                         const RenderOptions &options) const
{
    if (options.basemap == RenderOptions::Basemap::None || !m_basemap)
        return;
    // The level for this zoom, read in the background if it is not yet (levelLoaded()
    // then repaints); meanwhile the nearest loaded one.
    m_basemap->request(Basemap::detailForZoom(viewport.zoom()));
    const std::shared_ptr<const Basemap::Level> level = m_basemap->levelForZoom(viewport.zoom());
    if (level)
        paintLevel(painter, *level, viewport);
}

void BasemapLayer::paintLevel(QPainter &painter, const Basemap::Level &level,
                              const MapViewport &viewport)
{
    const double ws = viewport.worldSize();
    const double scale = ws / WebMercator::kTileSize; // world units -> logical pixels
    const QPointF centre = WebMercator::toWorld(viewport.centerLat(), viewport.centerLon()) * ws;
    const QSizeF size(viewport.size());
    // Pens in world units, so that their width is the same in logical pixels on any
    // device (a cosmetic pen would be one device pixel: thinner on a 2x screen or PDF).
    QPen coast(BasemapLayer::coastColor(), kCoastWidth / scale);
    QPen border(BasemapLayer::borderColor(), kBorderWidth / scale);
    coast.setJoinStyle(Qt::RoundJoin);
    border.setJoinStyle(Qt::RoundJoin);
    const double margin = 2.0 / scale; // pieces whose stroke may touch the view

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setClipRect(QRectF(QPointF(0, 0), size), Qt::IntersectClip);
    for (double offset : viewport.worldCopies()) {
        // Top-left of this copy of the world in the view's pixels.
        const QPointF origin(size.width() / 2.0 - centre.x() + offset,
                             size.height() / 2.0 - centre.y());
        // The view in this copy's world units, for culling.
        const QRectF view(-origin / scale, size / scale);
        const QRectF wide = view.adjusted(-margin, -margin, margin, margin);
        painter.save();
        painter.translate(origin);
        painter.scale(scale, scale);
        painter.setPen(Qt::NoPen);
        painter.setBrush(BasemapLayer::landColor());
        for (const Basemap::Piece &p : level.land) {
            if (overlaps(p.bounds, wide))
                painter.drawPath(p.path());
        }
        painter.setBrush(Qt::NoBrush);
        painter.setPen(border);
        for (const Basemap::Piece &p : level.borders) {
            if (overlaps(p.bounds, wide))
                painter.drawPath(p.path());
        }
        painter.setPen(coast);
        for (const Basemap::Piece &p : level.coast) {
            if (overlaps(p.bounds, wide))
                painter.drawPath(p.path());
        }
        painter.restore();
    }
    painter.restore();
}

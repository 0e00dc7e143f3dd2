#include "areatool.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace {
const QColor kArea(30, 90, 160);
} // namespace

AreaTool::AreaTool(QObject *parent) : MapLayer(Slot::Decorations, parent) { }

void AreaTool::begin()
{
    m_draft.clear();
    if (!m_drawing) {
        m_drawing = true;
        emit drawingChanged(true);
    }
    emit changed();
}

void AreaTool::addVertex(double lat, double lon)
{
    if (!m_drawing)
        begin();
    if (!m_draft.empty()) {
        const double previous = m_draft.back().x();
        lon += 360 * std::round((previous - lon) / 360);
    }
    m_draft.emplace_back(lon, lat);
    emit changed();
}

void AreaTool::removeLastVertex()
{
    if (m_draft.empty())
        return;
    m_draft.pop_back();
    emit changed();
}

void AreaTool::finish()
{
    if (!m_drawing)
        return;
    if (m_draft.size() < 3) {
        cancel();
        return;
    }
    m_polygon = std::move(m_draft);
    m_draft.clear();
    m_drawing = false;
    emit drawingChanged(false);
    emit changed();
    emit finished(m_polygon);
}

void AreaTool::cancel()
{
    m_draft.clear();
    if (m_drawing) {
        m_drawing = false;
        emit drawingChanged(false);
    }
    emit changed();
}

void AreaTool::setPolygon(std::vector<QPointF> lonLat)
{
    m_polygon = std::move(lonLat);
    emit changed();
}

void AreaTool::paint(QPainter &painter, const MapViewport &viewport, const RenderOptions &) const
{
    if (m_polygon.size() >= 3)
        paintRing(painter, viewport, m_polygon, true);
    if (m_drawing && !m_draft.empty())
        paintRing(painter, viewport, m_draft, false);
}

void AreaTool::paintRing(QPainter &painter, const MapViewport &viewport,
                         const std::vector<QPointF> &ring, bool closed) const
{
    // The first vertex on the copy of the world nearest the centre, the others at
    // their unwrapped distance from it; then the ring on the neighbouring copies.
    const double ws = viewport.worldSize();
    const QPointF origin = viewport.toPixel(ring.front().y(), ring.front().x());
    const double y0 = WebMercator::toWorld(ring.front().y(), 0).y();
    QPolygonF pixels;
    for (const QPointF &v : ring) {
        // World x is linear in longitude, so unwrapped longitudes stay continuous.
        const double dx = (v.x() - ring.front().x()) / 360.0;
        const double dy = WebMercator::toWorld(v.y(), 0).y() - y0;
        pixels << origin + QPointF(dx * ws, dy * ws);
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (int k = -1; k <= 1; ++k) {
        const QPolygonF shifted = pixels.translated(k * ws, 0);
        if (!shifted.boundingRect()
                 .adjusted(-4, -4, 4, 4)
                 .intersects(QRectF(QPointF(0, 0), QSizeF(viewport.size()))))
            continue;
        if (closed) {
            painter.setPen(QPen(kArea, 2));
            QColor fill = kArea;
            fill.setAlpha(28);
            painter.setBrush(fill);
            painter.drawPolygon(shifted);
        } else {
            painter.setPen(QPen(kArea, 2, Qt::DashLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawPolyline(shifted);
            painter.setBrush(Qt::white);
            painter.setPen(QPen(kArea, 1.5));
            for (const QPointF &p : shifted)
                painter.drawEllipse(p, 3.5, 3.5);
        }
    }
    painter.restore();
}

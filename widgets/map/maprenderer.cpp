#include "maprenderer.h"

#include <QPainter>

#include <algorithm>

void MapRenderer::addLayer(MapLayer *layer)
{
    if (layer && !m_layers.contains(layer))
        m_layers.append(layer);
}

void MapRenderer::removeLayer(MapLayer *layer)
{
    m_layers.removeAll(layer);
}

QList<MapLayer *> MapRenderer::layers() const
{
    QList<MapLayer *> sorted = m_layers;
    // Stable: within a slot, insertion order decides.
    std::stable_sort(sorted.begin(), sorted.end(), [](const MapLayer *a, const MapLayer *b) {
        return static_cast<int>(a->slot()) < static_cast<int>(b->slot());
    });
    return sorted;
}

QList<MapLayer *> MapRenderer::layers(MapLayer::Slot slot) const
{
    QList<MapLayer *> out;
    for (MapLayer *l : m_layers)
        if (l->slot() == slot)
            out.append(l);
    return out;
}

void MapRenderer::render(QPainter &painter, const MapViewport &viewport,
                         const RenderOptions &options) const
{
    renderBackground(painter, viewport, options);
    renderForeground(painter, viewport, options);
}

void MapRenderer::renderBackground(QPainter &painter, const MapViewport &viewport,
                                   const RenderOptions &options) const
{
    painter.fillRect(QRectF(QPointF(0, 0), QSizeF(viewport.size())), m_sea);
    paintLayers(painter, layers(MapLayer::Slot::Basemap), viewport, options);
}

void MapRenderer::renderForeground(QPainter &painter, const MapViewport &viewport,
                                   const RenderOptions &options) const
{
    QList<MapLayer *> rest = layers();
    rest.removeIf([](const MapLayer *l) { return l->slot() == MapLayer::Slot::Basemap; });
    paintLayers(painter, rest, viewport, options);
}

void MapRenderer::paintLayers(QPainter &painter, const QList<MapLayer *> &layers,
                              const MapViewport &viewport, const RenderOptions &options)
{
    const QRectF clip(QPointF(0, 0), QSizeF(viewport.size()));
    for (const MapLayer *layer : layers) {
        if (!layer->isVisible())
            continue;
        painter.save();
        painter.setClipRect(clip, Qt::IntersectClip);
        layer->paint(painter, viewport, options);
        painter.restore();
    }
}

#pragma once

#include "maplayer.h"

#include <QColor>
#include <QList>

class QPainter;

// The one drawing path of the map (design principle 1): the widget, the CLI's
// `render`, image/PDF/SVG export all call render(), so a test on an offscreen QImage
// tests what users see. It paints on whatever the painter is open on; the painter's
// transform maps the viewport's logical pixels to the device (a QImage with a device
// pixel ratio, a widget, or a scaled QPdfWriter page).
//
// Draw order, fixed:
//   1. sea: the whole viewport filled with seaColor()
//   2. Basemap slot (land, borders, raster tiles, raster imagery: RasterLayer)
//   3. Overlay slot (extra vector layers such as EEZ polygons)
//   4. Tracks slot (vessel tracks from AIS, under the events they explain)
//   5. Events slot (markers, clusters, legend)
//   6. Selection slot (highlight of the selected events)
//   7. Annotations slot (the user's callouts, arrows, circles, areas and event labels:
//      above the data they point at, below the map furniture)
//   8. Decorations slot (graticule, scale bar, attribution, measuring line, and the
//      window's tools: the filter area being drawn, annotation handles and drafts)
// Within a slot, layers paint in the order they were added. Invisible layers are
// skipped. Each layer paints inside save()/restore() and clipped to the viewport, so
// no layer can leak pen, brush or transform into the next one.
//
// The renderer does not own its layers: the caller keeps them alive while they are
// added.
class MapRenderer
{
public:
    static QColor defaultSeaColor() { return QColor(0xdf, 0xe8, 0xef); }

    void addLayer(MapLayer *layer);
    void removeLayer(MapLayer *layer);
    // All layers in draw order (slot, then insertion order), visible or not.
    QList<MapLayer *> layers() const;
    // Draw-order layers of one slot.
    QList<MapLayer *> layers(MapLayer::Slot slot) const;

    QColor seaColor() const { return m_sea; }
    void setSeaColor(const QColor &color) { m_sea = color; }

    // Sea and every visible layer.
    void render(QPainter &painter, const MapViewport &viewport, const RenderOptions &options) const;
    // The two halves of render(), for the widget, which caches the background in an
    // image (sea + Basemap slot) and paints the rest live on top of it.
    void renderBackground(QPainter &painter, const MapViewport &viewport,
                          const RenderOptions &options) const;
    void renderForeground(QPainter &painter, const MapViewport &viewport,
                          const RenderOptions &options) const;

    // Paints the visible layers of `layers` in order (no sea). Static so that a worker
    // thread can paint a snapshot of the basemap layers without touching the renderer.
    static void paintLayers(QPainter &painter, const QList<MapLayer *> &layers,
                            const MapViewport &viewport, const RenderOptions &options);

private:
    QList<MapLayer *> m_layers; // insertion order
    QColor m_sea = defaultSeaColor();
};

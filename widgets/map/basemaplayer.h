#pragma once

#include "basemap.h"
#include "maplayer.h"

#include <QColor>
#include <QPointer>

// The vector basemap in the Basemap slot: land, country borders and coastlines from
// Basemap, at the level of detail for the zoom, once per copy of the world that shows
// (MapViewport::worldCopies), culled to the view. Drawn for RenderOptions::basemap Land
// and Tiles (under the tiles, where a tile is missing); nothing for None.
//
// Colours are pale and print-friendly so that event markers (saturated reds, oranges,
// blues) stand out; the sea is the renderer's fill (MapRenderer::seaColor()); seaColor()
// here is the matching default.
class BasemapLayer : public MapLayer
{
    Q_OBJECT
public:
    static QColor seaColor() { return QColor(0xdf, 0xe8, 0xef); }
    static QColor landColor() { return QColor(0xf4, 0xf1, 0xea); }
    static QColor coastColor() { return QColor(0x9a, 0xa7, 0xb0); }
    static QColor borderColor() { return QColor(0xc4, 0xc0, 0xb8); }
    static constexpr double kCoastWidth = 0.8; // logical pixels
    static constexpr double kBorderWidth = 0.6;

    // basemap: the data to draw (nullptr = Basemap::instance()); not owned.
    explicit BasemapLayer(Basemap *basemap = nullptr, QObject *parent = nullptr);

    QString name() const override { return tr("Land"); }
    Basemap *basemap() const { return m_basemap; }

    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

    // Paints one level for a viewport (no checks of options): for tests and benchmarks.
    static void paintLevel(QPainter &painter, const Basemap::Level &level,
                           const MapViewport &viewport);

private:
    QPointer<Basemap> m_basemap;
};

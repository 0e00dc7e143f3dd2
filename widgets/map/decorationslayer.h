#pragma once

#include "maplayer.h"

#include <QFont>
#include <QString>

// What a reader of a published map needs to trust it: a graticule with degree labels,
// a scale bar in nautical miles and kilometres (true at the latitude of the view's
// centre: Mercator's scale changes with latitude), and the basemap's attribution.
// Each part follows its RenderOptions flag (graticule, scaleBar, attribution).
class DecorationsLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit DecorationsLayer(QObject *parent = nullptr);
    QString name() const override { return tr("Grid, scale and credits"); }
    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

    // Credit line for the vector basemap ("Basemap: Natural Earth") and for online
    // tiles (the tile server's required attribution, e.g. "© OpenStreetMap
    // contributors"). Which one shows follows RenderOptions::basemap; with tiles and no
    // tile text yet, the vector credit stays (the vector basemap is the fallback).
    void setTileAttribution(const QString &text);
    QString attributionText(const RenderOptions &options) const;

    // --- The arithmetic, public for tests and for the measuring tool. ---

    // Largest 1, 2 or 5 × 10^n not above value (value > 0).
    static double niceRoundDown(double value);
    // Degrees between graticule lines for a zoom: from 30° far out down through 10, 5,
    // 2, 1, 0.5, 0.2, 0.1, ... so that lines stay at least minSpacing pixels apart.
    static double graticuleStep(double zoom, double minSpacing = 90);
    // "30°N", "0°", "12.5°S"; "120°E", "180°", "75°W". decimals from the step.
    static QString latitudeLabel(double lat, double step);
    static QString longitudeLabel(double lon, double step);

    struct ScaleBar
    {
        double km = 0; // length of the km bar in km
        double kmPixels = 0;
        double nm = 0; // length of the nm bar in nautical miles
        double nmPixels = 0;
        QString kmLabel, nmLabel; // "200 km" / "500 m", "100 nm" / "0.5 nm"
    };
    // The two bars for a ground resolution, each at most maxPixels long.
    static ScaleBar scaleBarFor(double metresPerPixel, double maxPixels);
    // Where the scale bar sits: bottom-left corner, in viewport pixels.
    static QRectF scaleBarRect(const MapViewport &viewport);
    // The panel the scale bar actually draws (inside scaleBarRect(), as wide as its
    // bars and labels need): what other decorations line up with.
    static QRectF scaleBarPanel(const MapViewport &viewport);
    static double scaleBarMaxPixels(const MapViewport &viewport);

    // Where the graticule's labels go: longitudes in a band along the top of the
    // Mercator world (lower than the view's top when zoomed far out), latitudes in a
    // band along the left edge. Panels of other layers (the legend) keep out of both,
    // and out of the scale bar and attribution below scaleBarRect().top(), so that
    // nothing collides at any view size.
    static QRectF longitudeLabelBand(const MapViewport &viewport);
    static double latitudeLabelWidth();
    static QFont labelFont();

private:
    void paintGraticule(QPainter &painter, const MapViewport &viewport) const;
    void paintScaleBar(QPainter &painter, const MapViewport &viewport) const;
    void paintAttribution(QPainter &painter, const MapViewport &viewport,
                          const QString &text) const;

    const QString m_landAttribution;
    QString m_tileAttribution;
    QFont m_font;
};

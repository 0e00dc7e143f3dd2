#pragma once

#include "webmercator.h"

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSize>

// What part of the world a map shows, and how big: centre, fractional zoom, size in
// logical pixels and device pixel ratio, over the projection of models/webmercator.h.
// Pure math: no widgets, no painting (tests and the CLI use it headless). Converts both ways
// between lat/lon and the view's logical pixels. The world wraps horizontally: the same longitude
// appears every worldSize() pixels, and panning east past 180° continues into the western
// hemisphere (the centre longitude is kept in [-180, 180)).
class MapViewport
{
public:
    static constexpr double kMinZoom = 0.0;
    static constexpr double kMaxZoom = 19.0;

    MapViewport() = default;
    MapViewport(double centerLat, double centerLon, double zoom, QSize size, double dpr = 1.0);

    double centerLat() const { return m_lat; }
    double centerLon() const { return m_lon; }
    double zoom() const { return m_zoom; }
    QSize size() const { return m_size; }
    double devicePixelRatio() const { return m_dpr; }
    double worldSize() const; // 256 * 2^zoom logical pixels

    void setCenter(double lat, double lon); // lat clamped, lon wrapped
    void setZoom(double zoom); // clamped to [kMinZoom, kMaxZoom]
    void setSize(QSize size) { m_size = size; }
    void setDevicePixelRatio(double dpr) { m_dpr = dpr; }

    // Pixel of (lat, lon) on the copy of the world nearest the centre.
    QPointF toPixel(double lat, double lon) const;
    // Pixel of a normalised world point (see WebMercator::toWorld), nearest copy.
    QPointF worldToPixel(QPointF world) const;
    // lat/lon under a pixel; the longitude is wrapped into [-180, 180).
    void toLatLon(QPointF pixel, double *lat, double *lon) const;
    // Horizontal offsets (multiples of worldSize(), in pixels) at which copies of the
    // world intersect the view: {0} for a view inside one world, {0, ±worldSize} when
    // the view straddles the antimeridian, more when zoomed out wider than the world.
    QList<double> worldCopies() const;

    // Moves the map by a pixel delta (drag): the content follows the mouse.
    void panBy(QPointF deltaPixels);
    // Zooms keeping the lat/lon under `anchor` (a pixel) fixed: wheel zoom.
    void zoomAbout(QPointF anchor, double newZoom);
    // Centre and zoom that show the box [west, south, east, north] (west > east
    // crosses the antimeridian) with `margin` pixels around it.
    void fitBox(double west, double south, double east, double north, double margin = 20);

    // Ground metres per logical pixel at the centre's latitude (for the scale bar).
    double metresPerPixel() const;
    // The visible area as lat/lon boxes: one, or two when it straddles ±180°.
    QList<QRectF> visibleBoxes() const; // QRectF(x=west, y=south, w, h) in degrees

    bool operator==(const MapViewport &o) const;
    bool operator!=(const MapViewport &o) const { return !(*this == o); }

private:
    double m_lat = 20.0;
    double m_lon = 0.0;
    double m_zoom = 2.0;
    QSize m_size {800, 600};
    double m_dpr = 1.0;
};

#include "mapviewport.h"

#include <QList>

#include <algorithm>
#include <cmath>

using WebMercator::clampLatitude;
using WebMercator::kPi;

MapViewport::MapViewport(double centerLat, double centerLon, double zoom, QSize size, double dpr)
    : m_size(size), m_dpr(dpr)
{
    setCenter(centerLat, centerLon);
    setZoom(zoom);
}

double MapViewport::worldSize() const
{
    return WebMercator::kTileSize * std::exp2(m_zoom);
}

void MapViewport::setCenter(double lat, double lon)
{
    m_lat = clampLatitude(lat);
    m_lon = WebMercator::wrapLongitude(lon);
}

void MapViewport::setZoom(double zoom)
{
    m_zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
}

QPointF MapViewport::toPixel(double lat, double lon) const
{
    return worldToPixel(WebMercator::toWorld(lat, lon));
}

QPointF MapViewport::worldToPixel(QPointF world) const
{
    const QPointF c = WebMercator::toWorld(m_lat, m_lon);
    double dx = world.x() - c.x();
    // The nearest copy of the world: dx in [-0.5, 0.5).
    dx -= std::floor(dx + 0.5);
    const double ws = worldSize();
    return {dx * ws + m_size.width() / 2.0, (world.y() - c.y()) * ws + m_size.height() / 2.0};
}

void MapViewport::toLatLon(QPointF pixel, double *lat, double *lon) const
{
    const QPointF c = WebMercator::toWorld(m_lat, m_lon);
    const double ws = worldSize();
    const double x = c.x() + (pixel.x() - m_size.width() / 2.0) / ws;
    const double y = std::clamp(c.y() + (pixel.y() - m_size.height() / 2.0) / ws, 0.0, 1.0);
    double la = 0, lo = 0;
    WebMercator::fromWorld({x, y}, &la, &lo);
    if (lat)
        *lat = la;
    if (lon)
        *lon = WebMercator::wrapLongitude(lo);
}

QList<double> MapViewport::worldCopies() const
{
    const double ws = worldSize();
    // The centre's copy spans [0, ws) in these coordinates (its longitude is wrapped).
    const double cx = WebMercator::toWorld(m_lat, m_lon).x() * ws;
    const double left = cx - m_size.width() / 2.0;
    const double right = cx + m_size.width() / 2.0;
    const int first = int(std::floor(left / ws));
    // A copy that only touches the view's right edge does not show.
    const int last = int(std::ceil(right / ws)) - 1;
    QList<double> copies;
    copies << 0.0;
    for (int k = first; k <= last; ++k) {
        if (k != 0)
            copies << k * ws;
    }
    return copies;
}

void MapViewport::panBy(QPointF deltaPixels)
{
    const double ws = worldSize();
    const QPointF c = WebMercator::toWorld(m_lat, m_lon);
    const QPointF moved(c.x() - deltaPixels.x() / ws,
                        std::clamp(c.y() - deltaPixels.y() / ws, 0.0, 1.0));
    double lat = 0, lon = 0;
    WebMercator::fromWorld(moved, &lat, &lon);
    setCenter(lat, lon);
}

void MapViewport::zoomAbout(QPointF anchor, double newZoom)
{
    const QPointF c = WebMercator::toWorld(m_lat, m_lon);
    const QPointF offset(anchor.x() - m_size.width() / 2.0, anchor.y() - m_size.height() / 2.0);
    // The anchor's world point, unwrapped, so that it stays put across the antimeridian.
    const QPointF a = c + offset / worldSize();
    setZoom(newZoom);
    const double ws = worldSize();
    const QPointF nc(a.x() - offset.x() / ws, std::clamp(a.y() - offset.y() / ws, 0.0, 1.0));
    double lat = 0, lon = 0;
    WebMercator::fromWorld(nc, &lat, &lon);
    setCenter(lat, lon);
}

void MapViewport::fitBox(double west, double south, double east, double north, double margin)
{
    if (east < west)
        east += 360.0; // crosses the antimeridian
    if (north < south)
        std::swap(north, south);
    const QPointF nw = WebMercator::toWorld(north, west);
    const QPointF se = WebMercator::toWorld(south, east);
    const double spanX = se.x() - nw.x();
    const double spanY = se.y() - nw.y();
    const double availW = std::max(1.0, m_size.width() - 2.0 * margin);
    const double availH = std::max(1.0, m_size.height() - 2.0 * margin);
    double zoom = kMaxZoom;
    if (spanX > 0)
        zoom = std::min(zoom, std::log2(availW / (spanX * WebMercator::kTileSize)));
    if (spanY > 0)
        zoom = std::min(zoom, std::log2(availH / (spanY * WebMercator::kTileSize)));
    setZoom(zoom);
    // The middle in projected space, not in degrees: that is what centres on screen.
    double lat = 0, lon = 0;
    WebMercator::fromWorld({(nw.x() + se.x()) / 2.0, (nw.y() + se.y()) / 2.0}, &lat, &lon);
    setCenter(lat, lon);
}

double MapViewport::metresPerPixel() const
{
    return 2.0 * kPi * WebMercator::kEarthRadius * std::cos(m_lat * kPi / 180.0) / worldSize();
}

QList<QRectF> MapViewport::visibleBoxes() const
{
    double north = 0, south = 0, west = 0, east = 0;
    const QPointF c = WebMercator::toWorld(m_lat, m_lon);
    const double ws = worldSize();
    const double halfW = m_size.width() / 2.0 / ws;
    const double halfH = m_size.height() / 2.0 / ws;
    WebMercator::fromWorld({c.x() - halfW, std::clamp(c.y() - halfH, 0.0, 1.0)}, &north, &west);
    WebMercator::fromWorld({c.x() + halfW, std::clamp(c.y() + halfH, 0.0, 1.0)}, &south, &east);
    const double height = north - south;
    if (east - west >= 360.0)
        return {QRectF(-180.0, south, 360.0, height)};
    const double w = WebMercator::wrapLongitude(west);
    const double e = w + (east - west);
    if (e <= 180.0)
        return {QRectF(w, south, e - w, height)};
    return {QRectF(w, south, 180.0 - w, height), QRectF(-180.0, south, e - 360.0 + 180.0, height)};
}

bool MapViewport::operator==(const MapViewport &o) const
{
    return m_lat == o.m_lat && m_lon == o.m_lon && m_zoom == o.m_zoom && m_size == o.m_size
        && m_dpr == o.m_dpr;
}

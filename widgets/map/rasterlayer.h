#pragma once

#include "io/gdalmodule.h"
#include "maplayer.h"

#include <QMutex>
#include <QRectF>

#include <atomic>
#include <memory>

// A raster image under the events (a Sentinel-2 or Planet scene, an orthophoto): any
// GeoTIFF / Cloud-Optimized GeoTIFF / VRT GDAL reads, in any coordinate system, drawn
// in the Basemap slot over the land and tiles, so vector overlays and events stay on
// top, and, being a Basemap-slot layer, painted by the map widget's background worker
// (BasemapCache) while the last frame is shown shifted.
//
// Each frame asks the GDAL module (gdal::Raster) for exactly the device pixels the
// raster covers on the view, reprojected to Web Mercator: it reads the window the view
// shows from the coarsest overview still as fine as the view's pixels, never the
// whole band, so a raster larger than memory draws. paint() may run on any thread.
class RasterLayer : public MapLayer
{
    Q_OBJECT
public:
    static constexpr int kMaxSide = 8192; // device pixels of one frame, each way

    // Files the Layers dock and `render --overlay` take as rasters (by extension).
    static bool isRasterFile(const QString &path);
    // Opens a raster (headers only; thread-safe, blocking). Null with *error set to a
    // message naming the file and the reason.
    static std::shared_ptr<gdal::Raster> read(const QString &path, QString *error);

    explicit RasterLayer(std::shared_ptr<gdal::Raster> raster, QObject *parent = nullptr);
    // read() and the constructor in one; null with *error set on failure.
    static std::unique_ptr<RasterLayer> fromFile(const QString &path, QString *error);

    QString name() const override { return m_name; }
    void setName(const QString &name);
    QString path() const { return m_raster->path(); }
    const std::shared_ptr<gdal::Raster> &raster() const { return m_raster; }
    // The raster's extent in normalised world units (WebMercator::toWorld).
    QRectF worldBounds() const;

    double opacity() const { return m_opacity.load(); }
    void setOpacity(double opacity); // clamped to [0, 1]

    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

    // The last frame: the level it read (-1 full resolution, k overview k, -2 none) and
    // its reading error ("" when it read).
    int lastLevel() const { return m_lastLevel.load(); }
    QString lastError() const;

signals:
    // A frame could not be read (a damaged file, a network file gone): the message names
    // the file and the reason. Queued to the layer's thread, once per new message.
    void readFailed(const QString &message);

private:
    std::shared_ptr<gdal::Raster> m_raster;
    QString m_name;
    std::atomic<double> m_opacity {1.0};
    mutable std::atomic<int> m_lastLevel {-2};
    mutable QMutex m_errorMutex;
    mutable QString m_lastError;
};

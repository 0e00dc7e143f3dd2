#include "rasterlayer.h"

#include "webmercator.h"

#include <QFileInfo>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {
constexpr double kHalfWorld = 20037508.342789244; // EPSG:3857 metres from 0 to 180°
constexpr int kMaxCopies = 64;

// EPSG:3857 metres <-> normalised world units (0..1, y down).
double worldU(double x)
{
    return 0.5 + x / (2 * kHalfWorld);
}
double worldV(double y)
{
    return 0.5 - y / (2 * kHalfWorld);
}
double metresX(double u)
{
    return (u - 0.5) * 2 * kHalfWorld;
}
double metresY(double v)
{
    return (0.5 - v) * 2 * kHalfWorld;
}
} // namespace

bool RasterLayer::isRasterFile(const QString &path)
{
    static const QStringList suffixes = {QStringLiteral("tif"), QStringLiteral("tiff"),
                                         QStringLiteral("vrt"), QStringLiteral("jp2"),
                                         QStringLiteral("img")};
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

std::shared_ptr<gdal::Raster> RasterLayer::read(const QString &path, QString *error)
{
    return gdal::Raster::open(path, error);
}

RasterLayer::RasterLayer(std::shared_ptr<gdal::Raster> raster, QObject *parent)
    : MapLayer(Slot::Basemap, parent), m_raster(std::move(raster))
{
    Q_ASSERT(m_raster);
    m_name = QFileInfo(m_raster->path()).completeBaseName();
    if (m_name.isEmpty())
        m_name = m_raster->path();
}

std::unique_ptr<RasterLayer> RasterLayer::fromFile(const QString &path, QString *error)
{
    std::shared_ptr<gdal::Raster> r = read(path, error);
    return r ? std::make_unique<RasterLayer>(std::move(r)) : nullptr;
}

void RasterLayer::setName(const QString &name)
{
    if (name == m_name)
        return;
    m_name = name;
    emit changed();
}

void RasterLayer::setOpacity(double opacity)
{
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (opacity == m_opacity.load())
        return;
    m_opacity.store(opacity);
    emit changed();
}

QRectF RasterLayer::worldBounds() const
{
    const gdal::RasterInfo &i = m_raster->info();
    return QRectF(QPointF(worldU(i.minX), worldV(i.maxY)), QPointF(worldU(i.maxX), worldV(i.minY)));
}

QString RasterLayer::lastError() const
{
    const QMutexLocker lock(&m_errorMutex);
    return m_lastError;
}

void RasterLayer::paint(QPainter &painter, const MapViewport &viewport, const RenderOptions &) const
{
    const double opacity = m_opacity.load();
    if (opacity <= 0)
        return;
    const double ws = viewport.worldSize();
    const QSizeF size(viewport.size());
    const QPointF centre = WebMercator::toWorld(viewport.centerLat(), viewport.centerLon()) * ws;
    const QRectF bounds = worldBounds();
    // Device pixels per logical pixel: the view's ratio, or the painter's scale (a PDF
    // page, a scaled export), whichever is finer.
    const QTransform t = painter.deviceTransform();
    double scale = std::max(viewport.devicePixelRatio(), std::hypot(t.m11(), t.m12()));
    scale = std::clamp(scale, 0.25, 8.0);

    // The view in world pixels of copy 0, and each copy of the raster that meets it.
    const double left = centre.x() - size.width() / 2, top = centre.y() - size.height() / 2;
    const int k0 = int(std::ceil((left - bounds.right() * ws) / ws));
    const int k1 =
        std::min(int(std::floor((left + size.width() - bounds.left() * ws) / ws)), k0 + kMaxCopies);
    QString error;
    int level = -2;
    for (int k = k0; k <= k1; ++k) {
        // The raster copy on the view, in logical pixels, then in whole device pixels.
        const QRectF onView = QRectF(bounds.left() * ws + k * ws - left, bounds.top() * ws - top,
                                     bounds.width() * ws, bounds.height() * ws)
                                  .intersected(QRectF(QPointF(0, 0), size));
        if (onView.isEmpty())
            continue;
        double s = scale;
        const double side = std::max(onView.width(), onView.height()) * s;
        if (side > kMaxSide)
            s *= kMaxSide / side;
        const int dx0 = int(std::floor(onView.left() * s)),
                  dx1 = int(std::ceil(onView.right() * s));
        const int dy0 = int(std::floor(onView.top() * s)),
                  dy1 = int(std::ceil(onView.bottom() * s));
        if (dx1 <= dx0 || dy1 <= dy0)
            continue;
        QImage image(dx1 - dx0, dy1 - dy0, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull())
            continue; // no memory for it: nothing drawn rather than a crash
        gdal::RasterFrame frame;
        frame.minX = metresX((dx0 / s + left - k * ws) / ws);
        frame.maxX = metresX((dx1 / s + left - k * ws) / ws);
        frame.maxY = metresY((dy0 / s + top) / ws);
        frame.minY = metresY((dy1 / s + top) / ws);
        frame.width = image.width();
        frame.height = image.height();
        frame.pixels = reinterpret_cast<uint32_t *>(image.bits());
        if (!m_raster->draw(&frame, &error))
            continue;
        level = std::max(level, frame.level);
        const double before = painter.opacity();
        painter.setOpacity(before * opacity);
        painter.drawImage(QRectF(dx0 / s, dy0 / s, image.width() / s, image.height() / s), image);
        painter.setOpacity(before);
    }
    m_lastLevel.store(level);
    const QMutexLocker lock(&m_errorMutex);
    if (!error.isEmpty() && error != m_lastError) {
        // paint() may run on the background worker: the signal goes through the queue.
        auto *self = const_cast<RasterLayer *>(this);
        QMetaObject::invokeMethod(
            self, [self, error] { emit self->readFailed(error); }, Qt::QueuedConnection);
    }
    m_lastError = error;
}

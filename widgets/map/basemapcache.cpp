#include "basemapcache.h"

#include "maprenderer.h"

#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace {
bool sameOptions(const RenderOptions &a, const RenderOptions &b)
{
    return a.basemap == b.basemap && a.colorBy == b.colorBy && a.sizeByVolume == b.sizeByVolume
        && a.graticule == b.graticule && a.scaleBar == b.scaleBar && a.attribution == b.attribution;
}
} // namespace

BasemapCache::BasemapCache(QObject *parent) : QObject(parent)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(150);
    connect(&m_settle, &QTimer::timeout, this, &BasemapCache::startRender);
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &BasemapCache::finished);
}

BasemapCache::~BasemapCache()
{
    m_watcher.waitForFinished();
}

void BasemapCache::setContent(const QColor &sea, const QList<MapLayer *> &layers)
{
    if (sea == m_sea && layers == m_layers)
        return;
    // A running render holds its own copy of the list; it must not outlive the layers,
    // which the caller removes only after this returns.
    m_watcher.waitForFinished();
    m_sea = sea;
    m_layers = layers;
    invalidate();
}

void BasemapCache::invalidate()
{
    ++m_generation;
    m_settle.start();
}

MapViewport BasemapCache::cacheViewport(const MapViewport &view)
{
    MapViewport v = view;
    const QSize margin(std::lround(view.size().width() * 0.25),
                       std::lround(view.size().height() * 0.25));
    v.setSize(view.size() + 2 * margin);
    return v;
}

bool BasemapCache::isCurrent(const MapViewport &viewport) const
{
    return !m_image.isNull() && m_imageGeneration == m_generation
        && m_imageViewport == cacheViewport(viewport);
}

BasemapCache::Result BasemapCache::renderImage(const QColor &sea, const QList<MapLayer *> &layers,
                                               const MapViewport &viewport,
                                               const RenderOptions &options, quint64 generation)
{
    Result r;
    r.viewport = viewport;
    r.generation = generation;
    const double dpr = viewport.devicePixelRatio();
    r.image = QImage(QSize(std::lround(viewport.size().width() * dpr),
                           std::lround(viewport.size().height() * dpr)),
                     QImage::Format_ARGB32_Premultiplied);
    r.image.setDevicePixelRatio(dpr);
    r.image.fill(sea);
    QPainter p(&r.image);
    MapRenderer::paintLayers(p, layers, viewport, options);
    return r;
}

void BasemapCache::paint(QPainter &painter, const MapViewport &viewport,
                         const RenderOptions &options)
{
    if (!sameOptions(options, m_options)) {
        m_options = options;
        ++m_generation;
    }
    const MapViewport wanted = cacheViewport(viewport);
    if (m_image.isNull()) {
        m_watcher.waitForFinished();
        Result r = renderImage(m_sea, m_layers, wanted, options, m_generation);
        m_image = r.image;
        m_imageViewport = r.viewport;
        m_imageGeneration = r.generation;
        ++m_renders;
    }

    // The image's centre lands where its centre coordinate is in this view; Mercator
    // scales everything about it by 2^(zoom difference).
    const double scale = std::pow(2.0, viewport.zoom() - m_imageViewport.zoom());
    const QPointF centre =
        viewport.toPixel(m_imageViewport.centerLat(), m_imageViewport.centerLon());
    const QSizeF size = QSizeF(m_imageViewport.size()) * scale;
    const QRectF target(centre - QPointF(size.width() / 2, size.height() / 2), size);
    const QRectF view(QPointF(0, 0), QSizeF(viewport.size()));
    if (!target.contains(view))
        painter.fillRect(view, m_sea);
    if (scale != 1)
        painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(target, m_image);

    m_wanted = wanted;
    if (!isCurrent(viewport))
        m_settle.start();
}

void BasemapCache::startRender()
{
    if (m_watcher.isRunning())
        return; // finished() starts the next one
    if (m_image.isNull() // nothing painted yet: the first paint renders
        || (m_imageViewport == m_wanted && m_imageGeneration == m_generation))
        return;
    m_watcher.setFuture(QtConcurrent::run(&BasemapCache::renderImage, m_sea, m_layers, m_wanted,
                                          m_options, m_generation));
}

void BasemapCache::finished()
{
    Result r = m_watcher.result();
    if (r.generation >= m_imageGeneration) {
        m_image = r.image;
        m_imageViewport = r.viewport;
        m_imageGeneration = r.generation;
        ++m_renders;
        emit updated();
    }
    if (!m_settle.isActive())
        startRender();
}

#include "tilelayer.h"

#include <QLineF>
#include <QMutexLocker>
#include <QPainter>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace {
// Views wider than this many tiles are not tiled (zoom 0 on a wall of monitors still
// needs only a few dozen).
constexpr qint64 kMaxTilesPerFrame = 4096;
constexpr qint64 kDefaultMemoryCacheBytes = qint64(96) * 1024 * 1024;

int costOf(const QImage &image)
{
    return int(std::max<qint64>(1, image.sizeInBytes() / 1024));
}
} // namespace

TileLayer::TileLayer(QObject *parent) : MapLayer(Slot::Basemap, parent)
{
    m_clock.start();
    setMemoryCacheBytes(kDefaultMemoryCacheBytes);
    setSource(new XyzTileSource(XyzTileSource::defaultUrlTemplate()));
}

TileLayer::~TileLayer()
{
    clear();
    delete m_source; // before our members go: it is connected to them
}

void TileLayer::setSource(TileSource *source)
{
    clear();
    delete m_source;
    m_source = source;
    if (source) {
        source->setParent(this);
        connect(source, &TileSource::loaded, this, &TileLayer::onLoaded);
        connect(source, &TileSource::failed, this, &TileLayer::onFailed);
    }
    emit attributionChanged(attribution());
    emit changed();
}

void TileLayer::setUrlTemplate(const QString &urlTemplate, const QString &attribution)
{
    QString cacheDir = XyzTileSource::defaultCacheDirectory();
    if (auto *xyz = qobject_cast<XyzTileSource *>(m_source))
        cacheDir = xyz->cacheDirectory();
    auto *source = new XyzTileSource(urlTemplate);
    source->setCacheDirectory(cacheDir);
    if (!attribution.isEmpty())
        source->setAttribution(attribution);
    setSource(source);
}

void TileLayer::setMbTilesFile(const QString &path)
{
    setSource(new MbTilesSource(path));
}

void TileLayer::setCacheDirectory(const QString &dir)
{
    if (auto *xyz = qobject_cast<XyzTileSource *>(m_source))
        xyz->setCacheDirectory(dir);
}

QString TileLayer::attribution() const
{
    return m_source ? m_source->attribution() : QString();
}

void TileLayer::setMemoryCacheBytes(qint64 bytes)
{
    QMutexLocker lock(&m_mutex);
    m_cache.setMaxCost(int(std::clamp<qint64>(bytes / 1024, 1, INT_MAX)));
}

bool TileLayer::isLoading() const
{
    QMutexLocker lock(&m_mutex);
    return m_updateScheduled || !m_pending.isEmpty();
}

int TileLayer::tileZoom(double viewZoom) const
{
    const int minZoom = m_source ? m_source->minZoom() : 0;
    const int maxZoom = m_source ? m_source->maxZoom() : 19;
    // The epsilon keeps a zoom of 2.9999999 (left by zoomAbout's arithmetic) on the
    // tiles of zoom 3 instead of blowing up those of zoom 2.
    const int z = int(std::floor(viewZoom + 1e-6));
    return std::clamp(z, minZoom, std::max(minZoom, maxZoom));
}

bool TileLayer::hasFailedLocked(const TileKey &key) const
{
    const auto it = m_failed.constFind(key);
    return it != m_failed.constEnd() && m_clock.elapsed() < it->retryAt;
}

void TileLayer::paint(QPainter &painter, const MapViewport &viewport,
                      const RenderOptions &options) const
{
    if (options.basemap != RenderOptions::Basemap::Tiles || !m_source)
        return;
    const QSize size = viewport.size();
    if (size.isEmpty())
        return;

    const int minZoom = m_source->minZoom();
    const int z = tileZoom(viewport.zoom());
    const qint64 n = qint64(1) << z;
    const double tileSize = WebMercator::kTileSize * std::exp2(viewport.zoom() - z);
    // Top-left corner of one copy of the world; tiles of the other copies follow from it
    // with x outside [0, n), wrapped when looked up.
    const QPointF origin = viewport.worldToPixel(QPointF(0, 0));
    const qint64 x0 = qint64(std::floor(-origin.x() / tileSize));
    const qint64 x1 = qint64(std::ceil((size.width() - origin.x()) / tileSize)) - 1;
    const qint64 y0 = std::max<qint64>(0, qint64(std::floor(-origin.y() / tileSize)));
    const qint64 y1 =
        std::min<qint64>(n - 1, qint64(std::ceil((size.height() - origin.y()) / tileSize)) - 1);
    if (x1 < x0 || y1 < y0 || (x1 - x0 + 1) * (y1 - y0 + 1) > kMaxTilesPerFrame)
        return;

    struct Draw
    {
        QRect target;
        QRectF sourceRect;
        QImage image;
    };
    QList<Draw> draws;
    QList<Wanted> wanted;
    QSet<TileKey> wantedKeys;
    const QPointF centre(size.width() / 2.0, size.height() / 2.0);
    {
        QMutexLocker lock(&m_mutex);
        for (qint64 ty = y0; ty <= y1; ++ty) {
            for (qint64 tx = x0; tx <= x1; ++tx) {
                // Rounded edges shared by neighbours: no seams, no overlaps.
                const int left = int(std::lround(origin.x() + tx * tileSize));
                const int right = int(std::lround(origin.x() + (tx + 1) * tileSize));
                const int top = int(std::lround(origin.y() + ty * tileSize));
                const int bottom = int(std::lround(origin.y() + (ty + 1) * tileSize));
                const QRect target(left, top, right - left, bottom - top);
                const double priority = QLineF(centre, QRectF(target).center()).length();
                const TileKey key {z, int(((tx % n) + n) % n), int(ty)};

                // The tile itself, or the nearest cached ancestor scaled up. Only the
                // first tile of the chain not known to be failing is requested.
                bool requested = false;
                for (int levels = 0; levels <= kMaxFallbackLevels && z - levels >= minZoom;
                     ++levels) {
                    const TileKey k = key.ancestor(levels);
                    if (const QImage *image = m_cache.object(k)) {
                        const double sub = WebMercator::kTileSize / double(1 << levels);
                        const int mask = (1 << levels) - 1;
                        draws.append({target,
                                      QRectF((key.x & mask) * sub, (key.y & mask) * sub, sub, sub),
                                      *image});
                        break;
                    }
                    if (!requested && !hasFailedLocked(k)) {
                        requested = true;
                        if (!wantedKeys.contains(k)) {
                            wantedKeys.insert(k);
                            wanted.append({k, priority});
                        }
                    }
                }
            }
        }
        std::stable_sort(wanted.begin(), wanted.end(),
                         [](const Wanted &a, const Wanted &b) { return a.priority < b.priority; });
        const bool same =
            std::equal(wanted.cbegin(), wanted.cend(), m_wanted.cbegin(), m_wanted.cend(),
                       [](const Wanted &a, const Wanted &b) { return a.key == b.key; });
        if (!same) {
            m_wanted = wanted;
            scheduleUpdate();
        }
    }

    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    for (const Draw &d : std::as_const(draws))
        painter.drawImage(QRectF(d.target), d.image, d.sourceRect);
    painter.restore();
}

// Called with m_mutex held, from any thread.
void TileLayer::scheduleUpdate() const
{
    if (m_updateScheduled)
        return;
    m_updateScheduled = true;
    auto *self = const_cast<TileLayer *>(this);
    QMetaObject::invokeMethod(
        self, [self] { self->updateRequests(); }, Qt::QueuedConnection);
}

void TileLayer::updateRequests()
{
    QList<TileKey> wanted;
    {
        QMutexLocker lock(&m_mutex);
        m_updateScheduled = false;
        wanted.reserve(m_wanted.size());
        for (const Wanted &w : std::as_const(m_wanted))
            wanted.append(w.key);
    }
    if (!m_source)
        return;

    // Out of view: cancel, so that the slots go to what is on screen now.
    const QSet<TileKey> wantedSet(wanted.cbegin(), wanted.cend());
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (wantedSet.contains(it.key())) {
            ++it;
            continue;
        }
        m_source->cancel(it.key());
        delete it.value();
        it = m_pending.erase(it);
        ++m_cancelled;
    }

    for (const TileKey &key : std::as_const(wanted)) {
        if (m_pending.size() >= kDefaultMaxConcurrent)
            break;
        if (m_pending.contains(key))
            continue;
        {
            QMutexLocker lock(&m_mutex);
            if (m_cache.contains(key) || hasFailedLocked(key))
                continue;
        }
        start(key);
    }
}

void TileLayer::start(const TileKey &key)
{
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, key] {
        if (!m_pending.contains(key))
            return;
        m_source->cancel(key);
        onFailed(key, TileSource::Failure::Transient,
                 tr("tile %1/%2/%3 timed out after %4 s")
                     .arg(key.z)
                     .arg(key.x)
                     .arg(key.y)
                     .arg(m_timeoutMs / 1000.0));
    });
    // Registered before the request: a source answering at once still finds it pending.
    m_pending.insert(key, timer);
    timer->start(m_timeoutMs);
    m_source->request(key);
}

void TileLayer::finish(const TileKey &key)
{
    if (QTimer *timer = m_pending.take(key)) {
        timer->stop();
        timer->deleteLater(); // may be the timer whose timeout we are in
    }
}

void TileLayer::onLoaded(const TileKey &key, const QImage &image)
{
    finish(key);
    {
        QMutexLocker lock(&m_mutex);
        m_failed.remove(key);
        m_cache.insert(key, new QImage(image), costOf(image));
    }
    emit changed();
    updateRequests();
}

void TileLayer::onFailed(const TileKey &key, TileSource::Failure failure, const QString &reason)
{
    if (!m_pending.contains(key))
        return; // cancelled meanwhile
    finish(key);
    {
        QMutexLocker lock(&m_mutex);
        const int delay =
            failure == TileSource::Failure::Transient ? kTransientRetryMs : kPermanentRetryMs;
        m_failed.insert(key, Failure {m_clock.elapsed() + delay});
    }
    ++m_failedTotal;
    m_lastError = reason;
    // A repaint asks for the tile's ancestor in its place.
    emit changed();
    updateRequests();
}

void TileLayer::clear()
{
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (m_source)
            m_source->cancel(it.key());
        delete it.value();
    }
    m_pending.clear();
    QMutexLocker lock(&m_mutex);
    m_cache.clear();
    m_failed.clear();
    m_wanted.clear();
}

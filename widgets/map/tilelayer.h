#pragma once

#include "maplayer.h"
#include "tilesource.h"

#include <QCache>
#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QList>
#include <QMutex>

class QTimer;

// Raster tiles in the Basemap slot, drawn when RenderOptions::basemap is Tiles. The
// renderer draws the vector basemap first, so wherever a tile is missing (offline, slow
// or dead server, a hole in an MBTiles file) the land shows through instead.
//
// paint() never waits: it draws what is in the memory cache (a missing tile is stood in
// for by the nearest cached ancestor, scaled up) and notes which tiles it lacked. The
// layer then, on its own thread, cancels requests for tiles no longer wanted, starts the
// missing ones nearest the view's centre first (a few at a time, each with a timeout),
// and emits changed() as they arrive. Failed tiles are remembered for a while, so that
// a 404 or a broken tile is not requested again on every repaint. paint() may run on a
// worker thread (the background render); the state it shares is behind a mutex.
//
// The wanted set is the last painted view's: two views painting the same layer at once
// would cancel each other's requests, so each view should have its own layer.
class TileLayer : public MapLayer
{
    Q_OBJECT
public:
    static constexpr int kDefaultMaxConcurrent = 6;
    static constexpr int kDefaultTimeoutMs = 10000;
    static constexpr int kMaxFallbackLevels = 6; // ancestors tried for a missing tile

    // OpenStreetMap's standard tiles.
    explicit TileLayer(QObject *parent = nullptr);
    ~TileLayer() override;

    QString name() const override { return tr("Tiles"); }

    // Takes ownership; drops everything cached or pending from the previous source.
    void setSource(TileSource *source);
    TileSource *source() const { return m_source; }
    // Conveniences for the two kinds of source.
    void setUrlTemplate(const QString &urlTemplate, const QString &attribution = QString());
    void setMbTilesFile(const QString &path);
    // Disk cache of the XYZ source (default XyzTileSource::defaultCacheDirectory()).
    void setCacheDirectory(const QString &dir);

    // What the map must credit while these tiles show.
    QString attribution() const;

    void setRequestTimeout(int ms) { m_timeoutMs = ms; }
    void setMemoryCacheBytes(qint64 bytes);

    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

    // State, for tests and the status bar.
    int pendingCount() const { return int(m_pending.size()); }
    // Requests in flight or about to start: a headless render (the CLI) runs the event
    // loop and repaints until this turns false, with a time limit of its own.
    bool isLoading() const;
    QList<TileKey> pendingTiles() const { return m_pending.keys(); }
    int cancelledCount() const { return m_cancelled; }
    int failedCount() const { return m_failedTotal; }
    QString lastError() const { return m_lastError; }
    // Integer zoom of the tiles drawn for a viewport zoom.
    int tileZoom(double viewZoom) const;

signals:
    void attributionChanged(const QString &text);

private:
    struct Failure
    {
        qint64 retryAt; // m_clock milliseconds
    };
    struct Wanted
    {
        TileKey key;
        double priority; // distance of the visible tile from the view's centre
    };

    void scheduleUpdate() const;
    void updateRequests();
    void start(const TileKey &key);
    void finish(const TileKey &key);
    void onLoaded(const TileKey &key, const QImage &image);
    void onFailed(const TileKey &key, TileSource::Failure failure, const QString &reason);
    void clear();
    bool hasFailedLocked(const TileKey &key) const;

    TileSource *m_source = nullptr;
    int m_timeoutMs = kDefaultTimeoutMs;
    // How long a failed tile is left alone: missing or broken tiles, and transient
    // failures (network errors, timeouts).
    static constexpr int kPermanentRetryMs = 10 * 60 * 1000;
    static constexpr int kTransientRetryMs = 30 * 1000;
    QHash<TileKey, QTimer *> m_pending; // request in flight, and its timeout
    int m_cancelled = 0;
    int m_failedTotal = 0;
    QString m_lastError;

    // Shared with paint(), which may run on another thread.
    mutable QMutex m_mutex;
    mutable QCache<TileKey, QImage> m_cache; // cost in KiB
    QHash<TileKey, Failure> m_failed;
    mutable QList<Wanted> m_wanted;
    mutable bool m_updateScheduled = false;
    QElapsedTimer m_clock;
};

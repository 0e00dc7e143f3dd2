#pragma once

#include <QFutureWatcher>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkDiskCache;
class QNetworkReply;

// One tile of the XYZ (slippy map) scheme: x grows east from 180°W, y grows south
// from 85.05°N, both in [0, 2^z).
struct TileKey
{
    int z = 0;
    int x = 0;
    int y = 0;
    // The tile that contains this one `levels` zoom levels up.
    TileKey ancestor(int levels) const { return {z - levels, x >> levels, y >> levels}; }
};
inline bool operator==(const TileKey &a, const TileKey &b)
{
    return a.z == b.z && a.x == b.x && a.y == b.y;
}
inline bool operator!=(const TileKey &a, const TileKey &b)
{
    return !(a == b);
}
inline size_t qHash(const TileKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.z, k.x, k.y);
}

// Where tiles come from. Requests are asynchronous and may be cancelled; each request
// that is not cancelled ends in exactly one loaded() or failed(), never synchronously
// inside request(). Sources live on the GUI thread; TileLayer drives them.
class TileSource : public QObject
{
    Q_OBJECT
public:
    enum class Failure {
        NotFound, // the source has no such tile (HTTP 404, absent from the file)
        BadData, // bytes that are not an image
        Transient, // network error, timeout: worth retrying later
    };

    using QObject::QObject;
    virtual QString attribution() const { return m_attribution; }
    void setAttribution(const QString &text) { m_attribution = text; }
    virtual int minZoom() const { return 0; }
    virtual int maxZoom() const { return 19; }

    virtual void request(const TileKey &key) = 0;
    virtual void cancel(const TileKey &key) = 0;

    // Decodes tile bytes into the format that draws fastest; null when they are not an
    // image QImage can read.
    static QImage decode(const QByteArray &bytes);

signals:
    void loaded(const TileKey &key, const QImage &image);
    void failed(const TileKey &key, TileSource::Failure failure, const QString &reason);

private:
    QString m_attribution;
};

// Tiles over HTTP(S) from a URL template: {z}, {x}, {y}, {-y} (TMS row order) and {s}
// (one of the subdomains, chosen by tile so that a tile always comes from the same host
// and the caches stay effective). Cached on disk by QNetworkDiskCache, honouring the
// server's cache headers.
class XyzTileSource : public TileSource
{
    Q_OBJECT
public:
    static QString defaultUrlTemplate()
    {
        return QStringLiteral("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    }
    static QString defaultAttribution()
    {
        return QStringLiteral("\u00a9 OpenStreetMap contributors");
    }
    // Tile servers ask clients to identify themselves (OSM's tile usage policy).
    static QByteArray userAgent();
    // QStandardPaths::CacheLocation/tiles.
    static QString defaultCacheDirectory();

    explicit XyzTileSource(const QString &urlTemplate = defaultUrlTemplate(),
                           QObject *parent = nullptr);
    ~XyzTileSource() override;

    QString urlTemplate() const { return m_template; }
    int maxZoom() const override { return m_maxZoom; }
    // Empty disables the disk cache.
    void setCacheDirectory(const QString &dir);
    QString cacheDirectory() const;

    QUrl urlFor(const TileKey &key) const;

    void request(const TileKey &key) override;
    void cancel(const TileKey &key) override;

private:
    void finished(const TileKey &key, QNetworkReply *reply);

    QString m_template;
    const QStringList m_subdomains {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    const int m_maxZoom = 19;
    QNetworkAccessManager *m_network = nullptr;
    QNetworkDiskCache *m_diskCache = nullptr; // owned by m_network
    QHash<TileKey, QNetworkReply *> m_replies;
};

// A raster MBTiles file (an offline tile package), read through GDAL on worker
// threads: reading and decoding never happen on the GUI thread.
class MbTilesSource : public TileSource
{
    Q_OBJECT
public:
    explicit MbTilesSource(const QString &path, QObject *parent = nullptr);
    ~MbTilesSource() override;

    QString path() const { return m_path; }
    int maxZoom() const override { return 24; }

    void request(const TileKey &key) override;
    void cancel(const TileKey &key) override;

private:
    struct Result
    {
        QImage image;
        TileSource::Failure failure = TileSource::Failure::NotFound;
        QString reason;
    };
    QString m_path;
    QThreadPool m_pool; // its own, so that tiles never queue behind other jobs
    QHash<TileKey, QFutureWatcher<Result> *> m_jobs;
};

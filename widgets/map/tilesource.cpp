#include "tilesource.h"

#include "io/gdalmodule.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QtConcurrent>

QImage TileSource::decode(const QByteArray &bytes)
{
    QImage image;
    if (bytes.isEmpty() || !image.loadFromData(bytes))
        return {};
    // Premultiplied ARGB is what the raster paint engine blends without converting.
    return image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied
                                                         : QImage::Format_RGB32);
}

QByteArray XyzTileSource::userAgent()
{
    QString version = QCoreApplication::applicationVersion();
    if (version.isEmpty())
        version = QStringLiteral("dev");
    return QStringLiteral("Rendezvous/%1 (desktop GIS viewer; +contact in README)")
        .arg(version)
        .toUtf8();
}

QString XyzTileSource::defaultCacheDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
        + QStringLiteral("/tiles");
}

XyzTileSource::XyzTileSource(const QString &urlTemplate, QObject *parent)
    : TileSource(parent), m_template(urlTemplate), m_network(new QNetworkAccessManager(this))
{
    if (urlTemplate == defaultUrlTemplate())
        setAttribution(defaultAttribution());
    setCacheDirectory(defaultCacheDirectory());
}

XyzTileSource::~XyzTileSource()
{
    // Aborting would emit finished() into a half-destroyed object.
    for (QNetworkReply *reply : std::as_const(m_replies)) {
        reply->disconnect(this);
        reply->abort();
    }
}

void XyzTileSource::setCacheDirectory(const QString &dir)
{
    if (dir.isEmpty()) {
        m_network->setCache(nullptr); // deletes the old cache
        m_diskCache = nullptr;
        return;
    }
    auto *cache = new QNetworkDiskCache(m_network);
    cache->setCacheDirectory(dir);
    cache->setMaximumCacheSize(qint64(200) * 1024 * 1024);
    m_network->setCache(cache);
    m_diskCache = cache;
}

QString XyzTileSource::cacheDirectory() const
{
    return m_diskCache ? m_diskCache->cacheDirectory() : QString();
}

QUrl XyzTileSource::urlFor(const TileKey &key) const
{
    QString url = m_template;
    url.replace(QLatin1String("{z}"), QString::number(key.z));
    url.replace(QLatin1String("{x}"), QString::number(key.x));
    url.replace(QLatin1String("{y}"), QString::number(key.y));
    url.replace(QLatin1String("{-y}"), QString::number((qint64(1) << key.z) - 1 - key.y));
    if (!m_subdomains.isEmpty())
        url.replace(QLatin1String("{s}"),
                    m_subdomains.at(uint(key.x + key.y) % uint(m_subdomains.size())));
    return QUrl(url);
}

void XyzTileSource::request(const TileKey &key)
{
    if (m_replies.contains(key))
        return;
    QNetworkRequest request(urlFor(key));
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setRawHeader("Accept", "image/png,image/jpeg,image/*;q=0.8");
    // Fresh cached tiles are used without asking the server; stale ones are revalidated.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferCache);
    QNetworkReply *reply = m_network->get(request);
    m_replies.insert(key, reply);
    connect(reply, &QNetworkReply::finished, this, [this, key, reply] { finished(key, reply); });
}

void XyzTileSource::cancel(const TileKey &key)
{
    QNetworkReply *reply = m_replies.take(key);
    if (!reply)
        return;
    reply->disconnect(this);
    reply->abort(); // closes the connection of a request in flight
    reply->deleteLater();
}

void XyzTileSource::finished(const TileKey &key, QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_replies.value(key) != reply)
        return;
    m_replies.remove(key);

    if (reply->error() != QNetworkReply::NoError) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool missing =
            status == 404 || status == 410 || reply->error() == QNetworkReply::ContentNotFoundError;
        emit failed(key, missing ? Failure::NotFound : Failure::Transient, reply->errorString());
        return;
    }
    const QImage image = decode(reply->readAll());
    if (image.isNull()) {
        emit failed(key, Failure::BadData,
                    QStringLiteral("%1: not an image").arg(reply->url().toDisplayString()));
        return;
    }
    emit loaded(key, image);
}

MbTilesSource::MbTilesSource(const QString &path, QObject *parent)
    : TileSource(parent), m_path(path)
{
    // GDAL serialises reads of one file; a second thread still decodes in parallel.
    m_pool.setMaxThreadCount(2);
}

MbTilesSource::~MbTilesSource()
{
    qDeleteAll(m_jobs); // results still to come are dropped; the pool waits for the jobs
    m_jobs.clear();
    m_pool.waitForDone();
}

void MbTilesSource::request(const TileKey &key)
{
    if (m_jobs.contains(key))
        return;
    auto *watcher = new QFutureWatcher<Result>(this);
    m_jobs.insert(key, watcher);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, key, watcher] {
        watcher->deleteLater();
        if (m_jobs.value(key) != watcher)
            return;
        m_jobs.remove(key);
        const Result result = watcher->result();
        if (result.image.isNull())
            emit failed(key, result.failure, result.reason);
        else
            emit loaded(key, result.image);
    });
    const QString path = m_path;
    watcher->setFuture(QtConcurrent::run(&m_pool, [path, key] {
        Result result;
        QString error;
        const QByteArray bytes = gdal::readMbTile(path, key.z, key.x, key.y, &error);
        if (!error.isEmpty()) {
            result.failure = Failure::Transient;
            result.reason = error;
        } else if (bytes.isEmpty()) {
            result.failure = Failure::NotFound;
            result.reason = QStringLiteral("no tile %1/%2/%3").arg(key.z).arg(key.x).arg(key.y);
        } else {
            result.image = decode(bytes);
            result.failure = Failure::BadData;
            if (result.image.isNull())
                result.reason = QStringLiteral("tile %1/%2/%3 is not an image")
                                    .arg(key.z)
                                    .arg(key.x)
                                    .arg(key.y);
        }
        return result;
    }));
}

void MbTilesSource::cancel(const TileKey &key)
{
    // A read already running cannot be stopped; its result is simply not delivered.
    if (QFutureWatcher<Result> *watcher = m_jobs.take(key)) {
        watcher->disconnect(this);
        watcher->cancel(); // drops it if it has not started yet
        watcher->deleteLater();
    }
}

#include "gdalmodule.h"

#include "buildtree.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>

#include <mutex>

namespace {
struct Loaded
{
    const gdal::Backend *backend = nullptr;
    QString error;
};

QStringList candidates()
{
    QStringList paths;
    const QString env = qEnvironmentVariable("RENDEZVOUS_GDAL_MODULE");
    if (!env.isEmpty())
        paths << env;
    if (QCoreApplication::instance()) {
        const QDir exe(QCoreApplication::applicationDirPath());
        paths << exe.absoluteFilePath(QStringLiteral(RENDEZVOUS_GDAL_MODULE_INSTALLED));
    }
    if (runsFromBuildTree())
        paths << QStringLiteral(RENDEZVOUS_GDAL_MODULE_BUILD);
    return paths;
}

Loaded load()
{
    Loaded l;
    QStringList tried;
    for (const QString &path : candidates()) {
        if (!QFileInfo::exists(path)) {
            tried << path;
            continue;
        }
        QLibrary lib(path);
        using Entry = const gdal::Backend *(*)();
        const auto entry = reinterpret_cast<Entry>(lib.resolve("rendezvous_gdal_backend"));
        if (!entry) {
            l.error =
                QStringLiteral("cannot load the GDAL module %1: %2").arg(path, lib.errorString());
            return l;
        }
        const gdal::Backend *b = entry();
        if (!b || b->abiVersion != gdal::kAbiVersion) {
            l.error = QStringLiteral("the GDAL module %1 belongs to another version of Rendezvous")
                          .arg(path);
            return l;
        }
        l.backend = b; // the library stays loaded for the life of the process
        return l;
    }
    l.error = QStringLiteral("GDAL support is not installed (looked for %1)")
                  .arg(tried.join(QStringLiteral(", ")));
    return l;
}
} // namespace

const gdal::Backend *gdal::backend(QString *error)
{
    static std::once_flag once;
    static Loaded loaded;
    std::call_once(once, [] { loaded = load(); });
    if (!loaded.backend && error)
        *error = loaded.error;
    return loaded.backend;
}

LoadResult gdal::readFile(const QString &path, const LoadOptions &options)
{
    QString error;
    if (const Backend *b = backend(&error))
        return b->readFile(path, options);
    LoadResult r;
    r.report.file = path;
    r.report.error = error;
    return r;
}

bool gdal::writeFile(const EventStore &store, const std::vector<uint32_t> &rows,
                     const QString &path, bool overwrite, QString *error)
{
    if (const Backend *b = backend(error))
        return b->writeFile(store, rows, path, overwrite, error);
    return false;
}

gdal::ShapeLayer gdal::readShapes(const QString &path, const QString &layer)
{
    QString error;
    const Backend *b = backend(&error);
    if (b && b->readShapes)
        return b->readShapes(path, layer);
    ShapeLayer l;
    l.error = b ? QStringLiteral("reading vector layers is not available in this build") : error;
    return l;
}

QByteArray gdal::readMbTile(const QString &path, int z, int x, int y, QString *error)
{
    const Backend *b = backend(error);
    if (b && b->readMbTile)
        return b->readMbTile(path, z, x, y, error);
    if (b)
        *error = QStringLiteral("MBTiles are not available in this build");
    return {};
}

bool gdal::writeGeoTiff(const unsigned char *rgba, int width, int height, long long bytesPerLine,
                        const double *geotransform, const QString &path, QString *error)
{
    const Backend *b = backend(error);
    if (b && b->writeGeoTiff)
        return b->writeGeoTiff(rgba, width, height, bytesPerLine, geotransform, path, error);
    if (b)
        *error = QStringLiteral("GeoTIFF is not available in this build");
    return false;
}

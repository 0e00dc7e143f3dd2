#include "gdalmodule.h"

#include "moduleloader.h"

#include <mutex>

namespace {
struct Loaded
{
    const gdal::Backend *backend = nullptr;
    QString error;
};

Loaded load()
{
    const ModuleSpec spec {"RENDEZVOUS_GDAL_MODULE",
                           QStringLiteral(RENDEZVOUS_GDAL_MODULE_INSTALLED),
                           QStringLiteral(RENDEZVOUS_GDAL_MODULE_BUILD), "rendezvous_gdal_backend",
                           QStringLiteral("GDAL support")};
    Loaded l;
    using Entry = const gdal::Backend *(*)();
    const auto entry = reinterpret_cast<Entry>(loadModuleEntry(spec, &l.error));
    if (!entry)
        return l;
    const gdal::Backend *b = entry();
    if (!b || b->abiVersion != gdal::kAbiVersion) {
        l.error = QStringLiteral("the GDAL module belongs to another version of Rendezvous");
        return l;
    }
    l.backend = b;
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

bool gdal::writeTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                       TrackGeometry geometry, const QString &path, bool overwrite,
                       int64_t *features, QString *error)
{
    const Backend *b = backend(error);
    if (b && b->writeTracks)
        return b->writeTracks(store, positions, geometry, path, overwrite, features, error);
    if (b)
        *error = QStringLiteral("writing tracks is not available in this build");
    return false;
}

QStringList gdal::ShapeLayer::skipped() const
{
    // The first ids name the features to look at; a file of thousands needs no more.
    constexpr size_t kListed = 20;
    const auto words = [](const std::vector<int64_t> &ids, const char *what) {
        QStringList listed;
        for (size_t i = 0; i < ids.size() && i < kListed; ++i)
            listed << QString::number(ids[i]);
        if (ids.size() > kListed)
            listed << QStringLiteral("… %1 more").arg(qlonglong(ids.size() - kListed));
        return QStringLiteral("%1 %2 %3 left out (feature %4 %5)")
            .arg(qlonglong(ids.size()))
            .arg(ids.size() == 1 ? QStringLiteral("feature") : QStringLiteral("features"))
            .arg(QLatin1String(what))
            .arg(ids.size() == 1 ? QStringLiteral("id") : QStringLiteral("ids"))
            .arg(listed.join(QStringLiteral(", ")));
    };
    QStringList out;
    if (!withoutGeometry.empty())
        out << words(withoutGeometry, "without geometry");
    if (!notConverted.empty())
        out << words(notConverted, "whose coordinates cannot be converted to WGS 84");
    return out;
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

std::shared_ptr<gdal::Raster> gdal::Raster::open(const QString &path, QString *error)
{
    QString why;
    const Backend *b = backend(&why);
    if (b && !b->openRaster)
        why = QStringLiteral("rasters are not available in this build");
    if (!b || !b->openRaster) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, why);
        return nullptr;
    }
    std::shared_ptr<Raster> r(new Raster);
    r->m_backend = b;
    r->m_path = path;
    r->m_handle = b->openRaster(path, &r->m_info, error);
    if (!r->m_handle)
        return nullptr;
    return r;
}

gdal::Raster::~Raster()
{
    if (m_handle)
        m_backend->closeRaster(m_handle);
}

bool gdal::Raster::draw(RasterFrame *frame, QString *error) const
{
    return m_backend->drawRaster(m_handle, frame, error);
}

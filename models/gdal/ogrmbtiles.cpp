#include "ogrshapes.h"
#include "ogrsupport.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <map>
#include <mutex>

// Raster MBTiles are SQLite files with a table tiles(zoom_level, tile_column, tile_row,
// tile_data). GDAL's MBTiles driver would decode and re-encode the tiles; we want the
// stored bytes as they are, so the file is opened through the SQLite driver and the
// blob is read with SQL. The "SQLITE:" prefix makes that driver accept a .mbtiles file
// (it leaves those to the MBTiles driver otherwise).

namespace {

using ogr::detail::DatasetPtr;

struct OpenFile
{
    DatasetPtr dataset;
    QDateTime modified; // reopened when the file changes under us
    qint64 size = -1;
};

// GDAL datasets must not be used by two threads at once, and tile requests come from a
// thread pool: one mutex guards the cache and every query on a cached dataset. Tile
// reads take well under a millisecond, so serialising them costs nothing noticeable.
// Never destroyed: closing datasets from a static destructor could run after GDAL's
// own teardown at exit; the files close with the process.
std::mutex s_mutex;
std::map<QString, OpenFile> &s_files = *new std::map<QString, OpenFile>;
constexpr std::size_t kMaxOpenFiles = 8;

GDALDatasetH openLocked(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        *error = QStringLiteral("%1: no such file").arg(path);
        s_files.erase(path);
        return nullptr;
    }
    auto it = s_files.find(path);
    if (it != s_files.end()) {
        if (it->second.modified == info.lastModified() && it->second.size == info.size())
            return it->second.dataset.get();
        s_files.erase(it);
    }
    if (s_files.size() >= kMaxOpenFiles)
        s_files.erase(s_files.begin());

    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });

    ogr::detail::ErrorCapture capture;
    const char *drivers[] = {"SQLite", nullptr};
    const QByteArray name = "SQLITE:" + QFile::encodeName(path);
    DatasetPtr ds(
        GDALOpenEx(name.constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    if (!ds) {
        const QString why = capture.lastMessage();
        *error = QStringLiteral("%1: cannot open as MBTiles%2")
                     .arg(path, why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why));
        return nullptr;
    }
    GDALDatasetH handle = ds.get();
    s_files[path] = OpenFile {std::move(ds), info.lastModified(), info.size()};
    return handle;
}

} // namespace

QByteArray ogr::readMbTile(const QString &path, int z, int x, int y, QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    error->clear();
    // Out-of-range numbers are simply absent tiles, not errors; they also keep the
    // row flip below from overflowing.
    if (z < 0 || z > 30)
        return {};
    const qint64 n = qint64(1) << z;
    if (x < 0 || y < 0 || x >= n || y >= n)
        return {};
    const qint64 tmsRow = n - 1 - y; // MBTiles number rows from the south (TMS)

    std::lock_guard<std::mutex> lock(s_mutex);
    GDALDatasetH ds = openLocked(path, error);
    if (!ds)
        return {};

    ogr::detail::ErrorCapture capture;
    const QByteArray sql = QStringLiteral("SELECT tile_data FROM tiles WHERE zoom_level = %1 AND "
                                          "tile_column = %2 AND tile_row = %3")
                               .arg(z)
                               .arg(x)
                               .arg(tmsRow)
                               .toUtf8();
    OGRLayerH result = GDALDatasetExecuteSQL(ds, sql.constData(), nullptr, nullptr);
    if (!result) {
        const QString why = capture.lastMessage();
        *error = QStringLiteral("%1: not a raster MBTiles file%2")
                     .arg(path, why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why));
        return {};
    }
    QByteArray data;
    if (ogr::detail::FeaturePtr feature {OGR_L_GetNextFeature(result)}) {
        int size = 0;
        const GByte *bytes = OGR_F_GetFieldAsBinary(feature.get(), 0, &size);
        if (bytes && size > 0)
            data = QByteArray(reinterpret_cast<const char *>(bytes), size);
    }
    GDALDatasetReleaseResultSet(ds, result);
    return data;
}

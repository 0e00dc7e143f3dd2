#include "ogroutput.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ogr::detail {

namespace {
const std::vector<OutputFormat> &formats()
{
    static const std::vector<OutputFormat> kFormats = {
        {"gpkg", "GPKG", true, {}},
        {"geojson", "GeoJSON", true, {}},
        {"json", "GeoJSON", true, {}},
        {"csv", "CSV", false, {"csvt", "prj"}},
        // The plain KML driver writes every field as ExtendedData, as it is; LIBKML gives
        // fields named like its own (begin, end, timestamp) a meaning of their own.
        {"kml", "KML", true, {}},
        {"fgb", "FlatGeobuf", true, {}},
        {"shp", "ESRI Shapefile", true, {"shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx"}},
        {"gml", "GML", true, {"xsd", "gfs"}},
    };
    return kFormats;
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}
} // namespace

const OutputFormat *outputFormat(const QString &suffix, QString *error)
{
    for (const OutputFormat &f : formats()) {
        if (suffix.compare(QLatin1String(f.suffix), Qt::CaseInsensitive) == 0)
            return &f;
    }
    QStringList known;
    for (const OutputFormat &f : formats())
        known << QStringLiteral(".%1").arg(QLatin1String(f.suffix));
    fail(error,
         QStringLiteral("cannot tell the output format from '.%1' (known: %2)")
             .arg(suffix, known.join(QStringLiteral(", "))));
    return nullptr;
}

OutputTarget::OutputTarget() = default;
OutputTarget::~OutputTarget() = default;

bool OutputTarget::open(const QString &path, bool overwrite, QString *error)
{
    m_path = path;
    m_overwrite = overwrite;
    const QFileInfo target(path);
    m_format = outputFormat(target.suffix(), error);
    if (!m_format)
        return false;
    if (target.exists() && !overwrite)
        return fail(error, QStringLiteral("%1 exists; use --overwrite").arg(path));
    if (target.isDir())
        return fail(error, QStringLiteral("%1 is a directory").arg(path));
    const QDir dir = target.absoluteDir();
    if (!dir.exists())
        return fail(error, QStringLiteral("no such directory: %1").arg(dir.path()));
    // Beside the target: the same file system, so the renames are atomic.
    m_tmp = std::make_unique<QTemporaryDir>(
        dir.filePath(QStringLiteral(".%1.tmp-XXXXXX").arg(target.fileName())));
    if (!m_tmp->isValid())
        return fail(error,
                    QStringLiteral("cannot create a temporary directory in %1 (%2)")
                        .arg(dir.path(), m_tmp->errorString()));
    return true;
}

QString OutputTarget::tmpPath() const
{
    return m_tmp->filePath(QFileInfo(m_path).fileName());
}

bool OutputTarget::commit(QString *error)
{
    const QFileInfo target(m_path);
    const QDir dir = target.absoluteDir();
    const QDir tmp(m_tmp->path());
    const QStringList produced = tmp.entryList(QDir::Files | QDir::Hidden | QDir::System);
    // Checked again, for every file: the target may have appeared while we wrote, and a
    // Shapefile's .dbf may be someone's table.
    if (!m_overwrite) {
        for (const QString &name : produced) {
            if (QFileInfo::exists(dir.filePath(name)))
                return fail(error,
                            QStringLiteral("%1 exists; use --overwrite").arg(dir.filePath(name)));
        }
    }
    // Stale sidecars of an old dataset (a spatial index, another CRS) would describe
    // the new one wrongly.
    const QString suffix = target.suffix();
    const QString targetBase = target.completeBaseName();
    const bool upper = suffix == suffix.toUpper() && suffix != suffix.toLower();
    for (const char *ext : m_format->staleSidecars) {
        const QString e = upper ? QString::fromLatin1(ext).toUpper() : QString::fromLatin1(ext);
        const QString name = targetBase + QLatin1Char('.') + e;
        if (!produced.contains(name))
            QFile::remove(dir.filePath(name));
    }
    // The main file last, so that it appears only with its sidecars in place.
    QStringList order = produced;
    std::stable_partition(order.begin(), order.end(),
                          [&](const QString &name) { return name != target.fileName(); });
    for (const QString &name : order) {
        const QString to = dir.filePath(name);
        if (std::rename(QFile::encodeName(tmp.filePath(name)).constData(),
                        QFile::encodeName(to).constData())
            != 0)
            return fail(error,
                        QStringLiteral("cannot rename the temporary file to %1 (%2)")
                            .arg(to, QString::fromLocal8Bit(std::strerror(errno))));
    }
    return true;
}

} // namespace ogr::detail

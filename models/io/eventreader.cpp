#include "eventreader.h"

#include "io/csvreader.h"
#include "io/dbmodule.h"
#include "io/gdalmodule.h"

#include <QFileInfo>

bool EventReader::isDelimitedText(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("csv") || suffix == QLatin1String("tsv")
        || suffix == QLatin1String("txt") || suffix == QLatin1String("tab");
}

LoadResult EventReader::load(const QString &path, const LoadOptions &options)
{
    // A PostGIS table (PG:… with the table as the layer): GDAL's PG driver reads it.
    if (db::isDatabase(path)) {
        // A password typed into the window's prompt goes to GDAL's connection only.
        LoadResult r = gdal::readFile(db::forGdalWithPassword(path), options);
        // Named without a password written into the string.
        r.report.file = db::display(path);
        return r;
    }
    const QFileInfo info(path);
    if (!info.exists()) {
        LoadResult r;
        r.report.file = path;
        r.report.error = QStringLiteral("no such file");
        return r;
    }
    const bool fast = options.reader == LoadOptions::Reader::FastCsv
        || (options.reader == LoadOptions::Reader::Auto && info.isFile() && isDelimitedText(path));
    return fast ? csv::readFile(path, options) : gdal::readFile(path, options);
}

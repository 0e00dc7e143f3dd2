#include "ogrreader.h"

#include "io/timeparser.h"
#include "ogroutput.h"
#include "ogrsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace ogr::detail;

namespace {

enum class Kind { Text, Time, Number, Extra };

struct Column
{
    QString name;
    Kind kind = Kind::Text;
    Field field = Field::Id;
    int extra = -1;
};

// name truncated to maxBytes of UTF-8 without splitting a character.
QString fitBytes(const QString &name, int maxBytes)
{
    QString out;
    int bytes = 0;
    for (const uint cp : name.toUcs4()) {
        const auto c = static_cast<char32_t>(cp);
        const QString ch = QString::fromUcs4(&c, 1);
        const int size = int(ch.toUtf8().size());
        if (bytes + size > maxBytes)
            break;
        out += ch;
        bytes += size;
    }
    return out;
}

bool isAlias(const QString &name)
{
    static const QSet<QString> kAliases = [] {
        QSet<QString> all;
        for (int f = 0; f < FieldCount; ++f) {
            for (const QString &a : ColumnMapping::aliases(static_cast<Field>(f)))
                all.insert(a);
        }
        return all;
    }();
    return kAliases.contains(ColumnMapping::normalise(name));
}

// What a format allows in a column name.
struct NameRules
{
    int maxBytes = 0; // 0: no limit (dBase: 10)
    bool xml = false; // GML: names are XML element names
};

QString xmlName(const QString &name)
{
    QString out;
    for (const QChar c : name)
        out += c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-')
                || c == QLatin1Char('.')
            ? c
            : QLatin1Char('_');
    if (out.isEmpty() || !(out.at(0).isLetter() || out.at(0) == QLatin1Char('_')))
        out.prepend(QLatin1Char('_'));
    return out;
}

// Column names are compared without case: SQLite (GeoPackage) and dBase do so.
// An extra column must not be named like any field alias, or reading the output back
// would map it to that field ("vessel_a" would win over "a_name").
QString uniqueName(const QString &wanted, QSet<QString> &used, NameRules rules, bool extra)
{
    QString base = wanted.trimmed().isEmpty() ? QStringLiteral("column") : wanted;
    if (rules.xml)
        base = xmlName(base);
    for (int n = 1;; ++n) {
        const QString suffix = n == 1 ? QString() : QStringLiteral("_%1").arg(n);
        const QString candidate = rules.maxBytes > 0
            ? fitBytes(base, rules.maxBytes - int(suffix.size())) + suffix
            : base + suffix;
        if (used.contains(candidate.toLower()) || (extra && isAlias(candidate)))
            continue;
        used.insert(candidate.toLower());
        return candidate;
    }
}

std::vector<Column> columnsFor(const EventStore &store, NameRules rules)
{
    std::vector<Column> columns;
    QSet<QString> used;
    for (int i = 0; i < FieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        if (f == Field::Geometry)
            continue;
        Column c;
        c.field = f;
        c.name = uniqueName(writtenFieldName(f), used, rules, false);
        if (f == Field::Start || f == Field::End)
            c.kind = Kind::Time;
        else if (f == Field::Latitude || f == Field::Longitude || f == Field::Volume)
            c.kind = Kind::Number;
        columns.push_back(c);
    }
    for (int e = 0; e < store.extraNames().size(); ++e) {
        Column c;
        c.kind = Kind::Extra;
        c.extra = e;
        c.name = uniqueName(store.extraNames().at(e), used, rules, true);
        columns.push_back(c);
    }
    return columns;
}

// Text of a column for a row; false when the value is unknown (the field stays null).
bool textValue(const EventStore &store, size_t r, const Column &c, std::string &out)
{
    switch (c.kind) {
    case Kind::Time: {
        const int64_t ms = c.field == Field::Start ? store.start(r) : store.end(r);
        if (ms == EventStore::kNoTime)
            return false;
        const QByteArray iso = timeparse::toIso(ms).toUtf8();
        out.assign(iso.constData(), size_t(iso.size()));
        return true;
    }
    case Kind::Number: {
        const double v = c.field == Field::Latitude ? store.lat(r)
            : c.field == Field::Longitude           ? store.lon(r)
                                                    : store.volume(r);
        out = shortestText(v);
        return !out.empty();
    }
    case Kind::Extra: {
        const std::string_view v = store.extraView(c.extra, r);
        out.assign(v.data(), v.size());
        return !v.empty();
    }
    case Kind::Text:
        break;
    }
    const std::string_view v = store.textView(c.field, r);
    out.assign(v.data(), v.size());
    return !v.empty();
}

// dBase limits: text up to 254 bytes, numbers as fixed-width text. Widths are sized to
// the data so nothing is truncated; a value that cannot fit is an error, not a loss.
QString shapefileWidths(const EventStore &store, const std::vector<uint32_t> &rows,
                        const std::vector<Column> &columns, std::vector<int> &widths)
{
    constexpr int kMaxText = 254;
    constexpr int kDecimals = 15;
    widths.assign(columns.size(), 1);
    std::string scratch;
    for (size_t k = 0; k < columns.size(); ++k) {
        const Column &c = columns[k];
        int width = c.kind == Kind::Number ? kDecimals + 5 : 1;
        for (uint32_t r : rows) {
            if (c.kind == Kind::Number) {
                const double v = c.field == Field::Latitude ? store.lat(r)
                    : c.field == Field::Longitude           ? store.lon(r)
                                                            : store.volume(r);
                if (std::isfinite(v)) {
                    char buf[400];
                    const int len = std::snprintf(buf, sizeof buf, "%.*f", kDecimals, v);
                    width = std::max(width, len);
                }
            } else if (textValue(store, r, c, scratch)) {
                width = std::max(width, int(scratch.size()));
            }
        }
        if (width > kMaxText)
            return QStringLiteral("column '%1' holds a value of %2 bytes, but Shapefile (dBase) "
                                  "fields hold at most %3; write .gpkg or .geojson instead")
                .arg(c.name)
                .arg(width)
                .arg(kMaxText);
        widths[k] = width;
    }
    return {};
}

QString fieldName(OGRFeatureDefnH defn, int i)
{
    return QString::fromUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

std::vector<uint32_t> ogr::allRows(const EventStore &store)
{
    std::vector<uint32_t> rows(store.size());
    for (size_t r = 0; r < rows.size(); ++r)
        rows[r] = static_cast<uint32_t>(r);
    return rows;
}

bool ogr::writeFile(const EventStore &store, const std::vector<uint32_t> &rowsIn,
                    const QString &path, bool overwrite, QString *error)
{
    ensureRegistered();
    ErrorCapture errors;
    const QFileInfo target(path);
    OutputTarget output;
    if (!output.open(path, overwrite, error))
        return false;
    const OutputFormat *format = &output.format();

    const std::vector<uint32_t> &rows = rowsIn;
    for (uint32_t r : rows) {
        if (r >= store.size())
            return fail(error, QStringLiteral("internal error: row %1 is not in the store").arg(r));
    }

    const bool shapefile = qstrcmp(format->driver, "ESRI Shapefile") == 0;
    const bool csv = qstrcmp(format->driver, "CSV") == 0;
    NameRules rules;
    rules.maxBytes = shapefile ? 10 : 0;
    rules.xml = qstrcmp(format->driver, "GML") == 0;
    const std::vector<Column> columns = columnsFor(store, rules);
    std::vector<int> widths;
    if (shapefile) {
        const QString message = shapefileWidths(store, rows, columns, widths);
        if (!message.isEmpty())
            return fail(error, message);
    }

    GDALDriverH driver = GDALGetDriverByName(format->driver);
    if (!driver)
        return fail(error, QStringLiteral("this GDAL has no %1 driver").arg(format->driver));

    const QString tmpPath = output.tmpPath();
    DatasetPtr ds; // declared after output: closed before its directory is removed
    const auto cleanUp = [&](const QString &message) {
        ds.reset();
        return fail(error, message);
    };
    const auto gdalReason = [&](const QString &what) {
        const QString why =
            errors.lastFailure().isEmpty() ? errors.lastMessage() : errors.lastFailure();
        return why.isEmpty() ? what : QStringLiteral("%1 (%2)").arg(what, why);
    };

    {
        ds.reset(GDALCreate(driver, QFile::encodeName(tmpPath).constData(), 0, 0, 0, GDT_Unknown,
                            nullptr));
        if (!ds)
            return cleanUp(gdalReason(QStringLiteral("cannot create %1").arg(path)));

        std::vector<const char *> layerOptions;
        if (qstrcmp(format->driver, "GeoJSON") == 0)
            layerOptions = {"RFC7946=NO", "COORDINATE_PRECISION=15", "SIGNIFICANT_FIGURES=17",
                            "WRITE_BBOX=NO"};
        else if (shapefile)
            layerOptions = {"ENCODING=UTF-8", "SHPT=POINT"};
        else if (csv)
            // IMO and MMSI look like numbers: quoting keeps their leading zeros for
            // readers that guess types.
            layerOptions = {"STRING_QUOTING=IF_AMBIGUOUS", "LINEFORMAT=LF"};
        else if (qstrcmp(format->driver, "FlatGeobuf") == 0)
            // The index would reorder the features; the rows are written in the order given.
            layerOptions = {"SPATIAL_INDEX=NO"};
        layerOptions.push_back(nullptr);

        SrsPtr srs = wgs84();
        const QByteArray layerName = target.completeBaseName().toUtf8();
        OGRLayerH layer = GDALDatasetCreateLayer(
            ds.get(), layerName.constData(), format->geometry ? srs.get() : nullptr,
            format->geometry ? wkbPoint : wkbNone, const_cast<char **>(layerOptions.data()));
        if (!layer)
            return cleanUp(gdalReason(QStringLiteral("cannot create a layer in %1").arg(path)));

        for (size_t k = 0; k < columns.size(); ++k) {
            const Column &c = columns[k];
            // CSV holds text anyway, and OGR would print reals with 15 digits only.
            const bool real = c.kind == Kind::Number && !csv;
            const QByteArray name = c.name.toUtf8();
            OGRFieldDefnH fd = OGR_Fld_Create(name.constData(), real ? OFTReal : OFTString);
            if (shapefile) {
                OGR_Fld_SetWidth(fd, widths[k]);
                if (real)
                    OGR_Fld_SetPrecision(fd, 15);
            }
            const OGRErr e = OGR_L_CreateField(layer, fd, FALSE);
            OGR_Fld_Destroy(fd);
            if (e != OGRERR_NONE)
                return cleanUp(gdalReason(QStringLiteral("cannot create field '%1'").arg(c.name)));
        }
        // By name: some drivers add fields of their own (KML: Name, Description).
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        std::vector<int> index(columns.size());
        for (size_t k = 0; k < columns.size(); ++k) {
            index[k] = OGR_FD_GetFieldIndex(defn, columns[k].name.toUtf8().constData());
            if (index[k] < 0 || fieldName(defn, index[k]) != columns[k].name)
                return cleanUp(QStringLiteral("the %1 driver did not create field '%2'")
                                   .arg(format->driver, columns[k].name));
        }

        const bool transaction = GDALDatasetStartTransaction(ds.get(), FALSE) == OGRERR_NONE;
        std::string value;
        for (uint32_t r : rows) {
            FeaturePtr feature(OGR_F_Create(defn));
            for (size_t k = 0; k < columns.size(); ++k) {
                const Column &c = columns[k];
                if (!textValue(store, r, c, value))
                    continue;
                if (c.kind == Kind::Number && !csv) {
                    const double v = c.field == Field::Latitude ? store.lat(r)
                        : c.field == Field::Longitude           ? store.lon(r)
                                                                : store.volume(r);
                    OGR_F_SetFieldDouble(feature.get(), index[k], v);
                } else {
                    OGR_F_SetFieldString(feature.get(), index[k], value.c_str());
                }
            }
            if (format->geometry) {
                GeometryPtr point(OGR_G_CreateGeometry(wkbPoint));
                OGR_G_SetPoint_2D(point.get(), 0, store.lon(r), store.lat(r));
                OGR_F_SetGeometryDirectly(feature.get(), point.release());
            }
            if (OGR_L_CreateFeature(layer, feature.get()) != OGRERR_NONE)
                return cleanUp(gdalReason(QStringLiteral("cannot write event %1 (source row %2)")
                                              .arg(store.id(r))
                                              .arg(store.sourceRow(r))));
        }
        if (transaction && GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE)
            return cleanUp(gdalReason(QStringLiteral("cannot write %1").arg(path)));
        const int failuresBeforeClose = errors.failures();
        ds.reset();
        if (errors.failures() > failuresBeforeClose)
            return cleanUp(gdalReason(QStringLiteral("cannot finish writing %1").arg(path)));
    }
    if (errors.failures() > 0)
        return cleanUp(gdalReason(QStringLiteral("cannot write %1").arg(path)));

    return output.commit(error);
}

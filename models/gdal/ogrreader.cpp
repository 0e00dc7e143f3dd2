#include "ogrreader.h"

#include "io/eventbuilder.h"
#include "io/eventreader.h"
#include "io/textscan.h"
#include "ogrcsv.h"
#include "ogrposition.h"
#include "ogrsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>

using namespace ogr::detail;

namespace {

const QString kCentroidWarning = QStringLiteral("geometry is not a point: its centroid is used");
const QString kLatin1Warning =
    QStringLiteral("text that is not valid UTF-8 read as Latin-1 (ISO 8859-1)");

LoadResult fatal(LoadReport report, const QString &message)
{
    report.error = message;
    LoadResult r;
    r.report = std::move(report);
    return r;
}

// ---------------------------------------------------------------------------------------
// Layers

struct LayerInfo
{
    OGRLayerH layer = nullptr;
    QString name;
    QStringList headers;
    ColumnMapping mapping;
    QString overrideError;
    OGRwkbGeometryType geometryType = wkbNone;
    bool geometry = false; // positions come from the geometry
    // KML: a placemark has a TimeStamp or a TimeSpan, and LIBKML gives both their own
    // columns; when the start is read from "begin", an instant's "timestamp" stands in.
    int startFallback = -1;

    bool hasPosition() const { return geometry || mapping.hasPosition(); }
    bool hasEvents() const
    {
        return overrideError.isEmpty() && hasPosition() && mapping.hasStart();
    }
};

// --field lat=... / lon=... / geometry=... means the user wants the columns, not the
// layer's geometry.
bool positionColumnsAsked(const LoadOptions &options)
{
    for (const QString &o : options.fieldOverrides) {
        const std::optional<Field> f = fieldFromKey(o.section(QLatin1Char('='), 0, 0));
        const bool assigned = !o.section(QLatin1Char('='), 1).trimmed().isEmpty();
        if (assigned && (f == Field::Latitude || f == Field::Longitude || f == Field::Geometry))
            return true;
    }
    return false;
}

LayerInfo inspect(OGRLayerH layer, const LoadOptions &options, bool useGeometry,
                  const QStringList *csvHeaders)
{
    LayerInfo info;
    info.layer = layer;
    info.name = fromUtf8(OGR_L_GetName(layer));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const int n = OGR_FD_GetFieldCount(defn);
    for (int i = 0; i < n; ++i)
        info.headers << fromUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    if (csvHeaders && csvHeaders->size() == n)
        info.headers = *csvHeaders;
    // Which columns hold values, from the first features: formats with fixed schemas
    // (KML's begin/end/timestamp) have columns a file never fills. Not for delimited
    // text, which must map exactly as the fast reader does.
    std::vector<bool> empty;
    if (!csvHeaders) {
        empty.assign(size_t(n), true);
        OGR_L_ResetReading(layer);
        for (int k = 0; k < 1000; ++k) {
            OGRFeatureH f = OGR_L_GetNextFeature(layer);
            if (!f)
                break;
            for (int i = 0; i < n; ++i) {
                if (empty[size_t(i)] && OGR_F_IsFieldSetAndNotNull(f, i)
                    && *OGR_F_GetFieldAsString(f, i) != '\0')
                    empty[size_t(i)] = false;
            }
            OGR_F_Destroy(f);
        }
        OGR_L_ResetReading(layer);
    }
    info.mapping = ColumnMapping::detect(info.headers, csvHeaders ? nullptr : &empty);
    for (const QString &o : options.fieldOverrides) {
        QString error;
        if (!info.mapping.applyOverride(o, info.headers, &error)) {
            info.overrideError = error;
            break;
        }
    }
    const int start = info.mapping.column(Field::Start);
    if (start >= 0 && ColumnMapping::normalise(info.headers[start]) == QLatin1String("begin")) {
        for (int i = 0; i < n; ++i) {
            if (ColumnMapping::normalise(info.headers[i]) == QLatin1String("timestamp"))
                info.startFallback = i;
        }
    }
    info.geometryType = OGR_FD_GetGeomFieldCount(defn) > 0 ? OGR_L_GetGeomType(layer) : wkbNone;
    info.geometry = useGeometry && info.geometryType != wkbNone && !positionColumnsAsked(options);
    return info;
}

QString describe(const LayerInfo &l)
{
    QString geometry;
    const OGRwkbGeometryType flat = wkbFlatten(l.geometryType);
    if (flat == wkbNone)
        geometry = QStringLiteral("no geometry");
    else if (flat == wkbUnknown)
        geometry = QStringLiteral("any geometry");
    else
        geometry = fromUtf8(OGRGeometryTypeToName(flat)).toLower();
    QString reason;
    if (!l.overrideError.isEmpty())
        reason = l.overrideError;
    else if (!l.hasPosition() && !l.mapping.hasStart())
        reason = QStringLiteral("no position or time column");
    else if (!l.hasPosition())
        reason = QStringLiteral("no position");
    else if (!l.mapping.hasStart())
        reason = QStringLiteral("no time column");
    else
        reason = QStringLiteral("events");
    return QStringLiteral("%1 (%2, %3)").arg(l.name, geometry, reason);
}

// ---------------------------------------------------------------------------------------
// Values

// DateTime and Date fields as ISO 8601, so the time parser reads them whatever text
// form the driver would have produced. Returns false when the value has no zone
// (OGR's 0 = unknown, 1 = local time); it is then written as UTC.
bool isoDateTime(OGRFeatureH f, int i, OGRFieldType type, std::string &out)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
    float s = 0;
    if (!OGR_F_GetFieldAsDateTimeEx(f, i, &y, &mo, &d, &h, &mi, &s, &tz)) {
        out = OGR_F_GetFieldAsString(f, i);
        return true;
    }
    char buf[80];
    if (type == OFTDate) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
        out = buf;
        return true;
    }
    // Seconds come as a float: 56.789 is 56.78900146..., rounding recovers the ms
    // (but never rounds 59.9996 up into a 60th second).
    const long ms = std::clamp(std::lround(double(s) * 1000.0), 0L, s < 60.0f ? 59999L : 60999L);
    int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi,
                          int(ms / 1000));
    if (ms % 1000 != 0)
        n += std::snprintf(buf + n, sizeof buf - size_t(n), ".%03d", int(ms % 1000));
    const bool zoned = tz > 1;
    if (!zoned || tz == 100) {
        std::snprintf(buf + n, sizeof buf - size_t(n), "Z");
    } else {
        const int minutes = (tz - 100) * 15;
        const int a = std::abs(minutes);
        std::snprintf(buf + n, sizeof buf - size_t(n), "%c%02d:%02d", minutes < 0 ? '-' : '+',
                      a / 60, a % 60);
    }
    out = buf;
    return zoned;
}

// Index of the layer to read (see ogrreader.h), or -1 with *error set.
int chooseLayer(const std::vector<LayerInfo> &layers, const QString &wanted, bool database,
                QString *error)
{
    QStringList names;
    for (const LayerInfo &l : layers)
        names << l.name;
    const int count = int(layers.size());
    if (!wanted.isEmpty()) {
        int chosen = int(names.indexOf(wanted));
        bool isIndex = false;
        const int index = wanted.toInt(&isIndex);
        if (chosen < 0 && isIndex && index >= 0 && index < count)
            chosen = index;
        if (chosen < 0 && database)
            *error = QStringLiteral("no table '%1' in the database (tables with a geometry: %2)")
                         .arg(wanted, nameList(names));
        else if (chosen < 0)
            *error = QStringLiteral("no layer '%1' in the file (layers: %2; or an index from 0 "
                                    "to %3)")
                         .arg(wanted, nameList(names))
                         .arg(count - 1);
        return chosen;
    }
    if (count == 1)
        return 0;
    const auto it = std::find_if(layers.begin(), layers.end(),
                                 [](const LayerInfo &l) { return l.hasEvents(); });
    if (it != layers.end())
        return int(it - layers.begin());
    QStringList described;
    for (const LayerInfo &l : layers)
        described << describe(l);
    *error = QStringLiteral("no layer with events (layers: %1)").arg(nameList(described));
    return -1;
}

// Why the chosen layer gives no events ("" when it does), in the fast reader's words
// where the same thing is meant.
// unmapped: the keys of the required fields that have no column (LoadReport::unmappedFields).
QString unusable(const LayerInfo &layer, bool text, QStringList *unmapped)
{
    const QString columns = layer.headers.isEmpty() ? QStringLiteral("(the layer has no columns)")
                                                    : nameList(layer.headers);
    if (!layer.overrideError.isEmpty())
        return layer.overrideError;
    if (!layer.hasPosition()) {
        *unmapped = QStringList {QStringLiteral("lat"), QStringLiteral("lon")};
        const QString what = layer.geometryType == wkbNone || text
            ? QStringLiteral("no position columns (latitude/longitude or WKT) among: %1")
            : QStringLiteral("no position: the layer's geometry is ignored (position columns "
                             "were asked for) and no latitude/longitude or WKT columns are "
                             "among: %1");
        return what.arg(columns);
    }
    if (!layer.mapping.hasStart()) {
        *unmapped = QStringList {QStringLiteral("start")};
        return QStringLiteral("no time column among: %1").arg(columns);
    }
    return {};
}

// What one feature field holds, as the text EventBuilder reads. Returns false for a
// DateTime without a zone (read as UTC).
bool fieldText(OGRFeatureH f, int i, OGRFieldType type, OGRFieldSubType subType, std::string &v)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, i)) {
        v.clear();
        return true;
    }
    if (type == OFTDateTime || type == OFTDate)
        return isoDateTime(f, i, type, v);
    if (type == OFTReal) {
        const double d = OGR_F_GetFieldAsDouble(f, i);
        v = subType == OFSTFloat32 ? shortestText(float(d)) : shortestText(d);
        return true;
    }
    v = OGR_F_GetFieldAsString(f, i);
    return true;
}

// OGR opens a .shp whose .dbf is gone as shapes without columns, which would read as
// "no time column"; the user needs to hear which file is missing.
QString missingShapefilePart(const QString &path, const QString &driver)
{
    const QFileInfo info(path);
    if (driver != QLatin1String("ESRI Shapefile")
        || info.suffix().compare(QLatin1String("shp"), Qt::CaseInsensitive) != 0)
        return {};
    // Name filters match regardless of case: EVENTS.DBF serves events.shp.
    const QString dbf = info.completeBaseName() + QStringLiteral(".dbf");
    if (!info.dir().entryList({dbf}, QDir::Files).isEmpty())
        return {};
    return QStringLiteral("the Shapefile's attribute table %1 is missing (a Shapefile is several "
                          "files: .shp, .shx, .dbf and often .prj; copy them together)")
        .arg(dbf);
}

struct LayerSource
{
    const LayerInfo *layer = nullptr;
    OGRCoordinateTransformationH transform = nullptr;
    CsvRecords *csv = nullptr; // set for delimited text
};

LoadResult readFeatures(const LayerSource &source, const LoadOptions &options, ErrorCapture &errors,
                        LoadReport report)
{
    const LayerInfo &layer = *source.layer;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer.layer);
    const int n = OGR_FD_GetFieldCount(defn);
    const auto fieldCount = static_cast<size_t>(n);
    std::vector<OGRFieldType> types(fieldCount);
    std::vector<OGRFieldSubType> subTypes(fieldCount);
    for (int i = 0; i < n; ++i) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        types[size_t(i)] = OGR_Fld_GetType(fd);
        subTypes[size_t(i)] = OGR_Fld_GetSubType(fd);
    }
    std::vector<std::string> values(fieldCount);
    std::vector<std::string_view> views(fieldCount);
    std::vector<bool> zoneless(fieldCount, false);
    EventBuilder builder(layer.headers, layer.mapping);
    const GIntBig total = OGR_L_TestCapability(layer.layer, OLCFastFeatureCount)
        ? OGR_L_GetFeatureCount(layer.layer, FALSE)
        : -1;
    bool approximateRows = false;

    OGR_L_ResetReading(layer.layer);
    uint64_t seq = 0;
    while (true) {
        if (seq % 4096 == 0) {
            if (options.cancel && options.cancel->load())
                return fatal(std::move(report), QStringLiteral("cancelled"));
            if (options.progress && total > 0)
                options.progress(std::min(1.0, double(seq) / double(total)));
        }
        const int failuresBefore = errors.failures();
        FeaturePtr feature(OGR_L_GetNextFeature(layer.layer));
        if (!feature) {
            // A read error ends the layer early: loading what came before it would
            // publish counts that are silently short.
            if (errors.failures() > failuresBefore)
                return fatal(std::move(report),
                             QStringLiteral("the file could not be read to the end (stopped "
                                            "after %1 features: %2)")
                                 .arg(seq)
                                 .arg(errors.lastFailure()));
            break;
        }
        ++seq;
        OGRFeatureH f = feature.get();
        const GIntBig fid = OGR_F_GetFID(f);
        uint32_t row = 0;
        if (source.csv) {
            approximateRows |= !source.csv->seek(fid, &row);
        } else if (fid >= 0 && fid <= std::numeric_limits<uint32_t>::max()) {
            row = static_cast<uint32_t>(fid);
        } else {
            approximateRows = true;
            row = static_cast<uint32_t>(seq);
        }

        for (int i = 0; i < n; ++i) {
            std::string &v = values[size_t(i)];
            if (!fieldText(f, i, types[size_t(i)], subTypes[size_t(i)], v))
                zoneless[size_t(i)] = true;
            // Delimited text was decoded as a whole already, as the fast reader does.
            if (!source.csv && !text::isValidUtf8(v)) {
                const QByteArray utf8 = QString::fromLatin1(v.data(), qsizetype(v.size())).toUtf8();
                v.assign(utf8.constData(), size_t(utf8.size()));
                builder.warn(kLatin1Warning, row);
            }
            views[size_t(i)] = v;
        }
        size_t count = fieldCount;
        if (source.csv && !source.csv->check(values, views, &count, builder, row))
            continue;
        if (layer.startFallback >= 0) {
            std::string_view &start = views[size_t(layer.mapping.column(Field::Start))];
            if (start.empty())
                start = views[size_t(layer.startFallback)];
        }

        EventBuilder::Position pos;
        const EventBuilder::Position *geometry = nullptr;
        if (layer.geometry) {
            switch (position(OGR_F_GetGeometryRef(f), source.transform, pos)) {
            case GeometryStatus::None:
                break; // EventBuilder falls back to position columns, or rejects
            case GeometryStatus::Ok:
                geometry = &pos;
                break;
            case GeometryStatus::NoCentroid:
                builder.rejectRecord(row, QStringLiteral("the geometry has no centroid"));
                continue;
            case GeometryStatus::NotConvertible:
                builder.rejectRecord(row,
                                     QStringLiteral("the position cannot be converted to WGS 84"));
                continue;
            }
        }
        builder.addRecord(views.data(), count, row, geometry,
                          source.csv ? source.csv->recordHash() : nullptr);
    }
    if (options.progress)
        options.progress(1.0);

    for (Field f : {Field::Start, Field::End}) {
        const int c = layer.mapping.column(f);
        if (c >= 0 && c < n && zoneless[size_t(c)])
            report.notes << QStringLiteral("column '%1': times without a time zone are read as "
                                           "UTC")
                                .arg(layer.headers.value(c));
    }
    if (approximateRows)
        report.notes << (source.csv ? QStringLiteral("some records could not be matched to their "
                                                     "lines: their row is OGR's feature id + 1")
                                    : QStringLiteral("some feature ids are not usable as row "
                                                     "numbers: those rows are numbered in read "
                                                     "order"));
    LoadResult result = builder.finish(std::move(report), options.dedupe);
    // EventBuilder flags centroid positions but warns only for WKT text, and then also
    // for rows it rejects later. The warning is about loaded events: listed from the flags.
    std::vector<uint32_t> centroidRows;
    for (size_t r = 0; r < result.store->size(); ++r) {
        if (result.store->flags(r) & EventStore::PositionFromCentroid)
            centroidRows.push_back(result.store->sourceRow(r));
    }
    result.report.warnings.remove(kCentroidWarning);
    if (!centroidRows.empty())
        result.report.warnings.insert(kCentroidWarning, std::move(centroidRows));
    return result;
}

} // namespace

void ogr::ensureRegistered()
{
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

LoadResult ogr::readFile(const QString &path, const LoadOptions &options)
{
    ensureRegistered();
    ErrorCapture errors;
    LoadReport report;
    report.file = path;
    report.rowLabel = QStringLiteral("feature");

    const unsigned flags = GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR;
    const bool text = EventReader::isDelimitedText(path) && QFileInfo(path).isFile();
    CsvSource csv;
    DatasetPtr ds;
    if (text) {
        report.driver = QStringLiteral("CSV");
        const QString error = csv.prepare(path);
        if (!error.isEmpty())
            return fatal(std::move(report), error);
        // The rows are line numbers here, as with the fast reader (see ogrcsv.h).
        report.rowLabel = QStringLiteral("row");
        if (!csv.note().isEmpty())
            report.notes << csv.note();
        report.notes << QStringLiteral("separator: %1")
                            .arg(csv.separator() == '\t' ? QStringLiteral("tab")
                                                         : QString(QLatin1Char(csv.separator())));
        // Every field as text, as in the file: the value rules are EventBuilder's.
        const char *const drivers[] = {"CSV", nullptr};
        const char *const openOptions[] = {"AUTODETECT_TYPE=NO", "KEEP_GEOM_COLUMNS=YES",
                                           "EMPTY_STRING_AS_NULL=NO", "HEADERS=YES", nullptr};
        ds.reset(GDALOpenEx(csv.vsiPath().c_str(), flags, drivers, openOptions, nullptr));
    } else {
        ds.reset(GDALOpenEx(QFile::encodeName(path).constData(), flags, nullptr, nullptr, nullptr));
    }
    // GDAL names the in-memory copy of a text file in its messages; users know the file.
    const auto ours = [&](QString message) {
        if (text)
            message.replace(QString::fromStdString(csv.vsiPath()), path);
        return message;
    };
    if (!ds) {
        const QString why = errors.failures() > 0 ? errors.failureMessages() : errors.lastMessage();
        return fatal(std::move(report),
                     QStringLiteral("not a vector data file GDAL can read%1")
                         .arg(why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(ours(why))));
    }
    report.driver = fromUtf8(GDALGetDriverShortName(GDALGetDatasetDriver(ds.get())));
    const QString missing = missingShapefilePart(path, report.driver);
    if (!missing.isEmpty())
        return fatal(std::move(report), missing);

    const int layerCount = GDALDatasetGetLayerCount(ds.get());
    if (layerCount <= 0)
        return fatal(std::move(report), QStringLiteral("the file holds no vector layers"));
    std::vector<LayerInfo> layers;
    for (int i = 0; i < layerCount; ++i)
        layers.push_back(inspect(GDALDatasetGetLayer(ds.get(), i), options, !text,
                                 text ? &csv.headers() : nullptr));
    QString error;
    const int chosen = chooseLayer(
        layers, options.layer, path.startsWith(QLatin1String("PG:"), Qt::CaseInsensitive), &error);
    if (chosen < 0)
        return fatal(std::move(report), error);
    const LayerInfo &layer = layers[size_t(chosen)];
    report.layer = text ? QFileInfo(path).completeBaseName() : layer.name;
    if (layerCount > 1) {
        QStringList names;
        for (const LayerInfo &l : layers)
            names << l.name;
        report.notes << QStringLiteral("layer '%1' (%2 of %3 layers: %4)")
                            .arg(layer.name)
                            .arg(chosen + 1)
                            .arg(layerCount)
                            .arg(nameList(names));
    }
    report.headers = layer.headers;
    report.mapping = layer.mapping;
    error = unusable(layer, text, &report.unmappedFields);
    if (!error.isEmpty())
        return fatal(std::move(report), error);

    LayerSource source;
    source.layer = &layer;
    TransformPtr transform;
    if (layer.geometry) {
        error = prepareTransform(layer.layer, transform, report.notes, errors);
        if (!error.isEmpty())
            return fatal(std::move(report), error);
        source.transform = transform.get();
    }
    std::unique_ptr<CsvRecords> records;
    if (text) {
        records = std::make_unique<CsvRecords>(csv, int(layer.headers.size()));
        if (!records->aligned())
            report.notes << records->note();
        source.csv = records.get();
    }
    LoadResult result = readFeatures(source, options, errors, std::move(report));
    for (const QString &w : errors.warnings())
        result.report.notes << QStringLiteral("GDAL: %1").arg(ours(w));
    if (errors.moreWarnings() > 0)
        result.report.notes
            << QStringLiteral("GDAL: %1 more warnings like these").arg(errors.moreWarnings());
    if (!result.report.ok())
        result.report.error = ours(result.report.error);
    return result;
}

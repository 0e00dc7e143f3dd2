#include "ogrtracks.h"

#include "io/timeparser.h"
#include "ogroutput.h"
#include "ogrreader.h"
#include "ogrsupport.h"
#include "tracks/trackstore.h"

#include <QFile>
#include <QFileInfo>

#include <cmath>

using namespace ogr::detail;

namespace {

enum Col {
    VesselId,
    Mmsi,
    Imo,
    ShipName,
    CallSign,
    ShipType,
    Segment,
    StartKind,
    Start,
    End,
    Positions,
    Time,
    Sog,
    Cog,
    Heading,
    Lat,
    Lon,
    ColCount
};

struct ColDef
{
    const char *name;
    OGRFieldType type;
};

constexpr ColDef kCols[ColCount] = {
    {"vessel_id", OFTString},
    {"mmsi", OFTString},
    {"imo", OFTString},
    {"ship_name", OFTString},
    {"callsign", OFTString},
    {"ship_type", OFTInteger},
    {"segment", OFTInteger},
    {"start_kind", OFTString},
    {"start", OFTString},
    {"end", OFTString},
    {"positions", OFTInteger64},
    {"time", OFTString},
    {"sog", OFTReal},
    {"cog", OFTReal},
    {"heading", OFTReal},
    {"lat", OFTReal},
    {"lon", OFTReal},
};

const char *startKind(TrackStore::SegmentStart s)
{
    switch (s) {
    case TrackStore::SegmentStart::First:
        return "first";
    case TrackStore::SegmentStart::AfterGap:
        return "after_gap";
    case TrackStore::SegmentStart::AfterJump:
        return "after_jump";
    }
    return "";
}

// The identity the vessel broadcast last before t (its first one when it broadcast none
// before): what it called itself during the track, which the latest name may not be.
const VesselIdentity *identityAt(const TrackStore &store, size_t v, int64_t t)
{
    const std::vector<IdentityPeriod> &history = store.identityHistory(v);
    const IdentityPeriod *best = nullptr;
    for (const IdentityPeriod &p : history) {
        if (p.firstMs <= t && (!best || p.firstMs >= best->firstMs))
            best = &p;
    }
    if (!best && !history.empty())
        best = &history.front();
    return best ? &best->identity : nullptr;
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

void setText(OGRFeatureH f, int index, std::string_view text)
{
    if (!text.empty())
        OGR_F_SetFieldString(f, index, std::string(text).c_str());
}

void setReal(OGRFeatureH f, int index, float v)
{
    if (std::isfinite(v))
        OGR_F_SetFieldDouble(f, index, double(v));
}

} // namespace

bool ogr::writeTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                      gdal::TrackGeometry geometry, const QString &path, bool overwrite,
                      int64_t *features, QString *error)
{
    ensureRegistered();
    ErrorCapture errors;
    *features = 0;
    const bool lines = geometry == gdal::TrackGeometry::Lines;
    OutputTarget output;
    if (!output.open(path, overwrite, error))
        return false;
    const OutputFormat &format = output.format();
    const QByteArray driverName(format.driver);
    const bool csv = driverName == "CSV";
    if (driverName != "GPKG" && driverName != "GeoJSON" && driverName != "FlatGeobuf"
        && driverName != "KML" && !(csv && !lines))
        return fail(
            error,
            QStringLiteral("tracks are written to .gpkg, .geojson, .fgb or .kml%1, not "
                           "to .%2")
                .arg(lines ? QStringLiteral(" (points also to .csv)") : QStringLiteral(" or .csv"),
                     QFileInfo(path).suffix()));
    for (size_t i = 0; i < positions.size(); ++i) {
        if (positions[i] >= store.positionCount() || (i > 0 && positions[i] <= positions[i - 1]))
            return fail(error, QStringLiteral("internal error: positions not in store order"));
    }
    GDALDriverH driver = GDALGetDriverByName(format.driver);
    if (!driver)
        return fail(error, QStringLiteral("this GDAL has no %1 driver").arg(format.driver));

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
    ds.reset(GDALCreate(driver, QFile::encodeName(output.tmpPath()).constData(), 0, 0, 0,
                        GDT_Unknown, nullptr));
    if (!ds)
        return cleanUp(gdalReason(QStringLiteral("cannot create %1").arg(path)));
    std::vector<const char *> layerOptions;
    if (driverName == "GeoJSON")
        layerOptions = {"RFC7946=NO", "COORDINATE_PRECISION=7", "WRITE_BBOX=NO"};
    else if (csv)
        layerOptions = {"STRING_QUOTING=IF_AMBIGUOUS", "LINEFORMAT=LF"};
    else if (driverName == "FlatGeobuf")
        layerOptions = {"SPATIAL_INDEX=NO"}; // keeps the store's order
    layerOptions.push_back(nullptr);
    SrsPtr srs = wgs84();
    const QByteArray layerName = QFileInfo(path).completeBaseName().toUtf8();
    OGRLayerH layer =
        GDALDatasetCreateLayer(ds.get(), layerName.constData(), csv ? nullptr : srs.get(),
                               csv ? wkbNone : (lines ? wkbLineString : wkbPoint),
                               const_cast<char **>(layerOptions.data()));
    if (!layer)
        return cleanUp(gdalReason(QStringLiteral("cannot create a layer in %1").arg(path)));

    std::vector<Col> cols = lines
        ? std::vector<Col> {VesselId, Mmsi,      Imo,   ShipName, CallSign, ShipType,
                            Segment,  StartKind, Start, End,      Positions}
        : std::vector<Col> {VesselId, Mmsi, Segment, Time, Sog, Cog, Heading};
    if (csv)
        cols.insert(cols.end(), {Lat, Lon});
    int index[ColCount];
    for (Col c : cols) {
        OGRFieldDefnH fd = OGR_Fld_Create(kCols[c].name, kCols[c].type);
        const OGRErr e = OGR_L_CreateField(layer, fd, FALSE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE)
            return cleanUp(gdalReason(
                QStringLiteral("cannot create field '%1'").arg(QLatin1String(kCols[c].name))));
    }
    // By name: some drivers add fields of their own (KML: Name, Description).
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (Col c : cols) {
        index[c] = OGR_FD_GetFieldIndex(defn, kCols[c].name);
        if (index[c] < 0)
            return cleanUp(QStringLiteral("the %1 driver did not create field '%2'")
                               .arg(format.driver, QLatin1String(kCols[c].name)));
    }

    const bool transaction = GDALDatasetStartTransaction(ds.get(), FALSE) == OGRERR_NONE;
    const auto iso = [](int64_t ms) { return timeparse::toIso(ms).toUtf8(); };
    const auto writeFeature = [&](FeaturePtr &feature, uint32_t p) {
        if (OGR_L_CreateFeature(layer, feature.get()) != OGRERR_NONE)
            return cleanUp(gdalReason(QStringLiteral("cannot write the position of %1 line %2")
                                          .arg(store.files().at(store.sourceFile(p)))
                                          .arg(store.sourceRow(p))));
        ++*features;
        return true;
    };
    size_t i = 0;
    const size_t n = positions.size();
    for (size_t s = 0; s < store.segmentCount() && i < n; ++s) {
        const uint32_t end = store.segmentEnd(s);
        const size_t v = store.segmentVessel(s);
        const int segmentNumber = int(s - store.vesselSegmentBegin(v)) + 1;
        const std::string_view id = store.vesselId(v);
        const std::string mmsi = store.mmsi(v) ? std::to_string(store.mmsi(v)) : std::string();
        while (i < n && positions[i] < end) {
            FeaturePtr feature(OGR_F_Create(defn));
            setText(feature.get(), index[VesselId], id);
            setText(feature.get(), index[Mmsi], mmsi);
            OGR_F_SetFieldInteger(feature.get(), index[Segment], segmentNumber);
            if (!lines) {
                const uint32_t p = positions[i++];
                OGR_F_SetFieldString(feature.get(), index[Time], iso(store.timeMs(p)).constData());
                setReal(feature.get(), index[Sog], store.sog(p));
                setReal(feature.get(), index[Cog], store.cog(p));
                setReal(feature.get(), index[Heading], store.heading(p));
                if (csv) {
                    OGR_F_SetFieldDouble(feature.get(), index[Lat], store.lat(p));
                    OGR_F_SetFieldDouble(feature.get(), index[Lon], store.lon(p));
                } else {
                    GeometryPtr point(OGR_G_CreateGeometry(wkbPoint));
                    OGR_G_SetPoint_2D(point.get(), 0, store.lon(p), store.lat(p));
                    OGR_F_SetGeometryDirectly(feature.get(), point.release());
                }
                if (!writeFeature(feature, p))
                    return false;
                continue;
            }
            // A run of consecutive given positions: the whole segment without filters,
            // the parts inside the area or window with them.
            const size_t first = i;
            while (i + 1 < n && positions[i + 1] == positions[i] + 1 && positions[i + 1] < end)
                ++i;
            const size_t last = i++;
            GeometryPtr line(OGR_G_CreateGeometry(wkbLineString));
            OGR_G_Set3D(line.get(), FALSE);
            const int count = int(last - first + 1);
            OGR_G_SetPointCount(line.get(), count);
            for (int k = 0; k < count; ++k) {
                const uint32_t p = positions[first + size_t(k)];
                OGR_G_SetPoint_2D(line.get(), k, store.lon(p), store.lat(p));
            }
            OGR_F_SetGeometryDirectly(feature.get(), line.release());
            const int64_t t0 = store.timeMs(positions[first]);
            const int64_t t1 = store.timeMs(positions[last]);
            if (const VesselIdentity *identity = identityAt(store, v, t1)) {
                setText(feature.get(), index[Imo], identity->imo);
                setText(feature.get(), index[ShipName], identity->name);
                setText(feature.get(), index[CallSign], identity->callSign);
                if (identity->shipType >= 0)
                    OGR_F_SetFieldInteger(feature.get(), index[ShipType], identity->shipType);
            }
            // A run cut by a filter starts where the filter let it, not at the segment's
            // own start.
            OGR_F_SetFieldString(feature.get(), index[StartKind],
                                 positions[first] == store.segmentBegin(s)
                                     ? startKind(store.segmentStart(s))
                                     : "filter");
            OGR_F_SetFieldString(feature.get(), index[Start], iso(t0).constData());
            OGR_F_SetFieldString(feature.get(), index[End], iso(t1).constData());
            OGR_F_SetFieldInteger64(feature.get(), index[Positions], count);
            if (!writeFeature(feature, positions[first]))
                return false;
        }
    }
    if (transaction && GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE)
        return cleanUp(gdalReason(QStringLiteral("cannot write %1").arg(path)));
    const int failuresBeforeClose = errors.failures();
    ds.reset();
    if (errors.failures() > failuresBeforeClose || errors.failures() > 0)
        return cleanUp(gdalReason(QStringLiteral("cannot finish writing %1").arg(path)));
    return output.commit(error);
}

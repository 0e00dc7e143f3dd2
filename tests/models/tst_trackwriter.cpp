#include "io/timeparser.h"
#include "ogrtracks.h"
#include "tracks/trackstore.h"
#include "tracks/tracksummary.h"

#if __has_include(<gdal.h>)
#include <gdal.h>
#include <ogr_api.h>
#else
#include <gdal/gdal.h>
#include <gdal/ogr_api.h>
#endif

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

// Writing tracks through OGR (`rendezvous convert --tracks lines|points`): read back
// with OGR itself, every format gives one line per segment or one point per position,
// with the store's coordinates, times and identities.
namespace {

constexpr int64_t kT0 = 1648684800000; // 2022-03-31T00:00:00Z
constexpr int64_t kMinute = 60 * 1000;

struct Feature
{
    std::vector<std::pair<double, double>> points; // (lon, lat)
    QMap<QString, QString> fields; // by lower-case name; absent = null
};

// Every feature of the file's first layer, as OGR reads it.
std::vector<Feature> readBack(const QString &path, QString *error)
{
    GDALAllRegister();
    std::vector<Feature> out;
    GDALDatasetH ds =
        GDALOpenEx(QFile::encodeName(path).constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    if (!ds) {
        *error = QStringLiteral("cannot open ") + path;
        return out;
    }
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    OGR_L_ResetReading(layer);
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
        Feature feature;
        for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
            if (!OGR_F_IsFieldSetAndNotNull(f, i))
                continue;
            const QString name =
                QString::fromUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))).toLower();
            const QString value = QString::fromUtf8(OGR_F_GetFieldAsString(f, i));
            if (!value.isEmpty()) // KML writes an empty ExtendedData value for null
                feature.fields.insert(name, value);
        }
        if (OGRGeometryH g = OGR_F_GetGeometryRef(f)) {
            for (int k = 0; k < OGR_G_GetPointCount(g); ++k)
                feature.points.emplace_back(OGR_G_GetX(g, k), OGR_G_GetY(g, k));
        }
        out.push_back(std::move(feature));
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return out;
}

int64_t msOf(const QString &iso)
{
    const QByteArray b = iso.toUtf8();
    const timeparse::Result r = timeparse::parse(std::string_view(b.constData(), size_t(b.size())));
    return r.status == timeparse::Status::Ok ? r.ms : -1;
}

// Two vessels: one with a gap (two segments) and a name change, one with an
// impossible jump (two segments); one single-position segment.
std::shared_ptr<TrackStore> sampleStore()
{
    TrackBuilder b;
    const uint16_t file = b.addFile(QStringLiteral("sample.csv"));
    const uint32_t v1 = b.vesselByMmsi(538001234);
    const uint32_t v2 = b.vesselByMmsi(367702220);
    uint32_t row = 2;
    const auto add = [&](uint32_t v, int64_t minutes, double lat, double lon, float sog, float cog,
                         float heading) {
        PositionReport r;
        r.vessel = v;
        r.timeMs = kT0 + minutes * kMinute;
        r.lat = lat;
        r.lon = lon;
        r.sog = sog;
        r.cog = cog;
        r.heading = heading;
        r.sourceFile = file;
        r.sourceRow = row++;
        b.add(r);
    };
    add(v1, 0, 25.0, -80.0, 10.0f, 90.0f, 88.0f);
    add(v1, 10, 25.0, -79.945, 10.0f, 90.0f, NAN);
    add(v1, 20, 25.0, -79.89, 9.5f, 90.5f, 89.0f);
    add(v1, 450, 25.5, -79.5, 0.1f, NAN, NAN); // 7 h later: a new segment
    add(v1, 460, 25.5001, -79.5001, 0.0f, NAN, NAN);
    add(v2, 0, 29.78763, -95.0807, 0.1f, 226.5f, 340.0f);
    add(v2, 5, 29.787, -95.081, 0.2f, 226.5f, 340.0f);
    add(v2, 15, 38.0, -90.0, 0.2f, 10.0f, 340.0f); // ~1,000 km in 10 min: another segment
    VesselIdentity star;
    star.imo = "9627980";
    star.name = "OCEAN STAR";
    star.callSign = "V7AB1";
    star.shipType = 80;
    b.addIdentity(v1, kT0, star);
    VesselIdentity renamed = star;
    renamed.name = "SEA STAR";
    b.addIdentity(v1, kT0 + 400 * kMinute, renamed);
    return b.finish();
}

} // namespace

class TstTrackWriter : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void lines_data();
    void lines();
    void points_data();
    void points();
    void filteredLines();
    void csvPoints();
    void refusals();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<TrackStore> m_store;
};

void TstTrackWriter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = sampleStore();
    QCOMPARE(m_store->positionCount(), size_t(8));
    QCOMPARE(m_store->segmentCount(), size_t(4));
}

void TstTrackWriter::lines_data()
{
    QTest::addColumn<QString>("suffix");
    for (const char *s : {"gpkg", "geojson", "fgb", "kml"})
        QTest::newRow(s) << QString::fromLatin1(s);
}

void TstTrackWriter::lines()
{
    QFETCH(QString, suffix);
    const TrackStore &store = *m_store;
    const QString path = m_dir.filePath(QStringLiteral("lines.") + suffix);
    int64_t features = 0;
    QString error;
    QVERIFY2(ogr::writeTracks(store, TrackFilter().apply(store), gdal::TrackGeometry::Lines, path,
                              false, &features, &error),
             qPrintable(error));
    QCOMPARE(features, int64_t(store.segmentCount()));
    const std::vector<Feature> back = readBack(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(back.size(), store.segmentCount());
    for (size_t s = 0; s < store.segmentCount(); ++s) {
        const Feature &f = back[s];
        const size_t v = store.segmentVessel(s);
        QCOMPARE(f.fields.value(QStringLiteral("vessel_id")),
                 QString::fromUtf8(store.vesselId(v).data(), int(store.vesselId(v).size())));
        QCOMPARE(f.fields.value(QStringLiteral("mmsi")), QString::number(store.mmsi(v)));
        const uint32_t b = store.segmentBegin(s), e = store.segmentEnd(s);
        QCOMPARE(f.fields.value(QStringLiteral("positions")).toLongLong(), qint64(e - b));
        QCOMPARE(msOf(f.fields.value(QStringLiteral("start"))), store.timeMs(b));
        QCOMPARE(msOf(f.fields.value(QStringLiteral("end"))), store.timeMs(e - 1));
        QCOMPARE(f.fields.value(QStringLiteral("segment")).toInt(),
                 int(s - store.vesselSegmentBegin(v)) + 1);
        const char *kinds[] = {"first", "after_gap", "after_jump"};
        QCOMPARE(f.fields.value(QStringLiteral("start_kind")),
                 QLatin1String(kinds[int(store.segmentStart(s))]));
        QCOMPARE(f.points.size(), size_t(e - b));
        for (uint32_t p = b; p < e; ++p) {
            QVERIFY(std::abs(f.points[p - b].first - store.lon(p)) < 1e-9);
            QVERIFY(std::abs(f.points[p - b].second - store.lat(p)) < 1e-9);
        }
        if (store.mmsi(v) == 538001234) {
            QCOMPARE(f.fields.value(QStringLiteral("imo")), QStringLiteral("9627980"));
            QCOMPARE(f.fields.value(QStringLiteral("callsign")), QStringLiteral("V7AB1"));
            QCOMPARE(f.fields.value(QStringLiteral("ship_type")), QStringLiteral("80"));
            // The name the vessel gave during the segment: renamed between the two.
            QCOMPARE(f.fields.value(QStringLiteral("ship_name")),
                     store.timeMs(b) < kT0 + 400 * kMinute ? QStringLiteral("OCEAN STAR")
                                                           : QStringLiteral("SEA STAR"));
        } else {
            QVERIFY(!f.fields.contains(QStringLiteral("imo")));
            QVERIFY(!f.fields.contains(QStringLiteral("ship_name")));
            QVERIFY(!f.fields.contains(QStringLiteral("ship_type")));
        }
    }
}

void TstTrackWriter::points_data()
{
    lines_data();
}

void TstTrackWriter::points()
{
    QFETCH(QString, suffix);
    const TrackStore &store = *m_store;
    const QString path = m_dir.filePath(QStringLiteral("points.") + suffix);
    int64_t features = 0;
    QString error;
    QVERIFY2(ogr::writeTracks(store, TrackFilter().apply(store), gdal::TrackGeometry::Points, path,
                              false, &features, &error),
             qPrintable(error));
    QCOMPARE(features, int64_t(store.positionCount()));
    const std::vector<Feature> back = readBack(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(back.size(), store.positionCount());
    for (size_t p = 0; p < store.positionCount(); ++p) {
        const Feature &f = back[p];
        QCOMPARE(f.points.size(), size_t(1));
        QVERIFY(std::abs(f.points[0].first - store.lon(p)) < 1e-9);
        QVERIFY(std::abs(f.points[0].second - store.lat(p)) < 1e-9);
        QCOMPARE(msOf(f.fields.value(QStringLiteral("time"))), store.timeMs(p));
        const struct
        {
            const char *name;
            float value;
        } numbers[] = {{"sog", store.sog(p)}, {"cog", store.cog(p)}, {"heading", store.heading(p)}};
        for (const auto &n : numbers) {
            const QString key = QLatin1String(n.name);
            if (std::isnan(n.value)) {
                QVERIFY2(!f.fields.contains(key), qPrintable(key));
            } else {
                QVERIFY2(f.fields.contains(key), qPrintable(key));
                QVERIFY(std::abs(f.fields.value(key).toDouble() - double(n.value)) < 1e-4);
            }
        }
    }
}

void TstTrackWriter::filteredLines()
{
    // A box holding the first two positions of 538001234's first segment (of three):
    // the segment is cut to the positions inside, one line per run.
    const TrackStore &store = *m_store;
    const int64_t v = store.findMmsi(538001234);
    QVERIFY(v >= 0);
    const uint32_t p0 = store.vesselPositionBegin(size_t(v));
    TrackFilter filter;
    filter.bbox = GeoBox {-80.5, 24.5, -79.9, 26.0};
    const std::vector<uint32_t> positions = filter.apply(store);
    QCOMPARE(positions, (std::vector<uint32_t> {p0, p0 + 1}));
    const QString path = m_dir.filePath(QStringLiteral("filtered.geojson"));
    int64_t features = 0;
    QString error;
    QVERIFY2(ogr::writeTracks(store, positions, gdal::TrackGeometry::Lines, path, false, &features,
                              &error),
             qPrintable(error));
    QCOMPARE(features, int64_t(1));
    const std::vector<Feature> back = readBack(path, &error);
    QCOMPARE(back.size(), size_t(1));
    QCOMPARE(back[0].points.size(), size_t(2));
    QCOMPARE(back[0].fields.value(QStringLiteral("positions")), QStringLiteral("2"));
    QCOMPARE(back[0].fields.value(QStringLiteral("start_kind")), QStringLiteral("first"));
    QCOMPARE(msOf(back[0].fields.value(QStringLiteral("end"))), kT0 + 10 * kMinute);
    // A run that starts inside a segment says so.
    const std::vector<uint32_t> tail {p0 + 1, p0 + 2};
    const QString tailPath = m_dir.filePath(QStringLiteral("tail.geojson"));
    QVERIFY2(ogr::writeTracks(store, tail, gdal::TrackGeometry::Lines, tailPath, false, &features,
                              &error),
             qPrintable(error));
    QCOMPARE(features, int64_t(1));
    QCOMPARE(readBack(tailPath, &error).at(0).fields.value(QStringLiteral("start_kind")),
             QStringLiteral("filter"));
    // Two runs of one segment (a hole in the middle) are two lines, never one drawn
    // across the hole.
    const std::vector<uint32_t> holed {p0, p0 + 2};
    const QString holedPath = m_dir.filePath(QStringLiteral("holed.geojson"));
    QVERIFY2(ogr::writeTracks(store, holed, gdal::TrackGeometry::Lines, holedPath, false, &features,
                              &error),
             qPrintable(error));
    QCOMPARE(features, int64_t(2));
    QCOMPARE(readBack(holedPath, &error).size(), size_t(2));
}

void TstTrackWriter::csvPoints()
{
    const TrackStore &store = *m_store;
    const QString path = m_dir.filePath(QStringLiteral("points.csv"));
    int64_t features = 0;
    QString error;
    QVERIFY2(ogr::writeTracks(store, TrackFilter().apply(store), gdal::TrackGeometry::Points, path,
                              false, &features, &error),
             qPrintable(error));
    const std::vector<Feature> back = readBack(path, &error);
    QCOMPARE(back.size(), store.positionCount());
    for (size_t p = 0; p < store.positionCount(); ++p) {
        QCOMPARE(back[p].fields.value(QStringLiteral("lat")).toDouble(), store.lat(p));
        QCOMPARE(back[p].fields.value(QStringLiteral("lon")).toDouble(), store.lon(p));
    }
}

void TstTrackWriter::refusals()
{
    const TrackStore &store = *m_store;
    const std::vector<uint32_t> all = TrackFilter().apply(store);
    int64_t features = 0;
    QString error;
    // Lines have no place in a CSV without geometry, nor tracks in a Shapefile here.
    QVERIFY(!ogr::writeTracks(store, all, gdal::TrackGeometry::Lines,
                              m_dir.filePath(QStringLiteral("lines.csv")), false, &features,
                              &error));
    QVERIFY2(error.contains(QStringLiteral(".gpkg")), qPrintable(error));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("lines.csv"))));
    QVERIFY(!ogr::writeTracks(store, all, gdal::TrackGeometry::Points,
                              m_dir.filePath(QStringLiteral("p.shp")), false, &features, &error));
    // An existing file stays unless overwrite is asked for.
    const QString existing = m_dir.filePath(QStringLiteral("existing.geojson"));
    {
        QFile f(existing);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("precious");
    }
    QVERIFY(!ogr::writeTracks(store, all, gdal::TrackGeometry::Lines, existing, false, &features,
                              &error));
    QVERIFY2(error.contains(QStringLiteral("--overwrite")), qPrintable(error));
    QFile f(existing);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("precious"));
    f.close();
    QVERIFY2(
        ogr::writeTracks(store, all, gdal::TrackGeometry::Lines, existing, true, &features, &error),
        qPrintable(error));
    QCOMPARE(readBack(existing, &error).size(), store.segmentCount());
    // Nothing left behind by the refused or finished writes.
    QCOMPARE(QDir(m_dir.path())
                 .entryList({QStringLiteral(".*.tmp-*")},
                            QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

QTEST_GUILESS_MAIN(TstTrackWriter)
#include "tst_trackwriter.moc"

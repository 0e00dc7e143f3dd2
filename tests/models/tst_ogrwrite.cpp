#include "ogrtesthelpers.h"

#include "io/csvreader.h"
#include "ogrreader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QTemporaryDir>

// Writing through OGR: every format round-trips the events, the schema keeps
// identifiers as text, and the target is replaced only by a complete file.
using namespace ogrtest;

namespace {

QByteArray digest(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Files a write left behind besides its output: temporaries must not survive.
QStringList leftovers(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral(".*.tmp-*")},
                               QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class TstOgrWrite : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fieldNames();
    void roundTrip_data();
    void roundTrip();
    void schema();
    void shapefileLimits();
    void overwrite_data();
    void overwrite();
    void rowSubset();
    void unknownFormat();
    void manyFeatures();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
    std::shared_ptr<EventStore> m_source;
};

void TstOgrWrite::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const LoadResult r = csv::readFile(dataFile(QStringLiteral("roundtrip.csv")), {});
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QVERIFY2(r.report.rejections.empty(), qPrintable(rejectionLines(r.report).join('\n')));
    QCOMPARE(r.report.loaded, 5);
    m_source = r.store;
    // The fixture must exercise what the formats tend to lose.
    QCOMPARE(m_source->text(Field::VesselAImo, 1), QStringLiteral("0912345"));
    QCOMPARE(m_source->text(Field::VesselAMmsi, 1), QStringLiteral("012345678"));
    QVERIFY(std::isnan(m_source->volume(1)));
    QCOMPARE(m_source->volume(3), 0.0);
    QVERIFY(m_source->extraNames().contains(QStringLiteral("Vessel Name"))); // an alias
}

void TstOgrWrite::fieldNames()
{
    QStringList names;
    for (int f = 0; f < FieldCount; ++f) {
        const QString n = writtenFieldName(static_cast<Field>(f));
        QVERIFY(!n.isEmpty());
        QVERIFY2(n.toUtf8().size() <= 10, qPrintable(n));
        QVERIFY(!names.contains(n));
        names << n;
    }
    // Reading the names back maps every field to its own column.
    const ColumnMapping m = ColumnMapping::detect(names);
    for (int f = 0; f < FieldCount; ++f)
        QCOMPARE(m.column(static_cast<Field>(f)), f);
}

void TstOgrWrite::roundTrip_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QString>("driver");
    QTest::addColumn<QStringList>("nativeColumns"); // added by the format on reading
    QTest::addColumn<bool>("renamed"); // extra column names shortened
    const auto row = [](const char *suffix, const char *driver, const QStringList &native = {},
                        bool renamed = false) {
        QTest::newRow(suffix) << QString::fromLatin1(suffix) << QString::fromLatin1(driver)
                              << native << renamed;
    };
    row("gpkg", "GPKG");
    row("geojson", "GeoJSON");
    row("json", "GeoJSON");
    row("csv", "CSV");
    // LIBKML reads KML's own elements as fields too.
    row("kml", "LIBKML",
        {"Name", "description", "timestamp", "begin", "altitudeMode", "tessellate", "extrude",
         "visibility", "drawOrder", "icon"});
    row("fgb", "FlatGeobuf");
    row("shp", "ESRI Shapefile", {}, true);
    row("gml", "GML", {"gml_id"}, true);
}

void TstOgrWrite::roundTrip()
{
    QFETCH(QString, suffix);
    QFETCH(QString, driver);
    QFETCH(QStringList, nativeColumns);
    QFETCH(bool, renamed);
    const QString out = path(QStringLiteral("roundtrip.") + suffix);
    QString error;
    QVERIFY2(ogr::writeFile(*m_source, ogr::allRows(*m_source), out, false, &error),
             qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(leftovers(m_dir.path()).join(QLatin1Char(' ')), QString());

    const LoadResult back = ogr::readFile(out, {});
    QVERIFY2(back.report.ok(), qPrintable(back.report.error));
    QCOMPARE(back.report.driver, driver);
    QVERIFY2(back.report.rejections.empty(), qPrintable(rejectionLines(back.report).join('\n')));
    QVERIFY2(back.report.warnings.isEmpty(), qPrintable(warningLines(back.report).join('\n')));
    compareStores(*m_source, *back.store, 1e-9, nativeColumns, renamed);
    if (suffix == QLatin1String("shp")) {
        for (const QString &name : back.store->extraNames())
            QVERIFY2(name.toUtf8().size() <= 10, qPrintable(name));
    }
    if (suffix == QLatin1String("csv")) {
        // Text needs no rounding: positions come back exactly, through either reader.
        const LoadResult fast = csv::readFile(out, {});
        QVERIFY2(fast.report.ok(), qPrintable(fast.report.error));
        compareStores(*m_source, *fast.store, 0.0);
    }
}

void TstOgrWrite::schema()
{
    const QString out = path(QStringLiteral("schema.gpkg"));
    QString error;
    QVERIFY2(ogr::writeFile(*m_source, ogr::allRows(*m_source), out, false, &error),
             qPrintable(error));
    GDALDatasetH ds =
        GDALOpenEx(QFile::encodeName(out).constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    QVERIFY(ds);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    QCOMPARE(QString::fromUtf8(OGR_L_GetName(layer)), QStringLiteral("schema"));
    QCOMPARE(wkbFlatten(OGR_L_GetGeomType(layer)), wkbPoint);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    QVERIFY(srs);
    QCOMPARE(QByteArray(OSRGetAuthorityCode(srs, nullptr)), QByteArray("4326"));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const auto type = [&](const char *name) {
        const int i = OGR_FD_GetFieldIndex(defn, name);
        return i < 0 ? OFTMaxType : OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i));
    };
    for (const char *text : {"id", "start", "end", "a_imo", "a_mmsi", "b_imo", "b_mmsi"})
        QCOMPARE(type(text), OFTString);
    for (const char *real : {"lat", "lon", "volume_bbl"})
        QCOMPARE(type(real), OFTReal);
    QCOMPARE(type("analyst_comment_long"), OFTString);
    // An extra column named like a field alias is renamed, or it would be read as that field.
    QCOMPARE(type("Vessel Name"), OFTMaxType);
    QCOMPARE(type("Vessel Name_2"), OFTString);
    // Unknown volume is null, not zero.
    OGRFeatureH f = OGR_L_GetFeature(layer, 2);
    QVERIFY(f);
    QVERIFY(!OGR_F_IsFieldSetAndNotNull(f, OGR_FD_GetFieldIndex(defn, "volume_bbl")));
    QCOMPARE(QByteArray(OGR_F_GetFieldAsString(f, OGR_FD_GetFieldIndex(defn, "a_imo"))),
             QByteArray("0912345"));
    OGR_F_Destroy(f);
    GDALClose(ds);

    QVERIFY2(ogr::writeFile(*m_source, ogr::allRows(*m_source),
                            path(QStringLiteral("schema.geojson")), false, &error),
             qPrintable(error));
    QFile json(path(QStringLiteral("schema.geojson")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QByteArray text = json.readAll();
    QVERIFY(text.contains("\"a_imo\": \"0912345\""));
    // Properties with 17 significant digits: the same double comes back.
    const qsizetype at = text.indexOf("\"lat\": ") + 7;
    const QByteArray lat = text.mid(at, text.indexOf(',', at) - at);
    QCOMPARE(lat.toDouble(), m_source->lat(0));
}

void TstOgrWrite::shapefileLimits()
{
    const QString out = path(QStringLiteral("limits.shp"));
    QString error;
    QVERIFY2(ogr::writeFile(*m_source, ogr::allRows(*m_source), out, false, &error),
             qPrintable(error));
    for (const char *ext : {"shp", "shx", "dbf", "prj", "cpg"})
        QVERIFY2(QFileInfo::exists(path(QStringLiteral("limits.") + QLatin1String(ext))), ext);
    QFile cpg(path(QStringLiteral("limits.cpg")));
    QVERIFY(cpg.open(QIODevice::ReadOnly));
    QCOMPARE(cpg.readAll().trimmed(), QByteArray("UTF-8"));

    // More than dBase's 254 bytes of text: refused, never cut.
    EventStore longText;
    TransferEvent e;
    e.id = QStringLiteral("L1");
    e.start = utc(2020, 1, 1);
    e.position = QGeoCoordinate(1, 2);
    e.notes = QString(300, QLatin1Char('x'));
    longText.append(e);
    QVERIFY(!ogr::writeFile(longText, ogr::allRows(longText), path(QStringLiteral("long.shp")),
                            false, &error));
    QVERIFY2(error.contains(QStringLiteral("254")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("long.shp"))));
    QVERIFY2(ogr::writeFile(longText, ogr::allRows(longText), path(QStringLiteral("long.gpkg")),
                            false, &error),
             qPrintable(error));
    QCOMPARE(leftovers(m_dir.path()).join(QLatin1Char(' ')), QString());
}

void TstOgrWrite::overwrite_data()
{
    QTest::addColumn<QString>("suffix");
    for (const char *s : {"gpkg", "geojson", "csv", "kml", "fgb", "shp"})
        QTest::newRow(s) << QString::fromLatin1(s);
}

void TstOgrWrite::overwrite()
{
    QFETCH(QString, suffix);
    const QString out = path(QStringLiteral("over.") + suffix);
    QString error;
    QVERIFY2(ogr::writeFile(*m_source, ogr::allRows(*m_source), out, false, &error),
             qPrintable(error));
    const QByteArray before = digest(out);
    QVERIFY(!before.isEmpty());

    // Refused: the existing file is untouched, nothing is left behind.
    QVERIFY(!ogr::writeFile(*m_source, {0}, out, false, &error));
    QCOMPARE(error, out + QStringLiteral(" exists; use --overwrite"));
    QCOMPARE(digest(out), before);
    QCOMPARE(leftovers(m_dir.path()).join(QLatin1Char(' ')), QString());

    // Allowed: replaced by the new content, stale sidecars gone.
    QFile stale(path(QStringLiteral("over.qix")));
    if (suffix == QLatin1String("shp")) {
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.close();
    }
    QVERIFY2(ogr::writeFile(*m_source, {0}, out, true, &error), qPrintable(error));
    QVERIFY(digest(out) != before);
    QVERIFY(!stale.exists());
    QCOMPARE(leftovers(m_dir.path()).join(QLatin1Char(' ')), QString());
    const LoadResult back = ogr::readFile(out, {});
    QVERIFY2(back.report.ok(), qPrintable(back.report.error));
    QCOMPARE(back.report.loaded, 1);
    QCOMPARE(back.store->id(0), m_source->id(0));
}

void TstOgrWrite::rowSubset()
{
    const QString out = path(QStringLiteral("subset.geojson"));
    QString error;
    QVERIFY2(ogr::writeFile(*m_source, {4, 1}, out, false, &error), qPrintable(error));
    const LoadResult back = ogr::readFile(out, {});
    QVERIFY2(back.report.ok(), qPrintable(back.report.error));
    QCOMPARE(back.report.loaded, 2);
    QCOMPARE(back.store->id(0), m_source->id(4)); // in the order given
    QCOMPARE(back.store->id(1), m_source->id(1));

    QVERIFY(!ogr::writeFile(*m_source, {99}, path(QStringLiteral("bad.geojson")), false, &error));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("bad.geojson"))));
}

void TstOgrWrite::unknownFormat()
{
    QString error;
    QVERIFY(!ogr::writeFile(*m_source, ogr::allRows(*m_source), path(QStringLiteral("out.xyz")),
                            false, &error));
    QVERIFY2(error.contains(QStringLiteral("known: .gpkg")), qPrintable(error));
    QVERIFY(!ogr::writeFile(*m_source, ogr::allRows(*m_source),
                            path(QStringLiteral("nodir/out.gpkg")), false, &error));
    QVERIFY2(error.startsWith(QStringLiteral("no such directory")), qPrintable(error));
}

void TstOgrWrite::manyFeatures()
{
    // Enough features for the reader's cancel and progress polling (every 4096) to run.
    EventStore store;
    constexpr int kEvents = 10000;
    for (int i = 0; i < kEvents; ++i) {
        TransferEvent e;
        e.id = QStringLiteral("N%1").arg(i);
        e.start = utc(2020, 1, 1) + qint64(i) * 60000;
        e.position = QGeoCoordinate(-60.0 + i * 0.01, -170.0 + i * 0.03);
        e.volumeBbl = i % 3 ? double(i) : std::numeric_limits<double>::quiet_NaN();
        store.append(e);
    }
    const QString out = path(QStringLiteral("many.gpkg"));
    QString error;
    QVERIFY2(ogr::writeFile(store, ogr::allRows(store), out, false, &error), qPrintable(error));

    std::vector<double> seen;
    LoadOptions options;
    options.progress = [&](double f) { seen.push_back(f); };
    const LoadResult back = ogr::readFile(out, options);
    QVERIFY2(back.report.ok(), qPrintable(back.report.error));
    QCOMPARE(back.report.loaded, kEvents);
    QVERIFY(seen.size() >= 3);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    QCOMPARE(seen.back(), 1.0);
    compareStores(store, *back.store, 1e-9);

    // Cancelled half-way: an error, never a partial store.
    std::atomic_bool cancel {false};
    options.cancel = &cancel;
    options.progress = [&](double f) {
        if (f > 0)
            cancel = true;
    };
    const LoadResult cancelled = ogr::readFile(out, options);
    QCOMPARE(cancelled.report.error, QStringLiteral("cancelled"));
    QVERIFY(!cancelled.store);
}

QTEST_GUILESS_MAIN(TstOgrWrite)
#include "tst_ogrwrite.moc"

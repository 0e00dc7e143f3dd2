#include "ogrtesthelpers.h"

#include "io/csvreader.h"
#include "ogrreader.h"

#include <QTemporaryDir>

// Reading through OGR: layer choice, reprojection, geometry rules, typed fields, bad
// files, and equality with the fast CSV reader. Writing: tst_ogrwrite.cpp.
using namespace ogrtest;

class TstOgrIo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void geojsonEvents();
    void reprojection_data();
    void reprojection();
    void missingCrsIsWgs84();
    void layerSelection_data();
    void layerSelection();
    void typedFields();
    void kml();
    void latin1Text();
    void badFiles_data();
    void badFiles();
    void cancelAndProgress();
    void ogrCsvMatchesFastReader_data();
    void ogrCsvMatchesFastReader();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void TstOgrIo::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const std::vector<std::pair<const char *, OGRFieldType>> eventFields = {
        {"event_id", OFTString}, {"start", OFTDateTime}, {"end", OFTDateTime},
        {"vessel_a", OFTString}, {"day", OFTDate},       {"volume_bbl", OFTReal}};
    {
        // An areas layer first, so that choosing the events layer takes a decision.
        Dataset gpkg("GPKG", path(QStringLiteral("two.gpkg")));
        OGRLayerH areas = gpkg.addLayer("areas", wkbPolygon, 4326, {{"label", OFTString}});
        Dataset::addFeature(areas, {{"label", QStringLiteral("zone")}},
                            "POLYGON ((124 30,126 30,126 32,124 32,124 30))");
        OGRLayerH events = gpkg.addLayer("events", wkbPoint, 4326, eventFields);
        Dataset::addFeature(
            events,
            {{"event_id", QStringLiteral("G1")},
             {"start", QDateTime(QDate(2018, 3, 5), QTime(12, 0), QTimeZone::utc())},
             {"end", QDateTime(QDate(2018, 3, 5), QTime(15, 0), QTimeZone(2 * 3600))},
             {"vessel_a", QStringLiteral("ALPHA")},
             {"day", QDate(2018, 3, 4)},
             {"volume_bbl", 1.1}},
            "POINT (123.5 10.25)");
        Dataset::addFeature(
            events,
            {{"event_id", QStringLiteral("G2")},
             {"start", QDateTime(QDate(2018, 3, 6), QTime(8, 0, 0, 125), QTimeZone::utc())},
             {"vessel_a", QStringLiteral("BRAVO")},
             {"day", QDate(2018, 3, 6)}},
            "POINT (-70.25 -45.5)");
    }
    {
        Dataset gpkg("GPKG", path(QStringLiteral("noevents.gpkg")));
        gpkg.addLayer("areas", wkbPolygon, 4326, {{"label", OFTString}});
        gpkg.addLayer("log", wkbNone, 0, {{"start", OFTString}, {"text", OFTString}});
    }
    const std::vector<std::pair<const char *, OGRFieldType>> shpFields = {{"id", OFTString},
                                                                          {"start", OFTString}};
    for (const int epsg : {3857, 0}) {
        const QString name = epsg ? QStringLiteral("merc.shp") : QStringLiteral("noprj.shp");
        Dataset shp("ESRI Shapefile", path(name));
        OGRLayerH layer = shp.addLayer(epsg ? "merc" : "noprj", wkbPoint, epsg, shpFields);
        Dataset::addFeature(layer,
                            {{"id", QStringLiteral("S1")}, {"start", QStringLiteral("2020-01-01")}},
                            epsg ? "POINT (13692297.37 3632749.14)" : "POINT (123.0 31.0)");
        Dataset::addFeature(layer,
                            {{"id", QStringLiteral("S2")}, {"start", QStringLiteral("2020-01-02")}},
                            epsg ? "POINT (-8238310.24 4970071.58)" : "POINT (-74.5 40.75)");
    }
    QVERIFY(QFileInfo::exists(path(QStringLiteral("merc.prj"))));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("noprj.prj"))));
}

void TstOgrIo::geojsonEvents()
{
    const LoadResult r = ogr::readFile(dataFile(QStringLiteral("events.geojson")), {});
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QCOMPARE(r.report.driver, QStringLiteral("GeoJSON"));
    QCOMPARE(r.report.rowLabel, QStringLiteral("feature"));
    QCOMPARE(r.report.layer, QStringLiteral("events"));
    QCOMPARE(r.report.records, 8);
    QCOMPARE(r.report.loaded, 5);
    // Rows are the features' ids ("id": 101 ... in the file).
    QCOMPARE(rejectionLines(r.report),
             QStringList({QStringLiteral("104: no position"),
                          QStringLiteral("105: end 2018-03-08T06:00:00Z is before start "
                                         "2018-03-08T12:00:00Z"),
                          QStringLiteral("107: unreadable volume '-5'")}));
    QCOMPARE(
        warningLines(r.report),
        QStringList({QStringLiteral("geometry is not a point: its centroid is used: 102,108")}));

    const EventStore &s = *r.store;
    const int e101 = storeRowById(s, QStringLiteral("E101"));
    QVERIFY(e101 >= 0);
    QCOMPARE(s.lat(e101), 31.0);
    QCOMPARE(s.lon(e101), 123.0);
    QCOMPARE(s.start(e101), utc(2018, 3, 5, 12));
    QCOMPARE(s.end(e101), utc(2018, 3, 5, 18, 30));
    QCOMPARE(s.text(Field::VesselAImo, e101), QStringLiteral("8604917"));
    QCOMPARE(s.volume(e101), 12400.0);
    QCOMPARE(s.extraNames(), QStringList {QStringLiteral("analyst")});
    QCOMPARE(s.extra(0, e101), QStringLiteral("kc"));
    QCOMPARE(s.flags(e101) & EventStore::PositionFromCentroid, 0);

    const int e102 = storeRowById(s, QStringLiteral("E102")); // polygon, +09:00 time
    QCOMPARE(s.lat(e102), 31.0);
    QCOMPARE(s.lon(e102), 125.0);
    QVERIFY(s.flags(e102) & EventStore::PositionFromCentroid);
    QCOMPARE(s.start(e102), utc(2018, 3, 6, 12));
    QCOMPARE(s.sourceRow(e102), 102u);

    const int e103 = storeRowById(s, QStringLiteral("E103")); // null geometry: columns
    QCOMPARE(s.lat(e103), 32.5);
    QCOMPARE(s.lon(e103), 124.25);
    QCOMPARE(s.flags(e103) & EventStore::PositionFromCentroid, 0);

    const int e106 = storeRowById(s, QStringLiteral("E106"));
    QCOMPARE(s.start(e106), utc(2018, 3, 9, 8, 15, 30, 250));
    QVERIFY(std::isnan(s.volume(e106)));
    QCOMPARE(s.text(Field::VesselAImo, e106), QStringLiteral("0812345"));
    QCOMPARE(s.lat(e106), -0.25);
    QCOMPARE(s.lon(e106), -0.5);

    const int e108 = storeRowById(s, QStringLiteral("E108")); // line: its middle
    QCOMPARE(s.lat(e108), 30.0);
    QCOMPARE(s.lon(e108), 121.0);
}

void TstOgrIo::reprojection_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("y");
    const QString geojson = dataFile(QStringLiteral("events_3857.geojson"));
    QTest::newRow("geojson shanghai") << geojson << "M1" << 13692297.37 << 3632749.14;
    QTest::newRow("geojson new york") << geojson << "M2" << -8238310.24 << 4970071.58;
    QTest::newRow("geojson south") << geojson << "M3" << 0.0 << -1000000.0;
    const QString shp = path(QStringLiteral("merc.shp"));
    QTest::newRow("shapefile shanghai") << shp << "S1" << 13692297.37 << 3632749.14;
    QTest::newRow("shapefile new york") << shp << "S2" << -8238310.24 << 4970071.58;
}

void TstOgrIo::reprojection()
{
    QFETCH(QString, file);
    QFETCH(QString, id);
    QFETCH(double, x);
    QFETCH(double, y);
    const LoadResult r = ogr::readFile(file, {});
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QVERIFY2(r.report.notes.join('\n').contains(QStringLiteral("converted from EPSG:3857")),
             qPrintable(r.report.notes.join('\n')));
    const int row = storeRowById(*r.store, id);
    QVERIFY(row >= 0);
    const auto [lat, lon] = fromWebMercator(x, y);
    QVERIFY2(std::abs(r.store->lat(row) - lat) < 1e-9,
             qPrintable(QString::number(r.store->lat(row), 'g', 17)));
    QVERIFY2(std::abs(r.store->lon(row) - lon) < 1e-9,
             qPrintable(QString::number(r.store->lon(row), 'g', 17)));
    // Near 123 E 31 N and 74 W 40.7 N: catches swapped axes outright.
    if (id.endsWith(QLatin1Char('1')))
        QVERIFY(std::abs(r.store->lat(row) - 31.0) < 0.01
                && std::abs(r.store->lon(row) - 123.0) < 0.01);
}

void TstOgrIo::missingCrsIsWgs84()
{
    const LoadResult r = ogr::readFile(path(QStringLiteral("noprj.shp")), {});
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QCOMPARE(r.report.driver, QStringLiteral("ESRI Shapefile"));
    QVERIFY(r.report.notes.join('\n').contains(QStringLiteral("no coordinate reference system")));
    QCOMPARE(r.report.loaded, 2);
    // Shapefile feature ids start at 0.
    QCOMPARE(r.store->sourceRow(0), 0u);
    QCOMPARE(r.store->lat(1), 40.75);
    QCOMPARE(r.store->lon(1), -74.5);
}

void TstOgrIo::layerSelection_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("chosen");
    QTest::addColumn<int>("loaded");
    const QString two = path(QStringLiteral("two.gpkg"));
    QTest::newRow("auto") << two << ""
                          << ""
                          << "events" << 2;
    QTest::newRow("by name") << two << "events"
                             << ""
                             << "events" << 2;
    QTest::newRow("by index") << two << "1"
                              << ""
                              << "events" << 2;
    QTest::newRow("no times") << two << "areas"
                              << "no time column among: label"
                              << "" << 0;
    QTest::newRow("index 0") << two << "0"
                             << "no time column among: label"
                             << "" << 0;
    QTest::newRow("unknown name")
        << two << "nope"
        << "no layer 'nope' in the file (layers: areas, events; or an index from 0 to 1)"
        << "" << 0;
    QTest::newRow("index too big") << two << "2"
                                   << "no layer '2' in the file"
                                   << "" << 0;
    QTest::newRow("none has events")
        << path(QStringLiteral("noevents.gpkg")) << ""
        << "no layer with events (layers: areas (polygon, no time column), log (no geometry, "
           "no position))"
        << "" << 0;
    QTest::newRow("gpx waypoints") << dataFile(QStringLiteral("waypoints.gpx")) << ""
                                   << ""
                                   << "waypoints" << 2;
}

void TstOgrIo::layerSelection()
{
    QFETCH(QString, file);
    QFETCH(QString, layer);
    QFETCH(QString, error);
    QFETCH(QString, chosen);
    QFETCH(int, loaded);
    LoadOptions options;
    options.layer = layer;
    const LoadResult r = ogr::readFile(file, options);
    if (!error.isEmpty()) {
        QVERIFY2(r.report.error.startsWith(error), qPrintable(r.report.error));
        QVERIFY(!r.store);
        return;
    }
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QCOMPARE(r.report.layer, chosen);
    QCOMPARE(r.report.loaded, loaded);
}

void TstOgrIo::typedFields()
{
    const LoadResult r = ogr::readFile(path(QStringLiteral("two.gpkg")), {});
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QCOMPARE(r.report.driver, QStringLiteral("GPKG"));
    const EventStore &s = *r.store;
    const int g1 = storeRowById(s, QStringLiteral("G1"));
    const int g2 = storeRowById(s, QStringLiteral("G2"));
    QCOMPARE(s.sourceRow(g1), 1u); // GeoPackage feature ids start at 1
    QCOMPARE(s.start(g1), utc(2018, 3, 5, 12));
    QCOMPARE(s.end(g1), utc(2018, 3, 5, 13)); // 15:00+02:00
    QCOMPARE(s.start(g2), utc(2018, 3, 6, 8, 0, 0, 125));
    QVERIFY(!s.hasEnd(g2));
    // Axis order: EPSG:4326 says latitude first, the data is longitude first.
    QCOMPARE(s.lat(g1), 10.25);
    QCOMPARE(s.lon(g1), 123.5);
    QCOMPARE(s.lat(g2), -45.5);
    QCOMPARE(s.volume(g1), 1.1); // a Real comes through as its shortest exact text
    QVERIFY(std::isnan(s.volume(g2)));
    const int day = int(s.extraNames().indexOf(QStringLiteral("day")));
    QVERIFY(day >= 0);
    QCOMPARE(s.extra(day, g1), QStringLiteral("2018-03-04"));

    // A Date field as the start, chosen with --field.
    LoadOptions options;
    options.fieldOverrides << QStringLiteral("start=day");
    const LoadResult byDay = ogr::readFile(path(QStringLiteral("two.gpkg")), options);
    QVERIFY2(byDay.report.ok(), qPrintable(byDay.report.error));
    QCOMPARE(byDay.store->start(storeRowById(*byDay.store, QStringLiteral("G2"))), utc(2018, 3, 6));

    options.fieldOverrides = {QStringLiteral("start=nosuchcolumn")};
    const LoadResult bad = ogr::readFile(path(QStringLiteral("two.gpkg")), options);
    QVERIFY(!bad.report.ok());
}

void TstOgrIo::kml()
{
    const LoadResult r = ogr::readFile(dataFile(QStringLiteral("events.kml")), {});
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QCOMPARE(r.report.loaded, 2);
    const EventStore &s = *r.store;
    QCOMPARE(s.start(0), utc(2018, 3, 5, 12));
    QCOMPARE(s.end(0), utc(2018, 3, 5, 20));
    QCOMPARE(s.lat(0), 31.5);
    QCOMPARE(s.lon(0), 123.25);
    QCOMPARE(s.text(Field::VesselAName, 0), QStringLiteral("YU JONG 2"));
    QCOMPARE(s.text(Field::VesselBName, 0), QStringLiteral("NEW REGENT"));
    QCOMPARE(s.volume(0), 12400.0);
    QCOMPARE(s.start(1), utc(2018, 4, 1, 6, 30));
    QVERIFY(s.flags(1) & EventStore::PositionFromCentroid);
    QCOMPARE(s.lat(1), 31.0);
    QCOMPARE(s.lon(1), 125.0);
    QVERIFY(std::isnan(s.volume(1)));
}

void TstOgrIo::latin1Text()
{
    // A .dbf that claims UTF-8 (.cpg) but holds Latin-1 bytes, as old tools write.
    const QString shp = path(QStringLiteral("latin1.shp"));
    {
        Dataset ds("ESRI Shapefile", shp);
        const char *const options[] = {"ENCODING=", nullptr};
        OGRLayerH layer = ds.addLayer("latin1", wkbPoint, 4326,
                                      {{"start", OFTString}, {"vessel_a", OFTString}}, options);
        Dataset::addFeature(
            layer,
            {{"start", QStringLiteral("2020-01-01")}, {"vessel_a", QByteArray("CAF\xC9 ANDR\xC9")}},
            "POINT (1 2)");
        Dataset::addFeature(
            layer, {{"start", QStringLiteral("2020-01-02")}, {"vessel_a", QStringLiteral("PLAIN")}},
            "POINT (1 2)");
    }
    QFile cpg(path(QStringLiteral("latin1.cpg")));
    QVERIFY(cpg.open(QIODevice::WriteOnly));
    cpg.write("UTF-8");
    cpg.close();
    const LoadResult r = ogr::readFile(shp, {});
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QCOMPARE(r.store->text(Field::VesselAName, 0), QStringLiteral("CAFÉ ANDRÉ"));
    QCOMPARE(r.store->text(Field::VesselAName, 1), QStringLiteral("PLAIN"));
    QCOMPARE(warningLines(r.report),
             QStringList {
                 QStringLiteral("text that is not valid UTF-8 read as Latin-1 (ISO 8859-1): 0")});
}

void TstOgrIo::badFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("error");
    QTest::newRow("truncated geojson")
        << dataFile(QStringLiteral("truncated.geojson"))
        << "not a vector data file GDAL can read (At line 6, character 291: Unterminated array";
    QTest::newRow("garbage") << dataFile(QStringLiteral("garbage.dat"))
                             << "not a vector data file GDAL can read (";
    QFile empty(path(QStringLiteral("empty.geojson")));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    QTest::newRow("empty geojson") << empty.fileName() << "not a vector data file GDAL can read";
    QTest::newRow("pipes") << path(QStringLiteral("pipes.csv"))
                           << "OGR's CSV driver cannot read '|'";
    QFile pipes(path(QStringLiteral("pipes.csv")));
    QVERIFY(pipes.open(QIODevice::WriteOnly));
    pipes.write("id|start|lat|lon\n1|2020-01-01|1|2\n");
}

void TstOgrIo::badFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, error);
    const LoadResult r = ogr::readFile(file, {});
    QVERIFY2(r.report.error.startsWith(error), qPrintable(r.report.error));
    QVERIFY(!r.store);
}

void TstOgrIo::cancelAndProgress()
{
    std::atomic_bool cancel {true};
    LoadOptions options;
    options.cancel = &cancel;
    const LoadResult cancelled = ogr::readFile(dataFile(QStringLiteral("events.geojson")), options);
    QCOMPARE(cancelled.report.error, QStringLiteral("cancelled"));
    QVERIFY(!cancelled.store);

    cancel = false;
    std::vector<double> seen;
    options.progress = [&](double f) { seen.push_back(f); };
    const LoadResult r = ogr::readFile(path(QStringLiteral("two.gpkg")), options);
    QVERIFY(r.report.ok());
    QVERIFY(!seen.empty());
    QCOMPARE(seen.back(), 1.0);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
}

void TstOgrIo::ogrCsvMatchesFastReader_data()
{
    QTest::addColumn<QString>("file");
    QFile source(dataFile(QStringLiteral("badrows.csv")));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray lf = source.readAll();
    const auto variant = [&](const char *name, const QByteArray &bytes) {
        QFile f(path(QString::fromLatin1(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
        QTest::newRow(name) << f.fileName();
    };
    QTest::newRow("lf") << source.fileName();
    variant("crlf_bom.csv", "\xEF\xBB\xBF" + QByteArray(lf).replace("\n", "\r\n"));
    variant("latin1.csv", QByteArray(lf).replace("ALPHA,BRAVO,1000,ok", "\xC5LPHA,BRAVO,1000,ok"));
    variant("semicolon.csv", QByteArray(lf).replace(',', ';'));
    variant("tab.tsv", QByteArray(lf).replace(',', '\t'));
    variant("no_final_newline.csv", lf.left(lf.lastIndexOf("B14,")).chopped(1));
}

void TstOgrIo::ogrCsvMatchesFastReader()
{
    QFETCH(QString, file);
    const LoadResult fast = csv::readFile(file, {});
    const LoadResult viaOgr = ogr::readFile(file, {});
    QVERIFY2(fast.report.ok(), qPrintable(fast.report.error));
    QVERIFY2(viaOgr.report.ok(), qPrintable(viaOgr.report.error));
    QCOMPARE(viaOgr.report.driver, QStringLiteral("CSV"));
    QCOMPARE(viaOgr.report.rowLabel, fast.report.rowLabel); // line numbers both
    QCOMPARE(viaOgr.report.notes, fast.report.notes);
    QCOMPARE(viaOgr.report.headers, fast.report.headers);
    QVERIFY(viaOgr.report.mapping == fast.report.mapping);
    QCOMPARE(rejectionLines(viaOgr.report), rejectionLines(fast.report));
    QCOMPARE(warningLines(viaOgr.report), warningLines(fast.report));
    QCOMPARE(viaOgr.report.records, fast.report.records);
    QCOMPARE(viaOgr.report.loaded, fast.report.loaded);
    QCOMPARE(viaOgr.report.duplicates, fast.report.duplicates);
    compareStores(*fast.store, *viaOgr.store, 0.0);
    for (size_t r = 0; r < fast.store->size(); ++r) {
        QCOMPARE(viaOgr.store->sourceRow(r), fast.store->sourceRow(r));
        QCOMPARE(viaOgr.store->flags(r), fast.store->flags(r));
    }
    if (file.endsWith(QStringLiteral("badrows.csv"))) {
        // The figures themselves, so that both readers cannot be wrong together.
        const QStringList lines = rejectionLines(viaOgr.report);
        QVERIFY(lines.contains(QStringLiteral("3: unreadable start time 'not a date'")));
        QVERIFY(lines.contains(QStringLiteral("11: 11 fields, but the header has 9")));
        QVERIFY(lines.contains(QStringLiteral("13: empty row")));
        QVERIFY(lines.contains(QStringLiteral("16: empty row")));
        QVERIFY(lines.contains(QStringLiteral("20: a quoted field opened on this row is never "
                                              "closed (the rest of the file is inside it)")));
        QCOMPARE(viaOgr.report.duplicates, 1);
        const int b7 = storeRowById(*viaOgr.store, QStringLiteral("B7"));
        QCOMPARE(viaOgr.store->sourceRow(b7), 9u);
        QCOMPARE(viaOgr.store->text(Field::Notes, b7), QStringLiteral("multi\nline note"));
        const int b13 = storeRowById(*viaOgr.store, QStringLiteral("B13"));
        QCOMPARE(viaOgr.store->sourceRow(b13), 19u);
        QCOMPARE(viaOgr.store->text(Field::VesselBName, b13), QStringLiteral("BRAVO \"B\""));
    }
}

QTEST_GUILESS_MAIN(TstOgrIo)
#include "tst_ogrio.moc"

#include "clirun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#if __has_include(<gdal.h>)
#include <gdal.h>
#include <ogr_api.h>
#else
#include <gdal/gdal.h>
#include <gdal/ogr_api.h>
#endif

// `rendezvous tracks`, `--as`, `info` on AIS and `convert` of tracks, as a user runs
// them: the real binary on the fixtures of tests/data/ais (see the README there for
// what each holds), exit codes, output and messages checked.
namespace {
using clirun::data;
const QString kTracks = data(QStringLiteral("ais/marinecadastre_tracks.csv"));
const QString kNoPositions = data(QStringLiteral("ais/marinecadastre_nopositions.csv"));
const QString kNmea = data(QStringLiteral("ais/tagblock.nmea"));
const QString kEvents = data(QStringLiteral("csv/gfw_encounters.csv"));

using clirun::Run;
using clirun::run;

using clirun::json;

qint64 count(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toInteger(-1);
}

// Features of the first layer of a file OGR reads, and their points.
int featureCount(const QString &path, int *points = nullptr)
{
    GDALAllRegister();
    GDALDatasetH ds =
        GDALOpenEx(QFile::encodeName(path).constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    if (!ds)
        return -1;
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    int n = 0, p = 0;
    OGR_L_ResetReading(layer);
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
        ++n;
        if (OGRGeometryH g = OGR_F_GetGeometryRef(f))
            p += OGR_G_GetPointCount(g);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    if (points)
        *points = p;
    return n;
}
} // namespace

class TstTracks : public QObject
{
    Q_OBJECT
private slots:
    void summaryJson();
    void filters_data();
    void filters();
    void summaryText();
    void severalFiles();
    void otherIds();
    void nmeaSentences();
    void infoOnAis();
    void infoOnEvents();
    void tracksOnEvents();
    void misuse_data();
    void misuse();
    void unreadable_data();
    void unreadable();
    void convertTracks();
    void convertMisuse();
};

void TstTracks::summaryJson()
{
    const QJsonObject o = json({QStringLiteral("tracks"), kTracks});
    QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("ais"));
    QVERIFY(!o.value(QStringLiteral("kind_reason")).toString().isEmpty());
    QCOMPARE(count(o, "records"), 13);
    QCOMPARE(count(o, "loaded"), 10);
    QCOMPARE(count(o, "positions"), 10);
    QCOMPARE(count(o, "rejected"), 3);
    QCOMPARE(count(o, "vessels"), 2);
    QCOMPARE(count(o, "segments"), 4); // a 7 h gap and an impossible jump
    QCOMPARE(o.value(QStringLiteral("first")).toString(), QStringLiteral("2022-03-31T00:00:00Z"));
    QCOMPARE(o.value(QStringLiteral("last")).toString(), QStringLiteral("2022-03-31T07:40:00Z"));
    const QJsonArray bbox = o.value(QStringLiteral("bbox")).toArray();
    QCOMPARE(bbox.size(), 4);
    const double expected[] = {-95.0815, 25.0, -79.5, 38.001};
    for (int i = 0; i < 4; ++i)
        QVERIFY2(std::abs(bbox.at(i).toDouble() - expected[i]) < 1e-7,
                 qPrintable(QString::number(bbox.at(i).toDouble(), 'g', 12)));
    // Every rejected record, with its file, line and reason.
    const QJsonArray rejections = o.value(QStringLiteral("rejections")).toArray();
    QCOMPARE(rejections.size(), 3);
    const int lines[] = {5, 11, 14};
    for (int i = 0; i < 3; ++i) {
        const QJsonObject r = rejections.at(i).toObject();
        QCOMPARE(r.value(QStringLiteral("file")).toString(), kTracks);
        QCOMPARE(r.value(QStringLiteral("line")).toInt(), lines[i]);
        QVERIFY(!r.value(QStringLiteral("reason")).toString().isEmpty());
    }
    const QJsonArray mapping = o.value(QStringLiteral("mapping")).toArray();
    QCOMPARE(mapping.size(), 1);
    QCOMPARE(mapping.at(0).toObject().value(QStringLiteral("file")).toString(), kTracks);
    // In the AIS fields' own terms.
    const QJsonObject columns =
        mapping.at(0).toObject().value(QStringLiteral("columns")).toObject();
    QCOMPARE(columns.value(QStringLiteral("mmsi")).toString(), QStringLiteral("MMSI"));
    QCOMPARE(columns.value(QStringLiteral("time")).toString(), QStringLiteral("BaseDateTime"));
    QCOMPARE(columns.value(QStringLiteral("heading")).toString(), QStringLiteral("Heading"));
    QVERIFY(o.value(QStringLiteral("notes")).isArray());
    const QJsonObject sentences = o.value(QStringLiteral("sentences")).toObject();
    for (const char *k : {"read", "ais", "other", "bad_checksum"})
        QCOMPARE(count(sentences, k), 0);
    const QJsonArray files = o.value(QStringLiteral("files")).toArray();
    QCOMPARE(files.size(), 1);
    QCOMPARE(count(files.at(0).toObject(), "loaded"), 10);
}

void TstTracks::filters_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("positions");
    QTest::addColumn<int>("vessels");
    QTest::newRow("none") << QStringList {} << 10 << 2;
    QTest::newRow("from") << QStringList {QStringLiteral("--from"),
                                          QStringLiteral("2022-03-31T07:00:00Z")}
                          << 2 << 1;
    // --to D includes its whole day; with a time, up to that instant inclusive.
    QTest::newRow("to instant") << QStringList {QStringLiteral("--to"),
                                                QStringLiteral("2022-03-31T00:05:00Z")}
                                << 3 << 2;
    QTest::newRow("to day") << QStringList {QStringLiteral("--to"), QStringLiteral("2022-03-31")}
                            << 10 << 2;
    QTest::newRow("day before") << QStringList {QStringLiteral("--to"),
                                                QStringLiteral("2022-03-30")}
                                << 0 << 0;
    QTest::newRow("Florida bbox") << QStringList {QStringLiteral("--bbox"),
                                                  QStringLiteral("-81,24,-79,26")}
                                  << 5 << 1;
    QTest::newRow("bbox edge inclusive")
        << QStringList {QStringLiteral("--bbox"), QStringLiteral("-90,38,-89,39")} << 2 << 1;
    QTest::newRow("antimeridian bbox")
        << QStringList {QStringLiteral("--bbox"), QStringLiteral("170,-90,-170,90")} << 0 << 0;
    QTest::newRow("window and box")
        << QStringList {QStringLiteral("--from"), QStringLiteral("2022-03-31T00:05:00Z"),
                        QStringLiteral("--to"),   QStringLiteral("2022-03-31T00:15:00Z"),
                        QStringLiteral("--bbox"), QStringLiteral("-100,20,-85,40")}
        << 3 << 1;
}

void TstTracks::filters()
{
    QFETCH(QStringList, args);
    QFETCH(int, positions);
    QFETCH(int, vessels);
    const QJsonObject o = json(QStringList {QStringLiteral("tracks"), kTracks} + args);
    QCOMPARE(count(o, "positions"), positions);
    QCOMPARE(count(o, "matching_vessels"), vessels);
    // The store's own figures do not follow the filters.
    QCOMPARE(count(o, "loaded"), 10);
    QCOMPARE(count(o, "vessels"), 2);
    QCOMPARE(o.value(QStringLiteral("filters")).toObject().isEmpty(), args.isEmpty());
}

void TstTracks::summaryText()
{
    const Run r = run({QStringLiteral("tracks"), kTracks});
    QCOMPARE(r.code, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(QStringLiteral("13 read, 10 loaded, 3 rejected")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("positions:    10\n")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("area:         W -95.0815, S 25, E -79.5, N 38.001")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("vessels:      2 (4 segments)")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("2022-03-31T00:00:00Z – 2022-03-31T07:40:00Z")),
             qPrintable(out));
    for (const char *line : {"line 5: ", "line 11: ", "line 14: "})
        QVERIFY2(out.contains(QLatin1String(line)), qPrintable(out));
    // What the reader decided, on stderr.
    QVERIFY2(r.err.contains("read as AIS positions"), r.err.constData());

    const Run filtered = run({QStringLiteral("tracks"), kTracks, QStringLiteral("--bbox"),
                              QStringLiteral("-81,24,-79,26")});
    QCOMPARE(filtered.code, 0);
    QVERIFY2(filtered.out.contains("5 of 10 match (1 vessel, 2 segments)"),
             filtered.out.constData());
}

void TstTracks::severalFiles()
{
    // A CSV and an NMEA log as one data set.
    const QJsonObject o = json({QStringLiteral("tracks"), kTracks, kNmea});
    QCOMPARE(count(o, "loaded"), 12);
    QCOMPARE(count(o, "vessels"), 4);
    QCOMPARE(o.value(QStringLiteral("mapping")).toArray().size(), 2);
    QCOMPARE(o.value(QStringLiteral("files")).toArray().size(), 2);
    QStringList files;
    for (const QJsonValue &r : o.value(QStringLiteral("rejections")).toArray())
        files << r.toObject().value(QStringLiteral("file")).toString();
    QVERIFY2(files.contains(kTracks) && files.contains(kNmea), qPrintable(files.join(',')));
    QCOMPARE(count(o.value(QStringLiteral("sentences")).toObject(), "ais"), 2);
    // The same positions, whichever order the files come in.
    const QJsonObject swapped = json({QStringLiteral("tracks"), kNmea, kTracks});
    for (const char *k : {"loaded", "vessels", "segments", "first", "last", "bbox"})
        QCOMPARE(swapped.value(QLatin1String(k)), o.value(QLatin1String(k)));
}

void TstTracks::otherIds()
{
    // A research table keyed by "oid", times in epoch milliseconds.
    const QJsonObject o =
        json({QStringLiteral("tracks"), data(QStringLiteral("ais/research_oid.csv")),
              QStringLiteral("--field"), QStringLiteral("id=oid"), QStringLiteral("--field"),
              QStringLiteral("time=t"),
              // Not what the names say: the mapping follows --field.
              QStringLiteral("--field"), QStringLiteral("sog=course")});
    QCOMPARE(count(o, "loaded"), 4);
    QCOMPARE(count(o, "vessels"), 2);
    QCOMPARE(count(o, "rejected"), 0);
    const QJsonObject columns = o.value(QStringLiteral("mapping"))
                                    .toArray()
                                    .at(0)
                                    .toObject()
                                    .value(QStringLiteral("columns"))
                                    .toObject();
    QCOMPARE(columns.value(QStringLiteral("id")).toString(), QStringLiteral("oid"));
    QCOMPARE(columns.value(QStringLiteral("time")).toString(), QStringLiteral("t"));
    QCOMPARE(columns.value(QStringLiteral("sog")).toString(), QStringLiteral("course"));
    QCOMPARE(o.value(QStringLiteral("first")).toString(), QStringLiteral("2022-03-31T00:00:00Z"));
    QCOMPARE(o.value(QStringLiteral("last")).toString(), QStringLiteral("2022-03-31T01:00:00Z"));
}

void TstTracks::nmeaSentences()
{
    const QJsonObject o = json({QStringLiteral("tracks"), kNmea});
    const QJsonObject s = o.value(QStringLiteral("sentences")).toObject();
    QCOMPARE(count(s, "read"), 4);
    QCOMPARE(count(s, "ais"), 2);
    QCOMPARE(count(s, "other"), 1);
    QCOMPARE(count(s, "bad_checksum"), 1);
    QCOMPARE(count(o, "loaded"), 2);
    QCOMPARE(count(o, "vessels"), 2);
    QCOMPARE(o.value(QStringLiteral("first")).toString(), QStringLiteral("2022-03-31T00:00:00Z"));
    const QJsonArray rejections = o.value(QStringLiteral("rejections")).toArray();
    QCOMPARE(rejections.size(), 1);
    QCOMPARE(rejections.at(0).toObject().value(QStringLiteral("line")).toInt(), 4);
    QVERIFY(rejections.at(0)
                .toObject()
                .value(QStringLiteral("reason"))
                .toString()
                .contains(QStringLiteral("checksum")));
}

void TstTracks::infoOnAis()
{
    // info on an AIS file gives the tracks summary instead of failing on "no time column".
    const QJsonObject o = json({QStringLiteral("info"), kTracks});
    QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("ais"));
    QCOMPARE(count(o, "positions"), 10);
    QCOMPARE(count(o, "segments"), 4);
    const Run text = run({QStringLiteral("info"), kTracks});
    QCOMPARE(text.code, 0);
    QVERIFY2(text.err.contains("rendezvous tracks"), text.err.constData());
    QVERIFY2(text.out.contains("vessels:      2 (4 segments)"), text.out.constData());
    // Filters that only events have are refused, not ignored.
    const Run search =
        run({QStringLiteral("info"), kTracks, QStringLiteral("--search"), QStringLiteral("STAR")});
    QCOMPARE(search.code, 1);
    QVERIFY2(search.err.contains("--search"), search.err.constData());
}

void TstTracks::infoOnEvents()
{
    const QJsonObject o = json({QStringLiteral("info"), kEvents});
    QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("events"));
    QVERIFY(!o.value(QStringLiteral("kind_reason")).toString().isEmpty());
    QCOMPARE(count(o, "events"), 4);
    const Run text = run({QStringLiteral("info"), kEvents});
    QCOMPARE(text.code, 0);
    QVERIFY2(text.err.contains("read as transfer events"), text.err.constData());
    // Told, not detected.
    const QJsonObject told =
        json({QStringLiteral("info"), kEvents, QStringLiteral("--as"), QStringLiteral("events")});
    QCOMPARE(told.value(QStringLiteral("kind_reason")).toString(), QStringLiteral("--as events"));
    QCOMPARE(count(told, "events"), 4);
}

void TstTracks::tracksOnEvents()
{
    const Run r = run({QStringLiteral("tracks"), kEvents});
    QCOMPARE(r.code, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains("holds transfer events") && r.err.contains("--as ais"),
             r.err.constData());
}

void TstTracks::misuse_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString tracks = QStringLiteral("tracks");
    QTest::newRow("no file") << QStringList {tracks} << QStringLiteral("FILE expected");
    QTest::newRow("bbox of three numbers")
        << QStringList {tracks, kTracks, QStringLiteral("--bbox"), QStringLiteral("1,2,3")}
        << QStringLiteral("rendezvous tracks: ");
    QTest::newRow("bbox south above north")
        << QStringList {tracks, kTracks, QStringLiteral("--bbox"), QStringLiteral("0,10,5,5")}
        << QStringLiteral("rendezvous tracks: ");
    QTest::newRow("bbox not numbers")
        << QStringList {tracks, kTracks, QStringLiteral("--bbox"), QStringLiteral("a,b,c,d")}
        << QStringLiteral("rendezvous tracks: ");
    QTest::newRow("from after to") << QStringList {tracks,
                                                   kTracks,
                                                   QStringLiteral("--from"),
                                                   QStringLiteral("2022-04-01"),
                                                   QStringLiteral("--to"),
                                                   QStringLiteral("2022-03-01")}
                                   << QStringLiteral("--from is after --to");
    QTest::newRow("bad date") << QStringList {tracks, kTracks, QStringLiteral("--from"),
                                              QStringLiteral("soon")}
                              << QStringLiteral("rendezvous tracks: ");
    QTest::newRow("unknown --as") << QStringList {tracks, kTracks, QStringLiteral("--as"),
                                                  QStringLiteral("boats")}
                                  << QStringLiteral("--as must be events or ais, not 'boats'");
    QTest::newRow("unknown --as on info")
        << QStringList {QStringLiteral("info"), kEvents, QStringLiteral("--as"),
                        QStringLiteral("boats")}
        << QStringLiteral("--as must be events or ais, not 'boats'");
    QTest::newRow("tracks --as events")
        << QStringList {tracks, kTracks, QStringLiteral("--as"), QStringLiteral("events")}
        << QStringLiteral("rendezvous info");
    QTest::newRow("events option on tracks")
        << QStringList {tracks, kTracks, QStringLiteral("--dedupe")}
        << QStringLiteral("Unknown option 'dedupe'");
}

void TstTracks::misuse()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = run(args);
    QCOMPARE(r.code, 1);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
}

void TstTracks::unreadable_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QString>("named");
    QTest::addColumn<QString>("reason");
    const QString missing = QStringLiteral("/nonexistent/ais.csv");
    QTest::newRow("missing") << QStringList {missing} << missing << QStringLiteral("no such file");
    QTest::newRow("second file missing")
        << QStringList {kTracks, missing} << missing << QStringLiteral("no such file");
    QTest::newRow("no positions") << QStringList {kNoPositions} << kNoPositions
                                  << QStringLiteral("position");
}

void TstTracks::unreadable()
{
    QFETCH(QStringList, files);
    QFETCH(QString, named);
    QFETCH(QString, reason);
    for (const bool asJson : {true, false}) {
        QStringList args = QStringList {QStringLiteral("tracks")} + files;
        if (asJson)
            args << QStringLiteral("--json");
        else
            args << QStringLiteral("--as") << QStringLiteral("ais"); // no detection note
        const Run r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(!err.contains(QLatin1Char('\n')), qPrintable(err)); // one line
        QVERIFY2(err.startsWith(QStringLiteral("rendezvous: ") + named), qPrintable(err));
        QVERIFY2(err.contains(reason), qPrintable(err));
    }
}

void TstTracks::convertTracks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const char *suffix : {"gpkg", "geojson", "fgb", "kml"}) {
        const QString lines = dir.filePath(QStringLiteral("lines.") + QLatin1String(suffix));
        const Run r = run({QStringLiteral("convert"), kTracks, QStringLiteral("-o"), lines});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("wrote 4 track lines (10 positions)"), r.err.constData());
        int points = 0;
        QCOMPARE(featureCount(lines, &points), 4);
        QCOMPARE(points, 10);
        const QString pts = dir.filePath(QStringLiteral("points.") + QLatin1String(suffix));
        const Run p = run({QStringLiteral("convert"), kTracks, QStringLiteral("-o"), pts,
                           QStringLiteral("--tracks"), QStringLiteral("points")});
        QVERIFY2(p.code == 0, p.err.constData());
        QCOMPARE(featureCount(pts), 10);
    }
    // Filters choose the positions written.
    const QString florida = dir.filePath(QStringLiteral("florida.geojson"));
    const Run f = run({QStringLiteral("convert"), kTracks, QStringLiteral("-o"), florida,
                       QStringLiteral("--bbox"), QStringLiteral("-81,24,-79,26")});
    QVERIFY2(f.code == 0, f.err.constData());
    int points = 0;
    QCOMPARE(featureCount(florida, &points), 2);
    QCOMPARE(points, 5);
    // Several files as one data set.
    const QString both = dir.filePath(QStringLiteral("both.gpkg"));
    const Run b = run({QStringLiteral("convert"), kTracks, kNmea, QStringLiteral("-o"), both,
                       QStringLiteral("--tracks"), QStringLiteral("points")});
    QVERIFY2(b.code == 0, b.err.constData());
    QCOMPARE(featureCount(both), 12);
}

void TstTracks::convertMisuse()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("out.gpkg"));
    const Run bad = run({QStringLiteral("convert"), kTracks, QStringLiteral("-o"), out,
                         QStringLiteral("--tracks"), QStringLiteral("arrows")});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.err.contains("--tracks must be lines or points"), bad.err.constData());
    const Run events = run({QStringLiteral("convert"), kEvents, QStringLiteral("-o"), out,
                            QStringLiteral("--tracks"), QStringLiteral("lines")});
    QCOMPARE(events.code, 2);
    QVERIFY2(events.err.contains("holds transfer events"), events.err.constData());
    const Run severalEvents =
        run({QStringLiteral("convert"), kEvents, kEvents, QStringLiteral("-o"), out});
    QCOMPARE(severalEvents.code, 1);
    QVERIFY(!QFile::exists(out));
    const Run csvLines = run({QStringLiteral("convert"), kTracks, QStringLiteral("-o"),
                              dir.filePath(QStringLiteral("lines.csv"))});
    QCOMPARE(csvLines.code, 3);
    QVERIFY2(csvLines.err.contains(".gpkg"), csvLines.err.constData());
    // An existing file is kept unless --overwrite.
    QVERIFY(run({QStringLiteral("convert"), kTracks, QStringLiteral("-o"), out}).code == 0);
    const Run again = run({QStringLiteral("convert"), kTracks, QStringLiteral("-o"), out});
    QCOMPARE(again.code, 3);
    QVERIFY2(again.err.contains("--overwrite"), again.err.constData());
    const Run missing = run({QStringLiteral("convert"), QStringLiteral("/nonexistent/ais.csv"),
                             QStringLiteral("-o"), dir.filePath(QStringLiteral("x.gpkg")),
                             QStringLiteral("--as"), QStringLiteral("ais")});
    QCOMPARE(missing.code, 2);
    QVERIFY2(missing.err.contains("/nonexistent/ais.csv: no such file"), missing.err.constData());
}

QTEST_GUILESS_MAIN(TstTracks)
#include "tst_tracks.moc"

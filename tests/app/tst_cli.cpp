#include "clirun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

// The command line as a user runs it: the real binary, real files, exit codes and
// output checked. No display is needed (the test sets none).
namespace {
using clirun::data;

using clirun::Run;
using clirun::run;

QJsonObject infoJson(const QStringList &args)
{
    return clirun::json(QStringList {QStringLiteral("info")} + args);
}

// The figures `info` must keep through a conversion.
QJsonObject figures(const QJsonObject &o)
{
    QJsonObject f;
    for (const char *k :
         {"events", "volume_bbl", "volume_unknown", "vessels", "first", "last", "duplicates"})
        f.insert(QLatin1String(k), o.value(QLatin1String(k)));
    QJsonArray bbox;
    for (const QJsonValue &v : o.value(QStringLiteral("bbox")).toArray())
        bbox.append(std::round(v.toDouble() * 1e9) / 1e9);
    f.insert(QStringLiteral("bbox"), bbox);
    return f;
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void versionAndHelp();
    void infoJsonFigures();
    void infoText();
    void unreadableFiles_data();
    void unreadableFiles();
    void badArguments_data();
    void badArguments();
    void filters_data();
    void filters();
    void fieldOverride();
    void dedupe();
    void convertRoundTrip_data();
    void convertRoundTrip();
    void convertFiltered();
    void convertRefusesToOverwrite();
};

void TestCli::versionAndHelp()
{
    Run r = run({QStringLiteral("--version")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith("rendezvous "));
    r = run({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("rendezvous info FILE"));
    r = run({QStringLiteral("info"), QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("--bbox"));
}

void TestCli::infoJsonFigures()
{
    const QJsonObject o = infoJson({data(QStringLiteral("csv/bad_rows.csv"))});
    QCOMPARE(o.value(QStringLiteral("events")).toInt(), 2);
    QCOMPARE(o.value(QStringLiteral("loaded")).toInt(), 2);
    QCOMPARE(o.value(QStringLiteral("rejected")).toInt(), 12);
    QCOMPARE(o.value(QStringLiteral("records")).toInt(), 14);
    QCOMPARE(o.value(QStringLiteral("volume_bbl")).toDouble(), 1000.0);
    QCOMPARE(o.value(QStringLiteral("volume_unknown")).toInt(), 1);
    QCOMPARE(o.value(QStringLiteral("vessels")).toInt(), 4);
    QCOMPARE(o.value(QStringLiteral("first")).toString(), QStringLiteral("2018-03-05T12:00:00Z"));
    QCOMPARE(o.value(QStringLiteral("last")).toString(), QStringLiteral("2018-03-14T12:00:00Z"));
    const QJsonArray bbox = o.value(QStringLiteral("bbox")).toArray();
    QCOMPARE(bbox.size(), 4);
    QCOMPARE(bbox[0].toDouble(), 123.5);
    QCOMPARE(bbox[3].toDouble(), 31.5);
    const QJsonArray rej = o.value(QStringLiteral("rejections")).toArray();
    QCOMPARE(rej.size(), 12);
    QCOMPARE(rej[0].toObject().value(QStringLiteral("row")).toInt(), 3);
    QVERIFY(rej[0]
                .toObject()
                .value(QStringLiteral("reason"))
                .toString()
                .contains(QStringLiteral("latitude")));
    QCOMPARE(
        o.value(QStringLiteral("mapping")).toObject().value(QStringLiteral("start")).toString(),
        QStringLiteral("start_time"));
}

void TestCli::infoText()
{
    const Run r = run({QStringLiteral("info"), data(QStringLiteral("csv/bad_rows.csv"))});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("2 of 2 transfers · 1,000 bbl (1 with unknown volume) · 4 vessels"));
    QVERIFY(r.out.contains("row 3: latitude 95 is outside -90..90"));
}

void TestCli::unreadableFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << QStringLiteral("/nonexistent/events.csv") << "no such file";
    QTest::newRow("binary junk") << data(QStringLiteral("junk/random_bytes.csv")) << "binary";
    QTest::newRow("truncated GeoJSON") << data(QStringLiteral("junk/truncated.geojson")) << "";
    QTest::newRow("a directory with no data") << data(QStringLiteral("junk")) << "";
}

void TestCli::unreadableFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, reason);
    const Run r = run({QStringLiteral("info"), file, QStringLiteral("--json")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.out.isEmpty());
    const QString err = QString::fromUtf8(r.err).trimmed();
    QVERIFY2(!err.contains(QLatin1Char('\n')), qPrintable(err)); // one line
    QVERIFY2(err.startsWith(QStringLiteral("rendezvous: ") + file + QStringLiteral(": ")),
             qPrintable(err));
    QVERIFY2(err.contains(reason), qPrintable(err));
}

void TestCli::badArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no file") << QStringList {QStringLiteral("info")};
    QTest::newRow("bad bbox") << QStringList {QStringLiteral("info"),
                                              data(QStringLiteral("csv/vessels.csv")),
                                              QStringLiteral("--bbox"), QStringLiteral("1,2,3")};
    QTest::newRow("bad date") << QStringList {QStringLiteral("info"),
                                              data(QStringLiteral("csv/vessels.csv")),
                                              QStringLiteral("--from"), QStringLiteral("soon")};
    QTest::newRow("unknown option")
        << QStringList {QStringLiteral("info"), QStringLiteral("--frobnicate")};
    QTest::newRow("convert without -o")
        << QStringList {QStringLiteral("convert"), data(QStringLiteral("csv/vessels.csv"))};
}

void TestCli::badArguments()
{
    QFETCH(QStringList, args);
    const Run r = run(args);
    QCOMPARE(r.code, 1);
    QVERIFY(!r.err.isEmpty());
}

void TestCli::filters_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("events");
    const QString gfw = data(QStringLiteral("csv/gfw_encounters.csv"));
    QTest::newRow("none") << QStringList {gfw} << 4;
    QTest::newRow("antimeridian bbox")
        << QStringList {gfw, QStringLiteral("--bbox"), QStringLiteral("170,-90,-170,90")} << 2;
    QTest::newRow("Korea Bay bbox")
        << QStringList {gfw, QStringLiteral("--bbox"), QStringLiteral("124,38,125,39")} << 2;
    QTest::newRow("to is inclusive of its day")
        << QStringList {gfw, QStringLiteral("--to"), QStringLiteral("2017-03-01")} << 1;
    // The second event ends on 2017-03-05T03:00Z: it overlaps a window from March 5.
    QTest::newRow("overlap at from")
        << QStringList {gfw, QStringLiteral("--from"), QStringLiteral("2017-03-05"),
                        QStringLiteral("--to"), QStringLiteral("2017-03-05")}
        << 1;
    QTest::newRow("exact time just after end")
        << QStringList {gfw, QStringLiteral("--from"), QStringLiteral("2017-03-05T03:00:01Z"),
                        QStringLiteral("--to"), QStringLiteral("2017-04-01")}
        << 0;
    QTest::newRow("search") << QStringList {gfw, QStringLiteral("--search"),
                                            QStringLiteral("445123000")}
                            << 2;
}

void TestCli::filters()
{
    QFETCH(QStringList, args);
    QFETCH(int, events);
    const QJsonObject o = infoJson(args);
    QCOMPARE(o.value(QStringLiteral("events")).toInt(), events);
    QCOMPARE(o.value(QStringLiteral("loaded")).toInt(), 4);
}

void TestCli::fieldOverride()
{
    const QJsonObject o = infoJson({data(QStringLiteral("csv/gfw_encounters.csv")),
                                    QStringLiteral("--field"), QStringLiteral("start=end_time")});
    QCOMPARE(o.value(QStringLiteral("first")).toString(), QStringLiteral("2017-03-01T09:40:00Z"));
    QCOMPARE(
        o.value(QStringLiteral("mapping")).toObject().value(QStringLiteral("start")).toString(),
        QStringLiteral("end_time"));
}

void TestCli::dedupe()
{
    QJsonObject o = infoJson({data(QStringLiteral("csv/duplicates.csv"))});
    QCOMPARE(o.value(QStringLiteral("events")).toInt(), 5);
    QCOMPARE(o.value(QStringLiteral("duplicates")).toInt(), 2);
    o = infoJson({data(QStringLiteral("csv/duplicates.csv")), QStringLiteral("--dedupe")});
    QCOMPARE(o.value(QStringLiteral("events")).toInt(), 3);
    QCOMPARE(o.value(QStringLiteral("duplicates")).toInt(), 2);
}

void TestCli::convertRoundTrip_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("extension");
    for (const char *input :
         {"csv/sts_dmy.csv", "csv/gfw_encounters.csv", "csv/duplicates.csv", "csv/vessels.csv"}) {
        for (const char *ext : {"gpkg", "geojson", "csv", "kml", "fgb", "shp"})
            QTest::addRow("%s -> %s", input, ext)
                << QString::fromLatin1(input) << QString::fromLatin1(ext);
    }
}

void TestCli::convertRoundTrip()
{
    QFETCH(QString, input);
    QFETCH(QString, extension);
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("out.") + extension);
    const Run c = run({QStringLiteral("convert"), data(input), QStringLiteral("-o"), out});
    QVERIFY2(c.code == 0, c.err.constData());
    const QJsonObject before = infoJson({data(input)});
    const QJsonObject after = infoJson({out});
    QCOMPARE(after.value(QStringLiteral("rejected")).toInt(), 0);
    QCOMPARE(figures(after), figures(before));
}

void TestCli::convertFiltered()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("pacific.gpkg"));
    const QString in = data(QStringLiteral("csv/gfw_encounters.csv"));
    const QStringList filter {QStringLiteral("--bbox"), QStringLiteral("170,-90,-170,90")};
    QCOMPARE(
        run(QStringList {QStringLiteral("convert"), in, QStringLiteral("-o"), out} + filter).code,
        0);
    const QJsonObject after = infoJson({out});
    QCOMPARE(after.value(QStringLiteral("events")).toInt(), 2);
    QCOMPARE(figures(after), figures(infoJson(QStringList {in} + filter)));
    const QJsonArray bbox = after.value(QStringLiteral("bbox")).toArray();
    QVERIFY(bbox[0].toDouble() > bbox[2].toDouble()); // reported across the antimeridian

    // A filter that matches nothing writes no events, not all of them.
    const QString none = dir.filePath(QStringLiteral("none.gpkg"));
    QCOMPARE(run({QStringLiteral("convert"), in, QStringLiteral("-o"), none,
                  QStringLiteral("--from"), QStringLiteral("2030-01-01")})
                 .code,
             0);
    const QJsonObject empty = infoJson({none});
    QCOMPARE(empty.value(QStringLiteral("events")).toInt(), 0);
    QCOMPARE(empty.value(QStringLiteral("loaded")).toInt(), 0);
}

void TestCli::convertRefusesToOverwrite()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("existing.geojson"));
    QFile f(out);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("precious");
    f.close();
    const QString in = data(QStringLiteral("csv/vessels.csv"));
    Run r = run({QStringLiteral("convert"), in, QStringLiteral("-o"), out});
    QCOMPARE(r.code, 3);
    QVERIFY(r.err.contains("--overwrite"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("precious"));
    f.close();
    r = run(
        {QStringLiteral("convert"), in, QStringLiteral("-o"), out, QStringLiteral("--overwrite")});
    QCOMPARE(r.code, 0);
    QCOMPARE(infoJson({out}).value(QStringLiteral("events")).toInt(), 4);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

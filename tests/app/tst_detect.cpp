#include "clirun.h"

#include "detect/detection.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include <cmath>

// `rendezvous detect` as a user runs it: the real binary on an AIS file written here with
// planted cases beside their decoys, far out in the Pacific (10° N, 140° W: over 1,000 km
// from any coast), so that every rule but the one a case is about is plainly met.
namespace {

using clirun::Run;
using clirun::run;

using clirun::json;

const QDateTime kT0(QDate(2024, 1, 10), QTime(0, 0), QTimeZone::utc());
constexpr double kMetresPerDegree = 111195.0; // of latitude; longitude / cos(10°)

struct Writer
{
    QByteArray text = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,"
                      "VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass\n";
    void add(const char *mmsi, const char *name, const char *imo, qint64 minutes, double lat,
             double lon, double sog)
    {
        text += QStringLiteral("%1,%2,%3,%4,%5,0.0,0.0,%6,%7,,80,0,180,32,10,80,A\n")
                    .arg(QLatin1String(mmsi),
                         kT0.addSecs(minutes * 60).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")))
                    .arg(lat, 0, 'f', 6)
                    .arg(lon, 0, 'f', 6)
                    .arg(sog, 0, 'f', 1)
                    .arg(QLatin1String(name), QLatin1String(imo))
                    .toUtf8();
    }
    // Drifts north at `knots` from (lat, lon) for `minutes`, a report every 10 minutes.
    void drift(const char *mmsi, const char *name, const char *imo, qint64 from, qint64 minutes,
               double lat, double lon, double knots)
    {
        for (qint64 m = 0; m <= minutes; m += 10)
            add(mmsi, name, imo, from + m,
                lat + knots * 1852.0 * double(m) / 60.0 / kMetresPerDegree, lon, knots);
    }
};

double eastOf(double lon, double metres)
{
    return lon + metres / (kMetresPerDegree * std::cos(10.0 * M_PI / 180.0));
}

// The planted cases:
// - 412000001 and 538001234: a true encounter, 5 h together 100 m apart at 0.5 kn;
// - 636000003 and 636000004: 300 m apart for 3 h, but at 12 kn (a pass, not a meeting);
// - 636000005 and 636000006: 100 m apart at 0.5 kn for only 70 minutes (too short);
// - 636000009 and 636000010: 5 h at 0.5 kn, but 900 m apart (too far);
// - 636000008: 2 h under way, silent 14 h, 2 h again 100 nm on: an AIS gap;
// - 636000007: alone at 0.5 kn for 6 h (loitering), broadcasting IMO 1234568, whose check
//   digit is wrong (1234567 would be right).
QByteArray plantedFile()
{
    Writer w;
    const double lon = -140;
    w.drift("412000001", "CARRIER", "", 0, 300, 10.0, lon, 0.5);
    w.drift("538001234", "TANKER ONE", "IMO9627980", 0, 300, 10.0, eastOf(lon, 100), 0.5);
    // The fast pair, 1° north: 12 kn for 3 h.
    w.drift("636000003", "FAST ONE", "", 0, 180, 11.0, lon, 12);
    w.drift("636000004", "FAST TWO", "", 0, 180, 11.0, eastOf(lon, 300), 12);
    // The short meeting, 1° south.
    w.drift("636000005", "SHORT ONE", "", 0, 70, 9.0, lon, 0.5);
    w.drift("636000006", "SHORT TWO", "", 0, 70, 9.0, eastOf(lon, 100), 0.5);
    // The distant pair, 2° south.
    w.drift("636000009", "FAR ONE", "", 0, 300, 8.0, lon, 0.5);
    w.drift("636000010", "FAR TWO", "", 0, 300, 8.0, eastOf(lon, 900), 0.5);
    // The gap, 2° north: 10 kn, then 14 h of silence, then 100 nm further north.
    w.drift("636000008", "DARK", "", 0, 120, 12.0, lon, 10);
    w.drift("636000008", "DARK", "", 120 + 14 * 60, 120,
            12.0 + (20 + 100) * 1852.0 / kMetresPerDegree, lon, 10);
    // The loiterer, 3° south.
    w.drift("636000007", "LOITERER", "IMO1234568", 0, 360, 7.0, lon, 0.5);
    return w.text;
}

QJsonArray events(const QJsonObject &o, const char *section)
{
    return o.value(QLatin1String(section)).toArray();
}

bool involves(const QJsonObject &e, const char *mmsi)
{
    const QString m = QLatin1String(mmsi);
    return e.value(QStringLiteral("vessel_a_mmsi")).toString() == m
        || e.value(QStringLiteral("vessel_b_mmsi")).toString() == m
        || e.value(QStringLiteral("mmsi")).toString() == m;
}

int countFor(const QJsonArray &a, const char *mmsi)
{
    int n = 0;
    for (const QJsonValue &v : a)
        n += involves(v.toObject(), mmsi) ? 1 : 0;
    return n;
}

} // namespace

class TstDetect : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void planted();
    void outputReadsBack_data();
    void outputReadsBack();
    void rules_data();
    void rules();
    void kinds();
    void text();
    void progressOnStderr();
    void helpSaysEachOptionInOneLine();
    void misuse_data();
    void misuse();

private:
    QString m_file;
    QTemporaryDir m_dir;
};

void TstDetect::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = m_dir.filePath(QStringLiteral("planted.csv"));
    QFile f(m_file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(plantedFile());
}

void TstDetect::planted()
{
    const QJsonObject o = json({QStringLiteral("detect"), m_file});
    QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("ais"));
    QCOMPARE(o.value(QStringLiteral("rejected")).toInt(-1), 0);
    const QJsonArray encounters = events(o, "encounters");
    // The true meeting only: no decoy.
    QCOMPARE(encounters.size(), 1);
    const QJsonObject e = encounters.at(0).toObject();
    QCOMPARE(e.value(QStringLiteral("kind")).toString(), QStringLiteral("encounter"));
    QCOMPARE(e.value(QStringLiteral("vessel_a_mmsi")).toString(), QStringLiteral("412000001"));
    QCOMPARE(e.value(QStringLiteral("vessel_b_mmsi")).toString(), QStringLiteral("538001234"));
    QCOMPARE(e.value(QStringLiteral("vessel_b_name")).toString(), QStringLiteral("TANKER ONE"));
    QCOMPARE(e.value(QStringLiteral("vessel_b_imo")).toString(), QStringLiteral("9627980"));
    QCOMPARE(e.value(QStringLiteral("vessel_b_flag")).toString(), QStringLiteral("MH"));
    QCOMPARE(e.value(QStringLiteral("vessel_a_flag")).toString(), QStringLiteral("CN"));
    QCOMPARE(e.value(QStringLiteral("start")).toString(), QStringLiteral("2024-01-10T00:00:00Z"));
    QCOMPARE(e.value(QStringLiteral("end")).toString(), QStringLiteral("2024-01-10T05:00:00Z"));
    QCOMPARE(e.value(QStringLiteral("duration_h")).toDouble(), 5.0);
    QVERIFY2(std::abs(e.value(QStringLiteral("median_distance_m")).toDouble() - 100) < 2,
             qPrintable(QString::number(e.value(QStringLiteral("median_distance_m")).toDouble())));
    QVERIFY(std::abs(e.value(QStringLiteral("median_speed_kn")).toDouble() - 0.5) < 0.05);
    QVERIFY(std::abs(e.value(QStringLiteral("lat")).toDouble() - 10.02) < 0.01);
    QVERIFY(std::abs(e.value(QStringLiteral("lon")).toDouble() - (-140)) < 0.01);
    QVERIFY(!e.value(QStringLiteral("detail")).toString().isEmpty());
    QVERIFY(
        e.value(QStringLiteral("rules")).toString().contains(QStringLiteral("max_distance_m=500")));

    // The gap of 636000008: 14 h from the last report before to the first after.
    const QJsonArray gaps = events(o, "gaps");
    QCOMPARE(countFor(gaps, "636000008"), 1);
    QCOMPARE(gaps.size(), 1);
    const QJsonObject g = gaps.at(0).toObject();
    QCOMPARE(g.value(QStringLiteral("start")).toString(), QStringLiteral("2024-01-10T02:00:00Z"));
    QCOMPARE(g.value(QStringLiteral("end")).toString(), QStringLiteral("2024-01-10T16:00:00Z"));
    QCOMPARE(g.value(QStringLiteral("duration_h")).toDouble(), 14.0);
    QVERIFY(std::abs(g.value(QStringLiteral("distance_nm")).toDouble() - 100) < 1);

    // The loiterer loiters; the fast pair and the vessel going dark do not.
    const QJsonArray loitering = events(o, "loitering");
    QCOMPARE(countFor(loitering, "636000007"), 1);
    QCOMPARE(countFor(loitering, "636000003"), 0);
    QCOMPARE(countFor(loitering, "636000008"), 0);
    // Its IMO fails the check digit.
    bool badImo = false;
    for (const QJsonValue &v : events(o, "anomalies")) {
        const QJsonObject a = v.toObject();
        badImo = badImo
            || (involves(a, "636000007")
                && a.value(QStringLiteral("anomaly")).toString()
                    == QLatin1String("bad_imo_check_digit"));
    }
    QVERIFY(badImo);

    const QJsonObject counts = o.value(QStringLiteral("counts")).toObject();
    QCOMPARE(counts.value(QStringLiteral("encounters")).toInt(), 1);
    QCOMPARE(counts.value(QStringLiteral("gaps")).toInt(), 1);
    QCOMPARE(counts.value(QStringLiteral("loitering")).toInt(), loitering.size());
    QCOMPARE(o.value(QStringLiteral("rules"))
                 .toObject()
                 .value(QStringLiteral("max_distance_m"))
                 .toDouble(),
             500.0);
}

void TstDetect::outputReadsBack_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("gpkg") << QStringLiteral("gpkg");
    QTest::newRow("csv") << QStringLiteral("csv");
    QTest::newRow("geojson") << QStringLiteral("geojson");
}

void TstDetect::outputReadsBack()
{
    QFETCH(QString, suffix);
    const QString out = m_dir.filePath(QStringLiteral("detected.") + suffix);
    QFile::remove(out);
    const QJsonObject o = json({QStringLiteral("detect"), m_file, QStringLiteral("-o"), out});
    const int written =
        o.value(QStringLiteral("counts")).toObject().value(QStringLiteral("events")).toInt(-1);
    QVERIFY(written >= 3);
    QVERIFY(QFileInfo::exists(out));
    // `info` reads the detected events back as events, with the same figures.
    const QJsonObject info = json({QStringLiteral("info"), out});
    QCOMPARE(info.value(QStringLiteral("kind")).toString(), QStringLiteral("events"));
    QCOMPARE(info.value(QStringLiteral("events")).toInt(-1), written);
    QCOMPARE(info.value(QStringLiteral("rejected")).toInt(-1), 0);
    QCOMPARE(info.value(QStringLiteral("first")).toString(),
             QStringLiteral("2024-01-10T00:00:00Z"));
    const QJsonObject mapping = info.value(QStringLiteral("mapping")).toObject();
    QVERIFY2(mapping.contains(QStringLiteral("vessel_b_mmsi")),
             qPrintable(QJsonDocument(mapping).toJson()));
    // --search finds the events of the tanker's MMSI: the encounter and whatever else
    // detect found for it (it also loiters during the meeting).
    int tankerEvents = 0;
    for (const char *section : {"encounters", "loitering", "gaps", "anomalies"}) {
        for (const QJsonValue &v : events(o, section))
            tankerEvents += involves(v.toObject(), "538001234")
                    && !v.toObject().value(QStringLiteral("lat")).isNull()
                ? 1
                : 0;
    }
    QVERIFY(tankerEvents >= 1);
    const QJsonObject tanker = json(
        {QStringLiteral("info"), out, QStringLiteral("--search"), QStringLiteral("538001234")});
    QCOMPARE(tanker.value(QStringLiteral("events")).toInt(-1), tankerEvents);
    // A second run does not replace the file unless asked.
    const Run again = run({QStringLiteral("detect"), m_file, QStringLiteral("-o"), out});
    QCOMPARE(again.code, 3);
    QVERIFY2(again.err.contains("exists; use --overwrite"), again.err.constData());
    const Run replaced = run({QStringLiteral("detect"), m_file, QStringLiteral("-o"), out,
                              QStringLiteral("--overwrite")});
    QCOMPARE(replaced.code, 0);
    QVERIFY2(replaced.err.contains("wrote"), replaced.err.constData());
}

void TstDetect::rules_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("encounters");
    QTest::newRow("defaults") << QStringList() << 1;
    // 5 h together: not with 6 h required.
    QTest::newRow("min-hours 6") << QStringList {QStringLiteral("--min-hours"), QStringLiteral("6")}
                                 << 0;
    // The short pair meets 70 minutes: enough for 1 h.
    QTest::newRow("min-hours 1") << QStringList {QStringLiteral("--min-hours"), QStringLiteral("1")}
                                 << 2;
    // 100 m apart: not within 50 m; the 900 m pair is within 1 km.
    QTest::newRow("max-distance-m 50")
        << QStringList {QStringLiteral("--max-distance-m"), QStringLiteral("50")} << 0;
    QTest::newRow("max-distance-m 1000")
        << QStringList {QStringLiteral("--max-distance-m"), QStringLiteral("1000")} << 2;
    // The fast pair at 12 kn counts once 13 kn is allowed (3 h together, 300 m apart).
    QTest::newRow("max-speed-kn 13")
        << QStringList {QStringLiteral("--max-speed-kn"), QStringLiteral("13")} << 2;
    QTest::newRow("max-speed-kn 0.4")
        << QStringList {QStringLiteral("--max-speed-kn"), QStringLiteral("0.4")} << 0;
    // Scope: after the meeting, or elsewhere, nothing to find.
    QTest::newRow("from") << QStringList {QStringLiteral("--from"),
                                          QStringLiteral("2024-01-10T06:00:00Z")}
                          << 0;
    QTest::newRow("bbox elsewhere")
        << QStringList {QStringLiteral("--bbox"), QStringLiteral("-150,10.5,-130,30")} << 0;
    QTest::newRow("bbox around") << QStringList {QStringLiteral("--bbox"),
                                                 QStringLiteral("-141,9.5,-139,10.5")}
                                 << 1;
}

void TstDetect::rules()
{
    QFETCH(QStringList, options);
    QFETCH(int, encounters);
    const QJsonObject o = json(QStringList {QStringLiteral("detect"), m_file,
                                            QStringLiteral("--kinds"), QStringLiteral("encounters")}
                               + options);
    QCOMPARE(events(o, "encounters").size(), encounters);
}

void TstDetect::kinds()
{
    const QJsonObject o = json({QStringLiteral("detect"), m_file, QStringLiteral("--kinds"),
                                QStringLiteral("gaps,identity")});
    QCOMPARE(events(o, "encounters").size(), 0);
    QCOMPARE(events(o, "loitering").size(), 0);
    QCOMPARE(events(o, "gaps").size(), 1);
    QVERIFY(!events(o, "anomalies").isEmpty());
    QCOMPARE(o.value(QStringLiteral("kinds")).toArray(),
             QJsonArray({QStringLiteral("gaps"), QStringLiteral("identity")}));
}

void TstDetect::text()
{
    const Run r = run({QStringLiteral("detect"), m_file, QStringLiteral("--kinds"),
                       QStringLiteral("encounters,gaps")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains("detected:     1 encounter, 0 loitering, 1 gap, 0 anomalies"),
             r.out.constData());
    QVERIFY2(r.out.contains("encounter-1"), r.out.constData());
    QVERIFY2(r.out.contains("gap-1"), r.out.constData());
    QVERIFY2(r.out.contains("2024-01-10T00:00:00Z – 2024-01-10T05:00:00Z"), r.out.constData());
    QVERIFY2(r.err.contains("read as AIS positions"), r.err.constData());
}

// The stages and the detection's progress go to stderr, as the window shows them; stdout
// is the result alone (a --json object that parses whole, or the list).
void TstDetect::progressOnStderr()
{
    const QString out = m_dir.filePath(QStringLiteral("progress.csv"));
    const Run r = run({QStringLiteral("detect"), m_file, QStringLiteral("--json"),
                       QStringLiteral("-o"), out, QStringLiteral("--overwrite")});
    QCOMPARE(r.code, 0);
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(r.out, &e);
    QVERIFY2(e.error == QJsonParseError::NoError, qPrintable(e.errorString()));
    QVERIFY(d.isObject());
    const QString err = QString::fromUtf8(r.err);
    const QStringList stages = {
        QStringLiteral("rendezvous detect: reading 1 AIS file…\n"),
        QStringLiteral("rendezvous detect: shore, anchorages and ports…\n"),
        QStringLiteral("rendezvous detect: detecting encounters,loitering,gaps,identity in "),
        // Encounters are 6 tenths of the work (detect::run's weights): said when done.
        QStringLiteral("rendezvous detect: detecting 60%\n"),
        QStringLiteral("rendezvous detect: detecting 100%\n"),
        QStringLiteral("rendezvous detect: writing ") + out + QStringLiteral("…\n"),
    };
    qsizetype at = 0;
    for (const QString &stage : stages) { // each once, in this order
        const qsizetype found = err.indexOf(stage, at);
        QVERIFY2(found >= 0, qPrintable(stage + QStringLiteral(" in:\n") + err));
        QCOMPARE(err.indexOf(stage, found + 1), qsizetype(-1));
        at = found + 1;
    }
    // The percentages rise, each said once.
    static const QRegularExpression step(QStringLiteral("detecting (\\d+)%\n"));
    int last = -1;
    for (auto it = step.globalMatch(err); it.hasNext();) {
        const int percent = it.next().captured(1).toInt();
        QVERIFY2(percent > last, qPrintable(err));
        last = percent;
    }
    QCOMPARE(last, 100);

    // The list: no progress in it.
    const Run text =
        run({QStringLiteral("detect"), m_file, QStringLiteral("--kinds"), QStringLiteral("gaps")});
    QCOMPARE(text.code, 0);
    QVERIFY(!text.out.contains("rendezvous detect:"));
    QVERIFY(!text.out.contains("%"));
    QVERIFY2(text.err.contains("rendezvous detect: detecting gaps in "), text.err.constData());
    QVERIFY2(text.err.contains("rendezvous detect: shore…\n"), text.err.constData());
}

// --help: every option in one line with its default, the defaults detect::Rules' (GFW's).
void TstDetect::helpSaysEachOptionInOneLine()
{
    const Run r = run({QStringLiteral("detect"), QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    const qsizetype options = lines.indexOf(QStringLiteral("Options:"));
    const qsizetype arguments = lines.indexOf(QStringLiteral("Arguments:"));
    QVERIFY(options > 0 && arguments > options);
    QHash<QString, QString> described; // option name -> its line
    for (qsizetype i = options + 1; i < arguments; ++i) {
        const QString &line = lines[i];
        if (line.isEmpty())
            continue;
        // An option's line, never the wrapped rest of one.
        QVERIFY2(line.startsWith(QLatin1String("  -")),
                 qPrintable(QStringLiteral("wrapped: ") + line));
        QVERIFY2(line.size() <= 80, qPrintable(line));
        static const QRegularExpression name(QStringLiteral("--([a-z-]+)"));
        described.insert(name.match(line).captured(1), line);
    }
    const detect::Rules d;
    const auto hours = [](int64_t ms) { return QString::number(double(ms) / 3600000.0); };
    const QList<QPair<QString, QString>> defaults = {
        {QStringLiteral("min-hours"), hours(d.minDurationMs)},
        {QStringLiteral("max-distance-m"), QString::number(d.maxDistanceM)},
        {QStringLiteral("max-speed-kn"), QString::number(d.maxMedianSpeedKn)},
        {QStringLiteral("merge-hours"), hours(d.mergeGapMs)},
        {QStringLiteral("interpolate-hours"), hours(d.maxInterpolationGapMs)},
        {QStringLiteral("min-port-km"), QString::number(d.minPortKm)},
        {QStringLiteral("anchorage-vessels"), QString::number(d.anchorageMinVessels)},
        {QStringLiteral("loiter-hours"), hours(d.loiterMinDurationMs)},
        {QStringLiteral("loiter-speed-kn"), QString::number(d.loiterMaxSpeedKn)},
        {QStringLiteral("loiter-shore-nm"), QString::number(d.loiterMinShoreNm)},
        {QStringLiteral("gap-hours"), hours(d.gapMinMs)},
        {QStringLiteral("gap-shore-nm"), QString::number(d.gapMinShoreNm)},
        {QStringLiteral("max-implied-speed-kn"), QString::number(d.maxImpliedSpeedKn)},
    };
    for (const auto &[option, value] : defaults) {
        QVERIFY2(described.contains(option), qPrintable(option));
        QVERIFY2(described.value(option).endsWith(QStringLiteral("(%1)").arg(value)),
                 qPrintable(described.value(option)));
    }
    QCOMPARE(d.minDurationMs, 2 * 3600000LL); // GFW's, as issue 17 gives them
    QCOMPARE(d.maxDistanceM, 500.0);
    QCOMPARE(d.gapMinMs, 12 * 3600000LL);
    for (const char *other : {"kinds", "ports", "output", "overwrite", "json", "from", "to", "bbox",
                              "field", "as", "help"})
        QVERIFY2(described.contains(QLatin1String(other)), other);
    QVERIFY(described.value(QStringLiteral("from")).contains(QLatin1String("Analyse")));

    // The options the help adds are read.
    QCOMPARE(
        run({QStringLiteral("detect"), m_file, QStringLiteral("--json"), QStringLiteral("--kinds"),
             QStringLiteral("identity"), QStringLiteral("--max-implied-speed-kn"),
             QStringLiteral("20"), QStringLiteral("--merge-hours"), QStringLiteral("0"),
             QStringLiteral("--interpolate-hours"), QStringLiteral("0.5")})
            .code,
        0);
    const QJsonObject rules =
        json({QStringLiteral("detect"), m_file, QStringLiteral("--kinds"), QStringLiteral("gaps"),
              QStringLiteral("--max-implied-speed-kn"), QStringLiteral("20"),
              QStringLiteral("--merge-hours"), QStringLiteral("0")})
            .value(QStringLiteral("rules"))
            .toObject();
    QCOMPARE(rules.value(QStringLiteral("max_implied_speed_kn")).toDouble(), 20.0);
    QCOMPARE(rules.value(QStringLiteral("merge_gap_h")).toDouble(), 0.0);
}

void TstDetect::misuse_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QString file = QStringLiteral("<planted>");
    QTest::newRow("no file") << QStringList() << 1 << QStringLiteral("FILE expected");
    QTest::newRow("bad kind") << QStringList {file, QStringLiteral("--kinds"),
                                              QStringLiteral("encounters,rafting")}
                              << 1 << QStringLiteral("unknown kind 'rafting'");
    QTest::newRow("negative hours")
        << QStringList {file, QStringLiteral("--min-hours"), QStringLiteral("-1")} << 1
        << QStringLiteral("--min-hours must be a number greater than 0, not '-1'");
    QTest::newRow("distance not a number")
        << QStringList {file, QStringLiteral("--max-distance-m"), QStringLiteral("5OO")} << 1
        << QStringLiteral("--max-distance-m must be a number greater than 0, not '5OO'");
    QTest::newRow("implied speed not a number")
        << QStringList {file, QStringLiteral("--max-implied-speed-kn"), QStringLiteral("fast")} << 1
        << QStringLiteral("--max-implied-speed-kn must be a number greater than 0, not 'fast'");
    QTest::newRow("zero vessels")
        << QStringList {file, QStringLiteral("--anchorage-vessels"), QStringLiteral("0")} << 1
        << QStringLiteral("--anchorage-vessels must be a whole number of 1 or more");
    QTest::newRow("bad bbox") << QStringList {file, QStringLiteral("--bbox"),
                                              QStringLiteral("1,2,3")}
                              << 1 << QStringLiteral("bbox");
    QTest::newRow("as events") << QStringList {file, QStringLiteral("--as"),
                                               QStringLiteral("events")}
                               << 1 << QStringLiteral("detect reads AIS positions");
    QTest::newRow("missing file") << QStringList {QStringLiteral("/nonexistent/ais.csv")} << 2
                                  << QStringLiteral("/nonexistent/ais.csv: no such file");
    QTest::newRow("missing ports")
        << QStringList {file, QStringLiteral("--ports"), QStringLiteral("/nonexistent/ports.csv")}
        << 2 << QStringLiteral("/nonexistent/ports.csv: no such file");
    QTest::newRow("events file") << QStringList {QStringLiteral(RENDEZVOUS_TEST_DATA
                                                                "/csv/gfw_encounters.csv")}
                                 << 2 << QStringLiteral("holds transfer events, not AIS positions");
    QTest::newRow("unknown output format")
        << QStringList {file, QStringLiteral("-o"), QStringLiteral("<dir>/out.xyz")} << 3
        << QStringLiteral("cannot tell the output format");
}

void TstDetect::misuse()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, message);
    for (QString &a : args) {
        a.replace(QStringLiteral("<planted>"), m_file);
        a.replace(QStringLiteral("<dir>"), m_dir.path());
    }
    const Run r = run(QStringList {QStringLiteral("detect")} + args);
    QCOMPARE(r.code, code);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TstDetect)
#include "tst_detect.moc"

// Issue 15, "Columns the reader does not know": header detection through units and
// brackets, ship 1/2, barrels, thousands separators, day/month order decided by the data
// or left to the user, the probe the window asks before it loads, and the memory of
// chosen mappings.
#include "eventfields.h"
#include "eventstore.h"
#include "io/columnmapping.h"
#include "io/csvreader.h"
#include "io/eventreader.h"
#include "io/mappingmemory.h"
#include "io/mappingprobe.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kShipColumns = QStringLiteral(RENDEZVOUS_TEST_DATA "/mapping/ship_columns.csv");
const QStringList kIssueHeader = {"Ship 1",         "Ship 2",          "Date (UTC)",
                                  "Latitude (deg)", "Longitude (deg)", "Barrels"};

QString mapped(const QStringList &headers, Field f)
{
    const int c = ColumnMapping::detect(headers).column(f);
    return c >= 0 ? headers.at(c) : QString();
}

int64_t utc(int y, int mo, int d, int h = 0, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC).toMSecsSinceEpoch();
}
} // namespace

class TestMappingProbe : public QObject
{
    Q_OBJECT

private slots:
    void issueHeader()
    {
        const ColumnMapping m = ColumnMapping::detect(kIssueHeader);
        QCOMPARE(m.column(Field::VesselAName), 0);
        QCOMPARE(m.column(Field::VesselBName), 1);
        QCOMPARE(m.column(Field::Start), 2);
        QCOMPARE(m.column(Field::Latitude), 3);
        QCOMPARE(m.column(Field::Longitude), 4);
        QCOMPARE(m.column(Field::Volume), 5);
    }

    void unitsAndBrackets_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("field"); // "" = must stay an extra column
        const QList<std::pair<const char *, const char *>> rows = {
            {"Date (UTC)", "start"},
            {"Date [UTC]", "start"},
            {"Date {UTC}", "start"},
            {"Date UTC", "start"},
            {"Time (GMT)", "start"},
            {"Start time [UTC]", "start"},
            {"End (Z)", "end"},
            {"End time (UTC)", "end"},
            {"Latitude [deg]", "lat"},
            {"Lat (°)", "lat"},
            {"Latitude (decimal degrees)", "lat"},
            {"Latitude deg", "lat"},
            {"Longitude (WGS84)", "lon"},
            {"Lon [DD]", "lon"},
            {"Volume (barrels)", "volume"},
            {"Quantity [bbl]", "volume"},
            {"Barrels", "volume"},
            {"BBL", "volume"},
            {"Ship 1", "vessel_a"},
            {"Ship 2", "vessel_b"},
            {"Vessel 1", "vessel_a"},
            {"Vessel 2", "vessel_b"},
            {"Ship 1 IMO", "vessel_a_imo"},
            {"Vessel 2 MMSI", "vessel_b_mmsi"},
            // Units that change the meaning, or suit another kind of field.
            {"Volume (m3)", ""},
            {"Volume [t]", ""},
            {"Date (local)", ""},
            {"Latitude (rad)", ""},
            {"Volume (deg)", ""},
            {"Date (bbl)", ""},
            {"Latitude (UTC)", ""},
            {"(UTC)", ""},
            {"Date (UTC", ""},
        };
        for (const auto &[header, field] : rows)
            QTest::newRow(header) << QString::fromUtf8(header) << QString::fromLatin1(field);
    }
    void unitsAndBrackets()
    {
        QFETCH(QString, header);
        QFETCH(QString, field);
        const QStringList headers = {"unrelated", header};
        const QJsonObject json = ColumnMapping::detect(headers).toJson(headers);
        if (field.isEmpty())
            QCOMPARE(json, QJsonObject());
        else
            QCOMPARE(json, QJsonObject({{field, header}}));
    }

    // An exact alias wins over a name seen through its unit, whatever the order.
    void exactBeforeUnit()
    {
        QCOMPARE(mapped({"Date (UTC)", "date"}, Field::Start), QStringLiteral("date"));
        QCOMPARE(mapped({"Latitude (deg)", "latitude"}, Field::Latitude),
                 QStringLiteral("latitude"));
        // And the alias order still decides between two names seen through units.
        QCOMPARE(mapped({"Date (UTC)", "Start (UTC)"}, Field::Start),
                 QStringLiteral("Start (UTC)"));
    }

    // The file of the issue loads with the exact figures: thousands separators in quotes,
    // both vessels, and one row with an unreadable latitude.
    void issueFileLoads()
    {
        const LoadResult r = EventReader::load(kShipColumns);
        QVERIFY2(r.report.ok(), qPrintable(r.report.error));
        QCOMPARE(r.report.records, 7);
        QCOMPARE(r.store->size(), size_t(6));
        QCOMPARE(r.report.rejections.size(), size_t(1));
        QCOMPARE(r.report.rejections[0].row, 6u);
        QCOMPARE(r.report.rejections[0].reason, QStringLiteral("unreadable latitude 'north'"));
        double sum = 0;
        for (size_t i = 0; i < r.store->size(); ++i)
            sum += r.store->volume(i);
        QCOMPARE(sum, 62130.0);
        QCOMPARE(r.store->text(Field::VesselAName, 0), QStringLiteral("ALPHA STAR"));
        QCOMPARE(r.store->text(Field::VesselBName, 0), QStringLiteral("BETA SEA"));
        // No number over 12 in either place: assumed day first, and the probe is unsure.
        QCOMPARE(r.store->start(0), utc(2018, 3, 5));
        const MappingProbe probe = MappingProbe::read(kShipColumns);
        QVERIFY(probe.error.isEmpty());
        QVERIFY(probe.wholeFile);
        QCOMPARE(probe.headers, kIssueHeader);
        QCOMPARE(probe.rows.size(), size_t(7));
        QCOMPARE(probe.rows[0].at(5), QStringLiteral("12,400"));
        const ColumnMapping detected = ColumnMapping::detect(probe.headers);
        const MappingProbe::Trial t = probe.trial(detected);
        QCOMPARE(t.records, 7);
        QCOMPARE(t.rejected, 1);
        const QStringList doubts = probe.doubts(detected, t);
        QCOMPARE(doubts.size(), 1);
        QVERIFY2(doubts[0].contains(QStringLiteral("both day first and month first")),
                 qPrintable(doubts[0]));
        QCOMPARE(probe.firstValue(detected.column(Field::Start)), QStringLiteral("05/03/2018"));

        // Month first, as chosen: the dates move, nothing else does.
        ColumnMapping monthFirst = detected;
        monthFirst.setDateOrder(timeparse::DateOrder::MonthFirst);
        QVERIFY(probe.doubts(monthFirst, probe.trial(monthFirst)).isEmpty());
        LoadOptions options;
        options.fieldOverrides = monthFirst.toOverrides(probe.headers);
        const LoadResult m = EventReader::load(kShipColumns, options);
        QCOMPARE(m.store->size(), size_t(6));
        QCOMPARE(m.store->start(0), utc(2018, 5, 3));
        QCOMPARE(m.report.mapping, monthFirst);
        QVERIFY(m.report.notes.contains(
            QStringLiteral("column 'Date (UTC)': month first (mm/dd/yyyy), as chosen")));
    }

    // The trial counts what the reader rejects with the mapping as chosen.
    void trialFollowsTheMapping()
    {
        const MappingProbe probe = MappingProbe::read(kShipColumns);
        ColumnMapping m = ColumnMapping::detect(probe.headers);
        m.setDateOrder(timeparse::DateOrder::DayFirst);
        QCOMPARE(probe.trial(m).rejected, 1);
        m.setColumn(Field::Latitude, 4); // swapped: latitudes of 121°
        m.setColumn(Field::Longitude, 3);
        const MappingProbe::Trial wrong = probe.trial(m);
        QCOMPARE(wrong.rejected, 7);
        // Six of one kind (the seventh has "north" for a longitude now).
        QCOMPARE(probe.doubts(m, wrong),
                 QStringList {"Most rows (6 of 7) would be rejected, as row 2: latitude 121.5 is "
                              "outside -90..90."});
        m.setColumn(Field::Latitude, -1);
        m.setColumn(Field::Longitude, 4);
        const MappingProbe::Trial none = probe.trial(m);
        QVERIFY(none.error.startsWith(QStringLiteral("no position columns")));
        QCOMPARE(probe.doubts(m, none),
                 QStringList {"No latitude and longitude (or WKT) columns were recognised."});
    }

    // Bad rows of many kinds are the load report's business, not a sign of wrong columns.
    void badRowsAreNoDoubt()
    {
        const MappingProbe probe =
            MappingProbe::read(QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/bad_rows.csv"));
        const ColumnMapping m = ColumnMapping::detect(probe.headers);
        const MappingProbe::Trial t = probe.trial(m);
        QVERIFY(t.rejected * 2 > t.records);
        QCOMPARE(probe.doubts(m, t), QStringList());
    }

    // A value over 12 in one place decides the order; the probe has no doubt then.
    void dayMonthFromTheData_data()
    {
        QTest::addColumn<QByteArray>("dates");
        QTest::addColumn<int>("order"); // 1 day first, 2 month first, 0 unsure
        QTest::addColumn<qint64>("first");
        QTest::newRow("day over 12")
            << QByteArray("05/03/2018\n14/03/2018\n") << 1 << qint64(utc(2018, 3, 5));
        QTest::newRow("month over 12")
            << QByteArray("05/03/2018\n03/14/2018\n") << 2 << qint64(utc(2018, 5, 3));
        QTest::newRow("ambiguous")
            << QByteArray("05/03/2018\n06/03/2018\n") << 0 << qint64(utc(2018, 3, 5));
        QTest::newRow("mixed") << QByteArray("13/03/2018\n03/14/2018\n03/15/2018\n") << 3
                               << qint64(0);
    }
    void dayMonthFromTheData()
    {
        QFETCH(QByteArray, dates);
        QFETCH(int, order);
        QFETCH(qint64, first);
        QByteArray text = "date,lat,lon\n";
        for (const QByteArray &d : dates.split('\n')) {
            if (!d.isEmpty())
                text += d + ",1,2\n";
        }
        const MappingProbe probe = MappingProbe::fromBytes(text, QStringLiteral("t.csv"));
        const ColumnMapping m = ColumnMapping::detect(probe.headers);
        const MappingProbe::Trial t = probe.trial(m);
        QCOMPARE(probe.doubts(m, t).isEmpty(), order == 1 || order == 2);
        const LoadResult r = csv::readBuffer(text.toStdString(), QStringLiteral("t.csv"), {});
        if (order == 3) {
            QCOMPARE(r.report.rejections.size(), size_t(1));
            return;
        }
        QCOMPARE(r.store->start(0), first);
    }

    // Random columns of slash dates written day first or month first, checked against a
    // brute-force reading: the reader decides the order exactly when only one order makes
    // every date valid, and reads each date as QDate does in that order; when both orders
    // fit, the probe asks.
    void randomDatesAgainstBruteForce()
    {
        QRandomGenerator rng(15);
        for (int round = 0; round < 300; ++round) {
            const bool monthFirst = rng.bounded(2) == 1;
            const int n = 1 + rng.bounded(6);
            QByteArray text = "date,lat,lon,volume\n";
            std::vector<QDateTime> truth;
            std::vector<qint64> volumes;
            bool dayFirstFits = true, monthFirstFits = true;
            for (int i = 0; i < n; ++i) {
                // Days mostly small, so that many columns stay ambiguous.
                const QDate date(2000 + rng.bounded(30), 1 + rng.bounded(12),
                                 1 + rng.bounded(rng.bounded(4) == 0 ? 28 : 12));
                const QTime time(rng.bounded(24), rng.bounded(60));
                truth.push_back(QDateTime(date, time, Qt::UTC));
                const int a = monthFirst ? date.month() : date.day();
                const int b = monthFirst ? date.day() : date.month();
                dayFirstFits &= QDate::isValid(date.year(), b, a);
                monthFirstFits &= QDate::isValid(date.year(), a, b);
                const qint64 volume = rng.bounded(2000000);
                volumes.push_back(volume);
                const QString grouped = QLocale(QLocale::English).toString(volume);
                text += QStringLiteral("%1/%2/%3 %4,%5,%6,\"%7\"\n")
                            .arg(a, 2, 10, QLatin1Char('0'))
                            .arg(b, 2, 10, QLatin1Char('0'))
                            .arg(date.year())
                            .arg(time.toString(QStringLiteral("HH:mm")))
                            .arg(rng.bounded(80))
                            .arg(rng.bounded(170))
                            .arg(grouped)
                            .toUtf8();
            }
            const MappingProbe probe = MappingProbe::fromBytes(text, QStringLiteral("r.csv"));
            const ColumnMapping m = ColumnMapping::detect(probe.headers);
            const bool decided = dayFirstFits != monthFirstFits;
            QCOMPARE(probe.doubts(m, probe.trial(m)).isEmpty(), decided);
            ColumnMapping chosen = m;
            if (!decided) // what the user picks in the dialog
                chosen.setDateOrder(monthFirst ? timeparse::DateOrder::MonthFirst
                                               : timeparse::DateOrder::DayFirst);
            LoadOptions options;
            options.fieldOverrides = chosen.toOverrides(probe.headers);
            const LoadResult r =
                csv::readBuffer(text.toStdString(), QStringLiteral("r.csv"), options);
            QVERIFY2(r.store, qPrintable(r.report.error));
            QCOMPARE(r.report.rejections.size(), size_t(0));
            QCOMPARE(r.store->size(), size_t(n));
            for (int i = 0; i < n; ++i) {
                QCOMPARE(r.store->start(size_t(i)), truth[size_t(i)].toMSecsSinceEpoch());
                QCOMPARE(r.store->volume(size_t(i)), double(volumes[size_t(i)]));
            }
        }
    }

    void overridesRoundTrip()
    {
        ColumnMapping m = ColumnMapping::detect(kIssueHeader);
        m.setColumn(Field::Notes, 0); // takes Ship 1 away from vessel A
        m.setColumn(Field::VesselAName, -1);
        m.setDateOrder(timeparse::DateOrder::MonthFirst);
        const QStringList overrides = m.toOverrides(kIssueHeader);
        QVERIFY(overrides.contains(QStringLiteral("vessel_a=")));
        QVERIFY(overrides.contains(QStringLiteral("date_order=month-first")));
        ColumnMapping back = ColumnMapping::detect(kIssueHeader);
        for (const QString &o : overrides) {
            QString error;
            QVERIFY2(back.applyOverride(o, kIssueHeader, &error), qPrintable(error));
        }
        QCOMPARE(back, m);
        QString error;
        QVERIFY(!back.applyOverride(QStringLiteral("date_order=sideways"), kIssueHeader, &error));
        QCOMPARE(
            error,
            QStringLiteral("date_order must be day-first, month-first or auto, not 'sideways'"));
        QVERIFY(back.applyOverride(QStringLiteral("date_order=auto"), kIssueHeader, &error));
        QCOMPARE(back.dateOrder(), timeparse::DateOrder::Unknown);
        QVERIFY(back.applyOverride(QStringLiteral("DATE_ORDER=dmy"), kIssueHeader, &error));
        QCOMPARE(back.dateOrder(), timeparse::DateOrder::DayFirst);
    }

    // The reader's message is for any user; only the command line adds its option.
    void errorNamesNoOption()
    {
        const QByteArray text = "Ship 1,When,Lat,Lon\nA,x,1,2\n";
        const LoadResult r = csv::readBuffer(text.toStdString(), QStringLiteral("t.csv"), {});
        QCOMPARE(r.report.error, QStringLiteral("no time column among: Ship 1, When, Lat, Lon"));
        QCOMPARE(r.report.unmappedFields, QStringList {"start"});
        QCOMPARE(r.report.commandLineError(),
                 QStringLiteral("no time column among: Ship 1, When, Lat, Lon; name it with "
                                "--field start=COLUMN"));
        const LoadResult p =
            csv::readBuffer(std::string("a,b,date\n1,2,2018-01-01\n"), QStringLiteral("p.csv"), {});
        QCOMPARE(
            p.report.error,
            QStringLiteral("no position columns (latitude/longitude or WKT) among: a, b, date"));
        QCOMPARE(p.report.commandLineError(),
                 p.report.error + "; name them with --field lat=COLUMN --field lon=COLUMN");
        for (const QString &e : {r.report.error, p.report.error})
            QVERIFY2(!e.contains(QStringLiteral("--")), qPrintable(e));
    }

    void memory()
    {
        MappingMemory memory;
        QVERIFY(!memory.find(kIssueHeader));
        memory.remember(kIssueHeader, {"start=Date (UTC)", "date_order=month-first"});
        memory.remember({"a", "b"}, {"start=a"});
        QCOMPARE(*memory.find(kIssueHeader),
                 QStringList({"start=Date (UTC)", "date_order=month-first"}));
        QVERIFY(!memory.find({"b", "a"})); // the same names in another order: another header
        memory.remember(kIssueHeader, {"start="}); // replaces, moves to the front
        QCOMPARE(memory.size(), 2);
        QCOMPARE(*memory.find(kIssueHeader), QStringList {"start="});

        const QByteArray json = QJsonDocument(memory.toJson()).toJson();
        MappingMemory back;
        QString error;
        QVERIFY(MappingMemory::fromJson(QJsonDocument::fromJson(json).array(), &back, &error));
        QCOMPARE(back, memory);
        QCOMPARE(back.toJson(), memory.toJson());

        QVERIFY(
            !MappingMemory::fromJson(QJsonArray {QJsonObject {{"header", "x"}}}, &back, &error));
        QCOMPARE(error,
                 QStringLiteral("column mapping 1 must have a \"header\" and \"fields\", both "
                                "lists of text"));
        QCOMPARE(back, memory); // untouched

        for (int i = 0; i < MappingMemory::kLimit + 5; ++i)
            memory.remember({QString::number(i)}, {});
        QCOMPARE(memory.size(), MappingMemory::kLimit);
        QVERIFY(memory.find({QString::number(MappingMemory::kLimit + 4)}));
        QVERIFY(!memory.find(kIssueHeader));
    }

    // A sample cut inside the file ends at a line end, and says it is not all of it.
    void sampleOfALargeFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile f(dir.filePath("big.csv"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("start,lat,lon\n");
        for (int i = 0; i < 2000; ++i)
            f.write("2018-01-01T00:00:00Z,1.5,2.5\n");
        f.close();
        const MappingProbe probe = MappingProbe::read(f.fileName(), 1000);
        QVERIFY(!probe.wholeFile);
        const MappingProbe::Trial t = probe.trial(ColumnMapping::detect(probe.headers));
        QCOMPARE(t.rejected, 0);
        QCOMPARE(t.records, (1000 - 14) / 29);
        QVERIFY(MappingProbe::read(dir.filePath("missing.csv")).error.startsWith("cannot open"));
    }
};

QTEST_GUILESS_MAIN(TestMappingProbe)
#include "tst_mappingprobe.moc"

#include "io/csvreader.h"
#include "io/eventreader.h"
#include "io/timeparser.h"

#include <QDateTime>
#include <QDir>
#include <QTemporaryFile>
#include <QTimeZone>
#include <QtTest>

#include <cmath>

namespace {
QString data(const char *name)
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/") + QLatin1String(name);
}

int64_t utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc()).toMSecsSinceEpoch();
}

LoadResult load(const char *name, LoadOptions o = {})
{
    LoadResult r = csv::readFile(data(name), o);
    if (!r.report.ok())
        qWarning() << "load failed:" << r.report.error;
    return r;
}

LoadResult loadText(const QByteArray &text, LoadOptions o = {})
{
    return csv::readBuffer(std::string_view(text.constData(), size_t(text.size())),
                           QStringLiteral("memory.csv"), o);
}

// The same text read from a file, window by window.
LoadResult loadFile(const QByteArray &text, LoadOptions o)
{
    QTemporaryFile file(QDir::tempPath() + QStringLiteral("/rendezvous-XXXXXX.csv"));
    if (!file.open() || file.write(text) != text.size() || !file.flush())
        return {};
    return csv::readFile(file.fileName(), o);
}

// A file of n records with every awkward thing in it, for split/merge checks.
QByteArray awkwardFile(int n)
{
    QByteArray t = "id,start_time,lat,lon,vessel_a,vessel_b,notes,volume_bbl\n";
    for (int i = 0; i < n; ++i) {
        t += "E-" + QByteArray::number(i) + ",2018-03-05T" + QByteArray::number(10 + i % 10)
            + ":00:00Z,";
        t += (i % 97 == 0) ? QByteArray("95") : QByteArray::number(30 + (i % 50) * 0.1);
        t += ',' + QByteArray::number(120 + (i % 70) * 0.1) + ",\"SYNTH ";
        t += (i % 5 == 0) ? "\"\"Q\"\" " : "";
        t += QByteArray::number(i % 300) + "\",SYNTH B,";
        t += (i % 7 == 0) ? "\"line one\nline two, with comma\"" : "plain";
        t += ',' + ((i % 11 == 0) ? QByteArray() : QByteArray::number(i * 3)) + '\n';
        if (i % 13 == 0)
            t += '\n';
        if (i % 1000 == 0) // an exact duplicate now and then
            t += "E-X,2018-03-05T10:00:00Z,30,120,SYNTH X,SYNTH Y,dup,5\n";
    }
    return t;
}
} // namespace

class TestCsvReader : public QObject
{
    Q_OBJECT
private slots:
    void rejectReasons_data();
    void rejectReasons();
    void everyRowAccounted();
    void gfwEncounters();
    void gfwPortal();
    void dayFirstColumn();
    void monthFirstColumn();
    void ambiguousColumnIsReported();
    void semicolonBomCrlfQuotes();
    void tabsAndUnixTimes();
    void latin1();
    void duplicatesFlaggedAndCollapsed();
    void wktColumn();
    void longitudes0to360();
    void fieldOverride();
    void fatalErrors_data();
    void fatalErrors();
    void threadsGiveIdenticalResults();
    void windowsOfEverySize();
    void splitInsideQuotesReadsOn();
    void strayQuoteFallsBackToOnePart();
    void unterminatedQuoteIsRejected();
    void missingTrailingFields();
    void cancel();
};

void TestCsvReader::rejectReasons_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("reason");
    QTest::newRow("latitude range") << 3 << "latitude 95 is outside -90..90";
    QTest::newRow("30 February") << 4 << "impossible start time '2018-02-30T10:00:00Z'";
    QTest::newRow("no position") << 5 << "no position";
    QTest::newRow("unparseable time") << 6 << "unreadable start time 'yesterday'";
    QTest::newRow("no start") << 7 << "no start time";
    QTest::newRow("end before start") << 8 << "end 2018-03-08T10:00:00Z is before start";
    QTest::newRow("longitude range") << 9 << "longitude 400 is outside -180..180";
    QTest::newRow("volume") << 10 << "unreadable volume 'lots'";
    QTest::newRow("half position") << 11 << "latitude without longitude";
    QTest::newRow("latitude text") << 12 << "unreadable latitude 'north'";
    QTest::newRow("too many fields") << 13 << "9 fields, but the header has 8";
    QTest::newRow("empty row") << 14 << "empty row";
}

void TestCsvReader::rejectReasons()
{
    QFETCH(int, row);
    QFETCH(QString, reason);
    const LoadResult r = load("bad_rows.csv");
    QVERIFY(r.report.ok());
    const auto it = std::find_if(r.report.rejections.begin(), r.report.rejections.end(),
                                 [&](const Rejection &x) { return int(x.row) == row; });
    QVERIFY2(it != r.report.rejections.end(),
             qPrintable(QStringLiteral("row %1 not rejected").arg(row)));
    QVERIFY2(it->reason.startsWith(reason), qPrintable(it->reason));
}

void TestCsvReader::everyRowAccounted()
{
    const LoadResult r = load("bad_rows.csv");
    QCOMPARE(r.report.records, 14);
    QCOMPARE(r.report.loaded, 2);
    QCOMPARE(int(r.report.rejections.size()), 12);
    QCOMPARE(r.store->id(0), QStringLiteral("OK-1"));
    QCOMPARE(r.store->sourceRow(0), 2u);
    QCOMPARE(r.store->id(1), QStringLiteral("OK-2"));
    QCOMPARE(r.store->sourceRow(1), 15u);
    QVERIFY(std::isnan(r.store->volume(1))); // empty volume is unknown, not zero
    for (size_t i = 1; i < r.report.rejections.size(); ++i)
        QVERIFY(r.report.rejections[i - 1].row < r.report.rejections[i].row);
}

void TestCsvReader::gfwEncounters()
{
    const LoadResult r = load("gfw_encounters.csv");
    QCOMPARE(r.report.loaded, 4);
    QVERIFY(r.report.rejections.empty());
    const TransferEvent e = r.store->event(0);
    QCOMPARE(e.vesselA.mmsi, QStringLiteral("412440011"));
    QCOMPARE(e.vesselB.mmsi, QStringLiteral("445123000"));
    QCOMPARE(e.start, utc(2017, 3, 1, 4, 10));
    QCOMPARE(e.end, utc(2017, 3, 1, 9, 40));
    QCOMPARE(e.position.latitude(), 38.512);
    QCOMPARE(e.position.longitude(), 124.211);
    QCOMPARE(r.store->event(3).vesselB.mmsi, QString()); // MMSI 0 = unknown
    // The columns Rendezvous has no field for are kept.
    QVERIFY(r.store->extraNames().contains(QStringLiteral("duration_hr")));
    QCOMPARE(e.extras.size(), 3);
}

void TestCsvReader::gfwPortal()
{
    const LoadResult r = load("gfw_portal.csv");
    QCOMPARE(r.report.loaded, 2);
    const TransferEvent e = r.store->event(0);
    QCOMPARE(e.id, QStringLiteral("8c1e0e8a6d2f"));
    QCOMPARE(e.vesselA.name, QStringLiteral("SYNTH HAI XING 8"));
    QCOMPARE(e.vesselA.flag, QStringLiteral("CHN"));
    QCOMPARE(e.vesselB.name, QStringLiteral("SYNTH OCEAN CARRIER"));
    QCOMPARE(e.vesselB.mmsi, QStringLiteral("352000002"));
    QCOMPARE(e.start, utc(2019, 7, 14, 3, 20));
    QVERIFY(r.store->extraNames().contains(QStringLiteral("vessel.id")));
}

void TestCsvReader::dayFirstColumn()
{
    const LoadResult r = load("sts_dmy.csv");
    QCOMPARE(r.report.loaded, 3);
    QCOMPARE(r.store->start(0), utc(2018, 3, 5, 12, 0));
    QCOMPARE(r.store->start(2), utc(2018, 4, 7, 23, 15));
    QCOMPARE(r.store->volume(0), 12400.0);
    QCOMPARE(r.store->event(0).vesselA.imo, QStringLiteral("8604917"));
    QVERIFY(std::isnan(r.store->volume(1)));
    QVERIFY(r.report.notes.join(' ').contains(QStringLiteral("day first")));
}

void TestCsvReader::monthFirstColumn()
{
    const LoadResult r = load("sts_mdy.csv");
    QCOMPARE(r.report.loaded, 3);
    QCOMPARE(r.store->start(0), utc(2018, 3, 5));
    QCOMPARE(r.store->start(1), utc(2018, 3, 25));
    QVERIFY(r.report.notes.join(' ').contains(QStringLiteral("month first")));
}

void TestCsvReader::ambiguousColumnIsReported()
{
    const LoadResult r = load("sts_ambiguous.csv");
    QCOMPARE(r.store->start(0), utc(2018, 5, 3));
    QVERIFY(r.report.notes.join(' ').contains(QStringLiteral("assumed")));
}

void TestCsvReader::semicolonBomCrlfQuotes()
{
    const LoadResult r = load("semicolon_bom_crlf.csv");
    QCOMPARE(r.report.loaded, 3);
    QVERIFY(r.report.rejections.empty());
    QCOMPARE(r.store->id(0), QStringLiteral("Q-1")); // BOM not part of the first header
    QCOMPARE(r.store->event(0).vesselA.name, QStringLiteral("SYNTH \"QUOTED\" ONE"));
    QCOMPARE(r.store->event(0).notes, QStringLiteral("semi;colon"));
    QCOMPARE(r.store->lat(0), 31.5); // decimal comma
    QCOMPARE(r.store->lon(0), 123.25);
    QCOMPARE(r.store->event(1).notes, QStringLiteral("two\nlines"));
    QCOMPARE(r.store->start(1), utc(2018, 3, 6));
    QCOMPARE(r.store->sourceRow(1), 4u); // blank line 3 skipped but counted
    QCOMPARE(r.store->sourceRow(2), 6u); // the quoted line break moved it down
    QCOMPARE(r.store->start(2), utc(2018, 3, 6, 15)); // +09:00, no trailing newline
    QCOMPARE(r.store->volume(2), 3000.0);
}

void TestCsvReader::tabsAndUnixTimes()
{
    const LoadResult r = load("unix_times.tsv");
    QCOMPARE(r.report.loaded, 2);
    QCOMPARE(r.store->start(0), utc(2018, 3, 5, 12));
    QCOMPARE(r.store->start(1), utc(2018, 3, 6, 12));
}

void TestCsvReader::latin1()
{
    const LoadResult r = load("latin1.csv");
    QCOMPARE(r.report.loaded, 1);
    QCOMPARE(r.store->event(0).vesselA.name, QStringLiteral("SYNTH ÉTOILE"));
    QCOMPARE(r.store->event(0).vesselB.name, QStringLiteral("SYNTH MÜLLER"));
    QVERIFY(r.report.notes.join(' ').contains(QStringLiteral("Latin-1")));
}

void TestCsvReader::duplicatesFlaggedAndCollapsed()
{
    LoadResult r = load("duplicates.csv");
    QCOMPARE(r.report.loaded, 5);
    QCOMPARE(r.report.duplicates, 2);
    QVERIFY(!r.store->isDuplicate(0));
    QVERIFY(!r.store->isDuplicate(1));
    QVERIFY(r.store->isDuplicate(2));
    QVERIFY(r.store->isDuplicate(3));
    QVERIFY(!r.store->isDuplicate(4)); // differs in volume only: not a duplicate
    LoadOptions o;
    o.dedupe = true;
    r = load("duplicates.csv", o);
    QCOMPARE(r.report.loaded, 3);
    QCOMPARE(r.report.duplicates, 2);
    QVERIFY(r.report.duplicatesRemoved);
    QCOMPARE(r.report.records, 5);
}

void TestCsvReader::wktColumn()
{
    const LoadResult r = load("wkt.csv");
    QCOMPARE(r.report.loaded, 2);
    QCOMPARE(r.store->lon(0), 123.5);
    QCOMPARE(r.store->lat(0), 31.25);
    QCOMPARE(r.store->lon(1), 121.0); // centroid of the square
    QCOMPARE(r.store->lat(1), 31.0);
    QVERIFY(r.store->flags(1) & EventStore::PositionFromCentroid);
    QCOMPARE(int(r.report.rejections.size()), 2);
    QCOMPARE(r.report.warnings.size(), 1);
}

void TestCsvReader::longitudes0to360()
{
    const LoadResult r = load("pacific_0_360.csv");
    QCOMPARE(r.report.loaded, 3);
    QCOMPARE(r.store->lon(1), -179.5);
    QCOMPARE(r.report.warnings.size(), 1);
    QCOMPARE(r.report.warnings.first(), std::vector<uint32_t> {3});
}

void TestCsvReader::fieldOverride()
{
    LoadOptions o;
    o.fieldOverrides << QStringLiteral("start=end_time");
    const LoadResult r = load("gfw_encounters.csv", o);
    QCOMPARE(r.store->start(0), utc(2017, 3, 1, 9, 40));
    o.fieldOverrides = {QStringLiteral("start=No such column")};
    const LoadResult bad = load("gfw_encounters.csv", o);
    QVERIFY(!bad.report.ok());
    QVERIFY(bad.report.error.contains(QStringLiteral("No such column")));
}

void TestCsvReader::fatalErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray("\n\n") << "empty";
    QTest::newRow("binary") << QByteArray("PK\x03\x04\x00\x00junk", 10) << "binary";
    QTest::newRow("no position") << QByteArray("a,b,c\n1,2,3\n") << "no position columns";
    QTest::newRow("no time") << QByteArray("id,lat,lon\n1,2,3\n") << "no time column";
}

void TestCsvReader::fatalErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    const LoadResult r = loadText(bytes);
    QVERIFY(!r.report.ok());
    QVERIFY2(r.report.error.contains(error), qPrintable(r.report.error));
    QVERIFY(!r.store);
}

void TestCsvReader::threadsGiveIdenticalResults()
{
    const QByteArray text = awkwardFile(30000);
    QVERIFY(text.size() > (1 << 20)); // big enough to be split
    LoadOptions one;
    one.threads = 1;
    const LoadResult a = loadText(text, one);
    QVERIFY(a.report.ok());
    // In memory, and from a file in windows of the default size, of about a record and
    // of a few bytes (records always straddle those).
    const std::pair<int, size_t> runs[] = {{2, 0}, {3, 0},   {7, 0}, {1, 0},
                                           {2, 0}, {3, 150}, {1, 7}, {2, 7}};
    for (size_t run = 0; run < std::size(runs); ++run) {
        LoadOptions o;
        o.threads = runs[run].first;
        o.windowBytes = runs[run].second;
        const LoadResult b = run < 3 ? loadText(text, o) : loadFile(text, o);
        QVERIFY(b.store);
        QCOMPARE(b.report.records, a.report.records);
        QCOMPARE(b.report.loaded, a.report.loaded);
        QCOMPARE(b.report.duplicates, a.report.duplicates);
        QCOMPARE(b.report.rejections.size(), a.report.rejections.size());
        for (size_t i = 0; i < a.report.rejections.size(); ++i) {
            QCOMPARE(b.report.rejections[i].row, a.report.rejections[i].row);
            QCOMPARE(b.report.rejections[i].reason, a.report.rejections[i].reason);
        }
        for (size_t i = 0; i < a.store->size(); i += 7) {
            QCOMPARE(b.store->sourceRow(i), a.store->sourceRow(i));
            QCOMPARE(b.store->event(i).notes, a.store->event(i).notes);
            QCOMPARE(b.store->event(i).vesselA, a.store->event(i).vesselA);
            QCOMPARE(b.store->start(i), a.store->start(i));
        }
    }
    QCOMPARE(a.report.duplicates, 29); // 30 copies of E-X, the first is the original
    QCOMPARE(int(a.report.rejections.size()), (30000 + 96) / 97); // latitude 95
}

void TestCsvReader::windowsOfEverySize()
{
    // CRLF everywhere, blank lines and quoted line breaks: whatever the window size and
    // the number of parts, a window edge between CR and LF or inside a record changes
    // nothing.
    QByteArray text = awkwardFile(1500);
    text.replace("\n", "\r\n");
    LoadOptions one;
    one.threads = 1;
    const LoadResult a = loadText(text, one);
    QVERIFY(a.report.ok());
    for (size_t window = 1; window <= 40; ++window) {
        LoadOptions o;
        // Parts in threads, or one after the other in this thread (as the fuzzer reads).
        o.threads = window % 2 ? 1 : 1 + int(window % 3);
        o.parts = window % 2 ? 1 + int(window % 3) : 0;
        o.windowBytes = window;
        o.splitFrom = 0;
        const LoadResult b = loadFile(text, o);
        QVERIFY(b.store);
        QCOMPARE(b.report.records, a.report.records);
        QCOMPARE(b.report.loaded, a.report.loaded);
        QCOMPARE(b.report.duplicates, a.report.duplicates);
        QCOMPARE(b.report.rejections.size(), a.report.rejections.size());
        for (size_t i = 0; i < a.report.rejections.size(); ++i)
            QCOMPARE(b.report.rejections[i].row, a.report.rejections[i].row);
        for (size_t r = 0; r < a.store->size(); ++r) {
            QCOMPARE(b.store->sourceRow(r), a.store->sourceRow(r));
            QCOMPARE(b.store->event(r).notes, a.store->event(r).notes);
        }
    }
}

void TestCsvReader::splitInsideQuotesReadsOn()
{
    // One quoted field of many lines spans the middle of the file, where the second
    // part's first line is guessed: the first part must read on to the end.
    QByteArray text = awkwardFile(4000);
    const QByteArray lines = QByteArray("a line of a long note, \"\"quoted\"\"\n").repeated(60000);
    text += "LONG,2018-03-05T10:00:00Z,30,120,SYNTH L,SYNTH M,\"" + lines + "end\",1\n";
    const QByteArray more = awkwardFile(3000);
    text += more.mid(more.indexOf('\n') + 1); // without its header
    QVERIFY(text.size() > (2 << 20));
    LoadOptions one;
    one.threads = 1;
    const LoadResult a = loadText(text, one);
    QVERIFY(a.report.ok());
    for (size_t window : {size_t(0), size_t(4096)}) {
        LoadOptions two;
        two.threads = 2;
        two.windowBytes = window;
        for (const LoadResult &b : {loadText(text, two), loadFile(text, two)}) {
            QVERIFY(b.report.ok());
            QCOMPARE(b.report.loaded, a.report.loaded);
            QCOMPARE(b.report.rejections.size(), a.report.rejections.size());
            QCOMPARE(b.report.duplicates, a.report.duplicates);
            for (size_t r = 0; r < a.store->size(); ++r) {
                QCOMPARE(b.store->sourceRow(r), a.store->sourceRow(r));
                QCOMPARE(b.store->event(r).notes, a.store->event(r).notes);
            }
        }
    }
}

void TestCsvReader::strayQuoteFallsBackToOnePart()
{
    QByteArray text = awkwardFile(20000);
    // A quote inside an unquoted field flips the parity used to split the file.
    const int at = text.indexOf("plain", text.size() / 3);
    text.replace(at, 5, "pl\"in");
    LoadOptions one, two;
    one.threads = 1;
    two.threads = 2;
    const LoadResult a = loadText(text, one);
    const LoadResult b = loadText(text, two);
    QCOMPARE(b.report.loaded, a.report.loaded);
    QCOMPARE(b.report.rejections.size(), a.report.rejections.size());
    QCOMPARE(b.store->sourceRow(b.store->size() - 1), a.store->sourceRow(a.store->size() - 1));
}

void TestCsvReader::unterminatedQuoteIsRejected()
{
    const LoadResult r =
        loadText("id,start_time,lat,lon\nA,2018-01-01,1,2\nB,2018-01-02,1,\"2\nC,2018-01-03,1,2\n");
    QCOMPARE(r.report.loaded, 1);
    QCOMPARE(int(r.report.rejections.size()), 1);
    QCOMPARE(r.report.rejections[0].row, 3u);
    QVERIFY(r.report.rejections[0].reason.contains(QStringLiteral("never closed")));
}

void TestCsvReader::missingTrailingFields()
{
    const LoadResult r = loadText("id,start_time,lat,lon,vessel_a,vessel_b\nA,2018-01-01,1,2\n");
    QCOMPARE(r.report.loaded, 1);
    QCOMPARE(r.report.warnings.size(), 1);
}

void TestCsvReader::cancel()
{
    const QByteArray text = awkwardFile(200000);
    std::atomic_bool cancelled {true};
    LoadOptions o;
    o.cancel = &cancelled;
    const LoadResult r = loadText(text, o);
    QVERIFY(!r.report.ok());
    QCOMPARE(r.report.error, QStringLiteral("cancelled"));
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"

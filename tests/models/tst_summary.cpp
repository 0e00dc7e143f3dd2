#include "eventfilter.h"
#include "io/csvreader.h"
#include "summary.h"

#include <QDateTime>
#include <QTimeZone>
#include <QtTest>

#include <cmath>
#include <limits>
#include <optional>
#include <random>

namespace {
qint64 utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc()).toMSecsSinceEpoch();
}

TransferEvent makeEvent(int64_t start, int64_t end, double lat, double lon, double volume = NAN,
                        const QString &a = QString(), const QString &b = QString())
{
    TransferEvent e;
    e.start = start;
    e.end = end;
    e.position = QGeoCoordinate(lat, lon);
    e.volumeBbl = volume;
    e.vesselA.name = a;
    e.vesselB.name = b;
    return e;
}

std::shared_ptr<EventStore> load(const char *name)
{
    return csv::readFile(QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/") + QLatin1String(name), {})
        .store;
}
} // namespace

class TestSummary : public QObject
{
    Q_OBJECT
private slots:
    void windowOverlap_data();
    void windowOverlap();
    void parseBound_data();
    void parseBound();
    void bboxAntimeridian_data();
    void bboxAntimeridian();
    void bboxParse_data();
    void bboxParse();
    void vesselsAndVolume();
    void textSearch();
    void summaryText();
    void windowAndExtent();
    void formatPeriod_data();
    void formatPeriod();
    void longitudeExtent_data();
    void longitudeExtent();
    void matchesBruteForce();
};

void TestSummary::windowOverlap_data()
{
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("end"); // 0 = instant
    QTest::addColumn<bool>("inside");
    const qint64 from = utc(2018, 1, 1), to = utc(2018, 5, 30, 23, 59, 59, 999);
    QTest::newRow("instant at from") << from << qint64(0) << true;
    QTest::newRow("instant 1 ms before from") << from - 1 << qint64(0) << false;
    QTest::newRow("instant at to") << to << qint64(0) << true;
    QTest::newRow("instant 1 ms after to") << to + 1 << qint64(0) << false;
    QTest::newRow("interval ending at from") << from - 10000 << from << true;
    QTest::newRow("interval ending before from") << from - 10000 << from - 1 << false;
    QTest::newRow("interval starting at to") << to << to + 5000 << true;
    QTest::newRow("interval starting after to") << to + 1 << to + 5000 << false;
    QTest::newRow("interval spanning the window") << from - 1 << to + 1 << true;
    QTest::newRow("interval inside") << from + 1000 << from + 2000 << true;
}

void TestSummary::windowOverlap()
{
    QFETCH(qint64, start);
    QFETCH(qint64, end);
    QFETCH(bool, inside);
    EventStore s;
    s.append(makeEvent(start, end == 0 ? EventStore::kNoTime : end, 10, 10));
    EventFilter f;
    f.from = utc(2018, 1, 1);
    QString error;
    f.to = EventFilter::parseBound(QStringLiteral("2018-05-30"), true, &error);
    QCOMPARE(*f.to, utc(2018, 5, 30, 23, 59, 59, 999));
    QCOMPARE(f.matches(s, 0), inside);
}

void TestSummary::parseBound_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("upper");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("date from") << "2018-01-01" << false << utc(2018, 1, 1);
    QTest::newRow("date to: whole day") << "2018-01-01" << true << utc(2018, 1, 1, 23, 59, 59, 999);
    QTest::newRow("date-time to: exact") << "2018-01-01T12:00:00Z" << true << utc(2018, 1, 1, 12);
    QTest::newRow("offset") << "2018-01-01T12:00:00+02:00" << false << utc(2018, 1, 1, 10);
}

void TestSummary::parseBound()
{
    QFETCH(QString, text);
    QFETCH(bool, upper);
    QFETCH(qint64, expected);
    QString error;
    const auto v = EventFilter::parseBound(text, upper, &error);
    QVERIFY2(v.has_value(), qPrintable(error));
    QCOMPARE(*v, expected);
    QVERIFY(!EventFilter::parseBound(QStringLiteral("last tuesday"), upper, &error));
    QVERIFY(error.contains(QStringLiteral("last tuesday")));
}

void TestSummary::bboxAntimeridian_data()
{
    QTest::addColumn<QString>("box");
    QTest::addColumn<double>("lon");
    QTest::addColumn<bool>("inside");
    QTest::newRow("crossing, east side") << "170,-90,-170,90" << 175.0 << true;
    QTest::newRow("crossing, west side") << "170,-90,-170,90" << -175.0 << true;
    QTest::newRow("crossing, 180") << "170,-90,-170,90" << 180.0 << true;
    QTest::newRow("crossing, outside") << "170,-90,-170,90" << 0.0 << false;
    QTest::newRow("crossing, edge") << "170,-90,-170,90" << -170.0 << true;
    QTest::newRow("plain, inside") << "120,20,130,40" << 125.0 << true;
    QTest::newRow("plain, outside") << "120,20,130,40" << 131.0 << false;
}

void TestSummary::bboxAntimeridian()
{
    QFETCH(QString, box);
    QFETCH(double, lon);
    QFETCH(bool, inside);
    QString error;
    const auto b = GeoBox::parse(box, &error);
    QVERIFY(b);
    QCOMPARE(b->contains(30, lon), inside);
}

void TestSummary::bboxParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("ok") << "120,20,130,40" << true;
    QTest::newRow("three numbers") << "120,20,130" << false;
    QTest::newRow("text") << "a,b,c,d" << false;
    QTest::newRow("lat out of range") << "120,-95,130,40" << false;
    QTest::newRow("south above north") << "120,40,130,20" << false;
    QTest::newRow("lon out of range") << "190,20,130,40" << false;
}

void TestSummary::bboxParse()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QString error;
    QCOMPARE(GeoBox::parse(text, &error).has_value(), ok);
    QCOMPARE(error.isEmpty(), ok);
}

void TestSummary::vesselsAndVolume()
{
    const auto s = load("vessels.csv");
    QVERIFY(s);
    const Summary sum = Summary::compute(*s, EventFilter().apply(*s));
    QCOMPARE(sum.events, 4);
    // IMO 9121728 (twice, renamed), MMSI 445000001, SYNTH CHARLIE, SYNTH DELTA
    // ("Synth-Delta" and "SYNTH  DELTA" with a zero IMO are one vessel by name).
    QCOMPARE(sum.vessels, 4);
    QCOMPARE(sum.volumeBbl, 300.75);
    QCOMPARE(sum.volumeUnknown, 2);
    QCOMPARE(sum.first, utc(2018, 1, 1));
    QCOMPARE(sum.last, utc(2018, 1, 4));
}

void TestSummary::textSearch()
{
    const auto s = load("vessels.csv");
    EventFilter f;
    f.text = QStringLiteral("charlie");
    QCOMPARE(f.apply(*s), std::vector<uint32_t> {2});
    f.text = QStringLiteral("445000001");
    QCOMPARE(f.apply(*s).size(), size_t(2));
}

void TestSummary::summaryText()
{
    EventStore s;
    s.append(makeEvent(utc(2018, 1, 1), EventStore::kNoTime, 10, 10, 759793, QStringLiteral("A"),
                       QStringLiteral("B")));
    s.append(makeEvent(utc(2018, 5, 30), EventStore::kNoTime, 10, 10, NAN, QStringLiteral("A"),
                       QStringLiteral("C")));
    s.append(makeEvent(utc(2019, 1, 1), EventStore::kNoTime, 10, 10, 5));
    const Summary sum = Summary::compute(s, {0, 1});
    QCOMPARE(sum.text(),
             QStringLiteral("2 of 3 transfers · 759,793 bbl (1 with unknown volume) · 3 vessels · "
                            "events 1 Jan – 30 May 2018"));
    QCOMPARE(Summary::compute(s, {}).text(),
             QStringLiteral("0 of 3 transfers · 0 bbl · 0 vessels"));
}

void TestSummary::windowAndExtent()
{
    // The case: a window ending 30 May, one event running into the 31st. The
    // reader sees the window as asked and the events' own extent apart from it.
    EventStore s;
    s.append(makeEvent(utc(2018, 1, 1, 5), utc(2018, 1, 1, 9), 10, 10, 100, QStringLiteral("A"),
                       QStringLiteral("B")));
    s.append(makeEvent(utc(2018, 5, 30, 20), utc(2018, 5, 31, 4), 10, 10, 50, QStringLiteral("A"),
                       QStringLiteral("C")));
    Summary sum = Summary::compute(s, {0, 1});
    sum.windowFrom = utc(2018, 1, 1);
    sum.windowTo = utc(2018, 5, 30, 23, 59, 59, 999);
    QCOMPARE(sum.text(),
             QStringLiteral("2 of 2 transfers · 150 bbl · 3 vessels · window 1 Jan – 30 May 2018 · "
                            "events 1 Jan – 31 May 2018"));
    QCOMPARE(sum.selectionText(), QStringLiteral("Selected: 2 transfers · 150 bbl · 3 vessels"));
    QCOMPARE(Summary::compute(s, {1}).selectionText(),
             QStringLiteral("Selected: 1 transfer · 50 bbl · 2 vessels"));
}

void TestSummary::formatPeriod_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<bool>("exact");
    QTest::addColumn<QString>("text");
    const qint64 none = std::numeric_limits<qint64>::min();
    const qint64 endOf30May = utc(2018, 5, 30, 23, 59, 59, 999);
    QTest::newRow("whole days, one year")
        << utc(2018, 1, 1) << endOf30May << true << QStringLiteral("1 Jan – 30 May 2018");
    QTest::newRow("two years") << utc(2017, 12, 1) << endOf30May << true
                               << QStringLiteral("1 Dec 2017 – 30 May 2018");
    QTest::newRow("one day") << utc(2018, 5, 30) << endOf30May << true
                             << QStringLiteral("30 May 2018");
    QTest::newRow("minutes") << utc(2018, 1, 1, 3, 19) << utc(2018, 5, 30, 15, 52) << true
                             << QStringLiteral("1 Jan 2018 03:19 – 30 May 2018 15:52");
    QTest::newRow("end of a minute") << utc(2018, 1, 1) << utc(2018, 5, 30, 15, 52, 59, 999) << true
                                     << QStringLiteral("1 Jan 2018 – 30 May 2018 15:52:59");
    QTest::newRow("extent in days") << utc(2018, 1, 1, 3, 19) << utc(2018, 5, 31, 4) << false
                                    << QStringLiteral("1 Jan – 31 May 2018");
    QTest::newRow("from only") << utc(2018, 1, 1) << none << true
                               << QStringLiteral("from 1 Jan 2018");
    QTest::newRow("until only") << none << endOf30May << true
                                << QStringLiteral("until 30 May 2018");
}

void TestSummary::formatPeriod()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(bool, exact);
    QFETCH(QString, text);
    const qint64 none = std::numeric_limits<qint64>::min();
    const auto opt = [none](qint64 v) {
        return v == none ? std::optional<int64_t>() : std::optional<int64_t>(v);
    };
    QCOMPARE(Summary::formatPeriod(opt(from), opt(to), exact), text);
}

void TestSummary::longitudeExtent_data()
{
    QTest::addColumn<QList<double>>("lons");
    QTest::addColumn<double>("west");
    QTest::addColumn<double>("east");
    QTest::newRow("plain") << QList<double> {120.5, 123.0, 121.2} << 120.5 << 123.0;
    QTest::newRow("Fiji across 180")
        << QList<double> {179.5, -179.0, 178.2, -178.5} << 178.2 << -178.5;
    QTest::newRow("both sides of Greenwich") << QList<double> {-1.5, 2.0} << -1.5 << 2.0;
    // The widest gap (90°, between -90 and 0) is left out: 0 east to -90 is 270° wide,
    // narrower than -170..170.
    QTest::newRow("world") << QList<double> {-170, -90, 0, 90, 170} << 0.0 << -90.0;
    QTest::newRow("world, gap at Greenwich")
        << QList<double> {-170, -90, -60, 60, 90, 170} << 60.0 << -60.0;
    QTest::newRow("world, widest gap at 180")
        << QList<double> {-150, -100, -50, 0, 50, 100, 150} << -150.0 << 150.0;
    // All round the world, the gaps even (25°, 10° at 180): the usual framing, not
    // 335° from one gap round to the next (a map fitted to it centres on Greenwich).
    QList<double> everywhere;
    for (double lon = -175; lon <= 175; lon += 25)
        everywhere << lon;
    QTest::newRow("world, even gaps") << everywhere << -175.0 << 175.0;
    QTest::newRow("one point") << QList<double> {42.0} << 42.0 << 42.0;
    QTest::newRow("exactly 180 and -180")
        << QList<double> {180.0, -180.0, 179.9} << 179.9 << -180.0;
}

void TestSummary::longitudeExtent()
{
    QFETCH(QList<double>, lons);
    QFETCH(double, west);
    QFETCH(double, east);
    std::vector<double> v(lons.begin(), lons.end());
    std::vector<uint32_t> rows(v.size());
    std::iota(rows.begin(), rows.end(), 0u);
    const auto [w, e] = ::longitudeExtent(v, rows);
    // Every longitude must be inside the extent.
    const GeoBox box {w, -90, e, 90};
    for (double lon : v)
        QVERIFY(box.contains(0, lon));
    QCOMPARE(w, west);
    QCOMPARE(e, east);
}

void TestSummary::matchesBruteForce()
{
    // Random events and windows: apply() must equal a literal reading of the rule.
    std::mt19937_64 rng(7);
    EventStore s;
    const int64_t t0 = utc(2018, 1, 1);
    for (int i = 0; i < 2000; ++i) {
        const int64_t start = t0 + int64_t(rng() % 1000) * 3600000;
        const bool instant = rng() % 3 == 0;
        s.append(makeEvent(start,
                           instant ? EventStore::kNoTime : start + int64_t(rng() % 50) * 3600000,
                           -60.0 + double(rng() % 120), -180.0 + double(rng() % 360)));
    }
    for (int k = 0; k < 50; ++k) {
        EventFilter f;
        f.from = t0 + int64_t(rng() % 1000) * 3600000;
        f.to = *f.from + int64_t(rng() % 300) * 3600000;
        f.bbox = GeoBox {double(rng() % 360) - 180, -50, double(rng() % 360) - 180, 50};
        std::vector<uint32_t> expected;
        for (uint32_t r = 0; r < s.size(); ++r) {
            const int64_t end = s.hasEnd(r) ? s.end(r) : s.start(r);
            const bool time = s.start(r) <= *f.to && end >= *f.from;
            const double lon = s.lon(r);
            const bool lonIn = f.bbox->west <= f.bbox->east
                ? lon >= f.bbox->west && lon <= f.bbox->east
                : lon >= f.bbox->west || lon <= f.bbox->east;
            if (time && lonIn && s.lat(r) >= -50 && s.lat(r) <= 50)
                expected.push_back(r);
        }
        QCOMPARE(f.apply(s), expected);
    }
}

QTEST_GUILESS_MAIN(TestSummary)
#include "tst_summary.moc"

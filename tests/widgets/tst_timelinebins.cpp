#include "timeline/timelinebins.h"
#include "timeline/timelinehistogram.h"

#include "eventstore.h"
#include "timeindex.h"

#include <QDateTime>
#include <QTest>

#include <random>

using namespace timeline;
Q_DECLARE_METATYPE(timeline::Step)

namespace {
int64_t ms(const char *iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    Q_ASSERT(t.isValid());
    return t.toMSecsSinceEpoch();
}
QString iso(int64_t t)
{
    return QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate);
}
} // namespace

class TestTimelineBins : public QObject
{
    Q_OBJECT
private slots:
    void floorAndNext_data();
    void floorAndNext();
    void boundariesCover();
    void binStep_data();
    void binStep();
    void tickStep_data();
    void tickStep();
    void labels_data();
    void labels();
    void binLabel_data();
    void binLabel();
    void histogramMatchesBruteForce();
};

void TestTimelineBins::floorAndNext_data()
{
    QTest::addColumn<QString>("t");
    QTest::addColumn<Step>("step");
    QTest::addColumn<QString>("floor");
    QTest::addColumn<QString>("next");
    QTest::newRow("15 min") << "2018-03-14T10:44:59Z" << Step {Unit::Minute, 15}
                            << "2018-03-14T10:30:00Z"
                            << "2018-03-14T10:45:00Z";
    QTest::newRow("hour") << "2018-03-14T10:44:59Z" << Step {Unit::Hour, 1}
                          << "2018-03-14T10:00:00Z"
                          << "2018-03-14T11:00:00Z";
    QTest::newRow("6 h") << "2018-03-14T23:59:59Z" << Step {Unit::Hour, 6} << "2018-03-14T18:00:00Z"
                         << "2018-03-15T00:00:00Z";
    QTest::newRow("day") << "2018-03-14T00:00:00Z" << Step {Unit::Day, 1} << "2018-03-14T00:00:00Z"
                         << "2018-03-15T00:00:00Z";
    // 2018-03-14 was a Wednesday; weeks start on Monday.
    QTest::newRow("week") << "2018-03-14T12:00:00Z" << Step {Unit::Week, 1}
                          << "2018-03-12T00:00:00Z"
                          << "2018-03-19T00:00:00Z";
    QTest::newRow("week before 1970")
        << "1969-12-31T12:00:00Z" << Step {Unit::Week, 1} << "1969-12-29T00:00:00Z"
        << "1970-01-05T00:00:00Z";
    QTest::newRow("month") << "2018-02-28T23:00:00Z" << Step {Unit::Month, 1}
                           << "2018-02-01T00:00:00Z"
                           << "2018-03-01T00:00:00Z";
    QTest::newRow("month across year")
        << "2018-12-31T23:59:59Z" << Step {Unit::Month, 1} << "2018-12-01T00:00:00Z"
        << "2019-01-01T00:00:00Z";
    QTest::newRow("quarter") << "2018-08-15T00:00:00Z" << Step {Unit::Month, 3}
                             << "2018-07-01T00:00:00Z"
                             << "2018-10-01T00:00:00Z";
    QTest::newRow("year") << "2016-02-29T12:00:00Z" << Step {Unit::Year, 1}
                          << "2016-01-01T00:00:00Z"
                          << "2017-01-01T00:00:00Z";
    QTest::newRow("5 years") << "2018-06-01T00:00:00Z" << Step {Unit::Year, 5}
                             << "2015-01-01T00:00:00Z"
                             << "2020-01-01T00:00:00Z";
    QTest::newRow("day before 1970")
        << "1969-07-20T20:17:00Z" << Step {Unit::Day, 1} << "1969-07-20T00:00:00Z"
        << "1969-07-21T00:00:00Z";
}

void TestTimelineBins::floorAndNext()
{
    QFETCH(QString, t);
    QFETCH(Step, step);
    QFETCH(QString, floor);
    QFETCH(QString, next);
    const int64_t at = ms(t.toLatin1().constData());
    QCOMPARE(iso(floorTo(at, step)), floor);
    QCOMPARE(iso(nextBoundary(at, step)), next);
    // A boundary is its own floor.
    QCOMPARE(floorTo(floorTo(at, step), step), floorTo(at, step));
}

void TestTimelineBins::boundariesCover()
{
    const int64_t from = ms("2018-01-15T07:00:00Z"), to = ms("2018-05-30T23:59:59Z");
    const auto edges = boundaries(from, to, Step {Unit::Month, 1});
    QCOMPARE(edges.size(), size_t(6)); // Jan..May: 5 bins
    QCOMPARE(iso(edges.front()), QStringLiteral("2018-01-01T00:00:00Z"));
    QCOMPARE(iso(edges.back()), QStringLiteral("2018-06-01T00:00:00Z"));
    QVERIFY(boundaries(to, from, Step {Unit::Day, 1}).empty());
    // A `to` on a boundary still lies inside the last bin.
    const auto days = boundaries(from, ms("2018-01-17T00:00:00Z"), Step {Unit::Day, 1});
    QCOMPARE(iso(days.back()), QStringLiteral("2018-01-18T00:00:00Z"));
}

void TestTimelineBins::binStep_data()
{
    QTest::addColumn<int64_t>("span");
    QTest::addColumn<int>("maxBins");
    QTest::addColumn<Step>("expected");
    const int64_t h = 3600LL * 1000, d = 24 * h;
    QTest::newRow("10 years, 200 bins") << 3652 * d << 200 << Step {Unit::Month, 1};
    QTest::newRow("10 years, 100 bins") << 3652 * d << 100 << Step {Unit::Month, 3};
    QTest::newRow("60 years") << 21915 * d << 200 << Step {Unit::Year, 1};
    QTest::newRow("1 year") << 365 * d << 200 << Step {Unit::Week, 1};
    QTest::newRow("3 months") << 91 * d << 200 << Step {Unit::Hour, 12};
    QTest::newRow("6 months") << 182 * d << 200 << Step {Unit::Day, 1};
    QTest::newRow("1 month") << 31 * d << 200 << Step {Unit::Hour, 6};
    QTest::newRow("1 week") << 7 * d << 200 << Step {Unit::Hour, 1};
    QTest::newRow("1 day") << d << 200 << Step {Unit::Minute, 15};
    QTest::newRow("1 month, narrow") << 31 * d << 40 << Step {Unit::Day, 1};
}

void TestTimelineBins::binStep()
{
    QFETCH(int64_t, span);
    QFETCH(int, maxBins);
    QFETCH(Step, expected);
    const Step s = binStepFor(span, maxBins);
    QCOMPARE(stepName(s), stepName(expected));
    QVERIFY(span / nominalLength(s) + 1 <= maxBins);
}

void TestTimelineBins::tickStep_data()
{
    QTest::addColumn<int64_t>("span");
    QTest::addColumn<double>("width");
    QTest::addColumn<Step>("expected");
    const int64_t h = 3600LL * 1000, d = 24 * h;
    QTest::newRow("10 years in 1200 px") << 3652 * d << 1200.0 << Step {Unit::Month, 6};
    QTest::newRow("10 years in 500 px") << 3652 * d << 500.0 << Step {Unit::Year, 1};
    QTest::newRow("1 year") << 365 * d << 1200.0 << Step {Unit::Month, 1};
    QTest::newRow("1 month") << 31 * d << 1200.0 << Step {Unit::Week, 1};
    QTest::newRow("1 month, wide") << 31 * d << 1800.0 << Step {Unit::Day, 1};
    QTest::newRow("2 days") << 2 * d << 1200.0 << Step {Unit::Hour, 3};
    QTest::newRow("100 years in 400 px") << 36525 * d << 400.0 << Step {Unit::Year, 20};
}

void TestTimelineBins::tickStep()
{
    QFETCH(int64_t, span);
    QFETCH(double, width);
    QFETCH(Step, expected);
    QCOMPARE(stepName(tickStepFor(span, width, 50)), stepName(expected));
}

void TestTimelineBins::labels_data()
{
    QTest::addColumn<QString>("t");
    QTest::addColumn<Step>("tick");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("context");
    QTest::newRow("year") << "2018-01-01T00:00:00Z" << Step {Unit::Year, 1} << "2018"
                          << "2018";
    QTest::newRow("month") << "2018-03-01T00:00:00Z" << Step {Unit::Month, 1} << "Mar"
                           << "2018";
    QTest::newRow("day") << "2018-03-14T00:00:00Z" << Step {Unit::Day, 1} << "14"
                         << "Mar 2018";
    QTest::newRow("hour") << "2018-03-14T06:00:00Z" << Step {Unit::Hour, 6} << "06:00"
                          << "Wed 14 Mar 2018";
}

void TestTimelineBins::labels()
{
    QFETCH(QString, t);
    QFETCH(Step, tick);
    QFETCH(QString, label);
    QFETCH(QString, context);
    const int64_t at = ms(t.toLatin1().constData());
    QCOMPARE(tickLabel(at, tick), label);
    QCOMPARE(contextLabel(at, contextStepFor(tick)), context);
}

void TestTimelineBins::binLabel_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("label");
    QTest::newRow("day") << "2018-03-14T00:00:00Z"
                         << "2018-03-15T00:00:00Z"
                         << "2018-03-14";
    QTest::newRow("month") << "2018-03-01T00:00:00Z"
                           << "2018-04-01T00:00:00Z"
                           << "2018-03-01 \u2013 2018-03-31";
    QTest::newRow("hours") << "2018-03-14T06:00:00Z"
                           << "2018-03-14T12:00:00Z"
                           << "2018-03-14 06:00 \u2013 12:00";
    QTest::newRow("to midnight") << "2018-03-14T18:00:00Z"
                                 << "2018-03-15T00:00:00Z"
                                 << "2018-03-14 18:00 \u2013 24:00";
}

void TestTimelineBins::binLabel()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, label);
    QCOMPARE(timeline::binLabel(ms(from.toLatin1().constData()), ms(to.toLatin1().constData())),
             label);
}

void TestTimelineBins::histogramMatchesBruteForce()
{
    // Short, long (> 31 days) and timeless events; every third row left out by the bits.
    EventStore store;
    std::mt19937_64 rng(7);
    const int64_t base = ms("2017-06-01T00:00:00Z");
    const int64_t year = 365LL * 24 * 3600 * 1000;
    std::uniform_int_distribution<int64_t> at(0, 2 * year);
    std::vector<uint8_t> rowSlots;
    for (int i = 0; i < 5000; ++i) {
        EventStore::RowInput in;
        in.lat = 1;
        in.lon = 2;
        if (i % 97 != 0) {
            in.start = base + at(rng);
            in.end = in.start + (i % 50 == 0 ? 60LL * 24 * 3600 * 1000 : 3600LL * 1000);
        }
        store.append(in, nullptr);
        rowSlots.push_back(uint8_t(i % CategoryColors::kSlotCount));
    }
    std::vector<uint64_t> bits((store.size() + 63) / 64, 0);
    for (size_t r = 0; r < store.size(); ++r) {
        if (r % 3 != 0)
            bits[r / 64] |= uint64_t(1) << (r % 64);
    }
    const TimeIndex index(store);
    for (Step step : {Step {Unit::Month, 1}, Step {Unit::Week, 1}, Step {Unit::Day, 1}}) {
        const auto edges = boundaries(base + year / 3, base + year, step);
        const TimelineHistogram h = TimelineHistogram::count(index, bits, &rowSlots, edges);
        QCOMPARE(h.bins(), int(edges.size()) - 1);
        std::vector<int64_t> expected(h.counts.size(), 0);
        for (size_t r = 0; r < store.size(); ++r) {
            const int64_t s = store.start(r);
            if (r % 3 == 0 || s == EventStore::kNoTime)
                continue;
            for (size_t b = 0; b + 1 < edges.size(); ++b) {
                if (s >= edges[b] && s < edges[b + 1])
                    ++expected[b * TimelineHistogram::kSlots + rowSlots[r]];
            }
        }
        QCOMPARE(h.counts, expected);
        int64_t max = 0;
        for (int b = 0; b < h.bins(); ++b)
            max = std::max(max, h.totals[size_t(b)]);
        QCOMPARE(h.maxTotal, max);
    }
}

QTEST_GUILESS_MAIN(TestTimelineBins)
#include "tst_timelinebins.moc"

#include "io/timeparser.h"
#include "timetesthelpers.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTimeZone>
#include <QtTest>

#include <utility>

using namespace timeparse;
using namespace timetest;

// Slash dates (a/b/yyyy): parsed, held, and resolved once the column's order is known.
class TstDateOrder : public QObject
{
    Q_OBJECT
private slots:
    void slashParse_data();
    void slashParse();
    void slashResolve_data();
    void slashResolve();
    void resolveDirect();
    void evidence();
    void decide_data();
    void decide();
    void columnEndToEnd();
};

void TstDateOrder::slashParse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<int>>("fields"); // a, b, year, h, m, s, ms, offsetMinutes
    QTest::newRow("05/03/2018") << QByteArray("05/03/2018")
                                << QList<int> {5, 3, 2018, 0, 0, 0, 0, 0};
    QTest::newRow("5/3/2018 9:05")
        << QByteArray("5/3/2018 9:05") << QList<int> {5, 3, 2018, 9, 5, 0, 0, 0};
    QTest::newRow("13/02 with zone") << QByteArray("13/02/2018 12:34:56.789+09:00")
                                     << QList<int> {13, 2, 2018, 12, 34, 56, 789, 540};
    QTest::newRow("02/13 UTC") << QByteArray("02/13/2018 12:34:56 UTC")
                               << QList<int> {2, 13, 2018, 12, 34, 56, 0, 0};
    QTest::newRow("negative offset")
        << QByteArray("12/11/2018 23:59-05:30") << QList<int> {12, 11, 2018, 23, 59, 0, 0, -330};
    QTest::newRow("padded") << QByteArray("  1/1/1970 ") << QList<int> {1, 1, 1970, 0, 0, 0, 0, 0};
    QTest::newRow("9:05 PM") << QByteArray("3/5/2018 9:05 PM")
                             << QList<int> {3, 5, 2018, 21, 5, 0, 0, 0};
    QTest::newRow("12:30:15 am") << QByteArray("3/5/2018 12:30:15 am")
                                 << QList<int> {3, 5, 2018, 0, 30, 15, 0, 0};
    QTest::newRow("12 PM is noon")
        << QByteArray("3/5/2018 12:00 PM") << QList<int> {3, 5, 2018, 12, 0, 0, 0, 0};
    QTest::newRow("AM with zone") << QByteArray("3/5/2018 1:00 AM UTC")
                                  << QList<int> {3, 5, 2018, 1, 0, 0, 0, 0};
}

void TstDateOrder::slashParse()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<int>, fields);
    const Result r = parseBytes(input);
    QCOMPARE(r.status, Status::Slash);
    const SlashDate &d = r.slash;
    QCOMPARE((QList<int> {d.a, d.b, d.year, d.hour, d.minute, d.second, d.millis, d.offsetMinutes}),
             fields);
}

void TstDateOrder::slashResolve_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<DateOrder>("order");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<qint64>("ms");

    const DateOrder D = DateOrder::DayFirst;
    const DateOrder M = DateOrder::MonthFirst;
    const Status Ok = Status::Ok;
    const Status I = Status::Impossible;
    const struct
    {
        const char *input;
        DateOrder order;
        Status expected;
        qint64 ms;
    } rows[] = {
        {"05/03/2018", D, Ok, utc(2018, 3, 5)},
        {"05/03/2018", M, Ok, utc(2018, 5, 3)},
        {"13/02/2018", D, Ok, utc(2018, 2, 13)},
        {"13/02/2018", M, I, 0},
        {"02/13/2018", D, I, 0},
        {"02/13/2018", M, Ok, utc(2018, 2, 13)},
        {"29/02/2020", D, Ok, utc(2020, 2, 29)},
        {"29/02/2020", M, I, 0},
        {"02/29/2000", M, Ok, utc(2000, 2, 29)},
        {"31/03/2018", D, Ok, utc(2018, 3, 31)},
        {"31/03/2018", M, I, 0},
        {"03/31/2018", M, Ok, utc(2018, 3, 31)},
        {"30/04/2018", D, Ok, utc(2018, 4, 30)},
        {"12/11/2018 23:59:59.999-05:00", D, Ok, zoned(2018, 11, 12, 23, 59, 59, 999, -5 * 3600)},
        {"12/11/2018 23:59:59.999-05:00", M, Ok, zoned(2018, 12, 11, 23, 59, 59, 999, -5 * 3600)},
        {"01/01/1970 00:00:00", D, Ok, 0},
        {"3/5/2018 9:05", M, Ok, utc(2018, 3, 5, 9, 5)},
    };
    for (const auto &r : rows) {
        const char *const order = r.order == D ? "day first" : "month first";
        QTest::newRow(
            qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(r.input), QLatin1String(order))))
            << QByteArray(r.input) << r.order << r.expected << r.ms;
    }
}

void TstDateOrder::slashResolve()
{
    QFETCH(QByteArray, input);
    QFETCH(DateOrder, order);
    QFETCH(Status, expected);
    QFETCH(qint64, ms);
    const Result p = parseBytes(input);
    QCOMPARE(p.status, Status::Slash);
    const Result r = resolve(p.slash, order);
    QCOMPARE(r.status, expected);
    if (expected == Status::Ok)
        QCOMPARE(r.ms, ms);
}

void TstDateOrder::resolveDirect()
{
    // Slash dates built by hand (e.g. a caller's own parser) are validated too.
    SlashDate d;
    d.a = 13;
    d.b = 25;
    d.year = 2018;
    QCOMPARE(resolve(d, DateOrder::DayFirst).status, Status::Impossible);
    QCOMPARE(resolve(d, DateOrder::MonthFirst).status, Status::Impossible);
    d.a = 31;
    d.b = 4;
    QCOMPARE(resolve(d, DateOrder::DayFirst).status, Status::Impossible);
    d.a = 5;
    d.b = 3;
    QCOMPARE(resolve(d, DateOrder::Unknown).status, Status::Impossible);
    d.hour = 24;
    QCOMPARE(resolve(d, DateOrder::DayFirst).status, Status::Impossible);
    d.hour = 0;
    d.offsetMinutes = 60;
    const Result r = resolve(d, DateOrder::DayFirst);
    QCOMPARE(r.status, Status::Ok);
    QCOMPARE(r.ms, utc(2018, 3, 4, 23));
}

void TstDateOrder::evidence()
{
    OrderEvidence left;
    for (const char *s : {"05/03/2018", "13/03/2018", "25/12/2018", "01/01/2018"})
        left.observe(parseBytes(s).slash);
    QCOMPARE(left.total, 4);
    QCOMPARE(left.firstOver12, 2);
    QCOMPARE(left.secondOver12, 0);

    OrderEvidence right;
    for (const char *s : {"03/13/2018", "12/12/2018"})
        right.observe(parseBytes(s).slash);
    QCOMPARE(right.total, 2);
    QCOMPARE(right.firstOver12, 0);
    QCOMPARE(right.secondOver12, 1);

    OrderEvidence merged = left;
    merged.merge(right);
    QCOMPARE(merged.total, 6);
    QCOMPARE(merged.firstOver12, 2);
    QCOMPARE(merged.secondOver12, 1);

    // Merging is order-independent and an empty evidence is neutral.
    OrderEvidence other = right;
    other.merge(left);
    other.merge(OrderEvidence());
    QCOMPARE(other.total, merged.total);
    QCOMPARE(other.firstOver12, merged.firstOver12);
    QCOMPARE(other.secondOver12, merged.secondOver12);
}

void TstDateOrder::decide_data()
{
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("second");
    QTest::addColumn<int>("total");
    QTest::addColumn<DateOrder>("order");
    QTest::addColumn<QString>("explanation");

    const DateOrder D = DateOrder::DayFirst;
    const DateOrder M = DateOrder::MonthFirst;
    QTest::newRow("nothing seen") << 0 << 0 << 0 << D
                                  << "no a/b/yyyy dates; assumed day first (dd/mm/yyyy)";
    QTest::newRow("ambiguous")
        << 0 << 0 << 120 << D
        << "ambiguous: no number over 12 in 120 dates; assumed day first (dd/mm/yyyy)";
    QTest::newRow("ambiguous one")
        << 0 << 0 << 1 << D
        << "ambiguous: no number over 12 in 1 date; assumed day first (dd/mm/yyyy)";
    QTest::newRow("day first")
        << 14 << 0 << 120 << D
        << "day first (dd/mm/yyyy): 14 of 120 dates have a first number over 12";
    QTest::newRow("day first singular")
        << 1 << 0 << 120 << D
        << "day first (dd/mm/yyyy): 1 of 120 dates has a first number over 12";
    QTest::newRow("day first single date")
        << 1 << 0 << 1 << D << "day first (dd/mm/yyyy): 1 of 1 date has a first number over 12";
    QTest::newRow("month first")
        << 0 << 7 << 50 << M
        << "month first (mm/dd/yyyy): 7 of 50 dates have a second number over 12";
    QTest::newRow("conflict day wins")
        << 14 << 3 << 120 << D
        << "conflicting: 14 of 120 dates have a first number over 12 but 3 have a second "
           "number over 12; using day first (dd/mm/yyyy), which has more evidence, and "
           "rejecting 3 month-first dates";
    QTest::newRow("conflict month wins")
        << 1 << 9 << 120 << M
        << "conflicting: 1 of 120 dates has a first number over 12 but 9 have a second "
           "number over 12; using month first (mm/dd/yyyy), which has more evidence, and "
           "rejecting 1 day-first date";
    QTest::newRow("conflict tie")
        << 5 << 5 << 40 << D
        << "conflicting: 5 of 40 dates have a first number over 12 but 5 have a second "
           "number over 12; the evidence is equal, so assumed day first (dd/mm/yyyy), and "
           "rejecting 5 month-first dates";
}

void TstDateOrder::decide()
{
    QFETCH(int, first);
    QFETCH(int, second);
    QFETCH(int, total);
    QFETCH(DateOrder, order);
    QFETCH(QString, explanation);
    OrderEvidence e;
    e.firstOver12 = first;
    e.secondOver12 = second;
    e.total = total;
    const OrderDecision d = decideDateOrder(e);
    QCOMPARE(d.order, order);
    QCOMPARE(d.explanation, explanation);
}

void TstDateOrder::columnEndToEnd()
{
    // A US-style column read in two halves (two threads), then decided and resolved.
    const char *const column[] = {"03/05/2018", "12/25/2018 08:00", "01/02/2018",
                                  "11/30/2018 23:59:59", "13/01/2018" /* a stray day-first row */};
    OrderEvidence halves[2];
    Result parsed[5];
    for (int i = 0; i < 5; ++i) {
        parsed[i] = parseBytes(column[i]);
        QCOMPARE(parsed[i].status, Status::Slash);
        halves[i % 2].observe(parsed[i].slash);
    }
    halves[0].merge(halves[1]);
    const OrderDecision d = decideDateOrder(halves[0]);
    QCOMPARE(d.order, DateOrder::MonthFirst);
    const qint64 expected[] = {utc(2018, 3, 5), utc(2018, 12, 25, 8), utc(2018, 1, 2),
                               utc(2018, 11, 30, 23, 59, 59)};
    for (int i = 0; i < 4; ++i) {
        const Result r = resolve(parsed[i].slash, d.order);
        QCOMPARE(r.status, Status::Ok);
        QCOMPARE(r.ms, expected[i]);
    }
    QCOMPARE(resolve(parsed[4].slash, d.order).status, Status::Impossible);
}

QTEST_GUILESS_MAIN(TstDateOrder)
#include "tst_dateorder.moc"

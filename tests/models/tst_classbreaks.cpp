#include "classbreaks.h"
#include "eventstore.h"
#include "numericcolumn.h"

#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The slow, obvious way: sort everything, read the order statistics, merge equal breaks.
std::vector<double> bruteForceUpper(std::vector<double> values, const ClassOptions &o)
{
    std::vector<double> finite;
    for (double v : values)
        if (std::isfinite(v))
            finite.push_back(v);
    if (finite.empty())
        return {};
    std::sort(finite.begin(), finite.end());
    const double min = finite.front(), max = finite.back();
    std::vector<double> raw;
    for (int i = 1; i < o.classes; ++i) {
        if (o.method == ClassMethod::EqualInterval) {
            raw.push_back(min + (max - min) / o.classes * i);
            continue;
        }
        const double a = double(i) / o.classes * double(finite.size() - 1);
        const size_t k = size_t(std::floor(a));
        double v = finite[k];
        if (k + 1 < finite.size())
            v += (a - double(k)) * (finite[k + 1] - finite[k]);
        raw.push_back(v);
    }
    raw.push_back(max);
    std::vector<double> upper;
    for (double v : raw) {
        v = std::min(v, max);
        if (upper.empty() ? v >= min : v > upper.back())
            upper.push_back(v);
    }
    return upper;
}

int bruteForceClass(const std::vector<double> &upper, double v)
{
    if (std::isnan(v) || upper.empty())
        return -1;
    for (size_t i = 0; i < upper.size(); ++i)
        if (v <= upper[i])
            return int(i);
    return int(upper.size()) - 1;
}

std::shared_ptr<EventStore> storeWithColumn(const QString &name, const QStringList &values)
{
    auto store = std::make_shared<EventStore>(QStringList {name});
    for (const QString &v : values) {
        TransferEvent e;
        e.start = 0;
        e.position = QGeoCoordinate(0, 0);
        e.extras = {{name, v}};
        store->append(e);
    }
    return store;
}
} // namespace

class TestClassBreaks : public QObject
{
    Q_OBJECT
private slots:
    void matchesBruteForceOnRandomInputs();
    void quantilesHoldEqualCounts();
    void edgeCases();
    void labels();
    void options();
    void numericColumns();
    void numberFormats_data();
    void numberFormats();
    void units();
    void ranges();
};

void TestClassBreaks::matchesBruteForceOnRandomInputs()
{
    std::mt19937_64 rng(15);
    for (int round = 0; round < 400; ++round) {
        const size_t n = std::uniform_int_distribution<size_t>(0, round < 200 ? 12 : 3000)(rng);
        std::vector<double> values(n);
        const int kind = round % 4;
        for (double &v : values) {
            switch (kind) {
            case 0: // continuous
                v = std::uniform_real_distribution<double>(-50, 1e4)(rng);
                break;
            case 1: // few distinct values: many ties, merged breaks
                v = double(std::uniform_int_distribution<int>(0, 3)(rng));
                break;
            case 2: // skewed, as volumes are
                v = std::exp(std::uniform_real_distribution<double>(0, 14)(rng));
                break;
            default: // with holes
                v = std::uniform_int_distribution<int>(0, 4)(rng) == 0
                    ? kNaN
                    : std::uniform_real_distribution<double>(0, 24)(rng);
            }
        }
        for (ClassMethod method : {ClassMethod::Quantile, ClassMethod::EqualInterval}) {
            for (int classes = ClassOptions::kMinClasses; classes <= ClassOptions::kMaxClasses;
                 ++classes) {
                const ClassOptions o {method, classes};
                const ClassBreaks b = ClassBreaks::compute(values, o);
                const std::vector<double> expected = bruteForceUpper(values, o);
                QCOMPARE(b.upper.size(), expected.size());
                for (size_t i = 0; i < expected.size(); ++i)
                    QCOMPARE(b.upper[i], expected[i]);
                QVERIFY(b.count() <= classes);
                QVERIFY(std::is_sorted(b.upper.begin(), b.upper.end()));
                for (double v : values)
                    QCOMPARE(b.classOf(v), bruteForceClass(expected, v));
                // Values between and beyond the data too.
                for (int k = 0; k < 20; ++k) {
                    const double v = std::uniform_real_distribution<double>(-100, 2e6)(rng);
                    QCOMPARE(b.classOf(v), bruteForceClass(expected, v));
                }
            }
        }
    }
}

void TestClassBreaks::quantilesHoldEqualCounts()
{
    std::mt19937_64 rng(7);
    std::vector<double> values(1000);
    for (double &v : values)
        v = std::uniform_real_distribution<double>(0, 1)(rng);
    const ClassBreaks b = ClassBreaks::compute(values, {ClassMethod::Quantile, 5});
    QCOMPARE(b.count(), 5);
    std::vector<int> counts(5);
    for (double v : values)
        ++counts[size_t(b.classOf(v))];
    for (int c : counts)
        QVERIFY2(std::abs(c - 200) <= 1, qPrintable(QString::number(c)));
    // Equal intervals: equal widths.
    const ClassBreaks e = ClassBreaks::compute({0, 1, 2, 10}, {ClassMethod::EqualInterval, 4});
    QCOMPARE(e.upper, (std::vector<double> {2.5, 5, 7.5, 10}));
    QCOMPARE(e.classOf(2.5), 0); // a value on a break belongs to the lower class
    QCOMPARE(e.classOf(2.50001), 1);
    QCOMPARE(e.classOf(0), 0);
}

void TestClassBreaks::edgeCases()
{
    QCOMPARE(ClassBreaks::compute({}, {}).count(), 0);
    QCOMPARE(ClassBreaks::compute({kNaN, kNaN}, {}).count(), 0);
    QCOMPARE(ClassBreaks::compute({}, {}).classOf(1), -1);
    const ClassBreaks one = ClassBreaks::compute({4, 4, 4}, {});
    QCOMPARE(one.count(), 1);
    QCOMPARE(one.classOf(4), 0);
    QCOMPARE(one.classOf(kNaN), -1);
    const ClassBreaks two = ClassBreaks::compute({1, 1, 1, 1, 9}, {ClassMethod::Quantile, 5});
    QCOMPARE(two.count(), 3); // four breaks at 1 are one
    QCOMPARE(two.upper[0], 1.0);
    QCOMPARE(two.upper[1], 2.6); // fuzzy: interpolated
    QCOMPARE(two.upper[2], 9.0);
}

void TestClassBreaks::labels()
{
    const NumberFormat hours {2, true};
    const ClassBreaks e = ClassBreaks::compute({0, 1, 2, 10}, {ClassMethod::EqualInterval, 4});
    QCOMPARE(e.labels(hours, QStringLiteral("h")),
             (QStringList {"0 – 2.5 h", "2.5 – 5 h", "5 – 7.5 h", "7.5 – 10 h"}));
    // Barrels: grouped, no decimals for thousands.
    const ClassBreaks v =
        ClassBreaks::compute({6819, 120345.6, 250000, 491831}, {ClassMethod::EqualInterval, 2});
    QCOMPARE(v.labels(NumberFormat {0, true}, QStringLiteral("bbl")),
             (QStringList {"6,819 – 249,325 bbl", "249,325 – 491,831 bbl"}));
    // Close breaks get the digits that keep them apart.
    const ClassBreaks close =
        ClassBreaks::compute({1.0, 1.01, 1.02, 1.03}, {ClassMethod::EqualInterval, 3});
    const QStringList l = close.labels(NumberFormat {0, true}, QString());
    QCOMPARE(l.size(), 3);
    QCOMPARE(l[0], QStringLiteral("1 – 1.01"));
    QCOMPARE(l[2], QStringLiteral("1.02 – 1.03"));
}

void TestClassBreaks::options()
{
    QString error;
    const ClassOptions o {ClassMethod::EqualInterval, 7};
    const auto back = ClassOptions::fromJson(o.toJson(), &error);
    QVERIFY(back);
    QCOMPARE(*back, o);
    QCOMPARE(ClassOptions::fromJson({}, &error), ClassOptions());
    QVERIFY(!ClassOptions::fromJson({{"method", "jenks"}}, &error));
    QVERIFY(error.contains("method"));
    QVERIFY(!ClassOptions::fromJson({{"classes", 9}}, &error));
    QVERIFY(error.contains("classes"));
    QVERIFY(!ClassOptions::fromJson({{"classes", 2.5}}, &error));
    QCOMPARE(ClassOptions::methodFromName("Quantiles"), ClassMethod::Quantile);
    QCOMPARE(ClassOptions::methodFromName("equal"), ClassMethod::EqualInterval);
}

void TestClassBreaks::numericColumns()
{
    // GFW's hours, with "no value" spellings: numbers.
    auto store = storeWithColumn("duration_hr", {"2.1666666666666665", "", "5.5", "NA", "11"});
    NumericColumn c = NumericColumn::analyse(*store, "duration_hr");
    QVERIFY(c.numeric);
    QVERIFY(!c.integers);
    QCOMPARE(c.count, int64_t(3));
    QCOMPARE(c.min, 2.1666666666666665);
    QCOMPARE(c.max, 11.0);
    QCOMPARE(c.format.decimals, 2);
    QCOMPARE(c.format.format(2.1666666666666665), QStringLiteral("2.17"));
    NumericReader reader(*store, "duration_hr");
    QCOMPARE(reader.value(0), 2.1666666666666665);
    QVERIFY(std::isnan(reader.value(1)));
    QVERIFY(std::isnan(reader.value(3)));

    // One word among numbers: text.
    store = storeWithColumn("speed", {"1.5", "fast", "2"});
    QVERIFY(!NumericColumn::analyse(*store, "speed").numeric);
    // Leading zeros: identifiers, text.
    store = storeWithColumn("code", {"007", "12"});
    QVERIFY(!NumericColumn::analyse(*store, "code").numeric);
    // Nothing but blanks: not numeric.
    store = storeWithColumn("x", {"", "n/a"});
    QVERIFY(!NumericColumn::analyse(*store, "x").numeric);
    // Integers: grouped, unless the name says identifier.
    store = storeWithColumn("gross_tonnage", {"12400", "300"});
    c = NumericColumn::analyse(*store, "gross_tonnage");
    QVERIFY(c.integers);
    QCOMPARE(c.format.format(12400), QStringLiteral("12,400"));
    store = storeWithColumn("vessel.id", {"412440011", "300"});
    QCOMPARE(NumericColumn::analyse(*store, "vessel.id").format.format(412440011),
             QStringLiteral("412440011"));
    // Decimals as written when fewer than the magnitude allows.
    store = storeWithColumn("hours", {"5.5", "4.5"});
    QCOMPARE(NumericColumn::analyse(*store, "hours").format.decimals, 1);
    // Small values: three significant digits.
    store = storeWithColumn("median_distance_km", {"0.123456", "0.2", "0.31"});
    QCOMPARE(NumericColumn::analyse(*store, "median_distance_km").format.decimals, 3);
    // Fields: volume in barrels; a time is not a number; unknown names neither.
    QVERIFY(!NumericColumn::analyse(*store, "start").numeric);
    QVERIFY(!NumericColumn::analyse(*store, "nope").numeric);
    QVERIFY(!NumericReader(*store, "start").isValid());
}

void TestClassBreaks::numberFormats_data()
{
    QTest::addColumn<double>("typical");
    QTest::addColumn<int>("decimals");
    QTest::newRow("barrels") << 381866.0 << 0;
    QTest::newRow("hundreds") << 250.5 << 1;
    QTest::newRow("hours") << 11.333333333333334 << 2;
    QTest::newRow("tenths") << 0.2 << 3;
    QTest::newRow("thousandths") << 0.0034 << 5;
    QTest::newRow("tiny") << 1e-12 << 6;
}

void TestClassBreaks::numberFormats()
{
    QFETCH(double, typical);
    QFETCH(int, decimals);
    QCOMPARE(numbers::decimalsForMagnitude(typical), decimals);
    QCOMPARE(NumberFormat({2, true}).format(-0.001), QStringLiteral("0.00"));
    QCOMPARE(NumberFormat({2, true}).format(1234567.891), QStringLiteral("1,234,567.89"));
    QCOMPARE(NumberFormat({0, false}).format(kNaN), QString());
}

void TestClassBreaks::units()
{
    QCOMPARE(numbers::unitOf("duration_hr"), QStringLiteral("h"));
    QCOMPARE(numbers::unitOf("median_speed_knots"), QStringLiteral("kn"));
    QCOMPARE(numbers::unitOf("encounter.median_distance_km"), QStringLiteral("km"));
    QCOMPARE(numbers::unitOf("volume"), QStringLiteral("bbl"));
    QCOMPARE(numbers::unitOf("speed"), QString());
    QVERIFY(numbers::looksLikeIdentifier("vessel_a_mmsi"));
    QVERIFY(numbers::looksLikeIdentifier("regions.eez"));
    QVERIFY(numbers::looksLikeIdentifier("vesselId"));
    QVERIFY(!numbers::looksLikeIdentifier("duration_hr"));
    QVERIFY(!numbers::looksLikeIdentifier("idle_hours"));
}

void TestClassBreaks::ranges()
{
    NumericRange r {2, 5.5, false};
    QVERIFY(r.contains(2) && r.contains(5.5) && !r.contains(5.6) && !r.contains(kNaN));
    r.keepEmpty = true;
    QVERIFY(r.contains(kNaN));
    QString error;
    QCOMPARE(NumericRange::fromJson(r.toJson(), &error), r);
    NumericRange open;
    open.min = 3;
    QCOMPARE(NumericRange::fromJson(open.toJson(), &error), open);
    QCOMPARE(open.text({1, true}, "h"), QStringLiteral("≥ 3.0 h"));
    QCOMPARE(r.text({1, true}, "h"), QStringLiteral("2.0 – 5.5 h"));
    QVERIFY(!NumericRange::fromJson({{"min", 4}, {"max", 1}}, &error));
    QVERIFY(!NumericRange::fromJson({{"min", "4"}}, &error));
    QVERIFY(error.contains("min"));
}

QTEST_GUILESS_MAIN(TestClassBreaks)
#include "tst_classbreaks.moc"

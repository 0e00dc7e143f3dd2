#include "eventfilter.h"
#include "rowsort.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <random>

namespace {
constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kDay = 24 * kHour;

TransferEvent makeEvent(const QString &id, int64_t start, int64_t end, double lat, double lon,
                        double volume = NAN, const QString &a = {}, const QString &cargo = {})
{
    TransferEvent e;
    e.id = id;
    e.start = start;
    e.end = end;
    e.position = QGeoCoordinate(lat, lon);
    e.volumeBbl = volume;
    e.vesselA.name = a;
    e.cargo = cargo;
    return e;
}

// A random store with instants, short intervals, a few long ones and names that
// exercise the text search (ASCII and not).
std::shared_ptr<EventStore> randomStore(size_t n, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int64_t> time(0, 400 * kDay);
    std::uniform_real_distribution<double> lat(-80, 80), lon(-180, 179.999);
    static const QStringList names = {"YU JONG 2",  "KATRIN", "Ørnø Star",
                                      "NEW REGENT", "",       "Sam Jong"};
    static const QStringList cargos = {"diesel", "crude", "", "coal"};
    auto store = std::make_shared<EventStore>();
    for (size_t i = 0; i < n; ++i) {
        const int64_t start = time(rng);
        const int kind = int(rng() % 10);
        const int64_t end = kind < 4 ? TransferEvent::kNoTime
            : kind < 9               ? start + int64_t(rng() % (3 * kDay))
                                     : start + int64_t(rng() % (90 * kDay)); // long
        TransferEvent e = makeEvent(QStringLiteral("EV-%1").arg(i), start, end, lat(rng), lon(rng),
                                    rng() % 5 ? double(rng() % 50000) : NAN, names[int(rng() % 6)],
                                    cargos[int(rng() % 4)]);
        e.vesselB.mmsi = QString::number(445000000 + rng() % 1000);
        store->append(e);
    }
    return store;
}

std::vector<uint32_t> bruteForce(const EventStore &s, const EventFilter &f)
{
    std::vector<uint32_t> rows;
    for (uint32_t r = 0; r < s.size(); ++r) {
        if (f.matches(s, r))
            rows.push_back(r);
    }
    return rows;
}
} // namespace

class TestTransferFilter : public QObject
{
    Q_OBJECT
private slots:
    void windowEdges_data();
    void windowEdges();
    void equalsEventFilter();
    void sameRangeEmitsNothing();
    void persistentIndexesFollow();
    void sortBlanksLast();
    void sortText();
    void categories();
    void numericRanges();
    void polygon();
    void textNonAscii();
    void modelTester();
    void storeReset();
    void adoptPreparedIndexes();
    void sortedSmallAndLargeSelections();
};

void TestTransferFilter::windowEdges_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<bool>("interval"); // the event [10 h, 20 h]
    QTest::addColumn<bool>("instant"); // the event at 10 h
    QTest::newRow("ends at the window's start") << 20 * kHour << 30 * kHour << true << false;
    QTest::newRow("window starts after its end") << 20 * kHour + 1 << 30 * kHour << false << false;
    QTest::newRow("starts at the window's end") << 0LL << 10 * kHour << true << true;
    QTest::newRow("window ends before its start") << 0LL << 10 * kHour - 1 << false << false;
    QTest::newRow("window inside it") << 12 * kHour << 13 * kHour << true << false;
    QTest::newRow("it inside the window") << 0LL << 40 * kHour << true << true;
}

void TestTransferFilter::windowEdges()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(bool, interval);
    QFETCH(bool, instant);
    auto store = std::make_shared<EventStore>();
    store->append(makeEvent("interval", 10 * kHour, 20 * kHour, 1, 1));
    store->append(makeEvent("instant", 10 * kHour, TransferEvent::kNoTime, 1, 1));
    TransferModel model;
    model.setStore(store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    filter.setTimeWindow(from, to);
    QCOMPARE(filter.isVisible(0), interval);
    QCOMPARE(filter.isVisible(1), instant);
    QCOMPARE(filter.rowCount(), int(interval) + int(instant));
}

// The filter model and the CLI's EventFilter agree row for row on random data, for
// random windows (open at either end too), boxes (across 180° too) and texts.
void TestTransferFilter::equalsEventFilter()
{
    auto store = randomStore(5000, 7);
    TransferModel model;
    model.setStore(store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    std::mt19937 rng(11);
    static const QStringList texts = {"", "jong", "KAT", "ørnø", "4450001", "ev-12", "zzz"};
    for (int i = 0; i < 200; ++i) {
        EventFilter f;
        const int64_t a = int64_t(rng() % (420 * kDay)) - 10 * kDay;
        const int64_t b = a + int64_t(rng() % (60 * kDay));
        if (rng() % 4)
            f.from = a;
        if (rng() % 4)
            f.to = b;
        if (rng() % 3 == 0) {
            const double w = double(int(rng() % 360) - 180), e = double(int(rng() % 360) - 180);
            f.bbox = GeoBox {w, -40, e, 60};
        }
        f.text = texts[int(rng() % texts.size())];
        filter.setTimeWindow(f.from, f.to);
        filter.setArea(f.bbox);
        filter.setText(f.text);
        const std::vector<uint32_t> expected = bruteForce(*store, f);
        QCOMPARE(filter.storeRows(), expected);
        QCOMPARE(filter.ascendingStoreRows(), f.apply(*store));
        QCOMPARE(filter.currentEventFilter().apply(*store), expected);
        QCOMPARE(size_t(filter.rowCount()), expected.size());
    }
}

void TestTransferFilter::sameRangeEmitsNothing()
{
    TransferModel model;
    model.setStore(randomStore(100, 1));
    TransferFilter filter;
    filter.setSourceModel(&model);
    QSignalSpy changed(&filter, &TransferFilter::filterChanged);
    QSignalSpy layout(&filter, &QAbstractItemModel::layoutChanged);
    filter.setTimeWindow(10 * kDay, 20 * kDay);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(layout.count(), 1);
    filter.setTimeWindow(10 * kDay, 20 * kDay);
    filter.setText(QString());
    filter.setArea(std::nullopt);
    filter.sort(-1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(layout.count(), 1);
}

void TestTransferFilter::persistentIndexesFollow()
{
    auto store = std::make_shared<EventStore>();
    for (int i = 0; i < 10; ++i)
        store->append(makeEvent(QString::number(i), i * kDay, TransferEvent::kNoTime, 0, 0));
    TransferModel model;
    model.setStore(store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    const QPersistentModelIndex seven(filter.index(7, 2));
    const QPersistentModelIndex two(filter.index(2, 0));
    filter.setTimeWindow(5 * kDay, std::nullopt); // rows 5..9 remain
    QVERIFY(seven.isValid());
    QCOMPARE(seven.row(), 2);
    QCOMPARE(seven.column(), 2);
    QCOMPARE(filter.mapToSource(seven).row(), 7);
    QVERIFY(!two.isValid());
    filter.sort(TransferModel::columnForField(Field::Start), Qt::DescendingOrder);
    QCOMPARE(seven.row(), 2); // 9, 8, 7, 6, 5
    QCOMPARE(filter.mapToSource(seven).row(), 7);
    QCOMPARE(filter.proxyRowOf(9), 0);
    QCOMPARE(filter.proxyRowOf(1), -1);
    QCOMPARE(filter.mapFromSource(model.index(8, 0)).row(), 1);
}

void TestTransferFilter::sortBlanksLast()
{
    auto store = std::make_shared<EventStore>();
    const double volumes[] = {500, NAN, 12400, 0, NAN, 3};
    for (int i = 0; i < 6; ++i)
        store->append(
            makeEvent(QString::number(i), kDay, TransferEvent::kNoTime, 0, 0, volumes[i]));
    const int column = TransferModel::columnForField(Field::Volume);
    QCOMPARE(sortedStoreRows(*store, column, Qt::AscendingOrder),
             (std::vector<uint32_t> {3, 5, 0, 2, 1, 4}));
    QCOMPARE(sortedStoreRows(*store, column, Qt::DescendingOrder),
             (std::vector<uint32_t> {2, 0, 5, 3, 1, 4}));

    TransferModel model;
    model.setStore(store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    filter.sort(column, Qt::DescendingOrder);
    QCOMPARE(filter.index(0, column).data(TransferModel::VolumeRole).toDouble(), 12400.0);
    filter.sort(-1);
    QCOMPARE(filter.storeRows(), (std::vector<uint32_t> {0, 1, 2, 3, 4, 5}));
}

void TestTransferFilter::sortText()
{
    auto store = std::make_shared<EventStore>();
    for (const char *id : {"EV-10", "ev-2", "EV-1", "", "Ev-2"})
        store->append(makeEvent(QString::fromLatin1(id), kDay, TransferEvent::kNoTime, 0, 0));
    const int column = TransferModel::columnForField(Field::Id);
    // Natural order, case-folded; equal keys keep store order; blanks last.
    QCOMPARE(sortedStoreRows(*store, column, Qt::AscendingOrder),
             (std::vector<uint32_t> {2, 1, 4, 0, 3}));
    QCOMPARE(sortedStoreRows(*store, column, Qt::DescendingOrder),
             (std::vector<uint32_t> {0, 1, 4, 2, 3}));
}

void TestTransferFilter::categories()
{
    auto store = randomStore(2000, 3);
    TransferModel model;
    model.setStore(store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    filter.setCategoryValues(QStringLiteral("cargo"), QSet<QString> {"diesel", ""});
    size_t expected = 0;
    for (uint32_t r = 0; r < store->size(); ++r) {
        const QString cargo = store->text(Field::Cargo, r);
        const bool in = cargo == QLatin1String("diesel") || cargo.isEmpty();
        expected += in;
        QCOMPARE(filter.isVisible(r), in);
        QCOMPARE(filter.criteria().matches(*store, r), in);
    }
    QVERIFY(expected > 0 && expected < store->size());
    filter.setCategoryValues(QStringLiteral("cargo"), std::nullopt);
    QCOMPARE(size_t(filter.rowCount()), store->size());
}

void TestTransferFilter::numericRanges()
{
    // Volume (a field) and an extra column of hours, with blanks and "NA".
    std::mt19937 rng(11);
    auto store = std::make_shared<EventStore>(QStringList {QStringLiteral("duration_hr")});
    for (int i = 0; i < 3000; ++i) {
        TransferEvent e = makeEvent(QStringLiteral("EV-%1").arg(i), kDay, TransferEvent::kNoTime, 0,
                                    0, rng() % 5 ? double(rng() % 50000) : NAN);
        const int k = int(rng() % 10);
        e.extras = {{QStringLiteral("duration_hr"),
                     k == 0       ? QString()
                         : k == 1 ? QStringLiteral("NA")
                                  : QString::number((rng() % 2400) / 100.0)}};
        store->append(e);
    }
    TransferModel model;
    model.setStore(store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    QSignalSpy changed(&filter, &TransferFilter::filterChanged);
    filter.setRange(QStringLiteral("duration_hr"), NumericRange {2, 5.5, false});
    QCOMPARE(changed.count(), 1);
    filter.setRange(QStringLiteral("duration_hr"), NumericRange {2, 5.5, false});
    QCOMPARE(changed.count(), 1); // the same range again: nothing
    NumericRange volume;
    volume.min = 10000; // open above
    filter.setRange(QStringLiteral("volume"), volume);
    // Brute force: each row by its own text and volume.
    size_t expected = 0;
    for (uint32_t r = 0; r < store->size(); ++r) {
        bool ok = false;
        const double h = store->extra(0, r).toDouble(&ok);
        const double v = store->volume(r);
        const bool in = ok && h >= 2 && h <= 5.5 && !std::isnan(v) && v >= 10000;
        expected += in;
        QCOMPARE(filter.isVisible(r), in);
        QCOMPARE(filter.criteria().matches(*store, r), in);
    }
    QVERIFY(expected > 0 && expected < store->size() / 4);
    QCOMPARE(size_t(filter.rowCount()), expected);
    // Keeping the events without a value.
    filter.setRange(QStringLiteral("volume"), std::nullopt);
    filter.setRange(QStringLiteral("duration_hr"), NumericRange {2, 5.5, true});
    for (uint32_t r = 0; r < store->size(); ++r) {
        bool ok = false;
        const double h = store->extra(0, r).toDouble(&ok);
        QCOMPARE(filter.isVisible(r), !ok || (h >= 2 && h <= 5.5));
    }
    filter.setRange(QStringLiteral("duration_hr"), std::nullopt);
    QVERIFY(!filter.isFiltering());
    QCOMPARE(size_t(filter.rowCount()), store->size());
}

void TestTransferFilter::polygon()
{
    auto store = std::make_shared<EventStore>();
    store->append(makeEvent("inside", kDay, TransferEvent::kNoTime, 5, 5));
    store->append(makeEvent("outside", kDay, TransferEvent::kNoTime, 5, 20));
    store->append(makeEvent("east of 180", kDay, TransferEvent::kNoTime, 0, 178));
    store->append(makeEvent("west of 180", kDay, TransferEvent::kNoTime, 0, -178));
    store->append(makeEvent("far west", kDay, TransferEvent::kNoTime, 0, -160));
    TransferModel model;
    model.setStore(store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    filter.setPolygon({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
    QCOMPARE(filter.storeRows(), (std::vector<uint32_t> {0}));
    // Drawn across the antimeridian on the wrapped map: 175°E to 185°E (= 175°W).
    filter.setPolygon({{175, -5}, {185, -5}, {185, 5}, {175, 5}});
    QCOMPARE(filter.storeRows(), (std::vector<uint32_t> {2, 3}));
    for (uint32_t r = 0; r < store->size(); ++r)
        QCOMPARE(filter.criteria().matches(*store, r), filter.isVisible(r));
    filter.setPolygon({});
    QCOMPARE(filter.rowCount(), 5);
}

void TestTransferFilter::textNonAscii()
{
    auto store = std::make_shared<EventStore>();
    store->append(
        makeEvent("1", kDay, TransferEvent::kNoTime, 0, 0, NAN, QStringLiteral("ØRNØ STAR")));
    store->append(makeEvent("2", kDay, TransferEvent::kNoTime, 0, 0, NAN, QStringLiteral("ORNO")));
    TransferModel model;
    model.setStore(store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    filter.setText(QStringLiteral("  ørnø "));
    QCOMPARE(filter.storeRows(), (std::vector<uint32_t> {0}));
    filter.setText(QStringLiteral("star"));
    QCOMPARE(filter.storeRows(), (std::vector<uint32_t> {0}));
    filter.setText(QStringLiteral("orn"));
    QCOMPARE(filter.storeRows(), (std::vector<uint32_t> {1}));
}

void TestTransferFilter::modelTester()
{
    TransferModel model;
    model.setStore(randomStore(300, 5));
    TransferFilter filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int step = 0; step < 40; ++step) {
        filter.setTimeWindow(step * 10 * kDay, step * 10 * kDay + 30 * kDay);
        if (step % 7 == 0)
            filter.sort(step % 3, step % 2 ? Qt::AscendingOrder : Qt::DescendingOrder);
        if (step == 20)
            filter.setText(QStringLiteral("jong"));
    }
    model.setStore(randomStore(50, 6));
    filter.setTimeWindow(std::nullopt, std::nullopt);
    filter.setText(QString());
    QCOMPARE(filter.rowCount(), 50);
}

void TestTransferFilter::storeReset()
{
    TransferModel model;
    model.setStore(randomStore(100, 8));
    TransferFilter filter;
    filter.setSourceModel(&model);
    filter.setTimeWindow(0, 100 * kDay);
    filter.sort(TransferModel::columnForField(Field::Volume), Qt::DescendingOrder);
    QSignalSpy reset(&filter, &QAbstractItemModel::modelReset);
    auto next = randomStore(400, 9);
    model.setStore(next);
    QCOMPARE(reset.count(), 1);
    // The criteria and the sort stay; the rows are the new store's.
    EventFilter f;
    f.from = 0;
    f.to = 100 * kDay;
    std::vector<uint32_t> expected = f.apply(*next);
    QCOMPARE(filter.ascendingStoreRows(), expected);
    QCOMPARE(filter.storeRows().size(), expected.size());
    for (size_t i = 1; i < filter.storeRows().size(); ++i) {
        const double a = next->volume(filter.storeRows()[i - 1]);
        const double b = next->volume(filter.storeRows()[i]);
        QVERIFY(std::isnan(b) || a >= b);
    }
}

void TestTransferFilter::adoptPreparedIndexes()
{
    TransferModel model;
    TransferFilter filter;
    filter.setSourceModel(&model);
    auto store = randomStore(300, 12);
    const auto prepared = FilterIndexes::prepare(store); // as the loading thread does
    filter.adopt(prepared);
    model.setStore(store);
    QCOMPARE(&filter.timeIndex(), &prepared->time);
    QCOMPARE(filter.rowCount(), 300);
    // Indexes of another store are not used.
    filter.adopt(FilterIndexes::prepare(randomStore(10, 13)));
    auto other = randomStore(20, 14);
    model.setStore(other);
    QCOMPARE(filter.timeIndex().rowCount(), size_t(20));
    filter.setTimeWindow(0, 50 * kDay);
    EventFilter f;
    f.from = 0;
    f.to = 50 * kDay;
    QCOMPARE(filter.storeRows(), f.apply(*other));
}

// Table order is the sort's, whether few rows pass (sorted by rank) or many (a pass
// over the permutation).
void TestTransferFilter::sortedSmallAndLargeSelections()
{
    auto store = randomStore(4000, 21);
    TransferModel model;
    model.setStore(store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    const int column = TransferModel::columnForField(Field::Volume);
    filter.sort(column, Qt::DescendingOrder);
    const std::vector<uint32_t> all = sortedStoreRows(*store, column, Qt::DescendingOrder);
    for (const int64_t days : {1, 3, 400}) {
        filter.setTimeWindow(100 * kDay, (100 + days) * kDay);
        std::vector<uint32_t> expected;
        for (uint32_t r : all) {
            if (rowbits::test(filter.visibleBits(), r))
                expected.push_back(r);
        }
        QVERIFY(!expected.empty());
        QCOMPARE(filter.storeRows(), expected);
    }
}

QTEST_GUILESS_MAIN(TestTransferFilter)
#include "tst_transferfilter.moc"

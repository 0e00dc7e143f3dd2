#include "eventstore.h"
#include "rowsort.h"
#include "transfermodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QGeoCoordinate>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <cmath>
#include <memory>

namespace {

int64_t utcMs(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC).toMSecsSinceEpoch();
}

// A store built by hand, through the same append() the tests of other modules use.
struct StoreBuilder
{
    std::shared_ptr<EventStore> store;
    explicit StoreBuilder(QStringList extras = {})
        : store(std::make_shared<EventStore>(std::move(extras)))
    { }
    StoreBuilder &add(const QString &id, int64_t start, int64_t end, double lat, double lon,
                      const Vessel &a, const Vessel &b, double volume, uint32_t sourceRow,
                      uint8_t flags = 0, QList<QPair<QString, QString>> extras = {})
    {
        TransferEvent e;
        e.id = id;
        e.start = start;
        e.end = end;
        e.position = QGeoCoordinate(lat, lon);
        e.vesselA = a;
        e.vesselB = b;
        e.volumeBbl = volume;
        e.sourceRow = sourceRow;
        e.flags = flags;
        e.cargo = QStringLiteral("crude oil");
        e.confidence = QStringLiteral("high");
        e.source = QStringLiteral("report 7");
        e.notes = QStringLiteral("night transfer");
        e.extras = std::move(extras);
        store->append(e);
        return *this;
    }
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const Vessel kYuJong {
    QStringLiteral("YU JONG 2"), QStringLiteral("8604917"), {}, QStringLiteral("KP")};
const Vessel kMmsiOnly {{}, {}, QStringLiteral("445123000"), {}};
const Vessel kNameOnly {QStringLiteral("Ocean Star"), {}, {}, {}};

std::shared_ptr<EventStore> sampleStore()
{
    StoreBuilder b({QStringLiteral("analyst"), QStringLiteral("ais_gap_h")});
    b.add(QStringLiteral("EV-10"), utcMs(2018, 3, 5, 12, 34, 56), utcMs(2018, 3, 5, 18, 0, 0),
          29.123456, 124.987654, kYuJong, kMmsiOnly, 12400, 2, 0,
          {{QStringLiteral("analyst"), QStringLiteral("JD")},
           {QStringLiteral("ais_gap_h"), QStringLiteral("6")}});
    b.add(QStringLiteral("EV-2"), utcMs(2019, 1, 2, 3, 4, 5, 678), TransferEvent::kNoTime, -12.5,
          -179.999994, kNameOnly, Vessel {}, kNaN, 3,
          EventStore::Duplicate | EventStore::PositionFromCentroid,
          {{QStringLiteral("analyst"), QStringLiteral("ab")}});
    b.add(QString(), utcMs(2017, 12, 31, 23, 59, 59), utcMs(2018, 1, 1, 0, 0, 0), 0, 0, Vessel {},
          kYuJong, 1234567.5, 40);
    return b.store;
}

} // namespace

class TestTransferModel : public QObject
{
    Q_OBJECT
private slots:
    void emptyModel();
    void tester();
    void columns();
    void display();
    void roles();
    void sortRole();
    void proxySorting();
    void toolTipAndHeaders();
    void resetToAnotherStore();
    void formatting_data();
    void formatting();
    void naturalSortKey();
    void numericExtraColumns();
};

void TestTransferModel::emptyModel()
{
    TransferModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), TransferModel::fieldColumnCount() + 1);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), fieldLabel(Field::Id));
    QVERIFY(!model.headerData(0, Qt::Vertical).isValid());

    // An empty (non-null) store behaves the same, with its extra columns.
    model.setStore(std::make_shared<EventStore>(QStringList {QStringLiteral("x")}));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), TransferModel::fieldColumnCount() + 2);
    QCOMPARE(model.headerData(model.columnCount() - 1, Qt::Horizontal).toString(),
             QStringLiteral("x"));
}

void TestTransferModel::tester()
{
    TransferModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(sampleStore());
    QCOMPARE(model.rowCount(), 3);
    // Walk every role of every cell: the tester checks the role types it knows.
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            for (int role = 0; role <= TransferModel::FlagsRole; ++role)
                model.data(model.index(r, c), role);
        }
    }
    QVERIFY(!model.data(QModelIndex()).isValid());
    QVERIFY(!model.data(model.index(3, 0)).isValid());
}

void TestTransferModel::columns()
{
    TransferModel model;
    model.setStore(sampleStore());
    QCOMPARE(TransferModel::fieldColumnCount(), FieldCount - 1);
    QCOMPARE(model.columnCount(), FieldCount - 1 + 1 + 2);
    int column = 0;
    for (int i = 0; i < FieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        if (f == Field::Geometry) {
            QCOMPARE(TransferModel::columnForField(f), -1);
            continue;
        }
        QCOMPARE(TransferModel::columnForField(f), column);
        QCOMPARE(TransferModel::fieldForColumn(column), std::optional<Field>(f));
        QCOMPARE(model.headerData(column, Qt::Horizontal).toString(), fieldLabel(f));
        ++column;
    }
    QCOMPARE(column, TransferModel::flagsColumn());
    QCOMPARE(model.headerData(column, Qt::Horizontal).toString(), QStringLiteral("Flags"));
    QVERIFY(!TransferModel::fieldForColumn(column));
    QCOMPARE(model.extraForColumn(column), -1);
    QCOMPARE(model.extraColumnOffset(), column + 1);
    QCOMPARE(model.extraForColumn(column + 1), 0);
    QCOMPARE(model.extraForColumn(column + 2), 1);
    QCOMPARE(model.extraForColumn(column + 3), -1);
    QCOMPARE(model.headerData(column + 1, Qt::Horizontal).toString(), QStringLiteral("analyst"));
    QCOMPARE(model.headerData(column + 2, Qt::Horizontal).toString(), QStringLiteral("ais_gap_h"));
    QVERIFY(!model.headerData(column + 3, Qt::Horizontal).isValid());
}

void TestTransferModel::display()
{
    TransferModel model;
    model.setStore(sampleStore());
    const auto cell = [&](int row, Field f) {
        return model.index(row, TransferModel::columnForField(f)).data().toString();
    };
    QCOMPARE(cell(0, Field::Id), QStringLiteral("EV-10"));
    QCOMPARE(cell(0, Field::Start), QStringLiteral("2018-03-05 12:34:56"));
    QCOMPARE(cell(0, Field::End), QStringLiteral("2018-03-05 18:00:00"));
    QCOMPARE(cell(0, Field::Latitude), QStringLiteral("29.12346"));
    QCOMPARE(cell(0, Field::Longitude), QStringLiteral("124.98765"));
    QCOMPARE(cell(0, Field::VesselAName), QStringLiteral("YU JONG 2"));
    QCOMPARE(cell(0, Field::VesselAImo), QStringLiteral("8604917"));
    QCOMPARE(cell(0, Field::VesselAMmsi), QString());
    QCOMPARE(cell(0, Field::VesselAFlag), QStringLiteral("KP"));
    QCOMPARE(cell(0, Field::VesselBName), QString());
    QCOMPARE(cell(0, Field::VesselBMmsi), QStringLiteral("445123000"));
    QCOMPARE(cell(0, Field::Cargo), QStringLiteral("crude oil"));
    QCOMPARE(cell(0, Field::Volume), QStringLiteral("12,400"));
    QCOMPARE(cell(0, Field::Confidence), QStringLiteral("high"));
    QCOMPARE(cell(0, Field::Source), QStringLiteral("report 7"));
    QCOMPARE(cell(0, Field::Notes), QStringLiteral("night transfer"));
    const int flags = TransferModel::flagsColumn();
    QCOMPARE(model.index(0, flags).data().toString(), QString());
    QCOMPARE(model.index(0, flags + 1).data().toString(), QStringLiteral("JD"));
    QCOMPARE(model.index(0, flags + 2).data().toString(), QStringLiteral("6"));

    // Milliseconds shown only when there are some; no end; unknown volume is blank.
    QCOMPARE(cell(1, Field::Start), QStringLiteral("2019-01-02 03:04:05.678"));
    QCOMPARE(cell(1, Field::End), QString());
    QCOMPARE(cell(1, Field::Latitude), QStringLiteral("-12.50000"));
    QCOMPARE(cell(1, Field::Longitude), QStringLiteral("-179.99999"));
    QCOMPARE(cell(1, Field::Volume), QString());
    QCOMPARE(model.index(1, flags).data().toString(), QStringLiteral("duplicate, centroid"));
    QCOMPARE(model.index(1, flags + 1).data().toString(), QStringLiteral("ab"));
    QCOMPARE(model.index(1, flags + 2).data().toString(), QString());

    QCOMPARE(cell(2, Field::Id), QString());
    QCOMPARE(cell(2, Field::Latitude), QStringLiteral("0.00000"));
    QCOMPARE(cell(2, Field::Volume), QStringLiteral("1,234,567.5"));

    // Numbers right-aligned, text not.
    const auto align = [&](Field f) {
        return model.index(0, TransferModel::columnForField(f)).data(Qt::TextAlignmentRole);
    };
    QCOMPARE(align(Field::Volume).value<Qt::Alignment>(), Qt::AlignRight | Qt::AlignVCenter);
    QCOMPARE(align(Field::Latitude).value<Qt::Alignment>(), Qt::AlignRight | Qt::AlignVCenter);
    QVERIFY(!align(Field::VesselAName).isValid());
}

void TestTransferModel::roles()
{
    TransferModel model;
    model.setStore(sampleStore());
    // Row roles are the same in every column.
    for (int c = 0; c < model.columnCount(); ++c) {
        const QModelIndex i0 = model.index(0, c), i1 = model.index(1, c), i2 = model.index(2, c);
        const auto coord = i0.data(TransferModel::CoordinateRole).value<QGeoCoordinate>();
        QCOMPARE(coord.latitude(), 29.123456);
        QCOMPARE(coord.longitude(), 124.987654);
        QCOMPARE(i1.data(TransferModel::CoordinateRole).value<QGeoCoordinate>(),
                 QGeoCoordinate(-12.5, -179.999994));

        const QDateTime start = i0.data(TransferModel::StartRole).toDateTime();
        QCOMPARE(start.timeSpec(), Qt::UTC);
        QCOMPARE(start, QDateTime(QDate(2018, 3, 5), QTime(12, 34, 56), Qt::UTC));
        QCOMPARE(i0.data(TransferModel::EndRole).toDateTime(),
                 QDateTime(QDate(2018, 3, 5), QTime(18, 0), Qt::UTC));
        QCOMPARE(i1.data(TransferModel::StartRole).toDateTime().time().msec(), 678);
        QVERIFY(!i1.data(TransferModel::EndRole).isValid());

        QCOMPARE(i0.data(TransferModel::StartMsRole).userType(), QMetaType::LongLong);
        QCOMPARE(i0.data(TransferModel::StartMsRole).toLongLong(), utcMs(2018, 3, 5, 12, 34, 56));
        QCOMPARE(i0.data(TransferModel::EndMsRole).toLongLong(), utcMs(2018, 3, 5, 18, 0, 0));
        QCOMPARE(i1.data(TransferModel::StartMsRole).toLongLong(), utcMs(2019, 1, 2, 3, 4, 5, 678));
        QVERIFY(!i1.data(TransferModel::EndMsRole).isValid());

        QCOMPARE(i0.data(TransferModel::VolumeRole).toDouble(), 12400.0);
        QVERIFY(i1.data(TransferModel::VolumeRole).isValid());
        QVERIFY(std::isnan(i1.data(TransferModel::VolumeRole).toDouble()));
        QCOMPARE(i2.data(TransferModel::VolumeRole).toDouble(), 1234567.5);

        QCOMPARE(i0.data(TransferModel::RowRole).toInt(), 0);
        QCOMPARE(i2.data(TransferModel::RowRole).toInt(), 2);
        QCOMPARE(i0.data(TransferModel::SourceRowRole).toLongLong(), 2);
        QCOMPARE(i2.data(TransferModel::SourceRowRole).toLongLong(), 40);

        QCOMPARE(i0.data(TransferModel::DuplicateRole).toBool(), false);
        QCOMPARE(i1.data(TransferModel::DuplicateRole).toBool(), true);
        QCOMPARE(i1.data(TransferModel::FlagsRole).toInt(),
                 EventStore::Duplicate | EventStore::PositionFromCentroid);
        QCOMPARE(i2.data(TransferModel::FlagsRole).toInt(), 0);

        QCOMPARE(i0.data(TransferModel::VesselARole).toString(),
                 QStringLiteral("YU JONG 2 (IMO 8604917)"));
        QCOMPARE(i0.data(TransferModel::VesselBRole).toString(), QStringLiteral("MMSI 445123000"));
        QCOMPARE(i1.data(TransferModel::VesselARole).toString(), QStringLiteral("Ocean Star"));
        QCOMPARE(i1.data(TransferModel::VesselBRole).toString(), QString());
        QCOMPARE(i2.data(TransferModel::VesselARole).toString(), QString());
    }
    QVERIFY(model.roleNames().contains(TransferModel::CoordinateRole));
}

void TestTransferModel::sortRole()
{
    TransferModel model;
    model.setStore(sampleStore());
    const auto sortValue = [&](int row, int column) {
        return model.index(row, column).data(TransferModel::SortRole);
    };
    const int start = TransferModel::columnForField(Field::Start);
    const int end = TransferModel::columnForField(Field::End);
    const int volume = TransferModel::columnForField(Field::Volume);
    const int lat = TransferModel::columnForField(Field::Latitude);
    const int id = TransferModel::columnForField(Field::Id);
    const int name = TransferModel::columnForField(Field::VesselAName);

    QCOMPARE(sortValue(0, start).userType(), QMetaType::LongLong);
    QCOMPARE(sortValue(0, start).toLongLong(), utcMs(2018, 3, 5, 12, 34, 56));
    QVERIFY(!sortValue(1, end).isValid());
    QCOMPARE(sortValue(0, volume).userType(), QMetaType::Double);
    QCOMPARE(sortValue(0, volume).toDouble(), 12400.0);
    QVERIFY(!sortValue(1, volume).isValid());
    QCOMPARE(sortValue(1, lat).toDouble(), -12.5);
    QVERIFY(!sortValue(2, id).isValid());
    QCOMPARE(sortValue(1, name).toString(), QStringLiteral("ocean star"));
    QCOMPARE(sortValue(1, TransferModel::flagsColumn()).toInt(), 3);
    QVERIFY(!sortValue(1, TransferModel::flagsColumn() + 2).isValid());
    // An extra column of numbers sorts by value.
    QCOMPARE(sortValue(0, TransferModel::flagsColumn() + 2).userType(), QMetaType::Double);
    QCOMPARE(sortValue(0, TransferModel::flagsColumn() + 2).toDouble(), 6.0);
    QCOMPARE(sortValue(0, TransferModel::flagsColumn() + 1).toString(),
             TransferModel::naturalSortKey(QStringLiteral("JD")));
}

void TestTransferModel::numericExtraColumns()
{
    // GFW's encounter columns: raw floats in the file.
    StoreBuilder b({QStringLiteral("duration_hr"), QStringLiteral("median_distance_km"),
                    QStringLiteral("tonnage"), QStringLiteral("vessel.id"), QStringLiteral("note"),
                    QStringLiteral("delta")});
    const QStringList hours = {"11.333333333333334", "2.1666666666666665", "", "100"};
    const QStringList km = {"0.12", "0.2", "0.31", "1.5"};
    const QStringList tonnage = {"12400", "300", "5", "1000000"};
    const QStringList ids = {"412440011", "9", "10", "2"};
    const QStringList notes = {"10", "9", "x", ""};
    const QStringList delta = {"2.5", "-3", "2.25", "-10"}; // natural text order fails here
    for (int i = 0; i < 4; ++i)
        b.add(QStringLiteral("EV-%1").arg(i), utcMs(2018, 1, 1 + i, 0, 0, 0),
              TransferEvent::kNoTime, 0, 0, kYuJong, Vessel {}, i == 0 ? 12400.333333333334 : kNaN,
              uint32_t(2 + i), 0,
              {{"duration_hr", hours[i]},
               {"median_distance_km", km[i]},
               {"tonnage", tonnage[i]},
               {"vessel.id", ids[i]},
               {"note", notes[i]},
               {"delta", delta[i]}});
    TransferModel model;
    model.setStore(b.store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int first = model.extraColumnOffset();
    const auto cell = [&](int row, int extra, int role = Qt::DisplayRole) {
        return model.index(row, first + extra).data(role);
    };
    QCOMPARE(cell(0, 0).toString(), QStringLiteral("11.33"));
    QCOMPARE(cell(1, 0).toString(), QStringLiteral("2.17"));
    QCOMPARE(cell(2, 0).toString(), QString());
    QCOMPARE(cell(3, 0).toString(), QStringLiteral("100.00"));
    QCOMPARE(cell(0, 1).toString(), QStringLiteral("0.12")); // as written, not 0.120
    QCOMPARE(cell(3, 1).toString(), QStringLiteral("1.50"));
    QCOMPARE(cell(0, 2).toString(), QStringLiteral("12,400"));
    QCOMPARE(cell(3, 2).toString(), QStringLiteral("1,000,000"));
    QCOMPARE(cell(0, 3).toString(), QStringLiteral("412440011")); // an identifier
    QCOMPARE(cell(0, 4).toString(), QStringLiteral("10")); // text: "x" is no number
    // A computed volume: two decimals at most.
    const int volume = TransferModel::columnForField(Field::Volume);
    QCOMPARE(model.index(0, volume).data().toString(), QStringLiteral("12,400.33"));
    QCOMPARE(model.index(0, volume).data(Qt::EditRole).toString(),
             QStringLiteral("12400.333333333334"));
    // Copying keeps every digit.
    QCOMPARE(cell(0, 0, Qt::EditRole).toString(), QStringLiteral("11.333333333333334"));
    QCOMPARE(cell(1, 0, TransferModel::ExactTextRole).toString(),
             QStringLiteral("2.1666666666666665"));
    // Right-aligned numbers, left-aligned text.
    for (int e = 0; e < 4; ++e) {
        QCOMPARE(cell(0, e, Qt::TextAlignmentRole).value<Qt::Alignment>(),
                 Qt::AlignRight | Qt::AlignVCenter);
        QCOMPARE(model.headerData(first + e, Qt::Horizontal, Qt::TextAlignmentRole)
                     .value<Qt::Alignment>(),
                 Qt::AlignRight | Qt::AlignVCenter);
    }
    QVERIFY(!cell(0, 4, Qt::TextAlignmentRole).isValid());
    QCOMPARE(model.numericColumn(first).format.decimals, 2);
    QVERIFY(!model.numericColumn(first + 4).numeric);
    QVERIFY(model.numericColumn(first + 5).numeric);
    QCOMPARE(cell(3, 5).toString(), QStringLiteral("-10.00"));

    // Sorting: by value (100 after 11.3, which text order would put first), blanks last.
    const auto sorted = [&](int column, Qt::SortOrder order) {
        QStringList ids;
        for (uint32_t r : sortedStoreRows(*b.store, column, order))
            ids << b.store->id(r);
        return ids;
    };
    QCOMPARE(sorted(first, Qt::AscendingOrder), (QStringList {"EV-1", "EV-0", "EV-3", "EV-2"}));
    QCOMPARE(sorted(first, Qt::DescendingOrder), (QStringList {"EV-3", "EV-0", "EV-1", "EV-2"}));
    QCOMPARE(sorted(first + 2, Qt::AscendingOrder), (QStringList {"EV-2", "EV-1", "EV-0", "EV-3"}));
    QCOMPARE(sorted(first + 5, Qt::AscendingOrder), (QStringList {"EV-3", "EV-1", "EV-2", "EV-0"}));
    QCOMPARE(cell(1, 5, TransferModel::SortRole).toDouble(), -3.0);
    // The same order through the sort role and Qt's own proxy.
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(TransferModel::SortRole);
    proxy.sort(first + 2);
    QStringList viaProxy;
    for (int r = 0; r < proxy.rowCount(); ++r)
        viaProxy << proxy.index(r, 0).data().toString();
    QCOMPARE(viaProxy, sorted(first + 2, Qt::AscendingOrder));
}

void TestTransferModel::proxySorting()
{
    TransferModel model;
    model.setStore(sampleStore());
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(TransferModel::SortRole);
    const auto order = [&](Field f, Qt::SortOrder o) {
        proxy.sort(TransferModel::columnForField(f), o);
        QList<int> rows;
        for (int r = 0; r < proxy.rowCount(); ++r)
            rows << proxy.index(r, 0).data(TransferModel::RowRole).toInt();
        return rows;
    };
    QCOMPARE(order(Field::Start, Qt::AscendingOrder), QList<int>({2, 0, 1}));
    QCOMPARE(order(Field::Start, Qt::DescendingOrder), QList<int>({1, 0, 2}));
    // Unknown values gather after the known ones.
    QCOMPARE(order(Field::Volume, Qt::AscendingOrder), QList<int>({0, 2, 1}));
    QCOMPARE(order(Field::End, Qt::AscendingOrder), QList<int>({2, 0, 1}));
    QCOMPARE(order(Field::Id, Qt::AscendingOrder), QList<int>({1, 0, 2})); // EV-2 < EV-10
    QCOMPARE(order(Field::Longitude, Qt::AscendingOrder), QList<int>({1, 2, 0}));
}

void TestTransferModel::toolTipAndHeaders()
{
    TransferModel model;
    model.setStore(sampleStore());
    const QString tip0 = model.index(0, 3).data(Qt::ToolTipRole).toString();
    QCOMPARE(tip0,
             QStringLiteral("Event EV-10 (source row 2)\n"
                            "Vessel A: YU JONG 2 (IMO 8604917)\n"
                            "Vessel B: MMSI 445123000\n"
                            "Start: 2018-03-05 12:34:56 UTC\n"
                            "End: 2018-03-05 18:00:00 UTC\n"
                            "Volume: 12,400 bbl"));
    const QString tip1 = model.index(1, 0).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip1.contains(QStringLiteral("Vessel B: unknown")), qPrintable(tip1));
    QVERIFY(tip1.contains(QStringLiteral("End: none (an instant)")));
    QVERIFY(tip1.contains(QStringLiteral("Volume: unknown")));
    QVERIFY(tip1.contains(QStringLiteral("duplicate")));
    QVERIFY(tip1.contains(QStringLiteral("centroid")));
    QVERIFY(model.index(2, 0)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("Event at source row 40\n")));

    QCOMPARE(model.headerData(0, Qt::Vertical).toLongLong(), 2);
    QCOMPARE(model.headerData(1, Qt::Vertical).toLongLong(), 3);
    QCOMPARE(model.headerData(2, Qt::Vertical).toLongLong(), 40);
    QVERIFY(!model.headerData(3, Qt::Vertical).isValid());
    QVERIFY(!model.headerData(-1, Qt::Vertical).isValid());
    QVERIFY(model.headerData(TransferModel::flagsColumn() + 1, Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("analyst")));
}

void TestTransferModel::resetToAnotherStore()
{
    TransferModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy aboutToReset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setStore(sampleStore());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(aboutToReset.count(), 1);

    StoreBuilder other;
    other.add(QStringLiteral("X"), utcMs(2020, 6, 1, 0, 0, 0), TransferEvent::kNoTime, 1, 2,
              kNameOnly, kYuJong, 5, 7);
    model.setStore(other.store);
    QCOMPARE(reset.count(), 2);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), TransferModel::fieldColumnCount() + 1);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("X"));
    QCOMPARE(model.index(0, TransferModel::columnForField(Field::Volume)).data().toString(),
             QStringLiteral("5"));
    QCOMPARE(model.store().get(), other.store.get());

    model.setStore(nullptr);
    QCOMPARE(reset.count(), 3);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), TransferModel::fieldColumnCount() + 1);
}

void TestTransferModel::formatting_data()
{
    QTest::addColumn<double>("volume");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << QStringLiteral("0");
    QTest::newRow("small") << 950.0 << QStringLiteral("950");
    QTest::newRow("thousands") << 12400.0 << QStringLiteral("12,400");
    QTest::newRow("millions") << 2000000.0 << QStringLiteral("2,000,000");
    QTest::newRow("fraction") << 12400.25 << QStringLiteral("12,400.25");
    QTest::newRow("unknown") << kNaN << QString();
}

void TestTransferModel::formatting()
{
    QFETCH(double, volume);
    QFETCH(QString, text);
    // Whatever the user's locale: the separator must not change the figure.
    const QLocale saved;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(TransferModel::formatVolume(volume), text);
    QCOMPARE(TransferModel::formatDegrees(1.5), QStringLiteral("1.50000"));
    QLocale::setDefault(saved);
    QCOMPARE(TransferModel::formatTime(EventStore::kNoTime), QString());
    QCOMPARE(TransferModel::formatTime(0), QStringLiteral("1970-01-01 00:00:00"));
    QCOMPARE(TransferModel::formatTime(utcMs(2018, 3, 5, 12, 34, 56, 7)),
             QStringLiteral("2018-03-05 12:34:56.007"));
}

void TestTransferModel::naturalSortKey()
{
    const auto less = [](const char *a, const char *b) {
        return TransferModel::naturalSortKey(QString::fromUtf8(a))
            < TransferModel::naturalSortKey(QString::fromUtf8(b));
    };
    QVERIFY(less("EV-2", "EV-10"));
    QVERIFY(less("yu jong 2", "YU JONG 10"));
    QVERIFY(less("Alpha", "beta"));
    QVERIFY(!less("beta", "Alpha"));
    QCOMPARE(TransferModel::naturalSortKey(QStringLiteral("AbC")), QStringLiteral("abc"));
    QCOMPARE(TransferModel::naturalSortKey(QStringLiteral("7")),
             TransferModel::naturalSortKey(QStringLiteral("007")));
}

QTEST_GUILESS_MAIN(TestTransferModel)
#include "tst_transfermodel.moc"

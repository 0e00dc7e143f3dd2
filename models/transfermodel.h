#pragma once

#include "eventfields.h"
#include "eventstore.h"
#include "numericcolumn.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>

// The table face of an EventStore: one row per stored event, in store order.
//
// Columns: every Field except Geometry (the position is already in Latitude and
// Longitude), in Field order; then "Flags" ("duplicate", "centroid"); then one column
// per extra source column, headed by its source name.
//
// The model holds the store through a shared pointer to const: the store never
// changes under it, a new load arrives through setStore() as a model reset. Views
// that need speed read the store's columns directly (store(), RowRole).
//
// Display text is for people (times "2018-03-05 12:34:56" UTC, volumes "12,400"):
// numbers are written with a precision decided per column from its values (integers
// grouped, "12,400"; hours "2.17"; identifiers such as MMSI left as they are, see
// NumericColumn), right-aligned, and sort by value, so an extra column whose values are
// all numbers (duration_hr, median_speed_knots) reads and sorts as numbers. Exact
// values are in the custom roles and in Qt::EditRole (every digit, for copying). Styling (fonts,
// colours for duplicates) is left to the widgets: this library must not link Qt Gui.
class TransferModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        CoordinateRole = Qt::UserRole + 1, // QGeoCoordinate (WGS 84)
        StartRole, // QDateTime (UTC); invalid QVariant when absent
        EndRole, // QDateTime (UTC); invalid QVariant when the event is an instant
        StartMsRole, // qint64 UTC ms; invalid QVariant when absent
        EndMsRole, // qint64 UTC ms; invalid QVariant when absent
        VolumeRole, // double barrels, NaN when unknown (never 0)
        RowRole, // int: the store row
        SourceRowRole, // qint64: line (text tables) or feature id (OGR) in the source
        DuplicateRole, // bool: an exact copy of an earlier row of the same file
        VesselARole, // QString: Vessel::display() of vessel A ("" when unknown)
        VesselBRole, // QString: the same for vessel B
        // Raw value of the cell for QSortFilterProxyModel::setSortRole(): qint64 for
        // times, double for numbers, case-folded text with digit runs zero-padded (so
        // "EV-2" sorts before "EV-10"). Unknown values (no end, unknown volume, empty
        // text) are an invalid QVariant, which Qt's proxy sorts after every valid value
        // in ascending order: the blanks gather at the bottom instead of mixing with
        // real values (NaN would compare false both ways and break the sort).
        SortRole,
        FlagsRole, // int: EventStore::Flag bits
        // QString: the cell with every digit, as stored (what copying and exports
        // write): an extra column's text as read, the shortest exact form of a number.
        // Also answered for Qt::EditRole.
        ExactTextRole,
        // QString: the cell as the Details dock shows it: the display text, except a
        // flag derived from the vessel's MMSI, which names the country and says so
        // ("PA · Panama (from MMSI)").
        DetailTextRole,
    };
    Q_ENUM(Role)

    explicit TransferModel(QObject *parent = nullptr);

    void setStore(std::shared_ptr<const EventStore> store);
    const std::shared_ptr<const EventStore> &store() const { return m_store; }

    // Column layout (depends on the store's extra columns).
    static int fieldColumnCount() { return FieldCount - 1; }
    static std::optional<Field> fieldForColumn(int column);
    static int columnForField(Field f); // -1 for Geometry
    static int flagsColumn() { return fieldColumnCount(); }
    int extraColumnOffset() const { return flagsColumn() + 1; }
    // Index into store()->extraNames() of a column, or -1.
    int extraForColumn(int column) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // How a column's numbers are written; numeric == false for text, time and flag
    // columns. Worked out on first use per column (one pass over it) and kept until the
    // next store.
    const NumericColumn &numericColumn(int column) const;
    // The attribute key of a column: the field key or the extra column's name.
    QString columnKey(int column) const;

    // Shared formatting, so that other views and exports say the same as the table.
    static QString formatTime(int64_t ms); // "" for EventStore::kNoTime
    static QString formatVolume(double bbl); // "12,400" or "12,400.5"; "" for NaN
    static QString formatDegrees(double deg); // 5 decimals
    static QString flagsText(uint8_t flags); // "duplicate, centroid, A flag from MMSI"
    // Case-folded text with every digit run left-padded with zeros to 20 digits.
    static QString naturalSortKey(const QString &text);

private:
    QVariant displayText(size_t row, int column) const;
    QVariant sortValue(size_t row, int column) const;
    QVariant exactText(size_t row, int column) const;
    QString toolTip(size_t row) const;
    QVariant detailText(size_t row, int column) const;

    std::shared_ptr<const EventStore> m_store;
    mutable std::vector<std::optional<NumericColumn>> m_numeric; // per column, lazily
};

#pragma once

#include "eventfields.h"
#include "io/timeparser.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <array>
#include <vector>

// Which source column feeds which event field, and how slash dates are read. Detected
// from the header names (case- and punctuation-insensitive alias families; a unit in
// brackets or a trailing unit word is looked through when it suits the field: "Date
// (UTC)", "Latitude [deg]", "Volume (barrels)"), overridable by the user (--field
// start="My column", or the window's column-mapping dialog, which writes the same
// assignments), and reported with the load so users see what was used.
class ColumnMapping
{
public:
    ColumnMapping() { m_columns.fill(-1); }

    // Picks, for each field, the best-matching header (alias families listed in
    // columnmapping.cpp, documented in the README). One column never feeds two
    // fields, except that a geometry column and lat/lon pairs may both be found.
    // emptyColumns (optional, per header): columns seen to hold no value at all. A field
    // takes an empty column only when no column with values matches its family: KML
    // read through LIBKML always has "begin", "end" and "timestamp" columns, and only
    // the ones the file uses have values.
    static ColumnMapping detect(const QStringList &headers,
                                const std::vector<bool> *emptyColumns = nullptr);

    // Normalised form used for matching: lower case, only letters and digits
    // ("Date/Time (UTC)" -> "datetimeutc", "encounter.encountered_vessel.name" ->
    // "encounterencounteredvesselname").
    static QString normalise(const QString &header);

    // The normalised aliases detect() matches for a field, highest priority first.
    // Each alias belongs to exactly one field.
    static QStringList aliases(Field f);

    // Applies "KEY=COLUMN" (KEY as in fieldKey()/fieldFromKey(); COLUMN matched exactly
    // first, then by normalised name; an empty COLUMN unmaps the field). Returns false
    // with a message naming the key or column when it does not exist, or when the
    // normalised name matches two headers. A column taken from another field is
    // unmapped there. On failure the mapping is unchanged.
    // The key "date_order" sets the order of a/b/yyyy dates instead of a column:
    // "day-first", "month-first" (also "dmy"/"mdy", "day"/"month"), or "auto"/empty to
    // decide from the data.
    bool applyOverride(const QString &assignment, const QStringList &headers, QString *error);
    // The whole mapping as assignments that applyOverride() turns back into it on top of
    // any detection ("key=" for each unmapped field, date_order when set).
    QStringList toOverrides(const QStringList &headers) const;
    static QString dateOrderKey() { return QStringLiteral("date_order"); }
    static QString dateOrderText(timeparse::DateOrder order); // "day-first", "month-first", ""

    int column(Field f) const { return m_columns[static_cast<size_t>(f)]; }
    void setColumn(Field f, int column) { m_columns[static_cast<size_t>(f)] = column; }
    bool has(Field f) const { return column(f) >= 0; }
    // True when the mapping can place events: lat+lon, or a geometry column.
    bool hasPosition() const;
    bool hasStart() const { return has(Field::Start); }
    // Unknown: decided per column from the data (see timeparse::decideDateOrder).
    timeparse::DateOrder dateOrder() const { return m_dateOrder; }
    void setDateOrder(timeparse::DateOrder order) { m_dateOrder = order; }

    // { "start": "Date/Time (UTC)", "lat": "mean_latitude", ... } for mapped fields, and
    // "date_order" when it was set.
    QJsonObject toJson(const QStringList &headers) const;
    // One line per mapped field: "start <- Date/Time (UTC)" (and "date_order <- day-first").
    QStringList describe(const QStringList &headers) const;

    bool operator==(const ColumnMapping &o) const
    {
        return m_columns == o.m_columns && m_dateOrder == o.m_dateOrder;
    }

private:
    std::array<int, FieldCount> m_columns;
    timeparse::DateOrder m_dateOrder = timeparse::DateOrder::Unknown;
};

#pragma once

#include "eventfields.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

class EventStore;

// The numbers of an attribute — an event field key ("volume", "lat") or an extra
// column's name ("duration_hr") — for the map's graduated colours, the range filter
// and the table's number formatting. An extra column (or a text field such as
// confidence) is numeric when every value that is not empty or a "no value" spelling
// (values::isMissing) is a plain decimal number (values::parseNumber), and at least
// one is. Identifiers written with leading zeros ("007") are text, not numbers.
class NumericReader
{
public:
    NumericReader(const EventStore &store, const QString &key);
    // False when the key names nothing, or a time or geometry field.
    bool isValid() const { return m_kind != Kind::None; }
    // NaN when the row has no value, or when its text is not a number.
    double value(size_t row) const;

private:
    enum class Kind { None, Volume, Latitude, Longitude, TextField, Extra };
    const EventStore &m_store;
    Kind m_kind = Kind::None;
    Field m_field = Field::Id;
    int m_extra = -1;
};

// How a column's numbers are written for people: decimals decided from the column's
// values, English thousands separators (as volumes: "12,400"). Identifier-like columns
// (mmsi, imo, id, code, year…) keep their digits ungrouped.
struct NumberFormat
{
    int decimals = 0;
    bool grouping = true;
    QString format(double v) const; // "" for NaN
    bool operator==(const NumberFormat &o) const
    {
        return decimals == o.decimals && grouping == o.grouping;
    }
};

struct NumericColumn
{
    bool numeric = false; // see NumericReader
    bool integers = false; // every value a whole number
    NumberFormat format;
    int64_t count = 0; // rows with a value
    double min = std::numeric_limits<double>::quiet_NaN();
    double max = std::numeric_limits<double>::quiet_NaN();

    // One pass over the column; stops at the first value that is not a number.
    static NumericColumn analyse(const EventStore &store, const QString &key);
};

namespace numbers {
// Decimals worth showing for values of this typical magnitude: 0 from 1,000 up, 1 from
// 100, 2 from 1, then three significant digits below 1 (at most 6).
int decimalsForMagnitude(double typical);
// Digits after the decimal point as written ("2.50" -> 2, "12" -> 0, "1e-3" -> 6).
int writtenDecimals(std::string_view text);
// The unit a column's name implies, for legends and captions: "duration_hr" -> "h",
// "median_speed_knots" -> "kn", "distance_km" -> "km", volume -> "bbl"; "" otherwise.
QString unitOf(const QString &key);
// Names that hold identifiers or codes rather than quantities (no grouping).
bool looksLikeIdentifier(const QString &key);
// The label of an attribute for people: a field's label, else the column's name.
QString attributeLabel(const QString &key);
} // namespace numbers

// A range filter on one numeric attribute: events whose value lies in [min, max]
// (both included). Events without a value are hidden unless keepEmpty.
struct NumericRange
{
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool keepEmpty = false;

    bool contains(double v) const { return std::isnan(v) ? keepEmpty : v >= min && v <= max; }
    bool operator==(const NumericRange &o) const
    {
        return min == o.min && max == o.max && keepEmpty == o.keepEmpty;
    }
    bool operator!=(const NumericRange &o) const { return !(*this == o); }

    // {"min": 2, "max": 5.5, "keepEmpty": false}; an open end is left out.
    QJsonObject toJson() const;
    // All or nothing; *error names the key at fault.
    static std::optional<NumericRange> fromJson(const QJsonObject &json, QString *error);
    // "2 – 5.5 h", "≥ 2 h", "≤ 5.5 h" in the column's format (captions, menus).
    QString text(const NumberFormat &format, const QString &unit) const;
};

namespace numericranges {
// A project's "numericRanges" section: {"duration_hr": {"min": 2, "max": 5.5,
// "keepEmpty": false}, ...}. All or nothing; false with a message naming the attribute
// at fault. Shared by the window and `rendezvous render --project`.
bool fromJson(const QJsonObject &json, QHash<QString, NumericRange> *out, QString *error);
QJsonObject toJson(const QHash<QString, NumericRange> &ranges);
} // namespace numericranges

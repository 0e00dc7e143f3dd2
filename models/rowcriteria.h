#pragma once

#include "eventfilter.h"
#include "numericcolumn.h"

#include <QHash>
#include <QPointF>
#include <QSet>
#include <QString>

#include <cstdint>
#include <vector>

class EventStore;

// What the views filter by besides time: the CLI's area and text (the same rules as
// EventFilter), plus what only the window sets: a drawn polygon and category values.
// Time is kept apart (TransferFilter, TimeIndex) because it changes on every brush
// step while these change when the user types or clicks, and because the timeline
// shows the events that pass every filter except time. Numeric ranges too are the
// window's only (the CLI has no attribute filters).
struct RowCriteria
{
    std::optional<GeoBox> bbox;
    // Ring of (longitude, latitude) vertices, not closed; empty for none. Longitudes
    // may run past ±180 (a polygon drawn across the antimeridian on the wrapped map):
    // an event is inside when it is inside at its longitude or 360° either side.
    std::vector<QPointF> polygon;
    QString text; // case-insensitive, in the id, vessel names, IMO and MMSI (trimmed)
    // Attribute (a field key such as "cargo" or an extra column's name) -> the values
    // kept ("" is the blank value). An attribute absent from the map is not filtered.
    QHash<QString, QSet<QString>> categories;
    // Numeric attribute (a field key such as "volume" or an extra column's name) -> the
    // range kept (NumericReader gives the values). An attribute absent is not filtered.
    QHash<QString, NumericRange> ranges;

    bool isEmpty() const
    {
        return !bbox && polygon.size() < 3 && text.trimmed().isEmpty() && categories.isEmpty()
            && ranges.isEmpty();
    }
    bool operator==(const RowCriteria &o) const
    {
        return bbox == o.bbox && polygon == o.polygon && text.trimmed() == o.text.trimmed()
            && categories == o.categories && ranges == o.ranges;
    }
    bool operator!=(const RowCriteria &o) const { return !(*this == o); }

    // One bit per store row, set where the row passes every criterion. Fast paths: the
    // text is matched once per distinct vessel rather than once per row, ASCII without
    // a QString per cell; categories through a set of UTF-8 values.
    std::vector<uint64_t> evaluate(const EventStore &store) const;
    // The same for one row (tests, and callers checking a handful of rows).
    bool matches(const EventStore &store, size_t row) const;
};

// Bit helpers for the row sets above.
namespace rowbits {
inline bool test(const std::vector<uint64_t> &bits, size_t row)
{
    return (bits[row >> 6] >> (row & 63)) & 1;
}
inline void set(std::vector<uint64_t> &bits, size_t row)
{
    bits[row >> 6] |= uint64_t(1) << (row & 63);
}
// rows bits, all set (the tail beyond `rows` left clear).
std::vector<uint64_t> all(size_t rows);
size_t count(const std::vector<uint64_t> &bits);
// Store rows of the set bits, ascending.
std::vector<uint32_t> rows(const std::vector<uint64_t> &bits);
} // namespace rowbits

#pragma once

#include "eventstore.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

// A longitude/latitude box. west > east means the box crosses the antimeridian
// (170,-90,-170,90 holds 175 and -175 but not 0).
struct GeoBox
{
    double west = -180, south = -90, east = 180, north = 90;
    bool crossesAntimeridian() const { return west > east; }
    bool contains(double lat, double lon) const
    {
        if (lat < south || lat > north)
            return false;
        return crossesAntimeridian() ? (lon >= west || lon <= east) : (lon >= west && lon <= east);
    }
    // "W,S,E,N" in decimal degrees; false with a message when malformed or out of range.
    static std::optional<GeoBox> parse(const QString &text, QString *error);
    bool operator==(const GeoBox &o) const
    {
        return west == o.west && south == o.south && east == o.east && north == o.north;
    }
};

// The filters shared by the CLI and (through TransferFilter) the views. Time follows
// the design's rule: an event with [start, end] is inside the window when the two
// intervals overlap, ends included; an event without end is an instant.
struct EventFilter
{
    std::optional<int64_t> from; // inclusive, UTC ms
    std::optional<int64_t> to; // inclusive, UTC ms
    std::optional<GeoBox> bbox;
    QString text; // case-insensitive, in vessel names, IMO, MMSI and the event id

    bool isEmpty() const { return !from && !to && !bbox && text.isEmpty(); }
    bool matchesTime(const EventStore &s, size_t row) const
    {
        return (!to || s.start(row) <= *to) && (!from || s.effectiveEnd(row) >= *from);
    }
    bool matches(const EventStore &s, size_t row) const;
    // Matching store rows, in store order.
    std::vector<uint32_t> apply(const EventStore &s) const;

    // --from / --to: a date (YYYY-MM-DD: the whole UTC day, so --to includes its day)
    // or any date-time form the time parser reads. Returns nullopt with a message.
    static std::optional<int64_t> parseBound(const QString &text, bool isUpperBound,
                                             QString *error);
};

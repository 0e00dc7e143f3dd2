#pragma once

#include "detect/detection.h"
#include "eventstore.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <array>
#include <memory>
#include <vector>

// What the detectors found, as ordinary events ("Detected"): one row per encounter,
// loitering, gap and anomaly, with both vessels' identities, the figures and the rule
// values that made it (DESIGN.md principle 8). The window's Detected layer, `rendezvous
// detect -o` and `--json` are all made from these rows, so they give the same figures.
namespace detect {

// The extra columns of a detected events store, in this order. `kind` is the category
// the map colours by and the category filter lists (encounter, loitering, gap, anomaly).
enum class Column : int {
    Kind, // encounter | loitering | gap | anomaly
    Anomaly, // the anomaly's kind (bad_imo_check_digit...), "" for the others
    DurationH, // end - start, hours
    MedianDistanceM, // encounters
    MedianSpeedKn, // encounters, loitering
    PortKm, // distance to the nearest anchorage or port ("" when none is known)
    ShoreKm, // distance to shore at the event's position ("" when no coast is known)
    EndLat, // gaps: where the vessel reappeared (the event's position is where it fell silent)
    EndLon,
    EndShoreKm,
    DistanceNm, // gaps: from the last position to the next
    ImpliedSpeedKn, // gaps: distance / duration
    Slots, // encounters: together-slots in the run(s)
    Rules, // the rule values used, "key=value; ..."
    VesselAId, // the track store's vessel id (MMSI, or the id column's value)
    VesselBId,
};
constexpr int kColumnCount = int(Column::VesselBId) + 1;
// "kind", "anomaly", "duration_h", "median_distance_m", ...
QString columnName(Column c);

// "bad_imo_check_digit", "unallocated_mid", "flag_mismatch", "two_places_at_once",
// "name_changed", "imo_changed".
QString anomalyKey(Anomaly::Kind kind);
// "two places at once", for sentences.
QString anomalyWords(Anomaly::Kind kind);

// One detected event, as the store and the JSON both see it.
struct DetectedRow
{
    enum class Section : uint8_t { Encounters, Loitering, Gaps, Anomalies };
    Section section = Section::Encounters;
    QString id; // "encounter-1", "loitering-3", ... numbered in the Result's order
    int64_t startMs = 0, endMs = 0;
    // The event's position: an encounter's or loitering's mean position, where a gap
    // began (the last position before the silence), an anomaly's place or, when it has
    // none, the vessel's position nearest in time to the anomaly's start. NaN when the
    // vessel has no position at all (known only from static reports).
    double lat = 0, lon = 0;
    uint32_t vesselA = 0;
    int64_t vesselB = -1; // -1 for single-vessel events
    QString detail; // one line in words (the store's notes)
    std::array<QString, kColumnCount> values; // the extra columns, "" when not applicable

    bool placed() const { return lat == lat && lon == lon; }
    const QString &value(Column c) const { return values[size_t(c)]; }
};

// Every event of a Result, encounters first, then loitering, gaps and anomalies, each
// in the Result's order.
std::vector<DetectedRow> detectedRows(const Result &result, const TrackStore &store,
                                      const Rules &rules);

// The rows as an EventStore ("Detected" events). Rows without a position cannot be
// events on a map; they are left out and counted in *unplaced (and listed by --json).
// The vessel id columns are there only when some vessel has no MMSI (otherwise they
// would repeat the MMSI).
std::shared_ptr<EventStore> toEventStore(const std::vector<DetectedRow> &rows,
                                         const TrackStore &store, int64_t *unplaced = nullptr);
std::shared_ptr<EventStore> toEventStore(const Result &result, const TrackStore &store,
                                         const Rules &rules, int64_t *unplaced = nullptr);

// The rule values as JSON ({"max_distance_m": 500, ...}), for reports.
QJsonObject rulesJson(const Rules &rules);
// `rendezvous detect --json`'s arrays and counts: {"encounters": [...], "loitering": [...],
// "gaps": [...], "anomalies": [...], "counts": {...}}. Each object has kind, id,
// vessel_a_mmsi / vessel_b_mmsi (pairs) or mmsi (single vessels) with names, IMOs and
// flags, start, end, lat, lon, duration_h, median_distance_m, median_speed_kn, detail,
// and the other columns that apply (null where one does not).
QJsonObject resultJson(const std::vector<DetectedRow> &rows, const TrackStore &store);

} // namespace detect

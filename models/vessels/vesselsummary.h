#pragma once

#include "detect/detection.h"

#include <QString>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

class EventStore;
class TrackStore;
struct VesselIdentities;

// One row per vessel, for the Vessels dock: who it is, how much AIS saw of it, and what
// it did in the events. The same computation for every caller, so a figure in the dock
// is the figure a test (or a future command) gets.
struct VesselRow
{
    static constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

    // Who: the events' identity (VesselTable::identityKey: "I:imo", "M:mmsi", "N:name")
    // or, for a track no event vessel matched, "A:" and the track's vessel id.
    std::string key;
    QString mmsi, imo, name, flag;
    bool flagDerived = false; // flag from the MMSI's MID, not from a flag column
    int shipType = -1; // AIS ship and cargo type, -1 unknown
    // The TrackStore vessels it is (one MMSI, or several sharing its IMO); empty when
    // AIS did not see it.
    std::vector<uint32_t> tracks;

    // AIS: positions inside the time window, and the segments they fall in.
    int64_t positions = 0;
    int64_t segments = 0;
    // Earliest and latest time seen, in the events it takes part in (start, end) and in
    // its positions inside the window; kNoTime when neither.
    int64_t firstMs = kNoTime, lastMs = kNoTime;

    // Events: the filtered events it takes part in (as vessel A or B), the distinct
    // other vessels of those events, and their known volumes summed (barrels).
    int64_t events = 0;
    int64_t partners = 0;
    double barrels = 0;
    int64_t volumeUnknown = 0; // of its events, those without a volume
    // Event store rows it takes part in (ascending), for the shared selection.
    std::vector<uint32_t> eventRows;
    // Identity anomalies of its tracks in the time window (detect::findAnomalies), by
    // track, then kind, then start: the dock's badges and Details.
    std::vector<detect::Anomaly> anomalies;
};

class VesselTable;

namespace vessels {

// What the rows are computed from. Any part may be absent (no events, no tracks).
struct SummaryInput
{
    const EventStore *events = nullptr;
    // The event rows that pass the filters (TransferFilter::ascendingStoreRows()).
    const std::vector<uint32_t> *rows = nullptr;
    // The store's identities (TransferFilter keeps them); computed when null.
    const VesselIdentities *identities = nullptr;
    const TrackStore *tracks = nullptr;
    // The time window (inclusive UTC ms): positions outside it are not counted.
    std::optional<int64_t> from, to;
};

// Every vessel with at least one filtered event or one position in the window, in
// identity order (events' vessels first as their identities were interned, then the
// tracks no event vessel matched). A track is matched to an event vessel by MMSI, else
// by any IMO it broadcast. Each row gets its tracks' identity anomalies in the window.
std::vector<VesselRow> summarise(const SummaryInput &input);

// The flag of a track's MMSI. The one place the MID → flag table (models/tracks/
// midtable.h, issue 16 part 3) is to be called from; until it is on main, no flag.
QString flagOfMmsi(uint32_t mmsi);

// "ALPHA (IMO 9000001, MMSI 111000001, PA)": the name and the ids a report quotes.
QString describe(const VesselRow &v);

// Fields an earlier vessel of the same identity left empty, taken from vessel v of the
// table (the same IMO written once without its MMSI, then with it).
void fillFrom(VesselRow &row, const VesselTable &table, uint32_t v);

// A track vessel's MMSI as the events write it ("" for a vessel keyed by another id).
QString mmsiText(uint32_t mmsi);

} // namespace vessels

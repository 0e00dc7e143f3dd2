#pragma once

#include "summary.h"
#include "vessels/vesselsummary.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

class EventStore;
class TrackStore;

// What a vessel dossier (issue 19) says about one vessel, computed from the same rows
// and with the same functions as the window and the command line: the Vessels dock's
// row (vessels::summarise: identity, flag, anomalies, events, partners, barrels), the
// summary strip's and `rendezvous info`'s figures over its events (Summary), the
// network dock's edges around it (network::build). The PDF (widgets/dossier) only draws
// these; the tests compare them with brute-force counts and with `info --json`.
namespace dossier {

// One identity the vessel's events gave it (a distinct name, IMO, MMSI, flag), with
// when and how often: the identity history.
struct Sighting
{
    QString name, imo, mmsi, flag;
    int64_t first = 0, last = 0; // its events' earliest start and latest (effective) end
    int64_t events = 0;
    // From AIS (the identities its tracks broadcast): reports instead of events.
    bool fromAis = false;
};

// One row of the dossier's events table, in time order.
struct EventLine
{
    uint32_t row = 0; // event store row
    int64_t start = 0, end = 0; // end: kNoTime for an instant
    double lat = 0, lon = 0;
    QString id;
    QString partner; // the other side in words; "(unknown)", "(same vessel)"
    std::string partnerKey; // its identity key, "" when unknown
    QString cargo;
    QString kind; // detected events' kind (encounter, loitering, gap, anomaly), else ""
    double volume = 0; // NaN when unknown
    QString sourceFile; // the file the row came from
    uint32_t sourceRow = 0; // its line (CSV) or feature id
};

// A vessel it met, and whom that vessel met besides.
struct Partner
{
    std::string key;
    QString label; // name, else MMSI / IMO
    QString flag;
    int64_t meetings = 0; // with the dossier's vessel
    double volume = 0; // their known volumes summed
    int64_t volumeUnknown = 0;
    std::vector<size_t> others; // indices into Data::secondHop
};

// A vessel two meetings away: met by a partner, not by the vessel itself.
struct SecondHop
{
    std::string key;
    QString label;
    int64_t meetings = 0; // with the partners that met it
};

struct Data
{
    VesselRow vessel; // as the Vessels dock shows it
    bool inWindow = false; // false: the vessel has no event and no position in the window
    QString title; // "ALPHA (IMO 9000001, MMSI 111000001)"
    std::optional<int64_t> windowFrom, windowTo;
    // Figures over its events (Summary::compute over vessel.eventRows): events, volume,
    // unknown volume, distinct vessels (it and its partners), first, last, area.
    Summary summary;
    std::vector<Sighting> identities; // by first seen: its events' identities
    // The identities its AIS tracks broadcast (by track, then first seen), with the MMSI
    // of the track; empty without AIS.
    std::vector<Sighting> aisIdentities;
    // What its map shows: its events and its positions in the window (west > east
    // across 180°); nullopt when it has neither.
    std::optional<GeoBox> mapBox;
    std::vector<EventLine> events; // by start, then store row
    std::vector<Partner> partners; // most meetings first, then key
    std::vector<SecondHop> secondHop; // most meetings first, then key
    // Of its events: those with no known other party, and with itself on both sides.
    int64_t unknownPartner = 0, sameVessel = 0;
    // The store rows of the partners' other meetings (between a partner and a second-hop
    // vessel or another partner), ascending: the map may draw them faintly.
    std::vector<uint32_t> neighbourhoodRows;
};

struct Input
{
    const EventStore *events = nullptr;
    // The event rows that pass the filters, ascending.
    const std::vector<uint32_t> *rows = nullptr;
    const TrackStore *tracks = nullptr; // optional: positions, anomalies
    std::optional<int64_t> from, to; // the time window
    // The file name written as each row's source when the store has no
    // mergedstore::kSourceFileColumn.
    QString sourceName;
};

// The vessels `query` names among `rows` (vessels::summarise of every event and track,
// not only the filtered ones): equal MMSI, IMO (with or without "IMO"), identity key
// or name (case and spacing ignored). When none, *near gets up to `maxNear` vessels
// whose MMSI, IMO or name contains the query or is closest to it, described.
std::vector<size_t> resolve(const std::vector<VesselRow> &rows, const QString &query,
                            QStringList *near, int maxNear = 5);

// The dossier of the vessel whose identity key is `key` (VesselRow::key).
Data build(const Input &input, const std::string &key);

} // namespace dossier

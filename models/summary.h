#pragma once

#include "eventfilter.h"
#include "eventstore.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

// Who each interned vessel of a store is for counting (VesselTable::identityKey, as
// dense ids; 0 = unknown). Depends only on the store: a view that summarises the same
// store on every filter step computes it once (TransferFilter does) instead of hashing
// every vessel's key each time.
struct VesselIdentities
{
    std::vector<uint32_t> identityOf; // interned vessel -> identity id
    uint32_t count = 0; // identity ids are < count
    static VesselIdentities of(const EventStore &store);
};

// The figures an investigator quotes: how many transfers, how much oil, how many
// vessels, when and where. One implementation for the CLI (`rendezvous info`) and the
// GUI's summary strip, so the two can never disagree.
struct Summary
{
    int64_t events = 0; // matching events
    int64_t total = 0; // events in the store
    double volumeBbl = 0; // sum of known volumes of matching events
    int64_t volumeUnknown = 0; // matching events without a volume
    int64_t vessels = 0; // distinct vessels (IMO, else MMSI, else normalised name)
    int64_t first = EventStore::kNoTime; // earliest start
    int64_t last = EventStore::kNoTime; // latest end (the start of instants)
    std::optional<GeoBox> bbox; // smallest box holding all positions (may cross 180°)

    static Summary compute(const EventStore &store, const std::vector<uint32_t> &rows);
    // The same with the store's vessel identities computed beforehand.
    static Summary compute(const EventStore &store, const std::vector<uint32_t> &rows,
                           const VesselIdentities &identities);
    // All the store's events (the same as every row in `rows`, without the list).
    static Summary compute(const EventStore &store);

    // "89 of 120 transfers · 759,793 bbl (9 with unknown volume) · 15 vessels ·
    // 2018-01-01 – 2018-05-30"
    QString text() const;
    // Volume and vessels alone: "759,793 bbl (9 with unknown volume) · 15 vessels".
    QString figuresText() const;
    // Volume as investigators write it: grouped digits, no decimals unless needed.
    static QString formatVolume(double bbl);
    static QString formatCount(int64_t n);
    // events, volume_bbl, volume_unknown, vessels, first, last, bbox.
    QJsonObject toJson() const;
};

// The smallest longitude interval holding every longitude, as (west, east): west >
// east when it crosses the antimeridian. For the bbox of data around Fiji.
std::pair<double, double> longitudeExtent(const std::vector<double> &lons,
                                          const std::vector<uint32_t> &rows);

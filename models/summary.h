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
    // The time window the events were chosen by (UTC ms, inclusive), when there is one:
    // set by the caller (the filter knows it, the rows do not). A reader looks for the
    // window first; first/last are the events' own extent, which an event overlapping
    // the window's end stretches past it.
    std::optional<int64_t> windowFrom, windowTo;

    static Summary compute(const EventStore &store, const std::vector<uint32_t> &rows);
    // The same with the store's vessel identities computed beforehand.
    static Summary compute(const EventStore &store, const std::vector<uint32_t> &rows,
                           const VesselIdentities &identities);
    // All the store's events (the same as every row in `rows`, without the list).
    static Summary compute(const EventStore &store);

    // "89 of 120 transfers · 759,793 bbl (9 with unknown volume) · 15 vessels ·
    // window 1 Jan – 30 May 2018 · events 1 Jan – 31 May 2018"; without a window only
    // the events' extent, "events 1 Jan – 31 May 2018".
    QString text() const;
    // Volume and vessels alone: "759,793 bbl (9 with unknown volume) · 15 vessels".
    QString figuresText() const;
    // The selection's line beside the window's: "Selected: 17 transfers · 120,400 bbl ·
    // 5 vessels".
    QString selectionText() const;
    // "1 Jan – 30 May 2018", "1 Dec 2017 – 30 May 2018", "30 May 2018"; a bound off a
    // day boundary shows its time ("1 Jan 2018 03:19"). `to` is inclusive: its last ms
    // of a day (23:59:59.999) is that whole day, like the CLI's --to DATE. `exact` false
    // gives the days alone (the events' extent, whose ends are event times).
    static QString formatPeriod(std::optional<int64_t> from, std::optional<int64_t> to,
                                bool exact = true);
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

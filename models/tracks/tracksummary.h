#pragma once

#include "eventfilter.h"
#include "tracks/trackstore.h"

#include <QJsonObject>

#include <optional>
#include <vector>

// Which positions of a track store the user asked for: a time window (inclusive, UTC
// ms) and an area (GeoBox, may cross 180°). The command line's --from/--to/--bbox, the
// same bounds and box parser as for events.
struct TrackFilter
{
    std::optional<int64_t> from, to;
    std::optional<GeoBox> bbox;

    bool isEmpty() const { return !from && !to && !bbox; }
    bool matches(const TrackStore &store, size_t p) const
    {
        const int64_t t = store.timeMs(p);
        if ((from && t < *from) || (to && t > *to))
            return false;
        return !bbox || bbox->contains(store.lat(p), store.lon(p));
    }
    // The matching positions, in store order (vessel, segment, time).
    std::vector<uint32_t> apply(const TrackStore &store) const;
};

// The figures of a track store that `rendezvous tracks` prints and the window shows:
// one implementation, so the two cannot disagree.
struct TrackSummary
{
    int64_t positions = 0; // loaded and matching the filter
    int64_t loaded = 0; // every position in the store
    int64_t vessels = 0; // distinct vessel ids with at least one loaded position
    int64_t segments = 0;
    int64_t matchingVessels = 0; // vessels with at least one matching position
    int64_t matchingSegments = 0; // segments with at least one matching position
    std::optional<int64_t> first, last; // UTC ms of the loaded positions
    std::optional<GeoBox> bbox; // of the loaded positions

    static TrackSummary compute(const TrackStore &store, const TrackFilter &filter = {});
    // positions, loaded, vessels, segments, matching_vessels, matching_segments, first,
    // last (ISO 8601 UTC, null when empty), bbox ([W,S,E,N], null when empty).
    QJsonObject toJson() const;
};

#pragma once

#include "detectprogress.h"

#include "detect/detectedevents.h"
#include "detect/geosetup.h"
#include "tracks/tracksummary.h"

#include <memory>

// `rendezvous detect PG:… --layer TABLE` on an AIS table of the store, read in parts so
// that memory follows a day of data, not the table (README "Database"):
//
//  1. by vessel (MMSI ranges on the (mmsi, t) B-tree, about a day's rows per part, every
//     vessel's whole history in one part): the anchorages' stationary stays, identity
//     anomalies and the figures of the positions;
//  2. by vessel again, with the anchorages: loitering and AIS gaps;
//  3. day by day (t ranges on the BRIN index): encounters.
//
// Why the events are exactly those of detect on the whole table:
//  - Stays, loitering, gaps and identity anomalies look at one vessel at a time, within
//    its segments, and segments are cut per vessel (TrackBuilder). A part holds each of
//    its vessels' whole history, so it cuts the same segments and finds the same events;
//    anchoragesOf sorts the stays of all parts as findAnchorages sorts them.
//  - An encounter is found in the window of the day its start falls in,
//    [day - before, day + 1 + after), and kept only there. before = merge gap + minimum
//    duration + interpolation gap + slot + the segments' silence (maxGapMs): the slots
//    from merge gap + minimum duration before the day's first are resampled from the same
//    reports as in the whole table (a slot needs reports at most the interpolation gap
//    away, a segment's cut depends on the reports at most maxGapMs earlier), so the run
//    that starts an encounter, and any run within the merge gap before it, are the same;
//    a run that ended more than the merge gap earlier cannot merge. after starts at the
//    same margin and doubles while a kept encounter ends within that margin of the
//    window's end (a run could still be merged after it): an encounter merged over days
//    is read whole. So each encounter is found once, with the same slots, medians and
//    mean position, and the same distance to the same anchorages and shore.
// Identities come from <table>_vessels (every period a file gave); vessels known only
// from static reports are not in the store, so their anomalies are not either.
namespace cli {

struct StreamedDetection
{
    // Rows numbered and ordered as detect::detectedRows orders a whole store's; their
    // vessel numbers are those of `vessels`.
    std::vector<detect::DetectedRow> rows;
    std::shared_ptr<const TrackStore> vessels; // every vessel, its identity, one position
    TrackSummary summary; // of all positions, with the filter's figures
    detect::GeoSetup geo;
    int64_t counts[4] = {0, 0, 0, 0}; // encounters, loitering, gaps, anomalies
    long long rowsRead = 0; // positions read, over all passes
    size_t largestPart = 0; // positions in the largest part held at once
    int parts = 0, days = 0;
};

bool detectDatabase(const QString &source, const QString &table, const detect::Rules &rules,
                    unsigned kinds, const TrackFilter &filter, const QString &basemapFolder,
                    const QString &portsFile, DetectProgress &progress, StreamedDetection *out,
                    QString *error);

} // namespace cli

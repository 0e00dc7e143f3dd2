#pragma once

#include "detection.h"

#include <vector>

// The single-vessel detectors of issue 17: loitering (a vessel slow for long, far from
// shore: a transfer whose partner had its AIS off) and AIS gaps ("going dark": the vessel
// silent for long, far from shore). Both work on the store's raw positions, not on a
// resampled grid: a loitering run is made of the reports themselves and a gap is between
// two real reports, so every figure can be traced back to rows of the file.
//
// Loitering: within one segment (TrackStore: never across a silence of over 6 h or an
// impossible jump), a maximal run of consecutive reports, at least two, each of which
//  - is in the rules' scope (time window, box),
//  - has a speed under loiterMaxSpeedKn: the reported speed over ground, or where the
//    report has none, the speed implied by the distance to the previous report of the
//    segment (to the next one for a segment's first report),
//  - is at least loiterMinShoreNm from shore (GeoContext::shoreKm) and, with
//    excludeLand, not on land (a position inland is a bad fix, not a loitering ship),
// lasting at least loiterMinDurationMs from its first report to its last. The event's
// position is the mean of the run's reports (longitudes taken across 180° where the
// run straddles it), its speed their median, its shoreKm and portKm those of that mean.
//
// Gaps: the vessel's reports in time order, whatever their segment (several transmitters
// sharing an MMSI keep it from being silent); two consecutive reports at least gapMinMs
// apart make a gap when both are in scope and both at least gapMinShoreNm from shore
// (and, with excludeLand, not on land). Distance is the great circle between the two
// ends (nautical miles), the implied speed that distance over the silence.
//
// Both are deterministic, sorted by start then vessel, and return an empty list when
// control.cancel is raised (the caller reports the run as cancelled).
namespace detect {

std::vector<Loitering> findLoitering(const TrackStore &store, const Rules &rules,
                                     const GeoContext &geo, const Control &control = {});

std::vector<Gap> findGaps(const TrackStore &store, const Rules &rules, const GeoContext &geo,
                          const Control &control = {});

// The great-circle distance the single-vessel detectors use (mean Earth radius, the
// same as the tracks' jump test), in kilometres.
double greatCircleKm(double lat1, double lon1, double lat2, double lon2);

// Whether a position is in the rules' scope (time window and box, the box across 180°
// when east < west).
bool inScope(const Rules &rules, int64_t timeMs, double lat, double lon);

} // namespace detect

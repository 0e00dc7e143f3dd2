#pragma once

#include "detection.h"
#include "resample.h"

#include <vector>

// Encounters, as Global Fishing Watch defines them (issue 17), on the resampled tracks
// (resample.h):
//  - two vessels are together in a slot when their resampled positions are within
//    Rules::maxDistanceM (great-circle distance, detect::distanceM; when a vessel has
//    two samples in a slot, from two transmitters, the closest pair of samples counts);
//  - a run is a sequence of together-slots of one pair on consecutive slots; it
//    qualifies when it lasts at least Rules::minDurationMs (last slot - first slot)
//    and the median of both vessels' speeds over its slots (known speeds only; a run
//    without any is not an encounter) is under Rules::maxMedianSpeedKn;
//  - qualifying runs of one pair separated by less than Rules::mergeGapMs (the next
//    run's first slot - the previous run's last slot) merge into one encounter, whose
//    figures are taken over all their together-slots: start and end, mean position
//    (of both vessels, averaged on the sphere so across 180° and near the poles too),
//    median distance, median speed;
//  - an encounter whose mean position is nearer than Rules::minPortKm to an anchorage
//    or port, or on land (when Rules::excludeLand), is dropped.
// Sorted by start, then vessel pair. Empty when cancelled.
//
// Fast: a slot's positions are bucketed in cells of the distance on the unit sphere
// in 3-D (no special case at 180° or the poles), and only neighbouring cells are
// compared; the contacts found are sorted by pair with a radix sort, and the pairs'
// runs are worked out on threads, each taking whole pairs.
// tests/models/tst_encounters_bruteforce.cpp compares every pair in every slot and must
// give exactly the same events (its large case runs every threaded path).
namespace detect {

std::vector<Encounter> findEncounters(const TrackStore &store, const Rules &rules,
                                      const GeoContext &geo, const Control &control = {});

// The same on tracks already resampled with `rules`.
std::vector<Encounter> findEncounters(const Resampled &tracks, const Rules &rules,
                                      const GeoContext &geo, const Control &control = {});

// The median of the values (mean of the two middle ones for an even count); NaN when
// empty. Reorders the values.
double median(std::vector<double> &values);

} // namespace detect

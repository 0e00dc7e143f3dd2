#pragma once

#include "detection.h"
#include "hugepages.h"

#include <cstdint>
#include <vector>

// Each vessel's track on the epoch-aligned slot grid (Rules::slotMs, 10 minutes by
// default), the common clock on which the encounter detector compares vessels.
//
// Within one segment of the TrackStore (never from one segment to the next: a segment
// boundary is a silence over SegmentRules::maxGapMs or an impossible jump), a slot at
// time T = k * slotMs gets a position when
//  - a report is exactly at T: that report's position (the first one at T when there
//    are several), or
//  - T lies between two consecutive reports less than Rules::maxInterpolationGapMs
//    apart: the linear interpolation between them (longitude the short way round, so
//    across 180° too).
// Otherwise the vessel has no position in that slot. Only reports inside the rules'
// scope (time window, box) are used, as if the others had not been received.
//
// The speed of a slot is the implied speed (great-circle distance over time) of the
// interval it was interpolated in; for a slot exactly on a report, of the interval
// to the next report, else from the previous one (each only when shorter than the
// interpolation gap); for a report alone, its speed over ground; NaN when none is known.
namespace detect {

// Mean Earth radius of Qt Positioning's QGeoCoordinate::distanceTo, so that distances
// here are the ones the map's measurements and circles give.
constexpr double kEarthRadiusM = 6371007.2;

// Great-circle (haversine) distance in metres on that sphere; any longitudes.
double distanceM(double lat1, double lon1, double lat2, double lon2);

// A position at fraction f in [0, 1] of the way from (lat0, lon0) to (lat1, lon1),
// linear in latitude and in longitude taken the short way round; longitude in
// [-180, 180].
void interpolate(double lat0, double lon0, double lat1, double lon1, double f, double &lat,
                 double &lon);

// Slot k starts at k * slotMs (floor division for times before the epoch).
inline int64_t slotAtOrAfter(int64_t timeMs, int64_t slotMs)
{
    int64_t q = timeMs / slotMs;
    if (q * slotMs < timeMs)
        ++q;
    return q;
}
inline int64_t slotAtOrBefore(int64_t timeMs, int64_t slotMs)
{
    int64_t q = timeMs / slotMs;
    if (q * slotMs > timeMs)
        --q;
    return q;
}

// The resampled positions of every vessel: samples grouped by vessel (in the store's
// order), within a vessel by segment, within a segment by slot. A vessel has at most
// one sample per slot and segment; two segments of one vessel overlap in time only
// when the store split an impossible jump (two transmitters with one MMSI), and then
// the vessel has a sample from each.
struct Resampled
{
    int64_t slotMs = 10 * kMinuteMs;
    // Columns in huge pages where the platform has them: fresh small pages cost more to
    // fault in on a virtual machine than resampling takes (see platform/hugepages.h).
    HugeVector<uint32_t> vesselBegin; // vesselCount + 1 offsets into the columns
    HugeVector<int64_t> slot; // slot number k (time k * slotMs)
    HugeVector<double> lat, lon; // degrees, lon in [-180, 180]
    HugeVector<double> speedKn; // NaN when unknown
    HugeVector<uint32_t> segment; // the TrackStore segment it comes from

    size_t size() const { return slot.size(); }
    size_t vesselCount() const { return vesselBegin.empty() ? 0 : vesselBegin.size() - 1; }
    int64_t timeMs(size_t i) const { return slot[i] * slotMs; }
};

// Resamples every vessel (on the machine's cores; the result does not depend on how
// many). Returns an empty Resampled (no vessels) when cancelled.
Resampled resample(const TrackStore &store, const Rules &rules, const Control &control = {});

} // namespace detect

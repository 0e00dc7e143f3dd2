#pragma once

#include "tracks/trackstore.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

// What the detectors find in a TrackStore, and the rules they use. Pure data: the
// detectors (encounters.h, singlevessel.h, identityanomalies.h) are pure functions over a
// store, the rules and a GeoContext, deterministic on any machine (issue 17; DESIGN.md
// principle 8: every event carries the rule values that made it).
namespace detect {

constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr double kMetresPerNm = 1852.0;

// The rules, defaults = Global Fishing Watch's encounter and loitering definitions.
struct Rules
{
    // --- Encounters ---
    int64_t slotMs = 10 * kMinuteMs; // resampling grid, aligned to the epoch
    int64_t maxInterpolationGapMs = kHourMs; // interpolate only across shorter gaps
    double maxDistanceM = 500; // together in a slot: within this (geodesic)
    int64_t minDurationMs = 2 * kHourMs; // a run of together-slots at least this long
    double maxMedianSpeedKn = 2; // median speed of both vessels over the run below this
    int64_t mergeGapMs = 4 * kHourMs; // runs of one pair closer than this merge
    double minPortKm = 10; // mean position at least this far from an anchorage or port
    bool excludeLand = true; // and not on land
    // --- Anchorages derived from the data (GFW): cells of ~0.5 km where at least
    // anchorageMinVessels distinct vessels were stationary (moved less than
    // stationaryKm in stationaryMs). ---
    double anchorageCellKm = 0.5;
    int anchorageMinVessels = 20;
    double stationaryKm = 0.5;
    int64_t stationaryMs = 12 * kHourMs;
    // --- Loitering: one vessel slow for long, far from shore ---
    double loiterMaxSpeedKn = 2;
    int64_t loiterMinDurationMs = 4 * kHourMs;
    double loiterMinShoreNm = 20;
    // --- AIS gaps ("going dark") ---
    int64_t gapMinMs = 12 * kHourMs;
    double gapMinShoreNm = 50; // both ends at least this far from shore
    // --- Identity ---
    double maxImpliedSpeedKn = 50; // one MMSI at two places at once
    // --- Scope: only positions in [fromMs, toMs] and inside the box are analysed ---
    int64_t fromMs = std::numeric_limits<int64_t>::min();
    int64_t toMs = std::numeric_limits<int64_t>::max();
    bool hasBbox = false;
    double west = -180, south = -90, east = 180, north = 90; // east < west: across 180°
};

// Where the land, the shore and the ports are. The detectors ask only this; tests give
// simple ones, the program the Natural Earth coast (shore.h) and the anchorages derived
// from the data plus the user's ports (anchorages.h). The detectors ask from several
// threads at once: every query must be safe to call concurrently.
class GeoContext
{
public:
    virtual ~GeoContext() = default;
    virtual bool onLand(double lat, double lon) const = 0;
    // Geodesic distance to the nearest coastline, km (infinity when there is no coast).
    virtual double shoreKm(double lat, double lon) const = 0;
    // Distance to the nearest anchorage or port, km (infinity when none is known).
    virtual double portKm(double lat, double lon) const = 0;
};

// Which detectors to run (a bit set).
enum Kind : unsigned {
    Encounters = 1,
    LoiteringKind = 2,
    Gaps = 4,
    Identity = 8,
    AllKinds = 15,
};

struct Encounter
{
    uint32_t vesselA = 0, vesselB = 0; // TrackStore vessel indices, vesselA < vesselB
    int64_t startMs = 0, endMs = 0; // first and last together-slot
    double lat = 0, lon = 0; // mean position of the together-slots (both vessels)
    double medianDistanceM = 0;
    double medianSpeedKn = 0; // over the run, both vessels' resampled speeds
    double portKm = 0, shoreKm = 0; // from the GeoContext at the mean position
    // Not "slots": Qt defines that word as a macro in every file that includes QObject.
    int slotCount = 0; // together-slots in the run(s)
};

struct Loitering
{
    uint32_t vessel = 0;
    int64_t startMs = 0, endMs = 0;
    double lat = 0, lon = 0; // mean position
    double medianSpeedKn = 0;
    double shoreKm = 0;
    double portKm = 0;
};

// A silence of one vessel: the last position before and the first after.
struct Gap
{
    uint32_t vessel = 0;
    int64_t startMs = 0, endMs = 0;
    double lat0 = 0, lon0 = 0, lat1 = 0, lon1 = 0;
    double distanceNm = 0;
    double impliedSpeedKn = 0;
    double shoreKm0 = 0, shoreKm1 = 0;
};

struct Anomaly
{
    enum class Kind : uint8_t {
        BadImoCheckDigit, // an IMO number broadcast fails its check digit
        UnallocatedMid, // the MMSI's MID is not allocated by the ITU
        FlagMismatch, // MID flag differs from a declared flag column
        TwoPlacesAtOnce, // implied speed over maxImpliedSpeedKn between reports
        NameChanged, // more than one name broadcast in the period
        ImoChanged, // more than one IMO broadcast in the period
    };
    uint32_t vessel = 0;
    Kind kind = Kind::BadImoCheckDigit;
    int64_t startMs = 0, endMs = 0; // when it was seen (first / last report concerned)
    double lat = std::numeric_limits<double>::quiet_NaN(); // where, when it has a place
    double lon = std::numeric_limits<double>::quiet_NaN();
    std::string detail; // one line, e.g. "IMO 9627981: check digit should be 0"
};

struct Result
{
    std::vector<Encounter> encounters; // by start, then vessel pair
    std::vector<Loitering> loitering; // by start, then vessel
    std::vector<Gap> gaps; // by start, then vessel
    std::vector<Anomaly> anomalies; // by vessel, then kind, then start
    bool cancelled = false;
    // What the run's caller left out and must say (the ports file's rows that are no
    // port, "ports.csv line 7: reason"); the detectors add none.
    std::vector<std::string> notes;
};

// Progress (0..1) and cancel for the long runs; both optional.
struct Control
{
    std::function<void(double)> progress;
    const std::atomic<bool> *cancel = nullptr;
    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

} // namespace detect

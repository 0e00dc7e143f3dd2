#pragma once

#include "hugepages.h"

#include <QString>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// Vessel tracks read from AIS, column by column: positions grouped by vessel, within a
// vessel by segment, within a segment sorted by time. Built once by a TrackBuilder,
// then immutable (shared between threads without locks).

// How a vessel's positions are cut into segments (lines drawn without a break).
struct SegmentRules
{
    // A new segment starts after a silence longer than this (AIS off, out of range).
    int64_t maxGapMs = 6 * 3600 * 1000LL;
    // A position is impossible from the previous one when reaching it needs more than
    // this speed, taking at least minJumpMs as the time between them (so GPS jitter
    // between reports seconds apart is not a jump, while a position 500 km away is).
    double maxSpeedKnots = 50.0;
    int64_t minJumpMs = 60 * 1000;
};

// The static identity a vessel broadcast (type 5 / 24 messages, or the identity
// columns of a CSV row). Empty text and -1 / NaN when not given.
struct VesselIdentity
{
    std::string imo; // digits only ("9627980"), "" when absent or "Unknown"
    std::string name; // trimmed, AIS '@' padding removed
    std::string callSign;
    int shipType = -1; // AIS ship and cargo type 0..99
    // The flag a table's flag column declares, as written (trimmed): "PA", "PAN",
    // "Panama". AIS messages carry none; compared with the MMSI's MID (identity anomalies).
    std::string flag;
    bool operator==(const VesselIdentity &o) const
    {
        return imo == o.imo && name == o.name && callSign == o.callSign && shipType == o.shipType
            && flag == o.flag;
    }
    bool operator!=(const VesselIdentity &o) const { return !(*this == o); }
};

// One distinct identity of a vessel and when it was broadcast.
struct IdentityPeriod
{
    VesselIdentity identity;
    int64_t firstMs = 0, lastMs = 0; // UTC milliseconds
    uint32_t reports = 0; // how many reports gave it
};

class TrackStore
{
public:
    static constexpr uint16_t kNoValue = 0xFFFF; // sog / cog / heading not available
    enum class SegmentStart : uint8_t {
        First, // the vessel's first segment
        AfterGap, // the previous segment (in time) ended more than maxGapMs earlier
        AfterJump, // an impossible jump from every open segment: another transmitter
    };

    // --- Positions (index p in [0, positionCount())). ---
    size_t positionCount() const { return m_time.size(); }
    int64_t timeMs(size_t p) const { return m_time[p]; }
    double lat(size_t p) const { return m_latE7[p] * 1e-7; }
    double lon(size_t p) const { return m_lonE7[p] * 1e-7; }
    // Speed over ground (knots), course over ground and true heading (degrees); NaN
    // when the report said "not available".
    float sog(size_t p) const { return m_sog[p] == kNoValue ? NAN : m_sog[p] * 0.1f; }
    float cog(size_t p) const { return m_cog[p] == kNoValue ? NAN : m_cog[p] * 0.1f; }
    float heading(size_t p) const { return m_heading[p] == kNoValue ? NAN : float(m_heading[p]); }
    uint32_t sourceRow(size_t p) const { return m_sourceRow[p]; } // line in its file
    uint16_t sourceFile(size_t p) const { return m_sourceFile[p]; } // index into files()
    // Raw columns for the map and the detectors: degrees * 1e7, knots * 10, degrees * 10.
    const HugeVector<int64_t> &times() const { return m_time; }
    const HugeVector<int32_t> &latsE7() const { return m_latE7; }
    const HugeVector<int32_t> &lonsE7() const { return m_lonE7; }
    const HugeVector<uint16_t> &sogs() const { return m_sog; }
    const HugeVector<uint16_t> &cogs() const { return m_cog; }

    // --- Segments (index s). Positions [segmentBegin(s), segmentEnd(s)). ---
    size_t segmentCount() const { return m_segBegin.size(); }
    uint32_t segmentBegin(size_t s) const { return m_segBegin[s]; }
    uint32_t segmentEnd(size_t s) const
    {
        return s + 1 < m_segBegin.size() ? m_segBegin[s + 1] : uint32_t(positionCount());
    }
    uint32_t segmentVessel(size_t s) const { return m_segVessel[s]; }
    SegmentStart segmentStart(size_t s) const { return m_segStart[s]; }
    // For AfterGap segments: the segment whose end the gap follows (the vessel's
    // previous segment in time), for the dashed line drawn across the gap; else -1.
    int64_t gapFrom(size_t s) const { return m_gapFrom[s]; }

    // --- Vessels (index v), sorted by their id (MMSI numerically, else id text). ---
    size_t vesselCount() const { return m_vesselSegBegin.size(); }
    uint32_t mmsi(size_t v) const { return m_mmsi[v]; } // 0 when the data has another id
    // The vessel's id as text: its MMSI's 9 digits, or the id column's value ("oid").
    std::string_view vesselId(size_t v) const { return m_ids[v]; }
    uint32_t vesselSegmentBegin(size_t v) const { return m_vesselSegBegin[v]; }
    uint32_t vesselSegmentEnd(size_t v) const
    {
        return v + 1 < m_vesselSegBegin.size() ? m_vesselSegBegin[v + 1] : uint32_t(segmentCount());
    }
    // A vessel's positions are [vesselPositionBegin, vesselPositionEnd): empty for a
    // vessel known only from static reports (its identity is still evidence).
    uint32_t vesselPositionBegin(size_t v) const { return m_vesselPosBegin[v]; }
    uint32_t vesselPositionEnd(size_t v) const
    {
        return v + 1 < m_vesselPosBegin.size() ? m_vesselPosBegin[v + 1]
                                               : uint32_t(positionCount());
    }
    // Vessels with at least one position.
    size_t vesselsWithPositions() const { return m_vesselsWithPositions; }
    // Every distinct identity, in the order first seen; empty when none was broadcast.
    const std::vector<IdentityPeriod> &identityHistory(size_t v) const { return m_history[v]; }
    // The identity broadcast last (empty when none).
    VesselIdentity identity(size_t v) const;
    float length(size_t v) const { return m_length[v]; } // metres, NaN when unknown
    float width(size_t v) const { return m_width[v]; }
    // Vessel index for an MMSI / id text, -1 when absent (binary search).
    int64_t findMmsi(uint32_t mmsi) const;
    int64_t findId(std::string_view id) const;

    // --- Whole store. ---
    const std::vector<QString> &files() const { return m_files; }
    int64_t firstMs() const { return m_firstMs; } // 0 when empty
    int64_t lastMs() const { return m_lastMs; }
    // West, south, east, north in degrees (all 0 when empty).
    double bbox(int i) const { return m_bbox[i]; }
    const SegmentRules &rules() const { return m_rules; }
    size_t memoryBytes() const;

private:
    friend class TrackBuilder;
    SegmentRules m_rules;
    HugeVector<int64_t> m_time;
    HugeVector<int32_t> m_latE7, m_lonE7;
    HugeVector<uint16_t> m_sog, m_cog, m_heading, m_sourceFile;
    HugeVector<uint32_t> m_sourceRow;
    std::vector<uint32_t> m_segBegin, m_segVessel;
    std::vector<SegmentStart> m_segStart;
    std::vector<int64_t> m_gapFrom;
    std::vector<uint32_t> m_vesselSegBegin, m_vesselPosBegin, m_mmsi;
    size_t m_vesselsWithPositions = 0;
    std::vector<std::string> m_ids;
    std::vector<std::vector<IdentityPeriod>> m_history;
    std::vector<float> m_length, m_width;
    std::vector<QString> m_files;
    int64_t m_firstMs = 0, m_lastMs = 0;
    double m_bbox[4] = {0, 0, 0, 0};
};

// One position report as a reader decoded it. The reader has already refused what
// is invalid (no position, 91/181, out of range, bad time): the builder keeps all.
struct PositionReport
{
    uint32_t vessel = 0; // from TrackBuilder::vesselByMmsi / vesselById
    int64_t timeMs = 0; // UTC milliseconds
    double lat = 0, lon = 0; // WGS 84 degrees
    float sog = NAN, cog = NAN, heading = NAN; // knots, degrees; NaN = not available
    uint32_t sourceRow = 0; // line in its file
    uint16_t sourceFile = 0; // from TrackBuilder::addFile
};

// A position report in the store's own units (what TrackBuilder::pack makes of a
// PositionReport): for a reader that reads the text straight into them.
struct PackedPosition
{
    uint32_t vessel = 0;
    int64_t timeMs = 0;
    int32_t latE7 = 0, lonE7 = 0; // degrees x 10^7, rounded
    uint16_t sog = 0, cog = 0, heading = 0; // tenths of a knot / degree, whole degrees;
                                            // TrackStore::kNoValue when not available
    uint16_t sourceFile = 0;
    uint32_t sourceRow = 0;
};

// Collects reports in any order (several files, several threads each with its own
// builder merged at the end) and sorts them into a TrackStore.
class TrackBuilder
{
public:
    explicit TrackBuilder(SegmentRules rules = {});
    ~TrackBuilder();
    TrackBuilder(TrackBuilder &&) noexcept;
    TrackBuilder &operator=(TrackBuilder &&) noexcept;

    uint16_t addFile(const QString &path);
    // The vessel for a valid 9-digit MMSI, or for another id (a file keyed by "oid").
    uint32_t vesselByMmsi(uint32_t mmsi);
    uint32_t vesselById(std::string_view id);
    void reserve(size_t positions);
    void add(const PositionReport &report);
    void add(const PackedPosition &position);
    // A report in the store's units: degrees x 10^7 rounded to nearest, speed 0..6553 kn
    // and course 0..<360 to the nearest tenth, heading 0..<360 to the nearest degree (a
    // course or heading rounding up to 360 is 0); out of range or NaN: kNoValue.
    static PackedPosition pack(const PositionReport &report);
    static int32_t toE7(double degrees);
    static uint16_t packSpeed(float knots);
    static uint16_t packCourse(float degrees);
    static uint16_t packHeading(float degrees);
    // Identity broadcast by a vessel at a time; length / width in metres, NaN unknown.
    // Returns the identity's place in the vessel's history (for repeatIdentity), or -1
    // when the identity is empty (only dimensions, or nothing, were said).
    int addIdentity(uint32_t vessel, int64_t timeMs, const VesselIdentity &identity,
                    float length = NAN, float width = NAN);
    // The same as addIdentity(vessel, timeMs, identity, length, width) again, where
    // `period` is what that call returned for this vessel: no identity compared.
    void repeatIdentity(uint32_t vessel, int period, int64_t timeMs, float length, float width);
    // Adds `lines` to the source row of every position added so far (a part of a file
    // read before the lines ahead of it were known).
    void shiftRows(uint32_t lines);
    // Moves other's files, vessels, positions and identities into this builder
    // (other's file and vessel numbers are renumbered).
    void absorb(TrackBuilder &&other);
    size_t positionCount() const;
    // Sorts, segments and summarises; the builder is empty afterwards.
    std::shared_ptr<TrackStore> finish();

private:
    struct Data;
    std::unique_ptr<Data> d;
};

#pragma once

#include "eventfields.h"
#include "stringcolumn.h"
#include "transferevent.h"

#include <QStringList>

#include <cstdint>
#include <limits>
#include <vector>

// Interned vessel identities: each distinct (name, IMO, MMSI, flag) tuple once.
// Id 0 is "no vessel" (all four empty).
class VesselTable
{
public:
    VesselTable();
    uint32_t intern(std::string_view name, std::string_view imo, std::string_view mmsi,
                    std::string_view flag);
    uint32_t size() const { return static_cast<uint32_t>(m_parts.size()); }
    std::string_view name(uint32_t id) const { return m_names.view(m_parts[id][0]); }
    std::string_view imo(uint32_t id) const { return m_imos.view(m_parts[id][1]); }
    std::string_view mmsi(uint32_t id) const { return m_mmsis.view(m_parts[id][2]); }
    std::string_view flag(uint32_t id) const { return m_flags.view(m_parts[id][3]); }
    Vessel vessel(uint32_t id) const;
    // Who a vessel is for counting distinct vessels: IMO, else MMSI, else the
    // normalised name; "" when none of them is known.
    std::string identityKey(uint32_t id) const;
    size_t memoryBytes() const;

private:
    StringSet m_keys, m_names, m_imos, m_mmsis, m_flags;
    HugeVector<std::array<uint32_t, 4>> m_parts;
    std::string m_scratch;
};

// All loaded events, column by column. Times are UTC milliseconds (kNoTime when
// absent), positions WGS 84 degrees, volume NaN when unknown (never zero). Columns the
// reader did not map are kept as extra text columns under their source names.
class EventStore
{
public:
    static constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();
    enum Flag : uint8_t {
        Duplicate = 1, // an exact copy of an earlier row of the same file
        PositionFromCentroid = 2, // source geometry was not a point
        // The vessel's flag was derived from its MMSI's MID (tracks/midtable.h): the file
        // has no flag column for that vessel.
        VesselAFlagFromMmsi = 4,
        VesselBFlagFromMmsi = 8,
    };

    explicit EventStore(QStringList extraNames = {});

    size_t size() const { return m_start.size(); }
    bool empty() const { return m_start.empty(); }

    // Appending (readers). The caller passes already-normalised values.
    struct RowInput
    {
        std::string_view id;
        int64_t start = kNoTime;
        int64_t end = kNoTime;
        double lat = 0, lon = 0;
        double volume = std::numeric_limits<double>::quiet_NaN();
        std::string_view aName, aImo, aMmsi, aFlag, bName, bImo, bMmsi, bFlag;
        std::string_view cargo, confidence, source, notes;
        uint32_t sourceRow = 0; // line number (CSV) or feature id (OGR)
        uint8_t flags = 0;
    };
    // extras: one view per extra column, in extraNames() order.
    void append(const RowInput &row, const std::string_view *extras);
    void append(const TransferEvent &event);
    // Appends all of other's rows (same extra columns), re-interning its strings and
    // adding rowOffset to their source row numbers.
    void appendStore(const EventStore &other, uint32_t rowOffset = 0);
    // Keeps rows with keep[i] == true.
    void compact(const std::vector<bool> &keep);
    // Room for `rows` rows in total; text columns sized from the rows already in.
    // Readers call it once they have an estimate, so that a million appends do not
    // copy the columns over and over.
    void reserve(size_t rows);
    void setStart(size_t row, int64_t ms) { m_start[row] = ms; }
    void setEnd(size_t row, int64_t ms) { m_end[row] = ms; }
    void setFlag(size_t row, Flag f, bool on);

    // Columns (fast paths for filters, the map, the timeline).
    const HugeVector<int64_t> &starts() const { return m_start; }
    const HugeVector<int64_t> &ends() const { return m_end; }
    const HugeVector<double> &lats() const { return m_lat; }
    const HugeVector<double> &lons() const { return m_lon; }
    const HugeVector<double> &volumes() const { return m_volume; }
    const HugeVector<uint32_t> &vesselsA() const { return m_vesselA; }
    const HugeVector<uint32_t> &vesselsB() const { return m_vesselB; }
    const VesselTable &vessels() const { return m_vessels; }

    // Row access.
    int64_t start(size_t r) const { return m_start[r]; }
    int64_t end(size_t r) const { return m_end[r]; }
    bool hasEnd(size_t r) const { return m_end[r] != kNoTime; }
    // The end of the event's interval: its end, or its start for an instant.
    int64_t effectiveEnd(size_t r) const { return hasEnd(r) ? m_end[r] : m_start[r]; }
    double lat(size_t r) const { return m_lat[r]; }
    double lon(size_t r) const { return m_lon[r]; }
    double volume(size_t r) const { return m_volume[r]; }
    uint32_t sourceRow(size_t r) const { return m_sourceRow[r]; }
    uint8_t flags(size_t r) const { return m_flags[r]; }
    bool isDuplicate(size_t r) const { return m_flags[r] & Duplicate; }
    QString id(size_t r) const { return m_id.text(r); }
    // Text of any field (times as ISO 8601, numbers in C locale, "" when unknown).
    QString text(Field f, size_t r) const;
    std::string_view textView(Field f, size_t r) const; // text fields only
    const QStringList &extraNames() const { return m_extraNames; }
    QString extra(int column, size_t r) const { return m_extras[column].text(r); }
    std::string_view extraView(int column, size_t r) const { return m_extras[column].view(r); }

    TransferEvent event(size_t r) const;
    // Same values in every column, extras included; the source row number is not
    // compared (two rows of one file always differ by it).
    bool sameContent(size_t a, size_t b) const;
    // Rough heap use of the store, for the memory target (bytes).
    size_t memoryBytes() const;

private:
    const InternedColumn *internedColumn(Field f) const;

    QStringList m_extraNames;
    HugeVector<int64_t> m_start, m_end;
    HugeVector<double> m_lat, m_lon, m_volume;
    HugeVector<uint32_t> m_vesselA, m_vesselB, m_sourceRow;
    HugeVector<uint8_t> m_flags;
    TextColumn m_id, m_notes;
    InternedColumn m_cargo, m_confidence, m_source;
    std::vector<TextColumn> m_extras;
    VesselTable m_vessels;
};

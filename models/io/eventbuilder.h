#pragma once

#include "io/loadreport.h"
#include "io/timeparser.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

// Turns source records (text fields plus an optional geometry position) into events,
// applying the column mapping and the value rules, and accounts for every record:
// loaded, or rejected with its row and reason. Both readers (OGR and the fast CSV
// path) feed it, so the rules are the same whatever the file format.
//
// A record is rejected when a mapped value is present but unreadable (bad time,
// number, coordinate), when it has no position or no start, or when its end precedes
// its start. An empty value is unknown, never zero.
//
// Slash dates (a/b/yyyy) wait until the whole column has been seen: finish() decides
// day-first or month-first per column from the data, then resolves them. The fast
// reader runs one builder per thread and merges them in file order.
class EventBuilder
{
public:
    struct Position
    {
        double lat = 0, lon = 0;
        bool fromCentroid = false;
    };

    EventBuilder(QStringList headers, ColumnMapping mapping);

    // fields: one view per header column (missing trailing fields may be passed as a
    // shorter count). geometry: a position the reader got from the source's geometry.
    // recordHash: for text tables, hashBytes() of the record's raw text, so that an
    // exact duplicate is the same line to the byte; without it the field values (and
    // the geometry's position) are hashed. Equal hashes are then confirmed on content.
    void addRecord(const std::string_view *fields, size_t count, uint32_t row,
                   const Position *geometry = nullptr, const uint64_t *recordHash = nullptr);
    // A record the reader could not even split into fields: counted and rejected.
    void rejectRecord(uint32_t row, const QString &reason);
    void warn(const QString &message, uint32_t row);
    // Adds a later part of the same file. rowOffset is added to its row numbers.
    void merge(EventBuilder &&later, uint32_t rowOffset);
    int64_t records() const { return m_records; }
    // Room for about `rows` events in total (see EventStore::reserve).
    void reserve(size_t rows);

    // Resolves deferred dates, flags (or removes) exact duplicates, and fills the
    // report's counts, mapping, notes, warnings and sorted rejections.
    LoadResult finish(LoadReport report, bool dedupe);

    // Which columns are kept as extras (not mapped to any field).
    const std::vector<int> &extraColumns() const { return m_extraColumns; }

private:
    struct Pending
    {
        uint32_t storeRow;
        bool isEnd;
        timeparse::SlashDate date;
    };
    enum class TimeOutcome { Ok, Deferred, Rejected };
    void reject(uint32_t row, const QString &reason);
    TimeOutcome readTime(std::string_view text, bool isEnd, uint32_t row, int64_t *ms,
                         timeparse::SlashDate *slash);
    bool readPosition(const std::string_view *fields, size_t count, uint32_t row,
                      const Position *geometry, EventStore::RowInput &in);
    std::string_view field(const std::string_view *fields, size_t count, Field f) const;
    std::string_view identifier(std::string_view raw, bool imo, std::string &buffer);
    // A vessel with an MMSI and no flag column gets the flag of its MMSI's MID, marked
    // derived; an MMSI that cannot give one is a warning on the row.
    void deriveFlag(std::string_view mmsi, std::string_view &flag, EventStore::Flag derived,
                    uint32_t row, uint8_t &flags);
    void resolvePending(LoadReport &report, std::vector<bool> &keep);
    int64_t markDuplicates(std::vector<bool> &keep, bool dedupe);

    QStringList m_headers;
    ColumnMapping m_mapping;
    std::vector<int> m_extraColumns;
    std::unique_ptr<EventStore> m_store;
    HugeVector<uint64_t> m_hashes; // per stored row, over all source values
    std::vector<Pending> m_pending;
    timeparse::OrderEvidence m_evidence[2]; // start, end
    std::vector<Rejection> m_rejections;
    QMap<QString, std::vector<uint32_t>> m_warnings;
    int64_t m_records = 0;
    std::vector<std::string_view> m_extraScratch;
    std::string m_idBuffers[4];
};

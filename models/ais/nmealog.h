#pragma once

#include "ais/aisreader.h"
#include "ais/nmea.h"
#include "ais/nmeapayload.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>

// NMEA 0183 AIS logs into a TrackBuilder: the whole file's text, line by line.
//
// Accounting (what LoadReport's records / loaded / rejections mean for a log): a record
// is one AIS message of a type read here (1, 2, 3, 18, 19, 27: positions; 5, 24:
// identities), however many lines it spans, or one line that could not be used (not a
// sentence, checksum mismatch, malformed, incomplete multi-part message, bad MMSI,
// position 91/181 or out of range, no time). Every record is loaded or rejected with
// its line (the first fragment's for a multi-part message). Not records, but counted
// in SentenceCounts and the notes: blank and '#' comment lines, other sentences ($GPRMC,
// $GPGGA...), AIS messages of other types (4 base stations, 8 binary, 21 aids to
// navigation...). A message's time is, in order: the c: of its first fragment's tag
// block, the Unix time a logger wrote after its first fragment's checksum, the latest
// $--RMC / $--ZDA before it.
namespace nmea {

// Whether a file's first bytes are an NMEA log: its first line that is not blank or a
// '#' comment starts with '!', '$' or a tag block and has a "*hh" checksum.
bool looksLikeNmea(std::string_view firstBytes);

// Reads a log's text (report.file is the caller's): fills report.records, loaded,
// rejections (row = line, 1-based), notes, driver and rowLabel; counts; adds positions
// and identities to builder under file fileIndex. Polls options.cancel and calls
// options.progress (fraction of the text read). Returns false when cancelled (then
// report.error is "cancelled" and the builder holds a part of the log).
bool readLog(std::string_view text, uint16_t fileIndex, TrackBuilder &builder, LoadReport &report,
             SentenceCounts &counts, const LoadOptions &options);

// What readLog did beyond the report (for tests and the fuzzer).
struct LogStats
{
    int64_t positions = 0; // reports added to the builder
    int64_t identities = 0; // addIdentity calls
    int64_t comments = 0; // '#' lines
    int64_t timeFromTag = 0, timeFromLogger = 0, timeFromClock = 0; // per loaded message
    std::map<int, int64_t> otherTypes; // AIS messages of types not read, by type
    std::map<std::string, int64_t> otherSentences; // by address (at most 32, then "...")
};

// The line-by-line reader behind readLog, for callers that feed lines themselves.
class LogReader
{
public:
    LogReader(uint16_t fileIndex, TrackBuilder &builder, LoadReport &report,
              SentenceCounts &counts);
    ~LogReader();
    LogReader(const LogReader &) = delete;
    LogReader &operator=(const LogReader &) = delete;
    // One line without its '\n' (a trailing '\r' is ignored), numbered from 1.
    void addLine(std::string_view text, uint32_t lineNumber);
    // The log ended: rejects unfinished multi-part messages, gives the identities of
    // class B vessels that sent only one part, sorts the rejections, writes the notes.
    void finish();
    const LogStats &stats() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace nmea

#pragma once

#include "io/csvrecordparser.h"
#include "io/csvsource.h"

#include <QString>

#include <cstdint>
#include <string_view>
#include <vector>

namespace csv {

// One record of a part, as walkPart hands it on.
struct PartRecord
{
    const std::string_view *fields; // fields[0..record.count)
    const RecordParser::Record &record;
    RecordParser::Status status; // Ok or Unterminated (a quote left open at the end)
    uint32_t line; // the record's first line, counted from 1 at the part's start
    uint64_t offset; // of the record (with any blank lines before it) in the source
    const char *parsedEnd; // the parser's position after it (past its line end)
};

// How a part's walk ended: where the next part's records begin, and the line ends
// consumed from the part's start to there.
struct PartWalk
{
    uint64_t stoppedAt = 0;
    uint32_t lines = 0;
    QString error; // the file could not be read (stoppedAt, lines: as far as it got)
};

enum class Visit { Continue, Stop };

// Walks the records that start in [begin, end) of the source, window by window, and
// hands each to visit(const PartRecord &) — the one loop of the fast events reader and
// the AIS table reader. A record reaching the end of a window is read again from its
// start in the next, bigger when it must be, so records never straddle two windows (a
// CR last in a window may be half of a CRLF: it is read again with what follows it).
// Stop: the walk ends before that record (stoppedAt is its offset, its lines are not
// counted), for a caller that stops at bad bytes or a cancel.
template<typename Visitor>
PartWalk walkPart(const Source &source, char separator, uint64_t begin, uint64_t end,
                  Visitor &&visit)
{
    PartWalk walk;
    Source::Reader reader(source);
    Source::Window w;
    std::vector<std::string_view> fields;
    RecordParser::Record record;
    uint64_t pos = begin;
    size_t minimum = 0;
    bool done = false;
    while (!done && pos < end) {
        if (!reader.read(pos, minimum, w)) {
            walk.error = reader.error;
            break;
        }
        minimum = 0;
        RecordParser parser(w.begin, w.end, separator);
        while (true) {
            const char *from = parser.position();
            const uint32_t linesBefore = parser.lines();
            if (w.offsetOf(from) >= end) { // the rest belongs to the next part
                walk.lines += linesBefore;
                pos = w.offsetOf(from);
                done = true;
                break;
            }
            const RecordParser::Status s = parser.next(fields, record);
            if (!w.last && parser.position() >= w.end) {
                // Blank lines or a record up to the window's end: read on from here.
                if (s == RecordParser::Status::End) {
                    const bool cr = w.end[-1] == '\r';
                    from = cr ? w.end - 1 : w.end;
                    walk.lines += parser.lines() - (cr ? 1 : 0);
                } else {
                    walk.lines += linesBefore;
                }
                if (from == w.begin) // a record (or that CR) as long as the window
                    minimum = 2 * size_t(w.end - w.begin);
                pos = w.offsetOf(from);
                break;
            }
            if (s == RecordParser::Status::End) {
                walk.lines += parser.lines();
                pos = w.offsetOf(parser.position());
                done = true;
                break;
            }
            const PartRecord r {fields.data(),    record,           s, walk.lines + record.line + 1,
                                w.offsetOf(from), parser.position()};
            if (visit(r) == Visit::Stop) {
                walk.lines += linesBefore;
                pos = w.offsetOf(from);
                done = true;
                break;
            }
        }
    }
    walk.stoppedAt = pos;
    return walk;
}

} // namespace csv

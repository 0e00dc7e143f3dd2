#pragma once

#include <QString>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

class EventBuilder;

namespace csv {

// Splits delimited text into records and fields, RFC 4180 style, straight from the
// bytes: a field view points into the input unless it held doubled quotes (then into
// the parser's scratch buffer, valid until the next record). Blank lines are skipped;
// lines are counted (LF, CRLF or a lone CR each end one) so that every record knows
// the line it starts on. The one tokenizer for the fast reader and the OGR CSV checks.
class RecordParser
{
public:
    RecordParser(const char *begin, const char *end, char separator);

    enum class Status { Ok, End, Unterminated };
    struct Record
    {
        uint32_t line = 0; // first line, counted from 0 at the parser's start
        size_t count = 0; // fields in fields[0..count)
        const char *begin = nullptr; // the record's text, without its line end
        const char *end = nullptr;
    };
    // fields is reused between calls and only grows; read fields[0..record.count).
    Status next(std::vector<std::string_view> &fields, Record &record);

    const char *position() const { return m_p; }
    uint32_t lines() const { return m_lines; }

private:
    void consumeLineEnd();
    const char *fieldEnd(const char *p);
    const char *fieldEndNearEnd(const char *p) const;
    bool parseQuoted(std::vector<std::string_view> &fields, size_t index);

    struct Fixup
    {
        size_t index, offset, size;
    };
    const char *m_p;
    const char *m_end;
    const char m_sep;
    uint32_t m_lines = 0;
    std::array<bool, 256> m_stop {}; // separator and line ends
    // Where the separators and line ends are in the 64 bytes from m_block (bit i for
    // m_block[i]): one scan serves the several fields that start in those bytes.
    const char *m_block;
    uint64_t m_stops = 0;
    std::vector<Fixup> m_fixups;
    std::string m_scratch;
};

// The record-level checks both CSV paths apply before a record reaches the builder:
// an unclosed quote, more fields than the header, an empty row (rejected), fewer fields
// than the header (warned). Returns true when the record should be added.
bool checkRecord(const std::string_view *fields, size_t count, size_t columns, bool unterminated,
                 EventBuilder &builder, uint32_t row);

} // namespace csv

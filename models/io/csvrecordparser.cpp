#include "csvrecordparser.h"

#include "io/eventbuilder.h"

#include <algorithm>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstring>

namespace csv {

namespace {
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHigh = 0x8080808080808080ULL;

uint64_t zeroBytes(uint64_t x)
{
    return (x - kOnes) & ~x & kHigh;
}
} // namespace

// The end of an unquoted field, from a bit mask of the separators and line ends of
// each 64-byte block (SSE2, which every x86-64 has); the last 64 bytes of the input
// go the slower way.
inline const char *RecordParser::fieldEnd(const char *p)
{
#if defined(__SSE2__)
    const __m128i sep = _mm_set1_epi8(m_sep);
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    if (p >= m_end) // (and the empty block the parser starts with is never used)
        return p;
    // Unsigned: a p before the block wraps around to a large offset.
    const auto offset = static_cast<size_t>(p - m_block);
    if (offset < 64) {
        const uint64_t rest = m_stops >> offset;
        if (rest)
            return p + __builtin_ctzll(rest);
        p = m_block + 64;
    }
    while (true) {
        if (m_end - p < 64)
            return fieldEndNearEnd(p);
        uint64_t stops = 0;
        for (int k = 0; k < 4; ++k) {
            const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16 * k));
            const __m128i hit = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(w, sep), _mm_cmpeq_epi8(w, lf)), _mm_cmpeq_epi8(w, cr));
            stops |= uint64_t(static_cast<uint16_t>(_mm_movemask_epi8(hit))) << (16 * k);
        }
        if (stops) {
            m_block = p;
            m_stops = stops;
            return p + __builtin_ctzll(stops);
        }
        p += 64;
    }
#else
    return fieldEndNearEnd(p);
#endif
}

// 16 bytes at a time with SSE2, else 8 at a time in a 64-bit word, then byte by byte.
// (In the word version the lowest flagged byte is always a real match: the bit trick
// can only flag false bytes above a true one.)
const char *RecordParser::fieldEndNearEnd(const char *p) const
{
#if defined(__SSE2__)
    const __m128i sep = _mm_set1_epi8(m_sep);
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    while (p + 16 <= m_end) {
        const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(w, sep), _mm_cmpeq_epi8(w, lf)), _mm_cmpeq_epi8(w, cr));
        const int mask = _mm_movemask_epi8(hit);
        if (mask)
            return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    const uint64_t sep64 = kOnes * static_cast<unsigned char>(m_sep);
    constexpr uint64_t lf64 = kOnes * '\n', cr64 = kOnes * '\r';
    while (p + 8 <= m_end) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        const uint64_t hits = zeroBytes(w ^ sep64) | zeroBytes(w ^ lf64) | zeroBytes(w ^ cr64);
        if (hits)
            return p + (__builtin_ctzll(hits) >> 3);
        p += 8;
    }
    while (p < m_end && !m_stop[static_cast<unsigned char>(*p)])
        ++p;
    return p;
}

RecordParser::RecordParser(const char *begin, const char *end, char separator)
    : m_p(begin), m_end(end), m_sep(separator), m_block(end)
{
    m_stop[static_cast<unsigned char>(separator)] = true;
    m_stop['\n'] = true;
    m_stop['\r'] = true;
}

void RecordParser::consumeLineEnd()
{
    if (*m_p == '\r' && m_p + 1 < m_end && m_p[1] == '\n')
        ++m_p;
    ++m_p;
    ++m_lines;
}

RecordParser::Status RecordParser::next(std::vector<std::string_view> &fields, Record &record)
{
    while (m_p < m_end && (*m_p == '\n' || *m_p == '\r'))
        consumeLineEnd(); // blank lines are not records
    if (m_p >= m_end)
        return Status::End;
    record.line = m_lines;
    record.begin = m_p;
    m_scratch.clear();
    m_fixups.clear();
    Status status = Status::Ok;
    size_t n = 0;
    // Locals, not members, in the loop: a store into a field view could alias a member
    // pointer, which would then be reloaded after every field.
    const char *p = m_p;
    const char *const end = m_end;
    const char sep = m_sep;
    std::string_view *out = fields.data();
    size_t capacity = fields.size();
    while (true) {
        if (n + 1 >= capacity) {
            fields.resize(capacity * 2 + 16);
            out = fields.data();
            capacity = fields.size();
        }
        if (p < end && *p == '"') {
            m_p = p;
            if (!parseQuoted(fields, n))
                status = Status::Unterminated;
            p = m_p;
        } else {
            const char *start = p;
            p = fieldEnd(p);
            out[n] = std::string_view(start, static_cast<size_t>(p - start));
        }
        ++n;
        if (p >= end)
            break;
        if (*p == sep) {
            ++p;
            if (p >= end) { // "a,b," at the very end: a last, empty field
                out[n++] = std::string_view();
                break;
            }
            continue;
        }
        break; // a line end
    }
    m_p = p;
    record.end = m_p;
    record.count = n;
    if (m_p < m_end)
        consumeLineEnd();
    for (const Fixup &f : m_fixups)
        fields[f.index] = std::string_view(m_scratch.data() + f.offset, f.size);
    return status;
}

// At an opening quote. Returns false when the quote is never closed (the field then
// runs to the end of the input).
bool RecordParser::parseQuoted(std::vector<std::string_view> &fields, size_t index)
{
    ++m_p;
    const char *start = m_p;
    bool copied = false; // the field needed unescaping, so it lives in m_scratch
    const size_t scratchStart = m_scratch.size();
    const char *pieceEnd = m_end;
    bool closed = true;
    while (true) {
        const auto *q =
            static_cast<const char *>(std::memchr(m_p, '"', static_cast<size_t>(m_end - m_p)));
        const char *stop = q ? q : m_end;
        m_lines += static_cast<uint32_t>(std::count(m_p, stop, '\n'));
        if (!q) {
            if (copied)
                m_scratch.append(m_p, static_cast<size_t>(m_end - m_p));
            m_p = m_end;
            closed = false;
            break;
        }
        if (q + 1 < m_end && q[1] == '"') { // "" is a literal quote
            if (!copied) {
                copied = true;
                m_scratch.append(start, static_cast<size_t>(q + 1 - start));
            } else {
                m_scratch.append(m_p, static_cast<size_t>(q + 1 - m_p));
            }
            m_p = q + 2;
            continue;
        }
        if (copied)
            m_scratch.append(m_p, static_cast<size_t>(q - m_p));
        pieceEnd = q;
        m_p = q + 1;
        break;
    }
    // Lenient like most readers: text between the closing quote and the separator
    // ("abc"def) belongs to the field.
    if (closed && m_p < m_end && !m_stop[static_cast<unsigned char>(*m_p)]) {
        if (!copied) {
            copied = true;
            m_scratch.append(start, static_cast<size_t>(pieceEnd - start));
        }
        while (m_p < m_end && !m_stop[static_cast<unsigned char>(*m_p)])
            m_scratch.push_back(*m_p++);
    }
    if (copied)
        m_fixups.push_back({index, scratchStart, m_scratch.size() - scratchStart});
    else
        fields[index] = std::string_view(start, static_cast<size_t>(pieceEnd - start));
    return closed;
}

bool checkRecord(const std::string_view *fields, size_t count, size_t columns, bool unterminated,
                 EventBuilder &builder, uint32_t row)
{
    if (unterminated) {
        builder.rejectRecord(row,
                             QStringLiteral("a quoted field opened on this row is never "
                                            "closed (the rest of the file is inside it)"));
        return false;
    }
    if (count > columns) {
        builder.rejectRecord(
            row, QStringLiteral("%1 fields, but the header has %2").arg(count).arg(columns));
        return false;
    }
    const bool blank = std::all_of(fields, fields + count, [](std::string_view f) {
        return f.find_first_not_of(" \t") == std::string_view::npos;
    });
    if (blank) {
        builder.rejectRecord(row, QStringLiteral("empty row"));
        return false;
    }
    if (count < columns)
        builder.warn(QStringLiteral("fewer fields than the header: the missing ones are empty"),
                     row);
    return true;
}

} // namespace csv

#include "csvreader.h"

#include "io/eventbuilder.h"
#include "io/textscan.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstring>
#include <thread>

namespace {

constexpr qint64 kMaxFileBytes = qint64(4) * 1024 * 1024 * 1024 - 1;

// Reads records from [p, end). A record may start before `stop` and run past it (the
// caller checks that parts meet exactly). Blank lines are skipped.
class RecordParser
{
public:
    RecordParser(const char *begin, const char *end, char separator)
        : m_p(begin), m_end(end), m_sep(separator)
    { }

    enum class Status { Ok, End, Unterminated };

    // Parses the next non-blank record; *firstLine is its first line, counted from 0
    // at this parser's start.
    Status next(std::vector<std::string_view> &fields, uint32_t *firstLine)
    {
        while (true) {
            if (m_p >= m_end)
                return Status::End;
            if (*m_p == '\n' || *m_p == '\r') { // blank line
                consumeLineEnd();
                continue;
            }
            *firstLine = m_lines;
            return parseRecord(fields);
        }
    }
    const char *position() const { return m_p; }
    uint32_t lines() const { return m_lines; }

private:
    struct Ref
    {
        const char *data;
        size_t size;
        bool inScratch;
        size_t scratchOffset;
    };

    void consumeLineEnd()
    {
        if (*m_p == '\r') {
            ++m_p;
            if (m_p < m_end && *m_p == '\n')
                ++m_p;
        } else {
            ++m_p;
        }
        ++m_lines;
    }

    Status parseRecord(std::vector<std::string_view> &fields)
    {
        m_refs.clear();
        m_scratch.clear();
        Status status = Status::Ok;
        while (true) {
            if (m_p < m_end && *m_p == '"') {
                if (!parseQuoted())
                    status = Status::Unterminated;
            } else {
                const char *start = m_p;
                while (m_p < m_end && *m_p != m_sep && *m_p != '\n' && *m_p != '\r')
                    ++m_p;
                m_refs.push_back({start, static_cast<size_t>(m_p - start), false, 0});
            }
            if (m_p >= m_end)
                break;
            if (*m_p == m_sep) {
                ++m_p;
                if (m_p >= m_end) { // "a,b," at the very end: a last, empty field
                    m_refs.push_back({m_p, 0, false, 0});
                    break;
                }
                continue;
            }
            consumeLineEnd();
            break;
        }
        fields.resize(m_refs.size());
        for (size_t i = 0; i < m_refs.size(); ++i) {
            const Ref &r = m_refs[i];
            fields[i] = r.inScratch ? std::string_view(m_scratch.data() + r.scratchOffset, r.size)
                                    : std::string_view(r.data, r.size);
        }
        return status;
    }

    // At an opening quote. Returns false when the quote is never closed (the field
    // then runs to the end of the input).
    bool parseQuoted()
    {
        ++m_p;
        const char *start = m_p;
        bool copied = false;
        size_t scratchStart = 0;
        while (true) {
            const auto *q =
                static_cast<const char *>(std::memchr(m_p, '"', static_cast<size_t>(m_end - m_p)));
            const char *stop = q ? q : m_end;
            m_lines += static_cast<uint32_t>(std::count(m_p, stop, '\n'));
            if (!q) {
                appendPiece(m_p, m_end, copied, scratchStart);
                m_p = m_end;
                finishQuoted(start, copied, scratchStart);
                return false;
            }
            if (q + 1 < m_end && q[1] == '"') { // "" is a literal quote
                if (!copied) {
                    copied = true;
                    scratchStart = m_scratch.size();
                    m_scratch.append(start, static_cast<size_t>(q + 1 - start));
                } else {
                    m_scratch.append(m_p, static_cast<size_t>(q + 1 - m_p));
                }
                m_p = q + 2;
                continue;
            }
            appendPiece(m_p, q, copied, scratchStart);
            m_p = q + 1;
            break;
        }
        // Lenient like most readers: text between the closing quote and the separator
        // ("abc"def) belongs to the field.
        if (m_p < m_end && *m_p != m_sep && *m_p != '\n' && *m_p != '\r') {
            if (!copied) {
                copied = true;
                scratchStart = m_scratch.size();
                m_scratch.append(start, static_cast<size_t>(m_p - 1 - start));
            }
            while (m_p < m_end && *m_p != m_sep && *m_p != '\n' && *m_p != '\r')
                m_scratch.push_back(*m_p++);
        }
        finishQuoted(start, copied, scratchStart);
        return true;
    }

    void appendPiece(const char *from, const char *to, bool copied, size_t)
    {
        if (copied)
            m_scratch.append(from, static_cast<size_t>(to - from));
        else
            m_pieceEnd = to;
    }

    void finishQuoted(const char *start, bool copied, size_t scratchStart)
    {
        if (copied)
            m_refs.push_back({nullptr, m_scratch.size() - scratchStart, true, scratchStart});
        else
            m_refs.push_back({start, static_cast<size_t>(m_pieceEnd - start), false, 0});
    }

    const char *m_p;
    const char *m_end;
    const char m_sep;
    uint32_t m_lines = 0;
    const char *m_pieceEnd = nullptr;
    std::vector<Ref> m_refs;
    std::string m_scratch;
};

struct Part
{
    const char *begin = nullptr;
    const char *end = nullptr;
    std::unique_ptr<EventBuilder> builder;
    const char *stoppedAt = nullptr;
    uint32_t lines = 0;
    bool cancelled = false;
};

void parsePart(Part &part, const char *dataEnd, char sep, int columns, uint32_t lineBase,
               const LoadOptions &options, bool reportProgress)
{
    RecordParser parser(part.begin, dataEnd, sep);
    std::vector<std::string_view> fields;
    fields.reserve(static_cast<size_t>(columns) + 1);
    uint32_t line = 0;
    uint64_t n = 0;
    const double span = std::max<double>(1.0, static_cast<double>(part.end - part.begin));
    while (parser.position() < part.end) {
        const RecordParser::Status s = parser.next(fields, &line);
        if (s == RecordParser::Status::End)
            break;
        const uint32_t row = lineBase + line + 1;
        if ((++n & 0xffff) == 0) {
            if (options.cancel && options.cancel->load()) {
                part.cancelled = true;
                return;
            }
            if (reportProgress && options.progress)
                options.progress((parser.position() - part.begin) / span);
        }
        if (s == RecordParser::Status::Unterminated) {
            part.builder->rejectRecord(
                row,
                QStringLiteral("a quoted field opened on this row is never "
                               "closed (the rest of the file is inside it)"));
            continue;
        }
        if (fields.size() > static_cast<size_t>(columns)) {
            part.builder->rejectRecord(
                row,
                QStringLiteral("%1 fields, but the header has %2").arg(fields.size()).arg(columns));
            continue;
        }
        const bool blank = std::all_of(fields.begin(), fields.end(), [](std::string_view f) {
            return f.find_first_not_of(" \t") == std::string_view::npos;
        });
        if (blank) {
            part.builder->rejectRecord(row, QStringLiteral("empty row"));
            continue;
        }
        if (fields.size() < static_cast<size_t>(columns))
            part.builder->warn(QStringLiteral("fewer fields than the header: the missing ones "
                                              "are empty"),
                               row);
        part.builder->addRecord(fields.data(), fields.size(), row);
    }
    part.stoppedAt = parser.position();
    part.lines = parser.lines();
}

// Split points at record starts: a point is where a line ends outside quotes, found
// from the parity of the quotes before it (doubled quotes keep the parity).
std::vector<const char *> splitPoints(const char *begin, const char *end, int parts)
{
    std::vector<const char *> points {begin};
    const size_t size = static_cast<size_t>(end - begin);
    const char *counted = begin;
    bool inQuotes = false;
    for (int k = 1; k < parts; ++k) {
        const char *target = begin + size * static_cast<size_t>(k) / static_cast<size_t>(parts);
        if (target <= points.back())
            continue;
        inQuotes ^= (std::count(counted, target, '"') & 1) != 0;
        const char *p = target;
        while (p < end && (*p != '\n' || inQuotes)) {
            if (*p == '"')
                inQuotes = !inQuotes;
            ++p;
        }
        if (p >= end)
            break;
        points.push_back(p + 1);
        counted = p + 1;
        inQuotes = false;
    }
    points.push_back(end);
    return points;
}

LoadResult fatal(LoadReport report, const QString &message)
{
    report.error = message;
    LoadResult r;
    r.report = std::move(report);
    return r;
}

LoadResult parseText(std::string_view text, LoadReport report, const LoadOptions &options)
{
    const char *begin = text.data();
    const char *end = text.data() + text.size();
    // Separator from the first non-blank line.
    const char *headerStart = begin;
    while (headerStart < end && (*headerStart == '\n' || *headerStart == '\r'))
        ++headerStart;
    const char *headerEnd = headerStart;
    while (headerEnd < end && *headerEnd != '\n' && *headerEnd != '\r')
        ++headerEnd;
    if (headerStart >= end)
        return fatal(std::move(report), QStringLiteral("the file is empty"));
    const char sep =
        csv::detectSeparator(std::string_view(headerStart, size_t(headerEnd - headerStart)));

    RecordParser headerParser(begin, end, sep);
    std::vector<std::string_view> headerFields;
    uint32_t headerLine = 0;
    if (headerParser.next(headerFields, &headerLine) != RecordParser::Status::Ok)
        return fatal(std::move(report), QStringLiteral("the header row has an unclosed quote"));
    QStringList headers;
    for (std::string_view h : headerFields)
        headers << QString::fromUtf8(h.data(), static_cast<qsizetype>(h.size())).trimmed();
    report.notes << QStringLiteral("separator: %1")
                        .arg(sep == '\t' ? QStringLiteral("tab") : QString(QLatin1Char(sep)));

    ColumnMapping mapping = ColumnMapping::detect(headers);
    for (const QString &o : options.fieldOverrides) {
        QString error;
        if (!mapping.applyOverride(o, headers, &error))
            return fatal(std::move(report), error);
    }
    report.headers = headers;
    report.mapping = mapping;
    if (!mapping.hasPosition())
        return fatal(std::move(report),
                     QStringLiteral("no position columns (latitude/longitude or WKT) among: %1; "
                                    "name them with --field lat=COLUMN --field lon=COLUMN")
                         .arg(headers.join(QStringLiteral(", "))));
    if (!mapping.hasStart())
        return fatal(std::move(report),
                     QStringLiteral("no time column among: %1; name it with --field start=COLUMN")
                         .arg(headers.join(QStringLiteral(", "))));

    const char *dataBegin = headerParser.position();
    const uint32_t dataLineBase = headerParser.lines();
    const int columns = static_cast<int>(headers.size());
    int threads = options.threads > 0 ? options.threads
                                      : static_cast<int>(std::thread::hardware_concurrency());
    threads = std::clamp(threads, 1, 16);
    if (end - dataBegin < (1 << 20))
        threads = 1;

    for (int attempt = 0; attempt < 2; ++attempt) {
        const std::vector<const char *> points = splitPoints(dataBegin, end, threads);
        std::vector<Part> parts(points.size() - 1);
        for (size_t k = 0; k < parts.size(); ++k) {
            parts[k].begin = points[k];
            parts[k].end = points[k + 1];
            parts[k].builder = std::make_unique<EventBuilder>(headers, mapping);
        }
        std::vector<std::thread> workers;
        for (size_t k = 1; k < parts.size(); ++k)
            workers.emplace_back(parsePart, std::ref(parts[k]), end, sep, columns, 0u,
                                 std::cref(options), false);
        parsePart(parts[0], end, sep, columns, dataLineBase, options, true);
        for (auto &w : workers)
            w.join();
        bool cancelled = false, aligned = true;
        for (size_t k = 0; k < parts.size(); ++k) {
            cancelled |= parts[k].cancelled;
            aligned &= parts[k].cancelled || parts[k].stoppedAt == parts[k].end;
        }
        if (cancelled)
            return fatal(std::move(report), QStringLiteral("cancelled"));
        if (!aligned && parts.size() > 1) {
            // A stray quote fooled the split: read it again in one piece.
            threads = 1;
            continue;
        }
        EventBuilder &first = *parts[0].builder;
        uint32_t lineOffset = dataLineBase + parts[0].lines;
        for (size_t k = 1; k < parts.size(); ++k) {
            first.merge(std::move(*parts[k].builder), lineOffset);
            lineOffset += parts[k].lines;
        }
        if (options.progress)
            options.progress(1.0);
        return first.finish(std::move(report), options.dedupe);
    }
    return fatal(std::move(report), QStringLiteral("internal error: the file could not be split"));
}

} // namespace

char csv::detectSeparator(std::string_view line)
{
    const char candidates[] = {',', ';', '\t', '|'};
    size_t counts[4] = {0, 0, 0, 0};
    bool inQuotes = false;
    for (char c : line) {
        if (c == '"')
            inQuotes = !inQuotes;
        if (inQuotes)
            continue;
        for (int i = 0; i < 4; ++i)
            counts[i] += c == candidates[i];
    }
    const auto best = std::max_element(std::begin(counts), std::end(counts));
    return *best == 0 ? ',' : candidates[best - std::begin(counts)];
}

QStringList csv::splitLine(std::string_view line, char separator)
{
    RecordParser parser(line.data(), line.data() + line.size(), separator);
    std::vector<std::string_view> fields;
    uint32_t first = 0;
    QStringList out;
    if (parser.next(fields, &first) == RecordParser::Status::End)
        return out;
    for (std::string_view f : fields)
        out << QString::fromUtf8(f.data(), static_cast<qsizetype>(f.size()));
    return out;
}

LoadResult csv::readBuffer(std::string_view data, const QString &label, const LoadOptions &options)
{
    LoadReport report;
    report.file = label;
    report.driver = QStringLiteral("CSV (fast path)");
    text::Decoded decoded = text::decode(data);
    if (!decoded.error.isEmpty())
        return fatal(std::move(report), decoded.error);
    if (!decoded.note.isEmpty())
        report.notes << decoded.note;
    return parseText(decoded.text(), std::move(report), options);
}

LoadResult csv::readFile(const QString &path, const LoadOptions &options)
{
    LoadReport report;
    report.file = path;
    report.driver = QStringLiteral("CSV (fast path)");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fatal(std::move(report), QStringLiteral("cannot open: %1").arg(file.errorString()));
    const qint64 size = file.size();
    if (size == 0)
        return fatal(std::move(report), QStringLiteral("the file is empty (0 bytes)"));
    if (size > kMaxFileBytes)
        return fatal(std::move(report),
                     QStringLiteral("the file is %1 GiB; delimited text files up to 4 GiB are "
                                    "supported")
                         .arg(double(size) / (1024.0 * 1024 * 1024), 0, 'f', 1));
    uchar *mapped = file.map(0, size);
    QByteArray fallback;
    std::string_view bytes;
    if (mapped) {
        bytes = std::string_view(reinterpret_cast<const char *>(mapped), static_cast<size_t>(size));
    } else {
        fallback = file.readAll();
        bytes = std::string_view(fallback.constData(), static_cast<size_t>(fallback.size()));
    }
    LoadResult result = readBuffer(bytes, path, options);
    if (mapped)
        file.unmap(mapped);
    return result;
}

#include "csvreader.h"

#include "hugepages.h"
#include "io/csvpart.h"
#include "io/eventbuilder.h"
#include "io/textscan.h"
#include "parallel.h"
#include "stagetimer.h"

#include <QFile>
#include <QFileInfo>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

namespace {

constexpr qint64 kMaxFileBytes = qint64(4) * 1024 * 1024 * 1024 - 1;

// The bytes of a whole file, for the texts that are parsed in memory: files of one
// read window, UTF-16 and Latin-1 text (converted whole), a header longer than a window.
// From 2 MiB they are read into a buffer of hugepages::map (transparent huge pages
// where the build has them, else a plain operator new buffer) rather than mapped from
// the page cache: on a virtual machine every first touch of a 4 KiB page costs
// microseconds even when MAP_POPULATE mapped it. Smaller files go into ordinary memory
// (a huge page would be mostly zeros), and very large ones are still mapped: a copy
// would double their memory.
class FileBytes
{
public:
    static FileBytes read(QFile &file, qint64 size)
    {
        FileBytes b;
        const auto n = static_cast<size_t>(size);
        if (size >= kHugeFrom) {
            if (size <= kCopyUpTo && b.copyToBuffer(file, n))
                return b; // the bytes, or why they could not be read
            if (b.map(file, n))
                return b;
        }
        // Small files, and large ones that could be neither copied nor mapped.
        file.seek(0);
        b.m_fallback = file.readAll();
        b.m_data = b.m_fallback.data();
        b.m_size = static_cast<size_t>(b.m_fallback.size());
        if (b.m_fallback.size() != size && file.error() != QFileDevice::NoError)
            b.error = QStringLiteral("cannot read: %1").arg(file.errorString());
        return b;
    }
    FileBytes(FileBytes &&o) noexcept
        : error(std::move(o.error)),
          m_data(std::exchange(o.m_data, nullptr)),
          m_size(o.m_size),
          m_capacity(o.m_capacity),
          m_owner(std::exchange(o.m_owner, Owner::Fallback)),
          m_fallback(std::move(o.m_fallback))
    { }
    FileBytes(const FileBytes &) = delete;
    FileBytes &operator=(const FileBytes &) = delete;
    FileBytes &operator=(FileBytes &&) = delete;
    ~FileBytes()
    {
        if (m_owner == Owner::Copy)
            hugepages::unmap(m_data, m_capacity);
        else if (m_owner == Owner::Map)
            ::munmap(m_data, m_capacity);
    }
    std::string_view view() const { return std::string_view(m_data, m_size); }

    QString error;

private:
    FileBytes() = default;

    // False when no buffer could be had; a read error is set in `error`.
    bool copyToBuffer(QFile &file, size_t n)
    {
        try {
            m_data = static_cast<char *>(hugepages::map(n));
        } catch (const std::bad_alloc &) {
            return false;
        }
        if (!m_data)
            return false;
        m_capacity = n;
        m_owner = Owner::Copy;
        size_t got = 0;
        while (got < n) {
            const ssize_t r =
                ::pread(file.handle(), m_data + got, n - got, static_cast<off_t>(got));
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                error = QStringLiteral("cannot read: %1").arg(qt_error_string(errno));
                return true;
            }
            if (r == 0) // the file shrank while it was read
                break;
            got += static_cast<size_t>(r);
        }
        m_size = got;
        return true;
    }

    bool map(QFile &file, size_t n)
    {
#ifdef MAP_POPULATE // Linux: fault the pages in now, in one call, not one by one
        constexpr int flags = MAP_PRIVATE | MAP_POPULATE;
#else
        constexpr int flags = MAP_PRIVATE;
#endif
        void *p = ::mmap(nullptr, n, PROT_READ, flags, file.handle(), 0);
        if (p == MAP_FAILED)
            return false;
        m_data = static_cast<char *>(p);
        m_capacity = m_size = n;
        m_owner = Owner::Map;
        return true;
    }

    static constexpr qint64 kCopyUpTo = qint64(1) << 30;
    static constexpr qint64 kHugeFrom = qint64(2) << 20; // below: a huge page would be mostly zeros
    char *m_data = nullptr;
    size_t m_size = 0, m_capacity = 0;
    enum class Owner { Fallback, Copy, Map } m_owner = Owner::Fallback; // who frees m_data
    QByteArray m_fallback;
};

struct Part
{
    uint64_t begin = 0; // byte offsets in the source
    uint64_t end = 0;
    std::unique_ptr<EventBuilder> builder;
    uint64_t stoppedAt = 0;
    uint32_t lines = 0; // line ends consumed from begin to stoppedAt
    bool cancelled = false;
    QString error; // the file could not be read
    text::Bytes worst = text::Bytes::Ascii; // parsing stops at NotUtf8 or Nul
    uint32_t worstRow = 0;
};

struct Table
{
    char sep = ',';
    int columns = 0;
    uint32_t lineBase = 0; // line ends before the first data byte
};

// Parses the records that start in [part.begin, part.end), going on from part.lines
// (a part that was cut short is continued by calling this again). The last record may
// run past part.end. A record that reaches the end of a window that is not the end of
// the source is read again from its start in the next window (a bigger one when it
// filled the whole window), so records never straddle two windows.
// reserveBytes: how much of the text this part's builder will end up holding (the
// first part receives the others when they are merged).
void parsePart(Part &part, const csv::Source &source, const Table &table,
               const LoadOptions &options, bool reportProgress, size_t reserveBytes)
{
    // The part's columns share huge pages (the store holds about as many bytes as the
    // text it came from; virtual room beyond what is used costs nothing).
    hugepages::ArenaScope arena(2 * reserveBytes + 4 * hugepages::kHugePage);
    uint64_t n = 0;
    const uint32_t linesBefore = part.lines; // a part continued goes on counting
    const uint32_t lineBase = table.lineBase;
    const double span = std::max<double>(1.0, static_cast<double>(part.end - part.begin));
    const csv::PartWalk walk =
        csv::walkPart(source, table.sep, part.begin, part.end, [&](const csv::PartRecord &r) {
            const uint32_t row = lineBase + linesBefore + r.line;
            if (n == 4096) {
                // Size the columns once from the first records instead of growing them.
                const double perRecord = double(r.offset - part.begin) / double(n);
                part.builder->reserve(size_t(double(reserveBytes) / perRecord * 1.05) + 1024);
            }
            if ((++n & 0xffff) == 0) {
                if (options.cancel && options.cancel->load()) {
                    part.cancelled = true;
                    return csv::Visit::Stop;
                }
                if (reportProgress && options.progress)
                    options.progress(double(r.offset - part.begin) / span);
            }
            // The encoding is checked here, record by record while the bytes are hot in
            // the cache, rather than in a separate pass over the whole file.
            const csv::RecordParser::Record &record = r.record;
            const text::Bytes bytes = text::classify(
                std::string_view(record.begin, static_cast<size_t>(r.parsedEnd - record.begin)));
            if (bytes == text::Bytes::NotUtf8 || bytes == text::Bytes::Nul) {
                part.worst = bytes;
                part.worstRow = row;
                return csv::Visit::Stop;
            }
            if (csv::checkRecord(r.fields, record.count, size_t(table.columns),
                                 r.status == csv::RecordParser::Status::Unterminated, *part.builder,
                                 row)) {
                const uint64_t hash = hashBytes(
                    std::string_view(record.begin, static_cast<size_t>(record.end - record.begin)));
                part.builder->addRecord(r.fields, record.count, row, nullptr, &hash);
            }
            return csv::Visit::Continue;
        });
    part.lines += walk.lines;
    part.stoppedAt = walk.stoppedAt;
    part.error = walk.error;
}

LoadResult fatal(LoadReport report, const QString &message)
{
    report.error = message;
    LoadResult r;
    r.report = std::move(report);
    return r;
}

// Part k starts at the first line after k/parts of the data. That line start is a
// guess: a quoted field may hold line breaks. parseParts() finds out when a guess was
// wrong (the part before it does not stop exactly there) and then reads on with that
// part instead, so a wrong guess costs time, never correctness.
std::vector<Part> makeParts(const csv::Source &source, uint64_t dataBegin, int threads,
                            const QStringList &headers, const ColumnMapping &mapping)
{
    const uint64_t size = source.size() - dataBegin;
    std::vector<uint64_t> points {dataBegin};
    for (int k = 1; k < threads; ++k) {
        const uint64_t p = source.nextLineStart(dataBegin + size * uint64_t(k) / uint64_t(threads));
        if (p > points.back() && p < source.size())
            points.push_back(p);
    }
    points.push_back(source.size());
    std::vector<Part> parts(points.size() - 1);
    for (size_t k = 0; k < parts.size(); ++k) {
        parts[k].begin = points[k];
        parts[k].end = points[k + 1];
        parts[k].builder = std::make_unique<EventBuilder>(headers, mapping);
    }
    return parts;
}

LoadResult parseText(std::string_view text, LoadReport report, const LoadOptions &options,
                     bool mayBeLatin1);

// Some of the text is not UTF-8: the whole file is read again as Latin-1, so that one
// encoding applies to every row.
LoadResult rereadAsLatin1(std::string_view text, LoadReport report, const LoadOptions &options)
{
    const text::Decoded latin1 = text::fromLatin1(text);
    report.notes = QStringList {latin1.note};
    return parseText(latin1.text(), std::move(report), options, false);
}

// The outcome of reading a table from a source; `wholeText` asks the caller to read the
// file into memory and parse it from there instead (a header longer than the first
// window, or text that is not UTF-8 and must be converted as a whole).
struct TableResult
{
    LoadResult result;
    bool wholeText = false;
};

TableResult wholeText()
{
    TableResult t;
    t.wholeText = true;
    return t;
}

// head: the source's first bytes, from `headOffset` (past a BOM); all of the text when
// the source is in memory.
TableResult parseTable(const csv::Source &source, std::string_view head, uint64_t headOffset,
                       LoadReport report, const LoadOptions &options, bool mayBeLatin1)
{
    const char *begin = head.data();
    const char *end = head.data() + head.size();
    const bool headIsAll = headOffset + head.size() >= source.size();
    // Separator from the first non-blank line.
    const char *headerStart = begin;
    while (headerStart < end && (*headerStart == '\n' || *headerStart == '\r'))
        ++headerStart;
    const char *headerEnd = headerStart;
    while (headerEnd < end && *headerEnd != '\n' && *headerEnd != '\r')
        ++headerEnd;
    if (headerEnd >= end && !headIsAll)
        return wholeText();
    if (headerStart >= end)
        return {fatal(std::move(report), QStringLiteral("the file is empty")), false};
    const char sep =
        csv::detectSeparator(std::string_view(headerStart, size_t(headerEnd - headerStart)));

    csv::RecordParser headerParser(begin, end, sep);
    std::vector<std::string_view> headerFields;
    csv::RecordParser::Record headerRecord;
    const auto headerStatus = headerParser.next(headerFields, headerRecord);
    if (headerParser.position() >= end && !headIsAll)
        return wholeText();
    if (headerStatus != csv::RecordParser::Status::Ok)
        return {fatal(std::move(report), QStringLiteral("the header row has an unclosed quote")),
                false};
    headerFields.resize(headerRecord.count);
    const text::Bytes headerBytes =
        text::classify(std::string_view(begin, size_t(headerParser.position() - begin)));
    if (headerBytes == text::Bytes::Nul)
        return {fatal(std::move(report),
                      QStringLiteral("not a text table: the file holds binary data (NUL bytes)")),
                false};
    if (headerBytes == text::Bytes::NotUtf8 && mayBeLatin1) {
        if (!source.inMemory())
            return wholeText();
        return {rereadAsLatin1(source.text(), std::move(report), options), false};
    }
    QStringList headers;
    for (std::string_view h : headerFields)
        headers << QString::fromUtf8(h.data(), static_cast<qsizetype>(h.size())).trimmed();
    report.notes << QStringLiteral("separator: %1")
                        .arg(sep == '\t' ? QStringLiteral("tab") : QString(QLatin1Char(sep)));

    ColumnMapping mapping = ColumnMapping::detect(headers);
    for (const QString &o : options.fieldOverrides) {
        QString error;
        if (!mapping.applyOverride(o, headers, &error))
            return {fatal(std::move(report), error), false};
    }
    report.headers = headers;
    report.mapping = mapping;
    if (!mapping.hasPosition()) {
        report.unmappedFields = QStringList {QStringLiteral("lat"), QStringLiteral("lon")};
        return {fatal(std::move(report),
                      QStringLiteral("no position columns (latitude/longitude or WKT) among: %1")
                          .arg(nameList(headers))),
                false};
    }
    if (!mapping.hasStart()) {
        report.unmappedFields = QStringList {QStringLiteral("start")};
        return {fatal(std::move(report),
                      QStringLiteral("no time column among: %1").arg(nameList(headers))),
                false};
    }

    Table table;
    table.sep = sep;
    table.columns = static_cast<int>(headers.size());
    table.lineBase = headerParser.lines();
    const uint64_t dataBegin = headOffset + uint64_t(headerParser.position() - begin);
    int threads = options.threads > 0 ? options.threads
                                      : static_cast<int>(std::thread::hardware_concurrency());
    threads = std::clamp(threads, 1, 16);
    if (source.size() - dataBegin < options.splitFrom)
        threads = 1;
    const int partCount = options.parts > 0 ? std::clamp(options.parts, 1, 16) : threads;

    std::vector<Part> parts = makeParts(source, dataBegin, partCount, headers, mapping);
    StageTimer timer("csv parts");
    Table later = table; // the later parts count their rows from 0; merge() shifts them
    later.lineBase = 0;
    parallel::forEachIndex(parts.size(), threads > 1, [&](size_t k) {
        if (k == 0)
            parsePart(parts[0], source, table, options, true, size_t(source.size() - dataBegin));
        else
            parsePart(parts[k], source, later, options, false,
                      size_t(parts[k].end - parts[k].begin));
    });
    timer.lap("parsed");
    // A part that did not stop exactly where the next one started was split inside a
    // quoted field: it reads on to the end, and the parts after it are dropped.
    for (size_t k = 0; k + 1 < parts.size(); ++k) {
        Part &p = parts[k];
        if (p.cancelled || !p.error.isEmpty() || p.worst != text::Bytes::Ascii
            || p.stoppedAt == parts[k + 1].begin)
            continue;
        parts.resize(k + 1);
        p.begin = p.stoppedAt;
        p.end = source.size();
        parsePart(p, source, k == 0 ? table : later, options, k == 0,
                  size_t(source.size() - dataBegin));
        timer.lap("read on after a split inside quotes");
        break;
    }
    for (const Part &p : parts) {
        if (p.cancelled)
            return {fatal(std::move(report), QStringLiteral("cancelled")), false};
        if (!p.error.isEmpty())
            return {fatal(std::move(report), p.error), false};
    }
    for (const Part &p : parts) {
        if (p.worst == text::Bytes::Nul)
            return {fatal(std::move(report),
                          QStringLiteral("not a text table: binary data (a NUL byte) on row %1")
                              .arg(p.worstRow)),
                    false};
    }
    const bool notUtf8 = std::any_of(parts.begin(), parts.end(),
                                     [](const Part &p) { return p.worst == text::Bytes::NotUtf8; });
    if (notUtf8 && mayBeLatin1) {
        if (!source.inMemory())
            return wholeText();
        return {rereadAsLatin1(source.text(), std::move(report), options), false};
    }
    EventBuilder &first = *parts[0].builder;
    uint32_t lineOffset = table.lineBase + parts[0].lines;
    for (size_t k = 1; k < parts.size(); ++k) {
        first.merge(std::move(*parts[k].builder), lineOffset);
        parts[k].builder.reset(); // its memory is free for finish()'s tables
        lineOffset += parts[k].lines;
    }
    timer.lap("merged");
    if (options.progress)
        options.progress(1.0);
    return {first.finish(std::move(report), options.dedupe), false};
}

LoadResult parseText(std::string_view text, LoadReport report, const LoadOptions &options,
                     bool mayBeLatin1)
{
    const csv::Source source = csv::Source::memory(text);
    return parseTable(source, text, 0, std::move(report), options, mayBeLatin1).result;
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
    csv::RecordParser parser(line.data(), line.data() + line.size(), separator);
    std::vector<std::string_view> fields;
    csv::RecordParser::Record record;
    QStringList out;
    if (parser.next(fields, record) == csv::RecordParser::Status::End)
        return out;
    for (size_t i = 0; i < record.count; ++i)
        out << QString::fromUtf8(fields[i].data(), static_cast<qsizetype>(fields[i].size()));
    return out;
}

LoadResult csv::readBuffer(std::string_view data, const QString &label, const LoadOptions &options)
{
    LoadReport report;
    report.file = label;
    report.driver = QStringLiteral("CSV (fast path)");
    StageTimer timer("csv");
    text::Decoded decoded = text::decode(data, false);
    timer.lap("decode");
    if (!decoded.error.isEmpty())
        return fatal(std::move(report), decoded.error);
    if (!decoded.note.isEmpty())
        report.notes << decoded.note;
    LoadResult result = parseText(decoded.text(), std::move(report), options, !decoded.isConverted);
    timer.lap("parse, merge, finish");
    return result;
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
    // Before anything is read: a sparse file's holes read as gigabytes of zeros.
    if (text::hasHoles(file.handle(), size))
        return fatal(std::move(report),
                     QStringLiteral("not a text table: the file is sparse (it "
                                    "has holes, which read as NUL bytes)"));
    // Binary junk is refused from its first bytes, before the rest is read.
    // (Into a reused vector rather than a QByteArray from QFile::read, which allocates
    // twice the size asked for.)
    const Source file64k = Source::file(file.handle(), uint64_t(size), 64 * 1024);
    Source::Reader headReader(file64k);
    Source::Window w;
    if (!headReader.read(0, 0, w))
        return fatal(std::move(report), headReader.error);
    const std::string_view head(w.begin, size_t(w.end - w.begin));
    const bool utf16 = head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF";
    if (!utf16 && head.find('\0') != std::string_view::npos)
        return fatal(std::move(report),
                     QStringLiteral("not a text table: the file holds binary data (NUL bytes)"));
    const auto readWhole = [&] {
        const FileBytes bytes = FileBytes::read(file, size);
        if (!bytes.error.isEmpty())
            return fatal(std::move(report), bytes.error);
        return readBuffer(bytes.view(), path, options);
    };
    const size_t window = options.windowBytes ? options.windowBytes : size_t(64 * 1024);
    if (utf16 || size <= qint64(window)) {
        // UTF-16 is converted as a whole, and a file of one window is read whole anyway.
        return w.last ? readBuffer(head, path, options) : readWhole();
    }
    const uint64_t bom = head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    const Source source = Source::file(file.handle(), uint64_t(size), window);
    TableResult table = parseTable(source, head.substr(bom), bom, report, options, true);
    return table.wholeText ? readWhole() : std::move(table.result);
}

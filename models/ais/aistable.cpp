#include "aistable.h"

#include "parallel.h"

#include "ais/aisrow.h"
#include "io/csvpart.h"
#include "io/csvreader.h"
#include "io/textscan.h"
#include "stagetimer.h"

#include <algorithm>
#include <thread>

namespace ais {

namespace {

struct Part
{
    uint64_t begin = 0, end = 0; // byte offsets in the source
    std::unique_ptr<TrackBuilder> builder;
    RowStats stats;
    uint64_t stoppedAt = 0;
    uint32_t lines = 0; // line ends consumed from begin to stoppedAt
    bool cancelled = false;
    QString error;
};

// Parses the records that start in [part.begin, part.end), as csvreader's parsePart
// does (a record reaching the end of a window is read again from its start in the
// next one, so records never straddle two windows). Rows are numbered from the part's
// first line (line 1); the caller adds the lines ahead of the part once every part has
// said how many it consumed, rather than counting them in a pass of its own first.
void parsePart(Part &part, const csv::Source &source, const TableFormat &format, uint16_t file,
               const LoadOptions &options, const std::function<void(double)> *progress)
{
    RowReader rows(format, *part.builder, file, part.stats);
    uint64_t n = 0;
    const uint32_t linesBefore = part.lines; // a part continued goes on counting
    const double span = std::max<double>(1.0, double(part.end - part.begin));
    const csv::PartWalk walk =
        csv::walkPart(source, format.sep, part.begin, part.end, [&](const csv::PartRecord &r) {
            if (n == 4096) {
                const double perRecord = double(r.offset - part.begin) / double(n);
                part.builder->reserve(size_t(span / perRecord * 1.02) + 1024);
            }
            if ((++n & 0x3fff) == 0) {
                if (options.cancel && options.cancel->load()) {
                    part.cancelled = true;
                    return csv::Visit::Stop;
                }
                if (progress && *progress)
                    (*progress)(double(r.offset - part.begin) / span);
            }
            rows.read(r.fields, r.record.count, linesBefore + r.line,
                      r.status == csv::RecordParser::Status::Unterminated);
            return csv::Visit::Continue;
        });
    part.lines += walk.lines;
    part.stoppedAt = walk.stoppedAt;
    part.error = walk.error;
}

bool fail(LoadReport &report, const QString &message)
{
    report.error = message;
    return false;
}

// a/b/yyyy dates of a generic table: their order from the first rows (DMA files are
// always day first).
timeparse::OrderDecision decideOrder(std::string_view data, const TableFormat &format)
{
    timeparse::OrderEvidence evidence;
    csv::RecordParser parser(data.data(), data.data() + std::min<size_t>(data.size(), 1 << 20),
                             format.sep);
    std::vector<std::string_view> fields;
    csv::RecordParser::Record record;
    const int c = format.cols[AisField::Time];
    for (int i = 0; i < 20000; ++i) {
        if (parser.next(fields, record) != csv::RecordParser::Status::Ok)
            break;
        if (c >= 0 && size_t(c) < record.count) {
            const timeparse::Result r = timeparse::parse(fields[size_t(c)]);
            if (r.status == timeparse::Status::Slash)
                evidence.observe(r.slash);
        }
    }
    return timeparse::decideDateOrder(evidence);
}

} // namespace

namespace {

bool readParts(const csv::Source &source, std::string_view head, uint64_t headOffset,
               TrackBuilder &builder, LoadReport &report, const LoadOptions &options,
               SegmentRules rules, const std::function<void(double)> &progress)
{
    const char *begin = head.data();
    const char *end = head.data() + head.size();
    const char *headerStart = begin;
    while (headerStart < end && (*headerStart == '\n' || *headerStart == '\r'))
        ++headerStart;
    const char *headerEnd = headerStart;
    while (headerEnd < end && *headerEnd != '\n' && *headerEnd != '\r')
        ++headerEnd;
    if (headerStart >= end)
        return fail(report, QStringLiteral("the file is empty"));
    TableFormat format;
    format.sep =
        csv::detectSeparator(std::string_view(headerStart, size_t(headerEnd - headerStart)));
    csv::RecordParser headerParser(begin, end, format.sep);
    std::vector<std::string_view> headerFields;
    csv::RecordParser::Record headerRecord;
    if (headerParser.next(headerFields, headerRecord) != csv::RecordParser::Status::Ok)
        return fail(report, QStringLiteral("the header row has an unclosed quote"));
    const text::Bytes headerBytes =
        text::classify(std::string_view(begin, size_t(headerParser.position() - begin)));
    if (headerBytes == text::Bytes::Nul)
        return fail(report,
                    QStringLiteral("not a text table: the file holds binary data (NUL "
                                   "bytes)"));
    QStringList headers;
    for (size_t i = 0; i < headerRecord.count; ++i)
        headers << QString::fromUtf8(headerFields[i].data(), qsizetype(headerFields[i].size()))
                       .trimmed();
    report.headers = headers;
    format.columns = int(headers.size());
    format.cols = AisColumns::detect(headers);
    ColumnMapping dateOrder; // only its date_order is used
    for (const QString &o : options.fieldOverrides) {
        QString error;
        if (!format.cols.applyOverride(o, headers, &error))
            return fail(report, error);
        if (ColumnMapping::normalise(o.section(QLatin1Char('='), 0, 0))
                == QLatin1String("dateorder")
            && !dateOrder.applyOverride(o, headers, &error))
            return fail(report, error);
    }
    // The mapping in the events' terms too, for the windows and reports that show it.
    const std::pair<AisField, Field> kEventTerms[] = {
        {AisField::Time, Field::Start},
        {AisField::Lat, Field::Latitude},
        {AisField::Lon, Field::Longitude},
        {AisField::Mmsi, Field::VesselAMmsi},
        {AisField::Name, Field::VesselAName},
        {AisField::Imo, Field::VesselAImo},
        {AisField::Id, Field::Id},
    };
    for (const auto &[a, e] : kEventTerms)
        report.mapping.setColumn(e, format.cols[a]);
    if (!format.cols.complete()) {
        report.unmappedFields = format.cols.missing();
        QStringList shown; // a runaway header must not make a message of megabytes
        for (const QString &h : headers)
            shown << (h.size() > 60 ? h.left(60) + QStringLiteral("…") : h);
        return fail(report,
                    QStringLiteral("no %1 column among: %2 (name them with --field)")
                        .arg(format.cols.missing().join(QLatin1String(", ")), nameList(shown)));
    }
    report.notes << QStringLiteral("layout: %1").arg(layoutName(format.cols.layout));
    report.notes << QStringLiteral("separator: %1")
                        .arg(format.sep == '\t' ? QStringLiteral("tab")
                                                : QString(QLatin1Char(format.sep)));
    report.notes << QStringLiteral("columns: %1").arg(format.cols.describe(headers));
    const uint64_t dataBegin = headOffset + uint64_t(headerParser.position() - begin);
    const bool dma = format.cols.layout == Layout::Dma22 || format.cols.layout == Layout::Dma26;
    if (dateOrder.dateOrder() != timeparse::DateOrder::Unknown) {
        format.slashOrder = dateOrder.dateOrder();
        report.notes << QStringLiteral("a/b/yyyy dates: %1 (as asked)")
                            .arg(ColumnMapping::dateOrderText(format.slashOrder));
    } else if (dma) {
        format.slashOrder = timeparse::DateOrder::DayFirst;
    } else {
        const std::string_view rest = head.substr(size_t(headerParser.position() - begin));
        const timeparse::OrderDecision d = decideOrder(rest, format);
        format.slashOrder = d.order;
        report.notes << QStringLiteral("a/b/yyyy dates (if any): %1 (from the first rows)")
                            .arg(d.explanation);
    }

    int threads = options.threads > 0 ? options.threads : int(std::thread::hardware_concurrency());
    threads = std::clamp(threads, 1, 16);
    const uint64_t dataBytes = source.size() - std::min(source.size(), dataBegin);
    if (dataBytes < options.splitFrom)
        threads = 1;
    int partCount = options.parts > 0 ? std::clamp(options.parts, 1, 64) : threads;
    if (dataBytes < options.splitFrom && options.parts <= 0)
        partCount = 1;

    const auto makeParts = [&](int count) {
        std::vector<uint64_t> points {dataBegin};
        for (int k = 1; k < count; ++k) {
            const uint64_t p =
                source.nextLineStart(dataBegin + dataBytes * uint64_t(k) / uint64_t(count));
            if (p > points.back() && p < source.size())
                points.push_back(p);
        }
        points.push_back(std::max(source.size(), dataBegin));
        std::vector<Part> parts(points.size() - 1);
        for (size_t k = 0; k < parts.size(); ++k) {
            parts[k].begin = points[k];
            parts[k].end = points[k + 1];
            parts[k].builder = std::make_unique<TrackBuilder>(rules);
        }
        return parts;
    };

    StageTimer timer("ais table");
    std::vector<Part> parts = makeParts(partCount);
    // Row numbers are lines: each part counts its line ends first, so that the parts
    // after it know the line they start on.
    const auto forEach = [&](auto &&task, bool includeLast) {
        const size_t count = includeLast ? parts.size() : parts.size() - 1;
        parallel::forEachIndex(count, threads > 1, [&](size_t k) { task(parts[k], k); });
    };
    const uint32_t headerLines = headerParser.lines();
    const bool split = parts.size() > 1;
    const auto parseAll = [&] {
        forEach(
            [&](Part &p, size_t k) {
                parsePart(p, source, format, 0, options, k == 0 ? &progress : nullptr);
            },
            true);
    };
    parseAll();
    timer.lap("parsed");
    // A quoted field holding a line break across a split point: the part before did not
    // stop where the next began. Rare; read the whole table again in one part.
    for (size_t k = 0; split && k + 1 < parts.size(); ++k) {
        const Part &p = parts[k];
        if (p.cancelled || !p.error.isEmpty())
            break;
        if (p.stoppedAt != parts[k + 1].begin) {
            parts = makeParts(1);
            threads = 1;
            parseAll();
            report.notes << QStringLiteral("a quoted field spans lines: read in one part");
            break;
        }
    }
    for (const Part &p : parts) {
        if (p.cancelled)
            return fail(report, QStringLiteral("cancelled"));
        if (!p.error.isEmpty())
            return fail(report, p.error);
    }
    // Each part's rows count from its own first line: add the lines ahead of it.
    uint32_t base = headerLines;
    for (Part &p : parts) {
        p.builder->shiftRows(base);
        for (Rejection &r : p.stats.rejections)
            r.row += base;
        for (uint32_t &row : p.stats.shortRows)
            row += base;
        base += p.lines;
    }
    RowStats stats;
    for (Part &p : parts) {
        builder.absorb(std::move(*p.builder));
        p.builder.reset();
        stats.merge(std::move(p.stats));
    }
    timer.lap("absorbed");

    report.records += stats.records;
    report.loaded += stats.loaded;
    report.rejections.insert(report.rejections.end(),
                             std::make_move_iterator(stats.rejections.begin()),
                             std::make_move_iterator(stats.rejections.end()));
    std::stable_sort(report.rejections.begin(), report.rejections.end(),
                     [](const Rejection &a, const Rejection &b) { return a.row < b.row; });
    if (!stats.shortRows.empty()) {
        std::vector<uint32_t> &rows =
            report.warnings[QStringLiteral("fewer fields than the header: the missing ones are "
                                           "empty")];
        rows.insert(rows.end(), stats.shortRows.begin(), stats.shortRows.end());
    }
    QStringList forms;
    const char *const kFormNames[] = {"yyyy-mm-ddThh:mm:ss", "dd/mm/yyyy hh:mm:ss",
                                      "other forms (ISO 8601 with zone or fraction, Unix "
                                      "seconds or milliseconds)",
                                      "a/b/yyyy"};
    for (size_t i = 0; i < stats.timeForms.size(); ++i) {
        if (stats.timeForms[i] > 0)
            forms << QStringLiteral("%1 (%2 rows)")
                         .arg(QLatin1String(kFormNames[i]))
                         .arg(stats.timeForms[i]);
    }
    if (!forms.isEmpty())
        report.notes << QStringLiteral("time: %1, UTC").arg(forms.join(QLatin1String("; ")));
    if (stats.decimalComma > 0)
        report.notes << QStringLiteral("decimal comma in %1 positions (read as a decimal point)")
                            .arg(stats.decimalComma);
    if (stats.repairedCommaRows > 0)
        report.notes << QStringLiteral("%1 rows had an unquoted decimal comma in the position, "
                                       "which split it in two fields: joined again")
                            .arg(stats.repairedCommaRows);
    if (stats.identityWithoutPosition > 0)
        report.notes << QStringLiteral("%1 rows without a position gave a vessel's name, IMO, "
                                       "call sign or size: kept in its identity history")
                            .arg(stats.identityWithoutPosition);
    return true;
}

} // namespace

bool readTable(const csv::Source &source, std::string_view head, uint64_t headOffset,
               const QString &path, TrackBuilder &builder, LoadReport &report,
               const LoadOptions &options, SegmentRules rules,
               const std::function<void(double)> &progress)
{
    // The parts' positions say file 0 and have no file of their own: absorb() numbers
    // them after the files the builder already has, which is where this file goes next.
    const bool ok = readParts(source, head, headOffset, builder, report, options, rules, progress);
    builder.addFile(path);
    return ok;
}

} // namespace ais

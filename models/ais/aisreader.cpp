#include "aisreader.h"

#include "ais/aiscolumns.h"
#include "ais/aistable.h"
#include "ais/archive.h"
#include "io/csvreader.h"
#include "io/csvrecordparser.h"
#include "stagetimer.h"

#include <QFile>
#include <QFileInfo>

#if __has_include("ais/nmealog.h")
#include "ais/nmealog.h"
#define RENDEZVOUS_HAVE_NMEA 1
#endif

#include <algorithm>

int64_t TrackLoadResult::records() const
{
    int64_t n = 0;
    for (const LoadReport &r : reports)
        n += r.records;
    return n;
}

int64_t TrackLoadResult::loaded() const
{
    int64_t n = 0;
    for (const LoadReport &r : reports)
        n += r.loaded;
    return n;
}

int64_t TrackLoadResult::rejected() const
{
    int64_t n = 0;
    for (const LoadReport &r : reports)
        n += int64_t(r.rejections.size());
    return n;
}

namespace aisreader {

namespace {

constexpr size_t kHeadBytes = 64 * 1024;
constexpr size_t kMaxHeaderBytes = 1024 * 1024;
constexpr qint64 kMaxFileBytes = qint64(4) * 1024 * 1024 * 1024 - 1;

// An NMEA 0183 log: its first lines (after blank and '#' comment lines) are sentences
// ('!' or '$' with a '*' checksum), possibly behind a '\...\' tag block.
bool looksNmea(std::string_view head)
{
    int sentences = 0, others = 0;
    size_t p = 0;
    while (p < head.size() && sentences + others < 20) {
        size_t e = head.find_first_of("\r\n", p);
        if (e == std::string_view::npos)
            e = head.size();
        std::string_view line = head.substr(p, e - p);
        p = e + 1;
        if (line.empty() || line[0] == '#')
            continue;
        if (line[0] == '\\') { // tag block
            const size_t close = line.find('\\', 1);
            line = close == std::string_view::npos ? std::string_view() : line.substr(close + 1);
        }
        if (!line.empty() && (line[0] == '!' || line[0] == '$')
            && line.find('*') != std::string_view::npos)
            ++sentences;
        else
            ++others;
    }
    return sentences > 0 && sentences >= others;
}

std::string_view withoutBom(std::string_view s)
{
    return s.substr(0, 3) == "\xEF\xBB\xBF" ? s.substr(3) : s;
}

// The first bytes of a file's text (inflated when compressed; the first entry of a zip).
bool readHead(const QString &path, std::string &head, QString *error)
{
    const archive::Kind kind = archive::sniff(path);
    if (kind != archive::Kind::Plain) {
        archive::Contents c = archive::read(path, kind, kHeadBytes);
        if (!c.error.isEmpty() && c.entries.empty()) {
            *error = c.error;
            return false;
        }
        head = c.entries.empty() ? std::string() : std::move(c.entries.front().text);
        return true;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open: %1").arg(f.errorString());
        return false;
    }
    const QByteArray bytes = f.read(kHeadBytes);
    head.assign(bytes.constData(), size_t(bytes.size()));
    return true;
}

QStringList headerOf(std::string_view text)
{
    text = withoutBom(text);
    const size_t start = text.find_first_not_of("\r\n");
    if (start == std::string_view::npos)
        return {};
    const size_t end = text.find_first_of("\r\n", start);
    const std::string_view line =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    QStringList headers = csv::splitLine(line, csv::detectSeparator(line));
    for (QString &h : headers)
        h = h.trimmed();
    return headers;
}

QString names(const QStringList &headers, const std::vector<int> &columns)
{
    QStringList out;
    for (int c : columns) {
        if (c >= 0 && c < headers.size())
            out << headers.at(c);
    }
    return out.join(QLatin1String(", "));
}

// NMEA text into the builder, through the nmea part's decoder when it is built.
void readNmea(std::string_view text, uint16_t file, TrackBuilder &builder, LoadReport &report,
              SentenceCounts &sentences, const LoadOptions &options)
{
    report.driver = QStringLiteral("NMEA 0183");
    report.rowLabel = QStringLiteral("line");
#ifdef RENDEZVOUS_HAVE_NMEA
    nmea::readLog(text, file, builder, report, sentences, options);
#else
    (void)text;
    (void)file;
    (void)builder;
    (void)sentences;
    (void)options;
    report.error = QStringLiteral("an NMEA 0183 log, and this build has no NMEA decoder");
#endif
}

// One text (a plain file's, or inflated) into the builder.
void readText(const csv::Source &source, std::string_view text, const QString &label,
              TrackBuilder &builder, LoadReport &report, SentenceCounts &sentences,
              const LoadOptions &options, SegmentRules rules,
              const std::function<void(double)> &progress)
{
    if (looksNmea(text.substr(0, kHeadBytes))) {
        const uint16_t file = builder.addFile(label);
        readNmea(text, file, builder, report, sentences, options);
        return;
    }
    report.driver = QStringLiteral("AIS CSV (fast path)");
    const std::string_view body = withoutBom(text);
    ais::readTable(source, body, uint64_t(text.size() - body.size()), label, builder, report,
                   options, rules, progress);
}

// A file on disk, plain, gzip or zip, into the builder; one report per table read.
void readPath(const QString &path, TrackBuilder &builder, std::vector<LoadReport> &reports,
              SentenceCounts &sentences, const LoadOptions &options, SegmentRules rules,
              const std::function<void(double)> &progress)
{
    LoadReport report;
    report.file = path;
    const archive::Kind kind = archive::sniff(path);
    if (kind != archive::Kind::Plain) {
        size_t index = 0;
        const auto each = [&](archive::Entry &e) {
            LoadReport r;
            r.file = e.name.isEmpty() ? path : QStringLiteral("%1:%2").arg(path, e.name);
            r.notes << (kind == archive::Kind::Gzip
                            ? QStringLiteral("gzip: inflated in memory (%1 bytes)")
                            : QStringLiteral("zip entry %1: inflated in memory (%2 bytes)")
                                  .arg(index + 1))
                           .arg(e.text.size());
            const auto entryProgress = [&progress, &e](double f) {
                if (progress)
                    progress((double(e.index) + f) / double(std::max<size_t>(e.count, 1)));
            };
            if (e.text.empty()) {
                r.error = QStringLiteral("the file is empty");
            } else {
                const csv::Source source = csv::Source::memory(e.text);
                readText(source, e.text, r.file, builder, r, sentences, options, rules,
                         entryProgress);
            }
            ++index;
            reports.push_back(std::move(r));
            return !(options.cancel && options.cancel->load());
        };
        const archive::Contents contents = archive::read(path, kind, each);
        if (!contents.error.isEmpty()) {
            report.error = contents.error;
            reports.push_back(std::move(report));
        }
        return;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        report.error = QStringLiteral("cannot open: %1").arg(file.errorString());
    } else if (file.size() == 0) {
        report.error = QStringLiteral("the file is empty (0 bytes)");
    } else if (file.size() > kMaxFileBytes) {
        report.error = QStringLiteral("the file is %1 GiB; text files up to 4 GiB are supported")
                           .arg(double(file.size()) / (1024.0 * 1024 * 1024), 0, 'f', 1);
    } else {
        const uint64_t size = uint64_t(file.size());
        const size_t window = options.windowBytes ? options.windowBytes : size_t(64 * 1024);
        // The head holds the header line (up to 1 MiB) and tells NMEA from a table.
        const csv::Source headSource = csv::Source::file(file.handle(), size, kHeadBytes);
        csv::Source::Reader headReader(headSource);
        csv::Source::Window w;
        if (!headReader.read(0, 0, w)) {
            report.error = headReader.error;
        } else {
            std::string head(w.begin, w.end);
            if (!w.last && head.find('\n') == std::string::npos
                && head.find('\r') == std::string::npos && headReader.read(0, kMaxHeaderBytes, w))
                head.assign(w.begin, w.end);
            const bool headerCut = !w.last && head.find('\n') == std::string::npos
                && head.find('\r') == std::string::npos;
            if (headerCut) {
                report.error = QStringLiteral("the first line is longer than 1 MiB: not a table "
                                              "or log");
            } else if (head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF") {
                report.error = QStringLiteral("UTF-16 text: save the file as UTF-8 to read it "
                                              "as AIS positions");
            } else if (head.find('\0') != std::string::npos) {
                report.error =
                    QStringLiteral("not a text table: the file holds binary data (NUL bytes)");
            } else if (looksNmea(head)) {
                const QByteArray all = file.readAll();
                const uint16_t index = builder.addFile(path);
                readNmea(std::string_view(all.constData(), size_t(all.size())), index, builder,
                         report, sentences, options);
            } else {
                report.driver = QStringLiteral("AIS CSV (fast path)");
                const csv::Source source = csv::Source::file(file.handle(), size, window);
                const std::string_view body = withoutBom(head);
                ais::readTable(source, body, uint64_t(head.size() - body.size()), path, builder,
                               report, options, rules, progress);
            }
        }
    }
    reports.push_back(std::move(report));
}

} // namespace

DataKind detect(const QString &path, QString *why)
{
    const auto say = [why](DataKind kind, const QString &text) {
        if (why)
            *why = text;
        return kind;
    };
    std::string head;
    QString error;
    if (!readHead(path, head, &error))
        return say(DataKind::Unknown, error);
    if (looksNmea(head))
        return say(DataKind::Nmea,
                   QStringLiteral("lines are NMEA 0183 sentences (!AIVDM / $--): "
                                  "an AIS receiver log"));
    const QStringList headers = headerOf(head);
    if (headers.isEmpty())
        return say(DataKind::Unknown, QStringLiteral("the file is empty"));
    const ColumnMapping events = ColumnMapping::detect(headers);
    const ais::AisColumns positions = ais::AisColumns::detect(headers);
    const std::vector<int> second = {events.column(Field::VesselBMmsi),
                                     events.column(Field::VesselBName),
                                     events.column(Field::VesselBImo)};
    if (std::any_of(second.begin(), second.end(), [](int c) { return c >= 0; }))
        return say(DataKind::Events,
                   QStringLiteral("a second vessel's columns (%1): transfer events")
                       .arg(names(headers, second)));
    if (events.has(Field::End) || events.has(Field::Volume))
        return say(
            DataKind::Events,
            QStringLiteral("event columns (%1): transfer events")
                .arg(names(headers, {events.column(Field::End), events.column(Field::Volume)})));
    if (positions.complete()) {
        const int vessel = positions.has(ais::AisField::Mmsi) ? positions[ais::AisField::Mmsi]
                                                              : positions[ais::AisField::Id];
        return say(DataKind::Positions,
                   QStringLiteral("columns %1 and no second vessel: AIS positions (%2)")
                       .arg(names(headers,
                                  {vessel, positions[ais::AisField::Time],
                                   positions[ais::AisField::Lat], positions[ais::AisField::Lon]}),
                            ais::layoutName(positions.layout)));
    }
    if (events.hasStart() && events.hasPosition())
        return say(DataKind::Events,
                   QStringLiteral("a time and a position but no vessel id column: transfer "
                                  "events"));
    QStringList shown; // a runaway header must not make a message of megabytes
    for (const QString &h : headers)
        shown << (h.size() > 60 ? h.left(60) + QStringLiteral("…") : h);
    return say(DataKind::Unknown,
               QStringLiteral("neither events nor AIS positions: no %1 column among %2")
                   .arg(positions.missing().join(QLatin1String(", ")), nameList(shown)));
}

TrackLoadResult read(const QStringList &paths, const LoadOptions &options, SegmentRules rules)
{
    TrackLoadResult result;
    TrackBuilder builder(rules);
    const int n = int(paths.size());
    for (int i = 0; i < n; ++i) {
        if (options.cancel && options.cancel->load()) {
            result.error = QStringLiteral("cancelled");
            break;
        }
        const auto progress = [&options, i, n](double f) {
            if (options.progress)
                options.progress((double(i) + std::clamp(f, 0.0, 1.0)) / double(n));
        };
        readPath(paths.at(i), builder, result.reports, result.sentences, options, rules, progress);
    }
    if (result.error.isEmpty()) {
        for (const LoadReport &r : result.reports) {
            if (r.error == QLatin1String("cancelled")) {
                result.error = r.error;
                break;
            }
            if (!r.error.isEmpty()) {
                result.error = QStringLiteral("%1: %2").arg(QFileInfo(r.file).fileName(), r.error);
                break;
            }
        }
    }
    if (!result.error.isEmpty())
        return result;
    StageTimer timer("ais read");
    result.store = builder.finish();
    timer.lap("finish (sort, segments)");
    if (options.progress)
        options.progress(1.0);
    return result;
}

} // namespace aisreader

// The NMEA AIS log reader on arbitrary bytes: tag blocks, checksums, fields, multi-part
// reassembly, 6-bit payloads of every type, the time sources. Beyond "no crash": the
// account adds up (every record loaded or rejected once, rejections sorted, on lines
// that exist), the builder holds exactly the positions and identities the reader says
// it added, and the sentence counts are consistent. Differential as well: the same text
// fed line by line to a LogReader gives the same report.
#include "ais/nmealog.h"
#include "tracks/trackstore.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
void check(bool ok)
{
    if (!ok)
        std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    (void)nmea::looksLikeNmea(text.substr(0, 4096));

    TrackBuilder builder;
    const uint16_t file = builder.addFile(QStringLiteral("fuzz.nmea"));
    LoadReport report;
    SentenceCounts counts;
    check(nmea::readLog(text, file, builder, report, counts, LoadOptions()));
    check(report.ok());
    check(report.loaded + int64_t(report.rejections.size()) == report.records);
    check(counts.ais + counts.other + counts.badChecksum <= counts.read);
    int64_t lines = 0;
    for (const char c : text)
        lines += c == '\n';
    lines += !text.empty() && text.back() != '\n';
    for (size_t i = 0; i < report.rejections.size(); ++i) {
        check(report.rejections[i].row >= 1 && int64_t(report.rejections[i].row) <= lines);
        check(!report.rejections[i].reason.isEmpty());
        check(i == 0 || report.rejections[i - 1].row <= report.rejections[i].row);
    }

    // Line by line, without the BOM (readLog skips it), the lines split as readLog does.
    TrackBuilder again;
    const uint16_t file2 = again.addFile(QStringLiteral("fuzz.nmea"));
    LoadReport report2;
    SentenceCounts counts2;
    nmea::LogReader reader(file2, again, report2, counts2);
    std::string_view rest = text;
    if (rest.substr(0, 3) == "\xEF\xBB\xBF")
        rest.remove_prefix(3);
    uint32_t number = 0;
    while (!rest.empty()) {
        const size_t end = rest.find('\n');
        reader.addLine(rest.substr(0, end), ++number);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    reader.finish();
    const nmea::LogStats &stats = reader.stats();
    check(int64_t(again.positionCount()) == stats.positions);
    check(builder.positionCount() == again.positionCount());
    check(stats.positions <= report2.loaded); // a loaded message has a position, or an identity
    check(report2.records == report.records && report2.loaded == report.loaded
          && report2.notes == report.notes
          && report2.rejections.size() == report.rejections.size());
    for (size_t i = 0; i < report.rejections.size(); ++i) {
        check(report.rejections[i].row == report2.rejections[i].row
              && report.rejections[i].reason == report2.rejections[i].reason);
    }
    check(counts.read == counts2.read && counts.ais == counts2.ais && counts.other == counts2.other
          && counts.badChecksum == counts2.badChecksum);

    const auto store = builder.finish();
    check(store && int64_t(store->positionCount()) == stats.positions);
    for (size_t p = 0; p < store->positionCount(); ++p) {
        check(std::abs(store->lat(p)) <= 90.0 && std::abs(store->lon(p)) <= 180.0);
        check(store->sourceRow(p) >= 1 && int64_t(store->sourceRow(p)) <= lines);
    }
    return 0;
}

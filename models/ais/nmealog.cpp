#include "ais/nmealog.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace nmea {

namespace {

std::string lineList(const std::vector<uint32_t> &lines)
{
    std::string out = lines.size() == 1 ? "line " : "lines ";
    for (size_t i = 0; i < lines.size(); ++i)
        out += (i ? ", " : "") + std::to_string(lines[i]);
    return out;
}

bool digitField(std::string_view s, int &value)
{
    if (s.size() != 1 || s[0] < '0' || s[0] > '9')
        return false;
    value = s[0] - '0';
    return true;
}

// A multi-part message waiting for its next fragment.
struct Pending
{
    int total = 0, next = 0; // fragments announced, number expected next
    std::string payload;
    std::vector<uint32_t> lines;
    int64_t timeMs = -1;
    int timeSource = 0;
};

// What a class B vessel said in its type 24 A / 24 B / 19 messages: an identity is
// only whole with both parts, which come in separate messages.
struct ClassB
{
    VesselIdentity identity;
    float length = NAN, width = NAN;
    bool name = false, partB = false, type19 = false, emitted = false;
    int64_t lastMs = 0;
};

} // namespace

struct LogReader::Private
{
    uint16_t file;
    TrackBuilder &builder;
    LoadReport &report;
    SentenceCounts &counts;
    LogStats stats;
    Line line;
    StreamClock clock;
    std::map<std::string, Pending> pending; // by sequence id + '\n' + channel
    std::map<uint32_t, ClassB> classB;
    AisMessage msg;
    std::string reason;

    Private(uint16_t f, TrackBuilder &b, LoadReport &r, SentenceCounts &c)
        : file(f), builder(b), report(r), counts(c)
    { }

    void reject(uint32_t row, const std::string &why)
    {
        ++report.records;
        report.rejections.push_back({row, QString::fromStdString(why)});
    }

    static std::string describe(const std::string &key, const Pending &p)
    {
        const size_t cut = key.find('\n');
        std::string seq = key.substr(0, cut), channel = key.substr(cut + 1);
        return "incomplete multi-part message (" + lineList(p.lines) + ": "
            + std::to_string(p.lines.size()) + " of " + std::to_string(p.total)
            + " fragments, sequence " + (seq.empty() ? "none" : seq) + ", channel "
            + (channel.empty() ? "none" : channel) + ")";
    }

    void rejectPending(std::map<std::string, Pending>::iterator it, const std::string &why)
    {
        reject(it->second.lines.front(), describe(it->first, it->second) + ": " + why);
        pending.erase(it);
    }

    void sentence(uint32_t number);
    void message(const std::string &payload, int fill, uint32_t row, int64_t timeMs,
                 int timeSource);
    void identity(int64_t timeMs);
    void emitClassB(uint32_t mmsi, ClassB &b);
};

LogReader::LogReader(uint16_t fileIndex, TrackBuilder &builder, LoadReport &report,
                     SentenceCounts &counts)
    : d(std::make_unique<Private>(fileIndex, builder, report, counts))
{
    report.driver = QStringLiteral("NMEA 0183");
    report.rowLabel = QStringLiteral("line");
}

LogReader::~LogReader() = default;

const LogStats &LogReader::stats() const
{
    return d->stats;
}

void LogReader::addLine(std::string_view text, uint32_t lineNumber)
{
    size_t first = 0;
    while (first < text.size()
           && (text[first] == ' ' || text[first] == '\t' || text[first] == '\r'))
        ++first;
    if (first == text.size())
        return;
    if (text[first] == '#') {
        ++d->stats.comments;
        return;
    }
    ++d->counts.read;
    parseLine(text.substr(first), d->line);
    d->sentence(lineNumber);
}

void LogReader::Private::sentence(uint32_t number)
{
    if (line.status != LineStatus::Ok) {
        if (line.status == LineStatus::BadChecksum)
            ++counts.badChecksum;
        reject(number, line.reason);
        return;
    }
    if (!line.isAis()) {
        ++counts.other;
        if (isClockSentence(line.address))
            clock.update(readClock(line.address, line.fields));
        const std::string address(line.address);
        auto it = stats.otherSentences.find(address);
        if (it != stats.otherSentences.end())
            ++it->second;
        else if (stats.otherSentences.size() < 32)
            stats.otherSentences.emplace(address, 1);
        else
            ++stats.otherSentences["..."];
        return;
    }
    ++counts.ais;
    // !AIVDM,count,number,sequence,channel,payload,fill
    const std::vector<std::string_view> &f = line.fields;
    int total = 0, part = 0, fill = 0;
    // The sentence's own name in messages ("!BSVDM"), built only for a rejection.
    auto malformed = [&](const std::string &detail) {
        reject(number,
               "malformed " + std::string(1, line.start) + std::string(line.address) + " (" + detail
                   + ")");
    };
    if (f.size() != 6) {
        malformed(std::to_string(f.size()) + " fields, expected 6");
        return;
    }
    if (!digitField(f[0], total) || !digitField(f[1], part) || total < 1 || part < 1
        || part > total) {
        malformed("fragment '" + std::string(f[1].substr(0, 8)) + "' of '"
                  + std::string(f[0].substr(0, 8)) + "'");
        return;
    }
    if (!digitField(f[5], fill) || fill > 5) {
        malformed("fill bits '" + std::string(f[5].substr(0, 8)) + "'");
        return;
    }
    if (f[2].size() > 4 || f[3].size() > 4) {
        malformed("sequence id '" + std::string(f[2].substr(0, 8)) + "', channel '"
                  + std::string(f[3].substr(0, 8)) + "'");
        return;
    }

    int64_t timeMs = -1;
    int source = 0;
    if (line.tagTimeMs >= 0) {
        timeMs = line.tagTimeMs;
        source = 1;
    } else if (line.loggerTimeMs >= 0) {
        timeMs = line.loggerTimeMs;
        source = 2;
    } else if (clock.valid()) {
        timeMs = clock.timeMs();
        source = 3;
    }

    const std::string key = std::string(f[2]) + '\n' + std::string(f[3]);
    auto it = pending.find(key);
    if (total == 1) {
        message(std::string(f[4]), fill, number, timeMs, source);
        return;
    }
    if (part == 1) {
        if (it != pending.end())
            rejectPending(it, "restarted at line " + std::to_string(number));
        Pending &p = pending[key];
        p.total = total;
        p.next = 2;
        p.payload = std::string(f[4]);
        p.lines = {number};
        p.timeMs = timeMs;
        p.timeSource = source;
        return;
    }
    if (it == pending.end() || it->second.next != part || it->second.total != total) {
        if (it != pending.end()) {
            rejectPending(it,
                          "line " + std::to_string(number) + " is fragment " + std::to_string(part)
                              + " of " + std::to_string(total));
        }
        reject(number,
               "fragment " + std::to_string(part) + " of " + std::to_string(total)
                   + " without the fragments before it (sequence "
                   + (f[2].empty() ? std::string("none") : std::string(f[2])) + ", channel "
                   + (f[3].empty() ? std::string("none") : std::string(f[3])) + ")");
        return;
    }
    Pending &p = it->second;
    p.payload.append(f[4]);
    p.lines.push_back(number);
    if (part < total) {
        ++p.next;
        return;
    }
    const Pending whole = std::move(p);
    pending.erase(it);
    message(whole.payload, fill, whole.lines.front(), whole.timeMs, whole.timeSource);
}

void LogReader::Private::message(const std::string &payload, int fill, uint32_t row, int64_t timeMs,
                                 int timeSource)
{
    reason.clear();
    switch (decodePayload(payload, fill, msg, &reason)) {
    case DecodeStatus::Error:
        reject(row, reason);
        return;
    case DecodeStatus::OtherType:
        ++stats.otherTypes[msg.type];
        return;
    case DecodeStatus::Ok:
        break;
    }
    if (timeMs < 0) {
        reject(row, "no time: no tag block, no logger timestamp and no RMC/ZDA before it");
        return;
    }
    if (!validMmsi(msg.mmsi)) {
        reject(row, "bad MMSI (" + std::to_string(msg.mmsi) + ": not 9 digits)");
        return;
    }
    if (msg.hasPosition) {
        if (!msg.positionAvailable()) {
            reject(row, "position not available (91/181)");
            return;
        }
        if (!(std::abs(msg.lat) <= 90.0) || !(std::abs(msg.lon) <= 180.0)) {
            reject(row,
                   "position out of range (lat " + std::to_string(msg.lat) + ", lon "
                       + std::to_string(msg.lon) + ")");
            return;
        }
        PositionReport r;
        r.vessel = builder.vesselByMmsi(msg.mmsi);
        r.timeMs = timeMs;
        r.lat = msg.lat;
        r.lon = msg.lon;
        r.sog = msg.sog;
        r.cog = msg.cog;
        r.heading = msg.heading;
        r.sourceRow = row;
        r.sourceFile = file;
        builder.add(r);
        ++stats.positions;
    }
    if (msg.hasStatic)
        identity(timeMs);
    ++report.records;
    ++report.loaded;
    (timeSource == 1       ? stats.timeFromTag
         : timeSource == 2 ? stats.timeFromLogger
                           : stats.timeFromClock)++;
}

void LogReader::Private::identity(int64_t timeMs)
{
    if (msg.type == 5) {
        VesselIdentity id;
        id.imo = msg.imo;
        id.name = msg.name;
        id.callSign = msg.callSign;
        id.shipType = msg.shipType;
        builder.addIdentity(builder.vesselByMmsi(msg.mmsi), timeMs, id, msg.length(), msg.width());
        ++stats.identities;
        return;
    }
    ClassB &b = classB[msg.mmsi];
    b.lastMs = timeMs;
    if (msg.type == 19 || msg.part == 0) {
        b.identity.name = msg.name;
        b.name = true;
    }
    if (msg.type == 19 || msg.part == 1) {
        b.identity.shipType = msg.shipType;
        b.length = msg.length();
        b.width = msg.width();
    }
    if (msg.part == 1) {
        b.identity.callSign = msg.callSign;
        b.partB = true;
    }
    b.type19 = b.type19 || msg.type == 19;
    // Type 19 carries name and type together: whole without a type 24.
    if (b.name && (b.partB || b.type19))
        emitClassB(msg.mmsi, b);
}

void LogReader::Private::emitClassB(uint32_t mmsi, ClassB &b)
{
    builder.addIdentity(builder.vesselByMmsi(mmsi), b.lastMs, b.identity, b.length, b.width);
    b.emitted = true;
    ++stats.identities;
}

void LogReader::finish()
{
    while (!d->pending.empty())
        d->rejectPending(d->pending.begin(),
                         "the log ends before fragment "
                             + std::to_string(d->pending.begin()->second.next));
    // A vessel heard sending only one part of its type 24 still said who it is.
    for (auto &[mmsi, b] : d->classB) {
        if (!b.emitted)
            d->emitClassB(mmsi, b);
    }
    std::stable_sort(d->report.rejections.begin(), d->report.rejections.end(),
                     [](const Rejection &a, const Rejection &b) { return a.row < b.row; });

    const LogStats &s = d->stats;
    const SentenceCounts &c = d->counts;
    auto n = [&](int64_t v) { return QString::number(v); };
    d->report.notes << QStringLiteral("NMEA 0183: %1 sentences, %2 AIS, %3 other, %4 with a bad "
                                      "checksum; %5 position reports, %6 identity reports")
                           .arg(n(c.read), n(c.ais), n(c.other), n(c.badChecksum), n(s.positions),
                                n(s.identities));
    if (d->report.loaded > 0) {
        d->report.notes << QStringLiteral("message times from tag blocks (c:) %1, logger "
                                          "timestamps %2, the latest RMC/ZDA %3")
                               .arg(n(s.timeFromTag), n(s.timeFromLogger), n(s.timeFromClock));
    }
    if (!s.otherSentences.empty()) {
        QStringList parts;
        for (const auto &[address, count] : s.otherSentences)
            parts << QString::fromStdString(address) + QStringLiteral(" ×") + n(count);
        d->report.notes << QStringLiteral("other sentences skipped: ") + parts.join(", ");
    }
    if (!s.otherTypes.empty()) {
        QStringList parts;
        for (const auto &[type, count] : s.otherTypes)
            parts << QStringLiteral("type ") + n(type) + QStringLiteral(" ×") + n(count);
        d->report.notes << QStringLiteral("AIS messages without a vessel position or identity "
                                          "skipped: ")
                + parts.join(", ");
    }
    if (s.comments > 0)
        d->report.notes << n(s.comments) + QStringLiteral(" comment lines (#) skipped");
}

bool looksLikeNmea(std::string_view text)
{
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    while (!text.empty()) {
        const size_t end = text.find('\n');
        std::string_view l = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        while (!l.empty() && (l.front() == ' ' || l.front() == '\t'))
            l.remove_prefix(1);
        while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t'))
            l.remove_suffix(1);
        if (l.empty() || l.front() == '#')
            continue;
        return (l.front() == '!' || l.front() == '$' || l.front() == '\\')
            && l.find('*') != std::string_view::npos;
    }
    return false;
}

bool readLog(std::string_view text, uint16_t fileIndex, TrackBuilder &builder, LoadReport &report,
             SentenceCounts &counts, const LoadOptions &options)
{
    LogReader reader(fileIndex, builder, report, counts);
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    const size_t size = text.size();
    size_t pos = 0;
    uint32_t number = 0;
    while (pos < size) {
        ++number;
        if ((number & 4095) == 0) {
            if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
                report.error = QStringLiteral("cancelled");
                return false;
            }
            if (options.progress && (number & 65535) == 0)
                options.progress(double(pos) / double(size));
        }
        const size_t end = text.find('\n', pos);
        const size_t stop = end == std::string_view::npos ? size : end;
        reader.addLine(text.substr(pos, stop - pos), number);
        pos = stop + 1;
    }
    reader.finish();
    if (options.progress)
        options.progress(1.0);
    return true;
}

} // namespace nmea

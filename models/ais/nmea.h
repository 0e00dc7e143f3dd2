#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// NMEA 0183 sentences, one line at a time: the optional NMEA 4.0 tag block in front,
// the checksum, the fields, and the Unix time some loggers append after the checksum.
// Nothing here knows about AIS payloads (nmeapayload.h) or about files (nmealog.h).
//
//   \s:rORBCOMM,c:1241544035*5A\!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A,1241544036
//   ^ tag block (c: Unix time)  ^ sentence, checksummed between '!' and '*'  ^ logger time
namespace nmea {

enum class LineStatus {
    Ok,
    NotSentence, // neither '!', '$' nor a tag block '\' in front, or no address field
    NoChecksum, // no "*hh" after the sentence (or the tag block)
    BadChecksum, // checksum mismatch, of the sentence or of its tag block
    BadTagBlock, // unterminated tag block, or an unreadable c: time
};

struct Line
{
    LineStatus status = LineStatus::Ok;
    std::string reason; // why, when status != Ok ("checksum mismatch (expected 4A, got 4B)")
    char start = 0; // '!' (encapsulated, AIS) or '$'
    std::string_view address; // "AIVDM", "GPRMC"
    std::vector<std::string_view> fields; // after the address, up to the '*'
    bool isAis() const; // a VDM or VDO sentence (any talker)
    // UTC milliseconds from the tag block's c: parameter, or -1.
    int64_t tagTimeMs = -1;
    // UTC milliseconds from the last comma field after the checksum when it is a Unix
    // time (9-10 digit seconds, optionally with a fraction, or 13 digit milliseconds), or -1.
    int64_t loggerTimeMs = -1;
};

// Splits one line (without its line break; trailing '\r' and blanks are ignored).
// Views in the result point into `text`. `out` is reused to spare allocations.
void parseLine(std::string_view text, Line &out);

// The XOR of the bytes, as NMEA checksums them.
uint8_t checksum(std::string_view bytes);

// A Unix time written as 9-10 digit seconds (optionally ".fff") or 13 digit
// milliseconds: UTC milliseconds, or -1 when the text is not one.
int64_t parseUnixTime(std::string_view text);

// Time of day and date of a $--RMC or $--ZDA sentence (`fields` as in Line::fields).
// timeOfDayMs is -1 when the sentence gives no time; day is -1 when it gives no date
// (daysSinceEpoch is then meaningless).
struct ClockReading
{
    int64_t timeOfDayMs = -1;
    int64_t day = -1; // days since 1970-01-01
};
bool isClockSentence(std::string_view address); // RMC or ZDA, any talker
ClockReading readClock(std::string_view address, const std::vector<std::string_view> &fields);

// The latest RMC / ZDA time of a stream. A reading without a date (some receivers leave
// the RMC date empty) keeps the last date, and moves to the next day when its time of
// day falls more than 12 h before the previous one (midnight passed between the two).
class StreamClock
{
public:
    void update(const ClockReading &r);
    bool valid() const { return m_day >= 0 && m_timeOfDayMs >= 0; }
    int64_t timeMs() const { return m_day * 86400000LL + m_timeOfDayMs; } // when valid()

private:
    int64_t m_day = -1, m_timeOfDayMs = -1;
};

} // namespace nmea

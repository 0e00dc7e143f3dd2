#include "ais/nmea.h"

#include "io/timeparser.h"

#include <cstdio>

namespace nmea {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

std::string hex2(unsigned v)
{
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02X", v & 0xFF);
    return buf;
}

// The printable form of a few bytes for a message ("\x01" for control bytes).
std::string shown(std::string_view s)
{
    std::string out;
    for (const char c : s.substr(0, 8)) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F)
            out += "\\x" + hex2(static_cast<unsigned char>(c));
        else
            out += c;
    }
    return out;
}

// Checks "*hh" at text[star] against `sum`; false with out.status and out.reason set
// when it is missing or wrong. what: "" for the sentence, "tag block " for the tag block.
bool checkSum(std::string_view text, size_t star, uint8_t sum, const char *what, Line &out)
{
    if (star == std::string_view::npos) {
        out.status = LineStatus::NoChecksum;
        out.reason = std::string(what) + "no checksum (*hh)";
        return false;
    }
    const int hi = star + 1 < text.size() ? hexValue(text[star + 1]) : -1;
    const int lo = star + 2 < text.size() ? hexValue(text[star + 2]) : -1;
    if (hi < 0 || lo < 0) {
        out.status = LineStatus::NoChecksum;
        out.reason = std::string(what) + "checksum is not two hex digits ('"
            + shown(text.substr(star, 3)) + "')";
        return false;
    }
    const unsigned got = unsigned(hi * 16 + lo);
    if (got != sum) {
        out.status = LineStatus::BadChecksum;
        out.reason = std::string(what) + "checksum mismatch (expected " + hex2(sum) + ", got "
            + hex2(got) + ")";
        return false;
    }
    return true;
}

bool allDigits(std::string_view s)
{
    if (s.empty())
        return false;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

int64_t digitsValue(std::string_view s)
{
    int64_t v = 0;
    for (const char c : s)
        v = v * 10 + (c - '0');
    return v;
}

// "hhmmss" or "hhmmss.sss" → milliseconds since midnight, -1 when unreadable.
int64_t timeOfDay(std::string_view s)
{
    if (s.size() < 6 || !allDigits(s.substr(0, 6)))
        return -1;
    const int64_t h = digitsValue(s.substr(0, 2)), m = digitsValue(s.substr(2, 2)),
                  sec = digitsValue(s.substr(4, 2));
    if (h > 23 || m > 59 || sec > 60)
        return -1;
    int64_t ms = 0;
    if (s.size() > 6) {
        if (s[6] != '.')
            return -1;
        const std::string_view frac = s.substr(7);
        if (!frac.empty() && !allDigits(frac))
            return -1;
        int scale = 100;
        for (size_t i = 0; i < frac.size() && i < 3; ++i, scale /= 10)
            ms += (frac[i] - '0') * scale;
    }
    return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

int64_t dayOf(int64_t year, int64_t month, int64_t day)
{
    if (!timeparse::isValidDate(int(year), int(month), int(day)))
        return -1;
    return timeparse::daysFromCivil(int(year), int(month), int(day));
}

} // namespace

uint8_t checksum(std::string_view bytes)
{
    uint8_t sum = 0;
    for (const char c : bytes)
        sum ^= static_cast<uint8_t>(c);
    return sum;
}

int64_t parseUnixTime(std::string_view text)
{
    const size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    if (!allDigits(whole))
        return -1;
    if (whole.size() == 13 && dot == std::string_view::npos)
        return digitsValue(whole);
    if (whole.size() < 9 || whole.size() > 10)
        return -1;
    int64_t ms = digitsValue(whole) * 1000;
    if (dot != std::string_view::npos) {
        const std::string_view frac = text.substr(dot + 1);
        if (!allDigits(frac))
            return -1;
        int scale = 100;
        for (size_t i = 0; i < frac.size() && i < 3; ++i, scale /= 10)
            ms += (frac[i] - '0') * scale;
    }
    return ms;
}

bool Line::isAis() const
{
    if (address.size() != 5)
        return false;
    const std::string_view type = address.substr(2);
    return type == "VDM" || type == "VDO";
}

void parseLine(std::string_view text, Line &out)
{
    out.status = LineStatus::Ok;
    out.reason.clear();
    out.start = 0;
    out.address = {};
    out.fields.clear();
    out.tagTimeMs = -1;
    out.loggerTimeMs = -1;
    while (!text.empty()
           && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t'
               || text.back() == '\0'))
        text.remove_suffix(1);

    if (!text.empty() && text.front() == '\\') {
        const size_t close = text.find('\\', 1);
        if (close == std::string_view::npos) {
            out.status = LineStatus::BadTagBlock;
            out.reason = "tag block not closed by '\\'";
            return;
        }
        const std::string_view block = text.substr(1, close - 1);
        const size_t star = block.rfind('*');
        if (!checkSum(block, star, checksum(block.substr(0, star)), "tag block ", out))
            return;
        std::string_view params = block.substr(0, star);
        while (!params.empty()) {
            const size_t comma = params.find(',');
            const std::string_view p = params.substr(0, comma);
            params =
                comma == std::string_view::npos ? std::string_view() : params.substr(comma + 1);
            if (p.size() >= 2 && p.substr(0, 2) == "c:") {
                const std::string_view v = p.substr(2);
                // c: is Unix seconds; some sources write milliseconds (13 digits).
                if (allDigits(v) && v.size() <= 10)
                    out.tagTimeMs = digitsValue(v) * 1000;
                else if (allDigits(v) && v.size() == 13)
                    out.tagTimeMs = digitsValue(v);
                else {
                    out.status = LineStatus::BadTagBlock;
                    out.reason = "tag block time c:" + shown(v) + " is not Unix seconds";
                    return;
                }
            }
        }
        text = text.substr(close + 1);
    }

    if (text.empty() || (text.front() != '!' && text.front() != '$')) {
        out.status = LineStatus::NotSentence;
        out.reason = text.empty() ? "tag block without a sentence"
                                  : "not an NMEA sentence (starts with '" + shown(text.substr(0, 1))
                + "', not '!', '$' or a tag block)";
        return;
    }
    out.start = text.front();
    const size_t star = text.find('*');
    if (!checkSum(text, star,
                  checksum(text.substr(1, star == std::string_view::npos ? 0 : star - 1)), "", out))
        return;

    // Fields between the start character and the '*'.
    std::string_view body = text.substr(1, star - 1);
    const size_t firstComma = body.find(',');
    out.address = body.substr(0, firstComma);
    bool goodAddress = !out.address.empty();
    for (const char c : out.address) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')))
            goodAddress = false;
    }
    if (!goodAddress) {
        out.status = LineStatus::NotSentence;
        out.reason = "not an NMEA sentence (address field '" + shown(out.address)
            + "' is not letters and digits)";
        return;
    }
    if (firstComma != std::string_view::npos) {
        body = body.substr(firstComma + 1);
        for (;;) {
            const size_t comma = body.find(',');
            out.fields.push_back(body.substr(0, comma));
            if (comma == std::string_view::npos)
                break;
            body = body.substr(comma + 1);
        }
    }

    // After "*hh": loggers append ",field,...,UNIXTIME"; the time is the last field.
    const std::string_view rest = text.substr(star + 3);
    if (!rest.empty() && rest.front() == ',') {
        const size_t lastComma = rest.rfind(',');
        std::string_view last = rest.substr(lastComma + 1);
        while (!last.empty() && (last.back() == ' ' || last.back() == '\t'))
            last.remove_suffix(1);
        out.loggerTimeMs = parseUnixTime(last);
    }
}

bool isClockSentence(std::string_view address)
{
    if (address.size() != 5)
        return false;
    const std::string_view type = address.substr(2);
    return type == "RMC" || type == "ZDA";
}

ClockReading readClock(std::string_view address, const std::vector<std::string_view> &fields)
{
    ClockReading r;
    if (!isClockSentence(address) || fields.empty())
        return r;
    r.timeOfDayMs = timeOfDay(fields[0]);
    if (address.substr(2) == "RMC") {
        // $--RMC,hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,...
        if (fields.size() > 8 && fields[8].size() == 6 && allDigits(fields[8])) {
            const int64_t yy = digitsValue(fields[8].substr(4, 2));
            // Two-digit years: GPS receivers were not sold before 1980.
            r.day = dayOf(yy < 80 ? 2000 + yy : 1900 + yy, digitsValue(fields[8].substr(2, 2)),
                          digitsValue(fields[8].substr(0, 2)));
        }
    } else if (fields.size() > 3 && allDigits(fields[1]) && allDigits(fields[2])
               && fields[3].size() == 4 && allDigits(fields[3]) && fields[1].size() <= 2
               && fields[2].size() <= 2) {
        // $--ZDA,hhmmss.ss,dd,mm,yyyy,zh,zm
        r.day = dayOf(digitsValue(fields[3]), digitsValue(fields[2]), digitsValue(fields[1]));
    }
    return r;
}

void StreamClock::update(const ClockReading &r)
{
    if (r.timeOfDayMs < 0)
        return;
    if (r.day >= 0) {
        m_day = r.day;
    } else if (m_day >= 0 && m_timeOfDayMs >= 0 && r.timeOfDayMs < m_timeOfDayMs - 12 * 3600000LL) {
        ++m_day;
    }
    m_timeOfDayMs = r.timeOfDayMs;
}

} // namespace nmea

#pragma once

#include "ais/nmealog.h"
#include "tracks/trackstore.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

// Writing NMEA for the tests: checksums computed here independently of the reader,
// payload bits written field by field, and a log read into a store.
namespace nmeatest {

// "!AIVDM,1,1,,A,...,0" → "!AIVDM,1,1,,A,...,0*hh" (the XOR of the bytes after the
// first character); tag blocks likewise, "s:x,c:1" → "\s:x,c:1*hh\".
inline std::string sum(const std::string &body)
{
    unsigned x = 0;
    for (size_t i = 1; i < body.size(); ++i)
        x ^= static_cast<unsigned char>(body[i]);
    char buf[8];
    std::snprintf(buf, sizeof buf, "*%02X", x);
    return body + buf;
}
inline std::string tag(const std::string &params)
{
    unsigned x = 0;
    for (const char c : params)
        x ^= static_cast<unsigned char>(c);
    char buf[8];
    std::snprintf(buf, sizeof buf, "*%02X", x);
    return "\\" + params + buf + "\\";
}

// Message bits, most significant first, as '0'/'1' characters for nmea::armour().
struct BitWriter
{
    std::string bits;
    void u(uint64_t v, int width)
    {
        for (int i = width - 1; i >= 0; --i) // bits past the 64th (spare fields) are 0
            bits += i < 64 && (v >> i) & 1 ? '1' : '0';
    }
    void s(int64_t v, int width) { u(uint64_t(v) & ((uint64_t(1) << width) - 1), width); }
    void text(const std::string &t, int chars)
    {
        for (int i = 0; i < chars; ++i) {
            const char c = i < int(t.size()) ? t[size_t(i)] : '@';
            u(uint64_t(c >= 64 ? c - 64 : c), 6);
        }
    }
};

// A type 1 position report (168 bits). lat / lon in degrees (91 / 181 allowed).
inline std::string type1(uint32_t mmsi, double lat, double lon, unsigned sog10 = 123,
                         unsigned cog10 = 2240, unsigned heading = 215, int *fill = nullptr)
{
    BitWriter w;
    w.u(1, 6);
    w.u(0, 2);
    w.u(mmsi, 30);
    w.u(0, 4); // status
    w.s(-128, 8); // turn
    w.u(sog10, 10);
    w.u(0, 1);
    w.s(int64_t(std::llround(lon * 600000)), 28);
    w.s(int64_t(std::llround(lat * 600000)), 27);
    w.u(cog10, 12);
    w.u(heading, 9);
    w.u(0, 6 + 2 + 3 + 1 + 19);
    int f = 0;
    const std::string p = nmea::armour(w.bits, &f);
    if (fill)
        *fill = f;
    return p;
}

// "!AIVDM,1,1,,A,<payload>,<fill>*hh" for a type 1 report.
inline std::string vdm(uint32_t mmsi, double lat, double lon)
{
    int fill = 0;
    const std::string p = type1(mmsi, lat, lon, 123, 2240, 215, &fill);
    return sum("!AIVDM,1,1,,A," + p + "," + std::to_string(fill));
}

struct Loaded
{
    LoadReport report;
    SentenceCounts counts;
    std::shared_ptr<TrackStore> store;
    bool finished = false;
};

inline Loaded load(const std::string &text, const LoadOptions &options = {})
{
    Loaded l;
    TrackBuilder builder;
    const uint16_t file = builder.addFile(QStringLiteral("test.nmea"));
    l.finished = nmea::readLog(text, file, builder, l.report, l.counts, options);
    l.store = builder.finish();
    return l;
}

inline QString rejection(const Loaded &l, uint32_t row)
{
    for (const Rejection &r : l.report.rejections) {
        if (r.row == row)
            return r.reason;
    }
    return {};
}

} // namespace nmeatest

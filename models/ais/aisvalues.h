#pragma once

#include "io/timeparser.h"

#include <cstdint>
#include <limits>
#include <string_view>

// Fast parsers for the values of an AIS row, run for each of millions of rows on every
// core: fixed point, no locale, no allocation. Each returns false when the text is not
// in its plain form; the caller then tries the general parsers (io/valueparsers.h,
// io/timeparser.h), which also accept decimal commas, hemisphere letters, zones.
namespace aisvalues {

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// [-+]digits[.digits], as read: the digits as one integer, and how many of them follow
// the point. False for any other text, or more than 15 digits.
struct Decimal
{
    uint64_t mantissa = 0;
    int fraction = 0;
    bool negative = false;
};
inline bool decimal(std::string_view s, Decimal &out)
{
    size_t i = 0;
    const size_t n = s.size();
    bool negative = false;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        negative = s[i++] == '-';
    uint64_t mantissa = 0;
    int digits = 0, fraction = 0;
    const size_t intStart = i;
    while (i < n && isDigit(s[i])) {
        mantissa = mantissa * 10 + uint64_t(s[i++] - '0');
        ++digits;
    }
    const bool hasInt = i > intStart;
    if (i < n && s[i] == '.') {
        ++i;
        const size_t fracStart = i;
        while (i < n && isDigit(s[i])) {
            mantissa = mantissa * 10 + uint64_t(s[i++] - '0');
            ++digits;
            ++fraction;
        }
        if (!hasInt && i == fracStart)
            return false;
    } else if (!hasInt) {
        return false;
    }
    if (i != n || digits > 15)
        return false;
    out.mantissa = mantissa;
    out.fraction = fraction;
    out.negative = negative;
    return true;
}

// The decimal times 10^places, exactly, when it has no more than `places` digits after
// the point (then no rounding is involved); false otherwise.
inline bool scaled(const Decimal &d, int places, int64_t &out)
{
    static constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
    if (d.fraction > places || places > 7)
        return false;
    const int64_t scale = kPow10[places - d.fraction];
    if (d.mantissa > uint64_t(std::numeric_limits<int64_t>::max()
                              / scale)) // 15 digits times 10^7 would not fit
        return false;
    const int64_t v = int64_t(d.mantissa) * scale;
    out = d.negative ? -v : v;
    return true;
}

// [-+]digits[.digits] (up to 15 significant digits, so exact) into a double, correctly rounded
// (an integer divided by an exact power of ten).
inline bool fixedPoint(std::string_view s, double &out)
{
    Decimal d;
    if (!decimal(s, d) || d.fraction > 22)
        return false;
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double v = double(d.mantissa);
    if (d.fraction)
        v /= kPow10[d.fraction];
    out = d.negative ? -v : v;
    return true;
}

// Exactly nine digits.
inline bool mmsi(std::string_view s, uint32_t &out)
{
    if (s.size() != 9)
        return false;
    uint32_t v = 0;
    for (char c : s) {
        if (!isDigit(c))
            return false;
        v = v * 10 + uint32_t(c - '0');
    }
    out = v;
    return true;
}

inline int twoDigits(const char *p)
{
    return isDigit(p[0]) && isDigit(p[1]) ? (p[0] - '0') * 10 + (p[1] - '0') : -1;
}

inline bool fromParts(int year, int month, int day, int hour, int minute, int second, int64_t &ms)
{
    if (year < 1000 || month < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
        || second > 59 || !timeparse::isValidDate(year, month, day))
        return false;
    ms = ((timeparse::daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60000LL
        + second * 1000LL;
    return true;
}

// 2022-03-31T00:00:01 (MarineCadastre; also with a space instead of the T).
inline bool isoSeconds(std::string_view s, int64_t &ms)
{
    if (s.size() != 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ')
        || s[13] != ':' || s[16] != ':')
        return false;
    const char *p = s.data();
    const int y1 = twoDigits(p), y2 = twoDigits(p + 2);
    if (y1 < 0 || y2 < 0)
        return false;
    return fromParts(y1 * 100 + y2, twoDigits(p + 5), twoDigits(p + 8), twoDigits(p + 11),
                     twoDigits(p + 14), twoDigits(p + 17), ms);
}

// 01/06/2018 00:00:00, day first (the Danish Maritime Authority's form).
inline bool dmaSeconds(std::string_view s, int64_t &ms)
{
    if (s.size() != 19 || s[2] != '/' || s[5] != '/' || s[10] != ' ' || s[13] != ':'
        || s[16] != ':')
        return false;
    const char *p = s.data();
    const int y1 = twoDigits(p + 6), y2 = twoDigits(p + 8);
    if (y1 < 0 || y2 < 0)
        return false;
    return fromParts(y1 * 100 + y2, twoDigits(p + 3), twoDigits(p), twoDigits(p + 11),
                     twoDigits(p + 14), twoDigits(p + 17), ms);
}

} // namespace aisvalues

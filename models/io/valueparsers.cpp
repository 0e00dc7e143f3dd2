#include "valueparsers.h"

#include <QList>

#include <charconv>
#include <cmath>
#include <system_error>

namespace values {

namespace {

bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isAsciiAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char asciiLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
char asciiUpper(char c)
{
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// lowerWord must be lower case.
bool equalsIgnoringCase(std::string_view s, std::string_view lowerWord)
{
    if (s.size() != lowerWord.size())
        return false;
    for (size_t i = 0; i < s.size(); ++i) {
        if (asciiLower(s[i]) != lowerWord[i])
            return false;
    }
    return true;
}

constexpr std::string_view kNbsp = "\xC2\xA0";

Number invalid()
{
    return {NumberStatus::Invalid, 0};
}
Number ok(double v)
{
    return {NumberStatus::Ok, v};
}

// [-] digits [. digits] with at most 15 digits in all: the digits make an exact
// integer and the power of ten is exact, so their quotient is the correctly rounded
// value, the very double from_chars gives (Clinger's fast path), at a fraction of its
// cost. False for anything else.
bool plainDecimal(std::string_view s, double &out)
{
    static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char *p = s.data();
    const char *const end = p + s.size();
    const bool negative = p < end && *p == '-';
    if (negative)
        ++p;
    // Tight digit loops: this runs for every coordinate and volume of a file. Past 19
    // digits the mantissa wraps, but then the digit count already refuses the value.
    uint64_t mantissa = 0;
    const char *const intStart = p;
    while (p < end && static_cast<unsigned char>(*p - '0') < 10)
        mantissa = mantissa * 10 + static_cast<uint64_t>(*p++ - '0');
    const auto intDigits = static_cast<size_t>(p - intStart);
    size_t fraction = 0;
    if (p < end) {
        if (*p != '.')
            return false;
        const char *const fracStart = ++p;
        while (p < end && static_cast<unsigned char>(*p - '0') < 10)
            mantissa = mantissa * 10 + static_cast<uint64_t>(*p++ - '0');
        fraction = static_cast<size_t>(p - fracStart);
        if (p != end || fraction == 0) // "5." and "5.x": left to from_chars
            return false;
    }
    if (intDigits == 0 || intDigits + fraction > 15)
        return false;
    const double v = static_cast<double>(mantissa) / kPow10[fraction];
    out = negative ? -v : v;
    return true;
}

// The strict core: [+|-] digits [. digits] [e [+|-] digits], nothing else. from_chars
// alone would also take "inf", "nan" and "infinity", which must never become values.
Number parseDecimal(std::string_view s)
{
    if (!s.empty() && s.front() == '+') {
        s.remove_prefix(1);
        if (!s.empty() && s.front() == '-')
            return invalid();
    }
    const size_t first = (!s.empty() && s.front() == '-') ? 1 : 0;
    if (first >= s.size() || !(isDigit(s[first]) || s[first] == '.'))
        return invalid();
    double v = 0;
    if (plainDecimal(s, v))
        return ok(v);
    const char *end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, v);
    // result_out_of_range covers "1e999" and underflow ("1e-400"): a figure we cannot
    // hold is Invalid, not rounded to infinity or zero.
    if (ec != std::errc() || ptr != end || !std::isfinite(v))
        return invalid();
    return ok(v);
}

// Separator bytes at s[i] for a thousands grouping, or 0 when there is none.
size_t separatorLength(std::string_view s, size_t i)
{
    const char c = s[i];
    if (c == ',' || c == ' ' || c == '_')
        return 1;
    const std::string_view rest = s.substr(i);
    if (rest.substr(0, 2) == kNbsp)
        return 2;
    // U+202F narrow no-break space and U+2009 thin space, as typeset French/SI numbers.
    if (rest.substr(0, 3) == "\xE2\x80\xAF" || rest.substr(0, 3) == "\xE2\x80\x89")
        return 3;
    return 0;
}

// Digits grouped by thousands with an optional fraction: "1,234,567.5". Returns
// Invalid unless the grouping is regular, so "12,40" can never be read as 1240.
Number parseGrouped(std::string_view s)
{
    char buf[80];
    size_t n = 0;
    auto put = [&](char c) {
        if (n >= sizeof buf)
            return false;
        buf[n++] = c;
        return true;
    };

    size_t i = 0;
    size_t firstGroup = 0;
    while (i < s.size() && isDigit(s[i])) {
        if (!put(s[i]))
            return invalid();
        ++i;
        ++firstGroup;
    }
    if (firstGroup == 0 || firstGroup > 3 || s[0] == '0')
        return invalid();

    std::string_view separator;
    size_t groups = 0;
    while (i < s.size()) {
        const size_t len = separatorLength(s, i);
        if (len == 0)
            break;
        const std::string_view sep = s.substr(i, len);
        if (separator.empty())
            separator = sep;
        else if (sep != separator)
            return invalid();
        i += len;
        for (int d = 0; d < 3; ++d, ++i) {
            if (i >= s.size() || !isDigit(s[i]) || !put(s[i]))
                return invalid();
        }
        ++groups;
    }
    if (groups == 0)
        return invalid();
    if (i < s.size() && s[i] == '.') {
        if (!put('.'))
            return invalid();
        for (++i; i < s.size() && isDigit(s[i]); ++i) {
            if (!put(s[i]))
                return invalid();
        }
    }
    if (i != s.size())
        return invalid();
    return parseDecimal(std::string_view(buf, n));
}

Number parseDegreesImpl(std::string_view s, int allowed /* bit 1: N/S, bit 2: E/W */)
{
    std::string_view t = trim(s);
    // Fast path for the plain decimal degrees of nearly every row ("31.2051",
    // "-179.91"); anything else (a comma, a hemisphere letter...) takes the full road.
    if (!t.empty() && isDigit(t.back())
        && (isDigit(t.front()) || (t.front() == '-' && t.size() > 1 && isDigit(t[1])))) {
        const Number plain = parseDecimal(t);
        if (plain.status == NumberStatus::Ok)
            return plain;
    }
    if (isMissing(t))
        return {NumberStatus::Missing, 0};

    auto hemisphereOf = [](char c) -> char {
        const char u = asciiUpper(c);
        return (u == 'N' || u == 'S' || u == 'E' || u == 'W') ? u : 0;
    };
    char hemisphere = 0;
    if (char h = hemisphereOf(t.back())) {
        hemisphere = h;
        t = trim(t.substr(0, t.size() - 1));
    }
    if (!t.empty()) {
        if (char h = hemisphereOf(t.front())) {
            if (hemisphere)
                return invalid();
            hemisphere = h;
            t = trim(t.substr(1));
        }
    }
    // Degree sign (U+00B0), or the look-alike masculine ordinal (U+00BA) that some
    // keyboards produce, directly after the number.
    if (t.size() >= 2
        && (t.substr(t.size() - 2) == "\xC2\xB0" || t.substr(t.size() - 2) == "\xC2\xBA"))
        t = trim(t.substr(0, t.size() - 2));
    if (t.empty())
        return invalid();
    if (hemisphere) {
        if (t.front() == '-' || t.front() == '+')
            return invalid();
        const bool latitudeLetter = hemisphere == 'N' || hemisphere == 'S';
        if (!(allowed & (latitudeLetter ? 1 : 2)))
            return invalid();
    }

    size_t dots = 0, commas = 0;
    for (char c : t) {
        dots += c == '.';
        commas += c == ',';
    }
    Number r;
    if (dots == 0 && commas == 1) {
        char buf[64];
        if (t.size() > sizeof buf)
            return invalid();
        for (size_t i = 0; i < t.size(); ++i)
            buf[i] = t[i] == ',' ? '.' : t[i];
        r = parseDecimal(std::string_view(buf, t.size()));
    } else {
        r = parseDecimal(t);
    }
    if (r.status == NumberStatus::Ok && (hemisphere == 'S' || hemisphere == 'W'))
        r.value = -r.value;
    return r;
}

bool isApostrophe(char32_t c)
{
    return c == U'\'' || c == U'`' || c == U'\u2019' || c == U'\u2018' || c == U'\u02BC';
}

// Digits with an optional ".0" (spreadsheet float) tail; "" for anything else or zero.
std::string digitsOrEmpty(std::string_view t, bool dropSpaces)
{
    std::string out;
    size_t i = 0;
    for (; i < t.size(); ++i) {
        if (isDigit(t[i]))
            out.push_back(t[i]);
        else if (dropSpaces && t[i] == ' ')
            continue;
        else
            break;
    }
    if (i < t.size() && t[i] == '.' && !out.empty()) {
        ++i;
        const size_t zerosFrom = i;
        while (i < t.size() && t[i] == '0')
            ++i;
        if (i == zerosFrom)
            return {};
    }
    if (i != t.size() || out.find_first_not_of('0') == std::string::npos)
        return {};
    return out;
}

} // namespace

std::string_view trimSlow(std::string_view s)
{
    // Byte tests first: this runs for every field of every row.
    while (!s.empty()) {
        if (isAsciiSpace(s.front()))
            s.remove_prefix(1);
        else if (s.front() == kNbsp[0] && s.substr(0, 2) == kNbsp)
            s.remove_prefix(2);
        else
            break;
    }
    while (!s.empty()) {
        if (isAsciiSpace(s.back()))
            s.remove_suffix(1);
        else if (s.back() == kNbsp[1] && s.size() >= 2 && s.substr(s.size() - 2) == kNbsp)
            s.remove_suffix(2);
        else
            break;
    }
    return s;
}

bool isMissing(std::string_view s)
{
    const std::string_view t = trim(s);
    if (t.empty() || t == "?")
        return true;
    // Hot path: called for every value of a million-row file, and nearly all of them
    // are numbers or words that cannot be a missing-value spelling.
    if (t.front() >= '0' && t.front() <= '9')
        return false;
    if (t.find_first_not_of('-') == std::string_view::npos)
        return true;
    if (t.size() > 7)
        return false;
    static constexpr std::string_view kWords[] = {"na",   "n/a", "#n/a",   "null",
                                                  "none", "nan", "unknown"};
    for (std::string_view word : kWords) {
        if (equalsIgnoringCase(t, word))
            return true;
    }
    return false;
}

Number parseNumber(std::string_view s)
{
    const std::string_view t = trim(s);
    if (isMissing(t))
        return {NumberStatus::Missing, 0};
    return parseDecimal(t);
}

Number parseDegrees(std::string_view s)
{
    return parseDegreesImpl(s, 3);
}

Number parseDegrees(std::string_view s, Axis axis)
{
    return parseDegreesImpl(s, axis == Axis::Latitude ? 1 : 2);
}

Number parseVolume(std::string_view s)
{
    std::string_view t = trim(s);
    if (!t.empty() && isDigit(t.front()) && isDigit(t.back())) { // "12400", "12400.5"
        const Number plain = parseDecimal(t);
        if (plain.status == NumberStatus::Ok)
            return plain;
    }
    if (isMissing(t))
        return {NumberStatus::Missing, 0};

    size_t unitStart = t.size();
    while (unitStart > 0 && isAsciiAlpha(t[unitStart - 1]))
        --unitStart;
    if (unitStart < t.size()) {
        const std::string_view unit = t.substr(unitStart);
        if (!equalsIgnoringCase(unit, "bbl") && !equalsIgnoringCase(unit, "bbls")
            && !equalsIgnoringCase(unit, "barrel") && !equalsIgnoringCase(unit, "barrels"))
            return invalid();
        t = trim(t.substr(0, unitStart));
    }
    if (t.empty() || t.front() == '-')
        return invalid();
    if (t.front() == '+') {
        t.remove_prefix(1);
        if (t.empty() || t.front() == '-' || t.front() == '+')
            return invalid();
    }

    bool grouped = false;
    for (size_t i = 0; i < t.size() && !grouped; ++i)
        grouped = separatorLength(t, i) > 0;
    return grouped ? parseGrouped(t) : parseDecimal(t);
}

std::string normaliseImo(std::string_view s)
{
    std::string_view t = trim(s);
    if (isMissing(t))
        return {};
    if (t.size() >= 3 && equalsIgnoringCase(t.substr(0, 3), "imo")) {
        t = trim(t.substr(3));
        if (!t.empty() && t.front() == ':')
            t = trim(t.substr(1));
    }
    return digitsOrEmpty(t, true);
}

std::string normaliseMmsi(std::string_view s)
{
    const std::string_view t = trim(s);
    if (isMissing(t))
        return {};
    return digitsOrEmpty(t, false);
}

std::string normaliseName(std::string_view s)
{
    const std::string_view t = trim(s);
    if (isMissing(t))
        return {};

    bool ascii = true;
    for (char c : t)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;

    std::string out;
    bool gap = false;
    if (ascii) {
        out.reserve(t.size());
        for (char c : t) {
            if (isAsciiAlpha(c) || isDigit(c)) {
                if (gap && !out.empty())
                    out.push_back(' ');
                out.push_back(asciiUpper(c));
                gap = false;
            } else if (c != '\'' && c != '`') {
                gap = true;
            }
        }
        return out;
    }

    // Composed form first, so "é" written as e + U+0301 stays one letter; full upper
    // casing ("ß" -> "SS") so both spellings of a name meet.
    const QString upper = QString::fromUtf8(t.data(), static_cast<qsizetype>(t.size()))
                              .normalized(QString::NormalizationForm_C)
                              .toUpper();
    QString result;
    result.reserve(upper.size());
    bool inWord = false;
    const QList<uint> codePoints = upper.toUcs4();
    for (uint cp : codePoints) {
        const auto c = static_cast<char32_t>(cp);
        const QChar::Category cat = QChar::category(c);
        const bool mark = cat == QChar::Mark_NonSpacing || cat == QChar::Mark_SpacingCombining
            || cat == QChar::Mark_Enclosing;
        if (QChar::isLetterOrNumber(c) || (mark && inWord)) {
            if (gap && !result.isEmpty())
                result.append(QLatin1Char(' '));
            result.append(QString::fromUcs4(&c, 1));
            gap = false;
            inWord = true;
        } else if (!isApostrophe(c)) {
            gap = true;
            inWord = false;
        }
    }
    const QByteArray utf8 = result.toUtf8();
    out.assign(utf8.constData(), static_cast<size_t>(utf8.size()));
    return out;
}

} // namespace values

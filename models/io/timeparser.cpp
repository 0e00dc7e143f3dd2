#include "io/timeparser.h"

#include <cstdio>
#include <optional>

namespace timeparse {
namespace {

constexpr int64_t msPerDay = 86400000;
// java.time's bound: real zones span -12:00..+14:00, anything past 18 h is a typo or
// a corrupted field and would silently shift the event by most of a day.
constexpr int maxOffsetMinutes = 18 * 60;
constexpr int minTextYear = 1000;
constexpr int maxTextYear = 9999;
// A bare 8-digit number is only taken as YYYYMMDD inside this window, so that ids or
// counters that happen to have 8 digits are not silently turned into dates.
constexpr int minBasicDateYear = 1900;
constexpr int maxBasicDateYear = 2100;

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
inline bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trimmed(std::string_view s)
{
    size_t b = 0;
    size_t e = s.size();
    while (b < e && isSpace(s[b]))
        ++b;
    while (e > b && isSpace(s[e - 1]))
        --e;
    return s.substr(b, e - b);
}

struct Cursor
{
    const char *p;
    const char *end;

    bool atEnd() const { return p == end; }
    bool peek(char c) const { return p != end && *p == c; }
    bool peekDigit() const { return p != end && isDigit(*p); }
    bool eat(char c)
    {
        if (!peek(c))
            return false;
        ++p;
        return true;
    }
    // Exactly n digits.
    bool fixed(int n, int &out)
    {
        if (end - p < n)
            return false;
        int v = 0;
        for (int i = 0; i < n; ++i) {
            if (!isDigit(p[i]))
                return false;
            v = v * 10 + (p[i] - '0');
        }
        p += n;
        out = v;
        return true;
    }
    // minN..maxN digits; more digits than maxN is a different form, not a truncation.
    bool var(int minN, int maxN, int &out)
    {
        int v = 0;
        int n = 0;
        while (peekDigit()) {
            if (n == maxN)
                return false;
            v = v * 10 + (*p - '0');
            ++n;
            ++p;
        }
        if (n < minN)
            return false;
        out = v;
        return true;
    }
    // One or more digits of a decimal fraction, truncated (not rounded) to milliseconds
    // so that a time never moves into the next second, minute or day.
    bool fraction(int &millis)
    {
        int v = 0;
        int n = 0;
        while (peekDigit()) {
            if (n < 3)
                v = v * 10 + (*p - '0');
            ++n;
            ++p;
        }
        if (n == 0)
            return false;
        for (int i = n; i < 3; ++i)
            v *= 10;
        millis = v;
        return true;
    }
    bool eatWordNoCase(const char (&w)[4])
    {
        if (end - p < 3)
            return false;
        for (int i = 0; i < 3; ++i) {
            if ((p[i] & ~0x20) != w[i])
                return false;
        }
        p += 3;
        return true;
    }
};

struct Clock
{
    int hour = 0, minute = 0, second = 0, millis = 0;
    int offsetMinutes = 0;
};

enum class TimeStyle : uint8_t {
    Extended, // HH:MM[:SS[.f]]
    Basic, // HHMM[SS[.f]]
    Loose, // H:MM or HH:MM[:SS[.f]]: spreadsheets write "3/5/2018 9:05"
};

// Syntax of everything after the date: nothing, or a separator, a time and an optional
// zone. Values are range-checked separately so that malformed text is always
// Unparseable, whatever numbers it holds.
bool parseTail(Cursor c, TimeStyle style, bool allowT, Clock &k)
{
    if (c.atEnd())
        return true;
    if (!(c.eat(' ') || (allowT && (c.eat('T') || c.eat('t')))))
        return false;

    if (style == TimeStyle::Basic) {
        if (!c.fixed(2, k.hour) || !c.fixed(2, k.minute))
            return false;
        if (c.peekDigit()) {
            if (!c.fixed(2, k.second))
                return false;
            if ((c.eat('.') || c.eat(',')) && !c.fraction(k.millis))
                return false;
        }
    } else {
        const bool hourOk = style == TimeStyle::Loose ? c.var(1, 2, k.hour) : c.fixed(2, k.hour);
        if (!hourOk || !c.eat(':') || !c.fixed(2, k.minute))
            return false;
        if (c.eat(':')) {
            if (!c.fixed(2, k.second))
                return false;
            if ((c.eat('.') || c.eat(',')) && !c.fraction(k.millis))
                return false;
        }
    }

    // US spreadsheets write "3/5/2018 9:05 PM": a 12-hour clock, only with the loose
    // (slash and dotted) date forms. An hour outside 1..12 is kept impossible.
    if (style == TimeStyle::Loose) {
        const char *save = c.p;
        c.eat(' ');
        const auto lower = [](char ch) { return static_cast<char>(ch | 0x20); };
        if (c.end - c.p >= 2 && (lower(c.p[0]) == 'a' || lower(c.p[0]) == 'p')
            && lower(c.p[1]) == 'm' && (c.end - c.p == 2 || c.p[2] == ' ')) {
            const bool pm = lower(c.p[0]) == 'p';
            c.p += 2;
            k.hour = (k.hour < 1 || k.hour > 12) ? 99 : k.hour % 12 + (pm ? 12 : 0);
        } else {
            c.p = save;
        }
    }

    const bool spaced = c.eat(' ');
    if (c.atEnd())
        return !spaced;
    if (c.eat('Z') || c.eat('z') || c.eatWordNoCase("UTC") || c.eatWordNoCase("GMT")) {
        // UTC: offset stays 0
    } else if (c.peek('+') || c.peek('-')) {
        const int sign = *c.p == '-' ? -1 : 1;
        ++c.p;
        int oh = 0;
        int om = 0;
        if (!c.fixed(2, oh))
            return false;
        if (c.eat(':')) {
            if (!c.fixed(2, om))
                return false;
        } else if (c.peekDigit()) {
            if (!c.fixed(2, om))
                return false;
        }
        // Out-of-range parts are kept so that the range check reports Impossible.
        k.offsetMinutes = sign * (oh * 60 + (om > 59 ? maxOffsetMinutes + 1 : om));
    } else {
        return false;
    }
    return c.atEnd();
}

bool clockValid(const Clock &k)
{
    // 24:00 and leap seconds (:60) are rejected: neither appears in real AIS-derived data,
    // and accepting them would make two different strings mean the same instant.
    return k.hour <= 23 && k.minute <= 59 && k.second <= 59 && k.offsetMinutes >= -maxOffsetMinutes
        && k.offsetMinutes <= maxOffsetMinutes;
}

int64_t compose(int year, int month, int day, const Clock &k)
{
    const int64_t secs = daysFromCivil(year, month, day) * 86400 + k.hour * 3600 + k.minute * 60
        + k.second - int64_t(k.offsetMinutes) * 60;
    return secs * 1000 + k.millis;
}

Result ok(int64_t ms)
{
    Result r;
    r.status = Status::Ok;
    r.ms = ms;
    return r;
}

Result status(Status s)
{
    Result r;
    r.status = s;
    return r;
}

Result dated(Cursor c, int year, int month, int day, TimeStyle style, bool allowT)
{
    Clock k;
    if (!parseTail(c, style, allowT, k))
        return status(Status::Unparseable);
    if (year < minTextYear || year > maxTextYear || !isValidDate(year, month, day)
        || !clockValid(k))
        return status(Status::Impossible);
    return ok(compose(year, month, day, k));
}

// "2018-03-05T09:05:00Z", the form of nearly every machine-written time, straight to
// the checks and the value the general path (parseIsoExtended) gives it; nullopt for
// anything else.
std::optional<Result> parseIsoUtcSeconds(std::string_view s)
{
    if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return std::nullopt;
    const auto number = [&s](size_t at, size_t digits, int &out) {
        int v = 0;
        for (size_t i = at; i < at + digits; ++i) {
            if (!isDigit(s[i]))
                return false;
            v = v * 10 + (s[i] - '0');
        }
        out = v;
        return true;
    };
    int year = 0, month = 0, day = 0;
    Clock k;
    if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day) || !number(11, 2, k.hour)
        || !number(14, 2, k.minute) || !number(17, 2, k.second))
        return std::nullopt;
    if (year < minTextYear || year > maxTextYear || !isValidDate(year, month, day)
        || !clockValid(k))
        return status(Status::Impossible);
    return ok(compose(year, month, day, k));
}

Result parseIsoExtended(Cursor c)
{
    int y = 0, m = 0, d = 0;
    if (!c.fixed(4, y) || !c.eat('-') || !c.fixed(2, m) || !c.eat('-') || !c.fixed(2, d))
        return status(Status::Unparseable);
    return dated(c, y, m, d, TimeStyle::Extended, true);
}

Result parseIsoBasic(Cursor c)
{
    int y = 0, m = 0, d = 0;
    if (!c.fixed(4, y) || !c.fixed(2, m) || !c.fixed(2, d))
        return status(Status::Unparseable);
    return dated(c, y, m, d, TimeStyle::Basic, true);
}

Result parseYearFirstSlash(Cursor c)
{
    int y = 0, m = 0, d = 0;
    if (!c.fixed(4, y) || !c.eat('/') || !c.var(1, 2, m) || !c.eat('/') || !c.var(1, 2, d))
        return status(Status::Unparseable);
    return dated(c, y, m, d, TimeStyle::Loose, false);
}

Result parseDotted(Cursor c)
{
    int y = 0, m = 0, d = 0;
    if (!c.var(1, 2, d) || !c.eat('.') || !c.var(1, 2, m) || !c.eat('.') || !c.var(4, 4, y))
        return status(Status::Unparseable);
    return dated(c, y, m, d, TimeStyle::Loose, false);
}

Result parseSlash(Cursor c)
{
    SlashDate s;
    if (!c.var(1, 2, s.a) || !c.eat('/') || !c.var(1, 2, s.b) || !c.eat('/')
        || !c.var(4, 4, s.year))
        return status(Status::Unparseable);
    Clock k;
    if (!parseTail(c, TimeStyle::Loose, false, k))
        return status(Status::Unparseable);
    // Rejected now when no order can make it a date, so that it never counts as
    // evidence for either order.
    if (s.year < minTextYear || s.year > maxTextYear || !clockValid(k)
        || (!isValidDate(s.year, s.b, s.a) && !isValidDate(s.year, s.a, s.b)))
        return status(Status::Impossible);
    s.hour = k.hour;
    s.minute = k.minute;
    s.second = k.second;
    s.millis = k.millis;
    s.offsetMinutes = k.offsetMinutes;
    Result r;
    r.status = Status::Slash;
    r.slash = s;
    return r;
}

// Digits only, with an optional fraction: Unix time, or an 8-digit basic date.
Result parseNumber(std::string_view s, size_t intDigits)
{
    int millis = 0;
    const bool hasFraction = intDigits < s.size();
    if (hasFraction) {
        Cursor c {s.data() + intDigits, s.data() + s.size()};
        if (!c.eat('.') || !c.fraction(millis) || !c.atEnd())
            return status(Status::Unparseable);
    }
    // No accepted form has more than 13 digits; more would overflow v below.
    if (intDigits > 13)
        return status(Status::Unparseable);
    int64_t v = 0;
    for (size_t i = 0; i < intDigits; ++i)
        v = v * 10 + (s[i] - '0');

    switch (intDigits) {
    case 8: {
        const int y = int(v / 10000), m = int(v / 100 % 100), d = int(v % 100);
        if (hasFraction || y < minBasicDateYear || y > maxBasicDateYear || !isValidDate(y, m, d))
            return status(Status::Unparseable);
        return ok(daysFromCivil(y, m, d) * msPerDay);
    }
    case 9:
    case 10:
        return ok(v * 1000 + millis);
    case 12:
    case 13:
        if (hasFraction)
            return status(Status::Unparseable);
        return ok(v);
    default:
        return status(Status::Unparseable);
    }
}

void civilFromDays(int64_t z, int64_t &year, int &month, int &day)
{
    // Howard Hinnant's civil_from_days, valid for the whole int64 day range used here.
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    day = int(doy - (153 * mp + 2) / 5 + 1);
    month = int(mp < 10 ? mp + 3 : mp - 9);
    year = yoe + era * 400 + (month <= 2 ? 1 : 0);
}

QString datesOver12(int64_t n, int64_t total, const char *which)
{
    return QStringLiteral("%1 of %2 %3 %4 a %5 number over 12")
        .arg(n)
        .arg(total)
        .arg(QLatin1String(total == 1 ? "date" : "dates"))
        .arg(QLatin1String(n == 1 ? "has" : "have"))
        .arg(QLatin1String(which));
}

} // namespace

Result parse(std::string_view text)
{
    const std::string_view s = trimmed(text);
    if (s.empty())
        return status(Status::Empty);
    if (s.size() == 20)
        if (const std::optional<Result> r = parseIsoUtcSeconds(s))
            return *r;

    size_t n = 0;
    while (n < s.size() && isDigit(s[n]))
        ++n;
    if (n == s.size() || (n > 2 && s[n] == '.'))
        return parseNumber(s, n);

    const Cursor c {s.data(), s.data() + s.size()};
    const char next = s[n];
    switch (n) {
    case 1:
    case 2:
        if (next == '/')
            return parseSlash(c);
        if (next == '.')
            return parseDotted(c);
        break;
    case 4:
        if (next == '-')
            return parseIsoExtended(c);
        if (next == '/')
            return parseYearFirstSlash(c);
        break;
    case 8:
        if (next == 'T' || next == 't')
            return parseIsoBasic(c);
        break;
    default:
        break;
    }
    return status(Status::Unparseable);
}

Result resolve(const SlashDate &d, DateOrder order)
{
    if (order == DateOrder::Unknown)
        return status(Status::Impossible);
    const int day = order == DateOrder::DayFirst ? d.a : d.b;
    const int month = order == DateOrder::DayFirst ? d.b : d.a;
    Clock k;
    k.hour = d.hour;
    k.minute = d.minute;
    k.second = d.second;
    k.millis = d.millis;
    k.offsetMinutes = d.offsetMinutes;
    if (d.year < minTextYear || d.year > maxTextYear || !isValidDate(d.year, month, day)
        || !clockValid(k) || d.millis < 0 || d.millis > 999)
        return status(Status::Impossible);
    return ok(compose(d.year, month, day, k));
}

int64_t daysFromCivil(int year, int month, int day)
{
    // Howard Hinnant's days_from_civil: March-based years put the leap day last, so the
    // day of year is a closed formula.
    const int64_t y = int64_t(year) - (month <= 2 ? 1 : 0);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool isValidDate(int year, int month, int day)
{
    if (month < 1 || month > 12 || day < 1)
        return false;
    static constexpr int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = month == 2 && leap ? 29 : lengths[month - 1];
    return day <= last;
}

void OrderEvidence::observe(const SlashDate &d)
{
    ++total;
    if (d.a > 12)
        ++firstOver12;
    if (d.b > 12)
        ++secondOver12;
}

void OrderEvidence::merge(const OrderEvidence &o)
{
    total += o.total;
    firstOver12 += o.firstOver12;
    secondOver12 += o.secondOver12;
}

OrderDecision decideDateOrder(const OrderEvidence &e)
{
    const QString dayFirst = QStringLiteral("day first (dd/mm/yyyy)");
    const QString monthFirst = QStringLiteral("month first (mm/dd/yyyy)");
    OrderDecision out;
    if (e.firstOver12 == 0 && e.secondOver12 == 0) {
        out.order = DateOrder::DayFirst;
        out.explanation = e.total == 0
            ? QStringLiteral("no a/b/yyyy dates; assumed %1").arg(dayFirst)
            : QStringLiteral("ambiguous: no number over 12 in %1 %2; assumed %3")
                  .arg(e.total)
                  .arg(QLatin1String(e.total == 1 ? "date" : "dates"), dayFirst);
        return out;
    }
    if (e.secondOver12 == 0) {
        out.order = DateOrder::DayFirst;
        out.explanation =
            dayFirst + QStringLiteral(": ") + datesOver12(e.firstOver12, e.total, "first");
        return out;
    }
    if (e.firstOver12 == 0) {
        out.order = DateOrder::MonthFirst;
        out.explanation =
            monthFirst + QStringLiteral(": ") + datesOver12(e.secondOver12, e.total, "second");
        return out;
    }

    // Both kinds occur: the file mixes conventions (or holds garbage). Ties go to the
    // international convention, like the no-evidence case.
    const bool monthWins = e.secondOver12 > e.firstOver12;
    out.order = monthWins ? DateOrder::MonthFirst : DateOrder::DayFirst;
    const int64_t losers = monthWins ? e.firstOver12 : e.secondOver12;
    const QString why = e.firstOver12 == e.secondOver12
        ? QStringLiteral("the evidence is equal, so assumed %1").arg(dayFirst)
        : QStringLiteral("using %1, which has more evidence")
              .arg(monthWins ? monthFirst : dayFirst);
    out.explanation = QStringLiteral("conflicting: %1 but %2 %3 a second number over 12; %4, "
                                     "and rejecting %5 %6 %7")
                          .arg(datesOver12(e.firstOver12, e.total, "first"))
                          .arg(e.secondOver12)
                          .arg(QLatin1String(e.secondOver12 == 1 ? "has" : "have"), why)
                          .arg(losers)
                          .arg(QLatin1String(monthWins ? "day-first" : "month-first"),
                               QLatin1String(losers == 1 ? "date" : "dates"));
    return out;
}

QString toIso(int64_t ms)
{
    // Floor division: -1 ms is 1969-12-31T23:59:59.999Z, not 1970-01-01T00:00:00.-001.
    int64_t days = ms / msPerDay;
    int64_t rem = ms % msPerDay;
    if (rem < 0) {
        rem += msPerDay;
        --days;
    }
    int64_t year = 0;
    int month = 0, day = 0;
    civilFromDays(days, year, month, day);
    const int millis = int(rem % 1000);
    const int secs = int(rem / 1000);
    char buf[64];
    // Years outside 0..9999 use ISO 8601's expanded form with an explicit sign.
    const bool plain = year >= 0 && year <= 9999;
    int n = std::snprintf(
        buf, sizeof buf,
        plain ? "%04lld-%02d-%02dT%02d:%02d:%02d" : "%+05lld-%02d-%02dT%02d:%02d:%02d",
        static_cast<long long>(year), month, day, secs / 3600, secs / 60 % 60, secs % 60);
    if (millis != 0)
        n += std::snprintf(buf + n, sizeof buf - size_t(n), ".%03d", millis);
    buf[n++] = 'Z';
    return QString::fromLatin1(buf, n);
}

} // namespace timeparse

#pragma once

#include <QString>

#include <cstdint>
#include <string_view>

// Parses the time forms found in transfer-event files into UTC milliseconds since
// the Unix epoch. Pure functions, no allocation on the hot path (the fast CSV reader
// calls this for every row on both cores).
//
// Accepted forms (leading/trailing spaces ignored):
//   ISO 8601: 2018-03-05T12:34:56Z, 2018-03-05T12:34:56.789+09:00, +0900, +09, -05:30,
//             'T' or one space between date and time, seconds and fraction optional,
//             no zone = UTC, a trailing " UTC" or " GMT" = UTC, basic form 20180305T123456Z
//   YYYY-MM-DD HH:MM[:SS[.fff]]            (UTC)
//   YYYY-MM-DD                             (date only: 00:00 UTC)
//   YYYYMMDD                               (8 digits: date only, only when a valid date
//                                           in 1900..2100; any other 8-digit number is
//                                           Unparseable)
//   YYYY/MM/DD[ HH:MM[:SS[.fff]]][+HH]     (year first; OGR writes this,
//                                           e.g. "2018/03/05 12:00:00+00")
//   dd.mm.yyyy[ HH:MM[:SS]]                (always day first)
//   a/b/yyyy[ HH:MM[:SS[.fff]]][ AM|PM]    (day-first or month-first: decided per column,
//                                           see SlashDate / decideDateOrder)
//   Unix seconds (9-10 integer digits, optional fraction) or milliseconds (12-13 digits,
//   no fraction). No sign: negative Unix times are rejected.
// Details shared by all textual forms: years 1000..9999; month and day take 1-2 digits
// and the hour 1-2 digits in the slash and dotted forms (exactly 2 in ISO forms);
// fractions (after '.' or ',', seconds only) of any length are truncated to ms; a zone
// (Z/z, +HH, +HHMM, +HH:MM, -..., UTC, GMT, case-insensitive) may follow the time,
// optionally after one space, but never a date without a time; a zone beyond +-18:00,
// hour 24 and second 60 are Impossible.
// Anything else is rejected. Malformed text is Unparseable even when it holds an
// impossible number; Impossible is only for well-formed text.
namespace timeparse {

enum class DateOrder : uint8_t { Unknown, DayFirst, MonthFirst };

enum class Status : uint8_t {
    Empty, // blank field
    Ok, // ms is valid
    Slash, // a/b/yyyy form: resolve() once the column's DateOrder is known
    Unparseable, // not a time form we know
    Impossible, // right form, impossible value (2018-02-30, 25:00, month 13, zone +25:00)
};

// The a/b/yyyy form kept until its column's order is decided.
struct SlashDate
{
    int a = 0, b = 0, year = 0;
    int hour = 0, minute = 0, second = 0, millis = 0;
    int offsetMinutes = 0; // from a trailing zone designator, if any
};

struct Result
{
    Status status = Status::Empty;
    int64_t ms = 0; // when Ok
    SlashDate slash; // when Slash
};

Result parse(std::string_view text);

// Resolves a slash date: Ok with ms, or Impossible (e.g. 13/25/2018 either way, or
// 31/04/2018 day-first). order must not be Unknown (Unknown gives Impossible).
// parse() already returns Impossible for a/b/yyyy text that is a date in neither order,
// so every Slash result is a valid date in at least one order.
Result resolve(const SlashDate &d, DateOrder order);

// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
int64_t daysFromCivil(int year, int month, int day);
bool isValidDate(int year, int month, int day);

// Evidence about one column's slash dates, gathered while reading (mergeable across
// threads) and turned into a decision when the file is read.
struct OrderEvidence
{
    int64_t total = 0; // slash dates seen
    int64_t firstOver12 = 0; // a > 12: only day-first can be right
    int64_t secondOver12 = 0; // b > 12: only month-first can be right
    void observe(const SlashDate &d);
    void merge(const OrderEvidence &o);
};

struct OrderDecision
{
    DateOrder order = DateOrder::DayFirst;
    QString explanation; // e.g. "dd/mm/yyyy (day first): 12 of 50 dates have a day over 12"
};
// Day-first when any first number exceeds 12 and no second one does; month-first
// in the mirror case; when both occur, the larger evidence wins and the rows that
// contradict it are rejected by resolve(); with no evidence at all, day-first (the
// international convention) and the explanation says it was assumed.
OrderDecision decideDateOrder(const OrderEvidence &e);

// Formats ms as ISO 8601 UTC: 2018-03-05T12:34:56Z (".789" added only when ms % 1000 != 0).
// parse(toIso(ms)) == ms for every ms in years 1000..9999, before 1970 included; years
// outside 0..9999 are written in ISO's expanded form (+10000-01-01T00:00:00Z).
QString toIso(int64_t ms);

} // namespace timeparse

#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Parsing of the non-time values of a transfer-event row. Pure functions on UTF-8
// views, called for every row of a million-row file: no allocation unless noted.
namespace values {

// Strips ASCII white space and UTF-8 no-break spaces (U+00A0, which spreadsheets
// leave behind) from both ends.
std::string_view trimSlow(std::string_view s);
// Leading and trailing ASCII white space and no-break spaces removed. Inline for the
// common case of a value with nothing to trim: it runs for every field of every row.
inline std::string_view trim(std::string_view s)
{
    if (s.empty())
        return s;
    const auto edge = [](unsigned char c) { return c <= ' ' || c == 0xC2 || c == 0xA0; };
    if (!edge(static_cast<unsigned char>(s.front())) && !edge(static_cast<unsigned char>(s.back())))
        return s;
    return trimSlow(s);
}

// True for the spellings people use for "no value": empty, "NA", "N/A", "n/a", "null",
// "NULL", "none", "None", "NaN", "nan", "-", "--", "?", "unknown", "Unknown" (after trim).
// The word forms match in any case ("NONE", "Null", "UNKNOWN"); also any run of dashes
// ("---") and Excel's "#N/A".
bool isMissing(std::string_view s);

enum class NumberStatus : uint8_t { Ok, Missing, Invalid };
struct Number
{
    NumberStatus status = NumberStatus::Missing;
    double value = 0;
};

// Decimal number with std::from_chars: optional sign, optional exponent. Infinity and
// NaN spellings are Missing (isMissing) or Invalid, never a value.
Number parseNumber(std::string_view s);

// Latitude/longitude in decimal degrees. Also accepts a trailing or leading hemisphere
// letter (N/S/E/W, e.g. "38.5N", "W 124.2") and a decimal comma when the text holds no
// dot and exactly one comma ("38,5"). Range checks are the caller's.
// Also: lower-case hemisphere letters, a degree sign right after the number ("38.5°N").
// A sign together with a hemisphere letter ("-38.5S"), or letters on both ends, is
// Invalid; so is anything in degrees-minutes form ("38°30'N").
Number parseDegrees(std::string_view s);
// The same, but a hemisphere letter of the other axis is Invalid ("38.5E" is no
// latitude), so a swapped column cannot pass unnoticed.
enum class Axis : uint8_t { Latitude, Longitude };
Number parseDegrees(std::string_view s, Axis axis);

// Volume in barrels: plain numbers, thousands separators ("12,400", "1,234,567.5",
// also with spaces or underscores), a trailing unit word ("12400 bbl", "12,400 barrels").
// Missing spellings -> Missing; negative -> Invalid.
// Grouping must be regular (first group 1-3 digits not starting with 0, then groups of
// exactly 3, one separator kind): "12,40", "1,2345" and "1.234,5" are Invalid, never
// guessed at. Unit words: bbl, bbls, barrel, barrels (any case); any other unit ("t",
// "m3", "kbbl") is Invalid.
Number parseVolume(std::string_view s);

// IMO number: digits only, "IMO" prefix and spaces removed ("IMO 9123456" -> "9123456").
// Missing spellings, all-zero values ("0", "IMO0000000") and non-numbers give "".
// A trailing ".0" from spreadsheet exports is dropped ("9123456.0" -> "9123456").
// "IMO:" is accepted as a prefix too. Leading zeros are kept and the check digit is not
// verified: the value is reported as given.
std::string normaliseImo(std::string_view s);
// MMSI: digits only, ".0" suffix dropped, "0"/all-zero/missing -> "".
std::string normaliseMmsi(std::string_view s);
// Vessel name for identity matching: upper case, letters and digits only, single
// spaces ("Yu Jong-2" -> "YU JONG 2"; "  yu  jong 2 " -> "YU JONG 2"). UTF-8 safe:
// non-ASCII letters are kept (upper-cased through QString).
// Apostrophes vanish without leaving a space ("St. Mary's" -> "ST MARYS"), so
// "MARY'S" and "MARYS" match; combining marks stay with their letter. Missing
// spellings give "".
std::string normaliseName(std::string_view s);

} // namespace values

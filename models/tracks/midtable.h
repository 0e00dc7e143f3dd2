#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <string_view>
#include <vector>

// Flags from MMSIs: the ITU Maritime Identification Digits (MID) table
// (tracks/data/mid.csv, compiled in) and the MMSI forms of Rec. ITU-R M.585 that carry
// a MID. A flag derived this way is what the vessel's radio licence says, not a
// registry's record: a vessel that re-flags keeps its old MMSI until it is re-licensed.
namespace mid {

// One allocated MID. The views point into the compiled-in table (static storage).
struct Entry
{
    int mid = 0; // 201..775
    std::string_view iso2; // ISO 3166-1 alpha-2, as event files write flags ("PA")
    std::string_view iso3; // alpha-3 ("PAN"), as GFW exports write them
    std::string_view country; // short English name ("Panama", "Portugal (Azores)")
};

// What an MMSI's digits say about its station.
enum class Kind : uint8_t {
    Ship, // MIDxxxxxx, first digit 2..7
    Group, // 0MIDxxxxx: a group of ship stations
    CoastStation, // 00MIDxxxx
    SarAircraft, // 111MIDxxx
    Handheld, // 8MIDxxxxx: handheld VHF with DSC and GNSS
    AuxiliaryCraft, // 98MIDxxxx: a craft associated with a parent ship
    AidToNavigation, // 99MIDxxxx
    Sart, // 970xxxxxx: AIS search and rescue transmitter (no MID)
    ManOverboard, // 972xxxxxx (no MID)
    Epirb, // 974xxxxxx: EPIRB-AIS (no MID)
    Other, // nine digits in no form that carries a MID (1xxxxxxxx, 9xxxxxxxx...)
    Malformed, // not nine digits
};

enum class Status : uint8_t {
    Flag, // the MID is allocated: country and codes are set
    UnallocatedMid, // a form with a MID, but ITU has not allocated that MID
    NoMid, // nine digits, but a form without a MID (SART, MOB, EPIRB, other)
    Malformed, // not nine digits: never guessed
};

struct Flag
{
    Status status = Status::Malformed;
    Kind kind = Kind::Malformed;
    int mid = 0; // the MID read from the digits (0 when the form has none)
    std::string_view iso2, iso3, country; // set when status == Status::Flag
    bool ok() const { return status == Status::Flag; }
};

// An MMSI as written (ASCII spaces around it ignored): exactly nine digits, or
// Status::Malformed.
Flag flagOf(std::string_view mmsi);
// An MMSI as AIS carries it (a number; leading zeros are part of the nine digits, so
// 2000080 is the coast station 002000080). Values above 999999999 are malformed.
Flag flagOf(uint32_t mmsi);

// The allocated MID, or nullptr.
const Entry *lookup(int mid);
// Every allocated MID, in MID order.
const std::vector<Entry> &entries();

// "unallocated MID", "not nine digits"... for messages and tooltips; "" for a flag.
QString statusText(Status status);
QString kindText(Kind kind); // "ship", "coast station"...

// The table's text as compiled in, and its parser (the tests read every row with it).
std::string_view embeddedCsv();
struct ParseResult
{
    std::vector<Entry> entries; // views into the parsed text
    QStringList errors; // "line 12: ..." for every row that does not parse
};
ParseResult parse(std::string_view csv);

} // namespace mid

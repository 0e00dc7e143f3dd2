#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

// AIS message payloads (ITU-R M.1371): the 6-bit armoured text of one reassembled
// !AIVDM/!AIVDO message, decoded into the fields a vessel track needs.
namespace nmea {

// What one message said. Fields a type does not carry keep their defaults.
struct AisMessage
{
    int type = 0; // 1..27
    int repeat = 0;
    uint32_t mmsi = 0; // 30 bits as sent; 9 digits for a vessel (see validMmsi)

    // Position reports: types 1, 2, 3 (class A), 18, 19 (class B), 27 (long range).
    bool hasPosition = false;
    int status = -1; // navigational status 0..15 (types 1-3 and 27), -1 otherwise
    // Degrees as sent, 91 / 181 included (positionAvailable() says).
    double lat = NAN, lon = NAN;
    float sog = NAN, cog = NAN, heading = NAN; // knots, degrees; NaN = not available
    bool positionAvailable() const { return hasPosition && lat != 91.0 && lon != 181.0; }

    // Static and voyage data: types 5, 19, 24 (part A: name; part B: the rest).
    bool hasStatic = false;
    int part = -1; // type 24: 0 = A, 1 = B; -1 for other types
    std::string imo; // digits, "" when 0 (not available); type 5 only
    std::string name, callSign; // '@' padding and surrounding blanks removed
    int shipType = -1; // 1..99, -1 when 0 (not available) or not an ITU value
    // Distances from the reference point in metres, -1 when not sent. All -1 for an
    // auxiliary craft's type 24 B (MMSI 98xxxxxxx), whose bits give its mother ship.
    int toBow = -1, toStern = -1, toPort = -1, toStarboard = -1;
    uint32_t motherShip = 0; // type 24 B of an auxiliary craft
    // Length (bow + stern) and width (port + starboard) in metres, NaN when not given.
    float length() const;
    float width() const;
};

enum class DecodeStatus {
    Ok, // a type this decoder reads (1, 2, 3, 5, 18, 19, 24, 27)
    OtherType, // a valid message of another type: `type` is set, nothing else
    Error, // bad character, fill bits, or too short for its type: see reason
};

// Decodes the armoured payload ('0'..'W', '`'..'w', six bits each) whose last
// `fillBits` (0..5) bits are padding.
DecodeStatus decodePayload(std::string_view payload, int fillBits, AisMessage &out,
                           std::string *reason = nullptr);

// The inverse, for tests and the fuzzer: the armoured text of `bits` bits given as
// '0'/'1' characters, and the fill bits it needs.
std::string armour(std::string_view bits, int *fillBits);

// A ship's MMSI has nine digits (100000000..999999999).
inline bool validMmsi(uint32_t mmsi)
{
    return mmsi >= 100000000 && mmsi <= 999999999;
}

} // namespace nmea

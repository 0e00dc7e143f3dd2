#include "ais/nmeapayload.h"

#include <vector>

namespace nmea {

namespace {

// The payload as bits, read by offset and width (big-endian within the message).
class Bits
{
public:
    bool load(std::string_view payload, int fillBits, std::string *reason)
    {
        m_six.resize(payload.size());
        for (size_t i = 0; i < payload.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(payload[i]);
            if (c < '0' || c > 'w' || (c > 'W' && c < '`')) {
                if (reason) {
                    *reason = c >= 0x20 && c < 0x7F
                        ? "bad payload character '" + std::string(1, char(c)) + "'"
                        : "bad payload byte " + std::to_string(unsigned(c));
                }
                return false;
            }
            unsigned v = c - 48u;
            if (v > 40)
                v -= 8;
            m_six[i] = uint8_t(v);
        }
        if (fillBits < 0 || fillBits > 5 || size_t(fillBits) > 6 * payload.size()) {
            if (reason)
                *reason = "bad fill bits " + std::to_string(fillBits);
            return false;
        }
        m_size = 6 * payload.size() - size_t(fillBits);
        return true;
    }
    size_t size() const { return m_size; }
    uint32_t u(size_t start, int width) const
    {
        uint32_t v = 0;
        for (int i = 0; i < width; ++i) {
            const size_t b = start + size_t(i);
            v = (v << 1) | ((m_six[b / 6] >> (5 - b % 6)) & 1u);
        }
        return v;
    }
    int32_t s(size_t start, int width) const
    {
        const uint32_t v = u(start, width);
        const uint32_t sign = 1u << (width - 1);
        return int32_t(v ^ sign) - int32_t(sign);
    }
    // Six-bit ASCII text: cut at the first '@' (AIS padding), blanks trimmed both sides.
    std::string text(size_t start, int chars) const
    {
        std::string out;
        for (int i = 0; i < chars; ++i) {
            const uint32_t v = u(start + size_t(6 * i), 6);
            if (v == 0)
                break; // '@'
            out += char(v < 32 ? v + 64 : v);
        }
        const size_t first = out.find_first_not_of(' ');
        if (first == std::string::npos)
            return {};
        return out.substr(first, out.find_last_not_of(' ') - first + 1);
    }

private:
    std::vector<uint8_t> m_six;
    size_t m_size = 0;
};

float knots10(uint32_t v) // 1023 = not available (1022 means 102.2 knots or more)
{
    return v == 1023 ? NAN : float(v) * 0.1f;
}
float course10(uint32_t v) // 3600 = not available, above is not a course
{
    return v >= 3600 ? NAN : float(v) * 0.1f;
}
float headingDeg(uint32_t v) // 511 = not available, 360..510 are not headings
{
    return v >= 360 ? NAN : float(v);
}

void dimensions(const Bits &b, size_t at, AisMessage &m)
{
    m.toBow = int(b.u(at, 9));
    m.toStern = int(b.u(at + 9, 9));
    m.toPort = int(b.u(at + 18, 6));
    m.toStarboard = int(b.u(at + 24, 6));
}

int shipTypeOf(uint32_t v)
{
    return v >= 1 && v <= 99 ? int(v) : -1;
}

// Bits a type needs to be decoded up to the last field read here.
size_t neededBits(int type, int part)
{
    switch (type) {
    case 1:
    case 2:
    case 3:
        return 137; // up to the heading
    case 18:
        return 133;
    case 19:
        return 301; // up to the dimensions
    case 27:
        return 94; // up to the course
    case 5:
        return 270;
    case 24:
        return part == 0 ? 160 : 162;
    default:
        return 38;
    }
}

} // namespace

float AisMessage::length() const
{
    return toBow >= 0 && toStern >= 0 && toBow + toStern > 0 ? float(toBow + toStern) : NAN;
}

float AisMessage::width() const
{
    return toPort >= 0 && toStarboard >= 0 && toPort + toStarboard > 0 ? float(toPort + toStarboard)
                                                                       : NAN;
}

DecodeStatus decodePayload(std::string_view payload, int fillBits, AisMessage &out,
                           std::string *reason)
{
    out = AisMessage();
    Bits b;
    if (!b.load(payload, fillBits, reason))
        return DecodeStatus::Error;
    if (b.size() < 6) {
        if (reason)
            *reason = "empty payload";
        return DecodeStatus::Error;
    }
    out.type = int(b.u(0, 6));
    const bool known = (out.type >= 1 && out.type <= 3) || out.type == 5 || out.type == 18
        || out.type == 19 || out.type == 24 || out.type == 27;
    if (!known)
        return DecodeStatus::OtherType;
    if (b.size() >= 40 && out.type == 24)
        out.part = int(b.u(38, 2));
    const size_t need = neededBits(out.type, out.part);
    if (b.size() < need) {
        if (reason) {
            *reason = "message type " + std::to_string(out.type) + " too short ("
                + std::to_string(b.size()) + " bits, needs " + std::to_string(need) + ")";
        }
        return DecodeStatus::Error;
    }
    out.repeat = int(b.u(6, 2));
    out.mmsi = b.u(8, 30);

    switch (out.type) {
    case 1:
    case 2:
    case 3:
        out.hasPosition = true;
        out.status = int(b.u(38, 4));
        out.sog = knots10(b.u(50, 10));
        out.lon = b.s(61, 28) / 600000.0;
        out.lat = b.s(89, 27) / 600000.0;
        out.cog = course10(b.u(116, 12));
        out.heading = headingDeg(b.u(128, 9));
        break;
    case 18:
    case 19:
        out.hasPosition = true;
        out.sog = knots10(b.u(46, 10));
        out.lon = b.s(57, 28) / 600000.0;
        out.lat = b.s(85, 27) / 600000.0;
        out.cog = course10(b.u(112, 12));
        out.heading = headingDeg(b.u(124, 9));
        if (out.type == 19) {
            out.hasStatic = true;
            out.name = b.text(143, 20);
            out.shipType = shipTypeOf(b.u(263, 8));
            dimensions(b, 271, out);
        }
        break;
    case 27: {
        // Long range: positions in 1/10 minute, speed in knots, course in degrees.
        out.hasPosition = true;
        out.status = int(b.u(40, 4));
        out.lon = b.s(44, 18) / 600.0;
        out.lat = b.s(62, 17) / 600.0;
        const uint32_t sog = b.u(79, 6), cog = b.u(85, 9);
        out.sog = sog == 63 ? NAN : float(sog);
        out.cog = cog >= 360 ? NAN : float(cog);
        break;
    }
    case 5: {
        out.hasStatic = true;
        const uint32_t imo = b.u(40, 30);
        out.imo = imo == 0 ? std::string() : std::to_string(imo);
        out.callSign = b.text(70, 7);
        out.name = b.text(112, 20);
        out.shipType = shipTypeOf(b.u(232, 8));
        dimensions(b, 240, out);
        break;
    }
    case 24:
        out.hasStatic = true;
        if (out.part == 0) {
            out.name = b.text(40, 20);
        } else if (out.part == 1) {
            out.shipType = shipTypeOf(b.u(40, 8));
            out.callSign = b.text(90, 7);
            // An auxiliary craft (98xxxxxxx) sends its mother ship's MMSI in place of
            // its dimensions.
            if (out.mmsi / 10000000 == 98)
                out.motherShip = b.u(132, 30);
            else
                dimensions(b, 132, out);
        } else {
            if (reason)
                *reason = "message type 24 with part number " + std::to_string(out.part)
                    + " (only A = 0 and B = 1 exist)";
            return DecodeStatus::Error;
        }
        break;
    default:
        break;
    }
    return DecodeStatus::Ok;
}

std::string armour(std::string_view bits, int *fillBits)
{
    const size_t chars = (bits.size() + 5) / 6;
    if (fillBits)
        *fillBits = int(chars * 6 - bits.size());
    std::string out;
    out.reserve(chars);
    for (size_t i = 0; i < chars; ++i) {
        unsigned v = 0;
        for (size_t k = 0; k < 6; ++k) {
            const size_t at = i * 6 + k;
            v = (v << 1) | (at < bits.size() && bits[at] == '1' ? 1u : 0u);
        }
        out += char(v < 40 ? v + 48 : v + 56);
    }
    return out;
}

} // namespace nmea

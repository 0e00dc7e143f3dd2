#include "aisrow.h"

#include "ais/aisvalues.h"
#include "io/textscan.h"
#include "io/valueparsers.h"

#include <cmath>
#include <cstring>

namespace ais {

namespace {

QString quoted(std::string_view s)
{
    constexpr size_t kMax = 60; // a runaway field must not make a message of megabytes
    const QString text = QString::fromUtf8(s.data(), qsizetype(std::min(s.size(), kMax)));
    return QLatin1Char('\'') + text
        + (s.size() > kMax ? QStringLiteral("…'") : QStringLiteral("'"));
}

bool isMissing(std::string_view s)
{
    return s.empty() || values::isMissing(s);
}

// A number, or nothing when missing; false when the text is no number.
bool number(std::string_view s, double &out)
{
    if (aisvalues::fixedPoint(s, out))
        return true;
    const values::Number n = values::parseNumber(s);
    if (n.status != values::NumberStatus::Ok)
        return false;
    out = n.value;
    return true;
}

// The DMA's ship type words, as the AIS ship-and-cargo code they stand for (first
// code of each range; "Undefined" and unknown words give -1).
int dmaShipType(std::string_view s)
{
    struct Word
    {
        const char *text;
        int code;
    };
    static const Word kWords[] = {
        {"Wing in ground", 20},
        {"Fishing", 30},
        {"Towing", 31},
        {"Towing long/wide", 32},
        {"Dredging", 33},
        {"Diving", 34},
        {"Military", 35},
        {"Sailing", 36},
        {"Pleasure", 37},
        {"HSC", 40},
        {"Pilot", 50},
        {"SAR", 51},
        {"Tug", 52},
        {"Port tender", 53},
        {"Anti-pollution", 54},
        {"Law enforcement", 55},
        {"Medical", 58},
        {"Not party to conflict", 59},
        {"Passenger", 60},
        {"Cargo", 70},
        {"Tanker", 80},
        {"Other", 90},
    };
    for (const Word &w : kWords) {
        if (s == w.text)
            return w.code;
    }
    return -1;
}

// Text for an identity string: trimmed, AIS '@' padding removed, Latin-1 read as such.
void assignText(std::string &out, std::string_view s)
{
    while (!s.empty() && (s.back() == '@' || s.back() == ' '))
        s.remove_suffix(1);
    s = values::trim(s);
    if (isMissing(s)) {
        out.clear();
        return;
    }
    bool ascii = true;
    for (char c : s)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii || text::isValidUtf8(s))
        out.assign(s.data(), s.size());
    else
        out = QString::fromLatin1(s.data(), qsizetype(s.size())).toStdString();
}

// a == b, 8 bytes at a time: identity stretches are a few dozen bytes, where a call
// to memcmp costs more than the compare.
bool sameText(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    size_t i = 0;
    uint64_t diff = 0;
    for (; i + 8 <= a.size(); i += 8) {
        uint64_t x, y;
        std::memcpy(&x, a.data() + i, 8);
        std::memcpy(&y, b.data() + i, 8);
        diff |= x ^ y;
    }
    for (; i < a.size(); ++i)
        diff |= uint64_t(uint8_t(a[i]) ^ uint8_t(b[i]));
    return diff == 0;
}

// A speed or course in tenths: a plain decimal with at most one digit after the point
// is its tenths exactly (0..max, else not available); any other text goes through the
// general parser and `slow`, which packs a value as the store does.
template<typename Slow> uint16_t tenths(std::string_view s, int64_t max, const Slow &slow)
{
    aisvalues::Decimal d;
    int64_t t = 0;
    if (aisvalues::decimal(s, d) && aisvalues::scaled(d, 1, t))
        return t >= 0 && t <= max ? uint16_t(t) : TrackStore::kNoValue;
    double v = 0;
    return number(s, v) ? slow(v) : TrackStore::kNoValue;
}

// A heading in whole degrees, 0..<360 rounded to nearest (359.5 is 0); else not available.
uint16_t heading(std::string_view s)
{
    aisvalues::Decimal d;
    int64_t t = 0;
    if (aisvalues::decimal(s, d) && aisvalues::scaled(d, 1, t))
        return t >= 0 && t < 3600 ? uint16_t(((t + 5) / 10) % 360) : TrackStore::kNoValue;
    double v = 0;
    return number(s, v) && v >= 0 && v < 360 ? TrackBuilder::packHeading(float(v))
                                             : TrackStore::kNoValue;
}

} // namespace

void RowStats::merge(RowStats &&o)
{
    records += o.records;
    loaded += o.loaded;
    decimalComma += o.decimalComma;
    identityWithoutPosition += o.identityWithoutPosition;
    repairedCommaRows += o.repairedCommaRows;
    shortRows.insert(shortRows.end(), o.shortRows.begin(), o.shortRows.end());
    for (size_t i = 0; i < timeForms.size(); ++i)
        timeForms[i] += o.timeForms[i];
    rejections.insert(rejections.end(), std::make_move_iterator(o.rejections.begin()),
                      std::make_move_iterator(o.rejections.end()));
}

RowReader::RowReader(const TableFormat &format, TrackBuilder &builder, uint16_t file,
                     RowStats &stats)
    : m_format(format), m_builder(builder), m_file(file), m_stats(stats), m_cache(kCacheSlots)
{ }

void RowReader::reject(uint32_t row, QString reason)
{
    m_stats.rejections.push_back(Rejection {row, std::move(reason)});
}

bool RowReader::time(std::string_view s, int64_t &ms, QString &reason)
{
    if (aisvalues::isoSeconds(s, ms)) {
        ++m_stats.timeForms[IsoSeconds];
        return true;
    }
    if (m_format.slashOrder == timeparse::DateOrder::DayFirst && aisvalues::dmaSeconds(s, ms)) {
        ++m_stats.timeForms[DaySlash];
        return true;
    }
    if (isMissing(s)) {
        reason = QStringLiteral("no time");
        return false;
    }
    timeparse::Result r = timeparse::parse(s);
    if (r.status == timeparse::Status::Slash) {
        r = timeparse::resolve(r.slash, m_format.slashOrder);
        if (r.status == timeparse::Status::Ok) {
            ++m_stats.timeForms[SlashResolved];
            ms = r.ms;
            return true;
        }
        reason = QStringLiteral("impossible date %1 read %2")
                     .arg(quoted(s),
                          m_format.slashOrder == timeparse::DateOrder::MonthFirst
                              ? QStringLiteral("month first")
                              : QStringLiteral("day first"));
        return false;
    }
    if (r.status == timeparse::Status::Ok) {
        ++m_stats.timeForms[EpochOrOther];
        ms = r.ms;
        return true;
    }
    reason = r.status == timeparse::Status::Impossible
        ? QStringLiteral("impossible time %1").arg(quoted(s))
        : QStringLiteral("bad time %1 (not a date and time)").arg(quoted(s));
    return false;
}

uint32_t RowReader::vessel(uint32_t mmsi, std::string_view id)
{
    if (mmsi == 0)
        return m_builder.vesselById(id);
    CacheSlot &slot = m_cache[(mmsi * 2654435761u) >> (32 - kCacheBits)];
    if (slot.mmsi != mmsi) {
        slot.mmsi = mmsi;
        slot.vessel = m_builder.vesselByMmsi(mmsi);
    }
    return slot.vessel;
}

// Fills m_identity; true when the row says anything about the vessel's identity.
bool RowReader::readIdentity(const std::string_view *f, size_t count, float &length, float &width)
{
    std::string_view imo = field(f, count, AisField::Imo);
    if (imo.size() == 10 && imo.substr(0, 3) == "IMO")
        imo.remove_prefix(3); // MarineCadastre's form, without an allocation
    if (isMissing(imo))
        m_identity.imo.clear();
    else if (imo.size() == 7 && imo.find_first_not_of("0123456789") == std::string_view::npos)
        m_identity.imo.assign(imo == "0000000" ? std::string_view() : imo);
    else
        m_identity.imo = values::normaliseImo(imo);
    assignText(m_identity.name, field(f, count, AisField::Name));
    assignText(m_identity.callSign, field(f, count, AisField::CallSign));
    assignText(m_identity.flag, field(f, count, AisField::Flag));
    m_identity.shipType = -1;
    const std::string_view type = field(f, count, AisField::ShipType);
    double v = 0;
    if (!type.empty()) {
        if (number(type, v))
            m_identity.shipType =
                v >= 1 && v <= 99 && v == std::floor(v) ? int(v) : -1; // 0: not available
        else
            m_identity.shipType = dmaShipType(type);
    }
    // AIS sends 0 for a dimension it does not know.
    const auto dimension = [&](AisField which) {
        double d = 0;
        return number(field(f, count, which), d) && d > 0 && d < 1000 ? float(d) : NAN;
    };
    length = dimension(AisField::Length);
    width = dimension(AisField::Width);
    return !m_identity.imo.empty() || !m_identity.name.empty() || !m_identity.callSign.empty()
        || !m_identity.flag.empty() || m_identity.shipType >= 0 || !std::isnan(length)
        || !std::isnan(width);
}

// Reads the row's identity into the vessel's history (or repeats its last row's);
// true when the row says anything about who the vessel is or its size.
bool RowReader::identity(const std::string_view *f, size_t count, uint32_t vessel, int64_t ms)
{
    static constexpr AisField kFields[kIdentityFields] = {
        AisField::Imo,    AisField::Name,  AisField::CallSign, AisField::ShipType,
        AisField::Length, AisField::Width, AisField::Flag};
    std::string_view v[kIdentityFields];
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    for (size_t i = 0; i < kIdentityFields; ++i) {
        v[i] = field(f, count, kFields[i]);
        if (!v[i].empty()) {
            lo = std::min(lo, reinterpret_cast<uintptr_t>(v[i].data()));
            hi = std::max(hi, reinterpret_cast<uintptr_t>(v[i].data() + v[i].size()));
        }
    }
    if (lo > hi) // no identity field has text
        lo = hi = 0;
    // A stretch longer than a row's identity can be (fields unquoted into other memory,
    // or runaway text) is not remembered.
    const bool keyed = hi - lo <= 1024;
    IdentityKey key;
    std::string_view stretch;
    if (keyed) {
        for (size_t i = 0; i < kIdentityFields; ++i) {
            if (!v[i].empty()) {
                key.at[i] = uint16_t(reinterpret_cast<uintptr_t>(v[i].data()) - lo);
                key.size[i] = uint16_t(v[i].size());
            }
        }
        stretch = std::string_view(reinterpret_cast<const char *>(lo), hi - lo);
    }
    if (vessel >= m_memo.size())
        m_memo.resize(size_t(vessel) + 1);
    IdentityMemo &memo = m_memo[vessel];
    if (keyed && memo.valid && memo.key == key && sameText(memo.raw, stretch)) {
        if (memo.said)
            m_builder.repeatIdentity(vessel, memo.period, ms, memo.length, memo.width);
        return memo.said;
    }
    float length = NAN, width = NAN;
    memo.said = readIdentity(f, count, length, width);
    memo.period = memo.said ? m_builder.addIdentity(vessel, ms, m_identity, length, width) : -1;
    memo.length = length;
    memo.width = width;
    memo.key = key;
    memo.raw.assign(stretch.data(), stretch.size());
    memo.valid = keyed;
    return memo.said;
}

void RowReader::read(const std::string_view *f, size_t count, uint32_t row, bool unterminated)
{
    ++m_stats.records;
    const size_t columns = size_t(m_format.columns);
    if (unterminated) {
        reject(row,
               QStringLiteral("a quoted field opened on this row is never closed (the "
                              "rest of the file is inside it)"));
        return;
    }
    if (count > columns) {
        // An export that wrote decimal commas without quoting them ("55,921028" in a
        // comma-separated file): each such number became two fields. When joining
        // integer-and-digits pairs at the position columns gives exactly the header's
        // count, that is what happened.
        const int latCol = m_format.cols[AisField::Lat], lonCol = m_format.cols[AisField::Lon];
        m_repaired.clear();
        size_t extra = count - columns;
        for (size_t i = 0; i < count; ++i) {
            const int target = int(m_repaired.size());
            double ignored = 0;
            if (extra > 0 && (target == latCol || target == lonCol) && i + 1 < count
                && aisvalues::fixedPoint(f[i], ignored) && f[i].find('.') == std::string_view::npos
                && !f[i + 1].empty()
                && f[i + 1].find_first_not_of("0123456789") == std::string_view::npos
                && f[i + 1].data() == f[i].data() + f[i].size() + 1) {
                m_repaired.emplace_back(f[i].data(), f[i].size() + 1 + f[i + 1].size());
                ++i;
                --extra;
                continue;
            }
            m_repaired.push_back(f[i]);
        }
        if (m_repaired.size() != columns) {
            reject(row, QStringLiteral("%1 fields, but the header has %2").arg(count).arg(columns));
            return;
        }
        ++m_stats.repairedCommaRows;
        --m_stats.records; // counted again below
        const std::vector<std::string_view> repaired = m_repaired;
        read(repaired.data(), repaired.size(), row, false);
        return;
    }
    if (count < columns)
        m_stats.shortRows.push_back(row);
    bool blank = true;
    for (size_t i = 0; i < count && blank; ++i)
        blank = f[i].find_first_not_of(" \t") == std::string_view::npos;
    if (blank) {
        reject(row, QStringLiteral("empty row"));
        return;
    }

    uint32_t mmsi = 0;
    std::string_view id;
    if (m_format.cols.has(AisField::Mmsi)) {
        const std::string_view s = field(f, count, AisField::Mmsi);
        if (isMissing(s)) {
            reject(row, QStringLiteral("no MMSI"));
            return;
        }
        if (!aisvalues::mmsi(s, mmsi) || mmsi == 0) {
            reject(row, QStringLiteral("bad MMSI %1 (not 9 digits)").arg(quoted(s)));
            return;
        }
    } else {
        id = field(f, count, AisField::Id);
        if (isMissing(id)) {
            reject(row, QStringLiteral("no vessel id"));
            return;
        }
    }
    int64_t ms = 0;
    QString reason;
    if (!time(field(f, count, AisField::Time), ms, reason)) {
        reject(row, reason);
        return;
    }

    const std::string_view latText = field(f, count, AisField::Lat);
    const std::string_view lonText = field(f, count, AisField::Lon);
    PackedPosition p;
    QString positionProblem;
    aisvalues::Decimal latDecimal, lonDecimal;
    int64_t latE7 = 0, lonE7 = 0;
    if (aisvalues::decimal(latText, latDecimal) && aisvalues::decimal(lonText, lonDecimal)
        && aisvalues::scaled(latDecimal, 7, latE7) && aisvalues::scaled(lonDecimal, 7, lonE7)) {
        // Up to 7 decimals (nearly every file): degrees x 10^7 exactly, compared exactly.
        if (latE7 == 910000000 || lonE7 == 1810000000)
            positionProblem = QStringLiteral("position not available (91/181)");
        else if (latE7 < -900000000 || latE7 > 900000000)
            positionProblem =
                QStringLiteral("latitude %1 out of range (-90..90)").arg(quoted(latText));
        else if (lonE7 < -1800000000 || lonE7 > 1800000000)
            positionProblem =
                QStringLiteral("longitude %1 out of range (-180..180)").arg(quoted(lonText));
        p.latE7 = int32_t(latE7);
        p.lonE7 = int32_t(lonE7);
    } else {
        double lat = 0, lon = 0;
        bool plain = aisvalues::fixedPoint(latText, lat) && aisvalues::fixedPoint(lonText, lon);
        if (!plain && !isMissing(latText) && !isMissing(lonText)) {
            const values::Number a = values::parseDegrees(latText, values::Axis::Latitude);
            const values::Number b = values::parseDegrees(lonText, values::Axis::Longitude);
            if (a.status != values::NumberStatus::Ok || b.status != values::NumberStatus::Ok) {
                reject(row,
                       QStringLiteral("bad position %1, %2 (not a latitude and longitude)")
                           .arg(quoted(latText), quoted(lonText)));
                return;
            }
            lat = a.value;
            lon = b.value;
            if (latText.find(',') != std::string_view::npos
                || lonText.find(',') != std::string_view::npos)
                ++m_stats.decimalComma;
            plain = true;
        }
        if (!plain)
            positionProblem = QStringLiteral("no position");
        else if (lat == 91.0 || lon == 181.0)
            positionProblem = QStringLiteral("position not available (91/181)");
        else if (!(lat >= -90 && lat <= 90))
            positionProblem =
                QStringLiteral("latitude %1 out of range (-90..90)").arg(quoted(latText));
        else if (!(lon >= -180 && lon <= 180))
            positionProblem =
                QStringLiteral("longitude %1 out of range (-180..180)").arg(quoted(lonText));
        else {
            p.latE7 = TrackBuilder::toE7(lat);
            p.lonE7 = TrackBuilder::toE7(lon);
        }
    }
    if (!positionProblem.isEmpty()) {
        // Static reports (names, IMO, dimensions) come without a position in DMA files:
        // the row is rejected as a position, its identity still goes to the vessel.
        if (identity(f, count, vessel(mmsi, id), ms))
            ++m_stats.identityWithoutPosition;
        reject(row, positionProblem);
        return;
    }

    p.vessel = vessel(mmsi, id);
    p.timeMs = ms;
    // Out-of-range values are AIS's own "not available" codes (SOG 102.3, COG 360,
    // heading 511) or junk: not a reason to drop a position.
    p.sog = tenths(field(f, count, AisField::Sog), 1022, [](double v) {
        return v >= 0 && v < 102.25 ? TrackBuilder::packSpeed(float(v)) : TrackStore::kNoValue;
    });
    p.cog = tenths(field(f, count, AisField::Cog), 3599, [](double v) {
        return v >= 0 && v < 360 ? TrackBuilder::packCourse(float(v)) : TrackStore::kNoValue;
    });
    p.heading = heading(field(f, count, AisField::Heading));
    p.sourceRow = row;
    p.sourceFile = m_file;
    m_builder.add(p);
    identity(f, count, p.vessel, ms);
    ++m_stats.loaded;
}

} // namespace ais

#include "identityanomalies.h"

#include "tracks/midtable.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace detect {
namespace {

constexpr double kEarthRadiusNm = 6371008.8 / kMetresPerNm; // mean radius (IUGG)

double haversineNm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double rad = M_PI / 180.0;
    const double s = std::sin((lat2 - lat1) * rad / 2);
    const double t = std::sin((lon2 - lon1) * rad / 2);
    const double h = s * s + std::cos(lat1 * rad) * std::cos(lat2 * rad) * t * t;
    return 2 * kEarthRadiusNm * std::asin(std::sqrt(std::min(1.0, h)));
}

bool inBox(const Rules &r, double lat, double lon)
{
    if (!r.hasBbox)
        return true;
    if (lat < r.south || lat > r.north)
        return false;
    return r.west <= r.east ? lon >= r.west && lon <= r.east : lon >= r.west || lon <= r.east;
}

bool inScope(const TrackStore &s, const Rules &r, size_t p)
{
    const int64_t t = s.timeMs(p);
    return t >= r.fromMs && t <= r.toMs && inBox(r, s.lat(p), s.lon(p));
}

bool periodInWindow(const IdentityPeriod &p, const Rules &r)
{
    return p.firstMs <= r.toMs && p.lastMs >= r.fromMs;
}

std::string utc(int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
        .toStdString();
}

std::string mmsiText(const TrackStore &s, size_t v)
{
    return std::string(s.vesselId(v));
}

bool sameFlag(std::string_view declared, const mid::Flag &f)
{
    const QString d = QString::fromUtf8(declared.data(), qsizetype(declared.size())).trimmed();
    const auto eq = [&d](std::string_view code) {
        return d.compare(QString::fromUtf8(code.data(), qsizetype(code.size())),
                         Qt::CaseInsensitive)
            == 0;
    };
    return eq(f.iso2) || eq(f.iso3) || eq(f.country);
}

// A value (name or IMO) broadcast in the window, and when it was first and last.
struct Seen
{
    std::string value;
    int64_t firstMs = 0, lastMs = 0;
};

void note(std::vector<Seen> &seen, const std::string &value, const IdentityPeriod &p)
{
    if (value.empty())
        return;
    for (Seen &s : seen) {
        if (s.value == value) {
            s.firstMs = std::min(s.firstMs, p.firstMs);
            s.lastMs = std::max(s.lastMs, p.lastMs);
            return;
        }
    }
    seen.push_back({value, p.firstMs, p.lastMs});
}

// "\"A\" → \"B\" (from 2024-01-03 04:10 UTC)", in the order first broadcast.
std::string changes(std::vector<Seen> seen, const char *what)
{
    std::stable_sort(seen.begin(), seen.end(),
                     [](const Seen &a, const Seen &b) { return a.firstMs < b.firstMs; });
    constexpr size_t kShown = 5;
    std::string out = std::to_string(seen.size()) + " " + what + ": ";
    for (size_t i = 0; i < seen.size() && i < kShown; ++i) {
        if (i > 0)
            out += " → ";
        out += "\"" + seen[i].value + "\"";
        if (i > 0)
            out += " (from " + utc(seen[i].firstMs) + ")";
    }
    if (seen.size() > kShown)
        out += " → …";
    return out;
}

std::string duration(int64_t ms)
{
    char buf[48];
    const double minutes = double(ms) / kMinuteMs;
    if (minutes < 120)
        std::snprintf(buf, sizeof buf, "%.0f min", minutes);
    else
        std::snprintf(buf, sizeof buf, "%.1f h", minutes / 60);
    return buf;
}

// The vessel's report just before position p of segment s (a segment opened earlier,
// latest time not after p's; on a tie the earliest segment). -1 when none.
int64_t previousReport(const TrackStore &s, size_t v, size_t seg, size_t p)
{
    const int64_t t = s.timeMs(p);
    int64_t best = -1;
    for (size_t o = s.vesselSegmentBegin(v); o < seg; ++o) {
        const auto begin = s.times().begin() + s.segmentBegin(o);
        const auto end = s.times().begin() + s.segmentEnd(o);
        const auto after = std::upper_bound(begin, end, t);
        if (after == begin)
            continue;
        const auto q = int64_t(after - s.times().begin()) - 1;
        if (best < 0 || s.timeMs(size_t(q)) > s.timeMs(size_t(best)))
            best = q;
    }
    return best;
}

void vesselAnomalies(const TrackStore &s, const Rules &rules, size_t v, std::vector<Anomaly> &out)
{
    // Is the vessel in scope, and over which times?
    int64_t first = 0, last = 0;
    bool any = false;
    const auto widen = [&](int64_t t0, int64_t t1) {
        first = any ? std::min(first, t0) : t0;
        last = any ? std::max(last, t1) : t1;
        any = true;
    };
    if (rules.hasBbox) {
        for (size_t p = s.vesselPositionBegin(v); p < s.vesselPositionEnd(v); ++p) {
            if (inScope(s, rules, p))
                widen(s.timeMs(p), s.timeMs(p));
        }
    } else {
        // Only a window: each segment is sorted by time, its part inside is one range
        // (the Vessels dock asks on every filter change).
        for (size_t seg = s.vesselSegmentBegin(v); seg < s.vesselSegmentEnd(v); ++seg) {
            const auto begin = s.times().begin() + s.segmentBegin(seg);
            const auto end = s.times().begin() + s.segmentEnd(seg);
            const auto lo = std::lower_bound(begin, end, rules.fromMs);
            const auto hi = std::upper_bound(lo, end, rules.toMs);
            if (lo != hi)
                widen(*lo, *(hi - 1));
        }
    }
    const auto &history = s.identityHistory(v);
    const bool noPositions = s.vesselPositionBegin(v) == s.vesselPositionEnd(v);
    if (!any && noPositions && !rules.hasBbox) {
        for (const IdentityPeriod &p : history) {
            if (periodInWindow(p, rules))
                widen(p.firstMs, p.lastMs);
        }
    }
    if (!any)
        return;
    const auto add = [&](Anomaly::Kind kind, int64_t from, int64_t to, std::string detail) {
        Anomaly a;
        a.vessel = uint32_t(v);
        a.kind = kind;
        a.startMs = from;
        a.endMs = to;
        a.detail = std::move(detail);
        out.push_back(std::move(a));
        return &out.back();
    };

    std::vector<Seen> imos, names, flags;
    for (const IdentityPeriod &p : history) {
        if (!periodInWindow(p, rules))
            continue;
        note(imos, p.identity.imo, p);
        note(names, p.identity.name, p);
        note(flags, p.identity.flag, p);
    }
    for (const Seen &imo : imos) {
        if (imoCheckDigitValid(imo.value))
            continue;
        const int digit = imoCheckDigit(imo.value);
        add(Anomaly::Kind::BadImoCheckDigit, imo.firstMs, imo.lastMs,
            digit < 0 ? "IMO " + imo.value + ": not seven digits"
                      : "IMO " + imo.value + ": check digit should be " + std::to_string(digit));
    }

    if (s.mmsi(v) != 0) {
        const mid::Flag f = mid::flagOf(s.mmsi(v));
        const std::string mmsi = mmsiText(s, v);
        if (f.status == mid::Status::UnallocatedMid) {
            add(Anomaly::Kind::UnallocatedMid, first, last,
                "MMSI " + mmsi + " (" + mid::kindText(f.kind).toStdString() + "): MID "
                    + std::to_string(f.mid) + " is not allocated by the ITU");
        } else if (f.ok()) {
            for (const Seen &flag : flags) {
                if (sameFlag(flag.value, f))
                    continue;
                add(Anomaly::Kind::FlagMismatch, flag.firstMs, flag.lastMs,
                    "flag column says \"" + flag.value + "\", MMSI " + mmsi + "'s MID "
                        + std::to_string(f.mid) + " is " + std::string(f.country) + " ("
                        + std::string(f.iso2) + ")");
            }
        }
    }

    const double minJumpMs = double(s.rules().minJumpMs);
    for (size_t seg = s.vesselSegmentBegin(v); seg < s.vesselSegmentEnd(v); ++seg) {
        if (s.segmentStart(seg) != TrackStore::SegmentStart::AfterJump)
            continue;
        const size_t p = s.segmentBegin(seg);
        if (!inScope(s, rules, p))
            continue;
        const int64_t q = previousReport(s, v, seg, p);
        if (q < 0)
            continue;
        const auto pq = size_t(q);
        const double nm = haversineNm(s.lat(pq), s.lon(pq), s.lat(p), s.lon(p));
        const int64_t dt = s.timeMs(p) - s.timeMs(pq);
        const double knots = nm / (std::max(double(dt), minJumpMs) / kHourMs);
        if (!(knots > rules.maxImpliedSpeedKn))
            continue;
        char buf[160];
        std::snprintf(buf, sizeof buf, "%.1f nm from its report %s earlier (%.0f kn)", nm,
                      duration(dt).c_str(), knots);
        Anomaly *a = add(Anomaly::Kind::TwoPlacesAtOnce, s.timeMs(pq), s.timeMs(p),
                         std::string(buf) + ": another transmitter with this MMSI");
        a->lat = s.lat(p);
        a->lon = s.lon(p);
    }

    if (names.size() > 1)
        add(Anomaly::Kind::NameChanged, names.front().firstMs,
            std::max_element(names.begin(), names.end(),
                             [](const Seen &a, const Seen &b) { return a.lastMs < b.lastMs; })
                ->lastMs,
            changes(names, "names"));
    if (imos.size() > 1)
        add(Anomaly::Kind::ImoChanged, imos.front().firstMs,
            std::max_element(imos.begin(), imos.end(),
                             [](const Seen &a, const Seen &b) { return a.lastMs < b.lastMs; })
                ->lastMs,
            changes(imos, "IMOs"));
}

} // namespace

int imoCheckDigit(std::string_view imo)
{
    if (imo.size() != 7 || imo.find_first_not_of("0123456789") != std::string_view::npos)
        return -1;
    int sum = 0;
    for (int i = 0; i < 6; ++i)
        sum += (imo[size_t(i)] - '0') * (7 - i);
    return sum % 10;
}

bool imoCheckDigitValid(std::string_view imo)
{
    const int digit = imoCheckDigit(imo);
    return digit >= 0 && imo[6] - '0' == digit;
}

std::vector<Anomaly> findAnomalies(const TrackStore &store, const Rules &rules,
                                   const Control &control)
{
    std::vector<Anomaly> out;
    const size_t n = store.vesselCount();
    for (size_t v = 0; v < n; ++v) {
        if ((v & 1023) == 0) {
            if (control.cancelled())
                break;
            if (control.progress)
                control.progress(double(v) / double(n));
        }
        vesselAnomalies(store, rules, v, out);
    }
    // Within a vessel: by kind, then start (then detail, so equal times stay stable).
    std::sort(out.begin(), out.end(), [](const Anomaly &a, const Anomaly &b) {
        if (a.vessel != b.vessel)
            return a.vessel < b.vessel;
        if (a.kind != b.kind)
            return a.kind < b.kind;
        if (a.startMs != b.startMs)
            return a.startMs < b.startMs;
        return a.detail < b.detail;
    });
    if (control.progress && !control.cancelled())
        control.progress(1.0);
    return out;
}

const char *anomalyKindName(Anomaly::Kind kind)
{
    switch (kind) {
    case Anomaly::Kind::BadImoCheckDigit:
        return "Bad IMO check digit";
    case Anomaly::Kind::UnallocatedMid:
        return "Unallocated MID";
    case Anomaly::Kind::FlagMismatch:
        return "Flag mismatch";
    case Anomaly::Kind::TwoPlacesAtOnce:
        return "Two places at once";
    case Anomaly::Kind::NameChanged:
        return "Name changed";
    case Anomaly::Kind::ImoChanged:
        return "IMO changed";
    }
    return "";
}

const char *anomalyKindKey(Anomaly::Kind kind)
{
    switch (kind) {
    case Anomaly::Kind::BadImoCheckDigit:
        return "bad_imo";
    case Anomaly::Kind::UnallocatedMid:
        return "unallocated_mid";
    case Anomaly::Kind::FlagMismatch:
        return "flag_mismatch";
    case Anomaly::Kind::TwoPlacesAtOnce:
        return "two_places";
    case Anomaly::Kind::NameChanged:
        return "name_changed";
    case Anomaly::Kind::ImoChanged:
        return "imo_changed";
    }
    return "";
}

} // namespace detect

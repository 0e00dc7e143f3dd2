#include "summary.h"

#include "io/timeparser.h"

#include <QJsonArray>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <thread>

namespace {
int lonBin(double lon)
{
    return std::clamp(static_cast<int>(std::floor(lon + 180.0)), 0, 359);
}

QJsonValue jsonNumber(double v)
{
    // Integral figures print as integers; others rounded to the millibarrel, so the
    // JSON shows what the text shows and float noise never leaks into a report.
    if (std::abs(v) < 9e15 && v == std::floor(v))
        return QJsonValue(static_cast<qint64>(v));
    return QJsonValue(std::round(v * 1000.0) / 1000.0);
}
} // namespace

namespace {
// Every row of a store, without a list of a million row numbers.
class AllRows
{
public:
    class Iterator
    {
    public:
        explicit Iterator(uint32_t r) : m_r(r) { }
        uint32_t operator*() const { return m_r; }
        Iterator &operator++()
        {
            ++m_r;
            return *this;
        }
        bool operator!=(const Iterator &o) const { return m_r != o.m_r; }

    private:
        uint32_t m_r;
    };
    explicit AllRows(size_t n) : m_n(static_cast<uint32_t>(n)) { }
    Iterator begin() const { return Iterator(0); }
    Iterator end() const { return Iterator(m_n); }
    size_t size() const { return m_n; }
    bool empty() const { return m_n == 0; }

private:
    uint32_t m_n;
};

template<typename Rows>
std::pair<double, double> longitudeExtentOf(const double *lons, const Rows &rows)
{
    // Occupied 1° bins, then the widest circular run of empty bins: the data lie
    // outside it. Exact extremes come from a second pass over the points.
    std::array<bool, 360> used {};
    for (uint32_t r : rows)
        used[static_cast<size_t>(lonBin(lons[r]))] = true;
    int bestStart = -1, bestLen = 0;
    for (int start = 0; start < 360; ++start) {
        if (used[static_cast<size_t>(start)]
            || used[static_cast<size_t>((start + 359) % 360)] == false)
            continue; // runs start right after a used bin
        int len = 0;
        while (len < 360 && !used[static_cast<size_t>((start + len) % 360)])
            ++len;
        if (len > bestLen) {
            bestLen = len;
            bestStart = start;
        }
    }
    double minAll = 180, maxAll = -180;
    for (uint32_t r : rows) {
        minAll = std::min(minAll, lons[r]);
        maxAll = std::max(maxAll, lons[r]);
    }
    if (bestLen == 0)
        return {minAll, maxAll};
    // The data run eastward from the first used bin after the gap to the last used
    // bin before it; only when that run passes 180° is the extent a wrapped one.
    const int westBin = (bestStart + bestLen) % 360;
    const int eastBin = (bestStart + 359) % 360;
    if (westBin <= eastBin)
        return {minAll, maxAll};
    double west = 180, east = -180;
    for (uint32_t r : rows) {
        const int b = lonBin(lons[r]);
        if (b >= westBin)
            west = std::min(west, lons[r]);
        else
            east = std::max(east, lons[r]);
    }
    if (maxAll - minAll <= (180.0 - west) + (east + 180.0))
        return {minAll, maxAll};
    return {west, east};
}

template<typename Rows>
Summary computeOf(const EventStore &s, const Rows &rows, const VesselIdentities *known)
{
    Summary sum;
    sum.total = static_cast<int64_t>(s.size());
    sum.events = static_cast<int64_t>(rows.size());
    if (rows.empty())
        return sum;

    // Two independent halves; with many rows the vessels and the longitude extent are
    // worked out in a second thread. Each half sums in row order, as in one thread.
    std::pair<double, double> westEast;
    const auto vesselsAndLongitudes = [&s, &rows, &sum, &westEast, known] {
        // Distinct vessels: each interned vessel's identity (computed here unless the
        // caller keeps them for the store), then mark.
        VesselIdentities computed;
        if (!known)
            computed = VesselIdentities::of(s);
        const VesselIdentities &ids = known ? *known : computed;
        const std::vector<uint32_t> &identityOf = ids.identityOf;
        std::vector<bool> seen(std::max<uint32_t>(ids.count, 1), false);
        for (uint32_t r : rows) {
            seen[identityOf[s.vesselsA()[r]]] = true;
            seen[identityOf[s.vesselsB()[r]]] = true;
        }
        seen[0] = false; // identity 0 is "unknown vessel"
        sum.vessels = std::count(seen.begin(), seen.end(), true);
        westEast = longitudeExtentOf(s.lons().data(), rows);
    };
    std::thread helper;
    if (rows.size() >= 200000)
        helper = std::thread(vesselsAndLongitudes);
    else
        vesselsAndLongitudes();

    // Neumaier summation: the total does not drift with a million addends.
    double sumV = 0, comp = 0;
    double south = 90, north = -90;
    int64_t first = EventStore::kNoTime, last = EventStore::kNoTime, unknown = 0;
    for (uint32_t r : rows) {
        const double v = s.volume(r);
        if (std::isnan(v)) {
            ++unknown;
        } else {
            const double t = sumV + v;
            comp += std::abs(sumV) >= std::abs(v) ? (sumV - t) + v : (v - t) + sumV;
            sumV = t;
        }
        first = first == EventStore::kNoTime ? s.start(r) : std::min(first, s.start(r));
        last = std::max(last, s.effectiveEnd(r));
        south = std::min(south, s.lat(r));
        north = std::max(north, s.lat(r));
    }
    if (helper.joinable())
        helper.join();
    sum.volumeUnknown = unknown;
    sum.first = first;
    sum.last = last;
    sum.volumeBbl = sumV + comp;
    sum.bbox = GeoBox {westEast.first, south, westEast.second, north};
    return sum;
}
} // namespace

std::pair<double, double> longitudeExtent(const std::vector<double> &lons,
                                          const std::vector<uint32_t> &rows)
{
    return longitudeExtentOf(lons.data(), rows);
}

VesselIdentities VesselIdentities::of(const EventStore &s)
{
    const VesselTable &vt = s.vessels();
    StringSet identities;
    VesselIdentities ids;
    ids.identityOf.assign(vt.size(), 0);
    for (uint32_t v = 1; v < vt.size(); ++v)
        ids.identityOf[v] = identities.intern(vt.identityKey(v));
    ids.count = static_cast<uint32_t>(identities.size());
    return ids;
}

Summary Summary::compute(const EventStore &s, const std::vector<uint32_t> &rows)
{
    return computeOf(s, rows, nullptr);
}

Summary Summary::compute(const EventStore &s, const std::vector<uint32_t> &rows,
                         const VesselIdentities &identities)
{
    return computeOf(s, rows, &identities);
}

Summary Summary::compute(const EventStore &s)
{
    return computeOf(s, AllRows(s.size()), nullptr);
}

QString Summary::formatCount(int64_t n)
{
    return QLocale(QLocale::English).toString(static_cast<qlonglong>(n));
}

QString Summary::formatVolume(double bbl)
{
    const QLocale en(QLocale::English);
    const double rounded = std::round(bbl);
    if (std::abs(bbl - rounded) < 1e-9)
        return en.toString(rounded, 'f', 0);
    return en.toString(bbl, 'f', 2);
}

QString Summary::figuresText() const
{
    QString t = QStringLiteral("%1 bbl").arg(formatVolume(volumeBbl));
    if (volumeUnknown > 0)
        t += QStringLiteral(" (%1 with unknown volume)").arg(formatCount(volumeUnknown));
    t += QStringLiteral(" · %1 vessel%2")
             .arg(formatCount(vessels), vessels == 1 ? QString() : QStringLiteral("s"));
    return t;
}

QString Summary::text() const
{
    QString t = QStringLiteral("%1 of %2 transfers · %3")
                    .arg(formatCount(events), formatCount(total), figuresText());
    if (first != EventStore::kNoTime)
        t += QStringLiteral(" · %1 – %2")
                 .arg(timeparse::toIso(first).left(10), timeparse::toIso(last).left(10));
    return t;
}

QJsonObject Summary::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("events"), static_cast<qint64>(events));
    o.insert(QStringLiteral("volume_bbl"), jsonNumber(volumeBbl));
    o.insert(QStringLiteral("volume_unknown"), static_cast<qint64>(volumeUnknown));
    o.insert(QStringLiteral("vessels"), static_cast<qint64>(vessels));
    o.insert(QStringLiteral("first"),
             first == EventStore::kNoTime ? QJsonValue() : QJsonValue(timeparse::toIso(first)));
    o.insert(QStringLiteral("last"),
             last == EventStore::kNoTime ? QJsonValue() : QJsonValue(timeparse::toIso(last)));
    if (bbox)
        o.insert(QStringLiteral("bbox"),
                 QJsonArray {bbox->west, bbox->south, bbox->east, bbox->north});
    else
        o.insert(QStringLiteral("bbox"), QJsonValue());
    return o;
}

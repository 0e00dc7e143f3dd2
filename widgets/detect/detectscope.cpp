#include "detectscope.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <limits>

namespace detectscope {
namespace {
QString time(int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}
QString longitude(double lon)
{
    return QStringLiteral("%1°%2").arg(std::abs(lon), 0, 'f', 2).arg(lon < 0 ? 'W' : 'E');
}
QString latitude(double lat)
{
    return QStringLiteral("%1°%2").arg(std::abs(lat), 0, 'f', 2).arg(lat < 0 ? 'S' : 'N');
}
// Into [-180, 180].
double wrap(double lon)
{
    if (lon >= -180 && lon <= 180)
        return lon;
    return lon - 360 * std::floor((lon + 180) / 360);
}
} // namespace

detect::Rules apply(detect::Rules rules, std::optional<int64_t> from, std::optional<int64_t> to,
                    const RowCriteria &criteria)
{
    rules.fromMs = from ? *from : std::numeric_limits<int64_t>::min();
    rules.toMs = to ? *to : std::numeric_limits<int64_t>::max();
    rules.hasBbox = false;
    rules.west = -180, rules.south = -90, rules.east = 180, rules.north = 90;
    if (criteria.polygon.size() >= 3) {
        // The drawn ring's longitudes run on past ±180 when it was drawn across it: its
        // extent is taken unwrapped, then wrapped (east < west: across 180°).
        double west = std::numeric_limits<double>::infinity(), east = -west;
        double south = 90, north = -90;
        for (const QPointF &p : criteria.polygon) {
            west = std::min(west, p.x());
            east = std::max(east, p.x());
            south = std::min(south, p.y());
            north = std::max(north, p.y());
        }
        if (east - west < 360) {
            rules.hasBbox = true;
            rules.west = wrap(west);
            rules.east = wrap(east);
            rules.south = std::max(-90.0, south);
            rules.north = std::min(90.0, north);
        }
    } else if (criteria.bbox) {
        rules.hasBbox = true;
        rules.west = criteria.bbox->west;
        rules.south = criteria.bbox->south;
        rules.east = criteria.bbox->east;
        rules.north = criteria.bbox->north;
    }
    return rules;
}

QString describe(const detect::Rules &rules, bool fromPolygon)
{
    const bool hasFrom = rules.fromMs != std::numeric_limits<int64_t>::min();
    const bool hasTo = rules.toMs != std::numeric_limits<int64_t>::max();
    if (!hasFrom && !hasTo && !rules.hasBbox)
        return QStringLiteral("No time window or area is set: every position is analysed.");
    QStringList parts;
    if (hasFrom && hasTo)
        parts << QStringLiteral("from %1 to %2 UTC").arg(time(rules.fromMs), time(rules.toMs));
    else if (hasFrom)
        parts << QStringLiteral("from %1 UTC on").arg(time(rules.fromMs));
    else if (hasTo)
        parts << QStringLiteral("until %1 UTC").arg(time(rules.toMs));
    if (rules.hasBbox)
        parts << QStringLiteral("inside %1 to %2, %3 to %4%5")
                     .arg(longitude(rules.west), longitude(rules.east), latitude(rules.south),
                          latitude(rules.north),
                          fromPolygon ? QStringLiteral(" (the drawn area's bounds)")
                                      : QStringLiteral(" (the filter's box)"));
    return QStringLiteral("The filters are set: only positions %1 are analysed.")
        .arg(parts.join(QStringLiteral(", ")));
}
} // namespace detectscope

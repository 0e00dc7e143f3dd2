#include "filtercaption.h"

#include "numericcolumn.h"
#include "summary.h"
#include "transferfilter.h"

#include <QDateTime>
#include <QStringList>
#include <QTimeZone>

#include <algorithm>

namespace {
constexpr int64_t kDay = 24 * 3600 * 1000LL;

QString bound(int64_t ms, bool upper)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    // A whole-day bound reads as its date: from midnight, until the last ms of the day.
    const int64_t inDay = ((ms % kDay) + kDay) % kDay;
    if ((!upper && inDay == 0) || (upper && inDay == kDay - 1))
        return t.toString(QStringLiteral("yyyy-MM-dd"));
    if (t.time().second() == 0 && t.time().msec() == 0)
        return t.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString degrees(double v, QChar pos, QChar neg)
{
    QString n = QString::number(std::abs(v), 'f', 2);
    while (n.endsWith(QLatin1Char('0')))
        n.chop(1);
    if (n.endsWith(QLatin1Char('.')))
        n.chop(1);
    return n + QStringLiteral("°") + (v < 0 ? neg : pos);
}
} // namespace

FilterCaption FilterCaption::fromFilter(const TransferFilter &filter)
{
    FilterCaption c;
    c.from = filter.from();
    c.to = filter.to();
    const RowCriteria &r = filter.criteria();
    c.box = r.bbox;
    c.polygon = r.polygon.size() >= 3;
    c.search = r.text.trimmed();
    c.categories = r.categories;
    for (auto it = r.ranges.begin(); it != r.ranges.end(); ++it) {
        const NumericColumn column =
            filter.store() ? NumericColumn::analyse(*filter.store(), it.key()) : NumericColumn();
        QString words = it.value().text(column.format, numbers::unitOf(it.key()));
        if (it.value().keepEmpty)
            words += QStringLiteral(" or none");
        c.ranges.insert(it.key(), words);
    }
    c.figures = filter.summary();
    return c;
}

FilterCaption FilterCaption::fromEventFilter(const EventFilter &filter, const Summary &figures)
{
    FilterCaption c;
    c.from = filter.from;
    c.to = filter.to;
    c.box = filter.bbox;
    c.search = filter.text.trimmed();
    c.figures = figures;
    return c;
}

QString FilterCaption::timeText() const
{
    if (from && to)
        return QStringLiteral("%1 – %2 UTC").arg(bound(*from, false), bound(*to, true));
    if (from)
        return QStringLiteral("from %1 UTC").arg(bound(*from, false));
    if (to)
        return QStringLiteral("until %1 UTC").arg(bound(*to, true));
    return {};
}

QString FilterCaption::text() const
{
    QStringList parts;
    const QString time = timeText();
    if (!time.isEmpty())
        parts << time;
    if (polygon)
        parts << QStringLiteral("area: drawn polygon");
    else if (box)
        parts << QStringLiteral("area: %1 – %2, %3 – %4")
                     .arg(degrees(box->west, QLatin1Char('E'), QLatin1Char('W')),
                          degrees(box->east, QLatin1Char('E'), QLatin1Char('W')),
                          degrees(box->south, QLatin1Char('N'), QLatin1Char('S')),
                          degrees(box->north, QLatin1Char('N'), QLatin1Char('S')));
    if (!search.isEmpty())
        parts << QStringLiteral("search \u201c%1\u201d").arg(search);
    QStringList keys = categories.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString &key : keys) {
        QStringList values(categories.value(key).begin(), categories.value(key).end());
        std::sort(values.begin(), values.end());
        for (QString &v : values)
            if (v.isEmpty())
                v = QStringLiteral("(blank)");
        parts << (values.size() <= 3
                      ? QStringLiteral("%1: %2").arg(key, values.join(QStringLiteral(", ")))
                      : QStringLiteral("%1: %2 values").arg(key).arg(values.size()));
    }
    QStringList rangeKeys = ranges.keys();
    std::sort(rangeKeys.begin(), rangeKeys.end());
    for (const QString &key : rangeKeys)
        parts << QStringLiteral("%1: %2").arg(numbers::attributeLabel(key), ranges.value(key));
    // As the status bar words them (Summary::text()): the count, then the figures.
    parts << QStringLiteral("%1 of %2 transfers · %3")
                 .arg(Summary::formatCount(figures.events), Summary::formatCount(figures.total),
                      figures.figuresText());
    return parts.join(QStringLiteral(" · "));
}

bool FilterCaption::operator==(const FilterCaption &o) const
{
    return from == o.from && to == o.to && box == o.box && polygon == o.polygon
        && search == o.search && categories == o.categories && ranges == o.ranges
        && figures.events == o.figures.events && figures.total == o.figures.total
        && figures.volumeBbl == o.figures.volumeBbl
        && figures.volumeUnknown == o.figures.volumeUnknown && figures.vessels == o.figures.vessels
        && figures.bbox == o.figures.bbox;
}

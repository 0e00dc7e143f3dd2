#include "timelinebins.h"

#include <QDate>
#include <QTime>

#include <algorithm>
#include <iterator>

namespace timeline {
namespace {
constexpr int64_t kMinute = 60LL * 1000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kJulianEpoch = 2440588; // Julian day of 1970-01-01
constexpr int64_t kMondayOffset = 4 * kDay; // 1970-01-05 was a Monday

int64_t floorDiv(int64_t a, int64_t b)
{
    const int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t fixedLength(Unit unit)
{
    switch (unit) {
    case Unit::Minute:
        return kMinute;
    case Unit::Hour:
        return kHour;
    case Unit::Day:
        return kDay;
    case Unit::Week:
        return 7 * kDay;
    case Unit::Month:
    case Unit::Year:
        break;
    }
    return 0;
}

QDate dateOf(int64_t t)
{
    return QDate::fromJulianDay(floorDiv(t, kDay) + kJulianEpoch);
}

int64_t msOf(const QDate &d)
{
    return (d.toJulianDay() - kJulianEpoch) * kDay;
}

QTime timeOf(int64_t t)
{
    return QTime::fromMSecsSinceStartOfDay(int(t - floorDiv(t, kDay) * kDay));
}

// Month index since year 0 (January of year 0 is 0).
int64_t monthIndex(const QDate &d)
{
    return int64_t(d.year()) * 12 + d.month() - 1;
}

int64_t monthStart(int64_t index)
{
    return msOf(QDate(int(floorDiv(index, 12)), int(index - floorDiv(index, 12) * 12) + 1, 1));
}

const Step kBinSteps[] = {{Unit::Minute, 15}, {Unit::Minute, 30}, {Unit::Hour, 1},  {Unit::Hour, 3},
                          {Unit::Hour, 6},    {Unit::Hour, 12},   {Unit::Day, 1},   {Unit::Week, 1},
                          {Unit::Month, 1},   {Unit::Month, 3},   {Unit::Year, 1},  {Unit::Year, 5},
                          {Unit::Year, 10},   {Unit::Year, 50},   {Unit::Year, 100}};

const Step kTickSteps[] = {
    {Unit::Minute, 15}, {Unit::Minute, 30}, {Unit::Hour, 1},  {Unit::Hour, 3},  {Unit::Hour, 6},
    {Unit::Hour, 12},   {Unit::Day, 1},     {Unit::Week, 1},  {Unit::Month, 1}, {Unit::Month, 3},
    {Unit::Month, 6},   {Unit::Year, 1},    {Unit::Year, 2},  {Unit::Year, 5},  {Unit::Year, 10},
    {Unit::Year, 20},   {Unit::Year, 50},   {Unit::Year, 100}};
} // namespace

int64_t nominalLength(Step step)
{
    switch (step.unit) {
    case Unit::Month:
        return step.count * (kDay * 3652425 / 120000); // 30.436875 days
    case Unit::Year:
        return step.count * (kDay * 3652425 / 10000);
    default:
        return step.count * fixedLength(step.unit);
    }
}

int64_t floorTo(int64_t t, Step step)
{
    const int64_t c = std::max(step.count, 1);
    switch (step.unit) {
    case Unit::Month:
        return monthStart(floorDiv(monthIndex(dateOf(t)), c) * c);
    case Unit::Year:
        return msOf(QDate(int(floorDiv(dateOf(t).year(), c) * c), 1, 1));
    case Unit::Week: {
        const int64_t len = c * fixedLength(step.unit);
        return floorDiv(t - kMondayOffset, len) * len + kMondayOffset;
    }
    default: {
        const int64_t len = c * fixedLength(step.unit);
        return floorDiv(t, len) * len;
    }
    }
}

int64_t nextBoundary(int64_t t, Step step)
{
    const int64_t start = floorTo(t, step);
    const int64_t c = std::max(step.count, 1);
    switch (step.unit) {
    case Unit::Month:
        return monthStart(monthIndex(dateOf(start)) + c);
    case Unit::Year:
        return msOf(QDate(dateOf(start).year() + int(c), 1, 1));
    default:
        return start + c * fixedLength(step.unit);
    }
}

std::vector<int64_t> boundaries(int64_t from, int64_t to, Step step)
{
    std::vector<int64_t> edges;
    if (from > to)
        return edges;
    int64_t t = floorTo(from, step);
    edges.push_back(t);
    while (t <= to) {
        t = nextBoundary(t, step);
        edges.push_back(t);
    }
    return edges;
}

Step binStepFor(int64_t span, int maxBins)
{
    maxBins = std::max(maxBins, 1);
    for (const Step &s : kBinSteps) {
        if (span / nominalLength(s) + 1 <= maxBins)
            return s;
    }
    return *std::prev(std::end(kBinSteps));
}

Step tickStepFor(int64_t span, double width, double minSpacing)
{
    if (span <= 0 || width <= 0)
        return *std::prev(std::end(kTickSteps));
    for (const Step &s : kTickSteps) {
        if (double(nominalLength(s)) / double(span) * width >= minSpacing)
            return s;
    }
    return *std::prev(std::end(kTickSteps));
}

Step contextStepFor(Step tick)
{
    switch (tick.unit) {
    case Unit::Minute:
    case Unit::Hour:
        return {Unit::Day, 1};
    case Unit::Day:
    case Unit::Week:
        return {Unit::Month, 1};
    case Unit::Month:
        return {Unit::Year, 1};
    case Unit::Year:
        break;
    }
    return tick;
}

Step snapStepFor(Step tick)
{
    switch (tick.unit) {
    case Unit::Minute:
        return {Unit::Minute, 1};
    case Unit::Hour:
        return tick.count == 1 ? Step {Unit::Minute, 15} : Step {Unit::Hour, 1};
    case Unit::Day:
        return {Unit::Hour, 1};
    case Unit::Week:
    case Unit::Month:
        return {Unit::Day, 1};
    case Unit::Year:
        break;
    }
    return {Unit::Month, 1};
}

QString tickLabel(int64_t t, Step tick)
{
    const QDate d = dateOf(t);
    switch (tick.unit) {
    case Unit::Minute:
    case Unit::Hour:
        return timeOf(t).toString(QStringLiteral("HH:mm"));
    case Unit::Day:
    case Unit::Week:
        return QString::number(d.day());
    case Unit::Month:
        return d.toString(QStringLiteral("MMM"));
    case Unit::Year:
        break;
    }
    return QString::number(d.year());
}

QString contextLabel(int64_t t, Step context)
{
    const QDate d = dateOf(t);
    switch (context.unit) {
    case Unit::Day:
        return d.toString(QStringLiteral("ddd d MMM yyyy"));
    case Unit::Month:
        return d.toString(QStringLiteral("MMM yyyy"));
    default:
        return QString::number(d.year());
    }
}

QString binLabel(int64_t from, int64_t to)
{
    const QString iso = QStringLiteral("yyyy-MM-dd");
    const QDate d0 = dateOf(from);
    if (floorDiv(from, kDay) * kDay == from && floorDiv(to, kDay) * kDay == to) {
        const QDate last = dateOf(to - 1);
        if (last == d0)
            return d0.toString(iso);
        return QStringLiteral("%1 \u2013 %2").arg(d0.toString(iso), last.toString(iso));
    }
    const QString hm = QStringLiteral("HH:mm");
    const QString start = QStringLiteral("%1 %2").arg(d0.toString(iso), timeOf(from).toString(hm));
    const QDate d1 = dateOf(to);
    // A bin that ends at midnight ends "24:00" of its day, not "00:00" of the next.
    if (d1 == d0 || (timeOf(to) == QTime(0, 0) && d1 == d0.addDays(1))) {
        const QString end = d1 == d0 ? timeOf(to).toString(hm) : QStringLiteral("24:00");
        return QStringLiteral("%1 \u2013 %2").arg(start, end);
    }
    return QStringLiteral("%1 \u2013 %2 %3").arg(start, d1.toString(iso), timeOf(to).toString(hm));
}

QString stepName(Step step)
{
    static const char *const singular[] = {"minute", "hour", "day", "week", "month", "year"};
    const QString unit = QString::fromLatin1(singular[int(step.unit)]);
    if (step.count == 1)
        return unit;
    return QStringLiteral("%1 %2s").arg(step.count).arg(unit);
}

} // namespace timeline

#pragma once

#include <QString>

#include <cstdint>
#include <vector>

// The calendar arithmetic of the timeline, as pure functions (UTC milliseconds): which
// bins a visible span gets, where the axis ticks go and how they are labelled. Kept out
// of the widget so that it is tested with data rows, not pixels.
namespace timeline {

enum class Unit { Minute, Hour, Day, Week, Month, Year };

// A calendar step: `count` units. Fixed-length steps (minutes to weeks) are aligned to
// multiples of their length since the epoch (weeks start on Monday); months and years
// to multiples of `count` since year 0 (quarters start in January, April, ...).
struct Step
{
    Unit unit = Unit::Day;
    int count = 1;
    bool operator==(const Step &o) const { return unit == o.unit && count == o.count; }
    bool operator!=(const Step &o) const { return !(*this == o); }
};

// Nominal length (months 30.44 days, years 365.25 days): for choosing steps only.
int64_t nominalLength(Step step);
// The boundary at or before t, and the one after t.
int64_t floorTo(int64_t t, Step step);
int64_t nextBoundary(int64_t t, Step step);
// Boundaries e0 <= from < ... < en with en > to: the bins [e_i, e_i+1) covering [from,
// to]. Empty when from > to.
std::vector<int64_t> boundaries(int64_t from, int64_t to, Step step);

// The histogram's bins for a visible span: the finest of 15 min, 30 min, 1 h, 3 h,
// 6 h, 12 h, 1 day, 1 week, 1 month, 3 months, 1 year, 5, 10, 50, 100 years that gives
// at most maxBins bins.
Step binStepFor(int64_t span, int maxBins);
// The axis ticks: the finest step whose ticks are at least minSpacing pixels apart when
// span ms take width pixels.
Step tickStepFor(int64_t span, double width, double minSpacing);
// The coarser step that gives a tick label its context (the year of month ticks, the
// month of day ticks, the day of hour ticks); a year step is its own context.
Step contextStepFor(Step tick);
// What a brush drag snaps to under ticks of this step: the unit a reader picks at that
// zoom (days under month ticks, hours under day ticks, minutes under hour ticks).
Step snapStepFor(Step tick);

// A tick's label at its step: "2018", "Mar", "14", "06:00"; the context label: "2018",
// "Mar 2018", "Wed 14 Mar 2018".
QString tickLabel(int64_t t, Step tick);
QString contextLabel(int64_t t, Step context);
// A bin [from, to) for a tool tip: "2018-03-01 – 2018-03-31", "2018-03-14 06:00 – 12:00".
QString binLabel(int64_t from, int64_t to);
// "hour", "6 hours", "day", "week", "month", "3 months", "year", ...
QString stepName(Step step);

} // namespace timeline

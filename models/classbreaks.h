#pragma once

#include "numericcolumn.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// How a graduated colour ramp splits a numeric attribute into classes, as QGIS's
// graduated renderer does: quantiles (about as many events in each class) or equal
// intervals (classes of equal width between the smallest and largest value).
enum class ClassMethod { Quantile, EqualInterval };

struct ClassOptions
{
    static constexpr int kDefaultClasses = 5;
    static constexpr int kMinClasses = 2;
    static constexpr int kMaxClasses = 7; // the map's colour slots
    ClassMethod method = ClassMethod::Quantile;
    int classes = kDefaultClasses;

    bool operator==(const ClassOptions &o) const
    {
        return method == o.method && classes == o.classes;
    }
    bool operator!=(const ClassOptions &o) const { return !(*this == o); }
    // "quantile" / "equal"; a project's "colorClasses" section and `render --color-classes`.
    static QString methodName(ClassMethod method);
    static std::optional<ClassMethod> methodFromName(const QString &name);
    QJsonObject toJson() const; // {"method": "quantile", "classes": 5}
    static std::optional<ClassOptions> fromJson(const QJsonObject &json, QString *error);
};

// The class breaks of a set of values. Class i holds the values v with
// upper[i-1] < v <= upper[i] (the first class from min, included): the rule of QGIS's
// ranges, so a value on a break belongs to the lower class. Breaks that coincide (many
// equal values under quantiles) are merged, so there may be fewer classes than asked.
struct ClassBreaks
{
    ClassMethod method = ClassMethod::Quantile;
    double min = 0, max = 0;
    std::vector<double> upper; // ascending, strictly; the last is max; empty: no values

    int count() const { return int(upper.size()); }
    // The class of a value, or -1 for NaN (no value). Values outside [min, max] go to
    // the first or last class.
    int classOf(double v) const;

    // values: finite numbers in any order (NaN are skipped).
    static ClassBreaks compute(std::vector<double> values, const ClassOptions &options);

    // Decimals that keep every break apart in print: two significant digits of the
    // narrowest class, within what the column's own format shows.
    int labelDecimals(const NumberFormat &column) const;
    // "0 – 2.5 h", one per class, in the column's grouping, with the unit on each.
    QStringList labels(const NumberFormat &column, const QString &unit) const;
};

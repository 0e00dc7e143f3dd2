#include "classbreaks.h"

#include <QJsonValue>

#include <algorithm>
#include <cmath>

QString ClassOptions::methodName(ClassMethod method)
{
    return method == ClassMethod::EqualInterval ? QStringLiteral("equal")
                                                : QStringLiteral("quantile");
}

std::optional<ClassMethod> ClassOptions::methodFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("quantile") || n == QLatin1String("quantiles"))
        return ClassMethod::Quantile;
    if (n == QLatin1String("equal") || n == QLatin1String("equal-interval")
        || n == QLatin1String("equal intervals"))
        return ClassMethod::EqualInterval;
    return std::nullopt;
}

QJsonObject ClassOptions::toJson() const
{
    return {{QStringLiteral("method"), methodName(method)}, {QStringLiteral("classes"), classes}};
}

std::optional<ClassOptions> ClassOptions::fromJson(const QJsonObject &json, QString *error)
{
    ClassOptions o;
    const QJsonValue method = json.value(QStringLiteral("method"));
    if (!method.isUndefined()) {
        const auto m = method.isString() ? methodFromName(method.toString()) : std::nullopt;
        if (!m) {
            *error = QStringLiteral("method must be \"quantile\" or \"equal\"");
            return std::nullopt;
        }
        o.method = *m;
    }
    const QJsonValue classes = json.value(QStringLiteral("classes"));
    if (!classes.isUndefined()) {
        const double n = classes.toDouble(-1);
        if (!classes.isDouble() || n != std::trunc(n) || n < kMinClasses || n > kMaxClasses) {
            *error = QStringLiteral("classes must be a whole number from %1 to %2")
                         .arg(kMinClasses)
                         .arg(kMaxClasses);
            return std::nullopt;
        }
        o.classes = int(n);
    }
    return o;
}

int ClassBreaks::classOf(double v) const
{
    if (std::isnan(v) || upper.empty())
        return -1;
    // The first break at or above v: (previous, break] holds v.
    const auto it = std::lower_bound(upper.begin(), upper.end(), v);
    return it == upper.end() ? count() - 1 : int(it - upper.begin());
}

ClassBreaks ClassBreaks::compute(std::vector<double> values, const ClassOptions &options)
{
    ClassBreaks b;
    b.method = options.method;
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
        values.end());
    if (values.empty())
        return b;
    const int n = std::clamp(options.classes, 1, ClassOptions::kMaxClasses);
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    b.min = *lo;
    b.max = *hi;
    std::vector<double> breaks;
    if (options.method == ClassMethod::EqualInterval) {
        const double width = (b.max - b.min) / n;
        for (int i = 1; i < n; ++i)
            breaks.push_back(b.min + width * i);
    } else {
        // Quantiles with linear interpolation between order statistics (Hyndman & Fan
        // type 7, R's default and QGIS's): the value at rank q (N - 1). Each one is an
        // nth_element on the part above the previous one, so no full sort is needed.
        const size_t count = values.size();
        auto from = values.begin();
        for (int i = 1; i < n; ++i) {
            const double a = double(i) / n * double(count - 1);
            const auto k = size_t(std::floor(a));
            auto kth = values.begin() + std::ptrdiff_t(k);
            std::nth_element(from, kth, values.end());
            double v = *kth;
            if (k + 1 < count && a > double(k)) {
                // The next order statistic is the smallest of what lies above kth.
                const double next = *std::min_element(kth + 1, values.end());
                v += (a - double(k)) * (next - v);
            }
            breaks.push_back(v);
            from = kth;
        }
    }
    breaks.push_back(b.max);
    for (double v : breaks) {
        if (v > b.max)
            v = b.max;
        if (b.upper.empty() ? v >= b.min : v > b.upper.back())
            b.upper.push_back(v);
    }
    if (b.upper.back() != b.max) // max == min, and nothing was kept above it
        b.upper.push_back(b.max);
    return b;
}

int ClassBreaks::labelDecimals(const NumberFormat &column) const
{
    if (upper.empty())
        return column.decimals;
    double gap = upper.front() - min;
    for (size_t i = 1; i < upper.size(); ++i)
        gap = std::min(gap, upper[i] - upper[i - 1]);
    int d = column.decimals;
    if (gap > 0)
        d = std::min(d, std::clamp(1 - int(std::floor(std::log10(gap))), 0, 6));
    // More digits while two bounds would print the same.
    for (; d < 6; ++d) {
        const NumberFormat f {d, column.grouping};
        bool distinct = f.format(min) != f.format(upper.front()) || upper.front() == min;
        for (size_t i = 1; i < upper.size() && distinct; ++i)
            distinct = f.format(upper[i - 1]) != f.format(upper[i]);
        if (distinct)
            break;
    }
    return std::max(d, 0);
}

QStringList ClassBreaks::labels(const NumberFormat &column, const QString &unit) const
{
    QStringList out;
    const NumberFormat f {labelDecimals(column), column.grouping};
    // "2.5 – 5 h" rather than "2.5 – 5.0 h": a legend is read, not aligned.
    const auto text = [&f](double v) {
        QString s = f.format(v);
        if (s.contains(QLatin1Char('.'))) {
            while (s.endsWith(QLatin1Char('0')))
                s.chop(1);
            if (s.endsWith(QLatin1Char('.')))
                s.chop(1);
        }
        return s;
    };
    const QString suffix = unit.isEmpty() ? QString() : QLatin1Char(' ') + unit;
    double from = min;
    for (double to : upper) {
        out << (text(from) == text(to)
                    ? text(to) + suffix
                    : QStringLiteral("%1 – %2").arg(text(from), text(to)) + suffix);
        from = to;
    }
    return out;
}

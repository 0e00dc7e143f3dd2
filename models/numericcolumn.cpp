#include "numericcolumn.h"

#include "eventstore.h"
#include "io/valueparsers.h"

#include <QHash>
#include <QJsonValue>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <vector>

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A leading zero before another digit ("007", "-01") marks an identifier: its text
// matters, and as a number it would lose the zeros.
bool hasLeadingZero(std::string_view t)
{
    if (!t.empty() && (t.front() == '-' || t.front() == '+'))
        t.remove_prefix(1);
    return t.size() >= 2 && t[0] == '0' && t[1] >= '0' && t[1] <= '9';
}

enum class Parsed { Missing, Number, Text };

Parsed parse(std::string_view text, double *out)
{
    const std::string_view t = values::trim(text);
    if (t.empty() || values::isMissing(t))
        return Parsed::Missing;
    const values::Number n = values::parseNumber(t);
    if (n.status != values::NumberStatus::Ok || hasLeadingZero(t))
        return Parsed::Text;
    *out = n.value;
    return Parsed::Number;
}

} // namespace

NumericReader::NumericReader(const EventStore &store, const QString &key) : m_store(store)
{
    if (const auto f = fieldFromKey(key)) {
        m_field = *f;
        if (*f == Field::Volume)
            m_kind = Kind::Volume;
        else if (*f == Field::Latitude)
            m_kind = Kind::Latitude;
        else if (*f == Field::Longitude)
            m_kind = Kind::Longitude;
        else if (isTextField(*f))
            m_kind = Kind::TextField;
        return;
    }
    m_extra = int(store.extraNames().indexOf(key));
    if (m_extra >= 0)
        m_kind = Kind::Extra;
}

double NumericReader::value(size_t row) const
{
    double v = kNaN;
    switch (m_kind) {
    case Kind::None:
        return kNaN;
    case Kind::Volume:
        return m_store.volume(row);
    case Kind::Latitude:
        return m_store.lat(row);
    case Kind::Longitude:
        return m_store.lon(row);
    case Kind::TextField:
        return parse(m_store.textView(m_field, row), &v) == Parsed::Number ? v : kNaN;
    case Kind::Extra:
        return parse(m_store.extraView(m_extra, row), &v) == Parsed::Number ? v : kNaN;
    }
    return kNaN;
}

NumericColumn NumericColumn::analyse(const EventStore &store, const QString &key)
{
    NumericColumn c;
    const std::optional<Field> field = fieldFromKey(key);
    const int extra = field ? -1 : int(store.extraNames().indexOf(key));
    const bool fromText = field ? isTextField(*field) : extra >= 0;
    if (!fromText
        && !(field
             && (*field == Field::Volume || *field == Field::Latitude
                 || *field == Field::Longitude)))
        return c;

    std::vector<double> values;
    values.reserve(std::min<size_t>(store.size(), 1u << 20));
    int written = 0;
    for (size_t r = 0; r < store.size(); ++r) {
        double v = kNaN;
        if (fromText) {
            const std::string_view text =
                field ? store.textView(*field, r) : store.extraView(extra, r);
            const Parsed p = parse(text, &v);
            if (p == Parsed::Text)
                return NumericColumn(); // text: categories, not numbers
            if (p == Parsed::Missing)
                continue;
            written = std::max(written, numbers::writtenDecimals(values::trim(text)));
        } else {
            v = *field == Field::Volume     ? store.volume(r)
                : *field == Field::Latitude ? store.lat(r)
                                            : store.lon(r);
            if (std::isnan(v))
                continue;
        }
        values.push_back(v);
    }
    if (values.empty())
        return c;
    c.numeric = true;
    c.count = int64_t(values.size());
    c.integers = std::all_of(values.begin(), values.end(),
                             [](double v) { return v == std::trunc(v) && std::abs(v) < 9e15; });
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    c.min = *lo;
    c.max = *hi;
    if (field && (*field == Field::Latitude || *field == Field::Longitude)) {
        c.format = {5, false}; // as the table writes degrees
        return c;
    }
    c.format.grouping = !numbers::looksLikeIdentifier(key);
    if (c.integers) {
        c.format.decimals = 0;
        return c;
    }
    // The median magnitude decides, so that one huge or tiny value does not.
    std::vector<double> magnitudes;
    magnitudes.reserve(values.size());
    for (double v : values)
        if (v != 0)
            magnitudes.push_back(std::abs(v));
    double typical = 1;
    if (!magnitudes.empty()) {
        auto mid = magnitudes.begin() + std::ptrdiff_t(magnitudes.size() / 2);
        std::nth_element(magnitudes.begin(), mid, magnitudes.end());
        typical = *mid;
    }
    int decimals = numbers::decimalsForMagnitude(typical);
    if (fromText) // never more digits than the file wrote ("5.5" stays "5.5")
        decimals = std::min(decimals, written);
    c.format.decimals = std::max(decimals, 0);
    return c;
}

QString NumberFormat::format(double v) const
{
    if (std::isnan(v))
        return {};
    // English grouping whatever the user's locale, as TransferModel::formatVolume.
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    if (std::abs(v) < 0.5 * std::pow(10.0, -decimals))
        v = 0; // no "-0.00"
    if (!grouping)
        return QString::number(v, 'f', decimals);
    QString s = english.toString(v, 'f', decimals);
    return s;
}

int numbers::decimalsForMagnitude(double typical)
{
    typical = std::abs(typical);
    if (!(typical > 0) || typical >= 1000)
        return 0;
    if (typical >= 100)
        return 1;
    if (typical >= 1)
        return 2;
    // Three significant digits: 0.12 -> 3 decimals would be 0.120; two digits after
    // the first significant one.
    const int firstDigit = int(std::floor(-std::log10(typical))) + 1; // 0.12 -> 1
    return std::clamp(firstDigit + 2, 2, 6);
}

int numbers::writtenDecimals(std::string_view text)
{
    const size_t e = text.find_first_of("eE");
    if (e != std::string_view::npos)
        return 6;
    const size_t dot = text.find('.');
    if (dot == std::string_view::npos)
        return 0;
    return int(text.size() - dot - 1);
}

QString numbers::unitOf(const QString &key)
{
    if (const auto f = fieldFromKey(key)) {
        if (*f == Field::Volume)
            return QStringLiteral("bbl");
        if (*f == Field::Latitude || *f == Field::Longitude)
            return QStringLiteral("°");
        return {};
    }
    // The last word of the name, as GFW and most exports write units.
    static const QRegularExpression lastWord(QStringLiteral("[^A-Za-z]([A-Za-z]+)\\W*$"));
    const auto m = lastWord.match(QLatin1Char(' ') + key);
    if (!m.hasMatch())
        return {};
    const QString w = m.captured(1).toLower();
    static const QHash<QString, QString> units = {
        {QStringLiteral("hr"), QStringLiteral("h")},
        {QStringLiteral("hrs"), QStringLiteral("h")},
        {QStringLiteral("hour"), QStringLiteral("h")},
        {QStringLiteral("hours"), QStringLiteral("h")},
        {QStringLiteral("h"), QStringLiteral("h")},
        {QStringLiteral("min"), QStringLiteral("min")},
        {QStringLiteral("minutes"), QStringLiteral("min")},
        {QStringLiteral("km"), QStringLiteral("km")},
        {QStringLiteral("m"), QStringLiteral("m")},
        {QStringLiteral("nm"), QStringLiteral("nm")},
        {QStringLiteral("knots"), QStringLiteral("kn")},
        {QStringLiteral("knot"), QStringLiteral("kn")},
        {QStringLiteral("kn"), QStringLiteral("kn")},
        {QStringLiteral("kt"), QStringLiteral("kn")},
        {QStringLiteral("kts"), QStringLiteral("kn")},
        {QStringLiteral("bbl"), QStringLiteral("bbl")},
        {QStringLiteral("barrels"), QStringLiteral("bbl")},
        {QStringLiteral("t"), QStringLiteral("t")},
        {QStringLiteral("tonnes"), QStringLiteral("t")},
        {QStringLiteral("dwt"), QStringLiteral("dwt")},
        {QStringLiteral("pct"), QStringLiteral("%")},
        {QStringLiteral("percent"), QStringLiteral("%")},
    };
    return units.value(w);
}

bool numbers::looksLikeIdentifier(const QString &key)
{
    static const QRegularExpression id(
        QStringLiteral("(^|[^a-z])(id|mmsi|imo|ssvid|code|eez|year|no|number|callsign|zip)"
                       "($|[^a-z])"),
        QRegularExpression::CaseInsensitiveOption);
    QString spaced = key;
    // camelCase words apart: "vesselId" -> "vessel Id"
    static const QRegularExpression camel(QStringLiteral("([a-z])([A-Z])"));
    spaced.replace(camel, QStringLiteral("\\1 \\2"));
    return id.match(spaced).hasMatch();
}

QString numbers::attributeLabel(const QString &key)
{
    if (const auto f = fieldFromKey(key))
        return fieldLabel(*f);
    return key;
}

QJsonObject NumericRange::toJson() const
{
    QJsonObject o;
    if (std::isfinite(min))
        o.insert(QStringLiteral("min"), min);
    if (std::isfinite(max))
        o.insert(QStringLiteral("max"), max);
    o.insert(QStringLiteral("keepEmpty"), keepEmpty);
    return o;
}

std::optional<NumericRange> NumericRange::fromJson(const QJsonObject &json, QString *error)
{
    NumericRange r;
    for (const char *name : {"min", "max"}) {
        const QJsonValue v = json.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull())
            continue;
        if (!v.isDouble() || !std::isfinite(v.toDouble())) {
            *error = QStringLiteral("%1 must be a number").arg(QLatin1String(name));
            return std::nullopt;
        }
        (qstrcmp(name, "min") == 0 ? r.min : r.max) = v.toDouble();
    }
    const QJsonValue keep = json.value(QStringLiteral("keepEmpty"));
    if (!keep.isUndefined()) {
        if (!keep.isBool()) {
            *error = QStringLiteral("keepEmpty must be true or false");
            return std::nullopt;
        }
        r.keepEmpty = keep.toBool();
    }
    if (r.min > r.max) {
        *error = QStringLiteral("min is above max");
        return std::nullopt;
    }
    return r;
}

QString NumericRange::text(const NumberFormat &format, const QString &unit) const
{
    const QString suffix = unit.isEmpty() ? QString() : QLatin1Char(' ') + unit;
    QString s;
    if (std::isfinite(min) && std::isfinite(max))
        s = QStringLiteral("%1 – %2").arg(format.format(min), format.format(max));
    else if (std::isfinite(min))
        s = QStringLiteral("≥ %1").arg(format.format(min));
    else if (std::isfinite(max))
        s = QStringLiteral("≤ %1").arg(format.format(max));
    else
        s = QStringLiteral("any");
    return s + suffix;
}

bool numericranges::fromJson(const QJsonObject &json, QHash<QString, NumericRange> *out,
                             QString *error)
{
    QHash<QString, NumericRange> ranges;
    for (auto it = json.begin(); it != json.end(); ++it) {
        QString why;
        const auto r = it.value().isObject() ? NumericRange::fromJson(it.value().toObject(), &why)
                                             : std::nullopt;
        if (!r) {
            *error = QStringLiteral("range of %1: %2")
                         .arg(it.key(), why.isEmpty() ? QStringLiteral("not an object") : why);
            return false;
        }
        ranges.insert(it.key(), *r);
    }
    *out = std::move(ranges);
    return true;
}

QJsonObject numericranges::toJson(const QHash<QString, NumericRange> &ranges)
{
    QJsonObject o;
    for (auto it = ranges.begin(); it != ranges.end(); ++it)
        o.insert(it.key(), it.value().toJson());
    return o;
}

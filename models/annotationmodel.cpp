#include "annotationmodel.h"

#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace {
struct KindName
{
    Annotation::Kind kind;
    const char *key;
    const char *label;
};
constexpr KindName kKinds[] = {
    {Annotation::Kind::Callout, "callout", "Callout"},
    {Annotation::Kind::Arrow, "arrow", "Arrow"},
    {Annotation::Kind::Circle, "circle", "Circle"},
    {Annotation::Kind::Rectangle, "rectangle", "Rectangle"},
    {Annotation::Kind::Polygon, "polygon", "Polygon"},
    {Annotation::Kind::EventLabel, "eventLabel", "Event label"},
};

// Unwrapped longitudes of a shape near the antimeridian stay within a turn of it.
constexpr double kMaxAbsLongitude = 540;

QString errorAt(int index, const QString &what)
{
    return QStringLiteral("annotation %1: %2").arg(index + 1).arg(what);
}
} // namespace

QString Annotation::kindKey(Kind kind)
{
    for (const KindName &k : kKinds)
        if (k.kind == kind)
            return QString::fromLatin1(k.key);
    return {};
}

bool Annotation::kindFromKey(const QString &key, Kind *kind)
{
    for (const KindName &k : kKinds) {
        if (key == QLatin1String(k.key)) {
            *kind = k.kind;
            return true;
        }
    }
    return false;
}

QString Annotation::kindLabel(Kind kind)
{
    for (const KindName &k : kKinds)
        if (k.kind == kind)
            return QString::fromLatin1(k.label);
    return {};
}

int Annotation::pointCount(Kind kind)
{
    switch (kind) {
    case Kind::Circle:
        return 1;
    case Kind::Polygon:
        return 3;
    case Kind::Callout:
    case Kind::Arrow:
    case Kind::Rectangle:
    case Kind::EventLabel:
        break;
    }
    return 2;
}

Annotation Annotation::defaults(Kind kind)
{
    Annotation a;
    a.kind = kind;
    switch (kind) {
    case Kind::Callout:
        a.color = 0xff1f4e79; // dark blue: reads on land and sea alike
        a.lineWidth = 1.5;
        break;
    case Kind::EventLabel:
        a.color = 0xff2b2b2b;
        a.lineWidth = 1;
        a.fontSize = 9;
        break;
    case Kind::Arrow:
        a.color = 0xffc0392b;
        a.lineWidth = 2.5;
        break;
    case Kind::Circle:
        a.color = 0xffd35400;
        a.lineWidth = 2;
        break;
    case Kind::Rectangle:
    case Kind::Polygon:
        a.color = 0xff8e44ad;
        a.lineWidth = 2;
        break;
    }
    return a;
}

QString Annotation::validate() const
{
    const int n = pointCount(kind);
    const int have = static_cast<int>(points.size());
    if (kind == Kind::Polygon ? have < n : have != n)
        return kind == Kind::Polygon
            ? QStringLiteral("a polygon needs at least 3 points, this one has %1").arg(have)
            : QStringLiteral("a %1 needs %2 point%3, this one has %4")
                  .arg(kindKey(kind))
                  .arg(n)
                  .arg(n == 1 ? QString() : QStringLiteral("s"))
                  .arg(have);
    for (const GeoPoint &p : points) {
        if (!std::isfinite(p.lat) || p.lat < -90 || p.lat > 90)
            return QStringLiteral("latitude %1 is not between -90 and 90").arg(p.lat);
        if (!std::isfinite(p.lon) || std::abs(p.lon) > kMaxAbsLongitude)
            return QStringLiteral("longitude %1 is out of range").arg(p.lon);
    }
    if (kind == Kind::Circle && !(radiusNm > 0 && radiusNm <= kMaxRadiusNm))
        return QStringLiteral("the radius must be more than 0 and at most %1 nm").arg(kMaxRadiusNm);
    if (!(lineWidth >= kMinLineWidth && lineWidth <= kMaxLineWidth))
        return QStringLiteral("the line width must be between %1 and %2")
            .arg(kMinLineWidth)
            .arg(kMaxLineWidth);
    if (!(fontSize >= kMinFontSize && fontSize <= kMaxFontSize))
        return QStringLiteral("the font size must be between %1 and %2")
            .arg(kMinFontSize)
            .arg(kMaxFontSize);
    return {};
}

void Annotation::normalizeLongitudes()
{
    if (points.empty() || !std::isfinite(points.front().lon))
        return;
    const double turns = std::floor((points.front().lon + 180.0) / 360.0);
    if (turns == 0)
        return;
    for (GeoPoint &p : points)
        p.lon -= 360.0 * turns;
}

bool Annotation::operator==(const Annotation &o) const
{
    return id == o.id && kind == o.kind && points == o.points && radiusNm == o.radiusNm
        && text == o.text && eventId == o.eventId && color == o.color && lineWidth == o.lineWidth
        && fontSize == o.fontSize;
}

AnnotationModel::AnnotationModel(QObject *parent) : QObject(parent) { }

const Annotation *AnnotationModel::find(int id) const
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &m_items[static_cast<size_t>(i)];
}

int AnnotationModel::indexOf(int id) const
{
    if (id <= 0)
        return -1;
    const auto it = std::find_if(m_items.begin(), m_items.end(),
                                 [id](const Annotation &a) { return a.id == id; });
    return it == m_items.end() ? -1 : static_cast<int>(it - m_items.begin());
}

int AnnotationModel::nextId() const
{
    int id = 0;
    for (const Annotation &a : m_items)
        id = std::max(id, a.id);
    return id + 1;
}

int AnnotationModel::insert(Annotation annotation, int index)
{
    if (!annotation.validate().isEmpty())
        return 0;
    if (annotation.id <= 0 || indexOf(annotation.id) >= 0)
        annotation.id = nextId();
    if (index < 0 || index > count())
        index = count();
    const int id = annotation.id;
    m_items.insert(m_items.begin() + index, std::move(annotation));
    emit changed();
    return id;
}

bool AnnotationModel::remove(int id)
{
    const int i = indexOf(id);
    if (i < 0)
        return false;
    m_items.erase(m_items.begin() + i);
    emit changed();
    return true;
}

bool AnnotationModel::update(const Annotation &annotation)
{
    const int i = indexOf(annotation.id);
    if (i < 0 || !annotation.validate().isEmpty())
        return false;
    Annotation &slot = m_items[static_cast<size_t>(i)];
    if (slot == annotation)
        return true;
    slot = annotation;
    emit changed();
    return true;
}

void AnnotationModel::clear()
{
    if (m_items.empty())
        return;
    m_items.clear();
    emit changed();
}

QString AnnotationModel::colorName(quint32 argb)
{
    return QStringLiteral("#%1").arg(argb, 8, 16, QLatin1Char('0'));
}

bool AnnotationModel::parseColor(const QString &name, quint32 *argb)
{
    if (!name.startsWith(QLatin1Char('#')) || (name.size() != 7 && name.size() != 9))
        return false;
    bool ok = false;
    const uint value = name.mid(1).toUInt(&ok, 16);
    if (!ok)
        return false;
    *argb = name.size() == 7 ? (0xff000000u | value) : value;
    return true;
}

QJsonArray AnnotationModel::toJson() const
{
    QJsonArray out;
    for (const Annotation &a : m_items) {
        QJsonObject o;
        o.insert(QStringLiteral("id"), a.id);
        o.insert(QStringLiteral("kind"), Annotation::kindKey(a.kind));
        QJsonArray points;
        for (const GeoPoint &p : a.points)
            points.append(QJsonArray {p.lon, p.lat});
        o.insert(QStringLiteral("points"), points);
        // Written whenever set, so that any model survives the round trip exactly.
        if (a.kind == Annotation::Kind::Circle || a.radiusNm != 0)
            o.insert(QStringLiteral("radiusNm"), a.radiusNm);
        o.insert(QStringLiteral("text"), a.text);
        if (a.kind == Annotation::Kind::EventLabel || !a.eventId.isEmpty())
            o.insert(QStringLiteral("eventId"), a.eventId);
        o.insert(QStringLiteral("color"), colorName(a.color));
        o.insert(QStringLiteral("lineWidth"), a.lineWidth);
        o.insert(QStringLiteral("fontSize"), a.fontSize);
        out.append(o);
    }
    return out;
}

bool AnnotationModel::fromJson(const QJsonArray &json, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    std::vector<Annotation> items;
    QSet<int> ids;
    for (int i = 0; i < json.size(); ++i) {
        if (!json.at(i).isObject())
            return fail(errorAt(i, QStringLiteral("not a JSON object")));
        const QJsonObject o = json.at(i).toObject();
        Annotation a;
        if (!Annotation::kindFromKey(o.value(QStringLiteral("kind")).toString(), &a.kind))
            return fail(errorAt(i,
                                QStringLiteral("unknown kind \u201c%1\u201d")
                                    .arg(o.value(QStringLiteral("kind")).toString())));
        const QJsonValue points = o.value(QStringLiteral("points"));
        if (!points.isArray())
            return fail(errorAt(i, QStringLiteral("\u201cpoints\u201d is missing or not a list")));
        for (const QJsonValue &p : points.toArray()) {
            const QJsonArray pair = p.toArray();
            if (!p.isArray() || pair.size() != 2 || !pair.at(0).isDouble()
                || !pair.at(1).isDouble())
                return fail(errorAt(i, QStringLiteral("a point is not [longitude, latitude]")));
            a.points.push_back({pair.at(0).toDouble(), pair.at(1).toDouble()});
        }
        const auto number = [&o](const char *key, double fallback, bool *ok) {
            const QJsonValue v = o.value(QLatin1String(key));
            *ok = v.isUndefined() || v.isDouble();
            return v.isDouble() ? v.toDouble() : fallback;
        };
        bool ok = true;
        const Annotation defaults = Annotation::defaults(a.kind);
        for (const auto &[key, target, fallback] :
             {std::tuple {"radiusNm", &a.radiusNm, 0.0},
              std::tuple {"lineWidth", &a.lineWidth, defaults.lineWidth},
              std::tuple {"fontSize", &a.fontSize, defaults.fontSize}}) {
            *target = number(key, fallback, &ok);
            if (!ok)
                return fail(errorAt(
                    i, QStringLiteral("\u201c%1\u201d is not a number").arg(QLatin1String(key))));
        }
        const QJsonValue color = o.value(QStringLiteral("color"));
        a.color = defaults.color;
        if (!color.isUndefined() && !parseColor(color.toString(), &a.color))
            return fail(errorAt(i,
                                QStringLiteral("colour \u201c%1\u201d is not #rrggbb or "
                                               "#aarrggbb")
                                    .arg(color.toVariant().toString())));
        for (const auto &[key, target] :
             {std::pair {"text", &a.text}, std::pair {"eventId", &a.eventId}}) {
            const QJsonValue v = o.value(QLatin1String(key));
            if (!v.isUndefined() && !v.isString())
                return fail(errorAt(
                    i, QStringLiteral("\u201c%1\u201d is not text").arg(QLatin1String(key))));
            *target = v.toString();
        }
        const QJsonValue id = o.value(QStringLiteral("id"));
        if (!id.isUndefined()) {
            const double d = id.toDouble(-1);
            if (!id.isDouble() || d < 1 || d > 1e9 || d != std::floor(d))
                return fail(errorAt(i,
                                    QStringLiteral("\u201cid\u201d is not a positive whole "
                                                   "number")));
            a.id = static_cast<int>(d);
            if (ids.contains(a.id))
                return fail(errorAt(i, QStringLiteral("id %1 is used twice").arg(a.id)));
            ids.insert(a.id);
        }
        const QString problem = a.validate();
        if (!problem.isEmpty())
            return fail(errorAt(i, problem));
        items.push_back(std::move(a));
    }
    // Annotations written without ids get fresh ones after the largest given.
    int next = 1;
    for (int id : std::as_const(ids))
        next = std::max(next, id + 1);
    for (Annotation &a : items)
        if (a.id == 0)
            a.id = next++;
    m_items = std::move(items);
    emit changed();
    return true;
}

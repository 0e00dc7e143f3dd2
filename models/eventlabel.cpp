#include "eventlabel.h"

#include "eventstore.h"
#include "summary.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace {
QString vesselName(const EventStore &store, uint32_t vessel)
{
    if (vessel == 0)
        return {};
    const std::string_view name = store.vessels().name(vessel);
    if (!name.empty())
        return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    const std::string_view imo = store.vessels().imo(vessel);
    if (!imo.empty())
        return QStringLiteral("IMO ") + QString::fromUtf8(imo.data(), qsizetype(imo.size()));
    const std::string_view mmsi = store.vessels().mmsi(vessel);
    return mmsi.empty()
        ? QString()
        : QStringLiteral("MMSI ") + QString::fromUtf8(mmsi.data(), qsizetype(mmsi.size()));
}

QString position(double lat, double lon)
{
    return QStringLiteral("%1°%2 %3°%4")
        .arg(QString::number(std::abs(lat), 'f', 3),
             lat < 0 ? QStringLiteral("S") : QStringLiteral("N"),
             QString::number(std::abs(lon), 'f', 3),
             lon < 0 ? QStringLiteral("W") : QStringLiteral("E"));
}
} // namespace

QStringList EventLabel::allFields()
{
    return {QStringLiteral("vessels"), QStringLiteral("date"),  QStringLiteral("time"),
            QStringLiteral("volume"),  QStringLiteral("cargo"), QStringLiteral("id"),
            QStringLiteral("position")};
}

QStringList EventLabel::defaultFields()
{
    return {QStringLiteral("vessels"), QStringLiteral("date"), QStringLiteral("volume")};
}

QString EventLabel::fieldLabel(const QString &key)
{
    if (key == QLatin1String("vessels"))
        return QStringLiteral("Vessels");
    if (key == QLatin1String("date"))
        return QStringLiteral("Date (UTC)");
    if (key == QLatin1String("time"))
        return QStringLiteral("Time (UTC)");
    if (key == QLatin1String("volume"))
        return QStringLiteral("Volume");
    if (key == QLatin1String("cargo"))
        return QStringLiteral("Cargo");
    if (key == QLatin1String("id"))
        return QStringLiteral("Event ID");
    if (key == QLatin1String("position"))
        return QStringLiteral("Position");
    return {};
}

QStringList EventLabel::normalizeFields(const QStringList &keys)
{
    QStringList out;
    for (const QString &k : allFields())
        if (keys.contains(k))
            out.append(k);
    return out;
}

QString EventLabel::eventKey(const EventStore &store, size_t row)
{
    const QString id = store.id(row);
    return id.isEmpty() ? QStringLiteral("row %1").arg(store.sourceRow(row)) : id;
}

QString EventLabel::text(const EventStore &store, size_t row, const QStringList &fields)
{
    QStringList parts;
    const auto start = [&store, row] {
        return QDateTime::fromMSecsSinceEpoch(store.start(row), Qt::UTC);
    };
    for (const QString &key : normalizeFields(fields)) {
        QString part;
        if (key == QLatin1String("vessels")) {
            const QString a = vesselName(store, store.vesselsA()[row]);
            const QString b = vesselName(store, store.vesselsB()[row]);
            part = a.isEmpty() || b.isEmpty() ? QString(a + b)
                                              : QString(a + QStringLiteral(" \u21c4 ") + b);
        } else if (key == QLatin1String("date") && store.start(row) != EventStore::kNoTime) {
            part = start().toString(QStringLiteral("yyyy-MM-dd"));
        } else if (key == QLatin1String("time") && store.start(row) != EventStore::kNoTime) {
            part = start().toString(QStringLiteral("HH:mm")) + QStringLiteral(" UTC");
        } else if (key == QLatin1String("volume") && std::isfinite(store.volume(row))) {
            part = Summary::formatVolume(std::round(store.volume(row))) + QStringLiteral(" bbl");
        } else if (key == QLatin1String("cargo")) {
            part = store.text(Field::Cargo, row);
        } else if (key == QLatin1String("id")) {
            part = store.id(row);
        } else if (key == QLatin1String("position")) {
            part = position(store.lat(row), store.lon(row));
        }
        if (!part.isEmpty())
            parts.append(part);
    }
    return parts.isEmpty() ? eventKey(store, row) : parts.join(QStringLiteral(" \u00b7 "));
}

Annotation EventLabel::annotation(const EventStore &store, size_t row, const QStringList &fields,
                                  double offsetLon, double offsetLat)
{
    Annotation a = Annotation::defaults(Annotation::Kind::EventLabel);
    const GeoPoint anchor {store.lon(row), store.lat(row)};
    const double labelLat = std::clamp(anchor.lat + offsetLat, -85.0, 85.0);
    a.points = {anchor, {anchor.lon + offsetLon, labelLat}};
    a.text = text(store, row, fields);
    a.eventId = eventKey(store, row);
    return a;
}

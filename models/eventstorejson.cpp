#include "eventstorejson.h"

#include "eventstore.h"

#include <QJsonArray>
#include <QStringList>

#include <array>
#include <cmath>
#include <vector>

namespace eventstorejson {

namespace {

// The stored fields, in the order of a row's first values; the geometry is the position.
constexpr std::array<Field, 18> kFields = {
    Field::Id,          Field::Start,       Field::End,         Field::Latitude,
    Field::Longitude,   Field::Volume,      Field::VesselAName, Field::VesselAImo,
    Field::VesselAMmsi, Field::VesselAFlag, Field::VesselBName, Field::VesselBImo,
    Field::VesselBMmsi, Field::VesselBFlag, Field::Cargo,       Field::Confidence,
    Field::Source,      Field::Notes,
};
const QString kSourceRow = QStringLiteral("source_row");
const QString kFlags = QStringLiteral("flags");
constexpr qsizetype kFixed = qsizetype(kFields.size()) + 2; // + source row, flags
// Above 2^53 a double no longer holds every whole number.
constexpr double kMaxExact = 9007199254740992.0;

QStringList fieldNames()
{
    QStringList names;
    for (Field f : kFields)
        names << fieldKey(f);
    return names << kSourceRow << kFlags;
}

QJsonValue timeValue(int64_t ms)
{
    return ms == EventStore::kNoTime ? QJsonValue() : QJsonValue(double(ms));
}

QString text(std::string_view v)
{
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

} // namespace

QJsonObject toJson(const EventStore &store)
{
    QJsonArray rows;
    for (size_t r = 0; r < store.size(); ++r) {
        QJsonArray row;
        for (Field f : kFields) {
            switch (f) {
            case Field::Start:
                row.append(timeValue(store.start(r)));
                break;
            case Field::End:
                row.append(timeValue(store.end(r)));
                break;
            case Field::Latitude:
                row.append(store.lat(r));
                break;
            case Field::Longitude:
                row.append(store.lon(r));
                break;
            case Field::Volume:
                row.append(std::isfinite(store.volume(r)) ? QJsonValue(store.volume(r))
                                                          : QJsonValue());
                break;
            default:
                row.append(text(store.textView(f, r)));
                break;
            }
        }
        row.append(double(store.sourceRow(r)));
        row.append(int(store.flags(r)));
        for (int c = 0; c < store.extraNames().size(); ++c)
            row.append(text(store.extraView(c, r)));
        rows.append(row);
    }
    return {{QStringLiteral("fields"), QJsonArray::fromStringList(fieldNames())},
            {QStringLiteral("extras"), QJsonArray::fromStringList(store.extraNames())},
            {QStringLiteral("rows"), rows}};
}

std::shared_ptr<EventStore> fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::shared_ptr<EventStore>();
    };
    const QJsonValue fields = json.value(QStringLiteral("fields"));
    if (!fields.isArray() || fields.toArray() != QJsonArray::fromStringList(fieldNames()))
        return fail(
            QStringLiteral("\"fields\" must list %1").arg(fieldNames().join(QStringLiteral(", "))));
    const QJsonValue extrasValue = json.value(QStringLiteral("extras"));
    if (!extrasValue.isArray())
        return fail(QStringLiteral("\"extras\" must be a list of column names"));
    QStringList extras;
    for (const QJsonValue &v : extrasValue.toArray()) {
        if (!v.isString() || v.toString().isEmpty() || extras.contains(v.toString()))
            return fail(QStringLiteral("\"extras\" must be distinct column names"));
        extras << v.toString();
    }
    const QJsonValue rowsValue = json.value(QStringLiteral("rows"));
    if (!rowsValue.isArray())
        return fail(QStringLiteral("\"rows\" must be a list"));
    const QJsonArray rows = rowsValue.toArray();

    auto store = std::make_shared<EventStore>(extras);
    store->reserve(size_t(rows.size()));
    std::vector<QByteArray> texts(size_t(kFields.size()) + size_t(extras.size()));
    std::vector<std::string_view> extraViews(size_t(extras.size()));
    const auto view = [](const QByteArray &b) { return std::string_view(b.constData(), b.size()); };
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QString where = QStringLiteral("rows[%1]").arg(i);
        if (!rows[i].isArray() || rows[i].toArray().size() != kFixed + extras.size())
            return fail(QStringLiteral("%1 must be a list of %2 values")
                            .arg(where)
                            .arg(kFixed + extras.size()));
        const QJsonArray row = rows[i].toArray();
        const auto at = [&](qsizetype c) { return QStringLiteral("%1[%2]").arg(where).arg(c); };
        EventStore::RowInput in;
        for (qsizetype c = 0; c < qsizetype(kFields.size()); ++c) {
            const QJsonValue v = row[c];
            switch (kFields[size_t(c)]) {
            case Field::Start:
            case Field::End: {
                int64_t ms = EventStore::kNoTime;
                if (!v.isNull()) {
                    const double d = v.toDouble(std::nan(""));
                    if (!v.isDouble() || d != std::floor(d) || std::abs(d) > kMaxExact)
                        return fail(at(c)
                                    + QStringLiteral(" must be a time in whole UTC "
                                                     "milliseconds, or null"));
                    ms = int64_t(d);
                }
                (kFields[size_t(c)] == Field::Start ? in.start : in.end) = ms;
                break;
            }
            case Field::Latitude:
            case Field::Longitude: {
                const bool lat = kFields[size_t(c)] == Field::Latitude;
                const double d = v.toDouble(std::nan(""));
                if (!v.isDouble() || std::abs(d) > (lat ? 90 : 180))
                    return fail(at(c)
                                + (lat ? QStringLiteral(" must be a latitude (-90..90)")
                                       : QStringLiteral(" must be a longitude (-180..180)")));
                (lat ? in.lat : in.lon) = d;
                break;
            }
            case Field::Volume:
                if (!v.isNull() && !v.isDouble())
                    return fail(at(c) + QStringLiteral(" must be a number or null"));
                in.volume = v.isNull() ? std::nan("") : v.toDouble();
                break;
            default:
                if (!v.isString())
                    return fail(at(c) + QStringLiteral(" must be text"));
                texts[size_t(c)] = v.toString().toUtf8();
                break;
            }
        }
        const double sourceRow = row[kFixed - 2].toDouble(-1);
        if (!row[kFixed - 2].isDouble() || sourceRow < 0 || sourceRow > 4294967295.0
            || sourceRow != std::floor(sourceRow))
            return fail(at(kFixed - 2) + QStringLiteral(" must be a row number"));
        const double flags = row[kFixed - 1].toDouble(-1);
        if (!row[kFixed - 1].isDouble() || flags < 0 || flags > 255 || flags != std::floor(flags))
            return fail(at(kFixed - 1) + QStringLiteral(" must be flags (0..255)"));
        for (qsizetype c = 0; c < extras.size(); ++c) {
            const QJsonValue v = row[kFixed + c];
            if (!v.isString())
                return fail(at(kFixed + c) + QStringLiteral(" must be text"));
            texts[kFields.size() + size_t(c)] = v.toString().toUtf8();
            extraViews[size_t(c)] = view(texts[kFields.size() + size_t(c)]);
        }
        const auto t = [&](Field f) {
            for (size_t c = 0; c < kFields.size(); ++c)
                if (kFields[c] == f)
                    return view(texts[c]);
            return std::string_view();
        };
        in.id = t(Field::Id);
        in.aName = t(Field::VesselAName);
        in.aImo = t(Field::VesselAImo);
        in.aMmsi = t(Field::VesselAMmsi);
        in.aFlag = t(Field::VesselAFlag);
        in.bName = t(Field::VesselBName);
        in.bImo = t(Field::VesselBImo);
        in.bMmsi = t(Field::VesselBMmsi);
        in.bFlag = t(Field::VesselBFlag);
        in.cargo = t(Field::Cargo);
        in.confidence = t(Field::Confidence);
        in.source = t(Field::Source);
        in.notes = t(Field::Notes);
        in.sourceRow = uint32_t(sourceRow);
        in.flags = uint8_t(flags);
        store->append(in, extraViews.data());
    }
    return store;
}

} // namespace eventstorejson

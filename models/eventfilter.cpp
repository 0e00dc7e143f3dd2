#include "eventfilter.h"

#include "io/timeparser.h"

#include <QRegularExpression>

std::optional<GeoBox> GeoBox::parse(const QString &text, QString *error)
{
    const QStringList parts = text.split(QLatin1Char(','));
    double v[4];
    bool ok = parts.size() == 4;
    for (int i = 0; ok && i < 4; ++i)
        v[i] = parts[i].trimmed().toDouble(&ok);
    if (!ok) {
        *error = QStringLiteral("--bbox wants W,S,E,N in decimal degrees, not '%1'").arg(text);
        return std::nullopt;
    }
    GeoBox b {v[0], v[1], v[2], v[3]};
    if (b.west < -180 || b.west > 180 || b.east < -180 || b.east > 180) {
        *error = QStringLiteral("--bbox longitudes must be within -180..180: '%1'").arg(text);
        return std::nullopt;
    }
    if (b.south < -90 || b.north > 90 || b.south > b.north) {
        *error =
            QStringLiteral("--bbox latitudes must satisfy -90 <= S <= N <= 90: '%1'").arg(text);
        return std::nullopt;
    }
    return b;
}

bool EventFilter::matches(const EventStore &s, size_t row) const
{
    if (!matchesTime(s, row))
        return false;
    if (bbox && !bbox->contains(s.lat(row), s.lon(row)))
        return false;
    if (!text.isEmpty()) {
        static constexpr Field fields[] = {
            Field::Id,          Field::VesselAName, Field::VesselAImo, Field::VesselAMmsi,
            Field::VesselBName, Field::VesselBImo,  Field::VesselBMmsi};
        bool found = false;
        for (Field f : fields) {
            if (s.text(f, row).contains(text, Qt::CaseInsensitive)) {
                found = true;
                break;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

std::vector<uint32_t> EventFilter::apply(const EventStore &s) const
{
    std::vector<uint32_t> rows;
    rows.reserve(s.size());
    if (isEmpty()) {
        for (uint32_t r = 0; r < s.size(); ++r)
            rows.push_back(r);
        return rows;
    }
    for (uint32_t r = 0; r < s.size(); ++r) {
        if (matches(s, r))
            rows.push_back(r);
    }
    return rows;
}

std::optional<int64_t> EventFilter::parseBound(const QString &text, bool isUpperBound,
                                               QString *error)
{
    static const QRegularExpression dateOnly(QStringLiteral("^\\s*\\d{4}-\\d{2}-\\d{2}\\s*$"));
    const QByteArray utf8 = text.toUtf8();
    const timeparse::Result r =
        timeparse::parse(std::string_view(utf8.constData(), size_t(utf8.size())));
    if (r.status != timeparse::Status::Ok) {
        *error =
            QStringLiteral("'%1' is not a date (YYYY-MM-DD) or an ISO 8601 date-time").arg(text);
        return std::nullopt;
    }
    constexpr int64_t kDay = 24 * 3600 * 1000;
    if (isUpperBound && dateOnly.match(text).hasMatch())
        return r.ms + kDay - 1; // the whole day
    return r.ms;
}

#include "aiscolumns.h"

#include "io/columnmapping.h"

#include <vector>

namespace ais {

namespace {

// Alias families, most specific first; matched exactly on the normalised header. Each
// normalised alias belongs to one field only.
struct Family
{
    AisField field;
    std::vector<const char *> spellings;
};

const std::vector<Family> &families()
{
    static const std::vector<Family> kFamilies = {
        {AisField::Mmsi,
         {"mmsi", "MMSI number", "user_id", "userid", "vessel_mmsi", "ship_mmsi", "sourcemmsi"}},
        {AisField::Id,
         {"id", "oid", "vessel_id", "ship_id", "track_id", "object_id", "obj_id", "vessel", "uid"}},
        {AisField::Time,
         {"BaseDateTime", "# Timestamp", "timestamp", "time_stamp", "datetime", "date_time",
          "Date/Time (UTC)", "timestamp_utc", "time_utc", "time", "t", "ts", "epoch", "epoch_ms",
          "msgtime", "postime", "basetime", "date"}},
        {AisField::Lat, {"lat", "latitude", "lat_deg", "y"}},
        {AisField::Lon, {"lon", "long", "longitude", "lng", "lon_deg", "x"}},
        {AisField::Sog, {"sog", "speed_over_ground", "speed", "speed_knots"}},
        {AisField::Cog, {"cog", "course_over_ground", "course"}},
        {AisField::Heading, {"heading", "true_heading", "hdg"}},
        {AisField::Imo, {"imo", "imo_number", "imonumber", "vessel_imo"}},
        {AisField::Name, {"VesselName", "vessel_name", "ship_name", "name", "shipname"}},
        {AisField::CallSign, {"CallSign", "call_sign", "callsign"}},
        {AisField::ShipType,
         {"VesselType", "Ship type", "ship_and_cargo_type", "shiptype_code", "vessel_type_code"}},
        {AisField::Length, {"length", "length_m", "loa"}},
        {AisField::Width, {"width", "beam", "width_m"}},
        {AisField::Flag, {"flag", "flag_state", "flagstate", "vessel_flag", "flag_code"}},
    };
    return kFamilies;
}

const char *const kKeys[kAisFieldCount] = {
    "mmsi", "id",   "time",     "lat",      "lon",    "sog",   "cog",  "heading",
    "imo",  "name", "callsign", "shiptype", "length", "width", "flag",
};

int aisFieldFromKey(const QString &key)
{
    const QString k = ColumnMapping::normalise(key);
    for (int i = 0; i < kAisFieldCount; ++i) {
        if (k == QLatin1String(kKeys[i]))
            return i;
    }
    // The event keys people already know for the same columns.
    if (k == QLatin1String("start") || k == QLatin1String("timestamp"))
        return int(AisField::Time);
    if (k == QLatin1String("vesselammsi"))
        return int(AisField::Mmsi);
    if (k == QLatin1String("vessela") || k == QLatin1String("vesselname"))
        return int(AisField::Name);
    if (k == QLatin1String("vesselaimo"))
        return int(AisField::Imo);
    if (k == QLatin1String("latitude"))
        return int(AisField::Lat);
    if (k == QLatin1String("longitude"))
        return int(AisField::Lon);
    return -1;
}

bool sameHeaders(const QStringList &headers, std::initializer_list<const char *> names)
{
    if (size_t(headers.size()) != names.size())
        return false;
    int i = 0;
    for (const char *n : names) {
        if (headers.at(i++).trimmed() != QLatin1String(n))
            return false;
    }
    return true;
}

} // namespace

QString aisFieldKey(AisField f)
{
    return QLatin1String(kKeys[int(f)]);
}

QString layoutName(Layout layout)
{
    switch (layout) {
    case Layout::MarineCadastre:
        return QStringLiteral("MarineCadastre AIS (17 columns)");
    case Layout::Dma22:
        return QStringLiteral("Danish Maritime Authority aisdk (22 columns)");
    case Layout::Dma26:
        return QStringLiteral("Danish Maritime Authority aisdk (26 columns)");
    case Layout::Generic:
        break;
    }
    return QStringLiteral("position table (columns by name)");
}

bool AisColumns::complete() const
{
    return (has(AisField::Mmsi) || has(AisField::Id)) && has(AisField::Time) && has(AisField::Lat)
        && has(AisField::Lon);
}

QStringList AisColumns::missing() const
{
    QStringList m;
    if (!has(AisField::Mmsi) && !has(AisField::Id))
        m << QStringLiteral("mmsi");
    for (AisField f : {AisField::Time, AisField::Lat, AisField::Lon}) {
        if (!has(f))
            m << aisFieldKey(f);
    }
    return m;
}

QString AisColumns::describe(const QStringList &headers) const
{
    QStringList parts;
    for (int i = 0; i < kAisFieldCount; ++i) {
        if (column[size_t(i)] >= 0 && column[size_t(i)] < headers.size())
            parts << QStringLiteral("%1 <- %2")
                         .arg(QLatin1String(kKeys[i]), headers.at(column[size_t(i)]));
    }
    return parts.join(QLatin1String(", "));
}

AisColumns AisColumns::detect(const QStringList &headers)
{
    AisColumns c;
    QStringList norm;
    for (const QString &h : headers)
        norm << ColumnMapping::normalise(h);
    for (const Family &family : families()) {
        for (const char *spelling : family.spellings) {
            const QString alias = ColumnMapping::normalise(QLatin1String(spelling));
            int found = -1;
            for (int i = 0; i < norm.size() && found < 0; ++i) {
                if (norm.at(i) != alias)
                    continue;
                bool taken = false;
                for (int used : c.column)
                    taken = taken || used == i;
                if (!taken)
                    found = i;
            }
            if (found >= 0) {
                c.column[size_t(family.field)] = found;
                break;
            }
        }
    }
    // A file with an MMSI column keys vessels by it; an "id" beside it is a row id.
    if (c.has(AisField::Mmsi))
        c.column[size_t(AisField::Id)] = -1;
    if (sameHeaders(headers,
                    {"MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "Heading", "VesselName",
                     "IMO", "CallSign", "VesselType", "Status", "Length", "Width", "Draft", "Cargo",
                     "TransceiverClass"}))
        c.layout = Layout::MarineCadastre;
    else if (headers.size() >= 22 && headers.at(0).trimmed() == QLatin1String("# Timestamp")
             && headers.at(2).trimmed() == QLatin1String("MMSI")
             && headers.at(21).trimmed() == QLatin1String("Data source type"))
        c.layout = headers.size() == 26 ? Layout::Dma26
            : headers.size() == 22      ? Layout::Dma22
                                        : Layout::Generic;
    return c;
}

bool AisColumns::applyOverride(const QString &assignment, const QStringList &headers,
                               QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const qsizetype eq = assignment.indexOf(QLatin1Char('='));
    if (eq < 0)
        return fail(QStringLiteral("expected KEY=COLUMN, got '%1'").arg(assignment));
    const QString key = assignment.left(eq).trimmed();
    const QString value = assignment.mid(eq + 1);
    if (ColumnMapping::normalise(key) == QLatin1String("dateorder"))
        return true;
    const int field = aisFieldFromKey(key);
    if (field < 0) {
        QStringList keys;
        for (const char *k : kKeys)
            keys << QLatin1String(k);
        return fail(QStringLiteral("unknown AIS field '%1' (known: %2, date_order)")
                        .arg(key, keys.join(QLatin1String(", "))));
    }
    int col = -1;
    if (!value.trimmed().isEmpty()) {
        col = int(headers.indexOf(value));
        for (int c = 0; c < headers.size() && col < 0; ++c) {
            if (headers.at(c).trimmed() == value.trimmed())
                col = c;
        }
        if (col < 0) {
            const QString wanted = ColumnMapping::normalise(value);
            QStringList matches;
            for (int c = 0; c < headers.size(); ++c) {
                if (!wanted.isEmpty() && ColumnMapping::normalise(headers.at(c)) == wanted) {
                    if (col < 0)
                        col = c;
                    matches << headers.at(c);
                }
            }
            if (matches.size() > 1)
                return fail(QStringLiteral("column '%1' is ambiguous (matches: %2); give the "
                                           "exact name")
                                .arg(value, matches.join(QLatin1String(", "))));
        }
        if (col < 0)
            return fail(QStringLiteral("--field %1: no column '%2' (columns: %3)")
                            .arg(key, value, headers.join(QLatin1String(", "))));
    }
    for (int &used : column) {
        if (col >= 0 && used == col)
            used = -1;
    }
    column[size_t(field)] = col;
    // An explicit vessel key wins over the other kind.
    if (col >= 0 && field == int(AisField::Mmsi))
        column[size_t(AisField::Id)] = -1;
    if (col >= 0 && field == int(AisField::Id))
        column[size_t(AisField::Mmsi)] = -1;
    if (error)
        error->clear();
    return true;
}

} // namespace ais

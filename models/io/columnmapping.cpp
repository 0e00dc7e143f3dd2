#include "columnmapping.h"

#include <QHash>
#include <QJsonValue>
#include <QRegularExpression>

#include <vector>

namespace {

// Alias families, most specific spelling first: when a file has two candidates for a
// field (say "lat" and "y"), the earlier one wins and the other stays an extra column.
// Spellings are written the way they appear in real files and normalised once at
// start-up, so "Date/Time (UTC)" and "datetime_utc" are the same alias. Matching is
// exact on the normalised name, never by substring: "vessel.id" must not become the
// event id, "volume_t" must not become barrels. Every normalised alias belongs to one
// family only (tst_columnmapping checks it), so a header can only ever match one field.
struct Family
{
    Field field;
    std::vector<const char *> spellings;
};

const std::vector<Family> &families()
{
    static const std::vector<Family> kFamilies = {
        {Field::Id,
         {"id", "event_id", "eventid", "event.id", "transfer_id", "sts_id", "sts_event_id",
          "incident_id", "uid",
          // OGR's feature id, exported as a column by QGIS; a row identifier at worst.
          "fid"}},
        {Field::Start,
         // Explicit start names before the generic single-instant ones, so that a
         // file holding both "event_start" and "date" uses the former.
         {"start",
          "start_time",
          "starttime",
          "start_timestamp",
          "start_date",
          "start_utc",
          "Start (UTC)",
          "start_time_utc",
          "start_datetime",
          "event_start",
          "begin",
          "begin_time",
          "starting_timestamp",
          "first_seen",
          "Date/Time (UTC)",
          "datetime",
          "date_time",
          "timestamp",
          "timestamp_utc",
          "# Timestamp",
          "BaseDateTime",
          "time",
          "date"}},
        {Field::End,
         {"end", "end_time", "endtime", "end_timestamp", "end_date", "end_utc", "End (UTC)",
          "end_time_utc", "end_datetime", "event_end", "finish", "finish_time", "stop", "stop_time",
          "ending_timestamp", "last_seen"}},
        {Field::Latitude,
         // "y" last: it may be a projected coordinate, and a real latitude wins.
         {"lat", "latitude", "mean_latitude", "meanlat", "mean_lat", "lat_dd", "latitude_dd",
          "lat_deg", "latitude_deg", "decimal_latitude", "position.lat", "position_lat",
          "location_lat", "starting_latitude", "y"}},
        {Field::Longitude,
         {"lon",
          "lng",
          "long",
          "longitude",
          "mean_longitude",
          "meanlon",
          "mean_lon",
          "meanlng",
          "lon_dd",
          "lng_dd",
          "longitude_dd",
          "lon_deg",
          "longitude_deg",
          "decimal_longitude",
          "position.lon",
          "position_lon",
          "position_lng",
          "location_lon",
          "location_lng",
          "starting_longitude",
          "x"}},
        {Field::Geometry,
         {"wkt", "geometry", "geom", "the_geom", "wkt_geom", "wkt_geometry", "geometry_wkt",
          "shape"}},
        {Field::VesselAName,
         {"vessel_a_name", "vessel_a",    "vessela", "vessel1_name", "vessel_1_name", "Vessel 1",
          "vessel1",       "ship_a_name", "ship_a",  "ship1_name",   "ship1",         "ship_1",
          "name_a",        "name1",       "a_name",  "vessel.name",  "vessel_name",   "VesselName",
          "ship_name",     "shipname",    "name",    "vessel"}},
        {Field::VesselAImo,
         {"vessel_a_imo", "vessel1_imo", "vessel_1_imo", "ship_a_imo", "ship1_imo", "imo_a", "imo1",
          "imo_1", "a_imo", "vessel.imo", "vessel_imo", "ship_imo", "imo", "imo_number", "imo_no"}},
        {Field::VesselAMmsi,
         // A GFW encounter release pairs a fishing vessel (A) with a carrier (B); the
         // carrier alone is the vessel of a GFW loitering event ("transshipment_mmsi").
         {"vessel_a_mmsi", "vessel1_mmsi", "vessel_1_mmsi", "ship_a_mmsi", "ship1_mmsi", "mmsi_a",
          "mmsi1", "mmsi_1", "a_mmsi", "fishing_vessel_mmsi", "vessel.mmsi", "vessel_mmsi",
          "ship_mmsi", "vessel.ssvid", "mmsi", "ssvid", "transshipment_mmsi"}},
        {Field::VesselAFlag,
         {"vessel_a_flag", "vessel1_flag", "vessel_1_flag", "ship_a_flag", "ship1_flag", "flag_a",
          "flag1", "flag_1", "a_flag", "vessel.flag", "vessel_flag", "ship_flag", "flag",
          "flag_state"}},
        {Field::VesselBName,
         // GFW portal exports (encounter.encountered_vessel.*, or camelCase
         // encounteredVessel) and API v3 (encounter.vessel.*) name the other vessel.
         {"vessel_b_name", "vessel_b", "vesselb", "vessel2_name", "vessel_2_name", "Vessel 2",
          "vessel2", "ship_b_name", "ship_b", "ship2_name", "ship2", "ship_2", "name_b", "name2",
          "b_name", "encounter.encountered_vessel.name", "encountered_vessel.name",
          "encountered_vessel_name", "encounter.vessel.name"}},
        {Field::VesselBImo,
         {"vessel_b_imo", "vessel2_imo", "vessel_2_imo", "ship_b_imo", "ship2_imo", "imo_b", "imo2",
          "imo_2", "b_imo", "encounter.encountered_vessel.imo", "encountered_vessel.imo",
          "encountered_vessel_imo", "encounter.vessel.imo"}},
        {Field::VesselBMmsi,
         {"vessel_b_mmsi", "vessel2_mmsi", "vessel_2_mmsi", "ship_b_mmsi", "ship2_mmsi", "mmsi_b",
          "mmsi2", "mmsi_2", "b_mmsi", "transshipment_vessel_mmsi",
          "encounter.encountered_vessel.mmsi", "encountered_vessel.mmsi", "encountered_vessel_mmsi",
          "encounter.encountered_vessel.ssvid", "encounter.vessel.mmsi", "encounter.vessel.ssvid"}},
        {Field::VesselBFlag,
         {"vessel_b_flag", "vessel2_flag", "vessel_2_flag", "ship_b_flag", "ship2_flag", "flag_b",
          "flag2", "flag_2", "b_flag", "encounter.encountered_vessel.flag",
          "encountered_vessel.flag", "encountered_vessel_flag", "encounter.vessel.flag"}},
        {Field::Cargo,
         // MarineCadastre's "Cargo" is a numeric AIS cargo code and DMA's "Cargo type"
         // an AIS category; still the closest thing those files have to a cargo.
         {"cargo", "cargo_type", "cargo_description", "commodity", "product", "product_type",
          "goods"}},
        {Field::Volume,
         // Barrels only. Tonnes or cubic metres ("volume_t", "quantity_mt") stay extra
         // columns: putting them in a barrels field would misstate every figure.
         {"volume_bbl", "Volume (bbl)", "quantity_bbl", "volume_barrels", "quantity_barrels",
          "amount_bbl", "barrels", "bbl", "volume", "quantity"}},
        {Field::Confidence,
         {"confidence", "confidence_level", "confidence_score", "certainty", "reliability"}},
        {Field::Source,
         {"source", "source_reference", "reference", "ref", "citation", "source_url", "url"}},
        {Field::Notes,
         {"notes", "note", "comments", "comment", "remarks", "remark", "description"}},
    };
    return kFamilies;
}

const std::array<QStringList, FieldCount> &aliasTable()
{
    static const std::array<QStringList, FieldCount> kTable = [] {
        std::array<QStringList, FieldCount> table;
        for (const Family &family : families()) {
            QStringList &list = table[static_cast<size_t>(family.field)];
            for (const char *spelling : family.spellings) {
                const QString n = ColumnMapping::normalise(QString::fromUtf8(spelling));
                if (!list.contains(n))
                    list.append(n);
            }
        }
        return table;
    }();
    return kTable;
}

// What a unit in a header says about the column: a time zone suits a time, degrees a
// position, barrels a volume. A header is looked through its unit only for a field the
// unit suits, and only for units known to change nothing: "Date (local)" or "Volume
// (m3)" stay unmapped rather than be read as UTC or barrels.
enum class UnitKind { Any, Time, Degrees, Barrels };

std::optional<UnitKind> unitKind(const QString &normalisedUnit)
{
    static const QHash<QString, UnitKind> kUnits = [] {
        QHash<QString, UnitKind> units;
        for (const char *u : {"utc", "gmt", "z", "zulu", "utc0", "gmt0"})
            units.insert(QString::fromLatin1(u), UnitKind::Time);
        for (const char *u : {"deg", "degs", "degree", "degrees", "dd", "decimaldegrees", "decdeg",
                              "wgs84", "decimaldeg"})
            units.insert(QString::fromLatin1(u), UnitKind::Degrees);
        for (const char *u : {"bbl", "bbls", "barrel", "barrels"})
            units.insert(QString::fromLatin1(u), UnitKind::Barrels);
        return units;
    }();
    if (normalisedUnit.isEmpty()) // "(°)", "[ ]": symbols only
        return UnitKind::Any;
    const auto it = kUnits.constFind(normalisedUnit);
    if (it == kUnits.cend())
        return std::nullopt;
    return *it;
}

bool suits(UnitKind kind, Field f)
{
    switch (kind) {
    case UnitKind::Any:
        return true;
    case UnitKind::Time:
        return f == Field::Start || f == Field::End;
    case UnitKind::Degrees:
        return f == Field::Latitude || f == Field::Longitude;
    case UnitKind::Barrels:
        return f == Field::Volume;
    }
    return false;
}

struct LookedThrough
{
    QString name; // normalised, without the unit
    UnitKind kind = UnitKind::Any;
};

// "Date (UTC)" -> date (time), "Latitude [deg]" -> latitude (degrees), "Date UTC" -> date
// (time): bracketed units anywhere, or one trailing unit word. Nothing when the header
// has no unit this knows, or nothing but a unit.
std::optional<LookedThrough> lookThroughUnit(const QString &header)
{
    QString rest;
    std::optional<UnitKind> kind;
    bool removed = false;
    const auto agree = [&kind](UnitKind k) {
        if (!kind || *kind == UnitKind::Any)
            kind = k;
        return k == UnitKind::Any || *kind == k;
    };
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QChar c = header.at(i);
        const QChar close = c == u'(' ? u')' : c == u'[' ? u']' : c == u'{' ? u'}' : QChar();
        if (close.isNull()) {
            rest.append(c);
            continue;
        }
        const qsizetype end = header.indexOf(close, i + 1);
        if (end < 0)
            return std::nullopt;
        const std::optional<UnitKind> k =
            unitKind(ColumnMapping::normalise(header.mid(i + 1, end - i - 1)));
        if (!k || !agree(*k))
            return std::nullopt;
        removed = true;
        rest.append(u' ');
        i = end;
    }
    if (!removed) {
        // A trailing unit word: "Date UTC", "Latitude deg".
        static const QRegularExpression kWords(QStringLiteral("[^\\p{L}\\p{N}]+"));
        QStringList words = rest.split(kWords, Qt::SkipEmptyParts);
        if (words.size() < 2)
            return std::nullopt;
        const std::optional<UnitKind> k = unitKind(ColumnMapping::normalise(words.last()));
        if (!k || *k == UnitKind::Any)
            return std::nullopt;
        kind = k;
        words.removeLast();
        rest = words.join(u' ');
    }
    LookedThrough out;
    out.name = ColumnMapping::normalise(rest);
    out.kind = kind.value_or(UnitKind::Any);
    if (out.name.isEmpty())
        return std::nullopt;
    return out;
}

std::optional<timeparse::DateOrder> dateOrderFromText(const QString &text)
{
    const QString t = ColumnMapping::normalise(text);
    if (t.isEmpty() || t == QLatin1String("auto"))
        return timeparse::DateOrder::Unknown;
    for (const char *s : {"dayfirst", "day", "dmy", "ddmmyyyy"}) {
        if (t == QLatin1String(s))
            return timeparse::DateOrder::DayFirst;
    }
    for (const char *s : {"monthfirst", "month", "mdy", "mmddyyyy"}) {
        if (t == QLatin1String(s))
            return timeparse::DateOrder::MonthFirst;
    }
    return std::nullopt;
}

QString knownKeys()
{
    QStringList keys;
    for (int i = 0; i < FieldCount; ++i)
        keys.append(fieldKey(static_cast<Field>(i)));
    return keys.join(QLatin1String(", "));
}

QString headerName(const QStringList &headers, int column)
{
    if (column < headers.size())
        return headers.at(column);
    // A mapping shown against the wrong header list must say so, not name another column.
    return QStringLiteral("column %1").arg(column + 1);
}

} // namespace

QString ColumnMapping::normalise(const QString &header)
{
    QString out;
    out.reserve(header.size());
    // Lower-case first: full case mapping may add combining marks ("İ" -> "i̇"),
    // which the filter below then drops. Whole code points, so letters outside the
    // BMP are kept rather than split into surrogates.
    const QList<uint> codePoints = header.toLower().toUcs4();
    for (uint cp : codePoints) {
        const auto c = static_cast<char32_t>(cp);
        if (QChar::isLetterOrNumber(c))
            out.append(QString::fromUcs4(&c, 1));
    }
    return out;
}

QStringList ColumnMapping::aliases(Field f)
{
    return aliasTable()[static_cast<size_t>(f)];
}

ColumnMapping ColumnMapping::detect(const QStringList &headers,
                                    const std::vector<bool> *emptyColumns)
{
    ColumnMapping mapping;
    QStringList normalised;
    normalised.reserve(headers.size());
    for (const QString &h : headers)
        normalised.append(normalise(h));
    const auto isEmpty = [&](int c) {
        return emptyColumns && static_cast<size_t>(c) < emptyColumns->size()
            && (*emptyColumns)[static_cast<size_t>(c)];
    };

    // Columns by normalised name, in order: a lookup per alias instead of a scan of every
    // column (a file with a million columns took seconds, minutes under the sanitizers).
    QHash<QString, std::vector<int>> byName;
    byName.reserve(normalised.size());
    for (int c = 0; c < normalised.size(); ++c)
        byName[normalised.at(c)].push_back(c);
    // The same names seen through their units, tried after the exact names of each alias.
    QHash<QString, std::vector<std::pair<int, UnitKind>>> byBareName;
    for (int c = 0; c < headers.size(); ++c) {
        if (const std::optional<LookedThrough> bare = lookThroughUnit(headers.at(c)))
            byBareName[bare->name].push_back({c, bare->kind});
    }

    std::vector<bool> used(static_cast<size_t>(headers.size()), false);
    for (int f = 0; f < FieldCount; ++f) {
        const QStringList &family = aliasTable()[static_cast<size_t>(f)];
        // First the columns with values, then (only if none matched) the empty ones.
        for (const bool allowEmpty : {false, true}) {
            int found = -1;
            const auto free = [&](int c) {
                return !used[static_cast<size_t>(c)] && (allowEmpty || !isEmpty(c));
            };
            for (const QString &alias : family) {
                // Leftmost column wins when two headers normalise alike ("Vessel Name",
                // "vessel_name"); the other is kept as an extra column.
                if (const auto it = byName.constFind(alias); it != byName.cend()) {
                    for (const int c : *it) {
                        if (free(c)) {
                            found = c;
                            break;
                        }
                    }
                }
                if (found >= 0)
                    break;
                if (const auto it = byBareName.constFind(alias); it != byBareName.cend()) {
                    for (const auto &[c, kind] : *it) {
                        if (free(c) && suits(kind, static_cast<Field>(f))) {
                            found = c;
                            break;
                        }
                    }
                }
                if (found >= 0)
                    break;
            }
            if (found >= 0) {
                mapping.setColumn(static_cast<Field>(f), found);
                used[static_cast<size_t>(found)] = true;
                break;
            }
        }
    }
    return mapping;
}

bool ColumnMapping::applyOverride(const QString &assignment, const QStringList &headers,
                                  QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };

    const qsizetype eq = assignment.indexOf(QLatin1Char('='));
    if (eq < 0)
        return fail(QStringLiteral("expected KEY=COLUMN, got '%1'").arg(assignment));
    const QString key = assignment.left(eq).trimmed();
    const QString value = assignment.mid(eq + 1);

    if (normalise(key) == QLatin1String("dateorder")) {
        const std::optional<timeparse::DateOrder> order = dateOrderFromText(value);
        if (!order)
            return fail(QStringLiteral("date_order must be day-first, month-first or auto, not "
                                       "'%1'")
                            .arg(value.trimmed()));
        m_dateOrder = *order;
        if (error)
            error->clear();
        return true;
    }
    const std::optional<Field> field = fieldFromKey(key);
    if (!field)
        return fail(QStringLiteral("unknown field '%1' (known: %2)").arg(key, knownKeys()));

    int column = -1;
    if (!value.trimmed().isEmpty()) {
        column = static_cast<int>(headers.indexOf(value));
        if (column < 0) {
            // Shells and config files lose or add surrounding spaces; headers rarely
            // differ only by them.
            const QString trimmed = value.trimmed();
            for (int c = 0; c < headers.size() && column < 0; ++c) {
                if (headers.at(c).trimmed() == trimmed)
                    column = c;
            }
        }
        if (column < 0) {
            const QString wanted = normalise(value);
            QStringList matches;
            for (int c = 0; c < headers.size(); ++c) {
                if (!wanted.isEmpty() && normalise(headers.at(c)) == wanted) {
                    if (column < 0)
                        column = c;
                    matches.append(headers.at(c));
                }
            }
            // Two headers that normalise alike: picking one silently could load the
            // wrong column, so ask for the exact name.
            if (matches.size() > 1) {
                return fail(QStringLiteral("column '%1' is ambiguous (matches: %2); give the "
                                           "exact name")
                                .arg(value, matches.join(QLatin1String(", "))));
            }
        }
        if (column < 0) {
            return fail(QStringLiteral("no column '%1' in the file (columns: %2)")
                            .arg(value, headers.join(QLatin1String(", "))));
        }
    }

    if (column >= 0) {
        for (int f = 0; f < FieldCount; ++f) {
            if (m_columns[static_cast<size_t>(f)] == column)
                m_columns[static_cast<size_t>(f)] = -1;
        }
    }
    setColumn(*field, column);
    if (error)
        error->clear();
    return true;
}

bool ColumnMapping::hasPosition() const
{
    return (has(Field::Latitude) && has(Field::Longitude)) || has(Field::Geometry);
}

QJsonObject ColumnMapping::toJson(const QStringList &headers) const
{
    QJsonObject o;
    for (int f = 0; f < FieldCount; ++f) {
        const int c = column(static_cast<Field>(f));
        if (c >= 0)
            o.insert(fieldKey(static_cast<Field>(f)), headerName(headers, c));
    }
    if (m_dateOrder != timeparse::DateOrder::Unknown)
        o.insert(dateOrderKey(), dateOrderText(m_dateOrder));
    return o;
}

QStringList ColumnMapping::describe(const QStringList &headers) const
{
    QStringList lines;
    for (int f = 0; f < FieldCount; ++f) {
        const int c = column(static_cast<Field>(f));
        if (c >= 0)
            lines.append(QString(fieldKey(static_cast<Field>(f)) % QLatin1String(" <- ")
                                 % headerName(headers, c)));
    }
    if (m_dateOrder != timeparse::DateOrder::Unknown)
        lines.append(dateOrderKey() + QLatin1String(" <- ") + dateOrderText(m_dateOrder));
    return lines;
}

QString ColumnMapping::dateOrderText(timeparse::DateOrder order)
{
    switch (order) {
    case timeparse::DateOrder::DayFirst:
        return QStringLiteral("day-first");
    case timeparse::DateOrder::MonthFirst:
        return QStringLiteral("month-first");
    case timeparse::DateOrder::Unknown:
        break;
    }
    return QString();
}

QStringList ColumnMapping::toOverrides(const QStringList &headers) const
{
    QStringList out;
    for (int f = 0; f < FieldCount; ++f) {
        const int c = column(static_cast<Field>(f));
        out.append(fieldKey(static_cast<Field>(f)) + QLatin1Char('=')
                   + (c >= 0 && c < headers.size() ? headers.at(c) : QString()));
    }
    if (m_dateOrder != timeparse::DateOrder::Unknown)
        out.append(dateOrderKey() + QLatin1Char('=') + dateOrderText(m_dateOrder));
    return out;
}

#include "eventfields.h"

namespace {
struct FieldNames
{
    const char *key;
    const char *label;
};
constexpr std::array<FieldNames, FieldCount> kNames = {{
    {"id", "ID"},
    {"start", "Start (UTC)"},
    {"end", "End (UTC)"},
    {"lat", "Latitude"},
    {"lon", "Longitude"},
    {"geometry", "Geometry"},
    {"vessel_a", "Vessel A"},
    {"vessel_a_imo", "Vessel A IMO"},
    {"vessel_a_mmsi", "Vessel A MMSI"},
    {"vessel_a_flag", "Vessel A flag"},
    {"vessel_b", "Vessel B"},
    {"vessel_b_imo", "Vessel B IMO"},
    {"vessel_b_mmsi", "Vessel B MMSI"},
    {"vessel_b_flag", "Vessel B flag"},
    {"cargo", "Cargo"},
    {"volume", "Volume (bbl)"},
    {"confidence", "Confidence"},
    {"source", "Source"},
    {"notes", "Notes"},
}};
} // namespace

QString fieldKey(Field f)
{
    return QString::fromLatin1(kNames[static_cast<size_t>(f)].key);
}

QString fieldLabel(Field f)
{
    return QString::fromLatin1(kNames[static_cast<size_t>(f)].label);
}

bool isTextField(Field f)
{
    switch (f) {
    case Field::Start:
    case Field::End:
    case Field::Latitude:
    case Field::Longitude:
    case Field::Volume:
    case Field::Geometry:
        return false;
    default:
        return true;
    }
}

std::optional<Field> fieldFromKey(const QString &key)
{
    const QString k = key.trimmed().toLower();
    for (int i = 0; i < FieldCount; ++i) {
        if (k == QLatin1String(kNames[static_cast<size_t>(i)].key))
            return static_cast<Field>(i);
    }
    static const std::array<std::pair<const char *, Field>, 10> synonyms = {{
        {"latitude", Field::Latitude},
        {"longitude", Field::Longitude},
        {"wkt", Field::Geometry},
        {"vessel_a_name", Field::VesselAName},
        {"vessel_b_name", Field::VesselBName},
        {"volume_bbl", Field::Volume},
        {"start_time", Field::Start},
        {"end_time", Field::End},
        {"time", Field::Start},
        {"reference", Field::Source},
    }};
    for (const auto &[name, field] : synonyms) {
        if (k == QLatin1String(name))
            return field;
    }
    return std::nullopt;
}

QString writtenFieldName(Field f)
{
    switch (f) {
    case Field::Id:
        return QStringLiteral("id");
    case Field::Start:
        return QStringLiteral("start");
    case Field::End:
        return QStringLiteral("end");
    case Field::Latitude:
        return QStringLiteral("lat");
    case Field::Longitude:
        return QStringLiteral("lon");
    case Field::Geometry:
        return QStringLiteral("wkt");
    case Field::VesselAName:
        return QStringLiteral("a_name");
    case Field::VesselAImo:
        return QStringLiteral("a_imo");
    case Field::VesselAMmsi:
        return QStringLiteral("a_mmsi");
    case Field::VesselAFlag:
        return QStringLiteral("a_flag");
    case Field::VesselBName:
        return QStringLiteral("b_name");
    case Field::VesselBImo:
        return QStringLiteral("b_imo");
    case Field::VesselBMmsi:
        return QStringLiteral("b_mmsi");
    case Field::VesselBFlag:
        return QStringLiteral("b_flag");
    case Field::Cargo:
        return QStringLiteral("cargo");
    case Field::Volume:
        return QStringLiteral("volume_bbl");
    case Field::Confidence:
        return QStringLiteral("confidence");
    case Field::Source:
        return QStringLiteral("source");
    case Field::Notes:
        return QStringLiteral("notes");
    }
    return {};
}

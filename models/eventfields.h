#pragma once

#include <QString>

#include <array>
#include <optional>

// The fields of a transfer event that Rendezvous understands. Every other column of
// a source file is kept as an "extra" column, never dropped.
enum class Field : int {
    Id,
    Start,
    End,
    Latitude,
    Longitude,
    Geometry, // WKT / geometry text column (the reader turns it into a position)
    VesselAName,
    VesselAImo,
    VesselAMmsi,
    VesselAFlag,
    VesselBName,
    VesselBImo,
    VesselBMmsi,
    VesselBFlag,
    Cargo,
    Volume, // barrels
    Confidence,
    Source,
    Notes,
};
constexpr int FieldCount = static_cast<int>(Field::Notes) + 1;

// Stable machine key, used by --field KEY=COLUMN, JSON reports and project files:
// id, start, end, lat, lon, geometry, vessel_a, vessel_a_imo, vessel_a_mmsi,
// vessel_a_flag, vessel_b, ..., cargo, volume, confidence, source, notes.
QString fieldKey(Field f);
std::optional<Field> fieldFromKey(const QString &key); // also accepts a few synonyms
// Whether the store keeps the field as text; times, positions, the volume and the
// geometry are numbers, written out for display.
bool isTextField(Field f);
// Human label for headers and dialogs ("Vessel A IMO").
QString fieldLabel(Field f);
// The column a written file or database table names the field with (at most 10
// characters, for Shapefile): the same everywhere, so that what one writer wrote reads
// back through any reader with the same fields.
QString writtenFieldName(Field f);

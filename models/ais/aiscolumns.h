#pragma once

#include <QString>
#include <QStringList>

#include <array>

// Which columns of a position table feed which AIS field: detected from the header
// names (MarineCadastre, Danish Maritime Authority and common research spellings,
// matched after ColumnMapping::normalise), overridable with --field KEY=COLUMN.
namespace ais {

enum class AisField : int {
    Mmsi,
    Id, // a vessel id that is not an MMSI ("oid")
    Time,
    Lat,
    Lon,
    Sog,
    Cog,
    Heading,
    Imo,
    Name,
    CallSign,
    ShipType,
    Length,
    Width,
    Flag, // a declared flag ("PA", "PAN", "Panama"), compared with the MMSI's MID
};
constexpr int kAisFieldCount = static_cast<int>(AisField::Flag) + 1;

// "mmsi", "id", "time", "lat", "lon", "sog", "cog", "heading", "imo", "name", "callsign",
// "shiptype", "length", "width", "flag".
QString aisFieldKey(AisField f);

// The known table layouts; Generic is any other table read through the aliases.
enum class Layout { Generic, MarineCadastre, Dma22, Dma26 };
QString layoutName(Layout layout);

struct AisColumns
{
    std::array<int, kAisFieldCount> column;
    Layout layout = Layout::Generic;
    AisColumns() { column.fill(-1); }
    int operator[](AisField f) const { return column[size_t(f)]; }
    bool has(AisField f) const { return column[size_t(f)] >= 0; }
    // A vessel (MMSI or id), a time and a position.
    bool complete() const;
    // The fields still missing for complete() ("mmsi or id", "time", "lat", "lon").
    QStringList missing() const;
    // "mmsi <- MMSI, time <- BaseDateTime, ..." for the load report.
    QString describe(const QStringList &headers) const;

    static AisColumns detect(const QStringList &headers);
    // "KEY=COLUMN" as for events (exact name, then trimmed, then normalised; an empty
    // COLUMN unmaps the key). Also takes "date_order", which the caller handles: returns
    // true and leaves the columns alone. False with a message naming the key or column.
    bool applyOverride(const QString &assignment, const QStringList &headers, QString *error);
};

} // namespace ais

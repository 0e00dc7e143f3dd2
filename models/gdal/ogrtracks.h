#pragma once

#include "io/gdalmodule.h"

#include <QString>

#include <cstdint>
#include <vector>

class TrackStore;

namespace ogr {

// Writes the given positions of a track store (indices in store order, as
// TrackFilter::apply gives them) to path. Lines: one LineString feature per run of
// consecutive given positions within a segment (so one per segment when all are
// given) with vessel_id, mmsi, imo, ship_name, callsign, ship_type, segment (1-based
// within the vessel), start_kind (first, after_gap, after_jump), start, end (ISO 8601
// UTC) and positions. Points: one Point per position with vessel_id, mmsi, segment,
// time, sog, cog, heading. GeoPackage, GeoJSON, FlatGeobuf, KML; points also to CSV
// (lat and lon columns). Atomic and overwrite-safe like writeFile.
bool writeTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                 gdal::TrackGeometry geometry, const QString &path, bool overwrite,
                 int64_t *features, QString *error);

} // namespace ogr

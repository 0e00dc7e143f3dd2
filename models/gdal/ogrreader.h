#pragma once

#include "io/loadreport.h"

#include <QString>

#include <vector>

// Reading and writing events through GDAL/OGR: CSV, GeoJSON, GeoPackage, Shapefile,
// KML/KMZ, FlatGeobuf, GML and anything else OGR opens that has points or lat/lon
// columns. Positions are reprojected to WGS 84 in the traditional GIS axis order
// (longitude, latitude); non-point geometries stand by their centroid, with a warning.
namespace ogr {

// Registers the GDAL drivers once (thread-safe) and routes GDAL's error messages
// to the caller instead of stderr.
void ensureRegistered();

// The layer used is options.layer (by name, or index), else the first layer with
// events (a position and a time column). Row numbers in the report are feature ids
// (rowLabel "feature"), except for delimited text, where they are line numbers as with
// the fast reader (rowLabel "row").
LoadResult readFile(const QString &path, const LoadOptions &options);

// Writes rows (store indices, in this order; empty = no events, only the schema) to path; the
// format comes from the extension (.gpkg, .geojson/.json, .csv, .kml, .fgb, .shp, .gml). Every
// field and every extra column is written, so that reading the output back gives the same events.
// Writes to a temporary file then renames, so an existing file is replaced only when the write
// succeeded; refuses to replace path unless overwrite is true. Returns false with a message on
// failure.
bool writeFile(const EventStore &store, const std::vector<uint32_t> &rows, const QString &path,
               bool overwrite, QString *error);

// Every row of the store, in order: the selection for writing everything.
std::vector<uint32_t> allRows(const EventStore &store);

} // namespace ogr

#pragma once

#include "io/loadreport.h"

#include <QString>

#include <vector>

class TrackStore;

// GDAL/OGR behind a door that opens on first use. The core library does not link
// GDAL: the command line's fast CSV path would otherwise pay ~70 ms of dynamic linking
// on every start for a library it never calls. The functions below load the
// rendezvous_gdal module (models/gdal/) once, from beside the executable's libraries,
// and forward to it; when it cannot be loaded they fail with the reason, never crash.
namespace gdal {

// A vector shape in lon/lat degrees, for the basemap and overlay layers (EEZs...).
struct GeoShape
{
    enum class Kind { Point, Line, Polygon };
    Kind kind = Kind::Polygon;
    std::vector<std::vector<std::pair<double, double>>> parts; // rings or lines: (lon, lat)
    QStringList attributes; // field values, in the layer's field order
    int64_t feature = -1; // the id (OGR FID) of the feature it comes from
};
struct ShapeLayer
{
    QString name;
    QStringList fields;
    std::vector<GeoShape> shapes;
    QString error; // set when the file could not be read
    // Features that are no shape, by feature id in reading order: without a geometry
    // (or with an empty one), and those whose coordinates cannot be converted to WGS 84.
    std::vector<int64_t> withoutGeometry, notConverted;
    // What was left out, in words, for the reader's warnings: "3 features without
    // geometry left out (feature ids 4, 7, 9)"; "" when nothing was.
    QStringList skipped() const;
};

// How `convert` writes vessel tracks: one LineString per segment (vessel, identity,
// start and end time, positions), or one Point per position (time, speed, course,
// heading).
enum class TrackGeometry { Lines, Points };

// The module's entry points; the module hands out one static instance of this.
struct Backend
{
    int abiVersion;
    LoadResult (*readFile)(const QString &path, const LoadOptions &options);
    bool (*writeFile)(const EventStore &store, const std::vector<uint32_t> &rows,
                      const QString &path, bool overwrite, QString *error);
    // Every feature of one layer (by name; empty = first) reprojected to WGS 84.
    ShapeLayer (*readShapes)(const QString &path, const QString &layer);
    // One tile of a raster MBTiles file (XYZ numbering), encoded (PNG/JPEG); empty
    // when the file has no such tile; *error set when the file cannot be read.
    QByteArray (*readMbTile)(const QString &path, int z, int x, int y, QString *error);
    // An RGBA8888 image (bytes R, G, B, A; bytesPerLine apart) as an RGB GeoTIFF in
    // EPSG:3857 with GDAL's six geotransform coefficients, saved atomically.
    bool (*writeGeoTiff)(const unsigned char *rgba, int width, int height, long long bytesPerLine,
                         const double *geotransform, const QString &path, QString *error);
    // The given positions of a track store (indices in store order) as lines or points;
    // *features gets how many were written. Same formats and overwrite rule as writeFile.
    bool (*writeTracks)(const TrackStore &store, const std::vector<uint32_t> &positions,
                        TrackGeometry geometry, const QString &path, bool overwrite,
                        int64_t *features, QString *error);
};
constexpr int kAbiVersion = 5;

// nullptr with *error set when the module is missing or does not match.
const Backend *backend(QString *error);

// Conveniences that turn a missing module into an ordinary error.
LoadResult readFile(const QString &path, const LoadOptions &options);
bool writeFile(const EventStore &store, const std::vector<uint32_t> &rows, const QString &path,
               bool overwrite, QString *error);

bool writeTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                 TrackGeometry geometry, const QString &path, bool overwrite, int64_t *features,
                 QString *error);

ShapeLayer readShapes(const QString &path, const QString &layer = QString());
QByteArray readMbTile(const QString &path, int z, int x, int y, QString *error);
bool writeGeoTiff(const unsigned char *rgba, int width, int height, long long bytesPerLine,
                  const double *geotransform, const QString &path, QString *error);

} // namespace gdal

// Implemented by the module (extern "C" so that dlsym finds it by this name).
extern "C" const gdal::Backend *rendezvous_gdal_backend();

#pragma once

#include "io/loadreport.h"

#include <QString>

#include <memory>
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

// A raster (GeoTIFF, Cloud-Optimized GeoTIFF, VRT...) open for drawing on the Web
// Mercator map: what openRaster learnt of it.
struct RasterInfo
{
    int width = 0, height = 0; // full resolution, pixels
    int bandCount = 0; // in the file
    QString layout; // the bands drawn, in words: "RGB", "RGBA", "grey", "palette"...
    QString crs; // the coordinate system's name ("WGS 84 / UTM zone 51N")
    // Overview sizes, finest first (GDAL's order); level k of drawRaster is overviews[k].
    std::vector<std::pair<int, int>> overviews;
    // The raster's extent in EPSG:3857 metres (latitudes clipped to the map's +-85.05).
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
};

// One frame of a raster: the EPSG:3857 rectangle [minX, maxX] x [minY, maxY] (the outer
// edges of the output's pixels) drawn into width x height pixels of premultiplied
// 0xAARRGGBB words (QImage::Format_ARGB32_Premultiplied; transparent where the raster
// has no data). Only the window the frame shows is read, from the coarsest overview that
// is still at least as fine as the frame's pixels.
struct RasterFrame
{
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    int width = 0, height = 0;
    uint32_t *pixels = nullptr; // width * height words, row by row; the caller's
    // Out: the level read (-1 full resolution, k = overview k) and the window read at
    // that level, in its pixels (x, y, width, height); level -2 when nothing was read.
    int level = -2;
    int window[4] = {0, 0, 0, 0};
};

class RasterHandle; // the module's; opaque to the core

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
    // Opens a raster for drawing (headers only; no pixel is read). Null with *error
    // ("scene.tif: no georeference...") when it cannot be drawn. Thread-safe handle:
    // drawRaster calls on it are serialised.
    RasterHandle *(*openRaster)(const QString &path, RasterInfo *info, QString *error);
    bool (*drawRaster)(RasterHandle *raster, RasterFrame *frame, QString *error);
    void (*closeRaster)(RasterHandle *raster);
};
constexpr int kAbiVersion = 6;

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

// A raster open through the module; closed when the last shared_ptr goes.
class Raster
{
public:
    // Null with *error set (naming the file and the reason) when it cannot be drawn.
    static std::shared_ptr<Raster> open(const QString &path, QString *error);
    ~Raster();
    Raster(const Raster &) = delete;
    Raster &operator=(const Raster &) = delete;

    const QString &path() const { return m_path; }
    const RasterInfo &info() const { return m_info; }
    // Draws one frame (any thread; calls are serialised). False with *error set.
    bool draw(RasterFrame *frame, QString *error) const;

private:
    Raster() = default;
    const Backend *m_backend = nullptr;
    RasterHandle *m_handle = nullptr;
    QString m_path;
    RasterInfo m_info;
};

} // namespace gdal

// Implemented by the module (extern "C" so that dlsym finds it by this name).
extern "C" const gdal::Backend *rendezvous_gdal_backend();

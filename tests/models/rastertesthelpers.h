#pragma once

// Synthetic GeoTIFFs for the raster tests (models_gdalraster, widgets_rasterlayer,
// bench_raster): four colour blocks at known coordinates, written through GDAL into a
// folder the test owns (a QTemporaryDir).

#if __has_include(<gdal.h>)
#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#else
#include <gdal/cpl_conv.h>
#include <gdal/gdal.h>
#include <gdal/ogr_srs_api.h>
#endif

#include <QDebug>
#include <QString>

#include <array>
#include <functional>
#include <vector>

namespace rastertest {

// An opaque colour (no Qt Gui here: the models tests link Qt Core only).
struct Rgb
{
    int r = 0, g = 0, b = 0;
    bool operator==(const Rgb &o) const { return r == o.r && g == o.g && b == o.b; }
    uint32_t argb() const
    {
        return 0xff000000u | uint32_t(r) << 16 | uint32_t(g) << 8 | uint32_t(b);
    }
    static Rgb of(uint32_t argb)
    {
        return {int(argb >> 16 & 0xff), int(argb >> 8 & 0xff), int(argb & 0xff)};
    }
};
inline QDebug operator<<(QDebug d, const Rgb &c)
{
    return d << "rgb(" << c.r << c.g << c.b << ")";
}

// The blocks' colours: north-west, north-east, south-west, south-east.
inline const std::array<Rgb, 4> &blockColours()
{
    static const std::array<Rgb, 4> c {Rgb {230, 20, 20}, Rgb {20, 200, 40}, Rgb {30, 60, 220},
                                       Rgb {240, 220, 30}};
    return c;
}

struct Spec
{
    int epsg = 4326;
    double west = 120, north = 14; // the top-left corner, in the file's coordinates
    double pixel = 0.01; // pixel size, in the file's units
    int width = 400, height = 400;
    std::vector<int> overviews {2, 4, 8};
    int bands = 3; // 3 RGB, 4 RGBA (alpha 0 in the middle ninth), or another count
    bool georeferenced = true;
    bool tiled = true;
    const char *compress = nullptr; // "DEFLATE"...
    // The colour of pixel (x, y); the four blocks by default.
    std::function<Rgb(int x, int y)> colour;
};

inline Rgb blockAt(const Spec &s, int x, int y)
{
    const int i = (y < s.height / 2 ? 0 : 2) + (x < s.width / 2 ? 0 : 1);
    return blockColours()[size_t(i)];
}

// Writes the GeoTIFF and builds its overviews; false when GDAL could not.
inline bool write(const QString &path, const Spec &s)
{
    GDALAllRegister();
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    std::vector<const char *> options {"BIGTIFF=IF_SAFER"};
    if (s.tiled)
        options.push_back("TILED=YES");
    std::string compress;
    if (s.compress) {
        compress = std::string("COMPRESS=") + s.compress;
        options.push_back(compress.c_str());
    }
    if (s.bands == 3 || s.bands == 4)
        options.push_back("PHOTOMETRIC=RGB");
    if (s.bands == 4)
        options.push_back("ALPHA=YES");
    options.push_back(nullptr);
    GDALDatasetH ds = GDALCreate(driver, path.toUtf8().constData(), s.width, s.height, s.bands,
                                 GDT_Byte, const_cast<char **>(options.data()));
    if (!ds)
        return false;
    if (s.georeferenced) {
        double gt[6] = {s.west, s.pixel, 0, s.north, 0, -s.pixel};
        GDALSetGeoTransform(ds, gt);
        OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
        OSRImportFromEPSG(srs, s.epsg);
        char *wkt = nullptr;
        OSRExportToWkt(srs, &wkt);
        GDALSetProjection(ds, wkt);
        CPLFree(wkt);
        OSRRelease(srs);
    }
    // Row by row: the bench's 10,000 x 10,000 needs no 300 MB buffer.
    std::vector<unsigned char> row(size_t(s.width) * size_t(s.bands));
    bool ok = true;
    for (int y = 0; y < s.height && ok; ++y) {
        for (int x = 0; x < s.width; ++x) {
            const Rgb c = s.colour ? s.colour(x, y) : blockAt(s, x, y);
            const int v[4] = {
                c.r, c.g, c.b,
                (x > s.width / 3 && x < 2 * s.width / 3 && y > s.height / 3 && y < 2 * s.height / 3)
                    ? 0
                    : 255};
            for (int b = 0; b < s.bands; ++b)
                row[size_t(b) * size_t(s.width) + size_t(x)] = (unsigned char)(v[std::min(b, 3)]);
        }
        ok = GDALDatasetRasterIO(ds, GF_Write, 0, y, s.width, 1, row.data(), s.width, 1, GDT_Byte,
                                 s.bands, nullptr, 0, 0, s.width)
            == CE_None;
    }
    if (ok && !s.overviews.empty()) {
        std::vector<int> levels = s.overviews;
        ok = GDALBuildOverviews(ds, "NEAREST", int(levels.size()), levels.data(), 0, nullptr,
                                nullptr, nullptr)
            == CE_None;
    }
    GDALClose(ds);
    return ok;
}

// (lon, lat) of a point given in an EPSG coordinate system (x east, y north).
inline std::pair<double, double> toLonLat(int epsg, double x, double y)
{
    OGRSpatialReferenceH from = OSRNewSpatialReference(nullptr);
    OGRSpatialReferenceH to = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(from, epsg);
    OSRImportFromEPSG(to, 4326);
    OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(to, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH t = OCTNewCoordinateTransformation(from, to);
    OCTTransform(t, 1, &x, &y, nullptr);
    OCTDestroyCoordinateTransformation(t);
    OSRRelease(from);
    OSRRelease(to);
    return {x, y};
}

} // namespace rastertest

#pragma once

#include <QString>

// Rasters through GDAL: the GeoTIFF export of the map.
namespace ogr {

// Writes an RGBA8888 image (bytes R, G, B, A per pixel; bytesPerLine apart) as an RGB
// GeoTIFF (deflate) in EPSG:3857 with `geotransform` (GDAL's six coefficients: x0, dx,
// 0, y0, 0, -dy). The file is built in memory (/vsimem/) and then saved atomically, so
// a failure never leaves half a file where the user's file was. False with a message.
bool writeGeoTiff(const unsigned char *rgba, int width, int height, long long bytesPerLine,
                  const double *geotransform, const QString &path, QString *error);

} // namespace ogr

#include "io/gdalmodule.h"

// Rasters drawn on the map: the module's openRaster / drawRaster / closeRaster.
namespace ogr {
gdal::RasterHandle *openRaster(const QString &path, gdal::RasterInfo *info, QString *error);
bool drawRaster(gdal::RasterHandle *raster, gdal::RasterFrame *frame, QString *error);
void closeRaster(gdal::RasterHandle *raster);
} // namespace ogr

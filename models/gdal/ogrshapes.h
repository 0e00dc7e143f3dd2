#pragma once

#include "io/gdalmodule.h"

// Vector shapes and raster tiles through GDAL, for the map's layers (the module's
// readShapes / readMbTile entry points).
namespace ogr {
gdal::ShapeLayer readShapes(const QString &path, const QString &layer);
QByteArray readMbTile(const QString &path, int z, int x, int y, QString *error);
} // namespace ogr

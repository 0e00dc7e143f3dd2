#pragma once

#include "exportsettings.h"

#include <QImage>
#include <QString>

#include <atomic>
#include <functional>

class ExportScene;

// Writes the composition (ExportRenderer) to a file in the settings' format:
// PNG and JPEG through QImageWriter, PDF through QPdfWriter (a page of the paper size,
// vectors and selectable text), SVG through QSvgGenerator (vectors, <text>), GeoTIFF
// through the GDAL module (EPSG:3857 geotransform). Every file is written through
// QSaveFile (GeoTIFF: built in memory, then saved the same way), so a failed or
// cancelled export leaves whatever was at the path before untouched.
//
// Touches no widget: it may run on a worker thread with a scene made for it.
namespace exportwriter {

// progress: called with 0..100 (from the calling thread); cancel: polled between the
// stages (render, encode); a cancelled export returns false with "cancelled".
struct Progress
{
    std::function<void(int)> report;
    const std::atomic_bool *cancel = nullptr;
};

// The whole page at the settings' output size and DPI, white behind it.
QImage renderImage(const ExportSettings &settings, ExportScene &scene);
// A preview: the same page drawn at most maxSide device pixels on its longer side.
QImage renderPreview(const ExportSettings &settings, ExportScene &scene, int maxSide);

bool write(const ExportSettings &settings, ExportScene &scene, const QString &path, QString *error,
           const Progress &progress = {});

// The path with the format's suffix when it has none of its own ("map" -> "map.png").
QString withSuffix(const QString &path, ExportSettings::Format format);

} // namespace exportwriter

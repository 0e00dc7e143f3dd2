#pragma once

#include "eventfilter.h"
#include "exportsettings.h"
#include "map/mapviewport.h"

#include <QRectF>
#include <QSizeF>
#include <QStringList>

#include <array>

class ExportScene;
class QPainter;

// The one composition of an exported map, used by the export dialog (its preview and
// the file), the clipboard copy and `rendezvous render`: a title block (title,
// subtitle, the time window and filters in words) over the map, drawn by the scene's
// MapRenderer at the output size, with the map's own legend (EventLayer), graticule and
// scale bar (DecorationsLayer), then the export's north arrow, overview map and credits
// (basemap, data file, tiles, export time).
//
// Everything is laid out in logical pixels (96 per inch): the painter's scale maps them
// to the device (ExportSettings::scale() for a file, less for a preview), so text and
// markers keep their size on paper at any DPI and a bigger page shows the same view
// with more ground detail. The view's extent is kept whole: it is fitted into the map
// frame, centred; or, with ExportSettings::fitToEvents, the filtered events' extent is.
// The window's selection is drawn only with ExportSettings::drawSelection; the cluster
// badges are explained in the legend, and event labels are placed clear of each other
// and of the other annotations (AnnotationLayer::setPlaceLabels).
class ExportRenderer
{
public:
    struct Layout
    {
        QSizeF page; // logical pixels
        bool framed = false; // white margins around a framed map (paper, or a title block)
        QRectF header; // title block; empty when there is none
        QStringList headerLines; // title, subtitle, filters: those drawn
        QRectF map; // the map frame on the page
        MapViewport viewport; // the map inside the frame (size = map.size())
    };

    // The page laid out for the settings, the scene's context and its view.
    static Layout layout(const ExportSettings &settings, const ExportScene &scene, QSizeF page);
    static Layout layout(const ExportSettings &settings, const ExportScene &scene)
    {
        return layout(settings, scene, settings.logicalSize());
    }
    // Paints the page (logical size `page`) on a painter whose transform maps logical
    // pixels to the device. The scene's legend follows the settings.
    static void paint(QPainter &painter, const ExportSettings &settings, ExportScene &scene,
                      QSizeF page);
    static void paint(QPainter &painter, const ExportSettings &settings, ExportScene &scene)
    {
        paint(painter, settings, scene, settings.logicalSize());
    }

    // The view of `box` (the filtered events' extent; west > east across 180°) in a map
    // frame of `size`: a margin of a tenth of the frame's smaller side around it, and
    // at least ExportSettings::kMinFitKm of ground across that side, so that a single
    // event or a tight group shows its coast and not a blank of open sea.
    static MapViewport fittedToEvents(const GeoBox &box, QSize size);

    // GDAL's geotransform (EPSG:3857 metres) of the output's device pixels: the map's
    // pixels land where they belong, the title block and margins north and west of it.
    static std::array<double, 6> geoTransform(const ExportSettings &settings,
                                              const ExportScene &scene);
};

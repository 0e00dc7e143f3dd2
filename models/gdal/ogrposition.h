#pragma once

#include "io/eventbuilder.h"
#include "ogrsupport.h"

// Where a feature is, in WGS 84 longitude/latitude: its point, or the centroid of any
// other shape (computed in the source CRS), converted through the layer's transform.
namespace ogr::detail {

enum class GeometryStatus { None, Ok, NoCentroid, NotConvertible };

GeometryStatus position(OGRGeometryH g, OGRCoordinateTransformationH ct,
                        EventBuilder::Position &pos);

// "EPSG:3857", else the CRS's name.
QString srsName(OGRSpatialReferenceH srs);

// Sets ct (null when the coordinates are WGS 84 already) and explains the choice in a
// note. Returns an error message when the layer's CRS cannot be converted.
QString prepareTransform(OGRLayerH layer, TransformPtr &ct, QStringList &notes,
                         ErrorCapture &errors);

} // namespace ogr::detail

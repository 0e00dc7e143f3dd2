#include "ogrposition.h"

#include <cmath>

namespace ogr::detail {

GeometryStatus position(OGRGeometryH g, OGRCoordinateTransformationH ct,
                        EventBuilder::Position &pos)
{
    if (!g || OGR_G_IsEmpty(g))
        return GeometryStatus::None;
    const OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g));
    double x = 0, y = 0;
    bool centroid = false;
    if (type == wkbPoint) {
        x = OGR_G_GetX(g, 0);
        y = OGR_G_GetY(g, 0);
    } else if (type == wkbMultiPoint && OGR_G_GetGeometryCount(g) == 1) {
        // One point wrapped in a multipoint is still an exact position.
        OGRGeometryH p = OGR_G_GetGeometryRef(g, 0);
        x = OGR_G_GetX(p, 0);
        y = OGR_G_GetY(p, 0);
    } else {
        // The centroid in the source CRS: for projected data that is the true centre
        // of the shape, not the centre of its distorted image in degrees.
        GeometryPtr c(OGR_G_CreateGeometry(wkbPoint));
        if (OGR_G_Centroid(g, c.get()) != OGRERR_NONE || OGR_G_IsEmpty(c.get()))
            return GeometryStatus::NoCentroid;
        x = OGR_G_GetX(c.get(), 0);
        y = OGR_G_GetY(c.get(), 0);
        centroid = true;
    }
    if (ct && !OCTTransform(ct, 1, &x, &y, nullptr))
        return GeometryStatus::NotConvertible;
    if (!std::isfinite(x) || !std::isfinite(y))
        return GeometryStatus::NotConvertible;
    pos.lon = x;
    pos.lat = y;
    pos.fromCentroid = centroid;
    return GeometryStatus::Ok;
}

QString srsName(OGRSpatialReferenceH srs)
{
    const char *authority = OSRGetAuthorityName(srs, nullptr);
    const char *code = OSRGetAuthorityCode(srs, nullptr);
    if (authority && code)
        return QStringLiteral("%1:%2").arg(fromUtf8(authority), fromUtf8(code));
    const QString name = fromUtf8(OSRGetName(srs));
    return name.isEmpty() ? QStringLiteral("an unnamed CRS") : name;
}

QString prepareTransform(OGRLayerH layer, TransformPtr &ct, QStringList &notes,
                         ErrorCapture &errors)
{
    OGRSpatialReferenceH layerSrs = OGR_L_GetSpatialRef(layer);
    if (!layerSrs) {
        notes << QStringLiteral("position: the layer's geometry; the layer has no coordinate "
                                "reference system, so WGS 84 longitude/latitude is assumed");
        return {};
    }
    SrsPtr source(OSRClone(layerSrs));
    OSRSetAxisMappingStrategy(source.get(), OAMS_TRADITIONAL_GIS_ORDER);
    SrsPtr target = wgs84();
    const QString name = srsName(source.get());
    if (OSRIsSame(source.get(), target.get())) {
        notes << QStringLiteral("position: the layer's geometry (WGS 84)");
        return {};
    }
    ct.reset(OCTNewCoordinateTransformation(source.get(), target.get()));
    if (!ct) {
        const QString why = errors.lastMessage();
        return QStringLiteral("the layer's coordinates (%1) cannot be converted to WGS 84%2")
            .arg(name, why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why));
    }
    notes
        << QStringLiteral("position: the layer's geometry, converted from %1 to WGS 84").arg(name);
    return {};
}

} // namespace ogr::detail

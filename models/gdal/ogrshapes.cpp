#include "ogrshapes.h"

#include "ogrreader.h"
#include "ogrsupport.h"

#include <QFile>

#include <cmath>

using namespace ogr::detail;

namespace {

using Part = std::vector<std::pair<double, double>>;

gdal::ShapeLayer failed(gdal::ShapeLayer layer, const QString &message, const ErrorCapture &errors)
{
    const QString why = errors.failures() > 0 ? errors.failureMessages() : errors.lastMessage();
    layer.error = why.isEmpty() ? message : QStringLiteral("%1 (%2)").arg(message, why);
    return layer;
}

// The points of a simple curve (ring or line string), transformed in place by OGR
// beforehand; non-finite points (failed transforms) are dropped.
Part points(OGRGeometryH g)
{
    Part part;
    const int n = OGR_G_GetPointCount(g);
    part.reserve(size_t(std::max(n, 0)));
    for (int i = 0; i < n; ++i) {
        const double x = OGR_G_GetX(g, i);
        const double y = OGR_G_GetY(g, i);
        if (std::isfinite(x) && std::isfinite(y))
            part.emplace_back(x, y);
    }
    return part;
}

// Appends g's rings, lines or points to the shape of the matching kind; collections
// may mix kinds, so each kind gets its own shape.
void collect(OGRGeometryH g, gdal::GeoShape *polygons, gdal::GeoShape *lines,
             gdal::GeoShape *pointShape)
{
    if (!g || OGR_G_IsEmpty(g))
        return;
    const OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g));
    switch (type) {
    case wkbPoint: {
        Part p = points(g);
        if (!p.empty())
            pointShape->parts.push_back(std::move(p));
        return;
    }
    case wkbLineString:
    case wkbLinearRing: {
        Part p = points(g);
        if (p.size() >= 2)
            lines->parts.push_back(std::move(p));
        return;
    }
    case wkbPolygon: {
        // Rings: the exterior first, then the holes (fill with the odd-even rule).
        const int n = OGR_G_GetGeometryCount(g);
        for (int i = 0; i < n; ++i) {
            Part p = points(OGR_G_GetGeometryRef(g, i));
            if (p.size() >= 3)
                polygons->parts.push_back(std::move(p));
        }
        return;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
        const int n = OGR_G_GetGeometryCount(g);
        for (int i = 0; i < n; ++i)
            collect(OGR_G_GetGeometryRef(g, i), polygons, lines, pointShape);
        return;
    }
    default:
        break;
    }
    // Curves, surfaces and the rest: their linear approximation.
    GeometryPtr linear(OGR_G_GetLinearGeometry(g, 0, nullptr));
    if (linear && wkbFlatten(OGR_G_GetGeometryType(linear.get())) != type)
        collect(linear.get(), polygons, lines, pointShape);
}

} // namespace

gdal::ShapeLayer ogr::readShapes(const QString &path, const QString &layerName)
{
    ensureRegistered();
    ErrorCapture errors;
    gdal::ShapeLayer result;

    const unsigned flags = GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR;
    DatasetPtr ds(
        GDALOpenEx(QFile::encodeName(path).constData(), flags, nullptr, nullptr, nullptr));
    if (!ds)
        return failed(std::move(result),
                      QStringLiteral("%1 is not a vector data file GDAL can read").arg(path),
                      errors);

    OGRLayerH layer = nullptr;
    if (layerName.isEmpty()) {
        if (GDALDatasetGetLayerCount(ds.get()) > 0)
            layer = GDALDatasetGetLayer(ds.get(), 0);
    } else {
        layer = GDALDatasetGetLayerByName(ds.get(), layerName.toUtf8().constData());
    }
    if (!layer) {
        QStringList names;
        for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()); ++i)
            names << fromUtf8(OGR_L_GetName(GDALDatasetGetLayer(ds.get(), i)));
        result.error = layerName.isEmpty()
            ? QStringLiteral("%1 has no layers").arg(path)
            : QStringLiteral("%1 has no layer \"%2\" (it has: %3)")
                  .arg(path, layerName, names.join(QStringLiteral(", ")));
        return result;
    }
    result.name = fromUtf8(OGR_L_GetName(layer));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const int fieldCount = OGR_FD_GetFieldCount(defn);
    for (int i = 0; i < fieldCount; ++i)
        result.fields << fromUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));

    // Without a CRS the coordinates are taken as WGS 84 longitude/latitude already.
    TransformPtr ct;
    if (OGRSpatialReferenceH layerSrs = OGR_L_GetSpatialRef(layer)) {
        SrsPtr source(OSRClone(layerSrs));
        OSRSetAxisMappingStrategy(source.get(), OAMS_TRADITIONAL_GIS_ORDER);
        SrsPtr target = wgs84();
        if (!OSRIsSame(source.get(), target.get())) {
            ct.reset(OCTNewCoordinateTransformation(source.get(), target.get()));
            if (!ct)
                return failed(
                    std::move(result),
                    QStringLiteral("the coordinates of %1 cannot be converted to WGS 84").arg(path),
                    errors);
        }
    }

    const int failuresBefore = errors.failures();
    OGR_L_ResetReading(layer);
    while (FeaturePtr f {OGR_L_GetNextFeature(layer)}) {
        QStringList attributes;
        attributes.reserve(fieldCount);
        for (int i = 0; i < fieldCount; ++i)
            attributes << (OGR_F_IsFieldSetAndNotNull(f.get(), i)
                               ? fromUtf8(OGR_F_GetFieldAsString(f.get(), i))
                               : QString());
        const int64_t fid = OGR_F_GetFID(f.get());
        OGRGeometryH g = OGR_F_GetGeometryRef(f.get());
        // Left out, but said (ShapeLayer::skipped): never a quietly shorter layer.
        if (!g || OGR_G_IsEmpty(g)) {
            result.withoutGeometry.push_back(fid);
            continue;
        }
        if (ct && OGR_G_Transform(g, ct.get()) != OGRERR_NONE) {
            // Outside the source CRS's domain: nothing sensible to draw.
            result.notConverted.push_back(fid);
            continue;
        }
        gdal::GeoShape polygons, lines, pointShape;
        polygons.kind = gdal::GeoShape::Kind::Polygon;
        lines.kind = gdal::GeoShape::Kind::Line;
        pointShape.kind = gdal::GeoShape::Kind::Point;
        collect(g, &polygons, &lines, &pointShape);
        for (gdal::GeoShape *s : {&polygons, &lines, &pointShape}) {
            if (s->parts.empty())
                continue;
            s->attributes = attributes;
            s->feature = fid;
            result.shapes.push_back(std::move(*s));
        }
    }
    // A read error part-way (a truncated file) is an error, not a quietly short layer.
    if (errors.failures() > failuresBefore)
        result.error = QStringLiteral("%1 could not be read completely (%2)")
                           .arg(path, errors.failureMessages());
    return result;
}

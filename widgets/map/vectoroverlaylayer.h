#pragma once

#include "maplayer.h"

#include <QColor>
#include <QPainterPath>
#include <QRectF>
#include <QStringList>

#include <memory>
#include <vector>

// An extra vector layer from any file OGR reads (an EEZ, a port area, a route), in the
// Overlay slot: between the basemap and the events, so markers stay on top.
//
// The file is read once through the GDAL module (gdal::readShapes, reprojected to
// WGS 84) and every vertex projected to Web Mercator world units (0..256, as the
// basemap), so a frame is a painter transform and no per-vertex math. Longitudes are
// unwrapped along each ring and line, so a shape crossing 180° is one shape running
// past the world's edge; paint() draws it on every copy of the world that shows it.
// Polygons get an outline and a translucent fill of the layer's colour, lines the
// outline, points a dot.
class VectorOverlayLayer : public MapLayer
{
    Q_OBJECT
public:
    static constexpr double kOutlineWidth = 1.5; // logical pixels
    static constexpr double kPointRadius = 3.5;
    static constexpr int kFillAlpha = 56; // of 255: the land and sea stay readable

    // What a file holds, projected; immutable once read, so a worker thread can build
    // it and the GUI thread draw it.
    struct Piece
    {
        QPainterPath path; // world units
        QRectF bounds;
    };
    struct Geometry
    {
        // One path per feature, filled odd-even: holes stay holes whatever the rings'
        // winding, and two overlapping features do not cancel each other out.
        std::vector<Piece> polygons;
        std::vector<Piece> lines; // open polylines
        std::vector<QPointF> points; // world units
        QRectF bounds; // of everything; x may run past 0..256 (unwrapped)
        int shapeCount = 0;
        // Features of the file that are no shape, in words naming the file and their
        // ids ("eez.gpkg: 2 features without geometry left out (feature ids 4, 9)"),
        // for the reader to say (gdal::ShapeLayer::skipped).
        QStringList skipped;
    };
    // Reads and projects a file (thread-safe, blocking). On failure returns null with
    // *error set to a message naming the file and the reason.
    static std::shared_ptr<const Geometry> read(const QString &path, QString *error);

    // A layer drawing `geometry` (from read()); name is what the layers dock lists.
    VectorOverlayLayer(std::shared_ptr<const Geometry> geometry, const QString &path,
                       QObject *parent = nullptr);
    // read() and the constructor in one; null with *error set on failure.
    static std::unique_ptr<VectorOverlayLayer> fromFile(const QString &path, QString *error);

    QString name() const override { return m_name; }
    void setName(const QString &name);
    QString path() const { return m_path; }
    const Geometry &geometry() const { return *m_geometry; }
    const std::shared_ptr<const Geometry> &sharedGeometry() const { return m_geometry; }

    QColor color() const { return m_color; }
    void setColor(const QColor &color);
    // Distinct, saturated colours for the n-th overlay added (cycling).
    static QColor defaultColor(int n);

    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

private:
    std::shared_ptr<const Geometry> m_geometry;
    QString m_path;
    QString m_name;
    QColor m_color;
};

#pragma once

#include "annotationmodel.h"
#include "maplayer.h"

#include <QFont>
#include <QPointer>
#include <QPolygonF>
#include <QRectF>

// Draws an AnnotationModel (not owned) in the Annotations slot, so the window, the
// exports and `rendezvous render` show the same mark-up (MapLayerSet holds one).
//
// Geometry is geographic: every frame projects the annotation's points through the
// viewport, so an annotation stays on its spot through pan and zoom. A shape is laid
// out from its first point, placed on the copy of the world nearest the view's
// centre, with the other points at their unwrapped offsets from it (as AreaTool does),
// then drawn on each neighbouring copy of the world it reaches: a circle or a polygon
// across 180° is drawn whole. Text reads over any map: callouts and event labels sit
// in a white box, other text has a white halo; all text is drawn after all shapes.
//
// The static functions are the one geometry of an annotation on screen, shared with
// the interaction (AnnotationTool's hit tests and handles).
class AnnotationLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit AnnotationLayer(QObject *parent = nullptr);
    QString name() const override { return tr("Annotations"); }
    void setModel(AnnotationModel *model);
    AnnotationModel *model() const { return m_model; }
    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

    static QFont font(const Annotation &a);
    // The annotation's points in pixels on the copy of the world nearest the centre
    // (the first point there, the others at their unwrapped offsets).
    static QPolygonF pixels(const Annotation &a, const MapViewport &viewport);
    // What is stroked: the circle's ring, the rectangle's four corners, the polygon;
    // for the others, their points.
    static QPolygonF outline(const Annotation &a, const MapViewport &viewport);
    // The text box of a callout or event label (centred on its label point), or the
    // text's own box for the other kinds; empty without text.
    static QRectF textBox(const Annotation &a, const MapViewport &viewport);
    // Horizontal shifts (multiples of the world's width) at which the annotation
    // appears in the view.
    static QList<double> copies(const Annotation &a, const MapViewport &viewport);
    // Whether `pixel` is on the annotation (its line, box, or inside its area), on any
    // copy, within `tolerance` pixels.
    static bool hits(const Annotation &a, const MapViewport &viewport, QPointF pixel,
                     double tolerance = 5);
    enum class Pass { Shapes, Text, All };
    static void paintAnnotation(QPainter &painter, const Annotation &a, const MapViewport &viewport,
                                Pass pass = Pass::All);

private:
    QPointer<AnnotationModel> m_model;
};

#pragma once

#include "annotationmodel.h"
#include "maplayer.h"

#include <QFont>
#include <QHash>
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
// The fills of circles, rectangles and polygons are drawn by a companion layer under
// the events (fillLayer()), so an area never hides the event it marks.
//
// With setPlaceLabels() (exports), event labels are laid out for the frame
// (labelplacement): a label whose box would cover another label, a callout's box or
// leader, an arrow or another annotation's text moves to a clear spot around its
// event, or is left out when there is none.
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
    // The fills (Overlay slot, drawn while this layer is visible); owned by this layer.
    MapLayer *fillLayer() const { return m_fillLayer; }
    void setPlaceLabels(bool on);
    bool placeLabels() const { return m_placeLabels; }
    // The text box of each event label of the model in this frame, placed clear of
    // each other and of the other annotations (an empty rect: left out), by id.
    QHash<int, QRectF> placedLabelBoxes(const MapViewport &viewport) const;

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
    // Fill: the area of a circle, rectangle or polygon; Shapes: lines and markers;
    // All: the three in order. `box` replaces the text box of a callout or event label.
    enum class Pass { Fill, Shapes, Text, All };
    static void paintAnnotation(QPainter &painter, const Annotation &a, const MapViewport &viewport,
                                Pass pass = Pass::All, const QRectF *box = nullptr);

private:
    friend class AnnotationFillLayer;
    QPointer<AnnotationModel> m_model;
    MapLayer *m_fillLayer = nullptr;
    bool m_placeLabels = false;
};

#pragma once

#include "maplayer.h"

#include <QPointF>

#include <vector>

// The area the events are filtered by, drawn on the map: clicks add vertices,
// double-click (or Enter) closes the polygon and emits finished(); Backspace removes
// the last vertex, Esc cancels (MapView routes the input in its area-drawing mode).
//
// Vertices are (longitude, latitude). Each new longitude is unwrapped to within 180°
// of the previous one, so a polygon drawn across the antimeridian on the wrapped map
// runs to 185° instead of jumping to -175°: RowCriteria::polygon takes such rings and
// tests each event at its longitude and 360° either side.
class AreaTool : public MapLayer
{
    Q_OBJECT
public:
    explicit AreaTool(QObject *parent = nullptr);
    QString name() const override { return tr("Filter area"); }
    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

    bool isDrawing() const { return m_drawing; }
    void begin(); // a new polygon (the shown one is replaced when it is finished)
    void addVertex(double lat, double lon);
    void removeLastVertex();
    void finish(); // closes it when it has 3 vertices or more; else cancels
    void cancel(); // back to the polygon shown before begin()
    // The area in effect (shown closed), e.g. cleared by the window: empty for none.
    void setPolygon(std::vector<QPointF> lonLat);
    const std::vector<QPointF> &polygon() const { return m_polygon; }
    const std::vector<QPointF> &draft() const { return m_draft; }

signals:
    void finished(const std::vector<QPointF> &lonLat);
    void drawingChanged(bool drawing);

private:
    void paintRing(QPainter &painter, const MapViewport &viewport, const std::vector<QPointF> &ring,
                   bool closed) const;

    std::vector<QPointF> m_polygon; // in effect
    std::vector<QPointF> m_draft; // being drawn
    bool m_drawing = false;
};

#pragma once

#include <QObject>
#include <QPointF>
#include <QTimer>

#include <vector>

class MapView;
class QAction;
class TransferFilter;

// The map's side of the filter model's area criterion: a polygon drawn on the map
// (MapView's area-drawing mode and its AreaTool layer), or "what the map shows" — the
// filter's box follows the view, so the table, the timeline and the summary count
// only the events on screen. A box and a polygon may both be set; both apply.
class AreaFilter : public QObject
{
    Q_OBJECT
public:
    AreaFilter(MapView *view, TransferFilter *filter, QObject *parent = nullptr);

    QAction *drawAction() const { return m_draw; } // checkable: drawing a polygon
    QAction *followViewAction() const { return m_follow; } // checkable
    QAction *clearAction() const { return m_clear; }

    void clear(); // no polygon, box not following the view
    // The filter polygon as if drawn: (lon, lat) vertices, fewer than 3 for none.
    void setPolygon(std::vector<QPointF> lonLatRing);

private:
    void polygonDrawn();
    void applyViewBox();
    void updateActions();

    MapView *m_view;
    TransferFilter *m_filter;
    QAction *m_draw, *m_follow, *m_clear;
    QTimer m_viewTimer; // the box follows a pan once it pauses, not every mouse move
};

#pragma once

#include "maplayer.h"

#include <QList>
#include <QRectF>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

class EventLayer;
class EventStore;

// AIS gaps ("going dark", issue 17) among the events: rows whose `kind` column is "gap"
// with an `end_lat` and `end_lon` (what Analysis ▸ Detect… and `rendezvous detect -o`
// write: the event's position is the last one before the silence, end_lat/end_lon the
// first after it). Drawn as a dashed line from one to the other, labelled with the
// vessel, how long it was dark, how far it went and the speed that implies.
struct GapLine
{
    uint32_t row = 0; // the store row (the line shows while that row passes the filters)
    double lat0 = 0, lon0 = 0, lat1 = 0, lon1 = 0;
    QString label; // "SYNTH DARK STAR: 18.5 h dark, 42.0 nm at 2.3 kn"
};
using GapLines = std::vector<GapLine>;

namespace gaplines {
// Every gap row of the store, in row order; empty (and cheap) for a store without a
// "kind" column. Rows whose end position is missing or not a number are not lines.
std::shared_ptr<const GapLines> find(const EventStore &store);
// "18.5 h dark, 42.0 nm at 2.3 kn".
QString label(double hours, double distanceNm, double impliedSpeedKn);
} // namespace gaplines

// The gap lines of the EventLayer that owns it, for the rows its filters leave visible
// (time window, area, search, categories), hidden with the events. In the Tracks slot:
// over the tracks the silence interrupts, under the event markers. Reads only its
// owner's immutable data, so an export's copy paints on a worker thread.
class GapLineLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit GapLineLayer(const EventLayer *owner, QObject *parent = nullptr);
    QString name() const override { return QStringLiteral("AIS gaps"); }
    // Where a label must not go in a view (the legends drawn over the map): a label is
    // put beside its line on a side clear of them and of the line itself.
    using Obstacles = std::function<QList<QRectF>(const MapViewport &)>;
    void setObstacles(Obstacles obstacles) { m_obstacles = std::move(obstacles); }
    // Where the label of `line` goes in this view (logical pixels), on the copy of the
    // world nearest the view's centre.
    QRectF labelRect(const GapLine &line, const MapViewport &viewport) const;
    // The lines drawn now (the owner's visible gap rows), for the tests and tool tips.
    std::vector<const GapLine *> visibleLines() const;
    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

private:
    QRectF placeLabel(QPointF a, QPointF b, const QRectF &box, const QRectF &view,
                      const QList<QRectF> &obstacles) const;

    const EventLayer *m_owner;
    Obstacles m_obstacles;
};

#pragma once

#include "maplayer.h"

#include <QGeoCoordinate>
#include <QList>

// The measuring line: points clicked on the map, joined by great-circle arcs, with the
// total great-circle distance (WGS 84 mean radius, Qt Positioning) in nautical miles
// and kilometres next to the last point. Straight Mercator segments would show a
// rhumb line while the figure is the great-circle distance, so the arcs are drawn.
class MeasureTool : public MapLayer
{
    Q_OBJECT
public:
    explicit MeasureTool(QObject *parent = nullptr);
    QString name() const override { return tr("Measuring line"); }
    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

    void addPoint(double lat, double lon);
    void clear();
    const QList<QGeoCoordinate> &points() const { return m_points; }
    double totalMetres() const;
    // "12.3 nm · 22.8 km"; nautical miles first (the investigators' unit).
    static QString formatDistance(double metres);

signals:
    void distanceChanged(double metres);

private:
    QList<QGeoCoordinate> m_points;
};

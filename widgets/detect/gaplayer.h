#pragma once

#include "detect/detection.h"
#include "map/maplayer.h"

#include <QString>

#include <vector>

// The AIS gaps of the last detection on the map: a dashed line from the last position
// before the silence to the first after it, labelled with how long the vessel was dark,
// how far it went and the speed that implies (issue 17). Straight on the map, taking the
// short way across 180°. In the Tracks slot, over the tracks it interrupts and under the
// events (the gap's own event marker sits on its mean position).
class GapLayer : public MapLayer
{
    Q_OBJECT
public:
    struct Gap
    {
        detect::Gap gap;
        QString vessel; // "MMSI 412000001" or the name, for the label
    };

    explicit GapLayer(QObject *parent = nullptr);
    QString name() const override { return QStringLiteral("AIS gaps"); }
    void setGaps(std::vector<Gap> gaps);
    const std::vector<Gap> &gaps() const { return m_gaps; }
    // "18.5 h dark, 42.0 nm at 2.3 kn" (the label, also the gap's tooltip text).
    static QString label(const detect::Gap &gap);
    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

private:
    std::vector<Gap> m_gaps;
};

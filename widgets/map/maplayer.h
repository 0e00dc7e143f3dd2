#pragma once

#include "classbreaks.h"
#include "mapviewport.h"

#include <QColor>
#include <QObject>
#include <QString>

class QPainter;

// How a frame is drawn; the same options drive the widget, exports and the CLI.
struct RenderOptions
{
    enum class Basemap { None, Land, Tiles };
    Basemap basemap = Basemap::Land;
    QString colorBy = QStringLiteral("cargo"); // an event field key or extra column name
    ClassOptions colorClasses; // how a numeric colorBy is graduated
    bool sizeByVolume = false;
    bool graticule = true;
    bool scaleBar = true;
    bool attribution = true;
    // Draw-order slots, fixed and documented (MapRenderer): sea, basemap, overlays,
    // tracks, events, selection, annotations, decorations.

    bool operator==(const RenderOptions &o) const
    {
        return basemap == o.basemap && colorBy == o.colorBy && colorClasses == o.colorClasses
            && sizeByVolume == o.sizeByVolume && graticule == o.graticule && scaleBar == o.scaleBar
            && attribution == o.attribution;
    }
    bool operator!=(const RenderOptions &o) const { return !(*this == o); }
};

// One layer of the map. Layers paint in the viewport's logical pixels (the painter
// carries only the device's scale) and say when they need a repaint. They never own
// event data: they read the models.
class MapLayer : public QObject
{
    Q_OBJECT
public:
    enum class Slot { Basemap, Overlay, Tracks, Events, Selection, Annotations, Decorations };

    explicit MapLayer(Slot slot, QObject *parent = nullptr) : QObject(parent), m_slot(slot) { }
    Slot slot() const { return m_slot; }
    virtual QString name() const = 0;
    bool isVisible() const { return m_visible; }
    void setVisible(bool visible)
    {
        if (visible == m_visible)
            return;
        m_visible = visible;
        emit changed();
    }
    virtual void paint(QPainter &painter, const MapViewport &viewport,
                       const RenderOptions &options) const = 0;

signals:
    void changed(); // needs a repaint

private:
    Slot m_slot;
    bool m_visible = true;
};

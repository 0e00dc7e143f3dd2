#pragma once

#include "basemapcache.h"
#include "eventfilter.h"
#include "maprenderer.h"

#include <QWidget>

#include <functional>
#include <optional>

class AnnotationTool;
class AreaTool;
class MeasureTool;

// The map widget: a thin shell over MapViewport (where) and MapRenderer (what), in
// the manner of Marble's MarbleWidget. It owns no data; layers are added by the
// window. The Basemap slot comes from a BasemapCache image (rendered off the GUI
// thread); the other slots are painted live on top every frame.
//
// Interaction: wheel zooms about the cursor (fractional steps), left-drag pans,
// double-click zooms in one level about the cursor, + / - zoom, arrow keys pan,
// Shift-drag draws a rubber band (rubberBandSelected), a click without drag emits
// clicked(), mouse moves emit cursorMoved() and hovered(). In measuring mode, clicks
// add points to the measuring line instead (Esc clears it). In area-drawing mode they
// add vertices of the filter polygon (AreaTool): double-click or Enter closes it,
// Backspace removes the last vertex, Esc cancels. Otherwise the annotations' tool
// (AnnotationTool) sees each press first: it takes presses on an annotation (select,
// move, reshape) and every press in its drawing modes, and Delete, Esc and Enter.
//
// Repaints are batched: every layer's changed() and every viewport change go through
// scheduleUpdate(), which repaints once on the next turn of the event loop.
class MapView : public QWidget
{
    Q_OBJECT
public:
    static constexpr double kFitMargin = 30; // pixels around a fitted box
    static constexpr double kMaxFitZoom = 14; // a fitted single event is not street level

    explicit MapView(QWidget *parent = nullptr);
    ~MapView() override;

    // Not owned; the layer must stay alive until removed or the view is destroyed.
    void addLayer(MapLayer *layer);
    void removeLayer(MapLayer *layer);
    MapRenderer &renderer() { return m_renderer; }
    const MapRenderer &renderer() const { return m_renderer; }

    const MapViewport &viewport() const { return m_viewport; }
    void setViewport(const MapViewport &viewport); // size is the widget's own
    const RenderOptions &options() const { return m_options; }
    void setOptions(const RenderOptions &options);

    // Shows the box [west, south, east, north] (west > east crosses 180°).
    void fitTo(const GeoBox &box);
    // The box fitToData() shows (the window sets it from the filtered events).
    void setDataBox(std::optional<GeoBox> box) { m_dataBox = box; }

    // Called for a tool tip at a pixel; an empty string shows none.
    void setToolTipProvider(std::function<QString(QPointF)> provider);

    void setMeasuring(bool on);
    bool isMeasuring() const { return m_measuring; }
    MeasureTool *measureTool() const { return m_measure; }
    // Drawing the filter area; ends by itself when the polygon is closed or cancelled.
    void setDrawingArea(bool on);
    bool isDrawingArea() const;
    AreaTool *areaTool() const { return m_area; }
    AnnotationTool *annotationTool() const { return m_annotations; }

    BasemapCache &basemapCache() { return m_cache; }
    int paintCount() const { return m_paints; } // for tests of repaint batching

    // Cursor position for the status bar: "31.2051°N 123.6012°E" and
    // "31°12.306′N 123°36.072′E" (minutes zero-padded, rounding carried into degrees).
    static QString formatDecimal(double lat, double lon, int decimals = 4);
    static QString formatDegreesMinutes(double lat, double lon, int decimals = 3);

    QSize sizeHint() const override { return QSize(800, 600); }

public slots:
    void scheduleUpdate();
    void fitToData();
    void zoomIn();
    void zoomOut();

signals:
    void viewportChanged(const MapViewport &viewport);
    void cursorMoved(double lat, double lon);
    void cursorLeft();
    void clicked(QPointF pixel);
    void rubberBandSelected(QRectF pixels);
    void hovered(QPointF pixel);
    void measuringChanged(bool on);
    void drawingAreaChanged(bool on);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void viewportEdited(); // after any change of m_viewport
    void contentChanged(MapLayer *layer);
    void syncCache();
    void updateCursor();

    MapViewport m_viewport;
    MapRenderer m_renderer;
    RenderOptions m_options;
    BasemapCache m_cache;
    MeasureTool *m_measure = nullptr;
    AreaTool *m_area = nullptr;
    AnnotationTool *m_annotations = nullptr;
    std::function<QString(QPointF)> m_toolTipProvider;
    std::optional<GeoBox> m_dataBox;

    enum class Drag { None, Pending, Pan, Band, Tool };
    Drag m_drag = Drag::None;
    QPointF m_pressPos, m_lastPos;
    QRectF m_band;
    bool m_measuring = false;
    bool m_updatePending = false;
    int m_paints = 0;
};

#pragma once

#include "maplayer.h"

#include <QColor>
#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QPainter;

// The map widget's background (sea + Basemap slot) as an image (design principle 4).
// Drawing a frame only blits the image: panning shifts it, zooming scales it, until
// the view has been still for a moment; then the background is rendered again for the
// new view on a worker thread (QtConcurrent) and swapped in when ready. The image is
// larger than the view by a margin on each side, so short pans show no gap.
//
// Basemap-slot layers are painted on the worker thread while the GUI thread goes on:
// their paint() must only read data that does not change while it runs (loaded
// geometry is replaced, not edited, and they emit changed() afterwards).
class BasemapCache : public QObject
{
    Q_OBJECT
public:
    explicit BasemapCache(QObject *parent = nullptr);
    ~BasemapCache() override; // waits for a running render

    // What to paint: the sea colour and the Basemap-slot layers in draw order.
    void setContent(const QColor &sea, const QList<MapLayer *> &layers);
    // The content changed (a layer emitted changed()): render again soon.
    void invalidate();

    // Paints the background for `viewport`. Without any image yet it renders
    // synchronously (the first frame must not be empty) and keeps the result. When the
    // image is for another view it is drawn shifted and scaled into place, and a new
    // one is rendered once the view has not changed for settleDelay ms.
    void paint(QPainter &painter, const MapViewport &viewport, const RenderOptions &options);

    bool isCurrent(const MapViewport &viewport) const; // the image is exactly for it
    bool isRendering() const { return m_watcher.isRunning(); }
    int renderCount() const { return m_renders; } // for tests: background renders done
    void setSettleDelay(int ms) { m_settle.setInterval(ms); }
    // The image's viewport for a view: same centre and zoom, margin on every side.
    static MapViewport cacheViewport(const MapViewport &view);

signals:
    void updated(); // a new image is in: repaint

private:
    struct Result
    {
        QImage image;
        MapViewport viewport;
        quint64 generation = 0;
    };
    static Result renderImage(const QColor &sea, const QList<MapLayer *> &layers,
                              const MapViewport &viewport, const RenderOptions &options,
                              quint64 generation);
    void startRender();
    void finished();

    QColor m_sea;
    QList<MapLayer *> m_layers;
    QImage m_image;
    MapViewport m_imageViewport;
    quint64 m_imageGeneration = 0;
    MapViewport m_wanted;
    RenderOptions m_options;
    quint64 m_generation = 1; // bumped on every content change
    QTimer m_settle;
    QFutureWatcher<Result> m_watcher;
    int m_renders = 0;
};

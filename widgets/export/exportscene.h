#pragma once

#include "filtercaption.h"
#include "map/maplayer.h"
#include "map/maplayerset.h"
#include "map/maprenderer.h"

#include <QDateTime>
#include <QString>

#include <memory>

class BasemapLayer;

// What an export shows besides the map's layers, as plain data taken when the export
// starts: the filters in words, the data file's name and the time of the export.
struct ExportContext
{
    FilterCaption filters;
    QString dataFile; // shown as "Data: NAME" (the file name, not its folder)
    // UTC. Invalid: SOURCE_DATE_EPOCH when set (reproducible output, as in the tests),
    // else now; fixed by resolvedTime() once.
    QDateTime exportTime;

    QDateTime resolvedTime() const;
};

// Everything one export draws, owned and frozen: its own MapLayerSet (a copy of the
// window's layers, or the CLI's assembly) attached to its own MapRenderer, the view
// whose extent the export shows, the render options and the context. Built on the GUI
// (or CLI) thread; painting it afterwards touches no widget and no live layer, so it
// may run on a worker thread while the window goes on (see ExportRenderer).
class ExportScene
{
public:
    ExportScene();
    ~ExportScene();
    ExportScene(const ExportScene &) = delete;
    ExportScene &operator=(const ExportScene &) = delete;

    // A frozen copy of the window's map: overlays and events are copied (their data is
    // shared and immutable), the basemap is the shared one. Layers this class does not
    // know how to copy (the tiles, whose cache is the window's, and any layer added to
    // the set later, such as annotations) are drawn from the live object: their
    // paint() must be safe on a worker thread.
    static std::unique_ptr<ExportScene> snapshot(const MapLayerSet &live, const MapViewport &view,
                                                 const RenderOptions &options,
                                                 const ExportContext &context);

    MapLayerSet &layers() { return m_layers; }
    const MapRenderer &renderer() const { return m_renderer; }
    MapRenderer &renderer() { return m_renderer; }
    // The land of the overview map, drawn whatever the main map's basemap is: null
    // until prepareOverview(), which starts the shared basemap loading (the CLI without
    // an overview and without land must not pay for reading it).
    const BasemapLayer *overviewLand() const { return m_overviewLand.get(); }
    void prepareOverview();

    MapViewport view; // the extent to show (centre, zoom, size in logical pixels)
    RenderOptions options;
    ExportContext context;

private:
    MapRenderer m_renderer;
    MapLayerSet m_layers;
    std::unique_ptr<BasemapLayer> m_overviewLand;
};

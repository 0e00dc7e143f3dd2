#pragma once

#include "maplayer.h"

#include <QList>
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

class AnnotationLayer;
class AnnotationModel;
class BasemapLayer;
class DecorationsLayer;
class EventLayer;
class MapRenderer;
class MapView;
class RasterLayer;
class TileLayer;
class TrackLayer;
class VectorOverlayLayer;

// The map's layers, assembled in one place for the window (MapController) and
// `rendezvous render`, so that the command line draws exactly what the widget shows:
// the same layers, in the same order, driven by the same RenderOptions.
//
//   Basemap slot:     land (Natural Earth), then raster tiles over it, then raster
//                     overlays (RasterLayer: imagery), in their order (bottom first)
//   Overlay slot:     the fills of the annotations' areas (under the events they
//                     mark), then vector overlays, in the order they were added
//   Tracks slot:      vessel tracks (TrackLayer: lines, gaps, playback arrows, legend),
//                     then the AIS gaps among the events (the event layer's gapLayer())
//   Events slot:      events (markers, clusters, legend)
//   Selection slot:   the events' selection highlight
//   Annotations slot: the user's annotations (annotationModel(), owned by the set, so
//                     a project's annotations load into it for the window and `render`)
//   Decorations slot: graticule, scale bar, attribution
//
// (The view adds one layer of its own, the measuring line, which only a user with a
// mouse can draw.) The land and the tiles are created on first need (applyOptions): the land starts
// reading its files, the tiles open a network cache, and neither is wanted by
// `render --basemap none`. The set owns its layers; attach() hands each one, now and
// later, to a view or a renderer, and takes them back when they go.
class MapLayerSet : public QObject
{
    Q_OBJECT
public:
    explicit MapLayerSet(QObject *parent = nullptr);
    ~MapLayerSet() override; // detaches from the view or renderer first

    // Hands every layer to `view` (or `renderer`), now and as layers come and go. One
    // target at a time; the target must outlive the set or be detached first.
    void attach(MapView *view);
    void attach(MapRenderer *renderer);
    void detach();

    // Creates what the options need (land for Land and Tiles, tiles for Tiles) and
    // passes the colour and size settings to the event layer.
    void applyOptions(const RenderOptions &options);

    BasemapLayer *land() const { return m_land.get(); } // null until needed
    TileLayer *tiles() const { return m_tiles.get(); } // null until needed
    EventLayer *events() const { return m_events.get(); }
    TrackLayer *tracks() const { return m_tracks.get(); }
    DecorationsLayer *decorations() const { return m_decorations.get(); }
    AnnotationLayer *annotations() const { return m_annotations.get(); }
    AnnotationModel *annotationModel() const { return m_annotationModel.get(); }

    // Overlays, in draw order. The set takes ownership.
    VectorOverlayLayer *addOverlay(std::unique_ptr<VectorOverlayLayer> overlay);
    void removeOverlay(VectorOverlayLayer *overlay);
    QList<VectorOverlayLayer *> overlays() const;

    // Raster overlays (imagery), bottom first: over the land and tiles, under vector
    // overlays and events. The set takes ownership; a new raster goes on top.
    RasterLayer *addRaster(std::unique_ptr<RasterLayer> raster);
    void removeRaster(RasterLayer *raster);
    // Moves a raster to `index` in rasters() (clamped): the Layers dock's order.
    void moveRaster(RasterLayer *raster, int index);
    QList<RasterLayer *> rasters() const;

    // Every layer, in draw order (what a renderer holding them paints).
    QList<MapLayer *> layers() const;

signals:
    void overlayAdded(VectorOverlayLayer *overlay);
    void overlayRemoved(VectorOverlayLayer *overlay); // still alive while this is emitted
    void rasterAdded(RasterLayer *raster);
    void rasterRemoved(RasterLayer *raster); // still alive while this is emitted
    // Overlays or rasters added, removed, moved, renamed, recoloured, faded or toggled.
    void overlaysChanged();

private:
    void install(MapLayer *layer);
    void uninstall(MapLayer *layer);
    // Puts the rasters back at the end of the Basemap slot, in order (after a move, or
    // after land or tiles were created later than them).
    void reinstallRasters();

    std::unique_ptr<BasemapLayer> m_land;
    std::unique_ptr<TileLayer> m_tiles;
    std::vector<std::unique_ptr<RasterLayer>> m_rasters;
    std::vector<std::unique_ptr<VectorOverlayLayer>> m_overlays;
    std::unique_ptr<TrackLayer> m_tracks;
    std::unique_ptr<EventLayer> m_events;
    std::unique_ptr<AnnotationModel> m_annotationModel;
    std::unique_ptr<AnnotationLayer> m_annotations;
    std::unique_ptr<DecorationsLayer> m_decorations;
    std::function<void(MapLayer *)> m_add, m_remove;
};

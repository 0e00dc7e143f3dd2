#include "maplayerset.h"

#include "annotationlayer.h"
#include "basemaplayer.h"
#include "decorationslayer.h"
#include "eventlayer.h"
#include "gaplines.h"
#include "maprenderer.h"
#include "mapview.h"
#include "rasterlayer.h"
#include "tilelayer.h"
#include "tracklayer.h"
#include "vectoroverlaylayer.h"

#include <algorithm>

MapLayerSet::MapLayerSet(QObject *parent)
    : QObject(parent),
      m_tracks(std::make_unique<TrackLayer>()),
      m_events(std::make_unique<EventLayer>()),
      m_annotationModel(std::make_unique<AnnotationModel>()),
      m_annotations(std::make_unique<AnnotationLayer>()),
      m_decorations(std::make_unique<DecorationsLayer>())
{
    m_annotations->setModel(m_annotationModel.get());
    m_tracks->setLegendAnchor(m_events.get());
    // The gap labels keep clear of the legends drawn over the map.
    m_events->gapLayer()->setObstacles(
        [events = m_events.get(), tracks = m_tracks.get()](const MapViewport &viewport) {
            return QList<QRectF> {events->legendRect(viewport), tracks->legendRect(viewport)};
        });
}

MapLayerSet::~MapLayerSet()
{
    detach();
}

void MapLayerSet::attach(MapView *view)
{
    detach();
    if (!view)
        return;
    m_add = [view](MapLayer *l) { view->addLayer(l); };
    m_remove = [view](MapLayer *l) { view->removeLayer(l); };
    // The view belongs to the window's widget tree and may go first.
    connect(view, &QObject::destroyed, this, [this] {
        m_add = nullptr;
        m_remove = nullptr;
    });
    for (MapLayer *l : layers())
        install(l);
}

void MapLayerSet::attach(MapRenderer *renderer)
{
    detach();
    if (!renderer)
        return;
    m_add = [renderer](MapLayer *l) { renderer->addLayer(l); };
    m_remove = [renderer](MapLayer *l) { renderer->removeLayer(l); };
    for (MapLayer *l : layers())
        install(l);
}

void MapLayerSet::detach()
{
    if (m_remove) {
        const QList<MapLayer *> all = layers();
        for (auto it = all.rbegin(); it != all.rend(); ++it)
            uninstall(*it);
    }
    m_add = nullptr;
    m_remove = nullptr;
}

void MapLayerSet::install(MapLayer *layer)
{
    if (m_add)
        m_add(layer);
}

void MapLayerSet::uninstall(MapLayer *layer)
{
    if (m_remove)
        m_remove(layer);
}

void MapLayerSet::applyOptions(const RenderOptions &options)
{
    if (options.basemap != RenderOptions::Basemap::None && !m_land) {
        m_land = std::make_unique<BasemapLayer>();
        install(m_land.get());
        reinstallRasters();
    }
    // Tiles go in after the land, in the same slot: they draw over it, and the land
    // shows wherever a tile is missing.
    if (options.basemap == RenderOptions::Basemap::Tiles && !m_tiles) {
        m_tiles = std::make_unique<TileLayer>();
        connect(m_tiles.get(), &TileLayer::attributionChanged, m_decorations.get(),
                &DecorationsLayer::setTileAttribution);
        m_decorations->setTileAttribution(m_tiles->attribution());
        install(m_tiles.get());
        reinstallRasters();
    }
    m_events->applyOptions(options);
}

VectorOverlayLayer *MapLayerSet::addOverlay(std::unique_ptr<VectorOverlayLayer> overlay)
{
    if (!overlay)
        return nullptr;
    VectorOverlayLayer *raw = overlay.get();
    m_overlays.push_back(std::move(overlay));
    connect(raw, &MapLayer::changed, this, &MapLayerSet::overlaysChanged);
    install(raw);
    emit overlayAdded(raw);
    emit overlaysChanged();
    return raw;
}

void MapLayerSet::removeOverlay(VectorOverlayLayer *overlay)
{
    const auto it = std::find_if(m_overlays.begin(), m_overlays.end(),
                                 [overlay](const auto &o) { return o.get() == overlay; });
    if (it == m_overlays.end())
        return;
    uninstall(overlay);
    emit overlayRemoved(overlay);
    std::unique_ptr<VectorOverlayLayer> gone = std::move(*it);
    m_overlays.erase(it);
    gone.reset();
    emit overlaysChanged();
}

RasterLayer *MapLayerSet::addRaster(std::unique_ptr<RasterLayer> raster)
{
    if (!raster)
        return nullptr;
    RasterLayer *raw = raster.get();
    m_rasters.push_back(std::move(raster));
    connect(raw, &MapLayer::changed, this, &MapLayerSet::overlaysChanged);
    install(raw);
    emit rasterAdded(raw);
    emit overlaysChanged();
    return raw;
}

void MapLayerSet::removeRaster(RasterLayer *raster)
{
    const auto it = std::find_if(m_rasters.begin(), m_rasters.end(),
                                 [raster](const auto &r) { return r.get() == raster; });
    if (it == m_rasters.end())
        return;
    uninstall(raster);
    emit rasterRemoved(raster);
    std::unique_ptr<RasterLayer> gone = std::move(*it);
    m_rasters.erase(it);
    gone.reset();
    emit overlaysChanged();
}

void MapLayerSet::moveRaster(RasterLayer *raster, int index)
{
    const auto it = std::find_if(m_rasters.begin(), m_rasters.end(),
                                 [raster](const auto &r) { return r.get() == raster; });
    if (it == m_rasters.end())
        return;
    const int from = int(it - m_rasters.begin());
    const int to = std::clamp(index, 0, int(m_rasters.size()) - 1);
    if (from == to)
        return;
    std::unique_ptr<RasterLayer> moving = std::move(*it);
    m_rasters.erase(it);
    m_rasters.insert(m_rasters.begin() + to, std::move(moving));
    reinstallRasters();
    emit overlaysChanged();
}

void MapLayerSet::reinstallRasters()
{
    for (const auto &r : m_rasters)
        uninstall(r.get());
    for (const auto &r : m_rasters)
        install(r.get());
}

QList<RasterLayer *> MapLayerSet::rasters() const
{
    QList<RasterLayer *> out;
    for (const auto &r : m_rasters)
        out.append(r.get());
    return out;
}

QList<VectorOverlayLayer *> MapLayerSet::overlays() const
{
    QList<VectorOverlayLayer *> out;
    for (const auto &o : m_overlays)
        out.append(o.get());
    return out;
}

QList<MapLayer *> MapLayerSet::layers() const
{
    QList<MapLayer *> out;
    if (m_land)
        out.append(m_land.get());
    if (m_tiles)
        out.append(m_tiles.get());
    for (const auto &r : m_rasters)
        out.append(r.get());
    // Under the overlays added later too: the renderer keeps a slot's insertion order.
    out.append(m_annotations->fillLayer());
    for (const auto &o : m_overlays)
        out.append(o.get());
    out.append(m_tracks.get());
    out.append(m_events->gapLayer()); // over the tracks, under the events
    out.append(m_events.get());
    out.append(m_events->selectionLayer());
    out.append(m_annotations.get());
    out.append(m_decorations.get());
    return out;
}

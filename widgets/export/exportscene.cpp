#include "exportscene.h"

#include "annotationmodel.h"
#include "map/annotationlayer.h"

#include "map/basemaplayer.h"
#include "map/decorationslayer.h"
#include "map/eventlayer.h"
#include "map/rasterlayer.h"
#include "map/tilelayer.h"
#include "map/tracklayer.h"
#include "map/vectoroverlaylayer.h"

#include <QTimeZone>

QDateTime ExportContext::resolvedTime() const
{
    if (exportTime.isValid())
        return exportTime.toUTC();
    bool ok = false;
    const qint64 epoch = qEnvironmentVariable("SOURCE_DATE_EPOCH").toLongLong(&ok);
    if (ok)
        return QDateTime::fromSecsSinceEpoch(epoch, QTimeZone::utc());
    return QDateTime::currentDateTimeUtc();
}

ExportScene::ExportScene()
{
    m_layers.attach(&m_renderer);
}

void ExportScene::prepareOverview()
{
    if (!m_overviewLand)
        m_overviewLand = std::make_unique<BasemapLayer>();
}

ExportScene::~ExportScene()
{
    m_layers.detach();
}

std::unique_ptr<ExportScene> ExportScene::snapshot(const MapLayerSet &live, const MapViewport &view,
                                                   const RenderOptions &options,
                                                   const ExportContext &context)
{
    auto scene = std::make_unique<ExportScene>();
    scene->prepareOverview(); // the window has the basemap loaded already
    scene->view = view;
    scene->options = options;
    scene->context = context;
    scene->context.exportTime = context.resolvedTime();
    // Tiles stay the window's (below): the set must not make a second tile layer.
    RenderOptions own = options;
    if (own.basemap == RenderOptions::Basemap::Tiles)
        own.basemap = RenderOptions::Basemap::Land;
    MapLayerSet &set = scene->m_layers;
    set.applyOptions(own);
    if (live.land() && set.land())
        set.land()->setVisible(live.land()->isVisible());
    for (const VectorOverlayLayer *o : live.overlays()) {
        auto copy = std::make_unique<VectorOverlayLayer>(o->sharedGeometry(), o->path());
        copy->setName(o->name());
        copy->setColor(o->color());
        copy->setVisible(o->isVisible());
        set.addOverlay(std::move(copy));
    }
    set.tracks()->copyFrom(*live.tracks());
    set.events()->copyFrom(*live.events());
    // A copy, not the window's model: the user may edit annotations while the export
    // paints on its worker thread. The live model is valid, so its JSON loads as is.
    QString ignored;
    set.annotationModel()->fromJson(live.annotationModel()->toJson(), &ignored);
    set.annotations()->setVisible(live.annotations()->isVisible());
    set.decorations()->setVisible(live.decorations()->isVisible());
    if (options.basemap == RenderOptions::Basemap::Tiles && live.tiles()) {
        set.decorations()->setTileAttribution(live.tiles()->attribution());
        scene->m_renderer.addLayer(live.tiles());
    }
    // Imagery over the tiles (added after them: a slot keeps its insertion order),
    // sharing the window's open rasters.
    for (const RasterLayer *r : live.rasters()) {
        auto copy = std::make_unique<RasterLayer>(r->raster());
        copy->setName(r->name());
        copy->setOpacity(r->opacity());
        copy->setVisible(r->isVisible());
        set.addRaster(std::move(copy));
    }
    // Whatever else the window draws (layers added to the set after this was written).
    QList<MapLayer *> known {live.land(),
                             live.tiles(),
                             live.tracks(),
                             live.events(),
                             live.events()->selectionLayer(),
                             live.events()->gapLayer(),
                             live.annotations(),
                             live.annotations()->fillLayer(),
                             live.decorations()};
    for (VectorOverlayLayer *o : live.overlays())
        known.append(o);
    for (RasterLayer *r : live.rasters())
        known.append(r);
    for (MapLayer *l : live.layers())
        if (!known.contains(l))
            scene->m_renderer.addLayer(l);
    return scene;
}

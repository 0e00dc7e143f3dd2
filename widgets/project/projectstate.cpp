#include "projectstate.h"

#include "docks/eventsdock.h"
#include "eventstore.h"
#include "filters/areafilter.h"
#include "filters/categoryfiltermenu.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/rasterlayer.h"
#include "map/tilelayer.h"
#include "map/vectoroverlaylayer.h"
#include "mapui/mapcontroller.h"
#include "timewindow.h"
#include "transferfilter.h"

#include <QAction>
#include <QLineEdit>

#include <set>
#include <string_view>

namespace {
QString basemapName(RenderOptions::Basemap basemap)
{
    switch (basemap) {
    case RenderOptions::Basemap::None:
        return QStringLiteral("none");
    case RenderOptions::Basemap::Tiles:
        return QStringLiteral("tiles");
    case RenderOptions::Basemap::Land:
        break;
    }
    return QStringLiteral("land");
}

RenderOptions::Basemap basemapFromName(const QString &name)
{
    if (name == QLatin1String("none"))
        return RenderOptions::Basemap::None;
    if (name == QLatin1String("tiles"))
        return RenderOptions::Basemap::Tiles;
    return RenderOptions::Basemap::Land;
}

QString tileUrlOf(const TileLayer *tiles)
{
    const auto *xyz = tiles ? qobject_cast<const XyzTileSource *>(tiles->source()) : nullptr;
    if (!xyz || xyz->urlTemplate() == XyzTileSource::defaultUrlTemplate())
        return {};
    return xyz->urlTemplate();
}
} // namespace

Project projectstate::capture(const ProjectParts &w)
{
    Project p;
    const TimeWindow *time = w.timeWindow;
    if (time->hasRange()) {
        p.from = time->from();
        p.to = time->to();
    }
    const RowCriteria &criteria = w.filter->criteria();
    p.polygon = criteria.polygon;
    p.box = criteria.bbox;
    p.areaFollowsView = w.area->followViewAction()->isChecked();
    p.text = w.events->searchBox()->text();
    p.hiddenCategories = w.categories->hidden();

    const MapViewport &viewport = w.map->view()->viewport();
    p.centerLon = viewport.centerLon();
    p.centerLat = viewport.centerLat();
    p.zoom = viewport.zoom();
    p.viewWidth = viewport.size().width();
    p.viewHeight = viewport.size().height();

    const RenderOptions &options = w.map->options();
    p.basemap = basemapName(options.basemap);
    p.tileUrl = tileUrlOf(w.map->layers()->tiles());
    p.colorBy = options.colorBy;
    p.sizeByVolume = options.sizeByVolume;
    p.graticule = options.graticule;
    p.scaleBar = options.scaleBar;
    p.attribution = options.attribution;
    p.eventsVisible = w.map->eventLayer()->isVisible();
    // Rasters first: they draw under the vector overlays (bottom first).
    for (const RasterLayer *r : w.map->layers()->rasters()) {
        ProjectOverlay o {r->path(), QStringLiteral("#ffffffff"), r->isVisible()};
        o.opacity = r->opacity();
        p.overlays.push_back(o);
    }
    for (const VectorOverlayLayer *o : w.map->layers()->overlays())
        p.overlays.push_back({o->path(), o->color().name(QColor::HexArgb), o->isVisible()});
    return p;
}

void projectstate::applyView(const ProjectParts &w, const Project &p)
{
    MapViewport viewport = w.map->view()->viewport();
    viewport.setCenter(p.centerLat, p.centerLon);
    viewport.setZoom(p.zoom);
    w.map->view()->setViewport(viewport);
}

void projectstate::applyStyles(const ProjectParts &w, const Project &p)
{
    RenderOptions options = w.map->options();
    options.basemap = basemapFromName(p.basemap);
    options.colorBy = p.colorBy;
    options.sizeByVolume = p.sizeByVolume;
    options.graticule = p.graticule;
    options.scaleBar = p.scaleBar;
    options.attribution = p.attribution;
    w.map->setOptions(options);
    applyTileUrl(w, p.tileUrl);
    // As the layers dock does, without its saving of the session's overlays: a project's
    // layers are the project's.
    w.map->eventLayer()->setVisible(p.eventsVisible);
    w.map->eventLayer()->selectionLayer()->setVisible(p.eventsVisible);
}

void projectstate::applyTileUrl(const ProjectParts &w, const QString &url)
{
    TileLayer *tiles = w.map->layers()->tiles();
    if (!tiles || tileUrlOf(tiles) == url)
        return;
    tiles->setUrlTemplate(url.isEmpty() ? XyzTileSource::defaultUrlTemplate() : url);
}

void projectstate::applyFilters(const ProjectParts &w, const Project &p)
{
    if (p.from && p.to)
        w.timeWindow->setRange(*p.from, *p.to);
    else
        w.timeWindow->clearRange();
    AreaFilter *area = w.area;
    area->followViewAction()->setChecked(false);
    area->setPolygon(p.polygon);
    // Following the view sets the box from the view, which is restored by now.
    area->followViewAction()->setChecked(p.areaFollowsView);
    w.events->searchBox()->setText(p.text);
    w.categories->setHidden(p.hiddenCategories);
}

QString projectstate::defaultColorBy(const EventStore &store)
{
    const size_t rows = store.size();
    for (Field f :
         {Field::Cargo, Field::Confidence, Field::VesselAFlag, Field::VesselBFlag, Field::Source}) {
        for (size_t r = 0; r < rows; ++r) {
            if (!store.textView(f, r).empty())
                return fieldKey(f);
        }
    }
    // A handful of values over many rows reads as categories; more (ids, times,
    // measurements) would be a rainbow of one-offs.
    constexpr size_t kMaxValues = 12;
    for (int c = 0; c < store.extraNames().size(); ++c) {
        std::set<std::string_view> values;
        for (size_t r = 0; r < rows && values.size() <= kMaxValues; ++r) {
            if (const std::string_view v = store.extraView(c, r); !v.empty())
                values.insert(v);
        }
        if (values.size() >= 2 && values.size() <= kMaxValues && rows > 2 * values.size())
            return store.extraNames().at(c);
    }
    return fieldKey(Field::Cargo);
}

bool projectstate::isColorKey(const EventStore &store, const QString &key)
{
    if (store.extraNames().contains(key))
        return true;
    const auto f = fieldFromKey(key);
    return f
        && (*f == Field::Cargo || *f == Field::Confidence || *f == Field::VesselAFlag
            || *f == Field::VesselBFlag || *f == Field::Source);
}

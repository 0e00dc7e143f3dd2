#include "renderproject.h"

#include "categoryreader.h"
#include "filtercaption.h"
#include "map/mapviewport.h"
#include "timewindow.h"
#include "transferfilter.h"
#include "transfermodel.h"

std::vector<uint32_t> renderproject::filteredRows(const Project &project,
                                                  const std::shared_ptr<const EventStore> &store,
                                                  FilterCaption *caption, Summary *summary)
{
    TransferModel model;
    model.setStore(store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    if (project.from && project.to) {
        // As the window: the range goes through TimeWindow, which gives the bounds.
        TimeWindow window;
        window.setRange(*project.from, *project.to);
        filter.setTimeWindow(window.fromBound(), window.toBound());
    }
    RowCriteria criteria;
    if (project.polygon.size() >= 3)
        criteria.polygon = project.polygon;
    if (project.areaFollowsView)
        criteria.bbox = project.box;
    criteria.text = project.text;
    for (auto it = project.hiddenCategories.begin(); it != project.hiddenCategories.end(); ++it)
        if (!it.value().isEmpty())
            criteria.categories.insert(it.key(), keptCategoryValues(*store, it.key(), it.value()));
    filter.setCriteria(criteria);
    *caption = FilterCaption::fromFilter(filter);
    *summary = filter.summary();
    return filter.ascendingStoreRows();
}

RenderOptions renderproject::options(const Project &project)
{
    RenderOptions o;
    if (project.basemap == QLatin1String("none"))
        o.basemap = RenderOptions::Basemap::None;
    else if (project.basemap == QLatin1String("tiles"))
        o.basemap = RenderOptions::Basemap::Tiles;
    o.colorBy = project.colorBy;
    o.sizeByVolume = project.sizeByVolume;
    o.graticule = project.graticule;
    o.scaleBar = project.scaleBar;
    o.attribution = project.attribution;
    return o;
}

bool renderproject::view(const Project &project, MapViewport *viewport)
{
    if (project.viewWidth <= 0 || project.viewHeight <= 0)
        return false;
    *viewport = MapViewport(project.centerLat, project.centerLon, project.zoom,
                            QSize(project.viewWidth, project.viewHeight));
    return true;
}

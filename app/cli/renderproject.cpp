#include "renderproject.h"

#include "categoryreader.h"
#include "classbreaks.h"
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
    // The window's range filters, kept as a section of the project (checkSections()
    // refused a damaged one before).
    QString rangeError;
    numericranges::fromJson(project.sections.value(QStringLiteral("numericRanges")).toObject(),
                            &criteria.ranges, &rangeError);
    filter.setCriteria(criteria);
    *caption = FilterCaption::fromFilter(filter);
    *summary = filter.summary();
    return filter.ascendingStoreRows();
}

bool renderproject::checkSections(const Project &project, QString *error)
{
    const QJsonValue ranges = project.sections.value(QStringLiteral("numericRanges"));
    QHash<QString, NumericRange> parsed;
    QString why;
    if (!ranges.isUndefined()
        && (!ranges.isObject() || !numericranges::fromJson(ranges.toObject(), &parsed, &why))) {
        *error = QStringLiteral("numericRanges: %1")
                     .arg(why.isEmpty() ? QStringLiteral("not an object") : why);
        return false;
    }
    const QJsonValue classes = project.sections.value(QStringLiteral("colorClasses"));
    why.clear();
    if (!classes.isUndefined()
        && (!classes.isObject() || !ClassOptions::fromJson(classes.toObject(), &why))) {
        *error = QStringLiteral("colorClasses: %1")
                     .arg(why.isEmpty() ? QStringLiteral("not an object") : why);
        return false;
    }
    return true;
}

RenderOptions renderproject::options(const Project &project)
{
    RenderOptions o;
    if (project.basemap == QLatin1String("none"))
        o.basemap = RenderOptions::Basemap::None;
    else if (project.basemap == QLatin1String("tiles"))
        o.basemap = RenderOptions::Basemap::Tiles;
    o.colorBy = project.colorBy;
    QString classesError;
    if (const auto classes = ClassOptions::fromJson(
            project.sections.value(QStringLiteral("colorClasses")).toObject(), &classesError))
        o.colorClasses = *classes;
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

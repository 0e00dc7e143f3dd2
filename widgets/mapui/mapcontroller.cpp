#include "mapcontroller.h"

#include "docks/eventsdock.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/trackgeometry.h"
#include "map/tracklayer.h"
#include "spatialindex.h"
#include "summary.h"
#include "timewindow.h"
#include "tracks/trackstore.h"
#include "transferfilter.h"
#include "transfermodel.h"
#include "webmercator.h"

#include <QItemSelectionModel>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace {
// Below this the index builds in a few milliseconds: not worth a thread hop, and the
// map shows the events as soon as the table does.
constexpr size_t kSyncIndexRows = 100000;

// A fitted box is at least this wide and tall: one event, or a few at one spot, shows
// with the coast, ports and neighbouring events around it instead of 1 km of open sea.
constexpr double kMinFitKm = 50;
constexpr double kKmPerDegree = 111.32;
} // namespace

GeoBox MapController::withMinimumExtent(const GeoBox &box, double km)
{
    GeoBox b = box;
    const double halfLat = km / 2 / kKmPerDegree;
    if (b.north - b.south < 2 * halfLat) {
        const double mid = std::clamp((b.north + b.south) / 2, -85 + halfLat, 85 - halfLat);
        b.south = mid - halfLat;
        b.north = mid + halfLat;
    }
    // Longitudes in an eastward run (east < west crosses 180°).
    const double span = b.east >= b.west ? b.east - b.west : b.east + 360 - b.west;
    const double cosLat = std::max(0.05, std::cos((b.north + b.south) / 2 * M_PI / 180));
    const double halfLon = std::min(180.0, km / 2 / (kKmPerDegree * cosLat));
    if (span < 2 * halfLon) {
        double mid = b.west + span / 2;
        const auto wrap = [](double lon) {
            return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
        };
        mid = wrap(mid);
        b.west = wrap(mid - halfLon);
        b.east = wrap(mid + halfLon);
    }
    return b;
}

MapController::MapController(TransferModel *model, EventsDock *events, QObject *parent)
    : QObject(parent), m_model(model), m_dock(events)
{
    m_view = new MapView;
    m_view->setObjectName(QStringLiteral("mapView"));
    // The same layers, in the same slots, as `rendezvous render`.
    m_layers = std::make_unique<MapLayerSet>();
    m_events = m_layers->events();
    m_tracks = m_layers->tracks();
    m_layers->attach(m_view);
    m_layers->applyOptions(m_view->options());

    m_view->setToolTipProvider([this](QPointF pixel) { return toolTipAt(pixel); });
    connect(m_view, &MapView::cursorMoved, this, &MapController::cursorMoved);
    connect(m_view, &MapView::clicked, this, &MapController::mapClicked);
    connect(m_view, &MapView::rubberBandSelected, this, &MapController::bandSelected);
    connect(m_dock->table()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MapController::tableSelectionChanged);
    // Filtering can drop selected rows from the table: keep the map in step.
    connect(m_dock->proxy(), &QAbstractItemModel::layoutChanged, this,
            &MapController::tableSelectionChanged);
    connect(m_dock->proxy(), &TransferFilter::filterChanged, this,
            &MapController::showFilteredRows);
    connect(&m_indexWatcher, &QFutureWatcherBase::finished, this, &MapController::indexReady);
    connect(&m_trackWatcher, &QFutureWatcherBase::finished, this, &MapController::tracksReady);
}

MapController::~MapController()
{
    m_indexWatcher.waitForFinished();
    m_trackWatcher.waitForFinished();
    // The view is owned by the window's widget tree and may outlive this object for a
    // moment: it must not paint layers that are gone (the set takes them back).
    m_layers.reset();
}

EventLayer *MapController::eventLayer() const
{
    return m_events;
}

TrackLayer *MapController::trackLayer() const
{
    return m_tracks;
}

void MapController::setTracks(std::shared_ptr<const TrackStore> store)
{
    m_pendingTracks = store;
    if (!store || store->positionCount() < kSyncIndexRows) {
        m_tracks->setTracks(std::move(store));
        emit tracksShown();
        return;
    }
    if (m_preparingTracks)
        return; // tracksReady() starts the newest store next
    m_preparingTracks = true;
    m_trackWatcher.setFuture(QtConcurrent::run([store] { return TrackGeometry::build(store); }));
}

void MapController::tracksReady()
{
    m_preparingTracks = false;
    auto geometry = m_trackWatcher.result();
    if (geometry->store() != m_pendingTracks) {
        setTracks(m_pendingTracks); // a newer store came meanwhile
        return;
    }
    m_tracks->setGeometry(std::move(geometry));
    emit tracksShown();
}

void MapController::setTimeWindow(TimeWindow *window)
{
    if (m_timeWindow)
        disconnect(m_timeWindow, nullptr, this, nullptr);
    m_timeWindow = window;
    if (window) {
        connect(window, &TimeWindow::rangeChanged, this, &MapController::followTimeWindow);
        connect(window, &TimeWindow::playbackChanged, this, &MapController::followTimeWindow);
    }
    followTimeWindow();
}

void MapController::followTimeWindow()
{
    if (!m_timeWindow) {
        m_tracks->setTimeWindow(std::nullopt, std::nullopt);
        m_tracks->setPlayhead(std::nullopt);
        return;
    }
    m_tracks->setTimeWindow(m_timeWindow->fromBound(), m_timeWindow->toBound());
    // The play head is the window's end: what the window shows last.
    m_tracks->setPlayhead(m_timeWindow->isPlaying() && m_timeWindow->hasRange()
                              ? std::optional<int64_t>(m_timeWindow->to())
                              : std::nullopt);
}

void MapController::setHighlightedVessels(const std::vector<uint32_t> &vessels)
{
    m_tracks->setHighlightedVessels(vessels);
}

void MapController::setFocus(const std::vector<uint32_t> &vessels, int64_t fromMs, int64_t toMs)
{
    m_tracks->setFocus(vessels, fromMs, toMs);
}

void MapController::clearFocus()
{
    m_tracks->clearFocus();
}

const RenderOptions &MapController::options() const
{
    return m_view->options();
}

void MapController::setOptions(const RenderOptions &options)
{
    if (options == m_view->options())
        return;
    m_layers->applyOptions(options);
    m_view->setOptions(options);
    emit optionsChanged(options);
}

void MapController::setBasemap(RenderOptions::Basemap basemap)
{
    RenderOptions options = m_view->options();
    options.basemap = basemap;
    setOptions(options);
}

void MapController::setColorBy(const QString &key)
{
    RenderOptions options = m_view->options();
    options.colorBy = key;
    setOptions(options);
}

void MapController::setSizeByVolume(bool on)
{
    RenderOptions options = m_view->options();
    options.sizeByVolume = on;
    setOptions(options);
}

void MapController::storeChanged()
{
    std::shared_ptr<const EventStore> store = m_model->store();
    if (!store)
        return;
    m_indexingStore = store;
    if (store->size() < kSyncIndexRows) {
        m_indexWatcher.waitForFinished(); // a large load still indexing is superseded
        m_indexing = false;
        m_events->setData(store, std::make_shared<const SpatialIndex>(*store));
        m_events->applyOptions(m_view->options());
        showFilteredRows();
        fitToData();
        emit dataShown();
        return;
    }
    m_indexing = true;
    m_events->setSelection({});
    m_indexWatcher.setFuture(QtConcurrent::run([store]() -> std::shared_ptr<const SpatialIndex> {
        return std::make_shared<const SpatialIndex>(*store);
    }));
}

void MapController::indexReady()
{
    if (!m_indexing)
        return;
    std::shared_ptr<const SpatialIndex> index;
    try {
        index = m_indexWatcher.result();
    } catch (...) {
        index.reset(); // out of memory: the table still works, the map stays empty
    }
    // A newer store replaced the one indexed: its own run will finish later.
    if (!index || m_indexingStore != m_model->store())
        return;
    m_indexing = false;
    m_events->setData(m_indexingStore, std::move(index));
    m_events->applyOptions(m_view->options());
    showFilteredRows();
    tableSelectionChanged();
    fitToData();
    emit dataShown();
}

void MapController::showFilteredRows()
{
    // A new store is announced by the filter before its index is ready: the layer still
    // shows the previous store until indexReady(), which calls this again.
    const TransferFilter *filter = m_dock->proxy();
    if (!m_events->store() || m_events->store() != filter->store())
        return;
    if (filter->isFiltering())
        m_events->setVisibleRows(filter->ascendingStoreRows());
    else
        m_events->setAllVisible();
}

void MapController::fitToData()
{
    const auto &store = m_events->store();
    if (!store)
        return;
    // The events that pass the filter, as in QGIS's "zoom to layer" on a filtered layer;
    // all of them when the filter leaves none.
    const TransferFilter *filter = m_dock->proxy();
    const bool useFilter = filter->store() == store && !filter->ascendingStoreRows().empty();
    std::optional<GeoBox> box = useFilter ? filter->summary().bbox : Summary::compute(*store).bbox;
    if (box)
        box = withMinimumExtent(*box, kMinFitKm);
    m_view->setDataBox(box);
    m_view->fitToData();
    showOneWorld();
}

void MapController::showOneWorld()
{
    // A box as tall as the world fits the view's height, and a view wider than tall then
    // shows the world two or three times side by side, every cluster repeated. Data that
    // span the world fill the view's width once instead; the tallest latitudes may fall
    // off the top and bottom, as on any world map that fills its frame.
    MapViewport vp = m_view->viewport();
    const double width = vp.size().width();
    if (width <= 0 || vp.worldSize() >= width)
        return;
    vp.setZoom(std::log2(width / WebMercator::kTileSize));
    m_view->setViewport(vp);
}

void MapController::zoomToSelection()
{
    const auto &store = m_events->store();
    const std::vector<uint32_t> rows = selectedStoreRows();
    if (!store || rows.empty())
        return;
    // Summary's box is the smallest one, so a selection around Fiji stays small.
    if (const auto box = Summary::compute(*store, rows).bbox) {
        m_view->fitTo(withMinimumExtent(*box, kMinFitKm));
        showOneWorld();
    }
}

std::vector<uint32_t> MapController::selectedStoreRows() const
{
    std::vector<uint32_t> rows;
    const auto &store = m_events->store();
    if (!store)
        return rows;
    const QModelIndexList selected = m_dock->table()->selectionModel()->selectedRows();
    rows.reserve(static_cast<size_t>(selected.size()));
    for (const QModelIndex &index : selected) {
        const int row = m_dock->proxy()->mapToSource(index).row();
        if (row >= 0 && static_cast<size_t>(row) < store->size())
            rows.push_back(static_cast<uint32_t>(row));
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

void MapController::tableSelectionChanged()
{
    // While a new store is indexed the layer still shows the old one, whose rows are
    // other events: the selection is passed on when the index is ready.
    if (m_indexing)
        return;
    m_events->setSelection(selectedStoreRows());
}

void MapController::selectStoreRows(const std::vector<uint32_t> &rows)
{
    // One QItemSelection of proxy rows, merged into ranges where they touch, so a band
    // over thousands of events is one selection change, not thousands.
    std::vector<int> proxyRows;
    proxyRows.reserve(rows.size());
    TransferFilter *proxy = m_dock->proxy();
    for (uint32_t r : rows) {
        const int proxyRow = proxy->proxyRowOf(r);
        if (proxyRow >= 0)
            proxyRows.push_back(proxyRow);
    }
    std::sort(proxyRows.begin(), proxyRows.end());
    QItemSelection selection;
    const int lastColumn = proxy->columnCount() - 1;
    for (size_t i = 0; i < proxyRows.size();) {
        size_t j = i;
        while (j + 1 < proxyRows.size() && proxyRows[j + 1] == proxyRows[j] + 1)
            ++j;
        selection.select(proxy->index(proxyRows[i], 0), proxy->index(proxyRows[j], lastColumn));
        i = j + 1;
    }
    QItemSelectionModel *model = m_dock->table()->selectionModel();
    model->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!proxyRows.empty()) {
        const QModelIndex first = proxy->index(proxyRows.front(), 0);
        model->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        m_dock->table()->scrollTo(first);
    }
}

void MapController::mapClicked(QPointF pixel)
{
    // Hidden events (layers dock) are not there to be clicked.
    if (!m_events->isVisible()) {
        if (const auto hit = m_tracks->positionAt(pixel, m_view->viewport())) {
            emit trackVesselClicked(hit->vessel);
            return;
        }
        m_dock->table()->selectionModel()->clearSelection();
        return;
    }
    const int row = m_events->eventAt(pixel, m_view->viewport());
    if (row >= 0) {
        m_dock->selectStoreRow(row);
        return;
    }
    if (const auto box = m_events->clusterAt(pixel, m_view->viewport())) {
        m_view->fitTo(*box);
        return;
    }
    if (const auto hit = m_tracks->positionAt(pixel, m_view->viewport())) {
        emit trackVesselClicked(hit->vessel);
        return;
    }
    m_dock->table()->selectionModel()->clearSelection();
}

void MapController::bandSelected(QRectF pixels)
{
    if (!m_events->isVisible())
        return;
    selectStoreRows(m_events->rowsIn(pixels, m_view->viewport()));
}

QString MapController::toolTipAt(QPointF pixel) const
{
    if (!m_events->isVisible())
        return m_tracks->toolTipAt(pixel, m_view->viewport());
    const int row = m_events->eventAt(pixel, m_view->viewport());
    if (row >= 0)
        return m_model->index(row, 0).data(Qt::ToolTipRole).toString();
    const auto layout = m_events->layout(m_view->viewport());
    for (const EventLayer::Cluster &c : layout.clusters) {
        const double r = EventLayer::clusterRadius(c.count);
        if (QLineF(c.pos, pixel).length() <= r)
            return QStringLiteral("%1 events \u2014 click to zoom in")
                .arg(Summary::formatCount(c.count));
    }
    return m_tracks->toolTipAt(pixel, m_view->viewport());
}

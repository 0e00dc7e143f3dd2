#include "trackscontroller.h"

#include "docks/detailsdock.h"
#include "docks/eventsdock.h"
#include "docks/vesselsdock.h"
#include "eventstore.h"
#include "investigation.h"
#include "trackview.h"
#include "transferfilter.h"
#include "vessels/vesseltablemodel.h"

#include <QItemSelectionModel>
#include <QTableView>

#include <algorithm>

TracksController::TracksController(Investigation *investigation, VesselsDock *vessels,
                                   EventsDock *events, DetailsDock *details, QObject *parent)
    : QObject(parent),
      m_investigation(investigation),
      m_vessels(vessels),
      m_events(events),
      m_details(details)
{
    connect(investigation, &Investigation::tracksChanged, this, &TracksController::tracksChanged);
    connect(vessels->table()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TracksController::vesselsSelected);
    connect(events->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                eventChanged(current.isValid() ? m_events->proxy()->mapToSource(current).row()
                                               : -1);
            });
}

void TracksController::setTrackView(TrackView *view)
{
    m_view = view;
    if (m_view)
        m_view->setTracks(m_investigation->tracks());
}

void TracksController::tracksChanged()
{
    if (m_view) {
        m_view->clearFocus();
        m_view->setHighlightedVessels({});
        m_view->setTracks(m_investigation->tracks());
    }
}

void TracksController::vesselsSelected()
{
    if (m_syncing)
        return;
    m_syncing = true;
    const std::vector<int> rows = m_vessels->selectedVessels();
    std::vector<uint32_t> tracks, events;
    for (const int r : rows) {
        const VesselRow &v = m_vessels->model()->vessel(r);
        tracks.insert(tracks.end(), v.tracks.begin(), v.tracks.end());
        events.insert(events.end(), v.eventRows.begin(), v.eventRows.end());
    }
    std::sort(events.begin(), events.end());
    events.erase(std::unique(events.begin(), events.end()), events.end());
    // Their events, selected in the table (the map highlights the table's selection).
    TransferFilter *filter = m_events->proxy();
    QItemSelection selection;
    for (const uint32_t e : events) {
        const int p = filter->proxyRowOf(e);
        if (p >= 0)
            selection.select(filter->index(p, 0), filter->index(p, filter->columnCount() - 1));
    }
    if (!rows.empty() || m_events->table()->selectionModel()->hasSelection())
        m_events->table()->selectionModel()->select(
            selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (m_view) {
        m_view->clearFocus();
        m_view->setHighlightedVessels(tracks);
    }
    if (!rows.empty()) {
        const auto tracksStore = m_investigation->tracks();
        m_details->showVessel(m_vessels->model()->vessel(rows.front()), tracksStore.get());
    }
    m_syncing = false;
}

void TracksController::eventChanged(int storeRow)
{
    if (m_syncing || !m_view)
        return;
    const auto &store = m_events->proxy()->store();
    if (storeRow < 0 || !store || size_t(storeRow) >= store->size()) {
        m_view->clearFocus();
        return;
    }
    // Both vessels of the event, as the dock knows them (matched to tracks by MMSI or
    // IMO there).
    m_vessels->ensureCurrent();
    std::vector<uint32_t> tracks;
    const VesselTable &table = store->vessels();
    for (const uint32_t v :
         {store->vesselsA()[size_t(storeRow)], store->vesselsB()[size_t(storeRow)]}) {
        const std::string key = table.identityKey(v);
        const int row = key.empty() ? -1 : m_vessels->model()->rowOfKey(key);
        if (row >= 0) {
            const VesselRow &vessel = m_vessels->model()->vessel(row);
            tracks.insert(tracks.end(), vessel.tracks.begin(), vessel.tracks.end());
        }
    }
    if (tracks.empty() || store->start(size_t(storeRow)) == EventStore::kNoTime) {
        m_view->clearFocus();
        return;
    }
    m_view->setFocus(tracks, store->start(size_t(storeRow)) - kFocusMarginMs,
                     store->effectiveEnd(size_t(storeRow)) + kFocusMarginMs);
}

void TracksController::trackClicked(uint32_t vessel)
{
    m_vessels->ensureCurrent();
    const int row = m_vessels->model()->rowOfTrack(vessel);
    if (row < 0)
        return;
    if (m_vessels->isHidden())
        m_vessels->show();
    m_vessels->raise();
    m_vessels->selectVessel(row); // selects its events and shows it in Details
}

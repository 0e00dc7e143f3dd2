#include "networkcontroller.h"

#include "docks/eventsdock.h"
#include "docks/vesselsdock.h"
#include "networkdock.h"
#include "transferfilter.h"
#include "vessels/vesseltablemodel.h"

#include <QItemSelectionModel>
#include <QTableView>

NetworkController::NetworkController(NetworkDock *network, VesselsDock *vessels, EventsDock *events,
                                     QObject *parent)
    : QObject(parent), m_network(network), m_vessels(vessels), m_events(events)
{
    connect(network, &NetworkDock::vesselClicked, this, &NetworkController::selectVessel);
    connect(network, &NetworkDock::pairClicked, this, &NetworkController::selectPair);
    connect(events->table()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &NetworkController::eventsSelected);
    // A recount keeps the highlight of the events still selected.
    connect(network, &NetworkDock::refreshed, this, &NetworkController::eventsSelected);
}

void NetworkController::selectVessel(int node)
{
    if (node < 0 || size_t(node) >= m_network->network().nodes.size())
        return;
    const std::string &key = m_network->network().nodes[size_t(node)].vessel.key;
    m_vessels->ensureCurrent();
    const int row = m_vessels->model()->rowOfKey(key);
    if (row >= 0)
        return m_vessels->selectVessel(row); // its events, the map, Details
    // Not in the Vessels dock (cannot happen while both follow the same filter): its
    // events directly.
    TransferFilter *filter = m_events->proxy();
    QItemSelection selection;
    for (const uint32_t r : m_network->rowsOfNode(node)) {
        const int p = filter->proxyRowOf(r);
        if (p >= 0)
            selection.select(filter->index(p, 0), filter->index(p, filter->columnCount() - 1));
    }
    m_events->table()->selectionModel()->select(
        selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void NetworkController::selectPair(int edge)
{
    const std::vector<uint32_t> rows = m_network->rowsOfEdge(edge);
    if (rows.empty())
        return;
    // No vessel is selected any more (its clearing would clear the events too, so first).
    m_vessels->table()->selectionModel()->clearSelection();
    TransferFilter *filter = m_events->proxy();
    QItemSelection selection;
    for (const uint32_t r : rows) {
        const int p = filter->proxyRowOf(r);
        if (p >= 0)
            selection.select(filter->index(p, 0), filter->index(p, filter->columnCount() - 1));
    }
    QItemSelectionModel *model = m_events->table()->selectionModel();
    model->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const int first = filter->proxyRowOf(rows.front());
    if (first >= 0) {
        model->setCurrentIndex(filter->index(first, 0), QItemSelectionModel::NoUpdate);
        m_events->table()->scrollTo(filter->index(first, 0));
    }
}

void NetworkController::eventsSelected()
{
    m_network->highlightRows(m_events->selectedStoreRows());
}

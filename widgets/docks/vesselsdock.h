#pragma once

#include <QDockWidget>

#include <vector>

class Investigation;
class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class TransferFilter;
class VesselTableModel;
struct VesselRow;

// One row per vessel (vessels::summarise) of the filtered events and of the AIS
// tracks: who it is, positions and segments in the time window, first and last seen,
// the events it takes part in, its distinct partners and the barrels of its events.
// It follows the window's filters live (recomputed once per event loop pass after a
// change, and only while the dock is visible: ensureCurrent() for the rows at once). Sorting is
// numeric (9 before 10); the search box keeps the rows whose MMSI, IMO, name, flag or type contain
// the text, and is the dock's own: it narrows this table, not the events. Identity
// anomalies (detect::findAnomalies over the window) are drawn as badges in their column;
// "Only with anomalies" keeps the vessels that have any.
class VesselsDock : public QDockWidget
{
    Q_OBJECT
public:
    VesselsDock(TransferFilter *filter, Investigation *investigation, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QLineEdit *searchBox() const { return m_search; }
    QCheckBox *anomaliesOnly() const { return m_anomaliesOnly; }
    VesselTableModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QLabel *countLabel() const { return m_count; }

    // Recomputes the rows now (normally deferred to the event loop).
    void refresh();
    // Recomputes the rows if a change came while the dock was out of sight.
    void ensureCurrent();
    // The selected vessels, as rows of model(), in table order.
    std::vector<int> selectedVessels() const;
    // Selects the vessel in model() row `row` (table selection and current) and scrolls
    // to it; -1 clears the selection.
    void selectVessel(int row);

signals:
    // The rows were recomputed (a filter, the events or the tracks changed).
    void refreshed();

private:
    void scheduleRefresh();
    void updateCount();

    TransferFilter *m_filter;
    Investigation *m_investigation;
    VesselTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
    QCheckBox *m_anomaliesOnly = nullptr;
    QLabel *m_count = nullptr;
    bool m_scheduled = false;
    bool m_stale = true;
};

#pragma once

#include "network/networkindex.h"
#include "network/vesselnetwork.h"
#include "networkpicture.h"

#include <QDockWidget>
#include <QFutureWatcher>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

class NetworkView;
class QComboBox;
class QLabel;
class QSpinBox;
class QToolButton;
class TransferFilter;

// Who met whom among the events that pass the window's filters (issue 19): vessels as
// nodes sized by partners and coloured by flag or group, pairs as edges as wide as their
// meetings or volume (netpicture, the drawing `rendezvous network -o` writes too), and
// the figures an investigator quotes: the vessels with most partners, the pairs that met
// most often, the connected groups.
//
// It follows the filter once per event-loop pass after a change, while visible. A step
// is a count over the visible rows through a network::NetworkIndex built once per store
// (no vessels::summarise, no rows lists) and a first drawing where every vessel keeps
// its last place (a newcomer beside a partner); a force-directed layout then refines
// the places on Qt's thread pool, one at a time, and a result for an older step is
// dropped (generation counter). The context menu's "Show only this vessel's network"
// sets the filter's NetworkFocus, which filters the whole window.
class NetworkDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit NetworkDock(TransferFilter *filter, QWidget *parent = nullptr);
    ~NetworkDock() override;

    NetworkView *view() const { return m_view; }
    QComboBox *colorBox() const { return m_color; }
    QComboBox *widthBox() const { return m_width; }
    QSpinBox *hopsBox() const { return m_hops; }
    QLabel *figuresLabel() const { return m_figures; }
    QToolButton *clearFocusButton() const { return m_clearFocus; }

    // Recounts now (normally deferred to the event loop), and if a change came while the
    // dock was hidden.
    void refresh();
    void ensureCurrent();

    // What is drawn: the network of the visible events (VesselNetwork without the rows
    // lists), the places of its nodes, the drawing.
    const network::VesselNetwork &network() const { return m_net; }
    const std::vector<QPointF> &positions() const { return m_positions; }
    const netpicture::Picture &picture() const { return m_picture; }
    const network::NetworkIndex &index() const { return *m_index; }
    // Node of a vessel key, -1 when it is not in the network.
    int nodeOfKey(const std::string &key) const;
    // The visible events (store rows, ascending) of a node, or of an edge's pair.
    std::vector<uint32_t> rowsOfNode(int node) const;
    std::vector<uint32_t> rowsOfEdge(int edge) const;
    // Highlights the nodes and edges of these store rows (the window's selection).
    void highlightRows(const std::vector<uint32_t> &storeRows);
    // A layout is running on the thread pool (tests wait for it to end).
    bool isRefining() const { return m_refining; }
    int generation() const { return m_generation; }
    // The figures panel's text as plain lines (tests compare it).
    QString figuresText() const;

signals:
    void refreshed();
    void layoutRefined();
    // A vessel or an edge was clicked (indices into network()).
    void vesselClicked(int node);
    void pairClicked(int edge);
    void backgroundClicked();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRefresh();
    void rebuildPicture();
    void updateFigures();
    void updateFocusButton();
    void startRefine();
    void refineFinished();
    void showMenu(int node, QPoint globalPos);
    netpicture::Style style() const;

    TransferFilter *m_filter;
    NetworkView *m_view = nullptr;
    QComboBox *m_color = nullptr;
    QComboBox *m_width = nullptr;
    QSpinBox *m_hops = nullptr;
    QToolButton *m_clearFocus = nullptr;
    QLabel *m_figures = nullptr;
    QLabel *m_status = nullptr;

    std::unique_ptr<network::NetworkIndex> m_index;
    const EventStore *m_indexStore = nullptr;
    QStringList m_flagOrder; // the store's flags, most vessels first
    network::VesselNetwork m_net;
    std::vector<uint32_t> m_globalNode, m_globalPair; // per node / edge: store-wide index
    std::vector<uint32_t> m_localNode, m_localEdge; // store-wide -> node / edge, or kNone
    std::vector<QPointF> m_positions;
    // Every vessel's last place, and whether a finished layout put it there.
    std::unordered_map<std::string, QPointF> m_placeOf;
    std::unordered_map<std::string, bool> m_settled;
    netpicture::Picture m_picture;
    std::vector<uint32_t> m_highlightRows;

    int m_generation = 0;
    bool m_scheduled = false;
    bool m_stale = true;
    bool m_refining = false;
    bool m_refinePending = false;
    int m_refineGeneration = -1;
    QFutureWatcher<std::vector<QPointF>> m_refine;
};

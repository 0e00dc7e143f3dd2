#include "networkdock.h"

#include "eventstore.h"
#include "networkview.h"
#include "summary.h"
#include "transferfilter.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace {
constexpr int kListed = 8; // vessels, pairs and groups in the figures panel

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}
} // namespace

NetworkDock::NetworkDock(TransferFilter *filter, QWidget *parent)
    : QDockWidget(QStringLiteral("Network"), parent), m_filter(filter)
{
    setObjectName(QStringLiteral("networkDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(QStringLiteral("Colour:"), body));
    m_color = new QComboBox(body);
    m_color->addItem(QStringLiteral("Flag"), int(netpicture::ColorBy::Flag));
    m_color->addItem(QStringLiteral("Connected group"), int(netpicture::ColorBy::Group));
    m_color->addItem(QStringLiteral("None"), int(netpicture::ColorBy::None));
    bar->addWidget(m_color);
    bar->addWidget(new QLabel(QStringLiteral("Line width:"), body));
    m_width = new QComboBox(body);
    m_width->addItem(QStringLiteral("Meetings"), int(netpicture::WidthBy::Meetings));
    m_width->addItem(QStringLiteral("Volume"), int(netpicture::WidthBy::Volume));
    bar->addWidget(m_width);
    bar->addWidget(new QLabel(QStringLiteral("Hops:"), body));
    m_hops = new QSpinBox(body);
    m_hops->setRange(1, 6);
    m_hops->setValue(2);
    m_hops->setToolTip(QStringLiteral("How far \u201cShow only this vessel's network\u201d reaches "
                                      "(right-click a vessel)"));
    bar->addWidget(m_hops);
    m_clearFocus = new QToolButton(body);
    m_clearFocus->setText(QStringLiteral("Show every vessel"));
    m_clearFocus->setToolTip(
        QStringLiteral("Clear the \u201conly this vessel's network\u201d filter"));
    bar->addWidget(m_clearFocus);
    bar->addStretch(1);
    m_status = new QLabel(body);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_status);
    layout->addLayout(bar);

    auto *split = new QSplitter(Qt::Horizontal, body);
    m_view = new NetworkView(split);
    m_figures = new QLabel(split);
    m_figures->setTextFormat(Qt::RichText);
    m_figures->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_figures->setWordWrap(true);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures->setMargin(6);
    auto *scroll = new QScrollArea(split);
    scroll->setWidget(m_figures);
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(220);
    split->addWidget(m_view);
    split->addWidget(scroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    setWidget(body);

    m_index = std::make_unique<network::NetworkIndex>();
    connect(m_filter, &TransferFilter::filterChanged, this, &NetworkDock::scheduleRefresh);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &NetworkDock::scheduleRefresh);
    const auto restyle = [this] {
        rebuildPicture();
        updateFigures();
    };
    connect(m_color, &QComboBox::currentIndexChanged, this, restyle);
    connect(m_width, &QComboBox::currentIndexChanged, this, restyle);
    connect(m_clearFocus, &QToolButton::clicked, this,
            [this] { m_filter->setNetworkFocus(std::nullopt); });
    connect(m_view, &NetworkView::nodeClicked, this, &NetworkDock::vesselClicked);
    connect(m_view, &NetworkView::edgeClicked, this, &NetworkDock::pairClicked);
    connect(m_view, &NetworkView::backgroundClicked, this, &NetworkDock::backgroundClicked);
    connect(m_view, &NetworkView::contextMenuAt, this, &NetworkDock::showMenu);
    connect(&m_refine, &QFutureWatcher<std::vector<QPointF>>::finished, this,
            &NetworkDock::refineFinished);
    updateFocusButton();
}

NetworkDock::~NetworkDock()
{
    m_refine.waitForFinished(); // its job reads nothing of ours, but let it end first
}

void NetworkDock::scheduleRefresh()
{
    m_stale = true;
    if (!isVisible() || m_scheduled)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_scheduled = false;
        if (m_stale && isVisible())
            refresh();
    });
}

void NetworkDock::showEvent(QShowEvent *event)
{
    QDockWidget::showEvent(event);
    ensureCurrent();
}

void NetworkDock::ensureCurrent()
{
    if (m_stale)
        refresh();
}

void NetworkDock::refresh()
{
    m_stale = false;
    ++m_generation;
    const EventStore *store = m_filter->store().get();
    if (store != m_indexStore || !m_index->store()) {
        // A new store: the per-store index, the flags' colour order, no places kept.
        m_indexStore = store;
        *m_index =
            store ? network::NetworkIndex(*store, m_filter->identities()) : network::NetworkIndex();
        QHash<QString, int> flags;
        for (size_t v = 0; v < m_index->nodeCount(); ++v) {
            const QString &flag = m_index->vessel(uint32_t(v)).flag;
            if (!flag.isEmpty())
                ++flags[flag];
        }
        m_flagOrder = flags.keys();
        std::sort(m_flagOrder.begin(), m_flagOrder.end(), [&](const QString &a, const QString &b) {
            return flags[a] != flags[b] ? flags[a] > flags[b] : a < b;
        });
        m_placeOf.clear();
        m_settled.clear();
    }
    m_globalNode.clear();
    m_globalPair.clear();
    static const std::vector<uint32_t> none;
    m_net =
        m_index->count(store ? m_filter->ascendingStoreRows() : none, &m_globalNode, &m_globalPair);
    m_localNode.assign(m_index->nodeCount(), network::NetworkIndex::kNone);
    for (uint32_t i = 0; i < m_globalNode.size(); ++i)
        m_localNode[m_globalNode[i]] = i;
    m_localEdge.assign(m_index->pairCount(), network::NetworkIndex::kNone);
    for (uint32_t e = 0; e < m_globalPair.size(); ++e)
        m_localEdge[m_globalPair[e]] = e;
    // The first drawing: everyone where they were, a newcomer beside a partner.
    network::LayoutOptions seed;
    seed.previous = &m_placeOf;
    m_positions = network::seedPositions(m_net, seed);
    for (size_t i = 0; i < m_net.nodes.size(); ++i)
        m_placeOf[m_net.nodes[i].vessel.key] = m_positions[i];
    rebuildPicture();
    highlightRows(m_highlightRows);
    updateFigures();
    updateFocusButton();
    emit refreshed();
    startRefine();
}

netpicture::Style NetworkDock::style() const
{
    netpicture::Style s;
    s.colorBy = static_cast<netpicture::ColorBy>(m_color->currentData().toInt());
    s.widthBy = static_cast<netpicture::WidthBy>(m_width->currentData().toInt());
    s.flagOrder = m_flagOrder;
    return s;
}

void NetworkDock::rebuildPicture()
{
    m_picture = netpicture::make(m_net, m_positions, style());
    m_view->setPicture(&m_picture, &m_net);
}

void NetworkDock::startRefine()
{
    if (m_refining) {
        m_refinePending = true;
        return;
    }
    if (m_net.nodes.size() < 2)
        return;
    m_refining = true;
    m_refinePending = false;
    m_refineGeneration = m_generation;
    // What the layout reads: the keys, the pairs, where everyone is now.
    auto graph = std::make_shared<network::VesselNetwork>();
    graph->nodes.resize(m_net.nodes.size());
    size_t settled = 0;
    for (size_t i = 0; i < m_net.nodes.size(); ++i) {
        graph->nodes[i].vessel.key = m_net.nodes[i].vessel.key;
        const auto it = m_settled.find(m_net.nodes[i].vessel.key);
        settled += it != m_settled.end() && it->second;
    }
    graph->edges = m_net.edges;
    auto previous = std::make_shared<std::unordered_map<std::string, QPointF>>(
        network::positionsByKey(m_net, m_positions));
    network::LayoutOptions options;
    // Mostly newcomers (the first drawing, a new store): a whole layout from their seeded
    // places; otherwise a light refinement that keeps the picture where it was.
    if (settled * 2 < m_net.nodes.size()) {
        options.refineIterations = 100;
        options.refineTemperature = 0.1;
    }
    m_refine.setFuture(QtConcurrent::run([graph, previous, options]() mutable {
        options.previous = previous.get();
        return network::layout(*graph, options);
    }));
}

void NetworkDock::refineFinished()
{
    m_refining = false;
    if (m_refineGeneration == m_generation) {
        std::vector<QPointF> result = m_refine.result();
        if (result.size() == m_net.nodes.size()) {
            m_positions = std::move(result);
            for (size_t i = 0; i < m_net.nodes.size(); ++i) {
                m_placeOf[m_net.nodes[i].vessel.key] = m_positions[i];
                m_settled[m_net.nodes[i].vessel.key] = true;
            }
            m_picture.pos = netpicture::fit(m_positions, &m_picture.drawn);
            m_view->update();
        }
        emit layoutRefined();
    }
    if (m_refinePending)
        startRefine();
}

int NetworkDock::nodeOfKey(const std::string &key) const
{
    return m_net.indexOf(key);
}

std::vector<uint32_t> NetworkDock::rowsOfNode(int node) const
{
    std::vector<uint32_t> out;
    if (node < 0 || size_t(node) >= m_globalNode.size())
        return out;
    const uint32_t g = m_globalNode[size_t(node)];
    for (const uint32_t r : m_filter->ascendingStoreRows()) {
        if (m_index->nodeA(r) == g || m_index->nodeB(r) == g)
            out.push_back(r);
    }
    return out;
}

std::vector<uint32_t> NetworkDock::rowsOfEdge(int edge) const
{
    std::vector<uint32_t> out;
    if (edge < 0 || size_t(edge) >= m_globalPair.size())
        return out;
    const uint32_t p = m_globalPair[size_t(edge)];
    for (const uint32_t r : m_filter->ascendingStoreRows()) {
        if (m_index->pairOf(r) == p)
            out.push_back(r);
    }
    return out;
}

void NetworkDock::highlightRows(const std::vector<uint32_t> &storeRows)
{
    m_highlightRows = storeRows;
    std::vector<uint8_t> nodes, edges;
    if (!storeRows.empty() && m_index->store()) {
        nodes.assign(m_net.nodes.size(), 0);
        edges.assign(m_net.edges.size(), 0);
        const size_t rows = m_index->store()->size();
        constexpr uint32_t kNone = network::NetworkIndex::kNone;
        for (const uint32_t r : storeRows) {
            if (r >= rows)
                continue;
            for (const uint32_t g : {m_index->nodeA(r), m_index->nodeB(r)}) {
                if (g != kNone && m_localNode[g] != kNone)
                    nodes[m_localNode[g]] = 1;
            }
            const uint32_t p = m_index->pairOf(r);
            if (p != kNone && m_localEdge[p] != kNone)
                edges[m_localEdge[p]] = 1;
        }
    }
    m_view->setMarks(std::move(nodes), std::move(edges));
}

void NetworkDock::updateFocusButton()
{
    const auto &focus = m_filter->networkFocus();
    m_clearFocus->setVisible(focus.has_value());
    if (focus)
        m_clearFocus->setText(QStringLiteral("Show every vessel (now: %1, %2 hop%3)")
                                  .arg(focus->label)
                                  .arg(focus->hops)
                                  .arg(focus->hops == 1 ? QString() : QStringLiteral("s")));
}

void NetworkDock::showMenu(int node, QPoint globalPos)
{
    QMenu menu(this);
    if (node >= 0 && size_t(node) < m_net.nodes.size()) {
        const VesselRow &v = m_net.nodes[size_t(node)].vessel;
        const QString label = netpicture::vesselLabel(v);
        const int hops = m_hops->value();
        menu.addAction(QStringLiteral("Select %1").arg(label), this,
                       [this, node] { emit vesselClicked(node); });
        menu.addAction(QStringLiteral("Show only this vessel's network (%1 hop%2)")
                           .arg(hops)
                           .arg(hops == 1 ? QString() : QStringLiteral("s")),
                       this, [this, v, label, hops] {
                           m_filter->setNetworkFocus(NetworkFocus {v.key, hops, label});
                       });
    }
    if (m_filter->networkFocus())
        menu.addAction(QStringLiteral("Show every vessel again"), this,
                       [this] { m_filter->setNetworkFocus(std::nullopt); });
    menu.addAction(QStringLiteral("Fit the whole network"), m_view, &NetworkView::resetView);
    menu.exec(globalPos);
}

void NetworkDock::updateFigures()
{
    const network::VesselNetwork &net = m_net;
    const auto count = [](int64_t n) { return Summary::formatCount(n); };
    size_t groups = 0, alone = 0;
    for (const network::Component &c : net.components)
        (c.nodes.size() > 1 ? groups : alone) += 1;
    m_status->setText(QStringLiteral("%1 vessels \u00b7 %2 pairs \u00b7 %3 groups")
                          .arg(count(int64_t(net.nodes.size())), count(int64_t(net.edges.size())),
                               count(int64_t(groups))));
    QString html;
    html += QStringLiteral("<p><b>%1 vessels, %2 pairs</b><br>%3 events: %4 between two known "
                           "vessels")
                .arg(count(int64_t(net.nodes.size())), count(int64_t(net.edges.size())),
                     count(net.events), count(net.pairEvents));
    if (net.oneUnknown + net.noneKnown > 0)
        html +=
            QStringLiteral(", %1 with a vessel unknown").arg(count(net.oneUnknown + net.noneKnown));
    if (net.sameVessel > 0)
        html += QStringLiteral(", %1 with one vessel on both sides").arg(count(net.sameVessel));
    html += QStringLiteral("</p><p><b>Most partners</b>");
    const std::vector<uint32_t> ranked = net.rankedByPartners();
    for (size_t k = 0; k < ranked.size() && k < size_t(kListed); ++k) {
        const VesselRow &v = net.nodes[ranked[k]].vessel;
        html += QStringLiteral("<br>%1. %2 \u2014 %3 partners, %4 events")
                    .arg(k + 1)
                    .arg(esc(netpicture::vesselLabel(v)), count(v.partners), count(v.events));
    }
    html += QStringLiteral("</p><p><b>Met most often</b>");
    const std::vector<uint32_t> pairs = net.rankedPairs();
    for (size_t k = 0; k < pairs.size() && k < size_t(kListed); ++k) {
        const network::Edge &e = net.edges[pairs[k]];
        QString line = QStringLiteral("<br>%1 \u2013 %2: %3 meeting%4")
                           .arg(esc(netpicture::vesselLabel(net.nodes[e.a].vessel)),
                                esc(netpicture::vesselLabel(net.nodes[e.b].vessel)),
                                count(e.events), e.events == 1 ? QString() : QStringLiteral("s"));
        if (net.hasVolume && e.volume > 0)
            line += QStringLiteral(", %1 bbl").arg(Summary::formatVolume(e.volume));
        html += line;
    }
    if (pairs.empty())
        html += QStringLiteral("<br>none");
    html += QStringLiteral("</p><p><b>Connected groups</b><br>%1 group%2 of two or more vessels, "
                           "%3 vessel%4 without a known partner")
                .arg(count(int64_t(groups)), groups == 1 ? QString() : QStringLiteral("s"),
                     count(int64_t(alone)), alone == 1 ? QString() : QStringLiteral("s"));
    for (size_t c = 0; c < net.components.size() && c < size_t(kListed); ++c) {
        const network::Component &g = net.components[c];
        if (g.nodes.size() < 2)
            break;
        html += QStringLiteral("<br>%1. %2 vessels, %3 pairs, %4 events")
                    .arg(c + 1)
                    .arg(count(int64_t(g.nodes.size())), count(g.edges), count(g.events));
    }
    html += QStringLiteral("</p>");
    m_figures->setText(html);
}

QString NetworkDock::figuresText() const
{
    QTextDocument doc;
    doc.setHtml(m_figures->text());
    return doc.toPlainText();
}

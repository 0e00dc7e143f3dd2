#include "mainwindowtesthelpers.h"

#include "docks/eventsdock.h"
#include "docks/vesselsdock.h"
#include "eventstore.h"
#include "map/mapview.h"
#include "network/networkdock.h"
#include "network/networkview.h"
#include "network/vesselnetwork.h"
#include "window/mainwindow.h"
#include "window/statusline.h"

#include <QComboBox>
#include <QLabel>
#include <QRandomGenerator>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QToolButton>

#include "screenshots.h"

#include <map>
#include <set>

using namespace mainwindowtest;

namespace {
// Random events between a few dozen vessels: some known by MMSI, some by name alone,
// some events with a party unknown or the same vessel on both sides, volumes missing
// now and then.
QString writeRandomEvents(const QString &dir, quint32 seed, int events, int vessels)
{
    QRandomGenerator rng(seed);
    const QStringList flags {QStringLiteral("Panama"), QStringLiteral("Liberia"),
                             QStringLiteral("Togo"), QStringLiteral("Cameroon"), QString()};
    struct Vessel
    {
        QString name, mmsi, flag;
    };
    std::vector<Vessel> fleet;
    for (int v = 0; v < vessels; ++v) {
        Vessel s;
        s.name = QStringLiteral("SYNTH V%1").arg(v, 3, 10, QLatin1Char('0'));
        if (v % 7 != 3)
            s.mmsi = QString::number(300000000 + v * 1013);
        s.flag = flags[int(rng.bounded(flags.size()))];
        fleet.push_back(s);
    }
    const QString path = dir + QStringLiteral("/random.csv");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    QTextStream out(&f);
    out << "id,start_time,end_time,lat,lon,vessel_a,vessel_a_mmsi,vessel_a_flag,vessel_b,"
           "vessel_b_mmsi,vessel_b_flag,volume_bbl\n";
    const QDateTime base(QDate(2024, 1, 1), QTime(0, 0), QTimeZone::utc());
    for (int e = 0; e < events; ++e) {
        // A few busy vessels: the lower numbers meet more often.
        const auto pick = [&] {
            const double u = rng.generateDouble();
            return int(u * u * vessels);
        };
        const int a = pick();
        int b = pick();
        const int kind = int(rng.bounded(100));
        if (kind < 3)
            b = a; // the same vessel on both sides
        const QDateTime start = base.addSecs(qint64(rng.bounded(360 * 24)) * 3600);
        out << "R-" << e << ',' << start.toString(Qt::ISODate) << ','
            << start.addSecs(3600 * (1 + rng.bounded(20))).toString(Qt::ISODate) << ','
            << (rng.generateDouble() * 20 - 10) << ',' << (rng.generateDouble() * 20 + 100) << ',';
        const Vessel &va = fleet[size_t(a)];
        out << va.name << ',' << va.mmsi << ',' << va.flag << ',';
        if (kind >= 3 && kind < 9)
            out << ",,"; // partner unknown
        else
            out << fleet[size_t(b)].name << ',' << fleet[size_t(b)].mmsi << ','
                << fleet[size_t(b)].flag;
        out << ',';
        if (rng.bounded(10) != 0)
            out << rng.bounded(1000, 500000);
        out << '\n';
    }
    return path;
}

// The network counted the slow way from the visible rows.
struct Brute
{
    std::map<std::string, int64_t> events, partners;
    std::map<std::string, std::set<uint32_t>> rowsOf;
    std::map<std::pair<std::string, std::string>, int64_t> meetings;
    std::map<std::pair<std::string, std::string>, std::set<uint32_t>> pairRows;
    std::map<std::pair<std::string, std::string>, double> volume;
    int groups = 0; // connected groups, singletons included
};

std::string keyOf(const EventStore &s, uint32_t v)
{
    return v == 0 ? std::string() : s.vessels().identityKey(v);
}

Brute bruteForce(const EventStore &s, const std::vector<uint32_t> &rows)
{
    Brute b;
    std::map<std::string, std::set<std::string>> adjacent;
    for (const uint32_t r : rows) {
        const std::string ka = keyOf(s, s.vesselsA()[r]), kb = keyOf(s, s.vesselsB()[r]);
        std::set<std::string> parties;
        if (!ka.empty())
            parties.insert(ka);
        if (!kb.empty())
            parties.insert(kb);
        for (const std::string &k : parties) {
            ++b.events[k];
            b.rowsOf[k].insert(r);
            adjacent[k];
        }
        if (parties.size() == 2) {
            const auto p = std::minmax(ka, kb);
            ++b.meetings[p];
            b.pairRows[p].insert(r);
            if (!std::isnan(s.volume(r)))
                b.volume[p] += s.volume(r);
            adjacent[ka].insert(kb);
            adjacent[kb].insert(ka);
        }
    }
    for (const auto &[k, others] : adjacent)
        b.partners[k] = int64_t(others.size());
    std::set<std::string> seen;
    for (const auto &entry : adjacent) {
        if (seen.count(entry.first))
            continue;
        ++b.groups;
        std::vector<std::string> stack {entry.first};
        seen.insert(entry.first);
        while (!stack.empty()) {
            const std::string k = stack.back();
            stack.pop_back();
            for (const std::string &o : adjacent[k]) {
                if (seen.insert(o).second)
                    stack.push_back(o);
            }
        }
    }
    return b;
}

// Store rows of the events dock's selection, ascending.
std::set<uint32_t> selectedRows(const MainWindow &w)
{
    std::set<uint32_t> out;
    for (const int r : selectedStoreRows(w))
        out.insert(uint32_t(r));
    return out;
}
} // namespace

// Issue 19, the Network dock: the network of exactly the filtered events (against a
// count the slow way and network::build), following the filters, sharing the window's
// selection, and the "only this vessel's network" filter against a breadth-first search.
class TestNetworkDock : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void equalsBruteForce();
    void followsFilters();
    void nodeClickSelectsVessel();
    void edgeClickSelectsPair();
    void selectionHighlights();
    void onlyThisVesselsNetwork();
    void screenshot();
    void bundledSample();

private:
    void checkAgainstBruteForce();
    QTemporaryDir m_settings, m_data;
    MainWindow *m_window = nullptr;
    NetworkDock *m_dock = nullptr;
};

void TestNetworkDock::initTestCase()
{
    QVERIFY(isolateSettings(m_settings));
    const QString path = writeRandomEvents(m_data.path(), 1919, 700, 45);
    QVERIFY(!path.isEmpty());
    m_window = new MainWindow;
    QVERIFY(showAndLoad(*m_window, path));
    m_dock = m_window->networkDock();
    QVERIFY(m_dock);
    m_dock->show();
    m_dock->raise();
    QTRY_VERIFY(m_dock->view()->isVisible());
    m_dock->ensureCurrent();
    QVERIFY(m_window->filter()->rowCount() > 600);
}

void TestNetworkDock::cleanupTestCase()
{
    delete m_window;
}

void TestNetworkDock::checkAgainstBruteForce()
{
    const TransferFilter *filter = m_window->filter();
    const EventStore &store = *filter->store();
    const std::vector<uint32_t> &rows = filter->ascendingStoreRows();
    const Brute b = bruteForce(store, rows);
    const network::VesselNetwork &net = m_dock->network();
    QCOMPARE(net.events, int64_t(rows.size()));
    QCOMPARE(net.nodes.size(), b.events.size());
    for (const network::Node &n : net.nodes) {
        const std::string &k = n.vessel.key;
        QVERIFY2(b.events.count(k), k.c_str());
        QCOMPARE(n.vessel.events, b.events.at(k));
        QCOMPARE(n.vessel.partners, b.partners.at(k));
    }
    QCOMPARE(net.edges.size(), b.meetings.size());
    for (const network::Edge &e : net.edges) {
        const auto p = std::minmax(net.nodes[e.a].vessel.key, net.nodes[e.b].vessel.key);
        QVERIFY(b.meetings.count(p));
        QCOMPARE(e.events, b.meetings.at(p));
        QVERIFY(std::abs(e.volume - (b.volume.count(p) ? b.volume.at(p) : 0.0)) < 1e-6);
    }
    QCOMPARE(int(net.components.size()), b.groups);
    // And the models' own build over the same rows (what `rendezvous network` prints).
    const network::VesselNetwork built = network::build({&store, &rows, nullptr});
    QCOMPARE(built.nodes.size(), net.nodes.size());
    QCOMPARE(built.edges.size(), net.edges.size());
    for (size_t i = 0; i < built.nodes.size(); ++i) {
        QCOMPARE(built.nodes[i].vessel.key, net.nodes[i].vessel.key);
        QCOMPARE(built.nodes[i].component, net.nodes[i].component);
    }
    // The figures panel names the vessel with most partners and the pair that met most.
    if (!net.nodes.empty()) {
        const std::string top = net.nodes[net.rankedByPartners().front()].vessel.key;
        int64_t most = 0;
        for (const auto &[k, n] : b.partners)
            most = std::max(most, n);
        QCOMPARE(b.partners.at(top), most);
        QVERIFY2(m_dock->figuresText().contains(
                     QStringLiteral("%1 partners").arg(Summary::formatCount(most))),
                 qPrintable(m_dock->figuresText()));
    }
    // One drawn node and line per vessel and pair.
    QCOMPARE(m_dock->picture().pos.size(), net.nodes.size());
    QCOMPARE(m_dock->picture().lines.size(), net.edges.size());
}

void TestNetworkDock::equalsBruteForce()
{
    checkAgainstBruteForce();
    QVERIFY(m_dock->network().edges.size() > 50);
    QVERIFY(m_dock->network().oneUnknown > 0);
    QVERIFY(m_dock->network().sameVessel > 0);
}

void TestNetworkDock::followsFilters()
{
    TransferFilter *filter = m_window->filter();
    QRandomGenerator rng(7);
    const int64_t from =
        QDateTime(QDate(2024, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    for (int step = 0; step < 6; ++step) {
        const int64_t a = from + int64_t(rng.bounded(300)) * 86400000LL;
        const int64_t b = a + int64_t(rng.bounded(10, 120)) * 86400000LL;
        filter->setTimeWindow(a, b);
        if (step == 3)
            filter->setText(QStringLiteral("SYNTH V00"));
        // The dock follows by itself (one event loop pass).
        QTRY_COMPARE(m_dock->network().events, int64_t(filter->ascendingStoreRows().size()));
        checkAgainstBruteForce();
    }
    filter->setText(QString());
    filter->setTimeWindow(std::nullopt, std::nullopt);
    QTRY_COMPARE(m_dock->network().events, int64_t(filter->rowCount()));
    checkAgainstBruteForce();
}

void TestNetworkDock::nodeClickSelectsVessel()
{
    const network::VesselNetwork &net = m_dock->network();
    QTRY_VERIFY(!m_dock->isRefining());
    // The busiest vessel and a quiet one, clicked where they are drawn.
    const std::vector<uint32_t> ranked = net.rankedByPartners();
    for (const uint32_t pick : {ranked.front(), ranked[ranked.size() / 2]}) {
        const int node = int(pick);
        const QPointF at = m_dock->view()->nodePosition(node);
        if (m_dock->view()->nodeAt(at) != node)
            continue; // covered by a bigger vessel
        const std::string key = net.nodes[pick].vessel.key;
        QTest::mouseClick(m_dock->view(), Qt::LeftButton, {}, at.toPoint());
        const Brute b =
            bruteForce(*m_window->filter()->store(), m_window->filter()->ascendingStoreRows());
        QTRY_COMPARE(selectedRows(*m_window), b.rowsOf.at(key));
        // The Vessels dock has it selected.
        const std::vector<int> chosen = m_window->vesselsDock()->selectedVessels();
        QCOMPARE(chosen.size(), size_t(1));
    }
}

void TestNetworkDock::edgeClickSelectsPair()
{
    const network::VesselNetwork &net = m_dock->network();
    QTRY_VERIFY(!m_dock->isRefining());
    NetworkView *view = m_dock->view();
    int clicked = 0;
    for (const uint32_t e : net.rankedPairs()) {
        const QPointF a = view->nodePosition(int(net.edges[e].a)),
                      b = view->nodePosition(int(net.edges[e].b));
        const QPointF mid = QPointF(((a + b) / 2).toPoint()); // where a click lands
        if (view->nodeAt(mid) >= 0 || view->edgeAt(mid) != int(e)
            || !view->rect().contains(mid.toPoint()))
            continue;
        QTest::mouseClick(view, Qt::LeftButton, {}, mid.toPoint());
        const auto pair =
            std::minmax(net.nodes[net.edges[e].a].vessel.key, net.nodes[net.edges[e].b].vessel.key);
        const Brute brute =
            bruteForce(*m_window->filter()->store(), m_window->filter()->ascendingStoreRows());
        QTRY_COMPARE(selectedRows(*m_window), brute.pairRows.at(pair));
        if (++clicked == 3)
            break;
    }
    QVERIFY(clicked > 0);
}

void TestNetworkDock::selectionHighlights()
{
    // Select a handful of events in the table: their vessels and pairs are marked.
    QTableView *table = m_window->eventsDock()->table();
    table->clearSelection();
    for (const int p : {3, 17, 40})
        table->selectionModel()->select(m_window->filter()->index(p, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const EventStore &s = *m_window->filter()->store();
    const network::VesselNetwork &net = m_dock->network();
    std::set<std::string> keys;
    std::set<std::pair<std::string, std::string>> pairs;
    for (const int r : selectedStoreRows(*m_window)) {
        const std::string ka = keyOf(s, s.vesselsA()[size_t(r)]),
                          kb = keyOf(s, s.vesselsB()[size_t(r)]);
        for (const std::string &k : {ka, kb})
            if (!k.empty())
                keys.insert(k);
        if (!ka.empty() && !kb.empty() && ka != kb)
            pairs.insert(std::minmax(ka, kb));
    }
    const std::vector<uint8_t> &nodes = m_dock->view()->markedNodes();
    const std::vector<uint8_t> &edges = m_dock->view()->markedEdges();
    QCOMPARE(nodes.size(), net.nodes.size());
    std::set<std::string> marked;
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i])
            marked.insert(net.nodes[i].vessel.key);
    QCOMPARE(marked, keys);
    std::set<std::pair<std::string, std::string>> markedPairs;
    for (size_t e = 0; e < edges.size(); ++e)
        if (edges[e])
            markedPairs.insert(std::minmax(net.nodes[net.edges[e].a].vessel.key,
                                           net.nodes[net.edges[e].b].vessel.key));
    QCOMPARE(markedPairs, pairs);
    table->clearSelection();
    QVERIFY(m_dock->view()->markedNodes().empty());
}

void TestNetworkDock::onlyThisVesselsNetwork()
{
    TransferFilter *filter = m_window->filter();
    const EventStore &s = *filter->store();
    const int all = filter->rowCount();
    auto *signs = m_window->findChild<StatusLine *>();
    QVERIFY(signs);
    QRandomGenerator rng(3);
    const network::VesselNetwork whole = m_dock->network();
    for (int trial = 0; trial < 6; ++trial) {
        const VesselRow &v = whole.nodes[rng.bounded(int(whole.nodes.size()))].vessel;
        const int hops = 1 + int(rng.bounded(3));
        // Breadth first the slow way over every event (no other filter is on).
        std::map<std::string, std::set<std::string>> adjacent;
        for (uint32_t r = 0; r < s.size(); ++r) {
            const std::string ka = keyOf(s, s.vesselsA()[r]), kb = keyOf(s, s.vesselsB()[r]);
            if (!ka.empty() && !kb.empty() && ka != kb) {
                adjacent[ka].insert(kb);
                adjacent[kb].insert(ka);
            }
        }
        std::set<std::string> inside {v.key}, ring {v.key};
        for (int h = 0; h < hops; ++h) {
            std::set<std::string> next;
            for (const std::string &k : ring)
                for (const std::string &o : adjacent[k])
                    if (inside.insert(o).second)
                        next.insert(o);
            ring = next;
        }
        int expected = 0;
        for (uint32_t r = 0; r < s.size(); ++r) {
            const std::string ka = keyOf(s, s.vesselsA()[r]), kb = keyOf(s, s.vesselsB()[r]);
            if ((!ka.empty() || !kb.empty()) && (ka.empty() || inside.count(ka))
                && (kb.empty() || inside.count(kb)))
                ++expected;
        }
        filter->setNetworkFocus(NetworkFocus {v.key, hops, v.name});
        QCOMPARE(filter->rowCount(), expected);
        QVERIFY2(signs->filterSigns()->text().contains(QStringLiteral("network of %1").arg(v.name)),
                 qPrintable(signs->filterSigns()->text()));
        QTRY_COMPARE(m_dock->network().events, int64_t(expected));
        QTRY_VERIFY(m_dock->clearFocusButton()->isVisibleTo(m_dock));
        QCOMPARE(int(m_dock->network().nodes.size()), int(inside.size()));
    }
    // Cleared from the dock: every event again, and no sign.
    m_dock->clearFocusButton()->click();
    QCOMPARE(filter->rowCount(), all);
    QVERIFY(!signs->filterSigns()->text().contains(QStringLiteral("network of")));
    QTRY_VERIFY(!m_dock->clearFocusButton()->isVisibleTo(m_dock));
}

void TestNetworkDock::screenshot()
{
    QTRY_VERIFY(!m_dock->isRefining());
    QVERIFY(saveScreenshot(m_dock->grab(), QStringLiteral("networkdock.png")));
    QVERIFY(saveScreenshot(m_window->grab(), QStringLiteral("networkdock-window.png")));
}

// The sample the app opens: the dock has network::build's vessels and pairs, and a
// picture of it for people.
void TestNetworkDock::bundledSample()
{
    QVERIFY(loadAndWait(
        *m_window,
        QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv")));
    m_dock->raise();
    QTRY_COMPARE(m_dock->network().events, int64_t(m_window->filter()->rowCount()));
    const std::vector<uint32_t> &rows = m_window->filter()->ascendingStoreRows();
    const network::VesselNetwork built =
        network::build({m_window->filter()->store().get(), &rows, nullptr});
    QCOMPARE(m_dock->network().nodes.size(), built.nodes.size());
    QCOMPARE(m_dock->network().edges.size(), built.edges.size());
    QCOMPARE(m_dock->network().components.size(), built.components.size());
    QTRY_VERIFY_WITH_TIMEOUT(!m_dock->isRefining(), 60000);
    m_window->resize(1400, 1000);
    m_dock->setFloating(true);
    m_dock->resize(1200, 700);
    QTRY_VERIFY(m_dock->view()->height() > 400);
    QVERIFY(saveScreenshot(m_dock->grab(), QStringLiteral("networkdock-sample.png")));
    // A vessel clicked: its events selected, its vessels and pairs highlighted.
    const uint32_t top = m_dock->network().rankedByPartners().front();
    QTest::mouseClick(m_dock->view(), Qt::LeftButton, {},
                      m_dock->view()->nodePosition(int(top)).toPoint());
    QTRY_VERIFY(!m_dock->view()->markedNodes().empty());
    QVERIFY(saveScreenshot(m_dock->grab(), QStringLiteral("networkdock-sample-selected.png")));
    m_dock->setFloating(false);
}

QTEST_MAIN(TestNetworkDock)
#include "tst_networkdock.moc"

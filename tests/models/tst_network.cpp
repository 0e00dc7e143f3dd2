#include "eventstore.h"
#include "io/valueparsers.h"
#include "network/graphwriter.h"
#include "network/vesselnetwork.h"

#include <QBuffer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>
#include <map>
#include <random>
#include <set>

// The vessel network (issue 19) against a brute-force count: every event's pair looked
// at by hand, vessels identified the slow way, groups found by flooding.
namespace {
std::string keyOf(const Vessel &v)
{
    if (!v.imo.isEmpty())
        return "I:" + v.imo.toStdString();
    if (!v.mmsi.isEmpty())
        return "M:" + v.mmsi.toStdString();
    const std::string n = values::normaliseName(v.name.toStdString());
    return n.empty() ? std::string() : "N:" + n;
}

Vessel vessel(const QString &name, const QString &imo, const QString &mmsi,
              const QString &flag = {})
{
    return Vessel {name, imo, mmsi, flag};
}

TransferEvent makeEvent(int64_t start, const Vessel &a, const Vessel &b, double volume)
{
    TransferEvent e;
    e.start = start;
    e.end = start + 3600 * 1000;
    e.position = QGeoCoordinate(10, 20);
    e.vesselA = a;
    e.vesselB = b;
    e.volumeBbl = volume;
    return e;
}

// Vessels written the ways event files write them: one IMO under two names, an MMSI
// alone, a name in two spellings, nothing at all; and many plain ones so that the
// random sets make several groups.
std::vector<Vessel> pool(int plain)
{
    std::vector<Vessel> p {
        vessel("ALPHA", "9000001", "111000001", "Panama"),
        vessel("ALPHA II", "9000001", "", ""),
        vessel("BRAVO", "", "222000002", "Liberia"),
        vessel("Delta Star", "", "", ""),
        vessel("DELTA STAR", "", "", ""),
        vessel("", "", "", ""),
        vessel("", "", "", ""),
    };
    for (int i = 0; i < plain; ++i)
        p.push_back(vessel(QStringLiteral("V%1").arg(i), QString::number(9100000 + i), {}));
    return p;
}

struct Brute
{
    std::map<std::string, int64_t> events; // per vessel
    std::map<std::string, std::set<std::string>> partners;
    struct Pair
    {
        int64_t events = 0;
        double volume = 0;
        int64_t unknown = 0;
        std::vector<uint32_t> rows;
    };
    std::map<std::pair<std::string, std::string>, Pair> pairs;
    int64_t oneUnknown = 0, noneKnown = 0, same = 0;
    std::vector<std::set<std::string>> groups;
};

Brute bruteForce(const std::vector<TransferEvent> &all, const std::vector<uint32_t> &rows)
{
    Brute b;
    for (const uint32_t r : rows) {
        const std::string ka = keyOf(all[r].vesselA), kb = keyOf(all[r].vesselB);
        if (!ka.empty())
            ++b.events[ka];
        if (!kb.empty() && kb != ka)
            ++b.events[kb];
        if (ka.empty() || kb.empty()) {
            ++(ka.empty() && kb.empty() ? b.noneKnown : b.oneUnknown);
            continue;
        }
        if (ka == kb) {
            ++b.same;
            continue;
        }
        b.partners[ka].insert(kb);
        b.partners[kb].insert(ka);
        Brute::Pair &p = b.pairs[{std::min(ka, kb), std::max(ka, kb)}];
        ++p.events;
        p.rows.push_back(r);
        if (std::isnan(all[r].volumeBbl))
            ++p.unknown;
        else
            p.volume += all[r].volumeBbl;
    }
    // Groups by flooding from every vessel not yet reached.
    std::set<std::string> reached;
    for (const auto &[key, count] : b.events) {
        if (reached.count(key))
            continue;
        std::set<std::string> group {key};
        std::vector<std::string> todo {key};
        while (!todo.empty()) {
            const std::string k = todo.back();
            todo.pop_back();
            for (const std::string &o : b.partners[k]) {
                if (group.insert(o).second)
                    todo.push_back(o);
            }
        }
        reached.insert(group.begin(), group.end());
        b.groups.push_back(group);
    }
    return b;
}

double spread(const std::vector<QPointF> &a, const std::vector<QPointF> &b)
{
    double sum = 0;
    for (size_t i = 0; i < a.size(); ++i)
        sum += std::hypot(a[i].x() - b[i].x(), a[i].y() - b[i].y());
    return a.empty() ? 0 : sum / double(a.size());
}
} // namespace

class TestNetwork : public QObject
{
    Q_OBJECT
private slots:
    void matchesBruteForce();
    void sameVesselIsNoEdge();
    void unknownPartyIsNoEdge();
    void bothOrdersAreOneEdge();
    void rankingTiesByKey();
    void layoutDeterministicAndStable();
    void writersWellFormed();
    void writerRefusesToOverwrite();
};

void TestNetwork::matchesBruteForce()
{
    std::mt19937 rng(19);
    // The last round is large enough for the vessels to be summarised on another thread.
    for (int round = 0; round <= 60; ++round) {
        const bool large = round == 60;
        const std::vector<Vessel> vessels = pool(large ? 300 : int(rng() % 40));
        EventStore store;
        std::vector<TransferEvent> all;
        std::uniform_int_distribution<size_t> pick(0, vessels.size() - 1);
        const int n = large ? 300000 : int(rng() % 400);
        for (int i = 0; i < n; ++i) {
            const double volume = rng() % 4 == 0 ? NAN : double(rng() % 500000);
            all.push_back(makeEvent(int64_t(rng() % 1000000) * 1000, vessels[pick(rng)],
                                    vessels[pick(rng)], volume));
            store.append(all.back());
        }
        std::vector<uint32_t> rows;
        for (uint32_t r = 0; r < store.size(); ++r) {
            if (rng() % 4 != 0)
                rows.push_back(r);
        }
        const network::VesselNetwork net = network::build({&store, &rows, nullptr});
        const Brute want = bruteForce(all, rows);

        QCOMPARE(net.events, int64_t(rows.size()));
        QCOMPARE(net.oneUnknown, want.oneUnknown);
        QCOMPARE(net.noneKnown, want.noneKnown);
        QCOMPARE(net.sameVessel, want.same);
        QCOMPARE(net.pairEvents + net.oneUnknown + net.noneKnown + net.sameVessel, net.events);

        // Vessels: every known vessel of the events, its events and partners.
        QCOMPARE(net.nodes.size(), want.events.size());
        for (const network::Node &node : net.nodes) {
            const std::string &k = node.vessel.key;
            QVERIFY2(want.events.count(k), k.c_str());
            QCOMPARE(node.vessel.events, want.events.at(k));
            const auto p = want.partners.find(k);
            QCOMPARE(node.vessel.partners,
                     int64_t(p == want.partners.end() ? 0 : p->second.size()));
        }
        // Pairs.
        QCOMPARE(net.edges.size(), want.pairs.size());
        int64_t pairEvents = 0;
        std::vector<int64_t> degree(net.nodes.size(), 0);
        for (const network::Edge &e : net.edges) {
            QVERIFY(e.a < e.b);
            const std::string ka = net.nodes[e.a].vessel.key, kb = net.nodes[e.b].vessel.key;
            const auto it = want.pairs.find({ka, kb});
            QVERIFY2(it != want.pairs.end(), (ka + " " + kb).c_str());
            QCOMPARE(e.events, it->second.events);
            QCOMPARE(e.volume, it->second.volume);
            QCOMPARE(e.volumeUnknown, it->second.unknown);
            QCOMPARE(net.rowsOf(e), it->second.rows);
            pairEvents += e.events;
            ++degree[e.a];
            ++degree[e.b];
        }
        QCOMPARE(pairEvents, net.pairEvents);
        for (size_t i = 0; i < net.nodes.size(); ++i)
            QCOMPARE(degree[i], net.nodes[i].vessel.partners);
        // Groups: the same partition.
        QCOMPARE(net.components.size(), want.groups.size());
        std::set<std::set<std::string>> got;
        for (size_t c = 0; c < net.components.size(); ++c) {
            std::set<std::string> keys;
            for (const uint32_t i : net.components[c].nodes) {
                keys.insert(net.nodes[i].vessel.key);
                QCOMPARE(net.nodes[i].component, int(c));
            }
            got.insert(keys);
            if (c > 0)
                QVERIFY(net.components[c - 1].nodes.size() >= net.components[c].nodes.size());
        }
        QCOMPARE(got, std::set<std::set<std::string>>(want.groups.begin(), want.groups.end()));
        // Ranking: partners, then events, then key.
        std::vector<std::tuple<int64_t, int64_t, std::string>> ranked;
        for (const auto &[k, events] : want.events) {
            const auto p = want.partners.find(k);
            ranked.emplace_back(-int64_t(p == want.partners.end() ? 0 : p->second.size()), -events,
                                k);
        }
        std::sort(ranked.begin(), ranked.end());
        const std::vector<uint32_t> top = net.rankedByPartners();
        QCOMPARE(top.size(), ranked.size());
        for (size_t i = 0; i < top.size(); ++i)
            QCOMPARE(net.nodes[top[i]].vessel.key, std::get<2>(ranked[i]));
        // Pairs that met most often first.
        std::vector<std::tuple<int64_t, double, std::string, std::string>> pairs;
        for (const auto &[k, p] : want.pairs)
            pairs.emplace_back(-p.events, -p.volume, k.first, k.second);
        std::sort(pairs.begin(), pairs.end());
        const std::vector<uint32_t> often = net.rankedPairs();
        for (size_t i = 0; i < often.size(); ++i) {
            QCOMPARE(net.nodes[net.edges[often[i]].a].vessel.key, std::get<2>(pairs[i]));
            QCOMPARE(net.nodes[net.edges[often[i]].b].vessel.key, std::get<3>(pairs[i]));
        }
    }
}

void TestNetwork::sameVesselIsNoEdge()
{
    EventStore store;
    const Vessel a = vessel("ALPHA", "9000001", "");
    // The same IMO under another name is the same vessel.
    store.append(makeEvent(0, a, vessel("ALPHA II", "9000001", "111"), 100));
    store.append(makeEvent(0, a, a, 50));
    const std::vector<uint32_t> rows {0, 1};
    const network::VesselNetwork net = network::build({&store, &rows, nullptr});
    QCOMPARE(net.nodes.size(), size_t(1));
    QVERIFY(net.edges.empty());
    QCOMPARE(net.sameVessel, int64_t(2));
    QCOMPARE(net.nodes[0].vessel.events, int64_t(2));
    QCOMPARE(net.nodes[0].vessel.partners, int64_t(0));
    QCOMPARE(net.components.size(), size_t(1));
}

void TestNetwork::unknownPartyIsNoEdge()
{
    EventStore store;
    store.append(makeEvent(0, vessel("ALPHA", "9000001", ""), vessel("", "", ""), NAN));
    store.append(makeEvent(0, vessel("", "", ""), vessel("BRAVO", "", "222000002"), 10));
    store.append(makeEvent(0, vessel("", "", ""), vessel("", "", ""), 10));
    const std::vector<uint32_t> rows {0, 1, 2};
    const network::VesselNetwork net = network::build({&store, &rows, nullptr});
    QCOMPARE(net.nodes.size(), size_t(2));
    QVERIFY(net.edges.empty());
    QCOMPARE(net.oneUnknown, int64_t(2));
    QCOMPARE(net.noneKnown, int64_t(1));
    QCOMPARE(net.pairEvents, int64_t(0));
    for (const network::Node &n : net.nodes) {
        QCOMPARE(n.vessel.events, int64_t(1));
        QCOMPARE(n.vessel.partners, int64_t(0));
    }
    QCOMPARE(net.components.size(), size_t(2)); // each alone
    QVERIFY(net.hasVolume);
}

void TestNetwork::bothOrdersAreOneEdge()
{
    EventStore store;
    const Vessel a = vessel("ALPHA", "9000001", ""), b = vessel("BRAVO", "", "222000002");
    store.append(makeEvent(0, a, b, 100));
    store.append(makeEvent(0, b, a, 50));
    store.append(makeEvent(0, b, vessel("bravo", "", "222000002"), NAN)); // the same MMSI
    store.append(makeEvent(0, a, b, NAN));
    const std::vector<uint32_t> rows {0, 1, 2, 3};
    const network::VesselNetwork net = network::build({&store, &rows, nullptr});
    QCOMPARE(net.edges.size(), size_t(1));
    const network::Edge &e = net.edges.front();
    QCOMPARE(e.events, int64_t(3));
    QCOMPARE(e.volume, 150.0);
    QCOMPARE(e.volumeUnknown, int64_t(1));
    QCOMPARE(net.rowsOf(e), (std::vector<uint32_t> {0, 1, 3}));
    QCOMPARE(net.sameVessel, int64_t(1));
    QCOMPARE(net.indexOf("I:9000001"), 0);
    QCOMPARE(net.indexOf("M:222000002"), 1);
    QCOMPARE(net.indexOf("M:999"), -1);
    QCOMPARE(net.nodes[1].vessel.events, int64_t(4));
}

void TestNetwork::rankingTiesByKey()
{
    // A star (hub with three partners) and two pairs met once each: the hub first, then
    // vessels with one partner by events, then by key.
    EventStore store;
    const Vessel hub = vessel("HUB", "9000009", "");
    const std::vector<Vessel> others {vessel("A", "9000001", ""), vessel("B", "9000002", ""),
                                      vessel("C", "9000003", "")};
    for (const Vessel &o : others)
        store.append(makeEvent(0, hub, o, 1));
    store.append(makeEvent(0, hub, others[2], 1)); // C has two events
    const Vessel d = vessel("D", "9000004", ""), e = vessel("E", "9000005", "");
    store.append(makeEvent(0, e, d, 1));
    std::vector<uint32_t> rows(store.size());
    std::iota(rows.begin(), rows.end(), 0u);
    const network::VesselNetwork net = network::build({&store, &rows, nullptr});
    QStringList order;
    for (const uint32_t i : net.rankedByPartners())
        order << QString::fromStdString(net.nodes[i].vessel.key);
    QCOMPARE(order.join(' '),
             QStringLiteral("I:9000009 I:9000003 I:9000001 I:9000002 I:9000004 I:9000005"));
    const std::vector<uint32_t> pairs = net.rankedPairs();
    QCOMPARE(net.edges[pairs[0]].events, int64_t(2));
    QCOMPARE(net.components.size(), size_t(2));
    QCOMPARE(net.components[0].nodes.size(), size_t(4));
    QCOMPARE(net.components[0].events, int64_t(4));
    QCOMPARE(net.components[0].edges, int64_t(3));
}

void TestNetwork::layoutDeterministicAndStable()
{
    std::mt19937 rng(7);
    const std::vector<Vessel> vessels = pool(60);
    EventStore store;
    std::uniform_int_distribution<size_t> pick(0, vessels.size() - 1);
    for (int i = 0; i < 300; ++i)
        store.append(makeEvent(i * 1000, vessels[pick(rng)], vessels[pick(rng)], 1));
    std::vector<uint32_t> rows(store.size());
    std::iota(rows.begin(), rows.end(), 0u);
    const network::VesselNetwork net = network::build({&store, &rows, nullptr});
    const std::vector<QPointF> first = network::layout(net);
    const std::vector<QPointF> again = network::layout(net);
    QCOMPARE(first.size(), net.nodes.size());
    QCOMPARE(first, again);
    for (const QPointF &p : first) {
        QVERIFY(std::isfinite(p.x()) && std::isfinite(p.y()));
        QVERIFY(std::abs(p.x()) <= 0.5 && std::abs(p.y()) <= 0.5);
    }
    network::LayoutOptions other;
    other.seed = 20;
    const std::vector<QPointF> reseeded = network::layout(net, other);
    QVERIFY(spread(first, reseeded) > 0.01);

    // The window moves: most events stay. Seeded from the previous layout, the vessels
    // still there move little; laid out afresh, they would land anywhere.
    std::vector<uint32_t> later(rows.begin() + 30, rows.end());
    const network::VesselNetwork next = network::build({&store, &later, nullptr});
    const auto previous = network::positionsByKey(net, first);
    network::LayoutOptions seeded;
    seeded.previous = &previous;
    seeded.seed = 99; // what stays put is what the previous layout placed
    const std::vector<QPointF> stable = network::layout(next, seeded);
    network::LayoutOptions freshOptions;
    freshOptions.seed = 21;
    const std::vector<QPointF> fresh = network::layout(next, freshOptions);
    std::vector<QPointF> before, afterStable, afterFresh;
    for (size_t i = 0; i < next.nodes.size(); ++i) {
        const auto it = previous.find(next.nodes[i].vessel.key);
        if (it == previous.end())
            continue;
        before.push_back(it->second);
        afterStable.push_back(stable[i]);
        afterFresh.push_back(fresh[i]);
    }
    QVERIFY(!before.empty());
    const double moved = spread(before, afterStable), scattered = spread(before, afterFresh);
    QVERIFY2(moved < scattered / 3,
             qPrintable(QStringLiteral("%1 vs %2").arg(moved).arg(scattered)));
    QCOMPARE(network::layout(next, seeded), stable);
}

void TestNetwork::writersWellFormed()
{
    EventStore store;
    // A name with a control character and markup, which XML must not carry raw.
    const Vessel a = vessel(QStringLiteral("AL<PHA> & \"\x01\""), "9000001", "111000001", "PA");
    const Vessel b = vessel("BRAVO", "", "222000002", "LR"), c = vessel("CHARLIE", "", "", "");
    store.append(makeEvent(0, a, b, 100));
    store.append(makeEvent(0, b, a, 50));
    store.append(makeEvent(0, b, c, NAN));
    store.append(makeEvent(0, c, vessel("", "", ""), NAN));
    std::vector<uint32_t> rows {0, 1, 2, 3};
    const network::VesselNetwork net = network::build({&store, &rows, nullptr});
    const std::vector<QPointF> positions = network::layout(net);
    for (const auto format : {network::GraphFormat::GraphMl, network::GraphFormat::Gexf}) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QString error;
        QVERIFY(network::write(net, &positions, format, &buffer, &error));
        QXmlStreamReader xml(buffer.data());
        int nodes = 0, edges = 0;
        QStringList names, edgeEvents;
        QMap<QString, QString> keyName; // GraphML key id -> attr.name
        QMap<QString, QString> attrTitle; // GEXF "node:0" -> title
        QString inClass;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            const auto name = xml.name();
            const QXmlStreamAttributes at = xml.attributes();
            if (name == QLatin1String("node"))
                ++nodes;
            else if (name == QLatin1String("edge"))
                ++edges;
            else if (name == QLatin1String("key"))
                keyName[at.value("id").toString()] = at.value("attr.name").toString();
            else if (name == QLatin1String("attributes"))
                inClass = at.value("class").toString();
            else if (name == QLatin1String("attribute"))
                attrTitle[inClass + ':' + at.value("id").toString()] = at.value("title").toString();
            else if (name == QLatin1String("data")) {
                const QString k = keyName.value(at.value("key").toString());
                const QString v = xml.readElementText();
                if (k == QLatin1String("name"))
                    names << v;
                else if (k == QLatin1String("events") && at.value("key").startsWith(u"e_"))
                    edgeEvents << v;
            } else if (name == QLatin1String("attvalue")) {
                const QString cls = edges > 0 ? QStringLiteral("edge") : QStringLiteral("node");
                const QString title = attrTitle.value(cls + ':' + at.value("for").toString());
                if (cls == QLatin1String("node") && title == QLatin1String("name"))
                    names << at.value("value").toString();
                else if (cls == QLatin1String("edge") && title == QLatin1String("events"))
                    edgeEvents << at.value("value").toString();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(nodes, 3);
        QCOMPARE(edges, 2);
        names.sort();
        QCOMPARE(names.join('|'), QStringLiteral("AL<PHA> & \"\uFFFD\"|BRAVO|CHARLIE"));
        edgeEvents.sort();
        QCOMPARE(edgeEvents.join('|'), QStringLiteral("1|2"));
    }
}

void TestNetwork::writerRefusesToOverwrite()
{
    EventStore store;
    store.append(makeEvent(0, vessel("A", "9000001", ""), vessel("B", "9000002", ""), 1));
    const std::vector<uint32_t> rows {0};
    const network::VesselNetwork net = network::build({&store, &rows, nullptr});
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("net.graphml"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("mine");
    f.close();
    QString error;
    QVERIFY(!network::writeFile(net, nullptr, path, false, &error));
    QVERIFY2(error.contains(path) && error.contains("exists"), qPrintable(error));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("mine"));
    f.close();
    QVERIFY(network::writeFile(net, nullptr, path, true, &error));
    QVERIFY(QFileInfo(path).size() > 100);
    QVERIFY(!network::writeFile(net, nullptr, dir.filePath("net.txt"), true, &error));
    QVERIFY(error.contains(".graphml"));
}

QTEST_GUILESS_MAIN(TestNetwork)
#include "tst_network.moc"

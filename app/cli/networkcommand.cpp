#include "commands.h"
#include "loadargs.h"
#include "tracksload.h"

#include "io/eventreader.h"
#include "network/graphwriter.h"
#include "network/vesselnetwork.h"
#include "stagetimer.h"
#include "summary.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>

namespace {

QString idOf(const network::Node &n)
{
    return QString::fromStdString(n.vessel.key);
}

// "ALPHA (IMO 9000001, MMSI 111000001)".
QString describe(const network::Node &n)
{
    const VesselRow &v = n.vessel;
    QStringList ids;
    if (!v.imo.isEmpty())
        ids << QStringLiteral("IMO ") + v.imo;
    if (!v.mmsi.isEmpty())
        ids << QStringLiteral("MMSI ") + v.mmsi;
    if (!v.flag.isEmpty())
        ids << v.flag;
    const QString name = v.name.isEmpty() ? QStringLiteral("(no name)") : v.name;
    return ids.isEmpty() ? name
                         : name + QStringLiteral(" (") + ids.join(QStringLiteral(", ")) + ')';
}

QJsonObject vesselJson(const network::VesselNetwork &net, uint32_t i)
{
    const network::Node &n = net.nodes[i];
    QJsonObject o {{QStringLiteral("id"), idOf(n)},
                   {QStringLiteral("mmsi"), n.vessel.mmsi},
                   {QStringLiteral("imo"), n.vessel.imo},
                   {QStringLiteral("name"), n.vessel.name},
                   {QStringLiteral("flag"), n.vessel.flag},
                   {QStringLiteral("partners"), static_cast<qint64>(n.vessel.partners)},
                   {QStringLiteral("events"), static_cast<qint64>(n.vessel.events)},
                   {QStringLiteral("component"), n.component}};
    if (net.hasVolume) {
        o.insert(QStringLiteral("volume_bbl"), n.vessel.barrels);
        o.insert(QStringLiteral("volume_unknown"), static_cast<qint64>(n.vessel.volumeUnknown));
    }
    return o;
}

QJsonObject toJson(const network::VesselNetwork &net, int top)
{
    QJsonObject o;
    o.insert(QStringLiteral("events"), static_cast<qint64>(net.events));
    o.insert(QStringLiteral("pair_events"), static_cast<qint64>(net.pairEvents));
    o.insert(QStringLiteral("one_party_unknown"), static_cast<qint64>(net.oneUnknown));
    o.insert(QStringLiteral("no_party_known"), static_cast<qint64>(net.noneKnown));
    o.insert(QStringLiteral("same_vessel"), static_cast<qint64>(net.sameVessel));
    o.insert(QStringLiteral("vessels"), static_cast<qint64>(net.nodes.size()));
    o.insert(QStringLiteral("pairs"), static_cast<qint64>(net.edges.size()));
    QJsonArray nodes;
    for (uint32_t i = 0; i < net.nodes.size(); ++i)
        nodes.append(vesselJson(net, i));
    o.insert(QStringLiteral("nodes"), nodes);
    // The pairs that met most often first.
    QJsonArray edges;
    for (const uint32_t e : net.rankedPairs()) {
        const network::Edge &edge = net.edges[e];
        QJsonObject j {{QStringLiteral("source"), idOf(net.nodes[edge.a])},
                       {QStringLiteral("target"), idOf(net.nodes[edge.b])},
                       {QStringLiteral("events"), static_cast<qint64>(edge.events)}};
        if (net.hasVolume) {
            j.insert(QStringLiteral("volume_bbl"), edge.volume);
            j.insert(QStringLiteral("volume_unknown"), static_cast<qint64>(edge.volumeUnknown));
        }
        edges.append(j);
    }
    o.insert(QStringLiteral("edges"), edges);
    QJsonArray components;
    for (size_t c = 0; c < net.components.size(); ++c) {
        const network::Component &comp = net.components[c];
        QJsonArray members;
        for (const uint32_t n : comp.nodes)
            members.append(idOf(net.nodes[n]));
        components.append(
            QJsonObject {{QStringLiteral("id"), static_cast<qint64>(c)},
                         {QStringLiteral("vessels"), static_cast<qint64>(comp.nodes.size())},
                         {QStringLiteral("pairs"), static_cast<qint64>(comp.edges)},
                         {QStringLiteral("events"), static_cast<qint64>(comp.events)},
                         {QStringLiteral("members"), members}});
    }
    o.insert(QStringLiteral("components"), components);
    QJsonArray ranked;
    const std::vector<uint32_t> order = net.rankedByPartners();
    for (size_t r = 0; r < order.size() && (top < 0 || r < size_t(top)); ++r) {
        QJsonObject j = vesselJson(net, order[r]);
        j.insert(QStringLiteral("rank"), static_cast<qint64>(r + 1));
        ranked.append(j);
    }
    o.insert(QStringLiteral("top"), ranked);
    return o;
}

void printText(QTextStream &out, const LoadReport &report, const network::VesselNetwork &net,
               const LoadArgs &args, int top)
{
    const auto count = [](int64_t n) { return Summary::formatCount(n); };
    out << report.file << " (" << report.driver
        << (report.layer.isEmpty() ? QString() : QStringLiteral(", layer ") + report.layer)
        << ")\n";
    out << "  records:    " << count(report.records) << " read, " << count(report.loaded)
        << " loaded, " << count(static_cast<int64_t>(report.rejections.size()))
        << " rejected (see rendezvous info)\n";
    if (!args.filter.isEmpty()) {
        QStringList f;
        const QJsonObject fj = args.filterJson();
        for (auto it = fj.begin(); it != fj.end(); ++it)
            f << it.key() + QLatin1Char(' ')
                    + (it.value().isArray() ? QString::fromUtf8(
                           QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact))
                                            : it.value().toString());
        out << "  filters:    " << f.join(QStringLiteral(", ")) << '\n';
    }
    size_t alone = 0;
    for (const network::Component &c : net.components)
        alone += c.nodes.size() == 1 ? 1 : 0;
    out << "  network:    " << count(int64_t(net.nodes.size())) << " vessels, "
        << count(int64_t(net.edges.size())) << " pairs, "
        << count(int64_t(net.components.size() - alone)) << " connected groups";
    if (!net.components.empty() && net.components.front().nodes.size() > 1)
        out << " (largest " << count(int64_t(net.components.front().nodes.size())) << " vessels)";
    if (alone > 0)
        out << ", " << count(int64_t(alone)) << " vessels without a known partner";
    out << '\n';
    out << "  events:     " << count(net.events) << " matching: " << count(net.pairEvents)
        << " between two vessels, " << count(net.oneUnknown) << " with one vessel unknown, "
        << count(net.noneKnown) << " with neither known, " << count(net.sameVessel)
        << " with the same vessel on both sides\n";
    if (net.nodes.empty())
        return;
    const std::vector<uint32_t> order = net.rankedByPartners();
    out << "  most partners:\n";
    for (size_t r = 0; r < order.size() && r < size_t(top); ++r) {
        const network::Node &n = net.nodes[order[r]];
        out << "    " << (r + 1) << ". " << describe(n) << ": " << count(n.vessel.partners)
            << (n.vessel.partners == 1 ? " partner, " : " partners, ") << count(n.vessel.events)
            << (n.vessel.events == 1 ? " event\n" : " events\n");
    }
    const std::vector<uint32_t> pairs = net.rankedPairs();
    if (!pairs.empty())
        out << "  pairs that met most often:\n";
    for (size_t r = 0; r < pairs.size() && r < size_t(top); ++r) {
        const network::Edge &e = net.edges[pairs[r]];
        out << "    " << (r + 1) << ". " << describe(net.nodes[e.a]) << " – "
            << describe(net.nodes[e.b]) << ": " << count(e.events)
            << (e.events == 1 ? " meeting" : " meetings");
        if (net.hasVolume && e.volumeUnknown < e.events)
            out << ", " << Summary::formatVolume(e.volume) << " bbl";
        out << '\n';
    }
    bool header = false;
    for (size_t c = 0; c < net.components.size() && c < size_t(top); ++c) {
        const network::Component &comp = net.components[c];
        if (comp.nodes.size() < 2)
            break;
        if (!header)
            out << "  connected groups:\n";
        header = true;
        QStringList names;
        for (size_t i = 0; i < comp.nodes.size() && i < 5; ++i) {
            const VesselRow &v = net.nodes[comp.nodes[i]].vessel;
            names << (v.name.isEmpty() ? QString::fromStdString(v.key) : v.name);
        }
        if (comp.nodes.size() > 5)
            names << QStringLiteral("…");
        out << "    " << (c + 1) << ". " << count(int64_t(comp.nodes.size())) << " vessels, "
            << count(comp.edges) << " pairs, " << count(comp.events)
            << " meetings: " << names.join(QStringLiteral(", ")) << '\n';
    }
}

} // namespace

int cli::network(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Who met whom: the vessels of the events matching the filters as a "
                       "network (a vessel per node, a pair that met per edge), its figures, "
                       "and with -o the graph as GraphML or GEXF (Gephi, yEd)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Events file (CSV, GeoJSON, GeoPackage, ...)."));
    LoadArgs load;
    load.addTo(parser);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write the graph to OUT (.graphml or .gexf)."),
                                    QStringLiteral("OUT"));
    const QCommandLineOption overwrite(QStringLiteral("overwrite"),
                                       QStringLiteral("Replace OUT if it exists."));
    const QCommandLineOption top(QStringLiteral("top"),
                                 QStringLiteral("Vessels, pairs and groups listed (default 10; "
                                                "all with --json unless given)."),
                                 QStringLiteral("N"));
    parser.addOptions({json, output, overwrite, top});
    QTextStream err(stderr);
    if (!parser.parse(QStringList {QStringLiteral("rendezvous network")} + args)) {
        err << "rendezvous network: " << parser.errorText() << '\n';
        return Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Ok;
    }
    QString error;
    if (parser.positionalArguments().size() != 1) {
        err << "rendezvous network: one FILE expected (see rendezvous network --help)\n";
        return Usage;
    }
    if (!load.read(parser, &error)) {
        err << "rendezvous network: " << error << '\n';
        return Usage;
    }
    int topCount = parser.isSet(json) ? -1 : 10;
    if (parser.isSet(top)) {
        bool ok = false;
        topCount = parser.value(top).toInt(&ok);
        if (!ok || topCount < 0) {
            err << "rendezvous network: --top must be a whole number ≥ 0, not '"
                << parser.value(top) << "'\n";
            return Usage;
        }
    }
    const QString out = parser.value(output);
    if (parser.isSet(output)) {
        if (!network::formatOf(out)) {
            err << "rendezvous network: " << out
                << ": the network is written as .graphml or .gexf\n";
            return Usage;
        }
        if (!parser.isSet(overwrite) && QFileInfo::exists(out)) {
            err << "rendezvous network: " << out << " exists; use --overwrite\n";
            return OutputError;
        }
    }
    const QString file = parser.positionalArguments().constFirst();
    StageTimer timer("network");
    const KindChoice kind = chooseKind({file}, load.as);
    if (kind.ais) {
        err << "rendezvous: " << file << ": holds AIS positions (" << kind.reason
            << "), not transfer events; find the encounters first (rendezvous detect " << file
            << " -o EVENTS.csv) and draw their network\n";
        return InputError;
    }
    if (!parser.isSet(json) && !kind.eventFiles.isEmpty())
        err << kind.noteLine({file}) << '\n';
    err.flush();
    const LoadResult result = EventReader::load(file, load.options);
    timer.lap("load");
    if (!result.report.ok()) {
        err << "rendezvous: " << file << ": " << result.report.commandLineError() << '\n';
        return InputError;
    }
    const std::vector<uint32_t> rows = load.filter.apply(*result.store);
    timer.lap("filter");
    const network::VesselNetwork net = network::build({result.store.get(), &rows, nullptr});
    timer.lap("network");
    if (parser.isSet(output)) {
        const std::vector<QPointF> positions = network::layout(net);
        timer.lap("layout");
        if (!network::writeFile(net, &positions, out, parser.isSet(overwrite), &error)) {
            err << "rendezvous: " << error << '\n';
            return OutputError;
        }
        err << "wrote " << Summary::formatCount(int64_t(net.nodes.size())) << " vessels and "
            << Summary::formatCount(int64_t(net.edges.size())) << " pairs to " << out << '\n';
        timer.lap("write");
    }
    QTextStream stdOut(stdout);
    if (parser.isSet(json)) {
        QJsonObject o = result.report.toJson();
        o.insert(QStringLiteral("filters"), load.filterJson());
        const QJsonObject n = toJson(net, topCount);
        for (auto it = n.begin(); it != n.end(); ++it)
            o.insert(it.key(), it.value());
        stdOut << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else if (!parser.isSet(output)) {
        printText(stdOut, result.report, net, load, topCount);
    }
    stdOut.flush();
    timer.lap("output");
    return Ok;
}

#include "commands.h"
#include "io/dbmodule.h"
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
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

namespace {

// "ALPHA (IMO 9000001, MMSI 111000001, PA)".
QString describe(const network::Node &n)
{
    return vessels::describe(n.vessel);
}

// The JSON of the graph is written by hand: a million events make hundreds of thousands
// of pairs, which QJsonDocument takes seconds to build and print (its objects are maps of
// QVariant-like values); this is a few appends per value.
void appendEscaped(std::string &b, std::string_view utf8)
{
    b += '"';
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            b += '\\';
            b += c;
        } else if (u < 0x20) {
            static const char hex[] = "0123456789abcdef";
            b += "\\u00";
            b += hex[u >> 4];
            b += hex[u & 15];
        } else {
            b += c;
        }
    }
    b += '"';
}

void appendString(std::string &b, const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    appendEscaped(b, std::string_view(utf8.constData(), size_t(utf8.size())));
}

void appendKey(std::string &b, const char *key, bool first = false)
{
    if (!first)
        b += ',';
    b += '"';
    b += key;
    b += "\":";
}

void appendNumber(std::string &b, int64_t n)
{
    char text[24];
    const auto end = std::to_chars(text, text + sizeof text, n).ptr;
    b.append(text, size_t(end - text));
}

void appendNumber(std::string &b, double v)
{
    // As QJsonDocument writes a double: the shortest text that reads back the same.
    if (!std::isfinite(v)) {
        b += "null";
        return;
    }
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, v).ptr;
    b.append(text, size_t(end - text));
}

struct JsonIds
{
    std::vector<std::string> of; // node index -> its key as a JSON string
    explicit JsonIds(const network::VesselNetwork &net)
    {
        of.reserve(net.nodes.size());
        for (const network::Node &n : net.nodes) {
            std::string s;
            appendEscaped(s, n.vessel.key);
            of.push_back(std::move(s));
        }
    }
};

void appendVessel(std::string &b, const network::VesselNetwork &net, const JsonIds &ids, uint32_t i,
                  int64_t rank)
{
    const network::Node &n = net.nodes[i];
    const VesselRow &v = n.vessel;
    b += '{';
    appendKey(b, "id", true);
    b += ids.of[i];
    appendKey(b, "mmsi");
    appendString(b, v.mmsi);
    appendKey(b, "imo");
    appendString(b, v.imo);
    appendKey(b, "name");
    appendString(b, v.name);
    appendKey(b, "flag");
    appendString(b, v.flag);
    appendKey(b, "partners");
    appendNumber(b, v.partners);
    appendKey(b, "events");
    appendNumber(b, v.events);
    appendKey(b, "component");
    appendNumber(b, int64_t(n.component));
    if (net.hasVolume) {
        appendKey(b, "volume_bbl");
        appendNumber(b, v.barrels);
        appendKey(b, "volume_unknown");
        appendNumber(b, v.volumeUnknown);
    }
    if (rank > 0) {
        appendKey(b, "rank");
        appendNumber(b, rank);
    }
    b += '}';
}

// Written to stdout a megabyte at a time: one buffer of the whole text (35 MB for a
// million events) cost more in first touches of its fresh pages than in the writing.
void flushIfFull(std::string &b, bool always = false)
{
    if (always || b.size() >= (size_t(1) << 20)) {
        std::fwrite(b.data(), 1, b.size(), stdout);
        b.clear();
    }
}

// One element per line inside "key": [ ... ].
template<typename F> void appendArray(std::string &b, const char *key, size_t count, F element)
{
    b += ",\n    \"";
    b += key;
    b += "\": [";
    for (size_t i = 0; i < count; ++i) {
        b += i == 0 ? "\n        " : ",\n        ";
        element(i);
        flushIfFull(b);
    }
    b += count == 0 ? "]" : "\n    ]";
}

// The whole --json text on stdout: `head` (the load report, filters and figures) and
// the graph.
void printJson(const QJsonObject &head, const network::VesselNetwork &net, int top)
{
    StageTimer timer("network --json");
    QByteArray h = QJsonDocument(head).toJson(QJsonDocument::Indented);
    // "...\n}\n": the graph's arrays go before the closing brace.
    while (!h.isEmpty() && h.back() != '}')
        h.chop(1);
    h.chop(1);
    while (!h.isEmpty() && (h.back() == '\n' || h.back() == ' '))
        h.chop(1);
    std::string b = h.toStdString();
    b.reserve((size_t(1) << 20) + 4096);
    const JsonIds ids(net);
    appendArray(b, "nodes", net.nodes.size(),
                [&](size_t i) { appendVessel(b, net, ids, uint32_t(i), 0); });
    timer.lap("head and nodes");
    // The pairs that met most often first.
    const std::vector<uint32_t> pairs = net.rankedPairs();
    timer.lap("pairs ranked");
    appendArray(b, "edges", pairs.size(), [&](size_t i) {
        const network::Edge &e = net.edges[pairs[i]];
        b += '{';
        appendKey(b, "source", true);
        b += ids.of[e.a];
        appendKey(b, "target");
        b += ids.of[e.b];
        appendKey(b, "events");
        appendNumber(b, e.events);
        if (net.hasVolume) {
            appendKey(b, "volume_bbl");
            appendNumber(b, e.volume);
            appendKey(b, "volume_unknown");
            appendNumber(b, e.volumeUnknown);
        }
        b += '}';
    });
    timer.lap("edges");
    appendArray(b, "components", net.components.size(), [&](size_t c) {
        const network::Component &comp = net.components[c];
        b += '{';
        appendKey(b, "id", true);
        appendNumber(b, int64_t(c));
        appendKey(b, "vessels");
        appendNumber(b, int64_t(comp.nodes.size()));
        appendKey(b, "pairs");
        appendNumber(b, comp.edges);
        appendKey(b, "events");
        appendNumber(b, comp.events);
        appendKey(b, "members");
        b += '[';
        for (size_t i = 0; i < comp.nodes.size(); ++i) {
            if (i > 0)
                b += ',';
            b += ids.of[comp.nodes[i]];
        }
        b += "]}";
    });
    const std::vector<uint32_t> order = net.rankedByPartners();
    const size_t shown = top < 0 ? order.size() : std::min(order.size(), size_t(top));
    appendArray(b, "top", shown,
                [&](size_t r) { appendVessel(b, net, ids, order[r], int64_t(r + 1)); });
    b += "\n}\n";
    flushIfFull(b, true);
    std::fflush(stdout);
    timer.lap("components and top");
}

QJsonObject figuresJson(const network::VesselNetwork &net)
{
    QJsonObject o;
    o.insert(QStringLiteral("events"), static_cast<qint64>(net.events));
    o.insert(QStringLiteral("pair_events"), static_cast<qint64>(net.pairEvents));
    o.insert(QStringLiteral("one_party_unknown"), static_cast<qint64>(net.oneUnknown));
    o.insert(QStringLiteral("no_party_known"), static_cast<qint64>(net.noneKnown));
    o.insert(QStringLiteral("same_vessel"), static_cast<qint64>(net.sameVessel));
    o.insert(QStringLiteral("vessels"), static_cast<qint64>(net.nodes.size()));
    o.insert(QStringLiteral("pairs"), static_cast<qint64>(net.edges.size()));
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

namespace {
cli::NetworkPictureWriter pictureWriter = nullptr;

// "events.csv: 15 vessels, 21 pairs, 3 groups (120 events)"
QString pictureTitle(const QString &file, const network::VesselNetwork &net, const LoadArgs &)
{
    size_t groups = 0;
    for (const network::Component &c : net.components)
        groups += c.nodes.size() > 1;
    return QStringLiteral("%1: %2 vessels, %3 pairs, %4 groups (%5 events)")
        .arg(QFileInfo(file).fileName(), Summary::formatCount(int64_t(net.nodes.size())),
             Summary::formatCount(int64_t(net.edges.size())), Summary::formatCount(int64_t(groups)),
             Summary::formatCount(net.events));
}
} // namespace

void cli::setNetworkPictureWriter(NetworkPictureWriter writer)
{
    pictureWriter = writer;
}

bool cli::isNetworkPicture(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("svg") || suffix == QLatin1String("png");
}

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
    const QCommandLineOption output(
        {QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("Write the graph to OUT (.graphml or .gexf), or draw "
                       "it (.svg or .png, as the Network dock does)."),
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
        if (!network::formatOf(out) && !isNetworkPicture(out)) {
            err << "rendezvous network: " << out
                << ": the network is written as .graphml or .gexf, or drawn as .svg or .png\n";
            return Usage;
        }
        if (isNetworkPicture(out) && !pictureWriter) {
            err << "rendezvous network: " << out
                << ": pictures are drawn by the GUI module, which was not loaded\n";
            return Usage;
        }
        if (!parser.isSet(overwrite) && QFileInfo::exists(out)) {
            err << "rendezvous network: " << out << " exists; use --overwrite\n";
            return OutputError;
        }
    }
    const QString file = parser.positionalArguments().constFirst();
    // A database is named without any password written into its connection string.
    const QString name = db::isDatabase(file) ? db::display(file) : file;
    StageTimer timer("network");
    const KindChoice kind = chooseKind({file}, load.as, load.options.layer);
    if (!kind.databaseError.isEmpty()) {
        err << "rendezvous: " << kind.databaseError << '\n';
        return InputError;
    }
    if (kind.ais) {
        err << "rendezvous: " << name << ": holds AIS positions (" << kind.reason
            << "), not transfer events; find the encounters first (rendezvous detect " << name
            << " -o EVENTS.csv) and draw their network\n";
        return InputError;
    }
    if (!parser.isSet(json) && !kind.eventFiles.isEmpty())
        err << kind.noteLine({file}) << '\n';
    err.flush();
    const LoadResult result = EventReader::load(file, load.options);
    timer.lap("load");
    if (!result.report.ok()) {
        err << "rendezvous: " << name << ": " << result.report.commandLineError() << '\n';
        return InputError;
    }
    const std::vector<uint32_t> rows = load.filter.apply(*result.store);
    timer.lap("filter");
    const network::VesselNetwork net = network::build({result.store.get(), &rows, nullptr});
    timer.lap("network");
    if (parser.isSet(output)) {
        const std::vector<QPointF> positions = network::layout(net);
        timer.lap("layout");
        const bool written = isNetworkPicture(out)
            ? pictureWriter(net, positions, pictureTitle(file, net, load), out,
                            parser.isSet(overwrite), &error)
            : network::writeFile(net, &positions, out, parser.isSet(overwrite), &error);
        if (!written) {
            err << "rendezvous: " << error << '\n';
            return OutputError;
        }
        err << (isNetworkPicture(out) ? "drew " : "wrote ")
            << Summary::formatCount(int64_t(net.nodes.size())) << " vessels and "
            << Summary::formatCount(int64_t(net.edges.size())) << " pairs to " << out << '\n';
        timer.lap("write");
    }
    if (parser.isSet(json)) {
        QJsonObject head = result.report.toJson();
        head.insert(QStringLiteral("filters"), load.filterJson());
        const QJsonObject n = figuresJson(net);
        for (auto it = n.begin(); it != n.end(); ++it)
            head.insert(it.key(), it.value());
        printJson(head, net, topCount);
    } else if (!parser.isSet(output)) {
        QTextStream stdOut(stdout);
        printText(stdOut, result.report, net, load, topCount);
        stdOut.flush();
    }
    timer.lap("output");
    return Ok;
}

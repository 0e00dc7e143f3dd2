#include "commands.h"
#include "detect/geosetup.h"
#include "detectargs.h"
#include "detectgeo.h"
#include "detectprogress.h"
#include "detectstream.h"
#include "loadargs.h"
#include "tracksload.h"

#include "detect/detectedevents.h"
#include "detect/detector.h"
#include "io/dbmodule.h"
#include "io/gdalmodule.h"
#include "io/timeparser.h"
#include "jsontext.h"
#include "stagetimer.h"
#include "summary.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace {

// The scope of the analysis: --from/--to/--bbox, parsed as every command parses them.
void applyScope(const LoadArgs &load, detect::Rules *rules)
{
    if (load.filter.from)
        rules->fromMs = *load.filter.from;
    if (load.filter.to)
        rules->toMs = *load.filter.to;
    if (load.filter.bbox) {
        rules->hasBbox = true;
        rules->west = load.filter.bbox->west;
        rules->south = load.filter.bbox->south;
        rules->east = load.filter.bbox->east;
        rules->north = load.filter.bbox->north;
    }
}

QString plural(int64_t n, const char *one, const char *many)
{
    return Summary::formatCount(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

void printRows(QTextStream &out, const std::vector<detect::DetectedRow> &rows)
{
    for (const detect::DetectedRow &row : rows) {
        out << "  " << row.id.leftJustified(14) << ' ' << timeparse::toIso(row.startMs) << " – "
            << timeparse::toIso(row.endMs) << "  ";
        if (row.placed())
            out << QString::number(row.lat, 'f', 5) << ", " << QString::number(row.lon, 'f', 5);
        else
            out << "no position";
        out << "  " << row.detail << '\n';
    }
}

// Qt's help with the command's own name on the usage line and the description wrapped to
// the width of the options (Qt leaves it one long line).
QString helpText(const QCommandLineParser &parser)
{
    QStringList lines = parser.helpText().split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.first().startsWith(QLatin1String("Usage: ")))
        lines.first() = QStringLiteral("Usage: rendezvous detect [options] FILE...");
    QStringList out;
    for (const QString &line : lines) {
        if (line.size() <= 79) {
            out << line;
            continue;
        }
        QString current;
        for (const QString &word : line.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!current.isEmpty() && current.size() + 1 + word.size() > 79) {
                out << current;
                current.clear();
            }
            current += (current.isEmpty() ? QString() : QStringLiteral(" ")) + word;
        }
        out << current;
    }
    return out.join(QLatin1Char('\n'));
}

// The end of `detect` for a whole store and for a database read in parts: -o, the list
// or --json. `vessels` numbers the rows' vessels.
int finishDetect(const std::vector<detect::DetectedRow> &rows, const TrackStore &vessels,
                 const TrackSummary &sum, const TrackLoadResult &loaded,
                 const detect::GeoSetup &geo, const LoadArgs &load, const cli::KindChoice &kind,
                 const detect::Rules &rules, unsigned kinds, const int64_t counts[4],
                 const QString &portsFile, const QString &out, const QString &outName,
                 const QString &outTable, bool overwrite, bool json, cli::DetectProgress &progress)
{
    QTextStream err(stderr);
    QString error;
    StageTimer timer("detect output");
    int64_t unplaced = 0;
    const std::shared_ptr<EventStore> events = detect::toEventStore(rows, vessels, &unplaced);
    timer.lap("event store");
    QString wrote = outName;
    if (!out.isEmpty()) {
        progress.stage(QStringLiteral("writing %1…").arg(outName));
        std::vector<uint32_t> all(events->size());
        for (size_t i = 0; i < all.size(); ++i)
            all[i] = uint32_t(i);
        if (db::isDatabase(out)) {
            db::LoadRequest request;
            request.source = out;
            request.table = outTable;
            request.overwrite = overwrite;
            request.files =
                QStringList {loaded.reports.empty() ? QString() : loaded.reports.front().file};
            db::LoadSummary summary;
            if (!db::loadEvents(*events, all, request, &summary, &error)) {
                err << "rendezvous: " << outName << ": " << error << '\n';
                return cli::OutputError;
            }
            wrote = QStringLiteral("table %1 of %2").arg(summary.table, outName);
        } else if (!gdal::writeFile(*events, all, out, overwrite, &error)) {
            err << "rendezvous: " << error << '\n';
            return cli::OutputError;
        }
    }

    QTextStream stdOut(stdout);
    if (json) {
        QJsonObject o = cli::tracksJson(loaded, sum, load, kind);
        const QJsonObject found = detect::resultJson(rows, vessels);
        for (auto it = found.begin(); it != found.end(); ++it)
            o.insert(it.key(), it.value());
        o.insert(QStringLiteral("kinds"),
                 QJsonArray::fromStringList(detect::kindsText(kinds).split(QLatin1Char(','))));
        o.insert(QStringLiteral("rules"), detect::rulesJson(rules));
        QJsonObject geography = geo.toJson();
        if (!portsFile.isEmpty())
            geography.insert(QStringLiteral("ports_file"), portsFile);
        o.insert(QStringLiteral("geography"), geography);
        if (!out.isEmpty())
            o.insert(QStringLiteral("output"), outName);
        timer.lap("json built");
        // Bytes as they are: 3 MB of events through QTextStream's UTF-16 took 10 ms.
        const QByteArray text = jsontext::indented(o);
        stdOut.flush();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        timer.lap("json written");
    } else {
        cli::printTracks(stdOut, loaded, sum, load);
        if (kinds & (detect::Encounters | detect::LoiteringKind))
            stdOut << "anchorages:   " << plural(geo.anchorages, "anchorage", "anchorages")
                   << " derived from the data (cells where at least " << rules.anchorageMinVessels
                   << " vessels were stationary)"
                   << (portsFile.isEmpty()
                           ? QString()
                           : QStringLiteral(", %1 from %2")
                                 .arg(plural(geo.ports, "port", "ports"), portsFile))
                   << '\n';
        if (!geo.basemap.isEmpty())
            stdOut << "shore:        " << geo.basemap << '\n';
        stdOut << "detected:     "
               << QStringList {plural(counts[0], "encounter", "encounters"),
                               plural(counts[1], "loitering", "loitering"),
                               plural(counts[2], "gap", "gaps"),
                               plural(counts[3], "anomaly", "anomalies")}
                      .join(QStringLiteral(", "))
               << " (" << detect::kindsText(kinds) << ")\n";
        printRows(stdOut, rows);
    }
    stdOut.flush();
    if (!out.isEmpty()) {
        err << "wrote " << plural(int64_t(events->size()), "event", "events") << " to " << wrote;
        if (unplaced > 0)
            err << " (" << plural(unplaced, "anomaly", "anomalies")
                << " of vessels without any position not written: see --json)";
        err << '\n';
    }
    return cli::Ok;
}

} // namespace

int cli::detect(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Find the rendezvous in AIS position reports: encounters (two vessels together, "
        "slow, away from ports and land), loitering (one vessel slow far from shore), AIS "
        "gaps (a vessel silent for hours far from shore) and identity anomalies (bad IMO "
        "check digits, unallocated MIDs, flags unlike the MID's, one MMSI at two places at "
        "once, names or IMOs changed). The rules default to Global Fishing Watch's (in "
        "brackets below). Several FILEs are read as one data set; --from, --to and --bbox "
        "limit the analysis to that part. Anchorages are derived from the data; --ports adds "
        "yours (CSV with lat and lon columns, or any point or polygon file GDAL reads). "
        "Prints the events found, or --json, on stdout; -o writes them as events in any "
        "format convert writes (.gpkg, .geojson, .csv, .kml, .fgb, .shp, .gml). Progress "
        "goes to stderr. --field (repeatable) keys: mmsi, id, time, lat, lon, sog, cog, "
        "heading, imo, name, callsign, shiptype, length, width."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("AIS files (one or more)"),
                                 QStringLiteral("FILE..."));
    LoadArgs load;
    load.addDetectOptionsTo(parser);
    DetectArgs detectArgs;
    detectArgs.addTo(parser);
    const QCommandLineOption ports(QStringLiteral("ports"),
                                   QStringLiteral("Your ports: a point or polygon file"),
                                   QStringLiteral("FILE"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write the events to OUT"),
                                    QStringLiteral("OUT"));
    const QCommandLineOption overwrite(QStringLiteral("overwrite"),
                                       QStringLiteral("Replace OUT if it exists"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the result as one JSON object"));
    const QCommandLineOption outputLayer(QStringLiteral("output-layer"),
                                         QStringLiteral("Table of -o PG: to write"),
                                         QStringLiteral("TABLE"));
    parser.addOptions({ports, output, outputLayer, overwrite, json});
    QTextStream err(stderr);
    if (!parser.parse(QStringList {QStringLiteral("rendezvous detect")} + args)) {
        err << "rendezvous detect: " << parser.errorText() << '\n';
        return Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << helpText(parser);
        return Ok;
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        err << "rendezvous detect: FILE expected (see rendezvous detect --help)\n";
        return Usage;
    }
    QString error;
    detect::Rules rules;
    unsigned kinds = detect::AllKinds;
    if (!load.read(parser, &error) || !detectArgs.read(parser, &rules, &kinds, &error)) {
        err << "rendezvous detect: " << error << '\n';
        return Usage;
    }
    if (load.as == LoadArgs::DataAs::Events) {
        err << "rendezvous detect: --as events: detect reads AIS positions\n";
        return Usage;
    }
    applyScope(load, &rules);
    const QString out = parser.value(output);
    // A database output is written to the table --layer names (the events schema); the
    // loader refuses an existing one unless --overwrite, before anything is written.
    const bool outDatabase = db::isDatabase(out);
    const QString outName = outDatabase ? db::display(out) : out;
    // --output-layer, or --layer when FILE is a file (with a database FILE, --layer is
    // the table read).
    const QString outTable = parser.isSet(outputLayer)              ? parser.value(outputLayer)
        : (files.size() == 1 && db::isDatabase(files.constFirst())) ? QString()
                                                                    : load.options.layer;
    if (outDatabase && outTable.isEmpty()) {
        err << "rendezvous detect: -o " << outName << ": --output-layer TABLE names the table "
            << "to write (or --layer when FILE is a file)\n";
        return Usage;
    }
    // Before minutes of work, not after: the writer checks again when it commits.
    if (!outDatabase && !out.isEmpty() && QFileInfo::exists(out) && !parser.isSet(overwrite)) {
        err << "rendezvous: " << out << " exists; use --overwrite\n";
        return OutputError;
    }
    db::TableInfo existing;
    QString ignored; // not there, or no connection: the loader says which when it writes
    if (outDatabase && !parser.isSet(overwrite)
        && db::tableInfo(out, outTable, false, &existing, &ignored)) {
        err << "rendezvous: " << outName << ": table " << outTable
            << " already exists; --overwrite replaces it, or name another table\n";
        return OutputError;
    }
    const QString portsFile = parser.value(ports);
    if (!portsFile.isEmpty() && !QFileInfo(portsFile).isFile()) {
        err << "rendezvous: " << portsFile << ": no such file\n";
        return InputError;
    }

    KindChoice kind = chooseKind(files, load.as, load.options.layer);
    if (!kind.databaseError.isEmpty()) {
        err << "rendezvous: " << kind.databaseError << '\n';
        return InputError;
    }
    if (!kind.eventFiles.isEmpty()) {
        err << "rendezvous: " << kind.eventFiles.join(QStringLiteral(", "))
            << ": holds transfer events, not AIS positions (" << kind.reason
            << "); detect reads AIS positions (or say --as ais)\n";
        return InputError;
    }
    kind.ais = true;
    if (!parser.isSet(json) && kind.detected)
        err << kind.noteLine(files) << '\n';
    err.flush();
    DetectProgress progress(err);
    if (files.size() == 1 && db::isDatabase(files.constFirst())) {
        StreamedDetection found;
        const QString name = db::display(files.constFirst());
        if (load.options.layer.isEmpty()) {
            err << "rendezvous detect: " << name << ": --layer TABLE names the AIS table\n";
            return Usage;
        }
        if (!detectDatabase(files.constFirst(), load.options.layer, rules, kinds,
                            load.trackFilter(), basemapFolder(), portsFile, progress, &found,
                            &error)) {
            err << "rendezvous: " << name << ": " << error << '\n';
            return InputError;
        }
        err << "rendezvous detect: read " << Summary::formatCount(found.rowsRead)
            << " positions in " << found.parts << " parts by vessel and " << found.days
            << " days; at most " << Summary::formatCount(int64_t(found.largestPart))
            << " at once\n";
        TrackLoadResult loaded;
        LoadReport report;
        report.file = name;
        report.layer = load.options.layer;
        report.driver = QStringLiteral("PostgreSQL");
        report.records = report.loaded = found.summary.loaded;
        loaded.reports = {report};
        return finishDetect(found.rows, *found.vessels, found.summary, loaded, found.geo, load,
                            kind, rules, kinds, found.counts, portsFile, out, outName, outTable,
                            parser.isSet(overwrite), parser.isSet(json), progress);
    }
    progress.stage(files.size() == 1 ? QStringLiteral("reading 1 AIS file…")
                                     : QStringLiteral("reading %1 AIS files…").arg(files.size()));
    TrackLoadResult loaded;
    int code = Ok;
    if (!loadTracks(files, load, err, &loaded, &code))
        return code;
    const TrackStore &store = *loaded.store;

    if (kinds & (detect::Encounters | detect::LoiteringKind | detect::Gaps))
        progress.stage(kinds & (detect::Encounters | detect::LoiteringKind)
                           ? QStringLiteral("shore, anchorages and ports…")
                           : QStringLiteral("shore…"));
    detect::GeoSetup geo;
    if (!detect::makeGeography(store, rules, kinds, basemapFolder(), portsFile, &geo, &error)) {
        err << "rendezvous: " << error << '\n';
        return InputError;
    }
    for (const QString &r : geo.portRejections)
        err << "rendezvous: warning: " << r << " (port not used)\n";
    err.flush();
    progress.stage(
        QStringLiteral("detecting %1 in %2 positions…")
            .arg(detect::kindsText(kinds), Summary::formatCount(int64_t(store.positionCount()))));
    detect::Control control;
    control.progress = progress.detection();
    const detect::Result result = detect::run(store, rules, *geo.geo, kinds, control);
    control.progress(1); // 100 % said even when the last detector reports no end
    StageTimer timer("detect rows");
    const std::vector<detect::DetectedRow> rows = detect::detectedRows(result, store, rules);
    timer.lap("detected rows");
    const int64_t counts[4] = {int64_t(result.encounters.size()), int64_t(result.loitering.size()),
                               int64_t(result.gaps.size()), int64_t(result.anomalies.size())};
    const TrackSummary summary = TrackSummary::compute(store, load.trackFilter());
    timer.lap("summary");
    return finishDetect(rows, store, summary, loaded, geo, load, kind, rules, kinds, counts,
                        portsFile, out, outName, outTable, parser.isSet(overwrite),
                        parser.isSet(json), progress);
}

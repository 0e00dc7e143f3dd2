#include "commands.h"
#include "loadargs.h"
#include "tracksload.h"

#include "io/dbmodule.h"
#include "io/eventreader.h"
#include "io/timeparser.h"
#include "stagetimer.h"
#include "summary.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace {
void printText(QTextStream &out, const LoadReport &report, const Summary &sum, const LoadArgs &args)
{
    out << report.file << " (" << report.driver
        << (report.layer.isEmpty() ? QString() : QStringLiteral(", layer ") + report.layer)
        << ")\n";
    out << "  records:    " << Summary::formatCount(report.records) << " read, "
        << Summary::formatCount(report.loaded) << " loaded, "
        << Summary::formatCount(static_cast<int64_t>(report.rejections.size())) << " rejected, "
        << Summary::formatCount(report.duplicates)
        << (report.duplicatesRemoved ? " duplicates removed\n" : " exact duplicates (flagged)\n");
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
    out << "  summary:    " << sum.text() << '\n';
    if (sum.first != EventStore::kNoTime)
        out << "  events:     " << timeparse::toIso(sum.first) << " – "
            << timeparse::toIso(sum.last) << '\n';
    if (sum.bbox)
        out << "  area:       W " << sum.bbox->west << ", S " << sum.bbox->south << ", E "
            << sum.bbox->east << ", N " << sum.bbox->north
            << (sum.bbox->crossesAntimeridian() ? " (crosses 180°)" : "") << '\n';
    out << "  mapping:    " << report.mapping.describe(report.headers).join(QStringLiteral("; "))
        << '\n';
    for (const QString &n : report.notes)
        out << "  note:       " << n << '\n';
    for (const QString &w : report.warningLines())
        out << "  warning:    " << w << '\n';
    if (!report.rejections.empty()) {
        out << "  rejected " << report.rowLabel << "s:\n";
        for (const Rejection &r : report.rejections)
            out << "    " << report.rowLabel << ' ' << r.row << ": " << r.reason << '\n';
    }
}
} // namespace

int cli::info(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Load a file of transfer events and summarise the "
                       "events matching the filters."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Events file (CSV, GeoJSON, GeoPackage, ...), or "
                                                "a PostGIS table: PG:\"host=… dbname=…\" "
                                                "--layer TABLE."));
    LoadArgs load;
    load.addTo(parser);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(json);
    QTextStream err(stderr);
    if (!parser.parse(QStringList {QStringLiteral("rendezvous info")} + args)) {
        err << "rendezvous info: " << parser.errorText() << '\n';
        return Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Ok;
    }
    QString error;
    if (parser.positionalArguments().size() != 1) {
        err << "rendezvous info: one FILE expected (see rendezvous info --help)\n";
        return Usage;
    }
    if (!load.read(parser, &error)) {
        err << "rendezvous info: " << error << '\n';
        return Usage;
    }
    const QString source = parser.positionalArguments().constFirst();
    // A database is named without any password written into its connection string.
    const QString file = db::isDatabase(source) ? db::display(source) : source;
    StageTimer timer("info");
    const KindChoice kind = chooseKind({source}, load.as, load.options.layer);
    if (!kind.databaseError.isEmpty()) {
        err << "rendezvous: " << kind.databaseError << '\n';
        return InputError;
    }
    timer.lap("detect");
    if (kind.ais) {
        if (!load.filter.text.isEmpty() || load.options.dedupe) {
            err << "rendezvous info: --search and --dedupe apply to events; " << file
                << " holds AIS positions (" << kind.reason << ")\n";
            return Usage;
        }
        if (!parser.isSet(json))
            err << "rendezvous: note: " << file << " holds AIS positions (" << kind.reason
                << "): the summary of rendezvous tracks follows\n";
        err.flush();
        KindChoice said = kind;
        said.detected = false; // said above
        return runTracks({source}, load, parser.isSet(json), said);
    }
    if (!parser.isSet(json) && !kind.eventFiles.isEmpty())
        err << kind.noteLine({file}) << '\n';
    err.flush();
    const LoadResult result = EventReader::load(source, load.options);
    timer.lap("load");
    if (!result.report.ok()) {
        err << "rendezvous: " << file << ": " << result.report.commandLineError() << '\n';
        return InputError;
    }
    Summary sum = load.filter.isEmpty()
        ? Summary::compute(*result.store)
        : Summary::compute(*result.store, load.filter.apply(*result.store));
    // The same words as the window's status bar: the window asked for, then the extent.
    sum.windowFrom = load.filter.from;
    sum.windowTo = load.filter.to;
    timer.lap("filter and summary");
    QTextStream out(stdout);
    if (parser.isSet(json)) {
        QJsonObject o = result.report.toJson();
        const QJsonObject s = sum.toJson();
        for (auto it = s.begin(); it != s.end(); ++it)
            o.insert(it.key(), it.value());
        o.insert(QStringLiteral("filters"), load.filterJson());
        const QJsonObject k = kind.toJson();
        for (auto it = k.begin(); it != k.end(); ++it)
            o.insert(it.key(), it.value());
        out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        printText(out, result.report, sum, load);
    }
    out.flush();
    timer.lap("output");
    return Ok;
}

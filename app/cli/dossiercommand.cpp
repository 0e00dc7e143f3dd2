#include "commands.h"
#include "loadargs.h"
#include "tracksload.h"

#include "ais/aisreader.h"
#include "annotationmodel.h"
#include "dossier/dossierdata.h"
#include "dossier/dossierwriter.h"
#include "io/eventreader.h"
#include "map/basemap.h"
#include "mergedstore.h"
#include "project.h"
#include "stagetimer.h"
#include "summary.h"
#include "vessels/vesselsummary.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QTextStream>

#include <numeric>

int cli::dossier(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A PDF dossier per vessel: identity with its history and anomalies, a map of its "
        "events (with its track when AIS is given among the FILEs), a timeline, its network "
        "neighbourhood and a table of every event, for the events matching the filters."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("FILE"),
        QStringLiteral("Events files (CSV, GeoJSON, GeoPackage, ...), and AIS position files "
                       "for tracks and anomalies."),
        QStringLiteral("FILE..."));
    LoadArgs load;
    load.addTo(parser);
    const QCommandLineOption vessel(QStringLiteral("vessel"),
                                    QStringLiteral("The vessel, by MMSI, IMO or name "
                                                   "(repeatable: a section each)."),
                                    QStringLiteral("ID"));
    const QCommandLineOption pageOption(QStringLiteral("page"),
                                        QStringLiteral("Paper: a4 (default) or letter."),
                                        QStringLiteral("SIZE"), QStringLiteral("a4"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("The PDF to write."), QStringLiteral("OUT.pdf"));
    const QCommandLineOption overwrite(QStringLiteral("overwrite"),
                                       QStringLiteral("Replace OUT if it exists."));
    const QCommandLineOption annotations(
        QStringLiteral("annotations"),
        QStringLiteral("Draw the annotations of the project P.rvz on the maps."),
        QStringLiteral("P.rvz"));
    parser.addOptions({vessel, pageOption, output, overwrite, annotations});
    QTextStream err(stderr);
    if (!parser.parse(QStringList {QStringLiteral("rendezvous dossier")} + args)) {
        err << "rendezvous dossier: " << parser.errorText() << '\n';
        return Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Ok;
    }
    QString error;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        err << "rendezvous dossier: FILE expected (see rendezvous dossier --help)\n";
        return Usage;
    }
    if (!load.read(parser, &error)) {
        err << "rendezvous dossier: " << error << '\n';
        return Usage;
    }
    const QStringList wanted = parser.values(vessel);
    if (wanted.isEmpty()) {
        err << "rendezvous dossier: --vessel MMSI|IMO|NAME expected (repeatable)\n";
        return Usage;
    }
    const auto page = dossierpdf::pageFromName(parser.value(pageOption));
    if (!page) {
        err << "rendezvous dossier: --page must be a4 or letter, not '" << parser.value(pageOption)
            << "'\n";
        return Usage;
    }
    const QString out = parser.value(output);
    if (out.isEmpty()) {
        err << "rendezvous dossier: -o OUT.pdf expected\n";
        return Usage;
    }
    if (!out.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) {
        err << "rendezvous dossier: " << out << ": a dossier is written as .pdf\n";
        return Usage;
    }
    if (!parser.isSet(overwrite) && QFileInfo::exists(out)) {
        err << "rendezvous dossier: " << out << " exists; use --overwrite\n";
        return OutputError;
    }

    QJsonArray marks;
    if (parser.isSet(annotations)) {
        Project project;
        if (!Project::read(parser.value(annotations), &project, &error)) {
            err << "rendezvous dossier: " << parser.value(annotations) << ": " << error << '\n';
            return InputError;
        }
        AnnotationModel check;
        if (!check.fromJson(project.annotations, &error)) {
            err << "rendezvous dossier: " << parser.value(annotations) << ": annotations: " << error
                << '\n';
            return InputError;
        }
        marks = project.annotations;
    }
    StageTimer timer("dossier");
    QStringList eventFiles, aisFiles;
    for (const QString &f : files) {
        if (!QFileInfo::exists(f)) {
            err << "rendezvous: " << f << ": no such file\n";
            return InputError;
        }
        (chooseKind({f}, load.as).ais ? aisFiles : eventFiles) << f;
    }
    if (eventFiles.isEmpty()) {
        err << "rendezvous dossier: no events file among the FILEs (only AIS positions); find "
               "the encounters first (rendezvous detect "
            << aisFiles.join(QLatin1Char(' ')) << " -o EVENTS.csv)\n";
        return InputError;
    }
    Basemap::setInstanceLoadsOnDemand(true);
    std::vector<mergedstore::Part> parts;
    QStringList sources;
    for (const QString &f : eventFiles) {
        const LoadResult result = EventReader::load(f, load.options);
        if (!result.report.ok()) {
            err << "rendezvous: " << f << ": " << result.report.commandLineError() << '\n';
            return InputError;
        }
        parts.push_back({QFileInfo(f).fileName(), result.store});
        sources << QFileInfo(f).fileName();
    }
    timer.lap("load");
    std::shared_ptr<const TrackStore> tracks;
    if (!aisFiles.isEmpty()) {
        const TrackLoadResult read = aisreader::read(aisFiles, LoadOptions {});
        if (!read.ok()) {
            QString why = read.error;
            for (const LoadReport &r : read.reports)
                if (!r.ok())
                    why = r.file + QStringLiteral(": ") + r.error;
            err << "rendezvous dossier: " << why << '\n';
            return InputError;
        }
        tracks = read.store;
        for (const QString &f : aisFiles)
            sources << QFileInfo(f).fileName() + QStringLiteral(" (AIS)");
        timer.lap("tracks");
    }
    const std::shared_ptr<const EventStore> store =
        parts.size() == 1 ? parts.front().store : mergedstore::merge(parts);
    const std::vector<uint32_t> rows = load.filter.apply(*store);

    // Who the vessels are: among every event and track, not only those in the window,
    // so that a vessel without events in the window gets its page saying so.
    std::vector<uint32_t> everyRow(store->size());
    std::iota(everyRow.begin(), everyRow.end(), 0u);
    vessels::SummaryInput all;
    all.events = store.get();
    all.rows = &everyRow;
    all.tracks = tracks.get();
    const std::vector<VesselRow> known = vessels::summarise(all);
    dossierpdf::Job job;
    job.store = store;
    job.tracks = tracks;
    job.sources = sources;
    job.page = *page;
    job.annotations = marks;
    std::vector<std::string> keys;
    for (const QString &w : wanted) {
        QStringList near;
        const std::vector<size_t> found = dossier::resolve(known, w, &near);
        if (found.empty()) {
            err << "rendezvous dossier: no vessel '" << w << "' (by MMSI, IMO or name) in "
                << eventFiles.join(QStringLiteral(", "));
            if (near.isEmpty())
                err << "; no near match\n";
            else
                err << "; near matches:\n  " << near.join(QStringLiteral("\n  ")) << '\n';
            return InputError;
        }
        if (found.size() > 1) {
            err << "rendezvous dossier: note: '" << w << "' names " << found.size()
                << " vessels; a section for each:\n";
            for (const size_t i : found)
                err << "  " << vessels::describe(known[i]) << '\n';
        }
        for (const size_t i : found)
            if (std::find(keys.begin(), keys.end(), known[i].key) == keys.end())
                keys.push_back(known[i].key);
    }
    dossier::Input in;
    in.events = store.get();
    in.rows = &rows;
    in.tracks = tracks.get();
    in.from = load.filter.from;
    in.to = load.filter.to;
    in.sourceName = parts.front().name;
    QTextStream stdOut(stdout);
    for (const std::string &key : keys) {
        dossier::Data d = dossier::build(in, key);
        if (!d.inWindow || d.events.empty()) {
            // The identity of the vessel as the whole data knows it.
            for (const VesselRow &v : known)
                if (v.key == key) {
                    VesselRow shown = v;
                    shown.events = 0;
                    shown.partners = 0;
                    shown.barrels = 0;
                    shown.volumeUnknown = 0;
                    shown.eventRows.clear();
                    d.vessel = shown;
                    d.title = vessels::describe(shown);
                }
            err << "rendezvous dossier: note: " << d.title << ": no events in the time window ("
                << (load.filter.isEmpty() ? QStringLiteral("no filter")
                                          : Summary::formatPeriod(load.filter.from, load.filter.to))
                << ")\n";
        }
        job.vessels.push_back(std::move(d));
    }
    timer.lap("figures");
    if (!dossierpdf::write(job, out, parser.isSet(overwrite), &error)) {
        err << "rendezvous dossier: " << error << '\n';
        return OutputError;
    }
    timer.lap("write");
    const auto pages = [](int n) { return QString::number(n) + (n == 1 ? " page" : " pages"); };
    stdOut << out << ": " << pages(dossierpdf::pageCount(job)) << '\n';
    for (const dossier::Data &d : job.vessels)
        stdOut << "  " << d.title << ": " << Summary::formatCount(d.summary.events)
               << (d.summary.events == 1 ? " event, " : " events, ")
               << Summary::formatCount(d.vessel.partners)
               << (d.vessel.partners == 1 ? " partner, " : " partners, ")
               << Summary::formatVolume(d.summary.volumeBbl) << " bbl ("
               << Summary::formatCount(d.summary.volumeUnknown) << " with unknown volume), "
               << pages(dossierpdf::pageCount(d, job.page)) << '\n';
    return Ok;
}

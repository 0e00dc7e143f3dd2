#include "commands.h"
#include "tracksload.h"

#include <QTextStream>

int cli::tracks(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Load AIS position reports (MarineCadastre or Danish Maritime Authority "
                       "CSV, NMEA 0183 logs, any table with an id, a time and a position; .gz "
                       "and .zip read in place) into vessel tracks, as one data set, and "
                       "summarise them: positions matching the filters, vessels, segments, "
                       "time span, area, and every rejected record with its reason."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("AIS files (one or more)."),
                                 QStringLiteral("FILE..."));
    LoadArgs load;
    load.addTrackOptionsTo(parser);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(json);
    QTextStream err(stderr);
    if (!parser.parse(QStringList {QStringLiteral("rendezvous tracks")} + args)) {
        err << "rendezvous tracks: " << parser.errorText() << '\n';
        return Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Ok;
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        err << "rendezvous tracks: FILE expected (see rendezvous tracks --help)\n";
        return Usage;
    }
    QString error;
    if (!load.read(parser, &error)) {
        err << "rendezvous tracks: " << error << '\n';
        return Usage;
    }
    if (load.as == LoadArgs::DataAs::Events) {
        err << "rendezvous tracks: --as events: tracks reads AIS positions; summarise events "
               "with rendezvous info\n";
        return Usage;
    }
    KindChoice kind = chooseKind(files, load.as, load.options.layer);
    if (!kind.databaseError.isEmpty()) {
        err << "rendezvous: " << kind.databaseError << '\n';
        return InputError;
    }
    // A file the detector cannot tell is read as positions (the reader says which
    // columns it misses); one it takes for events is refused unless --as ais says so.
    if (!kind.eventFiles.isEmpty()) {
        err << "rendezvous: " << kind.eventFiles.join(QStringLiteral(", "))
            << ": holds transfer events, not AIS positions (" << kind.reason
            << "); summarise it with rendezvous info, or read it as positions with --as ais\n";
        return InputError;
    }
    kind.ais = true;
    err.flush();
    return runTracks(files, load, parser.isSet(json), kind);
}

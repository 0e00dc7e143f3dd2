#include "commands.h"
#include "loadargs.h"
#include "tracksload.h"

#include "io/dbmodule.h"
#include "io/eventreader.h"
#include "io/gdalmodule.h"
#include "stagetimer.h"
#include "summary.h"

#include <QTextStream>

namespace {

// "table "x" already exists in PG:…; --overwrite replaces it, or name another table with
// --layer": the store's refusal already says how.
int databaseError(QTextStream &err, const QString &error)
{
    err << "rendezvous: " << error << '\n';
    return cli::OutputError;
}

int convertTracks(const QStringList &files, const LoadArgs &load, const cli::KindChoice &kind,
                  gdal::TrackGeometry geometry, const QString &out, bool overwrite,
                  const QString &table)
{
    QTextStream err(stderr);
    if (kind.detected)
        err << kind.noteLine(files) << '\n';
    err.flush();
    StageTimer timer("convert tracks");
    TrackLoadResult result;
    int code = cli::Ok;
    if (!cli::loadTracks(files, load, err, &result, &code))
        return code;
    timer.lap("read");
    const TrackStore &store = *result.store;
    const std::vector<uint32_t> positions = load.trackFilter().apply(store);
    QString error;
    int64_t rejected = 0;
    for (const LoadReport &r : result.reports)
        rejected += int64_t(r.rejections.size());
    if (db::isDatabase(out)) {
        db::LoadSummary loaded;
        if (!db::loadTracks(store, positions, {out, table, overwrite, files}, &loaded, &error))
            return databaseError(err, error);
        err << "wrote " << Summary::formatCount(loaded.rows) << " positions to table "
            << loaded.table << " and " << Summary::formatCount(loaded.vessels)
            << " vessel identities to " << loaded.table << "_vessels in " << db::display(out);
        if (rejected > 0)
            err << " (" << Summary::formatCount(rejected)
                << " rejected records not written; see rendezvous tracks)";
        err << '\n';
        return cli::Ok;
    }
    int64_t features = 0;
    if (!gdal::writeTracks(store, positions, geometry, out, overwrite, &features, &error)) {
        err << "rendezvous: " << error << '\n';
        return cli::OutputError;
    }
    err << "wrote "
        << (geometry == gdal::TrackGeometry::Lines
                ? QStringLiteral("%1 track lines (%2 positions)")
                      .arg(Summary::formatCount(features),
                           Summary::formatCount(int64_t(positions.size())))
                : QStringLiteral("%1 positions").arg(Summary::formatCount(features)))
        << " to " << out;
    if (rejected > 0)
        err << " (" << Summary::formatCount(rejected)
            << " rejected records not written; see rendezvous tracks)";
    err << '\n';
    return cli::Ok;
}

} // namespace

int cli::convert(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write the events matching the filters to another "
                       "format (from the extension: .gpkg, .geojson, "
                       ".csv, .kml, .fgb, .shp), every attribute kept. "
                       "AIS positions (several files as one data set) are written as "
                       "tracks: one line per segment, or one point per position "
                       "(--tracks points). OUT may be a PostGIS database, "
                       "PG:\"host=… dbname=…\" or PG:service=…: events then go to the table "
                       "--layer names (default events), AIS positions to it (default "
                       "ais_positions) with their vessels in <table>_vessels, loaded with "
                       "COPY; the input is then read from its first layer with events."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Events file, or AIS files, to read."),
                                 QStringLiteral("FILE..."));
    LoadArgs load;
    load.addTo(parser);
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("File (or PG:… database) to write."),
                                    QStringLiteral("OUT"));
    const QCommandLineOption overwrite(
        QStringLiteral("overwrite"),
        QStringLiteral("Replace OUT (or the database table) if it exists."));
    const QCommandLineOption tracks(
        QStringLiteral("tracks"),
        QStringLiteral("AIS positions as lines (one per segment, default) or points (one per "
                       "position)."),
        QStringLiteral("lines|points"));
    parser.addOptions({output, overwrite, tracks});
    QTextStream err(stderr);
    if (!parser.parse(QStringList {QStringLiteral("rendezvous convert")} + args)) {
        err << "rendezvous convert: " << parser.errorText() << '\n';
        return Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Ok;
    }
    QString error;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty() || !parser.isSet(output)) {
        err << "rendezvous convert: FILE and -o OUT expected (see rendezvous convert --help)\n";
        return Usage;
    }
    if (!load.read(parser, &error)) {
        err << "rendezvous convert: " << error << '\n';
        return Usage;
    }
    gdal::TrackGeometry geometry = gdal::TrackGeometry::Lines;
    if (parser.isSet(tracks)) {
        const QString t = parser.value(tracks).toLower();
        if (t == QLatin1String("points"))
            geometry = gdal::TrackGeometry::Points;
        else if (t != QLatin1String("lines")) {
            err << "rendezvous convert: --tracks must be lines or points, not '"
                << parser.value(tracks) << "'\n";
            return Usage;
        }
        if (load.as == LoadArgs::DataAs::Events) {
            err << "rendezvous convert: --tracks writes AIS positions, not --as events\n";
            return Usage;
        }
    }
    const QString out = parser.value(output);
    // Writing to a database, --layer names the table written, not a layer read.
    QString table;
    if (db::isDatabase(out)) {
        table = load.options.layer;
        load.options.layer.clear();
    }
    KindChoice kind = chooseKind(files, load.as);
    if (kind.ais || (parser.isSet(tracks) && kind.eventFiles.isEmpty())) {
        if (!load.filter.text.isEmpty() || load.options.dedupe) {
            err << "rendezvous convert: --search and --dedupe apply to events, not to AIS "
                   "positions\n";
            return Usage;
        }
        kind.ais = true;
        return convertTracks(files, load, kind, geometry, out, parser.isSet(overwrite), table);
    }
    if (parser.isSet(tracks)) {
        err << "rendezvous: " << kind.eventFiles.join(QStringLiteral(", "))
            << ": holds transfer events, not AIS positions (" << kind.reason
            << "); --tracks applies to AIS (or say --as ais)\n";
        return InputError;
    }
    if (files.size() != 1) {
        err << "rendezvous convert: events are converted one FILE at a time (several files "
               "load as one data set for AIS positions only)\n";
        return Usage;
    }
    const QString source = files.constFirst();
    // A database is named without any password written into its connection string.
    const QString file = db::isDatabase(source) ? db::display(source) : source;
    if (!kind.eventFiles.isEmpty())
        err << kind.noteLine({file}) << '\n';
    const LoadResult result = EventReader::load(source, load.options);
    if (!result.report.ok()) {
        err << "rendezvous: " << file << ": " << result.report.commandLineError() << '\n';
        return InputError;
    }
    const std::vector<uint32_t> rows = load.filter.apply(*result.store);
    if (db::isDatabase(out)) {
        db::LoadSummary loaded;
        if (!db::loadEvents(*result.store, rows, {out, table, parser.isSet(overwrite), {file}},
                            &loaded, &error))
            return databaseError(err, error);
        err << "wrote " << Summary::formatCount(loaded.rows) << " events to table " << loaded.table
            << " in " << db::display(out);
        if (!result.report.rejections.empty())
            err << " (" << result.report.rejections.size() << " rejected " << result.report.rowLabel
                << "s of " << file << " not written; see rendezvous info)";
        err << '\n';
        return Ok;
    }
    if (!gdal::writeFile(*result.store, rows, out, parser.isSet(overwrite), &error)) {
        err << "rendezvous: " << error << '\n';
        return OutputError;
    }
    err << "wrote " << Summary::formatCount(static_cast<int64_t>(rows.size())) << " events to "
        << out;
    if (!result.report.rejections.empty())
        err << " (" << result.report.rejections.size() << " rejected " << result.report.rowLabel
            << "s of " << file << " not written; see rendezvous info)";
    err << '\n';
    return Ok;
}

#include "commands.h"
#include "loadargs.h"

#include "io/eventreader.h"
#include "io/gdalmodule.h"
#include "summary.h"

#include <QTextStream>

int cli::convert(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write the events matching the filters to another "
                       "format (from the extension: .gpkg, .geojson, "
                       ".csv, .kml, .fgb, .shp), every attribute kept."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Events file to read."));
    LoadArgs load;
    load.addTo(parser);
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("File to write."), QStringLiteral("OUT"));
    const QCommandLineOption overwrite(QStringLiteral("overwrite"),
                                       QStringLiteral("Replace OUT if it exists."));
    parser.addOptions({output, overwrite});
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
    if (parser.positionalArguments().size() != 1 || !parser.isSet(output)) {
        err << "rendezvous convert: FILE and -o OUT expected (see rendezvous convert --help)\n";
        return Usage;
    }
    if (!load.read(parser, &error)) {
        err << "rendezvous convert: " << error << '\n';
        return Usage;
    }
    const QString file = parser.positionalArguments().constFirst();
    const LoadResult result = EventReader::load(file, load.options);
    if (!result.report.ok()) {
        err << "rendezvous: " << file << ": " << result.report.commandLineError() << '\n';
        return InputError;
    }
    const std::vector<uint32_t> rows = load.filter.apply(*result.store);
    const QString out = parser.value(output);
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

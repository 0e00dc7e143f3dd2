// Build-time step: each level of the basemap from its TopoJSON (land-110m.json and
// countries-110m.json...) into the prepared file the application reads
// (basemap-110m.bin...; see widgets/map/basemapfile.cpp). The JSON stays the source of
// truth; this runs whenever it or the code that cuts it changes.
// Usage: rendezvous_preparebasemap SOURCE_FOLDER OUTPUT_FOLDER
#include "map/basemap.h"

#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream err(stderr);
    const QStringList args = app.arguments();
    if (args.size() != 3) {
        err << "usage: rendezvous_preparebasemap SOURCE_FOLDER OUTPUT_FOLDER\n";
        return 2;
    }
    const QDir source(args[1]);
    const QDir output(args[2]);
    if (!QDir().mkpath(output.absolutePath())) {
        err << "rendezvous_preparebasemap: cannot create " << output.absolutePath() << '\n';
        return 1;
    }
    static const char *const suffix[Basemap::kDetailCount] = {"110m", "50m", "10m"};
    for (int i = 0; i < Basemap::kDetailCount; ++i) {
        const Basemap::Detail detail = Basemap::Detail(i);
        QString error;
        const auto level = Basemap::buildLevel(
            detail, source.filePath(QStringLiteral("land-%1.json").arg(QLatin1String(suffix[i]))),
            source.filePath(QStringLiteral("countries-%1.json").arg(QLatin1String(suffix[i]))),
            &error);
        // A level without borders is an error here: the prepared files must be whole.
        if (!level || !error.isEmpty()) {
            err << "rendezvous_preparebasemap: " << error << '\n';
            return 1;
        }
        if (!Basemap::writePrepared(*level, output.filePath(Basemap::preparedFileName(detail)),
                                    &error)) {
            err << "rendezvous_preparebasemap: " << error << '\n';
            return 1;
        }
    }
    return 0;
}

#include "commands.h"
#include "loadargs.h"

#include "io/eventreader.h"
#include "map/basemaplayer.h"
#include "map/decorationslayer.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/maprenderer.h"
#include "map/mapview.h"
#include "map/tilelayer.h"
#include "map/vectoroverlaylayer.h"
#include "spatialindex.h"
#include "stagetimer.h"
#include "summary.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImageWriter>
#include <QPainter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextStream>
#include <QThread>

// `rendezvous render`: one frame of the map, drawn by the same renderer and the same
// layer assembly (MapLayerSet) as the window (basemap, overlays, events with clusters
// and legend, selection, decorations), so the picture in a report is the one the
// investigator saw.
namespace {
constexpr int kMaxSide = 16384; // QImage and memory: 16k x 16k x 4 bytes = 1 GiB
constexpr int kTileBudgetMs = 30000; // then whatever arrived, over the vector basemap

bool parseSize(const QString &text, QSize *size)
{
    static const QRegularExpression re(
        QStringLiteral("^\\s*(\\d{1,5})\\s*[xX]\\s*(\\d{1,5})\\s*$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return false;
    *size = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    return size->width() >= 16 && size->height() >= 16 && size->width() <= kMaxSide
        && size->height() <= kMaxSide;
}

// Tiles load asynchronously: paint once so the layer knows what it lacks, then let the
// event loop fetch until nothing is pending (a dead server fails each request within
// the layer's timeout) or the budget is spent.
void waitForTiles(TileLayer &tiles, const MapRenderer &renderer, const MapViewport &vp,
                  const RenderOptions &options)
{
    QElapsedTimer clock;
    clock.start();
    QImage scratch(vp.size(), QImage::Format_ARGB32_Premultiplied);
    for (int pass = 0; pass < 3 && clock.elapsed() < kTileBudgetMs; ++pass) {
        {
            QPainter p(&scratch);
            renderer.render(p, vp, options);
        }
        QElapsedTimer settle;
        settle.start();
        while (settle.elapsed() < 100)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (tiles.pendingCount() == 0)
            return;
        while (tiles.pendingCount() > 0 && clock.elapsed() < kTileBudgetMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents,
                                            100);
            QThread::msleep(5);
        }
    }
}

bool knownColumn(const EventStore &store, const QString &key)
{
    return fieldFromKey(key).has_value() || store.extraNames().contains(key);
}
} // namespace

int cli::render(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Render the events in FILE on the map into an image, as the viewer shows them.\n"
        "--bbox sets the view (default: fitted to the matching events); events outside it\n"
        "are simply out of view."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Events file (CSV, GeoJSON, GeoPackage, ...)."));
    LoadArgs load;
    load.addTo(parser);
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Image to write (PNG; .jpg also works)."),
                                    QStringLiteral("OUT"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Image size in pixels (default 1600x1000)."),
                                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    const QCommandLineOption basemap(QStringLiteral("basemap"),
                                     QStringLiteral("none, land (default, offline) or tiles."),
                                     QStringLiteral("B"), QStringLiteral("land"));
    const QCommandLineOption tileUrl(
        QStringLiteral("tile-url"),
        QStringLiteral("XYZ URL template or .mbtiles file for --basemap tiles "
                       "(default OpenStreetMap)."),
        QStringLiteral("URL"));
    const QCommandLineOption colorBy(
        QStringLiteral("color-by"),
        QStringLiteral("Colour the markers by this field or column (default cargo)."),
        QStringLiteral("FIELD"), QStringLiteral("cargo"));
    const QCommandLineOption overlay(
        QStringLiteral("overlay"),
        QStringLiteral("Draw this vector file (EEZ, areas, routes: any format OGR reads) "
                       "under the events; repeatable, drawn in the order given."),
        QStringLiteral("FILE"));
    parser.addOptions({output, size, basemap, tileUrl, colorBy, overlay});

    QTextStream err(stderr);
    const auto usageError = [&](const QString &message) {
        err << "rendezvous render: " << message << '\n';
        return Usage;
    };
    if (!parser.parse(QStringList {QStringLiteral("rendezvous render")} + args))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return Ok;
    }
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("one FILE expected (see rendezvous render --help)"));
    QString error;
    if (!load.read(parser, &error))
        return usageError(error);
    if (!parser.isSet(output))
        return usageError(QStringLiteral("-o OUT is required"));
    const QString out = parser.value(output);
    const QByteArray format = QFileInfo(out).suffix().toLower().toLatin1();
    if (!QImageWriter::supportedImageFormats().contains(format))
        return usageError(QStringLiteral("cannot write images of type '%1' (use .png)")
                              .arg(QString::fromLatin1(format)));
    QSize imageSize;
    if (!parseSize(parser.value(size), &imageSize))
        return usageError(QStringLiteral("--size must be WxH with sides from 16 to %1, not '%2'")
                              .arg(kMaxSide)
                              .arg(parser.value(size)));
    RenderOptions options;
    const QString base = parser.value(basemap).toLower();
    if (base == QLatin1String("none"))
        options.basemap = RenderOptions::Basemap::None;
    else if (base == QLatin1String("tiles"))
        options.basemap = RenderOptions::Basemap::Tiles;
    else if (base != QLatin1String("land"))
        return usageError(
            QStringLiteral("--basemap must be none, land or tiles, not '%1'").arg(base));
    options.colorBy = parser.value(colorBy);
    // The box is the view, not a filter: the window shows everything in its view.
    const std::optional<GeoBox> viewBox = load.filter.bbox;
    load.filter.bbox.reset();

    const QString file = parser.positionalArguments().constFirst();
    StageTimer timer("render");
    const LoadResult result = EventReader::load(file, load.options);
    timer.lap("load");
    if (!result.report.ok()) {
        err << "rendezvous: " << file << ": " << result.report.error << '\n';
        return InputError;
    }
    std::shared_ptr<const EventStore> store = result.store;
    if (!knownColumn(*store, options.colorBy))
        return usageError(
            QStringLiteral("--color-by: no field or column '%1' in %2").arg(options.colorBy, file));
    std::vector<uint32_t> rows = load.filter.apply(*store);
    const Summary sum = Summary::compute(*store, rows);

    MapViewport vp(20, 0, 0, imageSize);
    if (viewBox) {
        vp.fitBox(viewBox->west, viewBox->south, viewBox->east, viewBox->north, 0);
    } else if (sum.bbox) {
        vp.fitBox(sum.bbox->west, sum.bbox->south, sum.bbox->east, sum.bbox->north,
                  MapView::kFitMargin);
        vp.setZoom(std::min(vp.zoom(), MapView::kMaxFitZoom)); // one event: not street level
    } else {
        vp.fitBox(-180, -60, 180, 75, 0); // nothing to show: the world
    }

    // The overlays are read before anything else is set up: a bad file fails fast.
    std::vector<std::unique_ptr<VectorOverlayLayer>> overlays;
    for (const QString &path : parser.values(overlay)) {
        QString why;
        std::unique_ptr<VectorOverlayLayer> layer = VectorOverlayLayer::fromFile(path, &why);
        if (!layer) {
            err << "rendezvous render: --overlay: " << why << '\n';
            return InputError;
        }
        // The colours the layers dock gives overlays added in this order.
        layer->setColor(VectorOverlayLayer::defaultColor(int(overlays.size())));
        overlays.push_back(std::move(layer));
    }
    timer.lap("overlays");

    MapRenderer renderer;
    MapLayerSet layers;
    layers.attach(&renderer);
    // Creates only what the options draw: the land starts loading its files, tiles a
    // network manager.
    layers.applyOptions(options);
    if (BasemapLayer *land = layers.land()) {
        // Draw the level the window would at this zoom, not a coarser one still loading.
        if (!land->basemap()->waitFor(Basemap::detailForZoom(vp.zoom())))
            err << "rendezvous render: warning: basemap not available (" << land->basemap()->error()
                << "); drawing without it\n";
    }
    TileLayer *tiles = layers.tiles();
    if (tiles) {
        const QString url = parser.value(tileUrl);
        if (url.endsWith(QLatin1String(".mbtiles"), Qt::CaseInsensitive))
            tiles->setMbTilesFile(url);
        else if (!url.isEmpty())
            tiles->setUrlTemplate(url);
    }
    for (auto &o : overlays)
        layers.addOverlay(std::move(o));
    timer.lap("basemap");
    auto index = std::make_shared<const SpatialIndex>(*store);
    layers.events()->setData(store, index, std::move(rows));
    layers.applyOptions(options);
    timer.lap("index");
    if (tiles) {
        waitForTiles(*tiles, renderer, vp, options);
        layers.decorations()->setTileAttribution(tiles->attribution());
        timer.lap("tiles");
    }

    QImage image(imageSize, QImage::Format_ARGB32_Premultiplied);
    {
        QPainter p(&image);
        renderer.render(p, vp, options);
    }
    timer.lap("render");
    QSaveFile save(out);
    if (!save.open(QIODevice::WriteOnly) || !image.save(&save, format.constData())
        || !save.commit()) {
        err << "rendezvous render: cannot write " << out << ": " << save.errorString() << '\n';
        return OutputError;
    }
    timer.lap("write");
    QTextStream(stdout) << out << ": " << imageSize.width() << 'x' << imageSize.height() << ", "
                        << sum.text() << '\n';
    return Ok;
}

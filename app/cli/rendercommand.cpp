#include "commands.h"
#include "exportargs.h"
#include "io/dbmodule.h"
#include "loadargs.h"

#include "ais/aisreader.h"
#include "annotationmodel.h"
#include "eventstorejson.h"
#include "export/exportrenderer.h"
#include "export/exportscene.h"
#include "export/exportwriter.h"
#include "filtercaption.h"
#include "investigation.h"
#include "io/dbmodule.h"
#include "io/eventreader.h"
#include "map/basemaplayer.h"
#include "map/decorationslayer.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/maprenderer.h"
#include "map/mapview.h"
#include "map/rasterlayer.h"
#include "map/tilelayer.h"
#include "map/tracklayer.h"
#include "map/vectoroverlaylayer.h"
#include "mergedstore.h"
#include "renderproject.h"
#include "spatialindex.h"
#include "stagetimer.h"
#include "summary.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QPainter>
#include <QTextStream>
#include <QThread>

#include <future>

// `rendezvous render`: the map drawn by the same renderer and the same layer assembly
// (MapLayerSet) as the window, composed by the same code as the export dialog
// (ExportRenderer: title block, legend, scale bar, north arrow, overview, credits) and
// written by the same writers (PNG, JPEG, PDF, SVG, GeoTIFF), so the picture in a
// report is the one the investigator saw. Parsing and loading build an ExportScene
// (layers, view, render options, filters in words); writing it takes the scene and
// the ExportSettings and nothing else.
namespace {
constexpr int kTileBudgetMs = 30000; // then whatever arrived, over the vector basemap

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

// The view for a box (or the data, or the world) fitted into the export's map frame,
// so that the composition shows it at the frame's own size.
MapViewport fittedView(const ExportSettings &settings, ExportScene &scene,
                       const std::optional<GeoBox> &viewBox, const Summary &sum)
{
    scene.view = MapViewport(20, 0, 0, QSize(1, 1));
    MapViewport vp(20, 0, 0, ExportRenderer::layout(settings, scene).map.size().toSize());
    if (viewBox) {
        vp.fitBox(viewBox->west, viewBox->south, viewBox->east, viewBox->north, 0);
    } else if (sum.bbox) {
        vp.fitBox(sum.bbox->west, sum.bbox->south, sum.bbox->east, sum.bbox->north,
                  MapView::kFitMargin);
        vp.setZoom(std::min(vp.zoom(), MapView::kMaxFitZoom)); // one event: not street level
    } else {
        vp.fitBox(-180, -60, 180, 75, 0); // nothing to show: the world
    }
    return vp;
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
                                 QStringLiteral("Events file (CSV, GeoJSON, GeoPackage, ...); "
                                                "with --project, its data file by default."));
    LoadArgs load;
    load.addTo(parser);
    ExportArgs exportArgs;
    exportArgs.addTo(parser);
    const QCommandLineOption output(
        {QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("File to write: .png, .jpg, .pdf, .svg or .tif (GeoTIFF, EPSG:3857)."),
        QStringLiteral("OUT"));
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
        QStringLiteral("Draw this vector file (EEZ, areas, routes: any format OGR reads) or "
                       "raster (GeoTIFF, COG, VRT: imagery in any projection) under the "
                       "events; repeatable, drawn in the order given (rasters under vector "
                       "files)."),
        QStringLiteral("FILE"));
    const QCommandLineOption projectOption(
        QStringLiteral("project"),
        QStringLiteral("Draw as this project (.rvz) does in the window: its data, filters, "
                       "view, layers, styles, annotations and export settings; the options "
                       "given here apply on top. With FILE a database (PG:…), the name of "
                       "a project shared in it (File > Save Project to Database)."),
        QStringLiteral("P.rvz"));
    const QCommandLineOption tracksOption(
        QStringLiteral("tracks"),
        QStringLiteral("Draw the vessel tracks of this AIS file (MarineCadastre or DMA CSV, "
                       "a position table, an NMEA log; .gz/.zip) under the events, cut to "
                       "--from/--to; repeatable: the files are one data set."),
        QStringLiteral("AIS"));
    parser.addOptions({output, basemap, tileUrl, colorBy, overlay, projectOption, tracksOption});

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
    const bool withProject = parser.isSet(projectOption);
    if (parser.positionalArguments().size() > 1
        || (parser.positionalArguments().isEmpty() && !withProject))
        return usageError(QStringLiteral("one FILE expected (see rendezvous render --help)"));
    QString error;
    if (!load.read(parser, &error))
        return usageError(error);
    if (!parser.isSet(output))
        return usageError(QStringLiteral("-o OUT is required"));
    Project project;
    // `render PG:… --project NAME`: a project shared in that database (README "Shared
    // projects"), drawn with its own data, as a project file is.
    bool sharedProject = false;
    if (withProject) {
        const QString path = parser.value(projectOption);
        const QStringList positional = parser.positionalArguments();
        sharedProject = positional.size() == 1 && db::isDatabase(positional.constFirst())
            && !QFileInfo::exists(path);
        if (sharedProject) {
            db::Session session;
            session.source = positional.constFirst();
            const db::ProjectReply reply = db::loadProject(session, path);
            if (!reply.ok) {
                err << "rendezvous render: project " << path << ": " << reply.message
                    << (reply.failure == db::Failure::NeedsPassword
                            ? QStringLiteral(" (put it in ~/.pgpass or a service file)")
                            : QString())
                    << '\n';
                return InputError;
            }
            if (!Project::parse(reply.content, QString(), &project, &error)) {
                err << "rendezvous render: project " << path << " (revision "
                    << reply.project.revision << ") in " << db::display(session.source) << ": "
                    << error << '\n';
                return InputError;
            }
        } else if (!Project::read(path, &project, &error)) {
            err << "rendezvous render: " << path << ": " << error << '\n';
            return InputError;
        }
        if (!load.filter.isEmpty()
            && (load.filter.from || load.filter.to || !load.filter.text.isEmpty()))
            return usageError(QStringLiteral("--from, --to and --search do not combine with "
                                             "--project: the project's filters apply"));
    }
    const QString out = parser.value(output);
    ExportSettings settings;
    ExportSettings projectSettings;
    if (withProject && !project.exportSettings.isEmpty()
        && !ExportSettings::fromJson(project.exportSettings, &projectSettings, &error)) {
        err << "rendezvous render: " << parser.value(projectOption)
            << ": export settings: " << error << '\n';
        return InputError;
    }
    if (withProject && !renderproject::checkSections(project, &error)) {
        err << "rendezvous render: " << parser.value(projectOption) << ": " << error << '\n';
        return InputError;
    }
    if (!exportArgs.read(parser, out, &settings, &error, withProject ? &projectSettings : nullptr))
        return usageError(error);
    RenderOptions options = withProject ? renderproject::options(project) : RenderOptions();
    const QString base = parser.value(basemap).toLower();
    if (base == QLatin1String("none"))
        options.basemap = RenderOptions::Basemap::None;
    else if (base == QLatin1String("tiles"))
        options.basemap = RenderOptions::Basemap::Tiles;
    else if (base != QLatin1String("land"))
        return usageError(
            QStringLiteral("--basemap must be none, land or tiles, not '%1'").arg(base));
    else if (parser.isSet(basemap) || !withProject)
        options.basemap = RenderOptions::Basemap::Land;
    if (parser.isSet(colorBy) || !withProject)
        options.colorBy = parser.value(colorBy);
    // The box is the view, not a filter: the window shows everything in its view.
    const std::optional<GeoBox> viewBox = load.filter.bbox;
    load.filter.bbox.reset();
    if (viewBox && exportArgs.fitGiven(parser))
        return usageError(QStringLiteral("--fit and --bbox exclude each other: --fit shows the "
                                         "filtered events, --bbox a box of your choice"));
    if (viewBox) // a view given here wins over the fit of the project's export settings
        settings.fitToEvents = false;

    // The project's event files (its AIS is drawn with --tracks) and its Detected events,
    // shown together as the window shows them, unless FILE is given.
    const bool projectData =
        withProject && (parser.positionalArguments().isEmpty() || sharedProject);
    std::vector<ProjectSource> eventSources;
    for (const ProjectSource &s : project.sources) {
        if (s.kind == ProjectSource::Kind::Events)
            eventSources.push_back(s);
    }
    std::shared_ptr<const EventStore> detected;
    if (projectData && !project.detected.isEmpty()) {
        detected = eventstorejson::fromJson(project.detected, &error); // Project::read checked
        if (!detected) {
            err << "rendezvous render: " << parser.value(projectOption) << ": " << error << '\n';
            return InputError;
        }
    }
    QString file;
    if (!parser.positionalArguments().isEmpty() && !sharedProject) {
        file = parser.positionalArguments().constFirst();
    } else if (!eventSources.empty()) {
        file = eventSources.front().path;
    } else if (!detected) {
        err << "rendezvous render: " << parser.value(projectOption)
            << ": the project has no data file; give one as FILE\n";
        return InputError;
    }
    if (withProject && !eventSources.empty()) {
        // The project's load options, unless given here.
        if (load.options.layer.isEmpty())
            load.options.layer = eventSources.front().layer;
        if (load.options.fieldOverrides.isEmpty())
            load.options.fieldOverrides = eventSources.front().fieldOverrides;
        load.options.dedupe = load.options.dedupe || eventSources.front().dedupe;
    }
    // One picture: read only the basemap level it draws (and the overview's), in this
    // thread, when the layers ask; nothing in the background.
    Basemap::setInstanceLoadsOnDemand(true);
    StageTimer timer("render");
    std::vector<mergedstore::Part> parts;
    QString dataName; // the attribution's "Data: …": a file's name, or a database's table
    if (!file.isEmpty()) {
        const LoadResult result = EventReader::load(file, load.options);
        timer.lap("load");
        // A database is named by its table, and in messages without any password
        // written into its connection string.
        const bool database = db::isDatabase(file);
        if (database)
            file = db::display(file);
        if (!result.report.ok()) {
            err << "rendezvous: " << file << ": " << result.report.commandLineError() << '\n';
            return InputError;
        }
        dataName = database ? load.options.layer : file;
        parts.push_back({database ? load.options.layer : QFileInfo(file).fileName(), result.store});
    }
    // A project of several data files draws them all, merged as the window shows them.
    for (size_t i = 1; projectData && i < eventSources.size(); ++i) {
        const ProjectSource &source = eventSources[i];
        LoadOptions more = load.options;
        more.layer = source.layer;
        more.fieldOverrides = source.fieldOverrides;
        more.dedupe = source.dedupe;
        const LoadResult added = EventReader::load(source.path, more);
        if (!added.report.ok()) {
            err << "rendezvous: " << source.path << ": " << added.report.error << '\n';
            return InputError;
        }
        parts.push_back({QFileInfo(source.path).fileName(), added.store});
    }
    if (detected)
        parts.push_back({Investigation::kDetectedName, detected});
    std::shared_ptr<const EventStore> store =
        parts.size() == 1 ? parts.front().store : mergedstore::merge(parts);
    if (file.isEmpty())
        file = Investigation::kDetectedName; // what the messages below name
    if (!knownColumn(*store, options.colorBy))
        return usageError(
            QStringLiteral("--color-by: no field or column '%1' in %2").arg(options.colorBy, file));
    // The map's spatial index (a few hundred ms for a million events, the longest step
    // after reading) is built on the other core while this thread filters, sums up and
    // reads the overlays and the basemap. One picture draws from its positions and Z
    // order and never queries its rtree, which is left unbuilt (SpatialIndex::TreeBuild).
    std::future<std::shared_ptr<const SpatialIndex>> indexing =
        std::async(std::launch::async, [store] {
            return std::make_shared<const SpatialIndex>(*store,
                                                        SpatialIndex::TreeBuild::OnFirstQuery);
        });
    FilterCaption caption;
    std::vector<uint32_t> rows;
    bool allRows = false; // `rows` left empty
    Summary sum;
    if (withProject) {
        rows = renderproject::filteredRows(project, store, &caption, &sum);
    } else if (load.filter.isEmpty()) {
        // Every row, as `info` sums them up: no list of a million row numbers.
        allRows = true;
        sum = Summary::compute(*store);
        caption = FilterCaption::fromEventFilter(load.filter, sum);
    } else {
        rows = load.filter.apply(*store);
        sum = Summary::compute(*store, rows);
        // The same words as `info` and the window's status bar: the window asked for.
        sum.windowFrom = load.filter.from;
        sum.windowTo = load.filter.to;
        caption = FilterCaption::fromEventFilter(load.filter, sum);
    }

    // The overlays are read before anything else is set up: a bad file fails fast.
    // The project's overlays with their styles, then those given here, in the colours
    // the layers dock gives overlays added in this order.
    std::vector<ProjectOverlay> wanted = project.overlays;
    for (const QString &path : parser.values(overlay))
        wanted.push_back(
            {path, VectorOverlayLayer::defaultColor(int(wanted.size())).name(QColor::HexArgb),
             true});
    std::vector<std::unique_ptr<VectorOverlayLayer>> overlays;
    std::vector<std::unique_ptr<RasterLayer>> rasters;
    for (size_t i = 0; i < wanted.size(); ++i) {
        QString why;
        const QString where = i < project.overlays.size()
            ? parser.value(projectOption) + QStringLiteral(": overlay")
            : QStringLiteral("--overlay");
        if (RasterLayer::isRasterFile(wanted[i].path)) {
            std::unique_ptr<RasterLayer> raster = RasterLayer::fromFile(wanted[i].path, &why);
            if (!raster) {
                err << "rendezvous render: " << where << ": " << why << '\n';
                return InputError;
            }
            raster->setOpacity(wanted[i].opacity);
            raster->setVisible(wanted[i].visible);
            rasters.push_back(std::move(raster));
            continue;
        }
        std::unique_ptr<VectorOverlayLayer> layer =
            VectorOverlayLayer::fromFile(wanted[i].path, &why);
        if (!layer) {
            err << "rendezvous render: " << where << ": " << why << '\n';
            return InputError;
        }
        for (const QString &skipped : layer->geometry().skipped)
            err << "rendezvous render: warning: " << skipped << '\n';
        layer->setColor(QColor(wanted[i].color));
        layer->setVisible(wanted[i].visible);
        overlays.push_back(std::move(layer));
    }
    timer.lap("overlays");

    // Tracks, read as `rendezvous tracks` reads them; a file that cannot be read fails
    // the picture rather than leaving its tracks out unsaid.
    std::shared_ptr<const TrackStore> tracks;
    if (parser.isSet(tracksOption)) {
        LoadOptions aisOptions; // --field names the events' columns here, not the AIS ones
        const TrackLoadResult read = aisreader::read(parser.values(tracksOption), aisOptions);
        if (!read.ok()) {
            QString why = read.error;
            for (const LoadReport &r : read.reports)
                if (!r.ok())
                    why = r.file + QStringLiteral(": ") + r.error;
            err << "rendezvous render: --tracks: " << why << '\n';
            return InputError;
        }
        tracks = read.store;
        timer.lap("tracks");
    }

    ExportScene scene;
    scene.options = options;
    scene.context.filters = caption;
    scene.context.dataFile = dataName.isEmpty() ? file : dataName;
    if (!withProject || viewBox || !renderproject::view(project, &scene.view))
        scene.view = fittedView(settings, scene, viewBox, sum);
    const MapViewport vp = ExportRenderer::layout(settings, scene).viewport;
    MapLayerSet &layers = scene.layers();
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
    for (auto &r : rasters)
        layers.addRaster(std::move(r));
    timer.lap("basemap");
    // Colours, sizes and visible rows while the index is still being built; its
    // cluster tree once it is there. Every row visible: the layer's all-visible form,
    // which builds its cluster tree once rather than for all rows and then again for the
    // same rows as a subset.
    if (allRows || rows.size() == store->size())
        layers.events()->setData(store, nullptr);
    else
        layers.events()->setData(store, nullptr, std::move(rows));
    timer.lap("events layer");
    layers.events()->setIndex(indexing.get());
    timer.lap("index and clusters");
    layers.applyOptions(options);
    if (tracks) {
        TrackLayer *trackLayer = layers.tracks();
        trackLayer->setTracks(tracks);
        trackLayer->setTimeWindow(load.filter.from, load.filter.to);
        timer.lap("track geometry");
    }
    if (withProject) {
        layers.events()->setVisible(project.eventsVisible);
        layers.events()->selectionLayer()->setVisible(project.eventsVisible);
        if (!layers.annotationModel()->fromJson(project.annotations, &error)) {
            err << "rendezvous render: " << parser.value(projectOption)
                << ": annotations: " << error << '\n';
            return InputError;
        }
        if (tiles && !parser.isSet(tileUrl) && !project.tileUrl.isEmpty())
            tiles->setUrlTemplate(project.tileUrl);
    }
    if (tiles) {
        waitForTiles(*tiles, scene.renderer(), vp, options);
        layers.decorations()->setTileAttribution(tiles->attribution());
        timer.lap("tiles");
    }

    // The overview map draws the coarse land whatever the basemap option.
    if (settings.decorations.inset) {
        scene.prepareOverview();
        scene.overviewLand()->basemap()->waitFor(Basemap::Detail::Low);
    }
    if (!exportwriter::write(settings, scene, out, &error)) {
        err << "rendezvous render: " << error << '\n';
        return OutputError;
    }
    timer.lap("write");
    // A raster that opened but could not be read is missing from the picture: say so.
    for (const RasterLayer *r : layers.rasters())
        if (!r->lastError().isEmpty()) {
            err << "rendezvous render: --overlay: " << r->lastError() << '\n';
            return InputError;
        }
    const QSize px = settings.outputPixels();
    // The second line is the caption under the title, word for word as the window's
    // export writes it for the same filters.
    QTextStream(stdout) << out << ": " << px.width() << 'x' << px.height() << ", " << sum.text()
                        << "\ncaption: " << caption.text() << '\n';
    return Ok;
}

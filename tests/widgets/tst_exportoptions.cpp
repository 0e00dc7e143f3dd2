// The export's options for a report: the legend explains the cluster badges, the
// window's selection is drawn only when asked, "fit to the filtered events" in the
// dialog and `render --fit` (the CLI's page is the window's). The caption and the
// formats are tst_export's.
#include "annotationmodel.h"
#include "export/exportdialog.h"
#include "export/exportrenderer.h"
#include "export/exportscene.h"
#include "export/exportwriter.h"
#include "imagediff.h"
#include "io/eventreader.h"
#include "map/annotationlayer.h"
#include "map/basemap.h"
#include "map/eventlayer.h"
#include "map/labelplacement.h"
#include "map/maplayerset.h"
#include "spatialindex.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include "screenshots.h"

namespace {
const QString kSample =
    QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
const GeoBox kEastChinaSea {118, 24, 132, 36};

int64_t utc(int y, int m, int d, bool endOfDay = false)
{
    const QDateTime t(QDate(y, m, d), endOfDay ? QTime(23, 59, 59, 999) : QTime(0, 0),
                      QTimeZone::utc());
    return t.toMSecsSinceEpoch();
}
} // namespace

class TestExportOptions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void clusterBadgesExplained();
    void selectionOnlyWhenAsked();
    void eventLabelsPlacedOnThePage();
    void fitToFilteredEvents();
    void cliFitEqualsDialogFit();

private:
    std::unique_ptr<ExportScene>
    scene(RenderOptions::Basemap basemap = RenderOptions::Basemap::None,
          std::vector<uint32_t> selection = {},
          const std::function<void(MapLayerSet &)> &prepare = {});
    ExportSettings reportSettings() const;

    QTemporaryDir m_dir;
    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const SpatialIndex> m_index;
    TransferModel m_model;
    TransferFilter m_filter;
};

// As tst_export: the sample, filtered to January 2018.
void TestExportOptions::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("SOURCE_DATE_EPOCH", "1700000000");
    const LoadResult r = EventReader::load(kSample, LoadOptions());
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    m_store = r.store;
    m_index = std::make_shared<const SpatialIndex>(*m_store);
    m_model.setStore(m_store);
    m_filter.setSourceModel(&m_model);
    m_filter.setTimeWindow(utc(2018, 1, 1), utc(2018, 1, 31, true));
    QVERIFY(m_filter.storeRows().size() > 5);
    QVERIFY(Basemap::instance()->waitFor(Basemap::Detail::Low));
}

// The scene as the window's snapshot makes it, a 1200x800 view of the East China Sea,
// with the window's selection.
std::unique_ptr<ExportScene>
TestExportOptions::scene(RenderOptions::Basemap basemap, std::vector<uint32_t> selection,
                         const std::function<void(MapLayerSet &)> &prepare)
{
    MapLayerSet live;
    RenderOptions options;
    options.basemap = basemap;
    live.applyOptions(options);
    live.events()->setData(m_store, m_index, m_filter.ascendingStoreRows());
    live.events()->setSelection(std::move(selection));
    if (prepare)
        prepare(live); // annotations, say
    MapViewport view(20, 0, 0, QSize(1200, 800));
    view.fitBox(kEastChinaSea.west, kEastChinaSea.south, kEastChinaSea.east, kEastChinaSea.north,
                0);
    ExportContext context;
    context.filters = FilterCaption::fromFilter(m_filter);
    context.dataFile = kSample;
    return ExportScene::snapshot(live, view, options, context);
}

ExportSettings TestExportOptions::reportSettings() const
{
    ExportSettings s;
    s.sizeMode = ExportSettings::SizeMode::Paper;
    s.paper = ExportSettings::Paper::A4;
    s.landscape = true;
    s.dpi = 96;
    s.title = QStringLiteral("Ship-to-ship transfers, East China Sea");
    s.subtitle = QStringLiteral("January 2018");
    return s;
}

// The page explains the cluster badges: a last legend row with a badge and "n events
// at one place at this scale", when a cluster is on the map; the window's own legend,
// where a badge can be clicked, stays as it was.
void TestExportOptions::clusterBadgesExplained()
{
    ExportSettings s = reportSettings();
    s.dpi = 96;
    auto sc = scene();
    sc->view = MapViewport(20, 60, 1.5, QSize(1200, 800)); // the world: Singapore clusters
    const ExportRenderer::Layout l = ExportRenderer::layout(s, *sc);
    EventLayer *events = sc->layers().events();
    QVERIFY(!events->clusterLegend()); // as copied from the window
    const QRectF view(QPointF(0, 0), QSizeF(l.viewport.size()));
    const std::vector<EventLayer::Cluster> clusters = events->layout(l.viewport).clusters;
    QVERIFY(std::any_of(clusters.begin(), clusters.end(),
                        [&view](const EventLayer::Cluster &c) { return view.contains(c.pos); }));

    const QRectF without = events->legendRect(l.viewport);
    const QImage page = exportwriter::renderImage(s, *sc);
    QVERIFY(events->clusterLegend());
    const QRectF with = events->legendRect(l.viewport);
    QVERIFY2(with.height() > without.height() + 10,
             qPrintable(QStringLiteral("%1 %2").arg(with.height()).arg(without.height())));
    // The badge: the neutral cluster colour at the start of the last row.
    const double line = with.height() - without.height();
    const QPointF badge =
        l.map.topLeft() + QPointF(with.left() + 8 + 6, with.bottom() - 6 - line / 2);
    bool found = false;
    for (int dy = -3; dy <= 3 && !found; ++dy)
        for (int dx = -3; dx <= 3 && !found; ++dx) {
            const QColor c = page.pixelColor((badge + QPointF(dx, dy)).toPoint());
            found = std::abs(c.red() - 0x3d) < 12 && std::abs(c.green() - 0x46) < 12
                && std::abs(c.blue() - 0x51) < 12;
        }
    QVERIFY(found);
    // Zoomed in on one lone event: no badge on the map, no such row.
    const uint32_t lone = m_filter.ascendingStoreRows().front();
    ExportSettings fit = s;
    fit.fitToEvents = true;
    auto one = scene();
    one->context.filters.figures.bbox =
        GeoBox {m_store->lon(lone), m_store->lat(lone), m_store->lon(lone), m_store->lat(lone)};
    const ExportRenderer::Layout lo = ExportRenderer::layout(fit, *one);
    exportwriter::renderImage(fit, *one);
    if (one->layers().events()->layout(lo.viewport).clusters.empty()) {
        one->layers().events()->setClusterLegend(false);
        const double plain = one->layers().events()->legendRect(lo.viewport).height();
        one->layers().events()->setClusterLegend(true);
        QCOMPARE(one->layers().events()->legendRect(lo.viewport).height(), plain);
    }
    QVERIFY(saveScreenshot(page, QStringLiteral("export_cluster_legend.png")));
}

// The window's selection is not on the page unless asked for.
void TestExportOptions::selectionOnlyWhenAsked()
{
    ExportSettings s = reportSettings();
    s.dpi = 96;
    // Three events in the East China Sea, in the view.
    std::vector<uint32_t> selected;
    for (uint32_t r : m_filter.ascendingStoreRows())
        if (kEastChinaSea.contains(m_store->lat(r), m_store->lon(r)) && selected.size() < 3)
            selected.push_back(r);
    QCOMPARE(selected.size(), size_t(3));
    auto plain = scene();
    auto withSelection = scene(RenderOptions::Basemap::None, selected);
    QVERIFY(!s.drawSelection); // the default
    const QImage a = exportwriter::renderImage(s, *plain);
    const QImage b = exportwriter::renderImage(s, *withSelection);
    QCOMPARE(imageDiff(a, b).differing, 0);
    s.drawSelection = true;
    const QImage c = exportwriter::renderImage(s, *withSelection);
    QVERIFY(imageDiff(a, c).differing > 20);
    // The dialog offers it, off by default.
    ExportDialog dialog(withSelection.get());
    auto *box = dialog.findChild<QCheckBox *>(QStringLiteral("drawSelection"));
    QVERIFY(box && !box->isChecked());
    box->setChecked(true);
    QVERIFY(dialog.settings().drawSelection);
}

// An event label the user left on a callout's leader is moved off it on the page (the
// window keeps the user's placement): the export turns label placement on.
void TestExportOptions::eventLabelsPlacedOnThePage()
{
    const ExportSettings s = reportSettings();
    // The page's map viewport, from a scene of the same view.
    const MapViewport vp = ExportRenderer::layout(s, *scene()).viewport;
    const auto geo = [&vp](QPointF px) {
        GeoPoint g;
        vp.toLatLon(px, &g.lat, &g.lon);
        return g;
    };
    int noteId = -1, labelId = -1;
    const auto page = scene(RenderOptions::Basemap::None, {}, [&](MapLayerSet &live) {
        Annotation note = Annotation::defaults(Annotation::Kind::Callout);
        note.text = QStringLiteral("Rendezvous point");
        note.points = {geo(QPointF(150, 330)), geo(QPointF(420, 90))};
        noteId = live.annotationModel()->insert(note);
        Annotation label = Annotation::defaults(Annotation::Kind::EventLabel);
        label.text = QStringLiteral("YU JONG 2 \u21c4 KATRIN \u00b7 2018-03-05 \u00b7 12,400 bbl");
        label.eventId = QStringLiteral("R-001");
        label.points = {geo(QPointF(230, 250)), geo(QPointF(230 + 100, 250 - 16))};
        labelId = live.annotationModel()->insert(label);
        QVERIFY(!live.annotations()->placeLabels()); // the window keeps the user's placement
    });
    const ExportRenderer::Layout layout = ExportRenderer::layout(s, *page);
    QCOMPARE(layout.viewport.size(), vp.size());

    const AnnotationModel &model = *page->layers().annotationModel();
    const QRectF stored = AnnotationLayer::textBox(*model.find(labelId), vp);
    const QLineF leader =
        *labelplacement::leader(AnnotationLayer::pixels(*model.find(noteId), vp)[0],
                                AnnotationLayer::textBox(*model.find(noteId), vp));
    QVERIFY(labelplacement::segmentHitsRect(leader, stored)); // as the user left it
    const QRectF placed = page->layers().annotations()->placedLabelBoxes(vp).value(labelId);
    QVERIFY(!placed.isEmpty() && placed != stored);
    QVERIFY(!labelplacement::segmentHitsRect(leader, placed));

    const QImage image = exportwriter::renderImage(s, *page);
    QVERIFY(saveScreenshot(image, QStringLiteral("export_label_placed.png")));
    const auto whiteAt = [&](QPointF p) {
        const QRgb c = image.pixel((p + layout.map.topLeft()).toPoint());
        return qRed(c) > 240 && qGreen(c) > 240 && qBlue(c) > 240;
    };
    // The label's white box where placement put it, the stored spot's left end empty.
    QVERIFY(whiteAt(placed.topLeft() + QPointF(3, placed.height() / 2)));
    QVERIFY(!whiteAt(stored.topLeft() + QPointF(3, stored.height() / 2)));
}

// "Fit to the filtered events": the page shows the filtered events' extent with a
// margin, whatever the window's view; one event gets tens of km round it; an extent
// across 180° is fitted across it.
void TestExportOptions::fitToFilteredEvents()
{
    ExportSettings s = reportSettings();
    s.dpi = 96;
    s.fitToEvents = true;
    auto sc = scene();
    // The window looks at the whole world: a third of the page would be inland.
    sc->view = MapViewport(20, 60, 1.5, QSize(1200, 800));
    const ExportRenderer::Layout l = ExportRenderer::layout(s, *sc);
    const QSizeF size = l.viewport.size();
    const double margin = std::min(size.width(), size.height()) / 10;
    // January's events are around the world, across 180° too.
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (uint32_t r : m_filter.ascendingStoreRows()) {
        const QPointF p = l.viewport.toPixel(m_store->lat(r), m_store->lon(r));
        x0 = std::min(x0, p.x());
        y0 = std::min(y0, p.y());
        x1 = std::max(x1, p.x());
        y1 = std::max(y1, p.y());
    }
    const QRectF spread(QPointF(x0, y0), QPointF(x1, y1));
    QVERIFY2(spread.left() >= margin - 1 && spread.top() >= margin - 1
                 && spread.right() <= size.width() - margin + 1
                 && spread.bottom() <= size.height() - margin + 1,
             qPrintable(QStringLiteral("%1 %2 %3 %4")
                            .arg(spread.left())
                            .arg(spread.top())
                            .arg(spread.right())
                            .arg(spread.bottom())));
    // Tight: the events reach the margin on one axis.
    QVERIFY(spread.width() >= size.width() - 2 * margin - 2
            || spread.height() >= size.height() - 2 * margin - 2);
    // Without the option, the window's view.
    s.fitToEvents = false;
    QVERIFY(ExportRenderer::layout(s, *sc).viewport != l.viewport);
    // Events in the Yellow and East China Seas, a window on half the world: the page
    // zooms in on them.
    sc->context.filters.figures.bbox = GeoBox {123.0, 30.3, 124.7, 39.2};
    const double windowZoom = ExportRenderer::layout(s, *sc).viewport.zoom();
    s.fitToEvents = true;
    QVERIFY(ExportRenderer::layout(s, *sc).viewport.zoom() > windowZoom + 2);

    // One event: at least kMinFitKm across the page's smaller side, centred on it.
    const QSize frame(900, 600);
    const MapViewport one = ExportRenderer::fittedToEvents(GeoBox {124.5, 31, 124.5, 31}, frame);
    QVERIFY(one.metresPerPixel() * 600 >= ExportSettings::kMinFitKm * 1000 - 1);
    QVERIFY(one.metresPerPixel() * 600 <= ExportSettings::kMinFitKm * 1000 * 1.01);
    QVERIFY(QLineF(one.toPixel(31, 124.5), QPointF(450, 300)).length() < 1);
    // Across 180°: both ends on the page, the box not the world.
    const MapViewport fiji = ExportRenderer::fittedToEvents(GeoBox {175, -20, -178, -15}, frame);
    for (double lon : {175.0, -178.0}) {
        const QPointF p = fiji.toPixel(-17.5, lon);
        QVERIFY(p.x() > 0 && p.x() < 900);
    }
    QVERIFY(fiji.zoom() > 4);
    // The dialog has it.
    ExportDialog dialog(sc.get());
    auto *box = dialog.findChild<QCheckBox *>(QStringLiteral("fitToEvents"));
    QVERIFY(box && box->isEnabled() && !box->isChecked());
    box->setChecked(true);
    QVERIFY(dialog.settings().fitToEvents);
    dialog.updatePreview();
    dialog.resize(dialog.sizeHint());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(saveScreenshot(dialog.grab(), QStringLiteral("export_dialog_fit.png")));
}

// `render --fit` draws what the window's export fitted to the same filtered events
// draws, whatever view the window had.
void TestExportOptions::cliFitEqualsDialogFit()
{
    ExportSettings s = reportSettings();
    s.dpi = 96;
    const QString settingsPath = m_dir.filePath(QStringLiteral("fit-settings.json"));
    {
        QFile f(settingsPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(s.toJson()).toJson());
    }
    const QString cliPng = m_dir.filePath(QStringLiteral("cli-fit.png"));
    QProcess cli;
    cli.start(QStringLiteral(RENDEZVOUS_BINARY),
              {QStringLiteral("render"), kSample, QStringLiteral("-o"), cliPng,
               QStringLiteral("--export-settings"), settingsPath, QStringLiteral("--fit"),
               QStringLiteral("--from"), QStringLiteral("2018-01-01"), QStringLiteral("--to"),
               QStringLiteral("2018-01-31"), QStringLiteral("--basemap"), QStringLiteral("none")});
    QVERIFY(cli.waitForFinished(120000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    s.fitToEvents = true;
    auto sc = scene();
    sc->view = MapViewport(20, 60, 1.5, QSize(1200, 800)); // the window's own view: ignored
    const QString guiPng = m_dir.filePath(QStringLiteral("gui-fit.png"));
    QString error;
    QVERIFY2(exportwriter::write(s, *sc, guiPng, &error), qPrintable(error));
    const QImage a(cliPng), b(guiPng);
    QCOMPARE(a.size(), b.size());
    const ImageDiff d = imageDiff(a, b);
    // Equal but for the antialiasing of the graticule's labels (the process and the
    // test draw text a level apart, at the fitted zoom's fractional places): the map
    // inside the label bands is the same, the whole page nearly.
    const QRect inner = ExportRenderer::layout(s, *sc).map.toAlignedRect().adjusted(70, 30, -1, -1);
    const ImageDiff d2 = imageDiff(a.copy(inner), b.copy(inner), 12);
    const int beyond = imageDiff(a, b, 12).differing;
    const bool equal =
        d.differing <= a.width() * a.height() / 1000 && beyond <= 10 && d2.differing <= 5;
    if (!equal) { // for a look at what differs
        a.save(QDir::temp().filePath(QStringLiteral("tst_export_cli_fit.png")));
        b.save(QDir::temp().filePath(QStringLiteral("tst_export_gui_fit.png")));
    }
    QVERIFY2(equal,
             qPrintable(QStringLiteral("%1 pixels differ, %2 by more than 12 levels, %3 "
                                       "inside the label bands")
                            .arg(d.differing)
                            .arg(beyond)
                            .arg(d2.differing)));
    // And --fit and --bbox exclude each other.
    QProcess both;
    both.start(QStringLiteral(RENDEZVOUS_BINARY),
               {QStringLiteral("render"), kSample, QStringLiteral("-o"),
                m_dir.filePath(QStringLiteral("x.png")), QStringLiteral("--fit"),
                QStringLiteral("--bbox"), QStringLiteral("118,24,132,36")});
    QVERIFY(both.waitForFinished(120000));
    QCOMPARE(both.exitCode(), 1);
    QVERIFY(both.readAllStandardError().contains("--fit"));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.png"))));
}

QTEST_MAIN(TestExportOptions)
#include "tst_exportoptions.moc"

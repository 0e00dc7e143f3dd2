#include "detecttesthelpers.h"
#include "mainwindowtesthelpers.h"

#include "export/exportrenderer.h"
#include "export/exportscene.h"
#include "export/exportwriter.h"
#include "filters/areafilter.h"
#include "filters/categoryfiltermenu.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "spatialindex.h"
#include "transferfilter.h"

#include <QFile>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

#include "eventloop.h"
#include "screenshots.h"

using namespace detecttest;
using namespace mainwindowtest;

// AIS gaps on the map (issue 17): a dashed line from the last position before the
// silence to the first after it, labelled with the vessel, the hours dark, the distance
// and the implied speed; drawn for the gap events the filters leave (time window, area,
// search, categories), in the exports (PNG, SVG, PDF) and in `rendezvous render`.
namespace {

// The detected events of result(encounters) over tracks(), by the real conversion.
std::shared_ptr<const EventStore> detectedStore(int encounters = 1)
{
    return detect::toEventStore(result(encounters), *tracks(), detect::Rules());
}

const detect::Gap &theGap()
{
    static const detect::Gap gap = result(0).gaps.front();
    return gap;
}

// A sample is ink when a pixel next to it is (the line is diagonal and antialiased).
bool inkNear(const QImage &image, QPointF p)
{
    for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
            const QPoint q = p.toPoint() + QPoint(dx, dy);
            if (image.rect().contains(q) && isInk(image.pixelColor(q)))
                return true;
        }
    }
    return false;
}

// Ink and paper along the stretch of the line from a to b clear of its ends and label.
std::pair<int, int> inkAlong(const QImage &image, QPointF a, QPointF b)
{
    int ink = 0, paper = 0;
    for (double t = 0.1; t <= 0.4; t += 0.002)
        (inkNear(image, a + (b - a) * t) ? ink : paper)++;
    return {ink, paper};
}

QImage paintAlone(const MapLayer &layer, const MapViewport &viewport)
{
    QImage image(viewport.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    layer.paint(p, viewport, RenderOptions());
    return image;
}

} // namespace

class TestGapLines : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void gapEventsAreFound();
    void drawnDashedTheShortWay();
    void followTheFilters();
    void inTheExports();
    void inRender();

private:
    QTemporaryDir m_dir;
};

void TestGapLines::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(isolateSettings(m_dir));
    qputenv("SOURCE_DATE_EPOCH", "1700000000"); // the same export twice is the same file
}

void TestGapLines::gapEventsAreFound()
{
    const auto store = detectedStore(2);
    const std::shared_ptr<const GapLines> lines = gaplines::find(*store);
    QCOMPARE(lines->size(), size_t(1));
    const GapLine &line = lines->front();
    QCOMPARE(line.row, 2u); // after the two encounters
    QCOMPARE(line.lat0, theGap().lat0);
    QCOMPARE(line.lon0, theGap().lon0);
    QCOMPARE(line.lat1, theGap().lat1);
    QCOMPARE(line.lon1, theGap().lon1);
    QCOMPARE(line.label, QStringLiteral("SYNTH DARK STAR: 14.2 h dark, 90.2 nm at 6.4 kn"));
    QCOMPARE(gaplines::label(18.46, 42, 2.275), QStringLiteral("18.5 h dark, 42.0 nm at 2.3 kn"));

    // Events without the columns have none; a gap whose end is not a place is no line.
    QVERIFY(gaplines::find(EventStore())->empty());
    EventStore broken(
        {QStringLiteral("kind"), QStringLiteral("end_lat"), QStringLiteral("end_lon")});
    EventStore::RowInput in;
    in.lat = 10, in.lon = 120, in.start = 0, in.end = 3600000;
    const std::string_view bad[] = {"gap", "north", "121"};
    broken.append(in, bad);
    const std::string_view good[] = {"gap", "11", "121"};
    broken.append(in, good);
    const std::string_view other[] = {"encounter", "11", "121"};
    broken.append(in, other);
    const auto found = gaplines::find(broken);
    QCOMPARE(found->size(), size_t(1));
    QCOMPARE(found->front().row, 1u);
    // Without distance and speed columns: the great circle and the hours give them.
    QVERIFY2(found->front().label.startsWith(QStringLiteral("1.0 h dark, 84.")),
             qPrintable(found->front().label));
}

void TestGapLines::drawnDashedTheShortWay()
{
    EventLayer events;
    events.setData(detectedStore(), nullptr);
    const GapLineLayer &layer = *events.gapLayer();
    QCOMPARE(layer.visibleLines().size(), size_t(1));
    const MapViewport viewport(28.3, 124.8, 7, QSize(600, 400));
    QImage image = paintAlone(layer, viewport);
    const detect::Gap &g = theGap();
    const QPointF a = viewport.toPixel(g.lat0, g.lon0), b = viewport.toPixel(g.lat1, g.lon1);
    auto [ink, paper] = inkAlong(image, a, b);
    QVERIFY2(ink > 20, qPrintable(QString::number(ink)));
    QVERIFY2(paper > 10, qPrintable(QString::number(paper))); // dashed, not solid
    QVERIFY(saveScreenshot(image, QStringLiteral("gaplines_alone.png")));

    // The row filtered out, or the events hidden: no line.
    events.setVisibleRows({0});
    QVERIFY(layer.visibleLines().empty());
    QCOMPARE(inkPixels(paintAlone(layer, viewport)), 0);
    events.setAllVisible();
    events.setVisible(false);
    QCOMPARE(inkPixels(paintAlone(layer, viewport)), 0);
    events.setVisible(true);

    // Across 180°: the short way (a line of a few pixels, not across the world).
    auto pacific = std::make_shared<EventStore>(
        QStringList {QStringLiteral("kind"), QStringLiteral("end_lat"), QStringLiteral("end_lon")});
    EventStore::RowInput in;
    in.lat = 0, in.lon = 179.5, in.start = 0, in.end = 13 * 3600000;
    const std::string_view extras[] = {"gap", "0", "-179.5"};
    pacific->append(in, extras);
    events.setData(pacific, nullptr);
    const MapViewport dateline(0, 180, 6, QSize(600, 400));
    image = paintAlone(layer, dateline);
    QCOMPARE(image.pixelColor(QPoint(10, 200)), QColor(Qt::white));
    const QPointF mid = dateline.toPixel(0, 180);
    bool inked = false;
    for (int dx = -40; dx <= 40 && !inked; ++dx)
        inked = isInk(image.pixelColor((mid + QPointF(dx, 0)).toPoint()));
    QVERIFY(inked);
}

// In the window the lines are the visible gap events': every filter hides them with it.
void TestGapLines::followTheFilters()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openAis(w));
    DetectController &c = *w.detectController();
    c.setRunner([](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &,
                   const QString &) { return result(1); });
    c.setConverter(convert);
    QVERIFY(detectAndWait(c));
    QTRY_VERIFY_WITH_TIMEOUT(!w.map()->isIndexing(), 20000);
    QCOMPARE(shownGapLines(w).size(), size_t(1));
    const detect::Gap &g = theGap();

    // The time window: one that ends before the silence began leaves the encounter only.
    w.filter()->setTimeWindow(kStart, g.startMs - 1);
    QTRY_COMPARE(w.filter()->rowCount(), 1);
    QVERIFY(shownGapLines(w).empty());
    w.filter()->setTimeWindow(g.startMs, g.endMs);
    QTRY_VERIFY(!shownGapLines(w).empty());
    w.filter()->setTimeWindow(std::nullopt, std::nullopt);

    // The area: one around the encounter, not where the vessel went dark.
    w.areaFilter()->setPolygon({{124.9, 29.9}, {125.2, 29.9}, {125.2, 30.2}, {124.9, 30.2}});
    QTRY_COMPARE(w.filter()->rowCount(), 1);
    QVERIFY(shownGapLines(w).empty());
    w.areaFilter()->setPolygon({});
    QTRY_COMPARE(shownGapLines(w).size(), size_t(1));

    // The category filter on the events' kind.
    w.categoryMenu()->setHidden({{QStringLiteral("kind"), {QStringLiteral("gap")}}});
    QTRY_COMPARE(w.filter()->rowCount(), 1);
    QVERIFY(shownGapLines(w).empty());
    w.categoryMenu()->setHidden({{QStringLiteral("kind"), {QStringLiteral("encounter")}}});
    QTRY_COMPARE(w.filter()->rowCount(), 1);
    QCOMPARE(shownGapLines(w).size(), size_t(1));

    // On screen: the map shows the line, and not once the gap is filtered out.
    MapViewport view = w.map()->view()->viewport();
    view.setCenter((g.lat0 + g.lat1) / 2, (g.lon0 + g.lon1) / 2);
    view.setZoom(7);
    w.map()->view()->setViewport(view);
    QVERIFY(drainEvents());
    const MapViewport shown = w.map()->view()->viewport();
    const QPointF a = shown.toPixel(g.lat0, g.lon0), b = shown.toPixel(g.lat1, g.lon1);
    QImage grabbed = w.map()->view()->grab().toImage();
    grabbed.setDevicePixelRatio(1);
    QVERIFY(inkAlong(grabbed, a, b).first > 20);
    QVERIFY(saveScreenshot(grabbed, QStringLiteral("gaplines_window.png")));
    w.categoryMenu()->setHidden({{QStringLiteral("kind"), {QStringLiteral("gap")}}});
    QVERIFY(drainEvents());
    grabbed = w.map()->view()->grab().toImage();
    QCOMPARE(inkAlong(grabbed, a, b).first, 0);
}

// PNG, SVG and PDF of the window's (snapshot) scene carry the line; without the gap
// event among the visible ones, they do not.
void TestGapLines::inTheExports()
{
    const auto store = detectedStore();
    const auto index = std::make_shared<const SpatialIndex>(*store);
    const detect::Gap &g = theGap();
    ExportSettings s;
    s.pixelSize = QSize(900, 600);
    s.decorations = ExportSettings::Decorations();
    s.decorations.inset = false; // nothing over the line
    s.decorations.legend = false;
    const auto scene = [&](bool withGap) {
        MapLayerSet live;
        RenderOptions options;
        options.basemap = RenderOptions::Basemap::None;
        live.applyOptions(options);
        live.events()->setData(store, index,
                               withGap ? std::vector<uint32_t> {0, 1} : std::vector<uint32_t> {0});
        MapViewport view((g.lat0 + g.lat1) / 2, (g.lon0 + g.lon1) / 2, 7, QSize(900, 600));
        auto sc = ExportScene::snapshot(live, view, options, ExportContext());
        sc->view = MapViewport(view.centerLat(), view.centerLon(), 7,
                               ExportRenderer::layout(s, *sc).map.size().toSize());
        return sc;
    };
    // Where the line's ends are on the page.
    const auto ends = [&](const ExportScene &sc) {
        const ExportRenderer::Layout l = ExportRenderer::layout(s, sc);
        return std::make_pair(l.map.topLeft() + l.viewport.toPixel(g.lat0, g.lon0),
                              l.map.topLeft() + l.viewport.toPixel(g.lat1, g.lon1));
    };
    QString error;
    for (const bool withGap : {true, false}) {
        // PNG.
        s.format = ExportSettings::Format::Png;
        auto sc = scene(withGap);
        const auto [a, b] = ends(*sc);
        const QString png = m_dir.filePath(QStringLiteral("gap%1.png").arg(withGap));
        QVERIFY2(exportwriter::write(s, *sc, png, &error), qPrintable(error));
        const QImage image(png);
        QVERIFY(!image.isNull());
        const int pngInk = inkAlong(image, a, b).first;
        QVERIFY2(withGap ? pngInk > 20 : pngInk == 0, qPrintable(QString::number(pngInk)));
        if (withGap)
            QVERIFY(saveScreenshot(image, QStringLiteral("gaplines_export.png")));

        // SVG: drawn through the SVG renderer, and the label as text.
        s.format = ExportSettings::Format::Svg;
        sc = scene(withGap);
        const QString svg = m_dir.filePath(QStringLiteral("gap%1.svg").arg(withGap));
        QVERIFY2(exportwriter::write(s, *sc, svg, &error), qPrintable(error));
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        QImage drawn(s.logicalSize().toSize(), QImage::Format_ARGB32_Premultiplied);
        drawn.fill(Qt::white);
        {
            QPainter p(&drawn);
            renderer.render(&p, QRectF(QPointF(0, 0), s.logicalSize()));
        }
        const int svgInk = inkAlong(drawn, a, b).first;
        QVERIFY2(withGap ? svgInk > 20 : svgInk == 0, qPrintable(QString::number(svgInk)));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QCOMPARE(svgFile.readAll().contains("14.2 h dark, 90.2 nm at 6.4 kn"), withGap);
    }

    // PDF: the same scene with and without the gap layer differ, and only by it (the
    // writer is deterministic for one scene).
    s.format = ExportSettings::Format::Pdf;
    const auto pdf = [&](bool gapLayerVisible, const QString &name) {
        auto sc = scene(true);
        sc->layers().events()->gapLayer()->setVisible(gapLayerVisible);
        const QString path = m_dir.filePath(name);
        QString why;
        QFile f(path);
        if (!exportwriter::write(s, *sc, path, &why) || !f.open(QIODevice::ReadOnly))
            return QByteArray();
        // The time of writing and the document's random id aside.
        QString text = QString::fromLatin1(f.readAll());
        static const QRegularExpression stamps(
            QStringLiteral("/(CreationDate|ModDate) ?\\([^)]*\\)|/ID ?\\[[^\\]]*\\]"));
        text.replace(stamps, QString());
        return text.toLatin1();
    };
    const QByteArray without1 = pdf(false, QStringLiteral("a.pdf"));
    const QByteArray without2 = pdf(false, QStringLiteral("b.pdf"));
    const QByteArray with = pdf(true, QStringLiteral("c.pdf"));
    QVERIFY(!without1.isEmpty() && !with.isEmpty());
    QCOMPARE(without1, without2);
    QVERIFY(with != without1);
}

// `rendezvous render` of a detected events file (as `rendezvous detect -o` writes them)
// draws the lines, and follows its --from/--to.
void TestGapLines::inRender()
{
    const detect::Gap &g = theGap();
    const QString csv = m_dir.filePath(QStringLiteral("detected.csv"));
    {
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("id,start,end,lat,lon,vessel_a,vessel_a_mmsi,kind,end_lat,end_lon,distance_nm,"
                "implied_speed_kn\n"
                "encounter-1,2024-03-01T00:00:00Z,2024-03-01T03:00:00Z,30.05,125.05,,412000001,"
                "encounter,,,,\n"
                "gap-1,2024-03-01T04:50:00Z,2024-03-01T19:00:00Z,28.029,124.029,SYNTH DARK STAR,"
                "413000003,gap,28.614,125.614,90.2,6.4\n");
    }
    const auto render = [&](const QStringList &more, const QString &out) {
        QProcess p;
        p.start(QStringLiteral(RENDEZVOUS_BINARY),
                QStringList {QStringLiteral("render"), csv, QStringLiteral("-o"), out,
                             QStringLiteral("--basemap"), QStringLiteral("none"),
                             QStringLiteral("--bbox"), QStringLiteral("123.5,27.5,126.5,29.5"),
                             QStringLiteral("--size"), QStringLiteral("900x600")}
                    + more);
        if (!p.waitForFinished(120000) || p.exitCode() != 0) {
            qWarning("%s", p.readAllStandardError().constData());
            return QImage();
        }
        return QImage(out);
    };
    const QImage all = render({}, m_dir.filePath(QStringLiteral("render.png")));
    QVERIFY(!all.isNull());
    QVERIFY2(inkPixels(all) > 100, qPrintable(QString::number(inkPixels(all))));
    QVERIFY(saveScreenshot(all, QStringLiteral("gaplines_render.png")));
    const QImage before = render({QStringLiteral("--to"), QStringLiteral("2024-03-01T04:00:00Z")},
                                 m_dir.filePath(QStringLiteral("before.png")));
    QVERIFY(!before.isNull());
    QCOMPARE(inkPixels(before), 0);
    Q_UNUSED(g);
}

QTEST_MAIN(TestGapLines)
#include "tst_gaplines.moc"

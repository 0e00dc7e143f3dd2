// Rasters (imagery) on the map: GeoTIFFs in EPSG:4326 and UTM 51N with colour blocks at
// known coordinates, drawn by RasterLayer alone, in the window (under the events, with
// the Layers dock's opacity and order), in its exports, in projects and by
// `rendezvous render --overlay`.

#include "../models/rastertesthelpers.h"
#include "projecttesthelpers.h"
#include "screenshots.h"

#include "export/exportscene.h"
#include "export/exportwriter.h"
#include "map/basemapcache.h"
#include "map/basemaplayer.h"
#include "map/maprenderer.h"
#include "map/rasterlayer.h"
#include "mapui/mapcontroller.h"
#include "window/mainwindow.h"

#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

using namespace projecttest;
using rastertest::Rgb;
using rastertest::Spec;

namespace {
QColor colour(const Rgb &c)
{
    return QColor(c.r, c.g, c.b);
}
QColor block(int i)
{
    return colour(rastertest::blockColours()[size_t(i)]);
}
bool near(const QColor &a, const QColor &b, int tolerance = 2)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}
QString describe(const QColor &c)
{
    return QStringLiteral("rgb(%1, %2, %3)").arg(c.red()).arg(c.green()).arg(c.blue());
}

// Near the sample's events (East China Sea): 4326 from 121 to 125 E, 27 to 31 N; UTM 51N
// 200 to 600 km east, 3,000 to 3,400 km north (27.1 to 30.7 N), 1 km pixels.
Spec wgs84()
{
    Spec s;
    s.west = 121;
    s.north = 31;
    return s;
}
Spec utm()
{
    Spec s;
    s.epsg = 32651;
    s.west = 200000;
    s.north = 3400000;
    s.pixel = 1000;
    return s;
}

QImage paintLayer(const MapLayer &layer, const MapViewport &vp)
{
    QImage image(vp.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    layer.paint(p, vp, RenderOptions());
    return image;
}

// Count of pixels within 2 levels of a colour.
int count(const QImage &image, const QColor &c)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += near(image.pixelColor(x, y), c);
    return n;
}
} // namespace

class TestRasterLayer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void coloursAtTheirLonLat_data();
    void coloursAtTheirLonLat();
    void overviewByZoom();
    void opacity();
    void orderInTheLayerSet();
    void badFilesAreSaid();
    void windowDockProjectAndExports();
    void renderCommandDrawsRasters();

private:
    QString file(const QString &name, const Spec &spec)
    {
        const QString path = m_dir.filePath(name);
        if (!QFile::exists(path) && !rastertest::write(path, spec))
            qWarning("could not write %s", qPrintable(path));
        return path;
    }
    QTemporaryDir m_dir;
    QTemporaryDir m_settings;
};

void TestRasterLayer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(isolateSettings(m_settings));
    qRegisterMetaType<VectorOverlayLayer *>();
    qRegisterMetaType<RasterLayer *>();
}

void TestRasterLayer::coloursAtTheirLonLat_data()
{
    QTest::addColumn<bool>("projected");
    QTest::addColumn<double>("zoom");
    QTest::newRow("EPSG:4326, zoom 7") << false << 7.0;
    QTest::newRow("EPSG:4326, zoom 10") << false << 10.0;
    QTest::newRow("EPSG:32651, zoom 7") << true << 7.0;
    QTest::newRow("EPSG:32651, zoom 10") << true << 10.0;
}

void TestRasterLayer::coloursAtTheirLonLat()
{
    QFETCH(bool, projected);
    QFETCH(double, zoom);
    const Spec spec = projected ? utm() : wgs84();
    QString error;
    auto layer = RasterLayer::fromFile(
        file(projected ? QStringLiteral("utm.tif") : QStringLiteral("wgs84.tif"), spec), &error);
    QVERIFY2(layer, qPrintable(error));
    const double w = spec.width * spec.pixel, h = spec.height * spec.pixel;
    for (int b = 0; b < 4; ++b) {
        const double x = spec.west + (b % 2 ? 0.75 : 0.25) * w;
        const double y = spec.north - (b < 2 ? 0.25 : 0.75) * h;
        const auto [lon, lat] = rastertest::toLonLat(spec.epsg, x, y);
        // Centred on the block's line with the next block east (or west), so that both
        // sides of it show.
        const auto [elon, elat] = rastertest::toLonLat(spec.epsg, spec.west + w / 2, y);
        MapViewport vp(elat, elon, zoom, QSize(400, 300));
        const QImage image = paintLayer(*layer, vp);
        if (zoom == 7.0) {
            const QPointF at = vp.toPixel(lat, lon);
            QVERIFY2(near(image.pixelColor(at.toPoint()), block(b)),
                     qPrintable(describe(image.pixelColor(at.toPoint()))));
        }
        // The line between the blocks is where it belongs, to two pixels.
        const QPointF line = vp.toPixel(elat, elon);
        const QColor west = image.pixelColor((line - QPointF(2.5, 0)).toPoint());
        const QColor east = image.pixelColor((line + QPointF(2.5, 0)).toPoint());
        QVERIFY2(near(west, block(b < 2 ? 0 : 2)), qPrintable(describe(west)));
        QVERIFY2(near(east, block(b < 2 ? 1 : 3)), qPrintable(describe(east)));
    }
    // Outside: the raster draws nothing (white stays white).
    const auto [olon, olat] = rastertest::toLonLat(spec.epsg, spec.west - w * 0.05, spec.north);
    MapViewport vp(olat, olon, 7, QSize(400, 300));
    const QImage image = paintLayer(*layer, vp);
    QCOMPARE(image.pixelColor(5, 5), QColor(Qt::white));
    QVERIFY(near(image.pixelColor(395, 295), block(0)));
}

void TestRasterLayer::overviewByZoom()
{
    // 400 pixels of 1 km: near 29 N that is 457 km of Web Mercator, so at zoom z the
    // raster spans 0.0029 * 2^z * 256 view pixels (187 at zoom 6: 2.1 raster pixels
    // a view pixel, overview 0 of 1/2; 93 at zoom 5: 1/4...). Its pixels are square on
    // the map, unlike the 4326 raster's, whose finer north-south scale decides.
    QString error;
    auto layer = RasterLayer::fromFile(file(QStringLiteral("utm.tif"), utm()), &error);
    QVERIFY2(layer, qPrintable(error));
    const struct
    {
        double zoom;
        int level;
    } cases[] = {{9, -1}, {7, -1}, {6, 0}, {5, 1}, {4, 2}, {2, 2}};
    for (const auto &c : cases) {
        MapViewport vp(29, 123, c.zoom, QSize(512, 512));
        paintLayer(*layer, vp);
        QVERIFY2(layer->lastLevel() == c.level,
                 qPrintable(QStringLiteral("zoom %1: level %2, expected %3")
                                .arg(c.zoom)
                                .arg(layer->lastLevel())
                                .arg(c.level)));
    }
    // A device pixel ratio of 2 wants the level twice as fine.
    MapViewport vp(29, 123, 5, QSize(512, 512), 2.0);
    QImage image(1024, 1024, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2.0);
    QPainter p(&image);
    layer->paint(p, vp, RenderOptions());
    QCOMPARE(layer->lastLevel(), 0);
}

void TestRasterLayer::opacity()
{
    QString error;
    auto layer = RasterLayer::fromFile(file(QStringLiteral("wgs84.tif"), wgs84()), &error);
    QVERIFY2(layer, qPrintable(error));
    QSignalSpy changed(layer.get(), &MapLayer::changed);
    layer->setOpacity(0.5);
    QCOMPARE(changed.size(), 1);
    const MapViewport vp(30, 122, 7, QSize(200, 200));
    const QImage image = paintLayer(*layer, vp);
    const QColor c = block(0);
    const QColor expected((c.red() + 255) / 2, (c.green() + 255) / 2, (c.blue() + 255) / 2);
    QVERIFY2(near(image.pixelColor(100, 100), expected, 3),
             qPrintable(describe(image.pixelColor(100, 100))));
    layer->setOpacity(0);
    QCOMPARE(paintLayer(*layer, vp).pixelColor(100, 100), QColor(Qt::white));
    layer->setOpacity(7); // clamped
    QCOMPARE(layer->opacity(), 1.0);
}

void TestRasterLayer::orderInTheLayerSet()
{
    MapRenderer renderer; // outlives the set, which detaches from it
    MapLayerSet set;
    set.attach(&renderer);
    QString error;
    RasterLayer *a =
        set.addRaster(RasterLayer::fromFile(file(QStringLiteral("wgs84.tif"), wgs84()), &error));
    RasterLayer *b =
        set.addRaster(RasterLayer::fromFile(file(QStringLiteral("utm.tif"), utm()), &error));
    QVERIFY(a && b);
    // Land made after the rasters still goes under them.
    RenderOptions options;
    options.basemap = RenderOptions::Basemap::Land;
    set.applyOptions(options);
    QCOMPARE(renderer.layers(MapLayer::Slot::Basemap), (QList<MapLayer *> {set.land(), a, b}));
    QCOMPARE(set.layers().mid(0, 3), (QList<MapLayer *> {set.land(), a, b}));
    // Where they overlap, the upper one shows: at 30.5 N, 122.5 E the 4326 raster has
    // its north-west block, the UTM one (its line at easting 400 km, near 122 E) its
    // north-east block.
    const MapViewport vp(30, 122.3, 7, QSize(400, 400));
    const auto topAt = [&] {
        QImage image(vp.size(), QImage::Format_ARGB32_Premultiplied);
        QPainter p(&image);
        renderer.render(p, vp, RenderOptions());
        return image.pixelColor(vp.toPixel(30.5, 122.5).toPoint());
    };
    QVERIFY2(near(topAt(), block(1)), qPrintable(describe(topAt())));
    set.moveRaster(b, 0);
    QCOMPARE(set.rasters(), (QList<RasterLayer *> {b, a}));
    QCOMPARE(renderer.layers(MapLayer::Slot::Basemap), (QList<MapLayer *> {set.land(), b, a}));
    QVERIFY2(near(topAt(), block(0)), qPrintable(describe(topAt())));
    set.removeRaster(a);
    QCOMPARE(renderer.layers(MapLayer::Slot::Basemap), (QList<MapLayer *> {set.land(), b}));
}

void TestRasterLayer::badFilesAreSaid()
{
    const QString junk = m_dir.filePath(QStringLiteral("junk.tif"));
    {
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a tiff");
    }
    Spec nogeo;
    nogeo.georeferenced = false;
    const QString unplaced = file(QStringLiteral("nogeo.tif"), nogeo);
    QString error;
    QVERIFY(!RasterLayer::fromFile(junk, &error));
    QVERIFY2(error.startsWith(junk + QStringLiteral(": not a raster GDAL can read")),
             qPrintable(error));
    QVERIFY(!RasterLayer::fromFile(unplaced, &error));
    QVERIFY2(error.startsWith(unplaced + QStringLiteral(": has no georeference")),
             qPrintable(error));

    // The Layers dock says it in a message box naming the file, and adds nothing.
    MainWindow w;
    w.resize(900, 600);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy failed(w.layersDock(), &LayersDock::overlayFailed);
    w.layersDock()->addOverlayFile(unplaced);
    QVERIFY(failed.wait(20000));
    QCOMPARE(failed.constFirst().at(0).toString(), unplaced);
    QVERIFY(failed.constFirst().at(1).toString().contains(QStringLiteral("no georeference")));
    QTRY_VERIFY(w.layersDock()->findChild<QMessageBox *>(QStringLiteral("overlayErrorBox")));
    const auto *box = w.layersDock()->findChild<QMessageBox *>(QStringLiteral("overlayErrorBox"));
    QVERIFY(box->text().contains(QStringLiteral("nogeo.tif")));
    QVERIFY(box->informativeText().contains(QStringLiteral("has no georeference")));
    QVERIFY(w.map()->layers()->rasters().isEmpty());

    // A file whose header opens but whose tiles are cut off: the first frame that reads
    // them says so in the status bar, naming the file.
    Spec cut;
    cut.overviews.clear();
    cut.compress = "DEFLATE";
    cut.colour = [](int x, int y) { return Rgb {(x * 7) % 256, (y * 13) % 256, (x ^ y) % 256}; };
    const QString truncated = file(QStringLiteral("truncated.tif"), cut);
    {
        QFile f(truncated);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 3));
    }
    QSignalSpy said(w.layersDock(), &LayersDock::statusMessage);
    QSignalSpy added(w.layersDock(), &LayersDock::rasterAdded);
    w.layersDock()->addOverlayFile(truncated);
    QVERIFY(added.wait(20000));
    RasterLayer *raster = w.map()->layers()->rasters().constFirst();
    paintLayer(*raster, MapViewport(12, 122, 7, QSize(300, 300))); // 120-124 E, 10-14 N
    QVERIFY(raster->lastError().startsWith(truncated + QStringLiteral(": cannot read its pixels")));
    QTRY_VERIFY(!said.isEmpty());
    QVERIFY2(said.constFirst().constFirst().toString().startsWith(
                 truncated + QStringLiteral(": cannot read its pixels")),
             qPrintable(said.constFirst().constFirst().toString()));
    w.layersDock()->removeRaster(raster); // not in the next window's session
}

void TestRasterLayer::windowDockProjectAndExports()
{
    const QString utmPath = file(QStringLiteral("utm.tif"), utm());
    const QString wgsPath = file(QStringLiteral("wgs84.tif"), wgs84());
    const QString projectPath = m_dir.filePath(QStringLiteral("imagery.rvz"));
    // No layers from an earlier test's session.
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"))
        .remove(QStringLiteral("map/overlays"));
    {
        MainWindow w;
        QVERIFY(showAndLoad(w));
        QSignalSpy added(w.layersDock(), &LayersDock::rasterAdded);
        w.layersDock()->addOverlayFile(wgsPath);
        QVERIFY(added.wait(20000));
        w.layersDock()->addOverlayFile(utmPath);
        QVERIFY(added.wait(20000));
        QCOMPARE(w.map()->layers()->rasters().size(), 2);
        RasterLayer *top = w.map()->layers()->rasters().constLast();
        QCOMPARE(top->path(), utmPath);
        // The dock lists them under the events, top first; the new one is current.
        LayersDock *dock = w.layersDock();
        QCOMPARE(dock->layerAt(1), top);
        QCOMPARE(dock->currentRaster(), top);
        QVERIFY(dock->opacitySlider()->isEnabled());
        dock->opacitySlider()->setValue(40);
        QCOMPARE(top->opacity(), 0.4);
        dock->moveRaster(top, -1); // down, under the 4326 one
        QCOMPARE(w.map()->layers()->rasters().constFirst(), top);
        QCOMPARE(dock->layerAt(2), top);

        // The window: the map's background worker draws the rasters under the events
        // (over the sea only, for the colours below; the screenshot has the land).
        BasemapCache &cache = w.map()->view()->basemapCache();
        int renders = cache.renderCount();
        w.map()->setBasemap(RenderOptions::Basemap::None);
        MapViewport v = w.map()->view()->viewport();
        v.setCenter(29, 123);
        v.setZoom(6);
        w.map()->view()->setViewport(v);
        QTRY_VERIFY_WITH_TIMEOUT(cache.renderCount() > renders
                                     && cache.isCurrent(w.map()->view()->viewport())
                                     && !cache.isRendering(),
                                 20000);
        const QImage shot = w.map()->view()->grab().toImage();
        renders = cache.renderCount();
        w.map()->setBasemap(RenderOptions::Basemap::Land);
        QTRY_VERIFY_WITH_TIMEOUT(cache.renderCount() > renders
                                     && cache.isCurrent(w.map()->view()->viewport())
                                     && !cache.isRendering(),
                                 20000);
        QVERIFY(saveScreenshot(w.grab(), QStringLiteral("raster_window.png")));
        // The 4326 raster is on top now, fully opaque: its NE block at 124.5 E, 30.5 N.
        const QPointF ne = w.map()->view()->viewport().toPixel(30.5, 124.5);
        QVERIFY2(near(shot.pixelColor(ne.toPoint()), block(1)),
                 qPrintable(describe(shot.pixelColor(ne.toPoint()))));
        // Only the UTM raster (40 % over the sea) west of 121 E: its NW block, faded.
        const auto [ulon, ulat] = rastertest::toLonLat(32651, 210000, 3390000);
        const QPointF faded = w.map()->view()->viewport().toPixel(ulat, ulon);
        const QColor sea = MapRenderer::defaultSeaColor(), nw = block(0);
        const QColor mix(int(nw.red() * 0.4 + sea.red() * 0.6),
                         int(nw.green() * 0.4 + sea.green() * 0.6),
                         int(nw.blue() * 0.4 + sea.blue() * 0.6));
        const QColor got = shot.pixelColor(faded.toPoint());
        QVERIFY2(near(got, mix, 4),
                 qPrintable(describe(got) + QStringLiteral(" vs ") + describe(mix)));

        // Every export of the window's scene has the rasters.
        auto scene = ExportScene::snapshot(*w.map()->layers(), w.map()->view()->viewport(),
                                           w.map()->options(), ExportContext());
        ExportSettings settings;
        for (const QString &ext : {QStringLiteral("png"), QStringLiteral("pdf"),
                                   QStringLiteral("svg"), QStringLiteral("tif")}) {
            const QString out = m_dir.filePath(QStringLiteral("export.") + ext);
            QString error;
            settings.format = *ExportSettings::formatFromName(ext);
            QVERIFY2(exportwriter::write(settings, *scene, out, &error), qPrintable(error));
            if (ext == QLatin1String("png")) {
                const QImage png(out);
                QVERIFY(saveScreenshot(png, QStringLiteral("raster_export.png")));
                for (int b = 0; b < 4; ++b)
                    QVERIFY2(count(png, block(b)) > 500, qPrintable(QString::number(b)));
            } else if (ext == QLatin1String("tif")) {
                // The GeoTIFF's pixels, read back through GDAL.
                GDALDatasetH ds = GDALOpen(out.toUtf8().constData(), GA_ReadOnly);
                QVERIFY(ds);
                const int gw = GDALGetRasterXSize(ds), gh = GDALGetRasterYSize(ds);
                std::vector<unsigned char> rgb(size_t(gw) * size_t(gh) * 3);
                QVERIFY(GDALDatasetRasterIO(ds, GF_Read, 0, 0, gw, gh, rgb.data(), gw, gh, GDT_Byte,
                                            3, nullptr, 3, 3 * gw, 1)
                        == CE_None);
                GDALClose(ds);
                QImage image(rgb.data(), gw, gh, 3 * gw, QImage::Format_RGB888);
                for (int b = 0; b < 4; ++b)
                    QVERIFY2(count(image, block(b)) > 500, qPrintable(QString::number(b)));
            } else {
                // PDF and SVG carry the raster as an embedded image.
                QFile f(out);
                QVERIFY(f.open(QIODevice::ReadOnly));
                const QByteArray bytes = f.readAll();
                QVERIFY(ext == QLatin1String("svg") ? bytes.contains("<image")
                                                    : bytes.contains("/Subtype /Image"));
            }
        }

        QVERIFY(w.project()->saveAs(projectPath));
    }
    // The project brings them back: order, opacity, visibility.
    QFile f(projectPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("\"opacity\": 0.4"));
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(openAndWait(w, projectPath));
    QTRY_COMPARE_WITH_TIMEOUT(w.map()->layers()->rasters().size(), 2, 20000);
    const QList<RasterLayer *> rasters = w.map()->layers()->rasters();
    QCOMPARE(rasters[0]->path(), utmPath);
    QCOMPARE(rasters[0]->opacity(), 0.4);
    QCOMPARE(rasters[1]->path(), wgsPath);
    QCOMPARE(rasters[1]->opacity(), 1.0);
    QVERIFY(!w.isWindowModified());
}

void TestRasterLayer::renderCommandDrawsRasters()
{
    const QString utmPath = file(QStringLiteral("utm.tif"), utm());
    const auto run = [&](const QStringList &more, const QString &png,
                         const QString &bbox = QStringLiteral("119,26,127,32")) {
        QProcess cli;
        cli.start(QStringLiteral(RENDEZVOUS_BINARY),
                  QStringList {QStringLiteral("render"), fixture(), QStringLiteral("-o"), png,
                               QStringLiteral("--bbox"), bbox, QStringLiteral("--basemap"),
                               QStringLiteral("none")}
                      + more);
        cli.waitForFinished(120000);
        return std::make_pair(cli.exitCode(), QString::fromUtf8(cli.readAllStandardError()));
    };
    const QString with = m_dir.filePath(QStringLiteral("with.png"));
    const QString without = m_dir.filePath(QStringLiteral("without.png"));
    auto r = run({QStringLiteral("--overlay"), utmPath}, with);
    QVERIFY2(r.first == 0, qPrintable(r.second));
    r = run({}, without);
    QVERIFY2(r.first == 0, qPrintable(r.second));
    const QImage a(with), b(without);
    QVERIFY(saveScreenshot(a, QStringLiteral("raster_render.png")));
    for (int i = 0; i < 4; ++i) {
        QVERIFY2(count(a, block(i)) > 1000, qPrintable(QString::number(i)));
        QCOMPARE(count(b, block(i)), 0);
    }
    // A bad raster fails the command with the file and the reason.
    Spec five;
    five.bands = 5;
    const QString bad = file(QStringLiteral("five.tif"), five);
    r = run({QStringLiteral("--overlay"), bad}, m_dir.filePath(QStringLiteral("bad.png")));
    QCOMPARE(r.first, 2);
    QVERIFY2(r.second.contains(bad + QStringLiteral(": has 5 bands")), qPrintable(r.second));
    // One that opens but cannot be read (badFilesAreSaid cut it short) fails it too.
    const QString truncated = m_dir.filePath(QStringLiteral("truncated.tif"));
    QVERIFY(QFile::exists(truncated));
    r = run({QStringLiteral("--overlay"), truncated}, m_dir.filePath(QStringLiteral("cut.png")),
            QStringLiteral("119,9,125,15"));
    QCOMPARE(r.first, 2);
    QVERIFY2(r.second.contains(QStringLiteral("--overlay: ") + truncated
                               + QStringLiteral(": cannot read its pixels")),
             qPrintable(r.second));
}

QTEST_MAIN(TestRasterLayer)
#include "tst_rasterlayer.moc"

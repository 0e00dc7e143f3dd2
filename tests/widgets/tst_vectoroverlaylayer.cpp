#include "map/annotationlayer.h"
#include "map/basemaplayer.h"
#include "map/decorationslayer.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/maprenderer.h"
#include "map/tilelayer.h"
#include "map/tracklayer.h"
#include "map/vectoroverlaylayer.h"

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

// Vector overlays (EEZs and the like) on an offscreen image: a known polygon's inside
// in its colour and its hole and outside not, across 180°, reprojected from another
// CRS, lines and points; unreadable files; and the one layer assembly (MapLayerSet)
// the window and `render` share.
namespace {
QString overlay(const QString &name)
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/overlay/") + name;
}

const QColor kSea(Qt::white);
const QColor kBlue(0, 0, 255);

// The overlay's fill over white, computed here rather than taken from the layer.
QColor fillOverWhite(const QColor &c)
{
    const double a = VectorOverlayLayer::kFillAlpha / 255.0;
    return QColor(int(std::lround(255 * (1 - a) + c.red() * a)),
                  int(std::lround(255 * (1 - a) + c.green() * a)),
                  int(std::lround(255 * (1 - a) + c.blue() * a)));
}

bool near(QColor a, QColor b, int tol = 6)
{
    return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol
        && std::abs(a.blue() - b.blue()) <= tol;
}

QImage render(const MapLayer &layer, const MapViewport &vp)
{
    MapRenderer r;
    r.setSeaColor(kSea);
    r.addLayer(const_cast<MapLayer *>(&layer));
    QImage img(vp.size(), QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::black);
    QPainter p(&img);
    RenderOptions options;
    options.basemap = RenderOptions::Basemap::None;
    r.render(p, vp, options);
    return img;
}

QColor at(const QImage &img, const MapViewport &vp, double lat, double lon)
{
    const QPointF px = vp.toPixel(lat, lon);
    return img.pixelColor(int(std::floor(px.x())), int(std::floor(px.y())));
}

std::unique_ptr<VectorOverlayLayer> load(const QString &name)
{
    QString error;
    auto layer = VectorOverlayLayer::fromFile(overlay(name), &error);
    if (layer)
        layer->setColor(kBlue);
    else
        qWarning("%s", qPrintable(error));
    return layer;
}
} // namespace

class TestVectorOverlayLayer : public QObject
{
    Q_OBJECT
private slots:
    void readsEveryKind();
    void polygonInsideIsFilledHoleAndOutsideAreNot();
    void polygonAcrossTheAntimeridian_data();
    void polygonAcrossTheAntimeridian();
    void everyCopyOfTheWorld();
    void reprojectedFromWebMercator();
    void linesAndPoints();
    void colourAndVisibility();
    void unreadableFiles_data();
    void unreadableFiles();
    void featuresWithoutGeometryAreSaid();
    void layerSetOrderIsTheRenderersOrder();
    void layerSetCreatesBasemapsOnDemand();
};

void TestVectorOverlayLayer::readsEveryKind()
{
    auto layer = load(QStringLiteral("square.geojson"));
    QVERIFY(layer);
    QCOMPARE(layer->slot(), MapLayer::Slot::Overlay);
    QCOMPARE(layer->name(), QStringLiteral("square"));
    QCOMPARE(layer->geometry().polygons.size(), size_t(1));
    QCOMPARE(layer->geometry().lines.size(), size_t(1));
    QCOMPARE(layer->geometry().points.size(), size_t(1));
    QCOMPARE(layer->geometry().shapeCount, 3);
}

void TestVectorOverlayLayer::polygonInsideIsFilledHoleAndOutsideAreNot()
{
    auto layer = load(QStringLiteral("square.geojson"));
    QVERIFY(layer);
    const MapViewport vp(20, 20, 4, QSize(640, 480));
    const QImage img = render(*layer, vp);
    const QColor fill = fillOverWhite(kBlue);
    QVERIFY2(near(at(img, vp, 14, 14), fill), qPrintable(at(img, vp, 14, 14).name()));
    QVERIFY(near(at(img, vp, 26, 27), fill));
    QVERIFY2(near(at(img, vp, 20, 20), kSea), "the hole is not filled");
    QVERIFY(near(at(img, vp, 34, 20), kSea));
    QVERIFY(near(at(img, vp, 20, 6), kSea));
    // The outline: strongly the layer's colour on the western edge.
    const QPointF edge = vp.toPixel(20, 10);
    const QColor outline = img.pixelColor(int(std::round(edge.x())), int(edge.y()));
    QVERIFY2(outline.blue() > 200 && outline.red() < 120, qPrintable(outline.name()));
}

void TestVectorOverlayLayer::polygonAcrossTheAntimeridian_data()
{
    QTest::addColumn<double>("centerLon");
    QTest::newRow("centred on 180") << 180.0;
    QTest::newRow("centred west of it") << -172.0;
    QTest::newRow("centred east of it") << 172.0;
}

// The box runs from 170°E to 170°W: 20° wide across 180°, not 340° the other way.
void TestVectorOverlayLayer::polygonAcrossTheAntimeridian()
{
    QFETCH(double, centerLon);
    auto layer = load(QStringLiteral("antimeridian.geojson"));
    QVERIFY(layer);
    const MapViewport vp(-17, centerLon, 4, QSize(800, 500));
    const QImage img = render(*layer, vp);
    const QColor fill = fillOverWhite(kBlue);
    for (double lon : {172.0, 178.0, 179.9, -179.9, -178.0, -172.0})
        QVERIFY2(near(at(img, vp, -17, lon), fill),
                 qPrintable(QStringLiteral("%1: %2").arg(lon).arg(at(img, vp, -17, lon).name())));
    for (double lon : {165.0, -165.0})
        QVERIFY2(near(at(img, vp, -17, lon), kSea), qPrintable(QString::number(lon)));
    QVERIFY(near(at(img, vp, -5, 180), kSea));
}

void TestVectorOverlayLayer::everyCopyOfTheWorld()
{
    auto layer = load(QStringLiteral("antimeridian.geojson"));
    QVERIFY(layer);
    // Zoom 0 in a view three worlds wide: the box shows on each copy.
    const MapViewport vp(0, 0, 0, QSize(768, 256));
    const QImage img = render(*layer, vp);
    const QPointF p = vp.toPixel(-17, 180);
    int filled = 0;
    for (int k = -1; k <= 1; ++k) {
        const QColor c = img.pixelColor(int(p.x() + k * 256), int(p.y()));
        filled += near(c, fillOverWhite(kBlue), 40) || c.blue() > c.red() + 40;
    }
    QVERIFY(int(p.x()) - 256 >= 0 || int(p.x()) + 256 < 768);
    QCOMPARE(filled, 3);
}

void TestVectorOverlayLayer::reprojectedFromWebMercator()
{
    auto layer = load(QStringLiteral("square_3857.geojson"));
    QVERIFY(layer);
    const MapViewport vp(20, 20, 4, QSize(640, 480));
    const QImage img = render(*layer, vp);
    const QColor fill = fillOverWhite(kBlue);
    QVERIFY2(near(at(img, vp, 12, 12), fill), qPrintable(at(img, vp, 12, 12).name()));
    QVERIFY(near(at(img, vp, 28, 28), fill));
    QVERIFY(near(at(img, vp, 20, 20), fill)); // no hole in this one
    QVERIFY(near(at(img, vp, 32, 20), kSea));
    QVERIFY(near(at(img, vp, 8, 20), kSea));
}

void TestVectorOverlayLayer::linesAndPoints()
{
    auto layer = load(QStringLiteral("square.geojson"));
    QVERIFY(layer);
    const MapViewport vp(5, -30, 4, QSize(640, 480));
    const QImage img = render(*layer, vp);
    const QColor line = at(img, vp, -10, -30);
    QVERIFY2(line.blue() > 200 && line.red() < 150, qPrintable(line.name()));
    QVERIFY(near(at(img, vp, -8, -30), kSea)); // a line has no fill
    QVERIFY(near(at(img, vp, 20, -30), kBlue, 10)); // the point's dot
    QVERIFY(near(at(img, vp, 20, -27), kSea));
}

void TestVectorOverlayLayer::colourAndVisibility()
{
    auto layer = load(QStringLiteral("square.geojson"));
    QVERIFY(layer);
    QSignalSpy changed(layer.get(), &MapLayer::changed);
    const QColor red(220, 0, 0);
    layer->setColor(red);
    QCOMPARE(changed.count(), 1);
    const MapViewport vp(20, 20, 4, QSize(640, 480));
    QVERIFY(near(at(render(*layer, vp), vp, 14, 14), fillOverWhite(red)));
    layer->setVisible(false);
    QCOMPARE(changed.count(), 2);
    QVERIFY(near(at(render(*layer, vp), vp, 14, 14), kSea));
}

void TestVectorOverlayLayer::unreadableFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << overlay(QStringLiteral("no-such-file.geojson"))
                             << QStringLiteral("no such file");
    QTest::newRow("truncated") << QStringLiteral(RENDEZVOUS_TEST_DATA "/junk/truncated.geojson")
                               << QStringLiteral("not a vector data file");
    QTest::newRow("binary") << QStringLiteral(RENDEZVOUS_TEST_DATA "/ogr/garbage.dat")
                            << QStringLiteral("not a vector data file");
    QTest::newRow("no geometries")
        << overlay(QStringLiteral("empty.geojson")) << QStringLiteral("no geometries");
    QTest::newRow("a folder") << QStringLiteral(RENDEZVOUS_TEST_DATA "/overlay")
                              << QStringLiteral("folder");
}

void TestVectorOverlayLayer::unreadableFiles()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    QString error;
    const auto layer = VectorOverlayLayer::fromFile(path, &error);
    QVERIFY(!layer);
    QVERIFY2(error.contains(path), qPrintable(error)); // names the file
    QVERIFY2(error.contains(reason), qPrintable(error)); // and why
}

// A feature without geometry is left out of the drawing, and said (file, count, ids).
void TestVectorOverlayLayer::featuresWithoutGeometryAreSaid()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("zones.geojson"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": 1, "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}},
        {"type": "Feature", "id": 2, "properties": {}, "geometry": null}
    ]})");
    f.close();
    QString error;
    const auto geometry = VectorOverlayLayer::read(path, &error);
    QVERIFY2(geometry, qPrintable(error));
    QCOMPARE(geometry->shapeCount, 1);
    QCOMPARE(geometry->skipped,
             QStringList {QStringLiteral("zones.geojson: 1 feature without geometry left out "
                                         "(feature id 2)")});
    QVERIFY(VectorOverlayLayer::read(overlay(QStringLiteral("square.geojson")), &error)
                ->skipped.isEmpty());
}

void TestVectorOverlayLayer::layerSetOrderIsTheRenderersOrder()
{
    MapRenderer renderer;
    MapLayerSet set;
    set.attach(&renderer);
    RenderOptions options;
    options.basemap = RenderOptions::Basemap::Land;
    set.applyOptions(options);
    QSignalSpy added(&set, &MapLayerSet::overlayAdded);
    VectorOverlayLayer *a = set.addOverlay(load(QStringLiteral("square.geojson")));
    VectorOverlayLayer *b = set.addOverlay(load(QStringLiteral("antimeridian.geojson")));
    QVERIFY(a && b);
    QCOMPARE(added.count(), 2);
    const QList<MapLayer *> expected = {set.land(),
                                        set.annotations()->fillLayer(),
                                        a,
                                        b,
                                        set.tracks(),
                                        set.events()->gapLayer(),
                                        set.events(),
                                        set.events()->selectionLayer(),
                                        set.annotations(),
                                        set.decorations()};
    QCOMPARE(set.layers(), expected);
    QCOMPARE(renderer.layers(), expected);
    QCOMPARE(renderer.layers(MapLayer::Slot::Overlay),
             (QList<MapLayer *> {set.annotations()->fillLayer(), a, b}));

    set.removeOverlay(a);
    QCOMPARE(set.overlays(), QList<VectorOverlayLayer *> {b});
    QVERIFY(!renderer.layers().contains(a));

    // Attached later, a renderer gets the same list.
    MapRenderer other;
    set.attach(&other);
    QCOMPARE(other.layers(), set.layers());
    QVERIFY(renderer.layers().isEmpty()); // detached from the first
    set.detach();
    QVERIFY(other.layers().isEmpty());
}

void TestVectorOverlayLayer::layerSetCreatesBasemapsOnDemand()
{
    MapRenderer renderer;
    MapLayerSet set;
    set.attach(&renderer);
    RenderOptions options;
    options.basemap = RenderOptions::Basemap::None;
    options.colorBy = QStringLiteral("confidence");
    options.sizeByVolume = true;
    set.applyOptions(options);
    QVERIFY(!set.land());
    QVERIFY(!set.tiles());
    QCOMPARE(set.events()->colorBy(), QStringLiteral("confidence"));
    QVERIFY(set.events()->sizeByVolume());
    options.basemap = RenderOptions::Basemap::Tiles;
    set.applyOptions(options);
    QVERIFY(set.land());
    QVERIFY(set.tiles());
    // Tiles over the land in the one Basemap slot.
    QCOMPARE(renderer.layers(MapLayer::Slot::Basemap),
             (QList<MapLayer *> {set.land(), set.tiles()}));
}

QTEST_MAIN(TestVectorOverlayLayer)
#include "tst_vectoroverlaylayer.moc"

#include "map/decorationslayer.h"
#include "map/maprenderer.h"
#include "reference.h"

#include <QImage>
#include <QPainter>
#include <QtTest>

#include <cmath>

// The one drawing path, on an offscreen image: slot order, and the decorations'
// arithmetic and pixels (scale bar, graticule, attribution).
namespace {
// Fills its rectangle (the whole view when none) with one colour.
class SolidLayer : public MapLayer
{
public:
    SolidLayer(Slot slot, QColor color, QRectF rect = QRectF())
        : MapLayer(slot), m_color(color), m_rect(rect)
    { }
    QString name() const override { return QStringLiteral("solid"); }
    void paint(QPainter &p, const MapViewport &vp, const RenderOptions &) const override
    {
        // Paints outside the view on purpose: the renderer must clip.
        p.fillRect(m_rect.isNull()
                       ? QRectF(-50, -50, vp.size().width() + 100, vp.size().height() + 100)
                       : m_rect,
                   m_color);
        p.setPen(Qt::red); // state that must not leak into the next layer
        p.translate(1000, 1000);
    }

private:
    QColor m_color;
    QRectF m_rect;
};

QImage render(const MapRenderer &r, const MapViewport &vp, const RenderOptions &o = {})
{
    QImage img(vp.size(), QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::black);
    QPainter p(&img);
    r.render(p, vp, o);
    return img;
}

bool near(QColor a, QColor b, int tol = 6)
{
    return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol
        && std::abs(a.blue() - b.blue()) <= tol;
}

bool isDark(QColor c)
{
    return c.red() < 110 && c.green() < 120 && c.blue() < 130;
}

// Independent of MapViewport: the equator's length over the world's pixels, scaled.
double groundResolution(double lat, double zoom)
{
    return 2 * M_PI * 6378137.0 * std::cos(lat * M_PI / 180) / (256 * std::pow(2.0, zoom));
}

int darkPixelsIn(const QImage &img, const QRect &r)
{
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            n += isDark(img.pixelColor(x, y)) ? 1 : 0;
    return n;
}
} // namespace

using Slot = MapLayer::Slot;

class TestMapRenderer : public QObject
{
    Q_OBJECT
private slots:
    void seaOnly();
    void slotOrder_data();
    void slotOrder();
    void stableWithinSlot();
    void invisibleSkipped();
    void clippedAndIsolated();
    void initTestCase() { useReferenceFont(); }
    void matchesReference();
    void niceRoundDown_data();
    void niceRoundDown();
    void scaleBarNumbers_data();
    void scaleBarNumbers();
    void scaleBarPixels();
    void graticuleStep_data();
    void graticuleStep();
    void labels_data();
    void labels();
    void graticulePixels();
    void attribution();
    void optionsRespected();
};

void TestMapRenderer::seaOnly()
{
    MapRenderer r;
    const QImage img = render(r, MapViewport(0, 0, 2, QSize(64, 48)));
    QCOMPARE(img.pixelColor(0, 0), QColor("#dfe8ef"));
    QCOMPARE(img.pixelColor(63, 47), QColor("#dfe8ef"));
}

// Layers are added in a scrambled order; each fills the view, so the colour on top
// tells which slot painted last.
void TestMapRenderer::slotOrder_data()
{
    QTest::addColumn<QList<int>>("order"); // added in this order
    QTest::addColumn<int>("top");
    QTest::newRow("decorations over all") << QList<int> {4, 0, 3, 1, 2} << 4;
    QTest::newRow("selection over events") << QList<int> {3, 2, 1, 0} << 3;
    QTest::newRow("events over overlay") << QList<int> {2, 1} << 2;
    QTest::newRow("overlay over basemap") << QList<int> {1, 0} << 1;
    QTest::newRow("basemap over sea") << QList<int> {0} << 0;
}

void TestMapRenderer::slotOrder()
{
    QFETCH(QList<int>, order);
    QFETCH(int, top);
    const QColor colors[] = {Qt::green, Qt::yellow, Qt::blue, Qt::magenta, Qt::cyan};
    std::vector<std::unique_ptr<SolidLayer>> layers;
    MapRenderer r;
    for (int s : order) {
        layers.push_back(std::make_unique<SolidLayer>(static_cast<Slot>(s), colors[s]));
        r.addLayer(layers.back().get());
    }
    const QImage img = render(r, MapViewport(0, 0, 2, QSize(40, 30)));
    QCOMPARE(img.pixelColor(20, 15), colors[top]);
    // layers() reports the draw order.
    int last = -1;
    for (const MapLayer *l : r.layers()) {
        QVERIFY(static_cast<int>(l->slot()) >= last);
        last = static_cast<int>(l->slot());
    }
}

void TestMapRenderer::stableWithinSlot()
{
    SolidLayer a(Slot::Overlay, Qt::red), b(Slot::Overlay, Qt::blue),
        under(Slot::Basemap, Qt::green);
    MapRenderer r;
    r.addLayer(&a);
    r.addLayer(&under);
    r.addLayer(&b);
    QCOMPARE(render(r, MapViewport(0, 0, 2, QSize(10, 10))).pixelColor(5, 5), QColor(Qt::blue));
    QCOMPARE(r.layers(), (QList<MapLayer *> {&under, &a, &b}));
    r.removeLayer(&b);
    QCOMPARE(render(r, MapViewport(0, 0, 2, QSize(10, 10))).pixelColor(5, 5), QColor(Qt::red));
}

void TestMapRenderer::invisibleSkipped()
{
    SolidLayer land(Slot::Basemap, Qt::green), deco(Slot::Decorations, Qt::cyan);
    MapRenderer r;
    r.addLayer(&deco);
    r.addLayer(&land);
    deco.setVisible(false);
    QCOMPARE(render(r, MapViewport(0, 0, 2, QSize(10, 10))).pixelColor(5, 5), QColor(Qt::green));
    land.setVisible(false);
    QCOMPARE(render(r, MapViewport(0, 0, 2, QSize(10, 10))).pixelColor(5, 5), QColor("#dfe8ef"));
}

void TestMapRenderer::clippedAndIsolated()
{
    // A layer painting a small square after one that translated the painter: the
    // square must land where it asked, and nothing may spill outside the view.
    SolidLayer first(Slot::Basemap, Qt::green), square(Slot::Events, Qt::blue, QRectF(2, 2, 4, 4));
    MapRenderer r;
    r.addLayer(&first);
    r.addLayer(&square);
    QImage img(QSize(40, 40), QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::black);
    {
        QPainter p(&img);
        p.translate(10, 10); // the view is a 20x20 window inside a bigger device
        r.render(p, MapViewport(0, 0, 2, QSize(20, 20)), {});
    }
    QCOMPARE(img.pixelColor(13, 13), QColor(Qt::blue));
    QCOMPARE(img.pixelColor(20, 20), QColor(Qt::green));
    QCOMPARE(img.pixelColor(5, 5), QColor(Qt::black)); // outside the view's clip
    QCOMPARE(img.pixelColor(35, 35), QColor(Qt::black));
}

// Sea, a land block, an events block and the decorations (graticule with labels, scale
// bar, attribution) against a reference picture: both render() (the CLI and export) and
// its two halves (the widget's cached background, then the live foreground) must draw
// it, so neither path can lose a slot or change the picture unnoticed.
void TestMapRenderer::matchesReference()
{
    SolidLayer land(Slot::Basemap, Qt::green, QRectF(0, 0, 30, 80));
    SolidLayer events(Slot::Events, Qt::blue, QRectF(20, 20, 40, 10));
    DecorationsLayer deco;
    MapRenderer r;
    for (MapLayer *l : {static_cast<MapLayer *>(&deco), static_cast<MapLayer *>(&events),
                        static_cast<MapLayer *>(&land)})
        r.addLayer(l);
    const MapViewport vp(30, 125, 5, QSize(300, 200));
    const QImage whole = render(r, vp);
    const QString why = compareWithReference(whole, QStringLiteral("maprenderer_scene.png"));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // Where nothing but the blocks can be: events over land, land, sea.
    QCOMPARE(whole.pixelColor(25, 25), QColor(Qt::blue));
    QCOMPARE(whole.pixelColor(10, 60), QColor(Qt::green));
    QCOMPARE(whole.pixelColor(200, 60), MapRenderer::defaultSeaColor());

    QImage halves(vp.size(), QImage::Format_ARGB32_Premultiplied);
    halves.fill(Qt::black);
    {
        QPainter p(&halves);
        r.renderBackground(p, vp, {});
        r.renderForeground(p, vp, {});
    }
    const QString whyHalves = compareWithReference(halves, QStringLiteral("maprenderer_scene.png"));
    QVERIFY2(whyHalves.isEmpty(), qPrintable(whyHalves));
}

void TestMapRenderer::niceRoundDown_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("expected");
    QTest::newRow("1") << 1.0 << 1.0;
    QTest::newRow("1.99") << 1.99 << 1.0;
    QTest::newRow("2") << 2.0 << 2.0;
    QTest::newRow("4.9") << 4.9 << 2.0;
    QTest::newRow("5") << 5.0 << 5.0;
    QTest::newRow("9.99") << 9.99 << 5.0;
    QTest::newRow("10") << 10.0 << 10.0;
    QTest::newRow("635") << 635.49 << 500.0;
    QTest::newRow("1000") << 1000.0 << 1000.0;
    QTest::newRow("0.081") << 0.081 << 0.05;
    QTest::newRow("0.3") << 0.3 << 0.2;
}

void TestMapRenderer::niceRoundDown()
{
    QFETCH(double, value);
    QFETCH(double, expected);
    QCOMPARE(DecorationsLayer::niceRoundDown(value), expected);
}

void TestMapRenderer::scaleBarNumbers_data()
{
    // Expected lengths worked out by hand from the ground resolution
    // 2πR·cos(lat) / (256·2^zoom) with R = 6378137 m and at most 150 px per bar:
    // e.g. 30°N, zoom 5: 4236.57 m/px, 150 px = 635.5 km = 343.1 nm → 500 km, 200 nm.
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<double>("km");
    QTest::addColumn<double>("nm");
    QTest::addColumn<QString>("kmLabel");
    QTest::addColumn<QString>("nmLabel");
    QTest::newRow("30N z5") << 30.0 << 5.0 << 500.0 << 200.0 << "500 km"
                            << "200 nm";
    QTest::newRow("equator z3") << 0.0 << 3.0 << 2000.0 << 1000.0 << "2000 km"
                                << "1000 nm";
    QTest::newRow("60N z10") << 60.0 << 10.0 << 10.0 << 5.0 << "10 km"
                             << "5 nm";
    QTest::newRow("East China Sea z12") << 31.2 << 12.0 << 2.0 << 2.0 << "2 km"
                                        << "2 nm";
    QTest::newRow("60S z10") << -60.0 << 10.0 << 10.0 << 5.0 << "10 km"
                             << "5 nm";
    // 30°N, zoom 17: 1.0343 m/px, 150 px = 155.1 m = 0.0838 nm.
    QTest::newRow("harbour z17") << 30.0 << 17.0 << 0.1 << 0.05 << "100 m"
                                 << "0.05 nm";
}

void TestMapRenderer::scaleBarNumbers()
{
    QFETCH(double, lat);
    QFETCH(double, zoom);
    QFETCH(double, km);
    QFETCH(double, nm);
    QFETCH(QString, kmLabel);
    QFETCH(QString, nmLabel);
    const MapViewport vp(lat, 120, zoom, QSize(800, 600)); // 800 / 4 > 150: 150 px bars
    QCOMPARE(DecorationsLayer::scaleBarMaxPixels(vp), 150.0);
    const double res = groundResolution(lat, zoom);
    QVERIFY(std::abs(vp.metresPerPixel() - res) < 1e-9 * res);
    const auto bar = DecorationsLayer::scaleBarFor(vp.metresPerPixel(), 150);
    QCOMPARE(bar.km, km);
    QCOMPARE(bar.nm, nm);
    QCOMPARE(bar.kmLabel, kmLabel);
    QCOMPARE(bar.nmLabel, nmLabel);
    QVERIFY(std::abs(bar.kmPixels - km * 1000 / res) < 1e-6);
    QVERIFY(std::abs(bar.nmPixels - nm * 1852 / res) < 1e-6);
    QVERIFY(bar.kmPixels <= 150 && bar.kmPixels > 150 / 2.5 - 1e-9);
    QVERIFY(bar.nmPixels <= 150 && bar.nmPixels > 150 / 2.5 - 1e-9);
}

void TestMapRenderer::scaleBarPixels()
{
    DecorationsLayer deco;
    MapRenderer r;
    r.addLayer(&deco);
    RenderOptions o;
    o.graticule = false;
    o.attribution = false;
    const MapViewport vp(30, 125, 5, QSize(800, 600));
    const QImage img = render(r, vp, o);
    img.save(QDir::temp().filePath(QStringLiteral("tst_scalebar.png")));
    const QRectF rect = DecorationsLayer::scaleBarRect(vp);
    const double x0 = rect.left() + 8;
    const int kmY = qRound(rect.top() + 11), nmY = qRound(rect.top() + 25);
    // 500 km = 118.0 px and 200 nm = 87.4 px at 30°N, zoom 5 (see scaleBarNumbers).
    for (double f : {0.05, 0.5, 0.95}) {
        QVERIFY2(isDark(img.pixelColor(qRound(x0 + f * 118.0), kmY)),
                 qPrintable(QString::number(f)));
        QVERIFY(isDark(img.pixelColor(qRound(x0 + f * 87.4), nmY)));
    }
    // The nm bar ends where 200 nm ends: past it, on its row, no ink before the label.
    QVERIFY(!isDark(img.pixelColor(qRound(x0 + 87.4 + 4), nmY)));
    QVERIFY(!isDark(img.pixelColor(qRound(x0 + 105), nmY)));
    QVERIFY(isDark(img.pixelColor(qRound(x0 + 105), kmY)));
    // Labels to the right of the longer bar.
    QVERIFY(darkPixelsIn(img, QRect(qRound(x0 + 118 + 6), kmY - 6, 40, 12)) > 10);
    QVERIFY(darkPixelsIn(img, QRect(qRound(x0 + 118 + 6), nmY - 6, 40, 12)) > 10);
    // Far from it: sea.
    QCOMPARE(img.pixelColor(400, 300), MapRenderer::defaultSeaColor());
}

void TestMapRenderer::graticuleStep_data()
{
    // 70 px at 360 / (256·2^zoom) degrees per pixel, rounded up to the step series.
    QTest::addColumn<double>("zoom");
    QTest::addColumn<double>("step");
    QTest::newRow("z0") << 0.0 << 90.0; // 98° per 70 px: the coarsest step
    QTest::newRow("z2") << 2.0 << 30.0; // 24.6°
    QTest::newRow("z4") << 4.0 << 10.0; // 6.15°
    QTest::newRow("z5") << 5.0 << 5.0; // 3.08°
    QTest::newRow("z6") << 6.0 << 2.0; // 1.54°
    QTest::newRow("z7") << 7.0 << 1.0; // 0.77°
    QTest::newRow("z8") << 8.0 << 0.5; // 0.38°
    QTest::newRow("z9") << 9.0 << 0.2; // 0.19°
    QTest::newRow("z10") << 10.0 << 0.1; // 0.096°
    QTest::newRow("z13") << 13.0 << 0.02; // 0.012°
}

void TestMapRenderer::graticuleStep()
{
    QFETCH(double, zoom);
    QFETCH(double, step);
    QCOMPARE(DecorationsLayer::graticuleStep(zoom, 70), step);
}

void TestMapRenderer::labels_data()
{
    QTest::addColumn<bool>("latitude");
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("step");
    QTest::addColumn<QString>("text");
    QTest::newRow("30N") << true << 30.0 << 10.0 << "30°N";
    QTest::newRow("equator") << true << 0.0 << 10.0 << "0°";
    QTest::newRow("60S") << true << -60.0 << 30.0 << "60°S";
    QTest::newRow("31.5N") << true << 31.5 << 0.5 << "31.5°N";
    QTest::newRow("12.25S") << true << -12.25 << 0.05 << "12.25°S";
    QTest::newRow("120E") << false << 120.0 << 10.0 << "120°E";
    QTest::newRow("75W") << false << -75.0 << 5.0 << "75°W";
    QTest::newRow("greenwich") << false << 0.0 << 30.0 << "0°";
    QTest::newRow("180") << false << 180.0 << 30.0 << "180°";
    QTest::newRow("-180") << false << -180.0 << 30.0 << "180°";
    QTest::newRow("190 wraps") << false << 190.0 << 10.0 << "170°W";
    QTest::newRow("-200 wraps") << false << -200.0 << 10.0 << "160°E";
    QTest::newRow("123.6E") << false << 123.6 << 0.2 << "123.6°E";
}

void TestMapRenderer::labels()
{
    QFETCH(bool, latitude);
    QFETCH(double, value);
    QFETCH(double, step);
    QFETCH(QString, text);
    QCOMPARE(latitude ? DecorationsLayer::latitudeLabel(value, step)
                      : DecorationsLayer::longitudeLabel(value, step),
             text);
}

void TestMapRenderer::graticulePixels()
{
    DecorationsLayer deco;
    MapRenderer r;
    r.addLayer(&deco);
    RenderOptions o;
    o.scaleBar = false;
    o.attribution = false;
    // East China Sea at zoom 5: 5° step (3.08° per 70 px), lines at 120, 125, 130°E
    // and 25, 30, 35°N.
    const MapViewport vp(30, 125, 5, QSize(800, 600));
    const QImage img = render(r, vp, o);
    img.save(QDir::temp().filePath(QStringLiteral("tst_graticule.png")));
    const QColor sea = MapRenderer::defaultSeaColor();
    const QPointF p30 = vp.toPixel(30, 123), p120 = vp.toPixel(32, 120);
    QVERIFY(!near(img.pixelColor(qRound(p30.x()), qRound(p30.y())), sea, 3));
    QVERIFY(!near(img.pixelColor(qRound(p120.x()), qRound(p120.y())), sea, 3));
    const QPointF between = vp.toPixel(32.5, 122.5);
    QCOMPARE(img.pixelColor(qRound(between.x()), qRound(between.y())), sea);
    // The 120°E label sits at the top edge over its meridian; 30°N at the left edge.
    QVERIFY(darkPixelsIn(img, QRect(qRound(p120.x()) - 15, 2, 30, 14)) > 10);
    QVERIFY(darkPixelsIn(img, QRect(2, qRound(p30.y()) - 7, 34, 14)) > 10);
    // No label over a meridian that is not there (122.5°E).
    QCOMPARE(darkPixelsIn(img, QRect(qRound(between.x()) - 10, 2, 20, 14)), 0);
}

void TestMapRenderer::attribution()
{
    DecorationsLayer deco;
    RenderOptions o;
    QCOMPARE(deco.attributionText(o), QStringLiteral("Basemap: Natural Earth"));
    o.basemap = RenderOptions::Basemap::Tiles;
    QCOMPARE(deco.attributionText(o), QStringLiteral("Basemap: Natural Earth")); // fallback
    QSignalSpy changed(&deco, &MapLayer::changed);
    deco.setTileAttribution(QStringLiteral("© OpenStreetMap contributors"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(deco.attributionText(o), QStringLiteral("© OpenStreetMap contributors"));
    o.basemap = RenderOptions::Basemap::None;
    QVERIFY(deco.attributionText(o).isEmpty());

    MapRenderer r;
    r.addLayer(&deco);
    o = RenderOptions();
    o.graticule = o.scaleBar = false;
    const MapViewport vp(30, 125, 5, QSize(400, 300));
    QVERIFY(darkPixelsIn(render(r, vp, o), QRect(250, 285, 150, 15)) > 20);
    o.attribution = false;
    QCOMPARE(darkPixelsIn(render(r, vp, o), QRect(250, 285, 150, 15)), 0);
}

void TestMapRenderer::optionsRespected()
{
    DecorationsLayer deco;
    MapRenderer r;
    r.addLayer(&deco);
    RenderOptions o;
    o.graticule = o.scaleBar = o.attribution = false;
    const QImage img = render(r, MapViewport(30, 125, 5, QSize(200, 150)), o);
    for (int y = 0; y < img.height(); y += 7)
        for (int x = 0; x < img.width(); x += 7)
            QCOMPARE(img.pixelColor(x, y), MapRenderer::defaultSeaColor());
}

QTEST_MAIN(TestMapRenderer)
#include "tst_maprenderer.moc"

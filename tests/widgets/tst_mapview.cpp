#include "map/basemap.h"
#include "map/basemaplayer.h"
#include "map/decorationslayer.h"
#include "map/mapview.h"
#include "map/measuretool.h"

#include "eventloop.h"

#include <QPainter>
#include <QtTest>

#include <cmath>

// The map widget driven by synthetic mouse, wheel and key events, as a user would.
namespace {
class SolidLayer : public MapLayer
{
public:
    SolidLayer(Slot slot, QColor color, QRectF geo = QRectF())
        : MapLayer(slot), m_color(color), m_geo(geo)
    { }
    QString name() const override { return QStringLiteral("solid"); }
    // Fills a lat/lon box (x = west, y = south), or nothing when none is set.
    void paint(QPainter &p, const MapViewport &vp, const RenderOptions &) const override
    {
        ++paints;
        if (m_geo.isNull())
            return;
        const QPointF a = vp.toPixel(m_geo.bottom(), m_geo.left());
        const QPointF b = vp.toPixel(m_geo.top(), m_geo.right());
        p.fillRect(QRectF(a, b).normalized(), m_color);
    }
    void poke() { emit changed(); }
    mutable std::atomic<int> paints {0};

private:
    QColor m_color;
    QRectF m_geo;
};

void sendMouse(QWidget *w, QEvent::Type type, QPointF pos, Qt::MouseButton button,
               Qt::MouseButtons buttons, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

void drag(QWidget *w, QPointF from, QPointF to, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    sendMouse(w, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton, mods);
    for (int i = 1; i <= 10; ++i)
        sendMouse(w, QEvent::MouseMove, from + (to - from) * (i / 10.0), Qt::NoButton,
                  Qt::LeftButton, mods);
    sendMouse(w, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, mods);
}

void wheel(QWidget *w, QPointF pos, int angle)
{
    QWheelEvent e(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, angle), Qt::NoButton,
                  Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

struct LatLon
{
    double lat = 0, lon = 0;
};
LatLon under(const MapView &v, QPointF pixel)
{
    LatLon l;
    v.viewport().toLatLon(pixel, &l.lat, &l.lon);
    return l;
}

double lonDiff(double a, double b)
{
    double d = std::fmod(a - b + 540.0, 360.0) - 180.0;
    return std::abs(d);
}
} // namespace

class TestMapView : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void wheelZoomKeepsPointUnderCursor_data();
    void wheelZoomKeepsPointUnderCursor();
    void dragPans();
    void dragAcrossAntimeridian();
    void clickWithoutDrag();
    void doubleClickZoomsIn();
    void keyboard();
    void rubberBand();
    void hoverAndCursor();
    void toolTipProvider();
    void fitTo();
    void repaintsBatched();
    void basemapCacheShiftsThenRerenders();
    void measuring();
    void formatting_data();
    void formatting();
    void screenshot();

private:
    MapView *m_view = nullptr;
};

void TestMapView::init()
{
    m_view = new MapView;
    m_view->resize(800, 600);
    m_view->setViewport(MapViewport(30, 125, 5, QSize(800, 600)));
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
    QCOMPARE(m_view->viewport().size(), QSize(800, 600));
}

void TestMapView::cleanup()
{
    delete m_view;
    m_view = nullptr;
}

void TestMapView::wheelZoomKeepsPointUnderCursor_data()
{
    QTest::addColumn<QPointF>("cursor");
    QTest::addColumn<int>("angle");
    QTest::addColumn<double>("zoom");
    QTest::newRow("in, one notch") << QPointF(600, 150) << 120 << 5.5;
    QTest::newRow("out, one notch") << QPointF(100, 500) << -120 << 4.5;
    QTest::newRow("in, trackpad fraction") << QPointF(333, 222) << 30 << 5.125;
    QTest::newRow("in, three notches") << QPointF(799, 0) << 360 << 6.5;
}

void TestMapView::wheelZoomKeepsPointUnderCursor()
{
    QFETCH(QPointF, cursor);
    QFETCH(int, angle);
    QFETCH(double, zoom);
    const LatLon before = under(*m_view, cursor);
    QSignalSpy changed(m_view, &MapView::viewportChanged);
    wheel(m_view, cursor, angle);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_view->viewport().zoom(), zoom);
    const LatLon after = under(*m_view, cursor);
    QVERIFY2(std::abs(after.lat - before.lat) < 1e-6 && lonDiff(after.lon, before.lon) < 1e-6,
             qPrintable(QStringLiteral("%1,%2 -> %3,%4")
                            .arg(before.lat)
                            .arg(before.lon)
                            .arg(after.lat)
                            .arg(after.lon)));
}

void TestMapView::dragPans()
{
    QSignalSpy clicked(m_view, &MapView::clicked);
    const QPointF from(400, 300), to(520, 370);
    const LatLon grabbed = under(*m_view, from);
    drag(m_view, from, to);
    const LatLon now = under(*m_view, to);
    QVERIFY(std::abs(now.lat - grabbed.lat) < 1e-6);
    QVERIFY(lonDiff(now.lon, grabbed.lon) < 1e-6);
    QCOMPARE(m_view->viewport().zoom(), 5.0);
    QCOMPARE(clicked.count(), 0); // a drag is not a click
    // The map moved east-south-east with the mouse: the centre is now further west/north.
    QVERIFY(m_view->viewport().centerLon() < 125);
    QVERIFY(m_view->viewport().centerLat() > 30);
}

void TestMapView::dragAcrossAntimeridian()
{
    m_view->setViewport(MapViewport(0, 175, 5, QSize(800, 600)));
    // Drag the map west by 20° of longitude: the view's centre goes 20° east, past 180.
    const double px = 20.0 / 360 * m_view->viewport().worldSize();
    drag(m_view, QPointF(600, 300), QPointF(600 - px, 300));
    QVERIFY(std::abs(m_view->viewport().centerLon() - (-165)) < 1e-6);
}

void TestMapView::clickWithoutDrag()
{
    QSignalSpy clicked(m_view, &MapView::clicked);
    const MapViewport before = m_view->viewport();
    sendMouse(m_view, QEvent::MouseButtonPress, QPointF(210, 120), Qt::LeftButton, Qt::LeftButton);
    sendMouse(m_view, QEvent::MouseMove, QPointF(211, 121), Qt::NoButton, Qt::LeftButton);
    sendMouse(m_view, QEvent::MouseButtonRelease, QPointF(211, 121), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toPointF(), QPointF(211, 121));
    QVERIFY(m_view->viewport() == before); // a jitter under the drag distance is no pan
}

void TestMapView::doubleClickZoomsIn()
{
    const QPointF at(650, 450);
    const LatLon before = under(*m_view, at);
    QTest::mouseDClick(m_view, Qt::LeftButton, Qt::NoModifier, at.toPoint());
    QCOMPARE(m_view->viewport().zoom(), 6.0);
    const LatLon after = under(*m_view, at);
    QVERIFY(std::abs(after.lat - before.lat) < 1e-6);
    QVERIFY(lonDiff(after.lon, before.lon) < 1e-6);
}

void TestMapView::keyboard()
{
    QTest::keyClick(m_view, Qt::Key_Plus);
    QCOMPARE(m_view->viewport().zoom(), 6.0);
    QTest::keyClick(m_view, Qt::Key_Minus);
    QTest::keyClick(m_view, Qt::Key_Minus);
    QCOMPARE(m_view->viewport().zoom(), 4.0);
    QCOMPARE(m_view->viewport().centerLon(), 125.0);
    QTest::keyClick(m_view, Qt::Key_Left); // shows what is west
    QVERIFY(m_view->viewport().centerLon() < 125);
    QTest::keyClick(m_view, Qt::Key_Right);
    QVERIFY(std::abs(m_view->viewport().centerLon() - 125) < 1e-9);
    QTest::keyClick(m_view, Qt::Key_Up); // shows what is north
    QVERIFY(m_view->viewport().centerLat() > 30);
    QTest::keyClick(m_view, Qt::Key_Down);
    QVERIFY(std::abs(m_view->viewport().centerLat() - 30) < 1e-9);
}

void TestMapView::rubberBand()
{
    QSignalSpy band(m_view, &MapView::rubberBandSelected);
    QSignalSpy clicked(m_view, &MapView::clicked);
    const MapViewport before = m_view->viewport();
    drag(m_view, QPointF(300, 400), QPointF(100, 250), Qt::ShiftModifier);
    QCOMPARE(band.count(), 1);
    QCOMPARE(band.at(0).at(0).toRectF(), QRectF(100, 250, 200, 150));
    QCOMPARE(clicked.count(), 0);
    QVERIFY(m_view->viewport() == before); // Shift-drag does not pan
}

void TestMapView::hoverAndCursor()
{
    QSignalSpy hovered(m_view, &MapView::hovered);
    QSignalSpy cursor(m_view, &MapView::cursorMoved);
    sendMouse(m_view, QEvent::MouseMove, QPointF(400, 300), Qt::NoButton, Qt::NoButton);
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.at(0).at(0).toPointF(), QPointF(400, 300));
    QCOMPARE(cursor.count(), 1);
    QVERIFY(std::abs(cursor.at(0).at(0).toDouble() - 30) < 1e-9);
    QVERIFY(std::abs(cursor.at(0).at(1).toDouble() - 125) < 1e-9);
}

void TestMapView::toolTipProvider()
{
    QPointF asked(-1, -1);
    m_view->setToolTipProvider([&](QPointF p) {
        asked = p;
        return QStringLiteral("tip");
    });
    QHelpEvent e(QEvent::ToolTip, QPoint(123, 45), m_view->mapToGlobal(QPoint(123, 45)));
    QApplication::sendEvent(m_view, &e);
    QCOMPARE(asked, QPointF(123, 45));
}

void TestMapView::fitTo()
{
    GeoBox box;
    box.west = 120;
    box.south = 25;
    box.east = 130;
    box.north = 35;
    m_view->setDataBox(box);
    m_view->fitToData();
    // Every corner of the box is inside the view.
    for (double lat : {25.0, 35.0})
        for (double lon : {120.0, 130.0}) {
            const QPointF p = m_view->viewport().toPixel(lat, lon);
            QVERIFY(p.x() >= 0 && p.x() <= 800 && p.y() >= 0 && p.y() <= 600);
        }
    // ... and the box is not lost in the view: it fills one dimension (margin aside).
    const QPointF a = m_view->viewport().toPixel(35, 120), b = m_view->viewport().toPixel(25, 130);
    QVERIFY(b.x() - a.x() > 600 || b.y() - a.y() > 450);
}

void TestMapView::repaintsBatched()
{
    SolidLayer layer(MapLayer::Slot::Events, Qt::red);
    m_view->addLayer(&layer);
    QVERIFY(drainEvents()); // the repaint adding the layer asked for
    const int before = m_view->paintCount();
    for (int i = 0; i < 100; ++i)
        layer.poke();
    for (int i = 0; i < 10; ++i)
        wheel(m_view, QPointF(400, 300), 12);
    QCOMPARE(m_view->paintCount(), before); // nothing painted synchronously
    QTRY_COMPARE(m_view->paintCount(), before + 1);
    QVERIFY(drainEvents()); // a second repaint, had one been asked for, has run now
    QCOMPARE(m_view->paintCount(), before + 1);
    m_view->removeLayer(&layer);
}

void TestMapView::basemapCacheShiftsThenRerenders()
{
    // A green block over 120–130°E, 25–35°N as the basemap.
    SolidLayer land(MapLayer::Slot::Basemap, QColor(0, 160, 0), QRectF(120, 25, 10, 10));
    m_view->addLayer(&land);
    m_view->basemapCache().setSettleDelay(50);
    QTRY_VERIFY(!m_view->basemapCache().isRendering()
                && m_view->basemapCache().isCurrent(m_view->viewport()));
    QImage shot = m_view->grab().toImage();
    QPointF inside = m_view->viewport().toPixel(30, 125);
    QCOMPARE(shot.pixelColor(inside.toPoint()), QColor(0, 160, 0));
    const int renders = m_view->basemapCache().renderCount();
    const int layerPaints = land.paints;

    // Pan: the next frame shifts the cached image, without painting the layer.
    drag(m_view, QPointF(400, 300), QPointF(300, 250));
    shot = m_view->grab().toImage();
    QCOMPARE(land.paints.load(), layerPaints);
    QCOMPARE(m_view->basemapCache().renderCount(), renders);
    const QPointF corner = m_view->viewport().toPixel(34.5, 129.5); // moved with the map
    QCOMPARE(shot.pixelColor(corner.toPoint()), QColor(0, 160, 0));
    const QPointF outside = m_view->viewport().toPixel(35.5, 130.5);
    QCOMPARE(shot.pixelColor(outside.toPoint()), MapRenderer::defaultSeaColor());

    // Once the view is still, a new image is rendered (on a worker) and swapped in.
    QTRY_VERIFY(m_view->basemapCache().renderCount() > renders);
    QTRY_VERIFY(m_view->basemapCache().isCurrent(m_view->viewport()));
    QVERIFY(land.paints > layerPaints);

    // Zooming out shows the scaled old image at once; sea where it has no pixels.
    wheel(m_view, QPointF(400, 300), -240);
    shot = m_view->grab().toImage();
    inside = m_view->viewport().toPixel(30, 125);
    QCOMPARE(shot.pixelColor(inside.toPoint()), QColor(0, 160, 0));
    QTRY_VERIFY(m_view->basemapCache().isCurrent(m_view->viewport()));
    m_view->removeLayer(&land);
}

void TestMapView::measuring()
{
    QSignalSpy clicked(m_view, &MapView::clicked);
    m_view->setMeasuring(true);
    // 30°N 125°E to 31°N 125°E: one degree of latitude, about 60 nm.
    const QPointF a = m_view->viewport().toPixel(30, 125), b = m_view->viewport().toPixel(31, 125);
    QTest::mouseClick(m_view, Qt::LeftButton, Qt::NoModifier, a.toPoint());
    QTest::mouseClick(m_view, Qt::LeftButton, Qt::NoModifier, b.toPoint());
    QCOMPARE(clicked.count(), 0);
    MeasureTool *tool = m_view->measureTool();
    QCOMPARE(tool->points().size(), 2);
    const double nm = tool->totalMetres() / 1852;
    QVERIFY2(std::abs(nm - 60) < 1.0, qPrintable(QString::number(nm)));
    QVERIFY(MeasureTool::formatDistance(tool->totalMetres()).contains(QStringLiteral(" nm · ")));
    m_view->grab().save(QDir::temp().filePath(QStringLiteral("tst_measure.png")));
    QTest::keyClick(m_view, Qt::Key_Escape);
    QCOMPARE(tool->points().size(), 0);
    m_view->setMeasuring(false);
    QTest::mouseClick(m_view, Qt::LeftButton, Qt::NoModifier, a.toPoint());
    QCOMPARE(clicked.count(), 1);
}

void TestMapView::formatting_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<QString>("decimal");
    QTest::addColumn<QString>("minutes");
    QTest::newRow("east china sea") << 31.2051 << 123.6012 << "31.2051°N 123.6012°E"
                                    << "31°12.306′N 123°36.072′E";
    QTest::newRow("south west") << -12.5 << -77.25 << "12.5000°S 77.2500°W"
                                << "12°30.000′S 77°15.000′W";
    QTest::newRow("small minutes") << 1.0833333 << 0.0 << "1.0833°N 0.0000°E"
                                   << "1°05.000′N 0°00.000′E";
    QTest::newRow("carry into degree") << 9.9999999 << -179.9999999 << "10.0000°N 180.0000°W"
                                       << "10°00.000′N 180°00.000′W";
    QTest::newRow("wrapped lon") << 0.0 << 190.5 << "0.0000°N 169.5000°W"
                                 << "0°00.000′N 169°30.000′W";
    QTest::newRow("tiny negative") << -0.000001 << -0.000001 << "0.0000°N 0.0000°E"
                                   << "0°00.000′N 0°00.000′E";
}

void TestMapView::formatting()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(QString, decimal);
    QFETCH(QString, minutes);
    QCOMPARE(MapView::formatDecimal(lat, lon), decimal);
    QCOMPARE(MapView::formatDegreesMinutes(lat, lon), minutes);
}

void TestMapView::screenshot()
{
    // The real basemap through the cache: inland China is land, the East China Sea is
    // sea, and the measuring line and decorations are drawn live on top.
    Basemap basemap;
    basemap.load();
    QVERIFY(basemap.waitFor(Basemap::detailForZoom(m_view->viewport().zoom())));
    BasemapLayer land(&basemap);
    DecorationsLayer deco;
    m_view->addLayer(&land);
    m_view->addLayer(&deco);
    m_view->setMeasuring(true);
    m_view->measureTool()->addPoint(31.2051, 123.6012);
    m_view->measureTool()->addPoint(33.5, 126.5);
    QTRY_VERIFY(m_view->basemapCache().isCurrent(m_view->viewport()));
    const QImage shot = m_view->grab().toImage();
    QVERIFY(shot.save(QDir::temp().filePath(QStringLiteral("mapview.png"))));
    QCOMPARE(shot.size(), QSize(800, 600));
    const QPoint inland = m_view->viewport().toPixel(32.7, 116.3).toPoint();
    const QPoint sea = m_view->viewport().toPixel(28.7, 126.4).toPoint();
    QCOMPARE(shot.pixelColor(inland), BasemapLayer::landColor());
    QCOMPARE(shot.pixelColor(sea), MapRenderer::defaultSeaColor());
    m_view->setMeasuring(false);
    m_view->removeLayer(&deco);
    m_view->removeLayer(&land);
}

QTEST_MAIN(TestMapView)
#include "tst_mapview.moc"

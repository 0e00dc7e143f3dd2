#include "annotationmodel.h"
#include "geodesic.h"
#include "map/annotationlayer.h"
#include "map/annotationtool.h"
#include "map/mapview.h"
#include "map/measuretool.h"
#include "screenshots.h"

#include <QApplication>
#include <QPainter>
#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

#include <cmath>

// Drawing and editing annotations on the map widget with synthetic mouse and key
// events, as a user would.
namespace {
void sendMouse(QWidget *w, QEvent::Type type, QPointF pos, Qt::MouseButton button,
               Qt::MouseButtons buttons)
{
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

void drag(QWidget *w, QPointF from, QPointF to)
{
    sendMouse(w, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    for (int i = 1; i <= 10; ++i)
        sendMouse(w, QEvent::MouseMove, from + (to - from) * (i / 10.0), Qt::NoButton,
                  Qt::LeftButton);
    sendMouse(w, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

void click(QWidget *w, QPointF at)
{
    sendMouse(w, QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
    sendMouse(w, QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
}

void doubleClick(QWidget *w, QPointF at)
{
    click(w, at);
    sendMouse(w, QEvent::MouseButtonDblClick, at, Qt::LeftButton, Qt::LeftButton);
    sendMouse(w, QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
}

GeoPoint geoAt(const MapView &v, QPointF pixel)
{
    GeoPoint g;
    v.viewport().toLatLon(pixel, &g.lat, &g.lon);
    return g;
}

bool near(GeoPoint a, GeoPoint b, double tolerance = 1e-9)
{
    return std::abs(a.lon - b.lon) < tolerance && std::abs(a.lat - b.lat) < tolerance;
}

struct Fixture
{
    MapView view;
    AnnotationModel model;
    QUndoStack stack;
    AnnotationTool *tool = nullptr;
    Fixture()
    {
        view.resize(640, 480);
        view.setViewport(MapViewport(30, 124, 8, QSize(640, 480)));
        tool = view.annotationTool();
        tool->setModel(&model);
        tool->setUndoStack(&stack);
    }
    const Annotation &only() const { return model.annotations().front(); }
};
} // namespace

class TestAnnotationTool : public QObject
{
    Q_OBJECT

private slots:
    void circleCreateMoveUndoDelete()
    {
        Fixture f;
        MapView &v = f.view;
        QSignalSpy clicked(&v, &MapView::clicked);
        f.tool->setMode(AnnotationTool::Mode::Circle);
        QCOMPARE(v.cursor().shape(), Qt::CrossCursor);
        const QPointF centre(300, 240);
        drag(&v, centre, centre + QPointF(80, 0));
        QCOMPARE(f.model.count(), 1);
        const Annotation circle = f.only();
        QCOMPARE(circle.kind, Annotation::Kind::Circle);
        QVERIFY(near(circle.points[0], geoAt(v, centre)));
        const double expected =
            Geodesic::distanceNm(circle.points[0], geoAt(v, centre + QPointF(80, 0)));
        QVERIFY2(std::abs(circle.radiusNm - expected) <= 0.25,
                 qPrintable(QString::number(circle.radiusNm)));
        QCOMPARE(f.tool->mode(), AnnotationTool::Mode::Select); // one shape, then back
        QCOMPARE(f.tool->selectedId(), circle.id);
        QCOMPARE(f.stack.count(), 1);
        QCOMPARE(clicked.count(), 0); // the map did not also take the gesture

        // Move: drag from inside the circle. Ten mouse moves, one undo step.
        const QPointF delta(-50, 35);
        drag(&v, centre + QPointF(10, 10), centre + QPointF(10, 10) + delta);
        QCOMPARE(f.stack.count(), 2);
        QVERIFY(near(f.only().points[0], geoAt(v, centre + delta), 1e-7));
        QCOMPARE(f.only().radiusNm, circle.radiusNm); // a ground distance: unchanged
        f.stack.undo();
        QCOMPARE(f.only(), circle); // exactly where it was
        f.stack.redo();
        QVERIFY(near(f.only().points[0], geoAt(v, centre + delta), 1e-7));
        f.stack.undo();

        // Delete key removes the selected one; undo brings it back.
        v.setFocus();
        QTest::keyClick(&v, Qt::Key_Delete);
        QCOMPARE(f.model.count(), 0);
        QCOMPARE(f.tool->selectedId(), 0);
        f.stack.undo();
        QCOMPARE(f.model.count(), 1);
        QCOMPARE(f.only(), circle);
    }

    // While the circle is dragged out (and while its radius handle is dragged), the
    // radius shows by the mouse in nm and km, as the measuring tool words distances;
    // the circle being drawn has no fill over the event at its centre.
    void circleShowsItsRadiusWhileDragging()
    {
        Fixture f;
        MapView &v = f.view;
        f.tool->setMode(AnnotationTool::Mode::Circle);
        QVERIFY(f.tool->radiusLabel().isEmpty());
        const QPointF centre(300, 240), to = centre + QPointF(90, 0);
        sendMouse(&v, QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
        QVERIFY(f.tool->radiusLabel().isEmpty()); // a press is not yet a drag
        for (int i = 1; i <= 10; ++i)
            sendMouse(&v, QEvent::MouseMove, centre + (to - centre) * (i / 10.0), Qt::NoButton,
                      Qt::LeftButton);
        const double nm = Geodesic::distanceNm(geoAt(v, centre), geoAt(v, to));
        const QString label = f.tool->radiusLabel();
        QVERIFY2(label.contains(QLatin1String(" nm")) && label.contains(QLatin1String(" km")),
                 qPrintable(label));
        // The radius the circle gets, in the measuring tool's words.
        QVERIFY(label.endsWith(MeasureTool::formatDistance(std::round(nm * 2) / 2 * 1852)));

        // It is drawn: the painted tool differs from the same draft without the label,
        // right of the mouse, in the label's dark red; and the centre pixel is the map's.
        QImage withLabel(v.size(), QImage::Format_ARGB32_Premultiplied);
        withLabel.fill(Qt::white);
        {
            QPainter p(&withLabel);
            f.tool->paint(p, v.viewport(), RenderOptions());
        }
        QCOMPARE(withLabel.pixelColor(centre.toPoint()), QColor(Qt::white));
        int dark = 0;
        for (int y = int(to.y()) - 24; y < int(to.y()); ++y)
            for (int x = int(to.x()) + 10; x < int(to.x()) + 120; ++x) {
                const QColor c = withLabel.pixelColor(x, y);
                if (c.red() > c.green() + 60 && c.value() < 200)
                    ++dark;
            }
        QVERIFY2(dark > 30, qPrintable(QString::number(dark)));
        QVERIFY(saveScreenshot(v.grab(), QStringLiteral("annotation_circle_radius.png")));

        sendMouse(&v, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
        QCOMPARE(f.model.count(), 1);
        QVERIFY(f.tool->radiusLabel().isEmpty());

        // Dragging the radius handle shows it again, with the new radius.
        const QPointF handle = AnnotationTool::handles(f.only(), v.viewport()).first();
        sendMouse(&v, QEvent::MouseButtonPress, handle, Qt::LeftButton, Qt::LeftButton);
        for (int i = 1; i <= 5; ++i)
            sendMouse(&v, QEvent::MouseMove, handle + QPointF(8 * i, 0), Qt::NoButton,
                      Qt::LeftButton);
        QVERIFY(
            f.tool->radiusLabel().endsWith(MeasureTool::formatDistance(f.only().radiusNm * 1852)));
        QVERIFY(f.only().radiusNm > label.section(QLatin1Char(' '), 1, 1).toDouble());
        sendMouse(&v, QEvent::MouseButtonRelease, handle + QPointF(40, 0), Qt::LeftButton,
                  Qt::NoButton);
        QVERIFY(f.tool->radiusLabel().isEmpty());
    }

    void handlesReshape()
    {
        Fixture f;
        MapView &v = f.view;
        f.tool->setMode(AnnotationTool::Mode::Circle);
        drag(&v, QPointF(300, 240), QPointF(360, 240));
        const Annotation circle = f.only();
        // The radius handle sits on the ring due east of the centre.
        const QPointF handle = AnnotationTool::handles(circle, v.viewport()).at(0);
        QVERIFY(std::abs(handle.x() - 360) < 2 && std::abs(handle.y() - 240) < 2);
        drag(&v, handle, handle + QPointF(60, 0));
        QVERIFY(f.only().radiusNm > circle.radiusNm * 1.8);
        QCOMPARE(f.only().points, circle.points); // the centre stays
        f.stack.undo();
        QCOMPARE(f.only(), circle);

        // Arrow: each end is a handle.
        f.tool->setMode(AnnotationTool::Mode::Arrow);
        drag(&v, QPointF(100, 100), QPointF(200, 150));
        const Annotation arrow = f.model.annotations().back();
        QCOMPARE(arrow.kind, Annotation::Kind::Arrow);
        QVERIFY(near(arrow.points[0], geoAt(v, QPointF(100, 100))));
        QVERIFY(near(arrow.points[1], geoAt(v, QPointF(200, 150))));
        drag(&v, QPointF(200, 150), QPointF(220, 60));
        QVERIFY(near(f.model.find(arrow.id)->points[1], geoAt(v, QPointF(220, 60)), 1e-7));
        QVERIFY(near(f.model.find(arrow.id)->points[0], arrow.points[0]));
        f.stack.undo();
        QCOMPARE(*f.model.find(arrow.id), arrow);
    }

    void calloutAndEditRequest()
    {
        Fixture f;
        MapView &v = f.view;
        QSignalSpy created(f.tool, &AnnotationTool::created);
        QSignalSpy edit(f.tool, &AnnotationTool::editRequested);
        f.tool->setMode(AnnotationTool::Mode::Callout);
        drag(&v, QPointF(200, 300), QPointF(320, 200));
        QCOMPARE(created.count(), 1);
        const Annotation c = f.only();
        QCOMPARE(c.kind, Annotation::Kind::Callout);
        QVERIFY(!c.text.isEmpty());
        QVERIFY(near(c.points[0], geoAt(v, QPointF(200, 300))));
        QVERIFY(near(c.points[1], geoAt(v, QPointF(320, 200))));
        // Through pan and zoom the callout stays on its geographic points.
        v.setViewport(MapViewport(29.5, 123.2, 9.25, v.size()));
        QCOMPARE(AnnotationLayer::pixels(c, v.viewport()).at(0),
                 v.viewport().toPixel(c.points[0].lat, c.points[0].lon));
        // Double-click on its text asks for the properties.
        const QPointF label = AnnotationLayer::pixels(c, v.viewport()).at(1);
        doubleClick(&v, label);
        QCOMPARE(edit.count(), 1);
        QCOMPARE(edit.at(0).at(0).toInt(), c.id);
        QCOMPARE(v.viewport().zoom(), 9.25); // not the map's double-click zoom

        // A click (no drag) also makes one, with its text up and to the right.
        f.tool->setMode(AnnotationTool::Mode::Callout);
        click(&v, QPointF(100, 400));
        QCOMPARE(f.model.count(), 2);
        const QPolygonF px = AnnotationLayer::pixels(f.model.annotations().back(), v.viewport());
        QVERIFY(px[1].x() > px[0].x() && px[1].y() < px[0].y());
    }

    void polygonAndRectangle()
    {
        Fixture f;
        MapView &v = f.view;
        f.tool->setMode(AnnotationTool::Mode::Polygon);
        click(&v, QPointF(100, 100));
        click(&v, QPointF(250, 110));
        QTest::keyClick(&v, Qt::Key_Backspace); // removes the last vertex
        click(&v, QPointF(260, 120));
        click(&v, QPointF(240, 260));
        QCOMPARE(f.model.count(), 0); // still drawing
        doubleClick(&v, QPointF(120, 250));
        QCOMPARE(f.model.count(), 1);
        QCOMPARE(f.only().points.size(), size_t(4));
        QVERIFY(near(f.only().points[1], geoAt(v, QPointF(260, 120))));
        QCOMPARE(f.tool->mode(), AnnotationTool::Mode::Select);

        // Dragging a vertex reshapes it.
        drag(&v, QPointF(240, 260), QPointF(300, 300));
        QVERIFY(near(f.only().points[2], geoAt(v, QPointF(300, 300)), 1e-7));
        f.stack.undo();
        QVERIFY(near(f.only().points[2], geoAt(v, QPointF(240, 260))));

        f.tool->setMode(AnnotationTool::Mode::Rectangle);
        drag(&v, QPointF(400, 100), QPointF(500, 200));
        const Annotation rect = f.model.annotations().back();
        QCOMPARE(rect.kind, Annotation::Kind::Rectangle);
        // The corner at top-right is made of one corner's latitude and the other's longitude.
        drag(&v, QPointF(500, 100), QPointF(550, 80));
        const Annotation &r = *f.model.find(rect.id);
        QVERIFY(near(r.points[1], {geoAt(v, QPointF(550, 80)).lon, rect.points[1].lat}, 1e-7));
        QVERIFY(near(r.points[0], {rect.points[0].lon, geoAt(v, QPointF(550, 80)).lat}, 1e-7));
    }

    void escapeCancels()
    {
        Fixture f;
        MapView &v = f.view;
        f.tool->setMode(AnnotationTool::Mode::Polygon);
        click(&v, QPointF(100, 100));
        click(&v, QPointF(200, 100));
        QVERIFY(f.tool->isDrawing());
        QTest::keyClick(&v, Qt::Key_Escape); // the drawing
        QVERIFY(!f.tool->isDrawing());
        QCOMPARE(f.tool->mode(), AnnotationTool::Mode::Polygon);
        QTest::keyClick(&v, Qt::Key_Escape); // the mode
        QCOMPARE(f.tool->mode(), AnnotationTool::Mode::Select);
        QCOMPARE(f.model.count(), 0);
        QCOMPARE(f.stack.count(), 0);

        // A click is no arrow: nothing is added, the mode stays.
        f.tool->setMode(AnnotationTool::Mode::Arrow);
        click(&v, QPointF(300, 300));
        QCOMPARE(f.model.count(), 0);
        QCOMPARE(f.tool->mode(), AnnotationTool::Mode::Arrow);

        // Measuring takes over from the annotation tools, and the other way round.
        v.setMeasuring(true);
        QCOMPARE(f.tool->mode(), AnnotationTool::Mode::Select);
        f.tool->setMode(AnnotationTool::Mode::Circle);
        QVERIFY(!v.isMeasuring());
    }

    void acrossTheAntimeridian()
    {
        Fixture f;
        MapView &v = f.view;
        v.setViewport(MapViewport(0, 179.8, 9, v.size()));
        // An arrow drawn east across 180° is a short arrow, not one round the world.
        f.tool->setMode(AnnotationTool::Mode::Arrow);
        drag(&v, QPointF(200, 240), QPointF(500, 240));
        const Annotation arrow = f.only();
        QVERIFY(arrow.points[0].lon < 180 && arrow.points[0].lon > 179);
        QVERIFY(std::abs(arrow.points[1].lon - arrow.points[0].lon) < 1.0);
        QVERIFY(arrow.points[1].lon > 180); // unwrapped
        const QPolygonF px = AnnotationLayer::pixels(arrow, v.viewport());
        QVERIFY(std::abs(px[0].x() - 200) < 1e-6 && std::abs(px[1].x() - 500) < 1e-6);
        // Moved east, it is kept with its first point in [-180, 180).
        drag(&v, QPointF(350, 240), QPointF(600, 240));
        const Annotation &moved = f.only();
        QVERIFY(moved.points[0].lon >= -180 && moved.points[0].lon < -179);
        QVERIFY(std::abs(moved.points[1].lon - moved.points[0].lon) < 1.0);
        const QPolygonF after = AnnotationLayer::pixels(moved, v.viewport());
        QVERIFY(std::abs(after[0].x() - 450) < 1e-6 && std::abs(after[1].x() - 750) < 1e-6);
    }

    void clicksElsewhereStillReachTheMap()
    {
        Fixture f;
        MapView &v = f.view;
        f.tool->setMode(AnnotationTool::Mode::Circle);
        drag(&v, QPointF(300, 240), QPointF(330, 240));
        QVERIFY(f.tool->selectedId() != 0);
        QSignalSpy clicked(&v, &MapView::clicked);
        click(&v, QPointF(50, 50)); // empty map: deselects, and the map sees the click
        QCOMPARE(f.tool->selectedId(), 0);
        QCOMPARE(clicked.count(), 1);
        // A drag on the empty map pans it; the circle stays on its spot on the ground.
        const GeoPoint centre = f.only().points[0];
        drag(&v, QPointF(50, 50), QPointF(150, 90));
        QCOMPARE(f.only().points[0], centre);
        QVERIFY(std::abs(v.viewport().toPixel(centre.lat, centre.lon).x() - 400) < 1e-6);
    }
};

QTEST_MAIN(TestAnnotationTool)
#include "tst_annotationtool.moc"

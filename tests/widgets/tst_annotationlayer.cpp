#include "annotationmodel.h"
#include "annotations/annotationcommands.h"
#include "geodesic.h"
#include "io/eventreader.h"
#include "map/annotationlayer.h"
#include "map/basemap.h"
#include "map/eventlayer.h"
#include "map/labelplacement.h"
#include "map/maplayerset.h"
#include "map/maprenderer.h"
#include "spatialindex.h"

#include <QImage>
#include <QPainter>
#include <QUndoStack>
#include <QtTest>

#include <cmath>

#include "screenshots.h"

// The annotation layer draws each annotation where its geographic points project in
// the view, through the one renderer; the commands undo and redo every edit.
namespace {
constexpr quint32 kRed = 0xffff0000;

QImage render(const MapRenderer &renderer, const MapViewport &viewport)
{
    QImage image(viewport.size(), QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    renderer.render(p, viewport, RenderOptions());
    return image;
}

bool reddish(QRgb c)
{
    return qRed(c) > 180 && qGreen(c) < 110 && qBlue(c) < 110;
}

// Whether a red pixel lies within `radius` pixels of `at`.
bool redNear(const QImage &image, QPointF at, int radius = 1)
{
    for (int dy = -radius; dy <= radius; ++dy)
        for (int dx = -radius; dx <= radius; ++dx) {
            const QPoint p = (at + QPointF(dx, dy)).toPoint();
            if (image.rect().contains(p) && reddish(image.pixel(p)))
                return true;
        }
    return false;
}

Annotation callout()
{
    Annotation a = Annotation::defaults(Annotation::Kind::Callout);
    a.points = {{123.5, 29.5}, {124.5, 30.5}};
    a.text = QStringLiteral("Rendezvous point");
    a.color = kRed;
    a.lineWidth = 3;
    return a;
}
} // namespace

class TestAnnotationLayer : public QObject
{
    Q_OBJECT

private slots:
    void drawnWhereTheGeoPointsProject()
    {
        MapRenderer renderer; // outlives the set, which detaches from it
        MapLayerSet set;
        set.attach(&renderer);
        QVERIFY(renderer.layers(MapLayer::Slot::Annotations).contains(set.annotations()));
        const int id = set.annotationModel()->insert(callout());
        QVERIFY(id > 0);
        const Annotation a = *set.annotationModel()->find(id);
        // Two different views: pan and zoom move the annotation with the map.
        for (const MapViewport &vp : {MapViewport(30, 124, 7, QSize(480, 360)),
                                      MapViewport(29.8, 124.3, 8, QSize(480, 360))}) {
            const QPointF anchor = vp.toPixel(29.5, 123.5);
            const QPointF label = vp.toPixel(30.5, 124.5);
            QCOMPARE(AnnotationLayer::pixels(a, vp).at(0), anchor);
            QCOMPARE(AnnotationLayer::pixels(a, vp).at(1), label);
            QVERIFY(AnnotationLayer::textBox(a, vp).contains(label));
            const QImage image = render(renderer, vp);
            QVERIFY2(reddish(image.pixel(anchor.toPoint())),
                     qPrintable(QStringLiteral("anchor at %1,%2").arg(anchor.x()).arg(anchor.y())));
            // The leader line half way between the point and the nearest point of the box.
            const QRectF box = AnnotationLayer::textBox(a, vp);
            const QPointF end(std::clamp(anchor.x(), box.left(), box.right()),
                              std::clamp(anchor.y(), box.top(), box.bottom()));
            QVERIFY(QLineF(anchor, end).length() > 20);
            QVERIFY(redNear(image, (anchor + end) / 2));
            QVERIFY(redNear(image, QPointF(box.left(), box.center().y())));
            // Away from it, the sea.
            QCOMPARE(image.pixel(5, vp.size().height() - 5), MapRenderer::defaultSeaColor().rgb());
        }
    }

    void circleIsAGroundDistance()
    {
        MapRenderer renderer; // outlives the set, which detaches from it
        MapLayerSet set;
        set.attach(&renderer);
        for (double lat : {0.0, 60.0}) {
            Annotation c = Annotation::defaults(Annotation::Kind::Circle);
            c.points = {{10, lat}};
            c.radiusNm = 60; // one degree of latitude
            c.color = kRed;
            set.annotationModel()->clear();
            set.annotationModel()->insert(c);
            const MapViewport vp(lat, 10, 7, QSize(500, 500));
            const QImage image = render(renderer, vp);
            // North and south a degree of latitude away, whatever the latitude.
            QVERIFY(redNear(image, vp.toPixel(lat + 1, 10), 2));
            QVERIFY(redNear(image, vp.toPixel(lat - 1, 10), 2));
            // East: 60 nm is 1° of longitude at the equator, 2° at 60°N.
            const double east = 10 + 1 / std::cos(lat * M_PI / 180);
            QVERIFY(redNear(image, vp.toPixel(lat, east), 2));
            QVERIFY(!redNear(image, vp.toPixel(lat, 10 + (east - 10) * 0.8), 1));
        }
    }

    void acrossTheAntimeridian()
    {
        MapRenderer renderer; // outlives the set, which detaches from it
        MapLayerSet set;
        set.attach(&renderer);
        Annotation arrow = Annotation::defaults(Annotation::Kind::Arrow);
        arrow.points = {{179.0, 0}, {181.0, 0}}; // unwrapped: a short arrow east over 180°
        arrow.color = kRed;
        arrow.lineWidth = 3;
        set.annotationModel()->insert(arrow);
        // Seen from either side of the line, the arrow is whole and short.
        for (double centre : {179.5, -179.5, 180.0}) {
            const MapViewport vp(0, centre, 8, QSize(600, 200));
            const QImage image = render(renderer, vp);
            QVERIFY(redNear(image, vp.toPixel(0, 180.0)));
            QVERIFY(redNear(image, vp.toPixel(0, 179.5)));
            QVERIFY(redNear(image, vp.toPixel(0, -179.5)));
            QVERIFY(!redNear(image, vp.toPixel(0, 178.5), 2));
        }
        // A circle on the line is one round shape, not two halves.
        Annotation circle = Annotation::defaults(Annotation::Kind::Circle);
        circle.points = {{-179.9, 10}};
        circle.radiusNm = 30;
        const MapViewport vp(10, 179.9, 8, QSize(400, 400));
        const QRectF ring = AnnotationLayer::outline(circle, vp).boundingRect();
        QVERIFY(ring.width() > 150 && ring.width() < 250); // about 1.1° of longitude
        QVERIFY(ring.contains(vp.toPixel(10, -179.9)));
    }

    // Every kind over the land and sea, for a look at the picture; each kind's line is
    // where its points are.
    void everyKind()
    {
        MapRenderer renderer;
        MapLayerSet set;
        set.attach(&renderer);
        RenderOptions options;
        set.applyOptions(options);
        QVERIFY(Basemap::instance()->waitFor(Basemap::Detail::High));
        AnnotationModel *m = set.annotationModel();
        Annotation arrow = Annotation::defaults(Annotation::Kind::Arrow);
        arrow.points = {{125.6, 29.2}, {124.4, 30.2}};
        arrow.text = QStringLiteral("Track of the daughter vessel");
        Annotation rect = Annotation::defaults(Annotation::Kind::Rectangle);
        rect.points = {{121.2, 27.6}, {122.6, 28.6}};
        rect.text = QStringLiteral("Anchorage");
        Annotation poly = Annotation::defaults(Annotation::Kind::Polygon);
        poly.points = {{123.2, 27.2}, {124.8, 27.4}, {125.1, 28.5}, {123.6, 28.9}};
        poly.text = QStringLiteral("Loitering area");
        Annotation circle = Annotation::defaults(Annotation::Kind::Circle);
        circle.points = {{126.5, 30.8}};
        circle.radiusNm = 30;
        circle.text = QStringLiteral("30 nm");
        Annotation label = Annotation::defaults(Annotation::Kind::EventLabel);
        label.points = {{123.0, 30.9}, {123.9, 31.3}};
        label.text = QStringLiteral("YU JONG 2 \u21c4 KATRIN \u00b7 2018-03-05 \u00b7 12,400 bbl");
        Annotation call = callout();
        call.color = Annotation::defaults(Annotation::Kind::Callout).color;
        call.lineWidth = 1.5;
        call.points = {{121.9, 29.9}, {122.3, 31.6}};
        for (const Annotation &a : {arrow, rect, poly, circle, label, call})
            QVERIFY(m->insert(a) > 0);
        const MapViewport vp(29.4, 123.9, 7, QSize(900, 640));
        QImage image = render(renderer, vp);
        QVERIFY(saveScreenshot(image, QStringLiteral("annotations_all_kinds.png")));
        for (const Annotation &a : m->annotations()) {
            const QColor c = QColor::fromRgba(a.color);
            const QPolygonF line = AnnotationLayer::outline(a, vp);
            // Half way along the first edge (arrow: a third, clear of its head; a label
            // or a callout: its point).
            const bool boxed =
                a.kind == Annotation::Kind::EventLabel || a.kind == Annotation::Kind::Callout;
            const double along = a.kind == Annotation::Kind::Arrow ? 0.33 : boxed ? 0 : 0.5;
            const QPointF p = line[0] + (line[1] - line[0]) * along;
            bool found = false;
            for (int dy = -1; dy <= 1 && !found; ++dy)
                for (int dx = -1; dx <= 1 && !found; ++dx) {
                    const QColor got =
                        QColor::fromRgb(image.pixel((p + QPointF(dx, dy)).toPoint()));
                    found = std::abs(got.red() - c.red()) < 40
                        && std::abs(got.green() - c.green()) < 40
                        && std::abs(got.blue() - c.blue()) < 40;
                }
            QVERIFY2(found,
                     qPrintable(Annotation::kindKey(a.kind) + QLatin1Char(' ')
                                + QColor::fromRgb(image.pixel(p.toPoint())).name()
                                + QStringLiteral(" at %1,%2").arg(p.x()).arg(p.y())));
        }
    }

    void hitsItsShapes()
    {
        const MapViewport vp(30, 124, 7, QSize(480, 360));
        const Annotation a = callout();
        QVERIFY(AnnotationLayer::hits(a, vp, vp.toPixel(29.5, 123.5)));
        QVERIFY(AnnotationLayer::hits(a, vp, vp.toPixel(30.5, 124.5)));
        QVERIFY(!AnnotationLayer::hits(a, vp, vp.toPixel(29.5, 124.5)));
        Annotation poly = Annotation::defaults(Annotation::Kind::Polygon);
        poly.points = {{123, 29}, {125, 29}, {124, 31}};
        QVERIFY(AnnotationLayer::hits(poly, vp, vp.toPixel(29.5, 124)));
        QVERIFY(!AnnotationLayer::hits(poly, vp, vp.toPixel(31, 123)));
    }

    void undoRedoEveryEdit()
    {
        AnnotationModel model;
        QUndoStack stack;
        // Add, for every kind.
        QList<int> ids;
        for (auto kind : {Annotation::Kind::Callout, Annotation::Kind::Arrow,
                          Annotation::Kind::Circle, Annotation::Kind::Rectangle,
                          Annotation::Kind::Polygon, Annotation::Kind::EventLabel}) {
            Annotation a = Annotation::defaults(kind);
            a.points.assign(size_t(Annotation::pointCount(kind)), GeoPoint {120, 30});
            for (size_t i = 0; i < a.points.size(); ++i)
                a.points[i].lon += double(i) * 0.5 + (i == 2 ? 0.3 : 0);
            a.radiusNm = 12;
            auto *add = new AddAnnotationCommand(&model, a);
            stack.push(add);
            ids << add->annotationId();
        }
        QCOMPARE(model.count(), 6);
        const QJsonArray full = model.toJson();
        stack.undo();
        QCOMPARE(model.count(), 5);
        stack.redo();
        QCOMPARE(model.toJson(), full); // same id, same place

        // Delete from the middle; undo puts it back in its place in the draw order.
        stack.push(new RemoveAnnotationCommand(&model, ids[2]));
        QCOMPARE(model.count(), 5);
        QVERIFY(!model.find(ids[2]));
        stack.undo();
        QCOMPARE(model.toJson(), full);

        // Move / reshape / edit.
        const Annotation before = *model.find(ids[1]);
        Annotation moved = before;
        moved.points[0].lat += 1;
        moved.points[1].lat += 1;
        stack.push(new ChangeAnnotationCommand(&model, before, moved,
                                               ChangeAnnotationCommand::Change::Move));
        QCOMPARE(*model.find(ids[1]), moved);
        stack.undo();
        QCOMPARE(*model.find(ids[1]), before);
        stack.redo();
        QCOMPARE(*model.find(ids[1]), moved);

        Annotation styled = *model.find(ids[0]);
        const Annotation unstyled = styled;
        styled.text = QStringLiteral("Edited");
        styled.color = 0xff00ff00;
        styled.lineWidth = 4;
        styled.fontSize = 16;
        stack.push(new ChangeAnnotationCommand(&model, unstyled, styled,
                                               ChangeAnnotationCommand::Change::Edit));
        QCOMPARE(stack.undoText(), QStringLiteral("Edit Callout"));
        stack.undo();
        QCOMPARE(*model.find(ids[0]), unstyled);
        stack.redo();
        QCOMPARE(*model.find(ids[0]), styled);

        // The steps of one drag merge; the next drag is a step of its own.
        const Annotation circle = *model.find(ids[2]);
        const int before_count = stack.count();
        for (int gesture : {7, 7, 7, 8}) {
            Annotation bigger = *model.find(ids[2]);
            bigger.radiusNm += 1;
            stack.push(new ChangeAnnotationCommand(&model, *model.find(ids[2]), bigger,
                                                   ChangeAnnotationCommand::Change::Reshape,
                                                   gesture));
        }
        QCOMPARE(stack.count(), before_count + 2);
        QCOMPARE(model.find(ids[2])->radiusNm, 16.0);
        stack.undo();
        QCOMPARE(model.find(ids[2])->radiusNm, 15.0);
        stack.undo();
        QCOMPARE(*model.find(ids[2]), circle);

        // Everything undone: empty; everything redone: as it was.
        while (stack.canUndo())
            stack.undo();
        QCOMPARE(model.count(), 0);
        while (stack.canRedo())
            stack.redo();
        QCOMPARE(model.count(), 6);
        QCOMPARE(model.find(ids[2])->radiusNm, 16.0);
        QCOMPARE(*model.find(ids[0]), styled);
    }

    // A circle drawn round an event leaves the event as it was: the fill goes under
    // the events (a layer of the Overlay slot), and the centre mark leaves its middle
    // open. The fill is still there, around it.
    void circleFillUnderTheEvents()
    {
        const LoadResult r = EventReader::load(
            QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/sts_dmy.csv"), LoadOptions());
        QVERIFY2(r.report.ok(), qPrintable(r.report.error));
        MapRenderer renderer;
        MapLayerSet set;
        set.attach(&renderer);
        RenderOptions options;
        options.basemap = RenderOptions::Basemap::None;
        set.applyOptions(options);
        set.events()->setData(r.store, std::make_shared<const SpatialIndex>(*r.store));
        set.events()->setLegendVisible(false);
        const double lat = r.store->lat(0), lon = r.store->lon(0);
        const MapViewport vp(lat, lon, 9, QSize(400, 300));
        const QPointF at = vp.toPixel(lat, lon);
        const QImage before = render(renderer, vp);
        Annotation c = Annotation::defaults(Annotation::Kind::Circle);
        c.points = {{lon, lat}};
        c.radiusNm = 8;
        c.color = kRed;
        set.annotationModel()->insert(c);
        QVERIFY(renderer.layers(MapLayer::Slot::Overlay).contains(set.annotations()->fillLayer()));
        const QImage after = render(renderer, vp);
        // The marker (radius 3.5), pixel for pixel.
        for (int dy = -4; dy <= 4; ++dy)
            for (int dx = -4; dx <= 4; ++dx) {
                if (dx * dx + dy * dy > 9) // the opaque marker; its rim is antialiased
                    continue;
                const QPoint p = (at + QPointF(dx, dy)).toPoint();
                const QRgb b = before.pixel(p), a = after.pixel(p);
                // Exact inside; the antialiased edge may let a level of the tint through.
                const int tolerance = dx * dx + dy * dy <= 4 ? 0 : 6;
                QVERIFY2(std::abs(qRed(a) - qRed(b)) <= tolerance
                             && std::abs(qGreen(a) - qGreen(b)) <= tolerance
                             && std::abs(qBlue(a) - qBlue(b)) <= tolerance,
                         qPrintable(QStringLiteral("%1,%2: %3 %4 at %5,%6")
                                        .arg(dx)
                                        .arg(dy)
                                        .arg(before.pixel(p), 0, 16)
                                        .arg(after.pixel(p), 0, 16)
                                        .arg(at.x())
                                        .arg(at.y())));
            }
        // Half way out, the sea is tinted by the fill.
        const QPoint half =
            (at + QPointF(0, (vp.toPixel(lat + 8.0 / 60 / 2, lon).y() - at.y()))).toPoint();
        QVERIFY(before.pixel(half) != after.pixel(half));
        QVERIFY(qRed(after.pixel(half)) >= qRed(before.pixel(half)));
        QVERIFY(saveScreenshot(after, QStringLiteral("annotation_circle_on_event.png")));
    }

    // In an export (setPlaceLabels), an event label left over a callout's leader moves
    // to a clear spot round its event; one that cannot be placed is left out; on
    // screen, labels stay where the user put them.
    void eventLabelsAvoidAnnotationsWhenPlaced()
    {
        MapRenderer renderer;
        MapLayerSet set;
        set.attach(&renderer);
        const MapViewport vp(30, 124, 8, QSize(640, 420));
        AnnotationModel *model = set.annotationModel();
        const auto geo = [&vp](QPointF px) {
            GeoPoint g;
            vp.toLatLon(px, &g.lat, &g.lon);
            return g;
        };
        Annotation note = callout();
        note.points = {geo(QPointF(150, 330)), geo(QPointF(420, 90))};
        const int noteId = model->insert(note);
        Annotation label = Annotation::defaults(Annotation::Kind::EventLabel);
        label.text = QStringLiteral("YU JONG 2 \u21c4 KATRIN \u00b7 2018-03-05 \u00b7 12,400 bbl");
        label.eventId = QStringLiteral("R-001");
        // The event beside the leader, its box put up and to the right: on the leader.
        label.points = {geo(QPointF(230, 250)), geo(QPointF(230 + 100, 250 - 16))};
        const int labelId = model->insert(label);
        const Annotation &stored = *model->find(labelId);
        const QRectF storedBox = AnnotationLayer::textBox(stored, vp);
        const QPolygonF notePx = AnnotationLayer::pixels(*model->find(noteId), vp);
        const QLineF leader =
            *labelplacement::leader(notePx[0], AnnotationLayer::textBox(*model->find(noteId), vp));
        QVERIFY(labelplacement::segmentHitsRect(leader, storedBox));

        AnnotationLayer *layer = set.annotations();
        QVERIFY(!layer->placeLabels()); // the window keeps the user's placement
        const QHash<int, QRectF> placed = layer->placedLabelBoxes(vp);
        QVERIFY(placed.contains(labelId) && !placed.contains(noteId));
        const QRectF box = placed.value(labelId);
        QVERIFY(!box.isEmpty());
        QVERIFY(box != storedBox);
        QVERIFY(!labelplacement::segmentHitsRect(leader, box));
        QVERIFY(!box.intersects(AnnotationLayer::textBox(*model->find(noteId), vp)));

        // Drawn there: the label's white box in the placed spot, not in the stored one.
        layer->setPlaceLabels(true);
        const QImage image = render(renderer, vp);
        const auto whiteAt = [&image](QPointF p) {
            const QRgb c = image.pixel(p.toPoint());
            return qRed(c) > 240 && qGreen(c) > 240 && qBlue(c) > 240;
        };
        QVERIFY(QRectF(QPointF(0, 0), QSizeF(vp.size())).contains(box)); // on the page
        QVERIFY(whiteAt(box.topLeft() + QPointF(3, box.height() / 2)));
        QVERIFY(saveScreenshot(image, QStringLiteral("annotation_label_placed.png")));

        // Boxed in on every side by callouts: left out.
        for (int k = 0; k < 8; ++k) {
            Annotation wall = callout();
            wall.text = QStringLiteral("blocking note %1 with some words").arg(k);
            const QPointF c = QPointF(230, 250)
                + QPointF(std::cos(k * M_PI / 4) * 60, std::sin(k * M_PI / 4) * 36);
            wall.points = {geo(c), geo(c)};
            model->insert(wall);
        }
        QVERIFY(layer->placedLabelBoxes(vp).value(labelId).isEmpty());
    }
};

QTEST_MAIN(TestAnnotationLayer)
#include "tst_annotationlayer.moc"

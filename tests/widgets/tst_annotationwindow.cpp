#include "mainwindowtesthelpers.h"

#include "annotationmodel.h"
#include "annotations/annotationcontroller.h"
#include "annotations/annotationdialog.h"
#include "eventlabel.h"
#include "map/annotationlayer.h"
#include "map/annotationtool.h"
#include "map/basemap.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "timewindow.h"

#include <QAction>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QToolBar>
#include <QUndoStack>

#include "eventloop.h"
#include "screenshots.h"

// The annotations in the main window: menus, shortcuts, event labels, the properties
// dialog, and a picture of the sample marked up.
using namespace mainwindowtest;

namespace {
void selectStoreRows(MainWindow &w, const QList<int> &rows)
{
    QItemSelectionModel *selection = w.eventsDock()->table()->selectionModel();
    selection->clearSelection();
    for (int row : rows) {
        const QModelIndex index = w.eventsDock()->proxy()->mapFromSource(w.model()->index(row, 0));
        selection->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

QAction *menuAction(MainWindow &w, const QString &title)
{
    for (QAction *a : w.menuBar()->actions())
        if (a->text() == title)
            return a;
    return nullptr;
}

bool waitForMap(MainWindow &w)
{
    MapView *view = w.map()->view();
    return QTest::qWaitFor(
        [view] {
            return view->basemapCache().isCurrent(view->viewport())
                && !view->basemapCache().isRendering();
        },
        20000);
}

QRgb at(const QImage &image, QPointF p)
{
    return image.pixel(p.toPoint());
}
} // namespace

class TestAnnotationWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(isolateSettings(m_settingsDir)); }

    void menusAndShortcuts()
    {
        MainWindow w;
        QVERIFY(showAndLoad(w));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        // Menus in order: File, Edit, View, Filter, Annotate, Help.
        QStringList titles;
        for (QAction *a : w.menuBar()->actions())
            titles << a->text();
        QCOMPARE(titles.indexOf(QStringLiteral("&Edit")), 1);
        QVERIFY(titles.indexOf(QStringLiteral("&Annotate"))
                > titles.indexOf(QStringLiteral("&View")));
        QVERIFY(menuAction(w, QStringLiteral("&Edit"))->menu()->actions().size() >= 2);
        QVERIFY(w.findChild<QToolBar *>(QStringLiteral("annotateToolBar")));

        AnnotationController *c = w.annotations();
        QCOMPARE(c->model(), w.map()->layers()->annotationModel());
        QMenu *annotate = c->annotateMenu();
        annotate->popup(w.mapToGlobal(QPoint(40, 40)));
        QVERIFY(QTest::qWaitForWindowExposed(annotate));
        QVERIFY(saveScreenshot(annotate->grab(), QStringLiteral("annotations_menu.png")));
        annotate->hide();
        MapView *view = w.map()->view();
        c->toolAction(AnnotationTool::Mode::Circle)->trigger();
        QCOMPARE(view->annotationTool()->mode(), AnnotationTool::Mode::Circle);
        QVERIFY(c->toolAction(AnnotationTool::Mode::Circle)->isChecked());
        const QPointF centre(view->width() / 2.0, view->height() / 2.0);
        QTest::mousePress(view, Qt::LeftButton, {}, centre.toPoint());
        QTest::mouseMove(view, (centre + QPointF(30, 0)).toPoint());
        QTest::mouseMove(view, (centre + QPointF(60, 0)).toPoint());
        QTest::mouseRelease(view, Qt::LeftButton, {}, (centre + QPointF(60, 0)).toPoint());
        QCOMPARE(c->model()->count(), 1);
        QVERIFY(!c->toolAction(AnnotationTool::Mode::Circle)->isChecked()); // back to select
        const Annotation circle = c->model()->annotations().front();

        // Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y on the window.
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(c->model()->count(), 0);
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(c->model()->count(), 1);
        QCOMPARE(c->model()->annotations().front(), circle);
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QTest::keyClick(view, Qt::Key_Y, Qt::ControlModifier);
        QCOMPARE(c->model()->count(), 1);
        QCOMPARE(c->undoStack()->undoText(), QStringLiteral("Add Circle"));

        // Select it, Delete, Ctrl+Z.
        view->annotationTool()->setSelectedId(circle.id);
        QVERIFY(w.findChild<QAction *>(QStringLiteral("deleteAnnotationAction"))->isEnabled());
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(c->model()->count(), 0);
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(c->model()->annotations().front(), circle);

        // The annotation is part of what the window renders.
        const QImage image = view->grab().toImage();
        const QPointF ring =
            view->viewport().toPixel(circle.points[0].lat, circle.points[0].lon) + QPointF(60, 0);
        const QColor drawn = QColor::fromRgb(at(image, ring));
        QVERIFY2(drawn.red() > 150 && drawn.blue() < 120, qPrintable(drawn.name()));
    }

    void labelsSelectedEvents()
    {
        MainWindow w;
        QVERIFY(showAndLoad(w));
        AnnotationController *c = w.annotations();
        QVERIFY(!c->labelAction()->isEnabled());
        const int a = rowOfId(w, QStringLiteral("STS-001"));
        const int b = rowOfId(w, QStringLiteral("STS-002"));
        selectStoreRows(w, {a, b});
        QVERIFY(c->labelAction()->isEnabled());
        c->labelAction()->trigger();
        QCOMPARE(c->model()->count(), 2);
        QCOMPARE(c->undoStack()->count(), 1); // one step for all of them
        const auto &store = *w.model()->store();
        const Annotation &first = c->model()->annotations().front();
        QCOMPARE(first.kind, Annotation::Kind::EventLabel);
        QCOMPARE(first.eventId, QStringLiteral("STS-001"));
        QCOMPARE(
            first.text,
            QStringLiteral("ALPHA TRADER \u21c4 BRAVO SPIRIT \u00b7 2019-02-11 \u00b7 12,400 bbl"));
        QCOMPARE(first.points[0], (GeoPoint {store.lon(size_t(a)), store.lat(size_t(a))}));
        // The text sits a little up and right of the event on screen.
        const QPolygonF px = AnnotationLayer::pixels(first, w.map()->view()->viewport());
        const QRectF box = AnnotationLayer::textBox(first, w.map()->view()->viewport());
        QVERIFY(box.left() > px[0].x() + 10 && box.bottom() < px[0].y() - 10);
        QVERIFY(box.left() < px[0].x() + 20 && box.bottom() > px[0].y() - 20);

        // The fields are the user's choice, remembered for the next window.
        c->setLabelFields({QStringLiteral("id"), QStringLiteral("volume")});
        selectStoreRows(w, {b});
        c->labelAction()->trigger();
        QCOMPARE(c->model()->annotations().back().text, QStringLiteral("8,500 bbl \u00b7 STS-002"));
        auto *fieldsMenu = w.findChild<QMenu *>(QStringLiteral("labelFieldsMenu"));
        QVERIFY(fieldsMenu);
        int checked = 0;
        for (QAction *f : fieldsMenu->actions())
            checked += f->isChecked() ? 1 : 0;
        QCOMPARE(checked, 2);
        // Re-filtering does not touch the labels: they keep their text and place.
        w.filter()->setTimeWindow(0, 1);
        QCOMPARE(c->model()->count(), 3);
        c->undoStack()->undo();
        c->undoStack()->undo();
        QCOMPARE(c->model()->count(), 0);

        MainWindow again;
        QCOMPARE(again.annotations()->labelFields(),
                 (QStringList {QStringLiteral("volume"), QStringLiteral("id")}));
        // Ticking a field in the menu changes the choice.
        for (QAction *f : again.findChild<QMenu *>(QStringLiteral("labelFieldsMenu"))->actions())
            if (f->data().toString() == QLatin1String("date"))
                f->trigger();
        QCOMPARE(
            again.annotations()->labelFields(),
            (QStringList {QStringLiteral("date"), QStringLiteral("volume"), QStringLiteral("id")}));
    }

    void doubleClickEditsProperties()
    {
        MainWindow w;
        QVERIFY(showAndLoad(w));
        AnnotationController *c = w.annotations();
        MapView *view = w.map()->view();
        Annotation a = Annotation::defaults(Annotation::Kind::Arrow);
        const MapViewport &vp = view->viewport();
        double lat0 = 0, lon0 = 0, lat1 = 0, lon1 = 0;
        vp.toLatLon(QPointF(200, 200), &lat0, &lon0);
        vp.toLatLon(QPointF(300, 250), &lat1, &lon1);
        a.points = {{lon0, lat0}, {lon1, lat1}};
        a.id = c->model()->insert(a);
        QTest::mouseDClick(view, Qt::LeftButton, {}, QPoint(250, 225));
        auto *dialog = w.findChild<AnnotationDialog *>(QStringLiteral("annotationDialog"));
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(saveScreenshot(dialog->grab(), QStringLiteral("annotations_dialog.png")));
        // Selected by the double-click: handles at both ends.
        QCOMPARE(view->annotationTool()->selectedId(), a.id);
        QVERIFY(saveScreenshot(view->grab(QRect(150, 150, 200, 150)),
                               QStringLiteral("annotations_selected.png")));
        dialog->findChild<QPlainTextEdit *>(QStringLiteral("annotationText"))
            ->setPlainText(QStringLiteral("Loitering"));
        dialog->findChild<QDoubleSpinBox *>(QStringLiteral("annotationLineWidth"))->setValue(5);
        dialog->setColor(0xff2266aa);
        dialog->accept();
        const Annotation *edited = c->model()->find(a.id);
        QCOMPARE(edited->text, QStringLiteral("Loitering"));
        QCOMPARE(edited->lineWidth, 5.0);
        QCOMPARE(edited->color, 0xff2266aau);
        QCOMPARE(edited->points, a.points);
        QCOMPARE(c->undoStack()->count(), 1);
        c->undoStack()->undo();
        QCOMPARE(*c->model()->find(a.id), a);
    }

    // The sample in the East China Sea over one month, with a callout, a circle in
    // nautical miles and an event label: the picture a report would carry.
    void sampleScreenshot()
    {
        MainWindow w;
        w.resize(1500, 950);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(loadAndWait(
            w, QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv")));
        QVERIFY(QTest::qWaitFor([&w] { return !w.map()->isIndexing(); }, 20000));
        AnnotationController *c = w.annotations();
        // Too many at once: a message, and no labels.
        w.eventsDock()->table()->selectAll();
        QVERIFY(w.eventsDock()->table()->selectionModel()->selectedRows().size()
                > AnnotationController::kMaxLabels);
        QCOMPARE(c->labelSelectedEvents(), 0);
        QCOMPARE(c->model()->count(), 0);
        auto *tooMany = w.findChild<QMessageBox *>(QStringLiteral("tooManyLabelsBox"));
        QVERIFY(tooMany);
        QVERIFY(tooMany->text().contains(QString::number(AnnotationController::kMaxLabels)));
        tooMany->close();

        const qint64 from = QDateTime(QDate(2023, 3, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        const qint64 to = QDateTime(QDate(2023, 4, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        w.timeWindow()->setRange(from, to);
        MapView *view = w.map()->view();
        view->setViewport(MapViewport(30.6, 123.9, 7.6, view->size()));
        QVERIFY(w.filter()->rowCount() > 0);

        // The event label: the first event in the month inside the view.
        int row = -1;
        for (int r = 0; r < w.filter()->rowCount() && row < 0; ++r) {
            const int s = w.filter()->mapToSource(w.filter()->index(r, 0)).row();
            const QPointF p = view->viewport().toPixel(w.model()->store()->lat(size_t(s)),
                                                       w.model()->store()->lon(size_t(s)));
            if (QRectF(250, 200, view->width() - 600, view->height() - 350).contains(p))
                row = s;
        }
        QVERIFY(row >= 0);
        c->setLabelFields(EventLabel::defaultFields());
        selectStoreRows(w, {row});
        c->labelAction()->trigger();
        QCOMPARE(c->model()->count(), 1);

        Annotation callout = Annotation::defaults(Annotation::Kind::Callout);
        callout.points = {{122.3, 30.05}, {123.25, 29.6}};
        callout.text = QStringLiteral("Zhoushan anchorage\napproaches");
        QVERIFY(c->model()->insert(callout));
        Annotation circle = Annotation::defaults(Annotation::Kind::Circle);
        circle.points = {{124.2, 31.15}};
        circle.radiusNm = 40;
        circle.text = QStringLiteral("40 nm");
        QVERIFY(c->model()->insert(circle));
        view->annotationTool()->setSelectedId(0);
        QVERIFY(Basemap::instance()->waitFor(Basemap::Detail::High)); // the coast at this zoom
        // The new detail reaches the view's background through queued signals: once they
        // have run, the background is rendered again for it.
        QVERIFY(drainEvents());
        QVERIFY(waitForMap(w));

        const QImage image = view->grab().toImage();
        QVERIFY(saveScreenshot(image, QStringLiteral("annotations_sample_map.png")));
        QVERIFY(saveScreenshot(w.grab(), QStringLiteral("annotations_sample_window.png")));
        // Each annotation is drawn where its geographic points are.
        const MapViewport &vp = view->viewport();
        const QColor anchor = QColor::fromRgb(at(image, vp.toPixel(30.05, 122.3)));
        QVERIFY2(anchor == QColor::fromRgba(callout.color), qPrintable(anchor.name()));
        const QPointF north = vp.toPixel(31.15 + 40.0 / 60.0, 124.2);
        bool ring = false;
        for (int dy = -2; dy <= 2; ++dy)
            ring = ring || QColor::fromRgb(at(image, north + QPointF(0, dy))).red() > 180;
        QVERIFY(ring);
        const Annotation &label = c->model()->annotations().front();
        const QRectF box = AnnotationLayer::textBox(label, vp);
        QCOMPARE(
            QColor::fromRgb(at(image, box.topLeft() + QPointF(box.width() / 2, 1.5))).lightness()
                > 200,
            true);
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestAnnotationWindow)
#include "tst_annotationwindow.moc"

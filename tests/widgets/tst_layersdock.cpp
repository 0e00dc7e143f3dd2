#include "mainwindowtesthelpers.h"

#include "docks/layersdock.h"
#include "map/annotationlayer.h"
#include "map/basemap.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/vectoroverlaylayer.h"
#include "mapui/mapactions.h"
#include "mapui/mapcontroller.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QColorDialog>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>

#include "eventloop.h"
#include "screenshots.h"

using namespace mainwindowtest;

// The layers dock (add, toggle, recolour, remove overlays; drag and drop; remembered
// between sessions) and the map toolbar (the same actions as the View menu, changing
// the event layer's options), in the real window.
namespace {
QString overlay(const QString &name)
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/overlay/") + name;
}

VectorOverlayLayer *addAndWait(LayersDock *dock, const QString &path)
{
    QSignalSpy added(dock, &LayersDock::overlayAdded);
    QSignalSpy failed(dock, &LayersDock::overlayFailed);
    dock->addOverlayFile(path);
    if (!QTest::qWaitFor([&] { return !added.isEmpty() || !failed.isEmpty(); }, 20000))
        return nullptr;
    return added.isEmpty() ? nullptr
                           : added.constFirst().constFirst().value<VectorOverlayLayer *>();
}

void clearSavedOverlays()
{
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"))
        .remove(QStringLiteral("map/overlays"));
}

// Sends a drag-enter and, when accepted, a drop of these files onto the widget.
bool dropFiles(QWidget *target, const QStringList &paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &p : paths)
        urls.append(QUrl::fromLocalFile(p));
    mime.setUrls(urls);
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    enter.setAccepted(false); // events start out accepted
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    drop.setAccepted(false);
    QApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}
} // namespace

class TestLayersDock : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init() { clearSavedOverlays(); }
    void cleanup() { clearSavedOverlays(); }
    void listsEventsAndOverlays();
    void toggleThroughApiAndCheckBox();
    void hiddenEventsAreNotHit();
    void colourThroughApiAndDialog();
    void removeThroughApiAndButton();
    void dropFilesOnTheDock();
    void unreadableFileGivesAnErrorAndNoLayer();
    void overlaysRememberedBetweenSessions();
    void basemapChoiceFollowsMenuAndDock();
    void toolbarSharesTheMenusActions();
    void toolbarChangesEventOptions();
    void measuringFromToolbarMenuAndShortcut();
    void screenshots();

private:
    QTemporaryDir m_settingsDir;
};

void TestLayersDock::initTestCase()
{
    qRegisterMetaType<VectorOverlayLayer *>();
    QVERIFY(isolateSettings(m_settingsDir));
}

void TestLayersDock::listsEventsAndOverlays()
{
    MainWindow w;
    LayersDock *dock = w.layersDock();
    QVERIFY(dock);
    QCOMPARE(dock->list()->count(), 1);
    QCOMPARE(dock->layerAt(0), static_cast<MapLayer *>(w.map()->eventLayer()));

    VectorOverlayLayer *a = addAndWait(dock, overlay(QStringLiteral("square.geojson")));
    VectorOverlayLayer *b = addAndWait(dock, overlay(QStringLiteral("antimeridian.geojson")));
    QVERIFY(a && b);
    // Top of the stack first: events, then the last overlay added.
    QCOMPARE(dock->list()->count(), 3);
    QCOMPARE(dock->layerAt(1), static_cast<MapLayer *>(b));
    QCOMPARE(dock->layerAt(2), static_cast<MapLayer *>(a));
    QCOMPARE(dock->list()->item(2)->text(), QStringLiteral("square"));
    QCOMPARE(dock->currentOverlay(), b); // the new one is current
    // Drawn by the map, in the overlay slot, in the order added (over the annotations'
    // fills).
    QCOMPARE(w.map()->view()->renderer().layers(MapLayer::Slot::Overlay),
             (QList<MapLayer *> {w.map()->layers()->annotations()->fillLayer(), a, b}));
    QVERIFY(a->color() != b->color());
}

void TestLayersDock::toggleThroughApiAndCheckBox()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    LayersDock *dock = w.layersDock();
    VectorOverlayLayer *a = addAndWait(dock, overlay(QStringLiteral("square.geojson")));
    QVERIFY(a);
    const int row = dock->rowOf(a);
    QCOMPARE(dock->list()->item(row)->checkState(), Qt::Checked);

    dock->setLayerVisible(a, false);
    QVERIFY(!a->isVisible());
    QCOMPARE(dock->list()->item(dock->rowOf(a))->checkState(), Qt::Unchecked);

    // The check box, from the keyboard: Space toggles the current item's check.
    dock->list()->setCurrentRow(dock->rowOf(a));
    dock->list()->setFocus();
    QTest::keyClick(dock->list(), Qt::Key_Space);
    QVERIFY(a->isVisible());
    // And with the mouse, on the check indicator.
    QListWidget *list = dock->list();
    const QRect itemRect = list->visualItemRect(list->item(dock->rowOf(a)));
    QStyleOptionViewItem option;
    option.initFrom(list);
    option.rect = itemRect;
    option.features |= QStyleOptionViewItem::HasCheckIndicator;
    const QRect check =
        list->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, list);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, check.center());
    QVERIFY(!a->isVisible());

    // Hiding the events hides their selection rings too.
    EventLayer *events = w.map()->eventLayer();
    list->item(0)->setCheckState(Qt::Unchecked);
    QVERIFY(!events->isVisible());
    QVERIFY(!events->selectionLayer()->isVisible());
    dock->setLayerVisible(events, true);
    QVERIFY(events->selectionLayer()->isVisible());
    QCOMPARE(list->item(0)->checkState(), Qt::Checked);
}

void TestLayersDock::hiddenEventsAreNotHit()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    const QPointF marker = w.map()->view()->viewport().toPixel(31.052, 123.418);
    QVERIFY(!w.map()->toolTipAt(marker).isEmpty());
    w.layersDock()->setLayerVisible(w.map()->eventLayer(), false);
    QVERIFY(w.map()->toolTipAt(marker).isEmpty());
    QTest::mouseClick(w.map()->view(), Qt::LeftButton, {}, marker.toPoint());
    QVERIFY(selectedStoreRows(w).isEmpty());
    w.layersDock()->setLayerVisible(w.map()->eventLayer(), true);
    QTest::mouseClick(w.map()->view(), Qt::LeftButton, {}, marker.toPoint());
    QCOMPARE(selectedStoreRows(w).size(), 1);
}

void TestLayersDock::colourThroughApiAndDialog()
{
    MainWindow w;
    LayersDock *dock = w.layersDock();
    VectorOverlayLayer *a = addAndWait(dock, overlay(QStringLiteral("square.geojson")));
    QVERIFY(a);
    dock->setOverlayColor(a, QColor(10, 120, 30));
    QCOMPARE(a->color(), QColor(10, 120, 30));

    dock->list()->setCurrentRow(dock->rowOf(a));
    auto *button = dock->findChild<QToolButton *>(QStringLiteral("layerColorButton"));
    QVERIFY(button && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    auto *dialog = dock->findChild<QColorDialog *>(QStringLiteral("layerColorDialog"));
    QVERIFY(dialog);
    QCOMPARE(dialog->currentColor(), QColor(10, 120, 30));
    dialog->setCurrentColor(QColor(200, 30, 150));
    dialog->accept();
    QCOMPARE(a->color(), QColor(200, 30, 150));

    // Nothing to recolour or remove on the events row.
    dock->list()->setCurrentRow(0);
    QVERIFY(!button->isEnabled());
    QVERIFY(!dock->findChild<QToolButton *>(QStringLiteral("removeLayerButton"))->isEnabled());
}

void TestLayersDock::removeThroughApiAndButton()
{
    MainWindow w;
    LayersDock *dock = w.layersDock();
    VectorOverlayLayer *a = addAndWait(dock, overlay(QStringLiteral("square.geojson")));
    VectorOverlayLayer *b = addAndWait(dock, overlay(QStringLiteral("antimeridian.geojson")));
    QVERIFY(a && b);
    const QPointer<VectorOverlayLayer> guardA(a), guardB(b);

    dock->removeOverlay(b);
    QVERIFY(guardB.isNull());
    QCOMPARE(dock->list()->count(), 2);
    QCOMPARE(w.map()->layers()->overlays(), QList<VectorOverlayLayer *> {a});

    dock->list()->setCurrentRow(dock->rowOf(a));
    QTest::mouseClick(dock->findChild<QToolButton *>(QStringLiteral("removeLayerButton")),
                      Qt::LeftButton);
    QVERIFY(guardA.isNull());
    QCOMPARE(dock->list()->count(), 1);
    QCOMPARE(w.map()->view()->renderer().layers(MapLayer::Slot::Overlay),
             QList<MapLayer *> {w.map()->layers()->annotations()->fillLayer()});
}

void TestLayersDock::dropFilesOnTheDock()
{
    MainWindow w;
    LayersDock *dock = w.layersDock();
    // An events CSV is not a layer: the dock passes it on, and the window opens it.
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    QVERIFY(dropFiles(dock, {fixture()}));
    QVERIFY(loaded.wait(20000));
    QVERIFY(w.map()->layers()->overlays().isEmpty());
    QCOMPARE(w.model()->rowCount(), 4);
    QSignalSpy added(dock, &LayersDock::overlayAdded);
    QVERIFY(dropFiles(dock,
                      {overlay(QStringLiteral("square.geojson")),
                       overlay(QStringLiteral("antimeridian.geojson"))}));
    QTRY_COMPARE_WITH_TIMEOUT(added.count(), 2, 20000);
    QCOMPARE(w.map()->layers()->overlays().size(), 2);
    QVERIFY(LayersDock::isOverlayFile(QStringLiteral("eez.GPKG")));
    QVERIFY(LayersDock::isOverlayFile(QStringLiteral("/x/eez.shp")));
    QVERIFY(LayersDock::isOverlayFile(QStringLiteral("areas.kml")));
    QVERIFY(!LayersDock::isOverlayFile(QStringLiteral("events.csv")));
}

void TestLayersDock::unreadableFileGivesAnErrorAndNoLayer()
{
    MainWindow w;
    LayersDock *dock = w.layersDock();
    const QString bad = QStringLiteral(RENDEZVOUS_TEST_DATA "/junk/truncated.geojson");
    QSignalSpy failed(dock, &LayersDock::overlayFailed);
    QVERIFY(!addAndWait(dock, bad));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.constFirst().at(0).toString(), bad);
    QVERIFY(failed.constFirst().at(1).toString().contains(bad));
    QVERIFY(w.map()->layers()->overlays().isEmpty());
    QCOMPARE(dock->list()->count(), 1);
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("overlayErrorBox"));
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("truncated.geojson")));
    QVERIFY(box->informativeText().contains(QStringLiteral("not a vector data file")));
    QCOMPARE(dock->pendingCount(), 0);
}

void TestLayersDock::overlaysRememberedBetweenSessions()
{
    {
        MainWindow w;
        VectorOverlayLayer *a =
            addAndWait(w.layersDock(), overlay(QStringLiteral("square.geojson")));
        QVERIFY(a);
        w.layersDock()->setOverlayColor(a, QColor(1, 2, 3));
        w.layersDock()->setLayerVisible(a, false);
    }
    MainWindow w;
    QTRY_COMPARE_WITH_TIMEOUT(w.map()->layers()->overlays().size(), 1, 20000);
    VectorOverlayLayer *a = w.map()->layers()->overlays().constFirst();
    QCOMPARE(QFileInfo(a->path()).fileName(), QStringLiteral("square.geojson"));
    QCOMPARE(a->color(), QColor(1, 2, 3));
    QVERIFY(!a->isVisible());
    QCOMPARE(w.layersDock()->list()->item(1)->checkState(), Qt::Unchecked);
}

void TestLayersDock::basemapChoiceFollowsMenuAndDock()
{
    MainWindow w;
    auto *combo = w.layersDock()->findChild<QComboBox *>(QStringLiteral("basemapCombo"));
    auto *none = w.findChild<QAction *>(QStringLiteral("basemapNoneAction"));
    auto *land = w.findChild<QAction *>(QStringLiteral("basemapLandAction"));
    QVERIFY(combo && none && land);
    QVERIFY(land->isChecked());
    QCOMPARE(combo->currentData().toInt(), int(RenderOptions::Basemap::Land));
    none->trigger();
    QCOMPARE(w.map()->options().basemap, RenderOptions::Basemap::None);
    QCOMPARE(combo->currentData().toInt(), int(RenderOptions::Basemap::None));
    // The combo, from the keyboard, back to Natural Earth.
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(w.map()->options().basemap, RenderOptions::Basemap::Land);
    QVERIFY(land->isChecked());
}

void TestLayersDock::toolbarSharesTheMenusActions()
{
    MainWindow w;
    auto *bar = w.findChild<QToolBar *>(QStringLiteral("mapToolBar"));
    QVERIFY(bar);
    MapActions *actions = w.mapActions();
    QMenu *view = nullptr;
    for (QAction *a : w.menuBar()->actions())
        if (a->text() == QStringLiteral("&View"))
            view = a->menu();
    QVERIFY(view);
    for (QAction *a : {actions->fitToData(), actions->zoomToSelection(), actions->measure(),
                       actions->sizeByVolume()}) {
        QVERIFY2(bar->actions().contains(a), qPrintable(a->text()));
        QVERIFY2(view->actions().contains(a), qPrintable(a->text()));
    }
    QVERIFY(view->actions().contains(actions->colorMenu()->menuAction()));
    QVERIFY(view->actions().contains(actions->basemapMenu()->menuAction()));
    QVERIFY(view->actions().contains(w.layersDock()->toggleViewAction()));
    auto *basemap = bar->findChild<QToolButton *>(QStringLiteral("basemapButton"));
    QVERIFY(basemap && basemap->menu() == actions->basemapMenu());
}

void TestLayersDock::toolbarChangesEventOptions()
{
    MainWindow w;
    QVERIFY(loadAndWait(w, fixture()));
    EventLayer *events = w.map()->eventLayer();
    auto *combo = w.findChild<QComboBox *>(QStringLiteral("colorByCombo"));
    QVERIFY(combo);
    QCOMPARE(combo->currentData().toString(), QStringLiteral("cargo"));
    // Any column of the file is offered, after the standard fields.
    for (const QString &extra : w.model()->store()->extraNames())
        QVERIFY2(combo->findData(extra) >= 0, qPrintable(extra));

    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down); // cargo -> confidence
    QCOMPARE(events->colorBy(), QStringLiteral("confidence"));
    QCOMPARE(w.map()->options().colorBy, QStringLiteral("confidence"));
    // The menu follows.
    for (QAction *a : w.mapActions()->colorMenu()->actions())
        QCOMPARE(a->isChecked(), a->data().toString() == QStringLiteral("confidence"));
    // And the combo follows the menu.
    for (QAction *a : w.mapActions()->colorMenu()->actions())
        if (a->data().toString() == QStringLiteral("cargo"))
            a->trigger();
    QCOMPARE(events->colorBy(), QStringLiteral("cargo"));
    QCOMPARE(combo->currentData().toString(), QStringLiteral("cargo"));

    QAction *size = w.findChild<QAction *>(QStringLiteral("sizeByVolumeAction"));
    QVERIFY(size && !events->sizeByVolume());
    size->trigger();
    QVERIFY(events->sizeByVolume());
    QVERIFY(w.map()->options().sizeByVolume);
    size->trigger();
    QVERIFY(!events->sizeByVolume());
}

void TestLayersDock::measuringFromToolbarMenuAndShortcut()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    MapView *view = w.map()->view();
    QAction *measure = w.findChild<QAction *>(QStringLiteral("measureAction"));
    QVERIFY(measure && measure->isCheckable());
    QCOMPARE(measure->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_M));
    measure->trigger();
    QVERIFY(view->isMeasuring());
    view->setMeasuring(false); // Esc-style exit from the view: the action follows
    QVERIFY(!measure->isChecked());
    // The toolbar button is the action's.
    auto *bar = w.findChild<QToolBar *>(QStringLiteral("mapToolBar"));
    auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(measure));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(view->isMeasuring());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!view->isMeasuring());
}

void TestLayersDock::screenshots()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(loadAndWait(
        w, QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv")));
    QVERIFY(addAndWait(w.layersDock(), overlay(QStringLiteral("antimeridian.geojson"))));
    QVERIFY(addAndWait(w.layersDock(), overlay(QStringLiteral("square.geojson"))));
    const QString eez = qEnvironmentVariable("RENDEZVOUS_SCREENSHOT_OVERLAY");
    if (!eez.isEmpty())
        QVERIFY(addAndWait(w.layersDock(), eez));
    QTRY_VERIFY(!w.map()->isIndexing());
    MapView *view = w.map()->view();
    const auto shoot = [&](const QString &name) {
        QTRY_VERIFY_WITH_TIMEOUT(Basemap::instance()->isFinished()
                                     && view->basemapCache().isCurrent(view->viewport()),
                                 20000);
        QVERIFY(drainEvents());
        const QImage image = w.grab().toImage();
        QVERIFY(!image.isNull());
        QVERIFY(saveScreenshot(image, name));
    };
    view->fitTo(GeoBox {-180, -70, 180, 75});
    shoot(QStringLiteral("layers-world.png"));
    // The square's outline is drawn where its edges are: there the picture changes when
    // the layer is hidden.
    VectorOverlayLayer *square = nullptr;
    for (VectorOverlayLayer *layer : w.map()->layers()->overlays())
        if (layer->name().contains(QLatin1String("square")))
            square = layer;
    QVERIFY(square);
    const QImage shown = view->grab().toImage();
    w.layersDock()->setLayerVisible(square, false);
    const QImage hidden = view->grab().toImage();
    w.layersDock()->setLayerVisible(square, true);
    for (const QPointF edge : {QPointF(20, 10), QPointF(20, 30), QPointF(10, 20)}) { // lon, lat
        const QPoint p = view->viewport().toPixel(edge.y(), edge.x()).toPoint();
        bool changed = false;
        for (int dy = -2; dy <= 2; ++dy)
            for (int dx = -2; dx <= 2; ++dx)
                changed =
                    changed || shown.pixel(p + QPoint(dx, dy)) != hidden.pixel(p + QPoint(dx, dy));
        QVERIFY2(changed,
                 qPrintable(QStringLiteral("no outline at %1,%2").arg(edge.x()).arg(edge.y())));
    }
    const QPoint far = view->viewport().toPixel(-40, -120).toPoint(); // the open Pacific
    QCOMPARE(shown.pixel(far), hidden.pixel(far));
    view->fitTo(GeoBox {118, 24, 134, 42});
    shoot(QStringLiteral("layers-east-china-sea.png"));
    QCOMPARE(w.layersDock()->list()->count(), eez.isEmpty() ? 3 : 4);

    QVERIFY(!addAndWait(w.layersDock(),
                        QStringLiteral(RENDEZVOUS_TEST_DATA "/junk/truncated.geojson")));
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("overlayErrorBox"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    const QImage boxImage = box->grab().toImage();
    QVERIFY(!boxImage.isNull());
    QVERIFY(saveScreenshot(boxImage, QStringLiteral("layers-error.png")));
}

QTEST_MAIN(TestLayersDock)
#include "tst_layersdock.moc"

#include "mainwindowtesthelpers.h"

#include "filters/areafilter.h"
#include "filters/categoryfiltermenu.h"
#include "map/areatool.h"
#include "map/eventlayer.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
#include "project/projectcontroller.h"
#include "summary.h"
#include "transferfilter.h"

#include <QAction>
#include <QLabel>
#include <QTest>

#include "screenshots.h"

using namespace mainwindowtest;

// The filter model's area criterion from the map: a polygon drawn with the mouse, and
// "only the events in the map view". The table, the map and the summary follow.
class TestAreaFilter : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(isolateSettings(m_settingsDir)); }
    void drawPolygonWithMouse();
    void escapeCancels();
    void followMapView();
    void polygonAcrossAntimeridian();
    void categoryMenu();

private:
    QTemporaryDir m_settingsDir;
};

namespace {
void clickAt(MapView *view, QPointF pixel)
{
    QTest::mouseClick(view, Qt::LeftButton, {}, pixel.toPoint());
}
} // namespace

void TestAreaFilter::drawPolygonWithMouse()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    MapView *view = w.map()->view();
    const MapViewport &vp = view->viewport();

    // A quadrilateral around STS-002 (31.05N 123.42E) and STS-003 (27.88N 122.5E), leaving
    // out STS-001 (26.5N 121.7E) and STS-004 (38.9N 124.1E).
    w.areaFilter()->drawAction()->trigger();
    QVERIFY(view->isDrawingArea());
    clickAt(view, vp.toPixel(33, 121.5));
    clickAt(view, vp.toPixel(33, 125));
    clickAt(view, vp.toPixel(27, 125));
    clickAt(view, vp.toPixel(27, 121.9));
    QCOMPARE(view->areaTool()->draft().size(), size_t(4));
    QCOMPARE(w.filter()->rowCount(), 4); // nothing applies before the polygon closes
    QTest::mouseDClick(view, Qt::LeftButton, {}, vp.toPixel(27, 121.9).toPoint());
    QVERIFY(!view->isDrawingArea());
    QVERIFY(!w.areaFilter()->drawAction()->isChecked());

    QCOMPARE(w.filter()->rowCount(), 2);
    QVERIFY(w.filter()->isVisible(uint32_t(rowOfId(w, QStringLiteral("STS-002")))));
    QVERIFY(w.filter()->isVisible(uint32_t(rowOfId(w, QStringLiteral("STS-003")))));
    QCOMPARE(w.map()->eventLayer()->visibleCount(), size_t(2));
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("filterSummary"))
                ->text()
                .startsWith(QStringLiteral("2 of 4 transfers")));
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("window_area_filter.png")));

    QVERIFY(w.areaFilter()->clearAction()->isEnabled());
    w.areaFilter()->clearAction()->trigger();
    QCOMPARE(w.filter()->rowCount(), 4);
    QVERIFY(view->areaTool()->polygon().empty());
    QVERIFY(!w.areaFilter()->clearAction()->isEnabled());
}

void TestAreaFilter::escapeCancels()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(loadAndWait(w, fixture()));
    MapView *view = w.map()->view();
    view->setDrawingArea(true);
    clickAt(view, QPointF(100, 100));
    clickAt(view, QPointF(200, 100));
    QTest::keyClick(view, Qt::Key_Backspace);
    QCOMPARE(view->areaTool()->draft().size(), size_t(1));
    QTest::keyClick(view, Qt::Key_Escape);
    QVERIFY(!view->isDrawingArea());
    QVERIFY(view->areaTool()->polygon().empty());
    QCOMPARE(w.filter()->rowCount(), 4);
    // Measuring and drawing exclude each other.
    view->setDrawingArea(true);
    view->setMeasuring(true);
    QVERIFY(!view->isDrawingArea());
}

void TestAreaFilter::followMapView()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    MapView *view = w.map()->view();
    w.areaFilter()->followViewAction()->setChecked(true);
    QCOMPARE(w.filter()->rowCount(), 4); // fitted to the data: all in view
    // Zoom onto STS-004 alone (38.9N 124.1E).
    view->fitTo(GeoBox {123.5, 38.5, 124.5, 39.5});
    QTRY_COMPARE(w.filter()->rowCount(), 1);
    QVERIFY(w.filter()->isVisible(uint32_t(rowOfId(w, QStringLiteral("STS-004")))));
    QCOMPARE(w.map()->eventLayer()->visibleCount(), size_t(1));
    w.areaFilter()->followViewAction()->setChecked(false);
    QCOMPARE(w.filter()->rowCount(), 4);
}

void TestAreaFilter::polygonAcrossAntimeridian()
{
    // Vertices unwrap to stay continuous: 175E then 175W becomes 185.
    AreaTool tool;
    QSignalSpy finished(&tool, &AreaTool::finished);
    tool.begin();
    tool.addVertex(-5, 175);
    tool.addVertex(-5, -175);
    tool.addVertex(5, -175);
    tool.addVertex(5, 175);
    tool.finish();
    QCOMPARE(finished.count(), 1);
    const std::vector<QPointF> expected {{175, -5}, {185, -5}, {185, 5}, {175, 5}};
    QCOMPARE(tool.polygon(), expected);
    // Fewer than three vertices is no area.
    tool.begin();
    tool.addVertex(0, 0);
    tool.addVertex(1, 1);
    tool.finish();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(tool.polygon(), expected);
}

// Filter ▸ Categories: unchecking a value of the colour attribute hides its events
// everywhere; Show All and a new file bring them back.
void TestAreaFilter::categoryMenu()
{
    MainWindow w;
    QVERIFY(showAndLoad(
        w,
        QStringLiteral(RENDEZVOUS_TEST_DATA "/../../resources/sample/synthetic_sts_events.csv")));
    const auto &store = w.model()->store();
    int diesel = 0;
    for (size_t r = 0; r < store->size(); ++r)
        diesel += store->text(Field::Cargo, r) == QLatin1String("diesel");
    QVERIFY(diesel > 0);

    CategoryFilterMenu *menu = w.categoryMenu();
    menu->rebuild();
    QAction *dieselAction = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->isCheckable() && a->data().toString() == QLatin1String("diesel"))
            dieselAction = a;
    }
    QVERIFY(dieselAction && dieselAction->isChecked());
    QVERIFY(dieselAction->text().contains(Summary::formatCount(diesel)));
    dieselAction->setChecked(false);
    const int total = int(store->size());
    QCOMPARE(w.filter()->rowCount(), total - diesel);
    QCOMPARE(w.map()->eventLayer()->visibleCount(), size_t(total - diesel));
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("filterSummary"))
                ->text()
                .startsWith(
                    QStringLiteral("%1 of %2 transfers")
                        .arg(Summary::formatCount(total - diesel), Summary::formatCount(total))));
    // Reopened, the menu remembers the choice.
    menu->popup(w.mapToGlobal(QPoint(40, 40))); // rebuilds it, as a click on Filter would
    QVERIFY(QTest::qWaitForWindowExposed(menu));
    QVERIFY(saveScreenshot(menu->grab(), QStringLiteral("category_menu.png")));
    menu->hide();
    for (QAction *a : menu->actions()) {
        if (a->isCheckable())
            QCOMPARE(a->isChecked(), a->data().toString() != QLatin1String("diesel"));
    }
    menu->showAll();
    QCOMPARE(w.filter()->rowCount(), total);

    // A new file clears the choices.
    menu->rebuild();
    for (QAction *a : menu->actions()) {
        if (a->isCheckable() && a->data().toString() == QLatin1String("diesel"))
            a->setChecked(false);
    }
    QCOMPARE(w.filter()->rowCount(), total - diesel);
    // Another file is another case: the unchecked values are work it asks about.
    w.project()->setUnsavedPrompt([] { return QMessageBox::Discard; });
    QVERIFY(loadAndWait(w, fixture()));
    QCOMPARE(w.filter()->rowCount(), 4);
    QVERIFY(w.filter()->criteria().categories.isEmpty());
}

QTEST_MAIN(TestAreaFilter)
#include "tst_areafilter.moc"

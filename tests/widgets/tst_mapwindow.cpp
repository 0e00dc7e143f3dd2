#include "mainwindowtesthelpers.h"

#include "docks/detailsdock.h"
#include "docks/eventsdock.h"
#include "docks/loadreportdialog.h"
#include "map/basemap.h"
#include "map/eventlayer.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
#include "summary.h"
#include "transfermodel.h"
#include "window/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrl>

#include "eventloop.h"
#include "screenshots.h"

using namespace mainwindowtest;

// The main window around the map: events on the map, one selection shared by the
// table and the map, search, zoom to selection, colour-by, a large file.
class TestMapWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void mapShowsEvents();
    void tableSelectionHighlightsMarker();
    void clickOnMarkerSelectsRow();
    void rubberBandSelects();
    void searchFiltersTable();
    void zoomToSelection();
    void colorByMenu();
    void largeFileIndexedInBackground();
    void sampleScreenshot();

private:
    QTemporaryDir m_settingsDir;
};

void TestMapWindow::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
}

void TestMapWindow::mapShowsEvents()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    EventLayer *layer = w.map()->eventLayer();
    QCOMPARE(layer->visibleCount(), size_t(4));
    int64_t legendTotal = 0;
    for (const auto &entry : layer->legendEntries())
        legendTotal += entry.count;
    QCOMPARE(legendTotal, int64_t(4));

    // Fitted to the data: every event is in view, and the marker of a known event is
    // under its pixel.
    MapView *view = w.map()->view();
    const MapViewport &vp = view->viewport();
    const int row = rowOfId(w, QStringLiteral("STS-002"));
    QVERIFY(row >= 0);
    const QPointF pixel = vp.toPixel(31.052, 123.418);
    QVERIFY(QRectF(QPointF(0, 0), QSizeF(vp.size())).contains(pixel));
    QCOMPARE(layer->eventAt(pixel, vp), row);
    QCOMPARE(layer->eventAt(pixel + QPointF(60, 60), vp), -1);

    // Hovering the marker describes the transfer; empty sea says nothing.
    const QString tip = w.map()->toolTipAt(pixel);
    QVERIFY2(tip.contains(QStringLiteral("CHARLIE DAWN"))
                 && tip.contains(QStringLiteral("DELTA GRACE")),
             qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("8,500")), qPrintable(tip));
    QCOMPARE(w.map()->toolTipAt(pixel + QPointF(60, 60)), QString());
}

void TestMapWindow::tableSelectionHighlightsMarker()
{
    MainWindow w;
    QVERIFY(loadAndWait(w, fixture()));
    const int row = rowOfId(w, QStringLiteral("STS-003"));
    QVERIFY(row >= 0);
    w.eventsDock()->selectStoreRow(row);
    QCOMPARE(w.map()->eventLayer()->selection(), std::vector<uint32_t> {uint32_t(row)});
    // The details dock follows the current row.
    QTableWidget *details = w.detailsDock()->table();
    QCOMPARE(w.detailsDock()->row(), row);
    const int idRow = w.detailsDock()->tableRowOf(TransferModel::columnForField(Field::Id));
    QVERIFY(idRow >= 0);
    QCOMPARE(details->item(idRow, 1)->text(), QStringLiteral("STS-003"));
    w.eventsDock()->table()->clearSelection();
    QVERIFY(w.map()->eventLayer()->selection().empty());
}

void TestMapWindow::clickOnMarkerSelectsRow()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    MapView *view = w.map()->view();
    const int row = rowOfId(w, QStringLiteral("STS-004"));
    const QPoint pixel = view->viewport().toPixel(38.9, 124.1).toPoint();
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, pixel);
    QCOMPARE(selectedStoreRows(w), QList<int> {row});
    QCOMPARE(w.map()->eventLayer()->selection(), std::vector<uint32_t> {uint32_t(row)});
    QCOMPARE(w.detailsDock()->row(), row);

    // Clicking empty sea clears the selection.
    const QPoint sea = view->viewport().toPixel(33.0, 118.0).toPoint();
    QVERIFY(view->rect().contains(sea));
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, sea);
    QVERIFY(selectedStoreRows(w).isEmpty());
}

void TestMapWindow::rubberBandSelects()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    MapView *view = w.map()->view();
    const MapViewport &vp = view->viewport();
    // A band over the two southern events (26.5°N and 27.9°N), not the northern ones.
    const QPoint a = vp.toPixel(28.5, 121.0).toPoint();
    const QPoint b = vp.toPixel(26.0, 123.0).toPoint();
    QTest::mousePress(view, Qt::LeftButton, Qt::ShiftModifier, a);
    QTest::mouseMove(view, (a + b) / 2);
    QTest::mouseMove(view, b);
    QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, b);
    QList<int> expected = {rowOfId(w, QStringLiteral("STS-001")),
                           rowOfId(w, QStringLiteral("STS-003"))};
    std::sort(expected.begin(), expected.end());
    QCOMPARE(selectedStoreRows(w), expected);
}

// The search box sets the one filter model: the table, the map and the summary follow.
void TestMapWindow::searchFiltersTable()
{
    MainWindow w;
    QVERIFY(loadAndWait(w, fixture()));
    QLineEdit *search = w.findChild<QLineEdit *>(QStringLiteral("eventSearch"));
    QVERIFY(search);
    const auto *summary = w.findChild<QLabel *>(QStringLiteral("filterSummary"));
    QVERIFY(summary);
    QVERIFY2(summary->text().contains(QStringLiteral("4 of 4 transfers")),
             qPrintable(summary->text()));
    QAbstractItemModel *table = w.eventsDock()->table()->model();
    QCOMPARE(table, static_cast<QAbstractItemModel *>(w.filter()));
    QCOMPARE(table->rowCount(), 4);
    // A selected event that stays in the filter stays selected (here STS-002).
    w.eventsDock()->selectStoreRow(rowOfId(w, QStringLiteral("STS-002")));
    search->setText(QStringLiteral("charlie")); // vessel A of STS-002, other case
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->index(0, TransferModel::columnForField(Field::Id)).data().toString(),
             QStringLiteral("STS-002"));
    QCOMPARE(selectedStoreRows(w), QList<int> {rowOfId(w, QStringLiteral("STS-002"))});
    EventLayer *layer = w.map()->eventLayer();
    QCOMPARE(layer->visibleCount(), size_t(1));
    QVERIFY(layer->isVisibleRow(uint32_t(rowOfId(w, QStringLiteral("STS-002")))));
    QVERIFY(!layer->isVisibleRow(uint32_t(rowOfId(w, QStringLiteral("STS-001")))));
    // The strip says what `rendezvous info --search charlie` says.
    const Summary expected =
        Summary::compute(*w.model()->store(), {uint32_t(rowOfId(w, QStringLiteral("STS-002")))});
    QCOMPARE(summary->text(), expected.text());
    QVERIFY(summary->text().contains(QStringLiteral("1 of 4 transfers · 8,500 bbl")));
    search->setText(QStringLiteral("  india moon ")); // vessel B, stray spaces
    QCOMPARE(table->rowCount(), 1);
    search->setText(QStringLiteral("sts-00"));
    QCOMPARE(table->rowCount(), 4);
    search->setText(QStringLiteral("no such vessel"));
    QCOMPARE(table->rowCount(), 0);
    QCOMPARE(layer->visibleCount(), size_t(0));
    QVERIFY(selectedStoreRows(w).isEmpty()); // filtered out, so no longer selected
    QVERIFY(layer->selection().empty());
    search->clear();
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(layer->visibleCount(), size_t(4));
}

void TestMapWindow::zoomToSelection()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    const double fittedZoom = w.map()->view()->viewport().zoom();
    w.eventsDock()->selectStoreRow(rowOfId(w, QStringLiteral("STS-001")));
    w.eventsDock()->selectStoreRow(rowOfId(w, QStringLiteral("STS-003")), true);
    auto *action = w.findChild<QAction *>(QStringLiteral("zoomToSelectionAction"));
    QVERIFY(action);
    action->trigger();
    const MapViewport &vp = w.map()->view()->viewport();
    QVERIFY(vp.zoom() > fittedZoom);
    QVERIFY(std::abs(vp.centerLon() - (121.7012 + 122.5) / 2) < 0.1);
    QVERIFY(std::abs(vp.centerLat() - (26.5123 + 27.88) / 2) < 0.3);
    w.findChild<QAction *>(QStringLiteral("fitToDataAction"))->trigger();
    QVERIFY(std::abs(w.map()->view()->viewport().zoom() - fittedZoom) < 1e-9);
}

void TestMapWindow::colorByMenu()
{
    MainWindow w;
    QVERIFY(loadAndWait(w, fixture()));
    auto *menu = w.findChild<QMenu *>(QStringLiteral("colorByMenu"));
    QVERIFY(menu);
    QAction *confidence = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->data().toString() == QStringLiteral("confidence"))
            confidence = a;
    }
    QVERIFY(confidence);
    confidence->trigger();
    QCOMPARE(w.map()->eventLayer()->colorBy(), QStringLiteral("confidence"));
    QCOMPARE(w.map()->options().colorBy, QStringLiteral("confidence"));
}

void TestMapWindow::largeFileIndexedInBackground()
{
    // Enough rows for the spatial index to be built off the GUI thread.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("large.csv"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray text = "event_id,start_time,latitude,longitude,vessel_a\n";
        const int n = 120000;
        for (int i = 0; i < n; ++i)
            text += QByteArray("E") + QByteArray::number(i) + ",2020-01-01T00:00:00Z,"
                + QByteArray::number(-60 + (i % 1200) * 0.1) + ","
                + QByteArray::number(-179.5 + (i / 1200) * 3.5) + ",V\n";
        QVERIFY(file.write(text) == text.size());
    }
    MainWindow w;
    QVERIFY(loadAndWait(w, path));
    QCOMPARE(w.model()->rowCount(), 120000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.map()->isIndexing(), 30000);
    QCOMPARE(w.map()->eventLayer()->visibleCount(), size_t(120000));
    w.eventsDock()->selectStoreRow(5);
    QCOMPARE(w.map()->eventLayer()->selection(), std::vector<uint32_t> {5});
}

void TestMapWindow::sampleScreenshot()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(loadAndWait(
        w,
        QStringLiteral(RENDEZVOUS_TEST_DATA "/../../resources/sample/synthetic_sts_events.csv")));
    QTRY_VERIFY(!w.map()->isIndexing());
    QCOMPARE(w.map()->eventLayer()->visibleCount(), size_t(w.model()->rowCount()));
    QVERIFY(w.model()->rowCount() > 2000);
    w.eventsDock()->selectStoreRow(0);
    // The basemap loads and renders off the GUI thread: wait for both before the picture.
    MapView *view = w.map()->view();
    QVERIFY2(Basemap::instance()->waitFor(Basemap::detailForZoom(view->viewport().zoom())),
             qPrintable(Basemap::instance()->error()));
    QTRY_VERIFY_WITH_TIMEOUT(!view->basemapCache().isRendering()
                                 && view->basemapCache().isCurrent(view->viewport()),
                             20000);
    QVERIFY(drainEvents());
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("window_sample.png")));

    // Filtered by the search box: the map and the summary strip follow the table.
    w.eventsDock()->searchBox()->setText(QStringLiteral("jade"));
    QVERIFY(w.filter()->rowCount() > 0 && w.filter()->rowCount() < w.model()->rowCount());
    QCOMPARE(w.map()->eventLayer()->visibleCount(), size_t(w.filter()->rowCount()));
    QVERIFY(drainEvents());
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("window_sample_search.png")));
}

QTEST_MAIN(TestMapWindow)
#include "tst_mapwindow.moc"

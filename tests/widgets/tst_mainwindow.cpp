#include "detailsdock.h"
#include "eventsdock.h"
#include "loadreportdialog.h"
#include "mainwindow.h"
#include "map/basemap.h"
#include "map/eventlayer.h"
#include "map/mapview.h"
#include "mapcontroller.h"
#include "transfermodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
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

namespace {
QString fixture()
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/mainwindow/events.csv");
}

QString statusText(const MainWindow &w)
{
    const auto *label = w.findChild<QLabel *>(QStringLiteral("loadStatus"));
    return label ? label->text() : QString();
}

// The store row of the event with this id (the model's rows are the store's).
int rowOfId(const MainWindow &w, const QString &id)
{
    const int column = TransferModel::columnForField(Field::Id);
    for (int r = 0; r < w.model()->rowCount(); ++r) {
        if (w.model()->index(r, column).data().toString() == id)
            return r;
    }
    return -1;
}

// Store rows selected in the table.
QList<int> selectedStoreRows(const MainWindow &w)
{
    QList<int> rows;
    const QTableView *table = w.eventsDock()->table();
    for (const QModelIndex &index : table->selectionModel()->selectedRows())
        rows.append(w.eventsDock()->proxy()->mapToSource(index).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

bool loadAndWait(MainWindow &w, const QString &path)
{
    QSignalSpy spy(&w, &MainWindow::loadFinished);
    w.openFile(path);
    if (!spy.wait(20000))
        return false;
    return spy.constFirst().constFirst().toBool();
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void loadsFile();
    void failingFileKeepsData();
    void cancelKeepsData();
    void secondOpenReplacesRunningLoad();
    void dropOpensFile();
    void destroyWhileLoading();
    void reportDialogShowsRejections();
    void reportDialogLarge();
    void reportHelpers();
    void mapShowsEvents();
    void tableSelectionHighlightsMarker();
    void clickOnMarkerSelectsRow();
    void rubberBandSelects();
    void searchFiltersTable();
    void zoomToSelection();
    void colorByMenu();
    void screenshots();
    void largeFileIndexedInBackground();
    void dockLayoutRemembered();
    void sampleScreenshot();

private:
    QTemporaryDir m_settingsDir;
};

void TestMainWindow::initTestCase()
{
    // Keep the user's own settings (recent files, geometry) out of the tests.
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestMainWindow::loadsFile()
{
    MainWindow w;
    QAbstractItemModelTester tester(w.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(w.model()->rowCount(), 0);
    QCOMPARE(statusText(w), QStringLiteral("No events loaded"));

    QSignalSpy spy(&w, &MainWindow::loadFinished);
    w.openFile(fixture());
    QVERIFY(w.isLoading());
    QVERIFY(spy.wait(20000));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toBool(), true);
    QVERIFY(!w.isLoading());

    QCOMPARE(w.model()->rowCount(), 4);
    QCOMPARE(statusText(w), QStringLiteral("4 events loaded from events.csv (1 rejected)"));
    QCOMPARE(w.report().rejections.size(), size_t(1));
    QCOMPARE(w.report().rejections.front().row, 6u);
    QVERIFY(w.windowTitle().startsWith(QStringLiteral("events.csv")));

    // The values made it through the reader and the model.
    const auto cell = [&](int row, Field f) {
        return w.model()->index(row, TransferModel::columnForField(f)).data().toString();
    };
    QCOMPARE(cell(0, Field::Id), QStringLiteral("STS-001"));
    QCOMPARE(cell(0, Field::Start), QStringLiteral("2019-02-11 04:20:00"));
    QCOMPARE(cell(0, Field::Volume), QStringLiteral("12,400"));
    QCOMPARE(cell(2, Field::Volume), QString());
    QCOMPARE(cell(3, Field::VesselAName), QStringLiteral("GOLF, HOTEL"));
    QCOMPARE(cell(3, Field::Volume), QStringLiteral("20,000.5"));
    QCOMPARE(w.model()->headerData(3, Qt::Vertical).toLongLong(), 5);

    // The table is sorted through the proxy by raw values.
    auto *table = w.findChild<QTableView *>(QStringLiteral("eventTable"));
    QVERIFY(table);
    QCOMPARE(table->model()->rowCount(), 4);
    table->sortByColumn(TransferModel::columnForField(Field::Volume), Qt::DescendingOrder);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("STS-004"));
    QCOMPARE(table->model()->index(3, 0).data().toString(), QStringLiteral("STS-003"));
    // The unknown volume stays at the bottom in both orders.
    table->sortByColumn(TransferModel::columnForField(Field::Volume), Qt::AscendingOrder);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("STS-002"));
    QCOMPARE(table->model()->index(3, 0).data().toString(), QStringLiteral("STS-003"));

    // Columns the file has no values for are hidden; time and position never are.
    QVERIFY(table->isColumnHidden(TransferModel::columnForField(Field::VesselAImo)));
    QVERIFY(table->isColumnHidden(TransferModel::columnForField(Field::Cargo)));
    QVERIFY(table->isColumnHidden(TransferModel::flagsColumn()));
    QVERIFY(!table->isColumnHidden(TransferModel::columnForField(Field::VesselAName)));
    QVERIFY(!table->isColumnHidden(TransferModel::columnForField(Field::End)));
    QVERIFY(!table->isColumnHidden(TransferModel::columnForField(Field::Volume)));
    QVERIFY(!table->isColumnHidden(TransferModel::columnForField(Field::Latitude)));

    // Remembered as a recent file.
    const QStringList recent = QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"))
                                   .value(QStringLiteral("recentFiles"))
                                   .toStringList();
    QVERIFY(!recent.isEmpty());
    QCOMPARE(recent.first(), QFileInfo(fixture()).absoluteFilePath());
}

void TestMainWindow::failingFileKeepsData()
{
    MainWindow w;
    w.show();
    QVERIFY(loadAndWait(w, fixture()));
    const auto store = w.model()->store();
    const QString status = statusText(w);

    QVERIFY(!loadAndWait(w, QStringLiteral("/nonexistent/dir/missing.csv")));
    QCOMPARE(w.model()->store().get(), store.get());
    QCOMPARE(w.model()->rowCount(), 4);
    QCOMPARE(statusText(w), status);
    QCOMPARE(w.report().file, store ? w.report().file : QString());

    // The user is told, with the file and the error, without a blocking dialog.
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("loadErrorBox"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("missing.csv")));
    QVERIFY2(box->informativeText().contains(QStringLiteral("no such file")),
             qPrintable(box->informativeText()));
    box->close();
}

void TestMainWindow::cancelKeepsData()
{
    MainWindow w;
    QVERIFY(loadAndWait(w, fixture()));
    const auto store = w.model()->store();

    QSignalSpy spy(&w, &MainWindow::loadFinished);
    w.openFile(QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/bad_rows.csv"));
    auto *progress = w.findChild<QProgressDialog *>();
    QVERIFY(progress);
    // What the user's click on Cancel does (QProgressDialog::cancel() alone does not
    // emit canceled()).
    auto *cancelButton = progress->findChild<QPushButton *>();
    QVERIFY(cancelButton);
    cancelButton->click();
    QVERIFY(spy.wait(20000));
    QCOMPARE(spy.at(0).at(0).toBool(), false);
    QCOMPARE(w.model()->store().get(), store.get());
    QVERIFY(statusText(w).endsWith(QStringLiteral("from events.csv (1 rejected)")));
    QVERIFY(!w.findChild<QMessageBox *>(QStringLiteral("loadErrorBox")));
}

void TestMainWindow::secondOpenReplacesRunningLoad()
{
    MainWindow w;
    QSignalSpy spy(&w, &MainWindow::loadFinished);
    w.openFile(QStringLiteral("/nonexistent/first.csv"));
    w.openFile(fixture());
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 20000);
    QCOMPARE(spy.at(0).at(0).toBool(), false); // cancelled, no error box
    QCOMPARE(spy.at(1).at(0).toBool(), true);
    QCOMPARE(w.model()->rowCount(), 4);
    QVERIFY(!w.findChild<QMessageBox *>(QStringLiteral("loadErrorBox")));
}

void TestMainWindow::dropOpensFile()
{
    MainWindow w;
    QSignalSpy spy(&w, &MainWindow::loadFinished);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(fixture())});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &drop);
    QVERIFY(spy.wait(20000));
    QCOMPARE(w.model()->rowCount(), 4);

    QMimeData text;
    text.setText(QStringLiteral("not a file"));
    QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QApplication::sendEvent(&w, &refused);
    QVERIFY(!refused.isAccepted());
}

void TestMainWindow::destroyWhileLoading()
{
    // A file big enough that the load is still running when the window goes away: the
    // destructor must stop the worker before the progress callbacks lose their target.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("big.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("event_id,start_time,latitude,longitude,vessel_a,vessel_b,volume_bbl\n");
    for (int i = 0; i < 200000; ++i)
        file.write(
            QStringLiteral("E%1,2019-02-11T04:20:00Z,26.5,121.7,A%1,B,100\n").arg(i).toLatin1());
    file.close();
    for (int delayMs : {0, 5, 30}) {
        auto w = std::make_unique<MainWindow>();
        w->openFile(path);
        QTest::qWait(delayMs);
        w.reset();
    }
}

void TestMainWindow::reportDialogShowsRejections()
{
    MainWindow w;
    QVERIFY(loadAndWait(w, fixture()));
    auto *button = w.findChild<QToolButton *>(QStringLiteral("reportButton"));
    QVERIFY(button);
    QVERIFY(button->text().contains(QStringLiteral("1 rejected")));
    auto *action = w.findChild<QAction *>(QStringLiteral("showReportAction"));
    QVERIFY(action && action->isEnabled());
    action->trigger();

    auto *dialog = w.findChild<LoadReportDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isModal());
    QCOMPARE(dialog->tabs()->currentIndex(), 2);
    QAbstractItemModel *rejections = dialog->rejectionsView()->model();
    QCOMPARE(rejections->rowCount(), 1);
    QCOMPARE(rejections->index(0, 0).data().toLongLong(), 6);
    QVERIFY(!rejections->index(0, 1).data().toString().isEmpty());
    QCOMPARE(rejections->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Row"));

    dialog->copyRejections();
    const QStringList lines =
        QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), QStringLiteral("row\treason"));
    QVERIFY(lines.at(1).startsWith(QStringLiteral("6\t")));
}

void TestMainWindow::reportDialogLarge()
{
    LoadReport report;
    report.file = QStringLiteral("/data/big.csv");
    report.driver = QStringLiteral("CSV (fast path)");
    constexpr uint32_t n = 100000;
    report.rejections.reserve(n);
    for (uint32_t i = 0; i < n; ++i)
        report.rejections.push_back(
            {i + 2, QStringLiteral("start: \"x%1\"\tis not a time").arg(i)});
    report.records = n + 10;
    report.loaded = 10;
    report.warnings.insert(QStringLiteral("volume has a thousands separator"), {3, 4, 5, 9, 12});

    QElapsedTimer timer;
    timer.start();
    LoadReportDialog dialog(report);
    dialog.tabs()->setCurrentIndex(2);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.rejectionsView()->model()->rowCount(), int(n));
    dialog.rejectionsView()->scrollToBottom();
    QApplication::processEvents();
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QAbstractItemModelTester tester(dialog.rejectionsView()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);

    const QString tsv = LoadReportDialog::rejectionsTsv(report);
    QCOMPARE(tsv.count(QLatin1Char('\n')), qsizetype(n + 1));
    // The tab inside a reason must not create a third column.
    QVERIFY(tsv.contains(QStringLiteral("\n2\tstart: \"x0\" is not a time\n")));
}

void TestMainWindow::reportHelpers()
{
    QCOMPARE(LoadReportDialog::rowRanges({}), QString());
    QCOMPARE(LoadReportDialog::rowRanges({7}), QStringLiteral("7"));
    QCOMPARE(LoadReportDialog::rowRanges({2, 3, 4, 5, 9, 12, 13}),
             QStringLiteral("2\u20135, 9, 12\u201313"));
    QCOMPARE(LoadReportDialog::rowRanges({1, 3, 5, 7}, 2),
             QStringLiteral("1, 3, \u2026 (+2 more)"));

    LoadReport failed;
    failed.file = QStringLiteral("/x/broken.gpkg");
    failed.error = QStringLiteral("not a GeoPackage");
    LoadReportDialog dialog(failed);
    QCOMPARE(dialog.rejectionsView()->model()->rowCount(), 0);
    QCOMPARE(dialog.tabs()->tabText(2), QStringLiteral("Rejected (0)"));
}

void TestMainWindow::mapShowsEvents()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(loadAndWait(w, fixture()));
    QTRY_VERIFY(!w.map()->isIndexing());
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

void TestMainWindow::tableSelectionHighlightsMarker()
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
    QCOMPARE(details->rowCount(), w.model()->columnCount());
    const int idColumn = TransferModel::columnForField(Field::Id);
    QCOMPARE(details->item(idColumn, 1)->text(), QStringLiteral("STS-003"));
    w.eventsDock()->table()->clearSelection();
    QVERIFY(w.map()->eventLayer()->selection().empty());
}

void TestMainWindow::clickOnMarkerSelectsRow()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(loadAndWait(w, fixture()));
    QTRY_VERIFY(!w.map()->isIndexing());
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

void TestMainWindow::rubberBandSelects()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(loadAndWait(w, fixture()));
    QTRY_VERIFY(!w.map()->isIndexing());
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

void TestMainWindow::searchFiltersTable()
{
    MainWindow w;
    QVERIFY(loadAndWait(w, fixture()));
    QLineEdit *search = w.findChild<QLineEdit *>(QStringLiteral("eventSearch"));
    QVERIFY(search);
    QAbstractItemModel *table = w.eventsDock()->table()->model();
    QCOMPARE(table->rowCount(), 4);
    search->setText(QStringLiteral("charlie")); // vessel A of STS-002, other case
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->index(0, TransferModel::columnForField(Field::Id)).data().toString(),
             QStringLiteral("STS-002"));
    search->setText(QStringLiteral("  india moon ")); // vessel B, stray spaces
    QCOMPARE(table->rowCount(), 1);
    search->setText(QStringLiteral("sts-00"));
    QCOMPARE(table->rowCount(), 4);
    search->setText(QStringLiteral("no such vessel"));
    QCOMPARE(table->rowCount(), 0);
    search->clear();
    QCOMPARE(table->rowCount(), 4);
}

void TestMainWindow::zoomToSelection()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(loadAndWait(w, fixture()));
    QTRY_VERIFY(!w.map()->isIndexing());
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

void TestMainWindow::colorByMenu()
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

void TestMainWindow::screenshots()
{
    MainWindow w;
    w.resize(1100, 560);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.grab().save(QStringLiteral("/tmp/mainwindow_empty.png")));
    QVERIFY(loadAndWait(w, fixture()));
    QTest::qWait(50); // let the view lay out its scroll bars
    QVERIFY(w.grab().save(QStringLiteral("/tmp/mainwindow.png")));

    LoadReport report = w.report();
    report.warnings.insert(QStringLiteral("end time missing: event treated as an instant"), {4});
    LoadReportDialog dialog(report);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.grab().save(QStringLiteral("/tmp/loadreportdialog.png")));
    dialog.tabs()->setCurrentIndex(2);
    QVERIFY(dialog.grab().save(QStringLiteral("/tmp/loadreportdialog_rejected.png")));
    dialog.tabs()->setCurrentIndex(1);
    QVERIFY(dialog.grab().save(QStringLiteral("/tmp/loadreportdialog_warnings.png")));
}

void TestMainWindow::largeFileIndexedInBackground()
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

void TestMainWindow::dockLayoutRemembered()
{
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.removeDockWidget(w.eventsDock());
        w.addDockWidget(Qt::LeftDockWidgetArea, w.eventsDock());
        w.eventsDock()->show();
        w.close();
    }
    MainWindow again;
    QCOMPARE(again.dockWidgetArea(again.eventsDock()), Qt::LeftDockWidgetArea);
    QCOMPARE(again.dockWidgetArea(again.detailsDock()), Qt::RightDockWidgetArea);
    // Back to the default for the tests that follow.
    again.removeDockWidget(again.eventsDock());
    again.addDockWidget(Qt::BottomDockWidgetArea, again.eventsDock());
    again.eventsDock()->show();
    again.close();
}

void TestMainWindow::sampleScreenshot()
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
    QTest::qWait(100);
    QVERIFY(w.grab().save(QStringLiteral("/tmp/window_sample.png")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

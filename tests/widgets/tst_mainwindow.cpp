#include "mainwindowtesthelpers.h"

#include "../hostileinputs.h"

#include "docks/detailsdock.h"
#include "docks/eventsdock.h"
#include "docks/loadreportdialog.h"
#include "map/basemap.h"
#include "map/eventlayer.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
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
    void screenshots();
    void dockLayoutRemembered();

private:
    QTemporaryDir m_settingsDir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
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
    QCOMPARE(statusText(w), QString()); // the summary says it
    QCOMPARE(w.windowTitle(), QStringLiteral("events.csv[*] \u2014 Rendezvous"));
    const auto *summary = w.findChild<QLabel *>(QStringLiteral("filterSummary"));
    QVERIFY(summary->text().startsWith(QStringLiteral("4 of 4 transfers")));
    QVERIFY(summary->toolTip().endsWith(QStringLiteral("4 events loaded (1 rejected)")));
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
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("filterSummary"))
                ->text()
                .startsWith(QStringLiteral("4 of 4 transfers")));
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
    // Gone at once, after the first progress report could be delivered, and later.
    for (int rounds : {0, 1, 20}) {
        auto w = std::make_unique<MainWindow>();
        w->openFile(path);
        QVERIFY(drainEvents(rounds));
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
    constexpr uint32_t n = 100000;
    LoadReport report = hostile::manyRejections(n);
    report.warnings.insert(QStringLiteral("volume has a thousands separator"), {3, 4, 5, 9, 12});

    // How fast this is shown is tests/bench/bench_edgecases' business.
    LoadReportDialog dialog(report);
    dialog.tabs()->setCurrentIndex(2);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.rejectionsView()->model()->rowCount(), int(n));
    dialog.rejectionsView()->scrollToBottom();
    QApplication::processEvents();
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

void TestMainWindow::screenshots()
{
    MainWindow w;
    w.resize(1100, 560);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("mainwindow_empty.png")));
    QVERIFY(loadAndWait(w, fixture()));
    QVERIFY(drainEvents()); // let the view lay out its scroll bars
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("mainwindow.png")));
    // The map shows a marker at each loaded event in view: there the picture changes
    // when the events layer is hidden.
    MapView *view = w.map()->view();
    const QImage shown = view->grab().toImage();
    w.map()->eventLayer()->setVisible(false);
    const QImage hidden = view->grab().toImage();
    w.map()->eventLayer()->setVisible(true);
    const auto changedNear = [&](QPoint p) {
        for (int dy = -3; dy <= 3; ++dy)
            for (int dx = -3; dx <= 3; ++dx) {
                const QPoint q = p + QPoint(dx, dy);
                if (shown.rect().contains(q) && shown.pixel(q) != hidden.pixel(q))
                    return true;
            }
        return false;
    };
    const EventStore &store = *w.model()->store();
    int inView = 0;
    for (size_t i = 0; i < store.size(); ++i) {
        const QPoint p = view->viewport().toPixel(store.lat(i), store.lon(i)).toPoint();
        if (!shown.rect().adjusted(4, 4, -4, -4).contains(p))
            continue;
        ++inView;
        QVERIFY2(changedNear(p), qPrintable(QStringLiteral("no marker for event %1").arg(i)));
    }
    QVERIFY(inView > 0);

    LoadReport report = w.report();
    report.warnings.insert(QStringLiteral("end time missing: event treated as an instant"), {4});
    LoadReportDialog dialog(report);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(saveScreenshot(dialog.grab(), QStringLiteral("loadreportdialog.png")));
    dialog.tabs()->setCurrentIndex(2);
    QVERIFY(saveScreenshot(dialog.grab(), QStringLiteral("loadreportdialog_rejected.png")));
    dialog.tabs()->setCurrentIndex(1);
    QVERIFY(saveScreenshot(dialog.grab(), QStringLiteral("loadreportdialog_warnings.png")));
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

#include "detecttesthelpers.h"
#include "mainwindowtesthelpers.h"

#include "annotations/annotationcontroller.h"
#include "detect/detectcontroller.h"
#include "detect/detectdialog.h"
#include "detect/detectscope.h"
#include "eventstore.h"
#include "investigation.h"
#include "map/mapview.h"
#include "mergedstore.h"
#include "project/projectcontroller.h"
#include "tracks/trackstore.h"
#include "webmercator.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QProgressDialog>
#include <QPushButton>
#include <QTemporaryDir>
#include <QUndoStack>

#include <atomic>
#include <thread>

#include "eventloop.h"
#include "screenshots.h"

using namespace mainwindowtest;

using namespace detecttest;

// Analysis ▸ Detect… (issue 17): the dialog, the run off the GUI thread, the "Detected"
// events replacing each other undoably, the filters as the scope, and the gaps drawn.
class TestDetect : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void dialogShowsTheRulesWithTheirDefaults();
    void scopeFromTheFilters();
    void detectedEventsReplaceEachOtherUndoably();
    void detectedEventsJoinTheEventFiles();
    void runsOffTheGuiThreadAndCancels();
    void newCaseVoidsTheUndoSteps();
    void gapDrawnDashedWithItsFigures();
    void theWindowRunsTheRealDetectors();
    void portsFileFromTheDialog();

private:
    QTemporaryDir m_settingsDir;
};

void TestDetect::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
}

void TestDetect::dialogShowsTheRulesWithTheirDefaults()
{
    DetectDialog dialog;
    const detect::Rules gfw;
    QCOMPARE(dialog.field(QStringLiteral("maxDistanceM"))->value(), 500.0);
    QCOMPARE(dialog.field(QStringLiteral("minDurationH"))->value(), 2.0);
    QCOMPARE(dialog.field(QStringLiteral("maxMedianSpeedKn"))->value(), 2.0);
    QCOMPARE(dialog.field(QStringLiteral("mergeGapH"))->value(), 4.0);
    QCOMPARE(dialog.field(QStringLiteral("minPortKm"))->value(), 10.0);
    QCOMPARE(dialog.field(QStringLiteral("anchorageMinVessels"))->value(), 20.0);
    QCOMPARE(dialog.field(QStringLiteral("loiterMinDurationH"))->value(), 4.0);
    QCOMPARE(dialog.field(QStringLiteral("loiterMinShoreNm"))->value(), 20.0);
    QCOMPARE(dialog.field(QStringLiteral("gapMinH"))->value(), 12.0);
    QCOMPARE(dialog.field(QStringLiteral("gapMinShoreNm"))->value(), 50.0);
    QCOMPARE(dialog.field(QStringLiteral("maxImpliedSpeedKn"))->value(), 50.0);
    // Every field shown reads back into the same rules.
    detect::Rules read = dialog.rules();
    QCOMPARE(read.maxDistanceM, gfw.maxDistanceM);
    QCOMPARE(read.minDurationMs, gfw.minDurationMs);
    QCOMPARE(read.mergeGapMs, gfw.mergeGapMs);
    QCOMPARE(read.maxInterpolationGapMs, gfw.maxInterpolationGapMs);
    QCOMPARE(read.anchorageMinVessels, gfw.anchorageMinVessels);
    QCOMPARE(read.loiterMinDurationMs, gfw.loiterMinDurationMs);
    QCOMPARE(read.gapMinMs, gfw.gapMinMs);
    QCOMPARE(read.excludeLand, true);
    QCOMPARE(dialog.kinds(), unsigned(detect::AllKinds));

    // Edited: the rules follow, in the rules' units; the scope given is kept.
    detect::Rules scoped;
    scoped.fromMs = kStart;
    scoped.hasBbox = true;
    scoped.west = 120;
    dialog.setRules(scoped);
    dialog.field(QStringLiteral("gapMinH"))->setValue(6.5);
    dialog.field(QStringLiteral("maxDistanceM"))->setValue(900);
    dialog.findChild<QCheckBox *>(QStringLiteral("excludeLand"))->setChecked(false);
    dialog.group(detect::LoiteringKind)->setChecked(false);
    read = dialog.rules();
    QCOMPARE(read.gapMinMs, int64_t(6.5 * 3600 * 1000));
    QCOMPARE(read.maxDistanceM, 900.0);
    QCOMPARE(read.excludeLand, false);
    QCOMPARE(read.fromMs, kStart);
    QVERIFY(read.hasBbox);
    QCOMPARE(dialog.kinds(), unsigned(detect::Encounters | detect::Gaps | detect::Identity));

    // Nothing chosen, or no tracks: Detect is off.
    QAbstractButton *ok = nullptr;
    for (QAbstractButton *b : dialog.findChild<QDialogButtonBox *>()->buttons()) {
        if (b->text() == QStringLiteral("&Detect"))
            ok = b;
    }
    QVERIFY(ok);
    QVERIFY(ok->isEnabled());
    dialog.setKinds(0);
    QVERIFY(!ok->isEnabled());
    dialog.setKinds(detect::Gaps);
    dialog.setTracksSummary(QStringLiteral("No AIS"), false);
    QVERIFY(!ok->isEnabled());
    dialog.setTracksSummary(QStringLiteral("AIS: 432 positions of 3 vessels."), true);
    QVERIFY(ok->isEnabled());

    // Restore defaults: the rules, not the scope.
    dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::RestoreDefaults)->click();
    read = dialog.rules();
    QCOMPARE(read.gapMinMs, gfw.gapMinMs);
    QCOMPARE(read.maxDistanceM, gfw.maxDistanceM);
    QCOMPARE(read.excludeLand, true);
    QCOMPARE(read.fromMs, kStart);
    QCOMPARE(dialog.kinds(), unsigned(detect::AllKinds));

    // As the window opens it: the filters' scope, the AIS summary.
    DetectDialog shown;
    shown.setScope(detectscope::describe(scoped, true));
    shown.setTracksSummary(QStringLiteral("AIS: 432 positions of 3 vessels."), true);
    shown.show();
    QVERIFY(QTest::qWaitForWindowExposed(&shown));
    QVERIFY(saveScreenshot(shown.grab(), QStringLiteral("detect_dialog.png")));
}

void TestDetect::scopeFromTheFilters()
{
    const detect::Rules none = detectscope::apply({}, std::nullopt, std::nullopt, {});
    QVERIFY(!none.hasBbox);
    QCOMPARE(none.fromMs, std::numeric_limits<int64_t>::min());
    QCOMPARE(none.toMs, std::numeric_limits<int64_t>::max());
    QVERIFY(detectscope::describe(none, false).contains(QStringLiteral("every position")));

    RowCriteria box;
    box.bbox = GeoBox {120, 25, 130, 35};
    const detect::Rules boxed = detectscope::apply({}, kStart, kStart + detect::kHourMs, box);
    QVERIFY(boxed.hasBbox);
    QCOMPARE(boxed.west, 120.0);
    QCOMPARE(boxed.north, 35.0);
    QCOMPARE(boxed.fromMs, kStart);
    QCOMPARE(boxed.toMs, kStart + detect::kHourMs);
    QCOMPARE(detectscope::describe(boxed, false),
             QStringLiteral("The filters are set: only positions from 2024-03-01 00:00 to "
                            "2024-03-01 01:00 UTC, inside 120.00°E to 130.00°E, 25.00°N to "
                            "35.00°N (the filter's box) are analysed."));

    // A polygon drawn across 180° on the wrapped map (longitudes past 180): its bounds,
    // wrapped, east < west. It takes precedence over a box (the drawn area is the area).
    RowCriteria drawn = box;
    drawn.polygon = {{170, -10}, {190, -10}, {185, 5}, {172, 3}};
    const detect::Rules pacific = detectscope::apply({}, std::nullopt, kStart, drawn);
    QVERIFY(pacific.hasBbox);
    QCOMPARE(pacific.west, 170.0);
    QCOMPARE(pacific.east, -170.0);
    QCOMPARE(pacific.south, -10.0);
    QCOMPARE(pacific.north, 5.0);
    QVERIFY(
        detectscope::describe(pacific, true).contains(QStringLiteral("until 2024-03-01 00:00")));
    QVERIFY(detectscope::describe(pacific, true).contains(QStringLiteral("drawn area")));
    // The rules other than the scope pass through.
    detect::Rules custom;
    custom.gapMinMs = 3 * detect::kHourMs;
    custom.hasBbox = true; // a stale scope is replaced
    QCOMPARE(detectscope::apply(custom, std::nullopt, std::nullopt, {}).gapMinMs,
             3 * detect::kHourMs);
    QVERIFY(!detectscope::apply(custom, std::nullopt, std::nullopt, {}).hasBbox);
}

void TestDetect::detectedEventsReplaceEachOtherUndoably()
{
    MainWindow w;
    DetectController &c = *w.detectController();
    QVERIFY(!c.detectAction()->isEnabled()); // no AIS yet
    QVERIFY(openAis(w));
    QVERIFY(c.detectAction()->isEnabled());
    int encounters = 2;
    detect::Rules seen;
    unsigned seenKinds = 0;
    c.setRunner([&](const TrackStore &, const detect::Rules &rules, unsigned kinds,
                    const detect::Control &, const QString &) {
        seen = rules;
        seenKinds = kinds;
        return result(encounters);
    });
    c.setConverter(convert);

    // The filters are the scope.
    w.filter()->setTimeWindow(kStart, kStart + 12 * detect::kHourMs);
    w.filter()->setPolygon({{124, 27}, {126, 27}, {126, 31}, {124, 31}});
    QVERIFY(detectAndWait(c, detect::Encounters | detect::Gaps));
    QCOMPARE(seenKinds, unsigned(detect::Encounters | detect::Gaps));
    QCOMPARE(seen.fromMs, kStart);
    QCOMPARE(seen.toMs, kStart + 12 * detect::kHourMs);
    QVERIFY(seen.hasBbox);
    QCOMPARE(seen.west, 124.0);
    QCOMPARE(seen.north, 31.0);
    w.filter()->setTimeWindow(std::nullopt, std::nullopt);
    w.filter()->setPolygon({});

    QVERIFY(w.investigation()->detected());
    QCOMPARE(w.model()->rowCount(), 3);
    QCOMPARE(kindCount(w, QStringLiteral("encounter")), 2);
    QCOMPARE(kindCount(w, QStringLiteral("gap")), 1);
    QCOMPARE(shownGapLines(w).size(), size_t(1));
    QVERIFY(shownGapLines(w)[0]->label.startsWith(QStringLiteral("SYNTH DARK STAR: ")));
    QUndoStack *undo = w.annotations()->undoStack();
    QCOMPARE(undo->count(), 1);
    QCOMPARE(undo->undoText(), QStringLiteral("Detect (2 encounters, 1 AIS gap)"));

    // Again, with other rules: in place of the first.
    encounters = 5;
    QVERIFY(detectAndWait(c));
    QCOMPARE(w.model()->rowCount(), 6);
    QCOMPARE(kindCount(w, QStringLiteral("encounter")), 5);
    QCOMPARE(w.investigation()->sources().size(), size_t(2)); // the AIS and one Detected

    undo->undo();
    QCOMPARE(w.model()->rowCount(), 3);
    QCOMPARE(kindCount(w, QStringLiteral("encounter")), 2);
    QCOMPARE(c.lastResult().encounters.size(), size_t(2));
    undo->undo();
    QVERIFY(!w.investigation()->detected());
    QCOMPARE(w.model()->rowCount(), 0);
    QVERIFY(shownGapLines(w).empty());
    undo->redo();
    undo->redo();
    QCOMPARE(w.model()->rowCount(), 6);
    QCOMPARE(shownGapLines(w).size(), size_t(1));
    // The events are ordinary: the category filter works on their kind.
    w.filter()->setCategoryValues(QStringLiteral("kind"), QSet<QString> {QStringLiteral("gap")});
    QCOMPARE(w.filter()->rowCount(), 1);
}

void TestDetect::detectedEventsJoinTheEventFiles()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    const int fileRows = w.model()->rowCount();
    QVERIFY(fileRows > 0);
    QVERIFY(openAis(w));
    QCOMPARE(w.model()->rowCount(), fileRows); // tracks beside the events
    DetectController &c = *w.detectController();
    c.setRunner([](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &,
                   const QString &) { return result(1); });
    c.setConverter(convert);
    QVERIFY(detectAndWait(c));
    QCOMPARE(w.model()->rowCount(), fileRows + 2);
    const EventStore &s = *w.investigation()->shown().store;
    const int source = s.extraNames().indexOf(mergedstore::kSourceFileColumn);
    QVERIFY(source >= 0);
    QCOMPARE(s.extra(source, size_t(fileRows)), QStringLiteral("Detected"));
    QCOMPARE(s.extra(source, 0), QStringLiteral("events.csv"));
    QTRY_VERIFY_WITH_TIMEOUT(!w.map()->isIndexing(), 20000);
    w.annotations()->undoStack()->undo();
    QCOMPARE(w.model()->rowCount(), fileRows);
    QVERIFY(w.investigation()->events());
}

void TestDetect::runsOffTheGuiThreadAndCancels()
{
    MainWindow w;
    QVERIFY(openAis(w));
    DetectController &c = *w.detectController();
    std::atomic<bool> running {false};
    c.setRunner([&](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &k,
                    const QString &) {
        running = true;
        k.progress(0.4);
        // Until cancelled: the GUI thread must stay free to show progress and take Cancel.
        while (!k.cancelled())
            std::this_thread::yield();
        detect::Result r = result(1);
        r.cancelled = true;
        return r;
    });
    c.setConverter(convert);
    QSignalSpy progress(&c, &DetectController::progress);
    QSignalSpy finished(&c, &DetectController::finished);
    QVERIFY(c.start(c.rulesInScope(), detect::AllKinds));
    QVERIFY(c.isRunning());
    QVERIFY(!c.detectAction()->isEnabled());
    QVERIFY(!c.start(c.rulesInScope(), detect::AllKinds)); // one at a time
    QTRY_COMPARE_WITH_TIMEOUT(progress.count(), 1, 20000);
    QCOMPARE(progress.constFirst().constFirst().toInt(), 400);
    QCOMPARE(c.progressDialog()->value(), 400);
    c.progressDialog()->findChild<QPushButton *>()->click(); // the dialog's Cancel
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.constFirst().constFirst().toBool(), false);
    QVERIFY(finished.constFirst().at(1).toString().contains(QStringLiteral("cancelled")));
    QVERIFY(!w.investigation()->detected());
    QCOMPARE(w.annotations()->undoStack()->count(), 0);
    QVERIFY(c.detectAction()->isEnabled());

    // A detector that throws: a message, nothing changed.
    c.setRunner([](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &,
                   const QString &) -> detect::Result {
        throw std::runtime_error("spatial index exhausted");
    });
    QSignalSpy failed(&c, &DetectController::finished);
    QVERIFY(c.start(c.rulesInScope(), detect::AllKinds));
    QVERIFY(failed.wait(20000));
    QVERIFY(
        failed.constFirst().at(1).toString().contains(QStringLiteral("spatial index exhausted")));
    QTRY_VERIFY_WITH_TIMEOUT(QApplication::activeModalWidget(), 20000);
    QApplication::activeModalWidget()->close();
    QVERIFY(!w.investigation()->detected());
}

void TestDetect::newCaseVoidsTheUndoSteps()
{
    MainWindow w;
    QVERIFY(openAis(w));
    DetectController &c = *w.detectController();
    c.setRunner([](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &,
                   const QString &) { return result(1); });
    c.setConverter(convert);
    QVERIFY(detectAndWait(c));
    QCOMPARE(w.model()->rowCount(), 2);
    w.investigation()->clear();
    QCOMPARE(w.model()->rowCount(), 0);
    QVERIFY(shownGapLines(w).empty());
    // Undoing the detection of the previous case must not bring its events into this one.
    QUndoStack *undo = w.annotations()->undoStack();
    if (undo->canUndo())
        undo->undo();
    if (undo->canRedo())
        undo->redo();
    QVERIFY(!w.investigation()->detected());
    QCOMPARE(w.model()->rowCount(), 0);
}

void TestDetect::gapDrawnDashedWithItsFigures()
{
    // (The drawing itself, the filters and the exports: tst_gaplines.)
    // In the window, over the tracks.
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openAis(w));
    DetectController &c = *w.detectController();
    c.setRunner([](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &,
                   const QString &) { return result(1); });
    c.setConverter(convert);
    QVERIFY(detectAndWait(c));
    MapViewport view = w.map()->view()->viewport();
    view.setCenter(29.0, 124.8);
    view.setZoom(7);
    w.map()->view()->setViewport(view);
    QTRY_VERIFY_WITH_TIMEOUT(!w.map()->isIndexing(), 20000);
    QVERIFY(drainEvents());
    QCOMPARE(shownGapLines(w).size(), size_t(1));
    QCOMPARE(shownGapLines(w)[0]->label,
             QStringLiteral("SYNTH DARK STAR: 14.2 h dark, 90.2 nm at 6.4 kn"));
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("detect_window.png")));
}

// The window's own runner and conversion (no hand-made ones): the detectors, the
// Natural Earth shore and the anchorages as `rendezvous detect` uses them. The two
// vessels 220 m apart all day in the East China Sea are an encounter, the third one's
// 14 h silence far offshore a gap.
void TestDetect::theWindowRunsTheRealDetectors()
{
    MainWindow w;
    DetectController &c = *w.detectController();
    QVERIFY(openAis(w));
    QVERIFY(detectAndWait(c));
    QVERIFY(w.investigation()->detected());
    QCOMPARE(kindCount(w, QStringLiteral("encounter")), 1);
    QCOMPARE(kindCount(w, QStringLiteral("gap")), 1);
    QCOMPARE(c.lastResult().encounters.size(), size_t(1));
    QCOMPARE(c.lastResult().gaps.size(), size_t(1));
    QCOMPARE(shownGapLines(w).size(), size_t(1));
}

// The dialog's ports file (as `--ports FILE`): Browse, a missing file said in the dialog
// naming it, the path handed to the detectors, and a file that cannot be read failing the
// detection with a message naming it.
void TestDetect::portsFileFromTheDialog()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MainWindow w;
    QVERIFY(openAis(w));
    DetectController &c = *w.detectController();
    QString seenPorts = QStringLiteral("<not run>");
    c.setRunner([&seenPorts](const TrackStore &, const detect::Rules &, unsigned,
                             const detect::Control &, const QString &ports) {
        seenPorts = ports;
        return result(1);
    });
    c.setConverter(convert);

    c.showDialog();
    QTRY_VERIFY(c.dialog());
    DetectDialog *dialog = c.dialog();
    QVERIFY(dialog->portsField() && dialog->portsBrowseButton());
    QVERIFY(dialog->portsBrowseButton()->isVisible());
    QVERIFY(dialog->portsFile().isEmpty());
    const QString missing = dir.filePath(QStringLiteral("harbours.geojson"));
    dialog->portsField()->setText(missing);
    QSignalSpy started(&c, &DetectController::started);
    dialog->accept();
    QVERIFY(dialog->isVisible()); // stays open
    QVERIFY(dialog->portsError()->isVisible());
    QCOMPARE(dialog->portsError()->text(), missing + QStringLiteral(": no such file"));
    QCOMPARE(started.count(), 0);

    // A real file: the detection runs with it, and the next dialog shows it again.
    const QString ports = dir.filePath(QStringLiteral("ports.csv"));
    {
        QFile f(ports);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("name,lat,lon\nPier,28.5,124.5\n");
    }
    dialog->portsField()->setText(ports);
    QVERIFY(!dialog->portsError()->isVisible());
    QSignalSpy finished(&c, &DetectController::finished);
    dialog->accept();
    QVERIFY(finished.wait(20000));
    QCOMPARE(seenPorts, ports);
    QCOMPARE(c.portsFile(), ports);
    c.showDialog();
    QTRY_VERIFY(c.dialog());
    QCOMPARE(c.dialog()->portsFile(), ports);
    c.dialog()->reject();

    // The window's own detectors with a file that is no ports file: the detection fails
    // and says which file.
    MainWindow real;
    QVERIFY(openAis(real));
    const QString bad = dir.filePath(QStringLiteral("bad.geojson"));
    {
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not GeoJSON");
    }
    DetectController &rc = *real.detectController();
    rc.setPortsFile(bad);
    QSignalSpy failed(&rc, &DetectController::finished);
    QVERIFY(rc.start(rc.rulesInScope(), detect::AllKinds));
    QVERIFY(failed.wait(20000));
    QCOMPARE(failed.constFirst().constFirst().toBool(), false);
    const QString message = failed.constFirst().at(1).toString();
    QVERIFY2(message.contains(bad), qPrintable(message));
    QVERIFY(!real.investigation()->detected());
    QTRY_VERIFY_WITH_TIMEOUT(QApplication::activeModalWidget(), 20000);
    QApplication::activeModalWidget()->close();

    // A row that is no port: the detection runs with the others, and says which row.
    const QString partly = dir.filePath(QStringLiteral("partly.csv"));
    {
        QFile f(partly);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("name,lat,lon\nPier,28.5,124.5\nBad,north,124\n");
    }
    rc.setPortsFile(partly);
    QSignalSpy done(&rc, &DetectController::finished);
    QVERIFY(rc.start(rc.rulesInScope(), detect::AllKinds));
    QVERIFY(done.wait(20000));
    QCOMPARE(done.constFirst().constFirst().toBool(), true);
    const QString said = done.constFirst().at(1).toString();
    QVERIFY2(said.contains(QStringLiteral("partly.csv line 3"))
                 && said.contains(QStringLiteral("(port not used)")),
             qPrintable(said));
    QVERIFY(real.investigation()->detected());
    QTRY_VERIFY_WITH_TIMEOUT(QApplication::activeModalWidget(), 20000);
    QApplication::activeModalWidget()->close();
}

QTEST_MAIN(TestDetect)
#include "tst_detect.moc"

#include "mainwindowtesthelpers.h"

#include "annotations/annotationcontroller.h"
#include "detect/detectcontroller.h"
#include "detect/detectdialog.h"
#include "detect/detectscope.h"
#include "detect/gaplayer.h"
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
#include <QPainter>
#include <QProgressDialog>
#include <QPushButton>
#include <QUndoStack>

#include <atomic>
#include <thread>

#include "eventloop.h"
#include "screenshots.h"

using namespace mainwindowtest;

namespace {
constexpr int64_t kStart = 1709251200000LL; // 2024-03-01 00:00 UTC

// Three vessels in the East China Sea, reporting every 10 minutes for a day: A and B
// side by side, C silent for 14 h in the middle (two segments).
std::shared_ptr<const TrackStore> tracks()
{
    TrackBuilder b;
    const uint16_t file = b.addFile(QStringLiteral("week.csv"));
    const auto track = [&](uint32_t vessel, double lat, double lon, int from, int to) {
        for (int i = from; i < to; ++i) {
            PositionReport r;
            r.vessel = vessel;
            r.timeMs = kStart + i * 600000LL;
            r.lat = lat + i * 0.001;
            r.lon = lon + i * 0.001;
            r.sog = 0.5f;
            r.sourceFile = file;
            r.sourceRow = uint32_t(i + 2);
            b.add(r);
        }
    };
    const uint32_t a = b.vesselByMmsi(412000001), bb = b.vesselByMmsi(412000002),
                   c = b.vesselByMmsi(413000003);
    track(a, 30.0, 125.0, 0, 144);
    track(bb, 30.002, 125.0, 0, 144);
    track(c, 28.0, 124.0, 0, 30);
    track(c, 28.5, 125.5, 114, 144);
    VesselIdentity name;
    name.name = "SYNTH DARK STAR";
    b.addIdentity(c, kStart, name);
    return b.finish();
}

Investigation::AisReader reader()
{
    return [](const QStringList &paths, const LoadOptions &, SegmentRules) {
        TrackLoadResult r;
        r.store = tracks();
        for (const QString &p : paths) {
            LoadReport report;
            report.file = p;
            report.records = report.loaded = int64_t(r.store->positionCount());
            r.reports.push_back(report);
        }
        return r;
    };
}

// What a detection of those tracks gives (hand-made: the detectors have their own tests).
detect::Result result(int encounters)
{
    detect::Result r;
    for (int i = 0; i < encounters; ++i) {
        detect::Encounter e;
        e.vesselA = 0;
        e.vesselB = 1;
        e.startMs = kStart + i * 6 * detect::kHourMs;
        e.endMs = e.startMs + 3 * detect::kHourMs;
        e.lat = 30.05;
        e.lon = 125.05;
        e.medianDistanceM = 220;
        e.medianSpeedKn = 0.5;
        r.encounters.push_back(e);
    }
    detect::Gap g;
    g.vessel = 2;
    g.startMs = kStart + 29 * 600000LL;
    g.endMs = kStart + 114 * 600000LL;
    g.lat0 = 28.029, g.lon0 = 124.029, g.lat1 = 28.614, g.lon1 = 125.614;
    g.distanceNm = 90.2;
    g.impliedSpeedKn = 6.4;
    r.gaps.push_back(g);
    return r;
}

// Result -> events with a "kind" category column (the real conversion is
// detectedevents', tested with the CLI).
std::shared_ptr<const EventStore> convert(const detect::Result &r, const TrackStore &t,
                                          const detect::Rules &)
{
    auto store = std::make_shared<EventStore>(QStringList {QStringLiteral("kind")});
    uint32_t row = 0;
    const auto add = [&](uint32_t a, uint32_t b, int64_t start, int64_t end, double lat, double lon,
                         std::string_view kind) {
        const std::string ma = std::to_string(t.mmsi(a));
        const std::string mb = b == UINT32_MAX ? std::string() : std::to_string(t.mmsi(b));
        EventStore::RowInput in;
        in.start = start;
        in.end = end;
        in.lat = lat;
        in.lon = lon;
        in.aMmsi = ma;
        in.bMmsi = mb;
        in.sourceRow = ++row;
        store->append(in, &kind);
    };
    for (const auto &e : r.encounters)
        add(e.vesselA, e.vesselB, e.startMs, e.endMs, e.lat, e.lon, "encounter");
    for (const auto &g : r.gaps)
        add(g.vessel, UINT32_MAX, g.startMs, g.endMs, (g.lat0 + g.lat1) / 2, (g.lon0 + g.lon1) / 2,
            "gap");
    return store;
}

ProjectSource aisSource()
{
    ProjectSource s;
    s.kind = ProjectSource::Kind::Ais;
    s.path = QStringLiteral("/data/week.csv");
    return s;
}

bool openAis(MainWindow &w)
{
    w.investigation()->setAisReader(reader());
    QSignalSpy finished(w.investigation(), &Investigation::loadFinished);
    w.project()->openData(aisSource());
    return finished.wait(20000) && finished.constFirst().constFirst().toBool();
}

bool detectAndWait(DetectController &c, unsigned kinds = detect::AllKinds)
{
    QSignalSpy finished(&c, &DetectController::finished);
    if (!c.start(c.rulesInScope(), kinds))
        return false;
    return finished.wait(20000) && finished.constFirst().constFirst().toBool();
}

int kindCount(const MainWindow &w, const QString &kind)
{
    const EventStore &s = *w.investigation()->shown().store;
    const int column = s.extraNames().indexOf(QStringLiteral("kind"));
    int n = 0;
    for (size_t r = 0; column >= 0 && r < s.size(); ++r)
        n += s.extra(column, r) == kind;
    return n;
}
} // namespace

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
                    const detect::Control &) {
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
    QCOMPARE(c.gapLayer()->gaps().size(), size_t(1));
    QCOMPARE(c.gapLayer()->gaps()[0].vessel, QStringLiteral("SYNTH DARK STAR"));
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
    QVERIFY(c.gapLayer()->gaps().empty());
    undo->redo();
    undo->redo();
    QCOMPARE(w.model()->rowCount(), 6);
    QCOMPARE(c.gapLayer()->gaps().size(), size_t(1));
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
    c.setRunner([](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &) {
        return result(1);
    });
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
    c.setRunner([&](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &k) {
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
    c.setRunner([](const TrackStore &, const detect::Rules &, unsigned,
                   const detect::Control &) -> detect::Result {
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
    c.setRunner([](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &) {
        return result(1);
    });
    c.setConverter(convert);
    QVERIFY(detectAndWait(c));
    QCOMPARE(w.model()->rowCount(), 2);
    w.investigation()->clear();
    QCOMPARE(w.model()->rowCount(), 0);
    QVERIFY(c.gapLayer()->gaps().empty());
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
    detect::Gap g = result(0).gaps.front();
    QCOMPARE(GapLayer::label(g), QStringLiteral("14.2 h dark, 90.2 nm at 6.4 kn"));

    // Drawn alone on white: ink along the line, broken by the dashes, and the label.
    GapLayer layer;
    layer.setGaps({{g, QStringLiteral("SYNTH DARK STAR")}});
    MapViewport viewport(28.3, 124.8, 7, QSize(600, 400));
    QImage image(600, 400, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        layer.paint(p, viewport, RenderOptions());
    }
    const QPointF a = viewport.toPixel(g.lat0, g.lon0), b = viewport.toPixel(g.lat1, g.lon1);
    // A sample is ink when a pixel next to it is (the line is diagonal and antialiased).
    const auto inkNear = [&image](QPointF p) {
        for (int dy = -1; dy <= 1; ++dy) {
            for (int dx = -1; dx <= 1; ++dx) {
                const QColor c = image.pixelColor(p.toPoint() + QPoint(dx, dy));
                if (c.red() > 100 && c.green() < 80 && c.blue() < 120)
                    return true;
            }
        }
        return false;
    };
    int ink = 0, paper = 0;
    for (double t = 0.1; t <= 0.4; t += 0.002) // clear of the ends and the label
        (inkNear(a + (b - a) * t) ? ink : paper)++;
    QVERIFY2(ink > 20, qPrintable(QString::number(ink)));
    QVERIFY2(paper > 10, qPrintable(QString::number(paper))); // dashed, not solid
    QVERIFY(saveScreenshot(image, QStringLiteral("detect_gaplayer.png")));

    // Across 180°: the short way (a line of a few pixels, not across the world).
    detect::Gap pacific = g;
    pacific.lat0 = 0, pacific.lon0 = 179.5, pacific.lat1 = 0, pacific.lon1 = -179.5;
    layer.setGaps({{pacific, QString()}});
    MapViewport dateline(0, 180, 6, QSize(600, 400));
    image.fill(Qt::white);
    {
        QPainter p(&image);
        layer.paint(p, dateline, RenderOptions());
    }
    const QColor far = image.pixelColor(QPoint(10, 200));
    QCOMPARE(far, QColor(Qt::white));
    const QPointF mid = dateline.toPixel(0, 180);
    bool inked = false;
    for (int dx = -40; dx <= 40 && !inked; ++dx) {
        const QColor c = image.pixelColor((mid + QPointF(dx, 0)).toPoint());
        inked = c.red() > 100 && c.green() < 80;
    }
    QVERIFY(inked);

    // In the window, over the tracks.
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openAis(w));
    DetectController &c = *w.detectController();
    c.setRunner([](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &) {
        return result(1);
    });
    c.setConverter(convert);
    QVERIFY(detectAndWait(c));
    MapViewport view = w.map()->view()->viewport();
    view.setCenter(29.0, 124.8);
    view.setZoom(7);
    w.map()->view()->setViewport(view);
    QTRY_VERIFY_WITH_TIMEOUT(!w.map()->isIndexing(), 20000);
    QVERIFY(drainEvents());
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
    QCOMPARE(c.gapLayer()->gaps().size(), size_t(1));
}

QTEST_MAIN(TestDetect)
#include "tst_detect.moc"

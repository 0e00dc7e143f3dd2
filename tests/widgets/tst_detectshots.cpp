#include "detecttesthelpers.h"
#include "mainwindowtesthelpers.h"

#include "docks/vesselsdock.h"
#include "map/basemap.h"
#include "map/basemapcache.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/tracklayer.h"
#include "vessels/vesseltablemodel.h"

#include <QTableView>
#include <QtTest>

#include "eventloop.h"
#include "screenshots.h"

using namespace detecttest;
using namespace mainwindowtest;

namespace {
// The map's background rendered for its view (it is scaled from the previous view's
// until the view has settled), so that the picture shows the coast as it will look.
bool settled(MainWindow &w)
{
    MapView *view = w.map()->view();
    view->update();
    const bool current = QTest::qWaitFor(
        [view] {
            return view->basemapCache().isCurrent(view->viewport())
                && !view->basemapCache().isRendering();
        },
        20000);
    return current && drainEvents();
}
} // namespace

// Issue 17 end to end in the window, on a real AIS file (tests/data/detect/
// synthetic_ais_detect.csv, MarineCadastre columns) with the window's own readers,
// detectors, shore and conversion: the tankers' 5-hour meeting is an encounter (the fast
// passer is not), the dark star's 14 h silence a gap drawn with its label, and the
// carrier's bad IMO a badge in the Vessels dock. With RENDEZVOUS_SCREENSHOTS set, the
// window is saved as it looks (detect_encounters.png, detect_gap.png, detect_badge.png).
class TestDetectShots : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void detectionOnARealFile();

private:
    QTemporaryDir m_settingsDir;
};

void TestDetectShots::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
}

void TestDetectShots::detectionOnARealFile()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy loaded(w.investigation(), &Investigation::loadFinished);
    w.project()->openData(
        aisSource(QStringLiteral(RENDEZVOUS_TEST_DATA "/detect/synthetic_ais_detect.csv")));
    QVERIFY(loaded.wait(20000));
    QVERIFY(loaded.constFirst().constFirst().toBool());
    QVERIFY(w.investigation()->tracks());
    DetectController &c = *w.detectController();
    QVERIFY(detectAndWait(c));
    QCOMPARE(c.lastResult().encounters.size(), size_t(1));
    QCOMPARE(c.lastResult().gaps.size(), size_t(1));
    QCOMPARE(kindCount(w, QStringLiteral("encounter")), 1);
    QCOMPARE(kindCount(w, QStringLiteral("gap")), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!w.map()->isIndexing(), 20000);
    QCOMPARE(shownGapLines(w).size(), size_t(1));
    const QString label = shownGapLines(w).front()->label;
    QVERIFY2(label.startsWith(QStringLiteral("SYNTH DARK STAR: 14.2 h dark, ")), qPrintable(label));

    // The coast drawn at the detail of these views (it loads in the background).
    QVERIFY(Basemap::instance()->waitFor(Basemap::Detail::High));

    // The encounters on the map, coloured by kind.
    w.map()->setColorBy(QStringLiteral("kind"));
    MapViewport view = w.map()->view()->viewport();
    view.setCenter(28.9, 124.9);
    view.setZoom(7.3);
    w.map()->view()->setViewport(view);
    QVERIFY(settled(w));
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("detect_encounters.png")));

    // The gap's line and label, closer.
    view.setCenter(28.3, 124.85);
    view.setZoom(8.2);
    w.map()->view()->setViewport(view);
    QVERIFY(settled(w));
    QImage map = w.map()->view()->grab().toImage();
    QVERIFY(inkPixels(map) > 100);
    // Its label beside the line, clear of it and of the legends over the map.
    const MapViewport shown = w.map()->view()->viewport();
    const GapLineLayer *gaps = w.map()->layers()->events()->gapLayer();
    const QRectF labelBox = gaps->labelRect(*shownGapLines(w).front(), shown);
    QVERIFY(QRectF(QPointF(0, 0), QSizeF(shown.size())).contains(labelBox));
    QVERIFY(!labelBox.intersects(w.map()->layers()->events()->legendRect(shown)));
    QVERIFY(!labelBox.intersects(w.map()->layers()->tracks()->legendRect(shown)));
    const GapLine &line = *shownGapLines(w).front();
    const QPointF a = shown.toPixel(line.lat0, line.lon0), b = shown.toPixel(line.lat1, line.lon1);
    for (int i = 0; i <= 32; ++i)
        QVERIFY(!labelBox.contains(a + (b - a) * (i / 32.0)));
    QVERIFY(saveScreenshot(map, QStringLiteral("detect_gap.png")));

    // The carrier's bad IMO as a badge in the Vessels dock.
    VesselsDock *vessels = w.vesselsDock();
    vessels->raise();
    QVERIFY(settled(w));
    const VesselTableModel *model = vessels->model();
    QStringList badges;
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, VesselTableModel::Name).data().toString()
            == QLatin1String("SYNTH CARRIER B"))
            badges = model->index(r, VesselTableModel::Anomalies)
                         .data(VesselTableModel::BadgesRole)
                         .toStringList();
    }
    QVERIFY2(badges.contains(QStringLiteral("Bad IMO")), qPrintable(badges.join(u',')));
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("detect_badge.png")));
}

QTEST_MAIN(TestDetectShots)
#include "tst_detectshots.moc"

#include "mainwindowtesthelpers.h"
#include "projecttesthelpers.h"

#include "docks/detailsdock.h"
#include "docks/eventsdock.h"
#include "docks/loadreportdialog.h"
#include "docks/vesselsdock.h"
#include "investigation.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/tracklayer.h"
#include "mapui/mapcontroller.h"
#include "mapui/trackscontroller.h"
#include "mapui/trackview.h"
#include "project/projectcontroller.h"
#include "tracks/trackstore.h"
#include "vessels/vesseltablemodel.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "eventloop.h"
#include "screenshots.h"

using namespace mainwindowtest;

namespace {
QString hubFile()
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/vessels/hub.csv");
}

// Tracks for hub.csv's vessels: the hub (by MMSI), XRAY (by the IMO it broadcasts
// under another MMSI), and a vessel no event names. Positions every 10 minutes around
// the events' days; the reader is injected (the real one has its own tests).
std::shared_ptr<const TrackStore> hubTracks()
{
    TrackBuilder b;
    const uint16_t file = b.addFile(QStringLiteral("week.csv"));
    const auto track = [&](uint32_t vessel, int64_t from, int n) {
        for (int i = 0; i < n; ++i) {
            PositionReport r;
            r.vessel = vessel;
            r.timeMs = from + i * 600000LL;
            r.lat = 25 + i * 0.01;
            r.lon = 120 + i * 0.01;
            r.sog = 10;
            r.sourceFile = file;
            r.sourceRow = uint32_t(i + 2);
            b.add(r);
        }
    };
    const int64_t jan1 = 1546300800000LL, feb1 = 1548979200000LL;
    const uint32_t hub = b.vesselByMmsi(100000001);
    track(hub, jan1, 100);
    VesselIdentity old;
    old.name = "SYNTH HUB STAR";
    old.imo = "9100000";
    b.addIdentity(hub, jan1, old);
    VesselIdentity renamed = old;
    renamed.name = "SYNTH HUB STAR II";
    b.addIdentity(hub, jan1 + 50 * 600000LL, renamed);
    const uint32_t xray = b.vesselByMmsi(300000099);
    track(xray, feb1, 50);
    VesselIdentity x;
    x.imo = "9200000";
    x.name = "SYNTH XRAY";
    x.shipType = 80;
    b.addIdentity(xray, feb1, x);
    track(b.vesselByMmsi(538000001), jan1, 20);
    return b.finish();
}

Investigation::AisReader hubReader()
{
    return [](const QStringList &paths, const LoadOptions &, SegmentRules) {
        TrackLoadResult r;
        r.store = hubTracks();
        for (const QString &p : paths) {
            LoadReport report;
            report.file = p;
            report.records = 171;
            report.loaded = 170;
            report.rejections.push_back({7, QStringLiteral("bad MMSI (not 9 digits): 2000080")});
            r.reports.push_back(report);
        }
        return r;
    };
}

ProjectSource aisSource(const QString &path)
{
    ProjectSource s;
    s.kind = ProjectSource::Kind::Ais;
    s.path = path;
    return s;
}

bool openAis(MainWindow &w, const ProjectSource &source)
{
    QSignalSpy finished(w.investigation(), &Investigation::loadFinished);
    w.project()->openData(source);
    return finished.wait(20000) && finished.constFirst().constFirst().toBool();
}

struct RecordingTrackView : TrackView
{
    std::shared_ptr<const TrackStore> tracks;
    std::vector<uint32_t> highlighted;
    std::optional<std::tuple<std::vector<uint32_t>, int64_t, int64_t>> focus;
    void setTracks(std::shared_ptr<const TrackStore> t) override { tracks = std::move(t); }
    void setHighlightedVessels(const std::vector<uint32_t> &v) override { highlighted = v; }
    void setFocus(const std::vector<uint32_t> &v, int64_t from, int64_t to) override
    {
        focus = std::make_tuple(v, from, to);
    }
    void clearFocus() override { focus.reset(); }
};
} // namespace

// Issue 16 in the window: AIS joins the case beside its events, its report, the Vessels
// dock with tracks, the selection shared with the map's tracks, and projects.
class TestAisWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void aisJoinsTheCaseBesideTheEvents();
    void selectionSharedWithTracks();
    void theMapDrawsTheCaseTracks();
    void projectKeepsTheAisSource();

private:
    QTemporaryDir m_settingsDir;
};

void TestAisWindow::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
}

void TestAisWindow::aisJoinsTheCaseBesideTheEvents()
{
    MainWindow w;
    w.investigation()->setAisReader(hubReader());
    RecordingTrackView view;
    w.tracksController()->setTrackView(&view);
    QVERIFY(showAndLoad(w, hubFile()));
    QVERIFY(openAis(w, aisSource(QStringLiteral("/data/week.csv"))));
    // The events stay; the tracks reach the map and the dock.
    QCOMPARE(w.filter()->rowCount(), 19);
    QCOMPARE(w.currentSource().path, hubFile());
    QVERIFY(view.tracks);
    QCOMPARE(view.tracks.get(), w.investigation()->tracks().get());
    VesselsDock *dock = w.vesselsDock();
    dock->raise();
    QTRY_COMPARE(dock->model()->rowCount(), 14); // 13 event vessels and one more
    const VesselRow &hub = dock->model()->vessel(dock->model()->rowOfKey("I:9100000"));
    QCOMPARE(hub.positions, int64_t(100));
    QCOMPARE(hub.events, int64_t(10));
    const VesselRow &xray = dock->model()->vessel(dock->model()->rowOfKey("I:9200000"));
    QCOMPARE(xray.positions, int64_t(50)); // matched by IMO under another MMSI
    QVERIFY(dock->model()->rowOfKey("A:538000001") >= 0);
    // Said in the status bar, with the report one menu away.
    QVERIFY2(w.statusBar()->currentMessage().startsWith(
                 QStringLiteral("AIS: 170 positions of 171 records, 3 vessels, 1 rejected")),
             qPrintable(w.statusBar()->currentMessage()));
    auto *reportAction = w.findChild<QAction *>(QStringLiteral("showAisReportAction"));
    QVERIFY(reportAction && reportAction->isEnabled());
    reportAction->trigger();
    auto *dialog = w.findChild<LoadReportDialog *>(QStringLiteral("aisReportDialog"));
    QVERIFY(dialog);
    QCOMPARE(dialog->report().rejections.size(), size_t(1));
    QCOMPARE(dialog->report().records, int64_t(171));
    dialog->close();
    w.tracksController()->setTrackView(nullptr);
}

// The window's own map is the tracks' view: the case's tracks reach its tracks layer, a
// click on a track selects the vessel, and an event selected focuses its two vessels.
void TestAisWindow::theMapDrawsTheCaseTracks()
{
    MainWindow w;
    w.resize(1200, 800);
    w.investigation()->setAisReader(hubReader());
    QVERIFY(showAndLoad(w, hubFile()));
    QSignalSpy shown(w.map(), &MapController::tracksShown);
    QVERIFY(openAis(w, aisSource(QStringLiteral("/data/week.csv"))));
    QTRY_VERIFY(w.map()->layers()->tracks()->store() == w.investigation()->tracks().get());
    QVERIFY(w.investigation()->tracks());
    const auto tracks = w.investigation()->tracks();
    const auto hubTrack = uint32_t(tracks->findMmsi(100000001));
    emit w.map()->trackVesselClicked(hubTrack);
    VesselsDock *dock = w.vesselsDock();
    QTRY_COMPARE(dock->selectedVessels().size(), size_t(1));
    QCOMPARE(dock->model()->vessel(dock->selectedVessels().front()).key, std::string("I:9100000"));
    QVERIFY(drainEvents());
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("window_tracks.png")));
}

void TestAisWindow::selectionSharedWithTracks()
{
    MainWindow w;
    w.investigation()->setAisReader(hubReader());
    RecordingTrackView view;
    w.tracksController()->setTrackView(&view);
    QVERIFY(showAndLoad(w, hubFile()));
    QVERIFY(openAis(w, aisSource(QStringLiteral("/data/week.csv"))));
    VesselsDock *dock = w.vesselsDock();
    dock->raise();
    QTRY_COMPARE(dock->model()->rowCount(), 14);
    const auto tracks = w.investigation()->tracks();
    const auto hubTrack = uint32_t(tracks->findMmsi(100000001));
    const auto xrayTrack = uint32_t(tracks->findMmsi(300000099));

    // A track clicked: its vessel selected in the dock, its events in the table, its
    // track highlighted, and the vessel with its identity history in Details.
    w.tracksController()->trackClicked(hubTrack);
    QCOMPARE(dock->selectedVessels().size(), size_t(1));
    QCOMPARE(dock->model()->vessel(dock->selectedVessels().front()).key, std::string("I:9100000"));
    QTRY_COMPARE(selectedStoreRows(w).size(), 10);
    QCOMPARE(view.highlighted, std::vector<uint32_t>({hubTrack}));
    QCOMPARE(w.detailsDock()->vesselKey(), std::string("I:9100000"));
    QVERIFY(!w.detailsDock()
                 ->table()
                 ->findItems(QStringLiteral("SYNTH HUB STAR II · IMO 9100000"), Qt::MatchExactly)
                 .isEmpty());
    QVERIFY(!w.detailsDock()
                 ->table()
                 ->findItems(QStringLiteral("SYNTH HUB STAR · IMO 9100000"), Qt::MatchExactly)
                 .isEmpty());
    drainEvents();
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("vessels_dock_tracks.png")));
    w.detailsDock()->resize(420, 520);
    QVERIFY(saveScreenshot(w.detailsDock()->grab(), QStringLiteral("details_vessel.png")));

    // An event: both vessels' tracks, from 24 h before to 24 h after it.
    const int x1 = rowOfId(w, QStringLiteral("X-1"));
    w.eventsDock()->selectStoreRow(x1);
    QVERIFY(view.focus);
    QCOMPARE(std::get<0>(*view.focus), std::vector<uint32_t>({xrayTrack}));
    QCOMPARE(std::get<1>(*view.focus), w.model()->store()->start(size_t(x1)) - 24 * 3600000LL);
    QCOMPARE(std::get<2>(*view.focus), w.model()->store()->end(size_t(x1)) + 24 * 3600000LL);
    // An event of the hub and a partner AIS did not see: the hub's track alone.
    w.eventsDock()->selectStoreRow(rowOfId(w, QStringLiteral("H-01")));
    QVERIFY(view.focus);
    QCOMPARE(std::get<0>(*view.focus), std::vector<uint32_t>({hubTrack}));
    w.tracksController()->setTrackView(nullptr);
}

void TestAisWindow::projectKeepsTheAisSource()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString project = dir.filePath(QStringLiteral("case.rvz"));
    ProjectSource week = aisSource(dir.filePath(QStringLiteral("mon.csv")));
    week.morePaths = {dir.filePath(QStringLiteral("tue.csv"))};
    for (const QString &path : week.paths()) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    {
        MainWindow w;
        w.investigation()->setAisReader(hubReader());
        QVERIFY(showAndLoad(w, hubFile()));
        QVERIFY(openAis(w, week));
        QTRY_VERIFY(w.project()->isModified());
        QVERIFY(w.project()->saveAs(project));
    }
    MainWindow w;
    auto seen = std::make_shared<QStringList>();
    w.investigation()->setAisReader(
        [seen](const QStringList &paths, const LoadOptions &o, SegmentRules r) {
            *seen = paths;
            return hubReader()(paths, o, r);
        });
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(projecttest::openAndWait(w, project));
    QCOMPARE(w.currentSource().path, hubFile());
    QVERIFY(w.investigation()->ais());
    QCOMPARE(w.investigation()->ais()->origin, week);
    QCOMPARE(*seen, week.paths());
    w.vesselsDock()->raise();
    QTRY_COMPARE(w.vesselsDock()->model()->rowCount(), 14);
    QVERIFY(!w.project()->isModified());
}

QTEST_MAIN(TestAisWindow)
#include "tst_aiswindow.moc"

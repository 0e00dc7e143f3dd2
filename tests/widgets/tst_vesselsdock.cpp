#include "mainwindowtesthelpers.h"

#include "docks/detailsdock.h"
#include "docks/eventsdock.h"
#include "docks/vesselsdock.h"
#include "map/mapview.h"
#include "mapui/trackscontroller.h"
#include "mapui/trackview.h"
#include "network/networkdock.h"
#include "timeline/timelinedock.h"
#include "timewindow.h"
#include "vessels/vesseltablemodel.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include "eventloop.h"
#include "screenshots.h"

using namespace mainwindowtest;

namespace {
QString hubFile()
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/vessels/hub.csv");
}

// The table as shown: one column's display text, top to bottom.
QStringList column(const VesselsDock *dock, int c)
{
    QStringList out;
    const QAbstractItemModel *m = dock->table()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, c).data().toString();
    return out;
}

int64_t utc(int y, int mo, int d, int h = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

// Records what the controller asks of the map's tracks layer.
struct RecordingTrackView : TrackView
{
    std::shared_ptr<const TrackStore> tracks;
    std::vector<uint32_t> highlighted;
    std::optional<std::tuple<std::vector<uint32_t>, int64_t, int64_t>> focus;
    int cleared = 0;
    void setTracks(std::shared_ptr<const TrackStore> t) override { tracks = std::move(t); }
    void setHighlightedVessels(const std::vector<uint32_t> &v) override { highlighted = v; }
    void setFocus(const std::vector<uint32_t> &v, int64_t from, int64_t to) override
    {
        focus = std::make_tuple(v, from, to);
    }
    void clearFocus() override
    {
        focus.reset();
        ++cleared;
    }
};
} // namespace

// Issue 16, the Vessels dock: one row per vessel of the filtered events (and tracks),
// numeric sorting, its own search, following the filters, and the selection shared
// with the events table, the map's tracks and Details.
class TestVesselsDock : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void registeredLikeTheOtherDocks();
    void sortsNumericallyAndSearches();
    void followsTheFilters();
    void vesselSelectsItsEvents();
    void eventFocusesItsVessels();
    void anomalyBadgesAndFilter();

private:
    QTemporaryDir m_settingsDir;
};

void TestVesselsDock::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
}

void TestVesselsDock::registeredLikeTheOtherDocks()
{
    MainWindow w;
    VesselsDock *dock = w.vesselsDock();
    QVERIFY(dock);
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // One tab away from the events table, which stays in front (the Network dock, issue
    // 19, is the third tab).
    QCOMPARE(w.tabifiedDockWidgets(dock),
             QList<QDockWidget *>({w.eventsDock(), (QDockWidget *)w.networkDock()}));
    QVERIFY(!w.eventsDock()->visibleRegion().isEmpty());
    // restoreState() finds docks by object name; the View menu toggles it.
    QCOMPARE(dock->objectName(), QStringLiteral("vesselsDock"));
    bool inViewMenu = false;
    for (QAction *menu : w.menuBar()->actions()) {
        if (menu->text() == QStringLiteral("&View") && menu->menu())
            inViewMenu = menu->menu()->actions().contains(dock->toggleViewAction());
    }
    QVERIFY(inViewMenu);
    QCOMPARE(w.dockWidgetArea(dock), Qt::BottomDockWidgetArea);
    const QByteArray state = w.saveState();
    dock->hide();
    QVERIFY(w.restoreState(state));
    QVERIFY(!dock->isHidden());
}

void TestVesselsDock::sortsNumericallyAndSearches()
{
    MainWindow w;
    QVERIFY(showAndLoad(w, hubFile()));
    VesselsDock *dock = w.vesselsDock();
    // Behind the events table it costs nothing (no recount on every timeline step)...
    QVERIFY(drainEvents());
    QCOMPARE(dock->model()->rowCount(), 0);
    // ...and catches up when shown.
    dock->raise();
    QTRY_COMPARE(dock->model()->rowCount(), 13); // the hub, its ten partners, the pair
    QCOMPARE(dock->countLabel()->text(), QStringLiteral("13 vessels"));

    // Most partners first (the dock's default order): GFW's question answered.
    QCOMPARE(column(dock, VesselTableModel::Name).first(), QStringLiteral("SYNTH HUB STAR"));
    QCOMPARE(column(dock, VesselTableModel::Partners).first(), QStringLiteral("10"));
    // Events descending: 10 before 9 (as text, "9" would come first).
    dock->table()->sortByColumn(VesselTableModel::Events, Qt::DescendingOrder);
    QCOMPARE(column(dock, VesselTableModel::Events).mid(0, 4), QStringList({"10", "9", "9", "1"}));
    dock->table()->sortByColumn(VesselTableModel::Barrels, Qt::DescendingOrder);
    QCOMPARE(column(dock, VesselTableModel::Barrels).mid(0, 3),
             QStringList({"55,000", "10,000", "9,000"}));
    const QStringList hub = {QStringLiteral("100000001"), QStringLiteral("9100000"),
                             QStringLiteral("SYNTH HUB STAR"), QStringLiteral("Cameroon")};
    for (int c = 0; c < 4; ++c)
        QCOMPARE(dock->table()->model()->index(0, c).data().toString(), hub.at(c));

    // The dock's search: identity columns only, and the events stay as they are.
    dock->searchBox()->setText(QStringLiteral("yankee"));
    QCOMPARE(column(dock, VesselTableModel::Name), QStringList({"SYNTH YANKEE"}));
    QCOMPARE(dock->countLabel()->text(), QStringLiteral("1 of 13 vessels"));
    QCOMPARE(w.filter()->rowCount(), 19);
    dock->searchBox()->setText(QStringLiteral("9200000"));
    QCOMPARE(column(dock, VesselTableModel::Name), QStringList({"SYNTH XRAY"}));
    dock->searchBox()->setText(QStringLiteral("55,000")); // a figure, not an identity
    QCOMPARE(dock->table()->model()->rowCount(), 0);
    dock->searchBox()->clear();
    QCOMPARE(dock->table()->model()->rowCount(), 13);

    dock->table()->sortByColumn(VesselTableModel::Partners, Qt::DescendingOrder);
    dock->table()->selectRow(0);
    drainEvents();
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("vessels_dock_events.png")));
}

void TestVesselsDock::followsTheFilters()
{
    MainWindow w;
    QVERIFY(showAndLoad(w, hubFile()));
    VesselsDock *dock = w.vesselsDock();
    dock->raise();
    QTRY_COMPARE(dock->model()->rowCount(), 13);
    // January only: the February pair leaves, the hub's figures stay.
    w.timeWindow()->setRange(utc(2019, 1, 1), utc(2019, 1, 31));
    QTRY_COMPARE(dock->model()->rowCount(), 11);
    // The events' search narrows the vessels too (it is the window's filter).
    w.timeWindow()->setRange(utc(2019, 1, 1), utc(2019, 1, 5, 23));
    QTRY_COMPARE(dock->model()->rowCount(), 6);
    const int hub = dock->model()->rowOfKey("I:9100000");
    QVERIFY(hub >= 0);
    QCOMPARE(dock->model()->vessel(hub).events, int64_t(5));
    QCOMPARE(dock->model()->vessel(hub).partners, int64_t(5));
    QCOMPARE(dock->model()->vessel(hub).barrels, 15000.0);
    w.timeWindow()->setRange(utc(2019, 1, 1), utc(2019, 3, 1));
    QTRY_COMPARE(dock->model()->rowCount(), 13);
    w.eventsDock()->searchBox()->setText(QStringLiteral("xray"));
    QTRY_COMPARE(dock->model()->rowCount(), 2);
    // A vessel still there keeps its selection through a filter change.
    dock->selectVessel(dock->model()->rowOfKey("I:9200000"));
    w.eventsDock()->searchBox()->setText(QStringLiteral("SYNTH"));
    QTRY_COMPARE(dock->model()->rowCount(), 13);
    QCOMPARE(dock->selectedVessels().size(), size_t(1));
    QCOMPARE(dock->model()->vessel(dock->selectedVessels().front()).key, std::string("I:9200000"));
}

void TestVesselsDock::vesselSelectsItsEvents()
{
    MainWindow w;
    QVERIFY(showAndLoad(w, hubFile()));
    RecordingTrackView view;
    w.tracksController()->setTrackView(&view);
    VesselsDock *dock = w.vesselsDock();
    dock->raise();
    QTRY_COMPARE(dock->model()->rowCount(), 13);
    dock->selectVessel(dock->model()->rowOfKey("I:9100000"));
    // Its ten events selected in the table, so the map highlights them.
    QTRY_COMPARE(selectedStoreRows(w).size(), 10);
    for (int r : selectedStoreRows(w))
        QVERIFY(w.model()->index(r, 0).data().toString().startsWith(QStringLiteral("H-")));
    QCOMPARE(w.detailsDock()->vesselKey(), std::string("I:9100000"));
    QVERIFY(!w.detailsDock()
                 ->table()
                 ->findItems(QStringLiteral("SYNTH HUB STAR"), Qt::MatchExactly)
                 .isEmpty());
    QVERIFY(view.highlighted.empty()); // no tracks loaded: nothing to highlight
    // Another vessel: the selection follows, not adds.
    dock->selectVessel(dock->model()->rowOfKey("I:9300000"));
    QTRY_COMPARE(selectedStoreRows(w).size(), 9);
    // An event chosen in the table does not select vessels back (no echo).
    w.eventsDock()->selectStoreRow(rowOfId(w, QStringLiteral("H-03")));
    QCOMPARE(selectedStoreRows(w), QList<int>({rowOfId(w, QStringLiteral("H-03"))}));
    w.tracksController()->setTrackView(nullptr);
}

void TestVesselsDock::eventFocusesItsVessels()
{
    MainWindow w;
    QVERIFY(showAndLoad(w, hubFile()));
    RecordingTrackView view;
    w.tracksController()->setTrackView(&view);
    // Without tracks, an event has no vessel track to focus on: every track stays.
    const int before = view.cleared;
    w.eventsDock()->selectStoreRow(rowOfId(w, QStringLiteral("H-02")));
    QCOMPARE(view.cleared, before + 1);
    // The dock, behind the events table, counted its vessels for the question.
    QCOMPARE(w.vesselsDock()->model()->rowCount(), 13);
    QVERIFY(!view.focus);
    w.tracksController()->setTrackView(nullptr);
}

// Issue 17: identity anomalies as badges in the dock, a filter keeping the vessels that
// have any, and the list in Details.
void TestVesselsDock::anomalyBadgesAndFilter()
{
    MainWindow w;
    QVERIFY(showAndLoad(w, QStringLiteral(RENDEZVOUS_TEST_DATA "/vessels/anomalies.csv")));
    VesselsDock *dock = w.vesselsDock();
    dock->raise();
    QTRY_COMPARE(dock->model()->rowCount(), 6);
    const auto badgesOf = [dock](const char *key) {
        const int row = dock->model()->rowOfKey(key);
        return row < 0 ? QStringLiteral("(no row)")
                       : dock->model()->index(row, VesselTableModel::Anomalies).data().toString();
    };
    QCOMPARE(badgesOf("A:538000005"), QString());
    QCOMPARE(badgesOf("A:636012347"), QStringLiteral("Flag"));
    // The flag column's word is the flag shown (not marked as derived from the MMSI).
    const VesselRow &flagged = dock->model()->vessel(dock->model()->rowOfKey("A:636012347"));
    QCOMPARE(flagged.flag, QStringLiteral("PA"));
    QVERIFY(!flagged.flagDerived);
    QCOMPARE(badgesOf("A:200123456"), QStringLiteral("MID"));
    QCOMPARE(badgesOf("A:538000001"), QStringLiteral("Bad IMO"));
    QCOMPARE(badgesOf("A:538000002"), QStringLiteral("Name \u00b7 IMO"));
    QCOMPARE(badgesOf("A:538000003"), QStringLiteral("2 places"));

    // The filter keeps the five with anomalies, and says so; the search still narrows.
    dock->anomaliesOnly()->setChecked(true);
    QCOMPARE(dock->proxy()->rowCount(), 5);
    QCOMPARE(dock->countLabel()->text(), QStringLiteral("5 of 6 vessels"));
    dock->searchBox()->setText(QStringLiteral("twin"));
    QCOMPARE(dock->proxy()->rowCount(), 1);
    dock->searchBox()->setText(QStringLiteral("clean"));
    QCOMPARE(dock->proxy()->rowCount(), 0);
    dock->searchBox()->clear();
    // Sorted by their number, most first.
    dock->table()->sortByColumn(VesselTableModel::Anomalies, Qt::DescendingOrder);
    QCOMPARE(column(dock, VesselTableModel::Mmsi).first(), QStringLiteral("538000002"));

    // Details lists them with why and when.
    dock->selectVessel(dock->model()->rowOfKey("A:538000003"));
    QTRY_COMPARE(w.detailsDock()->vesselKey(), std::string("A:538000003"));
    QTableWidget *details = w.detailsDock()->table();
    QVERIFY(
        !details->findItems(QStringLiteral("Identity anomalies (1)"), Qt::MatchExactly).isEmpty());
    const auto twoPlaces =
        details->findItems(QStringLiteral("Two places at once"), Qt::MatchExactly);
    QCOMPARE(twoPlaces.size(), 1);
    const QString why = details->item(twoPlaces.first()->row(), 1)->text();
    QVERIFY2(why.contains(QStringLiteral("another transmitter with this MMSI"))
                 && why.contains(QStringLiteral("2024-03-01 01:00:00 UTC")),
             qPrintable(why));
    w.resize(1400, 800);
    QVERIFY(drainEvents());
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("vessels-anomalies.png")));
    dock->selectVessel(dock->model()->rowOfKey("A:538000002"));
    QTRY_COMPARE(w.detailsDock()->vesselKey(), std::string("A:538000002"));
    QVERIFY(drainEvents());
    QVERIFY(saveScreenshot(dock->grab(), QStringLiteral("vessels-anomalies-dock.png")));
    QVERIFY(saveScreenshot(w.detailsDock()->grab(), QStringLiteral("details-anomalies.png")));
    // Unticked: every vessel again.
    dock->anomaliesOnly()->setChecked(false);
    QCOMPARE(dock->proxy()->rowCount(), 6);
}

QTEST_MAIN(TestVesselsDock)
#include "tst_vesselsdock.moc"

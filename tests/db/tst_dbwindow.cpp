#include "../widgets/screenshots.h"
#include "db/dbwindowcontroller.h"
#include "eventstore.h"
#include "investigation.h"
#include "io/eventreader.h"
#include "pgtesthelpers.h"
#include "project.h"
#include "timeline/timelinedock.h"
#include "timeline/timelineview.h"
#include "timewindow.h"
#include "transferfilter.h"
#include "window/mainwindow.h"

#include <QDateTime>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

// A database-backed window: the sample loaded with `rendezvous convert` into the test
// server and opened in the window; the time window and the search become queries whose
// rows are what the views show, and the timeline counts the whole table on the server.
class TestDbWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void windowQueriesTheServer();

private:
    std::unique_ptr<PgConnection> m_admin;
    std::shared_ptr<const EventStore> m_file;
};

void TestDbWindow::initTestCase()
{
    PGTEST_REQUIRE_SERVER(admin);
    m_admin = std::move(admin);
    QVERIFY(m_admin->exec(QStringLiteral("DROP TABLE IF EXISTS window_sample")));
    const QString sample =
        QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
    QProcess convert;
    convert.start(QStringLiteral(RENDEZVOUS_BINARY),
                  {QStringLiteral("convert"), sample, QStringLiteral("-o"), pgtest::pgSource(),
                   QStringLiteral("--layer"), QStringLiteral("window_sample")});
    QVERIFY(convert.waitForFinished(300000));
    QVERIFY2(convert.exitCode() == 0, convert.readAllStandardError().constData());
    m_file = EventReader::load(sample).store;
    QVERIFY(m_file);
}

void TestDbWindow::windowQueriesTheServer()
{
    MainWindow w;
    w.resize(1280, 820);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *controller = w.findChild<DbWindowController *>();
    QVERIFY(controller);
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    ProjectSource source;
    source.path = pgtest::pgSource();
    source.layer = QStringLiteral("window_sample");
    w.investigation()->openEvents(source);
    QVERIFY(loaded.wait(60000));
    QVERIFY(loaded.constFirst().constFirst().toBool());
    QTRY_VERIFY_WITH_TIMEOUT(controller->isActive() && controller->runner()->shownHistogram()
                                 && !controller->runner()->isBusy(),
                             60000);
    // The small sample is read whole at first.
    QCOMPARE(qint64(w.filter()->store()->size()), qint64(m_file->size()));

    // A time window: the server's rows for it are all the views get.
    const int64_t from = QDateTime(QDate(2021, 3, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const int64_t to = QDateTime(QDate(2021, 5, 31), QTime(23, 59), Qt::UTC).toMSecsSinceEpoch();
    EventFilter filter;
    filter.from = from;
    filter.to = to;
    const size_t expected = filter.apply(*m_file).size();
    QVERIFY(expected > 10);
    w.timeWindow()->setRange(from, to);
    QTRY_VERIFY_WITH_TIMEOUT(
        !controller->runner()->isBusy() && w.filter()->store()->size() == expected, 60000);
    QCOMPARE(size_t(w.filter()->rowCount()), expected);

    // A search on top: still the server's rows.
    filter.text = QStringLiteral("ruby");
    const size_t searched = filter.apply(*m_file).size();
    QVERIFY(searched > 0 && searched < expected);
    RowCriteria criteria = w.filter()->criteria();
    criteria.text = QStringLiteral("ruby");
    w.filter()->setCriteria(criteria);
    QTRY_VERIFY_WITH_TIMEOUT(
        !controller->runner()->isBusy() && w.filter()->store()->size() == searched, 60000);
    QCOMPARE(size_t(w.filter()->rowCount()), searched);

    // The timeline counts the whole table (every criterion but time) on the server.
    const TimelineView *timeline = w.timelineDock()->view();
    EventFilter allTime;
    allTime.text = QStringLiteral("ruby");
    const size_t allSearched = allTime.apply(*m_file).size();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            int64_t sum = 0;
            for (int64_t t : timeline->histogram().totals)
                sum += t;
            return size_t(sum) == allSearched;
        }(),
        60000);
    QVERIFY(allSearched > searched);
    criteria.text.clear();
    w.filter()->setCriteria(criteria);
    QTRY_VERIFY_WITH_TIMEOUT(
        !controller->runner()->isBusy() && w.filter()->store()->size() == expected, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            int64_t sum = 0;
            for (int64_t t : timeline->histogram().totals)
                sum += t;
            return size_t(sum) == m_file->size();
        }(),
        60000);
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("database-backed-window.png")));
}

QTEST_MAIN(TestDbWindow)
#include "tst_dbwindow.moc"

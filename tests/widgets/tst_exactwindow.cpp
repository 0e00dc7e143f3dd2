#include "mainwindowtesthelpers.h"

#include "eventfilter.h"
#include "map/mapview.h"
#include "summary.h"
#include "timeline/timelinebins.h"
#include "timeline/timelinedock.h"
#include "timeline/timelineview.h"
#include "timewindow.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPainter>
#include <QTest>
#include <QTimeZone>

#include "screenshots.h"

using namespace mainwindowtest;

// Issue 15, "Exact windows": full dates typed over the From/To fields, ISO intervals
// pasted, the brush snapped to the unit the axis shows (Shift for free dragging), and
// the summary naming the window apart from the events' extent.
namespace {
QString sample()
{
    return QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
}

int64_t utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

// Selects the whole field (as a triple click or Ctrl+A does) and types over it.
void typeOver(TimeField *field, const QString &text)
{
    field->setFocus();
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(field, text);
    QTest::keyClick(field, Qt::Key_Return);
}

void pasteOver(TimeField *field, const QString &text)
{
    QApplication::clipboard()->setText(text);
    field->setFocus();
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(field, Qt::Key_V, Qt::ControlModifier);
}

// A drag as the hand makes it, the modifiers held on every move (QTest::mouseMove
// sends none).
void drag(QWidget *w, QPoint from, QPoint to, Qt::KeyboardModifiers mods = {})
{
    QTest::mousePress(w, Qt::LeftButton, mods, from);
    for (int i = 1; i <= 4; ++i) {
        const QPoint p = from + (to - from) * i / 4;
        QMouseEvent move(QEvent::MouseMove, p, w->mapToGlobal(p), Qt::NoButton, Qt::LeftButton,
                         mods);
        QApplication::sendEvent(w, &move);
    }
    QTest::mouseRelease(w, Qt::LeftButton, mods, to);
}

QString minutes(const TimeField *f)
{
    return f->dateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}
} // namespace

class TestExactWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void snapStepFollowsAxis();
    void typedOverWholeField_data();
    void typedOverWholeField();
    void pastedIntervalSetsBothEnds();
    void unreadableTextIsRefused();
    void dragSnapsToDaysAtMonthZoom();
    void dragSnapsToHoursAtDayZoom();
    void shiftDragsFreely();
    void summaryShowsWindowAndExtent();

private:
    QTemporaryDir m_settingsDir;
    MainWindow *m_window = nullptr;
    TimelineView *m_view = nullptr;
    TimeWindow *m_time = nullptr;
};

void TestExactWindow::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
}

void TestExactWindow::init()
{
    m_window = new MainWindow;
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(loadAndWait(*m_window, sample()));
    m_time = m_window->timeWindow();
    m_view = m_window->timelineDock()->view();
    QVERIFY(m_view->plotRect().width() > 600);
}

void TestExactWindow::cleanup()
{
    delete m_window;
    m_window = nullptr;
}

void TestExactWindow::snapStepFollowsAxis()
{
    using timeline::Step;
    using timeline::Unit;
    QCOMPARE(timeline::snapStepFor({Unit::Month, 1}), (Step {Unit::Day, 1}));
    QCOMPARE(timeline::snapStepFor({Unit::Week, 1}), (Step {Unit::Day, 1}));
    QCOMPARE(timeline::snapStepFor({Unit::Day, 1}), (Step {Unit::Hour, 1}));
    QCOMPARE(timeline::snapStepFor({Unit::Hour, 6}), (Step {Unit::Hour, 1}));
    QCOMPARE(timeline::snapStepFor({Unit::Hour, 1}), (Step {Unit::Minute, 15}));
    QCOMPARE(timeline::snapStepFor({Unit::Year, 1}), (Step {Unit::Month, 1}));
    // At month zoom the view snaps to days; at day zoom to hours.
    m_view->setVisibleSpan(utc("2017-12-20T00:00:00Z"), utc("2018-06-10T00:00:00Z"));
    QCOMPARE(m_view->snapStep().unit, Unit::Day);
    m_view->setVisibleSpan(utc("2018-03-01T00:00:00Z"), utc("2018-03-08T00:00:00Z"));
    QCOMPARE(m_view->snapStep().unit, Unit::Hour);
}

void TestExactWindow::typedOverWholeField_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    // What the issue typed over the whole From field got 2017-01-01.
    QTest::newRow("date and time")
        << QStringLiteral("2018-01-01 00:00") << QStringLiteral("2018-01-01 00:00")
        << QStringLiteral("2018-05-30 23:59");
    QTest::newRow("date") << QStringLiteral("2018-01-01") << QStringLiteral("2018-01-01 00:00")
                          << QStringLiteral("2018-05-30 23:59");
    QTest::newRow("iso") << QStringLiteral("2018-01-01T06:30Z")
                         << QStringLiteral("2018-01-01 06:30")
                         << QStringLiteral("2018-05-30 23:59");
    QTest::newRow("other minute") << QStringLiteral("2018-02-03 04:05")
                                  << QStringLiteral("2018-02-03 04:05")
                                  << QStringLiteral("2018-05-30 23:59");
}

void TestExactWindow::typedOverWholeField()
{
    QFETCH(QString, typed);
    QFETCH(QString, from);
    QFETCH(QString, to);
    TimelineDock *dock = m_window->timelineDock();
    m_time->setRange(utc("2017-06-01T00:00:00Z"), utc("2018-05-31T00:00:00Z") - 1);
    typeOver(dock->fromField(), typed);
    QCOMPARE(minutes(dock->fromField()), from);
    QCOMPARE(minutes(dock->toField()), to);
    QDateTime expected = QDateTime::fromString(from, QStringLiteral("yyyy-MM-dd HH:mm"));
    expected.setTimeZone(QTimeZone::utc());
    QCOMPARE(m_time->from(), expected.toMSecsSinceEpoch());
    QCOMPARE(m_time->to(), utc("2018-05-31T00:00:00Z") - 1);

    // Over the whole To field: a date alone is the whole day.
    typeOver(dock->toField(), QStringLiteral("2018-04-15"));
    QCOMPARE(m_time->to(), utc("2018-04-16T00:00:00Z") - 1);
    QCOMPARE(minutes(dock->toField()), QStringLiteral("2018-04-15 23:59"));
}

void TestExactWindow::pastedIntervalSetsBothEnds()
{
    TimelineDock *dock = m_window->timelineDock();
    QString error;
    // Into either field: both ends, the end date its whole day (as --to takes it).
    for (TimeField *field : {dock->fromField(), dock->toField()}) {
        m_time->clearRange();
        pasteOver(field, QStringLiteral("2018-01-01/2018-05-30"));
        QVERIFY(m_time->hasRange());
        QCOMPARE(m_time->from(), utc("2018-01-01T00:00:00Z"));
        QCOMPARE(m_time->to(), utc("2018-05-31T00:00:00Z") - 1);
        QCOMPARE(m_window->filter()->to(),
                 EventFilter::parseBound(QStringLiteral("2018-05-30"), true, &error));
        QCOMPARE(minutes(dock->fromField()), QStringLiteral("2018-01-01 00:00"));
        QCOMPARE(minutes(dock->toField()), QStringLiteral("2018-05-30 23:59"));
    }
    // Typed in full, with times and the zone.
    typeOver(dock->toField(), QStringLiteral("2018-02-01T06:00Z/2018-03-01T18:30Z"));
    QCOMPARE(m_time->from(), utc("2018-02-01T06:00:00Z"));
    QCOMPARE(m_time->to(), utc("2018-03-01T18:30:00Z"));
    // A single date pasted into From keeps To as the field shows it (to the end of its
    // minute, as every edit of the fields does).
    pasteOver(dock->fromField(), QStringLiteral("2018-01-15"));
    QCOMPARE(m_time->from(), utc("2018-01-15T00:00:00Z"));
    QCOMPARE(m_time->to(), utc("2018-03-01T18:31:00Z") - 1);
}

void TestExactWindow::unreadableTextIsRefused()
{
    TimelineDock *dock = m_window->timelineDock();
    m_time->setRange(utc("2018-01-01T00:00:00Z"), utc("2018-05-31T00:00:00Z") - 1);
    typeOver(dock->fromField(), QStringLiteral("2018-13-45"));
    // Nothing changed, and the field shows the window again, not the typing.
    QCOMPARE(m_time->from(), utc("2018-01-01T00:00:00Z"));
    QCOMPARE(dock->fromField()->text(), QStringLiteral("2018-01-01 00:00"));
    pasteOver(dock->toField(), QStringLiteral("next tuesday"));
    QCOMPARE(m_time->to(), utc("2018-05-31T00:00:00Z") - 1);
}

void TestExactWindow::dragSnapsToDaysAtMonthZoom()
{
    // The careful drag from 1 Jan to 30 May: wherever in those days the
    // pointer is, the window is the whole days.
    m_view->setVisibleSpan(utc("2017-12-20T00:00:00Z"), utc("2018-06-10T00:00:00Z"));
    QCOMPARE(m_view->snapStep().unit, timeline::Unit::Day);
    const int y = m_view->plotRect().center().y();
    const auto x = [this](const char *iso) { return int(std::lround(m_view->xOf(utc(iso)))); };
    // Pixels whose whole width lies inside the day, so the test does not hang on rounding.
    for (const auto &[a, b] : {std::pair {"2018-01-01T08:00:00Z", "2018-05-30T08:00:00Z"},
                               std::pair {"2018-01-01T16:00:00Z", "2018-05-30T16:00:00Z"}}) {
        m_time->clearRange();
        drag(m_view, QPoint(x(a), y), QPoint(x(b), y));
        QCOMPARE(m_time->from(), utc("2018-01-01T00:00:00Z"));
        QCOMPARE(m_time->to(), utc("2018-05-31T00:00:00Z") - 1);
        // Right to left: the same days.
        m_time->clearRange();
        drag(m_view, QPoint(x(b), y), QPoint(x(a), y));
        QCOMPARE(m_time->from(), utc("2018-01-01T00:00:00Z"));
        QCOMPARE(m_time->to(), utc("2018-05-31T00:00:00Z") - 1);
    }
    QCOMPARE(m_window->timelineDock()->toField()->text(), QStringLiteral("2018-05-30 23:59"));

    // Resizing the end to 20 April ends with that day; moving keeps whole days.
    const int x1 = int(std::lround(m_view->xOf(m_time->to())));
    drag(m_view, QPoint(x1 - 2, y), QPoint(x("2018-04-20T12:00:00Z"), y));
    QCOMPARE(m_time->to(), utc("2018-04-21T00:00:00Z") - 1);
    const int x0 = int(std::lround(m_view->xOf(m_time->from())));
    drag(m_view, QPoint(x0 + 2, y), QPoint(x("2018-01-10T12:00:00Z"), y));
    QCOMPARE(m_time->from(), utc("2018-01-10T00:00:00Z"));
    const int mid = int(std::lround((m_view->xOf(m_time->from()) + m_view->xOf(m_time->to())) / 2));
    drag(m_view, QPoint(mid, y), QPoint(mid + 37, y));
    QCOMPARE(m_time->from() % TimeWindow::kDay, 0);
    QCOMPARE((m_time->to() + 1) % TimeWindow::kDay, 0);
    QCOMPARE(m_time->to() + 1 - m_time->from(),
             utc("2018-04-21T00:00:00Z") - utc("2018-01-10T00:00:00Z"));
    QVERIFY(m_time->from() > utc("2018-01-10T00:00:00Z"));

    // What it looks like: the snapped brush and the fields above it.
    m_time->setRange(utc("2018-01-01T00:00:00Z"), utc("2018-05-31T00:00:00Z") - 1);
    QApplication::processEvents();
    QVERIFY(
        saveScreenshot(m_window->timelineDock()->grab(), QStringLiteral("timeline_snapped.png")));
}

void TestExactWindow::dragSnapsToHoursAtDayZoom()
{
    m_view->setVisibleSpan(utc("2018-03-01T00:00:00Z"), utc("2018-03-08T00:00:00Z"));
    QCOMPARE(m_view->snapStep(), (timeline::Step {timeline::Unit::Hour, 1}));
    const int y = m_view->plotRect().center().y();
    const auto x = [this](const char *iso) { return int(std::lround(m_view->xOf(utc(iso)))); };
    drag(m_view, QPoint(x("2018-03-02T06:20:00Z"), y), QPoint(x("2018-03-05T17:40:00Z"), y));
    QCOMPARE(m_time->from(), utc("2018-03-02T06:00:00Z"));
    QCOMPARE(m_time->to(), utc("2018-03-05T18:00:00Z") - 1);
}

void TestExactWindow::shiftDragsFreely()
{
    m_view->setVisibleSpan(utc("2017-12-20T00:00:00Z"), utc("2018-06-10T00:00:00Z"));
    const int y = m_view->plotRect().center().y();
    const auto x = [this](const char *iso) { return int(std::lround(m_view->xOf(utc(iso)))); };
    const QPoint a(x("2018-01-01T08:00:00Z"), y), b(x("2018-05-30T08:00:00Z"), y);
    drag(m_view, a, b, Qt::ShiftModifier);
    // To the minute under the pointer: not a day boundary.
    QCOMPARE(m_time->from(), TimelineView::nearestMinute(m_view->timeAt(a.x())));
    QCOMPARE(m_time->to(), TimelineView::nearestMinute(m_view->timeAt(b.x())) - 1);
    QVERIFY(m_time->from() % TimeWindow::kDay != 0);
}

void TestExactWindow::summaryShowsWindowAndExtent()
{
    TimelineDock *dock = m_window->timelineDock();
    pasteOver(dock->fromField(), QStringLiteral("2018-01-01/2018-05-30"));
    const auto *label = m_window->findChild<QLabel *>(QStringLiteral("filterSummary"));
    QVERIFY(label);
    const auto &store = *m_window->filter()->store();
    EventFilter f;
    f.from = m_time->from();
    f.to = m_time->to();
    const std::vector<uint32_t> rows = f.apply(store);
    Summary expected = Summary::compute(store, rows);
    QVERIFY(expected.events > 0);
    // The window as asked, then the events' own extent (an event overlapping the window's
    // start began before it).
    QVERIFY2(label->text().contains(QStringLiteral("window 1 Jan – 30 May 2018")),
             qPrintable(label->text()));
    QVERIFY2(label->text().contains(
                 QStringLiteral("events %1")
                     .arg(Summary::formatPeriod(expected.first, expected.last, false))),
             qPrintable(label->text()));
    // The figures of `rendezvous info --from 2018-01-01 --to 2018-05-30`.
    expected.windowFrom = f.from;
    expected.windowTo = f.to;
    QCOMPARE(label->text(), expected.text());
}

QTEST_MAIN(TestExactWindow)
#include "tst_exactwindow.moc"

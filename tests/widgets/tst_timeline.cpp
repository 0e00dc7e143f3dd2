#include "mainwindowtesthelpers.h"

#include "eventfilter.h"
#include "map/eventlayer.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
#include "summary.h"
#include "timeline/timelinebins.h"
#include "timeline/timelinedock.h"
#include "timeline/timelineview.h"
#include "timewindow.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateTime>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

#include "screenshots.h"

using namespace mainwindowtest;

namespace {
QString sample()
{
    return QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
}

int64_t utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

// Where a dragged brush edge goes: the start of the axis unit under the pointer, the
// end of it (days at month zoom, hours at day zoom; tst_exactwindow has the cases).
int64_t snapStart(const TimelineView *view, int64_t t)
{
    return timeline::floorTo(t, view->snapStep());
}

int64_t snapEnd(const TimelineView *view, int64_t t)
{
    return timeline::nextBoundary(t, view->snapStep());
}

int64_t snapNearest(const TimelineView *view, int64_t t)
{
    const int64_t down = snapStart(view, t), up = snapEnd(view, t);
    return t - down < up - t ? down : up;
}

// Types into a date field as a user does: the year section selected, then the digits
// (QDateTimeEdit moves to the next section when one is full), then Enter.
void typeInto(TimeField *field, const QString &text)
{
    field->setFocus();
    field->setSelectedSection(QDateTimeEdit::YearSection);
    QTest::keyClicks(field, text);
    QTest::keyClick(field, Qt::Key_Return);
}

// Pastes free text (a date alone is allowed) and presses Enter.
void pasteInto(TimeField *field, const QString &text)
{
    auto *edit = field->findChild<QLineEdit *>();
    QVERIFY(edit);
    field->setFocus();
    edit->setText(text);
    QTest::keyClick(field, Qt::Key_Return);
}
} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void histogramMatchesBruteForce();
    void brushStepOnlyRepaints();
    void dragCreatesRange();
    void dragEdgeResizes();
    void dragMiddleMoves();
    void doubleClickAndEscClear();
    void wheelZoomsAndAxisPans();
    void typedDatesSetRange();
    void playbackAdvancesByStep();
    void summaryFollowsBrush();
    void modelTesterWhileWindowMoves();
    void markerFollowsCurrentEvent();
    void screenshots();

private:
    QTemporaryDir m_settingsDir;
    MainWindow *m_window = nullptr;
    TimelineView *m_view = nullptr;
    TimeWindow *m_time = nullptr;
};

void TestTimeline::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
}

void TestTimeline::init()
{
    m_window = new MainWindow;
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(loadAndWait(*m_window, sample()));
    m_time = m_window->timeWindow();
    m_view = m_window->timelineDock()->view();
    QVERIFY(m_view->isVisible());
    QVERIFY(m_view->plotRect().width() > 300);
}

void TestTimeline::cleanup()
{
    delete m_window;
    m_window = nullptr;
}

void TestTimeline::histogramMatchesBruteForce()
{
    const auto &store = *m_window->filter()->store();
    QCOMPARE(m_time->dataFirst(), m_window->filter()->timeIndex().first());
    m_window->eventsDock()->searchBox()->setText(QStringLiteral("SYNTH A"));
    m_window->filter()->setText(QStringLiteral("SYNTH A"));
    m_time->setRange(utc("2021-01-01T00:00:00Z"), utc("2021-06-30T23:59:59Z"));
    EventFilter text;
    text.text = QStringLiteral("SYNTH A");
    const std::vector<uint32_t> matching = text.apply(store);
    QVERIFY(matching.size() > 50 && matching.size() < store.size());
    const CategorySlots &colors = m_window->map()->eventLayer()->categories();
    QCOMPARE(colors.rowSlots().size(), store.size());

    // Whole data, then about a year, then about a week.
    const int64_t first = m_time->dataFirst();
    for (int64_t span : {int64_t(0), 400 * TimeWindow::kDay, 8 * TimeWindow::kDay}) {
        if (span > 0)
            m_view->setVisibleSpan(utc("2021-03-01T00:00:00Z") - span / 2,
                                   utc("2021-03-01T00:00:00Z") + span / 2);
        const TimelineHistogram &h = m_view->histogram();
        QVERIFY(h.bins() >= 20);
        QVERIFY(h.bins() <= 200);
        std::vector<int64_t> expected(h.counts.size(), 0);
        int64_t outside = 0;
        for (uint32_t r : matching) {
            const int64_t s = store.start(r);
            for (int b = 0; b < h.bins(); ++b) {
                if (s >= h.edges[size_t(b)] && s < h.edges[size_t(b) + 1]) {
                    ++expected[size_t(b) * TimelineHistogram::kSlots + colors.slot(r)];
                    outside += s < m_time->from() || s > m_time->to();
                }
            }
        }
        QCOMPARE(h.counts, expected);
        // The tool tip of the fullest bin tells its count.
        const int full = int(std::max_element(h.totals.begin(), h.totals.end()) - h.totals.begin());
        const double x =
            (m_view->xOf(h.edges[size_t(full)]) + m_view->xOf(h.edges[size_t(full) + 1])) / 2;
        QVERIFY2(m_view->toolTipAt(x).contains(
                     QStringLiteral("<br>%1 event").arg(Summary::formatCount(h.maxTotal))),
                 qPrintable(m_view->toolTipAt(x)));
        if (span == 0)
            QVERIFY2(outside > 0, "bins count the events outside the window too");
    }
    QVERIFY(first < utc("2021-01-01T00:00:00Z"));
}

void TestTimeline::brushStepOnlyRepaints()
{
    const int before = m_view->recountCount();
    for (int i = 0; i < 5; ++i)
        m_time->setRange(utc("2020-01-01T00:00:00Z") + i * TimeWindow::kDay,
                         utc("2020-03-01T00:00:00Z") + i * TimeWindow::kDay);
    QVERIFY(m_time->stepForward());
    QCOMPARE(m_view->recountCount(), before);
    m_window->filter()->setText(QStringLiteral("SYNTH B"));
    QCOMPARE(m_view->recountCount(), before + 1);
    m_window->map()->setColorBy(QStringLiteral("confidence"));
    QCOMPARE(m_view->recountCount(), before + 2);
    QCOMPARE(m_view->histogram().count(0, 0) >= 0, true);
}

void TestTimeline::dragCreatesRange()
{
    const QRect plot = m_view->plotRect();
    const QPoint a(plot.left() + 100, plot.center().y()), b(plot.left() + 300, plot.center().y());
    QTest::mousePress(m_view, Qt::LeftButton, {}, a);
    QTest::mouseMove(m_view, QPoint(a.x() + 50, a.y()));
    QTest::mouseMove(m_view, b);
    QTest::mouseRelease(m_view, Qt::LeftButton, {}, b);
    QVERIFY(m_time->hasRange());
    QCOMPARE(m_time->from(), snapStart(m_view, m_view->timeAt(a.x())));
    QCOMPARE(m_time->to(), snapEnd(m_view, m_view->timeAt(b.x())) - 1);
    QCOMPARE(m_window->filter()->from(), m_time->fromBound());
    QCOMPARE(m_window->filter()->to(), m_time->toBound());

    // Right to left gives the same range.
    m_time->clearRange();
    QTest::mousePress(m_view, Qt::LeftButton, {}, b);
    QTest::mouseMove(m_view, a);
    QTest::mouseRelease(m_view, Qt::LeftButton, {}, a);
    QCOMPARE(m_time->from(), snapStart(m_view, m_view->timeAt(a.x())));
    QCOMPARE(m_time->to(), snapEnd(m_view, m_view->timeAt(b.x())) - 1);
}

void TestTimeline::dragEdgeResizes()
{
    const int64_t from = utc("2020-01-01T00:00:00Z"), to = utc("2020-12-31T23:59:59Z");
    m_time->setRange(from, to);
    const int y = m_view->plotRect().center().y();
    const int x0 = int(std::lround(m_view->xOf(from))), x1 = int(std::lround(m_view->xOf(to)));
    QVERIFY(x1 - x0 > 40);
    // The start edge, to the left: the end stays.
    QTest::mousePress(m_view, Qt::LeftButton, {}, QPoint(x0 + 2, y));
    QTest::mouseMove(m_view, QPoint(x0 - 30, y));
    QTest::mouseRelease(m_view, Qt::LeftButton, {}, QPoint(x0 - 30, y));
    QCOMPARE(m_time->from(), snapStart(m_view, m_view->timeAt(x0 - 30)));
    QCOMPARE(m_time->to(), to);
    // The end edge, to the right: the start stays.
    const int64_t newFrom = m_time->from();
    QTest::mousePress(m_view, Qt::LeftButton, {}, QPoint(x1 - 2, y));
    QTest::mouseMove(m_view, QPoint(x1 + 40, y));
    QTest::mouseRelease(m_view, Qt::LeftButton, {}, QPoint(x1 + 40, y));
    QCOMPARE(m_time->from(), newFrom);
    QCOMPARE(m_time->to(), snapEnd(m_view, m_view->timeAt(x1 + 40)) - 1);
}

void TestTimeline::dragMiddleMoves()
{
    const int64_t from = utc("2020-01-01T00:00:00Z"), to = utc("2020-12-31T23:59:59Z");
    m_time->setRange(from, to);
    const int y = m_view->plotRect().center().y();
    const int mid = int(std::lround((m_view->xOf(from) + m_view->xOf(to)) / 2));
    QTest::mousePress(m_view, Qt::LeftButton, {}, QPoint(mid, y));
    QTest::mouseMove(m_view, QPoint(mid + 60, y));
    QTest::mouseRelease(m_view, Qt::LeftButton, {}, QPoint(mid + 60, y));
    const int64_t delta =
        snapNearest(m_view, from + m_view->timeAt(mid + 60) - m_view->timeAt(mid)) - from;
    QVERIFY(delta > 10 * TimeWindow::kDay);
    QCOMPARE(m_time->from(), from + delta);
    QCOMPARE(m_time->to(), to + delta);
}

void TestTimeline::doubleClickAndEscClear()
{
    m_time->setRange(utc("2020-01-01T00:00:00Z"), utc("2020-06-01T00:00:00Z"));
    QTest::mouseDClick(m_view, Qt::LeftButton, {}, m_view->plotRect().center());
    QVERIFY(!m_time->hasRange());
    QVERIFY(!m_window->filter()->from());
    m_time->setRange(utc("2020-01-01T00:00:00Z"), utc("2020-06-01T00:00:00Z"));
    m_view->setFocus();
    QTest::keyClick(m_view, Qt::Key_Escape);
    QVERIFY(!m_time->hasRange());
    m_time->setRange(utc("2020-01-01T00:00:00Z"), utc("2020-06-01T00:00:00Z"));
    QTest::mouseClick(m_window->findChild<QToolButton *>(QStringLiteral("timelineClear")),
                      Qt::LeftButton);
    QVERIFY(!m_time->hasRange());
}

void TestTimeline::wheelZoomsAndAxisPans()
{
    const int64_t span = m_view->viewTo() - m_view->viewFrom();
    const QPoint at(m_view->plotRect().left() + m_view->plotRect().width() / 4,
                    m_view->plotRect().center().y());
    const int64_t under = m_view->timeAt(at.x());
    QWheelEvent wheel(at, m_view->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(m_view, &wheel);
    const int64_t zoomed = m_view->viewTo() - m_view->viewFrom();
    QVERIFY(zoomed < span * 7 / 10);
    QVERIFY(std::abs(m_view->timeAt(at.x()) - under) < zoomed / 100); // about the cursor

    const QPoint axis = m_view->axisRect().center();
    const int64_t before = m_view->viewFrom();
    QTest::mousePress(m_view, Qt::LeftButton, {}, axis);
    QTest::mouseMove(m_view, axis + QPoint(100, 0));
    QTest::mouseRelease(m_view, Qt::LeftButton, {}, axis + QPoint(100, 0));
    QVERIFY(m_view->viewFrom() < before); // dragged right: earlier times come in
    QCOMPARE(m_view->viewTo() - m_view->viewFrom(), zoomed);
    QVERIFY(!m_time->hasRange()); // panning is not brushing
}

void TestTimeline::typedDatesSetRange()
{
    TimelineDock *dock = m_window->timelineDock();
    typeInto(dock->fromField(), QStringLiteral("201801010000"));
    pasteInto(dock->toField(), QStringLiteral("2018-05-30"));
    QVERIFY(m_time->hasRange());
    QCOMPARE(m_time->from(), utc("2018-01-01T00:00:00Z"));
    // A date alone ends at the end of its day, like the CLI's --to.
    QCOMPARE(m_time->to(), utc("2018-05-31T00:00:00Z") - 1);
    QCOMPARE(dock->toField()->dateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
             QStringLiteral("2018-05-30 23:59"));
    QString error;
    QCOMPARE(m_window->filter()->to(),
             EventFilter::parseBound(QStringLiteral("2018-05-30"), true, &error));

    typeInto(dock->toField(), QStringLiteral("201805301230"));
    QCOMPARE(m_time->to(), utc("2018-05-30T12:31:00Z") - 1);

    // Typed with separators, as dates are written.
    typeInto(dock->fromField(), QStringLiteral("2018-03-04 05:06"));
    QCOMPARE(m_time->from(), utc("2018-03-04T05:06:00Z"));
    typeInto(dock->toField(), QStringLiteral("2018-5-30 7:08"));
    QCOMPARE(dock->toField()->text(), QStringLiteral("2018-05-30 07:08"));

    // The date sections alone, typed: the start of the from day, the end of the to day.
    m_time->setRange(utc("2018-01-01T07:45:00Z"), utc("2018-05-30T12:30:59Z"));
    typeInto(dock->fromField(), QStringLiteral("20180201"));
    QCOMPARE(m_time->from(), utc("2018-02-01T00:00:00Z"));
    typeInto(dock->toField(), QStringLiteral("2018-04-15"));
    QCOMPARE(m_time->to(), utc("2018-04-16T00:00:00Z") - 1);
    QCOMPARE(dock->toField()->text(), QStringLiteral("2018-04-15 23:59"));
    // The brush follows: its edges are where the window is.
    QVERIFY(m_view->xOf(m_time->from()) < m_view->xOf(m_time->to()));

    // And the other way: the fields follow the window.
    m_time->setRange(utc("2019-02-03T04:05:00Z"), utc("2019-03-04T05:06:59.999Z"));
    QCOMPARE(dock->fromField()->dateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
             QStringLiteral("2019-02-03 04:05"));
    QCOMPARE(dock->toField()->dateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
             QStringLiteral("2019-03-04 05:06"));
}

void TestTimeline::playbackAdvancesByStep()
{
    TimelineDock *dock = m_window->timelineDock();
    m_time->setWindowWidth(30 * TimeWindow::kDay);
    m_time->setStep(2 * TimeWindow::kDay);
    m_time->setFramesPerSecond(50);
    QCOMPARE(dock->widthBox()->value(), 30);
    m_time->setRange(utc("2020-01-01T00:00:00Z"), utc("2020-01-10T00:00:00Z"));
    QSignalSpy spy(m_time, &TimeWindow::rangeChanged);
    QTest::mouseClick(dock->playButton(), Qt::LeftButton);
    QVERIFY(m_time->isPlaying());
    // Playing starts at the range's start with the playback width.
    QCOMPARE(m_time->from(), utc("2020-01-01T00:00:00Z"));
    QCOMPARE(m_time->to() - m_time->from(), 30 * TimeWindow::kDay - 1);
    QTRY_VERIFY(spy.count() >= 3);
    QTest::mouseClick(dock->playButton(), Qt::LeftButton);
    QVERIFY(!m_time->isPlaying());
    const int64_t steps = (m_time->from() - utc("2020-01-01T00:00:00Z")) / (2 * TimeWindow::kDay);
    QCOMPARE(m_time->from(), utc("2020-01-01T00:00:00Z") + steps * 2 * TimeWindow::kDay);
    QVERIFY(steps >= 2);
    // The filter followed every frame.
    QCOMPARE(m_window->filter()->from(), m_time->fromBound());

    const int64_t at = m_time->from();
    QTest::mouseClick(m_window->findChild<QToolButton *>(QStringLiteral("timelineStepForward")),
                      Qt::LeftButton);
    QCOMPARE(m_time->from(), at + 2 * TimeWindow::kDay);
    QTest::mouseClick(m_window->findChild<QToolButton *>(QStringLiteral("timelineStepBack")),
                      Qt::LeftButton);
    QCOMPARE(m_time->from(), at);

    // The width field sets the playback width.
    dock->widthUnitBox()->setCurrentIndex(1); // days
    dock->widthBox()->setValue(10);
    QCOMPARE(m_time->windowWidth(), 10 * TimeWindow::kDay);
    // Space plays while the timeline has the focus.
    m_view->setFocus();
    QTest::keyClick(m_view, Qt::Key_Space);
    QVERIFY(m_time->isPlaying());
    QTest::keyClick(m_view, Qt::Key_Space);
    QVERIFY(!m_time->isPlaying());
}

void TestTimeline::summaryFollowsBrush()
{
    const QRect plot = m_view->plotRect();
    QTest::mousePress(m_view, Qt::LeftButton, {}, QPoint(plot.left() + 200, plot.center().y()));
    QTest::mouseMove(m_view, QPoint(plot.left() + 420, plot.center().y()));
    QTest::mouseRelease(m_view, Qt::LeftButton, {}, QPoint(plot.left() + 420, plot.center().y()));
    QVERIFY(m_time->hasRange());
    const auto &store = *m_window->filter()->store();
    EventFilter f;
    f.from = m_time->from();
    f.to = m_time->to();
    Summary expected = Summary::compute(store, f.apply(store));
    QVERIFY(expected.events > 0 && expected.events < expected.total);
    // The window as the filter has it, beside the events' extent.
    expected.windowFrom = f.from;
    expected.windowTo = f.to;
    const auto *label = m_window->findChild<QLabel *>(QStringLiteral("filterSummary"));
    QVERIFY(label);
    QCOMPARE(label->text(), expected.text());
    QCOMPARE(m_window->map()->eventLayer()->visibleCount(), size_t(expected.events));
}

void TestTimeline::modelTesterWhileWindowMoves()
{
    QAbstractItemModelTester tester(m_window->filter(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->filter()->sort(1, Qt::DescendingOrder);
    m_time->setWindowWidth(60 * TimeWindow::kDay);
    m_time->setStep(20 * TimeWindow::kDay);
    m_time->setLoop(false);
    m_time->clearRange();
    int frames = 0;
    while (m_time->stepForward() && frames < 400) {
        ++frames;
        int64_t expected = 0;
        const auto &store = *m_window->filter()->store();
        for (size_t r = 0; r < store.size(); ++r)
            expected += EventFilter {m_time->from(), m_time->to(), {}, {}}.matchesTime(store, r);
        QCOMPARE(int64_t(m_window->filter()->rowCount()), expected);
    }
    QVERIFY(frames > 20);
    QVERIFY(!m_time->stepForward()); // the end, without loop
}

void TestTimeline::markerFollowsCurrentEvent()
{
    QVERIFY(!m_view->marker());
    m_window->eventsDock()->selectStoreRow(42);
    QCOMPARE(m_view->marker(), std::optional<int64_t>(m_window->filter()->store()->start(42)));
}

void TestTimeline::screenshots()
{
    // The whole window at year, month and day zoom with a window selected.
    m_window->eventsDock()->selectStoreRow(7);
    const int64_t at = m_window->filter()->store()->start(7);
    struct Zoom
    {
        const char *name;
        int64_t span, window;
    };
    for (const Zoom &z : {Zoom {"years", 0, 120 * TimeWindow::kDay},
                          Zoom {"months", 400 * TimeWindow::kDay, 30 * TimeWindow::kDay},
                          Zoom {"days", 20 * TimeWindow::kDay, 3 * TimeWindow::kDay}}) {
        if (z.span == 0)
            m_view->showAllData();
        else
            m_view->setVisibleSpan(at - z.span / 2, at + z.span / 2);
        m_time->setRange(at - z.window / 3, at + z.window * 2 / 3);
        QApplication::processEvents();
        const QImage shot = m_window->grab().toImage();
        QVERIFY(!shot.isNull());
        const QImage timeline = m_view->grab().toImage();
        // The tallest bar is drawn: at half the plot's height its column is not the
        // colour just above the bar (the brush tints both alike), and the tallest bar
        // reaches that high.
        const TimelineHistogram &h = m_view->histogram();
        QVERIFY(h.maxTotal > 0);
        const QRect plot = m_view->plotRect();
        int tallest = -1;
        for (int b = 0; b < h.bins() && tallest < 0; ++b) {
            const double mid = m_view->xOf((h.edges[size_t(b)] + h.edges[size_t(b) + 1]) / 2);
            if (h.totals[size_t(b)] == h.maxTotal && mid > plot.left() + 2
                && mid < plot.right() - 2)
                tallest = int(mid);
        }
        QVERIFY2(tallest >= 0, z.name);
        const QColor bar = timeline.pixelColor(tallest, plot.center().y());
        const QColor above = timeline.pixelColor(tallest, plot.top() + 1);
        QVERIFY2(bar != above,
                 qPrintable(QStringLiteral("%1: bar %2, above it %3")
                                .arg(QLatin1String(z.name), bar.name(), above.name())));
        QVERIFY(saveScreenshot(shot, QStringLiteral("timeline_%1.png").arg(z.name)));
        QVERIFY(saveScreenshot(timeline, QStringLiteral("timeline_view_%1.png").arg(z.name)));
    }
}

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"

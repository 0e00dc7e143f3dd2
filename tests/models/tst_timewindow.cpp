#include "eventstore.h"
#include "timewindow.h"

#include <QSignalSpy>
#include <QTest>

namespace {
constexpr int64_t kDay = TimeWindow::kDay;
}

class TestTimeWindow : public QObject
{
    Q_OBJECT
private slots:
    void sameRangeEmitsNothing();
    void swapsReversedRange();
    void clearRange();
    void playFromNoRangeStartsAtDataFirst();
    void playAdvancesByStep();
    void loopsAtTheEnd();
    void stopsAtTheEndWithoutLoop();
    void stepBackAcrossTheStart();
    void widthChangeWhilePlaying();
    void newDataStopsPlayback();
    void noDataDoesNothing();
    void clampsSettings();
};

void TestTimeWindow::sameRangeEmitsNothing()
{
    TimeWindow w;
    QSignalSpy spy(&w, &TimeWindow::rangeChanged);
    w.setRange(10, 20);
    QCOMPARE(spy.count(), 1);
    w.setRange(10, 20);
    w.setRange(20, 10); // the same, reversed
    QCOMPARE(spy.count(), 1);
    w.setRange(10, 21);
    QCOMPARE(spy.count(), 2);
}

void TestTimeWindow::swapsReversedRange()
{
    TimeWindow w;
    w.setRange(500, 100);
    QVERIFY(w.hasRange());
    QCOMPARE(w.from(), 100);
    QCOMPARE(w.to(), 500);
    QCOMPARE(w.fromBound(), std::optional<int64_t>(100));
    QCOMPARE(w.toBound(), std::optional<int64_t>(500));
}

void TestTimeWindow::clearRange()
{
    TimeWindow w;
    QSignalSpy spy(&w, &TimeWindow::rangeChanged);
    w.clearRange();
    QCOMPARE(spy.count(), 0);
    w.setRange(1, 2);
    w.clearRange();
    QCOMPARE(spy.count(), 2);
    QVERIFY(!w.hasRange());
    QVERIFY(!w.fromBound());
    QVERIFY(!w.toBound());
}

void TestTimeWindow::playFromNoRangeStartsAtDataFirst()
{
    TimeWindow w;
    w.setDataRange(100 * kDay, 400 * kDay);
    w.setWindowWidth(10 * kDay);
    QSignalSpy playback(&w, &TimeWindow::playbackChanged);
    w.play();
    QVERIFY(w.isPlaying());
    QCOMPARE(playback.count(), 1);
    QCOMPARE(w.from(), 100 * kDay);
    QCOMPARE(w.to(), 110 * kDay - 1);
    w.pause();
    QVERIFY(!w.isPlaying());
    QCOMPARE(playback.count(), 2);
}

void TestTimeWindow::playAdvancesByStep()
{
    TimeWindow w;
    w.setDataRange(0, 1000 * kDay);
    w.setWindowWidth(30 * kDay);
    w.setStep(7 * kDay);
    w.setFramesPerSecond(60);
    w.setRange(50 * kDay, 60 * kDay);
    QSignalSpy spy(&w, &TimeWindow::rangeChanged);
    w.play();
    QCOMPARE(w.from(), 50 * kDay); // from the range's start, with the playback width
    QCOMPARE(w.to(), 80 * kDay - 1);
    QTRY_VERIFY(spy.count() >= 4);
    w.pause();
    const int frames = spy.count() - 1;
    QCOMPARE(w.from(), 50 * kDay + frames * 7 * kDay);
    QCOMPARE(w.to() - w.from(), 30 * kDay - 1);
}

void TestTimeWindow::loopsAtTheEnd()
{
    TimeWindow w;
    w.setDataRange(0, 100 * kDay);
    w.setLoop(true);
    w.setWindowWidth(10 * kDay);
    w.setStep(30 * kDay);
    w.setRange(90 * kDay, 100 * kDay - 1);
    QVERIFY(w.stepForward());
    QCOMPARE(w.from(), 0); // past the last event: back to the first
    QCOMPARE(w.to(), 10 * kDay - 1);
}

void TestTimeWindow::stopsAtTheEndWithoutLoop()
{
    TimeWindow w;
    w.setDataRange(0, 100 * kDay);
    w.setLoop(false);
    w.setWindowWidth(10 * kDay);
    w.setStep(30 * kDay);
    w.setFramesPerSecond(60);
    w.setRange(90 * kDay, 100 * kDay - 1);
    QVERIFY(!w.stepForward());
    QCOMPARE(w.from(), 90 * kDay); // unchanged
    QSignalSpy playback(&w, &TimeWindow::playbackChanged);
    w.setRange(40 * kDay, 50 * kDay - 1);
    w.play();
    QTRY_VERIFY(!w.isPlaying()); // stopped by itself at the end
    QCOMPARE(w.from(), 100 * kDay);
    QCOMPARE(playback.count(), 2);
}

void TestTimeWindow::stepBackAcrossTheStart()
{
    TimeWindow w;
    w.setDataRange(0, 100 * kDay);
    w.setWindowWidth(10 * kDay);
    w.setStep(10 * kDay);
    w.setRange(5 * kDay, 15 * kDay - 1);
    QVERIFY(w.stepBack()); // overlaps the data still: allowed
    QCOMPARE(w.from(), -5 * kDay);
    w.setLoop(false);
    QVERIFY(!w.stepBack()); // would end before the data
    QCOMPARE(w.from(), -5 * kDay);
    w.setLoop(true);
    QVERIFY(w.stepBack()); // wraps to the end
    QCOMPARE(w.to(), 100 * kDay);
    QCOMPARE(w.to() - w.from(), 10 * kDay - 1);
}

void TestTimeWindow::widthChangeWhilePlaying()
{
    TimeWindow w;
    w.setDataRange(0, 1000 * kDay);
    w.setWindowWidth(30 * kDay);
    w.setFramesPerSecond(0.25); // no tick during the test
    w.play();
    const int64_t from = w.from();
    QSignalSpy range(&w, &TimeWindow::rangeChanged);
    w.setWindowWidth(5 * kDay);
    QCOMPARE(range.count(), 1);
    QCOMPARE(w.from(), from);
    QCOMPARE(w.to(), from + 5 * kDay - 1);
    w.pause();
    // Paused: the width waits for the next play.
    w.setWindowWidth(2 * kDay);
    QCOMPARE(range.count(), 1);
    QCOMPARE(w.to(), from + 5 * kDay - 1);
}

void TestTimeWindow::newDataStopsPlayback()
{
    TimeWindow w;
    w.setDataRange(0, 1000 * kDay);
    w.setFramesPerSecond(0.25);
    w.play();
    QSignalSpy data(&w, &TimeWindow::dataRangeChanged);
    w.setDataRange(10, 20);
    QVERIFY(!w.isPlaying());
    QCOMPARE(data.count(), 1);
    QVERIFY(w.hasRange()); // the user's window survives
    w.setDataRange(20, 10); // the same, reversed
    QCOMPARE(data.count(), 1);
}

void TestTimeWindow::noDataDoesNothing()
{
    TimeWindow w;
    QVERIFY(!w.hasData());
    QSignalSpy range(&w, &TimeWindow::rangeChanged);
    w.play();
    QVERIFY(!w.isPlaying());
    QVERIFY(!w.stepForward());
    QVERIFY(!w.stepBack());
    QCOMPARE(range.count(), 0);
    w.setDataRange(EventStore::kNoTime, EventStore::kNoTime);
    QVERIFY(!w.hasData());
}

void TestTimeWindow::clampsSettings()
{
    TimeWindow w;
    w.setFramesPerSecond(1000);
    QCOMPARE(w.framesPerSecond(), 60.0);
    w.setFramesPerSecond(0);
    QCOMPARE(w.framesPerSecond(), 0.25);
    w.setWindowWidth(-5);
    QCOMPARE(w.windowWidth(), 1);
    w.setStep(0);
    QCOMPARE(w.step(), 1);
    QSignalSpy spy(&w, &TimeWindow::playbackChanged);
    w.setStep(1);
    QCOMPARE(spy.count(), 0);
}

QTEST_GUILESS_MAIN(TestTimeWindow)
#include "tst_timewindow.moc"

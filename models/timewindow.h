#pragma once

#include <QObject>
#include <QTimer>

#include <cstdint>
#include <optional>

// The time window the whole application filters by, and its playback: the controller
// behind the timeline (issue order: the timeline widget and the window's date fields
// set it, TransferFilter follows it). No widgets: tested headless with QSignalSpy.
//
// A range is [from, to] in UTC milliseconds, both ends inclusive; no range means no
// time filter. The data range is the span of the loaded events (first start, last end)
// and bounds playback. Setting the same range again emits nothing, so a view that
// echoes a change back cannot start a loop.
//
// Playback moves a window of windowWidth() by step() every 1000 / framesPerSecond()
// ms: it starts at the current range's start (or at the data's first event when
// there is none), and at the data's end either loops back to the start or stops.
class TimeWindow : public QObject
{
    Q_OBJECT
public:
    static constexpr int64_t kHour = 3600LL * 1000;
    static constexpr int64_t kDay = 24 * kHour;

    explicit TimeWindow(QObject *parent = nullptr);

    // --- The range. ---
    bool hasRange() const { return m_hasRange; }
    int64_t from() const { return m_from; } // meaningful when hasRange()
    int64_t to() const { return m_to; }
    std::optional<int64_t> fromBound() const;
    std::optional<int64_t> toBound() const;
    // from > to is swapped. Emits rangeChanged when the range differs.
    void setRange(int64_t from, int64_t to);
    void clearRange();

    // --- The data. ---
    // first/last: EventStore::kNoTime when there are no events with a time. A new data
    // range stops playback; the range is kept (a user's window survives a reload).
    void setDataRange(int64_t first, int64_t last);
    bool hasData() const;
    int64_t dataFirst() const { return m_dataFirst; }
    int64_t dataLast() const { return m_dataLast; }

    // --- Playback. ---
    int64_t windowWidth() const { return m_width; }
    void setWindowWidth(int64_t ms); // >= 1 ms; a playing window takes it at once
    int64_t step() const { return m_step; }
    void setStep(int64_t ms); // >= 1 ms
    double framesPerSecond() const { return m_fps; }
    void setFramesPerSecond(double fps); // clamped to [0.25, 60]
    bool loops() const { return m_loop; }
    void setLoop(bool on);
    bool isPlaying() const { return m_timer.isActive(); }

public slots:
    void play();
    void pause();
    void togglePlay();
    // One step of playback by hand (forward or back); false when nothing moved (no
    // data, or at the end without loop).
    bool stepForward();
    bool stepBack();

signals:
    void rangeChanged(); // hasRange(), from(), to() changed
    void dataRangeChanged();
    void playbackChanged(); // play/pause, width, step, speed or loop changed

private:
    void tick();
    bool moveBy(int64_t delta);

    bool m_hasRange = false;
    int64_t m_from = 0, m_to = 0;
    int64_t m_dataFirst, m_dataLast;
    int64_t m_width = 30 * kDay;
    int64_t m_step = 7 * kDay;
    double m_fps = 4;
    bool m_loop = true;
    QTimer m_timer;
};

#include "timewindow.h"

#include "eventstore.h"

#include <algorithm>
#include <cmath>

TimeWindow::TimeWindow(QObject *parent)
    : QObject(parent), m_dataFirst(EventStore::kNoTime), m_dataLast(EventStore::kNoTime)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(int(std::lround(1000 / m_fps)));
    connect(&m_timer, &QTimer::timeout, this, &TimeWindow::tick);
}

std::optional<int64_t> TimeWindow::fromBound() const
{
    return m_hasRange ? std::optional<int64_t>(m_from) : std::nullopt;
}

std::optional<int64_t> TimeWindow::toBound() const
{
    return m_hasRange ? std::optional<int64_t>(m_to) : std::nullopt;
}

void TimeWindow::setRange(int64_t from, int64_t to)
{
    if (from > to)
        std::swap(from, to);
    if (m_hasRange && from == m_from && to == m_to)
        return;
    m_hasRange = true;
    m_from = from;
    m_to = to;
    emit rangeChanged();
}

void TimeWindow::clearRange()
{
    if (!m_hasRange)
        return;
    m_hasRange = false;
    emit rangeChanged();
}

void TimeWindow::setDataRange(int64_t first, int64_t last)
{
    if (first != EventStore::kNoTime && last != EventStore::kNoTime && first > last)
        std::swap(first, last);
    pause();
    if (first == m_dataFirst && last == m_dataLast)
        return;
    m_dataFirst = first;
    m_dataLast = last;
    emit dataRangeChanged();
}

bool TimeWindow::hasData() const
{
    return m_dataFirst != EventStore::kNoTime && m_dataLast != EventStore::kNoTime;
}

void TimeWindow::setWindowWidth(int64_t ms)
{
    ms = std::max<int64_t>(ms, 1);
    if (ms == m_width)
        return;
    m_width = ms;
    if (isPlaying() && m_hasRange)
        setRange(m_from, m_from + m_width - 1);
    emit playbackChanged();
}

void TimeWindow::setStep(int64_t ms)
{
    ms = std::max<int64_t>(ms, 1);
    if (ms == m_step)
        return;
    m_step = ms;
    emit playbackChanged();
}

void TimeWindow::setFramesPerSecond(double fps)
{
    fps = std::clamp(fps, 0.25, 60.0);
    if (fps == m_fps)
        return;
    m_fps = fps;
    m_timer.setInterval(int(std::lround(1000 / m_fps)));
    emit playbackChanged();
}

void TimeWindow::setLoop(bool on)
{
    if (on == m_loop)
        return;
    m_loop = on;
    emit playbackChanged();
}

void TimeWindow::play()
{
    if (isPlaying() || !hasData())
        return;
    // The window starts where the user's range starts, with the playback width; at
    // (or past) the end of the data, from the beginning.
    int64_t start = m_hasRange ? m_from : m_dataFirst;
    if (start > m_dataLast || start < m_dataFirst - m_width)
        start = m_dataFirst;
    setRange(start, start + m_width - 1);
    m_timer.start();
    emit playbackChanged();
}

void TimeWindow::pause()
{
    if (!isPlaying())
        return;
    m_timer.stop();
    emit playbackChanged();
}

void TimeWindow::togglePlay()
{
    if (isPlaying())
        pause();
    else
        play();
}

bool TimeWindow::stepForward()
{
    return moveBy(m_step);
}

bool TimeWindow::stepBack()
{
    return moveBy(-m_step);
}

bool TimeWindow::moveBy(int64_t delta)
{
    if (!hasData())
        return false;
    if (!m_hasRange) {
        // Stepping from "everything": the first window of the data.
        setRange(m_dataFirst, m_dataFirst + m_width - 1);
        return true;
    }
    const int64_t width = m_to - m_from;
    int64_t from = m_from + delta;
    if (delta > 0 && from > m_dataLast) {
        if (!m_loop)
            return false;
        from = m_dataFirst;
    } else if (delta < 0 && from + width < m_dataFirst) {
        if (!m_loop)
            return false;
        from = std::max(m_dataFirst, m_dataLast - width);
    }
    setRange(from, from + width);
    return true;
}

void TimeWindow::tick()
{
    if (!moveBy(m_step))
        pause(); // the end of the data, without loop
}

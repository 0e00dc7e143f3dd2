#pragma once

#include "timeline/timelinebins.h"
#include "timeline/timelinehistogram.h"

#include <QPointer>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

class EventLayer;
class TimeWindow;
class TransferFilter;

// The histogram of events over time (by start) with the time window as a brush.
//
// It counts the events that pass every filter except time (so the other periods stay
// visible), stacked by the map's colour slots in the map's colours, in bins chosen from
// the visible span. The count is redone only when those inputs change (the other
// filters, the colours, the store, the visible span or the width): a brush step or a
// playback frame changes only the highlight, so it only repaints.
//
// Mouse: drag on the plot to select a range, drag its edges to resize, its middle to
// move (snapped to the unit the axis shows: days under month ticks; Shift for minutes);
// double-click or Esc clears; the wheel zooms about the cursor; dragging the axis strip pans. Keys:
// Left/Right step the window back/forward, Home shows all the data.
class TimelineView : public QWidget
{
    Q_OBJECT
public:
    TimelineView(TimeWindow *window, TransferFilter *filter, QWidget *parent = nullptr);

    // The colour source (the map's event layer); nullptr: one neutral colour.
    void setColorSource(EventLayer *layer);

    // The visible span of the axis, in UTC ms.
    int64_t viewFrom() const { return m_viewFrom; }
    int64_t viewTo() const { return m_viewTo; }
    void setVisibleSpan(int64_t from, int64_t to);
    void showAllData(); // the data range with a margin

    // Counts from elsewhere (a database's server, widgets/db): given the bins' edges,
    // fills the histogram and returns true, or returns false to count the store's events
    // as usual. Setting it (or null) recounts.
    using Counter =
        std::function<bool(const std::vector<int64_t> &edges, TimelineHistogram *histogram)>;
    void setCounter(Counter counter);
    // Counts again (the counter has new figures).
    void refreshCounts() { recount(true); }

    // The start of the current event, drawn as a marker line; nullopt hides it.
    void setMarker(std::optional<int64_t> t);
    std::optional<int64_t> marker() const { return m_marker; }

    // Geometry, for the tests and the painting: the plot (bars and brush) and the axis
    // strip below it, and the mapping between x and time.
    QRect plotRect() const;
    QRect axisRect() const;
    double xOf(int64_t t) const;
    int64_t timeAt(double x) const;
    // The axis ticks' step at the current span and width, and the unit a brush drag
    // snaps to there (timeline::snapStepFor); Shift while dragging snaps to the minute.
    timeline::Step tickStep() const;
    timeline::Step snapStep() const;
    static int64_t nearestMinute(int64_t t); // a free (Shift) drag's edges

    const TimelineHistogram &histogram() const { return m_histogram; }
    timeline::Step binStep() const { return m_binStep; }
    int recountCount() const { return m_recounts; } // how often it counted (tests)
    // The tool tip text of the bin under x ("" when none).
    QString toolTipAt(double x) const;

    QSize sizeHint() const override { return {800, 150}; }
    QSize minimumSizeHint() const override { return {200, 90}; }

signals:
    void visibleSpanChanged();

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    enum class Drag { None, Create, ResizeFrom, ResizeTo, Move, Pan };
    Drag dragAt(QPointF pos) const;
    void updateCursor(QPointF pos);
    void filterChanged();
    void colorsChanged();
    void dataRangeChanged();
    // Counts again when an input changed (force: the span or the width did).
    void recount(bool force);
    // A brush edge from a time under the cursor: a start at the beginning of the snap
    // unit holding t, an end at the end of it (the next boundary), a moved brush to the
    // nearest boundary; with free, to the nearest minute (what the date fields show).
    int64_t snapStart(int64_t t, bool free) const;
    int64_t snapEnd(int64_t t, bool free) const;
    int64_t snapNearest(int64_t t, bool free) const;

    void paintBars(QPainter &p, const QRect &plot) const;
    void paintBrush(QPainter &p, const QRect &plot) const;
    void paintAxis(QPainter &p, const QRect &axis) const;

    TimeWindow *m_window = nullptr;
    TransferFilter *m_filter = nullptr;
    QPointer<EventLayer> m_layer;

    int64_t m_viewFrom = 0, m_viewTo = 0;
    std::optional<int64_t> m_marker;

    Counter m_counter;
    // What the histogram was counted from.
    TimelineHistogram m_histogram;
    timeline::Step m_binStep;
    std::vector<uint64_t> m_countedBits;
    const void *m_countedStore = nullptr;
    const void *m_countedColorStore = nullptr;
    QString m_countedColorKey;
    bool m_countedColored = false;
    int m_recounts = 0;

    Drag m_drag = Drag::None;
    QPointF m_pressPos;
    int64_t m_pressFrom = 0, m_pressTo = 0; // the range (or the view) when pressed
    int64_t m_anchor = 0;
    bool m_dragged = false;
};

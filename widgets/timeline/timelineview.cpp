#include "timelineview.h"

#include "eventstore.h"
#include "map/eventlayer.h"
#include "summary.h"
#include "timewindow.h"
#include "transferfilter.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace {
constexpr int64_t kMinute = 60LL * 1000;
constexpr int64_t kMinSpan = 3 * TimeWindow::kHour;
constexpr int64_t kMaxSpan = 400LL * 366 * TimeWindow::kDay;
constexpr int kMaxBins = 200;
constexpr double kMinBinWidth = 5; // px: finer bins are unreadable
constexpr double kEdgeGrab = 6; // px either side of a brush edge
constexpr int kLeftMargin = 44; // the count labels
constexpr int kMargin = 6;
const QColor kBrush(33, 113, 181);
const QColor kMarker(200, 40, 40);
const QColor kNeutral(86, 140, 190);

bool bitSet(const std::vector<uint64_t> &bits, uint32_t row)
{
    return bits.empty() || (bits[row >> 6] >> (row & 63) & 1);
}
} // namespace

TimelineView::TimelineView(TimeWindow *window, TransferFilter *filter, QWidget *parent)
    : QWidget(parent), m_window(window), m_filter(filter)
{
    setObjectName(QStringLiteral("timelineView"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(m_window, &TimeWindow::rangeChanged, this, qOverload<>(&QWidget::update));
    connect(m_window, &TimeWindow::dataRangeChanged, this, &TimelineView::dataRangeChanged);
    connect(m_filter, &TransferFilter::filterChanged, this, &TimelineView::filterChanged);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &TimelineView::filterChanged);
    dataRangeChanged();
}

void TimelineView::setColorSource(EventLayer *layer)
{
    if (m_layer)
        disconnect(m_layer, nullptr, this, nullptr);
    m_layer = layer;
    if (m_layer)
        connect(m_layer, &EventLayer::dataChanged, this, &TimelineView::colorsChanged);
    recount(true);
}

void TimelineView::setVisibleSpan(int64_t from, int64_t to)
{
    if (from > to)
        std::swap(from, to);
    const int64_t span = std::clamp<int64_t>(to - from, kMinSpan, kMaxSpan);
    const int64_t mid = from + (to - from) / 2;
    from = mid - span / 2;
    to = from + span;
    if (from == m_viewFrom && to == m_viewTo)
        return;
    m_viewFrom = from;
    m_viewTo = to;
    recount(true);
    emit visibleSpanChanged();
}

void TimelineView::showAllData()
{
    if (!m_window->hasData()) {
        const int64_t now = 0;
        setVisibleSpan(now, now + 365 * TimeWindow::kDay);
        return;
    }
    const int64_t first = m_window->dataFirst(), last = m_window->dataLast();
    const int64_t margin = std::max<int64_t>((last - first) / 40, TimeWindow::kHour);
    setVisibleSpan(first - margin, last + margin);
}

void TimelineView::setMarker(std::optional<int64_t> t)
{
    if (t && *t == EventStore::kNoTime)
        t.reset();
    if (t == m_marker)
        return;
    m_marker = t;
    update();
}

QRect TimelineView::axisRect() const
{
    const int h = fontMetrics().height() * 2 + 10;
    return QRect(kLeftMargin, height() - h, std::max(width() - kLeftMargin - kMargin, 1), h);
}

QRect TimelineView::plotRect() const
{
    const QRect axis = axisRect();
    return QRect(axis.left(), kMargin, axis.width(), std::max(axis.top() - kMargin, 1));
}

double TimelineView::xOf(int64_t t) const
{
    const QRect plot = plotRect();
    const double span = double(std::max<int64_t>(m_viewTo - m_viewFrom, 1));
    return plot.left() + double(t - m_viewFrom) / span * plot.width();
}

int64_t TimelineView::timeAt(double x) const
{
    const QRect plot = plotRect();
    const double span = double(m_viewTo - m_viewFrom);
    return m_viewFrom + int64_t(std::llround((x - plot.left()) / plot.width() * span));
}

timeline::Step TimelineView::tickStep() const
{
    // As paintAxis spaces its labels.
    const double minSpacing = fontMetrics().horizontalAdvance(QStringLiteral("00:00")) + 14;
    return timeline::tickStepFor(m_viewTo - m_viewFrom, axisRect().width(), minSpacing);
}

timeline::Step TimelineView::snapStep() const
{
    return timeline::snapStepFor(tickStep());
}

int64_t TimelineView::snapStart(int64_t t, bool free) const
{
    if (free)
        return nearestMinute(t);
    return timeline::floorTo(t, snapStep());
}

int64_t TimelineView::snapEnd(int64_t t, bool free) const
{
    // The unit under the cursor is included: a drag ending on 30 May ends at its end.
    if (free)
        return nearestMinute(t);
    return timeline::nextBoundary(t, snapStep());
}

int64_t TimelineView::snapNearest(int64_t t, bool free) const
{
    if (free)
        return nearestMinute(t);
    const int64_t down = timeline::floorTo(t, snapStep());
    const int64_t up = timeline::nextBoundary(t, snapStep());
    return t - down < up - t ? down : up;
}

int64_t TimelineView::nearestMinute(int64_t t)
{
    const int64_t r = t % kMinute;
    const int64_t down = t - (r < 0 ? r + kMinute : r);
    return t - down >= kMinute / 2 ? down + kMinute : down;
}

void TimelineView::setCounter(Counter counter)
{
    m_counter = std::move(counter);
    recount(true);
}

void TimelineView::dataRangeChanged()
{
    showAllData();
    update();
}

void TimelineView::filterChanged()
{
    recount(false);
    update(); // the window or the visible events moved
}

void TimelineView::colorsChanged()
{
    recount(false);
}

void TimelineView::recount(bool force)
{
    const auto &store = m_filter->store();
    const std::vector<uint64_t> &bits = m_filter->bitsIgnoringTime();
    const bool colored = m_layer && store && m_layer->store() == store
        && m_layer->categories().rowSlots().size() == store->size();
    const QString colorKey = colored ? m_layer->categories().identity() : QString();
    const void *colorStore = colored ? m_layer->store().get() : nullptr;
    if (!force && store.get() == m_countedStore && colored == m_countedColored
        && colorStore == m_countedColorStore && colorKey == m_countedColorKey
        && bits == m_countedBits)
        return;
    m_countedStore = store.get();
    m_countedColored = colored;
    m_countedColorStore = colorStore;
    m_countedColorKey = colorKey;
    m_countedBits = bits;

    const int maxBins = std::clamp(int(plotRect().width() / kMinBinWidth), 1, kMaxBins);
    m_binStep = timeline::binStepFor(m_viewTo - m_viewFrom, maxBins);
    std::vector<int64_t> edges;
    if (m_counter) {
        TimelineHistogram counted;
        if (m_counter(timeline::boundaries(m_viewFrom, m_viewTo, m_binStep), &counted)) {
            m_histogram = std::move(counted);
            ++m_recounts;
            update();
            return;
        }
    }
    if (store && !store->empty())
        edges = timeline::boundaries(m_viewFrom, m_viewTo, m_binStep);
    m_histogram = TimelineHistogram::count(m_filter->timeIndex(), bits,
                                           colored ? &m_layer->categories().rowSlots() : nullptr,
                                           std::move(edges));
    ++m_recounts;
    update();
}

QString TimelineView::toolTipAt(double x) const
{
    const int bin = m_histogram.binAt(timeAt(x));
    if (bin < 0)
        return {};
    const int64_t from = m_histogram.edges[size_t(bin)], to = m_histogram.edges[size_t(bin) + 1];
    QString text = QStringLiteral("<b>%1</b> (%2)<br>%3 %4")
                       .arg(timeline::binLabel(from, to), timeline::stepName(m_binStep),
                            Summary::formatCount(m_histogram.totals[size_t(bin)]),
                            m_histogram.totals[size_t(bin)] == 1 ? QStringLiteral("event")
                                                                 : QStringLiteral("events"));
    if (m_window->hasRange()) {
        int64_t inside = 0;
        const auto &visible = m_filter->visibleBits();
        m_filter->timeIndex().forEachStartIn(
            from, to, [&](uint32_t row, int64_t) { inside += bitSet(visible, row) ? 1 : 0; });
        text += QStringLiteral(", %1 in the window").arg(Summary::formatCount(inside));
    }
    if (m_countedColored && m_layer) {
        const CategoryColors &colors = m_layer->categories().colors();
        for (int s = 0; s < TimelineHistogram::kSlots; ++s) {
            const int64_t n = m_histogram.count(bin, s);
            if (n == 0)
                continue;
            text += QStringLiteral("<br><span style=\"color:%1\">\u25a0</span> %2: %3")
                        .arg(colors.slotColor(s).name(), colors.slotLabel(s).toHtmlEscaped(),
                             Summary::formatCount(n));
        }
    }
    return text;
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text =
            plotRect().contains(help->pos()) ? toolTipAt(help->pos().x()) : QString();
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    recount(true);
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QRect plot = plotRect();
    if (m_histogram.bins() == 0 || m_histogram.maxTotal == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter,
                   m_filter->store() && !m_filter->store()->empty()
                       ? QStringLiteral("No events in this period")
                       : QStringLiteral("No events with a time"));
    } else {
        paintBars(p, plot);
    }
    paintBrush(p, plot);
    paintAxis(p, axisRect());
    if (hasFocus()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(rect().adjusted(0, 0, -1, -1));
    }
}

void TimelineView::paintBars(QPainter &p, const QRect &plot) const
{
    const QColor text = palette().color(QPalette::Text);
    const QColor base = palette().color(QPalette::Base);
    // Count gridlines at round numbers, labelled in the left margin.
    const double scale = (plot.height() - 4) / double(m_histogram.maxTotal);
    const double magnitude = std::pow(10.0, std::floor(std::log10(double(m_histogram.maxTotal))));
    double gridStep = magnitude;
    for (double f : {0.2, 0.5, 1.0}) {
        if (m_histogram.maxTotal / (magnitude * f) <= 4) {
            gridStep = magnitude * f;
            break;
        }
    }
    gridStep = std::max(gridStep, 1.0);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    for (double v = gridStep; v <= m_histogram.maxTotal; v += gridStep) {
        const double y = plot.bottom() - v * scale;
        p.setPen(QPen(QColor(text.red(), text.green(), text.blue(), 30), 1));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(QColor(text.red(), text.green(), text.blue(), 150));
        p.drawText(QRectF(0, y - 10, kLeftMargin - 5, 20), Qt::AlignRight | Qt::AlignVCenter,
                   Summary::formatCount(int64_t(v)));
    }
    p.setFont(font());

    const bool hasRange = m_window->hasRange();
    const int64_t wFrom = m_window->from(), wTo = m_window->to();
    p.save();
    p.setClipRect(plot);
    p.setPen(Qt::NoPen);
    for (int b = 0; b < m_histogram.bins(); ++b) {
        if (m_histogram.totals[size_t(b)] == 0)
            continue;
        const int64_t from = m_histogram.edges[size_t(b)], to = m_histogram.edges[size_t(b) + 1];
        const double x0 = xOf(from), x1 = xOf(to);
        if (x1 < plot.left() || x0 > plot.right())
            continue;
        const double gap = x1 - x0 > 4 ? 1 : 0;
        const bool inside = !hasRange || (from <= wTo && to > wFrom);
        double y = plot.bottom() + 1;
        for (int s = 0; s < TimelineHistogram::kSlots; ++s) {
            const int64_t n = m_histogram.count(b, s);
            if (n == 0)
                continue;
            QColor c = m_countedColored ? m_layer->categories().colors().slotColor(s) : kNeutral;
            if (!inside) // faded: mixed into the background, so stacks stay legible
                c = QColor((c.red() + 3 * base.red()) / 4, (c.green() + 3 * base.green()) / 4,
                           (c.blue() + 3 * base.blue()) / 4);
            const double h = n * scale;
            p.setBrush(c);
            p.drawRect(QRectF(x0, y - h, x1 - x0 - gap, h));
            y -= h;
        }
    }
    p.restore();
}

void TimelineView::paintBrush(QPainter &p, const QRect &plot) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setClipRect(plot.adjusted(-8, -kMargin, 8, 0));
    if (m_window->hasRange()) {
        const double x0 = xOf(m_window->from()), x1 = std::max(xOf(m_window->to()), x0 + 1);
        const QRectF band(x0, plot.top(), x1 - x0, plot.height());
        p.fillRect(band, QColor(kBrush.red(), kBrush.green(), kBrush.blue(), 38));
        p.setPen(QPen(kBrush, 1.5));
        p.drawLine(QPointF(x0, plot.top()), QPointF(x0, plot.bottom()));
        p.drawLine(QPointF(x1, plot.top()), QPointF(x1, plot.bottom()));
        p.setBrush(Qt::white);
        const double hh = std::min(24.0, plot.height() * 0.4);
        for (double x : {x0, x1})
            p.drawRoundedRect(QRectF(x - 3.5, plot.center().y() - hh / 2, 7, hh), 3, 3);
    }
    if (m_marker) {
        const double x = xOf(*m_marker);
        p.setPen(QPen(kMarker, 1.5));
        p.drawLine(QPointF(x, plot.top() + 4), QPointF(x, plot.bottom()));
        QPainterPath tri;
        tri.moveTo(x - 5, plot.top() - 2);
        tri.lineTo(x + 5, plot.top() - 2);
        tri.lineTo(x, plot.top() + 5);
        tri.closeSubpath();
        p.fillPath(tri, kMarker);
    }
    p.restore();
}

void TimelineView::paintAxis(QPainter &p, const QRect &axis) const
{
    const QColor text = palette().color(QPalette::Text);
    const QFontMetrics fm = fontMetrics();
    p.fillRect(QRect(0, axis.top(), width(), axis.height()), palette().window());
    p.setPen(QColor(text.red(), text.green(), text.blue(), 120));
    p.drawLine(axis.topLeft(), axis.topRight());
    if (m_viewTo <= m_viewFrom || !m_window->hasData())
        return; // no dates to show: no made-up ones either
    p.save();
    p.setClipRect(axis.adjusted(0, 0, kMargin, 0));
    const double minSpacing = fm.horizontalAdvance(QStringLiteral("00:00")) + 14;
    const timeline::Step tick = tickStep();
    const int row1 = axis.top() + 4 + fm.ascent();
    const int row2 = row1 + fm.height() + 1;
    p.setPen(text);
    for (int64_t t : timeline::boundaries(m_viewFrom, m_viewTo, tick)) {
        const double x = xOf(t);
        if (x < axis.left() - minSpacing || x > axis.right())
            continue;
        p.drawLine(QPointF(x, axis.top()), QPointF(x, axis.top() + 4));
        const QString label = timeline::tickLabel(t, tick);
        if (x + 3 + fm.horizontalAdvance(label) <= axis.right() + kMargin) // not cut off
            p.drawText(QPointF(x + 3, row1), label);
    }
    // The context row: each coarser period labelled at its start, and the period the
    // view starts in labelled at the left edge until the next one pushes it away.
    const timeline::Step context = timeline::contextStepFor(tick);
    if (context != tick) {
        const std::vector<int64_t> starts = timeline::boundaries(m_viewFrom, m_viewTo, context);
        for (size_t i = 0; i < starts.size(); ++i) {
            const QString label = timeline::contextLabel(starts[i], context);
            double x = xOf(starts[i]);
            if (x <= axis.left()) {
                // Sticky, unless the next period's label is about to take its place.
                const double next = i + 1 < starts.size() ? xOf(starts[i + 1]) : axis.right();
                if (axis.left() + fm.horizontalAdvance(label) + 12 > next)
                    continue;
                x = axis.left();
            } else {
                p.drawLine(QPointF(x, axis.top()), QPointF(x, axis.bottom()));
            }
            if (x + 3 + fm.horizontalAdvance(label) <= axis.right() + kMargin)
                p.drawText(QPointF(x + 3, row2), label);
        }
    }
    p.restore();
    p.setPen(QColor(text.red(), text.green(), text.blue(), 150));
    p.drawText(QRect(0, axis.top(), kLeftMargin - 5, axis.height()),
               Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("UTC"));
}

TimelineView::Drag TimelineView::dragAt(QPointF pos) const
{
    if (axisRect().adjusted(-kLeftMargin, 0, kMargin, 0).contains(pos.toPoint()))
        return Drag::Pan;
    if (!m_window->hasRange())
        return Drag::Create;
    const double x0 = xOf(m_window->from()), x1 = xOf(m_window->to());
    const double d0 = std::abs(pos.x() - x0), d1 = std::abs(pos.x() - x1);
    if (std::min(d0, d1) <= kEdgeGrab)
        return d0 < d1 ? Drag::ResizeFrom : Drag::ResizeTo;
    if (pos.x() > x0 && pos.x() < x1)
        return Drag::Move;
    return Drag::Create;
}

void TimelineView::updateCursor(QPointF pos)
{
    switch (dragAt(pos)) {
    case Drag::ResizeFrom:
    case Drag::ResizeTo:
        setCursor(Qt::SizeHorCursor);
        break;
    case Drag::Move:
        setCursor(Qt::SizeAllCursor);
        break;
    case Drag::Pan:
        setCursor(Qt::OpenHandCursor);
        break;
    default:
        setCursor(Qt::CrossCursor);
    }
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_drag = dragAt(event->position());
    m_pressPos = event->position();
    m_dragged = false;
    m_anchor = timeAt(event->position().x());
    if (m_drag == Drag::Pan) {
        m_pressFrom = m_viewFrom;
        m_pressTo = m_viewTo;
        setCursor(Qt::ClosedHandCursor);
    } else {
        m_pressFrom = m_window->from();
        m_pressTo = m_window->to();
    }
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (m_drag == Drag::None) {
        updateCursor(pos);
        return;
    }
    if (!m_dragged && std::abs(pos.x() - m_pressPos.x()) < 3)
        return;
    m_dragged = true;
    // Snapped to the unit the axis shows; Shift drags freely (to the minute, what the
    // date fields show).
    const bool free = event->modifiers() & Qt::ShiftModifier;
    const int64_t t = timeAt(pos.x());
    switch (m_drag) {
    case Drag::Create: {
        const int64_t lo = snapStart(std::min(t, m_anchor), free);
        const int64_t hi = snapEnd(std::max(t, m_anchor), free);
        m_window->setRange(lo, std::max(hi, lo + kMinute) - 1);
        break;
    }
    case Drag::ResizeFrom: {
        const int64_t from = snapStart(t, free);
        m_window->setRange(std::min(from, m_pressTo), std::max(from, m_pressTo + 1) - 1);
        break;
    }
    case Drag::ResizeTo: {
        const int64_t to = snapEnd(t, free);
        m_window->setRange(std::min(to, m_pressFrom), std::max(to - 1, m_pressFrom));
        break;
    }
    case Drag::Move: {
        const int64_t delta = snapNearest(m_pressFrom + (t - m_anchor), free) - m_pressFrom;
        m_window->setRange(m_pressFrom + delta, m_pressTo + delta);
        break;
    }
    case Drag::Pan: {
        const double span = double(m_pressTo - m_pressFrom);
        const auto delta = int64_t((pos.x() - m_pressPos.x()) / plotRect().width() * span);
        setVisibleSpan(m_pressFrom - delta, m_pressTo - delta);
        break;
    }
    case Drag::None:
        break;
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_drag = Drag::None;
        updateCursor(event->position());
    }
    QWidget::mouseReleaseEvent(event);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && plotRect().contains(event->position().toPoint())) {
        m_drag = Drag::None;
        m_window->clearRange();
    }
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    const double factor = std::pow(0.8, steps); // up: zoom in
    const double x = event->position().x();
    const QRect plot = plotRect();
    const double fraction = std::clamp((x - plot.left()) / plot.width(), 0.0, 1.0);
    const int64_t at = timeAt(x);
    const double span =
        std::clamp(double(m_viewTo - m_viewFrom) * factor, double(kMinSpan), double(kMaxSpan));
    const int64_t from = at - int64_t(fraction * span);
    setVisibleSpan(from, from + int64_t(span));
    event->accept();
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Escape:
        m_window->clearRange();
        break;
    case Qt::Key_Left:
        m_window->stepBack();
        break;
    case Qt::Key_Right:
        m_window->stepForward();
        break;
    case Qt::Key_Home:
        showAllData();
        break;
    case Qt::Key_Plus:
    case Qt::Key_Minus: {
        const double factor = event->key() == Qt::Key_Plus ? 0.8 : 1.25;
        const int64_t span = int64_t(double(m_viewTo - m_viewFrom) * factor);
        const int64_t mid = m_viewFrom + (m_viewTo - m_viewFrom) / 2;
        setVisibleSpan(mid - span / 2, mid + span / 2);
        break;
    }
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

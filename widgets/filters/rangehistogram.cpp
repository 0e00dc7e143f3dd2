#include "rangehistogram.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {
const QColor kInside(0x00, 0x72, 0xb2); // the map's first category colour
const QColor kOutside(0xc4, 0xc9, 0xcf);
constexpr double kHandleGrab = 6; // pixels either side of a handle
} // namespace

RangeHistogram::RangeHistogram(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("rangeHistogram"));
    setMouseTracking(false);
    setCursor(Qt::SizeHorCursor);
    setToolTip(tr("Drag a bound to move it, or drag across the bars for a new range"));
}

void RangeHistogram::setValues(const std::vector<double> &values)
{
    m_bins.assign(kBins, 0);
    bool any = false;
    for (double v : values) {
        if (std::isnan(v))
            continue;
        m_dataMin = any ? std::min(m_dataMin, v) : v;
        m_dataMax = any ? std::max(m_dataMax, v) : v;
        any = true;
    }
    if (!any) {
        m_dataMin = m_dataMax = 0;
        m_bins.clear();
    } else {
        const double width = (m_dataMax - m_dataMin) / kBins;
        for (double v : values) {
            if (std::isnan(v))
                continue;
            const int b = width > 0 ? int((v - m_dataMin) / width) : 0;
            ++m_bins[size_t(std::clamp(b, 0, kBins - 1))];
        }
    }
    m_min = m_dataMin;
    m_max = m_dataMax;
    update();
}

void RangeHistogram::setRange(double min, double max)
{
    m_min = std::min(min, max);
    m_max = std::max(min, max);
    update();
}

QRectF RangeHistogram::plotRect() const
{
    return QRectF(rect()).adjusted(kHandleGrab, 4, -kHandleGrab, -4);
}

double RangeHistogram::xOf(double value) const
{
    const QRectF plot = plotRect();
    if (m_dataMax <= m_dataMin)
        return plot.center().x();
    const double t = std::clamp((value - m_dataMin) / (m_dataMax - m_dataMin), 0.0, 1.0);
    return plot.left() + t * plot.width();
}

double RangeHistogram::valueAt(double x) const
{
    const QRectF plot = plotRect();
    const double t = std::clamp((x - plot.left()) / std::max(plot.width(), 1.0), 0.0, 1.0);
    return m_dataMin + t * (m_dataMax - m_dataMin);
}

void RangeHistogram::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QRectF plot = plotRect();
    p.fillRect(rect(), palette().base());
    p.setPen(QPen(palette().mid().color(), 1));
    p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()));
    if (m_bins.empty())
        return;
    const int64_t top = *std::max_element(m_bins.begin(), m_bins.end());
    const double bw = plot.width() / kBins;
    const double binWidth = (m_dataMax - m_dataMin) / kBins;
    for (int b = 0; b < kBins; ++b) {
        if (m_bins[size_t(b)] == 0)
            continue;
        // A bin is "inside" when its middle is: the bars read as the range does.
        const double middle = m_dataMin + (b + 0.5) * binWidth;
        const bool inside = binWidth <= 0 || (middle >= m_min && middle <= m_max);
        // Square-root height: one tall bin (the usual pile of short encounters) must not
        // flatten the rest into nothing.
        const double h =
            std::max(1.0, std::sqrt(double(m_bins[size_t(b)]) / double(top)) * (plot.height() - 2));
        p.fillRect(QRectF(plot.left() + b * bw + 0.5, plot.bottom() - h, std::max(bw - 1, 1.0), h),
                   inside ? kInside : kOutside);
    }
    // The range: a light band and two handles.
    const double x0 = xOf(m_min), x1 = xOf(m_max);
    QColor band = kInside;
    band.setAlpha(28);
    p.fillRect(QRectF(QPointF(x0, plot.top()), QPointF(x1, plot.bottom())), band);
    p.setRenderHint(QPainter::Antialiasing, true);
    for (double x : {x0, x1}) {
        p.setPen(QPen(QColor(0x22, 0x22, 0x22), 2));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setBrush(Qt::white);
        p.setPen(QPen(QColor(0x22, 0x22, 0x22), 1.2));
        p.drawRoundedRect(QRectF(x - 4, plot.center().y() - 8, 8, 16), 2, 2);
    }
}

void RangeHistogram::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_bins.empty())
        return;
    const double x = event->position().x();
    const double d0 = std::abs(x - xOf(m_min)), d1 = std::abs(x - xOf(m_max));
    if (std::min(d0, d1) <= kHandleGrab) {
        m_drag = d0 < d1 || (d0 == d1 && x < xOf(m_min)) ? Drag::Min : Drag::Max;
    } else {
        m_drag = Drag::New;
        m_anchor = valueAt(x);
        setRange(m_anchor, m_anchor);
        emit rangeEdited(m_min, m_max);
    }
}

void RangeHistogram::mouseMoveEvent(QMouseEvent *event)
{
    if (m_drag == Drag::None)
        return;
    const double v = valueAt(event->position().x());
    if (m_drag == Drag::Min)
        setRange(std::min(v, m_max), m_max);
    else if (m_drag == Drag::Max)
        setRange(m_min, std::max(v, m_min));
    else
        setRange(m_anchor, v);
    emit rangeEdited(m_min, m_max);
}

void RangeHistogram::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_drag != Drag::None)
        mouseMoveEvent(event);
    m_drag = Drag::None;
}

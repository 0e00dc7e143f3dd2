#include "gaplayer.h"

#include "webmercator.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

GapLayer::GapLayer(QObject *parent) : MapLayer(Slot::Tracks, parent) { }

void GapLayer::setGaps(std::vector<Gap> gaps)
{
    m_gaps = std::move(gaps);
    emit changed();
}

QString GapLayer::label(const detect::Gap &gap)
{
    const double hours = double(gap.endMs - gap.startMs) / double(detect::kHourMs);
    return QStringLiteral("%1 h dark, %2 nm at %3 kn")
        .arg(hours, 0, 'f', 1)
        .arg(gap.distanceNm, 0, 'f', 1)
        .arg(gap.impliedSpeedKn, 0, 'f', 1);
}

void GapLayer::paint(QPainter &painter, const MapViewport &viewport, const RenderOptions &) const
{
    if (m_gaps.empty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const double ws = viewport.worldSize();
    const QRectF view(QPointF(0, 0), QSizeF(viewport.size()));
    const QColor ink(150, 20, 60);
    QPen halo(QColor(255, 255, 255, 200), 4.5);
    halo.setCapStyle(Qt::RoundCap);
    QPen dash(ink, 2.0, Qt::CustomDashLine, Qt::FlatCap);
    dash.setDashPattern({4, 3});
    QFont font = painter.font();
    font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.9));
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    for (const Gap &g : m_gaps) {
        const QPointF p0 = viewport.toPixel(g.gap.lat0, g.gap.lon0);
        const QPointF w0 = WebMercator::toWorld(g.gap.lat0, g.gap.lon0);
        const QPointF w1 = WebMercator::toWorld(g.gap.lat1, g.gap.lon1);
        double dx = w1.x() - w0.x();
        dx -= std::floor(dx + 0.5); // the short way round, across 180° when that is it
        const QPointF delta(dx * ws, (w1.y() - w0.y()) * ws);
        const QString text =
            g.vessel.isEmpty() ? label(g.gap) : g.vessel + QStringLiteral(": ") + label(g.gap);
        for (const double offset : {-ws, 0.0, ws}) {
            const QPointF a = p0 + QPointF(offset, 0);
            const QPointF b = a + delta;
            if (!view.intersects(QRectF(a, b).normalized().adjusted(-200, -20, 200, 20)))
                continue;
            painter.setPen(halo);
            painter.drawLine(a, b);
            painter.setPen(dash);
            painter.drawLine(a, b);
            // The two ends: hollow at the last position before, filled at the first after.
            painter.setPen(QPen(ink, 1.5));
            painter.setBrush(Qt::white);
            painter.drawEllipse(a, 3.5, 3.5);
            painter.setBrush(ink);
            painter.drawEllipse(b, 3.5, 3.5);
            // The label beside the middle of the line, on a pale box so it reads over
            // land and tracks alike.
            const QPointF mid = (a + b) / 2;
            const QRectF box = metrics.boundingRect(text).adjusted(-3, -1, 3, 1);
            const QRectF placed = box.translated(mid + QPointF(8, -4) - box.bottomLeft());
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(255, 255, 255, 215));
            painter.drawRoundedRect(placed, 2, 2);
            painter.setPen(ink);
            painter.drawText(placed, Qt::AlignCenter, text);
        }
    }
    painter.restore();
}

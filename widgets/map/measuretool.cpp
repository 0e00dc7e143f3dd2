#include "measuretool.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace {
const QColor kLine(200, 40, 40);

// Points along the great circle from a to b, about every 50 km (at least 2).
QList<QGeoCoordinate> arc(const QGeoCoordinate &a, const QGeoCoordinate &b)
{
    const double d = a.distanceTo(b);
    const int n = std::clamp(static_cast<int>(d / 50000), 1, 256);
    QList<QGeoCoordinate> out;
    out.reserve(n + 1);
    QGeoCoordinate p = a;
    out.append(a);
    for (int i = 1; i < n; ++i) {
        // Re-aim at b from each point: the azimuth of a great circle changes along it.
        p = p.atDistanceAndAzimuth(d / n, p.azimuthTo(b));
        out.append(p);
    }
    out.append(b);
    return out;
}
} // namespace

MeasureTool::MeasureTool(QObject *parent) : MapLayer(Slot::Decorations, parent) { }

void MeasureTool::addPoint(double lat, double lon)
{
    m_points.append(QGeoCoordinate(lat, lon));
    emit distanceChanged(totalMetres());
    emit changed();
}

void MeasureTool::clear()
{
    if (m_points.isEmpty())
        return;
    m_points.clear();
    emit distanceChanged(0);
    emit changed();
}

double MeasureTool::totalMetres() const
{
    double total = 0;
    for (int i = 1; i < m_points.size(); ++i)
        total += m_points[i - 1].distanceTo(m_points[i]);
    return total;
}

QString MeasureTool::formatDistance(double metres)
{
    const double nm = metres / 1852, km = metres / 1000;
    const auto fmt = [](double v) { return QString::number(v, 'f', v < 10 ? 2 : v < 100 ? 1 : 0); };
    return QStringLiteral("%1 nm · %2 km").arg(fmt(nm), fmt(km));
}

void MeasureTool::paint(QPainter &painter, const MapViewport &viewport, const RenderOptions &) const
{
    if (m_points.isEmpty())
        return;
    painter.setRenderHint(QPainter::Antialiasing, true);
    // Longitudes are unwrapped along the line, so an arc across 180° stays continuous:
    // x follows from the first point's pixel, linear in longitude.
    const QPointF first = viewport.toPixel(m_points[0].latitude(), m_points[0].longitude());
    double prevLon = m_points[0].longitude();
    double unwrapped = prevLon;
    const auto pixel = [&](const QGeoCoordinate &c) {
        double d = c.longitude() - prevLon;
        d -= 360 * std::round(d / 360);
        unwrapped += d;
        prevLon = c.longitude();
        const double x =
            first.x() + (unwrapped - m_points[0].longitude()) / 360 * viewport.worldSize();
        return QPointF(x, viewport.toPixel(c.latitude(), c.longitude()).y());
    };
    QPainterPath path(pixel(m_points[0]));
    QList<QPointF> vertices {path.currentPosition()};
    for (int i = 1; i < m_points.size(); ++i) {
        const QList<QGeoCoordinate> pts = arc(m_points[i - 1], m_points[i]);
        for (int k = 1; k < pts.size(); ++k)
            path.lineTo(pixel(pts[k]));
        vertices.append(path.currentPosition());
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(255, 255, 255, 200), 4));
    painter.drawPath(path);
    painter.setPen(QPen(kLine, 2));
    painter.drawPath(path);
    painter.setBrush(Qt::white);
    painter.setPen(QPen(kLine, 1.5));
    for (const QPointF &v : vertices)
        painter.drawEllipse(v, 3.5, 3.5);
    if (m_points.size() < 2)
        return;
    QFont font;
    font.setPixelSize(12);
    font.setBold(true);
    QPainterPath text;
    text.addText(vertices.last() + QPointF(8, -8), font, formatDistance(totalMetres()));
    painter.strokePath(
        text, QPen(QColor(255, 255, 255, 230), 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.fillPath(text, kLine);
}

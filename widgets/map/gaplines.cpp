#include "gaplines.h"

#include "eventlayer.h"
#include "eventstore.h"
#include "geodesic.h"
#include "webmercator.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace {

// A number in an extra column, or NaN when empty or not a number.
double numberIn(const EventStore &store, int column, size_t row)
{
    if (column < 0)
        return std::nan("");
    bool ok = false;
    const double v = store.extra(column, row).toDouble(&ok);
    return ok && std::isfinite(v) ? v : std::nan("");
}

// How the gap's vessel is named: its name, else its MMSI, else the vessel id column.
QString vesselOf(const EventStore &store, size_t row, int idColumn)
{
    const std::string_view name = store.textView(Field::VesselAName, row);
    if (!name.empty())
        return QString::fromUtf8(name.data(), qsizetype(name.size()));
    const std::string_view mmsi = store.textView(Field::VesselAMmsi, row);
    if (!mmsi.empty())
        return QStringLiteral("MMSI %1").arg(
            QString::fromUtf8(mmsi.data(), qsizetype(mmsi.size())));
    return idColumn >= 0 ? store.extra(idColumn, row) : QString();
}

} // namespace

namespace gaplines {

QString label(double hours, double distanceNm, double impliedSpeedKn)
{
    return QStringLiteral("%1 h dark, %2 nm at %3 kn")
        .arg(hours, 0, 'f', 1)
        .arg(distanceNm, 0, 'f', 1)
        .arg(impliedSpeedKn, 0, 'f', 1);
}

std::shared_ptr<const GapLines> find(const EventStore &store)
{
    auto lines = std::make_shared<GapLines>();
    const QStringList &names = store.extraNames();
    const int kind = int(names.indexOf(QStringLiteral("kind")));
    const int endLat = int(names.indexOf(QStringLiteral("end_lat")));
    const int endLon = int(names.indexOf(QStringLiteral("end_lon")));
    if (kind < 0 || endLat < 0 || endLon < 0)
        return lines;
    const int distance = int(names.indexOf(QStringLiteral("distance_nm")));
    const int speed = int(names.indexOf(QStringLiteral("implied_speed_kn")));
    const int vesselId = int(names.indexOf(QStringLiteral("vessel_a_id")));
    for (size_t r = 0; r < store.size(); ++r) {
        if (store.extraView(kind, r) != "gap")
            continue;
        GapLine line;
        line.row = uint32_t(r);
        line.lat0 = store.lat(r);
        line.lon0 = store.lon(r);
        line.lat1 = numberIn(store, endLat, r);
        line.lon1 = numberIn(store, endLon, r);
        if (!std::isfinite(line.lat0) || !std::isfinite(line.lon0) || !std::isfinite(line.lat1)
            || !std::isfinite(line.lon1) || std::abs(line.lat1) > 90 || std::abs(line.lon1) > 180)
            continue;
        const double hours = store.hasEnd(r) && store.start(r) != EventStore::kNoTime
            ? double(store.end(r) - store.start(r)) / 3'600'000.0
            : std::nan("");
        double nm = numberIn(store, distance, r);
        if (!std::isfinite(nm)) // a file without the column: the great circle
            nm = Geodesic::distanceNm({line.lon0, line.lat0}, {line.lon1, line.lat1});
        double kn = numberIn(store, speed, r);
        if (!std::isfinite(kn) && hours > 0)
            kn = nm / hours;
        QString text = label(hours, nm, kn);
        const QString vessel = vesselOf(store, r, vesselId);
        if (!vessel.isEmpty())
            text = vessel + QStringLiteral(": ") + text;
        line.label = text;
        lines->push_back(std::move(line));
    }
    return lines;
}

} // namespace gaplines

GapLineLayer::GapLineLayer(const EventLayer *owner, QObject *parent)
    : MapLayer(Slot::Tracks, parent), m_owner(owner)
{ }

std::vector<const GapLine *> GapLineLayer::visibleLines() const
{
    std::vector<const GapLine *> out;
    if (!isVisible() || !m_owner->isVisible())
        return out;
    for (const GapLine &line : *m_owner->gapLines()) {
        if (m_owner->isVisibleRow(line.row))
            out.push_back(&line);
    }
    return out;
}

QRectF GapLineLayer::placeLabel(QPointF a, QPointF b, const QRectF &box, const QRectF &view,
                                const QList<QRectF> &obstacles) const
{
    // Beside the middle of the line, 6 px off it: above left, below right, above right,
    // below left; the first clear of the line, the legends and the edges of the view.
    const QPointF mid = (a + b) / 2;
    const QSizeF size = box.size();
    const QRectF candidates[] = {
        QRectF(mid + QPointF(-6 - size.width(), -6 - size.height()), size),
        QRectF(mid + QPointF(6, 6), size),
        QRectF(mid + QPointF(6, -6 - size.height()), size),
        QRectF(mid + QPointF(-6 - size.width(), 6), size),
    };
    const auto clear = [&](const QRectF &r) {
        if (!view.contains(r))
            return false;
        for (const QRectF &o : obstacles)
            if (o.intersects(r))
                return false;
        for (int i = 0; i <= 32; ++i)
            if (r.contains(a + (b - a) * (i / 32.0)))
                return false;
        return true;
    };
    for (const QRectF &r : candidates)
        if (clear(r))
            return r;
    return candidates[0];
}

QRectF GapLineLayer::labelRect(const GapLine &line, const MapViewport &viewport) const
{
    QFont font;
    font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.9));
    const QFontMetricsF metrics(font);
    const double ws = viewport.worldSize();
    const QPointF a = viewport.toPixel(line.lat0, line.lon0);
    const QPointF w0 = WebMercator::toWorld(line.lat0, line.lon0);
    const QPointF w1 = WebMercator::toWorld(line.lat1, line.lon1);
    double dx = w1.x() - w0.x();
    dx -= std::floor(dx + 0.5);
    const QPointF b = a + QPointF(dx * ws, (w1.y() - w0.y()) * ws);
    const QRectF view(QPointF(0, 0), QSizeF(viewport.size()));
    return placeLabel(a, b, metrics.boundingRect(line.label).adjusted(-3, -1, 3, 1), view,
                      m_obstacles ? m_obstacles(viewport) : QList<QRectF>());
}

void GapLineLayer::paint(QPainter &painter, const MapViewport &viewport,
                         const RenderOptions &) const
{
    const std::vector<const GapLine *> lines = visibleLines();
    if (lines.empty())
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
    const QList<QRectF> obstacles = m_obstacles ? m_obstacles(viewport) : QList<QRectF>();
    for (const GapLine *g : lines) {
        const QPointF p0 = viewport.toPixel(g->lat0, g->lon0);
        const QPointF w0 = WebMercator::toWorld(g->lat0, g->lon0);
        const QPointF w1 = WebMercator::toWorld(g->lat1, g->lon1);
        double dx = w1.x() - w0.x();
        dx -= std::floor(dx + 0.5); // the short way round, across 180° when that is it
        const QPointF delta(dx * ws, (w1.y() - w0.y()) * ws);
        const QRectF box = metrics.boundingRect(g->label).adjusted(-3, -1, 3, 1);
        for (const double offset : {-ws, 0.0, ws}) {
            const QPointF a = p0 + QPointF(offset, 0);
            const QPointF b = a + delta;
            const QRectF placed = placeLabel(a, b, box, view, obstacles);
            if (!view.intersects(QRectF(a, b).normalized().adjusted(-4, -4, 4, 4).united(placed)))
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
            // The label beside the line, on a pale box so it reads over land and tracks.
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(255, 255, 255, 215));
            painter.drawRoundedRect(placed, 2, 2);
            painter.setPen(ink);
            painter.drawText(placed, Qt::AlignCenter, g->label);
        }
    }
    painter.restore();
}

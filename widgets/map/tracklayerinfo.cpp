// TrackLayer's colours, legend, hover and tool tip.
#include "decorationslayer.h"
#include "eventlayer.h"
#include "mapviewport.h"
#include "trackgeometry.h"
#include "tracklayer.h"
#include "tracks/trackstore.h"
#include "webmercator.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {
constexpr double kFixed = 4294967296.0;
const double kSpeedBreaks[] = {2, 5, 10, 15}; // knots
} // namespace

int TrackLayer::speedClass(float knots)
{
    if (!std::isfinite(knots))
        return kSpeedClasses - 1;
    int c = 0;
    for (double b : kSpeedBreaks)
        c += knots >= b;
    return c;
}

QColor TrackLayer::speedColor(int speedClass)
{
    // Slow to fast: dark violet, blue, teal green, orange, red; distinguishable from
    // each other and readable on the pale sea and the land.
    static const QColor colors[kSpeedClasses] = {
        QColor(0x5e, 0x3c, 0x99), QColor(0x21, 0x66, 0xac), QColor(0x1a, 0x98, 0x50),
        QColor(0xf4, 0x6d, 0x0a), QColor(0xd7, 0x19, 0x1c), QColor(0x8c, 0x8c, 0x8c)};
    return colors[std::clamp(speedClass, 0, kSpeedClasses - 1)];
}

QString TrackLayer::speedLabel(int speedClass)
{
    switch (speedClass) {
    case 0:
        return QStringLiteral("0\u20132 kn");
    case 1:
        return QStringLiteral("2\u20135 kn");
    case 2:
        return QStringLiteral("5\u201310 kn");
    case 3:
        return QStringLiteral("10\u201315 kn");
    case 4:
        return QStringLiteral("15 kn and more");
    default:
        return QStringLiteral("No speed reported");
    }
}

QColor TrackLayer::vesselColor(const TrackStore &store, uint32_t vessel)
{
    // From the vessel's id, not its index: the same vessel keeps its colour when other
    // files are added to the data set.
    uint32_t h = 2166136261u;
    for (char c : store.vesselId(vessel)) {
        h ^= uint8_t(c);
        h *= 16777619u;
    }
    h ^= h >> 15;
    h *= 0x2c1b3c6dU;
    h ^= h >> 12;
    const int hue = int(h % 360);
    // Yellows and light greens are hard to read on the pale basemap: darker there.
    const int value = (hue > 40 && hue < 170) ? 150 : 205;
    return QColor::fromHsv(hue, 210, value);
}

QString TrackLayer::legendTitle() const
{
    return m_colorMode == ColorMode::Speed ? tr("Tracks: speed over ground")
                                           : tr("Tracks: colour per vessel");
}

QList<TrackLayer::LegendEntry> TrackLayer::legendEntries() const
{
    QList<LegendEntry> out;
    const TrackStore *t = store();
    if (!t || t->positionCount() == 0)
        return out;
    if (m_colorMode == ColorMode::Speed) {
        for (int i = 0; i < kSpeedClasses; ++i)
            out.append({speedLabel(i), speedColor(i), false});
    }
    const double hours = double(t->rules().maxGapMs) / 3600000.0;
    out.append({tr("No report for over %1 h").arg(hours, 0, 'g', 3),
                m_colorMode == ColorMode::Speed ? gapColor() : QColor(0x55, 0x55, 0x55), true});
    return out;
}

namespace {
struct TrackLegendLayout
{
    QRectF box;
    QFont font, title;
    double pad = 8, line = 16;
};

TrackLegendLayout trackLegendLayout(const TrackLayer &layer, const EventLayer *anchor,
                                    const MapViewport &viewport)
{
    TrackLegendLayout l;
    const auto entries = layer.legendEntries();
    if (entries.isEmpty())
        return l;
    l.font.setPixelSize(11);
    l.title = l.font;
    l.title.setBold(true);
    const QFontMetricsF fm(l.font), tm(l.title);
    l.line = std::max(16.0, fm.height() + 3);
    const double margin = 10, gap = 4;
    double top = std::max(margin, DecorationsLayer::longitudeLabelBand(viewport).bottom() + gap);
    if (anchor && anchor->isVisible()) {
        const QRectF above = anchor->legendRect(viewport);
        if (!above.isEmpty())
            top = above.bottom() + 6;
    }
    const double bottom = DecorationsLayer::scaleBarRect(viewport).top() - gap;
    double width = tm.horizontalAdvance(layer.legendTitle());
    for (const auto &e : entries)
        width = std::max(width, 26 + fm.horizontalAdvance(e.label));
    width += 2 * l.pad + 2;
    const double height = 2 * l.pad + l.line * double(entries.size() + 1) - 2;
    if (top + height > bottom || width > viewport.size().width() - 2 * margin)
        return l;
    l.box = QRectF(viewport.size().width() - width - margin, top, width, height);
    return l;
}
} // namespace

QRectF TrackLayer::legendRect(const MapViewport &viewport) const
{
    if (!m_legendVisible || !isVisible())
        return {};
    return trackLegendLayout(*this, m_anchor, viewport).box;
}

void TrackLayer::paintLegend(QPainter &painter, const MapViewport &viewport) const
{
    const TrackLegendLayout l = trackLegendLayout(*this, m_anchor, viewport);
    if (l.box.isEmpty())
        return;
    const QRectF &box = l.box;
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(QColor(0, 0, 0, 60), 1.0));
    painter.setBrush(QColor(255, 255, 255, 225));
    painter.drawRoundedRect(box, 4, 4);
    painter.setFont(l.title);
    painter.setPen(QColor(0x22, 0x22, 0x22));
    painter.drawText(QRectF(box.left() + l.pad, box.top() + l.pad, box.width() - 2 * l.pad, l.line),
                     Qt::AlignLeft | Qt::AlignVCenter, legendTitle());
    painter.setFont(l.font);
    double y = box.top() + l.pad + l.line;
    for (const LegendEntry &e : legendEntries()) {
        QPen pen(e.color, 2.5, e.dashed ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap);
        if (e.dashed)
            pen.setDashPattern({2, 1.6});
        painter.setPen(pen);
        painter.drawLine(QPointF(box.left() + l.pad, y + l.line / 2),
                         QPointF(box.left() + l.pad + 18, y + l.line / 2));
        painter.setPen(QColor(0x22, 0x22, 0x22));
        painter.drawText(QRectF(box.left() + l.pad + 26, y, box.width() - 2 * l.pad - 26, l.line),
                         Qt::AlignLeft | Qt::AlignVCenter, e.label);
        y += l.line;
    }
}

std::optional<TrackLayer::Hit> TrackLayer::positionAt(QPointF pixel, const MapViewport &viewport,
                                                      double radius) const
{
    const TrackStore *t = store();
    if (!t || !isVisible())
        return std::nullopt;
    const auto ivs = intervals();
    if (ivs.empty())
        return std::nullopt;
    int64_t lo = ivs.front().from, hi = ivs.front().to;
    for (const Interval &i : ivs) {
        lo = std::min(lo, i.from);
        hi = std::max(hi, i.to);
    }
    const TrackGeometry &g = *m_geometry;
    const TrackGeometry::Level &full = g.levelForZoom(1e9);
    const double ws = viewport.worldSize();
    const QPointF c = WebMercator::toWorld(viewport.centerLat(), viewport.centerLon());
    double qx = c.x() + (pixel.x() - viewport.size().width() / 2.0) / ws;
    qx -= std::floor(qx);
    const double qy = c.y() + (pixel.y() - viewport.size().height() / 2.0) / ws;
    const auto qxF = uint32_t(int64_t(std::floor(qx * kFixed)) & 0xFFFFFFFFLL);
    const double half = (radius + 2) / ws + 1e-6;
    auto near = [&](const TrackGeometry::Box &b) {
        if (double(b.y0) > qy + half || double(b.y1) < qy - half)
            return false;
        double rel = double(b.x0) - qx;
        rel -= std::floor(rel + 0.5);
        return std::ceil(-half - rel - double(b.dx1)) <= std::floor(half - rel - double(b.dx0));
    };
    std::optional<Hit> best;
    const auto &times = t->times();
    auto searchVessel = [&](uint32_t v) {
        for (uint32_t s = t->vesselSegmentBegin(v); s < t->vesselSegmentEnd(v); ++s) {
            const uint32_t b = t->segmentBegin(s), e = t->segmentEnd(s);
            if (b == e || times[b] > hi || times[e - 1] < lo || !near(g.segmentBox(s)))
                continue;
            for (uint32_t ch = full.segChunk[s]; ch < full.segChunk[s + 1]; ++ch) {
                if (!near(full.chunks[ch]))
                    continue;
                const uint32_t k0 = b + (ch - full.segChunk[s]) * TrackGeometry::kChunk;
                const uint32_t k1 = std::min(e, k0 + TrackGeometry::kChunk);
                for (uint32_t p = k0; p < k1; ++p) {
                    if (times[p] < lo || times[p] > hi)
                        continue;
                    const double dx = TrackGeometry::deltaX(qxF, g.xs()[p]) * ws;
                    const double dy = (TrackGeometry::worldY(g.ys()[p]) - qy) * ws;
                    const double d = std::sqrt(dx * dx + dy * dy);
                    if (d <= radius && (!best || d < best->distance))
                        best = Hit {v, p, d};
                }
            }
        }
    };
    if (m_hasFocus) {
        for (uint32_t v : m_focus)
            if (v < t->vesselCount())
                searchVessel(v);
    } else {
        for (uint32_t v = 0; v < t->vesselCount(); ++v)
            searchVessel(v);
    }
    return best;
}

QString TrackLayer::toolTipAt(QPointF pixel, const MapViewport &viewport) const
{
    const auto hit = positionAt(pixel, viewport);
    if (!hit)
        return {};
    const TrackStore &t = *store();
    const VesselIdentity id = t.identity(hit->vessel);
    const QString vesselId = QString::fromUtf8(t.vesselId(hit->vessel).data(),
                                               qsizetype(t.vesselId(hit->vessel).size()));
    QString who = id.name.empty()
        ? vesselId
        : QStringLiteral("%1 (%2)").arg(QString::fromStdString(id.name), vesselId);
    if (t.mmsi(hit->vessel) != 0 && id.name.empty())
        who = QStringLiteral("MMSI %1").arg(vesselId);
    const QString time = QDateTime::fromMSecsSinceEpoch(t.timeMs(hit->position), Qt::UTC)
                             .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    const float sog = t.sog(hit->position), cog = t.cog(hit->position);
    const QString speed = std::isfinite(sog) ? QStringLiteral("%1 kn").arg(double(sog), 0, 'f', 1)
                                             : tr("speed not reported");
    const QString course = std::isfinite(cog)
        ? QStringLiteral("course %1\u00b0").arg(double(cog), 0, 'f', 1)
        : tr("course not reported");
    return QStringLiteral("%1\n%2\n%3, %4").arg(who, time, speed, course);
}

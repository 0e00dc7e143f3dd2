#include "tracklayer.h"

#include "trackframe.h"
#include "trackgeometry.h"
#include "trackraster.h"
#include "tracks/trackstore.h"
#include "webmercator.h"

#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <cmath>

TrackLayer::TrackLayer(QObject *parent) : MapLayer(Slot::Tracks, parent) { }

TrackLayer::~TrackLayer() = default;

void TrackLayer::setTracks(std::shared_ptr<const TrackStore> store)
{
    setGeometry(store ? TrackGeometry::build(std::move(store)) : nullptr);
}

void TrackLayer::setGeometry(std::shared_ptr<const TrackGeometry> geometry)
{
    m_geometry = std::move(geometry);
    m_highlighted.clear();
    m_hasFocus = false;
    m_focus.clear();
    emit changed();
}

const TrackStore *TrackLayer::store() const
{
    return m_geometry ? m_geometry->store().get() : nullptr;
}

void TrackLayer::setColorMode(ColorMode mode)
{
    if (mode == m_colorMode)
        return;
    m_colorMode = mode;
    emit changed();
}

void TrackLayer::setTimeWindow(std::optional<int64_t> from, std::optional<int64_t> to)
{
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    emit changed();
}

void TrackLayer::setPlayhead(std::optional<int64_t> ms)
{
    if (ms == m_playhead)
        return;
    m_playhead = ms;
    emit changed();
}

void TrackLayer::setHighlightedVessels(std::vector<uint32_t> vessels)
{
    std::sort(vessels.begin(), vessels.end());
    vessels.erase(std::unique(vessels.begin(), vessels.end()), vessels.end());
    if (vessels == m_highlighted)
        return;
    m_highlighted = std::move(vessels);
    emit changed();
}

void TrackLayer::setFocus(std::vector<uint32_t> vessels, int64_t fromMs, int64_t toMs)
{
    std::sort(vessels.begin(), vessels.end());
    vessels.erase(std::unique(vessels.begin(), vessels.end()), vessels.end());
    m_hasFocus = true;
    m_focus = std::move(vessels);
    m_focusFrom = std::min(fromMs, toMs);
    m_focusTo = std::max(fromMs, toMs);
    emit changed();
}

void TrackLayer::clearFocus()
{
    if (!m_hasFocus)
        return;
    m_hasFocus = false;
    m_focus.clear();
    emit changed();
}

void TrackLayer::setSimplified(bool on)
{
    if (on == m_simplified)
        return;
    m_simplified = on;
    emit changed();
}

void TrackLayer::setLegendVisible(bool on)
{
    if (on == m_legendVisible)
        return;
    m_legendVisible = on;
    emit changed();
}

void TrackLayer::copyFrom(const TrackLayer &other)
{
    m_geometry = other.m_geometry;
    m_colorMode = other.m_colorMode;
    m_from = other.m_from;
    m_to = other.m_to;
    m_playhead = other.m_playhead;
    m_highlighted = other.m_highlighted;
    m_hasFocus = other.m_hasFocus;
    m_focus = other.m_focus;
    m_focusFrom = other.m_focusFrom;
    m_focusTo = other.m_focusTo;
    m_simplified = other.m_simplified;
    m_legendVisible = other.m_legendVisible;
    setVisible(other.isVisible());
    emit changed();
}

bool TrackLayer::vesselShown(uint32_t v) const
{
    return !m_hasFocus || std::binary_search(m_focus.begin(), m_focus.end(), v);
}

std::vector<TrackLayer::Interval> TrackLayer::intervals() const
{
    constexpr int64_t lo = std::numeric_limits<int64_t>::min();
    constexpr int64_t hi = std::numeric_limits<int64_t>::max();
    if (m_hasFocus)
        return {{m_focusFrom, m_focusTo, 255}};
    const int64_t from = m_from.value_or(lo), to = m_to.value_or(hi);
    if (from > to)
        return {};
    if (!m_playhead)
        return {{from, to, 255}};
    // Playback: the window faded, the tail before the play head in rising opacity.
    const int64_t head = std::clamp(*m_playhead, from, to);
    const int64_t tailStart = std::max(from, head - kTailMs);
    std::vector<Interval> out;
    if (tailStart > from)
        out.push_back({from, tailStart, 70});
    constexpr int kSteps = 4;
    const int alphas[kSteps] = {110, 160, 210, 255};
    for (int i = 0; i < kSteps; ++i) {
        const int64_t a = tailStart + (head - tailStart) * i / kSteps;
        const int64_t b = tailStart + (head - tailStart) * (i + 1) / kSteps;
        if (b > a || (i == kSteps - 1 && out.empty()))
            out.push_back({a, b, alphas[i]});
    }
    return out;
}

bool TrackLayer::showsPosition(uint32_t vessel, uint32_t position) const
{
    const TrackStore *t = store();
    if (!t || !vesselShown(vessel))
        return false;
    const int64_t ms = t->timeMs(position);
    for (const Interval &i : intervals())
        if (ms >= i.from && ms <= i.to)
            return true;
    return false;
}

void TrackLayer::paint(QPainter &painter, const MapViewport &viewport,
                       const RenderOptions & /*options*/) const
{
    m_lastLines = 0;
    const TrackStore *t = store();
    if (!t || t->positionCount() == 0)
        return;
    // On a raster device (the widget, an image) the thin lines are written into an
    // image of the device's pixels and laid over the map in one go; PDF and SVG get
    // vector lines.
    const QTransform dt = painter.deviceTransform();
    const bool raster = painter.paintEngine()
        && painter.paintEngine()->type() == QPaintEngine::Raster && dt.type() <= QTransform::TxScale
        && dt.m11() > 0 && qFuzzyCompare(dt.m11(), dt.m22());
    QImage buffer;
    std::unique_ptr<TrackRaster> lines;
    if (raster) {
        const double scale = dt.m11();
        buffer = QImage(QSize(int(std::ceil(viewport.size().width() * scale)),
                              int(std::ceil(viewport.size().height() * scale))),
                        QImage::Format_ARGB32_Premultiplied);
        buffer.fill(Qt::transparent);
        lines = std::make_unique<TrackRaster>(&buffer, scale);
    }
    TrackFrame frame(*this, viewport, lines.get());
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (const Interval &i : intervals())
        frame.drawAll(painter, i, false);
    if (raster)
        painter.drawImage(QRectF(QPointF(0, 0), QSizeF(viewport.size())), buffer);
    if (!m_highlighted.empty())
        for (const Interval &i : intervals())
            frame.drawAll(painter, i, true);
    m_lastLines = frame.lineCount();
    if (m_playhead && !m_hasFocus)
        paintArrows(painter, viewport);
    if (m_legendVisible)
        paintLegend(painter, viewport);
}

std::vector<TrackLayer::Arrow> TrackLayer::arrows() const
{
    std::vector<Arrow> out;
    const TrackStore *t = store();
    if (!t || !m_playhead)
        return out;
    const int64_t head = *m_playhead;
    const TrackGeometry &g = *m_geometry;
    for (uint32_t v = 0; v < t->vesselCount(); ++v) {
        if (!vesselShown(v))
            continue;
        for (uint32_t s = t->vesselSegmentBegin(v); s < t->vesselSegmentEnd(v); ++s) {
            const uint32_t b = t->segmentBegin(s), e = t->segmentEnd(s);
            if (b == e || t->timeMs(b) > head || t->timeMs(e - 1) < head)
                continue;
            const auto &times = t->times();
            const uint32_t p = uint32_t(std::lower_bound(times.begin() + b, times.begin() + e, head)
                                        - times.begin());
            // p is the first report at or after the head; interpolate from the one before.
            const uint32_t a = p > b ? p - 1 : p;
            const double f =
                p > a ? double(head - t->timeMs(a)) / double(t->timeMs(p) - t->timeMs(a)) : 0.0;
            const double dx = TrackGeometry::deltaX(g.xs()[a], g.xs()[p]);
            const double x = TrackGeometry::worldX(g.xs()[a]) + f * dx;
            const double ya = TrackGeometry::worldY(g.ys()[a]);
            const double dy = TrackGeometry::worldY(g.ys()[p]) - ya;
            Arrow arrow;
            arrow.vessel = v;
            arrow.position = a;
            WebMercator::fromWorld({x, ya + f * dy}, &arrow.lat, &arrow.lon);
            arrow.lon = WebMercator::wrapLongitude(arrow.lon);
            const float cog = t->cog(a);
            if (std::isfinite(cog))
                arrow.course = cog;
            else if (dx != 0 || dy != 0)
                arrow.course =
                    std::fmod(std::atan2(dx, -dy) * 180.0 / WebMercator::kPi + 360.0, 360.0);
            else
                arrow.course = NAN; // standing still, no course: a dot, not an arrow
            out.push_back(arrow);
        }
    }
    return out;
}

QImage TrackLayer::arrowStamp(const QColor &color, int angleStep, double scale) const
{
    // 5° steps, 72 of them; 72 is the dot of a vessel with no course.
    const quint64 key = (quint64(color.rgba()) << 32) | (quint64(angleStep) << 16)
        | quint64(std::lround(scale * 100));
    QMutexLocker lock(&m_stampMutex);
    const auto it = m_stamps.constFind(key);
    if (it != m_stamps.constEnd())
        return *it;
    if (m_stamps.size() > 8192)
        m_stamps.clear();
    QImage stamp(QSize(int(std::ceil(kStamp * scale)), int(std::ceil(kStamp * scale))),
                 QImage::Format_ARGB32_Premultiplied);
    stamp.setDevicePixelRatio(scale);
    stamp.fill(Qt::transparent);
    QPainter p(&stamp);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(QColor(255, 255, 255, 230), 1.2));
    p.setBrush(color);
    const QPointF c(kStamp / 2, kStamp / 2);
    if (angleStep >= 72) {
        p.drawEllipse(c, 3.5, 3.5);
    } else {
        p.translate(c);
        p.rotate(angleStep * 5.0);
        const QPointF shape[4] = {{0, -8}, {5, 5}, {0, 2.5}, {-5, 5}};
        p.drawPolygon(shape, 4);
    }
    p.end();
    m_stamps.insert(key, stamp);
    return stamp;
}

void TrackLayer::paintArrows(QPainter &painter, const MapViewport &viewport) const
{
    const TrackStore &t = *store();
    const QRectF view = QRectF(QPointF(0, 0), QSizeF(viewport.size())).adjusted(-12, -12, 12, 12);
    const double scale = std::max(1.0, painter.deviceTransform().m11());
    for (const Arrow &a : arrows()) {
        const QPointF c = viewport.toPixel(a.lat, a.lon);
        if (!view.contains(c))
            continue;
        const QColor color = m_colorMode == ColorMode::Vessel
            ? vesselColor(t, a.vessel)
            : speedColor(speedClass(t.sog(a.position)));
        const int step = std::isfinite(a.course) ? int(std::lround(a.course / 5.0)) % 72 : 72;
        painter.drawImage(c - QPointF(kStamp / 2, kStamp / 2), arrowStamp(color, step, scale));
    }
}

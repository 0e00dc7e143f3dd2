#include "trackframe.h"

#include "mapviewport.h"
#include "trackraster.h"
#include "tracks/trackstore.h"
#include "webmercator.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {
constexpr double kFixed = 4294967296.0;
constexpr double kMargin = 4; // logical pixels drawn beyond the view (line caps)
} // namespace

TrackFrame::TrackFrame(const TrackLayer &layer, const MapViewport &viewport, TrackRaster *raster)
    : m_layer(layer),
      m_t(*layer.store()),
      m_g(*layer.geometry()),
      m_level(layer.m_simplified
                  ? m_g.levelForZoom(viewport.zoom() + std::log2(viewport.devicePixelRatio()))
                  : m_g.levelForZoom(1e9)),
      m_ws(viewport.worldSize()),
      m_w(viewport.size().width()),
      m_h(viewport.size().height()),
      m_margin(kMargin),
      m_skip(layer.m_simplified),
      m_raster(raster)
{
    const QPointF c = WebMercator::toWorld(viewport.centerLat(), viewport.centerLon());
    m_cx = c.x() - std::floor(c.x());
    m_cy = c.y();
    m_cxF = uint32_t(int64_t(std::floor(m_cx * kFixed)) & 0xFFFFFFFFLL);
    // Boxes are floats (a world unit's 2^-24): a pixel's slack at zoom 16.
    m_halfW = (m_w / 2 + m_margin + 2) / m_ws + 1e-6;
    m_halfH = (m_h / 2 + m_margin + 2) / m_ws + 1e-6;
}

bool TrackFrame::boxVisible(const TrackGeometry::Box &box) const
{
    if (double(box.y0) > m_cy + m_halfH || double(box.y1) < m_cy - m_halfH)
        return false;
    double rel = double(box.x0) - m_cx;
    rel -= std::floor(rel + 0.5);
    // Some copy k of the box overlaps [-halfW, halfW].
    const double kmin = std::ceil(-m_halfW - rel - double(box.dx1));
    const double kmax = std::floor(m_halfW - rel - double(box.dx0));
    return kmin <= kmax;
}

int TrackFrame::colorOf(uint32_t position) const
{
    return TrackLayer::speedClass(m_t.sog(position));
}

void TrackFrame::interpolate(uint32_t a, uint32_t b, int64_t ms, uint32_t *fx, double *wy) const
{
    const int64_t ta = m_t.timeMs(a), tb = m_t.timeMs(b);
    const double f = tb > ta ? std::clamp(double(ms - ta) / double(tb - ta), 0.0, 1.0) : 0.0;
    const auto dx = int32_t(m_g.xs()[b] - m_g.xs()[a]);
    *fx = m_g.xs()[a] + uint32_t(int64_t(std::llround(dx * f)));
    const double ya = TrackGeometry::worldY(m_g.ys()[a]);
    *wy = ya + f * (TrackGeometry::worldY(m_g.ys()[b]) - ya);
}

void TrackFrame::put(uint32_t fx, double wy, int color)
{
    const double py = (wy - m_cy) * m_ws + m_h / 2;
    if (!m_has) {
        // The copy of the world nearest the centre; the rest of the run follows it
        // the short way round, across the antimeridian if need be.
        const double px = TrackGeometry::deltaX(m_cxF, fx) * m_ws + m_w / 2;
        m_has = true;
        m_lastX = m_refX = px;
        m_lastY = py;
        m_refFx = fx;
        m_lastColor = color;
        return;
    }
    const double px = m_refX + TrackGeometry::deltaX(m_refFx, fx) * m_ws;
    m_refX = px;
    m_refFx = fx;
    if (m_skip && std::abs(px - m_lastX) < 0.5 && std::abs(py - m_lastY) < 0.5) {
        m_pending = true;
        m_pendX = px;
        m_pendY = py;
        return;
    }
    addLine(m_lastX, m_lastY, px, py, target(m_lastColor));
    m_lastX = px;
    m_lastY = py;
    m_lastColor = color;
    m_pending = false;
}

void TrackFrame::endRun()
{
    if (m_pending)
        addLine(m_lastX, m_lastY, m_pendX, m_pendY, target(m_lastColor));
    m_has = false;
    m_pending = false;
}

std::vector<QLineF> &TrackFrame::target(int color)
{
    return m_layer.m_colorMode == TrackLayer::ColorMode::Vessel ? m_vessel : m_lines[color];
}

void TrackFrame::addLine(double ax, double ay, double bx, double by, std::vector<QLineF> &out)
{
    const double m = m_margin;
    if (std::max(ay, by) < -m || std::min(ay, by) > m_h + m)
        return;
    const double x0 = std::min(ax, bx), x1 = std::max(ax, bx);
    if (x0 >= -m && x1 <= m_w + m) {
        out.emplace_back(ax, ay, bx, by);
        return;
    }
    // On every copy of the world the line shows on.
    const double kmin = std::ceil((-m - x1) / m_ws), kmax = std::floor((m_w + m - x0) / m_ws);
    for (double k = kmin; k <= kmax; ++k)
        out.emplace_back(ax + k * m_ws, ay, bx + k * m_ws, by);
}

void TrackFrame::drawSegment(uint32_t s, const TrackLayer::Interval &iv)
{
    const uint32_t b = m_t.segmentBegin(s), e = m_t.segmentEnd(s);
    if (b == e || m_t.timeMs(b) > iv.to || m_t.timeMs(e - 1) < iv.from)
        return;
    if (!boxVisible(m_g.segmentBox(s)))
        return;
    const auto &times = m_t.times();
    const auto p0 =
        uint32_t(std::lower_bound(times.begin() + b, times.begin() + e, iv.from) - times.begin());
    const auto p1 =
        uint32_t(std::upper_bound(times.begin() + b, times.begin() + e, iv.to) - times.begin());
    uint32_t fx = 0;
    double wy = 0;
    if (p0 == p1) {
        // No report inside the window, which cuts one line of the track.
        if (p0 > b && p0 < e) {
            interpolate(p0 - 1, p0, iv.from, &fx, &wy);
            put(fx, wy, colorOf(p0 - 1));
            interpolate(p0 - 1, p0, iv.to, &fx, &wy);
            put(fx, wy, colorOf(p0 - 1));
            endRun();
        }
        return;
    }
    if (p0 > b) {
        interpolate(p0 - 1, p0, iv.from, &fx, &wy);
        put(fx, wy, colorOf(p0 - 1));
    }
    put(m_g.xs()[p0], TrackGeometry::worldY(m_g.ys()[p0]), colorOf(p0));
    const uint32_t last = p1 - 1;

    // The level's entries strictly between p0 and last.
    const TrackGeometry::Level &L = m_level;
    const uint32_t sb = L.segBegin[s], se = L.segBegin[s + 1];
    uint32_t k0, k1;
    if (L.all) {
        k0 = p0 + 1;
        k1 = std::max(last, k0);
    } else {
        const auto begin = L.idx.begin();
        k0 = uint32_t(std::upper_bound(begin + sb, begin + se, p0) - begin);
        k1 = uint32_t(std::lower_bound(begin + sb, begin + se, last) - begin);
        k1 = std::max(k1, k0);
    }
    bool broken = false;
    auto resume = [&](uint32_t k) {
        // After skipped chunks: start again from the entry before k (or p0).
        endRun();
        const uint32_t prev = k > k0 ? L.position(k - 1) : p0;
        put(m_g.xs()[prev], TrackGeometry::worldY(m_g.ys()[prev]), colorOf(prev));
        broken = false;
    };
    uint32_t k = k0;
    while (k < k1) {
        const uint32_t chunk = L.segChunk[s] + (k - sb) / TrackGeometry::kChunk;
        const uint32_t chunkEnd = std::min(
            k1,
            sb + (k - sb) / TrackGeometry::kChunk * TrackGeometry::kChunk + TrackGeometry::kChunk);
        if (!boxVisible(L.chunks[chunk])) {
            broken = true;
            k = chunkEnd;
            continue;
        }
        if (broken)
            resume(k);
        for (; k < chunkEnd; ++k) {
            const uint32_t p = L.position(k);
            put(m_g.xs()[p], TrackGeometry::worldY(m_g.ys()[p]), colorOf(p));
        }
    }
    if (broken)
        resume(k1);
    if (last > p0)
        put(m_g.xs()[last], TrackGeometry::worldY(m_g.ys()[last]), colorOf(last));
    if (p1 < e) {
        interpolate(last, p1, iv.to, &fx, &wy);
        put(fx, wy, colorOf(last));
    }
    endRun();
}

void TrackFrame::drawGap(uint32_t s, const TrackLayer::Interval &iv)
{
    if (m_t.segmentStart(s) != TrackStore::SegmentStart::AfterGap || m_t.gapFrom(s) < 0)
        return;
    const auto from = size_t(m_t.gapFrom(s));
    if (m_t.segmentEnd(from) == m_t.segmentBegin(from) || m_t.segmentBegin(s) == m_t.segmentEnd(s))
        return;
    const uint32_t a = m_t.segmentEnd(from) - 1, b = m_t.segmentBegin(s);
    if (m_t.timeMs(a) > iv.to || m_t.timeMs(b) < iv.from)
        return;
    uint32_t fa = 0, fb = 0;
    double ya = 0, yb = 0;
    interpolate(a, b, std::max(iv.from, m_t.timeMs(a)), &fa, &ya);
    interpolate(a, b, std::min(iv.to, m_t.timeMs(b)), &fb, &yb);
    const double ax = TrackGeometry::deltaX(m_cxF, fa) * m_ws + m_w / 2;
    const double bx = ax + TrackGeometry::deltaX(fa, fb) * m_ws;
    addLine(ax, (ya - m_cy) * m_ws + m_h / 2, bx, (yb - m_cy) * m_ws + m_h / 2, m_gaps);
}

void TrackFrame::flush(QPainter &painter, std::vector<QLineF> &lines, const QColor &color,
                       bool dashed, bool thick)
{
    if (lines.empty())
        return;
    m_count += lines.size();
    if (thick) {
        QPen casing(QColor(255, 255, 255, color.alpha()), 5.0, Qt::SolidLine, Qt::RoundCap,
                    Qt::RoundJoin);
        painter.setPen(casing);
        painter.drawLines(lines.data(), int(lines.size()));
        QPen pen(color, 2.6, dashed ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        painter.setPen(pen);
        painter.drawLines(lines.data(), int(lines.size()));
    } else if (m_raster && !dashed) {
        m_raster->setColor(color);
        m_raster->drawLines(lines.data(), lines.size());
    } else {
        // Cosmetic and one pixel wide: the raster engine's fast anti-aliased stroker.
        QPen pen(color, 1.0);
        pen.setCosmetic(true);
        if (dashed)
            pen.setDashPattern({4, 3});
        painter.setPen(pen);
        painter.drawLines(lines.data(), int(lines.size()));
    }
    lines.clear();
}

void TrackFrame::drawAll(QPainter &painter, const TrackLayer::Interval &iv, bool highlighted)
{
    const bool byVessel = m_layer.m_colorMode == TrackLayer::ColorMode::Vessel;
    auto withAlpha = [&iv](QColor c) {
        c.setAlpha(c.alpha() * iv.alpha / 255);
        return c;
    };
    auto vessels = [&](auto &&each) {
        if (highlighted) {
            for (uint32_t v : m_layer.m_highlighted)
                if (v < m_t.vesselCount() && m_layer.vesselShown(v))
                    each(v);
        } else if (m_layer.m_hasFocus) {
            for (uint32_t v : m_layer.m_focus)
                if (v < m_t.vesselCount())
                    each(v);
        } else {
            for (uint32_t v = 0; v < m_t.vesselCount(); ++v)
                each(v);
        }
    };
    vessels([&](uint32_t v) {
        for (uint32_t s = m_t.vesselSegmentBegin(v); s < m_t.vesselSegmentEnd(v); ++s) {
            drawGap(s, iv);
            drawSegment(s, iv);
        }
        if (byVessel || highlighted) {
            const QColor c = withAlpha(TrackLayer::vesselColor(m_t, v));
            if (highlighted && !byVessel) {
                for (int i = 0; i < TrackLayer::kSpeedClasses; ++i)
                    flush(painter, m_lines[i], withAlpha(TrackLayer::speedColor(i)), false, true);
            } else {
                flush(painter, m_vessel, c, false, highlighted);
            }
            flush(painter, m_gaps, byVessel ? c : withAlpha(TrackLayer::gapColor()), true,
                  highlighted);
        }
    });
    if (!byVessel && !highlighted) {
        flush(painter, m_gaps, withAlpha(TrackLayer::gapColor()), true, false);
        // Unknown speed first, then slow to fast: the fast lines on top.
        flush(painter, m_lines[TrackLayer::kSpeedClasses - 1],
              withAlpha(TrackLayer::speedColor(TrackLayer::kSpeedClasses - 1)), false, false);
        for (int i = 0; i + 1 < TrackLayer::kSpeedClasses; ++i)
            flush(painter, m_lines[i], withAlpha(TrackLayer::speedColor(i)), false, false);
    }
}

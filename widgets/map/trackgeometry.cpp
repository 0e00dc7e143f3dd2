#include "trackgeometry.h"

#include "tracks/trackstore.h"
#include "webmercator.h"

#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr double kFixed = 4294967296.0;

uint32_t fixedX(int32_t lonE7)
{
    const double x = WebMercator::worldX(lonE7 * 1e-7);
    return uint32_t(int64_t(std::floor(x * kFixed)) & 0xFFFFFFFFLL);
}

uint32_t fixedY(int32_t latE7)
{
    const double y = std::clamp(WebMercator::worldY(latE7 * 1e-7), 0.0, 1.0);
    return uint32_t(std::min(y * kFixed, kFixed - 1));
}

double tolerance(int z)
{
    return 0.5 / (WebMercator::kTileSize * std::exp2(z));
}

// Squared distance from p to the segment a-b.
double distance2(double px, double py, double ax, double ay, double bx, double by)
{
    const double dx = bx - ax, dy = by - ay;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = ax + t * dx - px, ey = ay + t * dy - py;
    return ex * ex + ey * ey;
}

// Douglas-Peucker importance of the positions [b, e) of one segment, written into
// imp[b..e). Below `floor` nothing is split further (no level needs it, and a straight
// run would otherwise cost quadratic time).
void importance(const TrackGeometry &g, uint32_t b, uint32_t e, float *imp, double floor,
                std::vector<double> &ux, std::vector<double> &uy,
                std::vector<std::pair<uint32_t, uint32_t>> &stack)
{
    const uint32_t n = e - b;
    constexpr float inf = std::numeric_limits<float>::infinity();
    std::fill(imp + b, imp + e, 0.0f);
    if (n == 0)
        return;
    imp[b] = inf;
    imp[e - 1] = inf;
    if (n <= 2)
        return;
    ux.resize(n);
    uy.resize(n);
    ux[0] = 0;
    uy[0] = TrackGeometry::worldY(g.ys()[b]);
    for (uint32_t i = 1; i < n; ++i) {
        ux[i] = ux[i - 1] + TrackGeometry::deltaX(g.xs()[b + i - 1], g.xs()[b + i]);
        uy[i] = TrackGeometry::worldY(g.ys()[b + i]);
    }
    const double floor2 = floor * floor;
    stack.clear();
    stack.push_back({0, n - 1});
    while (!stack.empty()) {
        const auto [a, c] = stack.back();
        stack.pop_back();
        if (c <= a + 1)
            continue;
        double best = -1;
        uint32_t m = a + 1;
        for (uint32_t i = a + 1; i < c; ++i) {
            const double d = distance2(ux[i], uy[i], ux[a], uy[a], ux[c], uy[c]);
            if (d > best) {
                best = d;
                m = i;
            }
        }
        if (best < floor2)
            continue; // every point in between stays 0: kept by no level
        const float cap = std::min(imp[b + a], imp[b + c]);
        imp[b + m] = std::min(float(std::sqrt(best)), cap);
        stack.push_back({a, m});
        stack.push_back({m, c});
    }
}

// Boxes of the chunks of entries [sb, se) of one segment, appended to `out`.
template<typename PositionOf>
void chunkBoxes(const TrackGeometry &g, size_t sb, size_t se, PositionOf pos,
                std::vector<TrackGeometry::Box> &out, size_t chunk = TrackGeometry::kChunk)
{
    for (size_t c = sb; c < se; c += chunk) {
        const size_t first = c > sb ? c - 1 : c;
        const size_t end = std::min(se, c + chunk);
        TrackGeometry::Box box;
        uint32_t prev = g.xs()[pos(first)];
        box.x0 = float(TrackGeometry::worldX(prev));
        double x = 0, x0 = 0, x1 = 0;
        double y0 = TrackGeometry::worldY(g.ys()[pos(first)]), y1 = y0;
        for (size_t k = first + 1; k < end; ++k) {
            const uint32_t p = pos(k);
            x += TrackGeometry::deltaX(prev, g.xs()[p]);
            prev = g.xs()[p];
            x0 = std::min(x0, x);
            x1 = std::max(x1, x);
            const double y = TrackGeometry::worldY(g.ys()[p]);
            y0 = std::min(y0, y);
            y1 = std::max(y1, y);
        }
        box.dx0 = float(x0);
        box.dx1 = float(x1);
        box.y0 = float(y0);
        box.y1 = float(y1);
        out.push_back(box);
    }
}

template<typename PositionOf>
void fillChunks(const TrackGeometry &g, TrackGeometry::Level &level, PositionOf pos)
{
    const size_t segments = level.segBegin.size() - 1;
    level.segChunk.assign(segments + 1, 0);
    for (size_t s = 0; s < segments; ++s) {
        level.segChunk[s] = uint32_t(level.chunks.size());
        chunkBoxes(g, level.segBegin[s], level.segBegin[s + 1], pos, level.chunks);
    }
    level.segChunk[segments] = uint32_t(level.chunks.size());
}

} // namespace

std::shared_ptr<const TrackGeometry> TrackGeometry::build(std::shared_ptr<const TrackStore> store)
{
    auto g = std::make_shared<TrackGeometry>();
    g->m_store = store;
    if (!store)
        return g;
    const TrackStore &t = *store;
    const size_t n = t.positionCount();
    const size_t segments = t.segmentCount();
    reserveHuge(g->m_x, n);
    reserveHuge(g->m_y, n);
    g->m_x.resize(n);
    g->m_y.resize(n);
    const auto &lons = t.lonsE7();
    const auto &lats = t.latsE7();
    for (size_t p = 0; p < n; ++p) {
        g->m_x[p] = fixedX(lons[p]);
        g->m_y[p] = fixedY(lats[p]);
    }

    // Importance per position, segments in blocks on every core.
    std::vector<float> imp(n);
    std::vector<std::pair<size_t, size_t>> blocks;
    for (size_t s = 0; s < segments; s += 64)
        blocks.push_back({s, std::min(segments, s + 64)});
    const double floor = tolerance(kLevels - 1);
    const TrackGeometry &cg = *g;
    QtConcurrent::blockingMap(blocks, [&](const std::pair<size_t, size_t> &block) {
        std::vector<double> ux, uy;
        std::vector<std::pair<uint32_t, uint32_t>> stack;
        for (size_t s = block.first; s < block.second; ++s)
            importance(cg, t.segmentBegin(s), t.segmentEnd(s), imp.data(), floor, ux, uy, stack);
    });

    for (int z = 0; z < kLevels; ++z) {
        Level level;
        level.tolerance = tolerance(z);
        const auto tol = float(level.tolerance);
        size_t kept = 0;
        for (float v : imp)
            kept += v > tol;
        if (kept * 4 > n)
            break; // this zoom and closer draw every position
        level.idx.reserve(kept);
        level.segBegin.resize(segments + 1);
        for (size_t s = 0; s < segments; ++s) {
            level.segBegin[s] = uint32_t(level.idx.size());
            for (uint32_t p = t.segmentBegin(s); p < t.segmentEnd(s); ++p)
                if (imp[p] > tol)
                    level.idx.push_back(p);
        }
        level.segBegin[segments] = uint32_t(level.idx.size());
        const auto &idx = level.idx;
        fillChunks(*g, level, [&idx](size_t k) { return idx[k]; });
        g->m_levels.push_back(std::move(level));
    }
    Level full;
    full.all = true;
    full.segBegin.resize(segments + 1);
    for (size_t s = 0; s < segments; ++s)
        full.segBegin[s] = t.segmentBegin(s);
    full.segBegin[segments] = uint32_t(n);
    fillChunks(*g, full, [](size_t k) { return uint32_t(k); });
    g->m_segBox.resize(segments);
    for (size_t s = 0; s < segments; ++s) {
        std::vector<Box> one;
        chunkBoxes(
            *g, t.segmentBegin(s), t.segmentEnd(s), [](size_t k) { return uint32_t(k); }, one,
            std::numeric_limits<size_t>::max() / 2);
        if (!one.empty())
            g->m_segBox[s] = one.front();
    }
    g->m_levels.push_back(std::move(full));
    return g;
}

const TrackGeometry::Level &TrackGeometry::levelForZoom(double zoom) const
{
    const int z = std::max(0, int(std::floor(zoom)));
    return m_levels[std::min(size_t(z), m_levels.size() - 1)];
}

size_t TrackGeometry::memoryBytes() const
{
    size_t bytes =
        (m_x.capacity() + m_y.capacity()) * sizeof(uint32_t) + m_segBox.capacity() * sizeof(Box);
    for (const Level &l : m_levels)
        bytes += l.idx.capacity() * 4 + l.segBegin.capacity() * 4 + l.segChunk.capacity() * 4
            + l.chunks.capacity() * sizeof(Box);
    return bytes;
}

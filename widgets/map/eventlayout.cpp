// EventLayer's layout: the visible events binned into the screen grid (see
// eventlayer.h), with whole ClusterTree nodes where they fit in one cell.
#include "eventlayer.h"

#include "eventstore.h"
#include "spatialindex.h"

#include <algorithm>
#include <cmath>

namespace {
constexpr size_t kMaxMarkers = 50000; // past kMaxClusterZoom, for piles of duplicates
} // namespace

namespace {
struct Cell
{
    uint32_t count = 0;
    uint32_t first = 0;
    double su = 0, sv = 0;
    double minu = 0, maxu = 0, minv = 0, maxv = 0;
    uint32_t slotCount[CategoryColors::kSlotCount] = {};
};
} // namespace

namespace {
void absorb(Cell &into, const Cell &from)
{
    into.count += from.count;
    into.su += from.su;
    into.sv += from.sv;
    into.minu = std::min(into.minu, from.minu);
    into.maxu = std::max(into.maxu, from.maxu);
    into.minv = std::min(into.minv, from.minv);
    into.maxv = std::max(into.maxv, from.maxv);
    for (int s = 0; s < CategoryColors::kSlotCount; ++s)
        into.slotCount[s] += from.slotCount[s];
}

double drawnRadius(uint32_t count)
{
    return count == 1 ? EventLayer::kMarkerRadius : EventLayer::clusterRadius(count);
}

// Bubbles sit at their members' centroid, so two neighbouring cells whose events lie
// near their shared edge would draw overlapping bubbles (or hide a marker under a
// bubble). Biggest first, each cell swallows the neighbours it would overlap; owner[]
// records where every cell went. One pass: a merged cluster never grows past its 3x3
// neighbourhood, so clusters still split as the zoom grows.
void mergeOverlapping(std::vector<Cell> &cells, const EventLayer::Grid &g, std::vector<int> &owner)
{
    std::vector<int> order;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (cells[i].count > 0)
            order.push_back(int(i));
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return cells[size_t(a)].count > cells[size_t(b)].count; });
    std::vector<bool> done(cells.size(), false); // kept its own bubble: never absorbed
    for (int ci : order) {
        if (owner[size_t(ci)] != ci)
            continue;
        done[size_t(ci)] = true;
        Cell &c = cells[size_t(ci)];
        const int gx = ci % g.nx, gy = ci / g.nx;
        for (int dy = -1; dy <= 1; ++dy) {
            for (int dx = -1; dx <= 1; ++dx) {
                const int nx = gx + dx, ny = gy + dy;
                if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= g.nx || ny >= g.ny)
                    continue;
                const int ni = ny * g.nx + nx;
                Cell &d = cells[size_t(ni)];
                if (d.count == 0 || owner[size_t(ni)] != ni || done[size_t(ni)])
                    continue;
                const double distance =
                    std::hypot(c.su / c.count - d.su / d.count, c.sv / c.count - d.sv / d.count);
                if (distance >= drawnRadius(c.count) + drawnRadius(d.count) + 2)
                    continue;
                absorb(c, d);
                owner[size_t(ni)] = ci;
            }
        }
    }
}
} // namespace

namespace {
// Adds the events of `tree` on world copy k that lie in the grid's range to their
// cells (and, when not clustering, one marker each). A node whose bounding box falls
// inside one cell goes in whole: u and v grow with x and y, so when both corners of the
// box map to the same cell every member does. Otherwise its quadrants are visited, and
// the small ones (no node) event by event.
class TreeBinner
{
public:
    TreeBinner(const ClusterTree &tree, const EventLayer::Grid &g, int k, bool clustering,
               std::vector<Cell> &cells, std::vector<EventLayer::Marker> &markers)
        : m_tree(tree), m_g(g), m_k(k), m_clustering(clustering), m_cells(cells), m_markers(markers)
    { }

    void visit(int32_t ni)
    {
        const ClusterTree::Node &n = m_tree.nodes()[size_t(ni)];
        const double ws = m_g.worldSize;
        const double umin = (n.minx + m_k) * ws, umax = (n.maxx + m_k) * ws;
        const double vmin = n.miny * ws, vmax = n.maxy * ws;
        if (umax < m_g.u0 || umin > m_g.u1 || vmax < m_g.v0 || vmin > m_g.v1)
            return;
        if (m_clustering && m_g.contains(umin, vmin) && m_g.contains(umax, vmax)) {
            const int ci = m_g.cellOf(umin, vmin);
            if (ci == m_g.cellOf(umax, vmax)) {
                addNode(ci, n, umin, umax, vmin, vmax);
                return;
            }
        }
        for (int q = 0; q < 4; ++q) {
            if (n.child[q] >= 0)
                visit(n.child[q]);
            else
                addEvents(n.split[q], n.split[q + 1]);
        }
    }

private:
    void addNode(int ci, const ClusterTree::Node &n, double umin, double umax, double vmin,
                 double vmax)
    {
        Cell &c = m_cells[size_t(ci)];
        if (c.count == 0) {
            c.first = n.first;
            c.minu = umin;
            c.maxu = umax;
            c.minv = vmin;
            c.maxv = vmax;
        } else {
            c.minu = std::min(c.minu, umin);
            c.maxu = std::max(c.maxu, umax);
            c.minv = std::min(c.minv, vmin);
            c.maxv = std::max(c.maxv, vmax);
        }
        c.count += n.count;
        c.su += (n.sx + double(n.count) * m_k) * m_g.worldSize;
        c.sv += n.sy * m_g.worldSize;
        for (int s = 0; s < CategoryColors::kSlotCount; ++s)
            c.slotCount[s] += n.slotCount[s];
    }

    void addEvents(uint32_t begin, uint32_t end)
    {
        const double ws = m_g.worldSize;
        const SpatialIndex::Hit *events = m_tree.events();
        for (uint32_t i = begin; i < end; ++i) {
            const double u = (events[i].x + m_k) * ws, v = events[i].y * ws;
            if (!m_g.contains(u, v))
                continue;
            const int ci = m_g.cellOf(u, v);
            const uint32_t row = events[i].row;
            const uint8_t slot = m_tree.categorySlots()[i];
            Cell &c = m_cells[size_t(ci)];
            if (c.count == 0) {
                c.first = row;
                c.minu = c.maxu = u;
                c.minv = c.maxv = v;
            } else {
                c.minu = std::min(c.minu, u);
                c.maxu = std::max(c.maxu, u);
                c.minv = std::min(c.minv, v);
                c.maxv = std::max(c.maxv, v);
            }
            ++c.count;
            c.su += u;
            c.sv += v;
            ++c.slotCount[slot];
            if (!m_clustering && m_markers.size() < kMaxMarkers)
                m_markers.push_back({QPointF(m_g.originX + u, m_g.originY + v), row, slot, ci});
        }
    }

    const ClusterTree &m_tree;
    const EventLayer::Grid &m_g;
    const int m_k;
    const bool m_clustering;
    std::vector<Cell> &m_cells;
    std::vector<EventLayer::Marker> &m_markers;
};

void binTree(const ClusterTree &tree, const EventLayer::Grid &g, int k, bool clustering,
             std::vector<Cell> &cells, std::vector<EventLayer::Marker> &markers)
{
    TreeBinner(tree, g, k, clustering, cells, markers).visit(0);
}
} // namespace

EventLayer::Layout EventLayer::computeLayout(const MapViewport &viewport) const
{
    Layout out;
    // Half a view more on every side: panning then reuses this layout (see
    // cachedLayout()). Not when zoomed out to a world narrower than twice the view: the
    // extension would add copies of the world, and so events, to a layout that already
    // shows everything.
    const double w = viewport.size().width(), h = viewport.size().height();
    out.grid = gridFor(viewport, viewport.worldSize() >= 2 * w ? std::max(w, h) / 2.0 : 0.0);
    const Grid &g = out.grid;
    if (!m_store || !m_index || m_index->rowCount() != m_store->size() || g.nx <= 0 || g.ny <= 0)
        return out;
    const bool clustering = viewport.zoom() < kMaxClusterZoom;
    const double ws = g.worldSize;
    std::vector<Cell> cells(size_t(g.nx) * size_t(g.ny));
    if (m_tree->size() > 0) {
        for (int k = g.firstCopy; k <= g.lastCopy; ++k)
            binTree(*m_tree, g, k, clustering, cells, out.markers);
    }

    out.cellOwner.resize(cells.size());
    for (size_t i = 0; i < cells.size(); ++i)
        out.cellOwner[i] = int(i);
    if (!clustering)
        return out;
    mergeOverlapping(cells, g, out.cellOwner);
    for (size_t i = 0; i < cells.size(); ++i) {
        const Cell &c = cells[i];
        if (c.count == 0 || out.cellOwner[i] != int(i))
            continue;
        if (c.count == 1) {
            out.markers.push_back(
                {QPointF(g.originX + c.su, g.originY + c.sv), c.first,
                 uint8_t(std::max_element(std::begin(c.slotCount), std::end(c.slotCount))
                         - std::begin(c.slotCount)),
                 int(i)});
            continue;
        }
        const int slot = clusterSlot(c.slotCount, c.count);
        out.clusters.push_back(
            {QPointF(g.originX + c.su / c.count, g.originY + c.sv / c.count), c.count, c.first,
             slot, int(i),
             QRectF(QPointF(c.minu / ws, c.minv / ws), QPointF(c.maxu / ws, c.maxv / ws))});
    }
    return out;
}

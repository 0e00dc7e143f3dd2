#include "arcindex.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace detect {
namespace {

constexpr double kDegree = 3.14159265358979323846 / 180.0;
constexpr uint32_t kLeafSize = 8;

struct Vec
{
    double x, y, z;
};

Vec unit(double lat, double lon)
{
    const double f = lat * kDegree, l = lon * kDegree;
    return {std::cos(f) * std::cos(l), std::cos(f) * std::sin(l), std::sin(f)};
}
Vec load(const double v[3])
{
    return {v[0], v[1], v[2]};
}
double dot(Vec a, Vec b)
{
    return a.x * b.x + a.y * b.y + a.z * b.z;
}
Vec cross(Vec a, Vec b)
{
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
double norm(Vec a)
{
    return std::sqrt(dot(a, a));
}
// The angle between two unit vectors, accurate for small and large angles alike
// (acos of the dot product loses everything below a few metres).
double angle(Vec a, Vec b)
{
    return std::atan2(norm(cross(a, b)), dot(a, b));
}

// Central angle from p to the shorter arc a-b: to the foot of the perpendicular when it
// falls on the arc, else to the nearer end.
double arcAngle(Vec p, Vec a, Vec b)
{
    const double ends = std::min(angle(p, a), angle(p, b));
    Vec n = cross(a, b);
    const double nn = norm(n);
    if (nn < 1e-15) // a point, or a and b antipodal (no coast segment is)
        return ends;
    n = {n.x / nn, n.y / nn, n.z / nn};
    const double pn = dot(p, n);
    const Vec c {p.x - pn * n.x, p.y - pn * n.y, p.z - pn * n.z};
    const double cn = norm(c);
    if (cn < 1e-15) // p is a pole of the arc's great circle: every point is 90° away
        return ends;
    // The foot c is on the arc when it lies between a and b seen along n.
    if (dot(cross(a, c), n) >= 0 && dot(cross(c, b), n) >= 0)
        return std::min(ends, std::atan2(std::abs(pn), cn));
    return ends;
}

// The chord from p to the nearest point of a box (0 inside), as a central angle.
double boxAngle(Vec p, const double lo[3], const double hi[3])
{
    const double q[3] = {p.x, p.y, p.z};
    double d2 = 0;
    for (int i = 0; i < 3; ++i) {
        const double d = q[i] < lo[i] ? lo[i] - q[i] : (q[i] > hi[i] ? q[i] - hi[i] : 0.0);
        d2 += d * d;
    }
    const double chord = std::sqrt(d2);
    return chord >= 2.0 ? 3.14159265358979323846 : 2.0 * std::asin(chord / 2.0);
}

} // namespace

double greatCircleKm(double lat1, double lon1, double lat2, double lon2)
{
    return angle(unit(lat1, lon1), unit(lat2, lon2)) * kEarthRadiusKm;
}

double arcDistanceKm(double lat, double lon, double latA, double lonA, double latB, double lonB)
{
    return arcAngle(unit(lat, lon), unit(latA, lonA), unit(latB, lonB)) * kEarthRadiusKm;
}

void ArcIndex::add(double latA, double lonA, double latB, double lonB)
{
    const Vec a = unit(latA, lonA), b = unit(latB, lonB);
    m_arcs.push_back({{a.x, a.y, a.z}, {b.x, b.y, b.z}, uint32_t(m_arcs.size())});
    m_built = false;
}

void ArcIndex::build()
{
    m_nodes.clear();
    if (!m_arcs.empty())
        buildNode(0, uint32_t(m_arcs.size()));
    m_built = true;
}

uint32_t ArcIndex::buildNode(uint32_t first, uint32_t count)
{
    const uint32_t index = uint32_t(m_nodes.size());
    m_nodes.push_back({});
    Node node {};
    for (int i = 0; i < 3; ++i) {
        node.lo[i] = std::numeric_limits<double>::infinity();
        node.hi[i] = -node.lo[i];
    }
    for (uint32_t k = first; k < first + count; ++k) {
        const Arc &arc = m_arcs[k];
        // Between its ends the arc bulges out of the chord by at most 1 - cos(θ/2)
        // (θ the arc's angle), so the ends' box widened by that holds the whole arc.
        const double theta = angle(load(arc.a), load(arc.b));
        const double bulge = 1.0 - std::cos(theta / 2.0) + 1e-12;
        for (int i = 0; i < 3; ++i) {
            node.lo[i] = std::min(node.lo[i], std::min(arc.a[i], arc.b[i]) - bulge);
            node.hi[i] = std::max(node.hi[i], std::max(arc.a[i], arc.b[i]) + bulge);
        }
    }
    if (count <= kLeafSize) {
        node.first = first;
        node.count = count;
        m_nodes[index] = node;
        return index;
    }
    // Split at the median of the arcs' midpoints along the box's longest side.
    int axis = 0;
    for (int i = 1; i < 3; ++i) {
        if (node.hi[i] - node.lo[i] > node.hi[axis] - node.lo[axis])
            axis = i;
    }
    const uint32_t half = count / 2;
    std::nth_element(m_arcs.begin() + first, m_arcs.begin() + first + half,
                     m_arcs.begin() + first + count, [axis](const Arc &x, const Arc &y) {
                         const double mx = x.a[axis] + x.b[axis], my = y.a[axis] + y.b[axis];
                         return mx < my || (mx == my && x.id < y.id);
                     });
    node.count = 0;
    node.left = buildNode(first, half);
    node.right = buildNode(first + half, count - half);
    m_nodes[index] = node;
    return index;
}

double ArcIndex::nearestKm(double lat, double lon, size_t *arc) const
{
    if (!m_built || m_arcs.empty() || !std::isfinite(lat) || !std::isfinite(lon)) {
        if (!m_built || m_arcs.empty())
            return std::numeric_limits<double>::infinity();
        return std::numeric_limits<double>::quiet_NaN();
    }
    const Vec p = unit(lat, lon);
    double best = std::numeric_limits<double>::infinity();
    uint32_t bestId = 0;
    using Entry = std::pair<double, uint32_t>; // lower bound, node
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
    queue.push({boxAngle(p, m_nodes[0].lo, m_nodes[0].hi), 0});
    while (!queue.empty()) {
        const auto [bound, n] = queue.top();
        queue.pop();
        if (bound > best)
            break;
        const Node &node = m_nodes[n];
        if (node.count == 0) {
            for (const uint32_t child : {node.left, node.right}) {
                const double b = boxAngle(p, m_nodes[child].lo, m_nodes[child].hi);
                if (b <= best)
                    queue.push({b, child});
            }
            continue;
        }
        for (uint32_t k = node.first; k < node.first + node.count; ++k) {
            const Arc &a = m_arcs[k];
            const double d = arcAngle(p, load(a.a), load(a.b));
            // Ties go to the arc added first, as in the brute force.
            if (d < best || (d == best && a.id < bestId)) {
                best = d;
                bestId = a.id;
            }
        }
    }
    if (arc)
        *arc = bestId;
    return best * kEarthRadiusKm;
}

double ArcIndex::nearestKmBruteForce(double lat, double lon, size_t *arc) const
{
    if (m_arcs.empty())
        return std::numeric_limits<double>::infinity();
    if (!std::isfinite(lat) || !std::isfinite(lon))
        return std::numeric_limits<double>::quiet_NaN();
    const Vec p = unit(lat, lon);
    double best = std::numeric_limits<double>::infinity();
    uint32_t bestId = 0;
    for (const Arc &a : m_arcs) {
        const double d = arcAngle(p, load(a.a), load(a.b));
        if (d < best || (d == best && a.id < bestId)) {
            best = d;
            bestId = a.id;
        }
    }
    if (arc)
        *arc = bestId;
    return best * kEarthRadiusKm;
}

} // namespace detect

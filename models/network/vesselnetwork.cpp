#include "vesselnetwork.h"

#include "eventstore.h"
#include "stagetimer.h"
#include "summary.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/fruchterman_reingold.hpp>
#include <boost/graph/topology.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <boost/random/linear_congruential.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>
#include <tuple>
#include <unordered_map>

namespace network {

namespace {
// Edges kept in a vector (the last vecS), not Boost's default std::list: one allocation
// per pair made building the graph of 300,000 pairs cost more than finding its groups.
using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::no_property, boost::no_property, boost::vecS>;

Graph graphOf(const VesselNetwork &net)
{
    Graph g(net.nodes.size());
    for (const Edge &e : net.edges)
        boost::add_edge(e.a, e.b, g);
    return g;
}

// Boost's grid_force_pairs lets every vertex of a cell push every other: when a dense
// group draws thousands of vessels into a few cells (5,000 vessels, 300,000 pairs), one
// iteration is millions of pushes and a layout takes a minute. Here a vessel is pushed
// by at most `cap` vessels within 2k of it (its own cell first, from its place in it,
// then the eight around), so an iteration is at most cap pushes per vessel. Vessels
// farther than 2k do not push, as in Boost's grid.
template<typename Point> struct BoundedGridForcePairs
{
    const std::vector<Point> *pos = nullptr;
    double twoK = 1;
    size_t cap = 64;

    template<typename G, typename ApplyForce> void operator()(const G &g, ApplyForce apply) const
    {
        const size_t n = boost::num_vertices(g);
        const auto cells = static_cast<size_t>(std::max(1.0, std::floor(1.0 / twoK)));
        const auto cellIndex = [&](double t) {
            const double c = std::floor((t + 0.5) * double(cells));
            return static_cast<size_t>(std::clamp(c, 0.0, double(cells - 1)));
        };
        std::vector<uint32_t> start(cells * cells + 1, 0), order(n), cellOfVertex(n), placeOf(n);
        for (size_t v = 0; v < n; ++v) {
            cellOfVertex[v] =
                static_cast<uint32_t>(cellIndex((*pos)[v][1]) * cells + cellIndex((*pos)[v][0]));
            ++start[cellOfVertex[v] + 1];
        }
        for (size_t c = 0; c < cells * cells; ++c)
            start[c + 1] += start[c];
        std::vector<uint32_t> next = start;
        for (size_t v = 0; v < n; ++v) {
            placeOf[v] = next[cellOfVertex[v]]++;
            order[placeOf[v]] = static_cast<uint32_t>(v);
        }
        for (size_t v = 0; v < n; ++v) {
            const size_t c = cellOfVertex[v], cx = c % cells, cy = c / cells;
            size_t pushed = 0;
            const auto push = [&](size_t u) {
                if (u == v)
                    return;
                const double dx = (*pos)[u][0] - (*pos)[v][0], dy = (*pos)[u][1] - (*pos)[v][1];
                if (dx * dx + dy * dy < twoK * twoK) {
                    apply(u, v); // moves v away from u
                    ++pushed;
                }
            };
            // Its own cell, from its place on.
            const uint32_t b = start[c], e = start[c + 1];
            for (uint32_t k = 0; k < e - b && pushed < cap; ++k)
                push(order[b + (placeOf[v] - b + k) % (e - b)]);
            for (size_t y = cy == 0 ? 0 : cy - 1; y <= std::min(cells - 1, cy + 1); ++y) {
                for (size_t x = cx == 0 ? 0 : cx - 1; x <= std::min(cells - 1, cx + 1); ++x) {
                    const size_t o = y * cells + x;
                    if (o == c)
                        continue;
                    for (uint32_t k = start[o]; k < start[o + 1] && pushed < cap; ++k)
                        push(order[k]);
                }
            }
        }
    }
};
} // namespace

void findComponents(VesselNetwork &net)
{
    if (net.nodes.empty())
        return;
    // Union-find over the pairs (Boost.Graph's disjoint sets, on which its incremental
    // components are built), not boost::connected_components: that needs the pairs as
    // an adjacency_list, whose 70 bytes per pair in fresh memory cost 150 ms for 300,000
    // pairs on this VM, ten times the search itself; the sets are two arrays per vessel.
    const size_t n = net.nodes.size();
    std::vector<uint32_t> rank(n, 0), parent(n, 0);
    boost::disjoint_sets<uint32_t *, uint32_t *> sets(rank.data(), parent.data());
    for (uint32_t v = 0; v < n; ++v)
        sets.make_set(v);
    for (const Edge &e : net.edges)
        sets.union_set(e.a, e.b);
    // Groups numbered as their first vessel comes.
    std::vector<int> comp(n, -1), groupOfRoot(n, -1);
    int count = 0;
    for (uint32_t v = 0; v < n; ++v) {
        int &g = groupOfRoot[sets.find_set(v)];
        if (g < 0)
            g = count++;
        comp[v] = g;
    }
    std::vector<Component> groups(static_cast<size_t>(count));
    for (uint32_t v = 0; v < n; ++v)
        groups[static_cast<size_t>(comp[v])].nodes.push_back(v); // ascending
    for (const Edge &e : net.edges) {
        Component &c = groups[static_cast<size_t>(comp[e.a])];
        ++c.edges;
        c.events += e.events;
    }
    std::sort(groups.begin(), groups.end(), [](const Component &x, const Component &y) {
        if (x.nodes.size() != y.nodes.size())
            return x.nodes.size() > y.nodes.size();
        if (x.events != y.events)
            return x.events > y.events;
        return x.nodes.front() < y.nodes.front();
    });
    for (size_t c = 0; c < groups.size(); ++c) {
        for (const uint32_t v : groups[c].nodes)
            net.nodes[v].component = static_cast<int>(c);
    }
    net.components = std::move(groups);
}

int VesselNetwork::indexOf(const std::string &key) const
{
    const auto it =
        std::lower_bound(nodes.begin(), nodes.end(), key,
                         [](const Node &n, const std::string &k) { return n.vessel.key < k; });
    return it != nodes.end() && it->vessel.key == key ? static_cast<int>(it - nodes.begin()) : -1;
}

std::vector<uint32_t> VesselNetwork::rankedByPartners() const
{
    std::vector<uint32_t> order(nodes.size());
    std::iota(order.begin(), order.end(), 0u);
    // Nodes are in key order: the index breaks the remaining ties by key.
    std::sort(order.begin(), order.end(), [this](uint32_t x, uint32_t y) {
        const VesselRow &a = nodes[x].vessel, &b = nodes[y].vessel;
        return std::make_tuple(-a.partners, -a.events, x)
            < std::make_tuple(-b.partners, -b.events, y);
    });
    return order;
}

std::vector<uint32_t> VesselNetwork::rankedPairs() const
{
    // What the order looks at, side by side, so that sorting does not jump through the
    // edges. Edges are in (a, b) order, that is by the pair's keys: the index breaks ties.
    struct Rank
    {
        int64_t events;
        double volume;
        uint32_t edge;
    };
    std::vector<Rank> ranks(edges.size());
    for (uint32_t e = 0; e < edges.size(); ++e)
        ranks[e] = Rank {edges[e].events, edges[e].volume, e};
    std::sort(ranks.begin(), ranks.end(), [](const Rank &a, const Rank &b) {
        if (a.events != b.events)
            return a.events > b.events;
        if (a.volume != b.volume)
            return a.volume > b.volume;
        return a.edge < b.edge;
    });
    std::vector<uint32_t> order(ranks.size());
    for (size_t i = 0; i < ranks.size(); ++i)
        order[i] = ranks[i].edge;
    return order;
}

VesselNetwork build(const Input &in)
{
    VesselNetwork net;
    if (!in.events || !in.rows)
        return net;
    const EventStore &store = *in.events;
    const std::vector<uint32_t> &rows = *in.rows;
    StageTimer timer("network::build");
    VesselIdentities own;
    const VesselIdentities *ids = in.identities;
    if (!ids) {
        own = VesselIdentities::of(store);
        ids = &own;
        timer.lap("identities");
    }

    // The vessels, as the Vessels dock has them: vessels::summarise, on another core for
    // a large set while this one finds the pairs.
    std::vector<VesselRow> vesselRows;
    const auto summariseVessels = [&] {
        vessels::SummaryInput summaryInput;
        summaryInput.events = &store;
        summaryInput.rows = &rows;
        summaryInput.identities = ids;
        vesselRows = vessels::summarise(summaryInput);
    };
    std::thread helper;
    if (rows.size() >= 200000)
        helper = std::thread(summariseVessels);
    else
        summariseVessels();

    // Meanwhile the node of each identity: summarise's rows are the identities of the
    // filtered events in key order, keys being one per identity.
    const VesselTable &table = store.vessels();
    std::vector<int32_t> nodeOf(std::max<uint32_t>(ids->count, 1), -1);
    {
        std::vector<uint8_t> seen(nodeOf.size(), 0);
        for (const uint32_t r : rows) {
            seen[ids->identityOf[store.vesselsA()[r]]] = 1;
            seen[ids->identityOf[store.vesselsB()[r]]] = 1;
        }
        seen[0] = 0; // unknown vessel
        std::vector<std::pair<std::string, uint32_t>> keys;
        for (uint32_t v = 1; v < table.size(); ++v) {
            const uint32_t id = ids->identityOf[v];
            if (seen[id] == 1) {
                keys.emplace_back(table.identityKey(v), id);
                seen[id] = 2;
            }
        }
        std::sort(keys.begin(), keys.end());
        for (size_t i = 0; i < keys.size(); ++i)
            nodeOf[keys[i].second] = static_cast<int32_t>(i);
        net.nodes.resize(keys.size());
        for (size_t i = 0; i < keys.size(); ++i)
            net.nodes[i].vessel.key = std::move(keys[i].first);
    }
    timer.lap("vessels' order");

    // The pairs without hashing: each filtered row's pair as (lo, hi) node indices, the
    // rows bucketed by lo (a stable counting sort, so rows stay ascending), then within a
    // bucket the partners told apart by a stamp per node. Everything touched per row is
    // a few small arrays, so a million events take a few passes over memory. The pair
    // of a row is worked out twice (counting, then placing) rather than kept: reading
    // the store's columns in order again is cheaper than fresh memory for it.
    const size_t n = net.nodes.size();
    const auto &vesselsA = store.vesselsA();
    const auto &vesselsB = store.vesselsB();
    constexpr uint32_t kNone = UINT32_MAX;
    // (lo, hi) of row r, lo = kNone when the row is no pair.
    const auto pairOf = [&](uint32_t r) {
        const uint32_t ia = ids->identityOf[vesselsA[r]], ib = ids->identityOf[vesselsB[r]];
        if (ia == 0 || ib == 0 || ia == ib)
            return std::pair<uint32_t, uint32_t>(kNone, kNone);
        const auto na = static_cast<uint32_t>(nodeOf[ia]), nb = static_cast<uint32_t>(nodeOf[ib]);
        return std::pair<uint32_t, uint32_t>(std::min(na, nb), std::max(na, nb));
    };
    std::vector<uint32_t> bucketStart(n + 1, 0);
    net.events = static_cast<int64_t>(rows.size());
    for (const uint32_t r : rows) {
        if (!net.hasVolume && !std::isnan(store.volume(r)))
            net.hasVolume = true;
        const uint32_t ia = ids->identityOf[vesselsA[r]], ib = ids->identityOf[vesselsB[r]];
        if (ia == 0 || ib == 0)
            ++(ia == 0 && ib == 0 ? net.noneKnown : net.oneUnknown);
        else if (ia == ib)
            ++net.sameVessel;
        else
            ++bucketStart[pairOf(r).first + 1];
    }
    net.pairEvents = net.events - net.oneUnknown - net.noneKnown - net.sameVessel;
    for (size_t a = 0; a < n; ++a)
        bucketStart[a + 1] += bucketStart[a];
    timer.lap("pairs of rows");
    // The pair rows in bucket order, with what the pass below needs of them, so that it
    // reads memory in order rather than jumping through the store's columns.
    struct PairRow
    {
        uint32_t hi, row;
        double volume;
    };
    std::vector<PairRow> bucket(static_cast<size_t>(net.pairEvents));
    {
        std::vector<uint32_t> next = bucketStart; // the next free place in each bucket
        for (const uint32_t r : rows) {
            const auto [lo, hi] = pairOf(r);
            if (lo != kNone)
                bucket[next[lo]++] = PairRow {hi, r, store.volume(r)};
        }
    }
    net.edgeRows.resize(bucket.size());
    // At most one pair per row: the reservation is address space, of which only what the
    // pairs fill is ever touched, and the pairs are never copied as the vector grows.
    net.edges.reserve(bucket.size());
    std::vector<uint32_t> stamp(n, kNone), edgeOf(n, 0), count(n, 0);
    std::vector<uint32_t> partners;
    uint32_t offset = 0;
    for (uint32_t a = 0; a < n; ++a) {
        const uint32_t begin = bucketStart[a], end = bucketStart[a + 1];
        if (begin == end)
            continue;
        partners.clear();
        for (uint32_t k = begin; k < end; ++k) {
            const uint32_t b = bucket[k].hi;
            if (stamp[b] != a) {
                stamp[b] = a;
                count[b] = 0;
                partners.push_back(b);
            }
            ++count[b];
        }
        // The pairs of a in (a, b) order, their rows one after another.
        std::sort(partners.begin(), partners.end());
        for (const uint32_t b : partners) {
            edgeOf[b] = static_cast<uint32_t>(net.edges.size());
            Edge edge;
            edge.a = a;
            edge.b = b;
            edge.rowsBegin = edge.rowsEnd = offset;
            offset += count[b];
            net.edges.push_back(edge);
        }
        for (uint32_t k = begin; k < end; ++k) {
            const PairRow &p = bucket[k];
            Edge &edge = net.edges[edgeOf[p.hi]];
            net.edgeRows[edge.rowsEnd++] = p.row;
            ++edge.events;
            const double volume = p.volume;
            if (std::isnan(volume))
                ++edge.volumeUnknown;
            else
                edge.volume += volume;
        }
    }
    timer.lap("pairs");
    if (helper.joinable())
        helper.join();
    timer.lap("vessels (vessels::summarise)");
    // The same vessels in the same order (a difference would be a bug in one of the two).
    Q_ASSERT(vesselRows.size() == net.nodes.size());
    for (size_t i = 0; i < net.nodes.size() && i < vesselRows.size(); ++i) {
        Q_ASSERT(vesselRows[i].key == net.nodes[i].vessel.key);
        net.nodes[i].vessel = std::move(vesselRows[i]);
    }
    findComponents(net);
    timer.lap("groups");
    return net;
}

namespace {
// The start of a layout (see seedPositions); *seeded: some vessel had a previous place.
std::vector<QPointF> startPositions(const VesselNetwork &net, const LayoutOptions &options,
                                    bool *seeded)
{
    const size_t n = net.nodes.size();
    std::vector<QPointF> pos(n);
    *seeded = false;
    if (n == 0)
        return pos;
    // Seeded random numbers, the same on every platform (mt19937 is specified).
    std::mt19937 rng(options.seed);
    const auto unit = [&rng] { return double(rng()) / 4294967296.0; }; // [0, 1)
    std::vector<bool> placed(n, false);
    if (options.previous) {
        for (size_t i = 0; i < n; ++i) {
            const auto it = options.previous->find(net.nodes[i].vessel.key);
            if (it == options.previous->end())
                continue;
            pos[i] = QPointF(std::clamp(it->second.x(), -0.5, 0.5),
                             std::clamp(it->second.y(), -0.5, 0.5));
            placed[i] = *seeded = true;
        }
    }
    if (*seeded) {
        // A newcomer starts beside a partner that was already there.
        std::vector<std::vector<uint32_t>> partners(n);
        for (const Edge &e : net.edges) {
            partners[e.a].push_back(e.b);
            partners[e.b].push_back(e.a);
        }
        const double near = 0.5 / std::sqrt(double(n));
        for (size_t i = 0; i < n; ++i) {
            if (placed[i])
                continue;
            const auto p = std::find_if(partners[i].begin(), partners[i].end(),
                                        [&](uint32_t o) { return placed[o]; });
            const double dx = (unit() - 0.5) * near, dy = (unit() - 0.5) * near;
            if (p != partners[i].end()) {
                pos[i] = QPointF(std::clamp(pos[*p].x() + dx, -0.5, 0.5),
                                 std::clamp(pos[*p].y() + dy, -0.5, 0.5));
            } else {
                const double x = unit() - 0.5;
                pos[i] = QPointF(x, unit() - 0.5);
            }
        }
    } else {
        for (size_t i = 0; i < n; ++i) {
            const double x = unit() - 0.5;
            pos[i] = QPointF(x, unit() - 0.5);
        }
    }
    return pos;
}
} // namespace

std::vector<QPointF> seedPositions(const VesselNetwork &net, const LayoutOptions &options)
{
    bool seeded = false;
    return startPositions(net, options, &seeded);
}

std::vector<QPointF> layout(const VesselNetwork &net, const LayoutOptions &options)
{
    using Topology = boost::rectangle_topology<boost::minstd_rand>;
    using Point = Topology::point_type;
    const size_t n = net.nodes.size();
    std::vector<QPointF> out(n);
    if (n == 0)
        return out;
    boost::minstd_rand jitter(options.seed);
    // The unit square: Boost's grid of force pairs sizes its cells from the area, which
    // is only the intended 2k for an extent of 1.
    const Topology topology(jitter, -0.5, -0.5, 0.5, 0.5);

    bool seeded = false;
    const std::vector<QPointF> start = startPositions(net, options, &seeded);
    std::vector<Point> pos(n);
    for (size_t i = 0; i < n; ++i) {
        pos[i][0] = start[i].x();
        pos[i][1] = start[i].y();
    }
    if (n > 1) {
        const Graph g = graphOf(net);
        const auto map =
            boost::make_iterator_property_map(pos.begin(), boost::get(boost::vertex_index, g));
        const int iterations = std::max(1, seeded ? options.refineIterations : options.iterations);
        // The temperature caps a step: a tenth of the square when fresh, a small
        // refinement when seeded.
        const double temperature = seeded ? options.refineTemperature : 0.1;
        BoundedGridForcePairs<Point> pairs;
        pairs.pos = &pos;
        pairs.twoK = 2.0 / std::sqrt(double(n)); // k = sqrt(area / n), the area being 1
        boost::fruchterman_reingold_force_directed_layout(
            g, map, topology,
            boost::cooling(
                boost::linear_cooling<double>(static_cast<size_t>(iterations), temperature))
                .force_pairs(pairs));
    }
    for (size_t i = 0; i < n; ++i)
        out[i] = QPointF(pos[i][0], pos[i][1]);
    return out;
}

std::unordered_map<std::string, QPointF> positionsByKey(const VesselNetwork &net,
                                                        const std::vector<QPointF> &positions)
{
    std::unordered_map<std::string, QPointF> out;
    for (size_t i = 0; i < net.nodes.size() && i < positions.size(); ++i)
        out.emplace(net.nodes[i].vessel.key, positions[i]);
    return out;
}

} // namespace network

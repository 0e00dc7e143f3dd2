#include "networkindex.h"

#include "eventstore.h"
#include "rowcriteria.h"
#include "summary.h"
#include "vessels/vesselsummary.h"

#include <algorithm>
#include <cmath>

namespace network {

NetworkIndex::NetworkIndex(const EventStore &store, const VesselIdentities &ids) : m_store(&store)
{
    const VesselTable &table = store.vessels();
    // Every identity's node, in key order (network::build's order for any rows).
    std::vector<std::pair<std::string, uint32_t>> keys;
    std::vector<uint32_t> first(std::max<uint32_t>(ids.count, 1), 0);
    for (uint32_t v = 1; v < table.size(); ++v) {
        const uint32_t id = ids.identityOf[v];
        if (id == 0 || first[id] != 0)
            continue;
        first[id] = v;
        keys.emplace_back(table.identityKey(v), id);
    }
    std::sort(keys.begin(), keys.end());
    m_identityNode.assign(first.size(), kNone);
    m_vessels.resize(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        m_identityNode[keys[i].second] = static_cast<uint32_t>(i);
        m_vessels[i].key = std::move(keys[i].first);
    }
    // Who each is: the first of its vessels, fields it leaves empty from the later ones.
    for (uint32_t v = 1; v < table.size(); ++v) {
        const uint32_t id = ids.identityOf[v];
        if (id == 0)
            continue;
        vessels::fillFrom(m_vessels[m_identityNode[id]], table, v);
    }

    // Each row's nodes and pair; pairs numbered in (a, b) order through a counting sort
    // by a and a stamp per b, as network::build finds them.
    const size_t rows = store.size();
    m_rowA.resize(rows);
    m_rowB.resize(rows);
    m_rowPair.assign(rows, kNone);
    const size_t n = m_vessels.size();
    std::vector<uint32_t> start(n + 1, 0);
    for (uint32_t r = 0; r < rows; ++r) {
        const uint32_t ia = ids.identityOf[store.vesselsA()[r]];
        const uint32_t ib = ids.identityOf[store.vesselsB()[r]];
        m_rowA[r] = ia == 0 ? kNone : m_identityNode[ia];
        m_rowB[r] = ib == 0 ? kNone : m_identityNode[ib];
        if (ia != 0 && ib != 0 && ia != ib)
            ++start[std::min(m_rowA[r], m_rowB[r]) + 1];
    }
    for (size_t a = 0; a < n; ++a)
        start[a + 1] += start[a];
    std::vector<uint32_t> bucket(start[n]);
    {
        std::vector<uint32_t> next(start.begin(), start.end() - 1);
        for (uint32_t r = 0; r < rows; ++r) {
            const uint32_t a = m_rowA[r], b = m_rowB[r];
            if (a != kNone && b != kNone && a != b)
                bucket[next[std::min(a, b)]++] = r;
        }
    }
    std::vector<uint32_t> stamp(n, kNone), pairOfB(n, 0), partners;
    for (uint32_t a = 0; a < n; ++a) {
        partners.clear();
        for (uint32_t k = start[a]; k < start[a + 1]; ++k) {
            const uint32_t r = bucket[k];
            const uint32_t b = std::max(m_rowA[r], m_rowB[r]);
            if (stamp[b] != a) {
                stamp[b] = a;
                partners.push_back(b);
            }
        }
        std::sort(partners.begin(), partners.end());
        for (const uint32_t b : partners) {
            pairOfB[b] = static_cast<uint32_t>(m_pairs.size());
            m_pairs.emplace_back(a, b);
        }
        for (uint32_t k = start[a]; k < start[a + 1]; ++k) {
            const uint32_t r = bucket[k];
            m_rowPair[r] = pairOfB[std::max(m_rowA[r], m_rowB[r])];
        }
    }
}

uint32_t NetworkIndex::nodeOf(const std::string &key) const
{
    const auto it =
        std::lower_bound(m_vessels.begin(), m_vessels.end(), key,
                         [](const VesselRow &v, const std::string &k) { return v.key < k; });
    return it != m_vessels.end() && it->key == key ? static_cast<uint32_t>(it - m_vessels.begin())
                                                   : kNone;
}

VesselNetwork NetworkIndex::count(const std::vector<uint32_t> &rows,
                                  std::vector<uint32_t> *globalNode,
                                  std::vector<uint32_t> *globalPair) const
{
    VesselNetwork net;
    if (!m_store)
        return net;
    const EventStore &store = *m_store;
    const size_t n = m_vessels.size();
    // Per store-wide node and pair, over the rows.
    std::vector<int64_t> nodeEvents(n, 0), nodeUnknown(n, 0);
    std::vector<double> nodeVolume(n, 0);
    std::vector<uint32_t> pairEvents(m_pairs.size(), 0), pairUnknown(m_pairs.size(), 0);
    std::vector<double> pairVolume(m_pairs.size(), 0);
    net.events = static_cast<int64_t>(rows.size());
    for (const uint32_t r : rows) {
        const uint32_t a = m_rowA[r], b = m_rowB[r];
        const double volume = store.volume(r);
        const bool known = !std::isnan(volume);
        net.hasVolume = net.hasVolume || known;
        const auto take = [&](uint32_t v) {
            ++nodeEvents[v];
            if (known)
                nodeVolume[v] += volume;
            else
                ++nodeUnknown[v];
        };
        if (a != kNone)
            take(a);
        if (b != kNone && b != a)
            take(b);
        if (a == kNone || b == kNone)
            ++(a == kNone && b == kNone ? net.noneKnown : net.oneUnknown);
        else if (a == b)
            ++net.sameVessel;
        else {
            const uint32_t p = m_rowPair[r];
            ++pairEvents[p];
            if (known)
                pairVolume[p] += volume;
            else
                ++pairUnknown[p];
        }
    }
    net.pairEvents = net.events - net.oneUnknown - net.noneKnown - net.sameVessel;
    // The nodes: vessels with an event among the rows, in key order.
    std::vector<uint32_t> local(n, kNone);
    for (uint32_t v = 0; v < n; ++v) {
        if (nodeEvents[v] == 0)
            continue;
        local[v] = static_cast<uint32_t>(net.nodes.size());
        Node node;
        const VesselRow &who = m_vessels[v];
        node.vessel.key = who.key;
        node.vessel.mmsi = who.mmsi;
        node.vessel.imo = who.imo;
        node.vessel.name = who.name;
        node.vessel.flag = who.flag;
        node.vessel.events = nodeEvents[v];
        node.vessel.barrels = nodeVolume[v];
        node.vessel.volumeUnknown = nodeUnknown[v];
        net.nodes.push_back(std::move(node));
        if (globalNode)
            globalNode->push_back(v);
    }
    // The edges: pairs that met among the rows, in (a, b) order (store-wide pairs are).
    for (uint32_t p = 0; p < m_pairs.size(); ++p) {
        if (pairEvents[p] == 0)
            continue;
        Edge e;
        e.a = local[m_pairs[p].first];
        e.b = local[m_pairs[p].second];
        e.events = pairEvents[p];
        e.volume = pairVolume[p];
        e.volumeUnknown = pairUnknown[p];
        ++net.nodes[e.a].vessel.partners;
        ++net.nodes[e.b].vessel.partners;
        net.edges.push_back(e);
        if (globalPair)
            globalPair->push_back(p);
    }
    findComponents(net);
    return net;
}

std::vector<uint64_t> withinHops(const EventStore &store, const VesselIdentities &ids,
                                 const std::vector<uint64_t> &bits, const std::string &key,
                                 int hops)
{
    std::vector<uint64_t> out(bits.size(), 0);
    const VesselTable &table = store.vessels();
    uint32_t origin = 0;
    for (uint32_t v = 1; v < table.size() && origin == 0; ++v) {
        if (ids.identityOf[v] != 0 && table.identityKey(v) == key)
            origin = ids.identityOf[v];
    }
    if (origin == 0)
        return out;
    // The pairs of the rows as adjacency lists by identity (counted, then placed).
    const size_t n = std::max<uint32_t>(ids.count, 1);
    const auto &va = store.vesselsA();
    const auto &vb = store.vesselsB();
    const size_t rows = std::min(store.size(), bits.size() * 64);
    std::vector<uint32_t> start(n + 1, 0);
    const auto forPairs = [&](auto f) {
        for (size_t w = 0; w < bits.size(); ++w) {
            for (uint64_t word = bits[w]; word; word &= word - 1) {
                const size_t r = w * 64 + static_cast<size_t>(__builtin_ctzll(word));
                if (r >= rows)
                    break;
                const uint32_t a = ids.identityOf[va[r]], b = ids.identityOf[vb[r]];
                if (a != 0 && b != 0 && a != b)
                    f(a, b);
            }
        }
    };
    forPairs([&](uint32_t a, uint32_t b) {
        ++start[a + 1];
        ++start[b + 1];
    });
    for (size_t i = 0; i < n; ++i)
        start[i + 1] += start[i];
    std::vector<uint32_t> adjacent(start[n]);
    {
        std::vector<uint32_t> next(start.begin(), start.end() - 1);
        forPairs([&](uint32_t a, uint32_t b) {
            adjacent[next[a]++] = b;
            adjacent[next[b]++] = a;
        });
    }
    // Breadth first from the vessel, `hops` rings out.
    std::vector<uint8_t> inside(n, 0);
    std::vector<uint32_t> ring {origin}, nextRing;
    inside[origin] = 1;
    for (int h = 0; h < hops && !ring.empty(); ++h) {
        nextRing.clear();
        for (const uint32_t v : ring) {
            for (uint32_t k = start[v]; k < start[v + 1]; ++k) {
                const uint32_t u = adjacent[k];
                if (!inside[u]) {
                    inside[u] = 1;
                    nextRing.push_back(u);
                }
            }
        }
        ring.swap(nextRing);
    }
    for (size_t w = 0; w < bits.size(); ++w) {
        for (uint64_t word = bits[w]; word; word &= word - 1) {
            const size_t r = w * 64 + static_cast<size_t>(__builtin_ctzll(word));
            if (r >= rows)
                break;
            const uint32_t a = ids.identityOf[va[r]], b = ids.identityOf[vb[r]];
            if ((a != 0 || b != 0) && (a == 0 || inside[a]) && (b == 0 || inside[b]))
                out[w] |= uint64_t(1) << (r & 63);
        }
    }
    return out;
}

} // namespace network

#pragma once

#include "vesselnetwork.h"

#include <cstdint>
#include <string>
#include <vector>

class EventStore;
struct VesselIdentities;

// The network of any set of a store's rows, fast enough to follow a timeline brush over a
// million events (the Network dock). What does not depend on the rows is worked out once
// per store: every vessel identity's node (all of the store's vessels, in key order, as
// network::build orders them), each row's two nodes and its pair among all of the
// store's pairs. A count over rows is then one pass over them adding into arrays
// indexed by node and pair, one pass over the pairs and the groups' union-find.
namespace network {

class NetworkIndex
{
public:
    static constexpr uint32_t kNone = UINT32_MAX;

    NetworkIndex() = default;
    // identities: the store's (VesselIdentities::of, or TransferFilter's).
    NetworkIndex(const EventStore &store, const VesselIdentities &identities);

    const EventStore *store() const { return m_store; }
    size_t nodeCount() const { return m_vessels.size(); }
    size_t pairCount() const { return m_pairs.size(); }
    // The store-wide identity of node n: key, mmsi, imo, name, flag (figures zero).
    const VesselRow &vessel(uint32_t n) const { return m_vessels[n]; }
    // The node of a key ("I:9000001"), kNone when the store has no such vessel.
    uint32_t nodeOf(const std::string &key) const;
    // Row r's nodes (kNone for an unknown vessel) and pair (kNone when the row is no
    // meeting of two different known vessels).
    uint32_t nodeA(uint32_t r) const { return m_rowA[r]; }
    uint32_t nodeB(uint32_t r) const { return m_rowB[r]; }
    uint32_t pairOf(uint32_t r) const { return m_rowPair[r]; }
    // The two nodes of a store-wide pair, a < b.
    std::pair<uint32_t, uint32_t> pair(uint32_t p) const { return m_pairs[p]; }

    // The network of `rows` (ascending or not): the same nodes, edges, figures and
    // groups as network::build over those rows, with the vessels' store-wide names, and
    // without the rows lists (VesselRow::eventRows, VesselNetwork::edgeRows stay empty).
    // globalNode / globalPair (optional) receive the store-wide node of each node and
    // the store-wide pair of each edge.
    VesselNetwork count(const std::vector<uint32_t> &rows,
                        std::vector<uint32_t> *globalNode = nullptr,
                        std::vector<uint32_t> *globalPair = nullptr) const;

private:
    const EventStore *m_store = nullptr;
    std::vector<VesselRow> m_vessels;
    std::vector<uint32_t> m_identityNode; // identity id -> node, kNone
    std::vector<uint32_t> m_rowA, m_rowB, m_rowPair;
    std::vector<std::pair<uint32_t, uint32_t>> m_pairs;
};

// The vessel `key`'s network within `hops` meetings, over the rows set in `bits` (a bit
// per store row): the vessels at most `hops` pairs away from it in the network of those
// rows. Returns the bits of those rows whose known vessels are all in it (a meeting
// inside the neighbourhood, or one of its vessels' events with an unknown party);
// nothing when the key has no event among them.
std::vector<uint64_t> withinHops(const EventStore &store, const VesselIdentities &identities,
                                 const std::vector<uint64_t> &bits, const std::string &key,
                                 int hops);

} // namespace network

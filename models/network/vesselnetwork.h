#pragma once

#include "vessels/vesselsummary.h"

#include <QPointF>
#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

class EventStore;
struct VesselIdentities;

// Who met whom among the events that pass the filters (issue 19). The vessels are
// identified as the Vessels dock identifies them (vessels::summarise: IMO, else MMSI,
// else normalised name), so a node is a row of that dock with the same events and
// partners. An event between two different known vessels is a meeting of that pair;
// an event with one or both parties unknown, or with the same vessel on both sides, is
// no edge (its known vessel still counts it among its events) and is counted apart.
namespace network {

struct Node
{
    VesselRow vessel; // key, mmsi, imo, name, flag, events, partners, barrels, eventRows
    int component = -1; // index into VesselNetwork::components
};

struct Edge
{
    uint32_t a = 0, b = 0; // node indices, a < b
    int64_t events = 0; // meetings of the pair
    double volume = 0; // their known volumes summed (barrels)
    int64_t volumeUnknown = 0; // meetings without a volume
    // The event store rows of its meetings (ascending) are rows[rowsBegin, rowsEnd) of
    // VesselNetwork::edgeRows.
    uint32_t rowsBegin = 0, rowsEnd = 0;
};

struct Component
{
    std::vector<uint32_t> nodes; // ascending
    int64_t edges = 0; // pairs inside it
    int64_t events = 0; // meetings inside it
};

struct VesselNetwork
{
    // Vessels in key order (the Vessels dock's order).
    std::vector<Node> nodes;
    // Pairs ordered by (a, b).
    std::vector<Edge> edges;
    std::vector<uint32_t> edgeRows;
    // Connected groups: most vessels first, then most meetings, then lowest first node.
    // A vessel without partners is a group of its own.
    std::vector<Component> components;

    // The filtered events, and how they split.
    int64_t events = 0;
    int64_t pairEvents = 0; // between two different known vessels (the edges' meetings)
    int64_t oneUnknown = 0; // one party known, the other not
    int64_t noneKnown = 0; // neither party known
    int64_t sameVessel = 0; // the same vessel on both sides
    // Whether any filtered event has a known volume (else volumes are not shown).
    bool hasVolume = false;

    // Node index of a vessel key ("I:9000001"), -1 when absent.
    int indexOf(const std::string &key) const;
    // Node indices ranked by partners, then events, then key (the "top" vessels).
    std::vector<uint32_t> rankedByPartners() const;
    // Edge indices ranked by meetings, then known volume, then the pair's keys.
    std::vector<uint32_t> rankedPairs() const;
    // The store rows of one edge's meetings.
    std::vector<uint32_t> rowsOf(const Edge &e) const
    {
        return {edgeRows.begin() + e.rowsBegin, edgeRows.begin() + e.rowsEnd};
    }
};

struct Input
{
    const EventStore *events = nullptr;
    // The event rows that pass the filters, ascending (TransferFilter::ascendingStoreRows()
    // or EventFilter::apply()).
    const std::vector<uint32_t> *rows = nullptr;
    // The store's identities (TransferFilter keeps them); computed when null.
    const VesselIdentities *identities = nullptr;
};

VesselNetwork build(const Input &input);
// Fills net.components and each node's component from the nodes and edges.
void findComponents(VesselNetwork &net);

// A force-directed layout (Fruchterman-Reingold, Boost.Graph) in the unit square
// [-0.5, 0.5]². Deterministic for a given seed. With a previous layout (positions by
// vessel key), the vessels it has start where they were, a new vessel starts beside a
// partner that has a position (or at a seeded random place), and the layout only
// refines (a lower temperature), so it stays stable as the window moves.
struct LayoutOptions
{
    const std::unordered_map<std::string, QPointF> *previous = nullptr;
    uint32_t seed = 19;
    int iterations = 100; // fresh layout
    int refineIterations = 40; // seeded from a previous layout
    double refineTemperature = 0.02; // the largest step of a seeded layout (0.1 fresh)
};
std::vector<QPointF> layout(const VesselNetwork &net, const LayoutOptions &options = {});
// Only the start of layout(): the vessels of `previous` where they were, a newcomer
// beside a placed partner (or at a seeded random place); everyone at a seeded random
// place without a previous layout. No force is applied: the first drawing of a window
// step (the Network dock), refined later by layout().
std::vector<QPointF> seedPositions(const VesselNetwork &net, const LayoutOptions &options = {});
// Positions by vessel key, to seed the next layout.
std::unordered_map<std::string, QPointF> positionsByKey(const VesselNetwork &net,
                                                        const std::vector<QPointF> &positions);

} // namespace network

#include "encounters.h"

#include "parallel.h"
#include "stagetimer.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <thread>
#include <tuple>

namespace detect {

namespace {
constexpr double kRadians = M_PI / 180.0;

// Two vessels within the distance in one slot: sampleA is vessel `pair >> 32`'s
// sample, sampleB the other's (pair = lower vessel << 32 | higher vessel). 16 bytes: the
// slot is the samples' own (Resampled::slot) and the distance is computed again where it
// is needed (contactDistance), so that the millions found and sorted are half the size.
struct Contact
{
    uint64_t pair;
    uint32_t sampleA, sampleB;
};

double contactDistance(const Resampled &t, const Contact &c)
{
    return distanceM(t.lat[c.sampleA], t.lon[c.sampleA], t.lat[c.sampleB], t.lon[c.sampleB]);
}

void unitVector(double lat, double lon, double v[3])
{
    const double p = lat * kRadians, l = lon * kRadians;
    v[0] = std::cos(p) * std::cos(l);
    v[1] = std::cos(p) * std::sin(l);
    v[2] = std::sin(p);
}

// Cell coordinates fit in 21 bits each (|coordinate| <= 1 / kMinCell + 2 < 2^20), so a
// neighbour's key is the key plus the packed offsets, without carries.
constexpr double kMinCell = 1e-6;
constexpr int64_t kBias = int64_t(1) << 20;
constexpr int kShiftX = 42, kShiftY = 21;

// Finds the contacts of the slots whose samples are order[begin, end) (sorted by
// slot, then sample), comparing only samples in neighbouring cells.
class SlotScanner
{
public:
    SlotScanner(const Resampled &t, const HugeVector<uint32_t> &vesselOf, double maxDistanceM)
        : m_t(t), m_vesselOf(vesselOf), m_maxDistance(maxDistanceM)
    {
        const double half = std::min(maxDistanceM / (2 * kEarthRadiusM), M_PI / 2);
        // A margin over the chord of the distance: two samples within the distance
        // differ by at most the chord in each coordinate, so lie in neighbouring cells
        // whatever the rounding of the divisions.
        m_cell = std::max(2 * std::sin(half) * 1.001 + 1e-12, kMinCell);
    }

    void scanSlot(const uint32_t *samples, size_t m, HugeVector<Contact> &out)
    {
        if (m < 2)
            return;
        if (m <= 16) {
            for (size_t i = 0; i < m; ++i)
                for (size_t j = i + 1; j < m; ++j)
                    check(samples[i], samples[j], out);
            return;
        }
        m_cells.resize(m);
        for (size_t i = 0; i < m; ++i) {
            double v[3];
            unitVector(m_t.lat[samples[i]], m_t.lon[samples[i]], v);
            int64_t key = 0;
            for (int c = 0; c < 3; ++c)
                key = (key << 21) | (int64_t(std::floor(v[c] / m_cell)) + kBias);
            m_cells[i] = {uint64_t(key), samples[i]};
        }
        std::sort(m_cells.begin(), m_cells.end());
        // Open addressing from a cell's key to its range in m_cells.
        size_t capacity = 16;
        while (capacity < 2 * m)
            capacity *= 2;
        m_table.assign(capacity, Slot {});
        for (size_t b = 0; b < m;) {
            size_t e = b + 1;
            while (e < m && m_cells[e].first == m_cells[b].first)
                ++e;
            size_t h = hash(m_cells[b].first) & (capacity - 1);
            while (m_table[h].end != 0)
                h = (h + 1) & (capacity - 1);
            m_table[h] = {m_cells[b].first, uint32_t(b), uint32_t(e)};
            b = e;
        }
        for (size_t b = 0; b < m;) {
            const uint64_t key = m_cells[b].first;
            size_t e = b + 1;
            while (e < m && m_cells[e].first == key)
                ++e;
            for (size_t i = b; i < e; ++i)
                for (size_t j = i + 1; j < e; ++j)
                    check(m_cells[i].second, m_cells[j].second, out);
            // Each pair of distinct neighbouring cells once: from the lower key.
            for (int dx = -1; dx <= 1; ++dx)
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dz = -1; dz <= 1; ++dz) {
                        // Multiplied, not shifted: a left shift of a negative value is
                        // undefined before C++20.
                        const uint64_t other =
                            uint64_t(int64_t(key) + int64_t(dx) * (int64_t(1) << kShiftX)
                                     + int64_t(dy) * (int64_t(1) << kShiftY) + dz);
                        if (other <= key)
                            continue;
                        const Slot *cell = find(other, capacity);
                        if (!cell)
                            continue;
                        for (size_t i = b; i < e; ++i)
                            for (uint32_t j = cell->begin; j < cell->end; ++j)
                                check(m_cells[i].second, m_cells[j].second, out);
                    }
            b = e;
        }
    }

private:
    struct Slot
    {
        uint64_t key = 0;
        uint32_t begin = 0, end = 0; // end == 0: empty
    };
    static size_t hash(uint64_t key)
    {
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdULL;
        key ^= key >> 33;
        return size_t(key);
    }
    const Slot *find(uint64_t key, size_t capacity) const
    {
        for (size_t h = hash(key) & (capacity - 1); m_table[h].end != 0;
             h = (h + 1) & (capacity - 1))
            if (m_table[h].key == key)
                return &m_table[h];
        return nullptr;
    }
    void check(uint32_t a, uint32_t b, HugeVector<Contact> &out) const
    {
        uint32_t va = m_vesselOf[a], vb = m_vesselOf[b];
        if (va == vb)
            return;
        if (va > vb) {
            std::swap(a, b);
            std::swap(va, vb);
        }
        if (distanceM(m_t.lat[a], m_t.lon[a], m_t.lat[b], m_t.lon[b]) <= m_maxDistance)
            out.push_back({uint64_t(va) << 32 | vb, a, b});
    }

    const Resampled &m_t;
    const HugeVector<uint32_t> &m_vesselOf;
    double m_maxDistance;
    double m_cell;
    std::vector<std::pair<uint64_t, uint32_t>> m_cells;
    std::vector<Slot> m_table;
};

// Sample indices ordered by slot (then by index), and the start of each slot's group.
void orderBySlot(const Resampled &t, HugeVector<uint32_t> &order, std::vector<size_t> &groups)
{
    const size_t n = t.size();
    order.resize(n);
    groups.clear();
    if (n == 0)
        return;
    const auto [lo, hi] = std::minmax_element(t.slot.begin(), t.slot.end());
    const uint64_t range = uint64_t(*hi - *lo) + 1;
    if (range <= 4 * n + (1u << 20)) {
        std::vector<uint32_t> start(range + 1, 0);
        for (size_t i = 0; i < n; ++i)
            ++start[size_t(t.slot[i] - *lo) + 1];
        for (size_t k = 0; k < range; ++k)
            start[k + 1] += start[k];
        for (size_t k = 0; k < range; ++k)
            if (start[k + 1] > start[k])
                groups.push_back(start[k]);
        for (size_t i = 0; i < n; ++i)
            order[start[size_t(t.slot[i] - *lo)]++] = uint32_t(i);
    } else {
        for (size_t i = 0; i < n; ++i)
            order[i] = uint32_t(i);
        std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
            return t.slot[a] != t.slot[b] ? t.slot[a] < t.slot[b] : a < b;
        });
        for (size_t i = 0; i < n; ++i)
            if (i == 0 || t.slot[order[i]] != t.slot[order[i - 1]])
                groups.push_back(i);
    }
    groups.push_back(n);
}

// The threads' contacts, in the threads' order, stably sorted by pair: an LSD radix
// sort on the pair's dense number (lower vessel * vessels + higher vessel), in as few
// passes of at most 13 bits as that number needs (two for 4,096 vessels). The first
// pass reads the threads' vectors where they are, so they are never concatenated.
HugeVector<Contact> sortByPair(std::vector<HugeVector<Contact>> &pieces, size_t vessels)
{
    size_t n = 0;
    for (const HugeVector<Contact> &p : pieces)
        n += p.size();
    const auto dense = [vessels](uint64_t pair) {
        return (pair >> 32) * uint64_t(vessels) + (pair & 0xFFFFFFFFu);
    };
    int bits = 0;
    for (uint64_t top = uint64_t(vessels) * uint64_t(vessels); bits < 64 && (top - 1) >> bits;)
        ++bits;
    const int passes = std::max(1, (bits + 12) / 13);
    const int width = std::max(1, (bits + passes - 1) / passes);
    const size_t buckets = size_t(1) << width;
    HugeVector<Contact> out(n), buffer;
    std::vector<size_t> start(buckets + 1);
    for (int pass = 0; pass < passes; ++pass) {
        const int shift = pass * width;
        const auto bucket = [&](const Contact &c) {
            return size_t(dense(c.pair) >> shift) & (buckets - 1);
        };
        std::fill(start.begin(), start.end(), 0);
        if (pass == 0) {
            for (const HugeVector<Contact> &p : pieces)
                for (const Contact &c : p)
                    ++start[bucket(c) + 1];
        } else {
            for (const Contact &c : buffer)
                ++start[bucket(c) + 1];
        }
        for (size_t k = 0; k < buckets; ++k)
            start[k + 1] += start[k];
        if (pass == 0) {
            for (HugeVector<Contact> &p : pieces) {
                for (const Contact &c : p)
                    out[start[bucket(c)]++] = c;
                p = {};
            }
        } else {
            for (const Contact &c : buffer)
                out[start[bucket(c)]++] = c;
        }
        if (pass + 1 < passes) {
            buffer.swap(out);
            if (out.size() != n)
                out.resize(n);
        }
    }
    return out;
}

// Every pair's closest samples in every slot where they are within the distance,
// sorted by pair, then slot.
HugeVector<Contact> findContacts(const Resampled &t, double maxDistanceM, const Control &control)
{
    StageTimer timer("contacts");
    HugeVector<uint32_t> vesselOf(t.size());
    for (size_t v = 0; v < t.vesselCount(); ++v)
        std::fill(vesselOf.begin() + t.vesselBegin[v], vesselOf.begin() + t.vesselBegin[v + 1],
                  uint32_t(v));
    HugeVector<uint32_t> order;
    std::vector<size_t> groups;
    orderBySlot(t, order, groups);
    const size_t slotGroups = groups.empty() ? 0 : groups.size() - 1;
    timer.lap("ordered by slot");

    const unsigned threads = std::max(
        1u,
        std::min<unsigned>(std::thread::hardware_concurrency(), unsigned(t.size() / 50000) + 1));
    std::vector<HugeVector<Contact>> found(threads);
    parallel::onThreads(threads, [&](unsigned k) {
        SlotScanner scanner(t, vesselOf, maxDistanceM);
        const size_t g0 = slotGroups * k / threads, g1 = slotGroups * (k + 1) / threads;
        for (size_t g = g0; g < g1; ++g) {
            if ((g - g0) % 64 == 0) {
                if (control.cancelled())
                    return;
                if (k == 0 && control.progress)
                    control.progress(double(g - g0) / double(g1 - g0));
            }
            scanner.scanSlot(order.data() + groups[g], groups[g + 1] - groups[g], found[k]);
        }
    });

    timer.lap("scanned");
    // Each thread found its contacts slot by slot, and the threads took the slots in
    // order: concatenated, they are in slot order, so a stable sort by pair alone puts
    // them in pair, then slot order. A radix sort on the dense pair number does that in
    // a few linear passes (a comparison sort of the whole tuple took as long as the scan).
    HugeVector<Contact> contacts = sortByPair(found, t.vesselCount());
    // One contact per pair and slot: the closest samples (two transmitters of a vessel),
    // ties to the lower sample numbers, whatever order the scan found them in.
    const auto slotOf = [&t](const Contact &c) { return t.slot[c.sampleA]; };
    size_t kept = 0;
    for (size_t b = 0; b < contacts.size();) {
        size_t e = b + 1, best = b;
        for (; e < contacts.size() && contacts[e].pair == contacts[b].pair
             && slotOf(contacts[e]) == slotOf(contacts[b]);
             ++e) {
            const Contact &c = contacts[e], &o = contacts[best];
            if (std::make_tuple(contactDistance(t, c), c.sampleA, c.sampleB)
                < std::make_tuple(contactDistance(t, o), o.sampleA, o.sampleB))
                best = e;
        }
        contacts[kept++] = contacts[best];
        b = e;
    }
    contacts.resize(kept);
    timer.lap("sorted");
    return contacts;
}

// The known speeds of both vessels over contacts [b, e).
void speeds(const Resampled &t, const Contact *b, const Contact *e, std::vector<double> &out)
{
    for (const Contact *c = b; c != e; ++c)
        for (uint32_t s : {c->sampleA, c->sampleB})
            if (!std::isnan(t.speedKn[s]))
                out.push_back(t.speedKn[s]);
}

struct Run
{
    const Contact *begin, *end;
};

// An encounter's pair, time and mean position, and the distance to the nearest port or
// anchorage: what decides whether it is kept. Its figures (measureEncounter) are worked
// out only for those kept: most runs of contacts are moored vessels in an anchorage.
Encounter placeEncounter(const Resampled &t, const std::vector<Run> &runs, const GeoContext &geo)
{
    Encounter enc;
    enc.vesselA = uint32_t(runs.front().begin->pair >> 32);
    enc.vesselB = uint32_t(runs.front().begin->pair & 0xFFFFFFFFu);
    enc.startMs = t.slot[runs.front().begin->sampleA] * t.slotMs;
    enc.endMs = t.slot[(runs.back().end - 1)->sampleA] * t.slotMs;
    double sum[3] = {0, 0, 0};
    for (const Run &r : runs) {
        for (const Contact *c = r.begin; c != r.end; ++c) {
            for (uint32_t s : {c->sampleA, c->sampleB}) {
                double v[3];
                unitVector(t.lat[s], t.lon[s], v);
                for (int i = 0; i < 3; ++i)
                    sum[i] += v[i];
            }
        }
    }
    enc.lat = std::atan2(sum[2], std::hypot(sum[0], sum[1])) / kRadians;
    enc.lon = std::atan2(sum[1], sum[0]) / kRadians;
    enc.portKm = geo.portKm(enc.lat, enc.lon);
    return enc; // shoreKm: asked only of the encounters kept (the coast's look-up is dear)
}

// The slots, median distance and median speed of an encounter placed by placeEncounter.
void measureEncounter(const Resampled &t, const std::vector<Run> &runs, Encounter &enc)
{
    std::vector<double> distances, speedValues;
    for (const Run &r : runs) {
        for (const Contact *c = r.begin; c != r.end; ++c)
            distances.push_back(contactDistance(t, *c));
        speeds(t, r.begin, r.end, speedValues);
    }
    enc.slotCount = int(distances.size());
    enc.medianDistanceM = median(distances);
    enc.medianSpeedKn = median(speedValues);
}

} // namespace

double median(std::vector<double> &values)
{
    const size_t n = values.size();
    if (n == 0)
        return std::numeric_limits<double>::quiet_NaN();
    std::nth_element(values.begin(), values.begin() + n / 2, values.end());
    const double upper = values[n / 2];
    if (n % 2)
        return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + n / 2);
    return (lower + upper) / 2;
}

std::vector<Encounter> findEncounters(const Resampled &t, const Rules &rules, const GeoContext &geo,
                                      const Control &control)
{
    std::vector<Encounter> result;
    if (!(rules.maxDistanceM >= 0))
        return result;
    Control scanning;
    scanning.cancel = control.cancel;
    if (control.progress)
        scanning.progress = [&](double f) { control.progress(0.9 * f); };
    const HugeVector<Contact> contacts = findContacts(t, rules.maxDistanceM, scanning);
    if (control.cancelled())
        return {};

    // The pairs' runs, merged and checked, on threads: each takes a share of the contacts
    // cut at pair boundaries (the geography's queries are const and thread-safe).
    const int64_t S = t.slotMs;
    const Contact *const begin = contacts.data(), *const end = begin + contacts.size();
    const unsigned threads = std::max(1u,
                                      std::min<unsigned>(std::thread::hardware_concurrency(),
                                                         unsigned(contacts.size() / 20000) + 1));
    std::vector<const Contact *> cuts(threads + 1, end);
    cuts[0] = begin;
    for (unsigned k = 1; k < threads; ++k) {
        const Contact *c = begin + contacts.size() * k / threads;
        while (c != begin && c != end && c->pair == (c - 1)->pair)
            ++c;
        cuts[k] = std::max(c, cuts[k - 1]);
    }
    std::vector<std::vector<Encounter>> found(threads);
    parallel::onThreads(threads, [&](unsigned k) {
        std::vector<Encounter> &out = found[k];
        std::vector<double> speedValues;
        std::vector<Run> merged;
        const auto flush = [&] {
            if (merged.empty())
                return;
            Encounter enc = placeEncounter(t, merged, geo);
            const bool kept = !(enc.portKm < rules.minPortKm)
                && !(rules.excludeLand && geo.onLand(enc.lat, enc.lon));
            if (kept)
                measureEncounter(t, merged, enc);
            merged.clear();
            if (!kept)
                return;
            enc.shoreKm = geo.shoreKm(enc.lat, enc.lon);
            out.push_back(enc);
        };
        const auto slotOf = [&t](const Contact *c) { return t.slot[c->sampleA]; };
        for (const Contact *p = cuts[k]; p != cuts[k + 1];) {
            const Contact *pairEnd = p;
            while (pairEnd != cuts[k + 1] && pairEnd->pair == p->pair)
                ++pairEnd;
            merged.clear();
            for (const Contact *b = p; b != pairEnd;) {
                const Contact *e = b + 1;
                while (e != pairEnd && slotOf(e) == slotOf(e - 1) + 1)
                    ++e;
                speedValues.clear();
                speeds(t, b, e, speedValues);
                const bool qualifies = (slotOf(e - 1) - slotOf(b)) * S >= rules.minDurationMs
                    && !speedValues.empty() && median(speedValues) < rules.maxMedianSpeedKn;
                if (qualifies) {
                    if (!merged.empty()
                        && (slotOf(b) - slotOf(merged.back().end - 1)) * S >= rules.mergeGapMs)
                        flush();
                    merged.push_back({b, e});
                }
                b = e;
            }
            flush();
            p = pairEnd;
        }
    });
    for (std::vector<Encounter> &f : found)
        result.insert(result.end(), f.begin(), f.end());
    std::sort(result.begin(), result.end(), [](const Encounter &a, const Encounter &b) {
        return std::tie(a.startMs, a.vesselA, a.vesselB)
            < std::tie(b.startMs, b.vesselA, b.vesselB);
    });
    if (control.progress)
        control.progress(1.0);
    return result;
}

std::vector<Encounter> findEncounters(const TrackStore &store, const Rules &rules,
                                      const GeoContext &geo, const Control &control)
{
    Control resampling;
    resampling.cancel = control.cancel;
    if (control.progress)
        resampling.progress = [&](double f) { control.progress(0.3 * f); };
    StageTimer timer("encounters");
    const Resampled tracks = resample(store, rules, resampling);
    timer.lap("resampled");
    if (control.cancelled())
        return {};
    Control finding;
    finding.cancel = control.cancel;
    if (control.progress)
        finding.progress = [&](double f) { control.progress(0.3 + 0.7 * f); };
    return findEncounters(tracks, rules, geo, finding);
}

} // namespace detect

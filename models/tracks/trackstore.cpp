#include "trackstore.h"

#include "parallel.h"

#include "stagetimer.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>
#include <thread>
#include <unordered_map>

namespace {

constexpr double kEarthRadiusNm = 6371008.8 / 1852.0; // mean radius (IUGG), in nautical miles

double haversineNm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double rad = M_PI / 180.0;
    const double dLat = (lat2 - lat1) * rad;
    const double dLon = (lon2 - lon1) * rad;
    const double s = std::sin(dLat / 2);
    const double t = std::sin(dLon / 2);
    const double h = s * s + std::cos(lat1 * rad) * std::cos(lat2 * rad) * t * t;
    return 2 * kEarthRadiusNm * std::asin(std::sqrt(std::min(1.0, h)));
}

// Positions as added, one block per builder that was absorbed (never copied into one:
// the columns are gathered straight into the store's order, each block column freed as
// soon as it is read, so a load never holds two copies of the positions).
struct Chunk
{
    HugeVector<uint32_t> vessel;
    HugeVector<int64_t> time;
    HugeVector<int32_t> lat, lon;
    HugeVector<uint16_t> sog, cog, heading, file;
    HugeVector<uint32_t> row;
    size_t size() const { return time.size(); }
};

struct VesselEntry
{
    uint32_t mmsi = 0;
    std::string id;
    std::vector<IdentityPeriod> history; // distinct identities, any order until finish
    float length = NAN, width = NAN;
    // When the length and the width were given: each is the latest the vessel gave.
    int64_t lengthMs = std::numeric_limits<int64_t>::min();
    int64_t widthMs = std::numeric_limits<int64_t>::min();
};

} // namespace

struct TrackBuilder::Data
{
    SegmentRules rules;
    std::vector<QString> files;
    std::vector<VesselEntry> vessels;
    std::unordered_map<uint32_t, uint32_t> byMmsi;
    std::unordered_map<std::string, uint32_t> byId;
    std::vector<Chunk> chunks = std::vector<Chunk>(1);
};

TrackBuilder::TrackBuilder(SegmentRules rules) : d(std::make_unique<Data>())
{
    d->rules = rules;
}

TrackBuilder::~TrackBuilder() = default;
TrackBuilder::TrackBuilder(TrackBuilder &&) noexcept = default;
TrackBuilder &TrackBuilder::operator=(TrackBuilder &&) noexcept = default;

uint16_t TrackBuilder::addFile(const QString &path)
{
    d->files.push_back(path);
    return static_cast<uint16_t>(d->files.size() - 1);
}

uint32_t TrackBuilder::vesselByMmsi(uint32_t mmsi)
{
    const auto [it, inserted] = d->byMmsi.try_emplace(mmsi, uint32_t(d->vessels.size()));
    if (inserted) {
        VesselEntry v;
        v.mmsi = mmsi;
        char digits[16];
        const int n = std::snprintf(digits, sizeof digits, "%09u", mmsi);
        v.id.assign(digits, size_t(n));
        d->vessels.push_back(std::move(v));
    }
    return it->second;
}

uint32_t TrackBuilder::vesselById(std::string_view id)
{
    const auto [it, inserted] = d->byId.try_emplace(std::string(id), uint32_t(d->vessels.size()));
    if (inserted) {
        VesselEntry v;
        v.id = std::string(id);
        d->vessels.push_back(std::move(v));
    }
    return it->second;
}

void TrackBuilder::reserve(size_t positions)
{
    Chunk &c = d->chunks.back();
    reserveHuge(c.vessel, positions);
    reserveHuge(c.time, positions);
    reserveHuge(c.lat, positions);
    reserveHuge(c.lon, positions);
    reserveHuge(c.sog, positions);
    reserveHuge(c.cog, positions);
    reserveHuge(c.heading, positions);
    reserveHuge(c.file, positions);
    reserveHuge(c.row, positions);
}

int32_t TrackBuilder::toE7(double degrees)
{
    return static_cast<int32_t>(std::llround(degrees * 1e7));
}

uint16_t TrackBuilder::packSpeed(float knots)
{
    if (!(knots >= 0) || knots > 6553.0f) // NaN too
        return TrackStore::kNoValue;
    return static_cast<uint16_t>(std::lround(knots * 10.0f));
}

uint16_t TrackBuilder::packCourse(float degrees)
{
    if (!(degrees >= 0) || degrees >= 360.0f)
        return TrackStore::kNoValue;
    return static_cast<uint16_t>(std::lround(degrees * 10.0f) % 3600);
}

uint16_t TrackBuilder::packHeading(float degrees)
{
    if (!(degrees >= 0) || degrees >= 360.0f)
        return TrackStore::kNoValue;
    return static_cast<uint16_t>(std::lround(degrees)) % 360;
}

PackedPosition TrackBuilder::pack(const PositionReport &r)
{
    PackedPosition p;
    p.vessel = r.vessel;
    p.timeMs = r.timeMs;
    p.latE7 = toE7(r.lat);
    p.lonE7 = toE7(r.lon);
    p.sog = packSpeed(r.sog);
    p.cog = packCourse(r.cog);
    p.heading = packHeading(r.heading);
    p.sourceFile = r.sourceFile;
    p.sourceRow = r.sourceRow;
    return p;
}

void TrackBuilder::add(const PositionReport &r)
{
    add(pack(r));
}

void TrackBuilder::add(const PackedPosition &p)
{
    Chunk &c = d->chunks.back();
    if (c.time.size() == c.time.capacity())
        reserve(std::max<size_t>(1024, c.time.size() * 2));
    c.vessel.push_back(p.vessel);
    c.time.push_back(p.timeMs);
    c.lat.push_back(p.latE7);
    c.lon.push_back(p.lonE7);
    c.sog.push_back(p.sog);
    c.cog.push_back(p.cog);
    c.heading.push_back(p.heading);
    c.file.push_back(p.sourceFile);
    c.row.push_back(p.sourceRow);
}

namespace {

void keepDimensions(VesselEntry &v, int64_t timeMs, float length, float width)
{
    // Reports in any order: the latest time wins, and of one time the last added.
    if (!std::isnan(length) && timeMs >= v.lengthMs) {
        v.lengthMs = timeMs;
        v.length = length;
    }
    if (!std::isnan(width) && timeMs >= v.widthMs) {
        v.widthMs = timeMs;
        v.width = width;
    }
}

} // namespace

int TrackBuilder::addIdentity(uint32_t vessel, int64_t timeMs, const VesselIdentity &identity,
                              float length, float width)
{
    VesselEntry &v = d->vessels[vessel];
    keepDimensions(v, timeMs, length, width);
    if (identity == VesselIdentity())
        return -1; // nothing said about who it is
    for (size_t i = 0; i < v.history.size(); ++i) {
        IdentityPeriod &p = v.history[i];
        if (p.identity == identity) {
            p.firstMs = std::min(p.firstMs, timeMs);
            p.lastMs = std::max(p.lastMs, timeMs);
            ++p.reports;
            return int(i);
        }
    }
    v.history.push_back(IdentityPeriod {identity, timeMs, timeMs, 1});
    return int(v.history.size() - 1);
}

void TrackBuilder::repeatIdentity(uint32_t vessel, int period, int64_t timeMs, float length,
                                  float width)
{
    VesselEntry &v = d->vessels[vessel];
    keepDimensions(v, timeMs, length, width);
    if (period < 0)
        return;
    IdentityPeriod &p = v.history[size_t(period)];
    p.firstMs = std::min(p.firstMs, timeMs);
    p.lastMs = std::max(p.lastMs, timeMs);
    ++p.reports;
}

void TrackBuilder::shiftRows(uint32_t lines)
{
    if (lines == 0)
        return;
    for (Chunk &c : d->chunks)
        for (uint32_t &row : c.row)
            row += lines;
}

void TrackBuilder::absorb(TrackBuilder &&other)
{
    Data &o = *other.d;
    const auto fileBase = static_cast<uint16_t>(d->files.size());
    for (QString &f : o.files)
        d->files.push_back(std::move(f));
    std::vector<uint32_t> vesselMap(o.vessels.size());
    for (size_t i = 0; i < o.vessels.size(); ++i) {
        VesselEntry &ov = o.vessels[i];
        const uint32_t mine = ov.mmsi ? vesselByMmsi(ov.mmsi) : vesselById(ov.id);
        vesselMap[i] = mine;
        for (const IdentityPeriod &p : ov.history) {
            VesselEntry &v = d->vessels[mine];
            auto same =
                std::find_if(v.history.begin(), v.history.end(),
                             [&](const IdentityPeriod &q) { return q.identity == p.identity; });
            if (same == v.history.end()) {
                v.history.push_back(p);
            } else {
                same->firstMs = std::min(same->firstMs, p.firstMs);
                same->lastMs = std::max(same->lastMs, p.lastMs);
                same->reports += p.reports;
            }
        }
        VesselEntry &v = d->vessels[mine];
        keepDimensions(v, ov.lengthMs, ov.length, NAN);
        keepDimensions(v, ov.widthMs, NAN, ov.width);
    }
    // In order after everything added so far: ties of one vessel at one time keep it.
    if (d->chunks.back().size() == 0)
        d->chunks.pop_back();
    for (Chunk &c : o.chunks) {
        if (c.size() == 0)
            continue;
        for (uint32_t &v : c.vessel)
            v = vesselMap[v];
        if (fileBase)
            for (uint16_t &f : c.file)
                f = static_cast<uint16_t>(f + fileBase);
        d->chunks.push_back(std::move(c));
    }
    d->chunks.emplace_back(); // where add() goes on
    o = Data();
    o.rules = d->rules;
}

size_t TrackBuilder::positionCount() const
{
    size_t n = 0;
    for (const Chunk &c : d->chunks)
        n += c.size();
    return n;
}

namespace {

// Runs fn(begin, end) over [0, n) in pieces on up to `threads` threads (this one
// included); an exception on any of them is thrown here once all have stopped.
template<typename Fn> void parallelFor(size_t n, unsigned threads, const Fn &fn)
{
    threads = std::max(1u, std::min<unsigned>(threads, unsigned(n / 65536) + 1));
    if (threads == 1) {
        fn(size_t(0), n);
        return;
    }
    parallel::onThreads(threads, [&](unsigned k) { fn(n * k / threads, n * (k + 1) / threads); });
}

// Moves one column of every chunk to the places `dest` gives (each chunk's vessel
// column, turned into destinations), freeing each chunk's column once moved. Places are
// distinct, so the pieces of a chunk move on several threads at once.
template<typename T, typename Member>
HugeVector<T> scatter(std::vector<Chunk> &chunks, size_t n, Member member, unsigned threads)
{
    HugeVector<T> out;
    reserveHuge(out, n);
    out.resize(n);
    T *o = out.data();
    for (Chunk &c : chunks) {
        const T *col = (c.*member).data();
        const uint32_t *dest = c.vessel.data();
        parallelFor((c.*member).size(), threads, [&](size_t b, size_t e) {
            for (size_t i = b; i < e; ++i)
                o[dest[i]] = col[i];
        });
        HugeVector<T>().swap(c.*member);
    }
    return out;
}

// Reorders column[lo + k] = old column[lo + order[k]].
template<typename T>
void permuteRange(HugeVector<T> &column, uint32_t lo, const std::vector<uint32_t> &order,
                  std::vector<T> &scratch)
{
    scratch.assign(column.begin() + lo, column.begin() + lo + ptrdiff_t(order.size()));
    for (size_t k = 0; k < order.size(); ++k)
        column[lo + k] = scratch[order[k]];
}

struct OpenSegment
{
    uint32_t local; // segment number within the vessel
    int64_t lastMs;
    double lat, lon;
};

} // namespace

namespace {
struct TrackStoreScratch
{
    std::vector<uint32_t> order, localSeg, segCount;
    std::vector<int64_t> i64;
    std::vector<int32_t> i32;
    std::vector<uint32_t> u32;
    std::vector<uint16_t> u16;
};
} // namespace

std::shared_ptr<TrackStore> TrackBuilder::finish()
{
    StageTimer timer("track store");
    auto store = std::make_shared<TrackStore>();
    TrackStore &s = *store;
    s.m_rules = d->rules;
    s.m_files = std::move(d->files);
    std::vector<Chunk> &chunks = d->chunks;
    size_t n = 0;
    for (const Chunk &c : chunks)
        n += c.size();

    // Vessels in id order: MMSIs numerically, then other ids as text.
    const size_t vesselCount = d->vessels.size();
    std::vector<uint32_t> order(vesselCount);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        const VesselEntry &x = d->vessels[a], &y = d->vessels[b];
        if ((x.mmsi == 0) != (y.mmsi == 0))
            return x.mmsi != 0;
        if (x.mmsi != y.mmsi)
            return x.mmsi < y.mmsi;
        return x.id < y.id;
    });
    std::vector<uint32_t> rank(vesselCount);
    for (uint32_t r = 0; r < vesselCount; ++r)
        rank[order[r]] = r;

    // Counting sort by vessel rank: each position's place in the store (in its chunk's
    // vessel column, which is not needed after), then column by column. Chunks are read
    // in order, so ties keep the order added.
    std::vector<uint32_t> vesselBegin(vesselCount + 1, 0);
    for (const Chunk &c : chunks)
        for (uint32_t v : c.vessel)
            ++vesselBegin[rank[v] + 1];
    for (size_t r = 0; r < vesselCount; ++r)
        vesselBegin[r + 1] += vesselBegin[r];
    {
        std::vector<uint32_t> next(vesselBegin.begin(), vesselBegin.end() - 1);
        for (Chunk &c : chunks)
            for (uint32_t &v : c.vessel)
                v = next[rank[v]]++;
    }
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    s.m_time = scatter<int64_t>(chunks, n, &Chunk::time, threads);
    s.m_latE7 = scatter<int32_t>(chunks, n, &Chunk::lat, threads);
    s.m_lonE7 = scatter<int32_t>(chunks, n, &Chunk::lon, threads);
    s.m_sog = scatter<uint16_t>(chunks, n, &Chunk::sog, threads);
    s.m_cog = scatter<uint16_t>(chunks, n, &Chunk::cog, threads);
    s.m_heading = scatter<uint16_t>(chunks, n, &Chunk::heading, threads);
    s.m_sourceFile = scatter<uint16_t>(chunks, n, &Chunk::file, threads);
    s.m_sourceRow = scatter<uint32_t>(chunks, n, &Chunk::row, threads);
    chunks.clear();
    timer.lap("scattered by vessel");

    // Per vessel: sort by time (ties keep the order added), cut into segments, then
    // group by segment. Scratch is sized by the largest vessel, not the store.
    const SegmentRules &rules = d->rules;
    const double maxNmPerMs = rules.maxSpeedKnots / 3600000.0;
    TrackStoreScratch x;
    const auto permuteVessel = [&s, &x](uint32_t lo, const std::vector<uint32_t> &order) {
        permuteRange(s.m_time, lo, order, x.i64);
        permuteRange(s.m_latE7, lo, order, x.i32);
        permuteRange(s.m_lonE7, lo, order, x.i32);
        permuteRange(s.m_sog, lo, order, x.u16);
        permuteRange(s.m_cog, lo, order, x.u16);
        permuteRange(s.m_heading, lo, order, x.u16);
        permuteRange(s.m_sourceFile, lo, order, x.u16);
        permuteRange(s.m_sourceRow, lo, order, x.u32);
    };
    std::vector<TrackStore::SegmentStart> localKind;
    std::vector<int64_t> localGapFrom, localLast;
    std::vector<OpenSegment> open;
    s.m_vesselSegBegin.resize(vesselCount);
    s.m_vesselPosBegin.resize(vesselCount);
    s.m_mmsi.resize(vesselCount);
    s.m_ids.resize(vesselCount);
    s.m_history.resize(vesselCount);
    s.m_length.resize(vesselCount);
    s.m_width.resize(vesselCount);
    for (size_t r = 0; r < vesselCount; ++r) {
        VesselEntry &ve = d->vessels[order[r]];
        s.m_mmsi[r] = ve.mmsi;
        s.m_ids[r] = std::move(ve.id);
        std::sort(ve.history.begin(), ve.history.end(),
                  [](const IdentityPeriod &a, const IdentityPeriod &b) {
                      return a.firstMs != b.firstMs ? a.firstMs < b.firstMs : a.lastMs < b.lastMs;
                  });
        s.m_history[r] = std::move(ve.history);
        s.m_length[r] = ve.length;
        s.m_width[r] = ve.width;
        s.m_vesselPosBegin[r] = vesselBegin[r];
        s.m_vesselSegBegin[r] = uint32_t(s.m_segBegin.size());

        const uint32_t lo = vesselBegin[r], hi = vesselBegin[r + 1];
        if (lo == hi)
            continue;
        ++s.m_vesselsWithPositions;
        const size_t count = hi - lo;
        if (!std::is_sorted(s.m_time.begin() + lo, s.m_time.begin() + hi)) {
            x.order.resize(count);
            std::iota(x.order.begin(), x.order.end(), 0);
            const int64_t *t = s.m_time.data() + lo;
            std::stable_sort(x.order.begin(), x.order.end(),
                             [t](uint32_t a, uint32_t b) { return t[a] < t[b]; });
            permuteVessel(lo, x.order);
        }

        x.localSeg.assign(count, 0);
        localKind.clear();
        localGapFrom.clear();
        localLast.clear();
        open.clear();
        for (size_t k = 0; k < count; ++k) {
            const int64_t t = s.m_time[lo + k];
            const double la = s.m_latE7[lo + k] * 1e-7, lo2 = s.m_lonE7[lo + k] * 1e-7;
            // Segments silent for longer than the gap are closed.
            open.erase(
                std::remove_if(open.begin(), open.end(),
                               [&](const OpenSegment &o) { return t - o.lastMs > rules.maxGapMs; }),
                open.end());
            // The most recent open segment this position can be reached from.
            int best = -1;
            for (int i = int(open.size()) - 1; i >= 0; --i) {
                const OpenSegment &o = open[size_t(i)];
                const double limitNm = double(std::max(t - o.lastMs, rules.minJumpMs)) * maxNmPerMs;
                double dLon = std::fabs(lo2 - o.lon);
                if (dLon > 180)
                    dLon = 360 - dLon;
                const double dLat = std::fabs(la - o.lat);
                bool reachable;
                if (60.0 * dLat > limitNm) // a meridian degree is 60 nm: never shorter
                    reachable = false;
                else if (60.0 * (dLat + dLon) <= limitNm) // a path no shorter than the arc
                    reachable = true;
                else
                    reachable = haversineNm(o.lat, o.lon, la, lo2) <= limitNm;
                if (reachable && (best < 0 || o.lastMs > open[size_t(best)].lastMs))
                    best = i;
            }
            if (best < 0) {
                const auto local = uint32_t(localKind.size());
                if (localKind.empty()) {
                    localKind.push_back(TrackStore::SegmentStart::First);
                    localGapFrom.push_back(-1);
                } else if (open.empty()) {
                    localKind.push_back(TrackStore::SegmentStart::AfterGap);
                    // The segment heard last before the silence.
                    const auto last = std::max_element(localLast.begin(), localLast.end());
                    localGapFrom.push_back(last - localLast.begin());
                } else {
                    localKind.push_back(TrackStore::SegmentStart::AfterJump);
                    localGapFrom.push_back(-1);
                }
                localLast.push_back(t);
                open.push_back(OpenSegment {local, t, la, lo2});
                // Spoofing can open many; the oldest stop being candidates.
                if (open.size() > 8)
                    open.erase(open.begin());
                x.localSeg[k] = local;
            } else {
                OpenSegment &o = open[size_t(best)];
                o.lastMs = t;
                o.lat = la;
                o.lon = lo2;
                localLast[o.local] = t;
                x.localSeg[k] = o.local;
            }
        }
        // Stable counting sort by segment: each segment's positions stay in time order.
        const size_t segs = localKind.size();
        x.segCount.assign(segs + 1, 0);
        for (uint32_t ls : x.localSeg)
            ++x.segCount[ls + 1];
        for (size_t i = 0; i < segs; ++i)
            x.segCount[i + 1] += x.segCount[i];
        const auto segBase = uint32_t(s.m_segBegin.size());
        for (size_t i = 0; i < segs; ++i) {
            s.m_segBegin.push_back(lo + x.segCount[i]);
            s.m_segVessel.push_back(uint32_t(r));
            s.m_segStart.push_back(localKind[i]);
            s.m_gapFrom.push_back(localGapFrom[i] < 0 ? -1 : int64_t(segBase) + localGapFrom[i]);
        }
        if (!std::is_sorted(x.localSeg.begin(), x.localSeg.end())) {
            x.order.resize(count);
            for (size_t k = 0; k < count; ++k)
                x.order[x.segCount[x.localSeg[k]]++] = uint32_t(k);
            permuteVessel(lo, x.order);
        }
    }

    timer.lap("sorted, segmented");
    if (n > 0) {
        const auto [tmin, tmax] = std::minmax_element(s.m_time.begin(), s.m_time.end());
        s.m_firstMs = *tmin;
        s.m_lastMs = *tmax;
        const auto [ymin, ymax] = std::minmax_element(s.m_latE7.begin(), s.m_latE7.end());
        const auto [xmin, xmax] = std::minmax_element(s.m_lonE7.begin(), s.m_lonE7.end());
        s.m_bbox[0] = *xmin * 1e-7;
        s.m_bbox[1] = *ymin * 1e-7;
        s.m_bbox[2] = *xmax * 1e-7;
        s.m_bbox[3] = *ymax * 1e-7;
    }
    timer.lap("extent");
    const SegmentRules kept = d->rules;
    *d = Data();
    d->rules = kept;
    return store;
}

VesselIdentity TrackStore::identity(size_t v) const
{
    const std::vector<IdentityPeriod> &h = m_history[v];
    if (h.empty())
        return {};
    return std::max_element(
               h.begin(), h.end(),
               [](const IdentityPeriod &a, const IdentityPeriod &b) { return a.lastMs < b.lastMs; })
        ->identity;
}

int64_t TrackStore::findMmsi(uint32_t mmsi) const
{
    if (mmsi == 0)
        return -1;
    // MMSI vessels come first, in ascending order.
    const size_t mmsiVessels =
        size_t(std::partition_point(m_mmsi.begin(), m_mmsi.end(), [](uint32_t m) { return m != 0; })
               - m_mmsi.begin());
    const auto end = m_mmsi.begin() + ptrdiff_t(mmsiVessels);
    const auto it = std::lower_bound(m_mmsi.begin(), end, mmsi);
    return it != end && *it == mmsi ? int64_t(it - m_mmsi.begin()) : -1;
}

int64_t TrackStore::findId(std::string_view id) const
{
    const size_t mmsiVessels =
        size_t(std::partition_point(m_mmsi.begin(), m_mmsi.end(), [](uint32_t m) { return m != 0; })
               - m_mmsi.begin());
    // Ids of MMSI vessels are their digits: found through the number.
    if (id.size() == 9
        && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const int64_t v = findMmsi(uint32_t(std::stoul(std::string(id))));
        if (v >= 0)
            return v;
    }
    const auto begin = m_ids.begin() + ptrdiff_t(mmsiVessels);
    const auto it = std::lower_bound(
        begin, m_ids.end(), id, [](const std::string &a, std::string_view b) { return a < b; });
    return it != m_ids.end() && *it == id ? int64_t(it - m_ids.begin()) : -1;
}

size_t TrackStore::memoryBytes() const
{
    size_t bytes = m_time.capacity() * 8 + (m_latE7.capacity() + m_lonE7.capacity()) * 4
        + (m_sog.capacity() + m_cog.capacity() + m_heading.capacity() + m_sourceFile.capacity()) * 2
        + m_sourceRow.capacity() * 4;
    bytes += m_segBegin.capacity() * 4 + m_segVessel.capacity() * 4 + m_segStart.capacity()
        + m_gapFrom.capacity() * 8;
    bytes += (m_vesselSegBegin.capacity() + m_vesselPosBegin.capacity() + m_mmsi.capacity()) * 4
        + (m_length.capacity() + m_width.capacity()) * 4;
    for (size_t v = 0; v < m_ids.size(); ++v)
        bytes += sizeof(std::string) + m_ids[v].capacity() + sizeof(m_history[v])
            + m_history[v].capacity() * sizeof(IdentityPeriod);
    return bytes;
}

// rendezvous_gen_events: writes a deterministic CSV of SYNTHETIC ship-to-ship transfer events
// for tests, benchmarks and the shipped sample. None of the rows describes a real transfer.
//
//   rendezvous_gen_events --rows N --seed S [--bad-rows K] -o FILE.csv   (FILE "-" = stdout)
//
// The same seed must give a byte-identical file on every compiler, standard library and CPU,
// because tests compare against the committed sample. Hence: std::mt19937_64 (its output
// sequence is fixed by the standard) but no std:: distributions (their algorithms are not),
// and no floating point at all: libm and FMA contraction differ between platforms, so
// coordinates are integers in 1e-4 degrees and the gaussian is an integer Irwin-Hall sum.

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using u64 = std::uint64_t;
using i64 = std::int64_t;

class Rng
{
public:
    explicit Rng(u64 seed) : m_engine(seed) { }

    u64 next() { return m_engine(); }

    // Uniform in [0, n), unbiased by rejection; n > 0.
    u64 below(u64 n)
    {
        const u64 threshold = (0 - n) % n; // 2^64 mod n: the biased low end to reject
        for (;;) {
            const u64 x = m_engine();
            if (x >= threshold)
                return x % n;
        }
    }

    i64 between(i64 lo, i64 hi) // inclusive
    {
        return lo + static_cast<i64>(below(static_cast<u64>(hi - lo) + 1));
    }

    bool percent(unsigned p) { return below(100) < p; }

    // Approximately normal with standard deviation sigma (same unit), truncated at 6 sigma:
    // the sum of 12 uniforms on [0, 2^21) has mean 6 * 2^21 and standard deviation 2^21.
    i64 gaussian(i64 sigma)
    {
        i64 sum = 0;
        for (int i = 0; i < 4; ++i) {
            const u64 x = m_engine();
            sum += static_cast<i64>(x & 0x1FFFFF) + static_cast<i64>((x >> 21) & 0x1FFFFF)
                + static_cast<i64>((x >> 42) & 0x1FFFFF);
        }
        return (sum - 6 * (i64(1) << 21)) * sigma / (i64(1) << 21);
    }

private:
    std::mt19937_64 m_engine;
};

template<typename T> const T &pickWeighted(Rng &rng, const std::vector<T> &items)
{
    u64 total = 0;
    for (const T &item : items)
        total += item.weight;
    u64 r = rng.below(total);
    for (const T &item : items) {
        if (r < item.weight)
            return item;
        r -= item.weight;
    }
    return items.back();
}

constexpr i64 kDeg = 10000; // coordinate unit: 1e-4 degree (about 11 m)

struct HotSpot
{
    const char *name;
    i64 lat, lon; // centre, kDeg units
    i64 sigmaLat, sigmaLon;
    unsigned weight;
};

// Areas where STS transfers are reported in open sources. Centres are rough, some spread
// reaches land: the generator is for exercising the viewer, not for geography.
const std::vector<HotSpot> kHotSpots = {
    {"East China Sea", 310000, 1235000, 6000, 6000, 26},
    {"Korea Bay / West Sea", 385000, 1245000, 3000, 4000, 14},
    {"Johor, Eastern OPL", 13000, 1045000, 1000, 1800, 20},
    {"Gulf of Oman", 250000, 570000, 2500, 3000, 12},
    {"off Lome", 59000, 13500, 1500, 2000, 9},
    {"Laconian Gulf", 367000, 227000, 600, 600, 7},
    // Straddles the antimeridian on purpose: longitudes on both sides of +-180.
    {"South Pacific, antimeridian", -150000, 1800000, 4000, 4000, 7},
};

struct OceanBox
{
    i64 latMin, latMax, lonMin, lonMax; // lonMax may exceed 180: wrapped afterwards
    unsigned weight;
};

// The ~5% background: rough open-ocean rectangles, so scattered events mostly avoid land.
const std::vector<OceanBox> kOceanBoxes = {
    {150000, 450000, -600000, -250000, 3}, // North Atlantic
    {-400000, -50000, -300000, 50000, 3}, // South Atlantic
    {-350000, -50000, 600000, 1000000, 3}, // Indian Ocean
    {80000, 200000, 600000, 700000, 1}, // Arabian Sea
    {80000, 180000, 840000, 920000, 1}, // Bay of Bengal
    {80000, 180000, 1100000, 1180000, 2}, // South China Sea
    {150000, 280000, 1250000, 1400000, 1}, // Philippine Sea
    {100000, 400000, 1500000, 2200000, 3}, // North Pacific, across the antimeridian
    {-400000, -100000, -1500000, -900000, 3}, // South Pacific
    {-30000, 30000, -50000, 80000, 1}, // Gulf of Guinea
    {330000, 370000, 150000, 250000, 1}, // Central Mediterranean
};

struct Flag
{
    const char *code; // ISO 3166-1 alpha-2
    std::vector<unsigned> mids; // ITU Maritime Identification Digits of that state
    unsigned weight;
};

const std::vector<Flag> kFlags = {
    {"PA", {351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373, 374}, 14},
    {"LR", {636, 637}, 10},
    {"MH", {538}, 9},
    {"KP", {445}, 6},
    {"SL", {667}, 4},
    {"TG", {671}, 4},
    {"KM", {616}, 3},
    {"MN", {457}, 2},
    {"CM", {613}, 3},
    {"SG", {563, 564, 565, 566}, 6},
    {"MY", {533}, 4},
    {"CN", {412, 413, 414}, 6},
    {"HK", {477}, 5},
    {"RU", {273}, 5},
    {"KR", {440, 441}, 4},
    {"GR", {237, 239, 240, 241}, 4},
    {"MT", {215, 229, 248, 249, 256}, 6},
    {"IR", {422}, 4},
    {"AE", {470}, 2},
    {"VN", {574}, 3},
    {"BZ", {312}, 2},
    {"GA", {626}, 3},
    {"CY", {209, 210, 212}, 3},
    {"TZ", {674, 677}, 2},
    {"BS", {308, 309, 311}, 3},
};

struct Cargo
{
    const char *name;
    i64 minBbl, maxBbl; // maxBbl 0: not measured in barrels
    unsigned weight;
};

const std::vector<Cargo> kCargoes = {
    {"crude oil", 100000, 800000, 22},
    {"fuel oil", 20000, 400000, 20},
    {"diesel", 5000, 150000, 16},
    {"gasoil", 5000, 150000, 12},
    {"coal", 0, 0, 6}, // bulk, in tonnes: a barrel volume would be nonsense
    {"LPG", 5000, 80000, 8},
    {"refined petroleum", 5000, 300000, 16},
};

struct Confidence
{
    const char *name;
    unsigned weight;
};

const std::vector<Confidence> kConfidences = {{"high", 25}, {"medium", 45}, {"low", 30}};

const std::array<const char *, 32> kWords = {
    "ARC",  "ASH",  "BAY",  "BLUE", "CAPE", "DAWN", "DUNE", "ECHO", "ELK",  "FERN", "GALE",
    "GLOW", "HALO", "IRIS", "JADE", "KITE", "LARK", "LUNA", "MIST", "NOVA", "OAK",  "OPAL",
    "ORCA", "OWL",  "PINE", "REEF", "RUBY", "SAGE", "SOL",  "TERN", "VEGA", "WREN"};

struct Vessel
{
    std::string name;
    std::string imo; // empty when unknown
    std::string mmsi; // empty when unknown
    const char *flag;
};

std::string digits(u64 value, int width)
{
    std::string s(static_cast<size_t>(width), '0');
    for (int i = width - 1; i >= 0; --i, value /= 10)
        s[static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
    return s;
}

// IMO numbers from 2000000..4999999: passes the check digit, but that range is (as far as
// we know) not assigned to ships, so a synthetic vessel cannot be mistaken for a real one.
std::string makeImo(Rng &rng)
{
    const u64 base = static_cast<u64>(rng.between(200000, 499999));
    const std::string s = digits(base, 6);
    unsigned check = 0;
    for (int i = 0; i < 6; ++i)
        check +=
            static_cast<unsigned>(s[static_cast<size_t>(i)] - '0') * static_cast<unsigned>(7 - i);
    return s + static_cast<char>('0' + check % 10);
}

std::vector<Vessel> makeVessels(Rng &rng, int count)
{
    std::vector<Vessel> vessels;
    std::set<std::string> names;
    vessels.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        // Names are unique: two different synthetic ships with one name and no IMO would
        // look like a ship transferring with itself.
        Vessel v;
        do {
            // One draw per statement: the evaluation order of the operands of + is
            // unspecified, and another order on another compiler would give another file.
            const char *first = kWords[rng.below(kWords.size())];
            const char *second = kWords[rng.below(kWords.size())];
            const i64 number = rng.between(1, 99);
            v.name = std::string("SYNTH ") + first + ' ' + second + ' ' + std::to_string(number);
        } while (!names.insert(v.name).second);
        const Flag &flag = pickWeighted(rng, kFlags);
        v.flag = flag.code;
        v.imo = rng.percent(80) ? makeImo(rng) : std::string();
        const unsigned mid = flag.mids[rng.below(flag.mids.size())];
        const u64 serial = rng.below(1000000);
        v.mmsi = rng.percent(55) ? std::to_string(mid) + digits(serial, 6) : std::string();
        vessels.push_back(std::move(v));
    }
    return vessels;
}

// A few vessels take part in many transfers, as in the real reports.
const Vessel &pickVessel(Rng &rng, const std::vector<Vessel> &vessels)
{
    const u64 frequent = vessels.size() < 200 ? vessels.size() : 200;
    return vessels[rng.percent(30) ? rng.below(frequent) : rng.below(vessels.size())];
}

class Line
{
public:
    void put(std::string_view s)
    {
        std::memcpy(m_buf.data() + m_len, s.data(), s.size());
        m_len += s.size();
    }
    void put(char c) { m_buf[m_len++] = c; }
    void putInt(i64 v)
    {
        m_len = static_cast<size_t>(
            std::to_chars(m_buf.data() + m_len, m_buf.data() + m_buf.size(), v).ptr - m_buf.data());
    }
    void putPadded(u64 v, int width)
    {
        for (int i = width - 1; i >= 0; --i, v /= 10)
            m_buf[m_len + static_cast<size_t>(i)] = static_cast<char>('0' + v % 10);
        m_len += static_cast<size_t>(width);
    }
    // kDeg units as a decimal degree string with 4 decimals.
    void putCoord(i64 v)
    {
        if (v < 0) {
            put('-');
            v = -v;
        }
        putInt(v / kDeg);
        put('.');
        putPadded(static_cast<u64>(v % kDeg), 4);
    }
    // Howard Hinnant's civil_from_days; UTC, no leap seconds.
    void putTime(i64 t)
    {
        const i64 days = t / 86400; // all times are after 1970: no negative rounding
        const i64 secs = t % 86400;
        const i64 z = days + 719468;
        const i64 era = z / 146097;
        const i64 doe = z - era * 146097;
        const i64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const i64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const i64 mp = (5 * doy + 2) / 153;
        const i64 day = doy - (153 * mp + 2) / 5 + 1;
        const i64 month = mp < 10 ? mp + 3 : mp - 9;
        const i64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        putPadded(static_cast<u64>(year), 4);
        put('-');
        putPadded(static_cast<u64>(month), 2);
        put('-');
        putPadded(static_cast<u64>(day), 2);
        put('T');
        putPadded(static_cast<u64>(secs / 3600), 2);
        put(':');
        putPadded(static_cast<u64>(secs / 60 % 60), 2);
        put(':');
        putPadded(static_cast<u64>(secs % 60), 2);
        put('Z');
    }
    std::string_view view() const { return {m_buf.data(), m_len}; }
    void clear() { m_len = 0; }

private:
    std::array<char, 1024> m_buf {}; // a row is < 300 bytes: no bounds checks needed
    size_t m_len = 0;
};

enum BadKind { LatitudeOutOfRange, ImpossibleDate, EmptyLatitude, UnparseableTime, Duplicate };
constexpr int kBadKinds = 5;
const char *const kBadKindNames[kBadKinds] = {"latitude 95", "impossible date 2018-02-30",
                                              "empty latitude", "unparseable time 'yesterday'",
                                              "exact duplicate of the previous row"};

constexpr i64 kFirstTime = 1483228800; // 2017-01-01T00:00:00Z
constexpr i64 kEndTime = 1735689600; // 2025-01-01T00:00:00Z, exclusive

void putVessel(Line &line, const Vessel *v)
{
    if (v) {
        line.put(v->name);
        line.put(',');
        line.put(v->imo);
        line.put(',');
        line.put(v->mmsi);
        line.put(',');
        line.put(v->flag);
    } else {
        line.put(",,,"); // counterparty not identified
    }
}

struct Options
{
    i64 rows = -1;
    u64 seed = 0;
    bool haveSeed = false;
    i64 badRows = 0;
    std::string output;
};

int usage(const char *argv0)
{
    std::fprintf(stderr,
                 "usage: %s --rows N --seed S [--bad-rows K] -o FILE.csv\n"
                 "Writes N synthetic ship-to-ship transfer events (deterministic for a given "
                 "seed).\nWith --bad-rows K, K of the N rows are deliberately invalid. FILE "
                 "\"-\" is stdout.\n",
                 argv0);
    return 2;
}

template<typename T> bool parseNumber(const char *s, T &out)
{
    const char *end = s + std::strlen(s);
    const auto r = std::from_chars(s, end, out);
    return r.ec == std::errc() && r.ptr == end && end != s;
}

bool parseArgs(int argc, char **argv, Options &opt)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--rows" && hasValue) {
            if (!parseNumber(argv[++i], opt.rows) || opt.rows < 0)
                return false;
        } else if (arg == "--seed" && hasValue) {
            if (!parseNumber(argv[++i], opt.seed))
                return false;
            opt.haveSeed = true;
        } else if (arg == "--bad-rows" && hasValue) {
            if (!parseNumber(argv[++i], opt.badRows) || opt.badRows < 0)
                return false;
        } else if ((arg == "-o" || arg == "--output") && hasValue) {
            opt.output = argv[++i];
        } else {
            return false;
        }
    }
    if (opt.badRows > opt.rows) {
        std::fprintf(stderr, "--bad-rows must not exceed --rows\n");
        return false;
    }
    return opt.rows >= 0 && opt.haveSeed && !opt.output.empty();
}

class Output
{
public:
    explicit Output(std::FILE *f) : m_file(f) { m_buf.reserve(kChunk + 1024); }
    void append(std::string_view s)
    {
        m_buf.append(s);
        if (m_buf.size() >= kChunk)
            flush();
    }
    void flush()
    {
        if (!m_buf.empty() && std::fwrite(m_buf.data(), 1, m_buf.size(), m_file) != m_buf.size())
            m_failed = true;
        m_buf.clear();
    }
    bool failed() const { return m_failed; }

private:
    // Large chunks keep it to a handful of write calls without holding 100+ MB in memory.
    static constexpr size_t kChunk = size_t(16) << 20;
    std::FILE *m_file;
    std::string m_buf;
    bool m_failed = false;
};

} // namespace

int main(int argc, char **argv)
{
    Options opt;
    if (!parseArgs(argc, argv, opt))
        return usage(argv[0]);

    const bool toStdout = opt.output == "-";
    std::FILE *file = toStdout ? stdout : std::fopen(opt.output.c_str(), "wb");
    if (!file) {
        std::fprintf(stderr, "cannot open %s for writing: %s\n", opt.output.c_str(),
                     std::strerror(errno));
        return 1;
    }

    Rng rng(opt.seed);
    const std::vector<Vessel> vessels = makeVessels(rng, 5000);
    const std::string source = "synthetic-gen seed " + std::to_string(opt.seed);

    Output out(file);
    out.append("event_id,start_time,end_time,latitude,longitude,vessel_a,vessel_a_imo,"
               "vessel_a_mmsi,vessel_a_flag,vessel_b,vessel_b_imo,vessel_b_mmsi,vessel_b_flag,"
               "cargo,volume_bbl,confidence,source\n");

    // Bad row j sits in the middle of the j-th of K equal slices of the file, so they are
    // spread evenly and a duplicate (kind 4 onwards) always has a previous row.
    i64 nextBad = opt.badRows > 0 ? opt.rows / (2 * opt.badRows) : -1;
    i64 badIndex = 0;
    std::array<i64, kBadKinds> badCounts {};

    Line lines[2];
    int current = 0;
    for (i64 row = 0; row < opt.rows; ++row) {
        // Every row draws the same random numbers whether or not it is made bad, so the good
        // rows of a file are the same with and without --bad-rows.
        i64 lat, lon;
        if (rng.percent(95)) {
            const HotSpot &spot = pickWeighted(rng, kHotSpots);
            lat = spot.lat + rng.gaussian(spot.sigmaLat);
            lon = spot.lon + rng.gaussian(spot.sigmaLon);
        } else {
            const OceanBox &box = pickWeighted(rng, kOceanBoxes);
            lat = rng.between(box.latMin, box.latMax);
            lon = rng.between(box.lonMin, box.lonMax);
        }
        if (lon >= 180 * kDeg)
            lon -= 360 * kDeg;
        else if (lon < -180 * kDeg)
            lon += 360 * kDeg;

        const i64 start = rng.between(kFirstTime, kEndTime - 1);
        const bool hasEnd = rng.percent(70);
        const i64 end = start + rng.between(2 * 3600, 30 * 3600);
        const Vessel &a = pickVessel(rng, vessels);
        const Vessel *b = rng.percent(35) ? &pickVessel(rng, vessels) : nullptr;
        if (b == &a)
            b = &vessels[(static_cast<size_t>(&a - vessels.data()) + 1) % vessels.size()];
        const Cargo &cargo = pickWeighted(rng, kCargoes);
        const bool hasVolume = cargo.maxBbl > 0 && rng.percent(95);
        const i64 volume = rng.between(cargo.minBbl, cargo.maxBbl > 0 ? cargo.maxBbl : 1);
        const Confidence &confidence = pickWeighted(rng, kConfidences);
        const bool hasSource = rng.percent(5);

        int bad = -1;
        if (row == nextBad) {
            bad = static_cast<int>(badIndex % kBadKinds);
            ++badCounts[static_cast<size_t>(bad)];
            ++badIndex;
            nextBad =
                badIndex < opt.badRows ? (2 * badIndex + 1) * opt.rows / (2 * opt.badRows) : -1;
        }

        if (bad == Duplicate) {
            out.append(lines[1 - current].view());
            continue; // the previous row stays as it is: it is what this row printed
        }

        Line &line = lines[current];
        line.clear();
        line.put("SYN-");
        if (row + 1 <= 9999999)
            line.putPadded(static_cast<u64>(row + 1), 7);
        else
            line.putInt(row + 1);
        line.put(',');
        if (bad == ImpossibleDate) {
            line.put("2018-02-30T10:00:00Z,");
        } else if (bad == UnparseableTime) {
            line.put("yesterday,");
        } else {
            line.putTime(start);
            line.put(',');
            if (hasEnd)
                line.putTime(end);
        }
        line.put(',');
        if (bad == LatitudeOutOfRange)
            line.put("95.0000");
        else if (bad != EmptyLatitude)
            line.putCoord(lat);
        line.put(',');
        line.putCoord(lon);
        line.put(',');
        putVessel(line, &a);
        line.put(',');
        putVessel(line, b);
        line.put(',');
        line.put(cargo.name);
        line.put(',');
        if (hasVolume)
            line.putInt(volume);
        line.put(',');
        line.put(confidence.name);
        line.put(',');
        if (hasSource)
            line.put(source);
        line.put('\n');
        out.append(line.view());
        current = 1 - current;
    }
    out.flush();

    bool ok = !out.failed();
    if (toStdout)
        ok = std::fflush(stdout) == 0 && ok;
    else
        ok = std::fclose(file) == 0 && ok;
    if (!ok) {
        std::fprintf(stderr, "error writing %s: %s\n", opt.output.c_str(), std::strerror(errno));
        return 1;
    }

    std::fprintf(stderr, "wrote %lld synthetic events (seed %llu) to %s\n",
                 static_cast<long long>(opt.rows), static_cast<unsigned long long>(opt.seed),
                 opt.output.c_str());
    if (opt.badRows > 0) {
        std::fprintf(stderr, "deliberately bad rows: %lld\n", static_cast<long long>(opt.badRows));
        for (int k = 0; k < kBadKinds; ++k)
            std::fprintf(stderr, "  %lld x %s\n",
                         static_cast<long long>(badCounts[static_cast<size_t>(k)]),
                         kBadKindNames[k]);
    }
    return 0;
}

// Writes a MarineCadastre-layout AIS file for the tracks benchmark: N positions of about
// 3,000 vessels over 24 hours, each moving plausibly (moored, drifting or steaming on a
// slowly turning course), rows in time order, field widths as in the real daily files
// (10,000,000 positions make about 1.16 GB). Deterministic: the same N gives the same
// bytes.
//
// With --planted TRUTH.csv (issue 17's detection benchmark) it also plants scripted
// vessels, reporting every 2 minutes all day, in open ocean (one place across 180°):
// 20 true meetings (two vessels steam in at 12 kn, drift together 150 m apart at 0.5 kn
// for 5 h, steam away) and 20 decoys, four of each kind: a fast pass (side by side 300 m
// apart at 12 kn all day), a short meeting (70 min), a meeting 900 m apart, a meeting
// inside a busy anchorage (80 vessels anchored within 100 m of it all day), and the
// anchored vessels themselves. TRUTH.csv lists them: kind, MMSIs, start, end, place.
// The N positions include the planted ones.
// Usage: rendezvous_gen_ais N OUT.csv [VESSELS] [--planted TRUTH.csv]

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

namespace {

struct Rng
{
    uint64_t s;
    uint64_t next()
    {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    int below(int n) { return int(next() % uint64_t(n)); }
};

// A planted vessel's day: in transit, then [t0, t1] with its partner, then in transit;
// or anchored all day.
struct Script
{
    double lat = 0, lon = 0; // where the pair's time together starts (or the anchorage)
    int64_t t0 = 0, t1 = 0;
    double approach = 0, depart = 0, drift = 0; // bearings, degrees
    double offsetM = 0; // to the right of the drift course (anchored: east)
    double offsetNorthM = 0; // anchored only
    double transitKn = 12, togetherKn = 0.5;
    bool anchored = false;
};

struct Vessel
{
    uint32_t mmsi;
    std::string name, imo, callSign;
    int type, length, width;
    double draft;
    double lat, lon, sog, cog;
    bool classB;
    int64_t nextMs;
    int intervalMs;
    int script = -1; // index into the scripts, -1 for the background's random walk
};

constexpr double kMetresPerDegree = 111320.0;

// `metres` from (lat, lon) on a bearing, flat locally (planted places are far from the
// poles); longitude wrapped to [-180, 180).
void move(double &lat, double &lon, double bearing, double metres)
{
    const double b = bearing * M_PI / 180;
    lat += metres * std::cos(b) / kMetresPerDegree;
    lon += metres * std::sin(b) / (kMetresPerDegree * std::cos(lat * M_PI / 180));
    lon = std::fmod(lon + 540.0, 360.0) - 180.0;
}

// Where a planted vessel is at t, its speed and course.
void scripted(const Script &s, int64_t t, Rng &rng, double &lat, double &lon, double &sog,
              double &cog)
{
    lat = s.lat;
    lon = s.lon;
    if (s.anchored) {
        move(lat, lon, 90, s.offsetM + (rng.uniform() - 0.5) * 10);
        move(lat, lon, 0, s.offsetNorthM + (rng.uniform() - 0.5) * 10);
        sog = rng.below(3) == 0 ? 0.1 : 0.0;
        cog = rng.uniform() * 360;
        return;
    }
    const double kn = 1852.0 / 3600000.0; // metres per ms at one knot
    const int64_t inside = std::max<int64_t>(s.t0, std::min(t, s.t1));
    move(lat, lon, s.drift, s.togetherKn * kn * double(inside - s.t0));
    move(lat, lon, s.drift + 90, s.offsetM);
    sog = s.togetherKn;
    cog = s.drift;
    if (t < s.t0) {
        move(lat, lon, s.approach + 180, s.transitKn * kn * double(s.t0 - t));
        sog = s.transitKn;
        cog = s.approach;
    } else if (t > s.t1) {
        move(lat, lon, s.depart, s.transitKn * kn * double(t - s.t1));
        sog = s.transitKn;
        cog = s.depart;
    }
    sog = std::max(0.0, sog + (rng.uniform() - 0.5) * 0.2);
}

// Open ocean, far from any coast and anchorage: south, west, north, east.
const double kOcean[][4] = {
    {0, -140, 8, -125},     {-30, -25, -22, -12}, {-25, 75, -15, 90},       {25, -55, 33, -42},
    {-48, -165, -40, -150}, {25, 150, 32, 160},   {-12, 179.5, -10, 180.5}, // across 180°
};

const char *const kWords[] = {"OCEAN",    "STAR",  "PACIFIC", "MARU",    "EXPRESS", "SPIRIT",
                              "NORDIC",   "QUEEN", "GLORY",   "TRADER",  "PIONEER", "HORIZON",
                              "ATLANTIC", "BAY",   "CAPE",    "VENTURE", "SEA",     "GRACE"};

std::string civil(int64_t ms)
{
    // 2022-03-31 + ms (within the day or the next).
    int64_t s = ms / 1000;
    int day = int(s / 86400);
    s %= 86400;
    char buf[32];
    std::snprintf(buf, sizeof buf, "2022-%s-%02dT%02d:%02d:%02d", day == 0 ? "03" : "04",
                  day == 0 ? 31 : day, int(s / 3600), int(s / 60 % 60), int(s % 60));
    return buf;
}

} // namespace

int main(int argc, char **argv)
{
    const char *truthPath = nullptr;
    std::vector<const char *> args;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--planted" && i + 1 < argc)
            truthPath = argv[++i];
        else
            args.push_back(argv[i]);
    }
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: %s N OUT.csv [VESSELS] [--planted TRUTH.csv]\n", argv[0]);
        return 2;
    }
    const int64_t n = std::atoll(args[0]);
    const int count = args.size() > 2 ? std::atoi(args[2]) : 3000;
    FILE *out = std::fopen(args[1], "wb");
    if (!out || n < 0 || count <= 0) {
        std::fprintf(stderr, "cannot write %s\n", args[1]);
        return 1;
    }
    std::setvbuf(out, nullptr, _IOFBF, 1 << 20);
    Rng rng {0x9E3779B97F4A7C15ULL};
    const int64_t day = 86400000;
    std::vector<Script> scripts;
    std::vector<Vessel> planted;
    if (truthPath) {
        Rng prng {0xD1B54A32D192ED03ULL};
        FILE *truth = std::fopen(truthPath, "wb");
        if (!truth) {
            std::fprintf(stderr, "cannot write %s\n", truthPath);
            return 1;
        }
        std::fputs("kind,mmsi_a,mmsi_b,start,end,lat,lon\n", truth);
        uint32_t nextMmsi = 636000001; // Liberia; the background never draws these
        const auto vessel = [&](const Script &sc) {
            Vessel v {};
            v.mmsi = nextMmsi++;
            v.name = "PLANTED " + std::to_string(v.mmsi % 1000);
            v.imo = "";
            v.callSign = "D5P" + std::to_string(v.mmsi % 10000);
            v.type = sc.anchored ? 70 : 80;
            v.length = 180;
            v.width = 32;
            v.draft = 9.5;
            v.intervalMs = 120000;
            v.nextMs = int64_t(prng.below(120000));
            v.script = int(scripts.size());
            scripts.push_back(sc);
            planted.push_back(v);
            return v.mmsi;
        };
        const auto place = [&](int k, double &lat, double &lon) {
            const double *box = kOcean[k % int(std::size(kOcean))];
            lat = box[0] + prng.uniform() * (box[2] - box[0]);
            lon = box[1] + prng.uniform() * (box[3] - box[1]);
            lon = std::fmod(lon + 540.0, 360.0) - 180.0;
        };
        // kind, minutes together, metres apart, knots together
        struct Plan
        {
            const char *kind;
            int minutes;
            double apartM, togetherKn;
            int count;
        };
        const Plan plans[] = {{"meeting", 300, 150, 0.5, 20},
                              {"fastpass", 24 * 60, 300, 12, 4},
                              {"short", 70, 150, 0.5, 4},
                              {"apart", 300, 900, 0.5, 4},
                              {"port", 300, 150, 0.5, 4}};
        int k = 0;
        for (const Plan &plan : plans) {
            for (int i = 0; i < plan.count; ++i, ++k) {
                Script a;
                place(k, a.lat, a.lon);
                const bool allDay = plan.minutes >= 24 * 60;
                a.t0 = allDay ? 0 : int64_t(2 * 3600000 + prng.below(15 * 3600000));
                a.t1 = allDay ? day : a.t0 + int64_t(plan.minutes) * 60000;
                a.drift = prng.uniform() * 360;
                a.togetherKn = plan.togetherKn;
                a.approach = prng.uniform() * 360;
                a.depart = prng.uniform() * 360;
                Script b = a;
                a.offsetM = -plan.apartM / 2;
                b.offsetM = plan.apartM / 2;
                b.approach = std::fmod(a.approach + 90 + prng.uniform() * 180, 360);
                b.depart = std::fmod(a.depart + 90 + prng.uniform() * 180, 360);
                const uint32_t ma = vessel(a), mb = vessel(b);
                std::fprintf(truth, "%s,%u,%u,%s,%s,%.5f,%.5f\n", plan.kind, ma, mb,
                             civil(a.t0).c_str(), civil(a.t1).c_str(), a.lat, a.lon);
                if (std::string(plan.kind) == "port") {
                    // The anchorage: 80 vessels within 100 m of where the pair meets (so that
                    // whatever grid of cells of 200 m or more an anchorage finder uses, one
                    // cell holds at least 20 of them).
                    for (int j = 0; j < 80; ++j) {
                        Script anchor = a;
                        anchor.anchored = true;
                        anchor.offsetM = (prng.uniform() - 0.5) * 200;
                        anchor.offsetNorthM = (prng.uniform() - 0.5) * 200;
                        const uint32_t m = vessel(anchor);
                        std::fprintf(truth, "anchored,%u,,%s,%s,%.5f,%.5f\n", m, civil(0).c_str(),
                                     civil(day).c_str(), a.lat, a.lon);
                    }
                }
            }
        }
        if (std::fclose(truth) != 0) {
            std::fprintf(stderr, "cannot write %s\n", truthPath);
            return 1;
        }
    }
    const int64_t plantedRows = int64_t(planted.size()) * (day / 120000);
    // Reports per vessel spread over the day; the interval follows from N.
    const double perVessel = std::max(1.0, double(std::max<int64_t>(0, n - plantedRows)) / count);
    std::vector<Vessel> vessels(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        Vessel &v = vessels[size_t(i)];
        v.mmsi = 200000000u + uint32_t(rng.below(575000000));
        if (truthPath && v.mmsi >= 636000001 && v.mmsi < 636000001 + planted.size())
            v.mmsi += 1000000; // never one of the planted
        v.name = std::string(kWords[rng.below(18)]) + ' ' + kWords[rng.below(18)];
        if (rng.below(3) == 0)
            v.name += ' ' + std::to_string(1 + rng.below(99));
        v.imo = rng.below(10) < 7 ? "IMO" + std::to_string(9000000 + rng.below(999999)) : "";
        char cs[8];
        std::snprintf(cs, sizeof cs, "%c%c%c%d", 'A' + rng.below(26), 'A' + rng.below(26),
                      'A' + rng.below(26), 1000 + rng.below(9000));
        v.callSign = cs;
        v.type = 30 + rng.below(60);
        v.length = 20 + rng.below(300);
        v.width = 5 + rng.below(50);
        v.draft = 2 + rng.below(150) / 10.0;
        v.lat = -55 + rng.uniform() * 120;
        v.lon = -180 + rng.uniform() * 360;
        v.classB = rng.below(5) == 0;
        const int mode = rng.below(10);
        v.sog = mode < 3 ? rng.uniform() * 0.3 : 5 + rng.uniform() * 15;
        v.cog = rng.uniform() * 360;
        v.intervalMs = int(double(day) / perVessel);
        v.nextMs = int64_t(rng.uniform() * v.intervalMs);
    }
    vessels.insert(vessels.end(), planted.begin(), planted.end());
    // Rows in time order: a min-search per slice of one second would be slow; instead
    // walk in slices of 10 s and emit each vessel's reports falling into the slice.
    int64_t written = 0;
    const int64_t slice = 10000;
    std::string line;
    for (int64_t t0 = 0; written < n; t0 += slice) {
        for (Vessel &v : vessels) {
            while (v.nextMs < t0 + slice && written < n) {
                if (v.script >= 0 && v.nextMs >= day) {
                    v.nextMs = std::numeric_limits<int64_t>::max(); // its day is over
                    break;
                }
                if (v.script >= 0)
                    scripted(scripts[size_t(v.script)], v.nextMs, rng, v.lat, v.lon, v.sog, v.cog);
                const double dtHours = v.script >= 0 ? 0.0 : v.intervalMs / 3600000.0;
                // Move: a nautical mile is a minute of latitude.
                const double d = v.sog * dtHours / 60.0;
                v.lat += d * std::cos(v.cog * M_PI / 180);
                v.lon +=
                    d * std::sin(v.cog * M_PI / 180) / std::max(0.1, std::cos(v.lat * M_PI / 180));
                if (v.lat > 75 || v.lat < -60) {
                    v.cog = std::fmod(540 - v.cog, 360);
                    v.lat = std::max(-60.0, std::min(75.0, v.lat));
                }
                if (v.lon > 180)
                    v.lon -= 360;
                if (v.lon < -180)
                    v.lon += 360;
                v.cog = std::fmod(v.cog + (rng.uniform() - 0.5) * 4 + 360, 360);
                const double sog = std::max(0.0, v.sog + (rng.uniform() - 0.5) * 0.4);
                const int heading = v.sog < 0.5 || rng.below(4) == 0 ? 511 : int(v.cog) % 360;
                char buf[320];
                const int len = std::snprintf(
                    buf, sizeof buf,
                    "%u,%s,%.5f,%.5f,%.1f,%.1f,%d.0,%s,%s,%s,%d,%s,%d,%d,%.1f,%d,%s\n", v.mmsi,
                    civil(v.nextMs).c_str(), v.lat, v.lon, sog, v.cog, heading, v.name.c_str(),
                    v.imo.c_str(), v.callSign.c_str(), v.type,
                    v.classB ? "" : (v.sog < 0.5 ? "5" : "0"), v.length, v.width, v.draft, v.type,
                    v.classB ? "B" : "A");
                if (written == 0)
                    std::fputs("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,"
                               "CallSign,VesselType,Status,Length,Width,Draft,Cargo,"
                               "TransceiverClass\n",
                               out);
                std::fwrite(buf, 1, size_t(len), out);
                ++written;
                v.nextMs += v.intervalMs - v.intervalMs / 10 + rng.below(v.intervalMs / 5 + 1);
            }
        }
    }
    if (std::fclose(out) != 0) {
        std::fprintf(stderr, "cannot write %s\n", args[1]);
        return 1;
    }
    return 0;
}

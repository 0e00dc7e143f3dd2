// Writes a MarineCadastre-layout AIS file for the tracks benchmark: N positions of about
// 3,000 vessels over 24 hours, each moving plausibly (moored, drifting or steaming on a
// slowly turning course), rows in time order, field widths as in the real daily files
// (10,000,000 positions make about 1.16 GB). Deterministic: the same N gives the same
// bytes.
// Usage: rendezvous_gen_ais N OUT.csv [VESSELS]

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s N OUT.csv [VESSELS]\n", argv[0]);
        return 2;
    }
    const int64_t n = std::atoll(argv[1]);
    const int count = argc > 3 ? std::atoi(argv[3]) : 3000;
    FILE *out = std::fopen(argv[2], "wb");
    if (!out || n < 0 || count <= 0) {
        std::fprintf(stderr, "cannot write %s\n", argv[2]);
        return 1;
    }
    std::setvbuf(out, nullptr, _IOFBF, 1 << 20);
    Rng rng {0x9E3779B97F4A7C15ULL};
    const int64_t day = 86400000;
    // Reports per vessel spread over the day; the interval follows from N.
    const double perVessel = std::max(1.0, double(n) / count);
    std::vector<Vessel> vessels(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        Vessel &v = vessels[size_t(i)];
        v.mmsi = 200000000u + uint32_t(rng.below(575000000));
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
    // Rows in time order: a min-search per slice of one second would be slow; instead
    // walk in slices of 10 s and emit each vessel's reports falling into the slice.
    int64_t written = 0;
    const int64_t slice = 10000;
    std::string line;
    for (int64_t t0 = 0; written < n; t0 += slice) {
        for (Vessel &v : vessels) {
            while (v.nextMs < t0 + slice && written < n) {
                const double dtHours = v.intervalMs / 3600000.0;
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
        std::fprintf(stderr, "cannot write %s\n", argv[2]);
        return 1;
    }
    return 0;
}

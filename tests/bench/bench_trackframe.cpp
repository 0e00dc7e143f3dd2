#include "map/mapviewport.h"
#include "map/trackgeometry.h"
#include "map/tracklayer.h"
#include "tracks/trackstore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <vector>

// The tracks layer's frame with a day of AIS in memory: `positions` reports (default 10M)
// of ~3,000 vessels over 24 h around Denmark, built with TrackBuilder (no file), painted
// into a 1600x1000 QImage at world (zoom 2), regional (zoom 6.5, Danish waters) and
// close (zoom 12, the Sound) views; then the timeline brushing: a 3 h window moved by
// 10 min steps over the day, each step setTimeWindow() and a regional frame; then a
// playback frame (faded window, tail and an arrow per vessel). Target (issue 16): a
// frame's median <= 30 ms at each zoom, a brush step <= 30 ms.
// Run on a Release build: bench_trackframe [positions [repetitions]]. BENCH_TRACK_PNG=dir
// saves one frame of each view for a look.
namespace {
constexpr QSize kSize(1600, 1000);
constexpr int64_t kT0 = 1700000000000LL;
constexpr int64_t kDay = 24 * 3600 * 1000LL;

struct Stats
{
    double best = 0, median = 0, max = 0;
};

Stats stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return {v.front(), v[v.size() / 2], v.back()};
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    return QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2);
}

std::shared_ptr<const TrackStore> generate(size_t positions, int vessels)
{
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    TrackBuilder b;
    const uint16_t file = b.addFile(QStringLiteral("generated"));
    b.reserve(positions);
    const size_t each = positions / size_t(vessels);
    uint32_t row = 1;
    for (int v = 0; v < vessels; ++v) {
        const uint32_t vessel = b.vesselByMmsi(uint32_t(219000000 + v));
        double lat = 54 + 4 * u(rng), lon = 4 + 11 * u(rng), course = 360 * u(rng);
        // A fifth at anchor or in port, the rest under way at 5-20 kn.
        const bool moored = u(rng) < 0.2;
        const double knots = moored ? 0.2 : 5 + 15 * u(rng);
        const int64_t step = kDay / int64_t(each);
        int64_t t = kT0 + int64_t(u(rng) * double(step));
        for (size_t i = 0; i < each; ++i, t += step) {
            // Silent for 7 h now and then: a gap.
            if (i == each / 2 && v % 10 == 0)
                t += 7 * 3600 * 1000LL;
            course += (u(rng) - 0.5) * (moored ? 90 : 6);
            const double nm = knots * double(step) / 3600000.0;
            lat += nm / 60 * std::cos(course * M_PI / 180);
            lon += nm / 60 * std::sin(course * M_PI / 180) / std::cos(lat * M_PI / 180);
            PositionReport p;
            p.vessel = vessel;
            p.timeMs = t;
            p.lat = lat + (moored ? (u(rng) - 0.5) * 1e-4 : 0);
            p.lon = lon;
            p.sog = float(std::max(0.0, knots + (u(rng) - 0.5)));
            p.cog = float(std::fmod(course + 3600, 360));
            p.sourceRow = row++;
            p.sourceFile = file;
            b.add(p);
        }
    }
    return b.finish();
}

// This thread's CPU time: steadier than the wall clock on a machine others are using.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

std::vector<double> g_cpu; // CPU ms of the frames timed since the last report

double paintMs(const TrackLayer &layer, const MapViewport &vp, QImage &image)
{
    image.fill(QColor(0xdf, 0xe8, 0xef));
    QElapsedTimer timer;
    timer.start();
    const double c0 = cpuMs();
    QPainter p(&image);
    layer.paint(p, vp, RenderOptions());
    p.end();
    g_cpu.push_back(cpuMs() - c0);
    return double(timer.nsecsElapsed()) / 1e6;
}

QString cpuReport()
{
    const Stats s = stats(g_cpu);
    g_cpu.clear();
    return QStringLiteral("cpu %1 %2 %3")
        .arg(s.best, 7, 'f', 2)
        .arg(s.median, 7, 'f', 2)
        .arg(s.max, 7, 'f', 2);
}
} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    const size_t positions = argc > 1 ? size_t(std::atoll(argv[1])) : 10000000;
    const int reps = argc > 2 ? std::atoi(argv[2]) : 15;
    std::printf("bench_trackframe: %zu positions, 3,000 vessels, 24 h (load average %s)\n",
                positions, qPrintable(loadAverage()));
    QElapsedTimer timer;
    timer.start();
    const auto store = generate(positions, 3000);
    std::printf("generate + TrackBuilder::finish %.0f ms: %zu positions, %zu segments\n",
                double(timer.elapsed()), store->positionCount(), store->segmentCount());
    timer.restart();
    const auto geometry = TrackGeometry::build(store);
    std::printf("TrackGeometry::build %.0f ms, %.1f bytes a position\n", double(timer.elapsed()),
                double(geometry->memoryBytes()) / double(store->positionCount()));
    for (int z = 0; z < TrackGeometry::kLevels; ++z) {
        const TrackGeometry::Level &l = geometry->levelForZoom(z);
        if (l.all) {
            std::printf("  zoom %d and closer: every position\n", z);
            break;
        }
        std::printf("  zoom %2d: %zu positions kept\n", z, l.idx.size());
    }
    TrackLayer layer;
    layer.setGeometry(geometry);

    QImage image(kSize, QImage::Format_ARGB32_Premultiplied);
    struct View
    {
        const char *name;
        MapViewport vp;
    };
    const View views[] = {{"world (zoom 2)", MapViewport(40, 10, 2, kSize)},
                          {"regional (zoom 6.5)", MapViewport(56, 10, 6.5, kSize)},
                          {"close (zoom 12)", MapViewport(55.7, 12.7, 12, kSize)}};
    const QString pngDir = qEnvironmentVariable("BENCH_TRACK_PNG");
    std::printf("frame ms, best/median/max, wall-clock and thread CPU (lines drawn)\n");
    for (const View &v : views) {
        std::vector<double> ms;
        for (int i = 0; i < reps; ++i)
            ms.push_back(paintMs(layer, v.vp, image));
        const Stats s = stats(ms);
        std::printf("  %-22s wall %7.2f %7.2f %7.2f  %s  (%zu lines)\n", v.name, s.best, s.median,
                    s.max, qPrintable(cpuReport()), layer.lastLineCount());
        if (!pngDir.isEmpty())
            image.save(pngDir + QStringLiteral("/trackframe-%1.png").arg(int(v.vp.zoom() * 10)));
    }
    // Brushing: a 3 h window stepped by 10 min over the day, a regional frame each step.
    std::vector<double> brush;
    const MapViewport regional = views[1].vp;
    for (int64_t from = kT0; from + 3 * 3600000LL <= kT0 + kDay; from += 600000) {
        QElapsedTimer t;
        t.start();
        const double c0 = cpuMs();
        layer.setTimeWindow(from, from + 3 * 3600000LL);
        image.fill(QColor(0xdf, 0xe8, 0xef));
        QPainter p(&image);
        layer.paint(p, regional, RenderOptions());
        p.end();
        g_cpu.push_back(cpuMs() - c0);
        brush.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    Stats s = stats(brush);
    std::printf("brush step (3 h window, 10 min steps, %zu steps) wall %7.2f %7.2f %7.2f  %s\n",
                brush.size(), s.best, s.median, s.max, qPrintable(cpuReport()));
    // Playback: a 6 h window ending at noon, arrows at its end.
    layer.setTimeWindow(kT0 + kDay / 2 - 6 * 3600000LL, kT0 + kDay / 2);
    layer.setPlayhead(kT0 + kDay / 2);
    std::vector<double> play;
    for (int i = 0; i < reps; ++i)
        play.push_back(paintMs(layer, regional, image));
    s = stats(play);
    std::printf("playback frame (6 h window, %zu arrows) wall %7.2f %7.2f %7.2f  %s\n",
                layer.arrows().size(), s.best, s.median, s.max, qPrintable(cpuReport()));
    if (!pngDir.isEmpty())
        image.save(pngDir + QStringLiteral("/trackframe-playback.png"));
    // Hover: 200 tool tips over the regional view.
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> u(0, 1);
    layer.setPlayhead(std::nullopt);
    layer.setTimeWindow(std::nullopt, std::nullopt);
    std::vector<double> hover;
    for (int i = 0; i < 200; ++i) {
        QElapsedTimer t;
        t.start();
        (void)layer.toolTipAt(QPointF(kSize.width() * u(rng), kSize.height() * u(rng)), regional);
        hover.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    s = stats(hover);
    std::printf("hover (nearest position, tool tip)      %7.2f %7.2f %7.2f\n", s.best, s.median,
                s.max);
    return 0;
}

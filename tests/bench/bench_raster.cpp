#include "../models/rastertesthelpers.h"

#include "map/basemapcache.h"
#include "map/mapviewport.h"
#include "map/rasterlayer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

// Imagery (issue 19): a 10,000 x 10,000 RGB GeoTIFF (DEFLATE, 512 px tiles, overviews
// 2..64) in UTM 51N at 10 m pixels (a Sentinel-2 tile's size), written through GDAL into
// a temporary folder, then drawn by RasterLayer as the map's background worker draws it:
//   open     RasterLayer::fromFile (headers, overviews)
//   first    the first frame of a 1280x800 view fitted to the scene, just opened
//   zoom in  the first frame at full resolution (zoom 15) of a part not read yet
//   pan      60 frames panned by 40 px each, at zoom 15 (full resolution), 13 (1/4) and
//            11 (1/16): every frame reprojected and read again from GDAL (its block cache)
//   pan+margin  the same at zoom 15 for the BasemapCache's image (view + margins)
// Targets: first frame <= 200 ms, pan frames <= 30 ms. Run on a Release build:
// bench_raster [side]; BENCH_RASTER_PNG=dir saves frames for a look.
namespace {
constexpr QSize kView(1280, 800);

double ms(const QElapsedTimer &t)
{
    return t.nsecsElapsed() / 1e6;
}

// This thread's CPU time: steadier than the wall clock on a machine shared with builds.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Took
{
    double wall = 0, cpu = 0;
};

Took paint(const RasterLayer &layer, const MapViewport &vp, const char *png = nullptr)
{
    QImage image(vp.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(0xffdfe8ef);
    QElapsedTimer t;
    t.start();
    const double c0 = cpuMs();
    {
        QPainter p(&image);
        layer.paint(p, vp, RenderOptions());
    }
    const Took took {ms(t), cpuMs() - c0};
    const QString dir = qEnvironmentVariable("BENCH_RASTER_PNG");
    if (png && !dir.isEmpty())
        image.save(dir + QLatin1Char('/') + QLatin1String(png));
    return took;
}

void panRow(const char *label, const RasterLayer &layer, MapViewport vp)
{
    // Round a square: 15 steps east, south, west and north.
    std::vector<double> wall, cpu;
    int level = -2;
    for (int i = 0; i < 60; ++i) {
        const int side = i / 15;
        vp.panBy(QPointF(side == 0       ? -40
                             : side == 2 ? 40
                                         : 0,
                         side == 1       ? -40
                             : side == 3 ? 40
                                         : 0));
        const Took t = paint(layer, vp);
        wall.push_back(t.wall);
        cpu.push_back(t.cpu);
        level = std::max(level, layer.lastLevel());
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("%-26s wall median %5.1f p90 %5.1f max %5.1f ms | CPU median %5.1f p90 %5.1f "
                "max %5.1f ms (level %d)\n",
                label, wall[30], wall[54], wall.back(), cpu[30], cpu[54], cpu.back(), level);
}

long statusKb(const char *key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(int(qstrlen(key))).trimmed().split(' ').first().toLong();
    return -1;
}
} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    const int side = argc > 1 ? std::atoi(argv[1]) : 10000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("scene.tif"));
    rastertest::Spec s;
    s.epsg = 32651;
    s.west = 450000;
    s.north = 3250000;
    s.pixel = 100000.0 / side;
    s.width = s.height = side;
    s.overviews = {2, 4, 8, 16, 32, 64};
    s.compress = "DEFLATE";
    // Fields and a 1 km grid: every tile differs, as in a scene.
    s.colour = [side](int x, int y) {
        const bool grid = x % (side / 100) == 0 || y % (side / 100) == 0;
        if (grid)
            return rastertest::Rgb {250, 250, 250};
        const int fx = x / (side / 40), fy = y / (side / 40);
        // Plus pixel noise, so that it compresses about as badly as imagery does.
        const unsigned n = (unsigned(x) * 73856093u ^ unsigned(y) * 19349663u) >> 11;
        return rastertest::Rgb {int(40 + (fx * 37 + fy * 11) % 120 + (n & 31)),
                                int(90 + (fx * 13 + fy * 29) % 110 + (n >> 5 & 31)),
                                int(30 + (x + y) % 60 + (n >> 10 & 31))};
    };
    QElapsedTimer t;
    t.start();
    if (!rastertest::write(path, s)) {
        std::fprintf(stderr, "bench_raster: could not write %s\n", qPrintable(path));
        return 1;
    }
    std::printf("bench_raster: %d x %d RGB GeoTIFF, DEFLATE, overviews 2..64, %.0f MB on "
                "disk, written in %.1f s\n",
                side, side, QFileInfo(path).size() / 1e6, ms(t) / 1000);

    t.restart();
    QString error;
    const auto layer = RasterLayer::fromFile(path, &error);
    if (!layer) {
        std::fprintf(stderr, "bench_raster: %s\n", qPrintable(error));
        return 1;
    }
    const double open = ms(t);
    const QRectF b = layer->worldBounds();
    double lat, lon;
    {
        MapViewport probe(0, 0, 0, QSize(256, 256));
        probe.toLatLon(b.center() * 256, &lat, &lon);
    }
    MapViewport fit(lat, lon, 0, kView);
    fit.fitBox(121.5, 29.0, 122.6, 29.9, 20);
    fit.setCenter(lat, lon);
    const Took first = paint(*layer, fit, "first.png");
    std::printf("open %.1f ms; first frame (zoom %.1f, level %d) %.1f ms (CPU %.1f); open + "
                "first %.1f ms\n",
                open, fit.zoom(), layer->lastLevel(), first.wall, first.cpu, open + first.wall);
    MapViewport close(lat + 0.1, lon - 0.1, 15, kView);
    const Took zoomIn = paint(*layer, close, "zoom15.png");
    std::printf("first frame at zoom 15 (level %d, not read before) %.1f ms (CPU %.1f)\n",
                layer->lastLevel(), zoomIn.wall, zoomIn.cpu);
    panRow("pan, zoom 15 (full res)", *layer, close);
    panRow("pan, zoom 13", *layer, MapViewport(lat, lon, 13, kView));
    panRow("pan, zoom 11", *layer, MapViewport(lat, lon, 11, kView));
    panRow("pan, zoom 9 (whole scene)", *layer, MapViewport(lat, lon, 9, kView));
    panRow("pan+margin, zoom 15", *layer,
           BasemapCache::cacheViewport(MapViewport(lat - 0.1, lon + 0.1, 15, kView)));
    std::printf("resident memory now %.0f MB, peak %.0f MB (the file: %.0f MB of pixels; GDAL's "
                "block cache, 5%% of RAM by default, holds what it wrote and read)\n",
                statusKb("VmRSS:") / 1024.0, statusKb("VmHWM:") / 1024.0, 3.0 * side * side / 1e6);
    return 0;
}

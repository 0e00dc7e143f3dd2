// Start-up targets of issue 14 ("an instant start"), Release build, this machine:
//   `rendezvous render SAMPLE -o x.png` (1600x1000, land basemap), whole process: less
//   time than `rendezvous info BIG --json` on the 1M-row file;
//   `rendezvous render BIG -o x.png`: at most 0.3 s more than `info` on it;
//   the window (the real MainWindow, offscreen) shows the basemap within 0.3 s of the
//   process's start.
// Whole processes started with posix_spawn (as bench_load does), interleaved round by
// round so that all three see the same load; best and median of the rounds. Then how
// long the basemap takes to load (prepared file vs. the TopoJSON it is made from) and
// to draw at a few views (first draw, which builds the pieces in view, and again).
// Measured 2026-12-03, idle, 9 rounds: render BIG - info BIG best 0.14-0.21 s, median
// 0.24 s (0.42 s / 0.60 s before the index sort lost its scratch copies and the big
// buffers moved to huge pages); render SAMPLE 0.14 s < info BIG 0.24 s; window 0.11 s.
// Usage: bench_start [ROUNDS] (default 7). BIG is made by the event generator
// (benchinput.h).

#include "benchinput.h"
#include "map/basemap.h"
#include "map/basemaplayer.h"
#include "map/mapview.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {
constexpr char kWindowMode[] = "--window-child";

struct Spawned
{
    double seconds = -1; // until exit, or until the child's first line with `untilLine`
    int code = -1;
};

// Runs BINARY ARGS with stdout to /dev/null (or, untilLine, to a pipe whose first line
// stops the clock). stderr is inherited, so that failures show.
Spawned spawn(const QByteArray &binary, const QList<QByteArray> &args, bool untilLine = false)
{
    std::vector<char *> argv {const_cast<char *>(binary.constData())};
    for (const QByteArray &a : args)
        argv.push_back(const_cast<char *>(a.constData()));
    argv.push_back(nullptr);
    int fds[2] = {-1, -1};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (untilLine) {
        if (pipe(fds) != 0)
            return {};
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    }
    QElapsedTimer clock;
    clock.start();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, binary.constData(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    Spawned s;
    if (untilLine) {
        close(fds[1]);
        char c = 0;
        while (rc == 0 && read(fds[0], &c, 1) == 1 && c != '\n') { }
        s.seconds = clock.nsecsElapsed() / 1e9;
        if (c != '\n')
            s.seconds = -1;
        close(fds[0]);
    }
    int status = 0;
    if (rc != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return {};
    if (!untilLine)
        s.seconds = clock.nsecsElapsed() / 1e9;
    s.code = WEXITSTATUS(status);
    return s;
}

struct Stats
{
    double best = 0, median = 0;
};
Stats statsOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? Stats {} : Stats {v.front(), v[v.size() / 2]};
}

int landPixels(const QImage &image)
{
    const QRgb land = BasemapLayer::landColor().rgb();
    int n = 0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); y += 2) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); x += 2)
            n += (line[x] & 0xffffff) == (land & 0xffffff) ? 1 : 0;
    }
    return n;
}

// The child: the real main window, shown; prints one line when its map has shown land
// (a background render of the map with land in it has been painted), then exits.
int windowChild(int argc, char **argv)
{
    QElapsedTimer clock;
    clock.start();
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // no settings of the user's
    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    MapView *view = window.findChild<MapView *>();
    if (!view)
        return 1;
    int seen = -1;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        // Only after the map has painted a new background image: grab() then draws
        // that image again, it does not render a new one.
        const int renders = view->basemapCache().renderCount();
        if (renders == seen)
            return;
        seen = renders;
        if (landPixels(view->grab().toImage()) > 1000) {
            std::printf("%.3f\n", clock.nsecsElapsed() / 1e9);
            std::fflush(stdout);
            app.quit();
        }
    });
    poll.start();
    QTimer::singleShot(20000, &app, [&] { app.exit(2); });
    return app.exec();
}

void basemapFigures(QTextStream &out)
{
    const QString folder = Basemap::resourcesFolder();
    out << "== basemap (" << folder << ")\n";
    static const char *const suffix[] = {"110m", "50m", "10m"};
    for (int i = 0; i < Basemap::kDetailCount; ++i) {
        const Basemap::Detail d = Basemap::Detail(i);
        std::vector<double> prepared;
        for (int r = 0; r < 5; ++r) {
            QElapsedTimer t;
            t.start();
            QString error;
            const auto level =
                Basemap::readPrepared(QDir(folder).filePath(Basemap::preparedFileName(d)), &error);
            prepared.push_back(t.nsecsElapsed() / 1e6);
            if (!level)
                out << error << '\n';
        }
        const QString json = QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/basemap/");
        QElapsedTimer t;
        t.start();
        QString error;
        Basemap::buildLevel(
            d, json + QStringLiteral("land-%1.json").arg(QLatin1String(suffix[i])),
            json + QStringLiteral("countries-%1.json").arg(QLatin1String(suffix[i])), &error);
        const double fromJson = t.nsecsElapsed() / 1e6;
        const Stats s = statsOf(prepared);
        out << suffix[i] << ": prepared file read in best " << s.best << " ms, median " << s.median
            << " ms (of 5); from the TopoJSON " << fromJson << " ms\n";
    }
    const MapViewport views[] = {
        MapViewport(20, 0, 2.6, QSize(1600, 1000)),
        MapViewport(20, 0, 0.5, QSize(1600, 1000)),
        MapViewport(31, 123.5, 5, QSize(1600, 1000)),
        MapViewport(31.2, 121.8, 5.5, QSize(1600, 1000)),
        MapViewport(31.2, 121.8, 9, QSize(1600, 1000)),
        MapViewport(55, 10, 7, QSize(1600, 1000)),
        MapViewport(31.2, 121.8, 16, QSize(1600, 1000)),
        MapViewport(-17, 180, 6, QSize(1600, 1000)),
    };
    for (const MapViewport &v : views) {
        const Basemap::Detail d = Basemap::detailForZoom(v.zoom());
        QString error;
        const auto level =
            Basemap::readPrepared(QDir(folder).filePath(Basemap::preparedFileName(d)), &error);
        if (!level)
            continue;
        QImage image(v.size(), QImage::Format_ARGB32_Premultiplied);
        const auto draw = [&] {
            image.fill(BasemapLayer::seaColor());
            QPainter p(&image);
            QElapsedTimer t;
            t.start();
            BasemapLayer::paintLevel(p, *level, v);
            return t.nsecsElapsed() / 1e6;
        };
        const double first = draw();
        double again = 1e9;
        for (int r = 0; r < 3; ++r)
            again = std::min(again, draw());
        out << "draw at zoom " << v.zoom() << " (" << v.centerLat() << ", " << v.centerLon()
            << "): first " << first << " ms (builds " << level->builtPieceCount()
            << " pieces), again " << again << " ms\n";
    }
}
} // namespace

int main(int argc, char **argv)
{
    if (argc > 1 && qstrcmp(argv[1], kWindowMode) == 0)
        return windowChild(argc, argv);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTextStream out(stdout);
    const int rounds = std::max(1, app.arguments().value(1, QStringLiteral("7")).toInt());
    const QByteArray binary = RENDEZVOUS_BINARY;
    const QByteArray sample = RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv";
    const QByteArray big = QFile::encodeName(bench::generatedCsv(1000000));
    QTemporaryDir tmp;
    const QByteArray png = QFile::encodeName(tmp.filePath(QStringLiteral("out.png")));
    const QByteArray self = QFile::encodeName(QCoreApplication::applicationFilePath());

    struct Row
    {
        const char *what;
        QByteArray binary;
        QList<QByteArray> args;
        bool untilLine;
        std::vector<double> seconds;
    } rows[] = {
        {"render SAMPLE (1600x1000, land)", binary, {"render", sample, "-o", png}, false, {}},
        {"info BIG --json", binary, {"info", big, "--json"}, false, {}},
        {"render BIG (1600x1000, land)", binary, {"render", big, "-o", png}, false, {}},
        {"render BIG --basemap none",
         binary,
         {"render", big, "-o", png, "--basemap", "none"},
         false,
         {}},
        {"window: basemap shown", self, {kWindowMode}, true, {}},
    };
    out << "== whole processes, " << rounds << " rounds (BIG: " << big << ")\n";
    out.flush();
    for (int r = 0; r < rounds; ++r) {
        for (Row &row : rows) {
            const Spawned s = spawn(row.binary, row.args, row.untilLine);
            if (s.seconds < 0 || (!row.untilLine && s.code != 0))
                out << row.what << ": failed (exit " << s.code << ")\n";
            else
                row.seconds.push_back(s.seconds);
        }
    }
    std::vector<double> diffs; // render BIG - info BIG, round by round
    for (size_t i = 0; i < std::min(rows[1].seconds.size(), rows[2].seconds.size()); ++i)
        diffs.push_back(rows[2].seconds[i] - rows[1].seconds[i]);
    for (const Row &row : rows) {
        const Stats s = statsOf(row.seconds);
        out << row.what << ": best " << s.best << " s, median " << s.median << " s\n";
    }
    const Stats d = statsOf(diffs);
    out << "render BIG - info BIG, same round: best " << d.best << " s, median " << d.median
        << " s (target <= 0.3)\n";
    out << "render SAMPLE < info BIG (best, median): "
        << (statsOf(rows[0].seconds).best < statsOf(rows[1].seconds).best ? "yes" : "no") << ", "
        << (statsOf(rows[0].seconds).median < statsOf(rows[1].seconds).median ? "yes" : "no")
        << "\nwindow shows the basemap within 0.3 s (best, median): "
        << (statsOf(rows[4].seconds).best <= 0.3 ? "yes" : "no") << ", "
        << (statsOf(rows[4].seconds).median <= 0.3 ? "yes" : "no") << '\n';
    out.flush();
    basemapFigures(out);
    return 0;
}

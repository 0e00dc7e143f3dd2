// Loading targets of issue 16, Release build, on this machine's 2 cores:
//   `rendezvous tracks --json FILE` on a generated MarineCadastre-layout file of
//   10,000,000 positions (1.16 GB): at most one fifth of the time `ogrinfo -so -al FILE`
//   takes in the same run, and at most 48 bytes of resident memory per position (peak
//   RSS of the whole process, getrusage's maxrss).
// Usage: bench_tracks [POSITIONS...]   (default 1000000 10000000). Inputs come from
// rendezvous_gen_ais into the system temp dir and are reused when present. When the
// `rendezvous tracks` command is not built yet, this program's own `--load FILE` mode
// (aisreader::read, a summary on stdout) stands in for it.

#include "ais/aisreader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTextStream>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <vector>

extern char **environ;

namespace {

struct Run
{
    int exitCode = -1;
    double seconds = 0;
    long maxRssKb = 0;
};

// The command as a shell runs it (posix_spawn, stdout to /dev/null), timed, with the
// child's own peak resident memory from wait4.
Run spawn(const QStringList &command)
{
    std::vector<QByteArray> bytes;
    for (const QString &a : command)
        bytes.push_back(QFile::encodeName(a));
    std::vector<char *> args;
    for (QByteArray &b : bytes)
        args.push_back(b.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    Run run;
    QElapsedTimer t;
    t.start();
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    rusage usage {};
    if (rc != 0 || wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status))
        return run;
    run.seconds = double(t.nsecsElapsed()) / 1e9;
    run.exitCode = WEXITSTATUS(status);
    run.maxRssKb = usage.ru_maxrss;
    return run;
}

QString generated(qint64 positions)
{
    const QString path =
        QDir::temp().filePath(QStringLiteral("rendezvous-bench-ais-%1.csv").arg(positions));
    if (QFile::exists(path))
        return path;
    QProcess gen;
    gen.start(QStringLiteral(RENDEZVOUS_GEN_AIS), {QString::number(positions), path});
    gen.waitForFinished(-1);
    return path;
}

int loadMode(const QString &path)
{
    const TrackLoadResult r = aisreader::read({path});
    QTextStream out(stdout);
    if (!r.ok()) {
        QTextStream(stderr) << r.error << "\n";
        return 1;
    }
    out << "positions " << r.store->positionCount() << " vessels " << r.store->vesselCount()
        << " segments " << r.store->segmentCount() << " records " << r.records() << " rejected "
        << r.rejected() << "\n";
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 3 && QByteArray(argv[1]) == "--load") {
        QCoreApplication app(argc, argv);
        return loadMode(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QList<qint64> sizes;
    for (const QString &a : app.arguments().mid(1))
        sizes << a.toLongLong();
    if (sizes.isEmpty())
        sizes = {1000000, 10000000};
    // `rendezvous tracks` when the binary has it, else this program's --load.
    const QString tiny = generated(1000);
    QStringList reader {QStringLiteral(RENDEZVOUS_BINARY), QStringLiteral("tracks"),
                        QStringLiteral("--json")};
    if (spawn(reader + QStringList {tiny}).exitCode != 0) {
        reader = QStringList {app.applicationFilePath(), QStringLiteral("--load")};
        out << "(`rendezvous tracks` not available: timing aisreader::read through "
               "bench_tracks --load)\n";
    }
    for (qint64 n : sizes) {
        const QString path = generated(n);
        out << "== " << n << " positions, " << QFileInfo(path).size() / 1e6 << " MB: " << path
            << "\n";
        out.flush();
        // Read once so that both commands find the file in the page cache.
        spawn({QStringLiteral("cat"), path});
        std::vector<Run> ours, ogr;
        for (int i = 0; i < 3; ++i) {
            ours.push_back(spawn(reader + QStringList {path}));
            ogr.push_back(spawn({QStringLiteral("ogrinfo"), QStringLiteral("-so"),
                                 QStringLiteral("-al"), QStringLiteral("-ro"), path}));
        }
        const auto best = [](std::vector<Run> runs) {
            std::sort(runs.begin(), runs.end(),
                      [](const Run &a, const Run &b) { return a.seconds < b.seconds; });
            return runs.front();
        };
        const Run a = best(ours), b = best(ogr);
        out << reader.join(' ') << " FILE: best " << a.seconds << " s of 3 (exit " << a.exitCode
            << "), peak RSS " << a.maxRssKb / 1024.0
            << " MB = " << double(a.maxRssKb) * 1024.0 / double(n)
            << " bytes/position (target <= 48)\n";
        out << "ogrinfo -so -al FILE: best " << b.seconds << " s of 3 (exit " << b.exitCode
            << ")\n";
        out << "ratio: " << a.seconds / std::max(1e-9, b.seconds) << " (target <= 0.2)\n";
        out.flush();
    }
    return 0;
}

// Detection targets of issue 17, Release build, on this machine's 2 cores:
//   on the AIS benchmark file with planted meetings (rendezvous_gen_ais N FILE --planted
//   TRUTH: 20 true meetings, 20 decoys, four anchorages), `rendezvous detect --json FILE`
//   finds every planted meeting and reports no decoy; detection (detect minus the same
//   file's load, `rendezvous tracks --json`) takes at most half the load; and the whole
//   detect process is at least 15x faster than the PostGIS path (detect_postgis.sh: COPY,
//   resampling, per-slot self-join, runs) and 4x faster than the numpy script
//   (detect_numpy.py), measured here side by side.
// Usage: bench_detect [POSITIONS] [--no-peers]   (default 10000000). The input comes from
// rendezvous_gen_ais into the system temp dir and is reused when present.

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimeZone>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <vector>

extern char **environ;

namespace {

struct Run
{
    int exitCode = -1;
    double seconds = 0;
};

// The command as a shell runs it, stdout to `output` (or /dev/null), timed.
Run spawn(const QStringList &command, const QString &output = QString())
{
    std::vector<QByteArray> bytes;
    for (const QString &a : command)
        bytes.push_back(QFile::encodeName(a));
    std::vector<char *> args;
    for (QByteArray &b : bytes)
        args.push_back(b.data());
    args.push_back(nullptr);
    const QByteArray out = output.isEmpty() ? QByteArray("/dev/null") : QFile::encodeName(output);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.constData(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    Run run;
    QElapsedTimer t;
    t.start();
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    if (rc != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return run;
    run.seconds = double(t.nsecsElapsed()) / 1e9;
    run.exitCode = WEXITSTATUS(status);
    return run;
}

Run best(std::vector<Run> runs)
{
    std::sort(runs.begin(), runs.end(),
              [](const Run &a, const Run &b) { return a.seconds < b.seconds; });
    return runs.front();
}

struct Planted
{
    QString kind;
    QString a, b; // MMSIs (b empty for an anchored vessel)
    qint64 startS = 0, endS = 0;
};

std::vector<Planted> readTruth(const QString &path)
{
    std::vector<Planted> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    f.readLine(); // header
    while (!f.atEnd()) {
        const QStringList c = QString::fromUtf8(f.readLine()).trimmed().split(QLatin1Char(','));
        if (c.size() < 5)
            continue;
        const auto seconds = [](const QString &iso) {
            QDateTime t = QDateTime::fromString(iso, Qt::ISODate);
            t.setTimeZone(QTimeZone::utc());
            return t.toSecsSinceEpoch();
        };
        const Planted p {c[0], c[1], c[2], seconds(c[3]), seconds(c[4])};
        out.push_back(p);
    }
    return out;
}

// A time in the JSON: ISO 8601 text or epoch seconds / milliseconds.
qint64 secondsOf(const QJsonValue &v)
{
    if (v.isDouble()) {
        const double x = v.toDouble();
        return qint64(x > 1e11 ? x / 1000 : x);
    }
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODate);
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeZone(QTimeZone::utc());
    return t.toSecsSinceEpoch();
}

QString mmsiOf(const QJsonValue &v)
{
    return v.isDouble() ? QString::number(qint64(v.toDouble())) : v.toString();
}

struct Found
{
    QString a, b;
    qint64 startS = 0, endS = 0;
};

std::vector<Found> encountersIn(const QString &jsonPath)
{
    std::vector<Found> out;
    QFile f(jsonPath);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    for (const QJsonValue &e : o.value(QStringLiteral("encounters")).toArray()) {
        const QJsonObject x = e.toObject();
        out.push_back({mmsiOf(x.value(QStringLiteral("vessel_a_mmsi"))),
                       mmsiOf(x.value(QStringLiteral("vessel_b_mmsi"))),
                       secondsOf(x.value(QStringLiteral("start"))),
                       secondsOf(x.value(QStringLiteral("end")))});
    }
    return out;
}

// Every planted meeting found (the pair, overlapping its time), and which decoys or
// anchored vessels were reported.
void score(QTextStream &out, const QString &who, const std::vector<Planted> &truth,
           const std::vector<Found> &found)
{
    QSet<QString> decoys;
    int meetings = 0, hit = 0;
    for (const Planted &p : truth) {
        if (p.kind != QLatin1String("meeting")) {
            decoys.insert(p.a);
            if (!p.b.isEmpty())
                decoys.insert(p.b);
            continue;
        }
        ++meetings;
        const bool ok = std::any_of(found.begin(), found.end(), [&](const Found &f) {
            const bool pair = (f.a == p.a && f.b == p.b) || (f.a == p.b && f.b == p.a);
            return pair && f.startS <= p.endS && f.endS >= p.startS;
        });
        hit += ok;
        if (!ok)
            out << "  " << who << " missed the meeting " << p.a << " / " << p.b << "\n";
    }
    int falseAlarms = 0;
    for (const Found &f : found) {
        if (decoys.contains(f.a) || decoys.contains(f.b)) {
            ++falseAlarms;
            if (falseAlarms <= 5)
                out << "  " << who << " reported a decoy: " << f.a << " / " << f.b << "\n";
        }
    }
    out << who << ": " << found.size() << " encounters; planted meetings found " << hit << " of "
        << meetings << "; decoys reported " << falseAlarms << "\n";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    qint64 n = 10000000;
    bool peers = true;
    for (const QString &a : app.arguments().mid(1)) {
        if (a == QLatin1String("--no-peers"))
            peers = false;
        else
            n = a.toLongLong();
    }
    const QString path =
        QDir::temp().filePath(QStringLiteral("rendezvous-bench-detect-%1.csv").arg(n));
    const QString truthPath = path + QStringLiteral(".planted.csv");
    if (!QFile::exists(path) || !QFile::exists(truthPath)) {
        QProcess gen;
        gen.start(QStringLiteral(RENDEZVOUS_GEN_AIS),
                  {QString::number(n), path, QStringLiteral("--planted"), truthPath});
        gen.waitForFinished(-1);
    }
    const std::vector<Planted> truth = readTruth(truthPath);
    out << "== " << n << " positions, " << QFileInfo(path).size() / 1e6 << " MB, " << truth.size()
        << " planted rows: " << path << "\n";
    out.flush();
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("detect.json"));
    const QString bin = QStringLiteral(RENDEZVOUS_BINARY);
    spawn({QStringLiteral("cat"), path}); // into the page cache for everyone
    std::vector<Run> loads, detects;
    for (int i = 0; i < 3; ++i) {
        loads.push_back(spawn({bin, QStringLiteral("tracks"), QStringLiteral("--json"), path}));
        detects.push_back(
            spawn({bin, QStringLiteral("detect"), QStringLiteral("--json"), path}, json));
    }
    const Run load = best(loads), det = best(detects);
    if (det.exitCode != 0) {
        out << "rendezvous detect failed (exit " << det.exitCode << ")\n";
        return 1;
    }
    score(out, QStringLiteral("rendezvous detect"), truth, encountersIn(json));
    out << "load (rendezvous tracks --json): best " << load.seconds
        << " s of 3; detect --json: best " << det.seconds << " s of 3; detection "
        << det.seconds - load.seconds << " s = " << (det.seconds - load.seconds) / load.seconds
        << " of the load (target <= 0.5)\n";
    out.flush();
    if (!peers)
        return 0;

    const QString numpyJson = dir.filePath(QStringLiteral("numpy.json"));
    const Run numpy =
        spawn({QStringLiteral("/usr/bin/python3"),
               QStringLiteral(RENDEZVOUS_SOURCE_DIR "/tests/bench/detect_numpy.py"), path},
              numpyJson);
    if (numpy.exitCode == 0) {
        score(out, QStringLiteral("numpy"), truth, encountersIn(numpyJson));
        out << "numpy script: " << numpy.seconds << " s; rendezvous detect is "
            << numpy.seconds / det.seconds << "x faster (target >= 4)\n";
    } else {
        out << "numpy script failed (exit " << numpy.exitCode << ")\n";
    }
    out.flush();
    const QString pgLog = dir.filePath(QStringLiteral("postgis.txt"));
    const Run pg = spawn(
        {QStringLiteral(RENDEZVOUS_SOURCE_DIR "/tests/bench/detect_postgis.sh"), path}, pgLog);
    if (pg.exitCode == 0) {
        QFile f(pgLog);
        f.open(QIODevice::ReadOnly);
        std::vector<Found> found;
        double seconds = pg.seconds;
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QList<QByteArray> w = line.split(' ');
            if (w.size() == 5 && w[0] == "encounter")
                found.push_back({QString::fromLatin1(w[1]), QString::fromLatin1(w[2]),
                                 w[3].toLongLong(), w[4].toLongLong()});
            else if (w.size() == 2 && w[0] == "seconds")
                seconds = w[1].toDouble();
        }
        score(out, QStringLiteral("PostGIS"), truth, found);
        out << "PostGIS path (COPY to encounters): " << seconds << " s; rendezvous detect is "
            << seconds / det.seconds << "x faster (target >= 15)\n";
    } else {
        out << "PostGIS path failed or is not installed (exit " << pg.exitCode << ")\n";
    }
    return 0;
}

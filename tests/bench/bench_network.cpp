// The network target of issue 19, on this machine's 2 cores, Release build:
//   `rendezvous network big.csv --json` on 1,000,000 events (5,000 vessels, the
//   generator's): at most 0.5 s beyond the load, measured as the whole process minus
//   `rendezvous info big.csv --json` in the same round.
// Also, in process: network::build over every event, the JSON-free part, and the layout.
// Usage: bench_network [ROWS]   (default 1000000). Inputs are generated with the
// deterministic generator into the system temp dir and reused when present.

#include "benchinput.h"
#include "io/csvreader.h"
#include "network/vesselnetwork.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <algorithm>
#include <fcntl.h>
#include <numeric>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

namespace {
// `rendezvous COMMAND FILE --json > /dev/null` as a shell runs it; seconds, -1 on failure.
double runCommand(const char *command, const QString &path)
{
    const QByteArray binary = RENDEZVOUS_BINARY;
    const QByteArray file = QFile::encodeName(path);
    QByteArray cmd(command);
    char json[] = "--json";
    char *args[] = {const_cast<char *>(binary.constData()), cmd.data(),
                    const_cast<char *>(file.constData()), json, nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    QElapsedTimer t;
    t.start();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, binary.constData(), &actions, nullptr, args, environ);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    if (rc != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
        return -1;
    return t.nsecsElapsed() / 1e9;
}

template<typename F> double bestOf(int runs, F f)
{
    double best = 1e30;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        best = std::min(best, t.nsecsElapsed() / 1e9);
    }
    return best;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int rows = app.arguments().size() > 1 ? app.arguments().at(1).toInt() : 1000000;
    const QString path = bench::generatedCsv(rows);
    out << "== " << rows << " rows: " << path << "\n";

    // Interleaved rounds: the machine is shared; the difference within a round is what
    // the network adds to the load.
    std::vector<double> info, network, diff;
    for (int round = 0; round < 7; ++round) {
        const double i = runCommand("info", path), n = runCommand("network", path);
        if (i < 0 || n < 0) {
            out << "a command failed on " << path << "\n";
            return 1;
        }
        info.push_back(i);
        network.push_back(n);
        diff.push_back(n - i);
    }
    for (auto *v : {&info, &network, &diff})
        std::sort(v->begin(), v->end());
    out << "`info --json`: best " << info.front() << " s, median " << info[3] << " s\n";
    out << "`network --json`: best " << network.front() << " s, median " << network[3] << " s\n";
    out << "network - info, same round: best " << diff.front() << " s, median " << diff[3]
        << " s (target <= 0.5 s)\n";

    const LoadResult r = csv::readFile(path, {});
    std::vector<uint32_t> all(r.store->size());
    std::iota(all.begin(), all.end(), 0u);
    network::VesselNetwork net;
    const double build = bestOf(3, [&] { net = network::build({r.store.get(), &all, nullptr}); });
    out << "network::build over " << all.size() << " events (best of 3): " << build
        << " s: " << net.nodes.size() << " vessels, " << net.edges.size() << " pairs, "
        << net.components.size() << " groups\n";
    std::vector<QPointF> positions;
    const double fresh = bestOf(1, [&] { positions = network::layout(net); });
    const auto previous = network::positionsByKey(net, positions);
    network::LayoutOptions seeded;
    seeded.previous = &previous;
    const double refine = bestOf(1, [&] { positions = network::layout(net, seeded); });
    out << "layout: fresh " << fresh << " s, seeded from the previous " << refine << " s\n";
    return 0;
}

// Loading target of issue 18, Release build, on this machine's 2 cores:
//   `rendezvous convert FILE -o PG:… --layer T` of the generated 10,000,000-position AIS
//   file (MarineCadastre layout, 1.16 GB; tests/bench/gen_ais.cpp) into the PostGIS
//   store, table, vessels, indexes and all: at most 1.5 times PostgreSQL's own COPY of
//   the same CSV into a plain table (typed columns, no index) in the same run, sent the
//   way psql's \copy sends it (COPY … FROM STDIN, the file in 1 MiB chunks).
// Usage: bench_pgload [POSITIONS] [ROUNDS]   (default 10000000 1). The server comes from
// RENDEZVOUS_TEST_PG (eval "$(scripts/pgserver start)" makes a throw-away one). The
// input comes from rendezvous_gen_ais into the system temp dir and is reused.

#include "pgconnection.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTextStream>

#include <algorithm>
#include <vector>

namespace {

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

double plainCopy(PgConnection &c, const QString &path, long long *rows, QString *error)
{
    // The generator's 17 MarineCadastre columns, typed as a DBA would type them.
    if (!c.exec(QStringLiteral("DROP TABLE IF EXISTS bench_plain"))
        || !c.exec(QStringLiteral(
            "CREATE TABLE bench_plain (mmsi bigint, basedatetime timestamp, lat double "
            "precision, lon double precision, sog real, cog real, heading real, vesselname "
            "text, imo text, callsign text, vesseltype integer, status integer, length real, "
            "width real, draft real, cargo integer, transceiverclass text)"))) {
        *error = c.lastError();
        return -1;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return -1;
    }
    QElapsedTimer t;
    t.start();
    if (!c.copyBegin(QStringLiteral("COPY bench_plain FROM STDIN (FORMAT csv, HEADER)"))) {
        *error = c.lastError();
        return -1;
    }
    std::vector<char> buffer(size_t(1) << 20);
    for (;;) {
        const qint64 n = f.read(buffer.data(), qint64(buffer.size()));
        if (n <= 0)
            break;
        if (!c.copyPut(buffer.data(), size_t(n))) {
            *error = c.lastError();
            return -1;
        }
    }
    if (!c.copyEnd(rows)) {
        *error = c.lastError();
        return -1;
    }
    return double(t.nsecsElapsed()) / 1e9;
}

double storeLoad(PgConnection &c, const QString &path, const QString &conninfo, QString *error)
{
    if (!c.exec(QStringLiteral("DROP TABLE IF EXISTS bench_store, bench_store_vessels"))) {
        *error = c.lastError();
        return -1;
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral(RENDEZVOUS_BINARY),
            {QStringLiteral("convert"), path, QStringLiteral("-o"),
             QStringLiteral("PG:%1").arg(conninfo), QStringLiteral("--layer"),
             QStringLiteral("bench_store")});
    if (!p.waitForFinished(-1) || p.exitCode() != 0) {
        *error = QStringLiteral("rendezvous convert failed");
        return -1;
    }
    return double(t.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments().mid(1);
    const qint64 positions = args.value(0, QStringLiteral("10000000")).toLongLong();
    const int rounds = std::max(1, args.value(1, QStringLiteral("1")).toInt());
    const QString conninfo = QString::fromLocal8Bit(qgetenv("RENDEZVOUS_TEST_PG"));
    if (conninfo.isEmpty()) {
        QTextStream(stderr)
            << "bench_pgload: set RENDEZVOUS_TEST_PG, e.g. eval \"$(scripts/pgserver "
               "start)\"\n";
        return 2;
    }
    QString error;
    auto c = PgConnection::connect(PgSource::parse(QStringLiteral("PG:") + conninfo, &error), {},
                                   &error);
    if (!c) {
        QTextStream(stderr) << "bench_pgload: " << error << "\n";
        return 2;
    }
    const QString path = generated(positions);
    out << "input: " << path << " (" << QFileInfo(path).size() / 1e6 << " MB)\n";
    out.flush();
    for (int round = 1; round <= rounds; ++round) {
        long long rows = 0;
        const double plain = plainCopy(*c, path, &rows, &error);
        if (plain < 0) {
            QTextStream(stderr) << "bench_pgload: plain COPY: " << error << "\n";
            return 1;
        }
        const double store = storeLoad(*c, path, conninfo, &error);
        if (store < 0) {
            QTextStream(stderr) << "bench_pgload: " << error << "\n";
            return 1;
        }
        out << QStringLiteral("round %1: plain COPY of the CSV %2 s (%3 rows); rendezvous convert "
                              "into the store %4 s; ratio %5 (target <= 1.5)\n")
                   .arg(round)
                   .arg(plain, 0, 'f', 1)
                   .arg(rows)
                   .arg(store, 0, 'f', 1)
                   .arg(store / plain, 0, 'f', 2);
        out.flush();
    }
    c->exec(QStringLiteral("DROP TABLE IF EXISTS bench_plain, bench_store, bench_store_vessels"));
    return 0;
}

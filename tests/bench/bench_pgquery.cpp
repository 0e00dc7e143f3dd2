// Query target of issue 18, Release build, on this machine's 2 cores, with 10,000,000 AIS
// positions and 1,000,000 events in the store (the generated benchmark files, loaded
// with `rendezvous convert … -o PG:`):
//   - a one-day window shows on the map and the timeline within 1 s of the brush
//     release: the query for the day's rows (DbQueryRunner, off the GUI thread, rows read
//     by EventBuilder) and the window's share (the filter's indexes, the model and filter
//     reset, the map layer's new store) — the timeline's histogram ignores time, so the
//     brush does not ask for it again;
//   - a histogram over the whole table (every event, date_trunc buckets) within 1 s.
// Also: the world view past maxRows, aggregated to clusters by the server.
// Usage: bench_pgquery [ROUNDS]   (default 10). RENDEZVOUS_TEST_PG names the server
// (eval "$(scripts/pgserver start)"); the tables bench_events and bench_ais are loaded
// from the generated files in the system temp dir when missing.

#include "benchinput.h"
#include "db/dbqueryrunner.h"
#include "pgconnection.h"
#include "pgeventtable.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

QString conninfo()
{
    return QString::fromLocal8Bit(qgetenv("RENDEZVOUS_TEST_PG"));
}

QString pgText()
{
    return QStringLiteral("PG:\"%1\"").arg(conninfo());
}

QString generatedAis(qint64 positions)
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

bool ensureTable(PgConnection &c, const QString &table, const QString &file)
{
    if (c.query(QStringLiteral("SELECT to_regclass($1) IS NOT NULL"), {table}).text(0, 0)
        == QLatin1String("t"))
        return true;
    std::fprintf(stderr, "loading %s into %s…\n", qPrintable(file), qPrintable(table));
    QProcess p;
    p.start(QStringLiteral(RENDEZVOUS_BINARY),
            {QStringLiteral("convert"), file, QStringLiteral("-o"), pgText(),
             QStringLiteral("--layer"), table});
    p.waitForFinished(-1);
    std::fprintf(stderr, "%s", p.readAllStandardError().constData());
    return p.exitCode() == 0;
}

struct Stats
{
    std::vector<double> ms;
    void add(double v) { ms.push_back(v); }
    double best() const { return *std::min_element(ms.begin(), ms.end()); }
    double median() const
    {
        std::vector<double> s = ms;
        std::sort(s.begin(), s.end());
        return s[s.size() / 2];
    }
    void print(const char *what) const
    {
        std::printf("%-58s best %8.1f ms  median %8.1f ms  (%zu runs)\n", what, best(), median(),
                    ms.size());
    }
};

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 10;
    if (conninfo().isEmpty()) {
        std::fprintf(stderr, "RENDEZVOUS_TEST_PG is not set: eval \"$(scripts/pgserver start)\"\n");
        return 2;
    }
    QString error;
    const PgSource source = PgSource::parse(pgText(), &error);
    auto admin = PgConnection::connect(source, {}, &error);
    if (!admin) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    const QString events = bench::generatedCsv(1000000);
    const QString ais = generatedAis(10000000);
    if (!ensureTable(*admin, QStringLiteral("bench_events"), events)
        || !ensureTable(*admin, QStringLiteral("bench_ais"), ais))
        return 1;
    std::printf("store: %lld events (bench_events), %lld AIS positions (bench_ais)\n",
                admin->query(QStringLiteral("SELECT count(*) FROM bench_events")).number(0, 0),
                admin->query(QStringLiteral("SELECT count(*) FROM bench_ais")).number(0, 0));

    QElapsedTimer t;
    t.start();
    auto rowsTable = PgEventTable::open(source, QStringLiteral("bench_events"), &error);
    auto histTable = PgEventTable::open(source, QStringLiteral("bench_events"), &error);
    if (!rowsTable || !histTable) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("opening the table (two connections, columns, longest event): %.1f ms\n",
                double(t.nsecsElapsed()) / 1e6);
    PgEventTable *hist = histTable.get();

    // The histogram over the whole table, at the timeline's units.
    for (const auto &[unit, name] :
         {std::pair {db::BucketUnit::Day, "histogram, whole table, days"},
          std::pair {db::BucketUnit::Week, "histogram, whole table, weeks"},
          std::pair {db::BucketUnit::Month, "histogram, whole table, months"}}) {
        Stats s;
        long long total = 0;
        for (int i = 0; i < rounds; ++i) {
            t.restart();
            const db::HistogramResult h = hist->histogram({}, unit);
            s.add(double(t.nsecsElapsed()) / 1e6);
            if (!h.ok()) {
                std::fprintf(stderr, "%s\n", qPrintable(h.error));
                return 1;
            }
            total = 0;
            for (long long c : h.counts)
                total += c;
        }
        s.print(name);
        std::printf("  (%lld events counted)\n", total);
    }

    // One-day windows at random days of the data, through the window's runner and
    // into the model and filter the views read.
    const PgResult span = admin->query(QStringLiteral(
        "SELECT (extract(epoch FROM min(start)) * 1000)::bigint, (extract(epoch FROM "
        "max(start)) * 1000)::bigint FROM bench_events"));
    const int64_t first = span.number(0, 0), last = span.number(0, 1);
    DbQueryRunner runner(std::move(rowsTable), std::move(histTable));
    TransferModel model;
    TransferFilter filter;
    filter.setSourceModel(&model);
    QRandomGenerator rng(18);
    Stats query, window, total;
    size_t rows = 0;
    for (int i = 0; i < rounds; ++i) {
        constexpr int64_t day = 86400000;
        const int64_t from = first + int64_t(rng.generateDouble() * double(last - first - day));
        db::EventQuery q;
        q.from = from - from % day;
        q.to = *q.from + day - 1;
        q.maxRows = 200000;
        QSignalSpy ready(&runner, &DbQueryRunner::rowsReady);
        t.restart();
        runner.request(q);
        if (!ready.wait(60000) || !runner.shown()->rows.store) {
            std::fprintf(stderr, "the day's query did not come back\n");
            return 1;
        }
        const double queried = double(t.nsecsElapsed()) / 1e6;
        QElapsedTimer w;
        w.start();
        const auto store = runner.shown()->rows.store;
        filter.adopt(FilterIndexes::prepare(store));
        model.setStore(store);
        filter.setTimeWindow(q.from, q.to);
        rows = filter.storeRows().size();
        const double windowMs = double(w.nsecsElapsed()) / 1e6;
        query.add(queried);
        window.add(windowMs);
        total.add(queried + windowMs);
    }
    query.print("one-day window: query, rows read (runner, off GUI)");
    window.print("one-day window: indexes, model + filter reset");
    total.print("one-day window: brush release to views' data");
    std::printf("  (%zu events in the last day)\n", rows);

    // The world at once: more rows than pixels, clusters from the server.
    Stats clusters;
    size_t cells = 0;
    for (int i = 0; i < rounds; ++i) {
        db::EventQuery q;
        q.view = GeoBox {-180, -85, 180, 85};
        q.maxRows = 200000;
        q.cellMetres = 40075016.0 / 1024 * 8; // 8-pixel cells on a 1024-pixel-wide world
        QSignalSpy ready(&runner, &DbQueryRunner::rowsReady);
        t.restart();
        runner.request(q);
        if (!ready.wait(60000)) {
            std::fprintf(stderr, "the world query did not come back\n");
            return 1;
        }
        clusters.add(double(t.nsecsElapsed()) / 1e6);
        cells = runner.shown()->clusters.size();
    }
    clusters.print("world view, 1M events -> clusters");
    std::printf("  (%zu clusters)\n", cells);
    return 0;
}

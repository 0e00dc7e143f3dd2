#include "db/dbqueryrunner.h"
#include "eventstore.h"
#include "io/eventreader.h"
#include "pgconnection.h"
#include "pgeventtable.h"
#include "pgtesthelpers.h"
#include "rowcriteria.h"
#include "summary.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <map>

// Queries where the data lives (README "Queries where the data lives"): the sample,
// loaded with `rendezvous convert … -o PG:`, queried through PgEventTable and the
// window's DbQueryRunner, against the same file loaded in memory and filtered by brute
// force with the window's own rules (EventFilter's time overlap, RowCriteria's box,
// polygon and text).
class TestQuery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void randomQueriesEqualBruteForce();
    void wholeTableHasTheFileFigures();
    void infoJsonOnTableEqualsFile();
    void histogramEqualsInMemory();
    void clustersSumToRows();
    void newerQueryWins();
    void lateResultOfOlderQueryNeverShows();
    void droppedConnectionKeepsShownRows();

private:
    QString sample() const
    {
        return QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
    }
    std::unique_ptr<PgEventTable> openTable()
    {
        QString error;
        auto t = PgEventTable::open(pgtest::source(), m_tableName, &error);
        if (!t)
            qWarning("%s", qPrintable(error));
        return t;
    }
    // Keys of the rows (id, start, position, vessels): what must match, in any order.
    static std::vector<QString> keys(const EventStore &s, const std::vector<uint32_t> &rows)
    {
        std::vector<QString> out;
        for (uint32_t r : rows)
            out.push_back(QStringLiteral("%1|%2|%3|%4|%5|%6|%7")
                              .arg(s.id(r))
                              .arg(s.start(r))
                              .arg(s.effectiveEnd(r))
                              .arg(s.lat(r), 0, 'g', 17)
                              .arg(s.lon(r), 0, 'g', 17)
                              .arg(s.text(Field::VesselAName, r), s.text(Field::VesselBName, r)));
        std::sort(out.begin(), out.end());
        return out;
    }
    std::vector<uint32_t> bruteForce(const db::EventQuery &q) const
    {
        const EventStore &s = *m_file;
        EventFilter time;
        time.from = q.from;
        time.to = q.to;
        RowCriteria criteria;
        criteria.bbox = q.bbox;
        criteria.polygon = q.polygon;
        criteria.text = q.text;
        std::vector<uint32_t> rows;
        for (uint32_t r = 0; r < s.size(); ++r) {
            if (time.matchesTime(s, r) && criteria.matches(s, r)
                && (!q.view || q.view->contains(s.lat(r), s.lon(r))))
                rows.push_back(r);
        }
        return rows;
    }
    static std::vector<uint32_t> allRows(const EventStore &s)
    {
        std::vector<uint32_t> rows(s.size());
        for (uint32_t i = 0; i < rows.size(); ++i)
            rows[i] = i;
        return rows;
    }

    std::unique_ptr<PgConnection> m_admin;
    std::shared_ptr<const EventStore> m_file;
    QString m_tableName = QStringLiteral("query_sample");
};

void TestQuery::initTestCase()
{
    PGTEST_REQUIRE_SERVER(admin);
    m_admin = std::move(admin);
    QVERIFY(m_admin->exec(QStringLiteral("DROP TABLE IF EXISTS query_sample")));
    QProcess convert;
    convert.start(QStringLiteral(RENDEZVOUS_BINARY),
                  {QStringLiteral("convert"), sample(), QStringLiteral("-o"), pgtest::pgSource(),
                   QStringLiteral("--layer"), m_tableName});
    QVERIFY(convert.waitForFinished(300000));
    QVERIFY2(convert.exitCode() == 0, convert.readAllStandardError().constData());
    LoadResult file = EventReader::load(sample());
    QVERIFY(file.store && file.store->size() > 1000);
    m_file = file.store;
}

void TestQuery::randomQueriesEqualBruteForce()
{
    auto table = openTable();
    QVERIFY(table);
    const EventStore &s = *m_file;
    int64_t first = s.start(0), last = s.start(0);
    for (uint32_t r = 0; r < s.size(); ++r) {
        first = std::min(first, s.start(r));
        last = std::max(last, s.effectiveEnd(r));
    }
    QRandomGenerator rng(18);
    const auto uniform = [&](double a, double b) { return a + (b - a) * rng.generateDouble(); };
    int nonEmpty = 0, empty = 0;
    for (int i = 0; i < 60; ++i) {
        db::EventQuery q;
        const int kind = i % 6;
        if (kind != 5) {
            const int64_t a = first + int64_t(rng.generateDouble() * double(last - first));
            const int64_t width = int64_t(uniform(86400e3, 2 * 365 * 86400e3));
            if (rng.bounded(4) != 0)
                q.from = a;
            if (rng.bounded(4) != 0)
                q.to = a + width;
        }
        if (kind == 1 || kind == 4) {
            const double w = uniform(-180, 170), sth = uniform(-60, 50);
            q.bbox = GeoBox {w, sth, std::min(180.0, w + uniform(5, 120)), sth + uniform(5, 40)};
        }
        if (kind == 2) {
            // Across the antimeridian.
            q.bbox = GeoBox {uniform(90, 179), -70, uniform(-179, -60), 70};
        }
        if (kind == 3) {
            const double cx = uniform(-150, 150), cy = uniform(-40, 40);
            for (int k = 0; k < 5; ++k) {
                const double angle = k * 2 * M_PI / 5;
                const double radius = uniform(10, 60);
                q.polygon.emplace_back(cx + radius * std::cos(angle),
                                       cy + 0.6 * radius * std::sin(angle));
            }
        }
        if (kind == 4 || kind == 5) {
            // A piece of a vessel name, in another case, or an MMSI's digits.
            const uint32_t r = rng.bounded(uint32_t(s.size()));
            QString name = s.text(Field::VesselAName, r);
            if (rng.bounded(2) == 0 && !s.text(Field::VesselBMmsi, r).isEmpty())
                name = s.text(Field::VesselBMmsi, r);
            const int len = std::min<int>(int(name.size()), 3 + int(rng.bounded(4)));
            q.text =
                name.mid(int(rng.bounded(uint32_t(std::max<qsizetype>(1, name.size() - len + 1)))),
                         len)
                    .toLower();
        }
        if (i % 7 == 0)
            q.view = GeoBox {uniform(-180, 0), -60, uniform(0, 180), 60};
        const db::QueryResult result = table->query(q);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(!result.clustered());
        const std::vector<uint32_t> expected = bruteForce(q);
        const auto got = keys(*result.rows.store, allRows(*result.rows.store));
        const auto want = keys(s, expected);
        if (got != want)
            QFAIL(qPrintable(QStringLiteral("query %1 (text '%2'): %3 rows from the server, %4 "
                                            "in memory")
                                 .arg(i)
                                 .arg(q.text)
                                 .arg(got.size())
                                 .arg(want.size())));
        (expected.empty() ? empty : nonEmpty)++;
    }
    // The random queries must actually select something most of the time.
    qInfo("%d queries with rows, %d without", nonEmpty, empty);
    QVERIFY(nonEmpty > 30);
}

void TestQuery::wholeTableHasTheFileFigures()
{
    auto table = openTable();
    QVERIFY(table);
    const db::QueryResult all = table->query({});
    QVERIFY2(all.ok(), qPrintable(all.error));
    QCOMPARE(qint64(all.rows.store->size()), qint64(m_file->size()));
    const QJsonObject fromTable = Summary::compute(*all.rows.store).toJson();
    const QJsonObject fromFile = Summary::compute(*m_file).toJson();
    QCOMPARE(fromTable, fromFile);
    QCOMPARE(all.rows.report.loaded, qint64(m_file->size()));
    QVERIFY(all.rows.report.rejections.empty());
}

void TestQuery::infoJsonOnTableEqualsFile()
{
    const auto info = [](const QStringList &args) {
        QProcess p;
        p.start(QStringLiteral(RENDEZVOUS_BINARY),
                QStringList {QStringLiteral("info")} + args
                    + QStringList {QStringLiteral("--json")});
        p.waitForFinished(300000);
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    };
    QJsonObject file = info({sample()});
    QJsonObject table = info({pgtest::pgSource(), QStringLiteral("--layer"), m_tableName});
    QVERIFY(!file.isEmpty() && !table.isEmpty());
    // Rows the file's reader rejected never reach the table (convert says so).
    QCOMPARE(table.value(QStringLiteral("records")).toInt(),
             file.value(QStringLiteral("records")).toInt()
                 - file.value(QStringLiteral("rejected")).toInt());
    QCOMPARE(table.value(QStringLiteral("rejected")).toInt(), 0);
    // What describes the input differs by nature; every figure must not.
    for (const char *k : {"file", "kind_reason", "driver", "mapping", "notes", "row_kind", "layer",
                          "records", "rejected", "rejections"}) {
        file.remove(QLatin1String(k));
        table.remove(QLatin1String(k));
    }
    QCOMPARE(table, file);
}

void TestQuery::histogramEqualsInMemory()
{
    auto table = openTable();
    QVERIFY(table);
    // Independent bucketing in memory: calendar units in UTC, weeks from Monday.
    const auto bucket = [](int64_t t, db::BucketUnit unit) -> int64_t {
        constexpr int64_t minute = 60000, hour = 60 * minute, day = 24 * hour;
        const auto floorDiv = [](int64_t a, int64_t b) { return a / b - ((a % b) < 0 ? 1 : 0); };
        switch (unit) {
        case db::BucketUnit::Minute:
            return floorDiv(t, minute) * minute;
        case db::BucketUnit::Hour:
            return floorDiv(t, hour) * hour;
        case db::BucketUnit::Day:
            return floorDiv(t, day) * day;
        case db::BucketUnit::Week: {
            const int64_t monday = 4 * day; // 1970-01-05
            return floorDiv(t - monday, 7 * day) * 7 * day + monday;
        }
        case db::BucketUnit::Month:
        case db::BucketUnit::Year: {
            const QDate d = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).date();
            const QDate b(d.year(), unit == db::BucketUnit::Month ? d.month() : 1, 1);
            return QDateTime(b, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        }
        }
        return t;
    };
    for (const db::BucketUnit unit :
         {db::BucketUnit::Minute, db::BucketUnit::Hour, db::BucketUnit::Day, db::BucketUnit::Week,
          db::BucketUnit::Month, db::BucketUnit::Year}) {
        for (int filtered = 0; filtered < 2; ++filtered) {
            db::EventQuery q;
            if (filtered) {
                q.bbox = GeoBox {30, -10, 120, 40};
                q.from = 0; // time is ignored by the histogram
                q.to = 1;
            }
            const db::HistogramResult h = table->histogram(q, unit);
            QVERIFY2(h.ok(), qPrintable(h.error));
            std::map<int64_t, long long> expected;
            q.from.reset();
            q.to.reset();
            for (uint32_t r : bruteForce(q))
                ++expected[bucket(m_file->start(r), unit)];
            std::map<int64_t, long long> got;
            for (size_t i = 0; i < h.starts.size(); ++i)
                got[h.starts[i]] = h.counts[i];
            QCOMPARE(got.size(), expected.size());
            QVERIFY(got == expected);
        }
    }
}

void TestQuery::clustersSumToRows()
{
    auto table = openTable();
    QVERIFY(table);
    for (const double cell : {50e3, 500e3, 3000e3}) {
        db::EventQuery q;
        q.view = GeoBox {-30, -50, 150, 60};
        q.maxRows = 100;
        q.cellMetres = cell;
        const db::QueryResult r = table->query(q);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY(r.clustered());
        const long long expected = (long long)bruteForce(q).size();
        QVERIFY(expected > 100);
        QCOMPARE(r.matching, expected);
        long long sum = 0;
        for (const db::Cluster &c : r.clusters) {
            sum += c.count;
            QVERIFY(c.count > 0);
            QVERIFY(q.view->contains(c.lat, c.lon));
        }
        QCOMPARE(sum, expected);
        QVERIFY(r.clusters.size() < size_t(expected));
    }
    // Under the limit: rows, not clusters.
    db::EventQuery few;
    few.maxRows = 1000000;
    const db::QueryResult rows = table->query(few);
    QVERIFY(rows.ok() && !rows.clustered());
    QCOMPARE(rows.matching, qint64(m_file->size()));
}

void TestQuery::newerQueryWins()
{
    auto rowsTable = openTable();
    QVERIFY(rowsTable);
    DbQueryRunner runner(std::move(rowsTable), openTable());
    QSignalSpy ready(&runner, &DbQueryRunner::rowsReady);
    QSignalSpy failed(&runner, &DbQueryRunner::failed);
    // The first query waits on a lock held here, so that it is surely in flight when
    // the newer one comes.
    QString why;
    auto locker = pgtest::connect(&why);
    QVERIFY(locker);
    QVERIFY(locker->exec(QStringLiteral("BEGIN")));
    QVERIFY(locker->exec(QStringLiteral("LOCK TABLE query_sample IN ACCESS EXCLUSIVE MODE")));
    db::EventQuery old;
    old.text = QStringLiteral("a"); // many rows
    runner.request(old);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_admin->query(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                      "wait_event_type = 'Lock' AND query LIKE '%query_sample%'"))
                .number(0, 0)
            >= 1,
        60000);
    db::EventQuery newer;
    newer.bbox = GeoBox {100, 0, 110, 10};
    runner.request(newer);
    QVERIFY(locker->exec(QStringLiteral("ROLLBACK")));
    QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy() && ready.count() >= 1, 60000);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(runner.shownCount(), 1);
    QCOMPARE(runner.supersededCount(), 1);
    QVERIFY(failed.isEmpty());
    const auto shown = runner.shown();
    QCOMPARE(keys(*shown->rows.store, allRows(*shown->rows.store)),
             keys(*m_file, bruteForce(newer)));
    QVERIFY(shown->rows.store->size() < bruteForce(old).size());
}

// A table whose cancel never reaches the server: the older query then finishes with
// its rows, after the newer one was asked for (a cancel that came too late).
class DeafTable : public db::EventTable
{
public:
    explicit DeafTable(std::unique_ptr<PgEventTable> t) : m_t(std::move(t)) { }
    QString display() const override { return m_t->display(); }
    db::QueryResult query(const db::EventQuery &q) override { return m_t->query(q); }
    db::HistogramResult histogram(const db::EventQuery &q, db::BucketUnit u) override
    {
        return m_t->histogram(q, u);
    }
    void cancel() override { }

private:
    std::unique_ptr<PgEventTable> m_t;
};

void TestQuery::lateResultOfOlderQueryNeverShows()
{
    auto rowsTable = openTable();
    QVERIFY(rowsTable);
    DbQueryRunner runner(std::make_unique<DeafTable>(std::move(rowsTable)), nullptr);
    QSignalSpy ready(&runner, &DbQueryRunner::rowsReady);
    QString why;
    auto locker = pgtest::connect(&why);
    QVERIFY(locker);
    QVERIFY(locker->exec(QStringLiteral("BEGIN")));
    QVERIFY(locker->exec(QStringLiteral("LOCK TABLE query_sample IN ACCESS EXCLUSIVE MODE")));
    db::EventQuery old;
    old.text = QStringLiteral("a");
    runner.request(old);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_admin->query(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                      "wait_event_type = 'Lock' AND query LIKE '%query_sample%'"))
                .number(0, 0)
            >= 1,
        60000);
    db::EventQuery newer;
    newer.bbox = GeoBox {100, 0, 110, 10};
    runner.request(newer);
    QVERIFY(locker->exec(QStringLiteral("ROLLBACK")));
    QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy() && ready.count() >= 1, 60000);
    // The older query's rows came back and were dropped; only the newer one showed.
    QCOMPARE(runner.supersededCount(), 1);
    QCOMPARE(ready.count(), 1);
    const auto shown = runner.shown();
    QCOMPARE(keys(*shown->rows.store, allRows(*shown->rows.store)),
             keys(*m_file, bruteForce(newer)));
}

void TestQuery::droppedConnectionKeepsShownRows()
{
    auto rowsTable = openTable();
    QVERIFY(rowsTable);
    PgEventTable *raw = rowsTable.get();
    const int pid = raw->backendPid();
    QVERIFY(pid > 0);
    DbQueryRunner runner(std::move(rowsTable), nullptr);
    QSignalSpy ready(&runner, &DbQueryRunner::rowsReady);
    QSignalSpy failed(&runner, &DbQueryRunner::failed);
    db::EventQuery first;
    first.bbox = GeoBox {100, 0, 110, 10};
    runner.request(first);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1 && !runner.isBusy(), 60000);
    const size_t shownRows = runner.shown()->rows.store->size();
    QVERIFY(shownRows > 0);

    // The next query waits on a lock; its server process is terminated mid-query.
    QString why;
    auto locker = pgtest::connect(&why);
    QVERIFY(locker);
    QVERIFY(locker->exec(QStringLiteral("BEGIN")));
    QVERIFY(locker->exec(QStringLiteral("LOCK TABLE query_sample IN ACCESS EXCLUSIVE MODE")));
    db::EventQuery second;
    runner.request(second);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_admin->query(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND "
                                      "wait_event_type = 'Lock'"),
                       {QString::number(pid)})
                .number(0, 0)
            == 1,
        60000);
    QVERIFY(m_admin->exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid)));
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1 && !runner.isBusy(), 60000);
    QVERIFY(locker->exec(QStringLiteral("ROLLBACK")));
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.contains(QLatin1String("connection lost")), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("password")), qPrintable(message));
    // What was shown stays.
    QCOMPARE(ready.count(), 1);
    QCOMPARE(runner.shown()->rows.store->size(), shownRows);

    // Retry: a new connection, and the rows of the whole table.
    runner.request(second);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 2 && !runner.isBusy(), 60000);
    QCOMPARE(runner.shown()->rows.store->size(), m_file->size());
    QVERIFY(raw->backendPid() != pid);
}

QTEST_GUILESS_MAIN(TestQuery)
#include "tst_query.moc"

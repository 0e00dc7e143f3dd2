#include "eventstore.h"
#include "io/eventreader.h"
#include "pgconnection.h"
#include "pgstore.h"
#include "pgtesthelpers.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

// `rendezvous convert FILE -o PG:… --layer T` and `rendezvous info PG:… --layer T`, with
// the real binary against the test server: the schema it creates, the refusal to
// overwrite, and the same figures from the table as from the file.
class TestStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void eventsRoundTrip_data();
    void eventsRoundTrip();
    void refusesToOverwrite();
    void schemaAndIndexes();
    void aisPositionsAndVessels();
    void missingTableIsNamed();
    void newerSchemaIsRefused();

private:
    struct Run
    {
        int code = -1;
        QByteArray out, err;
    };
    static Run rendezvous(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(RENDEZVOUS_BINARY), args);
        if (!p.waitForFinished(300000))
            qFatal("rendezvous %s did not finish", qPrintable(args.value(0)));
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                p.readAllStandardOutput(), p.readAllStandardError()};
    }
    static QJsonObject infoJson(const QStringList &args)
    {
        const Run r = rendezvous(QStringList {QStringLiteral("info")} + args
                                 + QStringList {QStringLiteral("--json")});
        if (r.code != 0)
            qWarning("info %s: %s", qPrintable(args.join(QLatin1Char(' '))), r.err.constData());
        return QJsonDocument::fromJson(r.out).object();
    }
    std::unique_ptr<PgConnection> m_admin;
};

void TestStore::initTestCase()
{
    PGTEST_REQUIRE_SERVER(admin);
    m_admin = std::move(admin);
    // A clean slate for the tables these tests write.
    for (const char *t : {"rt_0", "rt_1", "rt_2", "rt_3", "rt_4", "refused", "schema_events",
                          "ais_rt", "ais_rt_vessels"})
        QVERIFY(m_admin->exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(QLatin1String(t))));
}

void TestStore::eventsRoundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("filters");
    QTest::addColumn<QString>("table");
    const QString data = QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/");
    QTest::newRow("sample") << QStringLiteral(RENDEZVOUS_SOURCE_DIR
                                              "/resources/sample/synthetic_sts_events.csv")
                            << QStringList() << QStringLiteral("rt_0");
    QTest::newRow("sample, filtered")
        << QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv")
        << QStringList {QStringLiteral("--from"), QStringLiteral("2024-06-01"),
                        QStringLiteral("--bbox"), QStringLiteral("90,-20,130,30")}
        << QStringLiteral("rt_1");
    QTest::newRow("duplicates") << data + QStringLiteral("duplicates.csv") << QStringList()
                                << QStringLiteral("rt_2");
    QTest::newRow("extra columns (GFW portal)")
        << data + QStringLiteral("gfw_portal.csv") << QStringList() << QStringLiteral("rt_3");
    QTest::newRow("rejected rows")
        << data + QStringLiteral("bad_rows.csv") << QStringList() << QStringLiteral("rt_4");
}

void TestStore::eventsRoundTrip()
{
    QFETCH(QString, file);
    QFETCH(QStringList, filters);
    QFETCH(QString, table);
    const Run convert = rendezvous({QStringLiteral("convert"), file, QStringLiteral("-o"),
                                    pgtest::pgSource(), QStringLiteral("--layer"), table});
    QVERIFY2(convert.code == 0, convert.err.constData());
    QVERIFY2(convert.err.contains(QStringLiteral("events to table %1").arg(table).toUtf8()),
             convert.err.constData());

    QJsonObject fromFile = infoJson(QStringList {file});
    QJsonObject fromTable =
        infoJson(QStringList {pgtest::pgSource(), QStringLiteral("--layer"), table} + filters);
    if (!filters.isEmpty())
        fromFile = infoJson(QStringList {file} + filters);
    QVERIFY(!fromFile.isEmpty());
    QVERIFY2(!fromTable.isEmpty(), "info on the table printed no JSON");
    // Rows the file's reader rejected never reach the table (convert says so): the
    // table's records are the file's loaded rows, none rejected.
    const int rejected = fromFile.value(QStringLiteral("rejected")).toInt();
    QCOMPARE(fromTable.value(QStringLiteral("rejected")).toInt(), 0);
    QCOMPARE(fromTable.value(QStringLiteral("records")).toInt(),
             fromFile.value(QStringLiteral("records")).toInt() - rejected);
    if (QTest::currentDataTag() == QLatin1String("rejected rows"))
        QVERIFY(rejected > 0);
    QVERIFY(fromFile.value(QStringLiteral("events")).toInt() > 0);
    // Every figure; what describes the input (its name, reader, column mapping, notes)
    // differs by nature, and the rejected rows are compared above.
    static const QStringList describing {QStringLiteral("file"),    QStringLiteral("kind_reason"),
                                         QStringLiteral("driver"),  QStringLiteral("mapping"),
                                         QStringLiteral("notes"),   QStringLiteral("row_kind"),
                                         QStringLiteral("layer"),   QStringLiteral("rejected"),
                                         QStringLiteral("records"), QStringLiteral("rejections")};
    QStringList differences;
    int compared = 0;
    for (const QString &key : fromFile.keys()) {
        if (describing.contains(key))
            continue;
        ++compared;
        if (fromTable.value(key) != fromFile.value(key))
            differences << QStringLiteral("%1: file %2, table %3")
                               .arg(key,
                                    QString::fromUtf8(
                                        QJsonDocument(QJsonObject {{key, fromFile.value(key)}})
                                            .toJson(QJsonDocument::Compact)),
                                    QString::fromUtf8(
                                        QJsonDocument(QJsonObject {{key, fromTable.value(key)}})
                                            .toJson(QJsonDocument::Compact)));
    }
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
    QVERIFY(compared >= 10);
}

void TestStore::refusesToOverwrite()
{
    const QString file = QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/duplicates.csv");
    const QStringList args {QStringLiteral("convert"), file,
                            QStringLiteral("-o"),      pgtest::pgSource(),
                            QStringLiteral("--layer"), QStringLiteral("refused")};
    QCOMPARE(rendezvous(args).code, 0);
    const Run again = rendezvous(args);
    QVERIFY(again.code != 0);
    QVERIFY2(again.err.contains("table refused already exists in PG:"), again.err.constData());
    QVERIFY2(again.err.contains("--overwrite"), again.err.constData());
    const Run replaced = rendezvous(args + QStringList {QStringLiteral("--overwrite")});
    QVERIFY2(replaced.code == 0, replaced.err.constData());
    QCOMPARE(m_admin->query(QStringLiteral("SELECT count(*) FROM refused")).text(0, 0),
             QString::number(infoJson({file}).value(QStringLiteral("loaded")).toInt()));
}

void TestStore::schemaAndIndexes()
{
    const Run r = rendezvous({QStringLiteral("convert"),
                              QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/gfw_portal.csv"),
                              QStringLiteral("-o"), pgtest::pgSource(), QStringLiteral("--layer"),
                              QStringLiteral("schema_events")});
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(
        m_admin->query(QStringLiteral("SELECT max(version) FROM rendezvous_schema")).text(0, 0),
        QString::number(pgstore::kSchemaVersion));
    const PgResult layer = m_admin->query(
        QStringLiteral("SELECT kind, row_count, files[1] FROM rendezvous_layers WHERE name = "
                       "'schema_events'"));
    QCOMPARE(layer.rows(), 1);
    QCOMPARE(layer.text(0, 0), QStringLiteral("events"));
    QVERIFY(layer.text(0, 2).endsWith(QLatin1String("gfw_portal.csv")));
    const PgResult types = m_admin->query(QStringLiteral(
        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
        "'schema_events'::regclass AND attname IN ('start', 'end', 'geom', 'volume_bbl') ORDER "
        "BY attname"));
    QCOMPARE(types.rows(), 4);
    QCOMPARE(types.text(0, 1), QStringLiteral("timestamp with time zone")); // end
    QCOMPARE(types.text(1, 1), QStringLiteral("geometry(Point,4326)"));
    QCOMPARE(types.text(2, 1), QStringLiteral("timestamp with time zone")); // start
    QCOMPARE(types.text(3, 1), QStringLiteral("double precision"));
    const PgResult indexes =
        m_admin->query(QStringLiteral("SELECT indexdef FROM pg_indexes WHERE tablename = "
                                      "'schema_events' ORDER BY indexdef"));
    QCOMPARE(indexes.rows(), 2);
    const QString both = indexes.text(0, 0) + QLatin1Char('\n') + indexes.text(1, 0);
    QVERIFY2(both.contains(QLatin1String("USING brin (start)")), qPrintable(both));
    QVERIFY2(both.contains(QLatin1String("USING gist (geom)")), qPrintable(both));
    // The extra columns of the file are kept as text.
    QCOMPARE(m_admin->query(QStringLiteral("SELECT count(*) FROM schema_events WHERE "
                                           "\"regions.rfmo\" = 'NPFC'"))
                     .text(0, 0)
                     .toInt()
                 > 0,
             true);
}

void TestStore::aisPositionsAndVessels()
{
    const QString file = QStringLiteral(RENDEZVOUS_TEST_DATA "/ais/marinecadastre_tracks.csv");
    const Run r =
        rendezvous({QStringLiteral("convert"), file, QStringLiteral("-o"), pgtest::pgSource(),
                    QStringLiteral("--layer"), QStringLiteral("ais_rt")});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.err.contains("to table ais_rt"), r.err.constData());
    const Run tracks = rendezvous({QStringLiteral("tracks"), file, QStringLiteral("--json")});
    QCOMPARE(tracks.code, 0);
    const QJsonObject t = QJsonDocument::fromJson(tracks.out).object();
    const int positions = t.value(QStringLiteral("positions")).toInt();
    QVERIFY(positions > 0);
    QCOMPARE(m_admin->query(QStringLiteral("SELECT count(*) FROM ais_rt")).text(0, 0).toInt(),
             positions);
    const PgResult span = m_admin->query(QStringLiteral(
        "SELECT to_char(min(t) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
        "count(DISTINCT p.mmsi), bool_and(v.mmsi IS NOT NULL) FROM ais_rt p LEFT JOIN "
        "(SELECT DISTINCT mmsi FROM ais_rt_vessels) v ON v.mmsi = p.mmsi"));
    QCOMPARE(span.text(0, 0), t.value(QStringLiteral("first")).toString());
    QCOMPARE(span.text(0, 1).toInt(), t.value(QStringLiteral("vessels")).toInt());
    QCOMPARE(span.text(0, 2), QStringLiteral("t")); // every position's vessel is there
    const PgResult identity = m_admin->query(QStringLiteral(
        "SELECT name, imo, call_sign, ship_type FROM ais_rt_vessels WHERE mmsi = 538001234"));
    QVERIFY(identity.rows() >= 1);
    QCOMPARE(identity.text(0, 0), QStringLiteral("OCEAN STAR"));
    QCOMPARE(identity.text(0, 1), QStringLiteral("9627980"));
    QCOMPARE(identity.text(0, 2), QStringLiteral("V7AB1"));
    QCOMPARE(identity.text(0, 3), QStringLiteral("80"));
    // Positions in time order, so the BRIN index on time narrows a window.
    QCOMPARE(m_admin
                 ->query(QStringLiteral("SELECT bool_and(t >= prev) FROM (SELECT t, lag(t) "
                                        "OVER (ORDER BY ctid) AS prev FROM ais_rt) x"))
                 .text(0, 0),
             QStringLiteral("t"));
    QCOMPARE(m_admin
                 ->query(QStringLiteral("SELECT count(*) FROM pg_indexes WHERE tablename = "
                                        "'ais_rt'"))
                 .text(0, 0),
             QStringLiteral("2"));
}

void TestStore::missingTableIsNamed()
{
    // The test server trusts its users: the password is not needed, only never shown.
    const QString withPassword =
        QStringLiteral("PG:\"%1 password=never-shown-42\"").arg(pgtest::conninfo());
    const Run r = rendezvous({QStringLiteral("info"), withPassword, QStringLiteral("--layer"),
                              QStringLiteral("no_such_events")});
    QVERIFY(r.code != 0);
    QVERIFY2(r.err.contains("no table 'no_such_events' in the database"), r.err.constData());
    QVERIFY2(!r.err.contains("never-shown-42"), r.err.constData());
    QVERIFY2(r.err.contains(pgtest::conninfo().toUtf8()), r.err.constData());
}

void TestStore::newerSchemaIsRefused()
{
    // A database a later Rendezvous has migrated, in a schema of its own so that the
    // other tests' catalogs are not touched: search_path finds its rendezvous_schema.
    QVERIFY(m_admin->exec(QStringLiteral("DROP SCHEMA IF EXISTS rv_future CASCADE")));
    QVERIFY(m_admin->exec(QStringLiteral("CREATE SCHEMA rv_future")));
    QVERIFY(m_admin->exec(QStringLiteral(
        "CREATE TABLE rv_future.rendezvous_schema (version integer NOT NULL, migrated_at "
        "timestamptz NOT NULL DEFAULT now())")));
    QVERIFY(m_admin->exec(
        QStringLiteral("INSERT INTO rv_future.rendezvous_schema (version) VALUES (%1)")
            .arg(pgstore::kSchemaVersion + 1)));
    const LoadResult file =
        EventReader::load(QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/duplicates.csv"), {});
    QVERIFY(file.store);
    pgstore::Target target;
    target.source =
        PgSource::parse(QStringLiteral("PG:\"%1 options='-c search_path=rv_future,public'\"")
                            .arg(pgtest::conninfo()),
                        nullptr);
    QVERIFY(target.source.isValid());
    target.table = QStringLiteral("future_events");
    QString error;
    QVERIFY(!pgstore::loadEvents(*file.store, {0}, target, nullptr, &error));
    QVERIFY2(error.contains(QStringLiteral("schema of version %1, newer than this Rendezvous "
                                           "knows (%2)")
                                .arg(pgstore::kSchemaVersion + 1)
                                .arg(pgstore::kSchemaVersion)),
             qPrintable(error));
    // Nothing was written.
    QCOMPARE(m_admin->query(QStringLiteral("SELECT to_regclass('rv_future.future_events') IS NULL"))
                 .text(0, 0),
             QStringLiteral("t"));
    QVERIFY(m_admin->exec(QStringLiteral("DROP SCHEMA rv_future CASCADE")));
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"

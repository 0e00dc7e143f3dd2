#include "pgconnection.h"
#include "pgtesthelpers.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

class TestConnection : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void connectsAndQueries();
    void wrongPassword();
    void passwordFromPgpassAndPrompt();
    void unknownHost();
    void serverDown();
    void droppedConnection();
    void statementTimeout();
    void cancelFromAnotherThread();
    void missingTableAndColumn();
    void copyFromStdin();
    void copyRefusesBadRow();

private:
    QString host() const { return pgtest::source().value(QStringLiteral("host")); }
    QString port() const { return pgtest::source().value(QStringLiteral("port")); }
    QString dbname() const { return pgtest::source().value(QStringLiteral("dbname")); }
    QString m_password;
};

void TestConnection::initTestCase()
{
    PGTEST_REQUIRE_SERVER(admin);
    // The role scripts/pgserver's pg_hba.conf asks a password of (scram-sha-256 on
    // 127.0.0.1); a fresh random one for each run.
    m_password = QStringLiteral("pw-%1").arg(QRandomGenerator::global()->generate64(), 0, 36);
    QVERIFY2(admin->exec(QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE "
                                        "rolname = 'rendezvous_pw') THEN CREATE ROLE "
                                        "rendezvous_pw LOGIN; END IF; END $$")),
             qPrintable(admin->lastError()));
    QVERIFY2(admin->exec(QStringLiteral("ALTER ROLE rendezvous_pw PASSWORD %1")
                             .arg(admin->quoteLiteral(m_password))),
             qPrintable(admin->lastError()));
}

void TestConnection::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("conninfo");
    QTest::addColumn<QString>("display");
    QTest::newRow("quoted") << R"(PG:"host=db.example dbname=ais user=anna")"
                            << "host=db.example dbname=ais user=anna"
                            << R"(PG:"host=db.example dbname=ais user=anna")";
    QTest::newRow("service") << "PG:service=team"
                             << "service=team"
                             << "PG:service=team";
    QTest::newRow("dbname, lower-case pg:") << "pg:dbname=ais"
                                            << "dbname=ais"
                                            << "PG:dbname=ais";
    QTest::newRow("password hidden") << R"(PG:"host=h dbname=d user=u password=s3cret")"
                                     << "host=h dbname=d user=u password=s3cret"
                                     << R"(PG:"host=h dbname=d user=u")";
    QTest::newRow("quoted value with space and quote") << R"(PG:"dbname='my db' password='it\'s'")"
                                                       << R"(dbname='my db' password='it\'s')"
                                                       << R"(PG:"dbname='my db'")";
    QTest::newRow("spaces around =") << "PG:'dbname = ais  port= 5433'"
                                     << "dbname=ais port=5433"
                                     << R"(PG:"dbname=ais port=5433")";
    QTest::newRow("GDAL's schemas kept apart") << R"(PG:"dbname=ais schemas=public,team")"
                                               << "dbname=ais"
                                               << R"(PG:"dbname=ais schemas=public,team")";
    QTest::newRow("URI with password") << "PG:postgresql://anna:s3cret@db.example:5433/ais"
                                       << "postgresql://anna:s3cret@db.example:5433/ais"
                                       << "PG:postgresql://anna@db.example:5433/ais";
}

void TestConnection::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, conninfo);
    QFETCH(QString, display);
    QVERIFY(PgSource::isPgSource(text));
    QString error;
    const PgSource s = PgSource::parse(text, &error);
    QVERIFY2(s.isValid(), qPrintable(error));
    QCOMPARE(s.conninfo(), conninfo);
    QCOMPARE(s.display(), display);
    QVERIFY(!s.display().contains(QLatin1String("s3cret")));
    QVERIFY(!s.display().contains(QLatin1String("it\\'s")));
    // What display() shows parses back to the same thing, minus the password.
    const PgSource again = PgSource::parse(s.display(), &error);
    QVERIFY2(again.isValid(), qPrintable(error));
    QCOMPARE(again.display(), display);
    QVERIFY(!again.hasPassword());
}

void TestConnection::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not PG") << "ais.csv"
                            << "starts with PG:";
    QTest::newRow("empty") << "PG:"
                           << "needs a connection string";
    QTest::newRow("no value") << "PG:dbname"
                              << "'dbname' in the connection string has no value";
    QTest::newRow("unclosed quote") << "PG:dbname='ais"
                                    << "no closing quote";
    QTest::newRow("unknown keyword") << "PG:dbnmae=ais"
                                     << "unknown connection keyword 'dbnmae'";
}

void TestConnection::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!PgSource::parse(text, &error).isValid());
    QVERIFY2(error.contains(reason), qPrintable(error));
}

void TestConnection::connectsAndQueries()
{
    PGTEST_REQUIRE_SERVER(c);
    const PgResult r = c->query(QStringLiteral("SELECT $1::int + 1, postgis_lib_version()"),
                                {QStringLiteral("41")});
    QVERIFY2(!r.isNull(), qPrintable(c->lastError()));
    QCOMPARE(r.text(0, 0), QStringLiteral("42"));
    QVERIFY(!r.text(0, 1).isEmpty());
    QVERIFY(c->isOpen());
}

void TestConnection::wrongPassword()
{
    const PgSource s = PgSource::parse(
        QStringLiteral("PG:\"host=%1 port=%2 dbname=%3 user=rendezvous_pw password=not-%4\"")
            .arg(host(), port(), dbname(), m_password),
        nullptr);
    QString error;
    PgError kind = PgError::None;
    QVERIFY(!PgConnection::connect(s, {}, &error, &kind));
    QCOMPARE(kind, PgError::BadPassword);
    QVERIFY2(error.contains(QLatin1String("wrong or missing password for user rendezvous_pw")),
             qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("~/.pgpass")), qPrintable(error));
    QVERIFY2(!error.contains(m_password), qPrintable(error));
    QVERIFY2(error.contains(s.display()), qPrintable(error));

    // No password at all, and no way to ask: the same kind, not a hang.
    const PgSource none = PgSource::parse(
        QStringLiteral("PG:\"host=%1 port=%2 dbname=%3 user=rendezvous_pw passfile=/nonexistent\"")
            .arg(host(), port(), dbname()),
        nullptr);
    QVERIFY(!PgConnection::connect(none, {}, &error, &kind));
    QCOMPARE(kind, PgError::BadPassword);
}

void TestConnection::passwordFromPgpassAndPrompt()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString passfile = dir.filePath(QStringLiteral("pgpass"));
    {
        QFile f(passfile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("%1:%2:%3:rendezvous_pw:%4\n")
                    .arg(host(), port(), dbname(), m_password)
                    .toUtf8());
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    }
    const QString base = QStringLiteral("host=%1 port=%2 dbname=%3 user=rendezvous_pw")
                             .arg(host(), port(), dbname());
    QString error;
    {
        const PgSource s =
            PgSource::parse(QStringLiteral("PG:\"%1 passfile=%2\"").arg(base, passfile), nullptr);
        auto c = PgConnection::connect(s, {}, &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->query(QStringLiteral("SELECT current_user")).text(0, 0),
                 QStringLiteral("rendezvous_pw"));
    }
    {
        const PgSource s =
            PgSource::parse(QStringLiteral("PG:\"%1 passfile=/nonexistent\"").arg(base), nullptr);
        PgConnectOptions options;
        QString askedFor;
        options.passwordPrompt = [&](const QString &display) {
            askedFor = display;
            return m_password;
        };
        auto c = PgConnection::connect(s, options, &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(askedFor, s.display());
        // The prompted password is not kept with the source.
        QVERIFY(!c->source().hasPassword());
        QVERIFY(!c->display().contains(m_password));
    }
}

void TestConnection::unknownHost()
{
    const PgSource s =
        PgSource::parse(QStringLiteral("PG:\"host=no-such-host.invalid dbname=ais\""), nullptr);
    QString error;
    PgError kind = PgError::None;
    QVERIFY(!PgConnection::connect(s, {}, &error, &kind));
    QCOMPARE(kind, PgError::UnknownHost);
    QVERIFY2(error.contains(QLatin1String("unknown host no-such-host.invalid")), qPrintable(error));
}

void TestConnection::serverDown()
{
    // Port 1 on the loopback: privileged, and nothing of ours listens there.
    const PgSource s =
        PgSource::parse(QStringLiteral("PG:\"host=127.0.0.1 port=1 dbname=ais\""), nullptr);
    QString error;
    PgError kind = PgError::None;
    QVERIFY(!PgConnection::connect(s, {}, &error, &kind));
    QCOMPARE(kind, PgError::ServerDown);
    QVERIFY2(error.contains(QLatin1String("no database server answers")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("PG:\"host=127.0.0.1 port=1 dbname=ais\"")),
             qPrintable(error));
}

void TestConnection::droppedConnection()
{
    PGTEST_REQUIRE_SERVER(victim);
    PGTEST_REQUIRE_SERVER(admin);
    const QString pid = victim->query(QStringLiteral("SELECT pg_backend_pid()")).text(0, 0);
    QVERIFY(!pid.isEmpty());
    QCOMPARE(admin->query(QStringLiteral("SELECT pg_terminate_backend($1::int)"), {pid}).text(0, 0),
             QStringLiteral("t"));
    // The backend is gone once pg_stat_activity no longer lists it.
    QTRY_COMPARE(admin
                     ->query(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = "
                                            "$1::int"),
                             {pid})
                     .text(0, 0),
                 QStringLiteral("0"));
    QVERIFY(victim->query(QStringLiteral("SELECT 1")).isNull());
    QCOMPARE(victim->lastErrorKind(), PgError::ConnectionLost);
    QVERIFY2(victim->lastError().contains(QLatin1String("was lost")),
             qPrintable(victim->lastError()));
    QVERIFY2(victim->lastError().contains(QLatin1String("reconnect")),
             qPrintable(victim->lastError()));
    QVERIFY(!victim->isOpen());
    // Reconnecting works.
    QString why;
    auto again = pgtest::connect(&why);
    QVERIFY2(again, qPrintable(why));
    QCOMPARE(again->query(QStringLiteral("SELECT 1")).text(0, 0), QStringLiteral("1"));
}

void TestConnection::statementTimeout()
{
    PgConnectOptions options;
    options.statementTimeoutMs = 50;
    QString why;
    auto c = pgtest::connect(&why, options);
    QVERIFY2(c, qPrintable(why));
    // Far longer than the timeout: only the timeout can end it.
    QVERIFY(c->query(QStringLiteral("SELECT pg_sleep(3600)")).isNull());
    QCOMPARE(c->lastErrorKind(), PgError::StatementTimeout);
    QVERIFY2(c->lastError().contains(QLatin1String("statement timeout (50 ms)")),
             qPrintable(c->lastError()));
    // The connection stays usable.
    QVERIFY(c->isOpen());
    QCOMPARE(c->query(QStringLiteral("SELECT 2")).text(0, 0), QStringLiteral("2"));
}

void TestConnection::cancelFromAnotherThread()
{
    PGTEST_REQUIRE_SERVER(c);
    PGTEST_REQUIRE_SERVER(admin);
    const QString pid = c->query(QStringLiteral("SELECT pg_backend_pid()")).text(0, 0);
    bool failed = false;
    std::thread runner(
        [&] { failed = c->query(QStringLiteral("SELECT pg_sleep(3600)")).isNull(); });
    // Cancel only once the server runs it.
    QTRY_COMPARE(admin
                     ->query(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = "
                                            "$1::int AND state = 'active' AND query LIKE "
                                            "'%pg_sleep%'"),
                             {pid})
                     .text(0, 0),
                 QStringLiteral("1"));
    c->cancel();
    runner.join();
    QVERIFY(failed);
    QCOMPARE(c->lastErrorKind(), PgError::Cancelled);
    QVERIFY2(c->lastError().startsWith(QLatin1String("cancelled")), qPrintable(c->lastError()));
    QCOMPARE(c->query(QStringLiteral("SELECT 3")).text(0, 0), QStringLiteral("3"));
}

void TestConnection::missingTableAndColumn()
{
    PGTEST_REQUIRE_SERVER(c);
    QVERIFY(c->query(QStringLiteral("SELECT * FROM no_such_table_here")).isNull());
    QCOMPARE(c->lastErrorKind(), PgError::MissingTable);
    QVERIFY2(c->lastError().contains(QLatin1String("\"no_such_table_here\" does not exist")),
             qPrintable(c->lastError()));
    QVERIFY(c->exec(QStringLiteral("CREATE TEMP TABLE few (a int)")));
    QVERIFY(c->query(QStringLiteral("SELECT mmsi FROM few")).isNull());
    QCOMPARE(c->lastErrorKind(), PgError::MissingColumn);
    QVERIFY2(c->lastError().contains(QLatin1String("\"mmsi\" does not exist")),
             qPrintable(c->lastError()));
}

void TestConnection::copyFromStdin()
{
    PGTEST_REQUIRE_SERVER(c);
    QVERIFY(c->exec(
        QStringLiteral("CREATE TEMP TABLE copied (n int, t text, g geometry(Point, 4326))")));
    QVERIFY2(c->copyBegin(QStringLiteral("COPY copied FROM STDIN")), qPrintable(c->lastError()));
    QVERIFY(c->copyPut(QByteArray("1\tone\tSRID=4326;POINT(1 2)\n2\t\\N\t")));
    QVERIFY(c->copyPut(QByteArray("\\N\n")));
    long long rows = 0;
    QVERIFY2(c->copyEnd(&rows), qPrintable(c->lastError()));
    QCOMPARE(rows, 2LL);
    const PgResult r = c->query(QStringLiteral("SELECT n, t, ST_AsText(g) FROM copied ORDER BY n"));
    QCOMPARE(r.rows(), 2);
    QCOMPARE(r.text(0, 2), QStringLiteral("POINT(1 2)"));
    QVERIFY(r.isNullValue(1, 1));
}

void TestConnection::copyRefusesBadRow()
{
    PGTEST_REQUIRE_SERVER(c);
    QVERIFY(c->exec(QStringLiteral("CREATE TEMP TABLE strict_copy (n int)")));
    QVERIFY(c->copyBegin(QStringLiteral("COPY strict_copy FROM STDIN")));
    QVERIFY(c->copyPut(QByteArray("1\nnot a number\n3\n")));
    QVERIFY(!c->copyEnd());
    QVERIFY2(c->lastError().contains(QLatin1String("line 2")), qPrintable(c->lastError()));
    QVERIFY2(c->lastError().contains(QLatin1String("not a number")), qPrintable(c->lastError()));
    QCOMPARE(c->query(QStringLiteral("SELECT count(*) FROM strict_copy")).text(0, 0),
             QStringLiteral("0"));
}

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"

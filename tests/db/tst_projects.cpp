#include "pgprojects.h"
#include "pgstore.h"
#include "pgtesthelpers.h"
#include "project.h"

#include <QImage>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// Shared projects in the store (schema version 2) against the real server: the
// migration from version 1, saving revisions, the refusal of a save over a newer
// revision (and of a new project over a taken name) without writing anything, and a
// projects table not as Rendezvous makes it. Each test works in a schema of its own
// (search_path), so that the other suites' catalogs are not touched.
class TestProjects : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void migratesFromVersion1();
    void savesRevisionsAndRefusesStaleSaves();
    void refusesANewProjectOverATakenName();
    void sayWhenTheTableIsNotOurs();
    void renderDrawsASharedProject();

private:
    // A connection whose search_path starts with schema.
    std::unique_ptr<PgConnection> in(const QString &schema)
    {
        QString error;
        auto c = PgConnection::connect(
            PgSource::parse(QStringLiteral("PG:\"%1 options='-c search_path=%2'\"")
                                .arg(pgtest::conninfo(), schema),
                            nullptr),
            {}, &error);
        if (!c)
            qWarning("%s", qPrintable(error));
        return c;
    }
    void freshSchema(const QString &schema)
    {
        QVERIFY(m_admin->exec(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(schema)));
        QVERIFY(m_admin->exec(QStringLiteral("CREATE SCHEMA %1").arg(schema)));
    }
    std::unique_ptr<PgConnection> m_admin;
};

void TestProjects::initTestCase()
{
    PGTEST_REQUIRE_SERVER(admin);
    m_admin = std::move(admin);
}

void TestProjects::cleanupTestCase()
{
    if (m_admin) {
        for (const char *s : {"rv_p_v1", "rv_p_save", "rv_p_name", "rv_p_broken", "rv_p_render"})
            m_admin->exec(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(QLatin1String(s)));
    }
}

void TestProjects::migratesFromVersion1()
{
    // A store as version 1 left it: its two catalogs, a layer, version 1.
    freshSchema(QStringLiteral("rv_p_v1"));
    QVERIFY2(
        m_admin->exec(QStringLiteral("CREATE TABLE rv_p_v1.rendezvous_schema (version integer NOT "
                                     "NULL, migrated_at timestamptz NOT NULL DEFAULT now())")),
        qPrintable(m_admin->lastError()));
    QVERIFY2(
        m_admin->exec(QStringLiteral("INSERT INTO rv_p_v1.rendezvous_schema (version) VALUES (1)")),
        qPrintable(m_admin->lastError()));
    QVERIFY2(m_admin->exec(QStringLiteral(
                 "CREATE TABLE rv_p_v1.rendezvous_layers (name text PRIMARY KEY, kind text NOT "
                 "NULL, row_count bigint NOT NULL, files text[] NOT NULL, loaded_at timestamptz "
                 "NOT NULL DEFAULT now(), loaded_by text NOT NULL DEFAULT current_user)")),
             qPrintable(m_admin->lastError()));
    QVERIFY2(m_admin->exec(
                 QStringLiteral("INSERT INTO rv_p_v1.rendezvous_layers (name, kind, row_count, "
                                "files) VALUES ('events', 'events', 3, '{a.csv}')")),
             qPrintable(m_admin->lastError()));
    auto c = in(QStringLiteral("rv_p_v1"));
    QVERIFY(c);
    // Listing reads; it does not migrate (nor need the tables).
    std::vector<pgprojects::Info> all;
    QString error;
    QVERIFY2(pgprojects::list(*c, &all, &error), qPrintable(error));
    QVERIFY(all.empty());
    QCOMPARE(pgprojects::save(*c, QStringLiteral("First"), "{\"a\": 1}", 0, QStringLiteral("anna"),
                              nullptr, nullptr, &error),
             pgprojects::SaveOutcome::Saved);
    QCOMPARE(m_admin
                 ->query(QStringLiteral("SELECT string_agg(version::text, ',' ORDER BY "
                                        "version) FROM rv_p_v1.rendezvous_schema"))
                 .text(0, 0),
             QStringLiteral("1,2"));
    QCOMPARE(pgstore::kSchemaVersion, 2);
    // Version 1's data is as it was.
    QCOMPARE(m_admin->query(QStringLiteral("SELECT row_count FROM rv_p_v1.rendezvous_layers"))
                 .text(0, 0),
             QStringLiteral("3"));
    // And a second save does not migrate again.
    QCOMPARE(pgprojects::save(*c, QStringLiteral("Second"), "{}", 0, QString(), nullptr, nullptr,
                              &error),
             pgprojects::SaveOutcome::Saved);
    QCOMPARE(
        m_admin->query(QStringLiteral("SELECT count(*) FROM rv_p_v1.rendezvous_schema")).text(0, 0),
        QStringLiteral("2"));
}

void TestProjects::savesRevisionsAndRefusesStaleSaves()
{
    freshSchema(QStringLiteral("rv_p_save"));
    auto anna = in(QStringLiteral("rv_p_save"));
    auto ben = in(QStringLiteral("rv_p_save"));
    QVERIFY(anna && ben);
    QString error;
    pgprojects::Info saved, newer;
    QCOMPARE(pgprojects::save(*anna, QStringLiteral("Case 42"), "{\"who\": \"anna 1\"}", 0,
                              QStringLiteral("anna"), &saved, &newer, &error),
             pgprojects::SaveOutcome::Saved);
    QCOMPARE(saved.revision, 1);
    QCOMPARE(saved.osUser, QStringLiteral("anna"));
    QVERIFY(!saved.savedBy.isEmpty());
    QVERIFY(saved.savedAtMs > 0);

    // Both open revision 1; Ben saves first.
    pgprojects::Info opened;
    QByteArray content;
    bool found = false;
    QVERIFY2(pgprojects::load(*ben, QStringLiteral("Case 42"), &opened, &content, &found, &error),
             qPrintable(error));
    QVERIFY(found);
    QCOMPARE(opened.revision, 1);
    QVERIFY(content.contains("anna 1"));
    QCOMPARE(pgprojects::save(*ben, QStringLiteral("Case 42"), "{\"who\": \"ben 2\"}", 1,
                              QStringLiteral("ben"), &saved, &newer, &error),
             pgprojects::SaveOutcome::Saved);
    QCOMPARE(saved.revision, 2);

    // Anna's save over revision 1 is refused, naming Ben's revision; nothing is written.
    const QString before = m_admin
                               ->query(QStringLiteral("SELECT count(*) FROM "
                                                      "rv_p_save.rendezvous_project_revisions"))
                               .text(0, 0);
    QCOMPARE(pgprojects::save(*anna, QStringLiteral("Case 42"), "{\"who\": \"anna 2\"}", 1,
                              QStringLiteral("anna"), &saved, &newer, &error),
             pgprojects::SaveOutcome::Stale);
    QCOMPARE(newer.revision, 2);
    QCOMPARE(newer.osUser, QStringLiteral("ben"));
    QVERIFY(newer.savedAtMs >= saved.savedAtMs);
    QCOMPARE(m_admin
                 ->query(QStringLiteral("SELECT count(*) FROM "
                                        "rv_p_save.rendezvous_project_revisions"))
                 .text(0, 0),
             before);
    QVERIFY2(pgprojects::load(*anna, QStringLiteral("Case 42"), &opened, &content, &found, &error),
             qPrintable(error));
    QCOMPARE(opened.revision, 2);
    QVERIFY(content.contains("ben 2"));
    // The connection is usable after the refusal (its transaction was rolled back).
    QCOMPARE(anna->query(QStringLiteral("SELECT 1")).text(0, 0), QStringLiteral("1"));

    // Over the revision she has now, her save goes in; every revision is kept.
    QCOMPARE(pgprojects::save(*anna, QStringLiteral("Case 42"), "{\"who\": \"anna 3\"}", 2,
                              QStringLiteral("anna"), &saved, &newer, &error),
             pgprojects::SaveOutcome::Saved);
    QCOMPARE(saved.revision, 3);
    QCOMPARE(m_admin
                 ->query(QStringLiteral("SELECT string_agg(content->>'who', ',' ORDER BY "
                                        "revision) FROM rv_p_save.rendezvous_project_revisions"))
                 .text(0, 0),
             QStringLiteral("anna 1,ben 2,anna 3"));

    // The list: one row per project, its current revision and who saved it.
    QCOMPARE(pgprojects::save(*ben, QStringLiteral("another"), "{}", 0, QStringLiteral("ben"),
                              nullptr, nullptr, &error),
             pgprojects::SaveOutcome::Saved);
    std::vector<pgprojects::Info> all;
    QVERIFY2(pgprojects::list(*ben, &all, &error), qPrintable(error));
    QCOMPARE(all.size(), size_t(2));
    QCOMPARE(all[0].name, QStringLiteral("another")); // by name, without case
    QCOMPARE(all[1].name, QStringLiteral("Case 42"));
    QCOMPARE(all[1].revision, 3);
    QCOMPARE(all[1].osUser, QStringLiteral("anna"));
}

void TestProjects::refusesANewProjectOverATakenName()
{
    freshSchema(QStringLiteral("rv_p_name"));
    auto c = in(QStringLiteral("rv_p_name"));
    QVERIFY(c);
    QString error;
    pgprojects::Info newer;
    QCOMPARE(pgprojects::save(*c, QStringLiteral("Case"), "{\"v\": 1}", 0, QStringLiteral("ben"),
                              nullptr, nullptr, &error),
             pgprojects::SaveOutcome::Saved);
    QCOMPARE(pgprojects::save(*c, QStringLiteral("Case"), "{\"v\": 2}", 0, QStringLiteral("anna"),
                              nullptr, &newer, &error),
             pgprojects::SaveOutcome::Exists);
    QCOMPARE(newer.osUser, QStringLiteral("ben"));
    QCOMPARE(newer.revision, 1);
    QCOMPARE(m_admin->query(QStringLiteral("SELECT count(*) FROM rv_p_name.rendezvous_projects"))
                 .text(0, 0),
             QStringLiteral("1"));
    // An empty name is refused before anything is asked of the server.
    QCOMPARE(
        pgprojects::save(*c, QStringLiteral("  "), "{}", 0, QString(), nullptr, nullptr, &error),
        pgprojects::SaveOutcome::Failed);
    QVERIFY2(error.contains(QLatin1String("needs a name")), qPrintable(error));
}

void TestProjects::sayWhenTheTableIsNotOurs()
{
    // Version 2 recorded, but tables made by hand without the expected columns.
    freshSchema(QStringLiteral("rv_p_broken"));
    QVERIFY2(
        m_admin->exec(QStringLiteral("CREATE TABLE rv_p_broken.rendezvous_schema (version integer "
                                     "NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now())")),
        qPrintable(m_admin->lastError()));
    QVERIFY2(m_admin->exec(
                 QStringLiteral("INSERT INTO rv_p_broken.rendezvous_schema (version) VALUES (2)")),
             qPrintable(m_admin->lastError()));
    QVERIFY2(
        m_admin->exec(QStringLiteral("CREATE TABLE rv_p_broken.rendezvous_projects (name text)")),
        qPrintable(m_admin->lastError()));
    QVERIFY2(m_admin->exec(QStringLiteral(
                 "CREATE TABLE rv_p_broken.rendezvous_project_revisions (content text)")),
             qPrintable(m_admin->lastError()));
    auto c = in(QStringLiteral("rv_p_broken"));
    QVERIFY(c);
    std::vector<pgprojects::Info> all;
    QString error;
    QVERIFY(!pgprojects::list(*c, &all, &error));
    QVERIFY2(error.contains(QLatin1String("rendezvous_projects")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("is not as Rendezvous makes it")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("does not exist")), qPrintable(error));
    QCOMPARE(c->lastErrorKind(), PgError::MissingColumn);
    QCOMPARE(
        pgprojects::save(*c, QStringLiteral("x"), "{}", 0, QString(), nullptr, nullptr, &error),
        pgprojects::SaveOutcome::Failed);
    QVERIFY2(error.contains(QLatin1String("is not as Rendezvous makes it")), qPrintable(error));
    QCOMPARE(m_admin->query(QStringLiteral("SELECT count(*) FROM rv_p_broken.rendezvous_projects"))
                 .text(0, 0),
             QStringLiteral("0"));
}

void TestProjects::renderDrawsASharedProject()
{
    // `rendezvous render PG:… --project NAME` draws the shared project as `render
    // --project FILE.rvz` draws the same project from a file.
    freshSchema(QStringLiteral("rv_p_render"));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Project p;
    ProjectSource data;
    data.path = QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
    p.sources = {data};
    p.text = QStringLiteral("SYNTH");
    p.centerLon = 100;
    p.centerLat = 5;
    p.zoom = 4;
    p.viewWidth = 640;
    p.viewHeight = 400;
    const QString file = dir.filePath(QStringLiteral("case.rvz"));
    QString error;
    QVERIFY2(p.write(file, &error), qPrintable(error));
    auto c = in(QStringLiteral("rv_p_render"));
    QVERIFY(c);
    QCOMPARE(pgprojects::save(*c, QStringLiteral("Render me"),
                              QJsonDocument(p.toJson(QString())).toJson(QJsonDocument::Compact), 0,
                              QStringLiteral("anna"), nullptr, nullptr, &error),
             pgprojects::SaveOutcome::Saved);
    const QString database =
        QStringLiteral("PG:\"%1 options='-c search_path=rv_p_render'\"").arg(pgtest::conninfo());
    const auto render = [](const QStringList &args, QString *stderrText) {
        QProcess process;
        process.start(QStringLiteral(RENDEZVOUS_BINARY),
                      QStringList {QStringLiteral("render")} + args);
        if (!process.waitForFinished(120000))
            return -1;
        *stderrText = QString::fromUtf8(process.readAllStandardError());
        return process.exitCode();
    };
    const QString fromFile = dir.filePath(QStringLiteral("file.png"));
    const QString fromDatabase = dir.filePath(QStringLiteral("database.png"));
    QString messages;
    QCOMPARE(render({QStringLiteral("--project"), file, QStringLiteral("--basemap"),
                     QStringLiteral("none"), QStringLiteral("-o"), fromFile},
                    &messages),
             0);
    QCOMPARE(render({database, QStringLiteral("--project"), QStringLiteral("Render me"),
                     QStringLiteral("--basemap"), QStringLiteral("none"), QStringLiteral("-o"),
                     fromDatabase},
                    &messages),
             0);
    const QImage a(fromFile), b(fromDatabase);
    QVERIFY(!a.isNull());
    QVERIFY(a == b);
    // A name the database does not have: said, with the database, and no picture.
    const QString none = dir.filePath(QStringLiteral("none.png"));
    QVERIFY(render({database, QStringLiteral("--project"), QStringLiteral("Nope"),
                    QStringLiteral("-o"), none},
                   &messages)
            != 0);
    QVERIFY2(messages.contains(QStringLiteral("no project \u201cNope\u201d in PG:")),
             qPrintable(messages));
    QVERIFY(!QFileInfo::exists(none));
}

QTEST_GUILESS_MAIN(TestProjects)
#include "tst_projects.moc"

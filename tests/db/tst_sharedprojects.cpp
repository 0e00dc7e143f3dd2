#include "../widgets/screenshots.h"
#include "dbproject/dbprojectcontroller.h"
#include "dbproject/dbprojectsdialog.h"
#include "io/dbmodule.h"
#include "pgtesthelpers.h"
#include "project.h"
#include "project/projectcontroller.h"
#include "project/projectrecovery.h"
#include "transferfilter.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QFile>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

// File ▸ Save Project to Database… / Open Project from Database… in the window, against
// the real server: the list, the refusal of a save over a colleague's newer revision
// (with Save As), the password prompt (never written anywhere), and each failure — a
// clear message, the window responsive while the call runs, nothing loaded lost, and
// the next call connecting again.
class TestSharedProjects : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void savesListsAndOpens();
    void refusesAStaleSaveAndOffersSaveAs();
    void asksForAPasswordAndNeverWritesIt();
    void wrongPassword();
    void unknownHostAndServerDown();
    void connectionDroppedMidQuery();
    void statementTimeout();
    void tableWithoutTheExpectedColumns();
    void dataTableWithoutTheExpectedColumns();

private:
    // The test server, in a schema of this suite's own.
    static QString source(const QString &schema = QStringLiteral("rv_shared"))
    {
        return QStringLiteral("PG:\"%1 options='-c search_path=%2'\"")
            .arg(pgtest::conninfo(), schema);
    }
    static QString field(const QString &key) { return pgtest::source().value(key); }
    QMessageBox *waitForBox(const QString &name);
    bool saveAndWait(const QString &name);
    qint64 loadedRows() const { return qint64(m_window->filter()->rowCount()); }

    QTemporaryDir m_dir;
    std::unique_ptr<PgConnection> m_admin;
    std::unique_ptr<MainWindow> m_window;
    DbProjectController *m_db = nullptr;
    qint64 m_rows = 0;
    const QString m_password =
        QStringLiteral("pw-%1-never-written").arg(QCoreApplication::applicationPid());
};

void TestSharedProjects::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toLocal8Bit());
    PGTEST_REQUIRE_SERVER(admin);
    m_admin = std::move(admin);
    QVERIFY(m_admin->exec(QStringLiteral("DROP SCHEMA IF EXISTS rv_shared CASCADE")));
    QVERIFY(m_admin->exec(QStringLiteral("CREATE SCHEMA rv_shared")));
    // The role that must give a password (scripts/pgserver: scram-sha-256 over TCP).
    QVERIFY2(m_admin->exec(QStringLiteral(
                 "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                 "'rendezvous_pw') THEN CREATE ROLE rendezvous_pw LOGIN; END IF; END $$")),
             qPrintable(m_admin->lastError()));
    QVERIFY(m_admin->exec(QStringLiteral("ALTER ROLE rendezvous_pw PASSWORD %1")
                              .arg(m_admin->quoteLiteral(m_password))));
    QVERIFY(m_admin->exec(QStringLiteral("GRANT USAGE ON SCHEMA rv_shared TO rendezvous_pw")));
}

void TestSharedProjects::cleanupTestCase()
{
    if (m_admin)
        m_admin->exec(QStringLiteral("DROP SCHEMA IF EXISTS rv_shared, rv_shared_broken CASCADE"));
}

void TestSharedProjects::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1100, 750);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->project()->setUnsavedPrompt([] { return QMessageBox::Discard; });
    m_db = m_window->findChild<DbProjectController *>();
    QVERIFY(m_db);
    QSignalSpy loaded(m_window.get(), &MainWindow::loadFinished);
    m_window->openFile(
        QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv"));
    QVERIFY(loaded.wait(60000));
    QVERIFY(loaded.constFirst().constFirst().toBool());
    m_rows = loadedRows();
    QVERIFY(m_rows > 0);
}

void TestSharedProjects::cleanup()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (qobject_cast<QDialog *>(w))
            w->close();
    }
    m_window.reset();
}

QMessageBox *TestSharedProjects::waitForBox(const QString &name)
{
    QMessageBox *box = nullptr;
    const bool shown = QTest::qWaitFor(
        [&] {
            box = m_window->findChild<QMessageBox *>(name);
            return box && box->isVisible();
        },
        30000);
    return shown ? box : nullptr;
}

bool TestSharedProjects::saveAndWait(const QString &name)
{
    QSignalSpy done(m_db, &DbProjectController::saveFinished);
    m_db->saveTo(source(), name);
    return done.wait(30000) && done.constFirst().constFirst().toBool();
}

void TestSharedProjects::savesListsAndOpens()
{
    QVERIFY(saveAndWait(QStringLiteral("Case 42")));
    QCOMPARE(m_db->currentRevision(), 1);
    QVERIFY(saveAndWait(QStringLiteral("Case 42")));
    QCOMPARE(m_db->currentRevision(), 2); // over the revision it saved
    QVERIFY(!m_window->isWindowModified());
    QVERIFY(saveAndWait(QStringLiteral("Baltic tankers")));
    QCOMPARE(m_db->currentRevision(), 1);

    // Save Project to Database… offers the project the window shows, over its revision.
    m_db->showSaveDialog();
    DbProjectsDialog *saveDialog = nullptr;
    QTRY_VERIFY((saveDialog = m_window->findChild<DbProjectsDialog *>(
                     QStringLiteral("saveProjectToDatabaseDialog")))
                != nullptr);
    QCOMPARE(saveDialog->name(), QStringLiteral("Baltic tankers"));
    QCOMPARE(saveDialog->source(), source());
    QTest::mouseClick(saveDialog->findChild<QPushButton *>(QStringLiteral("listButton")),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(
        saveDialog->findChild<QTreeWidget *>(QStringLiteral("projects"))->topLevelItemCount(), 2,
        30000);
    QVERIFY(saveScreenshot(saveDialog->grab(), QStringLiteral("save-project-to-database.png")));
    saveDialog->reject();

    // The list as a person sees it: a new window opens it from the database.
    m_window->project()->newProject();
    QTRY_COMPARE(loadedRows(), 0);
    m_db->showOpenDialog();
    DbProjectsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<DbProjectsDialog *>(
                     QStringLiteral("openProjectFromDatabaseDialog")))
                != nullptr);
    dialog->findChild<QComboBox *>(QStringLiteral("connection"))->setCurrentText(source());
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("listButton")),
                      Qt::LeftButton);
    auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("projects"));
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 2, 30000);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("Baltic tankers"));
    QCOMPARE(list->topLevelItem(1)->text(0), QStringLiteral("Case 42"));
    QCOMPARE(list->topLevelItem(1)->text(3), QStringLiteral("2"));
    QVERIFY2(list->topLevelItem(1)->text(1).startsWith(field(QStringLiteral("user"))),
             qPrintable(list->topLevelItem(1)->text(1)));
    const QString when = list->topLevelItem(1)->text(2);
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$"))
                 .match(when)
                 .hasMatch(),
             qPrintable(when));
    list->setCurrentItem(list->topLevelItem(1));
    QVERIFY(saveScreenshot(dialog->grab(), QStringLiteral("open-project-from-database.png")));
    QSignalSpy opened(m_window->project(), &ProjectController::projectOpened);
    QSignalSpy fetched(m_db, &DbProjectController::openFinished);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open),
                      Qt::LeftButton);
    QVERIFY(fetched.wait(30000));
    QVERIFY(fetched.constFirst().constFirst().toBool());
    QVERIFY(opened.wait(60000) || !opened.isEmpty());
    QVERIFY(opened.constLast().constFirst().toBool());
    QTRY_COMPARE(loadedRows(), m_rows); // its data file came back with it
    QCOMPARE(m_db->currentName(), QStringLiteral("Case 42"));
    QCOMPARE(m_db->currentRevision(), 2);
    QVERIFY(!m_window->isWindowModified());
}

void TestSharedProjects::refusesAStaleSaveAndOffersSaveAs()
{
    QVERIFY(saveAndWait(QStringLiteral("Stale case")));
    QCOMPARE(m_db->currentRevision(), 1);
    // A colleague saves revision 2 with an annotation of hers in between.
    QJsonObject theirs = m_window->project()->capture().toJson(QString());
    theirs.insert(
        QStringLiteral("annotations"),
        QJsonArray {QJsonObject {{QStringLiteral("text"), QStringLiteral("Bea's note")}}});
    db::Session colleague;
    colleague.source = source();
    const db::ProjectReply bea = db::saveProject(
        colleague, QStringLiteral("Stale case"),
        QJsonDocument(theirs).toJson(QJsonDocument::Compact), 1, QStringLiteral("bea"));
    QVERIFY2(bea.ok, qPrintable(bea.message));
    QCOMPARE(bea.project.revision, 2);

    QSignalSpy done(m_db, &DbProjectController::saveFinished);
    m_db->saveTo(source(), QStringLiteral("Stale case"));
    QMessageBox *box = waitForBox(QStringLiteral("staleSaveBox"));
    QVERIFY(box);
    QVERIFY(!done.isEmpty() && !done.constFirst().constFirst().toBool());
    const QString text = box->text();
    QVERIFY2(text.contains(QLatin1String("was not saved")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("(logged in as bea)")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("revision 2")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("after you opened revision 1")), qPrintable(text));
    QVERIFY2(text.contains(QDateTime::fromMSecsSinceEpoch(bea.project.savedAtMs, Qt::UTC)
                               .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
             qPrintable(text));
    QVERIFY(saveScreenshot(box->grab(), QStringLiteral("stale-save-refused.png")));
    // Her annotation is still the project's.
    const auto current = [this] {
        return m_admin
            ->query(QStringLiteral(
                "SELECT p.revision, r.content->'annotations'->0->>'text' FROM "
                "rv_shared.rendezvous_projects p JOIN rv_shared.rendezvous_project_revisions r ON "
                "r.project_id = p.id AND r.revision = p.revision WHERE p.name = 'Stale case'"))
            .text(0, 1);
    };
    QCOMPARE(current(), QStringLiteral("Bea's note"));

    // Save As: a new name, and the refused work goes in under it.
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("saveAsButton")),
                      Qt::LeftButton);
    QInputDialog *name = nullptr;
    QTRY_VERIFY((name = m_window->findChild<QInputDialog *>(QStringLiteral("saveAsNameDialog")))
                != nullptr);
    QVERIFY(name->textValue().startsWith(QLatin1String("Stale case (")));
    name->setTextValue(QStringLiteral("Stale case, mine"));
    done.clear();
    name->accept();
    QVERIFY(done.wait(30000));
    QVERIFY(done.constFirst().constFirst().toBool());
    QCOMPARE(m_db->currentName(), QStringLiteral("Stale case, mine"));
    QCOMPARE(m_db->currentRevision(), 1);
    QCOMPARE(current(), QStringLiteral("Bea's note"));
    QCOMPARE(loadedRows(), m_rows);
}

void TestSharedProjects::asksForAPasswordAndNeverWritesIt()
{
    // rendezvous_pw must give a password over TCP; none in the string, and no ~/.pgpass.
    const QString pw =
        QStringLiteral("PG:\"host=127.0.0.1 port=%1 dbname=%2 user=rendezvous_pw "
                       "passfile=/nonexistent options='-c search_path=rv_pw_nothing'\"")
            .arg(field(QStringLiteral("port")), field(QStringLiteral("dbname")));
    db::forgetSessionPassword(pw);
    QSignalSpy listed(m_db, &DbProjectController::listed);
    m_db->list(pw);
    QInputDialog *prompt = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (prompt = m_window->findChild<QInputDialog *>(QStringLiteral("passwordPrompt"))) != nullptr
            && prompt->isVisible(),
        30000);
    QCOMPARE(prompt->textEchoMode(), QLineEdit::Password);
    QVERIFY2(prompt->labelText().contains(QLatin1String("asks for a password for user "
                                                        "rendezvous_pw")),
             qPrintable(prompt->labelText()));
    QVERIFY(listed.isEmpty());
    QVERIFY(m_window->isEnabled());
    prompt->setTextValue(m_password);
    QVERIFY(saveScreenshot(prompt->grab(), QStringLiteral("password-prompt.png")));
    prompt->accept();
    QVERIFY(listed.wait(30000));
    const db::ProjectReply reply = listed.constFirst().at(1).value<db::ProjectReply>();
    QVERIFY2(reply.ok, qPrintable(reply.message));
    // Kept for this run: the next call does not ask again.
    listed.clear();
    m_db->list(pw);
    QVERIFY(listed.wait(30000));
    QVERIFY(listed.constFirst().at(1).value<db::ProjectReply>().ok);
    for (const QInputDialog *d :
         m_window->findChildren<QInputDialog *>(QStringLiteral("passwordPrompt")))
        QVERIFY(!d->isVisible()); // the first, closed (deleted later)

    // Never written: not to the settings, a project file, the recovery file or a log.
    m_window->project()->saveAs(m_dir.filePath(QStringLiteral("case.rvz")));
    m_window->project()->recovery()->writeNow(nullptr);
    QSettings().sync();
    QStringList checked;
    QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(m_password.toUtf8()), qPrintable(path));
        checked << QFileInfo(path).fileName();
    }
    QVERIFY2(checked.contains(QStringLiteral("case.rvz")), qPrintable(checked.join(' ')));
    QVERIFY2(checked.size() >= 2, qPrintable(checked.join(' '))); // settings too
}

void TestSharedProjects::wrongPassword()
{
    const QString pw = QStringLiteral("PG:\"host=127.0.0.1 port=%1 dbname=%2 user=rendezvous_pw "
                                      "passfile=/nonexistent\"")
                           .arg(field(QStringLiteral("port")), field(QStringLiteral("dbname")));
    db::forgetSessionPassword(pw);
    QSignalSpy done(m_db, &DbProjectController::openFinished);
    m_db->open(pw, QStringLiteral("Case 42"));
    QInputDialog *prompt = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (prompt = m_window->findChild<QInputDialog *>(QStringLiteral("passwordPrompt"))) != nullptr
            && prompt->isVisible(),
        30000);
    prompt->setTextValue(QStringLiteral("not-") + m_password);
    prompt->accept();
    QMessageBox *box = waitForBox(QStringLiteral("dbProjectErrorBox"));
    QVERIFY(box);
    const QString details = box->informativeText();
    QVERIFY2(details.contains(QLatin1String("wrong password for user rendezvous_pw")),
             qPrintable(details));
    QVERIFY2(!details.contains(m_password), qPrintable(details));
    QVERIFY2(details.contains(QLatin1String("Nothing in the window was changed")),
             qPrintable(details));
    QVERIFY(!done.isEmpty() && !done.constFirst().constFirst().toBool());
    QCOMPARE(loadedRows(), m_rows);
    // The wrong one is not kept: the next call asks again.
    QVERIFY(db::sessionPassword(pw).isEmpty());
}

void TestSharedProjects::unknownHostAndServerDown()
{
    // A port nothing listens on: one the system gave out and took back.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    const struct
    {
        QString source;
        QString says;
    } cases[] = {
        {QStringLiteral("PG:\"host=no-such-host.invalid dbname=x\""),
         QStringLiteral("unknown host no-such-host.invalid")},
        {QStringLiteral("PG:\"host=127.0.0.1 port=%1 dbname=x\"").arg(port),
         QStringLiteral("no database server answers there")},
    };
    for (const auto &c : cases) {
        QSignalSpy done(m_db, &DbProjectController::saveFinished);
        m_db->saveTo(c.source, QStringLiteral("Anything"));
        QMessageBox *box = waitForBox(QStringLiteral("dbProjectErrorBox"));
        QVERIFY(box);
        QVERIFY2(box->informativeText().contains(c.says), qPrintable(box->informativeText()));
        QVERIFY2(box->informativeText().contains(QLatin1String("Nothing was written")),
                 qPrintable(box->informativeText()));
        QVERIFY(!done.isEmpty() && !done.constFirst().constFirst().toBool());
        box->close();
        QTRY_VERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("dbProjectErrorBox")));
        QCOMPARE(loadedRows(), m_rows);
        QVERIFY(m_db->saveAction()->isEnabled());
    }
    // The same window then saves where a server answers.
    QVERIFY(saveAndWait(QStringLiteral("After the failures")));
}

void TestSharedProjects::connectionDroppedMidQuery()
{
    QVERIFY(saveAndWait(QStringLiteral("Dropped")));
    // A second connection holds the projects table, so that the window's list waits on
    // the server; then it ends the window's connection from the server's side.
    QString why;
    auto holder = pgtest::connect(&why);
    QVERIFY(holder);
    QVERIFY(holder->exec(QStringLiteral("BEGIN")));
    QVERIFY(holder->exec(
        QStringLiteral("LOCK TABLE rv_shared.rendezvous_projects IN ACCESS EXCLUSIVE MODE")));
    // Long enough to outlast the checks below, so that a call blocking the GUI thread
    // would end by it and fail them instead of hanging the suite.
    m_db->setStatementTimeout(20000);
    QSignalSpy listed(m_db, &DbProjectController::listed);
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
    ticker.start(10);
    m_db->list(source());
    QString pid;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(pid = m_admin
                    ->query(QStringLiteral(
                        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
                        "query LIKE '%rendezvous_projects%' AND pid <> pg_backend_pid()"))
                    .text(0, 0))
             .isEmpty(),
        30000);
    // The window goes on while its call waits: events are handled, the call is running.
    const int before = ticks;
    QTRY_VERIFY(ticks > before + 3);
    QVERIFY(m_db->isBusy());
    QVERIFY(listed.isEmpty());
    QVERIFY(!m_db->saveAction()->isEnabled()); // one call at a time
    QVERIFY(m_admin->exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid)));
    QVERIFY(listed.wait(30000));
    const db::ProjectReply reply = listed.constFirst().at(1).value<db::ProjectReply>();
    QVERIFY(!reply.ok);
    QCOMPARE(reply.failure, db::Failure::ConnectionLost);
    QVERIFY2(reply.message.contains(QLatin1String("was lost")), qPrintable(reply.message));
    QVERIFY2(reply.message.contains(QLatin1String("reconnect")), qPrintable(reply.message));
    QCOMPARE(loadedRows(), m_rows);
    QVERIFY(!m_db->isBusy());
    QVERIFY(holder->exec(QStringLiteral("ROLLBACK")));
    // Reconnecting is the next call.
    listed.clear();
    m_db->list(source());
    QVERIFY(listed.wait(30000));
    QVERIFY2(listed.constFirst().at(1).value<db::ProjectReply>().ok,
             qPrintable(listed.constFirst().at(1).value<db::ProjectReply>().message));
}

void TestSharedProjects::statementTimeout()
{
    QVERIFY(saveAndWait(QStringLiteral("Slow")));
    QString why;
    auto holder = pgtest::connect(&why);
    QVERIFY(holder);
    QVERIFY(holder->exec(QStringLiteral("BEGIN")));
    QVERIFY(holder->exec(
        QStringLiteral("LOCK TABLE rv_shared.rendezvous_projects IN ACCESS EXCLUSIVE MODE")));
    m_db->setStatementTimeout(300);
    QSignalSpy done(m_db, &DbProjectController::openFinished);
    m_db->open(source(), QStringLiteral("Slow"));
    QVERIFY(m_db->isBusy());
    QMessageBox *box = waitForBox(QStringLiteral("dbProjectErrorBox"));
    QVERIFY(box);
    QVERIFY2(box->informativeText().contains(QLatin1String("statement timeout (300 ms)")),
             qPrintable(box->informativeText()));
    QVERIFY(saveScreenshot(box->grab(), QStringLiteral("shared-project-timeout.png")));
    QVERIFY(!done.isEmpty() && !done.constFirst().constFirst().toBool());
    QCOMPARE(loadedRows(), m_rows);
    box->close();
    QVERIFY(holder->exec(QStringLiteral("ROLLBACK")));
    // Again with the usual timeout (300 ms is not a bound a busy machine always meets).
    m_db->setStatementTimeout(30000);
    done.clear();
    m_db->open(source(), QStringLiteral("Slow"));
    QVERIFY(done.wait(30000));
    QVERIFY(done.constFirst().constFirst().toBool());
    QCOMPARE(m_db->currentName(), QStringLiteral("Slow"));
}

void TestSharedProjects::tableWithoutTheExpectedColumns()
{
    QVERIFY(m_admin->exec(QStringLiteral("DROP SCHEMA IF EXISTS rv_shared_broken CASCADE")));
    QVERIFY2(m_admin->exec(QStringLiteral("CREATE SCHEMA rv_shared_broken")),
             qPrintable(m_admin->lastError()));
    QVERIFY2(m_admin->exec(
                 QStringLiteral("CREATE TABLE rv_shared_broken.rendezvous_schema (version integer "
                                "NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now())")),
             qPrintable(m_admin->lastError()));
    QVERIFY2(m_admin->exec(QStringLiteral(
                 "INSERT INTO rv_shared_broken.rendezvous_schema (version) VALUES (2)")),
             qPrintable(m_admin->lastError()));
    QVERIFY2(m_admin->exec(
                 QStringLiteral("CREATE TABLE rv_shared_broken.rendezvous_projects (name text)")),
             qPrintable(m_admin->lastError()));
    QVERIFY2(m_admin->exec(QStringLiteral(
                 "CREATE TABLE rv_shared_broken.rendezvous_project_revisions (content text)")),
             qPrintable(m_admin->lastError()));
    QSignalSpy done(m_db, &DbProjectController::saveFinished);
    m_db->saveTo(source(QStringLiteral("rv_shared_broken")), QStringLiteral("Broken"));
    QMessageBox *box = waitForBox(QStringLiteral("dbProjectErrorBox"));
    QVERIFY(box);
    const QString details = box->informativeText();
    QVERIFY2(details.contains(QLatin1String("rendezvous_projects")), qPrintable(details));
    QVERIFY2(details.contains(QLatin1String("is not as Rendezvous makes it")), qPrintable(details));
    QVERIFY2(details.contains(QLatin1String("does not exist")), qPrintable(details));
    QVERIFY(saveScreenshot(box->grab(), QStringLiteral("shared-project-bad-table.png")));
    QVERIFY(!done.isEmpty() && !done.constFirst().constFirst().toBool());
    QCOMPARE(loadedRows(), m_rows);
}

void TestSharedProjects::dataTableWithoutTheExpectedColumns()
{
    // A table of points with nothing that says when: opening it as events is refused with
    // the reason, and the case on screen stays.
    QVERIFY(m_admin->exec(QStringLiteral("DROP TABLE IF EXISTS rv_shared.no_time")));
    QVERIFY(m_admin->exec(QStringLiteral(
        "CREATE TABLE rv_shared.no_time (id integer, label text, geom geometry(Point, 4326))")));
    QVERIFY(m_admin->exec(QStringLiteral("INSERT INTO rv_shared.no_time VALUES (1, 'a', "
                                         "ST_SetSRID(ST_MakePoint(10, 50), 4326))")));
    ProjectSource table;
    table.path = pgtest::pgSource();
    table.layer = QStringLiteral("rv_shared.no_time");
    QSignalSpy opened(m_window->project(), &ProjectController::dataOpened);
    m_window->project()->openData(table);
    QMessageBox *box = waitForBox(QStringLiteral("loadErrorBox"));
    QVERIFY(box);
    QVERIFY2(box->informativeText().contains(QLatin1String("The data already shown was kept")),
             qPrintable(box->informativeText()));
    QVERIFY2(box->informativeText().contains(QLatin1String("no start column")),
             qPrintable(box->informativeText()));
    QVERIFY2(box->informativeText().contains(QLatin1String("table rv_shared.no_time")),
             qPrintable(box->informativeText()));
    QVERIFY(saveScreenshot(box->grab(), QStringLiteral("data-table-bad-columns.png")));
    QTRY_VERIFY(!opened.isEmpty());
    QVERIFY(!opened.constFirst().constFirst().toBool());
    QCOMPARE(loadedRows(), m_rows);
}

QTEST_MAIN(TestSharedProjects)
#include "tst_sharedprojects.moc"

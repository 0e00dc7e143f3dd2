#include "../widgets/screenshots.h"
#include "db/databasedialog.h"
#include "eventstore.h"
#include "io/dbmodule.h"
#include "io/eventreader.h"
#include "pgstore.h"
#include "pgtesthelpers.h"
#include "project.h"
#include "transferfilter.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

// File ▸ Open Database…: the dialog's Test against the real server (and against none),
// the connections it remembers (never a password), and a table opened in the window.
class TestDatabaseDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void testConnectsAndListsTables();
    void testSaysWhyNot();
    void remembersWithoutPassword();
    void opensATableInTheWindow();
    void asksForAPasswordAndOpensWithIt();

private:
    static QString field(const QString &key) { return pgtest::source().value(key); }
    static void fill(DatabaseDialog &d, const QString &host, const QString &port)
    {
        d.findChild<QLineEdit *>(QStringLiteral("host"))->setText(host);
        d.findChild<QLineEdit *>(QStringLiteral("port"))->setText(port);
        d.findChild<QLineEdit *>(QStringLiteral("dbname"))
            ->setText(field(QStringLiteral("dbname")));
        d.findChild<QLineEdit *>(QStringLiteral("user"))->setText(field(QStringLiteral("user")));
    }
    QTemporaryDir m_settings;
    long long m_rows = 0;
};

void TestDatabaseDialog::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    PGTEST_REQUIRE_SERVER(admin);
    QVERIFY(admin->exec(QStringLiteral("DROP TABLE IF EXISTS dlg_events")));
    // A table of the store to find and open.
    const LoadResult file = EventReader::load(
        QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv"), {});
    QVERIFY(file.store);
    std::vector<uint32_t> rows(file.store->size());
    std::iota(rows.begin(), rows.end(), 0u);
    pgstore::Target target;
    target.source = pgtest::source();
    target.table = QStringLiteral("dlg_events");
    pgstore::Loaded loaded;
    QString error;
    QVERIFY2(pgstore::loadEvents(*file.store, rows, target, &loaded, &error), qPrintable(error));
    m_rows = loaded.rows;
    QVERIFY(m_rows > 0);
}

void TestDatabaseDialog::testConnectsAndListsTables()
{
    DatabaseDialog d;
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    fill(d, field(QStringLiteral("host")), field(QStringLiteral("port")));
    QCOMPARE(d.findChild<QLineEdit *>(QStringLiteral("connectionString"))->text(), d.source());
    QVERIFY(d.source().startsWith(QLatin1String("PG:\"host=")));
    auto *test = d.findChild<QPushButton *>(QStringLiteral("testButton"));
    QTest::mouseClick(test, Qt::LeftButton);
    auto *status = d.findChild<QLabel *>(QStringLiteral("status"));
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QLatin1String("Connected: PostgreSQL")),
                             30000);
    QVERIFY2(status->text().contains(QLatin1String("PostGIS")), qPrintable(status->text()));
    auto *tables = d.findChild<QComboBox *>(QStringLiteral("table"));
    QVERIFY(tables->findText(QStringLiteral("dlg_events")) >= 0);
    // The store's events tables come first.
    QVERIFY(!tables->currentText().isEmpty());
    tables->setCurrentText(QStringLiteral("dlg_events"));
    auto *buttons = d.findChild<QDialogButtonBox *>();
    QVERIFY(buttons->button(QDialogButtonBox::Open)->isEnabled());
    QVERIFY(saveScreenshot(d.grab(), QStringLiteral("database-dialog.png")));
}

void TestDatabaseDialog::testSaysWhyNot()
{
    DatabaseDialog d;
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    fill(d, QStringLiteral("127.0.0.1"), QStringLiteral("1"));
    d.test();
    auto *status = d.findChild<QLabel *>(QStringLiteral("status"));
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("no database server answers")),
                             30000);
    QCOMPARE(d.findChild<QComboBox *>(QStringLiteral("table"))->count(), 0);
    QVERIFY(saveScreenshot(d.grab(), QStringLiteral("database-dialog-failed.png")));
}

void TestDatabaseDialog::remembersWithoutPassword()
{
    QSettings().clear();
    DatabaseDialog::remember(
        QStringLiteral("PG:\"host=db.example dbname=ais user=anna password=s3cret\""));
    const QStringList saved = DatabaseDialog::remembered();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.constFirst(), QStringLiteral("PG:\"host=db.example dbname=ais user=anna\""));
    // A new dialog starts from the last one, and has nowhere to put a password.
    DatabaseDialog d;
    QCOMPARE(d.source(), saved.constFirst());
    d.setSource(QStringLiteral("PG:\"host=other dbname=x password=s3cret\""));
    QVERIFY(!d.source().contains(QLatin1String("s3cret")));
    const QSettings settings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"));
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("s3cret"));
}

void TestDatabaseDialog::opensATableInTheWindow()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *action = w.findChild<QAction *>(QStringLiteral("openDatabaseAction"));
    QVERIFY(action);
    action->trigger();
    DatabaseDialog *d = nullptr;
    QTRY_VERIFY((d = w.findChild<DatabaseDialog *>()) != nullptr);
    fill(*d, field(QStringLiteral("host")), field(QStringLiteral("port")));
    d->findChild<QComboBox *>(QStringLiteral("table"))
        ->setCurrentText(QStringLiteral("dlg_events"));
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    QTest::mouseClick(d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open),
                      Qt::LeftButton);
    QVERIFY(loaded.wait(60000));
    QVERIFY(loaded.constFirst().constFirst().toBool());
    QCOMPARE(qint64(w.filter()->rowCount()), qint64(m_rows));
    // Remembered as the dialog showed it.
    QVERIFY(DatabaseDialog::remembered().value(0).contains(field(QStringLiteral("port"))));
    QTRY_VERIFY(!w.windowTitle().isEmpty());
    QVERIFY2(!w.windowTitle().contains(QLatin1String("password")), qPrintable(w.windowTitle()));
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("database-window.png")));

    // A project keeps the table as the connection and the layer, not as a file path
    // relative to the project's folder, and opens it again.
    const ProjectSource source = w.currentSource();
    QVERIFY(source.path.startsWith(QLatin1String("PG:")));
    QCOMPARE(source.layer, QStringLiteral("dlg_events"));
    Project project;
    project.sources = {source};
    const QJsonObject json = project.toJson(m_settings.path());
    QVERIFY2(QJsonDocument(json).toJson().contains(source.path.toUtf8().replace("\"", "\\\"")),
             QJsonDocument(json).toJson().constData());
    Project back;
    QString error;
    QVERIFY2(Project::fromJson(json, m_settings.path(), &back, &error), qPrintable(error));
    QCOMPARE(back.sources.size(), size_t(1));
    QCOMPARE(back.sources.front().path, source.path);
    QCOMPARE(back.sources.front().layer, source.layer);
}

void TestDatabaseDialog::asksForAPasswordAndOpensWithIt()
{
    // rendezvous_pw must give a password over TCP (scripts/pgserver); no ~/.pgpass here.
    qputenv("PGPASSFILE", "/nonexistent");
    const QString password =
        QStringLiteral("dlg-%1-secret").arg(QCoreApplication::applicationPid());
    PGTEST_REQUIRE_SERVER(admin);
    QVERIFY2(admin->exec(QStringLiteral(
                 "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                 "'rendezvous_pw') THEN CREATE ROLE rendezvous_pw LOGIN; END IF; END $$")),
             qPrintable(admin->lastError()));
    QVERIFY(admin->exec(
        QStringLiteral("ALTER ROLE rendezvous_pw PASSWORD %1").arg(admin->quoteLiteral(password))));
    QVERIFY(admin->exec(QStringLiteral("GRANT SELECT ON dlg_events TO rendezvous_pw")));

    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.findChild<QAction *>(QStringLiteral("openDatabaseAction"))->trigger();
    DatabaseDialog *d = nullptr;
    QTRY_VERIFY((d = w.findChild<DatabaseDialog *>()) != nullptr);
    fill(*d, QStringLiteral("127.0.0.1"), field(QStringLiteral("port")));
    d->findChild<QLineEdit *>(QStringLiteral("user"))->setText(QStringLiteral("rendezvous_pw"));
    db::forgetSessionPassword(d->source());
    d->test();
    QInputDialog *prompt = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (prompt = d->findChild<QInputDialog *>(QStringLiteral("passwordPrompt"))) != nullptr
            && prompt->isVisible(),
        30000);
    QCOMPARE(prompt->textEchoMode(), QLineEdit::Password);
    prompt->setTextValue(password);
    prompt->accept();
    auto *status = d->findChild<QLabel *>(QStringLiteral("status"));
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QLatin1String("Connected: PostgreSQL")),
                             30000);
    QVERIFY2(status->text().contains(QLatin1String("as rendezvous_pw")),
             qPrintable(status->text()));
    d->findChild<QComboBox *>(QStringLiteral("table"))
        ->setCurrentText(QStringLiteral("dlg_events"));
    // GDAL's connection gets the password too (from memory), and the table loads.
    QSignalSpy loaded(&w, &MainWindow::loadFinished);
    QTest::mouseClick(d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open),
                      Qt::LeftButton);
    QVERIFY(loaded.wait(60000));
    QVERIFY(loaded.constFirst().constFirst().toBool());
    QCOMPARE(qint64(w.filter()->rowCount()), qint64(m_rows));

    // Never written: not in the source the window keeps, its project, the settings.
    const ProjectSource source = w.currentSource();
    QVERIFY2(!source.path.contains(password), qPrintable(source.path));
    QVERIFY(!w.windowTitle().contains(password));
    Project project;
    project.sources = {source};
    QVERIFY(!QJsonDocument(project.toJson(m_settings.path())).toJson().contains(password.toUtf8()));
    QSettings settings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"));
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(stored.contains("rendezvous_pw")); // the connection is remembered…
    QVERIFY(!stored.contains(password.toUtf8())); // …without its password
    QVERIFY(admin->exec(QStringLiteral("REVOKE SELECT ON dlg_events FROM rendezvous_pw")));
}

QTEST_MAIN(TestDatabaseDialog)
#include "tst_databasedialog.moc"

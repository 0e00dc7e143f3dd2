#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

// `rendezvous survey.rvz` opens the window with that project: the real binary on the
// offscreen platform, with a home of its own. What it did is read back from its
// settings: opening a project puts it in Open Recent, and the project's data file goes
// there too once it has loaded through the window's own load path.
class TestProjectCli : public QObject
{
    Q_OBJECT
private slots:
    void opensProjectFromCommandLine();
};

void TestProjectCli::opensProjectFromCommandLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString data = dir.filePath(QStringLiteral("events.csv"));
    QVERIFY(QFile::copy(QStringLiteral(RENDEZVOUS_TEST_DATA "/mainwindow/events.csv"), data));
    const QString project = dir.filePath(QStringLiteral("survey.rvz"));
    QFile file(project);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "rendezvous-project", "version": 1,
        "dataSources": [{"path": "events.csv"}], "filters": {"text": "TRADER"},
        "view": {"centerLon": 123, "centerLat": 30, "zoom": 5}, "layers": {"basemap": "land"}})");
    file.close();

    const QString home = dir.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(home));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RENDEZVOUS_BINARY), {project});
    QVERIFY(p.waitForStarted(10000));
    const QString conf = home + QStringLiteral("/.config/Rendezvous/Rendezvous.conf");
    const auto recent = [&conf] {
        return QSettings(conf, QSettings::IniFormat)
            .value(QStringLiteral("recentFiles"))
            .toStringList();
    };
    QTRY_VERIFY_WITH_TIMEOUT(recent().size() == 2, 30000);
    QCOMPARE(recent(), (QStringList {data, project})); // newest first: the data loaded last
    QCOMPARE(p.state(), QProcess::Running); // the window is up, waiting for the user
    p.kill();
    QVERIFY(p.waitForFinished(10000));
}

QTEST_GUILESS_MAIN(TestProjectCli)
#include "tst_projectcli.moc"

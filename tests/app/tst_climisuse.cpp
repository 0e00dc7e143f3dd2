#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// What a mistyped command line does: it must say what is wrong and leave, never open a
// window (which, run offscreen from a script, would wait for a user forever).
namespace {
struct Run
{
    int code = -1;
    QByteArray out, err;
};

// env: variables to set on top of the test's environment; DISPLAY, WAYLAND_DISPLAY and
// QT_QPA_PLATFORM are removed first, so each case states the display it has.
Run run(const QStringList &args, const QMap<QString, QString> &env = {})
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        e.remove(QLatin1String(name));
    for (auto it = env.begin(); it != env.end(); ++it)
        e.insert(it.key(), it.value());
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(RENDEZVOUS_BINARY), args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

const QMap<QString, QString> kOffscreen {
    {QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen")}};
} // namespace

class TestCliMisuse : public QObject
{
    Q_OBJECT
private slots:
    void unknownWords_data();
    void unknownWords();
    void noDisplay();
    void renderNeedsNoDisplay();
};

void TestCliMisuse::unknownWords_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString events = QStringLiteral(RENDEZVOUS_TEST_DATA "/mainwindow/events.csv");
    QTest::newRow("mistyped command")
        << QStringList {QStringLiteral("frobnicate"), events, QStringLiteral("--json")}
        << QStringLiteral("unknown command 'frobnicate'");
    QTest::newRow("command-like typo")
        << QStringList {QStringLiteral("inof"), events} << QStringLiteral("unknown command 'inof'");
    QTest::newRow("option the window does not take")
        << QStringList {events, QStringLiteral("--json")}
        << QStringLiteral("unknown option '--json'");
    QTest::newRow("option first") << QStringList {QStringLiteral("--frobnicate")}
                                  << QStringLiteral("unknown option '--frobnicate'");
    QTest::newRow("second file missing")
        << QStringList {events, QStringLiteral("/nonexistent/other.csv")}
        << QStringLiteral("no such file: '/nonexistent/other.csv'");
}

void TestCliMisuse::unknownWords()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    // Offscreen, so that a regression that opens the window shows as a time-out (the
    // window would wait for a user) instead of as a display error.
    const Run r = run(args, kOffscreen);
    QCOMPARE(r.code, 2);
    const QString err = QString::fromLocal8Bit(r.err);
    QVERIFY2(err.contains(message), qPrintable(err));
    // The list of commands, so the user sees what was meant.
    for (const char *command : {"info", "tracks", "convert", "render"})
        QVERIFY2(err.contains(QStringLiteral("rendezvous %1").arg(QLatin1String(command))),
                 qPrintable(err));
    QVERIFY(r.out.isEmpty());
}

void TestCliMisuse::noDisplay()
{
    const QString events = QStringLiteral(RENDEZVOUS_TEST_DATA "/mainwindow/events.csv");
    for (const QStringList &args : {QStringList {events}, QStringList {}}) {
        const Run r = run(args); // no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM
        QCOMPARE(r.code, 1); // not a crash (SIGABRT gives -1 here)
        const QString err = QString::fromLocal8Bit(r.err);
        QVERIFY2(err.contains(QStringLiteral("no display found")), qPrintable(err));
        QVERIFY2(err.contains(
                     QStringLiteral("info, tracks, detect, network, convert, render and dossier")),
                 qPrintable(err));
    }
    // xcb asked for by name, still without an X server.
    const Run xcb = run({events}, {{QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb")}});
    QCOMPARE(xcb.code, 1);
    QVERIFY(xcb.err.contains("no display found"));
}

void TestCliMisuse::renderNeedsNoDisplay()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("map.png"));
    const Run r = run({QStringLiteral("render"),
                       QStringLiteral(RENDEZVOUS_TEST_DATA "/mainwindow/events.csv"),
                       QStringLiteral("--basemap"), QStringLiteral("none"), QStringLiteral("-o"),
                       out, QStringLiteral("--size"), QStringLiteral("200x100")});
    QCOMPARE(r.code, 0);
    QVERIFY(QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestCliMisuse)
#include "tst_climisuse.moc"

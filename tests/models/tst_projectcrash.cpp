// A crash while saving a project leaves the previous file intact (issue 6). The test
// runs itself again as a child process that saves a large project through
// Project::write and stops in the middle of writing (or after the last byte, before the
// commit); the parent then kills it with SIGKILL, as a crash or a power cut would, and
// checks the project file on disk byte by byte.
#include "project.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstdio>

namespace {
const char *const kWriterPath = "RENDEZVOUS_TEST_PROJECT_WRITER";
const char *const kWriterStop = "RENDEZVOUS_TEST_PROJECT_STOP"; // first, last or none

// Some megabytes: many chunks, so a kill lands in the middle of the writing.
Project largeProject()
{
    Project p;
    p.sources.push_back({QStringLiteral("/data/transfers.csv"), {}, {}});
    p.text = QStringLiteral("new");
    for (int i = 0; i < 60000; ++i)
        p.annotations.append(
            QJsonObject {{QStringLiteral("type"), QStringLiteral("text")},
                         {QStringLiteral("lon"), 120 + i * 1e-4},
                         {QStringLiteral("lat"), 30 - i * 1e-4},
                         {QStringLiteral("text"), QStringLiteral("note %1").arg(i)}});
    return p;
}

// The child: writes, and at the chosen point says so and waits to be killed.
int runWriter(const QString &path, const QByteArray &stop)
{
    QString error;
    const bool ok = largeProject().write(path, &error, {}, [&stop](qint64 written, qint64 total) {
        const bool here = (stop == "first" && written < total && written > 0)
            || (stop == "last" && written == total);
        if (!here)
            return;
        std::fprintf(stdout, "stopped %lld of %lld\n", static_cast<long long>(written),
                     static_cast<long long>(total));
        std::fflush(stdout);
        for (;;)
            QThread::sleep(60);
    });
    if (!ok)
        std::fprintf(stderr, "%s\n", qPrintable(error));
    return ok ? 0 : 1;
}

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestProjectCrash : public QObject
{
    Q_OBJECT
private slots:
    void killDuringWriteKeepsOldFile_data();
    void killDuringWriteKeepsOldFile();
    void completedWriteReplacesFile();

private:
    QProcess *startWriter(const QString &path, const QString &stop);
};

QProcess *TestProjectCrash::startWriter(const QString &path, const QString &stop)
{
    auto *process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kWriterPath), path);
    env.insert(QString::fromLatin1(kWriterStop), stop);
    process->setProcessEnvironment(env);
    process->start(QCoreApplication::applicationFilePath(), {});
    return process;
}

void TestProjectCrash::killDuringWriteKeepsOldFile_data()
{
    QTest::addColumn<QString>("stop");
    QTest::newRow("mid-write") << "first";
    QTest::newRow("before commit") << "last";
}

void TestProjectCrash::killDuringWriteKeepsOldFile()
{
    QFETCH(QString, stop);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("survey.rvz"));
    Project old;
    old.text = QStringLiteral("old");
    old.centerLon = 121.5;
    QString error;
    QVERIFY2(old.write(path, &error), qPrintable(error));
    const QByteArray before = contents(path);

    QProcess *writer = startWriter(path, stop);
    const auto guard = qScopeGuard([writer] {
        writer->kill();
        writer->waitForFinished(10000);
    });
    QVERIFY(writer->waitForStarted(10000));
    QVERIFY2(writer->waitForReadyRead(60000), writer->readAllStandardError().constData());
    const QByteArray said = writer->readAllStandardOutput();
    QVERIFY2(said.startsWith("stopped "), said.constData());
    // Stopped with the new bytes written (to an unnamed O_TMPFILE, or a temporary beside
    // the project where the file system has none): the project is still the old one.
    QCOMPARE(contents(path), before);
    writer->kill(); // SIGKILL: no destructor, no QSaveFile cleanup
    QVERIFY(writer->waitForFinished(10000));
    QCOMPARE(writer->exitStatus(), QProcess::CrashExit);

    QCOMPARE(contents(path), before);
    Project back;
    QVERIFY2(Project::read(path, &back, &error), qPrintable(error));
    QVERIFY(back == old);
}

void TestProjectCrash::completedWriteReplacesFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("survey.rvz"));
    QString error;
    QVERIFY(Project().write(path, &error));
    QProcess *writer = startWriter(path, QStringLiteral("none"));
    QVERIFY(writer->waitForFinished(60000));
    QCOMPARE(writer->exitStatus(), QProcess::NormalExit);
    QCOMPARE(writer->exitCode(), 0);
    Project back;
    QVERIFY2(Project::read(path, &back, &error), qPrintable(error));
    QVERIFY(back == largeProject());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {"survey.rvz"});
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString writerPath = qEnvironmentVariable(kWriterPath);
    if (!writerPath.isEmpty())
        return runWriter(writerPath, qgetenv(kWriterStop));
    TestProjectCrash test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_projectcrash.moc"

#pragma once

#include <QByteArray>
#include <QDebug>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QtGlobal>

// The command line as a user runs it, for the tests/app tests: the real binary with no
// display (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM removed, so that a command that
// needs a platform must pick offscreen itself), exit code and both outputs.
namespace clirun {

struct Run
{
    int code = -1; // -1 when it crashed
    QByteArray out, err;
};

inline Run run(const QStringList &args, int timeoutMs = 180000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RENDEZVOUS_BINARY), args);
    // A command that hung fails here, whatever the test.
    if (!p.waitForFinished(timeoutMs))
        qFatal("rendezvous %s did not finish", qPrintable(args.value(0)));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

// The command's --json output (an empty object, with a warning saying why, when it
// failed or printed something else).
inline QJsonObject json(const QStringList &args)
{
    const Run r = run(args + QStringList {QStringLiteral("--json")});
    if (r.code != 0)
        qWarning() << args << "failed:" << r.code << r.err;
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(r.out, &e);
    if (e.error != QJsonParseError::NoError)
        qWarning() << "bad JSON:" << e.errorString() << r.out.left(500);
    return d.object();
}

// A file of tests/data.
inline QString data(const QString &name)
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/") + name;
}

} // namespace clirun

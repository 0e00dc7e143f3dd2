#include "buildtree.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

QString executableDir()
{
    if (QCoreApplication::instance())
        return QCoreApplication::applicationDirPath();
    // Before the application object exists (main() loading the GUI module, which
    // creates it): the kernel knows the executable.
    return QFileInfo(QStringLiteral("/proc/self/exe"))
        .canonicalFilePath()
        .section(QLatin1Char('/'), 0, -2);
}

bool runsFromBuildTree()
{
    // Canonical on both sides: the build directory may be reached through a symlink.
    const QString build = QFileInfo(QStringLiteral(RENDEZVOUS_BUILD_DIR)).canonicalFilePath();
    const QString exe = QFileInfo(executableDir()).canonicalFilePath();
    if (build.isEmpty() || exe.isEmpty())
        return exe.isEmpty(); // no executable path to judge: assume a build tree
    return exe == build || exe.startsWith(build + QLatin1Char('/'));
}

#include "buildtree.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

bool runsFromBuildTree()
{
    if (!QCoreApplication::instance())
        return true;
    // Canonical on both sides: the build directory may be reached through a symlink.
    const QString build = QFileInfo(QStringLiteral(RENDEZVOUS_BUILD_DIR)).canonicalFilePath();
    const QString exe = QFileInfo(QCoreApplication::applicationDirPath()).canonicalFilePath();
    if (build.isEmpty() || exe.isEmpty())
        return false;
    return exe == build || exe.startsWith(build + QLatin1Char('/'));
}

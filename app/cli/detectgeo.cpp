#include "detectgeo.h"

#include "basemap/preparedbasemap.h"
#include "buildtree.h"

#include <QDir>
#include <QFileInfo>

QString cli::basemapFolder()
{
    QStringList candidates;
    const QString env = qEnvironmentVariable("RENDEZVOUS_RESOURCES");
    if (!env.isEmpty())
        candidates << env;
    candidates << executableDir() + QStringLiteral("/../share/rendezvous");
#ifdef RENDEZVOUS_RESOURCES_BUILD
    if (runsFromBuildTree())
        candidates << QStringLiteral(RENDEZVOUS_RESOURCES_BUILD);
#endif
    const QString marker = QStringLiteral("basemap/") + basemapfile::fileName(0);
    for (const QString &c : candidates) {
        const QDir dir(c);
        if (QFileInfo::exists(dir.filePath(marker)))
            return dir.absoluteFilePath(QStringLiteral("basemap"));
    }
    return {};
}

#include "moduleloader.h"

#include "buildtree.h"

#include <QDir>
#include <QFileInfo>
#include <QLibrary>
#include <QStringList>

QFunctionPointer loadModuleEntry(const ModuleSpec &spec, QString *error)
{
    QStringList paths;
    const QString env = qEnvironmentVariable(spec.envVar);
    if (!env.isEmpty())
        paths << env;
    const QString exeDir = executableDir();
    if (!exeDir.isEmpty())
        paths << QDir(exeDir).absoluteFilePath(spec.installed);
    if (runsFromBuildTree())
        paths << spec.build;

    QStringList tried;
    for (const QString &path : paths) {
        if (!QFileInfo::exists(path)) {
            tried << path;
            continue;
        }
        QLibrary lib(path);
        if (QFunctionPointer entry = lib.resolve(spec.symbol))
            return entry;
        *error = QStringLiteral("cannot load %1 %2: %3").arg(spec.what, path, lib.errorString());
        return nullptr;
    }
    *error = QStringLiteral("%1 is not installed (looked for %2)")
                 .arg(spec.what, tried.join(QStringLiteral(", ")));
    return nullptr;
}

#include "detectgeo.h"

#include "basemap/preparedbasemap.h"
#include "buildtree.h"
#include "detect/portsfile.h"
#include "detect/shore.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace {

// The folder of the prepared basemap files, looked for as the map looks for them
// (widgets/map/basemap.cpp's Basemap::resourcesFolder, which the headless executable
// does not link): $RENDEZVOUS_RESOURCES, the installed share/rendezvous beside the
// binary, then the build tree's resources for a program of the build tree.
QString basemapFolder()
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

} // namespace

QJsonObject cli::DetectGeo::toJson() const
{
    return {{QStringLiteral("basemap"), basemap},
            {QStringLiteral("anchorages"), qint64(anchorages)},
            {QStringLiteral("ports"), qint64(ports)},
            {QStringLiteral("port_rejections"), QJsonArray::fromStringList(portRejections)}};
}

bool cli::makeDetectGeo(const TrackStore &store, const detect::Rules &rules, unsigned kinds,
                        const QString &portsFile, DetectGeo *out, QString *error)
{
    std::shared_ptr<const detect::Shore> shore;
    if (kinds & (detect::Encounters | detect::LoiteringKind | detect::Gaps)) {
        const QString folder = basemapFolder();
        if (folder.isEmpty()) {
            // Without the coast every distance to shore would be "infinitely far": gaps
            // and loitering would be reported next to the beach.
            *error = QStringLiteral("the basemap files (%1) were not found: set "
                                    "RENDEZVOUS_RESOURCES to the folder that holds basemap/, "
                                    "or use --kinds identity")
                         .arg(basemapfile::fileName(2));
            return false;
        }
        shore = detect::Shore::load(folder, error);
        if (!shore)
            return false;
        out->basemap = QDir(folder).filePath(basemapfile::fileName(shore->detail()));
    }
    std::vector<detect::Anchorage> anchorages;
    std::vector<detect::Port> ports;
    if (kinds & (detect::Encounters | detect::LoiteringKind)) {
        anchorages = detect::findAnchorages(store, rules);
        if (!portsFile.isEmpty()) {
            detect::PortsFile read = detect::readPorts(portsFile);
            if (!read.ok()) {
                *error = portsFile + QStringLiteral(": ") + read.error;
                return false;
            }
            out->portRejections = read.messages(portsFile);
            ports = std::move(read.ports);
        }
    }
    out->anchorages = int64_t(anchorages.size());
    out->ports = int64_t(ports.size());
    out->geo = std::make_unique<detect::Geography>(std::move(shore), std::move(anchorages), ports);
    return true;
}

#include "geosetup.h"

#include "basemap/preparedbasemap.h"
#include "detect/portsfile.h"
#include "detect/shore.h"

#include <QDir>
#include <QJsonArray>

QJsonObject detect::GeoSetup::toJson() const
{
    return {{QStringLiteral("basemap"), basemap},
            {QStringLiteral("anchorages"), qint64(anchorages)},
            {QStringLiteral("ports"), qint64(ports)},
            {QStringLiteral("port_rejections"), QJsonArray::fromStringList(portRejections)}};
}

bool detect::makeGeography(const TrackStore &store, const Rules &rules, unsigned kinds,
                           const QString &basemapFolder, const QString &portsFile, GeoSetup *out,
                           QString *error)
{
    std::shared_ptr<const Shore> shore;
    if (kinds & (Encounters | LoiteringKind | Gaps)) {
        if (basemapFolder.isEmpty()) {
            *error = QStringLiteral("the basemap files (%1) were not found: set "
                                    "RENDEZVOUS_RESOURCES to the folder that holds basemap/, "
                                    "or detect identity anomalies only")
                         .arg(basemapfile::fileName(2));
            return false;
        }
        shore = Shore::load(basemapFolder, error);
        if (!shore)
            return false;
        out->basemap = QDir(basemapFolder).filePath(basemapfile::fileName(shore->detail()));
    }
    std::vector<Anchorage> anchorages;
    std::vector<Port> ports;
    if (kinds & (Encounters | LoiteringKind)) {
        anchorages = findAnchorages(store, rules);
        if (!portsFile.isEmpty()) {
            PortsFile read = readPorts(portsFile);
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
    out->geo = std::make_unique<Geography>(std::move(shore), std::move(anchorages), ports);
    return true;
}

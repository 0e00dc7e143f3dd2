#include "geosetup.h"

#include "basemap/preparedbasemap.h"
#include "detect/portsfile.h"
#include "detect/shore.h"
#include "stagetimer.h"

#include <QDir>
#include <QJsonArray>

#include <future>

QJsonObject detect::GeoSetup::toJson() const
{
    return {{QStringLiteral("basemap"), basemap},
            {QStringLiteral("anchorages"), qint64(anchorages)},
            {QStringLiteral("ports"), qint64(ports)},
            {QStringLiteral("port_rejections"), QJsonArray::fromStringList(portRejections)}};
}

namespace {
bool makeGeo(const TrackStore *store, std::vector<detect::Anchorage> *given,
             const detect::Rules &rules, unsigned kinds, const QString &basemapFolder,
             const QString &portsFile, detect::GeoSetup *out, QString *error)
{
    using namespace detect;
    StageTimer timer("geography");
    // The coast and the anchorages do not depend on each other, and each takes one core
    // for a few hundred milliseconds on a week of AIS: the shore is read in a thread of
    // its own while the anchorages are derived here.
    QString shoreError; // declared first: the future waits for the thread when destroyed
    std::future<std::shared_ptr<const Shore>> shoreLoad;
    if (kinds & (Encounters | LoiteringKind | Gaps)) {
        if (basemapFolder.isEmpty()) {
            *error = QStringLiteral("the basemap files (%1) were not found: set "
                                    "RENDEZVOUS_RESOURCES to the folder that holds basemap/, "
                                    "or detect identity anomalies only")
                         .arg(basemapfile::fileName(2));
            return false;
        }
        shoreLoad =
            std::async(std::launch::async, [&] { return Shore::load(basemapFolder, &shoreError); });
    }
    std::vector<Anchorage> anchorages;
    std::vector<Port> ports;
    if (kinds & (Encounters | LoiteringKind)) {
        anchorages = given ? std::move(*given) : findAnchorages(*store, rules);
        timer.lap("anchorages");
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
    std::shared_ptr<const Shore> shore;
    if (shoreLoad.valid()) {
        shore = shoreLoad.get();
        timer.lap("shore loaded");
        if (!shore) {
            *error = shoreError;
            return false;
        }
        out->basemap = QDir(basemapFolder).filePath(basemapfile::fileName(shore->detail()));
    }
    out->anchorages = int64_t(anchorages.size());
    out->ports = int64_t(ports.size());
    out->geo = std::make_unique<Geography>(std::move(shore), std::move(anchorages), ports);
    timer.lap("geography built");
    return true;
}
} // namespace

bool detect::makeGeography(const TrackStore &store, const Rules &rules, unsigned kinds,
                           const QString &basemapFolder, const QString &portsFile, GeoSetup *out,
                           QString *error)
{
    return makeGeo(&store, nullptr, rules, kinds, basemapFolder, portsFile, out, error);
}

bool detect::makeGeography(std::vector<Anchorage> anchorages, const Rules &rules, unsigned kinds,
                           const QString &basemapFolder, const QString &portsFile, GeoSetup *out,
                           QString *error)
{
    return makeGeo(nullptr, &anchorages, rules, kinds, basemapFolder, portsFile, out, error);
}

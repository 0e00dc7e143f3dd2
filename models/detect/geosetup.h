#pragma once

#include "detect/geography.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

// Where the land, the shore and the ports are for a detection, the same for the window
// (Analysis ▸ Detect…) and `rendezvous detect`: Natural Earth's land and coast (the
// prepared basemap files the map draws), the anchorages derived from the store (the
// rules' anchorage rules) and the user's ports file, if any.
namespace detect {

struct GeoSetup
{
    std::unique_ptr<Geography> geo;
    QString basemap; // the basemap file read, "" when the kinds asked need no shore
    int64_t anchorages = 0; // derived from the data
    int64_t ports = 0; // read from the ports file
    QStringList portRejections; // "ports.csv line 7: reason", one per row left out

    // {"basemap": ..., "anchorages": n, "ports": n, "port_rejections": [...]}
    QJsonObject toJson() const;
};

// Reads what the kinds asked need: the shore for encounters (land), loitering and gaps
// from basemapFolder (the folder of basemap-10m.bin..., "" when none was found), the
// anchorages and ports for encounters and loitering. False with *error naming the file
// and the reason when the basemap or the ports file cannot be read: without the coast
// every distance to shore would be "infinitely far", so gaps and loitering would be
// reported next to the beach.
bool makeGeography(const TrackStore &store, const Rules &rules, unsigned kinds,
                   const QString &basemapFolder, const QString &portsFile, GeoSetup *out,
                   QString *error);
// The same with the anchorages already derived (anchoragesOf over a store read in parts).
bool makeGeography(std::vector<Anchorage> anchorages, const Rules &rules, unsigned kinds,
                   const QString &basemapFolder, const QString &portsFile, GeoSetup *out,
                   QString *error);

} // namespace detect

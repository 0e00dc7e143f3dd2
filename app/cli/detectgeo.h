#pragma once

#include "detect/geography.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace cli {

// Where the land, the shore and the ports are for `rendezvous detect`: Natural Earth's
// land and coast (the prepared basemap files the map draws), the anchorages derived
// from the store (detect::Rules' anchorage rules) and the user's ports file, if any.
struct DetectGeo
{
    std::unique_ptr<detect::Geography> geo;
    QString basemap; // the basemap file read, "" when the kinds asked need no shore
    int64_t anchorages = 0; // derived from the data
    int64_t ports = 0; // read from the ports file
    QStringList portRejections; // "ports.csv line 7: reason", one per row left out

    // {"basemap": ..., "anchorages": n, "ports": n, "port_rejections": [...]}
    QJsonObject toJson() const;
};

// Reads what the kinds asked need: the shore for encounters (land), loitering and gaps,
// the anchorages and ports for encounters and loitering. False with *error naming the
// file and the reason when the basemap or the ports file cannot be read.
bool makeDetectGeo(const TrackStore &store, const detect::Rules &rules, unsigned kinds,
                   const QString &portsFile, DetectGeo *out, QString *error);

} // namespace cli

#pragma once

#include "detect/anchorages.h"

#include <QString>

#include <vector>

// The user's ports file: a delimited text file (CSV, TSV, semicolons) with latitude and
// longitude columns and optionally a name, or any vector file GDAL reads (GeoJSON,
// GeoPackage, shapefile, KML...) with points, lines or polygons, through the GDAL
// module. Every row is either a port or a rejection with its line and reason.
namespace detect {

struct PortsFile
{
    std::vector<Port> ports;
    struct Rejected
    {
        // "line 7" in a text file, "feature 3" (its id) in a GDAL one, "" for the
        // features without geometry (the reason counts them and lists their ids).
        QString where;
        QString reason;
    };
    std::vector<Rejected> rejected;
    QString error; // set when the file as a whole could not be read
    bool ok() const { return error.isEmpty(); }
    // "ports.csv line 7: latitude "abc" is not a number..." for each rejection.
    QStringList messages(const QString &path) const;
};

// Text files by extension (.csv, .tsv, .txt) or when GDAL is not needed; everything
// else through gdal::readShapes.
PortsFile readPorts(const QString &path);
// A delimited text file's contents (tests; readPorts reads the file and calls this).
PortsFile parsePortsText(const QByteArray &text);

} // namespace detect

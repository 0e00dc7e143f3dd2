#pragma once

#include "io/loadreport.h"
#include "tracks/trackstore.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

// Reading AIS position reports into vessel tracks: MarineCadastre and Danish Maritime
// Authority CSV, NMEA 0183 logs (!AIVDM/!AIVDO), and any other table with an id, a time
// and a position (through the same column mapping and --field overrides as events).
// .gz and .zip files are read in place. Several files load as one data set.

// Sentence counts of NMEA logs (all zero for tables).
struct SentenceCounts
{
    int64_t read = 0; // lines that were sentences (or tried to be)
    int64_t ais = 0; // !AIVDM / !AIVDO with a good checksum
    int64_t other = 0; // other sentences ($GPRMC, ...), skipped
    int64_t badChecksum = 0;
    SentenceCounts &operator+=(const SentenceCounts &o)
    {
        read += o.read;
        ais += o.ais;
        other += o.other;
        badChecksum += o.badChecksum;
        return *this;
    }
};

// The account of loading AIS: one LoadReport per file (records, loaded, rejections
// with line and reason, mapping, notes), the NMEA sentence counts, and the store.
struct TrackLoadResult
{
    std::shared_ptr<const TrackStore> store; // null when nothing could be read
    std::vector<LoadReport> reports; // one per file, in the order given
    SentenceCounts sentences;
    QString error; // set when the load as a whole failed ("cancelled", unreadable file)
    bool ok() const { return error.isEmpty() && store; }
    int64_t records() const;
    int64_t loaded() const;
    int64_t rejected() const;
};

namespace aisreader {

// What a file holds, decided from its columns (or its first lines for NMEA).
enum class DataKind {
    Events, // two vessels per row, or event columns (start/end, volume): transfer events
    Positions, // one vessel per row with a time and a position: AIS reports
    Nmea, // an NMEA 0183 log
    Unknown, // not readable, or neither
};
// why: a sentence saying what decided ("columns MMSI, BaseDateTime, LAT, LON and no
// second vessel: AIS positions").
DataKind detect(const QString &path, QString *why = nullptr);

// Reads the files into one store. options.fieldOverrides map "mmsi=", "time=",
// "lat=", "lon=", "sog=", "cog=", "heading=", "imo=", "name=", "callsign=",
// "shiptype=", "length=", "width=" (and "id=" for a non-MMSI vessel id) to columns.
// options.cancel / options.progress work as for events (progress over all files).
TrackLoadResult read(const QStringList &paths, const LoadOptions &options = {},
                     SegmentRules rules = {});

} // namespace aisreader

#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <utility>
#include <vector>

class EventStore;
class TrackBuilder;
class TrackStore;

// The PostGIS store (models/db/, library rendezvous_db) behind a door that opens on
// first use, as GDAL's (gdalmodule.h): libpq and the TLS, Kerberos and LDAP libraries
// under it are loaded only by a command that talks to a database.
namespace db {

// A source or destination written as GDAL's PG: connection string.
bool isDatabase(const QString &text);
// The same source as GDAL's PG driver takes it: PG: followed by the connection string
// without the quotes a shell needs around it (PG:"host=h dbname=d" -> PG:host=h dbname=d).
QString forGdal(const QString &text);

struct LoadRequest
{
    QString source; // PG:…
    QString table; // empty: the default table for the kind
    bool overwrite = false;
    QStringList files; // recorded with the table
};
struct LoadSummary
{
    QString table;
    long long rows = 0;
    long long vessels = 0;
};

// What a connection test found: the server, and the tables a window can open.
struct TestResult
{
    bool connected = false;
    QString message; // "PostgreSQL 15.4, PostGIS 3.3, user anna" or why it failed
    QStringList tables; // tables with a point geometry, events tables of the store first
};

// What a table holds (an AIS positions table of the store, or events), and for AIS its
// time span and, when asked, how many positions each vessel has (for reading it in parts).
struct TableInfo
{
    bool ais = false; // columns mmsi, t and geom: AIS positions as the store keeps them
    QString reason; // "a database table of AIS positions (columns mmsi, t, geom)"
    long long rows = 0; // AIS: positions
    int64_t firstMs = 0, lastMs = 0; // AIS: first and last position's time (0 when empty)
    std::vector<std::pair<uint32_t, long long>> vesselRows; // AIS: (MMSI, positions) by MMSI
};

// A part of an AIS table to read into a TrackBuilder: all of it, the positions with
// from <= t < to (ms; the BRIN index on t), or the vessels from <= mmsi <= to (the
// B-tree on (mmsi, t)), with the identities of the vessels read.
struct TrackQuery
{
    enum class By { All, Time, Mmsi };
    QString source; // PG:…
    QString table;
    By by = By::All;
    int64_t from = 0, to = 0;
};

struct Backend
{
    int abiVersion;
    bool (*loadEvents)(const EventStore &store, const std::vector<uint32_t> &rows,
                       const LoadRequest &request, LoadSummary *summary, QString *error);
    bool (*loadTracks)(const TrackStore &store, const std::vector<uint32_t> &positions,
                       const LoadRequest &request, LoadSummary *summary, QString *error);
    // The source without any password, for messages ("" when it does not parse).
    QString (*display)(const QString &source);
    // Connects (timeout connectTimeoutSeconds), says to what, lists the tables; the
    // message never holds a password. Blocking: call it off the GUI thread.
    TestResult (*test)(const QString &source, int connectTimeoutSeconds);
    bool (*tableInfo)(const QString &source, const QString &table, bool perVessel, TableInfo *info,
                      QString *error);
    // Adds the positions (file `file` of the builder, source rows counted from 1 in the
    // order read) and *rows the number read.
    bool (*readTracks)(const TrackQuery &query, TrackBuilder *builder, uint16_t file,
                       long long *rows, QString *error);
};
constexpr int kAbiVersion = 3;

const Backend *backend(QString *error);

bool loadEvents(const EventStore &store, const std::vector<uint32_t> &rows,
                const LoadRequest &request, LoadSummary *summary, QString *error);
bool loadTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                const LoadRequest &request, LoadSummary *summary, QString *error);
QString display(const QString &source);
TestResult test(const QString &source, int connectTimeoutSeconds);
bool tableInfo(const QString &source, const QString &table, bool perVessel, TableInfo *info,
               QString *error);
bool readTracks(const TrackQuery &query, TrackBuilder *builder, uint16_t file, long long *rows,
                QString *error);

} // namespace db

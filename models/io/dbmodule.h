#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

class EventStore;
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
};
constexpr int kAbiVersion = 2;

const Backend *backend(QString *error);

bool loadEvents(const EventStore &store, const std::vector<uint32_t> &rows,
                const LoadRequest &request, LoadSummary *summary, QString *error);
bool loadTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                const LoadRequest &request, LoadSummary *summary, QString *error);
QString display(const QString &source);
TestResult test(const QString &source, int connectTimeoutSeconds);

} // namespace db

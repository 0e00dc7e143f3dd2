#pragma once

#include "eventfilter.h"
#include "io/loadreport.h"

#include <QPointF>
#include <QString>
#include <QStringList>

#include <QByteArray>

#include <cstdint>
#include <memory>
#include <optional>
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

// Why a call failed, for a window that reacts differently: asks for a password after
// NeedsPassword, offers to reconnect after ConnectionLost. The message says it either way.
enum class Failure {
    None,
    NeedsPassword, // the server wants a password and none came (~/.pgpass, service, prompt)
    BadPassword, // the one given was wrong
    UnknownHost,
    ServerDown,
    ConnectionLost,
    StatementTimeout,
    MissingTable,
    MissingColumn,
    Other,
};

// A connection for the window's own calls. The password (typed into a prompt) is used
// for the connection only: never stored by the backend, never in a message.
struct Session
{
    QString source; // PG:…
    QString password; // "" when ~/.pgpass or a service file gives it (or none is needed)
    int connectTimeoutSeconds = 10;
    int statementTimeoutMs = 30000; // 0: none
};

// A shared project as the database lists it (schema version 2, rendezvous_projects).
struct ProjectInfo
{
    QString name;
    int revision = 0;
    QString savedBy; // database role
    QString osUser; // the saver's login ("" when not known)
    qint64 savedAtMs = 0; // UTC
};

// The answer to a shared-project call.
struct ProjectReply
{
    enum class Save { Saved, Stale, Exists, Failed };
    bool ok = false;
    Failure failure = Failure::None;
    QString message; // why not (no password in it)
    std::vector<ProjectInfo> projects; // list
    // load and save: the project; a refused save (Stale, Exists): the one in the database.
    ProjectInfo project;
    QByteArray content; // load: the project's JSON
    bool found = false; // load
    Save save = Save::Failed;
};

// What a connection test found: the server, and the tables a window can open.
struct TestResult
{
    bool connected = false;
    Failure failure = Failure::None;
    QString message; // "PostgreSQL 15.4, PostGIS 3.3, user anna" or why it failed
    QStringList tables; // tables with a point geometry, events tables of the store first
};

// What the window asks of an events table in the database (README "Queries where the
// data lives"): the time window (interval overlap, ends included, as EventFilter), the
// drawn box or polygon, the map view and the search, all evaluated by the server.
struct EventQuery
{
    std::optional<int64_t> from, to; // UTC ms, inclusive
    std::optional<GeoBox> bbox; // a drawn box (west > east crosses the antimeridian)
    std::optional<GeoBox> view; // "only events in map view"
    std::vector<QPointF> polygon; // drawn area, (lon, lat), not closed; < 3: none
    QString text; // case-insensitive, in the id, vessel names, IMO and MMSI
    // More matching rows than this: clusters instead of rows (0: always rows).
    long long maxRows = 0;
    // Cluster grid cell, in Web Mercator metres (used when clustering; > 0).
    double cellMetres = 100000;
};

// A cell of the server's aggregation: its events' count and mean position.
struct Cluster
{
    double lat = 0, lon = 0;
    long long count = 0;
};

enum class QueryFailure { None, Cancelled, ConnectionLost, Timeout, Other };

struct QueryResult
{
    QueryFailure failure = QueryFailure::None;
    QString error; // set on failure, names the database without password
    long long matching = 0; // rows matching the query
    // Rows (matching <= maxRows): read by the same rules as a file (EventBuilder).
    LoadResult rows;
    // Otherwise the server's clusters (their counts add up to `matching`).
    std::vector<Cluster> clusters;
    bool clustered() const { return !rows.store; }
    bool ok() const { return failure == QueryFailure::None; }
};

// The timeline's units, as date_trunc names them (UTC).
enum class BucketUnit { Minute, Hour, Day, Week, Month, Year };
struct HistogramResult
{
    QueryFailure failure = QueryFailure::None;
    QString error;
    std::vector<int64_t> starts; // each bucket's start (UTC ms), ascending
    std::vector<long long> counts; // events starting in it
    bool ok() const { return failure == QueryFailure::None; }
};

// One events table on one connection. Blocking calls, one at a time (any thread);
// cancel() from any other thread stops the call in flight, which then fails with
// QueryFailure::Cancelled. A lost connection is opened again by the next call.
class EventTable
{
public:
    virtual ~EventTable() = default;
    virtual QString display() const = 0; // "PG:… table" without password
    virtual QueryResult query(const EventQuery &query) = 0;
    // Events by start over the whole table (every criterion but time).
    virtual HistogramResult histogram(const EventQuery &query, BucketUnit unit) = 0;
    virtual void cancel() = 0;
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
    TestResult (*test)(const QString &source, const QString &password, int connectTimeoutSeconds);
    // Shared projects. Blocking: call them off the GUI thread.
    ProjectReply (*listProjects)(const Session &session);
    ProjectReply (*loadProject)(const Session &session, const QString &name);
    // content as the revision after openedRevision (0: a new project); refused (Stale,
    // Exists) when the database holds another revision, and nothing is written.
    ProjectReply (*saveProject)(const Session &session, const QString &name,
                                const QByteArray &content, int openedRevision,
                                const QString &osUser);
    // Opens an events table for queries (its columns read as a file's); nullptr with
    // *error when it cannot.
    std::unique_ptr<EventTable> (*openEventTable)(const QString &source, const QString &table,
                                                  QString *error);
    bool (*tableInfo)(const QString &source, const QString &table, bool perVessel, TableInfo *info,
                      QString *error);
    // Adds the positions (file `file` of the builder, source rows counted from 1 in the
    // order read) and *rows the number read.
    bool (*readTracks)(const TrackQuery &query, TrackBuilder *builder, uint16_t file,
                       long long *rows, QString *error);
};
constexpr int kAbiVersion = 5;

const Backend *backend(QString *error);

bool loadEvents(const EventStore &store, const std::vector<uint32_t> &rows,
                const LoadRequest &request, LoadSummary *summary, QString *error);
bool loadTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                const LoadRequest &request, LoadSummary *summary, QString *error);
QString display(const QString &source);
TestResult test(const QString &source, int connectTimeoutSeconds, const QString &password = {});
ProjectReply listProjects(const Session &session);
ProjectReply loadProject(const Session &session, const QString &name);
ProjectReply saveProject(const Session &session, const QString &name, const QByteArray &content,
                         int openedRevision, const QString &osUser);

// Passwords typed into the window's prompt, for this run of the program only (memory,
// never settings, projects or logs), by source without password: reading a table
// through GDAL and the window's own calls use them.
void setSessionPassword(const QString &source, const QString &password);
QString sessionPassword(const QString &source);
void forgetSessionPassword(const QString &source);
// forGdal() with a session password, when there is one for the source.
QString forGdalWithPassword(const QString &source);

std::unique_ptr<EventTable> openEventTable(const QString &source, const QString &table,
                                           QString *error);

// The window's first read of an events table (Investigation): every event when there
// are at most kWindowRows of them, else the events of the last kFirstDays days of the
// data — the window then asks the server for what its time window, area, view and
// search select as they change (widgets/db). The report's notes say which. Blocking.
constexpr long long kWindowRows = 200000;
constexpr int kFirstDays = 7;
LoadResult readForWindow(const QString &source, const QString &table);
bool tableInfo(const QString &source, const QString &table, bool perVessel, TableInfo *info,
               QString *error);
bool readTracks(const TrackQuery &query, TrackBuilder *builder, uint16_t file, long long *rows,
                QString *error);

} // namespace db

#pragma once

#include <QString>
#include <QStringList>

#include <QByteArray>

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
};
constexpr int kAbiVersion = 3;

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

} // namespace db

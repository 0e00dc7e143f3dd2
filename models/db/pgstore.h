#pragma once

#include "pgsource.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <vector>

class EventStore;
class TrackStore;
class PgConnection;

// The team store's schema (version kSchemaVersion, in the table rendezvous_schema) and
// loading stores into it with COPY (binary). The SQL sticks to what Citus runs
// unchanged: AIS positions and vessels keyed and joined by mmsi (their distribution
// column), events by start (theirs), no unique constraint without the distribution
// column, the catalogs small enough to be reference tables. README "Database".
namespace pgstore {

constexpr int kSchemaVersion = 2; // 2: shared projects (pgprojects.h)

struct Target
{
    PgSource source;
    QString table; // events: default "events"; AIS: "ais_positions" (+ "<table>_vessels")
    bool overwrite = false; // replace an existing table instead of refusing
    QStringList files; // what was loaded, for rendezvous_layers
};

struct Loaded
{
    QString table;
    long long rows = 0;
    long long vessels = 0; // AIS: rows of the vessels table
};

QString defaultEventsTable();
QString defaultTracksTable();
QString vesselsTable(const QString &positionsTable);

// Creates rendezvous_schema and rendezvous_layers when missing; refuses a database whose
// schema is newer than this Rendezvous knows. Inside the caller's transaction.
bool ensureSchema(PgConnection &c, QString *error);

// Writes rows (indices into store) to a new table, in one transaction: on any failure
// nothing is left behind. Refuses an existing table unless target.overwrite.
bool loadEvents(const EventStore &store, const std::vector<uint32_t> &rows, const Target &target,
                Loaded *loaded, QString *error);
// Positions (indices into store, e.g. a filter's) ordered by time, and every vessel
// with a position among them in <table>_vessels (one row per identity period).
bool loadTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                const Target &target, Loaded *loaded, QString *error);

} // namespace pgstore

#include "io/dbmodule.h"
#include "pgconnection.h"
#include "pgstore.h"
#include "pgtracks.h"

namespace {

pgstore::Target targetFor(const db::LoadRequest &request, QString *error)
{
    pgstore::Target t;
    t.source = PgSource::parse(request.source, error);
    t.table = request.table;
    t.overwrite = request.overwrite;
    t.files = request.files;
    return t;
}

template<typename Store, typename Load>
bool loadWith(Load load, const Store &store, const std::vector<uint32_t> &rows,
              const db::LoadRequest &request, db::LoadSummary *summary, QString *error)
{
    const pgstore::Target target = targetFor(request, error);
    if (!target.source.isValid())
        return false;
    pgstore::Loaded loaded;
    if (!load(store, rows, target, &loaded, error))
        return false;
    if (summary) {
        summary->table = loaded.table;
        summary->rows = loaded.rows;
        summary->vessels = loaded.vessels;
    }
    return true;
}

bool loadEvents(const EventStore &store, const std::vector<uint32_t> &rows,
                const db::LoadRequest &request, db::LoadSummary *summary, QString *error)
{
    return loadWith(&pgstore::loadEvents, store, rows, request, summary, error);
}

bool loadTracks(const TrackStore &store, const std::vector<uint32_t> &positions,
                const db::LoadRequest &request, db::LoadSummary *summary, QString *error)
{
    return loadWith(&pgstore::loadTracks, store, positions, request, summary, error);
}

QString display(const QString &source)
{
    const PgSource s = PgSource::parse(source, nullptr);
    return s.isValid() ? s.display() : QString();
}

db::TestResult test(const QString &text, int connectTimeoutSeconds)
{
    db::TestResult r;
    const PgSource source = PgSource::parse(text, &r.message);
    if (!source.isValid())
        return r;
    PgConnectOptions options;
    options.connectTimeoutSeconds = connectTimeoutSeconds;
    options.statementTimeoutMs = 30000;
    auto c = PgConnection::connect(source, options, &r.message);
    if (!c)
        return r;
    r.connected = true;
    const PgResult info = c->query(QStringLiteral(
        "SELECT current_setting('server_version'), current_user, (SELECT extversion FROM "
        "pg_extension WHERE extname = 'postgis')"));
    r.message = info.text(0, 2).isEmpty()
        ? QStringLiteral("Connected: PostgreSQL %1 as %2, but PostGIS is not installed in this "
                         "database (CREATE EXTENSION postgis)")
              .arg(info.text(0, 0), info.text(0, 1))
        : QStringLiteral("Connected: PostgreSQL %1, PostGIS %2, as %3")
              .arg(info.text(0, 0), info.text(0, 2), info.text(0, 1));
    if (info.text(0, 2).isEmpty())
        return r;
    // Point tables, the store's events tables first, then by name.
    const bool store =
        c->query(QStringLiteral("SELECT to_regclass('rendezvous_layers') IS NOT NULL")).text(0, 0)
        == QLatin1String("t");
    const PgResult tables = c->query(
        QStringLiteral("SELECT CASE WHEN g.f_table_schema = current_schema() THEN g.f_table_name "
                       "ELSE g.f_table_schema || '.' || g.f_table_name END FROM geometry_columns "
                       "g WHERE g.type IN ('POINT', 'GEOMETRY') ORDER BY %1 1")
            .arg(store ? QStringLiteral("NOT EXISTS (SELECT 1 FROM rendezvous_layers l WHERE "
                                        "l.name = g.f_table_name AND l.kind = 'events'),")
                       : QString()));
    if (tables.isNull()) {
        r.message += QStringLiteral("; the tables could not be listed: %1").arg(c->lastError());
        return r;
    }
    for (int i = 0; i < tables.rows(); ++i)
        r.tables << tables.text(i, 0);
    r.message += tables.rows() == 1 ? QStringLiteral("; 1 table with points")
                                    : QStringLiteral("; %1 tables with points").arg(tables.rows());
    return r;
}

} // namespace

// The module's one exported symbol: the core finds it with dlsym (io/dbmodule.cpp).
extern "C" Q_DECL_EXPORT const db::Backend *rendezvous_db_backend()
{
    static const db::Backend backend {
        db::kAbiVersion, &loadEvents,          &loadTracks,          &display,
        &test,           &pgtracks::tableInfo, &pgtracks::readTracks};
    return &backend;
}

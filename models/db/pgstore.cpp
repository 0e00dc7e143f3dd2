#include "pgstore.h"

#include "eventstore.h"
#include "io/columnmapping.h"
#include "pgconnection.h"
#include "stagetimer.h"
#include "tracks/trackstore.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>

namespace {

// --- COPY … (FORMAT binary): big-endian fields, each with its length. ---
class BinaryCopy
{
public:
    explicit BinaryCopy(PgConnection &c) : m_c(c)
    {
        static const char header[] = "PGCOPY\n\377\r\n";
        m_buf.append(header, 11);
        putInt32(0); // flags
        putInt32(0); // header extension length
    }
    void beginRow(int16_t fields) { putInt16(fields); }
    void null() { putInt32(-1); }
    void int8(int64_t v)
    {
        putInt32(8);
        putInt64(v);
    }
    void float8(double v)
    {
        if (std::isnan(v))
            return null();
        uint64_t bits;
        std::memcpy(&bits, &v, 8);
        putInt32(8);
        putInt64(int64_t(bits));
    }
    void float4(float v)
    {
        if (std::isnan(v))
            return null();
        uint32_t bits;
        std::memcpy(&bits, &v, 4);
        putInt32(4);
        putInt32(int32_t(bits));
    }
    void int4(int32_t v)
    {
        putInt32(4);
        putInt32(v);
    }
    void int2(int16_t v)
    {
        putInt32(2);
        putInt16(v);
    }
    // UTC milliseconds; timestamptz is microseconds since 2000-01-01.
    void timestamptz(int64_t ms)
    {
        constexpr int64_t kEpoch2000Ms = 946684800000LL;
        int8((ms - kEpoch2000Ms) * 1000);
    }
    // Text, NULL when empty.
    void text(std::string_view v)
    {
        if (v.empty())
            return null();
        putInt32(int32_t(v.size()));
        m_buf.append(v.data(), v.size());
    }
    // EWKB point (little-endian) with SRID 4326, PostGIS's geometry_recv input.
    void point(double lon, double lat)
    {
        putInt32(25);
        const unsigned char head[9] = {1, 1, 0, 0, 0x20, 0xE6, 0x10, 0, 0};
        m_buf.append(reinterpret_cast<const char *>(head), 9);
        m_buf.append(reinterpret_cast<const char *>(&lon), 8); // x86/ARM: little-endian
        m_buf.append(reinterpret_cast<const char *>(&lat), 8);
    }
    bool flushIfFull()
    {
        if (m_buf.size() < (size_t(1) << 20))
            return true;
        const bool ok = m_c.copyPut(m_buf.data(), m_buf.size());
        m_buf.clear();
        return ok;
    }
    bool finish(long long *rows)
    {
        putInt16(-1);
        const bool ok = m_c.copyPut(m_buf.data(), m_buf.size());
        m_buf.clear();
        return ok && m_c.copyEnd(rows);
    }

private:
    void putInt16(int16_t v)
    {
        const uint16_t u = uint16_t(v);
        const char b[2] = {char(u >> 8), char(u)};
        m_buf.append(b, 2);
    }
    void putInt32(int32_t v)
    {
        const uint32_t u = uint32_t(v);
        const char b[4] = {char(u >> 24), char(u >> 16), char(u >> 8), char(u)};
        m_buf.append(b, 4);
    }
    void putInt64(int64_t v)
    {
        putInt32(int32_t(uint64_t(v) >> 32));
        putInt32(int32_t(uint64_t(v) & 0xFFFFFFFFu));
    }

    PgConnection &m_c;
    std::string m_buf;
};

static_assert(sizeof(double) == 8, "EWKB doubles");

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool isFieldAlias(const QString &name)
{
    static const QSet<QString> all = [] {
        QSet<QString> s;
        for (int f = 0; f < FieldCount; ++f) {
            for (const QString &a : ColumnMapping::aliases(static_cast<Field>(f)))
                s.insert(a);
        }
        return s;
    }();
    return all.contains(ColumnMapping::normalise(name));
}

// PostgreSQL folds nothing inside quotes, but GDAL and people compare names without
// case; "geom" is the geometry's.
QString uniqueName(const QString &wanted, QSet<QString> &used, bool extra)
{
    const QString base = wanted.trimmed().isEmpty() ? QStringLiteral("column") : wanted;
    for (int n = 1;; ++n) {
        const QString candidate = n == 1 ? base : QStringLiteral("%1_%2").arg(base).arg(n);
        if (used.contains(candidate.toLower()) || (extra && isFieldAlias(candidate)))
            continue;
        used.insert(candidate.toLower());
        return candidate;
    }
}

// A table name as given (schema-qualified with a dot when wanted): quoted parts.
QString qualified(PgConnection &c, const QString &table)
{
    const int dot = int(table.indexOf(QLatin1Char('.')));
    if (dot > 0)
        return c.quoteIdentifier(table.left(dot)) + QLatin1Char('.')
            + c.quoteIdentifier(table.mid(dot + 1));
    return c.quoteIdentifier(table);
}

bool tableExists(PgConnection &c, const QString &table, bool *exists, QString *error)
{
    const PgResult r =
        c.query(QStringLiteral("SELECT to_regclass($1) IS NOT NULL"), {qualified(c, table)});
    if (r.isNull())
        return fail(error, c.lastError());
    *exists = r.text(0, 0) == QLatin1String("t");
    return true;
}

bool isCitus(PgConnection &c)
{
    return c.query(QStringLiteral("SELECT 1 FROM pg_extension WHERE extname = 'citus'")).rows() > 0;
}

// BEGIN … COMMIT around a load; rolled back unless committed.
class Transaction
{
public:
    explicit Transaction(PgConnection &c) : m_c(c) { }
    ~Transaction()
    {
        if (m_open)
            m_c.exec(QStringLiteral("ROLLBACK"));
    }
    bool begin(QString *error)
    {
        if (!m_c.exec(QStringLiteral("BEGIN")))
            return fail(error, m_c.lastError());
        m_open = true;
        return true;
    }
    bool commit(QString *error)
    {
        if (!m_c.exec(QStringLiteral("COMMIT")))
            return fail(error, m_c.lastError());
        m_open = false;
        return true;
    }

private:
    PgConnection &m_c;
    bool m_open = false;
};

bool run(PgConnection &c, const QString &sql, QString *error)
{
    return c.exec(sql) || fail(error, c.lastError());
}

// Statistics on the timeline's buckets (date_trunc of start at each unit): with them
// the planner knows a histogram has a few thousand groups, not one per event, and
// counts it in parallel (partial aggregates per worker, or per Citus shard).
bool timelineStatistics(PgConnection &c, const QString &base, const QString &quoted, QString *error)
{
    for (const char *unit : {"minute", "hour", "day", "week", "month", "year"}) {
        if (!run(c,
                 QStringLiteral("CREATE STATISTICS %1 ON (date_trunc('%2', start)) FROM %3")
                     .arg(c.quoteIdentifier(base + QStringLiteral("_start_") + QLatin1String(unit)),
                          QLatin1String(unit), quoted),
                 error))
            return false;
    }
    return true;
}

bool claimTables(PgConnection &c, const pgstore::Target &target, const QStringList &tables,
                 QString *error)
{
    if (!pgstore::ensureSchema(c, error))
        return false;
    for (const QString &t : tables) {
        bool exists = false;
        if (!tableExists(c, t, &exists, error))
            return false;
        if (!exists)
            continue;
        if (!target.overwrite)
            return fail(error,
                        QStringLiteral("table %1 already exists in %2; --overwrite "
                                       "replaces it, or name another table with --layer")
                            .arg(t, c.display()));
        if (!run(c, QStringLiteral("DROP TABLE %1").arg(qualified(c, t)), error))
            return false;
    }
    return true;
}

bool recordLayer(PgConnection &c, const QString &table, const QString &kind, long long rows,
                 const QStringList &files, QString *error)
{
    const PgResult r = c.query(
        QStringLiteral("INSERT INTO rendezvous_layers (name, kind, row_count, files) VALUES "
                       "($1, $2, $3::bigint, $4::text[]) ON CONFLICT (name) DO UPDATE SET kind = "
                       "EXCLUDED.kind, row_count = EXCLUDED.row_count, files = EXCLUDED.files, "
                       "loaded_at = now(), loaded_by = current_user"),
        {table, kind, QString::number(rows), QStringLiteral("{") + [&] {
             QStringList quoted;
             for (QString f : files)
                 quoted << QLatin1Char('"')
                         + f.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
                               .replace(QLatin1Char('"'), QLatin1String("\\\""))
                         + QLatin1Char('"');
             return quoted.join(QLatin1Char(','));
         }() + QLatin1Char('}')});
    return !r.isNull() || fail(error, c.lastError());
}

} // namespace

QString pgstore::defaultEventsTable()
{
    return QStringLiteral("events");
}
QString pgstore::defaultTracksTable()
{
    return QStringLiteral("ais_positions");
}
QString pgstore::vesselsTable(const QString &positionsTable)
{
    return positionsTable + QStringLiteral("_vessels");
}

bool pgstore::ensureSchema(PgConnection &c, QString *error)
{
    // Two first loads at once must not both create the catalogs.
    if (!run(c, QStringLiteral("SELECT pg_advisory_xact_lock(hashtext('rendezvous_schema'))"),
             error))
        return false;
    bool exists = false;
    if (!tableExists(c, QStringLiteral("rendezvous_schema"), &exists, error))
        return false;
    const bool citus = isCitus(c);
    int version = 0;
    if (exists) {
        const PgResult r = c.query(QStringLiteral("SELECT max(version) FROM rendezvous_schema"));
        if (r.isNull())
            return fail(error, c.lastError());
        const int current = int(r.number(0, 0));
        if (current > kSchemaVersion)
            return fail(error,
                        QStringLiteral("%1 holds a Rendezvous schema of version %2, newer "
                                       "than this Rendezvous knows (%3): update Rendezvous")
                            .arg(c.display())
                            .arg(current)
                            .arg(kSchemaVersion));
        version = current;
    }
    // Each version's statements stay as they shipped; a later version adds its own
    // migration after them, so that a database of any older version is brought up to
    // date in order (inside the caller's transaction: all or nothing).
    if (version < 1) {
        if (!run(c,
                 QStringLiteral("CREATE TABLE IF NOT EXISTS rendezvous_schema (version integer "
                                "NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now())"),
                 error)
            || !run(c,
                    QStringLiteral("CREATE TABLE IF NOT EXISTS rendezvous_layers (name text "
                                   "PRIMARY KEY, kind text NOT NULL CHECK (kind IN ('events', "
                                   "'ais')), row_count bigint NOT NULL, files text[] NOT NULL, "
                                   "loaded_at timestamptz NOT NULL DEFAULT now(), loaded_by text "
                                   "NOT NULL DEFAULT current_user)"),
                    error))
            return false;
        if (citus
            && (!run(c, QStringLiteral("SELECT create_reference_table('rendezvous_schema')"), error)
                || !run(c, QStringLiteral("SELECT create_reference_table('rendezvous_layers')"),
                        error)))
            return false;
        if (!run(c, QStringLiteral("INSERT INTO rendezvous_schema (version) VALUES (1)"), error))
            return false;
    }
    // Version 2: shared projects. One row per project (its current revision, who saved
    // it and when) and every revision's content, so that a save never replaces a
    // colleague's work: it adds a revision, and only over the revision it was opened
    // from (pgprojects.cpp). The catalog is a reference table; the revisions are
    // distributed by project id (their primary key holds it).
    if (version < 2) {
        if (!run(c,
                 QStringLiteral("CREATE TABLE IF NOT EXISTS rendezvous_projects (id uuid PRIMARY "
                                "KEY DEFAULT gen_random_uuid(), name text NOT NULL UNIQUE, "
                                "revision integer NOT NULL, saved_at timestamptz NOT NULL "
                                "DEFAULT now(), saved_by text NOT NULL DEFAULT current_user, "
                                "os_user text NOT NULL DEFAULT '')"),
                 error)
            || !run(c,
                    QStringLiteral("CREATE TABLE IF NOT EXISTS rendezvous_project_revisions "
                                   "(project_id uuid NOT NULL, revision integer NOT NULL, "
                                   "saved_at timestamptz NOT NULL DEFAULT now(), saved_by text "
                                   "NOT NULL DEFAULT current_user, os_user text NOT NULL DEFAULT "
                                   "'', content jsonb NOT NULL, PRIMARY KEY (project_id, "
                                   "revision))"),
                    error))
            return false;
        if (citus
            && (!run(c, QStringLiteral("SELECT create_reference_table('rendezvous_projects')"),
                     error)
                || !run(c,
                        QStringLiteral("SELECT create_distributed_table("
                                       "'rendezvous_project_revisions', 'project_id')"),
                        error)))
            return false;
        if (!run(c, QStringLiteral("INSERT INTO rendezvous_schema (version) VALUES (2)"), error))
            return false;
    }
    return true;
}

bool pgstore::loadEvents(const EventStore &store, const std::vector<uint32_t> &rowsIn,
                         const Target &target, Loaded *loaded, QString *error)
{
    // Rows in time order (stable: a file's order within one start), so that the BRIN
    // index on start narrows a time window to the blocks of that period.
    std::vector<uint32_t> rows = rowsIn;
    std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
        const bool inA = a < store.size(), inB = b < store.size();
        if (!inA || !inB)
            return inA && !inB;
        return store.start(a) < store.start(b);
    });
    const QString table = target.table.isEmpty() ? defaultEventsTable() : target.table;
    QString why;
    std::unique_ptr<PgConnection> c = PgConnection::connect(target.source, {}, &why);
    if (!c)
        return fail(error, why);
    Transaction tx(*c);
    if (!tx.begin(error) || !claimTables(*c, target, {table}, error))
        return false;

    // Columns: the fields as the file writers name them, then the extras.
    struct Column
    {
        QString name;
        Field field = Field::Id;
        int extra = -1;
    };
    std::vector<Column> columns;
    QSet<QString> used {QStringLiteral("geom")};
    for (int i = 0; i < FieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        if (f != Field::Geometry)
            columns.push_back({uniqueName(writtenFieldName(f), used, false), f, -1});
    }
    for (int e = 0; e < store.extraNames().size(); ++e)
        columns.push_back({uniqueName(store.extraNames().at(e), used, true), Field::Id, e});

    QStringList defs, names;
    for (const Column &col : columns) {
        QString type = QStringLiteral("text");
        if (col.extra < 0 && (col.field == Field::Start || col.field == Field::End))
            type = col.field == Field::Start ? QStringLiteral("timestamptz NOT NULL")
                                             : QStringLiteral("timestamptz");
        else if (col.extra < 0
                 && (col.field == Field::Latitude || col.field == Field::Longitude
                     || col.field == Field::Volume))
            type = QStringLiteral("double precision");
        defs << c->quoteIdentifier(col.name) + QLatin1Char(' ') + type;
        names << c->quoteIdentifier(col.name);
    }
    defs << QStringLiteral("geom geometry(Point, 4326) NOT NULL");
    names << QStringLiteral("geom");
    const QString q = qualified(*c, table);
    if (!run(*c, QStringLiteral("CREATE TABLE %1 (%2)").arg(q, defs.join(QStringLiteral(", "))),
             error))
        return false;
    if (isCitus(*c)
        && !run(
            *c,
            QStringLiteral("SELECT create_distributed_table(%1, 'start')").arg(c->quoteLiteral(q)),
            error))
        return false;
    if (!c->copyBegin(QStringLiteral("COPY %1 (%2) FROM STDIN (FORMAT binary)")
                          .arg(q, names.join(QStringLiteral(", ")))))
        return fail(error, c->lastError());
    BinaryCopy copy(*c);
    const int16_t fieldCount = int16_t(columns.size() + 1);
    for (uint32_t r : rows) {
        if (r >= store.size()) {
            c->copyAbort(QStringLiteral("internal error"));
            return fail(error, QStringLiteral("internal error: row %1 is not in the store").arg(r));
        }
        copy.beginRow(fieldCount);
        for (const Column &col : columns) {
            if (col.extra >= 0) {
                copy.text(store.extraView(col.extra, r));
                continue;
            }
            switch (col.field) {
            case Field::Start:
                copy.timestamptz(store.start(r));
                break;
            case Field::End:
                if (store.hasEnd(r))
                    copy.timestamptz(store.end(r));
                else
                    copy.null();
                break;
            case Field::Latitude:
                copy.float8(store.lat(r));
                break;
            case Field::Longitude:
                copy.float8(store.lon(r));
                break;
            case Field::Volume:
                copy.float8(store.volume(r));
                break;
            default:
                copy.text(store.textView(col.field, r));
                break;
            }
        }
        copy.point(store.lon(r), store.lat(r));
        if (!copy.flushIfFull())
            return fail(error, c->lastError());
    }
    long long copied = 0;
    if (!copy.finish(&copied))
        return fail(error, c->lastError());
    const QString base = table.section(QLatin1Char('.'), -1);
    if (!run(*c,
             QStringLiteral("CREATE INDEX %1 ON %2 USING gist (geom)")
                 .arg(c->quoteIdentifier(base + QStringLiteral("_geom_gist")), q),
             error)
        || !run(*c,
                QStringLiteral("CREATE INDEX %1 ON %2 USING brin (start)")
                    .arg(c->quoteIdentifier(base + QStringLiteral("_start_brin")), q),
                error)
        || !timelineStatistics(*c, base, q, error)
        || !recordLayer(*c, table, QStringLiteral("events"), copied, target.files, error)
        || !tx.commit(error))
        return false;
    if (!run(*c, QStringLiteral("ANALYZE %1").arg(q), error))
        return false;
    if (loaded) {
        loaded->table = table;
        loaded->rows = copied;
    }
    return true;
}

bool pgstore::loadTracks(const TrackStore &store, const std::vector<uint32_t> &positionsIn,
                         const Target &target, Loaded *loaded, QString *error)
{
    StageTimer timer("load tracks");
    const QString table = target.table.isEmpty() ? defaultTracksTable() : target.table;
    const QString vessels = vesselsTable(table);
    std::vector<uint32_t> vesselOf(store.positionCount());
    for (size_t v = 0; v < store.vesselCount(); ++v) {
        for (uint32_t p = store.vesselPositionBegin(v); p < store.vesselPositionEnd(v); ++p)
            vesselOf[p] = uint32_t(v);
    }
    std::vector<bool> vesselUsed(store.vesselCount(), false);
    for (uint32_t p : positionsIn) {
        if (p >= store.positionCount())
            return fail(error,
                        QStringLiteral("internal error: position %1 is not in the store").arg(p));
        const uint32_t v = vesselOf[p];
        // The store is keyed by MMSI (the distribution column): vessels known only by
        // another id cannot go in, and are not dropped silently either.
        if (store.mmsi(v) == 0)
            return fail(error,
                        QStringLiteral("vessel '%1' has no MMSI: the store keys AIS "
                                       "positions by MMSI, so these files cannot be "
                                       "loaded into it")
                            .arg(QString::fromUtf8(store.vesselId(v).data(),
                                                   int(store.vesselId(v).size()))));
        vesselUsed[v] = true;
    }
    // In time order: the BRIN index on time then narrows a time window to a few blocks.
    std::vector<uint32_t> positions = positionsIn;
    const auto &times = store.times();
    std::stable_sort(positions.begin(), positions.end(),
                     [&](uint32_t a, uint32_t b) { return times[a] < times[b]; });
    timer.lap("sort by time");

    QString why;
    std::unique_ptr<PgConnection> c = PgConnection::connect(target.source, {}, &why);
    if (!c)
        return fail(error, why);
    Transaction tx(*c);
    if (!tx.begin(error) || !claimTables(*c, target, {table, vessels}, error))
        return false;
    const QString q = qualified(*c, table);
    const QString qv = qualified(*c, vessels);
    if (!run(*c,
             QStringLiteral("CREATE TABLE %1 (mmsi bigint NOT NULL, t timestamptz NOT NULL, geom "
                            "geometry(Point, 4326) NOT NULL, sog real, cog real, heading real)")
                 .arg(q),
             error)
        || !run(*c,
                QStringLiteral("CREATE TABLE %1 (mmsi bigint NOT NULL, first_seen timestamptz, "
                               "last_seen timestamptz, reports integer, imo text, name text, "
                               "call_sign text, ship_type smallint, flag text, length_m real, "
                               "width_m real)")
                    .arg(qv),
                error))
        return false;
    if (isCitus(*c)
        && (!run(*c,
                 QStringLiteral("SELECT create_distributed_table(%1, 'mmsi')")
                     .arg(c->quoteLiteral(q)),
                 error)
            || !run(*c,
                    QStringLiteral("SELECT create_distributed_table(%1, 'mmsi', colocate_with => "
                                   "%2)")
                        .arg(c->quoteLiteral(qv), c->quoteLiteral(q)),
                    error)))
        return false;

    long long copied = 0;
    if (!c->copyBegin(QStringLiteral("COPY %1 (mmsi, t, geom, sog, cog, heading) FROM STDIN "
                                     "(FORMAT binary)")
                          .arg(q)))
        return fail(error, c->lastError());
    {
        BinaryCopy copy(*c);
        for (uint32_t p : positions) {
            copy.beginRow(6);
            copy.int8(int64_t(store.mmsi(vesselOf[p])));
            copy.timestamptz(store.timeMs(p));
            copy.point(store.lon(p), store.lat(p));
            copy.float4(store.sog(p));
            copy.float4(store.cog(p));
            copy.float4(store.heading(p));
            if (!copy.flushIfFull())
                return fail(error, c->lastError());
        }
        if (!copy.finish(&copied))
            return fail(error, c->lastError());
    }
    timer.lap("copy positions");

    // One row per identity period; a vessel that broadcast none still gets a row (its
    // MMSI and the span of its positions) so that every position's vessel is there.
    long long vesselRows = 0;
    if (!c->copyBegin(QStringLiteral("COPY %1 (mmsi, first_seen, last_seen, reports, imo, name, "
                                     "call_sign, ship_type, flag, length_m, width_m) FROM STDIN "
                                     "(FORMAT binary)")
                          .arg(qv)))
        return fail(error, c->lastError());
    {
        BinaryCopy copy(*c);
        for (size_t v = 0; v < store.vesselCount(); ++v) {
            if (!vesselUsed[v])
                continue;
            const auto &history = store.identityHistory(v);
            if (history.empty()) {
                copy.beginRow(11);
                copy.int8(int64_t(store.mmsi(v)));
                copy.timestamptz(store.timeMs(store.vesselPositionBegin(v)));
                copy.timestamptz(store.timeMs(store.vesselPositionEnd(v) - 1));
                copy.null();
                for (int k = 0; k < 5; ++k)
                    copy.null();
                copy.float4(store.length(v));
                copy.float4(store.width(v));
            }
            for (const IdentityPeriod &period : history) {
                copy.beginRow(11);
                copy.int8(int64_t(store.mmsi(v)));
                copy.timestamptz(period.firstMs);
                copy.timestamptz(period.lastMs);
                copy.int4(int32_t(std::min<uint32_t>(period.reports, INT32_MAX)));
                copy.text(period.identity.imo);
                copy.text(period.identity.name);
                copy.text(period.identity.callSign);
                if (period.identity.shipType >= 0)
                    copy.int2(int16_t(period.identity.shipType));
                else
                    copy.null();
                copy.text(period.identity.flag);
                copy.float4(store.length(v));
                copy.float4(store.width(v));
            }
            if (!copy.flushIfFull())
                return fail(error, c->lastError());
        }
        if (!copy.finish(&vesselRows))
            return fail(error, c->lastError());
    }
    timer.lap("copy vessels");
    const QString base = table.section(QLatin1Char('.'), -1);
    const auto index = [&](const QString &name, const QString &on, const QString &how) {
        return run(*c,
                   QStringLiteral("CREATE INDEX %1 ON %2 %3")
                       .arg(c->quoteIdentifier(base + name), on, how),
                   error);
    };
    // No GiST on the positions: every query of AIS is bounded in time first (a window,
    // a day of detection), which BRIN on t narrows to a few blocks of rows loaded in time
    // order, and the area is then a filter on those. A GiST over 10M points took 21 s of
    // a 79 s load, 2.3 times a plain COPY of the CSV (tests/bench/bench_pgload), and grows with the
    // table, not the query. The B-tree on (mmsi, t) is a vessel's track. Sorting for it in memory
    // is faster.
    if (!run(*c, QStringLiteral("SET LOCAL maintenance_work_mem = '512MB'"), error)
        || !index(QStringLiteral("_t_brin"), q, QStringLiteral("USING brin (t)"))
        || !index(QStringLiteral("_mmsi_t"), q, QStringLiteral("(mmsi, t)"))
        || !index(QStringLiteral("_vessels_mmsi"), qv, QStringLiteral("(mmsi)")))
        return false;
    timer.lap("indexes");
    if (!recordLayer(*c, table, QStringLiteral("ais"), copied, target.files, error)
        || !tx.commit(error))
        return false;
    timer.lap("commit");
    if (!run(*c, QStringLiteral("ANALYZE %1").arg(q), error)
        || !run(*c, QStringLiteral("ANALYZE %1").arg(qv), error))
        return false;
    timer.lap("analyze");
    if (loaded) {
        loaded->table = table;
        loaded->rows = copied;
        loaded->vessels = vesselRows;
    }
    return true;
}

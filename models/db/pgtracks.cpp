#include "pgtracks.h"

#include "pgconnection.h"
#include "pgstore.h"
#include "tracks/trackstore.h"

#include <QSet>

#include <cmath>
#include <set>

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QString qualified(PgConnection &c, const QString &table)
{
    const int dot = int(table.indexOf(QLatin1Char('.')));
    if (dot > 0)
        return c.quoteIdentifier(table.left(dot)) + QLatin1Char('.')
            + c.quoteIdentifier(table.mid(dot + 1));
    return c.quoteIdentifier(table);
}

std::unique_ptr<PgConnection> open(const QString &text, QString *error)
{
    const PgSource source = PgSource::parse(text, error);
    if (!source.isValid())
        return nullptr;
    return PgConnection::connect(source, {}, error);
}

// The table's column names (lower case); false with a message naming the table and the
// database (never its password) when there is no such table.
bool columnsOf(PgConnection &c, const QString &table, QSet<QString> *columns, QString *error)
{
    const PgResult r = c.query(QStringLiteral("SELECT attname FROM pg_attribute WHERE attrelid = "
                                              "to_regclass($1) AND attnum > 0 AND NOT "
                                              "attisdropped"),
                               {qualified(c, table)});
    if (r.isNull())
        return fail(error, c.lastError());
    if (r.rows() == 0)
        return fail(
            error,
            QStringLiteral("no table '%1' in the database (--layer names the table)").arg(table));
    for (int i = 0; i < r.rows(); ++i)
        columns->insert(r.text(i, 0).toLower());
    return true;
}

float realOr(const PgResult &r, int row, int column)
{
    return r.isNullValue(row, column) ? NAN : r.text(row, column).toFloat();
}

constexpr int kBatch = 100000; // rows per FETCH

// "… FROM table WHERE …" in the same form for both kinds of part.
QString whereOf(const db::TrackQuery &q, QStringList *params)
{
    switch (q.by) {
    case db::TrackQuery::By::All:
        return QString();
    case db::TrackQuery::By::Time:
        *params << QString::number(q.from) << QString::number(q.to);
        return QStringLiteral(" WHERE t >= 'epoch'::timestamptz + $1::bigint * interval '1 "
                              "millisecond' AND t < 'epoch'::timestamptz + $2::bigint * "
                              "interval '1 millisecond'");
    case db::TrackQuery::By::Mmsi:
        *params << QString::number(q.from) << QString::number(q.to);
        return QStringLiteral(" WHERE mmsi BETWEEN $1::bigint AND $2::bigint");
    }
    return QString();
}

} // namespace

bool pgtracks::tableInfo(const QString &source, const QString &table, bool perVessel,
                         db::TableInfo *info, QString *error)
{
    auto c = open(source, error);
    if (!c)
        return false;
    QSet<QString> columns;
    if (!columnsOf(*c, table, &columns, error))
        return false;
    info->ais = columns.contains(QStringLiteral("mmsi")) && columns.contains(QStringLiteral("t"))
        && columns.contains(QStringLiteral("geom"));
    if (!info->ais) {
        info->reason = QStringLiteral("a database table of events");
        return true;
    }
    info->reason = QStringLiteral("a database table of AIS positions (columns mmsi, t, geom)");
    const QString q = qualified(*c, table);
    const PgResult span =
        c->query(QStringLiteral("SELECT count(*), (extract(epoch FROM min(t)) * 1000)::bigint, "
                                "(extract(epoch FROM max(t)) * 1000)::bigint FROM %1")
                     .arg(q));
    if (span.isNull())
        return fail(error, c->lastError());
    info->rows = span.number(0, 0);
    info->firstMs = span.number(0, 1);
    info->lastMs = span.number(0, 2);
    if (perVessel) {
        const PgResult v = c->query(
            QStringLiteral("SELECT mmsi, count(*) FROM %1 GROUP BY mmsi ORDER BY mmsi").arg(q));
        if (v.isNull())
            return fail(error, c->lastError());
        info->vesselRows.reserve(size_t(v.rows()));
        for (int i = 0; i < v.rows(); ++i)
            info->vesselRows.emplace_back(uint32_t(v.number(i, 0)), v.number(i, 1));
    }
    return true;
}

bool pgtracks::readTracks(const db::TrackQuery &query, TrackBuilder *builder, uint16_t file,
                          long long *rows, QString *error)
{
    auto c = open(query.source, error);
    if (!c)
        return false;
    QSet<QString> columns;
    if (!columnsOf(*c, query.table, &columns, error))
        return false;
    for (const char *need : {"mmsi", "t", "geom", "sog", "cog", "heading"}) {
        if (!columns.contains(QLatin1String(need)))
            return fail(error,
                        QStringLiteral("table %1 has no column %2: not an AIS table of the "
                                       "store")
                            .arg(query.table, QLatin1String(need)));
    }
    QStringList params;
    const QString where = whereOf(query, &params);
    const QString q = qualified(*c, query.table);
    // Ties in time in the order the rows were written (the file's), as the file's reader
    // added them: the builder keeps that order among equal times.
    const QString order = query.by == db::TrackQuery::By::Mmsi ? QStringLiteral("mmsi, t, ctid")
                                                               : QStringLiteral("t, ctid");
    // The cursor is read to its end: plan it for all its rows (a bitmap scan and a sort),
    // not for the first tenth (an index walk over a table stored in time order).
    if (!c->exec(QStringLiteral("BEGIN READ ONLY"))
        || !c->exec(QStringLiteral("SET LOCAL cursor_tuple_fraction = 1.0"))
        || c->query(QStringLiteral("DECLARE positions NO SCROLL CURSOR FOR SELECT mmsi, "
                                   "(extract(epoch FROM t) * 1000)::bigint, ST_Y(geom), "
                                   "ST_X(geom), sog, cog, heading FROM %1%2 ORDER BY %3")
                        .arg(q, where, order),
                    params)
               .isNull())
        return fail(error, c->lastError());
    std::set<uint32_t> seen;
    long long n = 0;
    for (;;) {
        const PgResult r = c->query(QStringLiteral("FETCH %1 FROM positions").arg(kBatch));
        if (r.isNull())
            return fail(error, c->lastError());
        for (int i = 0; i < r.rows(); ++i) {
            const uint32_t mmsi = uint32_t(r.number(i, 0));
            PositionReport p;
            p.vessel = builder->vesselByMmsi(mmsi);
            seen.insert(mmsi);
            p.timeMs = r.number(i, 1);
            p.lat = r.text(i, 2).toDouble();
            p.lon = r.text(i, 3).toDouble();
            p.sog = realOr(r, i, 4);
            p.cog = realOr(r, i, 5);
            p.heading = realOr(r, i, 6);
            p.sourceRow = uint32_t(++n);
            p.sourceFile = file;
            builder->add(p);
        }
        if (r.rows() < kBatch)
            break;
    }
    if (!c->exec(QStringLiteral("CLOSE positions")))
        return fail(error, c->lastError());
    if (rows)
        *rows = n;
    {
        // The identities, each period once in the order first seen, as the file's reader
        // gave them: the period's first report, then the rest at its last time. A time
        // part gets its vessels' whole identity periods (the names a file would give).
        QStringList vp;
        QString vwhere;
        if (query.by == db::TrackQuery::By::Mmsi) {
            vwhere = QStringLiteral(" WHERE mmsi BETWEEN $1::bigint AND $2::bigint");
            vp << QString::number(query.from) << QString::number(query.to);
        } else if (query.by == db::TrackQuery::By::Time) {
            QStringList list;
            for (uint32_t m : seen)
                list << QString::number(m);
            vwhere = QStringLiteral(" WHERE mmsi = ANY($1::bigint[])");
            vp << QLatin1Char('{') + list.join(QLatin1Char(',')) + QLatin1Char('}');
        }
        const PgResult v = c->query(
            QStringLiteral("SELECT mmsi, (extract(epoch FROM first_seen) * 1000)::bigint, "
                           "(extract(epoch FROM last_seen) * 1000)::bigint, reports, imo, name, "
                           "call_sign, ship_type, flag, length_m, width_m FROM %1%2 ORDER BY "
                           "mmsi, first_seen, ctid")
                .arg(qualified(*c, pgstore::vesselsTable(query.table)), vwhere),
            vp);
        if (v.isNull())
            return fail(error, c->lastError());
        for (int i = 0; i < v.rows(); ++i) {
            const uint32_t mmsi = uint32_t(v.number(i, 0));
            if (!seen.count(mmsi))
                continue;
            const uint32_t vessel = builder->vesselByMmsi(mmsi);
            const float length = realOr(v, i, 9), width = realOr(v, i, 10);
            if (v.isNullValue(i, 3)) { // a vessel that broadcast no identity
                if (length == length || width == width)
                    builder->addIdentity(vessel, v.number(i, 1), VesselIdentity {}, length, width);
                continue;
            }
            VesselIdentity id;
            id.imo = v.text(i, 4).toStdString();
            id.name = v.text(i, 5).toStdString();
            id.callSign = v.text(i, 6).toStdString();
            id.shipType = v.isNullValue(i, 7) ? -1 : int(v.number(i, 7));
            id.flag = v.text(i, 8).toStdString();
            const long long reports = v.number(i, 3);
            const int period = builder->addIdentity(vessel, v.number(i, 1), id, length, width);
            if (period < 0)
                continue;
            for (long long k = 1; k < reports; ++k)
                builder->repeatIdentity(vessel, period, v.number(i, 2), length, width);
        }
    }
    return c->exec(QStringLiteral("COMMIT")) || fail(error, c->lastError());
}

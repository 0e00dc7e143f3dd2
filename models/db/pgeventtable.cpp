#include "pgeventtable.h"

#include "io/eventbuilder.h"
#include "stagetimer.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <string>

namespace {

QString isoMs(int64_t ms)
{
    // 'Z' is read by timestamptz and ignored by timestamp (columns in UTC either way).
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

db::QueryFailure failureOf(PgError e)
{
    switch (e) {
    case PgError::None:
        return db::QueryFailure::None;
    case PgError::Cancelled:
        return db::QueryFailure::Cancelled;
    case PgError::ConnectionLost:
    case PgError::ServerDown:
        return db::QueryFailure::ConnectionLost;
    case PgError::StatementTimeout:
        return db::QueryFailure::Timeout;
    default:
        return db::QueryFailure::Other;
    }
}

// A table name as given (schema-qualified with a dot when wanted), quoted.
QString qualified(PgConnection &c, const QString &table)
{
    const int dot = int(table.indexOf(QLatin1Char('.')));
    if (dot > 0)
        return c.quoteIdentifier(table.left(dot)) + QLatin1Char('.')
            + c.quoteIdentifier(table.mid(dot + 1));
    return c.quoteIdentifier(table);
}

QString escapeLike(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    for (QChar ch : text) {
        if (ch == QLatin1Char('\\') || ch == QLatin1Char('%') || ch == QLatin1Char('_'))
            out += QLatin1Char('\\');
        out += ch;
    }
    return out;
}

QString number(double v)
{
    return QString::number(v, 'g', 17);
}

} // namespace

std::unique_ptr<PgEventTable> PgEventTable::open(const PgSource &source, const QString &table,
                                                 QString *error)
{
    std::unique_ptr<PgEventTable> t(new PgEventTable);
    t->m_source = source;
    t->m_table = table;
    PgError kind = PgError::None;
    t->m_conn = PgConnection::connect(source, {}, error, &kind);
    if (!t->m_conn)
        return nullptr;
    PgConnection &c = *t->m_conn;
    // Times are read, compared and bucketed in UTC (to_char, date_trunc).
    if (!c.exec(QStringLiteral("SET TimeZone = 'UTC'"))) {
        *error = c.lastError();
        return nullptr;
    }
    t->m_quoted = qualified(c, table);
    const auto failed = [&](const QString &message) {
        *error = message;
        return nullptr;
    };
    const PgResult cols = c.query(
        QStringLiteral("SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = "
                       "a.atttypid WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT "
                       "a.attisdropped ORDER BY a.attnum"),
        {t->m_quoted});
    if (cols.isNull())
        return failed(c.lastError());
    if (cols.rows() == 0)
        return failed(QStringLiteral("there is no table %1 in %2").arg(table, source.display()));
    QStringList types; // per header
    for (int i = 0; i < cols.rows(); ++i) {
        const QString name = cols.text(i, 0), type = cols.text(i, 1);
        if (type == QLatin1String("geometry")) {
            if (t->m_geom.isEmpty())
                t->m_geom = c.quoteIdentifier(name);
            continue;
        }
        t->m_headers << name;
        types << type;
        t->m_isTime.push_back(type == QLatin1String("timestamptz")
                              || type == QLatin1String("timestamp"));
    }
    if (t->m_geom.isEmpty())
        return failed(QStringLiteral("table %1 in %2 has no geometry column: the window queries "
                                     "tables with a point geometry (rendezvous convert … -o PG: "
                                     "makes them)")
                          .arg(table, source.display()));
    const PgResult srid =
        c.query(QStringLiteral("SELECT ST_SRID(%1) FROM %2 WHERE %1 IS NOT NULL LIMIT 1")
                    .arg(t->m_geom, t->m_quoted));
    if (srid.isNull())
        return failed(c.lastError());
    t->m_geomIs4326 = srid.rows() == 0 || srid.number(0, 0) == 4326 || srid.number(0, 0) == 0;
    if (!t->m_geomIs4326)
        return failed(QStringLiteral("table %1 in %2 is in SRID %3, not WGS 84 (4326)")
                          .arg(table, source.display())
                          .arg(srid.number(0, 0)));

    // Which columns hold values in the first rows, as GDAL's reader looks (formats with
    // fixed schemas have columns a table never fills).
    QStringList filled;
    for (const QString &h : std::as_const(t->m_headers)) {
        const QString q = c.quoteIdentifier(h);
        filled << QStringLiteral("bool_or(%1 IS NOT NULL AND %1::text <> '')").arg(q);
    }
    QStringList quotedHeaders;
    for (const QString &h : std::as_const(t->m_headers))
        quotedHeaders << c.quoteIdentifier(h);
    const PgResult sample =
        c.query(QStringLiteral("SELECT %1 FROM (SELECT %2 FROM %3 LIMIT 1000) s")
                    .arg(filled.join(QStringLiteral(", ")),
                         quotedHeaders.join(QStringLiteral(", ")), t->m_quoted));
    if (sample.isNull())
        return failed(c.lastError());
    std::vector<bool> empty(size_t(t->m_headers.size()));
    for (int i = 0; i < t->m_headers.size(); ++i)
        empty[size_t(i)] = sample.text(0, i) != QLatin1String("t");
    t->m_mapping = ColumnMapping::detect(t->m_headers, &empty);

    const int start = t->m_mapping.column(Field::Start);
    if (start < 0 || !t->m_isTime[size_t(start)])
        return failed(QStringLiteral("table %1 in %2 has no start column of type timestamptz: "
                                     "the window queries tables that rendezvous convert … -o "
                                     "PG: makes")
                          .arg(table, source.display()));
    t->m_startExpr = quotedHeaders.at(start);
    // Positions as double columns beside the geometry (the store's tables): the clusters
    // read them instead of the geometry.
    const int lat = t->m_mapping.column(Field::Latitude),
              lon = t->m_mapping.column(Field::Longitude);
    if (lat >= 0 && lon >= 0 && types.at(lat) == QLatin1String("float8")
        && types.at(lon) == QLatin1String("float8")) {
        t->m_latExpr = quotedHeaders.at(lat);
        t->m_lonExpr = quotedHeaders.at(lon);
    }
    const int end = t->m_mapping.column(Field::End);
    if (end >= 0) {
        if (!t->m_isTime[size_t(end)])
            return failed(QStringLiteral("table %1 in %2: its end column %3 is not a timestamp")
                              .arg(table, source.display(), t->m_headers.at(end)));
        t->m_endExpr = quotedHeaders.at(end);
    }
    // The longest event, so that a window's lower bound also bounds the start (the
    // BRIN index on start then narrows both ends of a window).
    if (!t->m_endExpr.isEmpty()) {
        const PgResult longest =
            c.query(QStringLiteral("SELECT COALESCE(max(%1 - %2), interval '0')::text FROM %3")
                        .arg(t->m_endExpr, t->m_startExpr, t->m_quoted));
        if (longest.isNull())
            return failed(c.lastError());
        t->m_longest = longest.text(0, 0);
    }
    return t;
}

QString PgEventTable::display() const
{
    return QStringLiteral("%1 table %2").arg(m_source.display(), m_table);
}

QString PgEventTable::selectList() const
{
    QStringList out;
    for (int i = 0; i < m_headers.size(); ++i) {
        const QString q = m_conn->quoteIdentifier(m_headers.at(i));
        if (m_isTime[size_t(i)])
            out << QStringLiteral("to_char(%1, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')").arg(q);
        else
            out << q + QStringLiteral("::text");
    }
    out << QStringLiteral("ST_X(ST_Centroid(%1))").arg(m_geom)
        << QStringLiteral("ST_Y(ST_Centroid(%1))").arg(m_geom)
        << QStringLiteral("GeometryType(%1) = 'POINT'").arg(m_geom);
    return out.join(QStringLiteral(", "));
}

QString PgEventTable::where(const db::EventQuery &q, bool withTime, QStringList *params) const
{
    QStringList terms;
    const auto param = [&](const QString &value) {
        params->append(value);
        return QStringLiteral("$%1").arg(params->size());
    };
    if (withTime && q.to)
        terms << QStringLiteral("%1 <= %2::timestamptz").arg(m_startExpr, param(isoMs(*q.to)));
    if (withTime && q.from) {
        const QString from = param(isoMs(*q.from));
        if (m_endExpr.isEmpty()) {
            terms << QStringLiteral("%1 >= %2::timestamptz").arg(m_startExpr, from);
        } else {
            terms << QStringLiteral("COALESCE(%1, %2) >= %3::timestamptz")
                         .arg(m_endExpr, m_startExpr, from);
            // Implied by the overlap for every row there is; lets the index on start
            // bound the scan from below too.
            terms << QStringLiteral("%1 >= %2::timestamptz - %3::interval")
                         .arg(m_startExpr, from, param(m_longest));
        }
    }
    const auto envelope = [&](double w, double s, double e, double n) {
        const QString W = param(number(w)), S = param(number(s)), E = param(number(e)),
                      N = param(number(n));
        // `&&` finds the candidates through the GiST index (its float4 boxes are
        // rounded outward: a superset); the double columns then decide exactly, as
        // the window's box does. Without them, ST_Intersects.
        if (m_latExpr.isEmpty())
            return QStringLiteral("ST_Intersects(%1, ST_MakeEnvelope(%2, %3, %4, %5, 4326))")
                .arg(m_geom, W, S, E, N);
        return QStringLiteral("(%1 && ST_MakeEnvelope(%2, %3, %4, %5, 4326) AND %6 BETWEEN "
                              "%2::float8 AND %4::float8 AND %7 BETWEEN %3::float8 AND %5::float8)")
            .arg(m_geom, W, S, E, N, m_lonExpr, m_latExpr);
    };
    for (const std::optional<GeoBox> &box : {q.bbox, q.view}) {
        if (!box)
            continue;
        if (box->crossesAntimeridian())
            terms << QStringLiteral("(%1 OR %2)")
                         .arg(envelope(box->west, box->south, 180, box->north),
                              envelope(-180, box->south, box->east, box->north));
        else
            terms << envelope(box->west, box->south, box->east, box->north);
    }
    if (q.polygon.size() >= 3) {
        // Inside at its longitude or 360° either side (a polygon drawn across the
        // antimeridian on the wrapped map), as RowCriteria.
        double minX = q.polygon.front().x(), maxX = minX;
        for (const QPointF &p : q.polygon) {
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
        }
        QStringList parts;
        for (double shift : {0.0, 360.0, -360.0}) {
            if ((shift > 0 && minX >= -180) || (shift < 0 && maxX <= 180))
                continue;
            QStringList ring;
            for (const QPointF &p : q.polygon)
                ring << number(p.x() + shift) + QLatin1Char(' ') + number(p.y());
            ring << ring.front();
            parts << QStringLiteral("((%1))").arg(ring.join(QStringLiteral(", ")));
        }
        terms << QStringLiteral("ST_Intersects(%1, ST_GeomFromText(%2, 4326))")
                     .arg(m_geom,
                          param(QStringLiteral("MULTIPOLYGON(%1)")
                                    .arg(parts.join(QStringLiteral(", ")))));
    }
    const QString text = q.text.trimmed();
    if (!text.isEmpty()) {
        const QString like = param(QLatin1Char('%') + escapeLike(text) + QLatin1Char('%'));
        QStringList any;
        for (Field f : {Field::Id, Field::VesselAName, Field::VesselAImo, Field::VesselAMmsi,
                        Field::VesselBName, Field::VesselBImo, Field::VesselBMmsi}) {
            const int c = m_mapping.column(f);
            if (c >= 0)
                any << QStringLiteral("%1::text ILIKE %2 ESCAPE '\\'")
                           .arg(m_conn->quoteIdentifier(m_headers.at(c)), like);
        }
        terms << (any.isEmpty()
                      ? QStringLiteral("false")
                      : QLatin1Char('(') + any.join(QStringLiteral(" OR ")) + QLatin1Char(')'));
    }
    return terms.isEmpty() ? QStringLiteral("true") : terms.join(QStringLiteral(" AND "));
}

bool PgEventTable::ensureConnected(QString *error, db::QueryFailure *failure)
{
    if (m_conn && m_conn->isOpen())
        return true;
    PgError kind = PgError::None;
    auto fresh = PgConnection::connect(m_source, {}, error, &kind);
    if (!fresh) {
        *failure =
            failureOf(kind) == db::QueryFailure::None ? db::QueryFailure::Other : failureOf(kind);
        if (*failure == db::QueryFailure::Other)
            *failure = db::QueryFailure::ConnectionLost;
        return false;
    }
    if (!fresh->exec(QStringLiteral("SET TimeZone = 'UTC'"))) {
        *error = fresh->lastError();
        *failure = db::QueryFailure::ConnectionLost;
        return false;
    }
    std::lock_guard<std::mutex> lock(m_connMutex);
    m_conn = std::move(fresh);
    return true;
}

void PgEventTable::failWith(db::QueryFailure *failure, QString *error)
{
    *failure = failureOf(m_conn->lastErrorKind());
    if (*failure == db::QueryFailure::None)
        *failure = db::QueryFailure::Other;
    *error = m_conn->lastError();
}

db::QueryResult PgEventTable::query(const db::EventQuery &q)
{
    std::lock_guard<std::mutex> call(m_callMutex);
    StageTimer timer("db query");
    db::QueryResult r;
    if (!ensureConnected(&r.error, &r.failure))
        return r;
    QStringList params;
    const QString where = this->where(q, true, &params);
    if (q.maxRows > 0) {
        // A bounded count: it stops at maxRows + 1, so a world of events costs no more
        // than the rows the map would take.
        const PgResult count = m_conn->query(
            QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM %1 WHERE %2 LIMIT %3) s")
                .arg(m_quoted, where)
                .arg(q.maxRows + 1),
            params);
        if (count.isNull()) {
            failWith(&r.failure, &r.error);
            return r;
        }
        if (count.number(0, 0) > q.maxRows) {
            // Cells of the Web Mercator grid (the map's projection), latitudes clamped
            // to its ±85.0511°; the double columns when the table has them (no geometry
            // to read per row).
            params.append(number(std::max(q.cellMetres, 1.0)));
            const QString cell = QStringLiteral("$%1").arg(params.size());
            const QString x =
                m_lonExpr.isEmpty() ? QStringLiteral("ST_X(%1)").arg(m_geom) : m_lonExpr;
            const QString y =
                m_latExpr.isEmpty() ? QStringLiteral("ST_Y(%1)").arg(m_geom) : m_latExpr;
            const PgResult cells = m_conn->query(
                QStringLiteral("SELECT count(*), avg(%1), avg(%2) FROM %3 WHERE %4 GROUP BY "
                               "floor(radians(%1) * 6378137 / %5::float8), "
                               "floor(ln(tan(radians(45 + LEAST(85.0511, GREATEST(-85.0511, %2)) / "
                               "2))) * 6378137 / %5::float8)")
                    .arg(x, y, m_quoted, where, cell),
                params);
            if (cells.isNull()) {
                failWith(&r.failure, &r.error);
                return r;
            }
            r.clusters.reserve(size_t(cells.rows()));
            for (int i = 0; i < cells.rows(); ++i) {
                db::Cluster c;
                c.count = cells.number(i, 0);
                r.matching += c.count;
                c.lon = cells.text(i, 1).toDouble();
                c.lat = cells.text(i, 2).toDouble();
                r.clusters.push_back(c);
            }
            return r;
        }
    }
    const PgResult rows = m_conn->query(
        QStringLiteral("SELECT %1 FROM %2 WHERE %3").arg(selectList(), m_quoted, where), params);
    if (rows.isNull()) {
        failWith(&r.failure, &r.error);
        return r;
    }
    // The rows as records of a file: the value rules, flags from MMSIs and duplicates
    // are EventBuilder's, as for GDAL's reading of the same table.
    const int n = int(m_headers.size());
    EventBuilder builder(m_headers, m_mapping);
    builder.reserve(size_t(rows.rows()));
    std::vector<std::string_view> views(static_cast<size_t>(n));
    for (int i = 0; i < rows.rows(); ++i) {
        for (int c = 0; c < n; ++c)
            views[size_t(c)] = rows.view(i, c);
        EventBuilder::Position pos;
        const EventBuilder::Position *geometry = nullptr;
        if (!rows.isNullValue(i, n)) {
            // C locale whatever the user's (QByteArray's conversion).
            const std::string_view x = rows.view(i, n), y = rows.view(i, n + 1);
            pos.lon = QByteArray::fromRawData(x.data(), qsizetype(x.size())).toDouble();
            pos.lat = QByteArray::fromRawData(y.data(), qsizetype(y.size())).toDouble();
            pos.fromCentroid = rows.view(i, n + 2) != "t";
            geometry = &pos;
        }
        builder.addRecord(views.data(), size_t(n), uint32_t(i + 1), geometry);
    }
    LoadReport report;
    report.file = m_source.display();
    report.layer = m_table;
    report.driver = QStringLiteral("PostgreSQL (libpq query)");
    report.rowLabel = QStringLiteral("feature");
    report.headers = m_headers;
    report.mapping = m_mapping;
    r.rows = builder.finish(std::move(report), false);
    r.matching = qint64(r.rows.store ? r.rows.store->size() : 0);
    return r;
}

db::HistogramResult PgEventTable::histogram(const db::EventQuery &q, db::BucketUnit unit)
{
    std::lock_guard<std::mutex> call(m_callMutex);
    StageTimer timer("db histogram");
    db::HistogramResult r;
    if (!ensureConnected(&r.error, &r.failure))
        return r;
    static const char *const names[] = {"minute", "hour", "day", "week", "month", "year"};
    QStringList params;
    const QString where = this->where(q, false, &params);
    const PgResult buckets = m_conn->query(
        // Grouped by date_trunc itself, the expression the store keeps statistics on
        // (pgstore: a few thousand groups, so the server counts in parallel).
        QStringLiteral("SELECT (date_part('epoch', b) * 1000)::bigint, c FROM (SELECT "
                       "date_trunc('%1', %2) AS b, count(*) AS c FROM %3 WHERE %4 GROUP BY 1) s "
                       "ORDER BY 1")
            .arg(QLatin1String(names[int(unit)]), m_startExpr, m_quoted, where),
        params);
    if (buckets.isNull()) {
        failWith(&r.failure, &r.error);
        return r;
    }
    r.starts.reserve(size_t(buckets.rows()));
    r.counts.reserve(size_t(buckets.rows()));
    for (int i = 0; i < buckets.rows(); ++i) {
        r.starts.push_back(buckets.number(i, 0));
        r.counts.push_back(buckets.number(i, 1));
    }
    return r;
}

void PgEventTable::cancel()
{
    std::lock_guard<std::mutex> lock(m_connMutex);
    if (m_conn)
        m_conn->cancel();
}

int PgEventTable::backendPid()
{
    std::lock_guard<std::mutex> call(m_callMutex);
    QString error;
    db::QueryFailure failure;
    if (!ensureConnected(&error, &failure))
        return 0;
    return int(m_conn->query(QStringLiteral("SELECT pg_backend_pid()")).number(0, 0));
}

#pragma once

#include "io/columnmapping.h"
#include "io/dbmodule.h"
#include "pgconnection.h"

#include <QStringList>

#include <memory>
#include <mutex>

// An events table queried where it lives (db::EventTable): the window's time window,
// drawn area, map view and search become one WHERE clause (time overlap on the start
// and end columns, `&&` / ST_Intersects on the geometry, ILIKE on the id and vessel
// columns), so only matching rows cross the network; the rows are read by EventBuilder,
// the rules of every file reader, with the columns mapped as GDAL's PG driver would
// present them (the same figures as the file the table came from). Past maxRows the
// server groups the matching rows on a Web Mercator grid (count and mean position per
// cell) instead, and the timeline's histogram is counted by date_trunc buckets.
//
// Only plain SQL and PostGIS functions that Citus runs on distributed tables: no
// window functions over the table, no cursors, no temporary tables, GROUP BY and
// aggregates that push down to the workers.
class PgEventTable : public db::EventTable
{
public:
    // nullptr with *error when the source cannot be reached or the table is not one
    // with a start time and a geometry.
    static std::unique_ptr<PgEventTable> open(const PgSource &source, const QString &table,
                                              QString *error);
    QString display() const override;
    db::QueryResult query(const db::EventQuery &query) override;
    db::HistogramResult histogram(const db::EventQuery &query, db::BucketUnit unit) override;
    void cancel() override;

    // The WHERE clause (without the keyword; "true" when none) and its $n parameters.
    // withTime: false for the histogram (every criterion but time).
    QString where(const db::EventQuery &query, bool withTime, QStringList *params) const;
    const QStringList &headers() const { return m_headers; }
    // For the failure tests: the server process of the connection queries run on.
    int backendPid();

private:
    PgEventTable() = default;
    bool ensureConnected(QString *error, db::QueryFailure *failure);
    void failWith(db::QueryFailure *failure, QString *error);
    QString selectList() const;

    PgSource m_source;
    QString m_table; // as given
    QString m_quoted; // quoted for SQL
    std::unique_ptr<PgConnection> m_conn;
    std::mutex m_callMutex; // one call at a time on m_conn
    std::mutex m_connMutex; // guards m_conn's replacement against cancel()

    QStringList m_headers; // non-geometry columns, in table order
    std::vector<bool> m_isTime; // per header: timestamptz / timestamp
    ColumnMapping m_mapping;
    QString m_geom; // quoted geometry column
    bool m_geomIs4326 = true;
    QString m_startExpr, m_endExpr; // the mapped start / end columns, quoted
    QString m_latExpr, m_lonExpr; // double lat / lon columns, quoted ("" when none)
    QString m_longest = QStringLiteral("0"); // the longest event (end - start), an interval
};

#pragma once

#include "io/dbmodule.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>
#include <optional>

// Runs an events table's queries (db::EventTable) off the GUI thread, newest wins: a
// new request cancels the one in flight (PQcancel through the table's connection) and
// the cancelled one's result is never shown; at most one query runs per kind (rows,
// histogram), with at most the newest request waiting behind it. A failure (dropped
// connection, timeout) is said once, with what to do, and what is shown stays; the next
// request retries, on a new connection when the old one was lost.
class DbQueryRunner : public QObject
{
    Q_OBJECT
public:
    // rows and histogram: two tables on two connections, so that the timeline's counts
    // do not wait behind the map's rows (the histogram may be null: rows only).
    DbQueryRunner(std::unique_ptr<db::EventTable> rows, std::unique_ptr<db::EventTable> histogram,
                  QObject *parent = nullptr);
    ~DbQueryRunner() override;

    void request(const db::EventQuery &query);
    void requestHistogram(const db::EventQuery &query, db::BucketUnit unit);
    // The result shown last (rows or clusters), null before the first.
    const std::shared_ptr<const db::QueryResult> &shown() const { return m_shown; }
    const std::shared_ptr<const db::HistogramResult> &shownHistogram() const
    {
        return m_shownHistogram;
    }
    bool isBusy() const { return m_rowsWatcher.isRunning() || m_histWatcher.isRunning(); }
    QString display() const;
    // How many results were shown and how many dropped as superseded (tests).
    int shownCount() const { return m_shownCount; }
    int supersededCount() const { return m_superseded; }

signals:
    // The newest request's result (rows or clusters); shown() is it.
    void rowsReady(std::shared_ptr<const db::QueryResult> result);
    void histogramReady(std::shared_ptr<const db::HistogramResult> result);
    // The newest request failed; what is shown stays. The message says what happened
    // and that moving the window or the view (or Retry) asks again.
    void failed(const QString &message);
    void busyChanged(bool busy);

private:
    struct Rows
    {
        db::EventQuery query;
        int generation = 0;
    };
    struct Hist
    {
        db::EventQuery query;
        db::BucketUnit unit = db::BucketUnit::Day;
        int generation = 0;
    };
    void startRows(const Rows &r);
    void startHistogram(const Hist &h);
    void rowsFinished();
    void histogramFinished();

    std::shared_ptr<db::EventTable> m_rows, m_hist;
    QFutureWatcher<std::shared_ptr<const db::QueryResult>> m_rowsWatcher;
    QFutureWatcher<std::shared_ptr<const db::HistogramResult>> m_histWatcher;
    int m_rowsGeneration = 0, m_histGeneration = 0;
    int m_runningRows = 0, m_runningHist = 0; // generation of the one in flight
    std::optional<Rows> m_pendingRows;
    std::optional<Hist> m_pendingHist;
    std::shared_ptr<const db::QueryResult> m_shown;
    std::shared_ptr<const db::HistogramResult> m_shownHistogram;
    int m_shownCount = 0, m_superseded = 0;
};

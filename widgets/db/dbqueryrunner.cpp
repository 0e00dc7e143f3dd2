#include "db/dbqueryrunner.h"

#include <QtConcurrent/QtConcurrentRun>

namespace {
QString failureMessage(db::QueryFailure f, const QString &error)
{
    switch (f) {
    case db::QueryFailure::ConnectionLost:
        return QStringLiteral("Database connection lost (%1). The events shown are kept; move "
                              "the time window or the map to reconnect and ask again.")
            .arg(error);
    case db::QueryFailure::Timeout:
        return QStringLiteral("The database query took too long (%1). The events shown are "
                              "kept; narrow the time window or the area to ask again.")
            .arg(error);
    default:
        return QStringLiteral("The database query failed: %1. The events shown are kept.")
            .arg(error);
    }
}
} // namespace

DbQueryRunner::DbQueryRunner(std::unique_ptr<db::EventTable> rows,
                             std::unique_ptr<db::EventTable> histogram, QObject *parent)
    : QObject(parent), m_rows(std::move(rows)), m_hist(std::move(histogram))
{
    connect(&m_rowsWatcher, &QFutureWatcherBase::finished, this, &DbQueryRunner::rowsFinished);
    connect(&m_histWatcher, &QFutureWatcherBase::finished, this, &DbQueryRunner::histogramFinished);
}

DbQueryRunner::~DbQueryRunner()
{
    m_rowsWatcher.disconnect(this);
    m_histWatcher.disconnect(this);
    if (m_rowsWatcher.isRunning())
        m_rows->cancel();
    if (m_histWatcher.isRunning() && m_hist)
        m_hist->cancel();
    m_rowsWatcher.waitForFinished();
    m_histWatcher.waitForFinished();
}

QString DbQueryRunner::display() const
{
    return m_rows ? m_rows->display() : QString();
}

void DbQueryRunner::request(const db::EventQuery &query)
{
    const Rows r {query, ++m_rowsGeneration};
    if (m_rowsWatcher.isRunning()) {
        // The one in flight is stale: stop it; this one starts when it returns.
        m_pendingRows = r;
        m_rows->cancel();
        return;
    }
    startRows(r);
}

void DbQueryRunner::requestHistogram(const db::EventQuery &query, db::BucketUnit unit)
{
    if (!m_hist)
        return;
    const Hist h {query, unit, ++m_histGeneration};
    if (m_histWatcher.isRunning()) {
        m_pendingHist = h;
        m_hist->cancel();
        return;
    }
    startHistogram(h);
}

void DbQueryRunner::startRows(const Rows &r)
{
    const bool wasBusy = isBusy();
    m_runningRows = r.generation;
    std::shared_ptr<db::EventTable> table = m_rows;
    m_rowsWatcher.setFuture(QtConcurrent::run([table, q = r.query]() {
        return std::shared_ptr<const db::QueryResult>(
            std::make_shared<db::QueryResult>(table->query(q)));
    }));
    if (!wasBusy)
        emit busyChanged(true);
}

void DbQueryRunner::startHistogram(const Hist &h)
{
    const bool wasBusy = isBusy();
    m_runningHist = h.generation;
    std::shared_ptr<db::EventTable> table = m_hist;
    m_histWatcher.setFuture(QtConcurrent::run([table, q = h.query, unit = h.unit]() {
        return std::shared_ptr<const db::HistogramResult>(
            std::make_shared<db::HistogramResult>(table->histogram(q, unit)));
    }));
    if (!wasBusy)
        emit busyChanged(true);
}

void DbQueryRunner::rowsFinished()
{
    std::shared_ptr<const db::QueryResult> result = m_rowsWatcher.result();
    const bool newest = m_runningRows == m_rowsGeneration;
    if (m_pendingRows) {
        const Rows next = *m_pendingRows;
        m_pendingRows.reset();
        startRows(next);
    }
    if (!newest) {
        ++m_superseded; // cancelled, or finished before the cancel reached it
    } else if (result->ok()) {
        m_shown = result;
        ++m_shownCount;
        emit rowsReady(result);
    } else if (result->failure != db::QueryFailure::Cancelled) {
        emit failed(failureMessage(result->failure, result->error));
    }
    if (!isBusy())
        emit busyChanged(false);
}

void DbQueryRunner::histogramFinished()
{
    std::shared_ptr<const db::HistogramResult> result = m_histWatcher.result();
    const bool newest = m_runningHist == m_histGeneration;
    if (m_pendingHist) {
        const Hist next = *m_pendingHist;
        m_pendingHist.reset();
        startHistogram(next);
    }
    if (!newest) {
        ++m_superseded;
    } else if (result->ok()) {
        m_shownHistogram = result;
        emit histogramReady(result);
    } else if (result->failure != db::QueryFailure::Cancelled) {
        emit failed(failureMessage(result->failure, result->error));
    }
    if (!isBusy())
        emit busyChanged(false);
}

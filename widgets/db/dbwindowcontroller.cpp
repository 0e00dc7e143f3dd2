#include "db/dbwindowcontroller.h"

#include "investigation.h"
#include "summary.h"
#include "timeline/timelineview.h"
#include "timewindow.h"
#include "transferfilter.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace {
bool sameQuery(const db::EventQuery &a, const db::EventQuery &b)
{
    return a.from == b.from && a.to == b.to && a.bbox == b.bbox && a.view == b.view
        && a.polygon == b.polygon && a.text.trimmed() == b.text.trimmed();
}
} // namespace

DbWindowController::DbWindowController(Investigation *investigation, TransferFilter *filter,
                                       TimeWindow *window, TimelineView *timeline, QObject *parent)
    : QObject(parent),
      m_investigation(investigation),
      m_filter(filter),
      m_window(window),
      m_timeline(timeline)
{
    connect(investigation, &Investigation::loadFinished, this, &DbWindowController::loaded);
    connect(investigation, &Investigation::cleared, this, &DbWindowController::loaded);
    connect(filter, &TransferFilter::criteriaChanged, this, &DbWindowController::filterChanged);
    connect(&m_opening, &QFutureWatcherBase::finished, this, &DbWindowController::opened);
}

DbWindowController::~DbWindowController()
{
    m_opening.waitForFinished();
}

void DbWindowController::loaded()
{
    const ProjectSource source = m_investigation->currentSource();
    const bool database = db::isDatabase(source.path) && !source.layer.isEmpty()
        && m_investigation->eventSources().size() == 1;
    if (database && m_runner && source.path == m_source && source.layer == m_table)
        return; // the same table: the runner goes on
    m_runner.reset();
    m_lastQuery.reset();
    m_clusters.clear();
    m_histRequested = false;
    if (m_timeline)
        m_timeline->setCounter(nullptr);
    if (!database)
        return;
    m_source = source.path;
    m_table = source.layer;
    // Two connections (rows, histogram), opened off the GUI thread.
    m_opening.setFuture(QtConcurrent::run([path = m_source, table = m_table]() {
        auto o = std::make_shared<Opened>();
        o->rows = db::openEventTable(path, table, &o->error);
        if (o->rows)
            o->histogram = db::openEventTable(path, table, &o->error);
        return o;
    }));
}

void DbWindowController::opened()
{
    std::shared_ptr<Opened> o = m_opening.result();
    const ProjectSource source = m_investigation->currentSource();
    if (source.path != m_source || source.layer != m_table)
        return; // another source meanwhile
    if (!o->rows || !o->histogram) {
        emit statusMessage(
            QStringLiteral("The database table cannot be queried: %1").arg(o->error));
        return;
    }
    m_runner = std::make_unique<DbQueryRunner>(std::move(o->rows), std::move(o->histogram));
    connect(m_runner.get(), &DbQueryRunner::rowsReady, this, &DbWindowController::rowsReady);
    connect(m_runner.get(), &DbQueryRunner::histogramReady, this,
            &DbWindowController::histogramReady);
    connect(m_runner.get(), &DbQueryRunner::failed, this, &DbWindowController::statusMessage);
    if (m_timeline)
        m_timeline->setCounter([this](const std::vector<int64_t> &edges, TimelineHistogram *out) {
            return count(edges, out);
        });
    // A large table was read for its last days only: the time window says so.
    const QStringList &notes = m_investigation->report().notes;
    const bool partial = std::any_of(notes.begin(), notes.end(), [](const QString &n) {
        return n.startsWith(QLatin1String("database table"))
            && n.contains(QLatin1String("read first"));
    });
    if (partial && !m_window->hasRange() && m_filter->store() && !m_filter->store()->empty())
        m_window->setRange(m_filter->timeIndex().first(), m_filter->timeIndex().last());
    filterChanged();
}

db::EventQuery DbWindowController::currentQuery() const
{
    db::EventQuery q;
    q.from = m_filter->from();
    q.to = m_filter->to();
    const RowCriteria &c = m_filter->criteria();
    q.bbox = c.bbox;
    q.polygon = c.polygon;
    q.text = c.text.trimmed();
    q.maxRows = db::kWindowRows;
    return q;
}

void DbWindowController::filterChanged()
{
    if (!m_runner)
        return;
    const db::EventQuery q = currentQuery();
    db::EventQuery noTime = q;
    noTime.from.reset();
    noTime.to.reset();
    const bool histogramStale = !m_histRequested || !m_lastQuery || !sameQuery(noTime, [&] {
        db::EventQuery l = *m_lastQuery;
        l.from.reset();
        l.to.reset();
        return l;
    }());
    if (histogramStale) {
        m_histRequested = true;
        m_runner->requestHistogram(noTime, m_histUnit);
    }
    if (m_lastQuery && sameQuery(q, *m_lastQuery) && m_runner->shown())
        return;
    m_lastQuery = q;
    m_runner->request(q);
}

void DbWindowController::rowsReady(const std::shared_ptr<const db::QueryResult> &result)
{
    if (result->clustered()) {
        m_clusters = result->clusters;
        emit statusMessage(
            QStringLiteral("%1 events match in the database: more than the map shows as "
                           "points (the server grouped them in %2 clusters). Narrow the time "
                           "window, the area or the view to see them; the events shown are "
                           "the last ones that fit.")
                .arg(Summary::formatCount(result->matching))
                .arg(Summary::formatCount(qint64(result->clusters.size()))));
        return;
    }
    m_clusters.clear();
    if (m_investigation->replaceRows(m_source, result->rows.store))
        emit statusMessage(QStringLiteral("%1 events from the database")
                               .arg(Summary::formatCount(result->matching)));
}

void DbWindowController::histogramReady()
{
    const auto h = m_runner->shownHistogram();
    if (h && !h->starts.empty() && m_histUnit == db::BucketUnit::Day && !m_lastQuery->bbox
        && m_lastQuery->polygon.size() < 3 && m_lastQuery->text.isEmpty()) {
        // The whole table's span, as the server counts it (not the rows shown).
        constexpr int64_t kDay = 24 * 3600 * 1000;
        m_window->setDataRange(h->starts.front(), h->starts.back() + kDay - 1);
    }
    if (m_timeline)
        m_timeline->refreshCounts();
}

bool DbWindowController::count(const std::vector<int64_t> &edges, TimelineHistogram *out)
{
    const auto h = m_runner ? m_runner->shownHistogram() : nullptr;
    if (!h || edges.size() < 2)
        return false;
    // Day buckets nest in the timeline's day, week, month and year bins; finer bins
    // (hours, minutes: a view of a few days) are counted from the rows shown, which
    // then hold the window's period.
    if (m_timeline
        && (m_timeline->binStep().unit == timeline::Unit::Minute
            || m_timeline->binStep().unit == timeline::Unit::Hour))
        return false;
    TimelineHistogram t;
    t.edges = edges;
    const size_t bins = edges.size() - 1;
    t.counts.assign(bins * TimelineHistogram::kSlots, 0);
    t.totals.assign(bins, 0);
    for (size_t i = 0; i < h->starts.size(); ++i) {
        const auto it = std::upper_bound(edges.begin(), edges.end(), h->starts[i]);
        if (it == edges.begin() || it == edges.end())
            continue;
        const size_t bin = size_t(it - edges.begin()) - 1;
        t.counts[bin * TimelineHistogram::kSlots] += h->counts[i];
        t.totals[bin] += h->counts[i];
    }
    for (int64_t v : t.totals)
        t.maxTotal = std::max(t.maxTotal, v);
    *out = std::move(t);
    return true;
}

#pragma once

#include "db/dbqueryrunner.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

struct TimelineHistogram;
class Investigation;
class TimeWindow;
class TimelineView;
class TransferFilter;

// The window's side of a database-backed events table (README "Queries where the data
// lives"). Once the investigation has opened a table (db::readForWindow: all of it when
// small, else its last days), every change of the time window, the drawn area, the map
// view ("only events in map view") or the search becomes a query the server answers
// (DbQueryRunner: off the GUI thread, newest wins); its rows replace the rows shown
// (Investigation::replaceRows), so the map, the table, the details and every figure
// work on them as on a file. The timeline's histogram is the server's, over the whole
// table (date_trunc buckets at the timeline's unit). When more events match than the
// map can show as points, the status bar says how many and in how many clusters the
// server grouped them, and the rows shown stay until the user narrows. Failures are
// said in the status bar; what is shown stays; the next change asks again.
class DbWindowController : public QObject
{
    Q_OBJECT
public:
    DbWindowController(Investigation *investigation, TransferFilter *filter, TimeWindow *window,
                       TimelineView *timeline, QObject *parent = nullptr);
    ~DbWindowController() override;

    bool isActive() const { return m_runner != nullptr; }
    DbQueryRunner *runner() const { return m_runner.get(); }
    // The clusters of the newest query when it matched more than the map shows.
    const std::vector<db::Cluster> &clusters() const { return m_clusters; }

signals:
    void statusMessage(const QString &message);

private:
    struct Opened
    {
        std::unique_ptr<db::EventTable> rows, histogram;
        QString error;
    };
    void loaded();
    void opened();
    void filterChanged();
    void rowsReady(const std::shared_ptr<const db::QueryResult> &result);
    void histogramReady();
    bool count(const std::vector<int64_t> &edges, TimelineHistogram *out);
    db::EventQuery currentQuery() const;

    Investigation *m_investigation;
    TransferFilter *m_filter;
    TimeWindow *m_window;
    QPointer<TimelineView> m_timeline;
    QString m_source, m_table;
    QFutureWatcher<std::shared_ptr<Opened>> m_opening;
    std::unique_ptr<DbQueryRunner> m_runner;
    std::optional<db::EventQuery> m_lastQuery;
    db::BucketUnit m_histUnit = db::BucketUnit::Day;
    bool m_histRequested = false;
    std::vector<db::Cluster> m_clusters;
};

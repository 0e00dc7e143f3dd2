#pragma once

#include "ais/aisreader.h"
#include "io/loadreport.h"
#include "project.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class EventStore;
struct FilterIndexes;

// One data source of the open investigation, as loaded: an event file, or AIS (one or
// several files read as one data set of vessel tracks), or the events detected in the
// AIS (Analysis ▸ Detect…, shown with the event files as the "Detected" source).
// Databases are a further kind with their own options and store, held in the same list.
struct DataSource
{
    enum class Kind { EventFile, Ais, Detected };
    Kind kind = Kind::EventFile;
    int id = 0; // unique within the investigation, never reused
    ProjectSource origin; // where the data comes from and how it is read
    // For AIS, every file's in one account (counts summed, rejections naming their file
    // when there are several, NMEA sentence counts in the notes); aisReports has each.
    LoadReport report;
    std::shared_ptr<const EventStore> store; // EventFile, Detected
    // What the filter derives from the store, prepared in the loading thread too.
    std::shared_ptr<const FilterIndexes> indexes;
    // AIS: the tracks, one report per file, and the NMEA sentence counts.
    std::shared_ptr<const TrackStore> tracks;
    std::vector<LoadReport> aisReports;
    SentenceCounts sentences;
};

// The open investigation: the document behind the window, owning its data sources and
// loading them off the GUI thread (Qt Core only, no widgets, so it is tested headless).
// One load runs at a time; asking for another while one runs cancels it and starts the
// new one when it has stopped. A load that is cancelled or fails leaves the sources as
// they were.
//
// Signals of one load, in order: loadingStarted, loadingProgress (whole per-mille steps,
// never after a cancel), then exactly one of loaded, failed or cancelled, then
// loadFinished — emitted after a pending load has started, so isLoading() then tells
// whether more is coming.
class Investigation : public QObject
{
    Q_OBJECT
public:
    explicit Investigation(QObject *parent = nullptr);
    ~Investigation() override; // waits for a load still running

    const std::vector<DataSource> &sources() const { return m_sources; }
    // The first event file (the one whose report the window shows), or null.
    const DataSource *events() const;
    // events()' origin, or an empty path for none.
    ProjectSource currentSource() const;
    // Every event file's origin, in the order they were opened and added.
    std::vector<ProjectSource> eventSources() const;
    // The AIS source (at most one: several files load as one data set), or null; its
    // tracks, or null.
    const DataSource *ais() const;
    std::shared_ptr<const TrackStore> tracks() const;
    // Every source's origin: the event files, then the AIS source (what a project saves).
    std::vector<ProjectSource> allSources() const;
    // The detected events (at most one such source: a new detection replaces it), or null.
    const DataSource *detected() const;

    // What the views show: the one event file's store, or with several, all their
    // events in one store (mergedstore), with the filter's indexes for it. Null store:
    // nothing loaded.
    struct Shown
    {
        std::shared_ptr<const EventStore> store;
        std::shared_ptr<const FilterIndexes> indexes;
    };
    const Shown &shown() const { return m_shown; }
    // The stores shown together, in order: every event file, then the detected events
    // (named kDetectedName in the merged store's source column).
    static inline const QString kDetectedName = QStringLiteral("Detected");
    std::vector<std::pair<QString, std::shared_ptr<const EventStore>>> shownParts() const;
    // What shown() is for these parts: one store as it is, several merged, with the
    // filter's indexes. Any thread (a detection composes it in its worker).
    static Shown
    compose(const std::vector<std::pair<QString, std::shared_ptr<const EventStore>>> &parts);
    // Puts `store` in place of the detected events (null: none), and shows it with the
    // event files. `composed` is what compose() made in a worker of the stores
    // `composedFrom` (in order); it is used when those are exactly the stores to show,
    // and the parts are composed again here otherwise (an undo after another file was
    // added). Emits detectedChanged(). Refused (false) while a load runs: the load's
    // result, composed with the old detected events, would undo the change.
    bool setDetected(std::shared_ptr<const EventStore> store, const Shown &composed = {},
                     const std::vector<const EventStore *> &composedFrom = {});
    // A database table's rows for the window's current query (widgets/db), in place of
    // the rows shown of it; the source, its report and the other sources stay. Only
    // when the one event source is that table (false otherwise, and while loading).
    // Emits rowsReplaced().
    bool replaceRows(const QString &source, std::shared_ptr<const EventStore> store);
    // events()' report, empty before the first successful load.
    const LoadReport &report() const;

    // Loads an event file in place of the current ones.
    void openEvents(const ProjectSource &source);
    // Loads an event file as one more source, shown together with the others (a file
    // already among them is read again in its place).
    void addEvents(const ProjectSource &source);
    // Loads AIS files (source.kind Ais, source.paths()) in place of the AIS source; the
    // event files stay: tracks are shown beside the events, not instead of them.
    void openAis(const ProjectSource &source);
    // Removes the AIS source (a new case). Emits tracksChanged() when there was one.
    void removeAis();
    // How AIS is read; aisreader::read unless a test injects another.
    using AisReader =
        std::function<TrackLoadResult(const QStringList &, const LoadOptions &, SegmentRules)>;
    void setAisReader(AisReader reader) { m_aisReader = std::move(reader); }
    // Stops the running load (a pending one is kept: it starts once this one stopped).
    void cancel();
    // No sources (a new project, or one whose data is missing); a running or pending
    // load is cancelled. Emits cleared().
    void clear();

    // The project file this investigation was opened from or saved to; empty: untitled.
    // Set by whoever opens and saves projects; read by every save dialog (saveFolder()).
    const QString &projectPath() const { return m_projectPath; }
    void setProjectPath(const QString &path) { m_projectPath = path; }
    // Where a save dialog starts: the project's folder, else the folder of the first
    // data source, else the user's documents folder; never the process's working folder.
    QString saveFolder() const;
    // A path to offer in a save dialog: lastPath when it lies in saveFolder() or below it
    // (the user's own subfolder of this case), else lastPath's name (or defaultName) in
    // saveFolder().
    QString suggestSavePath(const QString &lastPath, const QString &defaultName) const;

    bool isLoading() const { return m_loading; }
    bool isCancelling() const { return m_loading && m_cancel && *m_cancel; }
    bool hasPending() const { return m_pending.has_value(); }
    // The source being loaded (valid while isLoading()).
    const ProjectSource &loadingSource() const { return m_loadingSource; }

signals:
    void loadingStarted(const ProjectSource &source);
    void loadingProgress(int permille);
    void loaded(const DataSource &source);
    void failed(const ProjectSource &source, const QString &error);
    void cancelled(const ProjectSource &source);
    void cleared();
    // The AIS source was loaded, replaced or removed (tracks() changed).
    void tracksChanged();
    // The detected events were replaced or removed (shown() changed with them).
    void detectedChanged();
    // ok: the source is in sources(). false: failed or cancelled, nothing changed.
    void loadFinished(bool ok);
    // replaceRows() put new rows in place (the views take them; the data's time range,
    // counted by the server, stays).
    void rowsReplaced();

private:
    struct LoadJob
    {
        LoadResult result;
        TrackLoadResult ais; // an AIS source's
        std::shared_ptr<const EventStore> shown; // result.store, or merged with the others
        std::shared_ptr<const FilterIndexes> indexes; // of shown
    };
    struct Request
    {
        ProjectSource source;
        bool add = false;
    };
    void request(const Request &request);
    void startLoad(const Request &request);
    void onProgress(int loadId, int permille);
    void onFinished();

    std::vector<DataSource> m_sources;
    Shown m_shown;
    int m_nextId = 1;
    QString m_projectPath;
    AisReader m_aisReader;

    QFutureWatcher<LoadJob> m_watcher;
    // Shared with the worker, which may still poll it after this object moved on.
    std::shared_ptr<std::atomic_bool> m_cancel;
    bool m_loading = false;
    int m_loadId = 0;
    ProjectSource m_loadingSource;
    bool m_loadingAdds = false;
    std::optional<Request> m_pending;
};

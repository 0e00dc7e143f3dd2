#pragma once

#include "io/loadreport.h"
#include "project.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QPointer>

#include <atomic>
#include <memory>
#include <optional>

class AnnotationController;
class AreaFilter;
class CategoryFilterMenu;
class EventStore;
struct FilterIndexes;
class DetailsDock;
class ExportController;
class EventsDock;
class LayersDock;
class LoadReportDialog;
class MapActions;
class MapController;
class ProjectController;
class QLabel;
class QMenu;
class QProgressDialog;
class RecentFilesMenu;
class QToolBar;
class QToolButton;
class TimeWindow;
class TimelineDock;
class TransferFilter;
class TransferModel;

// The application window: composition only (menus, the map in the centre with its
// toolbar, the events, details and layers docks, the status bar) plus the one long job it owns,
// loading a file off the GUI thread. A load that is cancelled or fails leaves the events on screen
// untouched.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts loading path in the background; loadFinished() tells how it ended. A call
    // while a load runs cancels that load and starts this one when it has stopped.
    void openFile(const QString &path); // a .rvz opens as a project
    // The same with the source's layer and column-mapping overrides (a project's).
    void openSource(const ProjectSource &source);
    // No events on screen (a new project, or one whose data is missing).
    void clearData();
    // The file (and its load options) whose events are on screen; path empty for none.
    const ProjectSource &currentSource() const { return m_current; }
    ProjectController *project() const { return m_project; }
    RecentFilesMenu *recentMenu() const { return m_recentMenu; }
    TransferModel *model() const { return m_model; }
    TransferFilter *filter() const { return m_filter; }
    MapController *map() const { return m_map; }
    AreaFilter *areaFilter() const { return m_area; }
    AnnotationController *annotations() const { return m_annotations; }
    CategoryFilterMenu *categoryMenu() const { return m_categories; }
    EventsDock *eventsDock() const { return m_events; }
    DetailsDock *detailsDock() const { return m_details; }
    LayersDock *layersDock() const { return m_layers; }
    MapActions *mapActions() const { return m_mapActions; }
    TimeWindow *timeWindow() const { return m_timeWindow; }
    TimelineDock *timelineDock() const { return m_timeline; }
    ExportController *exportController() const { return m_export; }
    bool isLoading() const { return m_loading; }
    // The report of the events on screen (empty before the first successful load).
    const LoadReport &report() const { return m_report; }

signals:
    // ok: the file's events are now on screen. false: failed or cancelled, and the
    // previous events are still there.
    void loadFinished(bool ok);

public slots:
    void showOpenDialog();
    void showReport();
    void cancelLoad();
    void showAbout();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createStatusBar();
    void startLoad(const ProjectSource &source);
    void showStore(std::shared_ptr<const EventStore> store,
                   std::shared_ptr<const FilterIndexes> indexes, LoadReport report,
                   const ProjectSource &source);
    void onProgress(int loadId, int permille);
    void onLoadFinished();
    void finishFailed(const QString &path, const QString &error);
    void updateStatus();
    void updateSummary();
    void createViewMenu();

    TransferModel *m_model = nullptr;
    TransferFilter *m_filter = nullptr;
    EventsDock *m_events = nullptr;
    DetailsDock *m_details = nullptr;
    LayersDock *m_layers = nullptr;
    MapController *m_map = nullptr;
    AreaFilter *m_area = nullptr;
    AnnotationController *m_annotations = nullptr;
    CategoryFilterMenu *m_categories = nullptr;
    MapActions *m_mapActions = nullptr;
    ProjectController *m_project = nullptr;
    QToolBar *m_mapToolBar = nullptr;
    TimeWindow *m_timeWindow = nullptr;
    TimelineDock *m_timeline = nullptr;
    ExportController *m_export = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_cursor = nullptr;
    QToolButton *m_reportButton = nullptr;
    RecentFilesMenu *m_recentMenu = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_reportAction = nullptr;
    QProgressDialog *m_progress = nullptr;
    QPointer<LoadReportDialog> m_reportDialog;

    // The load and what the filter derives from the new store, both off the GUI thread.
    struct LoadJob
    {
        LoadResult result;
        std::shared_ptr<const FilterIndexes> indexes;
    };
    QFutureWatcher<LoadJob> m_watcher;
    // Shared with the worker, which may still poll it after this window moved on.
    std::shared_ptr<std::atomic_bool> m_cancel;
    bool m_loading = false;
    int m_loadId = 0;
    ProjectSource m_loadingSource;
    std::optional<ProjectSource> m_pending;

    ProjectSource m_current;
    LoadReport m_report;
};

#pragma once

#include "io/loadreport.h"
#include "project.h"

#include <QMainWindow>

class AnnotationController;
class AreaFilter;
class CategoryFilterMenu;
class DetectController;
class DetailsDock;
class EventsDock;
class DossierController;
class ExportController;
class Investigation;
class LayersDock;
class LoadController;
class MapActions;
class MapController;
class NetworkDock;
class OverlayLoader;
class ProjectController;
class QToolBar;
class TimeWindow;
class TimelineDock;
class TracksController;
class VesselsDock;
class TransferFilter;
class TransferModel;

// The application window, and the composition root: it builds the Investigation (the
// open document and its loading), the models, the map, the docks and the controllers,
// and wires them. Nothing else lives here: loading's dialogs and status are the
// LoadController's, projects the ProjectController's, and no controller knows this
// class. The accessors are for app/gui.cpp and the tests.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts loading path in the background (a .rvz opens as a project); loadFinished()
    // tells how it ended. A call while a load runs cancels that load and starts this one
    // when it has stopped.
    void openFile(const QString &path);
    // Several files: AIS position files load as one data set (LoadController::openFiles).
    void openFiles(const QStringList &paths);
    // The file (and its load options) whose events are on screen; path empty for none.
    ProjectSource currentSource() const;
    bool isLoading() const;
    // The report of the events on screen (empty before the first successful load).
    const LoadReport &report() const;

    Investigation *investigation() const { return m_investigation; }
    OverlayLoader *overlayLoader() const { return m_overlays; }
    ProjectController *project() const { return m_project; }
    TransferModel *model() const { return m_model; }
    TransferFilter *filter() const { return m_filter; }
    MapController *map() const { return m_map; }
    AreaFilter *areaFilter() const { return m_area; }
    AnnotationController *annotations() const { return m_annotations; }
    CategoryFilterMenu *categoryMenu() const { return m_categories; }
    EventsDock *eventsDock() const { return m_events; }
    DetailsDock *detailsDock() const { return m_details; }
    LayersDock *layersDock() const { return m_layers; }
    VesselsDock *vesselsDock() const { return m_vessels; }
    NetworkDock *networkDock() const { return m_network; }
    TracksController *tracksController() const { return m_tracks; }
    MapActions *mapActions() const { return m_mapActions; }
    TimeWindow *timeWindow() const { return m_timeWindow; }
    TimelineDock *timelineDock() const { return m_timeline; }
    ExportController *exportController() const { return m_export; }
    DossierController *dossierController() const { return m_dossier; }
    DetectController *detectController() const { return m_detect; }

signals:
    // ok: the file's events are now on screen. false: failed or cancelled, and the
    // previous events are still there.
    void loadFinished(bool ok);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createDocks();
    void createMenus();
    // keepRange: rows of a database query (the data's range is the server's).
    void showData(bool keepRange = false);

    Investigation *m_investigation = nullptr;
    LoadController *m_load = nullptr;
    OverlayLoader *m_overlays = nullptr;
    TransferModel *m_model = nullptr;
    TransferFilter *m_filter = nullptr;
    EventsDock *m_events = nullptr;
    DetailsDock *m_details = nullptr;
    LayersDock *m_layers = nullptr;
    VesselsDock *m_vessels = nullptr;
    NetworkDock *m_network = nullptr;
    TracksController *m_tracks = nullptr;
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
    DossierController *m_dossier = nullptr;
    DetectController *m_detect = nullptr;
};

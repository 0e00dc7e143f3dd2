#include "mainwindow.h"

#include "annotations/annotationcontroller.h"
#include "db/dbwindowcontroller.h"
#include "dbproject/dbprojectcontroller.h"
#include "detect/detectcontroller.h"
#include "docks/detailsdock.h"
#include "docks/eventsdock.h"
#include "docks/layersdock.h"
#include "docks/vesselsdock.h"
#include "dossier/dossiercontroller.h"
#include "eventstore.h"
#include "export/exportcontroller.h"
#include "filters/areafilter.h"
#include "filters/categoryfiltermenu.h"
#include "filters/rangefiltermenu.h"
#include "helpmenu.h"
#include "investigation.h"
#include "loadcontroller.h"
#include "map/mapview.h"
#include "mapui/mapactions.h"
#include "mapui/mapcontroller.h"
#include "mapui/overlayloader.h"
#include "mapui/trackscontroller.h"
#include "network/networkcontroller.h"
#include "network/networkdock.h"
#include "project/projectcontroller.h"
#include "project/projectsections.h"
#include "project/recentfilesmenu.h"
#include "statusline.h"
#include "timeline/timelinedock.h"
#include "timeline/timelineview.h"
#include "timewindow.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>

namespace {
const QString kOrganisation = QStringLiteral("Rendezvous");
const QString kApplication = QStringLiteral("Rendezvous");

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Rendezvous"));

    m_investigation = new Investigation(this);
    m_load = new LoadController(m_investigation, this, statusBar());
    connect(m_load, &LoadController::projectRequested, this,
            [this](const QString &path) { m_project->openProject(path); });
    m_overlays = new OverlayLoader(this);
    m_model = new TransferModel(this);
    // The one filter between the model and every view (map, table, details, summary).
    m_filter = new TransferFilter(this);
    m_filter->setSourceModel(m_model);
    // The timeline sets the time window; the filter follows it, and every view the filter.
    m_timeWindow = new TimeWindow(this);
    connect(m_timeWindow, &TimeWindow::rangeChanged, this, [this] {
        m_filter->setTimeWindow(m_timeWindow->fromBound(), m_timeWindow->toBound());
    });
    createDocks();
    // An AIS source leaves the events as they are (the tracks go to the map and the
    // Vessels dock through tracksChanged).
    connect(m_investigation, &Investigation::loaded, this, [this](const DataSource &source) {
        if (source.kind == DataSource::Kind::EventFile)
            showData();
    });
    connect(m_investigation, &Investigation::cleared, this, [this] { showData(); });
    // Detected events join the event files (the detection's results, or an undo of it).
    connect(m_investigation, &Investigation::detectedChanged, this, [this] { showData(); });
    // A database table: the window's criteria become queries; their rows come back here.
    connect(m_investigation, &Investigation::rowsReplaced, this, [this] { showData(true); });
    auto *db =
        new DbWindowController(m_investigation, m_filter, m_timeWindow, m_timeline->view(), this);
    connect(db, &DbWindowController::statusMessage, statusBar(),
            [this](const QString &m) { statusBar()->showMessage(m, 15000); });

    auto *filterMenu = new QMenu(QStringLiteral("F&ilter"), this);
    m_categories = new CategoryFilterMenu(
        m_filter, [this] { return m_map->options().colorBy; }, filterMenu);
    m_project =
        new ProjectController({this,
                               m_investigation,
                               {m_filter, m_timeWindow, m_map, m_area, m_events, m_categories},
                               m_layers,
                               m_overlays});
    connect(m_project, &ProjectController::statusMessage, statusBar(), &QStatusBar::showMessage);
    // An event file opened is a new case; whether to keep the old one is the project's
    // question (Save / Discard / Cancel).
    connect(m_load, &LoadController::dataRequested, m_project, &ProjectController::openData);
    connect(m_load, &LoadController::excludeDuplicatesRequested, m_project,
            &ProjectController::setExcludeDuplicates);
    createMenus();
    menuBar()->insertMenu(m_annotations->annotateMenu()->menuAction(), filterMenu);
    filterMenu->addAction(m_area->drawAction());
    filterMenu->addAction(m_area->followViewAction());
    filterMenu->addAction(m_area->clearAction());
    filterMenu->addSeparator();
    filterMenu->addAction(m_project->dedupeAction());
    filterMenu->addSeparator();
    filterMenu->addMenu(m_categories);
    auto *ranges = new RangeFilterMenu(m_filter, filterMenu);
    filterMenu->addMenu(ranges);
    connect(m_categories, &CategoryFilterMenu::rangeRequested, ranges, &RangeFilterMenu::editRange);
    connect(m_project, &ProjectController::fileUsed, m_load->recentMenu(),
            &RecentFilesMenu::addFile);
    connect(m_export, &ExportController::statusMessage, statusBar(), &QStatusBar::showMessage);
    registerProjectSections(*m_project, *m_annotations, *m_export);
    registerColumnMappingSection(*m_project, *m_load->columnMapping());
    registerNumberSections(*m_project, *ranges, *m_map);
    // After the load's line, which the LoadController put first.
    m_load->setSummaryLabel(
        (new StatusLine(statusBar(), m_filter, m_map, m_events->table()->selectionModel(), m_area))
            ->summary());
    // Last: whoever waits for this sees the window already updated.
    connect(m_investigation, &Investigation::loadFinished, this, &MainWindow::loadFinished);

    // First start: most of the screen, since the map, the table, the timeline and the
    // summary all want room (later starts restore the user's own geometry below).
    QSize size(1280, 800);
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        const QSize avail = screen->availableGeometry().size();
        size = QSize(std::max(1024, avail.width() * 9 / 10), std::max(700, avail.height() * 9 / 10))
                   .boundedTo(avail.expandedTo(QSize(1024, 700)));
    }
    resize(size);
    const QSettings settings(kOrganisation, kApplication);
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    m_layers->restoreOverlays();
    m_load->acceptDrops(); // files dropped on the window open
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    m_events = new EventsDock(m_filter, this);
    m_events->setInvestigation(m_investigation); // its export dialog starts in the case's folder
    m_details = new DetailsDock(m_model, this);
    m_map = new MapController(m_model, m_events, this);
    m_map->setTimeWindow(m_timeWindow); // the tracks follow the timeline
    m_area = new AreaFilter(m_map->view(), m_filter, this);
    m_layers = new LayersDock(m_map, m_overlays, this);
    m_mapActions = new MapActions(m_map, m_model, this);
    // The map is the window; the table, the details and the layers are docked around it.
    setCentralWidget(m_map->view());
    m_mapToolBar = m_mapActions->createToolBar(this);
    m_mapToolBar->addSeparator();
    m_mapToolBar->addAction(m_area->drawAction());
    addToolBar(Qt::TopToolBarArea, m_mapToolBar);
    m_annotations = new AnnotationController(m_map, m_model, m_events, this);
    addToolBar(Qt::TopToolBarArea, m_annotations->toolBar());
    addDockWidget(Qt::BottomDockWidgetArea, m_events);
    addDockWidget(Qt::RightDockWidgetArea, m_details);
    addDockWidget(Qt::RightDockWidgetArea, m_layers);
    splitDockWidget(m_details, m_layers, Qt::Vertical);
    resizeDocks({m_events}, {240}, Qt::Vertical);
    resizeDocks({m_details}, {300}, Qt::Horizontal);
    resizeDocks({m_details, m_layers}, {320, 200}, Qt::Vertical);
    connect(m_events->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_details->showRow(m_events->proxy()->mapToSource(current).row());
            });
    m_timeline = new TimelineDock(m_timeWindow, m_filter, this);
    m_timeline->view()->setColorSource(m_map->eventLayer());
    splitDockWidget(m_events, m_timeline, Qt::Vertical);
    resizeDocks({m_events, m_timeline}, {190, 190}, Qt::Vertical);
    // Beside the events table, one tab away: the same filtered data by vessel.
    m_vessels = new VesselsDock(m_filter, m_investigation, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_vessels);
    tabifyDockWidget(m_events, m_vessels);
    m_events->raise();
    // The map's tracks layer joins through TracksController::setTrackView.
    m_tracks = new TracksController(m_investigation, m_vessels, m_events, m_details, this);
    m_tracks->setTrackView(m_map);
    connect(m_map, &MapController::trackVesselClicked, m_tracks, &TracksController::trackClicked);
    m_network = new NetworkDock(m_filter, this); // who met whom, a tab beside the vessels
    addDockWidget(Qt::BottomDockWidgetArea, m_network);
    tabifyDockWidget(m_vessels, m_network);
    m_events->raise(); // the table stays in front
    new NetworkController(m_network, m_vessels, m_events, this);
    connect(m_events->table()->selectionModel(), &QItemSelectionModel::currentRowChanged,
            m_timeline, [this](const QModelIndex &current) {
                m_timeline->setCurrentRow(m_events->proxy()->mapToSource(current).row());
            });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    m_project->addActions(file);
    (new DbProjectController(m_project, this))->addActions(file);
    m_load->addActions(file);
    file->addSeparator();
    m_export = new ExportController(m_map, m_filter, m_investigation, this, file);
    m_dossier = new DossierController(
        m_investigation, m_filter, m_vessels, m_map,
        [this] { return m_events->selectedStoreRows(); }, this, file);
    connect(m_dossier, &DossierController::statusMessage, statusBar(), &QStatusBar::showMessage);
    file->addSeparator();
    QAction *quit = file->addAction(QStringLiteral("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    menuBar()->addMenu(m_annotations->editMenu());
    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    m_mapActions->addTo(view);
    view->addSeparator();
    view->addAction(m_events->toggleViewAction());
    view->addAction(m_vessels->toggleViewAction());
    view->addAction(m_network->toggleViewAction());
    view->addAction(m_details->toggleViewAction());
    view->addAction(m_layers->toggleViewAction());
    view->addAction(m_mapToolBar->toggleViewAction());
    view->addAction(m_annotations->toolBar()->toggleViewAction());
    view->addAction(m_timeline->toggleViewAction());
    menuBar()->addMenu(m_annotations->annotateMenu());
    QMenu *analysis = menuBar()->addMenu(QStringLiteral("A&nalysis"));
    m_detect =
        new DetectController(m_investigation, m_filter, m_annotations->undoStack(), this, this);
    m_detect->useStandardDetection();
    analysis->addAction(m_detect->detectAction());
    connect(m_detect, &DetectController::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_layers, &LayersDock::statusMessage, statusBar(), &QStatusBar::showMessage);

    addHelpMenu(menuBar(), this);
}

void MainWindow::showData(bool keepRange)
{
    // The investigation's events (one file, or several together, or none) into the
    // model, and every view after it.
    const Investigation::Shown &shown = m_investigation->shown();
    m_filter->adopt(shown.indexes);
    m_model->setStore(shown.store ? shown.store : std::make_shared<const EventStore>());
    m_events->dataLoaded();
    m_map->storeChanged();
    if (!keepRange)
        m_timeWindow->setDataRange(m_filter->timeIndex().first(), m_filter->timeIndex().last());
    m_mapActions->updateColorChoices();
}

void MainWindow::openFile(const QString &path)
{
    m_load->openFile(path);
}

void MainWindow::openFiles(const QStringList &paths)
{
    m_load->openFiles(paths);
}

ProjectSource MainWindow::currentSource() const
{
    return m_investigation->currentSource();
}

bool MainWindow::isLoading() const
{
    return m_investigation->isLoading();
}

const LoadReport &MainWindow::report() const
{
    return m_investigation->report();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_project->maybeClose())
        return event->ignore();
    QSettings settings(kOrganisation, kApplication);
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    m_investigation->cancel();
    event->accept();
}

#include "mainwindow.h"

#include "annotations/annotationcontroller.h"
#include "docks/detailsdock.h"
#include "docks/eventsdock.h"
#include "docks/layersdock.h"
#include "docks/loadreportdialog.h"
#include "export/exportcontroller.h"
#include "filters/areafilter.h"
#include "filters/categoryfiltermenu.h"
#include "io/eventreader.h"
#include "map/mapview.h"
#include "mapui/mapactions.h"
#include "mapui/mapcontroller.h"
#include "project/projectcontroller.h"
#include "project/projectsections.h"
#include "project/recentfilesmenu.h"
#include "summary.h"
#include "timeline/timelinedock.h"
#include "timeline/timelineview.h"
#include "timewindow.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QException>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>

namespace {
const QString kOrganisation = QStringLiteral("Rendezvous");
const QString kApplication = QStringLiteral("Rendezvous");

QString count(qint64 n)
{
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(n);
}

QString fileName(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    return name.isEmpty() ? path : name;
}

QString firstLocalFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile())
            return url.toLocalFile();
    }
    return {};
}

// What a worker's exception says, for the message box (the readers report errors as
// values; this is for what they cannot: running out of memory, or a bug).
QString describe(const std::exception_ptr &error)
{
    try {
        std::rethrow_exception(error);
    } catch (const QUnhandledException &e) {
        return e.exception() ? describe(e.exception()) : QStringLiteral("unexpected error");
    } catch (const std::bad_alloc &) {
        return QStringLiteral("not enough memory to load this file");
    } catch (const std::exception &e) {
        return QString::fromLocal8Bit(e.what());
    } catch (...) {
        return QStringLiteral("unexpected error");
    }
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Rendezvous"));
    setAcceptDrops(true);

    m_model = new TransferModel(this);
    // The one filter between the model and every view (map, table, details, summary).
    m_filter = new TransferFilter(this);
    m_filter->setSourceModel(m_model);
    m_events = new EventsDock(m_filter, this);
    m_details = new DetailsDock(m_model, this);
    m_map = new MapController(m_model, m_events, this);
    m_area = new AreaFilter(m_map->view(), m_filter, this);
    m_layers = new LayersDock(m_map, this);
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
    // The timeline sets the time window; the filter follows it, and every view the filter.
    m_timeWindow = new TimeWindow(this);
    m_timeline = new TimelineDock(m_timeWindow, m_filter, this);
    m_timeline->view()->setColorSource(m_map->eventLayer());
    splitDockWidget(m_events, m_timeline, Qt::Vertical);
    resizeDocks({m_events, m_timeline}, {190, 190}, Qt::Vertical);
    connect(m_timeWindow, &TimeWindow::rangeChanged, this, [this] {
        m_filter->setTimeWindow(m_timeWindow->fromBound(), m_timeWindow->toBound());
    });
    connect(m_events->table()->selectionModel(), &QItemSelectionModel::currentRowChanged,
            m_timeline, [this](const QModelIndex &current) {
                m_timeline->setCurrentRow(m_events->proxy()->mapToSource(current).row());
            });
    connect(m_map, &MapController::cursorMoved, this, [this](double lat, double lon) {
        m_cursor->setText(QStringLiteral("%1   %2").arg(MapView::formatDecimal(lat, lon),
                                                        MapView::formatDegreesMinutes(lat, lon)));
    });
    connect(m_map->view(), &MapView::cursorLeft, this, [this] { m_cursor->clear(); });

    m_project = new ProjectController(this);
    createActions();
    registerProjectSections(*m_project, *m_annotations, *m_export);
    createStatusBar();
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &MainWindow::onLoadFinished);

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
    updateStatus();
    m_layers->restoreOverlays();
}

MainWindow::~MainWindow()
{
    // The worker calls back into this window (progress); let it stop first.
    if (m_loading && m_cancel) {
        *m_cancel = true;
        m_watcher.waitForFinished();
    }
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    m_project->addActions(file);
    m_openAction =
        file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton),
                        QStringLiteral("&Open\u2026"), this, &MainWindow::showOpenDialog);
    m_openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = new RecentFilesMenu(file);
    file->addMenu(m_recentMenu);
    connect(m_recentMenu, &RecentFilesMenu::fileChosen, this, &MainWindow::openFile);
    file->addSeparator();
    m_reportAction =
        file->addAction(QStringLiteral("Show Load &Report\u2026"), this, &MainWindow::showReport);
    m_reportAction->setObjectName(QStringLiteral("showReportAction"));
    m_reportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_reportAction->setEnabled(false);
    file->addSeparator();
    m_export = new ExportController(this, file);
    file->addSeparator();
    QAction *quit = file->addAction(QStringLiteral("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    menuBar()->addMenu(m_annotations->editMenu());
    createViewMenu();

    QMenu *filter = menuBar()->addMenu(QStringLiteral("F&ilter"));
    filter->addAction(m_area->drawAction());
    filter->addAction(m_area->followViewAction());
    filter->addAction(m_area->clearAction());
    filter->addSeparator();
    m_categories = new CategoryFilterMenu(
        m_filter, [this] { return m_map->options().colorBy; }, filter);
    filter->addMenu(m_categories);
    menuBar()->addMenu(m_annotations->annotateMenu());

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&About Rendezvous"), this, &MainWindow::showAbout)
        ->setMenuRole(QAction::AboutRole);
    help->addAction(QStringLiteral("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createViewMenu()
{
    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    m_mapActions->addTo(view);
    view->addSeparator();
    view->addAction(m_events->toggleViewAction());
    view->addAction(m_details->toggleViewAction());
    view->addAction(m_layers->toggleViewAction());
    view->addAction(m_mapToolBar->toggleViewAction());
    view->addAction(m_annotations->toolBar()->toggleViewAction());
    view->addAction(m_timeline->toggleViewAction());
}

void MainWindow::createStatusBar()
{
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("loadStatus"));
    m_status->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_status);
    // What the filters let through, in the words and figures of `rendezvous info`
    // (the same Summary code), so the window and a script never disagree.
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("filterSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_summary, 1);
    connect(m_filter, &TransferFilter::filterChanged, this, &MainWindow::updateSummary);
    m_reportButton = new QToolButton;
    m_reportButton->setObjectName(QStringLiteral("reportButton"));
    m_reportButton->setAutoRaise(true);
    m_reportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_reportButton, &QToolButton::clicked, this, &MainWindow::showReport);
    statusBar()->addPermanentWidget(m_reportButton);
    m_cursor = new QLabel;
    m_cursor->setObjectName(QStringLiteral("cursorPosition"));
    m_cursor->setTextFormat(Qt::PlainText);
    m_cursor->setMinimumWidth(m_cursor->fontMetrics().horizontalAdvance(QStringLiteral(
        "00.0000\u00b0N 000.0000\u00b0E   00\u00b000.000\u2032N 000\u00b000.000\u2032E")));
    statusBar()->addPermanentWidget(m_cursor);
}

void MainWindow::openFile(const QString &path)
{
    if (ProjectController::isProjectFile(path))
        m_project->openProject(path);
    else
        openSource({path, {}, {}});
}

void MainWindow::openSource(const ProjectSource &source)
{
    if (source.path.isEmpty())
        return;
    if (m_loading) {
        // One load at a time: the running one stops, then this one starts.
        m_pending = source;
        cancelLoad();
        return;
    }
    startLoad(source);
}

void MainWindow::startLoad(const ProjectSource &source)
{
    const QString path = source.path;
    m_loading = true;
    m_loadingSource = source;
    const int id = ++m_loadId;
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_cancel = cancel;

    if (!m_progress) {
        m_progress = new QProgressDialog(this);
        m_progress->setWindowTitle(QStringLiteral("Loading"));
        m_progress->setWindowModality(Qt::WindowModal);
        m_progress->setRange(0, 1000);
        m_progress->setMinimumDuration(400); // no flash for small files
        m_progress->setAutoReset(false);
        m_progress->setMinimumWidth(420);
        connect(m_progress, &QProgressDialog::canceled, this, &MainWindow::cancelLoad);
    }
    m_progress->reset();
    m_progress->setLabelText(QStringLiteral("Loading %1\u2026").arg(fileName(path)));
    m_progress->setValue(0); // arms the minimum-duration timer

    // The readers call this from their threads, often: forward only whole per-mille steps.
    auto last = std::make_shared<std::atomic_int>(-1);
    LoadOptions options;
    options.cancel = cancel.get();
    options.layer = source.layer;
    options.fieldOverrides = source.fieldOverrides;
    options.progress = [this, id, last](double fraction) {
        const int permille = fraction > 0
            ? (fraction < 1 ? static_cast<int>(fraction * 1000) : 1000)
            : 0; // also NaN
        if (last->exchange(permille) == permille)
            return;
        // Safe: the destructor waits for the worker, so this outlives every call.
        QMetaObject::invokeMethod(
            this, [this, id, permille] { onProgress(id, permille); }, Qt::QueuedConnection);
    };
    // cancel is captured so the flag outlives the window if the worker is slow to stop.
    m_watcher.setFuture(QtConcurrent::run([path, options, cancel] {
        LoadJob job;
        job.result = EventReader::load(path, options);
        if (job.result.store && !*cancel)
            job.indexes = FilterIndexes::prepare(job.result.store);
        return job;
    }));
    updateStatus();
}

void MainWindow::onProgress(int loadId, int permille)
{
    // Late calls of a finished or replaced load are dropped.
    if (!m_loading || loadId != m_loadId || !m_progress || (m_cancel && *m_cancel))
        return;
    m_progress->setValue(permille);
}

void MainWindow::cancelLoad()
{
    if (!m_loading || !m_cancel)
        return;
    *m_cancel = true;
    if (!m_pending) {
        m_status->show();
        m_status->setText(QStringLiteral("Cancelling\u2026"));
    }
}

void MainWindow::onLoadFinished()
{
    const QString path = m_loadingSource.path;
    const bool cancelled = m_cancel && *m_cancel;
    m_loading = false;
    m_cancel.reset();
    if (m_progress) {
        m_progress->reset();
        m_progress->hide();
    }

    LoadResult result;
    std::shared_ptr<const FilterIndexes> indexes;
    QString failure;
    try {
        // Not takeResult(): it resets the future, and waitForFinished() then never returns.
        LoadJob job = m_watcher.result();
        result = std::move(job.result);
        indexes = std::move(job.indexes);
    } catch (...) {
        failure = describe(std::current_exception());
    }
    if (failure.isEmpty() && !result.report.ok())
        failure = result.report.error;
    else if (failure.isEmpty() && !result.store)
        failure = QStringLiteral("the reader returned no events");

    bool ok = false;
    if (cancelled) {
        // Whatever the worker got done is dropped: the user asked for the old data.
        statusBar()->showMessage(QStringLiteral("Loading %1 cancelled").arg(fileName(path)), 5000);
    } else if (!failure.isEmpty()) {
        finishFailed(path, failure);
    } else {
        showStore(std::move(result.store), std::move(indexes), std::move(result.report),
                  m_loadingSource);
        m_recentMenu->addFile(path);
        ok = true;
    }

    if (m_pending) {
        const ProjectSource next = *m_pending;
        m_pending.reset();
        startLoad(next);
    } else {
        updateStatus();
    }
    emit loadFinished(ok);
}

void MainWindow::showStore(std::shared_ptr<const EventStore> store,
                           std::shared_ptr<const FilterIndexes> indexes, LoadReport report,
                           const ProjectSource &source)
{
    m_filter->adopt(std::move(indexes));
    m_model->setStore(std::move(store));
    m_report = std::move(report);
    m_current = source;
    m_events->dataLoaded();
    m_map->storeChanged();
    m_timeWindow->setDataRange(m_filter->timeIndex().first(), m_filter->timeIndex().last());
    m_mapActions->updateColorChoices();
    if (m_reportDialog)
        m_reportDialog->setReport(m_report);
}

void MainWindow::clearData()
{
    m_pending.reset();
    cancelLoad();
    showStore(std::make_shared<const EventStore>(), nullptr, {}, {});
    updateStatus();
}

void MainWindow::finishFailed(const QString &path, const QString &error)
{
    // Not exec(): a window-modal box that does not block the event loop (nor tests).
    auto *box = new QMessageBox(
        QMessageBox::Warning, QStringLiteral("Could not open file"),
        QStringLiteral("Could not load events from \u201c%1\u201d.").arg(fileName(path)),
        QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("loadErrorBox"));
    box->setInformativeText(QStringLiteral("%1\n\nFile: %2\n\nThe events already shown were kept.")
                                .arg(error, QDir::toNativeSeparators(path)));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::updateSummary()
{
    const auto &store = m_filter->store();
    if (!store || store->empty()) {
        m_summary->clear();
        return;
    }
    m_summary->setText(m_filter->summary().text());
}

void MainWindow::updateStatus()
{
    if (m_loading) {
        m_status->show();
        m_status->setText(QStringLiteral("Loading %1\u2026").arg(fileName(m_loadingSource.path)));
        m_status->setToolTip(m_loadingSource.path);
        return;
    }
    const auto &store = m_model->store();
    if (m_current.path.isEmpty() || !store) {
        m_status->show();
        m_status->setText(QStringLiteral("No events loaded"));
        m_status->setToolTip(QString());
        m_reportButton->hide();
        m_reportAction->setEnabled(false);
        return;
    }
    // Short, because the filter summary beside it is what the user reads; the rest of
    // the load's story is on the report button and in the tool tip.
    const auto events = static_cast<qint64>(store->size());
    const auto rejected = static_cast<qint64>(m_report.rejections.size());
    QString details = QStringLiteral("%1 rejected").arg(count(rejected));
    if (m_report.duplicates > 0)
        details += QStringLiteral(", %1 exact duplicate%2 %3")
                       .arg(count(m_report.duplicates),
                            m_report.duplicates == 1 ? QString() : QStringLiteral("s"),
                            m_report.duplicatesRemoved ? QStringLiteral("removed")
                                                       : QStringLiteral("flagged"));
    // The file is in the title bar and the counts in the summary: the load status
    // label steps aside to leave the summary room.
    m_status->clear();
    m_status->hide();
    m_summary->setToolTip(QStringLiteral("%1\n%2 event%3 loaded (%4)")
                              .arg(QDir::toNativeSeparators(m_current.path), count(events),
                                   events == 1 ? QString() : QStringLiteral("s"), details));

    m_reportAction->setEnabled(true);
    const bool attention = rejected > 0 || !m_report.warnings.isEmpty();
    m_reportButton->setIcon(style()->standardIcon(attention ? QStyle::SP_MessageBoxWarning
                                                            : QStyle::SP_FileDialogDetailedView));
    QString problems;
    if (rejected > 0)
        problems = QStringLiteral("%1 rejected").arg(count(rejected));
    if (m_report.duplicates > 0 && !m_report.duplicatesRemoved)
        problems += (problems.isEmpty() ? QString() : QStringLiteral(" · "))
            + QStringLiteral("%1 duplicate%2")
                  .arg(count(m_report.duplicates),
                       m_report.duplicates == 1 ? QString() : QStringLiteral("s"));
    m_reportButton->setText(problems.isEmpty() ? QStringLiteral("Show Report")
                                               : problems + QStringLiteral(" \u2014 Show Report"));
    m_reportButton->setToolTip(attention ? QStringLiteral("Some records were rejected or raised "
                                                          "warnings: see which and why")
                                         : QStringLiteral("How the file was read"));
    m_reportButton->show();
}

void MainWindow::showOpenDialog()
{
    QSettings settings(kOrganisation, kApplication);
    const QString dir =
        settings.value(QStringLiteral("lastDirectory"), QDir::homePath()).toString();
    const QStringList filters = {
        QStringLiteral("Event files (*.csv *.tsv *.txt *.tab *.geojson *.json *.gpkg *.shp *.kml "
                       "*.kmz *.fgb)"),
        QStringLiteral("CSV and delimited text (*.csv *.tsv *.txt *.tab)"),
        QStringLiteral("GeoJSON (*.geojson *.json)"),
        QStringLiteral("GeoPackage (*.gpkg)"),
        QStringLiteral("Shapefile (*.shp)"),
        QStringLiteral("KML (*.kml *.kmz)"),
        QStringLiteral("FlatGeobuf (*.fgb)"),
        QStringLiteral("All files (*)"),
    };
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open Events"), dir,
                                                      filters.join(QStringLiteral(";;")));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::showReport()
{
    if (m_current.path.isEmpty())
        return;
    if (!m_reportDialog) {
        m_reportDialog = new LoadReportDialog(this);
        m_reportDialog->setAttribute(Qt::WA_DeleteOnClose);
        m_reportDialog->setReport(m_report);
    }
    // Asked for from the rejection notice, the rejections are what the user wants.
    if (!m_report.rejections.empty())
        m_reportDialog->tabs()->setCurrentIndex(2);
    m_reportDialog->show();
    m_reportDialog->raise();
    m_reportDialog->activateWindow();
}

void MainWindow::showAbout()
{
    const QString version = QCoreApplication::applicationVersion();
    QMessageBox::about(
        this, QStringLiteral("About Rendezvous"),
        QStringLiteral("<h3>Rendezvous%1</h3>"
                       "<p>A desktop viewer for maritime ship-to-ship transfer events.</p>"
                       "<p>Basemap: Natural Earth (public domain), via the world-atlas npm "
                       "package.<br>Built with Qt, GDAL, Boost.</p>"
                       "<p><small>Qt %2</small></p>")
            .arg(version.isEmpty() ? QString() : QStringLiteral(" ") + version,
                 QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_project->maybeClose())
        return event->ignore();
    QSettings settings(kOrganisation, kApplication);
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    if (m_loading && m_cancel)
        *m_cancel = true;
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!firstLocalFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = firstLocalFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    if (event->mimeData()->urls().size() > 1)
        statusBar()->showMessage(
            QStringLiteral("One file at a time: opening %1").arg(fileName(path)), 5000);
    openFile(path);
}

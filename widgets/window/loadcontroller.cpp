#include "loadcontroller.h"

#include "ais/aisreader.h"
#include "db/databasedialog.h"
#include "docks/loadreportdialog.h"
#include "eventstore.h"
#include "investigation.h"
#include "load/columnmappingflow.h"
#include "project.h"
#include "project/projectcontroller.h"
#include "project/recentfilesmenu.h"

#include <QAction>
#include <QDir>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QUrl>

namespace {
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
} // namespace

LoadController::LoadController(Investigation *investigation, QWidget *window, QStatusBar *bar)
    : QObject(window), m_investigation(investigation), m_window(window), m_bar(bar)
{
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("loadStatus"));
    m_status->setTextFormat(Qt::PlainText);
    bar->addWidget(m_status);
    m_duplicates = new QLabel;
    m_duplicates->setObjectName(QStringLiteral("duplicatesStatus"));
    m_duplicates->setTextFormat(Qt::PlainText);
    m_duplicates->hide();
    bar->addPermanentWidget(m_duplicates);
    m_reportButton = new QToolButton;
    m_reportButton->setObjectName(QStringLiteral("reportButton"));
    m_reportButton->setAutoRaise(true);
    m_reportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_reportButton, &QToolButton::clicked, this, &LoadController::showReport);
    bar->addPermanentWidget(m_reportButton);

    m_columns = new ColumnMappingFlow(window, this);
    connect(m_columns, &ColumnMappingFlow::loadRequested, this, &LoadController::dataRequested);
    connect(m_columns, &ColumnMappingFlow::addRequested, this, [this](const ProjectSource &source) {
        // A mapping chosen for it joins the project when the file has joined the case.
        auto *once = new QObject(this);
        connect(m_investigation, &Investigation::loadFinished, once, [this, once](bool ok) {
            m_columns->keepChosen(ok);
            once->deleteLater();
        });
        m_investigation->addEvents(source);
    });

    connect(investigation, &Investigation::loadingStarted, this, &LoadController::started);
    connect(investigation, &Investigation::loadingProgress, this, &LoadController::progress);
    connect(investigation, &Investigation::cancelled, this, [this](const ProjectSource &source) {
        finished();
        m_bar->showMessage(QStringLiteral("Loading %1 cancelled").arg(fileName(source.path)), 5000);
    });
    connect(investigation, &Investigation::failed, this, &LoadController::failed);
    connect(investigation, &Investigation::loaded, this, [this](const DataSource &source) {
        finished();
        updateReport();
        m_recentMenu->addFile(source.origin.path);
        if (source.kind == DataSource::Kind::Ais)
            aisLoaded(source);
    });
    connect(investigation, &Investigation::cleared, this, [this] {
        updateReport();
        updateStatus();
    });
    connect(investigation, &Investigation::loadFinished, this, [this] {
        if (!m_investigation->isLoading()) {
            updateStatus();
            updateReport(); // a failed reload: the dialog's choice goes back to what is shown
        }
    });
    updateStatus();
}

LoadController::~LoadController() = default;

void LoadController::addActions(QMenu *file)
{
    m_openAction =
        file->addAction(m_window->style()->standardIcon(QStyle::SP_DialogOpenButton),
                        QStringLiteral("&Open\u2026"), this, &LoadController::showOpenDialog);
    m_openAction->setShortcut(QKeySequence::Open);
    m_addAction = file->addAction(QStringLiteral("A&dd Data Source\u2026"), this,
                                  &LoadController::showAddDialog);
    m_addAction->setObjectName(QStringLiteral("addDataSourceAction"));
    m_addAction->setToolTip(QStringLiteral("Add an event file to this investigation: its events "
                                           "are shown and counted with the others"));
    m_addAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O));
    m_databaseAction = file->addAction(QStringLiteral("Open Data&base\u2026"), this,
                                       &LoadController::showDatabaseDialog);
    m_databaseAction->setObjectName(QStringLiteral("openDatabaseAction"));
    m_databaseAction->setToolTip(
        QStringLiteral("Open a table of events from a PostgreSQL/PostGIS database"));
    m_recentMenu = new RecentFilesMenu(file);
    file->addMenu(m_recentMenu);
    connect(m_recentMenu, &RecentFilesMenu::fileChosen, this, &LoadController::openFile);
    file->addSeparator();
    m_reportAction = file->addAction(QStringLiteral("Show Load &Report\u2026"), this,
                                     &LoadController::showReport);
    m_reportAction->setObjectName(QStringLiteral("showReportAction"));
    m_reportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_aisReportAction = file->addAction(QStringLiteral("Show &AIS Load Report\u2026"), this,
                                        &LoadController::showAisReport);
    m_aisReportAction->setObjectName(QStringLiteral("showAisReportAction"));
    file->addAction(m_columns->reviseAction(m_investigation));
    updateStatus();
}

void LoadController::acceptDrops()
{
    m_window->setAcceptDrops(true);
    m_window->installEventFilter(this);
}

bool LoadController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_window
        || (event->type() != QEvent::DragEnter && event->type() != QEvent::Drop))
        return QObject::eventFilter(watched, event);
    auto *drop = static_cast<QDropEvent *>(event); // QDragEnterEvent is a QDropEvent
    QStringList paths;
    if (drop->mimeData() && drop->mimeData()->hasUrls()) {
        for (const QUrl &url : drop->mimeData()->urls()) {
            if (url.isLocalFile())
                paths << url.toLocalFile();
        }
    }
    if (paths.isEmpty())
        return false;
    drop->acceptProposedAction();
    // Several: AIS files load as one data set; otherwise the first opens, and it says so.
    if (event->type() == QEvent::Drop)
        openFiles(paths);
    return true;
}

void LoadController::setSummaryLabel(QLabel *summary)
{
    m_summary = summary;
    updateStatus();
}

void LoadController::showDatabaseDialog()
{
    // Not exec(): window-modal without blocking the event loop (nor tests).
    auto *dialog = new DatabaseDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        ProjectSource source;
        source.path = dialog->source();
        source.layer = dialog->table();
        emit dataRequested(source);
    });
    dialog->show();
}

void LoadController::openFile(const QString &path)
{
    openFiles({path});
}

std::optional<ProjectSource> LoadController::aisSource(const QStringList &paths, QString *why) const
{
    if (paths.isEmpty())
        return std::nullopt;
    const aisreader::DataKind kind = aisreader::detect(paths.constFirst(), why);
    if (kind != aisreader::DataKind::Positions && kind != aisreader::DataKind::Nmea)
        return std::nullopt;
    ProjectSource source;
    source.kind = ProjectSource::Kind::Ais;
    source.path = QFileInfo(paths.constFirst()).absoluteFilePath();
    for (qsizetype i = 1; i < paths.size(); ++i)
        source.morePaths << QFileInfo(paths.at(i)).absoluteFilePath();
    return source;
}

void LoadController::openFiles(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    const QString &first = paths.constFirst();
    if (ProjectController::isProjectFile(first)) {
        emit projectRequested(first);
        return;
    }
    QString why;
    if (const auto ais = aisSource(paths, &why)) {
        m_bar->showMessage(QStringLiteral("Reading %1 as AIS positions (%2)")
                               .arg(paths.size() == 1
                                        ? fileName(first)
                                        : QStringLiteral("%1 files").arg(paths.size()),
                                    why),
                           10000);
        emit dataRequested(*ais);
        return;
    }
    if (paths.size() > 1)
        m_bar->showMessage(QStringLiteral("Several files load together when they are AIS "
                                          "positions; opening %1 as events")
                               .arg(fileName(first)),
                           10000);
    // Events are what a file is unless it reads as AIS: said in the load report, not over
    // the status bar's figures (a message hides them while it shows).
    m_columns->open(QFileInfo(first).absoluteFilePath());
}

void LoadController::aisLoaded(const DataSource &source)
{
    const LoadReport &r = source.report;
    const qint64 vessels = source.tracks ? qint64(source.tracks->vesselCount()) : 0;
    m_bar->showMessage(
        QStringLiteral("AIS: %1 positions of %2 records, %3 vessels, %4 rejected \u2014 File "
                       "\u25b8 Show AIS Load Report")
            .arg(count(r.loaded), count(r.records), count(vessels),
                 count(qint64(r.rejections.size()))),
        15000);
    updateStatus();
}

void LoadController::started(const ProjectSource &source)
{
    if (!m_progress) {
        m_progress = new QProgressDialog(m_window);
        m_progress->setWindowTitle(QStringLiteral("Loading"));
        m_progress->setWindowModality(Qt::WindowModal);
        m_progress->setRange(0, 1000);
        m_progress->setMinimumDuration(400); // no flash for small files
        m_progress->setAutoReset(false);
        m_progress->setMinimumWidth(420);
        connect(m_progress, &QProgressDialog::canceled, this, &LoadController::cancelLoad);
    }
    m_progress->reset();
    m_progress->setLabelText(QStringLiteral("Loading %1\u2026").arg(fileName(source.path)));
    m_progress->setValue(0); // arms the minimum-duration timer
    updateStatus();
}

void LoadController::progress(int permille)
{
    if (m_progress)
        m_progress->setValue(permille);
}

void LoadController::cancelLoad()
{
    if (!m_investigation->isLoading())
        return;
    m_investigation->cancel();
    if (!m_investigation->hasPending()) {
        m_status->show();
        m_status->setText(QStringLiteral("Cancelling\u2026"));
    }
}

void LoadController::finished()
{
    if (m_progress) {
        m_progress->reset();
        m_progress->hide();
    }
}

void LoadController::failed(const ProjectSource &source, const QString &error)
{
    finished();
    // Not exec(): a window-modal box that does not block the event loop (nor tests).
    const bool ais = source.kind == ProjectSource::Kind::Ais;
    auto *box =
        new QMessageBox(QMessageBox::Warning, QStringLiteral("Could not open file"),
                        QStringLiteral("Could not load %1 from \u201c%2\u201d.")
                            .arg(ais ? QStringLiteral("AIS positions") : QStringLiteral("events"),
                                 fileName(source.path)),
                        QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("loadErrorBox"));
    QStringList files;
    for (const QString &path : source.paths())
        files << QDir::toNativeSeparators(path);
    // A database names its table (the connection alone does not say which).
    if (!source.layer.isEmpty()
        && source.path.startsWith(QLatin1String("PG:"), Qt::CaseInsensitive))
        files.last() += QStringLiteral(", table %1").arg(source.layer);
    box->setInformativeText(QStringLiteral("%1\n\nFile: %2\n\nThe data already shown was kept.")
                                .arg(error, files.join(QStringLiteral(", "))));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void LoadController::updateStatus()
{
    if (m_investigation->isLoading()) {
        const QString path = m_investigation->loadingSource().path;
        m_status->show();
        m_status->setText(QStringLiteral("Loading %1\u2026").arg(fileName(path)));
        m_status->setToolTip(path);
        return;
    }
    if (m_aisReportAction)
        m_aisReportAction->setEnabled(m_investigation->ais() != nullptr);
    const DataSource *source = m_investigation->events();
    if (!source || !source->store) {
        m_status->show();
        m_status->setText(m_investigation->ais()
                              ? QStringLiteral("No events loaded (AIS tracks only)")
                              : QStringLiteral("No events loaded"));
        m_status->setToolTip(QString());
        m_reportButton->hide();
        m_duplicates->hide();
        if (m_reportAction)
            m_reportAction->setEnabled(false);
        if (m_addAction)
            m_addAction->setEnabled(false);
        return;
    }
    // Short, because the filter summary beside it is what the user reads; the rest of
    // the load's story is on the report button and in the tool tip.
    const LoadReport &report = source->report;
    const auto events = static_cast<qint64>(source->store->size());
    const auto rejected = static_cast<qint64>(report.rejections.size());
    QString details = QStringLiteral("%1 rejected").arg(count(rejected));
    if (report.duplicates > 0)
        details += QStringLiteral(", %1 exact duplicate%2 %3")
                       .arg(count(report.duplicates),
                            report.duplicates == 1 ? QString() : QStringLiteral("s"),
                            report.duplicatesRemoved ? QStringLiteral("removed")
                                                     : QStringLiteral("flagged"));
    // The file is in the title bar and the counts in the summary: the load status
    // label steps aside to leave the summary room.
    m_status->clear();
    m_status->hide();
    if (m_summary) {
        QString tip = QStringLiteral("%1\n%2 event%3 loaded (%4)")
                          .arg(QDir::toNativeSeparators(source->origin.path), count(events),
                               events == 1 ? QString() : QStringLiteral("s"), details);
        // Added sources: counted together in the summary, listed here.
        for (const DataSource &other : m_investigation->sources()) {
            if (&other != source && other.store)
                tip += QStringLiteral("\n+ %1 (%2 events)")
                           .arg(QDir::toNativeSeparators(other.origin.path),
                                count(static_cast<qint64>(other.store->size())));
        }
        m_summary->setToolTip(tip);
    }

    if (m_reportAction)
        m_reportAction->setEnabled(true);
    if (m_addAction)
        m_addAction->setEnabled(true);
    const bool attention = rejected > 0 || !report.warnings.isEmpty();
    m_reportButton->setIcon(m_window->style()->standardIcon(
        attention ? QStyle::SP_MessageBoxWarning : QStyle::SP_FileDialogDetailedView));
    // Which figures the summary beside it counts: with or without the exact duplicates.
    m_duplicates->setVisible(report.duplicates > 0);
    m_duplicates->setText(
        QStringLiteral("duplicates %1 (%2)")
            .arg(report.duplicatesRemoved ? QStringLiteral("excluded") : QStringLiteral("included"),
                 count(report.duplicates)));
    m_duplicates->setToolTip(
        report.duplicatesRemoved
            ? QStringLiteral("%1 exact copies of earlier rows are left out of every figure.\n"
                             "Filter \u25b8 Exclude Exact Duplicates counts them again.")
                  .arg(count(report.duplicates))
            : QStringLiteral("%1 exact copies of earlier rows are counted in every figure.\n"
                             "Filter \u25b8 Exclude Exact Duplicates leaves them out.")
                  .arg(count(report.duplicates)));
    QString problems;
    if (rejected > 0)
        problems = QStringLiteral("%1 rejected").arg(count(rejected));
    m_reportButton->setText(problems.isEmpty() ? QStringLiteral("Show Report")
                                               : problems + QStringLiteral(" \u2014 Show Report"));
    m_reportButton->setToolTip(attention ? QStringLiteral("Some records were rejected or raised "
                                                          "warnings: see which and why")
                                         : QStringLiteral("How the file was read"));
    m_reportButton->show();
}

void LoadController::showOpenDialog()
{
    openFiles(chooseFiles(QStringLiteral("Open"), true));
}

void LoadController::showAddDialog()
{
    const QStringList paths = chooseFiles(QStringLiteral("Add Data Source"), true);
    if (paths.isEmpty())
        return;
    const QString path = paths.constFirst();
    QString why;
    if (const auto ais = aisSource(paths, &why)) {
        // Tracks always join the case (in place of earlier tracks).
        m_bar->showMessage(
            QStringLiteral("Adding %1 as AIS positions (%2)").arg(fileName(path), why), 10000);
        emit dataRequested(*ais);
        return;
    }
    if (ProjectController::isProjectFile(path)) {
        m_bar->showMessage(QStringLiteral("A project cannot be added as a data source: use Open "
                                          "Project"),
                           8000);
        return;
    }
    // Asked about as an opened file is (the column-mapping dialog when unsure).
    m_columns->add(QFileInfo(path).absoluteFilePath());
}

QStringList LoadController::chooseFiles(const QString &title, bool several)
{
    QSettings settings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"));
    const QString dir =
        settings.value(QStringLiteral("lastDirectory"), QDir::homePath()).toString();
    const QStringList filters = {
        QStringLiteral("Event and AIS files (*.csv *.tsv *.txt *.tab *.geojson *.json *.gpkg *.shp "
                       "*.kml *.kmz *.fgb *.gz *.zip *.nmea *.aivdm *.log)"),
        QStringLiteral("CSV and delimited text (*.csv *.tsv *.txt *.tab)"),
        QStringLiteral("GeoJSON (*.geojson *.json)"),
        QStringLiteral("GeoPackage (*.gpkg)"),
        QStringLiteral("Shapefile (*.shp)"),
        QStringLiteral("KML (*.kml *.kmz)"),
        QStringLiteral("FlatGeobuf (*.fgb)"),
        QStringLiteral("All files (*)"),
    };
    const QString joined = filters.join(QStringLiteral(";;"));
    const QStringList paths = several
        ? QFileDialog::getOpenFileNames(m_window, title, dir, joined)
        : QStringList {QFileDialog::getOpenFileName(m_window, title, dir, joined)};
    if (!paths.isEmpty() && !paths.constFirst().isEmpty())
        settings.setValue(QStringLiteral("lastDirectory"),
                          QFileInfo(paths.constFirst()).absolutePath());
    return paths.size() == 1 && paths.constFirst().isEmpty() ? QStringList() : paths;
}

void LoadController::updateReport()
{
    if (m_reportDialog)
        m_reportDialog->setReport(m_investigation->report());
    if (m_aisReportDialog && m_investigation->ais())
        m_aisReportDialog->setReport(m_investigation->ais()->report);
}

void LoadController::showAisReport()
{
    const DataSource *source = m_investigation->ais();
    if (!source)
        return;
    if (!m_aisReportDialog) {
        m_aisReportDialog = new LoadReportDialog(m_window);
        m_aisReportDialog->setObjectName(QStringLiteral("aisReportDialog"));
        m_aisReportDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_aisReportDialog->setReport(source->report);
    m_aisReportDialog->show();
    m_aisReportDialog->raise();
    m_aisReportDialog->activateWindow();
}

void LoadController::showReport()
{
    const DataSource *source = m_investigation->events();
    if (!source)
        return;
    if (!m_reportDialog) {
        m_reportDialog = new LoadReportDialog(m_window);
        m_reportDialog->setAttribute(Qt::WA_DeleteOnClose);
        m_reportDialog->setReport(source->report);
        connect(m_reportDialog, &LoadReportDialog::excludeDuplicatesToggled, this,
                &LoadController::excludeDuplicatesRequested);
    }
    // Asked for from the rejection notice, the rejections are what the user wants.
    if (!source->report.rejections.empty())
        m_reportDialog->tabs()->setCurrentIndex(2);
    m_reportDialog->show();
    m_reportDialog->raise();
    m_reportDialog->activateWindow();
}

#pragma once

#include <QObject>
#include <QPointer>

#include <optional>

class ColumnMappingFlow;
class Investigation;
class LoadReportDialog;
class QAction;
class QLabel;
class QMenu;
class QProgressDialog;
class QStatusBar;
class QToolButton;
class QWidget;
class RecentFilesMenu;
struct DataSource;
struct ProjectSource;

// The window's side of loading data into the Investigation, which does the loading
// itself: File ▸ Open…, Open Recent and Show Load Report; the progress dialog with
// Cancel; the message when a file cannot be read; the load's line in the status bar
// ("Loading …", "No events loaded", the report button with the rejections) and the load
// report dialog. A file whose columns are a per-vessel position stream (or an NMEA log)
// is AIS (aisreader::detect, said in the status bar) and joins the case as its tracks.
// Projects are not its business: a .rvz chosen here is handed on through
// projectRequested(), and an event file through dataRequested() (opening one is a new
// case, which the project side decides). The status bar says whether exact duplicates
// are counted ("duplicates excluded (98)"); the report dialog offers to exclude them.
class LoadController : public QObject
{
    Q_OBJECT
public:
    // window: the dialogs' parent; bar: where the load's line goes (added first, so the
    // window's own status widgets follow it).
    LoadController(Investigation *investigation, QWidget *window, QStatusBar *bar);
    ~LoadController() override;

    // Open…, Open Recent, a separator and Show Load Report.
    void addActions(QMenu *fileMenu);
    RecentFilesMenu *recentMenu() const { return m_recentMenu; }
    // Asks for the columns of a file the reader is unsure of, before it loads.
    ColumnMappingFlow *columnMapping() const { return m_columns; }
    // The window's filter summary, whose tool tip tells the load's story in full.
    void setSummaryLabel(QLabel *summary);
    // Files dropped on the window open as openFiles() opens them (the window's own drag
    // and drop events, through an event filter).
    void acceptDrops();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

public slots:
    // A .rvz goes to projectRequested(); anything else to dataRequested() (after the
    // column-mapping dialog when the reader is unsure of its columns).
    void openFile(const QString &path);
    // Several files: AIS position files (a week of daily files) load as one data set;
    // anything else opens one file, the first, and says so.
    void openFiles(const QStringList &paths);
    void showOpenDialog();
    // File ▸ Add Data Source…: one more event file, shown with the others.
    void showAddDialog();
    // File ▸ Open Database…: a table of a PostGIS database, opened as an event file is.
    void showDatabaseDialog();
    void showReport();
    // The AIS data set's report: records, loaded, rejections, NMEA sentence counts.
    void showAisReport();
    void cancelLoad();

signals:
    void projectRequested(const QString &path);
    void dataRequested(const ProjectSource &source);
    // The user asked, in the load report, to exclude (or include) exact duplicates.
    void excludeDuplicatesRequested(bool exclude);

private:
    void started(const ProjectSource &source);
    void progress(int permille);
    void finished();
    void failed(const ProjectSource &source, const QString &error);
    void updateStatus();
    void updateReport();
    QStringList chooseFiles(const QString &title, bool several);
    // The AIS source for these files when the reader sees positions (or NMEA) in the
    // first, with its reason in *why; nullopt: events.
    std::optional<ProjectSource> aisSource(const QStringList &paths, QString *why) const;
    void aisLoaded(const DataSource &source);

    Investigation *m_investigation;
    QWidget *m_window;
    QStatusBar *m_bar;
    QLabel *m_status = nullptr;
    QPointer<QLabel> m_summary;
    QToolButton *m_reportButton = nullptr;
    QLabel *m_duplicates = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_databaseAction = nullptr;
    QAction *m_reportAction = nullptr;
    QAction *m_aisReportAction = nullptr;
    RecentFilesMenu *m_recentMenu = nullptr;
    ColumnMappingFlow *m_columns = nullptr;
    QProgressDialog *m_progress = nullptr;
    QPointer<LoadReportDialog> m_reportDialog;
    QPointer<LoadReportDialog> m_aisReportDialog;
};

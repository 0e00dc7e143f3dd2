#pragma once

#include "exportsettings.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>

class ExportScene;
class Investigation;
class MapController;
class QAction;
class QMenu;
class QProgressDialog;
class QWidget;
class TransferFilter;

// The window's export commands, kept out of MainWindow: File ▸ Export Map… (Ctrl+E:
// the dialog, then the file written off the GUI thread with a progress dialog) and
// Copy Map (Ctrl+Shift+C: the map view, composed as an export at the view's size, to
// the clipboard). Each takes a frozen ExportScene of what the window shows, so the
// window may go on changing while a large export is drawn. The settings are remembered
// in QSettings and exposed for the project file (settings(), setSettings()).
class ExportController : public QObject
{
    Q_OBJECT
public:
    // Adds its actions to `menu`. What it exports: the map's layers, view and options,
    // the filter's criteria in words and the investigation's data file. window: the
    // dialogs' parent.
    ExportController(MapController *map, const TransferFilter *filter,
                     const Investigation *investigation, QWidget *window, QMenu *menu);
    ~ExportController() override; // waits for an export still running

    QAction *exportAction() const { return m_exportAction; }
    QAction *copyAction() const { return m_copyAction; }

    ExportSettings settings() const { return m_settings; }
    void setSettings(const ExportSettings &settings);

    // What the window shows now, frozen (the current view, layers, filters, file).
    std::shared_ptr<ExportScene> snapshot() const;
    // Writes `path` in the background; exportFinished() tells how it ended.
    void startExport(const ExportSettings &settings, const QString &path);
    bool isExporting() const { return m_watcher.isRunning(); }
    // The image Copy Map puts on the clipboard.
    QImage viewImage() const;

public slots:
    void showExportDialog();
    void copyMap();

signals:
    void exportFinished(bool ok, const QString &pathOrError);
    void settingsChanged();
    // For the window's status bar.
    void statusMessage(const QString &text, int timeoutMs);

private:
    struct Result
    {
        bool ok = false;
        QString error;
    };
    void finished();

    MapController *m_map;
    const TransferFilter *m_filter;
    const Investigation *m_investigation;
    QWidget *m_window;
    QAction *m_exportAction;
    QAction *m_copyAction;
    ExportSettings m_settings;
    QString m_lastPath;
    QFutureWatcher<Result> m_watcher;
    std::shared_ptr<ExportScene> m_running; // the scene the worker paints
    std::shared_ptr<std::atomic_bool> m_cancel;
    QString m_runningPath;
    QPointer<QProgressDialog> m_progress;
};

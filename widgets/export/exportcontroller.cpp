#include "exportcontroller.h"

#include "exportdialog.h"
#include "exportscene.h"
#include "exportwriter.h"
#include "investigation.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
#include "transferfilter.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QTimer>
#include <QtConcurrent>

#include <limits>

namespace {
const char *const kSettingsKey = "export/settings";
const char *const kPathKey = "export/lastPath";
} // namespace

ExportController::ExportController(MapController *map, const TransferFilter *filter,
                                   const Investigation *investigation, QWidget *window, QMenu *menu)
    : QObject(window),
      m_map(map),
      m_filter(filter),
      m_investigation(investigation),
      m_window(window)
{
    m_exportAction =
        menu->addAction(tr("&Export Map\u2026"), this, &ExportController::showExportDialog);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setObjectName(QStringLiteral("exportMapAction"));
    m_copyAction = menu->addAction(tr("&Copy Map"), this, &ExportController::copyMap);
    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyAction->setObjectName(QStringLiteral("copyMapAction"));

    QSettings store;
    const QJsonObject json =
        QJsonDocument::fromJson(store.value(QLatin1String(kSettingsKey)).toByteArray()).object();
    QString ignored; // remembered settings from another version: the defaults instead
    if (!json.isEmpty())
        ExportSettings::fromJson(json, &m_settings, &ignored);
    m_lastPath = store.value(QLatin1String(kPathKey)).toString();
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &ExportController::finished);
}

ExportController::~ExportController()
{
    if (m_cancel)
        *m_cancel = true;
    m_watcher.waitForFinished();
}

void ExportController::setSettings(const ExportSettings &settings)
{
    if (settings == m_settings)
        return;
    m_settings = settings;
    QSettings().setValue(QLatin1String(kSettingsKey),
                         QJsonDocument(m_settings.toJson()).toJson(QJsonDocument::Compact));
    emit settingsChanged();
}

std::shared_ptr<ExportScene> ExportController::snapshot() const
{
    ExportContext context;
    context.filters = FilterCaption::fromFilter(*m_filter);
    context.dataFile = m_investigation->report().file;
    MapController *map = m_map;
    return std::shared_ptr<ExportScene>(
        ExportScene::snapshot(*map->layers(), map->view()->viewport(), map->options(), context));
}

void ExportController::showExportDialog()
{
    if (isExporting()) {
        emit statusMessage(tr("An export is still running."), 4000);
        return;
    }
    std::shared_ptr<ExportScene> scene = snapshot();
    ExportDialog dialog(scene.get(), m_window);
    dialog.setSettings(m_settings);
    // In the case's folder (the project's, else the data's), not wherever the last
    // export of some other case went.
    dialog.setPath(m_investigation->suggestSavePath(m_lastPath, QStringLiteral("map")));
    dialog.updatePreview();
    const bool accepted = dialog.exec() == QDialog::Accepted;
    setSettings(dialog.settings()); // kept even when cancelled, as typed
    if (!accepted)
        return;
    m_lastPath = dialog.path();
    QSettings().setValue(QLatin1String(kPathKey), m_lastPath);
    m_running = scene;
    startExport(m_settings, m_lastPath);
}

void ExportController::startExport(const ExportSettings &settings, const QString &path)
{
    if (isExporting())
        return;
    if (!m_running)
        m_running = snapshot();
    m_runningPath = path;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_progress =
        new QProgressDialog(tr("Exporting the map to %1\u2026").arg(QFileInfo(path).fileName()),
                            tr("Cancel"), 0, 100, m_window);
    m_progress->setWindowTitle(tr("Export Map"));
    m_progress->setWindowModality(Qt::WindowModal);
    // Shown only when the export takes a while: QProgressDialog's own minimum duration
    // is checked only when the value changes, and the render is one long step.
    m_progress->setMinimumDuration(std::numeric_limits<int>::max());
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setValue(0);
    QTimer::singleShot(400, m_progress, [p = m_progress] {
        if (p)
            p->show();
    });
    std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    connect(m_progress, &QProgressDialog::canceled, this, [cancel] { *cancel = true; });
    QPointer<QProgressDialog> progress = m_progress;
    // A plain pointer: m_running keeps the scene alive until finished(), so that the
    // scene (QObjects of this thread) is always destroyed here, never by the worker.
    ExportScene *scene = m_running.get();
    m_watcher.setFuture(QtConcurrent::run([settings, scene, path, cancel, progress] {
        exportwriter::Progress p;
        p.cancel = cancel.get();
        p.report = [progress](int percent) {
            QMetaObject::invokeMethod(
                qApp,
                [progress, percent] {
                    if (progress)
                        progress->setValue(percent);
                },
                Qt::QueuedConnection);
        };
        Result r;
        r.ok = exportwriter::write(settings, *scene, path, &r.error, p);
        return r;
    }));
}

void ExportController::finished()
{
    const Result r = m_watcher.result();
    if (m_progress)
        m_progress->deleteLater();
    m_running.reset();
    const bool cancelled = m_cancel && *m_cancel;
    if (r.ok) {
        emit statusMessage(
            tr("Exported the map to %1").arg(QDir::toNativeSeparators(m_runningPath)), 8000);
    } else if (cancelled) {
        emit statusMessage(tr("Export cancelled; nothing was written."), 5000);
    } else {
        QMessageBox::warning(m_window, tr("Export Map"),
                             tr("The map could not be exported.\n\n%1").arg(r.error));
    }
    emit exportFinished(r.ok, r.ok ? m_runningPath : r.error);
}

QImage ExportController::viewImage() const
{
    // The view as it is on screen, at the screen's pixel density, with the export's
    // decorations: what a report gets from a screenshot, plus the facts.
    MapView *view = m_map->view();
    ExportSettings s = m_settings;
    s.sizeMode = ExportSettings::SizeMode::Pixels;
    s.fitToEvents = false; // the view as it is on screen
    const double dpr = view->devicePixelRatioF();
    s.dpi = int(std::lround(ExportSettings::kScreenDpi * dpr));
    s.pixelSize =
        QSize(int(std::lround(view->width() * dpr)), int(std::lround(view->height() * dpr)))
            .expandedTo(QSize(ExportSettings::kMinSide, ExportSettings::kMinSide));
    std::shared_ptr<ExportScene> scene = snapshot();
    return exportwriter::renderImage(s, *scene);
}

void ExportController::copyMap()
{
    const QImage image = viewImage();
    QApplication::clipboard()->setImage(image);
    emit statusMessage(
        tr("Copied the map (%1 \u00d7 %2) to the clipboard").arg(image.width()).arg(image.height()),
        5000);
}

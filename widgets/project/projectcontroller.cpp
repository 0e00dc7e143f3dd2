#include "projectcontroller.h"

#include "docks/eventsdock.h"
#include "docks/layersdock.h"
#include "eventstore.h"
#include "eventstorejson.h"
#include "investigation.h"
#include "io/dbmodule.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/rasterlayer.h"
#include "map/vectoroverlaylayer.h"
#include "mapui/mapcontroller.h"
#include "mapui/overlayloader.h"
#include "projectrecovery.h"
#include "projectstate.h"
#include "timewindow.h"
#include "transferfilter.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>

namespace {
const QString kAnnotations = QStringLiteral("annotations");
const QString kExportSettings = QStringLiteral("exportSettings");
constexpr int kMessageMs = 15000;

QString nameOf(const QString &path)
{
    return path.isEmpty() ? QStringLiteral("Untitled") : QFileInfo(path).fileName();
}

QSettings settings()
{
    return QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"));
}
} // namespace

ProjectController::ProjectController(const Context &context)
    : QObject(context.window),
      m_context(context),
      m_window(context.window),
      m_investigation(context.investigation),
      m_recovery(new ProjectRecovery(this))
{
    m_recovery->setCapture([this] { return capture(); });
    connect(m_recovery, &ProjectRecovery::failed, this, [this](const QString &error) {
        emit statusMessage(QStringLiteral("Autosave failed: %1").arg(error), kMessageMs);
    });
    m_dedupe = new QAction(QStringLiteral("Exclude Exact &Duplicates"), this);
    m_dedupe->setObjectName(QStringLiteral("excludeDuplicatesAction"));
    m_dedupe->setCheckable(true);
    m_dedupe->setToolTip(QStringLiteral("Leave exact copies of earlier rows out of every figure, "
                                        "as rendezvous info --dedupe does"));
    connect(m_dedupe, &QAction::triggered, this, &ProjectController::setExcludeDuplicates);
    updateDedupeAction();
    m_checkTimer.setSingleShot(true);
    m_checkTimer.setInterval(0);
    connect(&m_checkTimer, &QTimer::timeout, this, &ProjectController::updateModified);

    // Everything a project holds says when it changes; each change re-compares.
    const ProjectParts &parts = m_context.parts;
    connect(parts.filter, &TransferFilter::filterChanged, this, &ProjectController::scheduleCheck);
    // The filter says nothing when new search text shows the same rows; the text is
    // still part of the case.
    connect(parts.events->searchBox(), &QLineEdit::textChanged, this,
            &ProjectController::scheduleCheck);
    connect(parts.timeWindow, &TimeWindow::rangeChanged, this, &ProjectController::scheduleCheck);
    connect(parts.map->view(), &MapView::viewportChanged, this, &ProjectController::scheduleCheck);
    connect(parts.map, &MapController::optionsChanged, this, [this] {
        projectstate::applyTileUrl(m_context.parts, m_tileUrl); // the tiles may just exist now
        scheduleCheck();
    });
    connect(parts.map->layers(), &MapLayerSet::overlaysChanged, this,
            &ProjectController::scheduleCheck);
    connect(parts.map->eventLayer(), &MapLayer::changed, this, &ProjectController::scheduleCheck);
    connect(m_investigation, &Investigation::loadFinished, this, [this](bool ok) {
        if (ok && !m_applying)
            m_unloaded.reset(); // the user's own file replaces a missing one
        updateTitle();
        scheduleCheck();
        dataLoadFinished(ok);
    });
    connect(m_investigation, &Investigation::cleared, this, &ProjectController::updateDedupeAction);
    connect(m_investigation, &Investigation::detectedChanged, this,
            &ProjectController::scheduleCheck);
    // What an opening waits for ends with one of these (queued: after the load's, the
    // index's and the overlay's own receivers have seen it).
    connect(m_investigation, &Investigation::loadFinished, this, &ProjectController::checkIdle,
            Qt::QueuedConnection);
    connect(parts.map, &MapController::dataShown, this, &ProjectController::checkIdle,
            Qt::QueuedConnection);
    connect(m_context.overlays, &OverlayLoader::idle, this, &ProjectController::checkIdle,
            Qt::QueuedConnection);

    // The untitled state to compare with: the window as it starts, with the overlays
    // remembered from the last session once they are read (whatever else happens
    // meanwhile, such as a file from the command line loading, is a change).
    m_settling = true;
    const auto settle = [this] {
        if (!m_settling || !m_startState || m_context.layersDock->pendingCount() > 0)
            return;
        Project start = *m_startState;
        start.overlays = capture().overlays;
        m_settling = false;
        m_startState.reset();
        setBaseline(start, false);
    };
    // Queued: the dock gives a restored overlay its saved colour after announcing it.
    connect(m_context.layersDock, &LayersDock::overlayAdded, this, settle, Qt::QueuedConnection);
    connect(m_context.layersDock, &LayersDock::overlayFailed, this, settle, Qt::QueuedConnection);
    connect(m_context.layersDock, &LayersDock::rasterAdded, this, settle, Qt::QueuedConnection);
    QTimer::singleShot(0, this, [this, settle] {
        m_startState = capture(); // not in the constructor: the window is still being built
        settle();
    });
    updateTitle();
}

ProjectController::~ProjectController() = default;

bool ProjectController::isProjectFile(const QString &path)
{
    return QFileInfo(path).suffix().compare(Project::kSuffix, Qt::CaseInsensitive) == 0;
}

void ProjectController::addActions(QMenu *file)
{
    m_new = file->addAction(QStringLiteral("&New Project"), this, &ProjectController::newProject);
    m_new->setShortcut(QKeySequence::New);
    m_open = file->addAction(QStringLiteral("Open &Project\u2026"), this,
                             &ProjectController::showOpenDialog);
    // Ctrl+O opens event files.
    m_open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_save = file->addAction(QStringLiteral("&Save Project"), this, &ProjectController::save);
    m_save->setShortcut(QKeySequence::Save);
    m_saveAs = file->addAction(QStringLiteral("Save Project &As\u2026"), this,
                               &ProjectController::showSaveAsDialog);
    m_saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    for (QAction *a : {m_new, m_open, m_save, m_saveAs})
        a->setShortcutContext(Qt::WindowShortcut);
    file->addSeparator();
}

void ProjectController::registerSection(const QString &key, SectionSave save,
                                        SectionRestore restore)
{
    // Registered after a project opened: it gets that project's value now.
    const QJsonValue kept = key == kAnnotations ? QJsonValue(m_kept.annotations)
        : key == kExportSettings && !m_kept.exportSettings.isEmpty()
        ? QJsonValue(m_kept.exportSettings)
        : m_kept.sections.value(key);
    QString error;
    if (!kept.isUndefined() && !(kept.isArray() && kept.toArray().isEmpty())
        && !restore(kept, &error))
        emit statusMessage(
            QStringLiteral("%1 of %2 not restored: %3").arg(key, nameOf(m_path), error),
            kMessageMs);
    m_sections.push_back({key, std::move(save), std::move(restore)});
    // A section plugged in after start-up is part of the state from now on.
    if (!m_applying && !m_settling)
        setBaseline(capture(), m_forceModified);
}

Project ProjectController::capture() const
{
    Project p = projectstate::capture(m_context.parts);
    p.sources = m_investigation->allSources();
    if (m_investigation->eventSources().empty() && m_unloaded)
        p.sources.insert(p.sources.begin(), *m_unloaded);
    if (p.tileUrl.isEmpty())
        p.tileUrl = m_tileUrl;
    p.detected = detectedJson();
    // What no registered section claims is written back as it was read, never dropped.
    p.annotations = m_kept.annotations;
    p.exportSettings = m_kept.exportSettings;
    p.sections = m_kept.sections;
    for (const Section &s : m_sections) {
        const QJsonValue value = s.save();
        if (s.key == kAnnotations)
            p.annotations = value.toArray();
        else if (s.key == kExportSettings)
            p.exportSettings = value.toObject();
        else if (!value.isUndefined())
            p.sections.insert(s.key, value);
        else
            p.sections.remove(s.key);
    }
    return p;
}

// --- Opening. ---

void ProjectController::newProject()
{
    if (m_applying || !maybeSaveBeforeReplacing())
        return;
    apply(Project(), QString(), false);
}

void ProjectController::showOpenDialog()
{
    const QString dir =
        settings().value(QStringLiteral("lastProjectDirectory"), QDir::homePath()).toString();
    const QString path =
        QFileDialog::getOpenFileName(m_window, QStringLiteral("Open Project"), dir,
                                     QStringLiteral("Rendezvous projects (*.rvz);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

bool ProjectController::openProject(const QString &path)
{
    if (m_applying) {
        emit statusMessage(
            QStringLiteral("%1 is still opening: try again when it is done").arg(nameOf(m_path)),
            kMessageMs);
        return false;
    }
    if (!maybeSaveBeforeReplacing())
        return false;
    Project project;
    QString error;
    if (!Project::read(path, &project, &error)) {
        showError(QStringLiteral("Could not open project"),
                  QStringLiteral("Could not open the project \u201c%1\u201d.").arg(nameOf(path)),
                  QStringLiteral("%1\n\nFile: %2\n\nNothing was changed.")
                      .arg(error, QDir::toNativeSeparators(path)));
        emit projectOpened(false);
        return false;
    }
    settings().setValue(QStringLiteral("lastProjectDirectory"), QFileInfo(path).absolutePath());
    emit fileUsed(path);
    apply(std::move(project), QFileInfo(path).absoluteFilePath(), false);
    return true;
}

bool ProjectController::openState(Project project)
{
    if (m_applying || !maybeSaveBeforeReplacing())
        return false;
    apply(std::move(project), QString(), false);
    return true;
}

void ProjectController::markSaved(const Project &state)
{
    m_dataOnly.reset();
    m_recovery->remove();
    m_settling = false;
    setBaseline(state, false);
}

QString ProjectController::locate(const QString &missing) const
{
    if (m_locator)
        return m_locator(missing);
    const QString name = QFileInfo(missing).fileName();
    QString dir = QFileInfo(missing).absolutePath();
    if (!QFileInfo::exists(dir))
        dir = m_path.isEmpty() ? QDir::homePath() : QFileInfo(m_path).absolutePath();
    return QFileDialog::getOpenFileName(m_window, QStringLiteral("Locate %1").arg(name), dir,
                                        QStringLiteral("%1 (%1);;All files (*)").arg(name));
}

void ProjectController::apply(Project project, const QString &path, bool modified)
{
    m_applying = true;
    m_settling = false;
    setPath(path);
    m_opening.reset();
    m_reloading.reset();
    m_dataOnly.reset();
    m_unloaded.reset();
    m_tileUrl = project.tileUrl;
    m_kept = Project();
    m_kept.annotations = project.annotations;
    m_kept.exportSettings = project.exportSettings;
    m_kept.sections = project.sections;
    QStringList notes;
    // Moved files are asked for before anything loads, so that the user answers every
    // question at once and the loads run without interruption.
    std::vector<ProjectSource> sources;
    for (ProjectSource source : project.sources) {
        // A database table cannot be located as a file: its load says what is wrong.
        if (!db::isDatabase(source.path) && !QFileInfo(source.path).isFile()) {
            const QString found = locate(source.path);
            if (found.isEmpty()) {
                notes << (sources.empty() && !m_unloaded
                              ? QStringLiteral("opened without its data: %1 was not found")
                              : QStringLiteral("data %1 left out: not found"))
                             .arg(QDir::toNativeSeparators(source.path));
                if (!m_unloaded)
                    m_unloaded = source;
                continue;
            }
            source.path = QFileInfo(found).absoluteFilePath();
            modified = true; // the file on disk names the old place
        }
        sources.push_back(source);
    }
    std::vector<ProjectOverlay> overlays;
    for (ProjectOverlay overlay : project.overlays) {
        if (!QFileInfo(overlay.path).isFile()) {
            const QString found = locate(overlay.path);
            if (found.isEmpty()) {
                notes << QStringLiteral("layer %1 left out: not found")
                             .arg(QDir::toNativeSeparators(overlay.path));
                continue;
            }
            overlay.path = QFileInfo(found).absoluteFilePath();
            modified = true;
        }
        overlays.push_back(overlay);
    }
    project.overlays = std::move(overlays);

    // The event files load first (the first opened, the others added), then the AIS
    // data set (one per investigation: a second one in a hand-edited file is ignored).
    std::optional<ProjectSource> ais;
    for (auto it = sources.begin(); it != sources.end();) {
        if (it->kind == ProjectSource::Kind::Ais) {
            if (!ais)
                ais = *it;
            it = sources.erase(it);
        } else {
            ++it;
        }
    }
    const auto loaded = [this, project = std::move(project), notes, sources, ais,
                         modified]() mutable {
        const std::vector<ProjectSource> in = m_investigation->allSources();
        if (ais)
            sources.push_back(*ais);
        for (const ProjectSource &source : sources) {
            // The window said why in its own message; the project keeps its source.
            if (std::find(in.begin(), in.end(), source) == in.end())
                notes << QStringLiteral("its data %1 could not be loaded")
                             .arg(QDir::toNativeSeparators(source.path));
        }
        if (in.empty() && !sources.empty()) {
            m_unloaded = sources.front();
            m_investigation->clear();
        }
        restoreDetected(project.detected, &notes);
        whenIdle([this, project = std::move(project), notes, modified]() mutable {
            applyLoaded(std::move(project), std::move(notes), modified);
        });
    };
    // Then the tracks, once the events are in.
    const auto thenTracks = [this, ais, loaded]() mutable {
        const DataSource *now = m_investigation->ais();
        if (!ais)
            m_investigation->removeAis();
        else if (!now || now->origin != *ais)
            m_investigation->openAis(*ais);
        whenIdle(loaded);
    };
    if (sources.empty()) {
        m_investigation->clear(); // a case of tracks alone, or of nothing
        whenIdle(thenTracks);
    } else if (sources != m_investigation->eventSources() || m_investigation->isLoading()) {
        // The first file opened, the others added one after the other (a load asked for
        // while another runs would cancel it).
        m_investigation->openEvents(sources.front());
        whenIdle([this, sources, thenTracks]() mutable {
            if (m_investigation->currentSource() != sources.front())
                m_investigation->clear(); // the others must not join the previous case
            addSources({sources.begin() + 1, sources.end()}, thenTracks);
        });
    } else {
        whenIdle(thenTracks);
    }
}

QJsonObject ProjectController::detectedJson() const
{
    const DataSource *detected = m_investigation->detected();
    if (!detected || !detected->store)
        return {};
    // Written once per detection, not at every check of the modified state.
    if (m_detectedJsonOf != detected->store) {
        m_detectedJsonOf = detected->store;
        m_detectedJson = eventstorejson::toJson(*detected->store);
    }
    return m_detectedJson;
}

void ProjectController::restoreDetected(const QJsonObject &json, QStringList *notes)
{
    // The project's own events, exactly as saved, with or without the AIS they came from
    // (Project::fromJson has checked them); none: the previous case's do not stay.
    std::shared_ptr<const EventStore> store;
    if (!json.isEmpty()) {
        QString why;
        store = eventstorejson::fromJson(json, &why);
        if (!store)
            *notes << QStringLiteral("its detected events could not be read: %1").arg(why);
    }
    if (!m_investigation->setDetected(store) && store)
        *notes << QStringLiteral("its detected events could not be shown while a file loads");
    if (store && !m_investigation->tracks())
        *notes << QStringLiteral("its %L1 detected %2 shown as saved, without the AIS %3 found in")
                      .arg(qlonglong(store->size()))
                      .arg(store->size() == 1 ? QStringLiteral("event is")
                                              : QStringLiteral("events are"))
                      .arg(store->size() == 1 ? QStringLiteral("it was")
                                              : QStringLiteral("they were"));
}

void ProjectController::addSources(std::vector<ProjectSource> rest, std::function<void()> then)
{
    if (rest.empty())
        return then();
    const ProjectSource next = rest.front();
    rest.erase(rest.begin());
    m_investigation->addEvents(next);
    whenIdle([this, rest = std::move(rest), then = std::move(then)]() mutable {
        addSources(std::move(rest), std::move(then));
    });
}

void ProjectController::applyLoaded(Project project, QStringList notes, bool modified)
{
    // The load fitted the view to the data; the project's view replaces it.
    projectstate::applyView(m_context.parts, project);
    projectstate::applyStyles(m_context.parts, project);
    MapLayerSet *layers = m_context.parts.map->layers();
    for (VectorOverlayLayer *o : layers->overlays())
        layers->removeOverlay(o);
    for (RasterLayer *r : layers->rasters())
        layers->removeRaster(r);
    applyOverlays(std::move(project), std::move(notes), modified);
}

void ProjectController::applyOverlays(Project project, QStringList notes, bool modified)
{
    QStringList paths;
    for (const ProjectOverlay &o : project.overlays)
        paths << o.path;
    // Read together, added in the project's order (their draw order).
    m_context.overlays->read(
        paths, this,
        [this, project = std::move(project), notes, modified](OverlayLoader::Result read) mutable {
            if (read.outOfMemory)
                notes << QStringLiteral("not enough memory to read the layers");
            MapLayerSet *layers = m_context.parts.map->layers();
            std::vector<ProjectOverlay> added;
            for (size_t i = 0; i < read.files.size(); ++i) {
                if (!read.files[i].ok()) {
                    notes << QStringLiteral("layer left out: %1").arg(read.files[i].error);
                    continue;
                }
                const ProjectOverlay &o = project.overlays[i];
                if (read.files[i].raster) {
                    auto raster = std::make_unique<RasterLayer>(read.files[i].raster);
                    raster->setOpacity(o.opacity);
                    raster->setVisible(o.visible);
                    layers->addRaster(std::move(raster));
                    added.push_back(o);
                    continue;
                }
                auto layer = std::make_unique<VectorOverlayLayer>(read.files[i].geometry, o.path);
                layer->setColor(QColor::fromString(o.color));
                layer->setVisible(o.visible);
                layers->addOverlay(std::move(layer));
                added.push_back(o);
            }
            project.overlays = std::move(added);
            finishApply(project, std::move(notes), modified);
        });
}

void ProjectController::finishApply(const Project &project, QStringList notes, bool modified)
{
    projectstate::applyFilters(m_context.parts, project);
    for (const Section &s : m_sections) {
        QJsonValue value;
        if (s.key == kAnnotations)
            value = project.annotations;
        else if (s.key == kExportSettings)
            value = project.exportSettings.isEmpty() ? QJsonValue(QJsonValue::Undefined)
                                                     : QJsonValue(project.exportSettings);
        else
            value = project.sections.value(s.key);
        QString error;
        if (!s.restore(value, &error))
            notes << QStringLiteral("%1 not restored: %2").arg(s.key, error);
    }
    m_applying = false;
    // The baseline is the window as it now is (the same as the file, for all the window
    // could show); a source or layer that could not be loaded makes it differ.
    setBaseline(capture(), modified);
    QString message = m_path.isEmpty() ? QStringLiteral("New project")
                                       : QStringLiteral("Opened %1").arg(nameOf(m_path));
    if (!notes.isEmpty())
        message += QStringLiteral(": ") + notes.join(QStringLiteral("; "));
    emit statusMessage(message, notes.isEmpty() ? 5000 : 0);
    emit projectOpened(true);
}

void ProjectController::whenIdle(std::function<void()> next)
{
    m_idleQueue.push_back(std::move(next));
    // Never at once: the caller finishes its own step first.
    QMetaObject::invokeMethod(this, &ProjectController::checkIdle, Qt::QueuedConnection);
}

bool ProjectController::isBusy() const
{
    // The load, the map's index and the overlays each end in their own way (and a
    // cancelled load is followed by the next), and all must have.
    return m_investigation->isLoading() || m_context.parts.map->isIndexing()
        || m_context.layersDock->pendingCount() > 0;
}

void ProjectController::checkIdle()
{
    if (m_idleQueue.empty() || isBusy())
        return;
    std::vector<std::function<void()>> queue;
    queue.swap(m_idleQueue);
    for (auto &f : queue)
        f();
}

// --- Saving. ---

bool ProjectController::save()
{
    if (m_path.isEmpty())
        return showSaveAsDialog();
    return saveAs(m_path);
}

bool ProjectController::showSaveAsDialog()
{
    const QString source = m_investigation->currentSource().path;
    // In the project's folder, else the data's (Investigation::saveFolder), never the
    // folder of some other case saved last.
    const QString suggestion = m_investigation->suggestSavePath(
        m_path,
        (source.isEmpty() ? QStringLiteral("Untitled") : QFileInfo(source).completeBaseName())
            + QStringLiteral(".rvz"));
    QString path =
        QFileDialog::getSaveFileName(m_window, QStringLiteral("Save Project As"), suggestion,
                                     QStringLiteral("Rendezvous projects (*.rvz)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".rvz");
    return saveAs(path);
}

bool ProjectController::saveAs(const QString &path)
{
    if (m_applying)
        return false;
    const Project state = capture();
    QString error;
    if (!state.write(path, &error)) {
        showError(QStringLiteral("Could not save project"),
                  QStringLiteral("Could not save the project \u201c%1\u201d.").arg(nameOf(path)),
                  QStringLiteral("%1\n\nThe file on disk, if any, was left as it was.").arg(error));
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    setPath(absolute); // removes the old name's recovery file
    m_dataOnly.reset();
    m_recovery->remove();
    settings().setValue(QStringLiteral("lastProjectDirectory"), QFileInfo(path).absolutePath());
    emit fileUsed(absolute);
    m_settling = false;
    setBaseline(state, false);
    emit statusMessage(QStringLiteral("Saved %1").arg(nameOf(path)), 5000);
    emit saved(absolute);
    return true;
}

// --- Modified state, title. ---

void ProjectController::markModified()
{
    scheduleCheck();
}

bool ProjectController::isModified()
{
    if (m_checkTimer.isActive())
        updateModified();
    return m_modified;
}

void ProjectController::scheduleCheck()
{
    if (!m_applying)
        m_checkTimer.start();
}

void ProjectController::setBaseline(const Project &state, bool forceModified)
{
    m_baseline = state;
    m_forceModified = forceModified;
    updateModified();
}

void ProjectController::updateModified()
{
    if (m_applying || m_settling)
        return;
    const bool modified = m_forceModified || capture() != m_baseline;
    m_recovery->setModified(modified);
    if (modified == m_modified && m_window->isWindowModified() == modified) {
        updateTitle();
        return;
    }
    m_modified = modified;
    updateTitle();
    emit modifiedChanged(modified);
}

void ProjectController::updateTitle()
{
    const std::vector<ProjectSource> sources =
        m_investigation->allSources(); // the AIS data set too
    QString data = sources.empty() ? QString() : QFileInfo(sources.front().path).fileName();
    if (sources.size() > 1)
        data += QStringLiteral(" + %1 more").arg(sources.size() - 1);
    QString title;
    if (!m_path.isEmpty())
        title = data.isEmpty()
            ? QStringLiteral("%1[*] \u2014 Rendezvous").arg(nameOf(m_path))
            : QStringLiteral("%1[*] (%2) \u2014 Rendezvous").arg(nameOf(m_path), data);
    else if (!data.isEmpty())
        title = QStringLiteral("%1[*] \u2014 Rendezvous").arg(data);
    else
        title = QStringLiteral("Rendezvous[*]");
    m_window->setWindowTitle(title);
    m_window->setWindowModified(m_modified);
}

void ProjectController::showError(const QString &title, const QString &text, const QString &details)
{
    // Not exec(): a window-modal box that does not block the event loop (nor tests).
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("projectErrorBox"));
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// --- Unsaved changes, recovery. ---

bool ProjectController::maybeSave()
{
    updateModified(); // a change made this very turn of the event loop counts
    if (!m_modified)
        return true;
    QMessageBox::StandardButton answer;
    if (m_unsavedPrompt) {
        answer = m_unsavedPrompt();
    } else {
        QMessageBox box(QMessageBox::Warning, QStringLiteral("Unsaved changes"),
                        QStringLiteral("Save the changes to \u201c%1\u201d?").arg(nameOf(m_path)),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, m_window);
        box.setInformativeText(QStringLiteral("Your changes are lost if you don't save them."));
        box.setDefaultButton(QMessageBox::Save);
        answer = QMessageBox::StandardButton(box.exec());
    }
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool ProjectController::maybeClose()
{
    if (!maybeSave())
        return false;
    m_recovery->remove(); // a clean exit
    return true;
}

bool ProjectController::offerRecovery()
{
    Project project;
    ProjectRecovery::Recovered info;
    QString error;
    const auto answer = m_recovery->offer(m_window, m_recoveryPrompt, &project, &info, &error);
    if (answer == ProjectRecovery::Offer::Damaged)
        showError(QStringLiteral("Could not restore unsaved work"),
                  QStringLiteral("The recovery file could not be read."), error);
    if (answer != ProjectRecovery::Offer::Restore)
        return false;
    // Changes against the project file (or nothing, untitled): modified until saved.
    apply(std::move(project), info.projectPath, true);
    auto *once = new QObject(this);
    connect(this, &ProjectController::projectOpened, once, [this, once, file = info.file] {
        once->deleteLater();
        QString writeError;
        // This window owns the recovery now (under its own name and lock).
        if (m_recovery->writeNow(&writeError) && m_recovery->recoveryFile() != file)
            ProjectRecovery::discard(file);
    });
    return true;
}

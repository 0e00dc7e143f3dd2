// ProjectController: a data file opened as a new case, and the data source reloaded
// with duplicates excluded. Split from projectcontroller.cpp, which opens and saves
// project files.
//
// Events and AIS in one case (issue 16): AIS positions opened join the case as its
// tracks (in place of earlier tracks), whatever events it has; an event file opened
// into a case that has tracks and no events joins it too. An event file opened into a
// case with events is a new case, as before, and the tracks go with the old case.

#include "projectcontroller.h"

#include "eventstore.h"
#include "investigation.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
#include "projectrecovery.h"
#include "projectstate.h"

#include <QAction>
#include <QFileInfo>

namespace {
QString nameOf(const QString &path)
{
    return path.isEmpty() ? QStringLiteral("Untitled") : QFileInfo(path).fileName();
}
} // namespace

void ProjectController::setPath(const QString &path)
{
    if (path != m_path)
        m_recovery->setProjectPath(path);
    m_path = path;
    m_investigation->setProjectPath(path);
}

bool ProjectController::maybeSaveBeforeReplacing()
{
    updateModified();
    if (m_modified && m_path.isEmpty() && m_dataOnly) {
        // Where the map looks is no work to lose (and a large file's view is fitted
        // after its index is built, later than the state was taken).
        Project now = capture();
        now.centerLon = m_dataOnly->centerLon;
        now.centerLat = m_dataOnly->centerLat;
        now.zoom = m_dataOnly->zoom;
        now.viewWidth = m_dataOnly->viewWidth;
        now.viewHeight = m_dataOnly->viewHeight;
        if (now == *m_dataOnly)
            return true; // an untitled case that is just a file: opening it again restores it
    }
    return maybeSave();
}

void ProjectController::openData(const ProjectSource &source)
{
    if (source.path.isEmpty())
        return;
    if (m_applying) {
        emit statusMessage(
            QStringLiteral("%1 is still opening: try again when it is done").arg(nameOf(m_path)),
            15000);
        emit dataOpened(false);
        return;
    }
    if (source.kind == ProjectSource::Kind::Ais) {
        // Tracks beside the events: the case stays, and the change is one to save.
        m_investigation->openAis(source);
        return;
    }
    const std::vector<ProjectSource> current = m_investigation->eventSources();
    if (current.size() == 1 && current.front().path == source.path) {
        // The case's own file again: read again in place, with its options, as an
        // editor shows a document already open rather than a second copy.
        ProjectSource again = current.front();
        // Columns asked again (File ▸ Column Mapping…) come with the request.
        if (!source.fieldOverrides.isEmpty() || !source.layer.isEmpty()) {
            again.layer = source.layer;
            again.fieldOverrides = source.fieldOverrides;
        }
        m_opening = again;
        m_openingMode = Opening::Reload;
        m_investigation->openEvents(again);
        return;
    }
    if (!maybeSaveBeforeReplacing()) {
        emit dataOpened(false);
        return;
    }
    // The window as it starts (untitled, no data) is no case yet: the file becomes its
    // data, with whatever was set up before it. Anything else is a new case.
    const bool empty =
        current.empty() && !m_unloaded && (m_path.isEmpty() || m_investigation->ais());
    m_openingMode = !empty ? Opening::NewCase : m_modified ? Opening::Into : Opening::IntoPristine;
    // The case changes only once the file is in: a failed or cancelled load leaves the
    // project, its path and its state as they are.
    m_opening = source;
    m_investigation->openEvents(source);
}

void ProjectController::openedInPlace()
{
    // A colour-by column the file does not have would leave the box blank and every
    // marker grey.
    const DataSource *data = m_investigation->events();
    if (data && data->store
        && !projectstate::isColorKey(*data->store, m_context.parts.map->options().colorBy))
        m_context.parts.map->setColorBy(projectstate::defaultColorBy(*data->store));
    if (m_openingMode == Opening::IntoPristine) {
        m_dataOnly = capture();
    }
    updateDedupeAction();
    emit dataOpened(true);
}

void ProjectController::setExcludeDuplicates(bool exclude)
{
    ProjectSource source = m_investigation->currentSource();
    // With several files the reload would have to reread them all: one file only.
    if (m_applying || source.path.isEmpty() || source.dedupe == exclude
        || m_investigation->eventSources().size() > 1) {
        updateDedupeAction();
        return;
    }
    source.dedupe = exclude;
    // The reload resets the model (and the map fits the data): what the user set up is
    // put back once the new store is shown.
    m_reloading = capture();
    m_applying = true;
    m_investigation->openEvents(source);
}

void ProjectController::dataLoadFinished(bool ok)
{
    updateDedupeAction();
    if (m_investigation->isLoading())
        return; // a later load follows; its end decides
    if (m_opening) {
        const bool opened = ok && m_investigation->currentSource() == *m_opening;
        m_opening.reset();
        if (!opened)
            emit dataOpened(false);
        else if (m_openingMode == Opening::NewCase)
            startFreshInvestigation();
        else
            openedInPlace();
    }
    if (m_reloading) {
        const Project kept = *m_reloading;
        m_reloading.reset();
        whenIdle([this, kept] { finishReload(kept); });
    }
}

void ProjectController::startFreshInvestigation()
{
    // At once, in the load's own end: whoever waits for the load (the window's
    // loadFinished) then sees the new case, not the old one's filters on the new data.
    // Nothing here needs the map's index.
    setPath(QString());
    m_unloaded.reset();
    m_investigation->removeAis(); // the old case's tracks
    m_kept = Project();
    const ProjectParts &parts = m_context.parts;
    projectstate::applyFilters(parts, Project()); // the view stays where the load fitted it
    if (const DataSource *data = m_investigation->events(); data && data->store)
        parts.map->setColorBy(projectstate::defaultColorBy(*data->store));
    for (const Section &s : m_sections) {
        QString error;
        s.restore(QJsonValue(QJsonValue::Undefined), &error);
    }
    // Untitled with data is a change (closing asks), as for a file opened at start;
    // yet the state as opened is nothing to lose when yet another file replaces it.
    m_dataOnly = capture();
    Project empty = *m_dataOnly;
    empty.sources.clear();
    setBaseline(empty, false);
    updateDedupeAction();
    emit statusMessage(QStringLiteral("Opened %1 as a new investigation")
                           .arg(QFileInfo(m_investigation->currentSource().path).fileName()),
                       5000);
    emit dataOpened(true);
}

void ProjectController::finishReload(const Project &kept)
{
    projectstate::applyView(m_context.parts, kept);
    projectstate::applyFilters(m_context.parts, kept);
    m_applying = false;
    updateModified();
    updateDedupeAction();
}

void ProjectController::updateDedupeAction()
{
    if (!m_dedupe)
        return;
    const ProjectSource source = m_investigation->isLoading() ? m_investigation->loadingSource()
                                                              : m_investigation->currentSource();
    m_dedupe->setEnabled(m_investigation->eventSources().size() == 1);
    m_dedupe->setChecked(source.dedupe);
}

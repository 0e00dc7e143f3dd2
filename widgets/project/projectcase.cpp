// ProjectController: a data file opened as a new case, and the data source reloaded
// with duplicates excluded. Split from projectcontroller.cpp, which opens and saves
// project files.

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
    if (m_modified && m_path.isEmpty() && m_dataOnly && capture() == *m_dataOnly)
        return true; // an untitled case that is just a file: opening it again restores it
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
    if (!maybeSaveBeforeReplacing()) {
        emit dataOpened(false);
        return;
    }
    // The case changes only once the file is in: a failed or cancelled load leaves the
    // project, its path and its state as they are.
    m_opening = source;
    m_investigation->openEvents(source);
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
        if (opened)
            startFreshInvestigation();
        else
            emit dataOpened(false);
    }
    if (m_reloading) {
        const Project kept = *m_reloading;
        m_reloading.reset();
        whenIdle([this, kept] { finishReload(kept); });
    }
}

void ProjectController::startFreshInvestigation()
{
    m_applying = true;
    setPath(QString());
    m_unloaded.reset();
    m_kept = Project();
    whenIdle([this] {
        const ProjectParts &parts = m_context.parts;
        // Filters back to none; the view stays where the load fitted it.
        projectstate::applyFilters(parts, Project());
        if (const DataSource *data = m_investigation->events(); data && data->store)
            parts.map->setColorBy(projectstate::defaultColorBy(*data->store));
        for (const Section &s : m_sections) {
            QString error;
            s.restore(QJsonValue(QJsonValue::Undefined), &error);
        }
        m_applying = false;
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
    });
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

#pragma once

#include "project.h"
#include "projectstate.h"

#include <QJsonValue>
#include <QMessageBox>
#include <QObject>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class EventStore;
class Investigation;
class LayersDock;
class OverlayLoader;
class ProjectRecovery;
class QAction;
class QMenu;

// Projects in the window: File ▸ New Project, Open Project…, Save Project, Save Project
// As…; the title shows the project's name and a * while it has unsaved changes; closing
// with changes asks Save / Discard / Cancel; an autosave to a recovery file while there
// are changes (ProjectRecovery) and the offer to restore it after a crash.
//
// What a project holds comes from the Investigation (data source), the window's parts
// (filters, time window, view, layers, styles: ProjectParts) and from sections other parts register
// (annotations, export settings):
//
//   controller->registerSection("annotations",
//       [model] { return QJsonValue(model->toJson()); },
//       [model](const QJsonValue &v, QString *error) {
//           return model->fromJson(v.toArray(), error); });
//   connect(model, &AnnotationModel::changed, controller, &ProjectController::markModified);
//
// "annotations" is stored as the project's annotations (a JSON array), "exportSettings" as
// its export settings (an object); any other key under "sections". restore() gets the
// value from the file, or an undefined QJsonValue when the file has none (a new project,
// an older file): the section then goes back to its empty or default state.
//
// "Modified" is a comparison, not a flag: the window's state against the state last
// saved or opened, re-checked after every change signal (so undoing back to the saved
// state clears the *).
//
// Opening applies the project in order: the data source (through the Investigation,
// waiting for its loadFinished and for the map's dataShown, never polling), then the view, the
// layers (overlays read off the GUI thread and added in their order), the filters and the sections.
// A data file that is not where the project says is asked for (locator(), a "Locate <name>" file
// dialog); cancelled, the project opens without its data, says so, and keeps the source
// so that saving does not drop it. A damaged or newer file changes nothing and says why.
class ProjectController : public QObject
{
    Q_OBJECT
public:
    using SectionSave = std::function<QJsonValue()>;
    using SectionRestore = std::function<bool(const QJsonValue &value, QString *error)>;
    // Returns the file's new place, or "" when the user gives up.
    using Locator = std::function<QString(const QString &missingPath)>;
    // Unsaved changes: QMessageBox::Save, Discard or Cancel.
    using UnsavedPrompt = std::function<QMessageBox::StandardButton()>;
    // A recovery file from a crash: true to restore, false to discard.
    using RecoveryPrompt = std::function<bool(const QString &projectName, const QDateTime &saved)>;

    // What the controller works on; none of it is the window class itself.
    struct Context
    {
        QWidget *window = nullptr; // title, modified mark, dialogs' parent
        Investigation *investigation = nullptr;
        ProjectParts parts;
        LayersDock *layersDock = nullptr; // the session's overlays, read at start-up
        OverlayLoader *overlays = nullptr;
    };
    explicit ProjectController(const Context &context);
    ~ProjectController() override;

    static bool isProjectFile(const QString &path);
    void addActions(QMenu *fileMenu); // at the top of the File menu

    void registerSection(const QString &key, SectionSave save, SectionRestore restore);

    QString projectPath() const { return m_path; } // empty: untitled
    // Compared now if a change of this very turn of the event loop is still to be compared.
    bool isModified();
    bool isApplying() const { return m_applying; }
    // The window's state now, as a project (what Save writes).
    Project capture() const;

    // For tests (and the defaults' replacement): the dialogs this class would show.
    void setLocator(Locator locator) { m_locator = std::move(locator); }
    void setUnsavedPrompt(UnsavedPrompt prompt) { m_unsavedPrompt = std::move(prompt); }
    void setRecoveryPrompt(RecoveryPrompt prompt) { m_recoveryPrompt = std::move(prompt); }
    ProjectRecovery *recovery() const { return m_recovery; }

    QAction *newAction() const { return m_new; }
    QAction *openAction() const { return m_open; }
    QAction *saveAction() const { return m_save; }
    QAction *saveAsAction() const { return m_saveAs; }
    // Filter ▸ Exclude Exact Duplicates: checked while the data source collapses them.
    QAction *dedupeAction() const { return m_dedupe; }

public slots:
    void newProject();
    // Asks about unsaved changes first; false when the file cannot be read (the window
    // is then unchanged and a message says why) or the user cancelled.
    bool openProject(const QString &path);
    bool save(); // Save As when untitled
    // A project that is no file (the team database's, dbproject/): opened as an untitled
    // case, after the unsaved-changes question. false: cancelled, or still opening.
    bool openState(Project project);
    // The window's state (capture()) was saved elsewhere (the database): no unsaved
    // changes from here on, and no recovery file for them.
    void markSaved(const Project &state);
    bool saveAs(const QString &path);
    void showOpenDialog();
    bool showSaveAsDialog();
    // A data file as a new untitled investigation (unsaved changes asked about first);
    // dataOpened() tells how it ended. AIS (source.kind Ais) joins the case instead, as
    // its tracks (projectcase.cpp); the Investigation's signals tell how that ended.
    void openData(const ProjectSource &source);
    // Reloads the data source with exact duplicates excluded (or included again),
    // keeping the view and the filters.
    void setExcludeDuplicates(bool exclude);
    // A registered section changed (or anything else the checks do not see).
    void markModified();
    // At startup: a recovery file left by a crash is offered (Restore / Discard). true
    // when one was restored.
    bool offerRecovery();
    // Unsaved changes asked about; false: the user cancelled, keep the window open.
    bool maybeClose();

signals:
    void modifiedChanged(bool modified);
    // A project finished opening (ok) or could not be read (false, nothing changed).
    void projectOpened(bool ok);
    // openData() ended: true, the new investigation is on screen; false, cancelled by
    // the user or the file could not be loaded, and the previous case is as it was.
    void dataOpened(bool ok);
    void saved(const QString &path);
    // A project file was opened or saved (for Open Recent).
    void fileUsed(const QString &path);
    // For the window's status bar (0: until the next message).
    void statusMessage(const QString &text, int timeoutMs);

private:
    struct Section
    {
        QString key;
        SectionSave save;
        SectionRestore restore;
    };

    bool maybeSave(); // true: go on (saved or discarded)
    // Before another file or project replaces the case: asks only when there is work
    // the data file alone does not bring back (changes since it was opened, or to a
    // saved project). Closing asks whenever there are unsaved changes (maybeSave).
    bool maybeSaveBeforeReplacing();
    void setPath(const QString &path);
    void dataLoadFinished(bool ok);
    void startFreshInvestigation();
    void openedInPlace();
    void finishReload(const Project &kept);
    void updateDedupeAction();
    void apply(Project project, const QString &path, bool modified);
    void addSources(std::vector<ProjectSource> rest, std::function<void()> then);
    // The Detected events as the project stores them (Project::detected), and back.
    QJsonObject detectedJson() const;
    void restoreDetected(const QJsonObject &json, QStringList *notes);
    void applyLoaded(Project project, QStringList notes, bool modified);
    void applyOverlays(Project project, QStringList notes, bool modified);
    void finishApply(const Project &project, QStringList notes, bool modified);
    // Runs next once no load, map index or overlay read is running (checked again on
    // each of their end signals).
    void whenIdle(std::function<void()> next);
    void checkIdle();
    bool isBusy() const;
    void scheduleCheck();
    void updateModified();
    void updateTitle();
    void setBaseline(const Project &state, bool forceModified);
    void showError(const QString &title, const QString &text, const QString &details);
    QString locate(const QString &missingPath) const;

    Context m_context;
    QWidget *m_window;
    Investigation *m_investigation;
    ProjectRecovery *m_recovery;
    std::vector<Section> m_sections;
    QString m_path;
    Project m_baseline; // the state last saved or opened
    bool m_forceModified = false; // restored from a recovery file: differs from the disk
    bool m_modified = false;
    bool m_applying = false;
    bool m_settling = false; // start-up: the untitled baseline is not taken yet
    std::optional<Project> m_startState;
    std::optional<ProjectSource> m_unloaded; // the project's data, not found or not loaded
    std::optional<ProjectSource> m_opening; // openData()'s file, while it loads
    // What openData() does once the file is in: a new case, the data of the empty
    // window it was opened in (with or without changes made before), or the case's own
    // file read again.
    enum class Opening { NewCase, Into, IntoPristine, Reload } m_openingMode = Opening::NewCase;
    std::optional<Project> m_reloading; // the state to keep over a reload (duplicates)
    std::optional<Project> m_dataOnly; // the state right after openData(): nothing to lose
    QString m_tileUrl; // the project's tile server, kept while the tiles are off
    Project m_kept; // the file's annotations, export settings and sections, as read
    mutable std::shared_ptr<const EventStore> m_detectedJsonOf; // the store m_detectedJson is of
    mutable QJsonObject m_detectedJson;
    std::vector<std::function<void()>> m_idleQueue;
    QTimer m_checkTimer;
    Locator m_locator;
    UnsavedPrompt m_unsavedPrompt;
    RecoveryPrompt m_recoveryPrompt;
    QAction *m_new = nullptr;
    QAction *m_open = nullptr;
    QAction *m_save = nullptr;
    QAction *m_saveAs = nullptr;
    QAction *m_dedupe = nullptr;
};

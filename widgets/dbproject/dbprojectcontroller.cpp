#include "dbprojectcontroller.h"

#include "db/databasedialog.h"
#include "db/passwordprompt.h"
#include "dbprojectsdialog.h"
#include "project.h"
#include "project/projectcontroller.h"

#include <QAction>
#include <QDateTime>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QJsonDocument>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QtConcurrent/QtConcurrentRun>

namespace {

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
               .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
        + QStringLiteral(" UTC");
}

QString who(const db::ProjectInfo &p)
{
    if (p.osUser.isEmpty() || p.osUser == p.savedBy)
        return p.savedBy;
    return QStringLiteral("%1 (logged in as %2)").arg(p.savedBy, p.osUser);
}

QString quotedName(const QString &name)
{
    return QStringLiteral("\u201c%1\u201d").arg(name);
}

} // namespace

DbProjectController::DbProjectController(ProjectController *projects, QWidget *window)
    : QObject(window), m_projects(projects), m_window(window)
{
    m_osUser = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    // Another project or data file replaces ours: its Save is no longer over our revision.
    connect(projects, &ProjectController::projectOpened, this, [this](bool ok) {
        if (m_opening) {
            m_opening = false;
            return;
        }
        if (ok) {
            m_source.clear();
            m_name.clear();
            m_revision = 0;
        }
    });
    connect(projects, &ProjectController::dataOpened, this, [this](bool ok) {
        if (ok && !m_opening) {
            m_source.clear();
            m_name.clear();
            m_revision = 0;
        }
    });
}

DbProjectController::~DbProjectController() = default;

void DbProjectController::addActions(QMenu *file)
{
    m_openAction = file->addAction(QStringLiteral("Open Projec&t from Database\u2026"), this,
                                   &DbProjectController::showOpenDialog);
    m_openAction->setObjectName(QStringLiteral("openProjectFromDatabaseAction"));
    m_openAction->setToolTip(
        QStringLiteral("Open a project a team shares in a PostgreSQL database"));
    m_saveAction = file->addAction(QStringLiteral("Sa&ve Project to Database\u2026"), this,
                                   &DbProjectController::showSaveDialog);
    m_saveAction->setObjectName(QStringLiteral("saveProjectToDatabaseAction"));
    m_saveAction->setToolTip(QStringLiteral(
        "Save this project in a PostgreSQL database, as a new revision of the one you opened"));
    file->addSeparator();
    updateActions();
}

void DbProjectController::updateActions()
{
    for (QAction *a : {m_openAction, m_saveAction}) {
        if (a)
            a->setEnabled(!isBusy());
    }
}

void DbProjectController::run(const QString &source, Call call, Done done,
                              std::function<void()> cancelled)
{
    db::Session session;
    session.source = source;
    session.password = db::sessionPassword(source); // typed into the prompt this run
    session.statementTimeoutMs = m_statementTimeoutMs;
    auto *watcher = new QFutureWatcher<db::ProjectReply>(this);
    ++m_running;
    updateActions();
    emit busyChanged(true);
    connect(
        watcher, &QFutureWatcher<db::ProjectReply>::finished, this,
        [this, watcher, source, call, done, cancelled] {
            watcher->deleteLater();
            const db::ProjectReply reply = watcher->result();
            --m_running;
            updateActions();
            emit busyChanged(isBusy());
            if (reply.failure == db::Failure::NeedsPassword) {
                passwordprompt::ask(
                    m_window, source, reply.message,
                    [this, source, call, done, cancelled] { run(source, call, done, cancelled); },
                    cancelled);
                return;
            }
            // A wrong password is asked for again next time, never tried again.
            if (reply.failure == db::Failure::BadPassword)
                db::forgetSessionPassword(source);
            done(reply);
        });
    watcher->setFuture(QtConcurrent::run([call, session] { return call(session); }));
}

void DbProjectController::showError(const QString &text, const QString &details)
{
    // Not exec(): window-modal without blocking the event loop (nor tests).
    auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Shared project"), text,
                                QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("dbProjectErrorBox"));
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// --- Opening. ---

void DbProjectController::showOpenDialog()
{
    auto *dialog = new DbProjectsDialog(DbProjectsDialog::Mode::Open, m_source, {}, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    m_dialog = dialog;
    connect(dialog, &DbProjectsDialog::listRequested, this, &DbProjectController::list);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { open(dialog->source(), dialog->name()); });
    dialog->show();
    if (!dialog->source().isEmpty())
        list(dialog->source());
}

void DbProjectController::list(const QString &source)
{
    if (m_dialog)
        m_dialog->setBusy(true);
    const auto finish = [this, source](const db::ProjectReply &reply) {
        if (m_dialog) {
            m_dialog->setBusy(false);
            if (reply.ok)
                m_dialog->setProjects(reply);
            else
                m_dialog->setFailure(reply.message);
        }
        emit listed(source, reply);
    };
    run(
        source, [](const db::Session &s) { return db::listProjects(s); }, finish,
        [this] {
            if (m_dialog) {
                m_dialog->setBusy(false);
                m_dialog->setFailure(QStringLiteral("No password given: not connected."));
            }
        });
}

void DbProjectController::open(const QString &source, const QString &name)
{
    if (isBusy())
        return;
    run(
        source, [name](const db::Session &s) { return db::loadProject(s, name); },
        [this, source, name](const db::ProjectReply &reply) {
            if (!reply.ok) {
                showError(
                    QStringLiteral("Could not open the project %1 from the database.")
                        .arg(quotedName(name)),
                    QStringLiteral("%1\n\nNothing in the window was changed.").arg(reply.message));
                emit openFinished(false);
                return;
            }
            Project project;
            QString error;
            if (!Project::parse(reply.content, QString(), &project, &error)) {
                showError(QStringLiteral("Could not open the project %1 from the database.")
                              .arg(quotedName(name)),
                          QStringLiteral("Revision %1, saved by %2 at %3: %4\n\nNothing in the "
                                         "window was changed.")
                              .arg(reply.project.revision)
                              .arg(who(reply.project), when(reply.project.savedAtMs), error));
                emit openFinished(false);
                return;
            }
            m_opening = true;
            if (!m_projects->openState(std::move(project))) {
                m_opening = false;
                emit openFinished(false);
                return;
            }
            m_source = source;
            m_name = name;
            m_revision = reply.project.revision;
            m_projects->statusMessage(
                QStringLiteral("Opened %1 revision %2 (saved by %3 at %4) "
                               "from %5")
                    .arg(quotedName(name))
                    .arg(reply.project.revision)
                    .arg(who(reply.project), when(reply.project.savedAtMs), db::display(source)),
                10000);
            emit openFinished(true);
        },
        [this] { emit openFinished(false); });
}

// --- Saving. ---

void DbProjectController::showSaveDialog()
{
    auto *dialog = new DbProjectsDialog(DbProjectsDialog::Mode::Save, m_source, m_name, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    m_dialog = dialog;
    connect(dialog, &DbProjectsDialog::listRequested, this, &DbProjectController::list);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { saveTo(dialog->source(), dialog->name()); });
    dialog->show();
}

void DbProjectController::saveTo(const QString &source, const QString &name)
{
    const bool ours = name == m_name && db::display(source) == db::display(m_source);
    save(source, name, ours ? m_revision : 0);
}

void DbProjectController::saveAsNew(const QString &source, const QString &name)
{
    save(source, name, 0);
}

void DbProjectController::save(const QString &source, const QString &name, int openedRevision)
{
    if (isBusy() || m_projects->isApplying())
        return;
    // The state as it is now is what is written, and what "unsaved" is measured against
    // once it is in.
    const Project state = m_projects->capture();
    const QByteArray content =
        QJsonDocument(state.toJson(QString())).toJson(QJsonDocument::Compact);
    const QString osUser = m_osUser;
    run(
        source,
        [name, content, openedRevision, osUser](const db::Session &s) {
            return db::saveProject(s, name, content, openedRevision, osUser);
        },
        [this, source, name, state](const db::ProjectReply &reply) {
            if (reply.save == db::ProjectReply::Save::Saved) {
                m_source = source;
                m_name = name;
                m_revision = reply.project.revision;
                m_projects->markSaved(state);
                m_projects->statusMessage(QStringLiteral("Saved %1 revision %2 to %3")
                                              .arg(quotedName(name))
                                              .arg(reply.project.revision)
                                              .arg(db::display(source)),
                                          10000);
                emit saveFinished(true);
                return;
            }
            if (reply.save == db::ProjectReply::Save::Stale
                || reply.save == db::ProjectReply::Save::Exists) {
                refused(source, name, reply);
                emit saveFinished(false);
                return;
            }
            showError(QStringLiteral("Could not save the project %1 to the database.")
                          .arg(quotedName(name)),
                      QStringLiteral("%1\n\nNothing was written; the window keeps your changes.")
                          .arg(reply.message));
            emit saveFinished(false);
        },
        [this] { emit saveFinished(false); });
}

void DbProjectController::refused(const QString &source, const QString &name,
                                  const db::ProjectReply &reply)
{
    const db::ProjectInfo &newer = reply.project;
    const QString text = reply.save == db::ProjectReply::Save::Stale
        ? QStringLiteral("%1 was not saved: %2 saved revision %3 of it at %4, after you opened "
                         "revision %5.")
              .arg(quotedName(name), who(newer))
              .arg(newer.revision)
              .arg(when(newer.savedAtMs))
              .arg(m_revision)
        : QStringLiteral("%1 was not saved: %2 already has a project of that name, revision "
                         "%3 saved by %4 at %5.")
              .arg(quotedName(name), db::display(source))
              .arg(newer.revision)
              .arg(who(newer), when(newer.savedAtMs));
    auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Project not saved"), text,
                                QMessageBox::Cancel, m_window);
    box->setObjectName(QStringLiteral("staleSaveBox"));
    box->setInformativeText(
        QStringLiteral("Nothing was written: their work stays as they saved it, and yours stays "
                       "in this window. Save As keeps yours as a new project under another "
                       "name."));
    QPushButton *saveAs = box->addButton(QStringLiteral("Save &As\u2026"), QMessageBox::AcceptRole);
    saveAs->setObjectName(QStringLiteral("saveAsButton"));
    box->setDefaultButton(saveAs);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this,
            [this, saveAs, source, name](QAbstractButton *clicked) {
                if (clicked == saveAs)
                    askNewName(source, name);
            });
    box->open();
}

void DbProjectController::askNewName(const QString &source, const QString &name)
{
    auto *dialog = new QInputDialog(m_window);
    dialog->setObjectName(QStringLiteral("saveAsNameDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setWindowTitle(QStringLiteral("Save Project As"));
    dialog->setLabelText(QStringLiteral("A new name for your version of %1 in %2:")
                             .arg(quotedName(name), db::display(source)));
    dialog->setTextValue(m_osUser.isEmpty() ? name + QStringLiteral(" (copy)")
                                            : QStringLiteral("%1 (%2)").arg(name, m_osUser));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, source](const QString &newName) {
        if (!newName.trimmed().isEmpty())
            saveAsNew(source, newName.trimmed());
    });
    dialog->open();
}

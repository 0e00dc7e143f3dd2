#pragma once

#include "io/dbmodule.h"

#include <QObject>
#include <QPointer>

#include <functional>

class DbProjectsDialog;
class ProjectController;
class QAction;
class QMenu;
class QWidget;

// Shared projects in the team database (schema version 2): File ▸ Save Project to
// Database… and Open Project from Database… (a list with who saved each project, when,
// and its revision). A save goes over the revision this window opened (or saved) and
// no other: when a colleague saved in between, the database refuses it in the same
// transaction, and the window says who and when and offers Save As under a new name —
// nobody's annotations are overwritten.
//
// Every call runs off the GUI thread (the window stays responsive) on a connection of
// its own, so a failure (wrong password, unknown host, no server, a dropped connection,
// a statement timeout, a table not as Rendezvous makes it) is a message and nothing in
// the window changes; the next call connects anew. A server that asks for a password
// none of libpq's places gives gets it from the password prompt (db/passwordprompt.h),
// kept for this run only.
class DbProjectController : public QObject
{
    Q_OBJECT
public:
    DbProjectController(ProjectController *projects, QWidget *window);
    ~DbProjectController() override;

    void addActions(QMenu *fileMenu);
    QAction *saveAction() const { return m_saveAction; }
    QAction *openAction() const { return m_openAction; }

    bool isBusy() const { return m_running > 0; }
    // The database project the window shows, opened or saved there ("" / 0: none).
    QString currentSource() const { return m_source; }
    QString currentName() const { return m_name; }
    int currentRevision() const { return m_revision; }
    // Each call's statement timeout (default 30 s; 0: none).
    void setStatementTimeout(int ms) { m_statementTimeoutMs = ms; }
    // Who is recorded as the saver's login (default: $USER).
    void setOsUser(const QString &user) { m_osUser = user; }

public slots:
    void showSaveDialog();
    void showOpenDialog();
    // Saves the window's project as name in source: over the revision opened when it is
    // the project the window shows, else as a new project (refused if the name is taken).
    void saveTo(const QString &source, const QString &name);
    // As a new project: refused if the name is taken.
    void saveAsNew(const QString &source, const QString &name);
    void open(const QString &source, const QString &name);
    // The projects of source, for the open dialog.
    void list(const QString &source);

signals:
    void saveFinished(bool ok);
    void openFinished(bool ok); // fetched and handed to the project side (or not)
    void listed(const QString &source, const db::ProjectReply &reply);
    void busyChanged(bool busy);

private:
    using Call = std::function<db::ProjectReply(const db::Session &)>;
    using Done = std::function<void(const db::ProjectReply &)>;
    // Runs call off the GUI thread; asks for a password and runs it again when the server
    // wants one; done gets the reply (failures included, except a cancelled prompt).
    void run(const QString &source, Call call, Done done, std::function<void()> cancelled);
    void save(const QString &source, const QString &name, int openedRevision);
    void refused(const QString &source, const QString &name, const db::ProjectReply &reply);
    void askNewName(const QString &source, const QString &name);
    void showError(const QString &text, const QString &details);
    void updateActions();

    ProjectController *m_projects;
    QWidget *m_window;
    QAction *m_saveAction = nullptr;
    QAction *m_openAction = nullptr;
    QPointer<DbProjectsDialog> m_dialog;
    int m_running = 0;
    bool m_opening = false; // our project is being applied
    QString m_source, m_name;
    int m_revision = 0;
    int m_statementTimeoutMs = 30000;
    QString m_osUser;
};

Q_DECLARE_METATYPE(db::ProjectReply)

#pragma once

#include "io/dbmodule.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

// The dialogs of shared projects: Open (a connection, the list of its projects with
// who saved each, when and its revision) and Save (a connection and a name). The
// connection is typed or picked from those remembered by Open Database… (never with a
// password). The dialog does no database work itself: it asks (listRequested) and is
// told (setProjects, setFailure), so that the calls stay off the GUI thread.
class DbProjectsDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { Open, Save };
    DbProjectsDialog(Mode mode, const QString &initialSource, const QString &initialName,
                     QWidget *parent);

    QString source() const;
    QString name() const; // the chosen project (Open) or the name typed (Save)
    void setBusy(bool busy);
    void setProjects(const db::ProjectReply &reply);
    void setFailure(const QString &message);

signals:
    void listRequested(const QString &source);

private:
    void update();

    Mode m_mode;
    QComboBox *m_connection;
    QPushButton *m_listButton;
    QTreeWidget *m_projects;
    QLineEdit *m_name = nullptr;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

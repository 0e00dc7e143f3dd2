#pragma once

#include <QDialog>
#include <QFutureWatcher>

#include "io/dbmodule.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

// File ▸ Open Database…: service, host, port, database and user make a GDAL-style
// PG: connection (shown as it would be typed on the command line); Test connects off
// the GUI thread (the window stays responsive), says to what or why not, and lists the
// tables with points; Open gives the connection and the table. Connections opened are
// remembered (QSettings, newest first) as their PG: text: there is no password field,
// and a password is never stored — libpq reads it from ~/.pgpass or a service file.
class DatabaseDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DatabaseDialog(QWidget *parent = nullptr);
    ~DatabaseDialog() override;

    // PG:"host=… dbname=…" from the fields.
    QString source() const;
    QString table() const;
    // Fills the fields from a PG: text (a remembered connection).
    void setSource(const QString &source);
    bool isTesting() const { return m_watcher.isRunning(); }

    // The remembered connections, newest first (at most kMaxRemembered).
    static QStringList remembered();
    static void remember(const QString &source);
    static constexpr int kMaxRemembered = 10;

public slots:
    void test();

private:
    void update();
    void tested();
    void openChosen();

    QComboBox *m_saved;
    QLineEdit *m_service, *m_host, *m_port, *m_dbname, *m_user;
    QLineEdit *m_connection;
    QPushButton *m_testButton;
    QLabel *m_status;
    QComboBox *m_table;
    QDialogButtonBox *m_buttons;
    QFutureWatcher<db::TestResult> m_watcher;
};

#pragma once

#include "detect/detection.h"

#include <QDialog>

#include <functional>
#include <vector>

class QCheckBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// Analysis ▸ Detect…: which detectors to run and their rules, each with its Global
// Fishing Watch default and one line saying what it does, and the scope the filters set
// (the time window and area are not edited here: they are the filters').
class DetectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DetectDialog(QWidget *parent = nullptr);

    // Rules shown (their scope is kept as given and returned unchanged by rules()).
    void setRules(const detect::Rules &rules);
    detect::Rules rules() const;
    void setKinds(unsigned kinds); // detect::Kind bits
    unsigned kinds() const;
    // The scope in words (detectscope::describe), and whether there are tracks at all.
    void setScope(const QString &text);
    // The user's ports or anchorages (a point or polygon file, as `--ports FILE`), "" for
    // none. Detect with a path that is no file stays in the dialog and says so.
    void setPortsFile(const QString &path);
    QString portsFile() const;
    QLineEdit *portsField() const { return m_ports; }
    QPushButton *portsBrowseButton() const { return m_browse; }
    QLabel *portsError() const { return m_portsError; } // hidden unless there is one
    void accept() override;
    void setTracksSummary(const QString &text, bool hasTracks);

    QGroupBox *group(detect::Kind kind) const;
    QDoubleSpinBox *field(const QString &name) const; // by objectName, for the tests

private:
    void browsePorts();
    void restoreDefaults();
    void updateOk();
    QDoubleSpinBox *addRule(QWidget *box, const QString &name, const QString &label,
                            const QString &unit, double min, double max, int decimals,
                            const QString &explanation);

    detect::Rules m_rules; // what the fields do not show (the scope, the grid...)
    QGroupBox *m_encounters, *m_loitering, *m_gaps, *m_identity;
    QCheckBox *m_excludeLand;
    QLineEdit *m_ports;
    QPushButton *m_browse;
    QLabel *m_portsError;
    QLabel *m_scope, *m_tracks;
    QPushButton *m_ok = nullptr;
    bool m_hasTracks = true;
    // Reads the fields into rules, and the rules into the fields.
    std::vector<std::function<void(detect::Rules &)>> m_readers;
    std::vector<std::function<void(const detect::Rules &)>> m_writers;
};

#pragma once

#include <QDialog>
#include <QObject>
#include <QPageSize>
#include <QString>

#include <functional>
#include <string>
#include <vector>

class Investigation;
class MapController;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QWidget;
class TransferFilter;
class VesselsDock;

// The options of File ▸ Export Dossier…: the page size and the PDF's path (Browse…
// opens a save dialog in the data's folder).
class DossierDialog : public QDialog
{
    Q_OBJECT
public:
    DossierDialog(const QStringList &vessels, const QString &path, QPageSize::PageSizeId page,
                  QWidget *parent = nullptr);
    QString path() const;
    QPageSize::PageSizeId page() const;
    QComboBox *pageBox() const { return m_page; }
    QLineEdit *pathEdit() const { return m_path; }

private:
    QComboBox *m_page = nullptr;
    QLineEdit *m_path = nullptr;
};

// File ▸ Export Dossier…: a PDF dossier (dossierpdf) of the vessels selected in the
// Vessels dock, or else of the vessels of the selected events, for the window's
// filters: the figures are dossier::build's over the filter's rows, as the dock's.
// Never replaces a file without asking.
class DossierController : public QObject
{
    Q_OBJECT
public:
    // selectedEvents: the store rows of the events selected in the events table.
    DossierController(Investigation *investigation, const TransferFilter *filter,
                      VesselsDock *vessels, MapController *map,
                      std::function<std::vector<uint32_t>()> selectedEvents, QWidget *window,
                      QMenu *menu);

    QAction *action() const { return m_action; }
    // The identity keys the action would export now.
    std::vector<std::string> selectedKeys() const;
    // Writes the dossier of `keys` for the window's filters; false with a message.
    bool exportDossier(const std::vector<std::string> &keys, const QString &path,
                       QPageSize::PageSizeId page, bool overwrite, QString *error) const;

    // Asked before replacing a file (a message box by default; tests replace it).
    std::function<bool(const QString &path)> confirmOverwrite;
    // Shows the dialog and returns whether to go on (tests replace it).
    std::function<bool(DossierDialog &dialog)> runDialog;

public slots:
    void showDialog();

signals:
    void statusMessage(const QString &text, int timeoutMs);
    void exported(const QString &path);

private:
    void updateEnabled();

    Investigation *m_investigation;
    const TransferFilter *m_filter;
    VesselsDock *m_vessels;
    MapController *m_map;
    std::function<std::vector<uint32_t>()> m_selectedEvents;
    QWidget *m_window;
    QAction *m_action = nullptr;
    QString m_lastPath;
    QPageSize::PageSizeId m_page = QPageSize::A4;
};

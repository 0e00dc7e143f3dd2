#pragma once

#include <QDockWidget>

#include <QString>

#include <cstdint>
#include <vector>

class Investigation;
class QAction;
class QLineEdit;
class QTableView;
class TransferFilter;
class TransferModel;

// The events table as a dock, a view of the window's TransferFilter: sortable (the
// filter sorts), with a search box over event id, vessel names, IMO and MMSI numbers
// that sets the filter's text, so every view follows it. Its selection model is the
// window's one selection (the map reads and writes it too).
//
// Ctrl+C copies the selected rows as tab-separated text with a header row (the columns
// shown, in the order shown, as a spreadsheet pastes them). The context menu and the
// export button write the filtered or the selected events to a file with the writer of
// `rendezvous convert` (every attribute, the file's own columns), so the window and a
// script give the same file.
class EventsDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit EventsDock(TransferFilter *filter, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    TransferFilter *proxy() const { return m_proxy; }
    QLineEdit *searchBox() const { return m_search; }

    // After a load: hide columns no row fills, size the rest.
    void dataLoaded();
    // Selects the row of this store row and scrolls to it.
    void selectStoreRow(int row, bool add = false);

    // The case whose folder the export dialog starts in (Investigation::saveFolder).
    void setInvestigation(const Investigation *investigation) { m_investigation = investigation; }

    QAction *copyAction() const { return m_copy; }
    QAction *exportFilteredAction() const { return m_exportFiltered; }
    QAction *exportSelectedAction() const { return m_exportSelected; }
    // The selected rows as TSV: a header row, then one line per row in table order.
    QString selectedRowsAsTsv() const;
    // Store rows, ascending (the order `rendezvous convert` writes).
    std::vector<uint32_t> selectedStoreRows() const;
    // Writes these store rows to path as `rendezvous convert` would; the caller has had
    // any existing file's replacement confirmed. False with *error set on failure.
    bool exportRows(const std::vector<uint32_t> &rows, const QString &path, QString *error) const;

private:
    void fitColumns();
    void hideEmptyColumns();
    void showColumnMenu(const QPoint &pos);
    void showTableMenu(const QPoint &pos);
    void copySelection() const;
    QString startPath(const QString &defaultName) const;
    void exportWithDialog(bool selectedOnly);
    void updateActions();

    TransferModel *m_model = nullptr;
    TransferFilter *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
    QAction *m_copy = nullptr;
    QAction *m_exportFiltered = nullptr;
    QAction *m_exportSelected = nullptr;
    const Investigation *m_investigation = nullptr;
    QString m_lastExport; // the last export's path: the next dialog starts there if in the case
};

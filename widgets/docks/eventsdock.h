#pragma once

#include <QDockWidget>

class QLineEdit;
class QTableView;
class TransferFilter;
class TransferModel;

// The events table as a dock, a view of the window's TransferFilter: sortable (the
// filter sorts), with a search box over event id, vessel names, IMO and MMSI numbers
// that sets the filter's text, so every view follows it. Its selection model is the
// window's one selection (the map reads and writes it too).
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

private:
    void fitColumns();
    void hideEmptyColumns();
    void showColumnMenu(const QPoint &pos);

    TransferModel *m_model = nullptr;
    TransferFilter *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
};

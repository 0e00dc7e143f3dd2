#pragma once

#include <QDockWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class TransferModel;

// The events table as a dock: sortable, with a search box over event id, vessel
// names, IMO and MMSI numbers. Its selection model is the window's one selection
// (the map reads and writes it too).
class EventsDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit EventsDock(TransferModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
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
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
};

#pragma once

#include <QDockWidget>

class QTableWidget;
class TransferModel;

// Every attribute of the current event (all fields, flags and the file's extra
// columns) as a two-column table, so nothing the source file said is hidden.
class DetailsDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit DetailsDock(TransferModel *model, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    // A store row, or -1 for none.
    void showRow(int row);
    int row() const { return m_row; }

private:
    TransferModel *m_model = nullptr;
    QTableWidget *m_table = nullptr;
    int m_row = -1;
};

#include "detailsdock.h"

#include "transfermodel.h"

#include <QHeaderView>
#include <QTableWidget>

DetailsDock::DetailsDock(TransferModel *model, QWidget *parent)
    : QDockWidget(QStringLiteral("Details"), parent), m_model(model)
{
    setObjectName(QStringLiteral("detailsDock"));
    m_table = new QTableWidget(0, 2);
    m_table->setObjectName(QStringLiteral("detailsTable"));
    m_table->setHorizontalHeaderLabels({QStringLiteral("Attribute"), QStringLiteral("Value")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    setWidget(m_table);
    // A new file invalidates the row shown.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { showRow(-1); });
}

void DetailsDock::showRow(int row)
{
    m_row = row >= 0 && row < m_model->rowCount() ? row : -1;
    m_table->setRowCount(0);
    if (m_row < 0)
        return;
    const int columns = m_model->columnCount();
    m_table->setRowCount(columns);
    for (int c = 0; c < columns; ++c) {
        auto *name = new QTableWidgetItem(m_model->headerData(c, Qt::Horizontal).toString());
        QFont bold = name->font();
        bold.setBold(true);
        name->setFont(bold);
        const QString text = m_model->index(m_row, c).data().toString();
        auto *value = new QTableWidgetItem(text);
        value->setToolTip(text);
        m_table->setItem(c, 0, name);
        m_table->setItem(c, 1, value);
    }
    m_table->resizeColumnToContents(0);
}

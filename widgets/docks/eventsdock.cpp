#include "eventsdock.h"

#include "transferfilter.h"
#include "transfermodel.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {
constexpr int kMaxColumnWidth = 320;

// Greys out exact duplicates, so a reader of the table does not count the same
// transfer twice. Styling lives here: the models are headless.
class EventTableDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(TransferModel::DuplicateRole).toBool()) {
            const QBrush grey = option->palette.brush(QPalette::Disabled, QPalette::Text);
            option->palette.setBrush(QPalette::Text, grey);
            option->palette.setBrush(QPalette::HighlightedText, grey);
        }
    }
};
} // namespace

EventsDock::EventsDock(TransferFilter *filter, QWidget *parent)
    : QDockWidget(QStringLiteral("Events"), parent),
      m_model(filter->transferModel()),
      m_proxy(filter)
{
    setObjectName(QStringLiteral("eventsDock"));

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("eventSearch"));
    m_search->setPlaceholderText(QStringLiteral("Search id, vessel name, IMO, MMSI"));
    m_search->setClearButtonEnabled(true);
    // The search is the filter model's text criterion, so the map, the timeline and the
    // summary follow it as the table does.
    connect(m_search, &QLineEdit::textChanged, m_proxy, &TransferFilter::setText);

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("eventTable"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new EventTableDelegate(m_table));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Fixed row heights keep a 100k-row table as fast as a 10-row one.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->verticalHeader()->setToolTip(QStringLiteral("Row (or feature) in the source file"));
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // File order until the user picks a column; clicking a third time returns to it.
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->horizontalHeader()->setSortIndicatorClearable(true);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->horizontalHeader()->setToolTip(
        QStringLiteral("Click to sort; right-click to show or hide columns"));
    connect(m_table->horizontalHeader(), &QWidget::customContextMenuRequested, this,
            &EventsDock::showColumnMenu);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_search);
    layout->addWidget(m_table);
    setWidget(content);
}

void EventsDock::dataLoaded()
{
    hideEmptyColumns();
    fitColumns();
}

void EventsDock::selectStoreRow(int row, bool add)
{
    const int proxyRow = m_proxy->proxyRowOf(static_cast<uint32_t>(row));
    if (proxyRow < 0)
        return;
    const QModelIndex proxyIndex = m_proxy->index(proxyRow, 0);
    m_table->selectionModel()->select(
        proxyIndex,
        (add ? QItemSelectionModel::Select : QItemSelectionModel::ClearAndSelect)
            | QItemSelectionModel::Rows);
    m_table->selectionModel()->setCurrentIndex(proxyIndex, QItemSelectionModel::NoUpdate);
    m_table->scrollTo(proxyIndex);
}

void EventsDock::fitColumns()
{
    // Measures at most QHeaderView::resizeContentsPrecision() rows, so cheap on big
    // files; long notes would otherwise push every other column off screen.
    m_table->resizeColumnsToContents();
    for (int c = 0; c < m_proxy->columnCount(); ++c) {
        if (m_table->columnWidth(c) > kMaxColumnWidth)
            m_table->setColumnWidth(c, kMaxColumnWidth);
    }
}

void EventsDock::hideEmptyColumns()
{
    // A file without, say, IMO numbers would otherwise show eight blank vessel columns.
    // Decided from the data, not the mapping, so nothing a reader filled is ever hidden;
    // the header's context menu brings any column back. Time and position always show.
    const auto &store = m_model->store();
    const size_t rows = store ? store->size() : 0;
    const auto anyRow = [rows](const auto &has) {
        for (size_t r = 0; r < rows; ++r) {
            if (has(r))
                return true;
        }
        return false;
    };
    for (int c = 0; c < m_model->columnCount(); ++c) {
        bool show = true;
        if (const auto f = TransferModel::fieldForColumn(c)) {
            switch (*f) {
            case Field::Start:
            case Field::Latitude:
            case Field::Longitude:
                break;
            case Field::End:
                show = anyRow([&](size_t r) { return store->hasEnd(r); });
                break;
            case Field::Volume:
                show = anyRow([&](size_t r) { return !std::isnan(store->volume(r)); });
                break;
            default:
                show = anyRow([&](size_t r) { return !store->textView(*f, r).empty(); });
            }
        } else if (c == TransferModel::flagsColumn()) {
            show = anyRow([&](size_t r) { return store->flags(r) != 0; });
        }
        m_table->setColumnHidden(c, !show);
    }
}

void EventsDock::showColumnMenu(const QPoint &pos)
{
    QMenu menu(this);
    const int columns = m_proxy->columnCount();
    for (int c = 0; c < columns; ++c) {
        QAction *a = menu.addAction(m_proxy->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!m_table->isColumnHidden(c));
        connect(a, &QAction::toggled, this, [this, c](bool on) {
            m_table->setColumnHidden(c, !on);
            if (on && m_table->columnWidth(c) == 0)
                m_table->resizeColumnToContents(c);
        });
    }
    menu.addSeparator();
    menu.addAction(QStringLiteral("Show All Columns"), this, [this, columns] {
        for (int c = 0; c < columns; ++c)
            m_table->setColumnHidden(c, false);
        fitColumns();
    });
    menu.addAction(QStringLiteral("Hide Empty Columns"), this, &EventsDock::hideEmptyColumns);
    menu.exec(m_table->horizontalHeader()->mapToGlobal(pos));
}

#include "eventsdock.h"

#include "transfermodel.h"

#include <QApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {
constexpr int kMaxColumnWidth = 320;

// Sorts by the model's raw values, greys out exact duplicates (so a reader of the table
// does not count the same transfer twice) and filters by the search text. Styling
// lives here: the model is headless.
class EventTableProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setSearch(const QString &text)
    {
        const QString needle = text.trimmed().toLower();
        if (needle == m_needle)
            return;
        m_needle = needle;
        invalidateRowsFilter();
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::ForegroundRole && index.data(TransferModel::DuplicateRole).toBool())
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return QSortFilterProxyModel::data(index, role);
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &) const override
    {
        if (m_needle.isEmpty())
            return true;
        const auto *model = static_cast<const TransferModel *>(sourceModel());
        const auto &store = model->store();
        if (!store)
            return true;
        static const Field fields[] = {Field::Id,          Field::VesselAName, Field::VesselAImo,
                                       Field::VesselAMmsi, Field::VesselBName, Field::VesselBImo,
                                       Field::VesselBMmsi};
        const QByteArray needle = m_needle.toUtf8();
        const auto row = static_cast<size_t>(sourceRow);
        for (Field f : fields) {
            const std::string_view text = store->textView(f, row);
            const QByteArray bytes =
                QByteArray::fromRawData(text.data(), static_cast<qsizetype>(text.size()));
            // ASCII (nearly every name and number) without a QString per cell; other
            // scripts through QString's Unicode case folding.
            const bool ascii = std::all_of(bytes.begin(), bytes.end(), [](char c) {
                return static_cast<unsigned char>(c) < 0x80;
            });
            if (ascii ? bytes.toLower().contains(needle)
                      : QString::fromUtf8(bytes).contains(m_needle, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }

    // Unknown values (an invalid sort value: no end, unknown volume, blank text) stay at
    // the bottom in both orders: sorting by volume, largest first, must show the largest
    // known transfers first, not a screen of blanks.
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        const QVariant a = left.data(sortRole()), b = right.data(sortRole());
        const bool l = a.isValid(), r = b.isValid();
        // The model gives one type per column (case-folded text, qint64, double, int).
        if (l && r)
            return QVariant::compare(a, b) == QPartialOrdering::Less;
        if (l == r)
            return false;
        // Descending order compares the other way round (lessThan(right, left)).
        return l == (sortOrder() == Qt::AscendingOrder);
    }

private:
    QString m_needle;
};
} // namespace

EventsDock::EventsDock(TransferModel *model, QWidget *parent)
    : QDockWidget(QStringLiteral("Events"), parent), m_model(model)
{
    setObjectName(QStringLiteral("eventsDock"));
    auto *proxy = new EventTableProxy(this);
    m_proxy = proxy;
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TransferModel::SortRole);

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("eventSearch"));
    m_search->setPlaceholderText(QStringLiteral("Search id, vessel name, IMO, MMSI"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this,
            [proxy](const QString &text) { proxy->setSearch(text); });

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("eventTable"));
    m_table->setModel(m_proxy);
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
    const QModelIndex proxyIndex = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!proxyIndex.isValid())
        return;
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

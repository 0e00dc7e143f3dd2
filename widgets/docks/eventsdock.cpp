#include "eventsdock.h"

#include "investigation.h"

#include "io/gdalmodule.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
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

    m_copy = new QAction(QStringLiteral("&Copy Selected Rows"), this);
    m_copy->setObjectName(QStringLiteral("copyRowsAction"));
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copy->setToolTip(QStringLiteral("Copy the selected rows as tab-separated text with a "
                                      "header row (Ctrl+C)"));
    connect(m_copy, &QAction::triggered, this, &EventsDock::copySelection);
    // On the table, so Ctrl+C there copies the rows rather than QTableView's current
    // cell (a shortcut goes before the view's own key handling).
    m_table->addAction(m_copy);
    m_exportFiltered = new QAction(QStringLiteral("Export &Filtered Events…"), this);
    m_exportFiltered->setObjectName(QStringLiteral("exportFilteredAction"));
    m_exportFiltered->setToolTip(
        QStringLiteral("Write the events the filters let through to CSV, GeoPackage or GeoJSON"));
    connect(m_exportFiltered, &QAction::triggered, this, [this] { exportWithDialog(false); });
    m_exportSelected = new QAction(QStringLiteral("Export &Selected Events…"), this);
    m_exportSelected->setObjectName(QStringLiteral("exportSelectedAction"));
    m_exportSelected->setToolTip(
        QStringLiteral("Write the selected events to CSV, GeoPackage or GeoJSON"));
    connect(m_exportSelected, &QAction::triggered, this, [this] { exportWithDialog(true); });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &EventsDock::showTableMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &EventsDock::updateActions);
    connect(m_proxy, &TransferFilter::filterChanged, this, &EventsDock::updateActions);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &EventsDock::updateActions);

    auto *exportButton = new QToolButton;
    exportButton->setObjectName(QStringLiteral("eventsExportButton"));
    exportButton->setText(QStringLiteral("Export"));
    exportButton->setToolTip(QStringLiteral("Export the filtered or the selected events"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setAutoRaise(true);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(m_exportFiltered);
    exportMenu->addAction(m_exportSelected);
    exportButton->setMenu(exportMenu);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto *bar = new QHBoxLayout;
    bar->setSpacing(4);
    bar->addWidget(m_search, 1);
    bar->addWidget(exportButton);
    layout->addLayout(bar);
    layout->addWidget(m_table);
    setWidget(content);
    updateActions();
}

void EventsDock::updateActions()
{
    const bool hasRows = m_proxy->rowCount() > 0;
    const bool hasSelection = m_table->selectionModel()->hasSelection();
    m_copy->setEnabled(hasSelection);
    m_exportFiltered->setEnabled(hasRows);
    m_exportSelected->setEnabled(hasSelection);
}

void EventsDock::showTableMenu(const QPoint &pos)
{
    updateActions();
    QMenu menu(this);
    menu.addAction(m_copy);
    menu.addSeparator();
    menu.addAction(m_exportFiltered);
    menu.addAction(m_exportSelected);
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

std::vector<uint32_t> EventsDock::selectedStoreRows() const
{
    std::vector<uint32_t> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    rows.reserve(size_t(selected.size()));
    for (const QModelIndex &index : selected) {
        const int row = m_proxy->mapToSource(index).row();
        if (row >= 0)
            rows.push_back(uint32_t(row));
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

QString EventsDock::selectedRowsAsTsv() const
{
    // The table as the reader sees it: shown columns in their visual order, rows in
    // table order (sorted if the table is). A tab or line break inside a value would
    // split a spreadsheet's cell: it becomes a space.
    const QHeaderView *header = m_table->horizontalHeader();
    QList<int> columns;
    for (int v = 0; v < header->count(); ++v) {
        const int c = header->logicalIndex(v);
        if (!header->isSectionHidden(c))
            columns << c;
    }
    const auto clean = [](QString text) {
        for (QChar &ch : text) {
            if (ch == QLatin1Char('\t') || ch == QLatin1Char('\n') || ch == QLatin1Char('\r'))
                ch = QLatin1Char(' ');
        }
        return text;
    };
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    QStringList cells;
    for (int c : columns)
        cells << clean(m_proxy->headerData(c, Qt::Horizontal).toString());
    lines << cells.join(QLatin1Char('\t'));
    for (const QModelIndex &row : rows) {
        cells.clear();
        for (int c : columns)
            // The value as read, every digit and no grouping (Qt::EditRole), not the
            // table's rounded text: a spreadsheet then has the same numbers.
            cells << clean(m_proxy->index(row.row(), c).data(Qt::EditRole).toString());
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void EventsDock::copySelection() const
{
    if (!m_table->selectionModel()->hasSelection())
        return;
    QApplication::clipboard()->setText(selectedRowsAsTsv());
}

bool EventsDock::exportRows(const std::vector<uint32_t> &rows, const QString &path,
                            QString *error) const
{
    const auto &store = m_model->store();
    if (!store) {
        *error = QStringLiteral("no events are loaded");
        return false;
    }
    return gdal::writeFile(*store, rows, path, true, error);
}

QString EventsDock::startPath(const QString &defaultName) const
{
    // The case's folder (the project's, else the data's), or the last export's own place
    // within it; never the home folder while a case has one.
    if (m_investigation)
        return m_investigation->suggestSavePath(m_lastExport, defaultName);
    return m_lastExport.isEmpty() ? QDir::home().filePath(defaultName)
                                  : QFileInfo(m_lastExport).dir().filePath(defaultName);
}

void EventsDock::exportWithDialog(bool selectedOnly)
{
    const std::vector<uint32_t> rows =
        selectedOnly ? selectedStoreRows() : m_proxy->ascendingStoreRows();
    if (rows.empty())
        return;
    const QString csv = QStringLiteral("CSV (*.csv)");
    QString chosen = csv;
    // The dialog asks before replacing a file it shows; a name typed without an
    // extension gets one here, and that file is asked about separately.
    QString path = QFileDialog::getSaveFileName(
        this,
        selectedOnly ? QStringLiteral("Export Selected Events")
                     : QStringLiteral("Export Filtered Events"),
        startPath(selectedOnly ? QStringLiteral("selected-events.csv")
                               : QStringLiteral("events.csv")),
        csv + QStringLiteral(";;GeoPackage (*.gpkg);;GeoJSON (*.geojson)"), &chosen);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty()) {
        path += chosen.contains(QLatin1String("gpkg"))  ? QStringLiteral(".gpkg")
            : chosen.contains(QLatin1String("geojson")) ? QStringLiteral(".geojson")
                                                        : QStringLiteral(".csv");
        if (QFileInfo::exists(path)
            && QMessageBox::question(this, QStringLiteral("Export Events"),
                                     QStringLiteral("%1 already exists. Replace it?")
                                         .arg(QDir::toNativeSeparators(path)))
                != QMessageBox::Yes)
            return;
    }
    m_lastExport = QFileInfo(path).absoluteFilePath();
    QString error;
    if (!exportRows(rows, path, &error))
        QMessageBox::warning(
            this, QStringLiteral("Export Events"),
            QStringLiteral("Could not write %1:\n%2").arg(QDir::toNativeSeparators(path), error));
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

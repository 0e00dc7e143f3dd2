#include "loadreportdialog.h"

#include <QAbstractTableModel>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace {
// Counts in the same grouping as the event table's volumes, whatever the user's locale.
QString count(int64_t n)
{
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(static_cast<qlonglong>(n));
}

QString capitalised(QString s)
{
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

QLabel *selectableLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

void makeReadOnlyTable(QTableView *view)
{
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
}

QString plural(int64_t n, const char *singular, const char *many)
{
    return count(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? singular : many);
}
} // namespace

// Rows and reasons straight from the report's vector: no copy, no per-cell items, so
// 100k rejections cost only what the view paints.
class RejectionTableModel : public QAbstractTableModel
{
public:
    explicit RejectionTableModel(QObject *parent) : QAbstractTableModel(parent) { }

    void setReport(const LoadReport *report)
    {
        beginResetModel();
        m_report = report;
        endResetModel();
    }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override
    {
        return parent.isValid() || !m_report ? 0 : static_cast<int>(m_report->rejections.size());
    }
    int columnCount(const QModelIndex &parent = QModelIndex()) const override
    {
        return parent.isValid() ? 0 : 2;
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!m_report || !index.isValid() || index.row() >= rowCount())
            return {};
        const Rejection &r = m_report->rejections[static_cast<size_t>(index.row())];
        if (role == Qt::DisplayRole || (role == Qt::ToolTipRole && index.column() == 1)) {
            if (index.column() == 0)
                return static_cast<qint64>(r.row);
            return r.reason;
        }
        if (role == Qt::TextAlignmentRole && index.column() == 0)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        if (section == 0)
            return capitalised(m_report ? m_report->rowLabel : QStringLiteral("row"));
        return section == 1 ? QStringLiteral("Reason") : QVariant();
    }

private:
    const LoadReport *m_report = nullptr;
};

LoadReportDialog::LoadReportDialog(QWidget *parent) : QDialog(parent)
{
    buildUi();
}

LoadReportDialog::LoadReportDialog(const LoadReport &report, QWidget *parent)
    : LoadReportDialog(parent)
{
    setReport(report);
}

LoadReportDialog::~LoadReportDialog() = default;

void LoadReportDialog::buildUi()
{
    setWindowTitle(QStringLiteral("Load Report"));
    setSizeGripEnabled(true);
    resize(780, 560);

    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_path = selectableLabel(this);
    m_path->setForegroundRole(QPalette::PlaceholderText);
    m_error = selectableLabel(this);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);

    // Summary: counts and notes side by side, the column mapping below.
    auto *summary = new QWidget;
    auto *countsBox = new QGroupBox(QStringLiteral("Records"), summary);
    m_counts = new QFormLayout(countsBox);
    m_counts->setLabelAlignment(Qt::AlignRight);
    auto *notesBox = new QGroupBox(QStringLiteral("Reader's decisions"), summary);
    m_notes = selectableLabel(notesBox);
    m_notes->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    (new QVBoxLayout(notesBox))->addWidget(m_notes);
    auto *mappingBox = new QGroupBox(QStringLiteral("Column mapping"), summary);
    m_mapping = new QTableWidget(0, 2, mappingBox);
    m_mapping->setHorizontalHeaderLabels(
        {QStringLiteral("Event field"), QStringLiteral("Source column")});
    makeReadOnlyTable(m_mapping);
    m_mapping->verticalHeader()->hide();
    m_mapping->horizontalHeader()->setStretchLastSection(true);
    m_unmapped = selectableLabel(mappingBox);
    auto *mappingLayout = new QVBoxLayout(mappingBox);
    mappingLayout->addWidget(m_mapping);
    mappingLayout->addWidget(m_unmapped);
    auto *top = new QHBoxLayout;
    top->addWidget(countsBox, 2);
    top->addWidget(notesBox, 3);
    auto *summaryLayout = new QVBoxLayout(summary);
    summaryLayout->addLayout(top);
    summaryLayout->addWidget(mappingBox, 1);
    m_tabs->addTab(summary, QStringLiteral("Summary"));

    // Warnings: one line per message, with how many records and which.
    auto *warnings = new QWidget;
    m_warnings = new QTableWidget(0, 3, warnings);
    m_warnings->setHorizontalHeaderLabels(
        {QStringLiteral("Warning"), QStringLiteral("Records"), QStringLiteral("Rows")});
    makeReadOnlyTable(m_warnings);
    m_warnings->verticalHeader()->hide();
    m_warnings->horizontalHeader()->setStretchLastSection(true);
    m_noWarnings = new QLabel(QStringLiteral("No warnings."), warnings);
    auto *warningsLayout = new QVBoxLayout(warnings);
    warningsLayout->addWidget(m_noWarnings);
    warningsLayout->addWidget(m_warnings);
    m_tabs->addTab(warnings, QStringLiteral("Warnings"));

    // Rejections: every record that did not become an event, filterable.
    auto *rejections = new QWidget;
    m_rejectionsHint = new QLabel(rejections);
    m_rejectionsHint->setWordWrap(true);
    m_filter = new QLineEdit(rejections);
    m_filter->setPlaceholderText(QStringLiteral("Filter by row or reason"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(240);
    m_rejectionModel = new RejectionTableModel(this);
    m_rejectionProxy = new QSortFilterProxyModel(this);
    m_rejectionProxy->setSourceModel(m_rejectionModel);
    m_rejectionProxy->setFilterKeyColumn(-1);
    m_rejectionProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_rejectionsView = new QTableView(rejections);
    m_rejectionsView->setObjectName(QStringLiteral("rejectionsView"));
    m_rejectionsView->setModel(m_rejectionProxy);
    makeReadOnlyTable(m_rejectionsView);
    m_rejectionsView->verticalHeader()->hide();
    // makeReadOnlyTable fixed the row heights: the view never measures 100k rows.
    m_rejectionsView->horizontalHeader()->setStretchLastSection(true);
    m_rejectionsView->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_rejectionsView->horizontalHeader()->setSortIndicatorClearable(true);
    m_rejectionsView->setSortingEnabled(true);
    m_rejectionsView->setColumnWidth(
        0, fontMetrics().horizontalAdvance(QStringLiteral("Feature 00000000")));
    connect(m_filter, &QLineEdit::textChanged, m_rejectionProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_rejectionsHint, 1);
    filterRow->addWidget(m_filter);
    auto *rejectionsLayout = new QVBoxLayout(rejections);
    rejectionsLayout->addLayout(filterRow);
    rejectionsLayout->addWidget(m_rejectionsView);
    m_tabs->addTab(rejections, QStringLiteral("Rejected"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_copyButton =
        m_buttons->addButton(QStringLiteral("Copy Rejections"), QDialogButtonBox::ActionRole);
    m_copyButton->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    m_copyButton->setToolTip(
        QStringLiteral("Copy every rejected record (row and reason) as tab-separated text"));
    connect(m_copyButton, &QPushButton::clicked, this, &LoadReportDialog::copyRejections);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_path);
    layout->addWidget(m_error);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_buttons);
}

void LoadReportDialog::setReport(const LoadReport &report)
{
    m_report = report;
    const QString name = QFileInfo(m_report.file).fileName();
    m_title->setText(name.isEmpty() ? m_report.file : name);
    QStringList where {m_report.file};
    if (!m_report.driver.isEmpty())
        where << m_report.driver;
    if (!m_report.layer.isEmpty())
        where << QStringLiteral("layer \"%1\"").arg(m_report.layer);
    m_path->setText(where.join(QStringLiteral("  \u00b7  ")));
    m_error->setText(QStringLiteral("Could not be read: ") + m_report.error);
    m_error->setVisible(!m_report.ok());
    setWindowTitle(QStringLiteral("Load Report \u2014 ") + m_title->text());

    fillSummary();
    fillMapping();
    fillWarnings();

    m_filter->clear();
    m_rejectionModel->setReport(&m_report);
    const int64_t rejected = static_cast<int64_t>(m_report.rejections.size());
    m_rejectionsHint->setText(
        rejected == 0 ? QStringLiteral("No record was rejected.")
                      : QStringLiteral("%1 %2 not loaded, with the reason. %3 numbers are "
                                       "as in the file%4.")
                            .arg(count(rejected),
                                 rejected == 1 ? QStringLiteral("record was")
                                               : QStringLiteral("records were"),
                                 capitalised(m_report.rowLabel),
                                 m_report.rowLabel == QLatin1String("row")
                                     ? QStringLiteral(" (the header is row 1)")
                                     : QString()));
    m_filter->setEnabled(rejected > 0);
    m_copyButton->setEnabled(rejected > 0);
    m_tabs->setTabText(2, QStringLiteral("Rejected (%1)").arg(count(rejected)));
}

void LoadReportDialog::fillSummary()
{
    while (m_counts->rowCount() > 0)
        m_counts->removeRow(0);
    const auto addCount = [this](const QString &label, const QString &value) {
        auto *v = selectableLabel(nullptr);
        v->setText(value);
        m_counts->addRow(label, v);
    };
    addCount(QStringLiteral("Records read:"), count(m_report.records));
    addCount(QStringLiteral("Loaded as events:"), count(m_report.loaded));
    addCount(QStringLiteral("Rejected:"), count(static_cast<int64_t>(m_report.rejections.size())));
    QString duplicates = count(m_report.duplicates);
    if (m_report.duplicates > 0)
        duplicates += m_report.duplicatesRemoved
            ? QStringLiteral(" (excluded)")
            : QStringLiteral(" (included, flagged in the table)");
    addCount(QStringLiteral("Exact duplicates:"), duplicates);
    if (m_report.duplicates > 0) {
        // The window's Filter ▸ Exclude Exact Duplicates, where the count is read; the
        // file is read again with them left out, as `rendezvous info --dedupe` does.
        auto *exclude = new QCheckBox(
            QStringLiteral("Exclude the %1 from every figure (the file is read again)")
                .arg(plural(m_report.duplicates, "duplicate", "duplicates")));
        exclude->setObjectName(QStringLiteral("excludeDuplicates"));
        exclude->setChecked(m_report.duplicatesRemoved);
        connect(exclude, &QCheckBox::clicked, this, &LoadReportDialog::excludeDuplicatesToggled);
        m_counts->addRow(QString(), exclude);
    }
    int64_t warned = 0;
    for (const auto &rows : m_report.warnings)
        warned += static_cast<int64_t>(rows.size());
    addCount(QStringLiteral("Warnings:"),
             m_report.warnings.isEmpty()
                 ? QStringLiteral("none")
                 : QStringLiteral("%1 (%2)").arg(count(m_report.warnings.size()),
                                                 plural(warned, "record", "records")));

    QStringList notes;
    for (const QString &n : m_report.notes)
        notes << QStringLiteral("\u2022 ") + n;
    m_notes->setText(notes.isEmpty() ? QStringLiteral("None.") : notes.join(QLatin1Char('\n')));
}

void LoadReportDialog::fillMapping()
{
    m_mapping->setRowCount(0);
    QStringList missing;
    std::vector<bool> used(static_cast<size_t>(m_report.headers.size()), false);
    for (int i = 0; i < FieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        const int column = m_report.mapping.column(f);
        if (column < 0 || column >= m_report.headers.size()) {
            // The position may come from lat/lon columns, WKT or the layer's geometry:
            // the reader's notes say which, so the absent alternatives are not listed.
            if (f != Field::Latitude && f != Field::Longitude && f != Field::Geometry)
                missing << fieldLabel(f);
            continue;
        }
        used[static_cast<size_t>(column)] = true;
        const int row = m_mapping->rowCount();
        m_mapping->insertRow(row);
        m_mapping->setItem(row, 0, new QTableWidgetItem(fieldLabel(f)));
        m_mapping->setItem(row, 1, new QTableWidgetItem(m_report.headers.at(column)));
    }
    QStringList extras;
    for (qsizetype c = 0; c < m_report.headers.size(); ++c) {
        if (!used[static_cast<size_t>(c)])
            extras << m_report.headers.at(c);
    }
    m_mapping->resizeColumnToContents(0);
    m_mapping->setColumnWidth(0, m_mapping->columnWidth(0) + 24);
    m_mapping->setVisible(m_mapping->rowCount() > 0);
    QStringList lines;
    if (m_mapping->rowCount() == 0)
        lines << QStringLiteral("No column was mapped.");
    if (!extras.isEmpty())
        lines << QStringLiteral("Kept as extra columns: ") + extras.join(QStringLiteral(", "));
    if (!missing.isEmpty())
        lines << QStringLiteral("Not in the file: ") + missing.join(QStringLiteral(", "));
    m_unmapped->setText(lines.join(QLatin1Char('\n')));
}

void LoadReportDialog::fillWarnings()
{
    m_warnings->setRowCount(0);
    for (auto it = m_report.warnings.cbegin(); it != m_report.warnings.cend(); ++it) {
        const int row = m_warnings->rowCount();
        m_warnings->insertRow(row);
        auto *message = new QTableWidgetItem(it.key());
        message->setToolTip(it.key());
        auto *n = new QTableWidgetItem(count(static_cast<int64_t>(it.value().size())));
        n->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto *rows = new QTableWidgetItem(rowRanges(it.value()));
        rows->setToolTip(rowRanges(it.value(), 200));
        m_warnings->setItem(row, 0, message);
        m_warnings->setItem(row, 1, n);
        m_warnings->setItem(row, 2, rows);
    }
    m_warnings->setColumnWidth(0, 360);
    m_warnings->resizeColumnToContents(1);
    const bool any = m_warnings->rowCount() > 0;
    m_warnings->setVisible(any);
    m_noWarnings->setVisible(!any);
    m_tabs->setTabText(1, QStringLiteral("Warnings (%1)").arg(count(m_warnings->rowCount())));
}

QString LoadReportDialog::rowRanges(const std::vector<uint32_t> &rows, int maxRanges)
{
    QStringList parts;
    size_t i = 0;
    while (i < rows.size() && parts.size() < maxRanges) {
        size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        parts << (j == i ? QString::number(rows[i])
                         : QStringLiteral("%1\u2013%2").arg(rows[i]).arg(rows[j]));
        i = j + 1;
    }
    QString text = parts.join(QStringLiteral(", "));
    if (i < rows.size())
        text +=
            QStringLiteral(", \u2026 (+%1 more)").arg(count(static_cast<int64_t>(rows.size() - i)));
    return text;
}

QString LoadReportDialog::rejectionsTsv(const LoadReport &report)
{
    QString out;
    out.reserve(static_cast<qsizetype>(report.rejections.size()) * 48);
    out += report.rowLabel + QStringLiteral("\treason\n");
    for (const Rejection &r : report.rejections) {
        QString reason = r.reason;
        reason.replace(QLatin1Char('\t'), QLatin1Char(' '));
        reason.replace(QLatin1Char('\r'), QLatin1Char(' '));
        reason.replace(QLatin1Char('\n'), QLatin1Char(' '));
        out += QString::number(r.row) + QLatin1Char('\t') + reason + QLatin1Char('\n');
    }
    return out;
}

void LoadReportDialog::copyRejections()
{
    QApplication::clipboard()->setText(rejectionsTsv(m_report));
    const QString label = QStringLiteral("Copy Rejections");
    m_copyButton->setText(
        QStringLiteral("Copied %1").arg(count(static_cast<int64_t>(m_report.rejections.size()))));
    QTimer::singleShot(2000, m_copyButton,
                       [button = m_copyButton, label] { button->setText(label); });
}

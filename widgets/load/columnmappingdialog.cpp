#include "columnmappingdialog.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
QString count(qint64 n)
{
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(n);
}

QString columnName(const QStringList &headers, int c)
{
    const QString h = headers.value(c);
    return h.isEmpty() ? QStringLiteral("column %1").arg(c + 1) : h;
}

// Where each field is offered: what places and dates an event first, the vessels, the rest.
const std::array<std::pair<const char *, std::vector<Field>>, 3> &groups()
{
    static const std::array<std::pair<const char *, std::vector<Field>>, 3> kGroups = {{
        {"Time and place",
         {Field::Start, Field::End, Field::Latitude, Field::Longitude, Field::Geometry}},
        {"Vessels",
         {Field::VesselAName, Field::VesselAImo, Field::VesselAMmsi, Field::VesselAFlag,
          Field::VesselBName, Field::VesselBImo, Field::VesselBMmsi, Field::VesselBFlag}},
        {"Event",
         {Field::Id, Field::Volume, Field::Cargo, Field::Confidence, Field::Source, Field::Notes}},
    }};
    return kGroups;
}
} // namespace

ColumnMappingDialog::ColumnMappingDialog(MappingProbe probe, const ColumnMapping &initial,
                                         const QStringList &doubts, QWidget *parent)
    : QDialog(parent), m_probe(std::move(probe)), m_mapping(initial)
{
    setObjectName(QStringLiteral("columnMappingDialog"));
    setWindowTitle(QStringLiteral("Columns of %1").arg(QFileInfo(m_probe.label).fileName()));
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(
        QStringLiteral("<b>Which column holds what?</b> Check the columns Rendezvous "
                       "recognised in \u201c%1\u201d and choose the others. Columns not chosen "
                       "for a field are kept as extra columns.")
            .arg(QFileInfo(m_probe.label).fileName().toHtmlEscaped()));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    if (!doubts.isEmpty()) {
        auto *why = new QLabel(doubts.join(QLatin1Char('\n')));
        why->setObjectName(QStringLiteral("doubts"));
        why->setWordWrap(true);
        why->setTextFormat(Qt::PlainText);
        QPalette pal = why->palette();
        pal.setColor(QPalette::WindowText, QColor(0x9a, 0x4a, 0x00));
        why->setPalette(pal);
        layout->addWidget(why);
    }

    m_preview = new QTableWidget(int(m_probe.rows.size()), int(m_probe.headers.size()));
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setSelectionMode(QAbstractItemView::NoSelection);
    m_preview->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_preview->horizontalHeader()->setStretchLastSection(true);
    for (int r = 0; r < int(m_probe.rows.size()); ++r) {
        const QStringList &row = m_probe.rows[size_t(r)];
        // Rows are numbered as the load report numbers them: the header is row 1.
        m_preview->setVerticalHeaderItem(r, new QTableWidgetItem(QString::number(r + 2)));
        for (int c = 0; c < row.size() && c < m_probe.headers.size(); ++c)
            m_preview->setItem(r, c, new QTableWidgetItem(row.at(c)));
    }
    m_preview->setMinimumHeight(8 * (fontMetrics().height() + 6) + 48);
    layout->addWidget(m_preview, 1);

    auto *fields = new QHBoxLayout;
    for (const auto &[title, members] : groups()) {
        auto *box = new QGroupBox(QString::fromLatin1(title));
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        for (const Field f : members) {
            auto *combo = new QComboBox;
            combo->setObjectName(QStringLiteral("field_") + fieldKey(f));
            combo->addItem(QStringLiteral("(none)"), -1);
            for (int c = 0; c < m_probe.headers.size(); ++c)
                combo->addItem(columnName(m_probe.headers, c), c);
            combo->setCurrentIndex(combo->findData(m_mapping.column(f)));
            combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            combo->setMinimumContentsLength(12);
            connect(combo, &QComboBox::currentIndexChanged, this, [this, f] { fieldChosen(f); });
            m_boxes[static_cast<size_t>(f)] = combo;
            const bool required =
                f == Field::Start || f == Field::Latitude || f == Field::Longitude;
            form->addRow(fieldLabel(f) + (required ? QStringLiteral(" *:") : QStringLiteral(":")),
                         combo);
        }
        fields->addWidget(box, 1);
    }
    layout->addLayout(fields);

    auto *dates = new QGroupBox(QStringLiteral("Dates written a/b/yyyy"));
    auto *datesLayout = new QVBoxLayout(dates);
    m_dateOrder = new QComboBox;
    m_dateOrder->setObjectName(QStringLiteral("dateOrder"));
    m_dateOrder->addItem(QStringLiteral("Decide from the data"),
                         int(timeparse::DateOrder::Unknown));
    m_dateOrder->addItem(QStringLiteral("Day first (dd/mm/yyyy)"),
                         int(timeparse::DateOrder::DayFirst));
    m_dateOrder->addItem(QStringLiteral("Month first (mm/dd/yyyy)"),
                         int(timeparse::DateOrder::MonthFirst));
    connect(m_dateOrder, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updating)
            return;
        m_mapping.setDateOrder(
            static_cast<timeparse::DateOrder>(m_dateOrder->currentData().toInt()));
        update();
    });
    m_dateExample = new QLabel;
    m_dateExample->setObjectName(QStringLiteral("dateExample"));
    m_dateExample->setTextFormat(Qt::PlainText);
    m_dateExample->setWordWrap(true);
    auto *orderRow = new QHBoxLayout;
    orderRow->addWidget(new QLabel(QStringLiteral("Order:")));
    orderRow->addWidget(m_dateOrder);
    orderRow->addWidget(m_dateExample, 1);
    datesLayout->addLayout(orderRow);
    layout->addWidget(dates);

    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("rejectedCount"));
    m_count->setTextFormat(Qt::PlainText);
    m_count->setWordWrap(true);
    layout->addWidget(m_count);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Load"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    update();
    // Dates the data cannot order: the user is asked, so the choice is explicit (day first,
    // the international convention, until changed), and it is remembered as chosen.
    const timeparse::OrderEvidence &e = m_trial.report.dateEvidence[0];
    if (m_mapping.dateOrder() == timeparse::DateOrder::Unknown && e.total > 0
        && (e.firstOver12 == 0) == (e.secondOver12 == 0))
        m_dateOrder->setCurrentIndex(m_dateOrder->findData(int(timeparse::DateOrder::DayFirst)));
    else
        m_dateOrder->setCurrentIndex(m_dateOrder->findData(int(m_mapping.dateOrder())));
    resize(980, 680);
}

void ColumnMappingDialog::fieldChosen(Field f)
{
    if (m_updating)
        return;
    const int column = fieldBox(f)->currentData().toInt();
    m_updating = true;
    // One column feeds one field, as with --field: the field that had it lets it go.
    for (int g = 0; g < FieldCount && column >= 0; ++g) {
        if (static_cast<Field>(g) != f && m_mapping.column(static_cast<Field>(g)) == column) {
            m_mapping.setColumn(static_cast<Field>(g), -1);
            m_boxes[size_t(g)]->setCurrentIndex(0);
        }
    }
    m_updating = false;
    m_mapping.setColumn(f, column);
    update();
}

QString ColumnMappingDialog::readAs(const QString &value, timeparse::DateOrder order)
{
    const timeparse::Result r = timeparse::parse(value.toStdString());
    if (r.status != timeparse::Status::Slash)
        return QString();
    const timeparse::Result t = timeparse::resolve(r.slash, order);
    if (t.status != timeparse::Status::Ok)
        return QStringLiteral("no such date");
    static const QLocale english(QLocale::English, QLocale::UnitedKingdom);
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(t.ms, Qt::UTC);
    QString text = english.toString(when.date(), QStringLiteral("d MMMM yyyy"));
    if (when.time() != QTime(0, 0))
        text += english.toString(when.time(), QStringLiteral(" HH:mm"));
    return text;
}

void ColumnMappingDialog::update()
{
    m_trial = m_probe.trial(m_mapping);
    const bool loads = m_trial.error.isEmpty() && m_mapping.hasStart() && m_mapping.hasPosition();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(loads);
    QString text;
    if (!m_mapping.hasStart() || !m_mapping.hasPosition()) {
        text = QStringLiteral("Choose the columns marked * (a start time, and latitude and "
                              "longitude or a WKT geometry) to load events.");
    } else if (!m_trial.error.isEmpty()) {
        text = QStringLiteral("Cannot load with these columns: %1").arg(m_trial.error);
    } else {
        const int64_t loaded = m_trial.records - m_trial.rejected;
        text = QStringLiteral("With these columns %1 of %2 rows load, %3 rejected")
                   .arg(count(loaded), count(m_trial.records), count(m_trial.rejected));
        if (!m_probe.wholeFile)
            text += QStringLiteral(" (counted on the first %1 rows of the file)")
                        .arg(count(m_trial.records));
        text += QLatin1Char('.');
        const auto &rejections = m_trial.report.rejections;
        for (size_t i = 0; i < rejections.size() && i < 3; ++i)
            text +=
                QStringLiteral("\n    row %1: %2").arg(rejections[i].row).arg(rejections[i].reason);
        if (rejections.size() > 3)
            text += QStringLiteral("\n    \u2026 and %1 more")
                        .arg(count(qint64(rejections.size() - 3)));
    }
    m_count->setText(text);
    // The preview's rows the reader would reject, tinted, with the reason as a tool tip.
    QHash<uint32_t, QString> rejected;
    for (const Rejection &r : m_trial.report.rejections)
        rejected.insert(r.row, r.reason);
    for (int r = 0; r < m_preview->rowCount(); ++r) {
        const QString reason = rejected.value(uint32_t(r + 2));
        for (int c = 0; c < m_preview->columnCount(); ++c) {
            if (QTableWidgetItem *item = m_preview->item(r, c)) {
                item->setBackground(reason.isEmpty() ? QBrush() : QBrush(QColor(0xf6, 0xd5, 0xd0)));
                item->setToolTip(reason.isEmpty() ? QString()
                                                  : QStringLiteral("Rejected: ") + reason);
            }
        }
    }
    updatePreviewHeaders();
    updateDates();
}

void ColumnMappingDialog::updatePreviewHeaders()
{
    for (int c = 0; c < m_probe.headers.size(); ++c) {
        QString role = QStringLiteral("extra column");
        bool mapped = false;
        for (int f = 0; f < FieldCount; ++f) {
            if (m_mapping.column(static_cast<Field>(f)) == c) {
                role = QStringLiteral("\u2192 ") + fieldLabel(static_cast<Field>(f));
                mapped = true;
            }
        }
        auto *item =
            new QTableWidgetItem(columnName(m_probe.headers, c) + QLatin1Char('\n') + role);
        QFont font = m_preview->horizontalHeader()->font();
        font.setBold(mapped);
        item->setFont(font);
        m_preview->setHorizontalHeaderItem(c, item);
    }
    m_preview->resizeColumnsToContents();
}

void ColumnMappingDialog::updateDates()
{
    m_updating = true;
    const int start = m_mapping.column(Field::Start);
    const QString first = m_probe.firstValue(start);
    const bool slash = timeparse::parse(first.toStdString()).status == timeparse::Status::Slash;
    m_dateOrder->setEnabled(slash);
    if (!slash) {
        m_dateExample->setText(start < 0 ? QStringLiteral("No start column chosen.")
                                         : QStringLiteral("The start column holds no a/b/yyyy "
                                                          "dates: no order to choose."));
    } else {
        QString text = QStringLiteral("First date \u201c%1\u201d: day first \u2192 %2; month "
                                      "first \u2192 %3.")
                           .arg(first, readAs(first, timeparse::DateOrder::DayFirst),
                                readAs(first, timeparse::DateOrder::MonthFirst));
        const timeparse::OrderEvidence &e = m_trial.report.dateEvidence[0];
        if ((e.firstOver12 > 0) != (e.secondOver12 > 0))
            text += QStringLiteral(" The data decides: ")
                + timeparse::decideDateOrder(e).explanation + QLatin1Char('.');
        else if (e.total > 0 && e.firstOver12 == 0)
            text += QStringLiteral(" No date has a number over 12: the data cannot tell.");
        m_dateExample->setText(text);
    }
    m_updating = false;
}

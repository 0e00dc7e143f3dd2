#include "rangefilterdialog.h"

#include "rangehistogram.h"
#include "summary.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace {
double roundDown(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::floor(v * f) / f;
}

double roundUp(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::ceil(v * f) / f;
}

QDoubleSpinBox *boundBox(const NumericColumn &c, const QString &unit, const QString &name)
{
    auto *box = new QDoubleSpinBox;
    box->setObjectName(name);
    box->setDecimals(c.format.decimals);
    // The ends rounded outwards, so the smallest and largest values are inside.
    box->setRange(roundDown(c.min, c.format.decimals), roundUp(c.max, c.format.decimals));
    box->setGroupSeparatorShown(c.format.grouping);
    box->setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    const double span = c.max - c.min;
    box->setSingleStep(span > 0 ? std::pow(10.0, std::floor(std::log10(span)) - 1) : 1);
    if (!unit.isEmpty())
        box->setSuffix(QLatin1Char(' ') + unit);
    box->setKeyboardTracking(false);
    return box;
}
} // namespace

RangeFilterDialog::RangeFilterDialog(const QString &key, const NumericColumn &column,
                                     std::vector<double> values,
                                     std::optional<NumericRange> current, QWidget *parent)
    : QDialog(parent), m_key(key), m_column(column), m_values(std::move(values))
{
    setObjectName(QStringLiteral("rangeFilterDialog"));
    const QString label = numbers::attributeLabel(key);
    const QString unit = numbers::unitOf(key);
    setWindowTitle(tr("Range of %1").arg(label));
    for (double v : m_values)
        m_empty += std::isnan(v) ? 1 : 0;

    auto *layout = new QVBoxLayout(this);
    const QString extent = NumericRange {column.min, column.max, false}.text(column.format, unit);
    auto *about = new QLabel(tr("%1 of %2 events have a %3 (%4).")
                                 .arg(Summary::formatCount(column.count),
                                      Summary::formatCount(int64_t(m_values.size())),
                                      label.toHtmlEscaped(), extent));
    about->setWordWrap(true);
    layout->addWidget(about);

    m_histogram = new RangeHistogram;
    m_histogram->setValues(m_values);
    layout->addWidget(m_histogram, 1);

    auto *bounds = new QGridLayout;
    m_from = boundBox(column, unit, QStringLiteral("rangeFromBox"));
    m_to = boundBox(column, unit, QStringLiteral("rangeToBox"));
    auto *fromLabel = new QLabel(tr("&From"));
    fromLabel->setBuddy(m_from);
    auto *toLabel = new QLabel(tr("&to"));
    toLabel->setBuddy(m_to);
    bounds->addWidget(fromLabel, 0, 0);
    bounds->addWidget(m_from, 0, 1);
    bounds->addWidget(toLabel, 0, 2);
    bounds->addWidget(m_to, 0, 3);
    bounds->setColumnStretch(1, 1);
    bounds->setColumnStretch(3, 1);
    layout->addLayout(bounds);

    m_keepEmpty =
        new QCheckBox(tr("&Keep the %1 events without a value").arg(Summary::formatCount(m_empty)));
    m_keepEmpty->setObjectName(QStringLiteral("rangeKeepEmptyBox"));
    m_keepEmpty->setVisible(m_empty > 0);
    layout->addWidget(m_keepEmpty);

    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("rangeCountLabel"));
    layout->addWidget(m_count);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QPushButton *clear = buttons->addButton(tr("C&lear"), QDialogButtonBox::ResetRole);
    clear->setObjectName(QStringLiteral("rangeClearButton"));
    clear->setToolTip(tr("Show every event again, whatever its %1").arg(label));
    clear->setEnabled(current.has_value());
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_cleared = true;
        accept();
    });
    layout->addWidget(buttons);

    const NumericRange start = current.value_or(NumericRange {});
    m_from->setValue(std::isfinite(start.min) ? start.min : m_from->minimum());
    m_to->setValue(std::isfinite(start.max) ? start.max : m_to->maximum());
    m_keepEmpty->setChecked(current ? start.keepEmpty : false);
    m_histogram->setRange(std::isfinite(start.min) ? start.min : column.min,
                          std::isfinite(start.max) ? start.max : column.max);
    connect(m_from, &QDoubleSpinBox::valueChanged, this, &RangeFilterDialog::boxesChanged);
    connect(m_to, &QDoubleSpinBox::valueChanged, this, &RangeFilterDialog::boxesChanged);
    connect(m_keepEmpty, &QCheckBox::toggled, this, &RangeFilterDialog::updateCount);
    connect(m_histogram, &RangeHistogram::rangeEdited, this, &RangeFilterDialog::histogramEdited);
    updateCount();
}

std::optional<NumericRange> RangeFilterDialog::range() const
{
    if (m_cleared)
        return std::nullopt;
    NumericRange r;
    // A bound at the end of its box is open: the box's end is rounded, the data is not.
    if (m_from->value() > m_from->minimum())
        r.min = m_from->value();
    if (m_to->value() < m_to->maximum())
        r.max = m_to->value();
    // Both ends open: no range, every event stays (the blanks' box is about a range).
    if (!std::isfinite(r.min) && !std::isfinite(r.max))
        return std::nullopt;
    r.keepEmpty = m_keepEmpty->isChecked() || m_empty == 0;
    return r;
}

int64_t RangeFilterDialog::keptCount() const
{
    const NumericRange r = range().value_or(NumericRange {-INFINITY, INFINITY, true});
    int64_t n = 0;
    for (double v : m_values)
        n += r.contains(v) ? 1 : 0;
    return n;
}

void RangeFilterDialog::boxesChanged()
{
    if (m_from->value() > m_to->value()) {
        // The bound being typed pushes the other along, as a slider's handles do.
        const QSignalBlocker block(sender() == m_from ? m_to : m_from);
        (sender() == m_from ? m_to : m_from)
            ->setValue(sender() == m_from ? m_from->value() : m_to->value());
    }
    const std::optional<NumericRange> r = range();
    m_histogram->setRange(r && std::isfinite(r->min) ? r->min : m_column.min,
                          r && std::isfinite(r->max) ? r->max : m_column.max);
    updateCount();
}

void RangeFilterDialog::histogramEdited(double min, double max)
{
    const QSignalBlocker a(m_from), b(m_to);
    m_from->setValue(min);
    m_to->setValue(max);
    updateCount();
}

void RangeFilterDialog::updateCount()
{
    const int64_t kept = keptCount();
    m_count->setText(
        tr("%1 of %2 events in the range")
            .arg(Summary::formatCount(kept), Summary::formatCount(int64_t(m_values.size()))));
}

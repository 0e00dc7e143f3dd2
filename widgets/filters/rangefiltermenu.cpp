#include "rangefiltermenu.h"

#include "eventstore.h"
#include "rangefilterdialog.h"
#include "transferfilter.h"

#include <QAction>

RangeFilterMenu::RangeFilterMenu(TransferFilter *filter, QWidget *parent)
    : QMenu(QStringLiteral("Numeric &Ranges"), parent), m_filter(filter)
{
    setObjectName(QStringLiteral("rangeFilterMenu"));
    connect(this, &QMenu::aboutToShow, this, &RangeFilterMenu::rebuild);
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        // A new store: a range set on the old one's column means nothing here.
        if (m_dialog)
            m_dialog->reject();
        m_analysedStore = nullptr; // its address may be reused
        m_numeric.clear();
        clearAll();
    });
}

const std::vector<std::pair<QString, NumericColumn>> &RangeFilterMenu::numericAttributes()
{
    const auto &store = m_filter->store();
    if (store.get() == m_analysedStore)
        return m_numeric;
    m_numeric.clear();
    m_analysedStore = store.get();
    if (!store)
        return m_numeric;
    // The attributes the map can colour by, in its order: a text column stops at its
    // first word, so only number columns cost a whole pass.
    QStringList keys = {fieldKey(Field::Volume), fieldKey(Field::Confidence)};
    keys += store->extraNames();
    for (const QString &key : keys) {
        NumericColumn c = NumericColumn::analyse(*store, key);
        if (c.numeric)
            m_numeric.emplace_back(key, c);
    }
    return m_numeric;
}

void RangeFilterMenu::rebuild()
{
    clear();
    const auto &store = m_filter->store();
    if (!store || store->empty()) {
        addAction(tr("No events loaded"))->setEnabled(false);
        return;
    }
    const auto &attributes = numericAttributes();
    if (attributes.empty())
        addAction(tr("No column holds numbers only"))->setEnabled(false);
    const QHash<QString, NumericRange> &ranges = m_filter->criteria().ranges;
    for (const auto &[key, column] : attributes) {
        const QString label = numbers::attributeLabel(key);
        QString text = label + QStringLiteral("\u2026");
        if (ranges.contains(key))
            text = QStringLiteral("%1: %2\u2026")
                       .arg(label, ranges.value(key).text(column.format, numbers::unitOf(key)));
        text.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction *a = addAction(text, this, [this, key = key] { editRange(key); });
        a->setCheckable(true);
        a->setChecked(ranges.contains(key));
        a->setData(key);
    }
    addSeparator();
    QAction *all = addAction(tr("Clear All &Ranges"), this, &RangeFilterMenu::clearAll);
    all->setObjectName(QStringLiteral("clearRangesAction"));
    all->setEnabled(!ranges.isEmpty());
}

RangeFilterDialog *RangeFilterMenu::editRange(const QString &key)
{
    const auto &store = m_filter->store();
    if (!store)
        return nullptr;
    NumericColumn column;
    for (const auto &[k, c] : numericAttributes())
        if (k == key)
            column = c;
    if (!column.numeric)
        return nullptr;
    if (m_dialog)
        m_dialog->reject();
    const NumericReader reader(*store, key);
    std::vector<double> values(store->size());
    for (size_t r = 0; r < values.size(); ++r)
        values[r] = reader.value(r);
    const QHash<QString, NumericRange> &ranges = m_filter->criteria().ranges;
    const std::optional<NumericRange> current =
        ranges.contains(key) ? std::optional<NumericRange>(ranges.value(key)) : std::nullopt;
    auto *dialog = new RangeFilterDialog(key, column, std::move(values), current,
                                         parentWidget() ? parentWidget()->window() : nullptr);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const void *store0 = store.get();
    connect(dialog, &QDialog::accepted, this, [this, dialog, key, store0] {
        if (m_filter->store().get() != store0)
            return; // another file came in while the dialog was open
        m_filter->setRange(key, dialog->range());
    });
    m_dialog = dialog;
    // Not exec(): window-modal without a nested event loop (nor a blocked test).
    dialog->setWindowModality(Qt::WindowModal);
    dialog->open();
    return dialog;
}

void RangeFilterMenu::clearAll()
{
    const QList<QString> keys = m_filter->criteria().ranges.keys();
    for (const QString &key : keys)
        m_filter->setRange(key, std::nullopt);
}

QJsonObject RangeFilterMenu::toJson() const
{
    return numericranges::toJson(m_filter->criteria().ranges);
}

bool RangeFilterMenu::setFromJson(const QJsonObject &json, QString *error)
{
    QHash<QString, NumericRange> ranges;
    if (!numericranges::fromJson(json, &ranges, error))
        return false;
    RowCriteria criteria = m_filter->criteria();
    criteria.ranges = ranges;
    m_filter->setCriteria(criteria);
    return true;
}

#include "categoryfiltermenu.h"

#include "categoryreader.h"
#include "eventfields.h"
#include "numericcolumn.h"
#include "summary.h"
#include "transferfilter.h"

#include <QAction>

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

CategoryFilterMenu::CategoryFilterMenu(TransferFilter *filter, std::function<QString()> attribute,
                                       QWidget *parent)
    : QMenu(QStringLiteral("&Categories"), parent),
      m_filter(filter),
      m_attribute(std::move(attribute))
{
    setObjectName(QStringLiteral("categoryFilterMenu"));
    connect(this, &QMenu::aboutToShow, this, &CategoryFilterMenu::rebuild);
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        // A new store: the criteria hold value lists of the old one.
        showAll();
        m_key.clear();
        m_rankedStore = nullptr; // the old store's address may be reused
        m_ranked.clear();
    });
}

void CategoryFilterMenu::rebuild()
{
    clear();
    m_key = m_attribute();
    m_values.clear();
    const auto &store = m_filter->store();
    const std::optional<Field> field = fieldFromKey(m_key);
    const QString label = field ? fieldLabel(*field) : m_key;
    if (!store || store->empty()) {
        addAction(QStringLiteral("No events loaded"))->setEnabled(false);
        return;
    }
    // Numbers are not categories: a range filters them (Numeric Ranges).
    if (NumericColumn::analyse(*store, m_key).numeric) {
        addAction(QStringLiteral("%1 holds numbers, not categories").arg(label))->setEnabled(false);
        QAction *range = addAction(QStringLiteral("Filter by &Range of %1\u2026").arg(label), this,
                                   [this, key = m_key] { emit rangeRequested(key); });
        range->setObjectName(QStringLiteral("categoryRangeAction"));
        return;
    }
    // Every value with its count in the whole store, most frequent first: counted once
    // per store and attribute (a pass over every row), not at every opening.
    if (store.get() != m_rankedStore || m_key != m_rankedKey) {
        CategoryReader reader(*store, m_key);
        std::unordered_map<std::string, int64_t> counts;
        for (size_t r = 0; r < store->size(); ++r)
            ++counts[std::string(reader.value(r))];
        m_ranked.clear();
        m_ranked.reserve(counts.size());
        for (const auto &[value, n] : counts)
            m_ranked.emplace_back(QString::fromStdString(value), n);
        std::sort(m_ranked.begin(), m_ranked.end(), [](const auto &a, const auto &b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        m_rankedStore = store.get();
        m_rankedKey = m_key;
    }
    const std::vector<std::pair<QString, int64_t>> &ranked = m_ranked;
    for (const auto &[value, n] : ranked)
        m_values.push_back(value);

    addAction(QStringLiteral("Values of %1 (the map's colours)").arg(label))->setEnabled(false);
    const QSet<QString> hidden = m_hidden.value(m_key);
    for (size_t i = 0; i < ranked.size() && i < size_t(kMaxListed); ++i) {
        const QString value = ranked[i].first;
        QAction *a = addAction(QStringLiteral("%1  (%2)")
                                   .arg(value.isEmpty() ? QStringLiteral("Unknown") : value,
                                        Summary::formatCount(ranked[i].second)));
        a->setCheckable(true);
        a->setChecked(!hidden.contains(value));
        a->setData(value);
        connect(a, &QAction::toggled, this,
                [this, key = m_key, value](bool on) { setShown(key, value, on); });
    }
    if (ranked.size() > size_t(kMaxListed))
        addAction(QStringLiteral("%1 less frequent values (always shown)")
                      .arg(Summary::formatCount(int64_t(ranked.size()) - kMaxListed)))
            ->setEnabled(false);
    addSeparator();
    QAction *all =
        addAction(QStringLiteral("Show &All Categories"), this, &CategoryFilterMenu::showAll);
    all->setObjectName(QStringLiteral("showAllCategoriesAction"));
    all->setEnabled(!m_hidden.isEmpty());
}

void CategoryFilterMenu::setShown(const QString &key, const QString &value, bool shown)
{
    if (key != m_key)
        return; // an action of a list since rebuilt (not reachable from the menu)
    QSet<QString> &hidden = m_hidden[key];
    if (shown)
        hidden.remove(value);
    else
        hidden.insert(value);
    if (hidden.isEmpty()) {
        m_hidden.remove(key);
        m_filter->setCategoryValues(key, std::nullopt);
        return;
    }
    // The criterion keeps values: every value of the store but the hidden ones.
    QSet<QString> kept;
    for (const QString &v : m_values) {
        if (!hidden.contains(v))
            kept.insert(v);
    }
    m_filter->setCategoryValues(key, kept);
}

void CategoryFilterMenu::showAll()
{
    const QList<QString> keys = m_hidden.keys();
    m_hidden.clear();
    for (const QString &key : keys)
        m_filter->setCategoryValues(key, std::nullopt);
    for (QAction *a : actions()) {
        if (a->isCheckable()) {
            const QSignalBlocker block(a);
            a->setChecked(true);
        }
    }
}

void CategoryFilterMenu::setHidden(const QHash<QString, QSet<QString>> &hidden)
{
    showAll();
    const auto &store = m_filter->store();
    for (auto it = hidden.begin(); it != hidden.end(); ++it) {
        if (it.value().isEmpty())
            continue;
        m_hidden.insert(it.key(), it.value());
        // As setShown(): the criterion keeps every value of the store but the hidden ones.
        const QSet<QString> kept =
            store ? keptCategoryValues(*store, it.key(), it.value()) : QSet<QString>();
        m_filter->setCategoryValues(it.key(), kept);
    }
}

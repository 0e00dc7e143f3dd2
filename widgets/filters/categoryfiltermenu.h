#pragma once

#include <QHash>
#include <QMenu>
#include <QSet>
#include <QString>

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

class TransferFilter;

// Filter ▸ Categories: the values of the attribute the map colours by (cargo,
// confidence, any column), most frequent first with their counts, each a check box;
// unchecking a value hides its events from every view (the filter model's category
// criterion). Built when opened, from the store. A new file clears these choices: a
// value list made from the old file could hide the new file's other values unseen.
// Numbers are not listed as categories: the menu offers their range filter instead.
class CategoryFilterMenu : public QMenu
{
    Q_OBJECT
public:
    static constexpr int kMaxListed = 25; // the rest stay shown, and are counted

    // attribute(): the key the map colours by now.
    CategoryFilterMenu(TransferFilter *filter, std::function<QString()> attribute,
                       QWidget *parent = nullptr);

    void rebuild(); // what opening the menu does
    void showAll(); // every value of every attribute again
    // The unchecked values, by attribute (what a project saves and restores).
    const QHash<QString, QSet<QString>> &hidden() const { return m_hidden; }
    void setHidden(const QHash<QString, QSet<QString>> &hidden);

signals:
    // The attribute coloured by holds numbers, and the user asked for its range filter.
    void rangeRequested(const QString &key);

private:
    void setShown(const QString &key, const QString &value, bool shown);

    TransferFilter *m_filter;
    std::function<QString()> m_attribute;
    QString m_key; // the attribute listed
    std::vector<QString> m_values; // every value of m_key in the store
    QHash<QString, QSet<QString>> m_hidden; // attribute -> values unchecked
    // Values of m_rankedKey in m_rankedStore with their counts, most frequent first.
    const void *m_rankedStore = nullptr;
    QString m_rankedKey;
    std::vector<std::pair<QString, int64_t>> m_ranked;
};

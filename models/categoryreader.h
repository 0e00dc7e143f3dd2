#pragma once

#include "eventfields.h"
#include "eventstore.h"

#include <QByteArray>
#include <QSet>
#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

// The text of a row for a categorical attribute — an event field key ("cargo",
// "vessel_a_flag") or an extra column's name — as the map's colours (CategorySlots)
// and the filter's category values (RowCriteria) both read it: text fields and extra
// columns as stored, other fields (times, numbers) in their text form.
class CategoryReader
{
public:
    CategoryReader(const EventStore &store, const QString &key) : m_store(store)
    {
        m_field = fieldFromKey(key);
        m_extra = m_field ? -1 : int(store.extraNames().indexOf(key));
        m_formatted = m_field && !isTextField(*m_field);
    }
    // False when the key names neither a field nor an extra column (every value is "").
    bool isValid() const { return m_field || m_extra >= 0; }
    // Formatted values live in this reader until the next value() call; the others
    // point into the store.
    bool isFormatted() const { return m_formatted; }
    std::string_view value(size_t row)
    {
        if (m_extra >= 0)
            return m_store.extraView(m_extra, row);
        if (!m_field)
            return {};
        if (!m_formatted)
            return m_store.textView(*m_field, row);
        m_scratch = m_store.text(*m_field, row).toUtf8();
        return std::string_view(m_scratch.constData(), size_t(m_scratch.size()));
    }

private:
    const EventStore &m_store;
    std::optional<Field> m_field;
    int m_extra = -1;
    bool m_formatted = false;
    QByteArray m_scratch;
};

// What a category filter keeps when the user hid `hidden` values of `key`: every value
// of the store but those (RowCriteria keeps values). One rule for the window's
// Categories menu and for a project rendered by `rendezvous render --project`.
inline QSet<QString> keptCategoryValues(const EventStore &store, const QString &key,
                                        const QSet<QString> &hidden)
{
    std::unordered_set<std::string> distinct;
    CategoryReader reader(store, key);
    for (size_t r = 0; r < store.size(); ++r)
        distinct.emplace(reader.value(r));
    QSet<QString> kept;
    for (const std::string &v : distinct) {
        const QString value = QString::fromStdString(v);
        if (!hidden.contains(value))
            kept.insert(value);
    }
    return kept;
}

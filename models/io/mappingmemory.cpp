#include "mappingmemory.h"

#include <QJsonObject>

#include <algorithm>

namespace {
bool strings(const QJsonValue &v, QStringList *out)
{
    if (!v.isArray())
        return false;
    QStringList list;
    for (const QJsonValue &s : v.toArray()) {
        if (!s.isString())
            return false;
        list << s.toString();
    }
    *out = list;
    return true;
}
} // namespace

std::optional<QStringList> MappingMemory::find(const QStringList &headers) const
{
    for (const Entry &e : m_entries) {
        if (e.headers == headers)
            return e.overrides;
    }
    return std::nullopt;
}

void MappingMemory::remember(const QStringList &headers, const QStringList &overrides)
{
    m_entries.erase(std::remove_if(m_entries.begin(), m_entries.end(),
                                   [&headers](const Entry &e) { return e.headers == headers; }),
                    m_entries.end());
    m_entries.insert(m_entries.begin(), Entry {headers, overrides});
    if (m_entries.size() > size_t(kLimit))
        m_entries.resize(size_t(kLimit));
}

QJsonArray MappingMemory::toJson() const
{
    QJsonArray out;
    for (const Entry &e : m_entries)
        out.append(
            QJsonObject {{QStringLiteral("header"), QJsonArray::fromStringList(e.headers)},
                         {QStringLiteral("fields"), QJsonArray::fromStringList(e.overrides)}});
    return out;
}

bool MappingMemory::fromJson(const QJsonArray &json, MappingMemory *out, QString *error)
{
    MappingMemory m;
    for (qsizetype i = json.size() - 1; i >= 0; --i) {
        const QJsonObject o = json.at(i).toObject();
        Entry e;
        if (!json.at(i).isObject() || !strings(o.value(QStringLiteral("header")), &e.headers)
            || !strings(o.value(QStringLiteral("fields")), &e.overrides) || e.headers.isEmpty()) {
            if (error)
                *error = QStringLiteral("column mapping %1 must have a \"header\" and \"fields\", "
                                        "both lists of text")
                             .arg(i + 1);
            return false;
        }
        m.remember(e.headers, e.overrides);
    }
    *out = m;
    return true;
}

bool MappingMemory::operator==(const MappingMemory &o) const
{
    if (m_entries.size() != o.m_entries.size())
        return false;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].headers != o.m_entries[i].headers
            || m_entries[i].overrides != o.m_entries[i].overrides)
            return false;
    }
    return true;
}

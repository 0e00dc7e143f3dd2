#pragma once

#include <QJsonArray>
#include <QStringList>

#include <optional>
#include <vector>

// The column mappings a user chose, by the header row they were chosen for, so that the
// next file with the same header is read the same way. The window keeps one in the
// project (a section of the .rvz) and one in its settings; a mapping is the list of
// --field style assignments ColumnMapping::toOverrides() writes. Most recent first, at
// most kLimit headers.
class MappingMemory
{
public:
    static constexpr int kLimit = 50;

    // The assignments remembered for exactly this header row (names and order).
    std::optional<QStringList> find(const QStringList &headers) const;
    void remember(const QStringList &headers, const QStringList &overrides);
    bool isEmpty() const { return m_entries.empty(); }
    int size() const { return static_cast<int>(m_entries.size()); }

    // [{"header": [...], "fields": ["start=Date (UTC)", ...]}, ...]
    QJsonArray toJson() const;
    // All or nothing; error names the entry that is wrong.
    static bool fromJson(const QJsonArray &json, MappingMemory *out, QString *error);

    bool operator==(const MappingMemory &o) const;
    bool operator!=(const MappingMemory &o) const { return !(*this == o); }

private:
    struct Entry
    {
        QStringList headers;
        QStringList overrides;
    };
    std::vector<Entry> m_entries;
};

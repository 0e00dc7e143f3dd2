#pragma once

#include "hugepages.h"

#include <QString>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Text storage for the columnar EventStore. Strings are UTF-8 and live in one
// contiguous buffer per column: no per-string allocation, 4 bytes of overhead per
// row. This is what lets 1M events fit in well under 250 bytes each plus their text.

// One string per row, not deduplicated (ids, notes, free-text extra columns).
class TextColumn
{
public:
    TextColumn() { m_offsets.push_back(0); }

    void append(std::string_view s)
    {
        // Grown here rather than by the containers, so that a column that outgrows its
        // reservation (or never had one, as a StringSet's) moves to huge pages.
        if (m_bytes.size() + s.size() > m_bytes.capacity())
            reserve(size() * 2 + 16, (m_bytes.size() + s.size()) * 2);
        else if (m_offsets.size() == m_offsets.capacity())
            reserveHuge(m_offsets, m_offsets.size() * 2);
        m_bytes.append(s.data(), s.size());
        m_offsets.push_back(static_cast<uint32_t>(m_bytes.size()));
    }
    void appendColumn(const TextColumn &other);
    std::string_view view(size_t row) const
    {
        return std::string_view(m_bytes.data() + m_offsets[row],
                                m_offsets[row + 1] - m_offsets[row]);
    }
    QString text(size_t row) const
    {
        const auto v = view(row);
        return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
    }
    size_t size() const { return m_offsets.size() - 1; }
    void reserve(size_t rows, size_t bytes)
    {
        reserveHuge(m_offsets, rows + 1);
        if (bytes > m_bytes.capacity()) {
            m_bytes.reserve(hugeCapacity(bytes, 1, 1));
        }
    }
    // Reserves for `rows` rows in total, guessing their bytes from the rows so far.
    void reserveLike(size_t rows)
    {
        const size_t n = std::max<size_t>(size(), 1);
        reserve(rows, m_bytes.size() / n * rows + rows / 8);
    }
    // Keeps the rows whose keep[row] is true, in order.
    void compact(const std::vector<bool> &keep);
    size_t memoryBytes() const { return m_offsets.capacity() * 4 + m_bytes.capacity(); }

private:
    HugeVector<uint32_t> m_offsets;
    HugeString m_bytes;
};

// A set of distinct strings with stable ids; id 0 is always the empty string.
// Open addressing over the ids, hashing the bytes held in a TextColumn. A slot keeps
// 32 bits of its string's hash next to the id: a probe compares strings only when
// those match, and growing the table needs no hashing.
class StringSet
{
public:
    StringSet();
    uint32_t intern(std::string_view s);
    std::string_view view(uint32_t id) const { return m_values.view(id); }
    QString text(uint32_t id) const { return m_values.text(id); }
    uint32_t size() const { return static_cast<uint32_t>(m_values.size()); }
    size_t memoryBytes() const { return m_values.memoryBytes() + m_slots.capacity() * 8; }

private:
    void grow();
    TextColumn m_values;
    HugeVector<uint64_t> m_slots; // hash bits << 32 | (id + 1); 0 = free
};

// One interned string per row (vessel flags, cargo, confidence, source...).
class InternedColumn
{
public:
    void append(std::string_view s) { m_ids.push_back(m_set.intern(s)); }
    // Appends other's rows, re-interning its dictionary into this one.
    void appendColumn(const InternedColumn &other);
    uint32_t id(size_t row) const { return m_ids[row]; }
    std::string_view view(size_t row) const { return m_set.view(m_ids[row]); }
    QString text(size_t row) const { return m_set.text(m_ids[row]); }
    size_t size() const { return m_ids.size(); }
    void reserve(size_t rows) { reserveHuge(m_ids, rows); }
    void compact(const std::vector<bool> &keep);
    size_t memoryBytes() const { return m_ids.capacity() * 4 + m_set.memoryBytes(); }

private:
    HugeVector<uint32_t> m_ids;
    StringSet m_set;
};

uint64_t hashBytes(std::string_view s, uint64_t seed = 0);
// One hash over a record's fields (their lengths included, so "a","bc" != "ab","c").
uint64_t hashFields(const std::string_view *fields, size_t count);

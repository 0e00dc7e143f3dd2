#pragma once

#include <QString>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Asks the kernel to back a large buffer with transparent huge pages. Filling a
// million-row store touches ~100 MB of fresh memory; with 4 KiB pages that is 25,000
// page faults, which on a virtual machine cost more than parsing the data. A hint
// only: without THP (or for small buffers) it does nothing.
//
// Huge pages only back the 2 MiB-aligned stretches of a buffer, so a buffer of a few MB
// at a random address would still be mostly 4 KiB pages. hugeCapacity() rounds a large
// request up so that malloc gives it a mapping of whole huge pages (glibc serves large
// requests with their own mapping, and the kernel aligns mappings of whole huge pages):
// the whole buffer is then backed by huge pages. Untouched capacity costs nothing.
void adviseHugePages(const void *data, size_t bytes);
// Elements to allocate for at least n of elementSize bytes, plus `extra` bytes
// (std::string's terminator).
size_t hugeCapacity(size_t n, size_t elementSize, size_t extra = 0);
template<typename T> void reserveHuge(std::vector<T> &v, size_t n)
{
    if (n <= v.capacity())
        return;
    // Advised before the old contents are copied in: a page touched before the advice
    // stays a small page.
    std::vector<T> fresh;
    fresh.reserve(hugeCapacity(n, sizeof(T)));
    adviseHugePages(fresh.data(), fresh.capacity() * sizeof(T));
    fresh.insert(fresh.end(), v.begin(), v.end());
    v.swap(fresh);
}
// A vector of n copies of value, in huge pages when it is large.
template<typename T> std::vector<T> hugeVector(size_t n, const T &value)
{
    std::vector<T> v;
    reserveHuge(v, n);
    v.assign(n, value);
    return v;
}

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
            std::string fresh;
            fresh.reserve(hugeCapacity(bytes, 1, 1));
            adviseHugePages(fresh.data(), fresh.capacity());
            fresh.append(m_bytes);
            m_bytes.swap(fresh);
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
    std::vector<uint32_t> m_offsets;
    std::string m_bytes;
};

// A set of distinct strings with stable ids; id 0 is always the empty string.
// Open addressing over the ids, hashing the bytes held in a TextColumn.
class StringSet
{
public:
    StringSet();
    uint32_t intern(std::string_view s);
    std::string_view view(uint32_t id) const { return m_values.view(id); }
    QString text(uint32_t id) const { return m_values.text(id); }
    uint32_t size() const { return static_cast<uint32_t>(m_values.size()); }
    size_t memoryBytes() const { return m_values.memoryBytes() + m_slots.capacity() * 4; }

private:
    void grow();
    TextColumn m_values;
    std::vector<uint32_t> m_slots; // id + 1, 0 = free
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
    const StringSet &dictionary() const { return m_set; }
    size_t size() const { return m_ids.size(); }
    void reserve(size_t rows) { reserveHuge(m_ids, rows); }
    void compact(const std::vector<bool> &keep);
    size_t memoryBytes() const { return m_ids.capacity() * 4 + m_set.memoryBytes(); }

private:
    std::vector<uint32_t> m_ids;
    StringSet m_set;
};

uint64_t hashBytes(std::string_view s, uint64_t seed = 0);
// One hash over a record's fields (their lengths included, so "a","bc" != "ab","c").
uint64_t hashFields(const std::string_view *fields, size_t count);

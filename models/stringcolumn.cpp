#include "stringcolumn.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace {
// FNV-1a over 8-byte words (the tail packed into one word, without a call to memcpy
// for a few bytes), then a splitmix64 avalanche: fast on the short strings of a
// record, spread well enough for open addressing and duplicate buckets.
inline uint64_t mix(uint64_t h, std::string_view s)
{
    size_t i = 0;
    if (s.size() >= 32) {
        // Two independent chains over long input (whole CSV records): each word's
        // multiply waits for the previous one, so one chain runs at half the speed.
        uint64_t g = h ^ 0x9e3779b97f4a7c15ULL;
        for (; i + 16 <= s.size(); i += 16) {
            uint64_t w[2];
            std::memcpy(w, s.data() + i, 16);
            h = (h ^ w[0]) * 0x100000001b3ULL;
            h ^= h >> 29;
            g = (g ^ w[1]) * 0x100000001b3ULL;
            g ^= g >> 29;
        }
        h ^= g * 0xbf58476d1ce4e5b9ULL;
    }
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    if (i < s.size()) {
        uint64_t w = 0;
        for (size_t k = i; k < s.size(); ++k)
            w = (w << 8) | static_cast<unsigned char>(s[k]);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    return h;
}

inline uint64_t avalanche(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}
} // namespace

uint64_t hashBytes(std::string_view s, uint64_t seed)
{
    return avalanche(mix(0xcbf29ce484222325ULL ^ (seed * 0x9e3779b97f4a7c15ULL) ^ s.size(), s));
}

uint64_t hashFields(const std::string_view *fields, size_t count)
{
    uint64_t h = 0x51ed270b27f8f6a1ULL ^ count;
    for (size_t f = 0; f < count; ++f)
        h = mix((h ^ fields[f].size()) * 0x100000001b3ULL, fields[f]);
    return avalanche(h);
}

void TextColumn::appendColumn(const TextColumn &other)
{
    const auto base = static_cast<uint32_t>(m_bytes.size());
    m_bytes.append(other.m_bytes);
    const size_t at = m_offsets.size();
    m_offsets.resize(at + other.size());
    for (size_t i = 1; i < other.m_offsets.size(); ++i)
        m_offsets[at + i - 1] = base + other.m_offsets[i];
}

void TextColumn::compact(const std::vector<bool> &keep)
{
    HugeString bytes;
    HugeVector<uint32_t> offsets;
    offsets.reserve(m_offsets.size());
    offsets.push_back(0);
    for (size_t r = 0; r < size(); ++r) {
        if (!keep[r])
            continue;
        const auto v = view(r);
        bytes.append(v.data(), v.size());
        offsets.push_back(static_cast<uint32_t>(bytes.size()));
    }
    m_bytes.swap(bytes);
    m_offsets.swap(offsets);
}

StringSet::StringSet()
{
    m_slots.assign(16, 0);
    m_values.append(std::string_view()); // id 0; intern() answers it without the table
}

uint32_t StringSet::intern(std::string_view s)
{
    if (s.empty()) // id 0, without hashing: a column left empty is common
        return 0;
    const size_t mask = m_slots.size() - 1;
    const auto bits = static_cast<uint32_t>(hashBytes(s));
    size_t i = bits & mask;
    while (true) {
        const uint64_t slot = m_slots[i];
        if (slot == 0)
            break;
        const auto id = static_cast<uint32_t>(slot) - 1;
        if (static_cast<uint32_t>(slot >> 32) == bits && m_values.view(id) == s)
            return id;
        i = (i + 1) & mask;
    }
    const auto id = static_cast<uint32_t>(m_values.size());
    m_values.append(s);
    m_slots[i] = uint64_t(bits) << 32 | (id + 1);
    if (m_values.size() * 2 > m_slots.size())
        grow();
    return id;
}

void StringSet::grow()
{
    HugeVector<uint64_t> table = hugeVector<uint64_t>(m_slots.size() * 2, 0);
    const size_t mask = table.size() - 1;
    for (const uint64_t slot : m_slots) {
        if (slot == 0)
            continue;
        size_t i = (slot >> 32) & mask;
        while (table[i] != 0)
            i = (i + 1) & mask;
        table[i] = slot;
    }
    m_slots.swap(table);
}

void InternedColumn::appendColumn(const InternedColumn &other)
{
    std::vector<uint32_t> remap(other.m_set.size());
    for (uint32_t id = 0; id < other.m_set.size(); ++id)
        remap[id] = m_set.intern(other.m_set.view(id));
    const size_t at = m_ids.size();
    m_ids.resize(at + other.m_ids.size());
    for (size_t i = 0; i < other.m_ids.size(); ++i)
        m_ids[at + i] = remap[other.m_ids[i]];
}

void InternedColumn::compact(const std::vector<bool> &keep)
{
    size_t w = 0;
    for (size_t r = 0; r < m_ids.size(); ++r) {
        if (keep[r])
            m_ids[w++] = m_ids[r];
    }
    m_ids.resize(w);
}

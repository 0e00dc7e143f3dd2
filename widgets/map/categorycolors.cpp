#include "categorycolors.h"

#include "categoryreader.h"

#include "eventfields.h"
#include "eventstore.h"
#include "hugepages.h"

#include <QCoreApplication>

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace {
// Okabe–Ito, in the order that keeps the first few most distinct from each other and
// from the map's pale sea and land (yellow, the palest, comes last).
const QRgb kPalette[CategoryColors::kPaletteSize] = {
    0x0072B2, // blue
    0xE69F00, // orange
    0x009E73, // bluish green
    0xD55E00, // vermillion
    0xCC79A7, // reddish purple
    0x56B4E9, // sky blue
    0xF0E442, // yellow
};
} // namespace

QColor CategoryColors::paletteColor(int index)
{
    return QColor(kPalette[std::clamp(index, 0, kPaletteSize - 1)]);
}

QColor CategoryColors::otherColor()
{
    return QColor(0x6e, 0x6e, 0x6e);
}

QColor CategoryColors::unknownColor()
{
    return QColor(0xb4, 0xb4, 0xb4);
}

QString CategoryColors::otherLabel()
{
    return QCoreApplication::translate("CategoryColors", "Other");
}

QString CategoryColors::unknownLabel()
{
    return QCoreApplication::translate("CategoryColors", "Unknown");
}

void CategoryColors::assign(const std::vector<std::pair<QString, int64_t>> &counts)
{
    std::vector<std::pair<QString, int64_t>> known;
    for (const auto &c : counts) {
        if (!c.first.isEmpty() && c.second > 0)
            known.push_back(c);
    }
    std::sort(known.begin(), known.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    m_ranked.clear();
    for (size_t i = 0; i < known.size() && i < size_t(kPaletteSize); ++i)
        m_ranked.append(known[i].first);
}

int CategoryColors::slotOf(const QString &category) const
{
    if (category.isEmpty())
        return kUnknownSlot;
    const auto i = m_ranked.indexOf(category);
    return i < 0 ? kOtherSlot : int(i);
}

QColor CategoryColors::slotColor(int slot)
{
    if (slot == kUnknownSlot)
        return unknownColor();
    if (slot == kOtherSlot)
        return otherColor();
    return paletteColor(slot);
}

QString CategoryColors::slotLabel(int slot) const
{
    if (slot == kUnknownSlot)
        return unknownLabel();
    if (slot < 0 || slot >= m_ranked.size())
        return otherLabel();
    return m_ranked[slot];
}

bool CategorySlots::build(const EventStore &store, const QString &key)
{
    m_key = key;
    const size_t n = store.size();
    m_slots.assign(n, uint8_t(CategoryColors::kUnknownSlot));

    CategoryReader reader(store, key);
    if (!reader.isValid()) {
        m_colors.assign({});
        return false;
    }

    // Intern every row's value; the views point into the store (or into `owned` for
    // values that had to be formatted), which outlives this function.
    std::unordered_map<std::string_view, uint32_t> ids;
    std::vector<std::string_view> values;
    std::vector<int64_t> counts;
    HugeVector<uint32_t> rowIds = hugeVector<uint32_t>(n, 0); // not ~1,000 page faults a 1M rows
    std::vector<std::string> owned;
    if (reader.isFormatted())
        owned.resize(n);
    for (size_t r = 0; r < n; ++r) {
        std::string_view v = reader.value(r);
        if (reader.isFormatted()) {
            owned[r] = std::string(v);
            v = owned[r];
        }
        const auto [it, inserted] = ids.try_emplace(v, uint32_t(values.size()));
        if (inserted) {
            values.push_back(v);
            counts.push_back(0);
        }
        ++counts[it->second];
        rowIds[r] = it->second;
    }

    std::vector<std::pair<QString, int64_t>> tally;
    tally.reserve(values.size());
    for (size_t i = 0; i < values.size(); ++i)
        tally.emplace_back(QString::fromUtf8(values[i].data(), qsizetype(values[i].size())),
                           counts[i]);
    m_colors.assign(tally);
    std::vector<uint8_t> slotOfId(values.size());
    for (size_t i = 0; i < values.size(); ++i)
        slotOfId[i] = uint8_t(m_colors.slotOf(tally[i].first));
    for (size_t r = 0; r < n; ++r)
        m_slots[r] = slotOfId[rowIds[r]];
    return true;
}

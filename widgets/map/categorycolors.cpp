#include "categorycolors.h"

#include "categoryreader.h"

#include "eventfields.h"
#include "eventstore.h"
#include "hugepages.h"
#include "numericcolumn.h"

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

// The graduated ramp's anchors, light to dark: orange to deep purple-red (close to
// ColorBrewer's YlOrRd without its palest yellows, which vanish on the pale land).
const QRgb kRamp[] = {0xFDB545, 0xF47C2F, 0xDB4226, 0xAA1A3B, 0x5E0F46};
constexpr int kRampAnchors = int(sizeof kRamp / sizeof kRamp[0]);
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

QString CategoryColors::noValueLabel()
{
    return QCoreApplication::translate("CategoryColors", "No value");
}

QColor CategoryColors::rampColor(int index, int count)
{
    if (count <= 1)
        return QColor(kRamp[kRampAnchors / 2]);
    const double t = std::clamp(double(index) / (count - 1), 0.0, 1.0) * (kRampAnchors - 1);
    const int i = std::min(int(t), kRampAnchors - 2);
    const double f = t - i;
    const QColor a(kRamp[i]), b(kRamp[i + 1]);
    const auto mix = [f](int x, int y) { return int(std::lround(x + (y - x) * f)); };
    return QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
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
    m_graduated = false;
    m_breaks = ClassBreaks();
    for (size_t i = 0; i < known.size() && i < size_t(kPaletteSize); ++i)
        m_ranked.append(known[i].first);
}

void CategoryColors::assignGraduated(const ClassBreaks &breaks, const QStringList &labels)
{
    m_graduated = true;
    m_breaks = breaks;
    m_ranked = labels.mid(0, kPaletteSize);
    while (m_ranked.size() < std::min(breaks.count(), int(kPaletteSize)))
        m_ranked.append(QString());
}

int CategoryColors::slotOfValue(double v) const
{
    const int c = m_breaks.classOf(v);
    return c < 0 ? kUnknownSlot : std::min(c, kPaletteSize - 1);
}

int CategoryColors::slotOf(const QString &category) const
{
    if (category.isEmpty())
        return kUnknownSlot;
    const auto i = m_ranked.indexOf(category);
    return i < 0 ? kOtherSlot : int(i);
}

QColor CategoryColors::categorySlotColor(int slot)
{
    if (slot == kUnknownSlot)
        return unknownColor();
    if (slot == kOtherSlot)
        return otherColor();
    return paletteColor(slot);
}

QColor CategoryColors::slotColor(int slot) const
{
    if (m_graduated && slot >= 0 && slot < m_ranked.size())
        return rampColor(slot, int(m_ranked.size()));
    return categorySlotColor(slot);
}

QString CategoryColors::slotLabel(int slot) const
{
    if (slot == kUnknownSlot)
        return m_graduated ? noValueLabel() : unknownLabel();
    if (slot < 0 || slot >= m_ranked.size())
        return otherLabel();
    return m_ranked[slot];
}

QString CategorySlots::identity() const
{
    if (!m_colors.isGraduated())
        return m_key;
    return QStringLiteral("%1\x1f%2\x1f%3")
        .arg(m_key, ClassOptions::methodName(m_classes.method))
        .arg(m_classes.classes);
}

bool CategorySlots::build(const EventStore &store, const QString &key, const ClassOptions &classes)
{
    m_key = key;
    m_classes = classes;
    const size_t n = store.size();
    m_slots.assign(n, uint8_t(CategoryColors::kUnknownSlot));

    const NumericColumn numeric = NumericColumn::analyse(store, key);
    if (numeric.numeric) {
        const NumericReader reader(store, key);
        std::vector<double> values(n);
        for (size_t r = 0; r < n; ++r)
            values[r] = reader.value(r);
        const ClassBreaks breaks = ClassBreaks::compute(values, classes);
        m_colors.assignGraduated(breaks, breaks.labels(numeric.format, numbers::unitOf(key)));
        for (size_t r = 0; r < n; ++r)
            m_slots[r] = uint8_t(m_colors.slotOfValue(values[r]));
        return true;
    }

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

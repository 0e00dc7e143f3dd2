#pragma once

#include <QColor>
#include <QList>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

class EventStore;

// Colours for a categorical attribute (cargo, confidence, any text column), shared by
// the map and the timeline so that "diesel" is the same colour in both.
//
// The palette is Okabe & Ito's (2008) qualitative set, designed to stay distinct under
// the common colour-vision deficiencies; its black is left out because dark is what
// clusters and text use. The most frequent category gets the first colour, the next
// the second, and so on (ties by text); everything past the palette is "Other" and an
// empty value is "Unknown", both greys. Ranks come from the whole data set, not from
// the filtered rows, so a colour does not change when a filter changes.
class CategoryColors
{
public:
    static constexpr int kPaletteSize = 7;
    static QColor paletteColor(int index); // index in [0, kPaletteSize)
    static QColor otherColor();
    static QColor unknownColor();
    static QString otherLabel();
    static QString unknownLabel();

    // Categories with their counts, in any order; "" is the unknown category.
    void assign(const std::vector<std::pair<QString, int64_t>> &counts);

    // Slots 0..kPaletteSize-1 are the ranked categories, then Other, then Unknown.
    static constexpr int kOtherSlot = kPaletteSize;
    static constexpr int kUnknownSlot = kPaletteSize + 1;
    static constexpr int kSlotCount = kPaletteSize + 2;
    int slotOf(const QString &category) const;
    static QColor slotColor(int slot);
    QString slotLabel(int slot) const;
    int rankedCount() const { return int(m_ranked.size()); } // categories with a colour
    QColor color(const QString &category) const { return slotColor(slotOf(category)); }

private:
    QList<QString> m_ranked; // at most kPaletteSize, most frequent first
};

// The category slot (see CategoryColors) of every row of a store for one attribute:
// an event field key (fieldKey(), e.g. "cargo", "vessel_a_flag") or an extra column
// name. Built once per data set and attribute (a hash lookup per row; ~30 ms for a
// million rows), then read per row in O(1) by the map and the timeline.
class CategorySlots
{
public:
    // False when `key` names neither a field nor an extra column: every row is then
    // Unknown.
    bool build(const EventStore &store, const QString &key);
    const CategoryColors &colors() const { return m_colors; }
    const std::vector<uint8_t> &rowSlots() const { return m_slots; }
    uint8_t slot(size_t row) const { return m_slots[row]; }
    QString key() const { return m_key; }

private:
    QString m_key;
    CategoryColors m_colors;
    std::vector<uint8_t> m_slots;
};

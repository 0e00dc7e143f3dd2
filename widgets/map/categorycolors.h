#pragma once

#include "classbreaks.h"

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
//
// A numeric attribute (NumericColumn: duration_hr, volume, speed) is graduated instead:
// its values are split into classes (ClassBreaks: quantiles or equal intervals, 5 by
// default, as QGIS's graduated renderer) coloured along a sequential ramp, light to
// dark, each class labelled with its range ("0 – 2.5 h"); events without a value are
// the "No value" class, grey. Classes take slots 0..count-1 and No value the Unknown
// slot, so the map, the legend, the clusters and the timeline need no second path.
class CategoryColors
{
public:
    static constexpr int kPaletteSize = 7;
    static QColor paletteColor(int index); // index in [0, kPaletteSize)
    static QColor otherColor();
    static QColor unknownColor();
    static QString otherLabel();
    static QString unknownLabel();
    static QString noValueLabel(); // the Unknown slot of a graduated attribute
    // Colour i of a ramp of `count` classes (count <= kPaletteSize): light orange to
    // dark purple-red, every step readable on the pale land and sea of the basemap.
    static QColor rampColor(int index, int count);

    // Categories with their counts, in any order; "" is the unknown category.
    void assign(const std::vector<std::pair<QString, int64_t>> &counts);
    // Classes of a numeric attribute, with one label per class (ClassBreaks::labels).
    void assignGraduated(const ClassBreaks &breaks, const QStringList &labels);
    bool isGraduated() const { return m_graduated; }
    const ClassBreaks &breaks() const { return m_breaks; } // graduated only

    // Slots 0..kPaletteSize-1 are the ranked categories, then Other, then Unknown.
    static constexpr int kOtherSlot = kPaletteSize;
    static constexpr int kUnknownSlot = kPaletteSize + 1;
    static constexpr int kSlotCount = kPaletteSize + 2;
    int slotOf(const QString &category) const; // categories only
    int slotOfValue(double v) const; // graduated only: a class, or the Unknown slot
    QColor slotColor(int slot) const;
    static QColor categorySlotColor(int slot); // the colours of categories
    QString slotLabel(int slot) const;
    // Categories with a colour, or the number of classes.
    int rankedCount() const { return int(m_ranked.size()); }
    QColor color(const QString &category) const { return slotColor(slotOf(category)); }

private:
    QList<QString> m_ranked; // at most kPaletteSize, most frequent first; or class labels
    bool m_graduated = false;
    ClassBreaks m_breaks;
};

// The category slot (see CategoryColors) of every row of a store for one attribute:
// an event field key (fieldKey(), e.g. "cargo", "vessel_a_flag") or an extra column
// name. Built once per data set and attribute (a hash lookup per row; ~30 ms for a
// million rows), then read per row in O(1) by the map and the timeline. A numeric
// attribute gets graduated classes computed by `classes` (ignored for text).
class CategorySlots
{
public:
    // False when `key` names neither a field nor an extra column: every row is then
    // Unknown.
    bool build(const EventStore &store, const QString &key, const ClassOptions &classes = {});
    const CategoryColors &colors() const { return m_colors; }
    const std::vector<uint8_t> &rowSlots() const { return m_slots; }
    uint8_t slot(size_t row) const { return m_slots[row]; }
    QString key() const { return m_key; }
    const ClassOptions &classOptions() const { return m_classes; }
    // The attribute and, for numbers, how it is classed: equal when the slots are.
    QString identity() const;

private:
    QString m_key;
    ClassOptions m_classes;
    CategoryColors m_colors;
    std::vector<uint8_t> m_slots;
};

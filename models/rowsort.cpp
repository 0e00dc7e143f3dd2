#include "rowsort.h"

#include "eventstore.h"
#include "numericcolumn.h"
#include "transfermodel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

namespace {
using Keyed = std::vector<std::pair<uint64_t, uint32_t>>; // (order key, row)

uint64_t orderedBits(double v)
{
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return (bits >> 63) ? ~bits : bits | (uint64_t(1) << 63);
}

uint64_t orderedBits(int64_t v)
{
    return uint64_t(v) ^ (uint64_t(1) << 63);
}

// Numbers by value; rows without one are not keyed (they go last).
void keyNumbers(const EventStore &store, const QString &key, Keyed &keyed)
{
    const NumericReader reader(store, key);
    for (size_t r = 0; r < store.size(); ++r) {
        const double v = reader.value(r);
        if (!std::isnan(v))
            keyed.emplace_back(orderedBits(v), uint32_t(r));
    }
}

// Text ranked by natural order, one rank per distinct value; blanks are not keyed.
template<typename ViewOf> void keyText(size_t n, ViewOf viewOf, Keyed &keyed)
{
    std::unordered_map<std::string_view, uint32_t> ids;
    std::vector<std::string_view> distinct;
    std::vector<uint32_t> rowId(n, UINT32_MAX);
    for (size_t r = 0; r < n; ++r) {
        const std::string_view v = viewOf(r);
        if (v.empty())
            continue;
        const auto [it, added] = ids.try_emplace(v, uint32_t(distinct.size()));
        if (added)
            distinct.push_back(v);
        rowId[r] = it->second;
    }
    std::vector<QString> keys(distinct.size());
    for (size_t i = 0; i < distinct.size(); ++i) {
        keys[i] = TransferModel::naturalSortKey(
            QString::fromUtf8(distinct[i].data(), qsizetype(distinct[i].size())));
    }
    std::vector<uint32_t> byKey(distinct.size());
    for (uint32_t i = 0; i < byKey.size(); ++i)
        byKey[i] = i;
    std::sort(byKey.begin(), byKey.end(), [&keys](uint32_t a, uint32_t b) {
        const int c = keys[a].compare(keys[b]);
        return c != 0 ? c < 0 : a < b;
    });
    // Equal keys (values differing only in case) share a rank, so store order breaks
    // the tie, as in the table before.
    std::vector<uint32_t> rank(distinct.size());
    for (size_t i = 0; i < byKey.size(); ++i) {
        const bool same = i > 0 && keys[byKey[i]] == keys[byKey[i - 1]];
        rank[byKey[i]] = same ? rank[byKey[i - 1]] : uint32_t(i);
    }
    for (size_t r = 0; r < n; ++r) {
        if (rowId[r] != UINT32_MAX)
            keyed.emplace_back(rank[rowId[r]], uint32_t(r));
    }
}
} // namespace

std::vector<uint32_t> sortedStoreRows(const EventStore &store, int column, Qt::SortOrder order)
{
    const size_t n = store.size();
    Keyed keyed;
    keyed.reserve(n);
    const std::optional<Field> field = TransferModel::fieldForColumn(column);
    if (field) {
        switch (*field) {
        case Field::Start:
        case Field::End: {
            const auto &times = *field == Field::Start ? store.starts() : store.ends();
            for (size_t r = 0; r < n; ++r) {
                if (times[r] != EventStore::kNoTime)
                    keyed.emplace_back(orderedBits(times[r]), uint32_t(r));
            }
            break;
        }
        case Field::Latitude:
        case Field::Longitude:
        case Field::Volume: {
            const auto &values = *field == Field::Latitude ? store.lats()
                : *field == Field::Longitude               ? store.lons()
                                                           : store.volumes();
            for (size_t r = 0; r < n; ++r) {
                if (!std::isnan(values[r]))
                    keyed.emplace_back(orderedBits(values[r]), uint32_t(r));
            }
            break;
        }
        case Field::Geometry:
            break;
        default: {
            const Field f = *field;
            if (f == Field::Confidence && NumericColumn::analyse(store, fieldKey(f)).numeric)
                keyNumbers(store, fieldKey(f), keyed);
            else
                keyText(
                    n, [&](size_t r) { return store.textView(f, r); }, keyed);
            break;
        }
        }
    } else if (column == TransferModel::flagsColumn()) {
        for (size_t r = 0; r < n; ++r)
            keyed.emplace_back(store.flags(r), uint32_t(r));
    } else {
        const int extra = column - (TransferModel::flagsColumn() + 1);
        if (extra >= 0 && extra < store.extraNames().size()) {
            const QString name = store.extraNames().at(extra);
            if (NumericColumn::analyse(store, name).numeric)
                keyNumbers(store, name, keyed);
            else
                keyText(
                    n, [&](size_t r) { return store.extraView(extra, r); }, keyed);
        }
    }

    if (order == Qt::DescendingOrder) {
        for (auto &k : keyed)
            k.first = ~k.first;
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<uint32_t> rows;
    rows.reserve(n);
    std::vector<bool> keyedRow(n);
    for (const auto &k : keyed) {
        rows.push_back(k.second);
        keyedRow[k.second] = true;
    }
    for (size_t r = 0; r < n; ++r) {
        if (!keyedRow[r])
            rows.push_back(uint32_t(r));
    }
    return rows;
}

#pragma once

#include <QtCore/qnamespace.h>

#include <cstdint>
#include <vector>

class EventStore;

// Every store row ordered by one column of TransferModel (its column layout), as the
// table sorts: times and numbers by value (extra columns whose values are all numbers
// too, NumericColumn), text in natural order (case-folded, "EV-2"
// before "EV-10", TransferModel::naturalSortKey), flags by their bits. Unknown values
// (no end, unknown volume, blank text) go last in both orders, so "largest volume
// first" starts with the largest known transfer; ties keep store order.
//
// The keys come from the store's columns, not from a QVariant per cell: a million rows
// sort by time in ~0.1 s, by a text column in well under a second (text is ranked once
// per distinct value, and interned columns have few).
std::vector<uint32_t> sortedStoreRows(const EventStore &store, int column, Qt::SortOrder order);

#pragma once

#include "detect/detection.h"
#include "rowcriteria.h"

#include <QString>

#include <optional>

// Detection follows the filters (issue 17): the time window and the drawn area (or the
// box) become the rules' scope, so only that part of the AIS is analysed. The rules take
// a box, so a drawn polygon scopes by its bounding box (its events outside the polygon
// stay hidden by the area filter itself). The text, category and range filters concern
// events, not positions, and do not scope.
namespace detectscope {
// rules with fromMs/toMs and the box set from the filters (cleared where none is set).
detect::Rules apply(detect::Rules rules, std::optional<int64_t> from, std::optional<int64_t> to,
                    const RowCriteria &criteria);
// The scope in words for the dialog: "All positions are analysed." or "Only positions
// from 2024-03-01 00:00 to ... inside 120.00°E–124.00°E, 30.00°N–33.00°N (the drawn
// area's bounds) are analysed."
QString describe(const detect::Rules &rules, bool fromPolygon);
} // namespace detectscope

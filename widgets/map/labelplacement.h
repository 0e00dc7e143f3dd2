#pragma once

#include <QLineF>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <optional>
#include <vector>

// Where labels go so that none covers another or the map's other mark-up: a greedy
// placement over candidate positions with a collision test, as map labelling engines
// do it (QGIS's PAL, simplified). Labels are placed in order; each takes its first
// candidate whose box (and the leader from its anchor to the box) is clear of the
// obstacles and of the labels placed before it; a label with no clear candidate is
// dropped. Pure geometry in logical pixels, no painting.
namespace labelplacement {

// The mark-up labels must keep clear of: text boxes, and lines (leaders, arrows).
struct Obstacles
{
    std::vector<QRectF> boxes;
    std::vector<QLineF> lines;
    std::optional<QRectF> bounds; // a label must lie inside (the page's map), when given
};

struct Request
{
    QPointF anchor; // the point the label names (its leader starts here)
    QSizeF size; // of the label's box
    std::optional<QPointF> preferred; // centre the user gave the box: tried first
};

// Clearance kept around each box, in pixels.
constexpr double kPad = 2;

// The box centres tried for a request, best first: `preferred`, then around the anchor
// (up right, up left, down right, down left, right, left, above, below) at a small
// and at a larger distance.
std::vector<QPointF> candidates(const Request &request);

// The leader of a box: from the anchor to the nearest point of the box (none when the
// anchor is inside it).
std::optional<QLineF> leader(QPointF anchor, const QRectF &box);

// Whether the segment passes through the rectangle (its interior or its edge).
bool segmentHitsRect(const QLineF &segment, const QRectF &rect);

// The placed box of each request, in order; an empty QRectF for a dropped label.
std::vector<QRectF> place(const std::vector<Request> &requests, const Obstacles &obstacles);

} // namespace labelplacement

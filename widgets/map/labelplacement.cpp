#include "labelplacement.h"

#include <algorithm>
#include <cmath>

namespace labelplacement {

namespace {
constexpr double kNear = 6; // from the anchor to the box: clear of an event marker
constexpr double kFar = 26;

bool boxesOverlap(const QRectF &a, const QRectF &b)
{
    return a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom()
        && b.top() < a.bottom();
}
} // namespace

std::vector<QPointF> candidates(const Request &r)
{
    std::vector<QPointF> out;
    if (r.preferred)
        out.push_back(*r.preferred);
    const double hw = r.size.width() / 2, hh = r.size.height() / 2;
    for (double gap : {kNear, kFar}) {
        const double dx = gap + hw, dy = gap + hh;
        for (QPointF d : {QPointF(dx, -dy), QPointF(-dx, -dy), QPointF(dx, dy), QPointF(-dx, dy),
                          QPointF(dx, 0), QPointF(-dx, 0), QPointF(0, -dy), QPointF(0, dy)})
            out.push_back(r.anchor + d);
    }
    return out;
}

std::optional<QLineF> leader(QPointF anchor, const QRectF &box)
{
    if (box.contains(anchor))
        return std::nullopt;
    return QLineF(anchor,
                  QPointF(std::clamp(anchor.x(), box.left(), box.right()),
                          std::clamp(anchor.y(), box.top(), box.bottom())));
}

bool segmentHitsRect(const QLineF &s, const QRectF &rect)
{
    // Liang–Barsky: clip the parameter range of p1 + t (p2 - p1), t in [0, 1], by the
    // four slabs; the segment hits the rectangle when something is left.
    double t0 = 0, t1 = 1;
    const double dx = s.dx(), dy = s.dy();
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {s.x1() - rect.left(), rect.right() - s.x1(), s.y1() - rect.top(),
                         rect.bottom() - s.y1()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false; // parallel to this slab and outside it
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

std::vector<QRectF> place(const std::vector<Request> &requests, const Obstacles &obstacles)
{
    std::vector<QRectF> placed(requests.size());
    std::vector<QRectF> taken; // boxes of the labels placed so far
    std::vector<QLineF> leaders; // and their leaders
    const auto clear = [&](const QRectF &box, QPointF anchor) {
        const QRectF padded = box.adjusted(-kPad, -kPad, kPad, kPad);
        if (obstacles.bounds && !obstacles.bounds->contains(box))
            return false;
        for (const QRectF &o : obstacles.boxes)
            if (boxesOverlap(padded, o))
                return false;
        for (const QRectF &o : taken)
            if (boxesOverlap(padded, o))
                return false;
        for (const QLineF &l : obstacles.lines)
            if (segmentHitsRect(l, padded))
                return false;
        for (const QLineF &l : leaders)
            if (segmentHitsRect(l, padded))
                return false;
        // Its own leader must not run under a text box either.
        if (const std::optional<QLineF> own = leader(anchor, box)) {
            for (const QRectF &o : obstacles.boxes)
                if (segmentHitsRect(*own, o))
                    return false;
            for (const QRectF &o : taken)
                if (segmentHitsRect(*own, o))
                    return false;
        }
        return true;
    };
    for (size_t i = 0; i < requests.size(); ++i) {
        const Request &r = requests[i];
        for (QPointF c : candidates(r)) {
            const QRectF box(c - QPointF(r.size.width() / 2, r.size.height() / 2), r.size);
            if (!clear(box, r.anchor))
                continue;
            placed[i] = box;
            taken.push_back(box);
            if (const std::optional<QLineF> l = leader(r.anchor, box))
                leaders.push_back(*l);
            break;
        }
    }
    return placed;
}

} // namespace labelplacement

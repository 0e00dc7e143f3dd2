#include "map/labelplacement.h"

#include <QRandomGenerator>
#include <QtTest>

#include <cmath>

// The greedy label placement against a brute-force check on random layouts: no placed
// label overlaps another, an obstacle box, a line or a leader (checked by sampling the
// lines point by point, not by the placement's own clipping), each label took the first
// of its candidates that was clear, and a label was dropped only when none was.
namespace {
using namespace labelplacement;

// Does any sampled point of the segment lie inside the box (grown by `grow`)?
bool sampledHit(const QLineF &s, const QRectF &box, double grow)
{
    const QRectF b = box.adjusted(-grow, -grow, grow, grow);
    const int n = std::max(2, int(std::ceil(s.length() / 0.05)));
    for (int i = 0; i <= n; ++i) {
        const QPointF p = s.pointAt(double(i) / n);
        if (p.x() > b.left() && p.x() < b.right() && p.y() > b.top() && p.y() < b.bottom())
            return true;
    }
    return false;
}

double overlapArea(const QRectF &a, const QRectF &b)
{
    const double w = std::min(a.right(), b.right()) - std::max(a.left(), b.left());
    const double h = std::min(a.bottom(), b.bottom()) - std::max(a.top(), b.top());
    return w > 0 && h > 0 ? w * h : 0;
}

struct Placed
{
    std::vector<QRectF> boxes;
    std::vector<QLineF> leaders;
};

// Brute force: is `box` (for a label at `anchor`) in the way of anything, the box grown
// by `pad`?
bool collides(const QRectF &box, QPointF anchor, const Obstacles &o, const Placed &placed,
              double pad)
{
    const QRectF grown = box.adjusted(-pad, -pad, pad, pad);
    if (o.bounds
        && (box.left() < o.bounds->left() || box.top() < o.bounds->top()
            || box.right() > o.bounds->right() || box.bottom() > o.bounds->bottom()))
        return true;
    for (const QRectF &b : o.boxes)
        if (overlapArea(grown, b) > 0)
            return true;
    for (const QRectF &b : placed.boxes)
        if (overlapArea(grown, b) > 0)
            return true;
    for (const QLineF &l : o.lines)
        if (sampledHit(l, box, pad))
            return true;
    for (const QLineF &l : placed.leaders)
        if (sampledHit(l, box, pad))
            return true;
    if (!box.contains(anchor)) {
        const QLineF own(anchor,
                         QPointF(std::clamp(anchor.x(), box.left(), box.right()),
                                 std::clamp(anchor.y(), box.top(), box.bottom())));
        for (const QRectF &b : o.boxes)
            if (sampledHit(own, b, pad - kPad))
                return true;
        for (const QRectF &b : placed.boxes)
            if (sampledHit(own, b, pad - kPad))
                return true;
    }
    return false;
}

QRectF boxAt(QPointF centre, QSizeF size)
{
    return QRectF(centre - QPointF(size.width() / 2, size.height() / 2), size);
}
} // namespace

class TestLabelPlacement : public QObject
{
    Q_OBJECT
private slots:
    void segmentHitsRect_data()
    {
        QTest::addColumn<QLineF>("segment");
        QTest::addColumn<bool>("hits");
        // The rectangle is (10, 10) to (30, 20).
        QTest::newRow("through") << QLineF(0, 15, 40, 15) << true;
        QTest::newRow("inside") << QLineF(12, 12, 14, 14) << true;
        QTest::newRow("ends inside") << QLineF(0, 0, 15, 15) << true;
        QTest::newRow("diagonal miss") << QLineF(0, 10, 10, 0) << false;
        QTest::newRow("above") << QLineF(0, 5, 40, 5) << false;
        QTest::newRow("short of it") << QLineF(0, 15, 9, 15) << false;
        QTest::newRow("vertical through") << QLineF(20, 0, 20, 40) << true;
        QTest::newRow("vertical beside") << QLineF(35, 0, 35, 40) << false;
        QTest::newRow("a point outside") << QLineF(5, 5, 5, 5) << false;
    }
    void segmentHitsRect()
    {
        QFETCH(QLineF, segment);
        QFETCH(bool, hits);
        QCOMPARE(labelplacement::segmentHitsRect(segment, QRectF(10, 10, 20, 10)), hits);
        QCOMPARE(labelplacement::segmentHitsRect(QLineF(segment.p2(), segment.p1()),
                                                 QRectF(10, 10, 20, 10)),
                 hits);
    }

    // The case of the issue: a label whose box the user left over a callout's leader
    // moves off it, to the first clear spot around its event.
    void labelLeavesACalloutsLeader()
    {
        Obstacles o;
        o.boxes.push_back(QRectF(200, 60, 90, 24)); // the callout's text
        o.lines.push_back(QLineF(100, 150, 245, 84)); // its leader
        Request r;
        r.anchor = QPointF(120, 150);
        r.size = QSizeF(140, 20);
        r.preferred = r.anchor + QPointF(6 + 70, -6 - 10); // up and to the right
        QVERIFY(labelplacement::segmentHitsRect(o.lines[0], boxAt(*r.preferred, r.size)));
        const std::vector<QRectF> placed = place({r}, o);
        QCOMPARE(placed.size(), size_t(1));
        QVERIFY(!placed[0].isEmpty());
        QVERIFY(!sampledHit(o.lines[0], placed[0], 0));
        QCOMPARE(overlapArea(placed[0], o.boxes[0]), 0.0);
        // A label already clear stays where it was put.
        Request clear = r;
        clear.preferred = QPointF(120, 250);
        QCOMPARE(place({clear}, o)[0].center(), QPointF(120, 250));
    }

    void randomLayoutsAgainstBruteForce()
    {
        QRandomGenerator rng(20180305);
        const auto uni = [&rng](double lo, double hi) {
            return lo + rng.generateDouble() * (hi - lo);
        };
        int placedTotal = 0, droppedTotal = 0;
        for (int round = 0; round < 60; ++round) {
            const double w = 640, h = 420;
            Obstacles o;
            if (round % 2)
                o.bounds = QRectF(0, 0, w, h);
            const int callouts = int(rng.bounded(5));
            for (int i = 0; i < callouts; ++i) {
                const QRectF box(uni(0, w), uni(0, h), uni(40, 140), uni(16, 40));
                o.boxes.push_back(box);
                o.lines.push_back(QLineF(QPointF(uni(0, w), uni(0, h)), box.center()));
            }
            const int arrows = int(rng.bounded(4));
            for (int i = 0; i < arrows; ++i)
                o.lines.push_back(QLineF(uni(0, w), uni(0, h), uni(0, w), uni(0, h)));
            std::vector<Request> requests;
            const int labels = 5 + int(rng.bounded(30));
            for (int i = 0; i < labels; ++i) {
                Request r;
                r.anchor = QPointF(uni(0, w), uni(0, h));
                r.size = QSizeF(uni(30, 160), uni(14, 30));
                if (rng.bounded(2))
                    r.preferred = r.anchor + QPointF(uni(-80, 80), uni(-60, 60));
                requests.push_back(r);
            }
            const std::vector<QRectF> placed = place(requests, o);
            QCOMPARE(placed.size(), requests.size());

            // No overlaps among the results, checked pair by pair.
            for (size_t i = 0; i < placed.size(); ++i) {
                if (placed[i].isEmpty())
                    continue;
                if (o.bounds)
                    QVERIFY(o.bounds->contains(placed[i]));
                for (const QRectF &b : o.boxes)
                    QCOMPARE(overlapArea(placed[i], b), 0.0);
                for (const QLineF &l : o.lines)
                    QVERIFY2(!sampledHit(l, placed[i], 0), qPrintable(QString::number(round)));
                for (size_t j = 0; j < placed.size(); ++j) {
                    if (j == i || placed[j].isEmpty())
                        continue;
                    QCOMPARE(overlapArea(placed[i], placed[j]), 0.0);
                    // Nor does a label's box lie on another's leader.
                    if (const auto l = leader(requests[j].anchor, placed[j]))
                        QVERIFY(!sampledHit(*l, placed[i], 0));
                }
            }

            // Greedy, candidate by candidate: each label has the first clear candidate
            // given the labels before it; a dropped one had none.
            Placed before;
            for (size_t i = 0; i < requests.size(); ++i) {
                const std::vector<QPointF> cs = candidates(requests[i]);
                size_t firstClear = cs.size();
                for (size_t k = 0; k < cs.size() && firstClear == cs.size(); ++k) {
                    // Grown a hair beyond the pad: the sampled lines must not miss a
                    // touch the exact test saw.
                    if (!collides(boxAt(cs[k], requests[i].size), requests[i].anchor, o, before,
                                  kPad + 0.01))
                        firstClear = k;
                }
                if (placed[i].isEmpty()) {
                    ++droppedTotal;
                    QVERIFY2(firstClear == cs.size(),
                             qPrintable(QStringLiteral("round %1 label %2 dropped, candidate %3 "
                                                       "was clear")
                                            .arg(round)
                                            .arg(i)
                                            .arg(firstClear)));
                    continue;
                }
                ++placedTotal;
                // The placed one is a candidate, and none before it was clear.
                size_t at = cs.size();
                for (size_t k = 0; k < cs.size(); ++k)
                    if (QLineF(cs[k], placed[i].center()).length() < 1e-9) {
                        at = k;
                        break;
                    }
                QVERIFY(at < cs.size());
                QVERIFY2(firstClear >= at,
                         qPrintable(QStringLiteral("round %1 label %2 took %3, %4 was clear")
                                        .arg(round)
                                        .arg(i)
                                        .arg(at)
                                        .arg(firstClear)));
                before.boxes.push_back(placed[i]);
                if (const auto l = leader(requests[i].anchor, placed[i]))
                    before.leaders.push_back(*l);
            }
        }
        // The layouts were crowded enough to drop some labels and place most.
        QVERIFY(droppedTotal > 0);
        QVERIFY(placedTotal > droppedTotal);
    }
};

QTEST_GUILESS_MAIN(TestLabelPlacement)
#include "tst_labelplacement.moc"

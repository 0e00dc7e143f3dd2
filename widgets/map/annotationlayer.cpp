#include "annotationlayer.h"

#include "geodesic.h"
#include "labelplacement.h"

#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPath>

#include <cmath>
#include <limits>

namespace {
constexpr double kBoxPadX = 6, kBoxPadY = 3;
constexpr double kTextGap = 5; // between a shape and its text
constexpr double kCentreGap = 5; // a circle's centre mark keeps clear of an event marker
const QColor kHalo(255, 255, 255, 235);

QColor color(const Annotation &a)
{
    return QColor::fromRgba(a.color);
}

// Dark text on the white box whatever the colour, unless the colour is dark itself.
QColor textColor(const Annotation &a)
{
    const QColor c = color(a);
    return c.lightnessF() > 0.55 ? QColor(0x1d, 0x1d, 0x1f) : QColor(c.red(), c.green(), c.blue());
}

QSizeF textSize(const Annotation &a)
{
    const QFontMetricsF fm(AnnotationLayer::font(a));
    return fm.boundingRect(QRectF(0, 0, 1e6, 1e6), Qt::AlignLeft, a.text).size();
}

QPointF worldOffset(GeoPoint from, GeoPoint to, double ws)
{
    const double dx = (to.lon - from.lon) / 360.0;
    const double dy = WebMercator::toWorld(to.lat, 0).y() - WebMercator::toWorld(from.lat, 0).y();
    return QPointF(dx * ws, dy * ws);
}

double distanceToSegment(QPointF p, QPointF a, QPointF b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    return QLineF(p, a + t * ab).length();
}

void strokeWithHalo(QPainter &p, const QPolygonF &line, bool closed, const QPen &pen)
{
    QPen halo = pen;
    halo.setColor(QColor(255, 255, 255, 170));
    halo.setWidthF(pen.widthF() + 2.5);
    for (const QPen &pn : {halo, pen}) {
        p.setPen(pn);
        if (closed)
            p.drawPolygon(line);
        else
            p.drawPolyline(line);
        p.setBrush(Qt::NoBrush); // the fill once, under the line
    }
}

void haloText(QPainter &p, const QRectF &box, const Annotation &a)
{
    const QFont f = AnnotationLayer::font(a);
    const QFontMetricsF fm(f);
    QPainterPath path;
    const QStringList lines = a.text.split(QLatin1Char('\n'));
    double y = box.top() + fm.ascent();
    for (const QString &line : lines) {
        const double w = fm.horizontalAdvance(line);
        path.addText(QPointF(box.center().x() - w / 2, y), f, line);
        y += fm.lineSpacing();
    }
    p.setPen(QPen(kHalo, 3.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    p.setPen(Qt::NoPen);
    p.setBrush(textColor(a));
    p.drawPath(path);
}

// The leader runs from `anchor` to the nearest point of the text box (the label point
// without text): short, and never under the text.
QPointF leaderEnd(QPointF anchor, QPointF label, const QRectF &box)
{
    if (box.isEmpty() || box.contains(anchor))
        return label;
    return QPointF(std::clamp(anchor.x(), box.left(), box.right()),
                   std::clamp(anchor.y(), box.top(), box.bottom()));
}

void paintArrowHead(QPainter &p, QPointF tail, QPointF head, const Annotation &a)
{
    const QLineF line(head, tail);
    if (line.length() < 1)
        return;
    const double size = 5 + 3 * a.lineWidth;
    const QPointF u = (tail - head) / line.length();
    const QPointF n(-u.y(), u.x());
    const QPolygonF tri {head, head + u * size + n * size * 0.45,
                         head + u * size - n * size * 0.45};
    p.setPen(QPen(QColor(255, 255, 255, 170), 1.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(color(a));
    p.drawPolygon(tri);
}
} // namespace

// Declared a friend in annotationlayer.h: the areas' fills, under the events.
class AnnotationFillLayer : public MapLayer
{
public:
    explicit AnnotationFillLayer(AnnotationLayer *owner)
        : MapLayer(Slot::Overlay, owner), m_owner(owner)
    { }
    QString name() const override { return AnnotationLayer::tr("Annotation fills"); }
    void paint(QPainter &painter, const MapViewport &viewport, const RenderOptions &) const override
    {
        if (!m_owner->m_model || !m_owner->isVisible())
            return;
        for (const Annotation &a : m_owner->m_model->annotations())
            AnnotationLayer::paintAnnotation(painter, a, viewport, AnnotationLayer::Pass::Fill);
    }

private:
    AnnotationLayer *m_owner;
};

AnnotationLayer::AnnotationLayer(QObject *parent)
    : MapLayer(Slot::Annotations, parent), m_fillLayer(new AnnotationFillLayer(this))
{
    connect(this, &MapLayer::changed, m_fillLayer, &MapLayer::changed);
}

void AnnotationLayer::setModel(AnnotationModel *model)
{
    if (m_model == model)
        return;
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model)
        connect(m_model, &AnnotationModel::changed, this, &MapLayer::changed);
    emit changed();
}

void AnnotationLayer::setPlaceLabels(bool on)
{
    if (on == m_placeLabels)
        return;
    m_placeLabels = on;
    emit changed();
}

QHash<int, QRectF> AnnotationLayer::placedLabelBoxes(const MapViewport &viewport) const
{
    QHash<int, QRectF> out;
    if (!m_model)
        return out;
    // Obstacles: the other annotations' text and lines, on the copy of the world
    // nearest the centre (where the labels are laid out too).
    labelplacement::Obstacles obstacles;
    obstacles.bounds = QRectF(QPointF(0, 0), QSizeF(viewport.size()));
    std::vector<labelplacement::Request> requests;
    std::vector<int> ids;
    for (const Annotation &a : m_model->annotations()) {
        if (a.points.empty())
            continue;
        const QPolygonF pts = pixels(a, viewport);
        const QRectF text = textBox(a, viewport);
        if (a.kind == Annotation::Kind::EventLabel) {
            if (text.isEmpty() || pts.size() < 2)
                continue;
            requests.push_back({pts[0], text.size(), text.center()});
            ids.push_back(a.id);
            continue;
        }
        if (!text.isEmpty())
            obstacles.boxes.push_back(text);
        if (a.kind == Annotation::Kind::Callout && pts.size() >= 2)
            obstacles.lines.push_back(QLineF(pts[0], leaderEnd(pts[0], pts[1], text)));
        if (a.kind == Annotation::Kind::Arrow && pts.size() >= 2)
            obstacles.lines.push_back(QLineF(pts[0], pts[1]));
    }
    const std::vector<QRectF> boxes = labelplacement::place(requests, obstacles);
    for (size_t i = 0; i < ids.size(); ++i)
        out.insert(ids[i], boxes[i]);
    return out;
}

QFont AnnotationLayer::font(const Annotation &a)
{
    QFont f;
    // Points at 96 logical dpi, as pixels: exports scale the painter, not the font.
    f.setPixelSize(std::max(1, qRound(a.fontSize * 4.0 / 3.0)));
    if (a.kind == Annotation::Kind::Callout)
        f.setWeight(QFont::DemiBold);
    return f;
}

QPolygonF AnnotationLayer::pixels(const Annotation &a, const MapViewport &viewport)
{
    QPolygonF out;
    if (a.points.empty())
        return out;
    const GeoPoint first = a.points.front();
    const QPointF origin = viewport.toPixel(first.lat, first.lon);
    const double ws = viewport.worldSize();
    for (const GeoPoint &p : a.points)
        out << origin + worldOffset(first, p, ws);
    return out;
}

QPolygonF AnnotationLayer::outline(const Annotation &a, const MapViewport &viewport)
{
    const QPolygonF pts = pixels(a, viewport);
    if (pts.isEmpty())
        return pts;
    switch (a.kind) {
    case Annotation::Kind::Circle: {
        QPolygonF ring;
        const double ws = viewport.worldSize();
        // Enough vertices that the ring looks round at the size it is drawn.
        const double r = std::abs(
            worldOffset(a.points[0], Geodesic::destination(a.points[0], 0, a.radiusNm), ws).y());
        const int segments = std::clamp(static_cast<int>(r / 3), 48, 360);
        for (const GeoPoint &p : Geodesic::circle(a.points[0], a.radiusNm, segments))
            ring << pts[0] + worldOffset(a.points[0], p, ws);
        return ring;
    }
    case Annotation::Kind::Rectangle:
        return QPolygonF {pts[0], QPointF(pts[1].x(), pts[0].y()), pts[1],
                          QPointF(pts[0].x(), pts[1].y())};
    default:
        return pts;
    }
}

QRectF AnnotationLayer::textBox(const Annotation &a, const MapViewport &viewport)
{
    if (a.text.isEmpty() || a.points.empty())
        return {};
    const QSizeF size = textSize(a);
    const QPolygonF pts = pixels(a, viewport);
    switch (a.kind) {
    case Annotation::Kind::Callout:
    case Annotation::Kind::EventLabel: {
        const QSizeF box = size + QSizeF(2 * kBoxPadX, 2 * kBoxPadY);
        return QRectF(pts[1] - QPointF(box.width() / 2, box.height() / 2), box);
    }
    case Annotation::Kind::Arrow: {
        // Just beyond the tail, on the side away from the head: the box's centre goes
        // along that direction until the box keeps kTextGap clear of the tail.
        QPointF u = pts[0] - pts[1];
        const double len = std::hypot(u.x(), u.y());
        u = len > 0 ? u / len : QPointF(0, -1);
        double reach = std::numeric_limits<double>::max();
        if (std::abs(u.x()) > 1e-9)
            reach = std::min(reach, (size.width() / 2 + kTextGap) / std::abs(u.x()));
        if (std::abs(u.y()) > 1e-9)
            reach = std::min(reach, (size.height() / 2 + kTextGap) / std::abs(u.y()));
        const QPointF c = pts[0] + u * reach;
        return QRectF(c - QPointF(size.width() / 2, size.height() / 2), size);
    }
    case Annotation::Kind::Circle: {
        const QRectF ring = outline(a, viewport).boundingRect();
        return QRectF(
            QPointF(ring.center().x() - size.width() / 2, ring.top() - kTextGap - size.height()),
            size);
    }
    case Annotation::Kind::Rectangle:
    case Annotation::Kind::Polygon: {
        const QPointF c = outline(a, viewport).boundingRect().center();
        return QRectF(c - QPointF(size.width() / 2, size.height() / 2), size);
    }
    }
    return {};
}

QList<double> AnnotationLayer::copies(const Annotation &a, const MapViewport &viewport)
{
    QRectF extent = outline(a, viewport).boundingRect().united(textBox(a, viewport));
    extent.adjust(-20 - a.lineWidth * 4, -20 - a.lineWidth * 4, 20 + a.lineWidth * 4,
                  20 + a.lineWidth * 4);
    const QRectF view(QPointF(0, 0), QSizeF(viewport.size()));
    const double ws = viewport.worldSize();
    QList<double> out;
    const int reach = static_cast<int>(std::ceil(view.width() / ws)) + 1;
    for (int k = -reach; k <= reach; ++k)
        if (extent.translated(k * ws, 0).intersects(view))
            out << k * ws;
    return out;
}

bool AnnotationLayer::hits(const Annotation &a, const MapViewport &viewport, QPointF pixel,
                           double tolerance)
{
    const QPolygonF shape = outline(a, viewport);
    const QRectF text = textBox(a, viewport);
    const double near = std::max(tolerance, a.lineWidth / 2 + 2);
    for (double dx : copies(a, viewport)) {
        const QPointF p = pixel - QPointF(dx, 0);
        if (text.adjusted(-2, -2, 2, 2).contains(p))
            return true;
        const bool closed = a.kind == Annotation::Kind::Circle
            || a.kind == Annotation::Kind::Rectangle || a.kind == Annotation::Kind::Polygon;
        if (closed && shape.containsPoint(p, Qt::OddEvenFill))
            return true;
        const int n = static_cast<int>(shape.size());
        for (int i = 0; i + 1 < n + (closed ? 1 : 0); ++i)
            if (distanceToSegment(p, shape[i], shape[(i + 1) % n]) <= near)
                return true;
        if (!closed && !shape.isEmpty() && QLineF(p, shape[0]).length() <= near + 2)
            return true;
    }
    return false;
}

void AnnotationLayer::paint(QPainter &painter, const MapViewport &viewport,
                            const RenderOptions &) const
{
    if (!m_model)
        return;
    const QHash<int, QRectF> placed =
        m_placeLabels ? placedLabelBoxes(viewport) : QHash<int, QRectF>();
    // Text over every shape, so no circle or arrow of a later annotation hides it.
    for (Pass pass : {Pass::Shapes, Pass::Text})
        for (const Annotation &a : m_model->annotations()) {
            const auto it = placed.constFind(a.id);
            if (it == placed.constEnd()) {
                paintAnnotation(painter, a, viewport, pass);
            } else if (!it->isEmpty()) { // an event label with no clear spot is left out
                const QRectF box = *it;
                paintAnnotation(painter, a, viewport, pass, &box);
            }
        }
}

void AnnotationLayer::paintAnnotation(QPainter &painter, const Annotation &a,
                                      const MapViewport &viewport, Pass pass, const QRectF *box)
{
    if (a.points.empty())
        return;
    const QPolygonF pts = pixels(a, viewport);
    const QPolygonF shape = outline(a, viewport);
    const QRectF text = box ? *box : textBox(a, viewport);
    const QColor c = color(a);
    const QPen pen(c, a.lineWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    const bool fills = pass == Pass::Fill || pass == Pass::All;
    const bool shapes = pass == Pass::Shapes || pass == Pass::All;
    const bool texts = (pass == Pass::Text || pass == Pass::All) && !text.isEmpty();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    for (double dx : copies(a, viewport)) {
        painter.save();
        painter.translate(dx, 0);
        switch (a.kind) {
        case Annotation::Kind::Callout:
        case Annotation::Kind::EventLabel: {
            if (shapes) {
                strokeWithHalo(painter, QPolygonF {pts[0], leaderEnd(pts[0], pts[1], text)}, false,
                               pen);
                const double r = 2 + a.lineWidth;
                painter.setPen(QPen(Qt::white, 1.5));
                painter.setBrush(c);
                painter.drawEllipse(pts[0], r, r);
            }
            if (texts) {
                painter.setPen(QPen(c, std::max(1.0, a.lineWidth * 0.75)));
                painter.setBrush(QColor(255, 255, 255, 240));
                painter.drawRoundedRect(text, 3, 3);
                painter.setPen(textColor(a));
                painter.setFont(font(a));
                painter.drawText(text, Qt::AlignCenter, a.text);
            }
            break;
        }
        case Annotation::Kind::Arrow:
            if (shapes) {
                // The line stops inside the head, so its round cap does not poke out.
                const QLineF line(pts[0], pts[1]);
                const double head = 5 + 3 * a.lineWidth;
                QPointF end = pts[1];
                if (line.length() > head)
                    end = line.pointAt(1 - head * 0.6 / line.length());
                strokeWithHalo(painter, QPolygonF {pts[0], end}, false, pen);
                paintArrowHead(painter, pts[0], pts[1], a);
            }
            if (texts)
                haloText(painter, text, a);
            break;
        case Annotation::Kind::Circle:
        case Annotation::Kind::Rectangle:
        case Annotation::Kind::Polygon:
            if (fills) {
                QColor fill = c;
                fill.setAlphaF(c.alphaF() * 0.08);
                painter.setPen(Qt::NoPen);
                painter.setBrush(fill);
                painter.drawPolygon(shape);
            }
            if (shapes) {
                painter.setBrush(Qt::NoBrush);
                strokeWithHalo(painter, shape, true, pen);
                if (a.kind == Annotation::Kind::Circle) {
                    // The centre mark leaves its middle open: an event there stays seen.
                    painter.setPen(QPen(c, 1.5));
                    for (QPointF d : {QPointF(1, 0), QPointF(-1, 0), QPointF(0, 1), QPointF(0, -1)})
                        painter.drawLine(pts[0] + d * kCentreGap, pts[0] + d * (kCentreGap + 4));
                }
            }
            if (texts)
                haloText(painter, text, a);
            break;
        }
        painter.restore();
    }
    painter.restore();
}

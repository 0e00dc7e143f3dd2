// EventLayer's drawing: markers, cluster bubbles, the legend, and the companion layer
// that rings selected events. The layout and hit testing are in eventlayer.cpp.
#include "eventlayer.h"

#include "decorationslayer.h"
#include "eventstore.h"
#include "spatialindex.h"
#include "stampscale.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {
QColor neutralClusterColor()
{
    return QColor(0x3d, 0x46, 0x51);
}

QColor textColorOn(const QColor &c)
{
    return 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue() > 150 ? QColor(0x1b, 0x1b, 0x1b)
                                                                        : QColor(Qt::white);
}

// The selection ring: dark outside, white inside, so it reads on any marker colour,
// on land and sea, and in grey print.
void drawRing(QPainter &p, QPointF pos, double r)
{
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(0x11, 0x11, 0x11), 4.0));
    p.drawEllipse(pos, r + 3.5, r + 3.5);
    p.setPen(QPen(Qt::white, 2.0));
    p.drawEllipse(pos, r + 3.5, r + 3.5);
}

bool testBit(const std::vector<uint64_t> &bits, uint32_t row)
{
    const size_t word = row >> 6;
    return word < bits.size() && (bits[word] >> (row & 63)) & 1;
}
} // namespace

// Declared a friend in eventlayer.h: paints through EventLayer::paintSelection().
class EventSelectionLayer : public MapLayer
{
public:
    explicit EventSelectionLayer(EventLayer *owner)
        : MapLayer(Slot::Selection, owner), m_owner(owner)
    { }
    QString name() const override { return EventLayer::tr("Selected events"); }
    void paint(QPainter &painter, const MapViewport &viewport, const RenderOptions &) const override
    {
        m_owner->paintSelection(painter, viewport);
    }

private:
    EventLayer *m_owner;
};

MapLayer *EventLayer::createSelectionLayer(EventLayer *owner)
{
    return new EventSelectionLayer(owner);
}

namespace {
void drawMarkerShape(QPainter &p, QPointF pos, double r, const QColor &color)
{
    p.setPen(QPen(Qt::white, 1.0));
    p.setBrush(color);
    p.drawEllipse(pos, r, r);
}

void drawClusterBubble(QPainter &p, QPointF pos, double r, const QColor &color)
{
    QColor halo = color;
    halo.setAlpha(70);
    p.setPen(Qt::NoPen);
    p.setBrush(halo);
    p.drawEllipse(pos, r + 4, r + 4);
    p.setPen(QPen(Qt::white, 1.5));
    p.setBrush(color);
    p.drawEllipse(pos, r, r);
}

void drawClusterLabel(QPainter &p, QPointF pos, double r, const QColor &color, const QString &label)
{
    QFont font = p.font();
    font.setPixelSize(11);
    font.setBold(true);
    p.setFont(font);
    p.setPen(textColorOn(color));
    p.drawText(QRectF(pos.x() - r - 4, pos.y() - r, 2 * r + 8, 2 * r), Qt::AlignCenter, label);
}

void drawClusterShape(QPainter &p, QPointF pos, double r, const QColor &color, const QString &label)
{
    drawClusterBubble(p, pos, r, color);
    drawClusterLabel(p, pos, r, color, label);
}

} // namespace

QImage EventLayer::stamp(int kind, double r, const QColor &color, const QString &label,
                         double scale) const
{
    const StampKey key {kind, int(qRound(r * 8)), color.rgba(), scale, label};
    {
        QMutexLocker lock(&m_stampMutex);
        const auto it = m_stamps.constFind(key);
        if (it != m_stamps.constEnd())
            return *it;
    }
    const double half = std::ceil(r + 6);
    QImage image;
    if (kind == 1) {
        // A bubble with a count starts from the bare bubble (kind 4), shared by every
        // count of its size and colour: its antialiased ellipses cost twice the text,
        // and a first world view of a million events makes hundreds of labels.
        image = stamp(4, r, color, QString(), scale).copy();
        image.setDevicePixelRatio(scale);
    } else {
        image = QImage(QSize(int(std::ceil(2 * half * scale)), int(std::ceil(2 * half * scale))),
                       QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(scale);
        image.fill(Qt::transparent);
    }
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing, true);
        const QPointF centre(half, half);
        switch (kind) {
        case 0:
            drawMarkerShape(p, centre, r, color);
            break;
        case 1:
            drawClusterLabel(p, centre, r, color, label);
            break;
        case 2:
            drawRing(p, centre, r);
            break;
        case 3:
            drawRing(p, centre, r);
            drawMarkerShape(p, centre, r, color);
            break;
        default:
            drawClusterBubble(p, centre, r, color);
        }
    }
    QMutexLocker lock(&m_stampMutex);
    if (m_stamps.size() > 4000) // labels and sizes vary; keep memory bounded
        m_stamps.clear();
    m_stamps.insert(key, image);
    return image;
}

void EventLayer::paint(QPainter &painter, const MapViewport &viewport, const RenderOptions &) const
{
    const auto lay = cachedLayout(viewport);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const double scale = stampScale(painter);
    // The layout reaches beyond the view (for panning); draw only what can show.
    const QRectF shown = QRectF(QPointF(0, 0), QSizeF(viewport.size())).adjusted(-40, -40, 40, 40);
    const auto drawMarker = [&](QPointF pos, double r, uint8_t slot) {
        const QColor color = m_categories.colors().slotColor(slot);
        if (scale <= 0)
            return drawMarkerShape(painter, pos, r, color);
        const QImage img = stamp(0, r, color, QString(), scale);
        const double half = img.width() / scale / 2;
        // Snapped to device pixels: a stamp drawn at a fractional offset would be resampled.
        painter.drawImage(QPointF(std::round((pos.x() - half) * scale) / scale,
                                  std::round((pos.y() - half) * scale) / scale),
                          img);
    };

    if (m_sizeByVolume) {
        // Big first, so that small markers stay visible on top of large ones.
        std::vector<std::pair<double, const Marker *>> order;
        order.reserve(lay->markers.size());
        for (const Marker &m : lay->markers) {
            if (shown.contains(m.pos))
                order.emplace_back(markerRadius(m.row), &m);
        }
        std::stable_sort(order.begin(), order.end(),
                         [](const auto &a, const auto &b) { return a.first > b.first; });
        for (const auto &[r, m] : order)
            drawMarker(m->pos, r, m->slot);
    } else {
        for (const Marker &m : lay->markers) {
            if (shown.contains(m.pos))
                drawMarker(m.pos, kMarkerRadius, m.slot);
        }
    }

    for (const Cluster &c : lay->clusters) {
        if (!shown.contains(c.pos))
            continue;
        const double r = clusterRadius(c.count);
        const QColor color =
            c.slot >= 0 ? m_categories.colors().slotColor(c.slot) : neutralClusterColor();
        const QString label = countLabel(c.count);
        if (scale <= 0) {
            drawClusterShape(painter, c.pos, r, color, label);
            continue;
        }
        const QImage img = stamp(1, r, color, label, scale);
        const double half = img.width() / scale / 2;
        painter.drawImage(QPointF(std::round((c.pos.x() - half) * scale) / scale,
                                  std::round((c.pos.y() - half) * scale) / scale),
                          img);
    }
    if (m_legendVisible)
        paintLegend(painter, viewport);
}

struct EventLayer::LegendLayout
{
    QRectF box; // empty: no legend
    QList<LegendEntry> entries; // those that fit; the last may sum up the rest
    QFont font, title;
    double pad = 8, line = 16, labelWidth = 0, countWidth = 0;
    bool clusterNote = false; // the last row explains the cluster badges
};

namespace {
// Whether a cluster badge is drawn in the view (the layout reaches beyond it).
bool clusterInView(const EventLayer::Layout &lay, const MapViewport &viewport)
{
    const QRectF view(QPointF(0, 0), QSizeF(viewport.size()));
    return std::any_of(lay.clusters.begin(), lay.clusters.end(),
                       [&view](const EventLayer::Cluster &c) { return view.contains(c.pos); });
}
} // namespace

EventLayer::LegendLayout EventLayer::legendLayout(const MapViewport &viewport) const
{
    LegendLayout l;
    l.entries = legendEntries();
    if (l.entries.isEmpty())
        return l;
    l.font.setPixelSize(11);
    l.font.setBold(false);
    l.title = l.font;
    l.title.setBold(true);
    const QFontMetricsF fm(l.font), tm(l.title);
    const QLocale locale(QLocale::English); // "12,400", as the table writes volumes
    l.line = std::max(16.0, fm.height() + 3);
    const double pad = l.pad, line = l.line;
    const double gap = 4; // from the graticule's labels
    const double margin = 10; // from the view's right edge

    // The legend keeps to the right of the latitude labels, below the longitude labels
    // and above the scale bar and attribution (DecorationsLayer), whatever the view's
    // size: it narrows its labels, then shows fewer entries, then nothing at all.
    const double top =
        std::max(margin, DecorationsLayer::longitudeLabelBand(viewport).bottom() + gap);
    const double bottom = DecorationsLayer::scaleBarRect(viewport).top() - gap;
    const double left = DecorationsLayer::latitudeLabelWidth() + gap;
    const double maxWidth = viewport.size().width() - margin - left;
    l.clusterNote = m_clusterLegend && clusterInView(*cachedLayout(viewport), viewport);
    // Rows under the title (and the note on clusters).
    const int fits =
        int(std::floor((bottom - top - 2 * pad + 2) / line)) - 1 - (l.clusterNote ? 1 : 0);
    if (fits < 1) {
        l.entries.clear();
        return l;
    }
    if (l.entries.size() > fits) {
        // The last row sums up the entries left out, so the counts still add up.
        LegendEntry more;
        more.color = Qt::transparent;
        for (qsizetype i = fits - 1; i < l.entries.size(); ++i)
            more.count += l.entries[i].count;
        more.label = QStringLiteral("%1 more").arg(l.entries.size() - (fits - 1));
        l.entries.resize(fits - 1);
        l.entries.append(more);
    }
    for (const LegendEntry &e : l.entries)
        l.countWidth =
            std::max(l.countWidth, fm.horizontalAdvance(locale.toString(qlonglong(e.count))));
    const double maxLabel = std::min(150.0, maxWidth - (pad + 18 + 12 + l.countWidth + pad));
    if (maxLabel < 24) {
        l.entries.clear();
        return l;
    }
    l.labelWidth = std::min(tm.horizontalAdvance(legendTitle()) - 18, maxLabel);
    for (const LegendEntry &e : l.entries)
        l.labelWidth = std::max(l.labelWidth, std::min(fm.horizontalAdvance(e.label), maxLabel));
    if (l.clusterNote) // its text spans the label and the count columns
        l.labelWidth = std::max(
            l.labelWidth,
            std::min(fm.horizontalAdvance(clusterLegendText()) + 2, maxWidth - (pad + 18 + pad))
                - 12 - l.countWidth);
    const double width = pad + 18 + l.labelWidth + 12 + l.countWidth + pad;
    const double height =
        pad + line + (l.entries.size() + (l.clusterNote ? 1 : 0)) * line + pad - 2;
    l.box = QRectF(viewport.size().width() - width - margin, top, width, height);
    return l;
}

QRectF EventLayer::legendRect(const MapViewport &viewport) const
{
    if (!m_legendVisible)
        return {};
    return legendLayout(viewport).box;
}

void EventLayer::paintLegend(QPainter &painter, const MapViewport &viewport) const
{
    const LegendLayout l = legendLayout(viewport);
    if (l.box.isEmpty())
        return;
    const QFontMetricsF fm(l.font), tm(l.title);
    const QLocale locale(QLocale::English);
    const QRectF &box = l.box;
    const double pad = l.pad, line = l.line;

    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(QColor(0, 0, 0, 60), 1.0));
    painter.setBrush(QColor(255, 255, 255, 225));
    painter.drawRoundedRect(box, 4, 4);
    painter.setFont(l.title);
    painter.setPen(QColor(0x22, 0x22, 0x22));
    painter.drawText(QRectF(box.left() + pad, box.top() + pad, box.width() - 2 * pad, line),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     tm.elidedText(legendTitle(), Qt::ElideRight, box.width() - 2 * pad));
    painter.setFont(l.font);
    double y = box.top() + pad + line;
    for (const LegendEntry &e : l.entries) {
        if (e.color.alpha() > 0) {
            painter.setPen(QPen(Qt::white, 1.0));
            painter.setBrush(e.color);
            painter.drawEllipse(QPointF(box.left() + pad + 6, y + line / 2), 5, 5);
        }
        painter.setPen(QColor(0x22, 0x22, 0x22));
        painter.drawText(QRectF(box.left() + pad + 18, y, l.labelWidth, line),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         fm.elidedText(e.label, Qt::ElideRight, l.labelWidth));
        painter.drawText(QRectF(box.right() - pad - l.countWidth, y, l.countWidth, line),
                         Qt::AlignRight | Qt::AlignVCenter, locale.toString(qlonglong(e.count)));
        y += line;
    }
    if (l.clusterNote) {
        // The badge as the map draws it (neutral colour), with "n" for its count.
        const double r = 5.5; // with its halo, as tall as a row
        const QPointF centre(box.left() + pad + 6, y + line / 2);
        QFont badge = l.font;
        badge.setPixelSize(9);
        badge.setBold(true);
        painter.save();
        drawClusterBubble(painter, centre, r, neutralClusterColor());
        painter.setFont(badge);
        painter.setPen(textColorOn(neutralClusterColor()));
        painter.drawText(QRectF(centre - QPointF(r, r), QSizeF(2 * r, 2 * r)), Qt::AlignCenter,
                         QStringLiteral("n"));
        painter.restore();
        painter.setPen(QColor(0x22, 0x22, 0x22));
        const double w = box.right() - pad - (box.left() + pad + 18);
        painter.drawText(QRectF(box.left() + pad + 18, y, w, line),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         fm.elidedText(clusterLegendText(), Qt::ElideRight, w));
    }
}

void EventLayer::paintSelection(QPainter &painter, const MapViewport &viewport) const
{
    if (m_selection.empty() || !m_store || !m_index || !isVisible())
        return;
    const auto lay = cachedLayout(viewport);
    const Grid &g = lay->grid;
    if (lay->cellOwner.size() != size_t(std::max(g.nx * g.ny, 0)) || lay->cellOwner.empty())
        return;
    const auto &xs = m_index->xs();
    const auto &ys = m_index->ys();
    const auto &rowSlot = m_categories.rowSlots();
    // Selected, visible rows in view, on every copy of the world.
    std::vector<std::pair<QPointF, uint32_t>> shown;
    std::vector<bool> cellHasSelected(size_t(std::max(g.nx * g.ny, 0)), false);
    for (uint32_t row : m_selection) {
        if (row >= xs.size() || std::isnan(xs[row]) || !isVisibleRow(row))
            continue;
        for (int k = g.firstCopy; k <= g.lastCopy; ++k) {
            const double u = (xs[row] + k) * g.worldSize, v = ys[row] * g.worldSize;
            if (!g.contains(u, v))
                continue;
            cellHasSelected[size_t(lay->cellOwner[size_t(g.cellOf(u, v))])] = true;
            if (shown.size() <= size_t(kMaxIndividualSelection))
                shown.emplace_back(QPointF(g.originX + u, g.originY + v), row);
        }
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
    const double scale = stampScale(painter);
    // kind 2: a ring, 3: a ring around a marker; stamped on raster devices (see paint()).
    const auto draw = [&](int kind, QPointF pos, double r, uint8_t slot) {
        const QColor color = m_categories.colors().slotColor(slot);
        if (scale > 0) {
            const QImage img = stamp(kind, r, color, QString(), scale);
            const double half = img.width() / scale / 2;
            painter.drawImage(QPointF(std::round((pos.x() - half) * scale) / scale,
                                      std::round((pos.y() - half) * scale) / scale),
                              img);
            return;
        }
        drawRing(painter, pos, r);
        if (kind == 3)
            drawMarkerShape(painter, pos, r, color);
    };
    if (shown.size() <= size_t(kMaxIndividualSelection)) {
        // Few enough to show each at its true place, on top of any cluster it is in.
        for (const auto &[pos, row] : shown)
            draw(3, pos, markerRadius(row), rowSlot[row]);
        return;
    }
    // Many: ring what the events layer drew where selected events are.
    for (const Marker &m : lay->markers) {
        if (testBit(m_selectionBits, m.row))
            draw(2, m.pos, markerRadius(m.row), 0);
    }
    for (const Cluster &c : lay->clusters) {
        if (cellHasSelected[size_t(c.cell)])
            draw(2, c.pos, clusterRadius(c.count) + 2, 0);
    }
}

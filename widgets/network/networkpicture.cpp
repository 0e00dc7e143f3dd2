#include "networkpicture.h"

#include "map/categorycolors.h"
#include "summary.h"

#include <QFileInfo>
#include <QFontMetricsF>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace netpicture {

namespace {
constexpr double kMargin = 28; // pixels around the fitted square (labels, node radius)

QColor groupColor(int component)
{
    return component >= 0 && component < CategoryColors::kPaletteSize
        ? CategoryColors::paletteColor(component)
        : CategoryColors::otherColor();
}

QStringList flagsByVessels(const network::VesselNetwork &net)
{
    QHash<QString, int> count;
    for (const network::Node &n : net.nodes) {
        if (!n.vessel.flag.isEmpty())
            ++count[n.vessel.flag];
    }
    QStringList flags = count.keys();
    std::sort(flags.begin(), flags.end(), [&](const QString &a, const QString &b) {
        return count[a] != count[b] ? count[a] > count[b] : a < b;
    });
    return flags;
}
} // namespace

QString vesselLabel(const VesselRow &v)
{
    if (!v.name.isEmpty())
        return v.name;
    if (!v.mmsi.isEmpty())
        return QStringLiteral("MMSI %1").arg(v.mmsi);
    if (!v.imo.isEmpty())
        return QStringLiteral("IMO %1").arg(v.imo);
    return QString::fromStdString(v.key);
}

std::vector<QPointF> fit(const std::vector<QPointF> &positions, const std::vector<uint8_t> *drawn)
{
    if (positions.empty())
        return positions;
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (size_t i = 0; i < positions.size(); ++i) {
        if (drawn && i < drawn->size() && !(*drawn)[i])
            continue;
        const QPointF &q = positions[i];
        x0 = std::min(x0, q.x());
        x1 = std::max(x1, q.x());
        y0 = std::min(y0, q.y());
        y1 = std::max(y1, q.y());
    }
    if (x0 > x1)
        return std::vector<QPointF>(positions.size());
    const QPointF centre((x0 + x1) / 2, (y0 + y1) / 2);
    std::vector<QPointF> out(positions.size());
    for (size_t i = 0; i < positions.size(); ++i) {
        const QPointF d = positions[i] - centre;
        out[i] = QPointF(x1 > x0 ? d.x() / (x1 - x0) : 0, y1 > y0 ? d.y() / (y1 - y0) : 0);
    }
    return out;
}

Picture make(const network::VesselNetwork &net, const std::vector<QPointF> &positions,
             const Style &style)
{
    Picture p;
    const size_t n = net.nodes.size();
    p.drawn.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
        p.drawn[i] = net.nodes[i].vessel.partners > 0;
        p.hidden += !p.drawn[i];
    }
    p.pos = fit(positions, &p.drawn);
    p.pos.resize(n);
    p.radius.resize(n);
    p.color.resize(n);
    p.label.resize(n);
    p.labelled.assign(n, 0);
    int64_t maxPartners = 1;
    for (const network::Node &node : net.nodes)
        maxPartners = std::max(maxPartners, node.vessel.partners);
    // Flags: the first colours to the most common, the rest "Other".
    const QStringList flags = style.flagOrder.isEmpty() ? flagsByVessels(net) : style.flagOrder;
    QHash<QString, int> slot;
    for (int i = 0; i < flags.size() && i < CategoryColors::kPaletteSize; ++i)
        slot.insert(flags[i], i);
    bool other = false, unknown = false;
    std::vector<uint8_t> used(CategoryColors::kPaletteSize, 0);
    for (size_t i = 0; i < n; ++i) {
        const VesselRow &v = net.nodes[i].vessel;
        // Area grows with partners: a vessel with four times the partners is twice as wide.
        p.radius[i] = 0.25 + 0.75 * std::sqrt(double(v.partners) / double(maxPartners));
        p.label[i] = vesselLabel(v);
        switch (style.colorBy) {
        case ColorBy::Flag:
            // The legend lists the colours of the vessels drawn.
            if (v.flag.isEmpty()) {
                p.color[i] = CategoryColors::unknownColor();
                unknown = unknown || p.drawn[i];
            } else if (slot.contains(v.flag)) {
                const int s = slot.value(v.flag);
                p.color[i] = CategoryColors::paletteColor(s);
                used[size_t(s)] = used[size_t(s)] || p.drawn[i];
            } else {
                p.color[i] = CategoryColors::otherColor();
                other = other || p.drawn[i];
            }
            break;
        case ColorBy::Group:
            p.color[i] = groupColor(net.nodes[i].component);
            break;
        case ColorBy::None:
            p.color[i] = QColor(0x2c, 0x7f, 0xb8);
            break;
        }
    }
    if (style.colorBy == ColorBy::Flag) {
        p.legendTitle = QStringLiteral("Flag");
        for (int s = 0; s < flags.size() && s < CategoryColors::kPaletteSize; ++s) {
            if (used[size_t(s)])
                p.legend.emplace_back(flags[s], CategoryColors::paletteColor(s));
        }
        if (other)
            p.legend.emplace_back(CategoryColors::otherLabel(), CategoryColors::otherColor());
        if (unknown)
            p.legend.emplace_back(CategoryColors::unknownLabel(), CategoryColors::unknownColor());
    } else if (style.colorBy == ColorBy::Group) {
        p.legendTitle = QStringLiteral("Group");
        const int shown = std::min<int>(int(net.components.size()), CategoryColors::kPaletteSize);
        for (int c = 0; c < shown; ++c) {
            p.legend.emplace_back(QStringLiteral("%1 (%2 vessels)")
                                      .arg(c + 1)
                                      .arg(net.components[size_t(c)].nodes.size()),
                                  groupColor(c));
        }
        if (int(net.components.size()) > shown)
            p.legend.emplace_back(QStringLiteral("Others"), CategoryColors::otherColor());
    }
    // The busiest vessels are always labelled.
    const std::vector<uint32_t> ranked = net.rankedByPartners();
    for (size_t k = 0; k < ranked.size() && int(k) < style.labels; ++k)
        p.labelled[ranked[k]] = 1;

    // Edges: width by the square root of meetings (or volume) against the largest.
    const bool byVolume = style.widthBy == WidthBy::Volume && net.hasVolume;
    p.widthTitle =
        byVolume ? QStringLiteral("Line width: volume") : QStringLiteral("Line width: meetings");
    double maxWeight = 0;
    for (const network::Edge &e : net.edges)
        maxWeight = std::max(maxWeight, byVolume ? e.volume : double(e.events));
    p.lines.reserve(net.edges.size());
    for (uint32_t k = 0; k < net.edges.size(); ++k) {
        const network::Edge &e = net.edges[k];
        const double w = byVolume ? e.volume : double(e.events);
        const double width = 0.6 + 5.4 * (maxWeight > 0 ? std::sqrt(w / maxWeight) : 0);
        p.lines.push_back({e.a, e.b, width, k});
    }
    std::stable_sort(
        p.lines.begin(), p.lines.end(),
        [](const Picture::Line &x, const Picture::Line &y) { return x.width < y.width; });
    return p;
}

namespace {
QSizeF drawingSize(const QRectF &target)
{
    return QSizeF(std::max(1.0, target.width() - 2 * kMargin),
                  std::max(1.0, target.height() - 2 * kMargin));
}
} // namespace

QPointF place(const QRectF &target, const View &view, QPointF unit)
{
    const QSizeF s = drawingSize(target);
    return target.center() + view.pan
        + QPointF(unit.x() * s.width(), unit.y() * s.height()) * view.zoom;
}

QPointF unplace(const QRectF &target, const View &view, QPointF pixel)
{
    const QSizeF s = drawingSize(target);
    const QPointF d = (pixel - target.center() - view.pan) / view.zoom;
    return QPointF(d.x() / s.width(), d.y() / s.height());
}

double nodeRadius(const Picture &picture, const QRectF &target, const View &view, size_t i)
{
    const QSizeF s = drawingSize(target);
    const double n = double(std::max<size_t>(1, picture.pos.size()));
    const double largest = std::clamp(0.5 * std::sqrt(s.width() * s.height() / n), 4.0, 14.0)
        * std::clamp(std::sqrt(view.zoom), 1.0, 3.0);
    return std::max(1.5, picture.radius[i] * largest);
}

void paint(QPainter &painter, const QRectF &target, const Picture &p, const View &view,
           const Marks &marks)
{
    painter.save();
    painter.setClipRect(target);
    painter.fillRect(target, QColor(0xfb, 0xfb, 0xf8));
    const size_t n = p.pos.size();
    std::vector<QPointF> at(n);
    std::vector<double> radius(n);
    for (size_t i = 0; i < n; ++i) {
        at[i] = place(target, view, p.pos[i]);
        radius[i] = nodeRadius(p, target, view, i);
    }
    const bool anyMarks =
        (marks.nodes && !marks.nodes->empty()) || (marks.edges && !marks.edges->empty());

    // Edges in a few width classes, each one batch of lines. Qt's raster engine hands
    // the spans of each wide line to its thread pool, which on a busy machine costs more
    // than the drawing: with many pairs only the heaviest kWide keep their width, the
    // others are hairlines (1 px, which the engine draws on this thread), darker when
    // heavier.
    constexpr size_t kWide = 400;
    const bool many = p.lines.size() > 2000;
    const double hairlineBelow = p.lines.size() > 1500 ? p.lines[p.lines.size() - kWide].width : 0;
    painter.setRenderHint(QPainter::Antialiasing, !many);
    QColor edgeColor(0x55, 0x60, 0x70, many ? 40 : (p.lines.size() > 2000 ? 90 : 150));
    if (anyMarks)
        edgeColor.setAlpha(edgeColor.alpha() / 2);
    QVector<QLineF> batch;
    double batchWidth = -1;
    const auto flush = [&] {
        if (batch.isEmpty())
            return;
        if (batchWidth < hairlineBelow) {
            QColor c = edgeColor;
            c.setAlpha(
                std::min(255, int(c.alpha() * (0.6 + batchWidth / std::max(1.0, hairlineBelow)))));
            painter.setPen(QPen(c, 0)); // cosmetic
        } else {
            painter.setPen(QPen(edgeColor, batchWidth, Qt::SolidLine, Qt::RoundCap));
        }
        painter.drawLines(batch);
        batch.clear();
    };
    for (const Picture::Line &l : p.lines) {
        if (!p.drawn[l.a] || !p.drawn[l.b])
            continue;
        const double w = std::round(l.width * 2) / 2; // half-pixel classes
        if (w != batchWidth) {
            flush();
            batchWidth = w;
        }
        batch.append(QLineF(at[l.a], at[l.b]));
    }
    flush();
    if (marks.edges) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        for (const Picture::Line &l : p.lines) {
            if (l.edge < marks.edges->size() && (*marks.edges)[l.edge]) {
                painter.setPen(QPen(QColor(0xe6, 0x55, 0x0d), std::max(2.0, l.width), Qt::SolidLine,
                                    Qt::RoundCap));
                painter.drawLine(at[l.a], at[l.b]);
            }
        }
    }

    // Nodes, biggest first so that small ones stay visible on top.
    painter.setRenderHint(QPainter::Antialiasing, true);
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return p.radius[a] > p.radius[b]; });
    const QPen outline(QColor(255, 255, 255, 220), 0.8);
    for (const uint32_t i : order) {
        if (!p.drawn[i])
            continue;
        const bool hi = marks.nodes && i < marks.nodes->size() && (*marks.nodes)[i];
        QColor c = p.color[i];
        if (anyMarks && !hi)
            c.setAlpha(110);
        painter.setPen(hi ? QPen(QColor(0xe6, 0x55, 0x0d), 2.5)
                          : (n > 1000 ? QPen(Qt::NoPen) : outline));
        painter.setBrush(c);
        painter.drawEllipse(at[i], radius[i], radius[i]);
    }

    // Labels: the busiest vessels, the highlighted ones (few), and the hovered vessel
    // with its partners.
    std::vector<uint8_t> label(p.labelled.begin(), p.labelled.end());
    label.resize(n, 0);
    if (marks.nodes) {
        size_t count = 0;
        for (uint8_t h : *marks.nodes)
            count += h;
        if (count <= 30) {
            for (size_t i = 0; i < n && i < marks.nodes->size(); ++i)
                label[i] = label[i] || (*marks.nodes)[i];
        }
    }
    if (marks.hovered >= 0 && size_t(marks.hovered) < n) {
        label[size_t(marks.hovered)] = 1;
        if (marks.net) {
            for (const network::Edge &e : marks.net->edges) {
                if (e.a == uint32_t(marks.hovered))
                    label[e.b] = 1;
                else if (e.b == uint32_t(marks.hovered))
                    label[e.a] = 1;
            }
        }
    }
    QFont font = painter.font();
    font.setPixelSize(11);
    painter.setFont(font);
    const QFontMetricsF fm(font);
    std::vector<QRectF> taken;
    const auto drawLabel = [&](uint32_t i, bool force) {
        const QString text = p.label[i];
        QRectF box(0, 0, fm.horizontalAdvance(text) + 6, fm.height() + 2);
        box.moveBottomLeft(at[i] + QPointF(radius[i] * 0.7, -radius[i] * 0.7));
        if (!force) {
            for (const QRectF &t : taken) {
                if (t.intersects(box))
                    return;
            }
        }
        taken.push_back(box);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 255, 255, 210));
        painter.drawRoundedRect(box, 3, 3);
        painter.setPen(QColor(0x20, 0x20, 0x20));
        painter.drawText(box, Qt::AlignCenter, text);
    };
    for (const uint32_t i : order) { // biggest first: they win a crowded spot
        if (label[i] && p.drawn[i] && int(i) != marks.hovered)
            drawLabel(i, false);
    }
    if (marks.hovered >= 0 && size_t(marks.hovered) < n)
        drawLabel(uint32_t(marks.hovered), true);

    // Legend, bottom left.
    if (!p.legend.empty() || !p.widthTitle.isEmpty()) {
        const double row = fm.height() + 2;
        const double width = [&] {
            double w = std::max(fm.horizontalAdvance(p.widthTitle),
                                p.hidden ? fm.horizontalAdvance(
                                    QStringLiteral("%1 without a known partner not drawn")
                                        .arg(Summary::formatCount(int64_t(p.hidden))))
                                         : 0.0);
            for (const auto &entry : p.legend)
                w = std::max(w, fm.horizontalAdvance(entry.first) + 18);
            return w + 12;
        }();
        const QString hiddenLine = p.hidden == 0
            ? QString()
            : QStringLiteral("%1 without a known partner not drawn")
                  .arg(Summary::formatCount(int64_t(p.hidden)));
        const int rows = int(p.legend.size()) + (p.legend.empty() ? 0 : 1) + 2 + (p.hidden ? 1 : 0);
        QRectF box(target.left() + 8, target.bottom() - 8 - rows * row - 6, width, rows * row + 6);
        painter.setPen(QColor(0xcc, 0xcc, 0xcc));
        painter.setBrush(QColor(255, 255, 255, 235));
        painter.drawRoundedRect(box, 4, 4);
        double y = box.top() + 3;
        painter.setPen(QColor(0x20, 0x20, 0x20));
        if (!p.legend.empty()) {
            QFont bold = font;
            bold.setBold(true);
            painter.setFont(bold);
            painter.drawText(QRectF(box.left() + 6, y, width, row), Qt::AlignVCenter,
                             p.legendTitle);
            painter.setFont(font);
            y += row;
            for (const auto &entry : p.legend) {
                painter.setPen(Qt::NoPen);
                painter.setBrush(entry.second);
                painter.drawEllipse(QPointF(box.left() + 11, y + row / 2), 4.5, 4.5);
                painter.setPen(QColor(0x20, 0x20, 0x20));
                painter.drawText(QRectF(box.left() + 20, y, width, row), Qt::AlignVCenter,
                                 entry.first);
                y += row;
            }
        }
        painter.drawText(QRectF(box.left() + 6, y, width, row), Qt::AlignVCenter,
                         QStringLiteral("Node size: partners"));
        y += row;
        painter.drawText(QRectF(box.left() + 6, y, width, row), Qt::AlignVCenter, p.widthTitle);
        if (p.hidden) {
            y += row;
            painter.drawText(QRectF(box.left() + 6, y, width, row), Qt::AlignVCenter, hiddenLine);
        }
    }
    painter.restore();
}

bool isPictureFile(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("svg") || suffix == QLatin1String("png");
}

bool write(const Picture &picture, const QString &title, const QString &path, QSize size,
           bool overwrite, QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, why);
        return false;
    };
    if (!isPictureFile(path))
        return fail(QStringLiteral("a network picture is written as .svg or .png"));
    if (!overwrite && QFileInfo::exists(path))
        return fail(QStringLiteral("exists; use --overwrite"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    const QRectF target(QPointF(0, 0), QSizeF(size));
    const QRectF titleBox(0, 0, size.width(), 30);
    const QRectF drawing = target.adjusted(0, titleBox.height(), 0, 0);
    const auto compose = [&](QPainter &painter) {
        paint(painter, drawing, picture, View {});
        painter.fillRect(titleBox, QColor(0xfb, 0xfb, 0xf8));
        QFont font = painter.font();
        font.setPixelSize(14);
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(QColor(0x20, 0x20, 0x20));
        painter.drawText(titleBox.adjusted(10, 0, -10, 0), Qt::AlignVCenter | Qt::AlignLeft, title);
    };
    if (QFileInfo(path).suffix().toLower() == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(target);
        svg.setTitle(title);
        svg.setDescription(QStringLiteral("Rendezvous vessel network"));
        QPainter painter;
        if (!painter.begin(&svg))
            return fail(QStringLiteral("cannot draw the SVG"));
        compose(painter);
        painter.end();
    } else {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        compose(painter);
        painter.end();
        if (!image.save(&file, "PNG"))
            return fail(QStringLiteral("cannot write the PNG"));
    }
    if (!file.commit())
        return fail(file.errorString());
    return true;
}

} // namespace netpicture

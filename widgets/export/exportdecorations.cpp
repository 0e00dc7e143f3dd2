#include "exportdecorations.h"

#include "map/basemaplayer.h"
#include "map/maprenderer.h"
#include "map/mapviewport.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace {
const QColor kInk(0x1d, 0x26, 0x30);
const QColor kMuted(0x4f, 0x5b, 0x66);
const QColor kPanel(255, 255, 255, 215);
const QColor kPanelEdge(0, 0, 0, 50);
const QColor kExtent(0xd6, 0x27, 0x28);
constexpr double kLineGap = 4;

QFont sized(double px, bool bold = false)
{
    QFont f;
    f.setPixelSize(int(std::lround(px)));
    f.setBold(bold);
    return f;
}

// The filters line, broken at word boundaries into at most two lines (the second
// elided): wrap without a QTextDocument, so that the same code lays it out everywhere.
QStringList wrapTwo(const QString &text, const QFont &font, double width)
{
    const QFontMetricsF fm(font);
    if (fm.horizontalAdvance(text) <= width)
        return {text};
    // Break before a " · " separator when one fits, else at the last space that fits.
    int cut = -1;
    for (int i = text.size() - 1; i > 0; --i) {
        if (text.at(i) != QLatin1Char(' '))
            continue;
        if (fm.horizontalAdvance(text.left(i)) <= width) {
            cut = i;
            const int dot = text.lastIndexOf(QStringLiteral(" \u00b7 "), i);
            if (dot > 0 && fm.horizontalAdvance(text.left(dot)) > width * 0.6)
                cut = dot;
            break;
        }
    }
    if (cut <= 0)
        return {fm.elidedText(text, Qt::ElideRight, width)};
    QString rest = text.mid(cut).trimmed();
    if (rest.startsWith(QStringLiteral("\u00b7 ")))
        rest = rest.mid(2);
    return {text.left(cut), fm.elidedText(rest, Qt::ElideRight, width)};
}
} // namespace

QFont exportdecor::titleFont()
{
    return sized(22, true);
}

QFont exportdecor::subtitleFont()
{
    return sized(14);
}

QFont exportdecor::captionFont()
{
    return sized(11.5);
}

QFont exportdecor::creditFont()
{
    return sized(10);
}

double exportdecor::headerHeight(const QStringList &lines, double width)
{
    double h = 0;
    const QFont fonts[] = {titleFont(), subtitleFont(), captionFont()};
    for (int i = 0; i < 3 && i < lines.size(); ++i) {
        if (lines[i].isEmpty())
            continue;
        const QFontMetricsF fm(fonts[i]);
        const int n = i == 2 ? int(wrapTwo(lines[i], fonts[i], width).size()) : 1;
        if (h > 0)
            h += kLineGap;
        h += n * fm.height();
    }
    return h;
}

void exportdecor::paintHeader(QPainter &p, const QRectF &rect, const QStringList &lines)
{
    const QFont fonts[] = {titleFont(), subtitleFont(), captionFont()};
    const QColor colors[] = {kInk, kInk, kMuted};
    double y = rect.top();
    p.setRenderHint(QPainter::TextAntialiasing, true);
    for (int i = 0; i < 3 && i < lines.size(); ++i) {
        if (lines[i].isEmpty())
            continue;
        const QFontMetricsF fm(fonts[i]);
        if (y > rect.top())
            y += kLineGap;
        p.setFont(fonts[i]);
        p.setPen(colors[i]);
        const QStringList rows = i == 2
            ? wrapTwo(lines[i], fonts[i], rect.width())
            : QStringList {fm.elidedText(lines[i], Qt::ElideRight, rect.width())};
        for (const QString &row : rows) {
            p.drawText(QPointF(rect.left(), y + fm.ascent()), row);
            y += fm.height();
        }
    }
}

QSizeF exportdecor::northArrowSize()
{
    return QSizeF(26, 44);
}

void exportdecor::paintNorthArrow(QPainter &p, const QRectF &r)
{
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(kPanelEdge, 1));
    p.setBrush(kPanel);
    p.drawRoundedRect(r, 3, 3);
    const QFont font = sized(12, true);
    const QFontMetricsF fm(font);
    p.setFont(font);
    p.setPen(kInk);
    p.drawText(QRectF(r.left(), r.top() + 2, r.width(), fm.height()), Qt::AlignCenter,
               QStringLiteral("N"));
    // A split arrowhead: the west half filled, the east half white, as on a compass.
    const double cx = r.center().x(), top = r.top() + 4 + fm.height(), bottom = r.bottom() - 5;
    const double half = 7;
    QPainterPath west, east;
    west.moveTo(cx, top);
    west.lineTo(cx - half, bottom);
    west.lineTo(cx, bottom - 6);
    west.closeSubpath();
    east.moveTo(cx, top);
    east.lineTo(cx + half, bottom);
    east.lineTo(cx, bottom - 6);
    east.closeSubpath();
    p.setPen(QPen(kInk, 1, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::white);
    p.drawPath(east);
    p.setBrush(kInk);
    p.drawPath(west);
}

QRectF exportdecor::creditsRect(const QStringList &lines, QPointF bottomRight)
{
    const QFontMetricsF fm(creditFont());
    double w = 0;
    for (const QString &l : lines)
        w = std::max(w, fm.horizontalAdvance(l));
    const double h = lines.size() * fm.height() + 6;
    return QRectF(bottomRight.x() - w - 12, bottomRight.y() - h, w + 12, h);
}

void exportdecor::paintCredits(QPainter &p, const QRectF &r, const QStringList &lines)
{
    const QFont font = creditFont();
    const QFontMetricsF fm(font);
    p.setPen(Qt::NoPen);
    p.setBrush(kPanel);
    p.drawRect(r);
    p.setFont(font);
    p.setPen(kInk);
    double y = r.top() + 3;
    for (const QString &l : lines) {
        p.drawText(QPointF(r.right() - 6 - fm.horizontalAdvance(l), y + fm.ascent()), l);
        y += fm.height();
    }
}

void exportdecor::paintOverview(QPainter &p, const QRectF &rect, const MapViewport &main,
                                const BasemapLayer &land)
{
    // About eight times the main map's width, but never less than the whole world can
    // fill (no repeated copies, no empty band beyond the poles).
    const QSize size(int(std::lround(rect.width())), int(std::lround(rect.height())));
    const double fill = std::log2(std::max(rect.width(), rect.height()) / WebMercator::kTileSize);
    const double zoom =
        std::max(fill, main.zoom() + std::log2(rect.width() / main.size().width()) - 3);
    MapViewport inset(main.centerLat(), main.centerLon(), zoom, size);
    // Keep the inset inside the Mercator world vertically.
    const double world = inset.worldSize();
    const double cy = WebMercator::toWorld(main.centerLat(), 0).y() * world;
    const double clampedY = std::clamp(cy, rect.height() / 2, world - rect.height() / 2);
    double lat = 0, lon = 0;
    WebMercator::fromWorld(QPointF(0, clampedY / world), &lat, &lon);
    inset.setCenter(lat, main.centerLon());

    p.save();
    p.translate(rect.topLeft());
    const QRectF local(QPointF(0, 0), rect.size());
    p.setClipRect(local, Qt::IntersectClip);
    p.fillRect(local, MapRenderer::defaultSeaColor());
    // Always the coarse level: enough for an overview, and the same picture whichever
    // finer levels happen to be loaded (the CLI and the window must agree).
    if (const auto level = land.basemap() ? land.basemap()->level(Basemap::Detail::Low) : nullptr)
        BasemapLayer::paintLevel(p, *level, inset);

    // The main view's extent: its top-left corner and its size at the inset's zoom.
    double tlLat = 0, tlLon = 0;
    main.toLatLon(QPointF(0, 0), &tlLat, &tlLon);
    const QPointF tl = inset.toPixel(tlLat, tlLon);
    const double k = inset.worldSize() / main.worldSize();
    const QRectF extent(tl, QSizeF(main.size().width() * k, main.size().height() * k));
    p.setRenderHint(QPainter::Antialiasing, true);
    if (extent.width() < 6 || extent.height() < 6) {
        p.setPen(QPen(Qt::white, 1.5));
        p.setBrush(kExtent);
        p.drawEllipse(extent.center(), 3.5, 3.5);
    } else {
        QColor tint = kExtent;
        tint.setAlpha(40);
        p.setPen(QPen(kExtent, 1.6));
        p.setBrush(tint);
        p.drawRect(extent);
    }
    p.restore();
    p.setPen(QPen(QColor(0x55, 0x60, 0x6b), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(rect);
}

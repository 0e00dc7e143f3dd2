#include "decorationslayer.h"

#include "stampscale.h"

#include <QFontMetricsF>
#include <QHash>
#include <QMutex>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace {
const QColor kGridLine(60, 80, 105, 70);
const QColor kText(35, 50, 65);
const QColor kHalo(255, 255, 255, 220);
const QColor kPanel(255, 255, 255, 190);
constexpr double kMargin = 10; // from the view's edges
constexpr double kBarRow = 14; // vertical distance between the two scale bars

int decimalsFor(double step)
{
    return step >= 1 ? 0 : std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
}

QString degrees(double value, int decimals, QChar positive, QChar negative)
{
    const double unit = std::pow(10.0, -decimals);
    if (std::abs(value) < unit / 2)
        return QStringLiteral("0°");
    return QString::number(std::abs(value), 'f', decimals) + QStringLiteral("°")
        + (value > 0 ? positive : negative);
}

// Text readable over land, sea and lines alike: a white halo under dark glyphs.
void drawHaloPath(QPainter &p, const QPainterPath &path)
{
    p.strokePath(path, QPen(kHalo, 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.fillPath(path, kText);
}

// Stroking the outline of a label costs ~0.3 ms, and a frame has a dozen labels: on
// raster devices each label is drawn once into an image and then blitted, at a
// baseline snapped to device pixels (labels repeat from frame to frame).
void haloText(QPainter &p, const QPointF &baseline, const QFont &font, const QString &text)
{
    const double scale = stampScale(p);
    if (scale <= 0) {
        QPainterPath path;
        path.addText(baseline, font, text);
        drawHaloPath(p, path);
        return;
    }
    struct Stamp
    {
        QImage image;
        QPointF offset; // of the image's top-left from the baseline, logical pixels
    };
    static QMutex mutex;
    static QHash<QString, Stamp> stamps;
    const QString key =
        text + QLatin1Char('|') + font.key() + QLatin1Char('|') + QString::number(scale);
    Stamp stamp;
    {
        QMutexLocker lock(&mutex);
        const auto it = stamps.constFind(key);
        if (it != stamps.constEnd())
            stamp = *it;
    }
    if (stamp.image.isNull()) {
        QPainterPath path;
        path.addText(QPointF(0, 0), font, text);
        const QRectF r = path.boundingRect().adjusted(-3, -3, 3, 3);
        const QPointF topLeft(std::floor(r.left() * scale) / scale,
                              std::floor(r.top() * scale) / scale);
        stamp.offset = topLeft;
        stamp.image = QImage(QSize(int(std::ceil((r.right() - topLeft.x()) * scale)),
                                   int(std::ceil((r.bottom() - topLeft.y()) * scale))),
                             QImage::Format_ARGB32_Premultiplied);
        stamp.image.setDevicePixelRatio(scale);
        stamp.image.fill(Qt::transparent);
        QPainter sp(&stamp.image);
        sp.setRenderHint(QPainter::Antialiasing, true);
        sp.translate(-topLeft);
        drawHaloPath(sp, path);
        sp.end();
        QMutexLocker lock(&mutex);
        if (stamps.size() > 1000) // labels change with the view; keep memory bounded
            stamps.clear();
        stamps.insert(key, stamp);
    }
    const QPointF snapped(std::round(baseline.x() * scale) / scale,
                          std::round(baseline.y() * scale) / scale);
    p.drawImage(snapped + stamp.offset, stamp.image);
}

QString lengthLabel(double value, const QString &unit)
{
    // value is 1, 2 or 5 × 10^n: print it without trailing zeros.
    return QString::number(value, 'g', 6) + QLatin1Char(' ') + unit;
}
} // namespace

DecorationsLayer::DecorationsLayer(QObject *parent)
    : MapLayer(Slot::Decorations, parent),
      m_landAttribution(tr("Basemap: Natural Earth")),
      m_font(labelFont())
{ }

QFont DecorationsLayer::labelFont()
{
    QFont font;
    font.setPixelSize(11);
    return font;
}

double DecorationsLayer::latitudeLabelWidth()
{
    return QFontMetricsF(labelFont()).horizontalAdvance(QStringLiteral("00.00°N")) + 8;
}

QRectF DecorationsLayer::longitudeLabelBand(const MapViewport &viewport)
{
    const double yTop = std::max(0.0, viewport.toPixel(WebMercator::kMaxLatitude, 0).y());
    const double left = latitudeLabelWidth();
    return QRectF(left, yTop, std::max(0.0, viewport.size().width() - left),
                  QFontMetricsF(labelFont()).height() + 6);
}

void DecorationsLayer::setTileAttribution(const QString &text)
{
    if (text == m_tileAttribution)
        return;
    m_tileAttribution = text;
    emit changed();
}

QString DecorationsLayer::attributionText(const RenderOptions &options) const
{
    switch (options.basemap) {
    case RenderOptions::Basemap::None:
        return {};
    case RenderOptions::Basemap::Tiles:
        return m_tileAttribution.isEmpty() ? m_landAttribution : m_tileAttribution;
    case RenderOptions::Basemap::Land:
        break;
    }
    return m_landAttribution;
}

double DecorationsLayer::niceRoundDown(double value)
{
    if (!(value > 0) || !std::isfinite(value))
        return 0;
    const double p = std::pow(10.0, std::floor(std::log10(value)));
    // Guard against log10 landing a hair under an exact power of ten.
    const double m = value / p * (1 + 1e-12);
    return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

double DecorationsLayer::graticuleStep(double zoom, double minSpacing)
{
    const double degreesPerPixel = 360.0 / (WebMercator::kTileSize * std::pow(2.0, zoom));
    const double wanted = degreesPerPixel * minSpacing;
    static const double coarse[] = {90, 60, 30, 10, 5, 2, 1};
    if (wanted > coarse[0])
        return coarse[0];
    double best = coarse[0];
    for (double s : coarse)
        if (s >= wanted)
            best = s;
    if (best > 1 || wanted > 1)
        return best;
    // Below one degree: 0.5, 0.2, 0.1, 0.05, ... the smallest not under `wanted`.
    double step = 1;
    for (double p = 0.1; p > 1e-7; p /= 10)
        for (double m : {5.0, 2.0, 1.0}) {
            if (m * p < wanted)
                return step;
            step = m * p;
        }
    return step;
}

QString DecorationsLayer::latitudeLabel(double lat, double step)
{
    return degrees(lat, decimalsFor(step), QLatin1Char('N'), QLatin1Char('S'));
}

QString DecorationsLayer::longitudeLabel(double lon, double step)
{
    const int decimals = decimalsFor(step);
    double w = WebMercator::wrapLongitude(lon);
    if (std::abs(std::abs(w) - 180) < std::pow(10.0, -decimals) / 2)
        return QStringLiteral("180°");
    return degrees(w, decimals, QLatin1Char('E'), QLatin1Char('W'));
}

DecorationsLayer::ScaleBar DecorationsLayer::scaleBarFor(double metresPerPixel, double maxPixels)
{
    ScaleBar bar;
    if (!(metresPerPixel > 0))
        return bar;
    const double maxMetres = metresPerPixel * maxPixels;
    if (maxMetres >= 1000) {
        bar.km = niceRoundDown(maxMetres / 1000);
        bar.kmPixels = bar.km * 1000 / metresPerPixel;
        bar.kmLabel = lengthLabel(bar.km, QStringLiteral("km"));
    } else {
        const double m = niceRoundDown(maxMetres);
        bar.km = m / 1000;
        bar.kmPixels = m / metresPerPixel;
        bar.kmLabel = lengthLabel(m, QStringLiteral("m"));
    }
    bar.nm = niceRoundDown(maxMetres / 1852);
    bar.nmPixels = bar.nm * 1852 / metresPerPixel;
    bar.nmLabel = lengthLabel(bar.nm, QStringLiteral("nm"));
    return bar;
}

double DecorationsLayer::scaleBarMaxPixels(const MapViewport &viewport)
{
    return std::max(40.0, std::min(150.0, viewport.size().width() / 4.0));
}

QRectF DecorationsLayer::scaleBarRect(const MapViewport &viewport)
{
    // Bars run along y = top + 11 (km) and top + 25 (nm), from x = left + 8.
    const double w = scaleBarMaxPixels(viewport) + 70;
    const double h = 11 + kBarRow + 9;
    return QRectF(kMargin, viewport.size().height() - kMargin - h, w, h);
}

QRectF DecorationsLayer::scaleBarPanel(const MapViewport &viewport)
{
    const ScaleBar bar = scaleBarFor(viewport.metresPerPixel(), scaleBarMaxPixels(viewport));
    const QRectF r = scaleBarRect(viewport);
    if (bar.kmPixels <= 0 || bar.nmPixels <= 0)
        return QRectF(r.topLeft(), QSizeF(0, r.height()));
    const QFontMetricsF fm(labelFont());
    const double longest = std::max(bar.kmPixels, bar.nmPixels);
    const double textWidth =
        std::max(fm.horizontalAdvance(bar.kmLabel), fm.horizontalAdvance(bar.nmLabel));
    return QRectF(r.left(), r.top(), 8 + longest + 6 + textWidth + 6, r.height());
}

void DecorationsLayer::paint(QPainter &painter, const MapViewport &viewport,
                             const RenderOptions &options) const
{
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    if (options.graticule)
        paintGraticule(painter, viewport);
    if (options.scaleBar)
        paintScaleBar(painter, viewport);
    const QString credit = attributionText(options);
    if (options.attribution && !credit.isEmpty())
        paintAttribution(painter, viewport, credit);
}

void DecorationsLayer::paintGraticule(QPainter &p, const MapViewport &vp) const
{
    const double w = vp.size().width(), h = vp.size().height();
    const double world = vp.worldSize();
    const double step = graticuleStep(vp.zoom());
    QPen pen(kGridLine, 1);
    pen.setCosmetic(true);
    p.setPen(pen);

    // Longitudes unwrapped around the centre so that lines keep going across 180°
    // (and repeat when the world is narrower than the view); x is linear in them.
    const double west = vp.centerLon() - w / 2 / world * 360;
    const double east = vp.centerLon() + w / 2 / world * 360;
    const auto xOf = [&](double lon) { return w / 2 + (lon - vp.centerLon()) / 360 * world; };
    QList<double> meridians;
    for (double k = std::ceil(west / step); k <= std::floor(east / step); ++k)
        meridians.append(k * step);

    double north = 0, south = 0, lon = 0;
    vp.toLatLon(QPointF(w / 2, 0), &north, &lon);
    vp.toLatLon(QPointF(w / 2, h), &south, &lon);
    north = std::min(north, WebMercator::kMaxLatitude);
    south = std::max(south, -WebMercator::kMaxLatitude);
    QList<double> parallels;
    for (double k = std::ceil(south / step); k <= std::floor(north / step); ++k)
        parallels.append(k * step);
    // The lines stop at the edge of the Mercator world (visible when zoomed far out).
    const double yTop = std::max(0.0, vp.toPixel(WebMercator::kMaxLatitude, 0).y());
    const double yBottom = std::min(h, vp.toPixel(-WebMercator::kMaxLatitude, 0).y());
    const double xLeft = 0;

    // Hairlines along the axes: without antialiasing they land on whole pixels, crisp,
    // and the raster engine draws them as spans (antialiased, each cost ~0.1 ms).
    p.setRenderHint(QPainter::Antialiasing, false);
    for (double m : meridians)
        p.drawLine(QPointF(xOf(m), yTop), QPointF(xOf(m), yBottom));
    for (double lat : parallels) {
        const double y = vp.toPixel(lat, vp.centerLon()).y();
        p.drawLine(QPointF(xLeft, y), QPointF(w, y));
    }
    p.setRenderHint(QPainter::Antialiasing, true);

    // Labels: longitudes along the top edge, latitudes along the left edge. The
    // top-left corner belongs to the latitude labels, the bottom-left to the scale bar.
    const QFontMetricsF fm(m_font);
    const double leftBand = latitudeLabelWidth();
    const double topBand = longitudeLabelBand(vp).height();
    p.setPen(Qt::NoPen);
    double lastRight = -1e9;
    for (double m : meridians) {
        const QString text = longitudeLabel(m, step);
        const double tw = fm.horizontalAdvance(text);
        const double x = xOf(m) - tw / 2;
        if (x < leftBand || x + tw > w - 4 || x < lastRight + 6)
            continue;
        haloText(p, QPointF(x, yTop + 4 + fm.ascent()), m_font, text);
        lastRight = x + tw;
    }
    const double bottomLimit = scaleBarRect(vp).top() - 4;
    double lastTop = 1e9;
    for (double lat : parallels) {
        const double y = vp.toPixel(lat, vp.centerLon()).y();
        const double base = y + fm.ascent() / 2 - 1;
        if (y < yTop + topBand || base > bottomLimit || base > lastTop - 6)
            continue;
        haloText(p, QPointF(xLeft + 4, base), m_font, latitudeLabel(lat, step));
        lastTop = base - fm.ascent();
    }
}

void DecorationsLayer::paintScaleBar(QPainter &p, const MapViewport &vp) const
{
    const ScaleBar bar = scaleBarFor(vp.metresPerPixel(), scaleBarMaxPixels(vp));
    if (bar.kmPixels <= 0 || bar.nmPixels <= 0)
        return;
    const QRectF r = scaleBarRect(vp);
    const QFontMetricsF fm(m_font);
    const double longest = std::max(bar.kmPixels, bar.nmPixels);
    p.setPen(Qt::NoPen);
    p.setBrush(kPanel);
    p.drawRoundedRect(scaleBarPanel(vp), 3, 3);

    QPen pen(kText, 2, Qt::SolidLine, Qt::FlatCap);
    const auto drawBar = [&](double y, double length, const QString &label) {
        const double x0 = r.left() + 8;
        p.setPen(pen);
        p.drawLine(QPointF(x0, y), QPointF(x0 + length, y));
        p.drawLine(QPointF(x0, y - 4), QPointF(x0, y + 1));
        p.drawLine(QPointF(x0 + length, y - 4), QPointF(x0 + length, y + 1));
        p.setPen(kText);
        p.setFont(m_font);
        p.drawText(QPointF(x0 + longest + 6, y + fm.ascent() / 2 - 1), label);
    };
    drawBar(r.top() + 11, bar.kmPixels, bar.kmLabel);
    drawBar(r.top() + 11 + kBarRow, bar.nmPixels, bar.nmLabel);
}

void DecorationsLayer::paintAttribution(QPainter &p, const MapViewport &vp,
                                        const QString &text) const
{
    QFont font = m_font;
    font.setPixelSize(10);
    const QFontMetricsF fm(font);
    const double tw = fm.horizontalAdvance(text);
    const QRectF box(vp.size().width() - tw - 8, vp.size().height() - fm.height() - 4, tw + 8,
                     fm.height() + 4);
    p.setPen(Qt::NoPen);
    p.setBrush(kPanel);
    p.drawRect(box);
    p.setPen(kText);
    p.setFont(font);
    p.drawText(QPointF(box.left() + 4, box.top() + 2 + fm.ascent()), text);
}

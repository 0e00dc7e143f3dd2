#include "exportrenderer.h"

#include "exportdecorations.h"
#include "exportscene.h"
#include "map/annotationlayer.h"
#include "map/decorationslayer.h"
#include "map/eventlayer.h"
#include "map/tracklayer.h"

#include <QFileInfo>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {
constexpr double kHeaderGap = 12; // between the title block and the map
constexpr double kInsetAspect = 0.68; // height / width of the overview map
constexpr double kGap = 8; // between decorations inside the map

QStringList headerLines(const ExportSettings &s, const ExportScene &scene)
{
    const auto on = [](bool enabled, const QString &text) {
        return enabled ? text.trimmed() : QString();
    };
    return {on(s.decorations.title, s.title), on(s.decorations.subtitle, s.subtitle),
            on(s.decorations.filters, scene.context.filters.text())};
}

// The overview, straight on a clipping device; on one that cannot clip (SVG) as an
// image at twice the device's resolution, so that its land stays inside its frame.
void paintOverview(QPainter &p, const QRectF &rect, const MapViewport &vp, ExportScene &scene,
                   bool clips)
{
    if (!scene.overviewLand())
        return;
    if (clips)
        return exportdecor::paintOverview(p, rect, vp, *scene.overviewLand());
    const double k = 2 * std::max(1.0, std::abs(p.deviceTransform().m11()));
    QImage image((rect.size() * k).toSize() + QSize(2, 2), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(k);
    image.fill(Qt::transparent);
    {
        QPainter ip(&image);
        ip.setRenderHint(QPainter::Antialiasing, true);
        exportdecor::paintOverview(ip, QRectF(QPointF(0.5, 0.5), rect.size()), vp,
                                   *scene.overviewLand());
    }
    p.drawImage(rect.topLeft() - QPointF(0.5, 0.5), image);
}

QStringList creditLines(const ExportSettings &s, ExportScene &scene)
{
    QStringList lines;
    if (s.decorations.attribution) {
        QStringList credit;
        const QString base = scene.layers().decorations()->attributionText(scene.options);
        if (!base.isEmpty())
            credit << base;
        if (!scene.context.dataFile.isEmpty())
            credit << QStringLiteral("Data: %1").arg(QFileInfo(scene.context.dataFile).fileName());
        if (!credit.isEmpty())
            lines << credit.join(QStringLiteral(" \u00b7 "));
    }
    if (s.decorations.exportTime)
        lines << QStringLiteral("Exported %1 UTC")
                     .arg(
                         scene.context.resolvedTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    return lines;
}
} // namespace

ExportRenderer::Layout ExportRenderer::layout(const ExportSettings &settings,
                                              const ExportScene &scene, QSizeF page)
{
    Layout l;
    l.page = page;
    l.headerLines = headerLines(settings, scene);
    const bool hasHeader = std::any_of(l.headerLines.begin(), l.headerLines.end(),
                                       [](const QString &t) { return !t.isEmpty(); });
    l.framed = hasHeader || settings.sizeMode == ExportSettings::SizeMode::Paper;
    const double margin =
        l.framed ? std::clamp(std::min(page.width(), page.height()) / 30, 10.0, 36.0) : 0;
    const QRectF inner = QRectF(QPointF(0, 0), page).adjusted(margin, margin, -margin, -margin);
    double mapTop = inner.top();
    if (hasHeader) {
        const double h = exportdecor::headerHeight(l.headerLines, inner.width());
        // A page too small for a title block keeps its map.
        if (inner.height() - h - kHeaderGap >= std::max(48.0, inner.height() / 3)) {
            l.header = QRectF(inner.left(), inner.top(), inner.width(), h);
            mapTop = l.header.bottom() + kHeaderGap;
        }
    }
    // Whole logical pixels: the map's layers draw crisp lines on a whole-pixel grid.
    const QPointF topLeft(std::round(inner.left()), std::round(mapTop));
    const QSize size(std::max(1, int(std::floor(inner.right() - topLeft.x()))),
                     std::max(1, int(std::floor(inner.bottom() - topLeft.y()))));
    l.map = QRectF(topLeft, QSizeF(size));

    const std::optional<GeoBox> &events = scene.context.filters.figures.bbox;
    if (settings.fitToEvents && events) {
        l.viewport = fittedToEvents(*events, size);
        return l;
    }
    const MapViewport &v = scene.view;
    const double fit = std::min(size.width() / double(std::max(1, v.size().width())),
                                size.height() / double(std::max(1, v.size().height())));
    l.viewport = MapViewport(v.centerLat(), v.centerLon(), v.zoom() + std::log2(fit), size);
    return l;
}

MapViewport ExportRenderer::fittedToEvents(const GeoBox &box, QSize size)
{
    MapViewport vp(0, 0, 0, size);
    const double margin = std::max(12.0, std::min(size.width(), size.height()) / 10.0);
    vp.fitBox(box.west, box.south, box.east, box.north, margin);
    const double across = vp.metresPerPixel() * std::max(1, std::min(size.width(), size.height()));
    const double least = ExportSettings::kMinFitKm * 1000;
    if (across < least)
        vp.setZoom(vp.zoom() - std::log2(least / across));
    return vp;
}

void ExportRenderer::paint(QPainter &p, const ExportSettings &settings, ExportScene &scene,
                           QSizeF page)
{
    const Layout l = layout(settings, scene, page);
    const ExportSettings::Decorations &deco = settings.decorations;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    // Qt 6.4's SVG generator ignores clipping: there the map's spill past its frame is
    // covered with the page's white afterwards, and the overview is drawn as an image.
    const bool clips = !p.paintEngine() || p.paintEngine()->type() != QPaintEngine::SVG;
    if (l.framed)
        p.fillRect(QRectF(QPointF(0, 0), page), Qt::white);

    const MapViewport &vp = l.viewport;
    const QRectF local(QPointF(0, 0), QSizeF(vp.size()));
    p.save();
    p.translate(l.map.topLeft());
    p.setClipRect(local, Qt::IntersectClip);

    // The map with the window's own legend, graticule and scale bar; the credits are
    // the export's (they add the data file and the time).
    EventLayer *events = scene.layers().events();
    events->setLegendVisible(deco.legend);
    TrackLayer *tracks = scene.layers().tracks();
    tracks->setLegendVisible(deco.legend);
    events->setClusterLegend(true);
    events->selectionLayer()->setVisible(settings.drawSelection && events->isVisible());
    scene.layers().annotations()->setPlaceLabels(true);
    RenderOptions options = scene.options;
    options.graticule = deco.graticule;
    options.scaleBar = deco.scaleBar;
    options.attribution = false;
    scene.renderer().render(p, vp, options);

    const QStringList credits = creditLines(settings, scene);
    QRectF creditRect;
    if (!credits.isEmpty()) {
        creditRect = exportdecor::creditsRect(credits, local.bottomRight());
        exportdecor::paintCredits(p, creditRect, credits);
    }
    // The north arrow stands beside the scale bar, bottom left.
    QRectF arrow;
    if (deco.northArrow) {
        const QRectF bar = DecorationsLayer::scaleBarRect(vp);
        const QSizeF size = exportdecor::northArrowSize();
        const double x =
            deco.scaleBar ? DecorationsLayer::scaleBarPanel(vp).right() + kGap : bar.left();
        arrow = QRectF(QPointF(x, bar.bottom() - size.height()), size);
        if (arrow.top() > 0 && arrow.right() < local.right() - kGap)
            exportdecor::paintNorthArrow(p, arrow);
        else
            arrow = QRectF();
    }
    // The overview sits bottom right, above the credits and below the legend; on a map
    // too small to hold it clear of them, it is left out.
    if (deco.inset) {
        double w = std::clamp(vp.size().width() * 0.22, 110.0, 240.0);
        const double bottom = (creditRect.isEmpty() ? local.bottom() : creditRect.top()) - kGap;
        double top = bottom - w * kInsetAspect;
        QRectF legend = events->legendRect(vp);
        // The tracks' legend sits under the events' one.
        legend = legend.united(tracks->legendRect(vp));
        if (!legend.isEmpty() && legend.bottom() + kGap > top) {
            top = legend.bottom() + kGap;
            w = std::min(w, (bottom - top) / kInsetAspect);
        }
        const double right = local.right() - 10;
        const QRectF inset(QPointF(std::round(right - w), std::round(bottom - w * kInsetAspect)),
                           QPointF(std::round(right), std::round(bottom)));
        const double leftLimit =
            std::max(arrow.isEmpty() ? 0.0 : arrow.right(),
                     deco.scaleBar ? DecorationsLayer::scaleBarPanel(vp).right() : 0.0)
            + kGap;
        if (inset.height() >= 60 && inset.top() > 0 && inset.left() > leftLimit)
            paintOverview(p, inset, vp, scene, clips);
    }
    p.restore();

    if (!clips) {
        const QRectF all(QPointF(0, 0), page);
        const QRectF m = l.map;
        const QColor paper = l.framed ? QColor(Qt::white) : QColor(Qt::transparent);
        p.setCompositionMode(l.framed ? QPainter::CompositionMode_SourceOver
                                      : QPainter::CompositionMode_Clear);
        for (const QRectF &r :
             {QRectF(all.topLeft(), QPointF(all.right(), m.top())),
              QRectF(QPointF(all.left(), m.bottom()), all.bottomRight()),
              QRectF(QPointF(all.left(), m.top()), QPointF(m.left(), m.bottom())),
              QRectF(QPointF(m.right(), m.top()), QPointF(all.right(), m.bottom()))})
            if (r.width() > 0 && r.height() > 0)
                p.fillRect(r, paper);
        p.setCompositionMode(QPainter::CompositionMode_SourceOver);
    }
    if (!l.header.isEmpty())
        exportdecor::paintHeader(p, l.header, l.headerLines);

    if (l.framed) {
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(QPen(QColor(0x8a, 0x96, 0xa0), 0));
        p.setBrush(Qt::NoBrush);
        p.drawRect(l.map);
    }
    p.restore();
}

std::array<double, 6> ExportRenderer::geoTransform(const ExportSettings &settings,
                                                   const ExportScene &scene)
{
    const Layout l = layout(settings, scene);
    const MapViewport &vp = l.viewport;
    const double scale = settings.scale();
    const double metresPerLogical = 2 * M_PI * WebMercator::kEarthRadius / vp.worldSize();
    const double res = metresPerLogical / scale; // metres per device pixel
    const QPointF centre = WebMercator::toMetres(vp.centerLat(), vp.centerLon());
    const double mapLeft = centre.x() - vp.size().width() / 2.0 * metresPerLogical;
    const double mapTop = centre.y() + vp.size().height() / 2.0 * metresPerLogical;
    return {mapLeft - l.map.left() * scale * res, res, 0,
            mapTop + l.map.top() * scale * res,   0,   -res};
}

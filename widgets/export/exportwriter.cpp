#include "exportwriter.h"

#include "map/basemap.h"
#include "map/basemaplayer.h"

#include "exportrenderer.h"
#include "exportscene.h"
#include "hugepages.h"
#include "io/gdalmodule.h"

#include <QFileInfo>
#include <QImageWriter>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cmath>
#include <memory>

namespace {
bool cancelled(const exportwriter::Progress &progress)
{
    return progress.cancel && progress.cancel->load();
}

void report(const exportwriter::Progress &progress, int percent)
{
    if (progress.report)
        progress.report(percent);
}

QString title(const ExportSettings &s)
{
    return s.title.trimmed().isEmpty() ? QStringLiteral("Rendezvous map") : s.title.trimmed();
}

bool writeRaster(const ExportSettings &s, ExportScene &scene, const QString &path, QString *error,
                 const exportwriter::Progress &progress)
{
    QImage image = exportwriter::renderImage(s, scene);
    if (image.isNull()) {
        *error = QStringLiteral("not enough memory for a %1x%2 image")
                     .arg(s.outputPixels().width())
                     .arg(s.outputPixels().height());
        return false;
    }
    report(progress, 70);
    if (cancelled(progress))
        return *error = QStringLiteral("cancelled"), false;
    if (s.format == ExportSettings::Format::GeoTiff) {
        image.convertTo(QImage::Format_RGBA8888);
        const std::array<double, 6> gt = ExportRenderer::geoTransform(s, scene);
        return gdal::writeGeoTiff(image.constBits(), image.width(), image.height(),
                                  image.bytesPerLine(), gt.data(), path, error);
    }
    const bool jpeg = s.format == ExportSettings::Format::Jpeg;
    if (jpeg)
        image.convertTo(QImage::Format_RGB32);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QImageWriter writer(&file, jpeg ? "jpg" : "png");
    if (jpeg)
        writer.setQuality(92);
    writer.setText(QStringLiteral("Title"), title(s));
    writer.setText(QStringLiteral("Software"), QStringLiteral("Rendezvous"));
    if (!writer.write(image)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, writer.errorString());
        return false;
    }
    if (cancelled(progress))
        return *error = QStringLiteral("cancelled"), false;
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QPageLayout pageLayout(const ExportSettings &s)
{
    QPageSize size;
    if (s.sizeMode == ExportSettings::SizeMode::Paper) {
        const QPageSize::PageSizeId ids[] = {QPageSize::A4, QPageSize::A3, QPageSize::Letter};
        size = QPageSize(ids[int(s.paper)]);
    } else {
        const QSize px = s.outputPixels();
        size = QPageSize(QSizeF(px.width() * 72.0 / s.dpi, px.height() * 72.0 / s.dpi),
                         QPageSize::Point, QString(), QPageSize::ExactMatch);
    }
    const bool landscape = s.sizeMode == ExportSettings::SizeMode::Paper && s.landscape;
    return QPageLayout(size, landscape ? QPageLayout::Landscape : QPageLayout::Portrait,
                       QMarginsF(0, 0, 0, 0));
}

bool writeVector(const ExportSettings &s, ExportScene &scene, const QString &path, QString *error,
                 const exportwriter::Progress &progress)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QSizeF logical = s.logicalSize();
    bool painted = false;
    if (s.format == ExportSettings::Format::Pdf) {
        QPdfWriter pdf(&file);
        pdf.setCreator(QStringLiteral("Rendezvous"));
        pdf.setTitle(title(s));
        pdf.setResolution(s.dpi);
        pdf.setPageLayout(pageLayout(s));
        QPainter p;
        if (p.begin(&pdf)) {
            // The same logical page as every other format (the same layout, the same
            // clusters), scaled to the page's width in device units.
            const double k = pdf.width() / logical.width();
            p.scale(k, k);
            ExportRenderer::paint(p, s, scene, logical);
            painted = p.end();
        }
    } else {
        const QSize px = s.outputPixels();
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(px);
        svg.setViewBox(QRect(QPoint(0, 0), px));
        svg.setResolution(s.dpi);
        svg.setTitle(title(s));
        svg.setDescription(QStringLiteral("Map exported by Rendezvous"));
        QPainter p;
        if (p.begin(&svg)) {
            p.scale(s.scale(), s.scale());
            ExportRenderer::paint(p, s, scene, logical);
            painted = p.end();
        }
    }
    report(progress, 90);
    if (!painted || cancelled(progress)) {
        *error = painted ? QStringLiteral("cancelled")
                         : QStringLiteral("cannot write %1: the page could not be drawn").arg(path);
        return false;
    }
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
} // namespace

namespace {
// The picture's pixels on huge pages (platform/hugepages.h): a 1600x1000 page is 6.4 MB,
// whose first touch in 4 KiB pages cost `rendezvous render` ~30 ms on this VM.
QImage pageImage(QSize px)
{
    if (px.isEmpty() || px.width() > (1 << 15) || px.height() > (1 << 15))
        return QImage(px, QImage::Format_ARGB32_Premultiplied); // Qt says no, or is empty
    struct Mapping
    {
        void *pixels;
        size_t bytes;
    };
    const qsizetype bpl = qsizetype(px.width()) * 4;
    auto mapping = std::make_unique<Mapping>(Mapping {nullptr, size_t(bpl) * size_t(px.height())});
    try {
        mapping->pixels = hugepages::map(mapping->bytes);
    } catch (const std::bad_alloc &) {
        return {};
    }
    auto *pixels = static_cast<uchar *>(mapping->pixels);
    return QImage(
        pixels, px.width(), px.height(), bpl, QImage::Format_ARGB32_Premultiplied,
        [](void *info) {
            const std::unique_ptr<Mapping> m(static_cast<Mapping *>(info));
            hugepages::unmap(m->pixels, m->bytes);
        },
        mapping.release());
}
} // namespace

QImage exportwriter::renderImage(const ExportSettings &settings, ExportScene &scene)
{
    const QSize px = settings.outputPixels();
    QImage image = pageImage(px);
    if (image.isNull())
        return image;
    image.fill(Qt::white);
    const int dotsPerMetre = int(std::lround(settings.dpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMetre);
    image.setDotsPerMeterY(dotsPerMetre);
    QPainter p(&image);
    p.scale(settings.scale(), settings.scale());
    ExportRenderer::paint(p, settings, scene);
    return image;
}

QImage exportwriter::renderPreview(const ExportSettings &settings, ExportScene &scene, int maxSide)
{
    const QSizeF logical = settings.logicalSize();
    const double k = maxSide / std::max(logical.width(), logical.height());
    QImage image(QSize(std::max(1, int(std::lround(logical.width() * k))),
                       std::max(1, int(std::lround(logical.height() * k)))),
                 QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    p.scale(k, k);
    ExportRenderer::paint(p, settings, scene);
    return image;
}

bool exportwriter::write(const ExportSettings &settings, ExportScene &scene, const QString &path,
                         QString *error, const Progress &progress)
{
    if (!settings.validate(error))
        return false;
    // The land at the detail for the page's zoom (a large page zooms in past the
    // window's level, whose finer level may still be loading), as `render` waits for
    // it: never a coarser level than the same page from the command line.
    if (const BasemapLayer *land = scene.layers().land(); land && land->isVisible())
        land->basemap()->waitFor(
            Basemap::detailForZoom(ExportRenderer::layout(settings, scene).viewport.zoom()));
    report(progress, 5);
    const bool ok = settings.format == ExportSettings::Format::Pdf
            || settings.format == ExportSettings::Format::Svg
        ? writeVector(settings, scene, path, error, progress)
        : writeRaster(settings, scene, path, error, progress);
    if (ok)
        report(progress, 100);
    return ok;
}

QString exportwriter::withSuffix(const QString &path, ExportSettings::Format format)
{
    const auto own = ExportSettings::formatFromName(QFileInfo(path).suffix());
    if (own && *own == format)
        return path;
    return path + QLatin1Char('.') + ExportSettings::formatName(format);
}

#include "gdalraster.h"

#include "ogrreader.h"
#include "ogrsupport.h"

#include <QFileInfo>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <mutex>
#include <vector>

using namespace ogr::detail;

namespace {
constexpr double kEarthRadius = 6378137.0;
constexpr double kMaxLat = 85.0511287798066;
constexpr int kGridStep = 16; // frame pixels between exactly transformed points
constexpr double kLevelSlack = 1.05; // an overview this much coarser than a frame pixel

double mercatorX(double lon)
{
    return kEarthRadius * lon * M_PI / 180.0;
}
double mercatorY(double lat)
{
    lat = std::clamp(lat, -kMaxLat, kMaxLat);
    return kEarthRadius * std::log(std::tan(M_PI / 4 + lat * M_PI / 360.0));
}

SrsPtr traditional(OGRSpatialReferenceH srs)
{
    SrsPtr out(OSRClone(srs));
    OSRSetAxisMappingStrategy(out.get(), OAMS_TRADITIONAL_GIS_ORDER);
    return out;
}

QString withGdal(const QString &what, const ErrorCapture &capture)
{
    const QString why = capture.failureMessages();
    return why.isEmpty() ? what : what + QStringLiteral(" (") + why + QLatin1Char(')');
}
} // namespace

// What drawRaster needs of an open raster; one frame at a time (the mutex).
class gdal::RasterHandle
{
public:
    enum class Kind { Grey, Palette, Rgb };
    std::mutex mutex;
    QString path;
    DatasetPtr ds;
    TransformPtr toSource; // EPSG:3857 -> the raster's coordinate system
    double inverse[6] = {}; // georeferenced -> full-resolution pixel
    int width = 0, height = 0;
    Kind kind = Kind::Grey;
    std::array<int, 3> colour {1, 1, 1}; // band numbers (1-based)
    int alpha = 0; // band number, 0 without
    bool useMask = false; // the dataset's own mask (a COG's internal mask)
    struct Scale
    {
        bool bytes = true; // Byte data, drawn as is
        double low = 0, high = 255; // other types: this range stretched to 0..255
        bool hasNodata = false;
        double nodata = 0;
    };
    std::array<Scale, 3> scale;
    bool alphaBytes = true;
    std::array<uint32_t, 256> palette {};
};

gdal::RasterHandle *ogr::openRaster(const QString &path, gdal::RasterInfo *info, QString *error)
{
    ensureRegistered();
    ErrorCapture capture;
    const auto fail = [&](const QString &why) -> gdal::RasterHandle * {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, withGdal(why, capture));
        return nullptr;
    };
    const QFileInfo file(path);
    if (!path.startsWith(QLatin1String("/vsi")) && !file.exists())
        return fail(QStringLiteral("no such file"));
    if (file.isDir())
        return fail(QStringLiteral("is a folder, not a raster file"));
    auto h = std::make_unique<gdal::RasterHandle>();
    h->path = path;
    h->ds.reset(GDALOpenEx(path.toUtf8().constData(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr,
                           nullptr, nullptr));
    if (!h->ds)
        return fail(QStringLiteral("not a raster GDAL can read"));
    GDALDatasetH ds = h->ds.get();
    h->width = GDALGetRasterXSize(ds);
    h->height = GDALGetRasterYSize(ds);
    const int count = GDALGetRasterCount(ds);
    if (count == 0 || h->width <= 0 || h->height <= 0)
        return fail(QStringLiteral("has no raster bands"));

    double gt[6];
    if (GDALGetGeoTransform(ds, gt) != CE_None) {
        if (GDALGetGCPCount(ds) > 0)
            return fail(QStringLiteral("is georeferenced by ground control points only; warp "
                                       "it first (gdalwarp -t_srs EPSG:3857)"));
        return fail(QStringLiteral("has no georeference (no geotransform), so it cannot be "
                                   "placed on the map"));
    }
    const OGRSpatialReferenceH fileSrs = GDALGetSpatialRef(ds);
    if (!fileSrs)
        return fail(QStringLiteral("has no coordinate system, so it cannot be placed on the "
                                   "map"));
    if (!GDALInvGeoTransform(gt, h->inverse))
        return fail(QStringLiteral("has a degenerate geotransform (zero pixel size)"));

    // Which bands are the colours.
    const auto interp = [ds](int i) {
        return GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, i));
    };
    int red = 0, green = 0, blue = 0, alpha = 0;
    for (int i = 1; i <= count; ++i) {
        switch (interp(i)) {
        case GCI_RedBand:
            red = red ? red : i;
            break;
        case GCI_GreenBand:
            green = green ? green : i;
            break;
        case GCI_BlueBand:
            blue = blue ? blue : i;
            break;
        case GCI_AlphaBand:
            alpha = alpha ? alpha : i;
            break;
        default:
            break;
        }
    }
    if (count == 1 || (count == 2 && interp(2) == GCI_AlphaBand)) {
        GDALRasterBandH b = GDALGetRasterBand(ds, 1);
        const GDALColorTableH table = GDALGetRasterColorTable(b);
        h->kind = interp(1) == GCI_PaletteIndex && table && GDALGetRasterDataType(b) == GDT_Byte
            ? gdal::RasterHandle::Kind::Palette
            : gdal::RasterHandle::Kind::Grey;
        if (h->kind == gdal::RasterHandle::Kind::Palette) {
            const int entries = std::min(256, GDALGetColorEntryCount(table));
            for (int i = 0; i < entries; ++i) {
                const GDALColorEntry *e = GDALGetColorEntry(table, i);
                const uint32_t a = uint32_t(std::clamp<int>(e->c4, 0, 255));
                const auto pm = [a](short c) {
                    return uint32_t(std::clamp<int>(c, 0, 255)) * a / 255;
                };
                h->palette[size_t(i)] =
                    (a << 24) | (pm(e->c1) << 16) | (pm(e->c2) << 8) | pm(e->c3);
            }
        }
        h->alpha = count == 2 ? 2 : 0;
    } else if (red && green && blue) {
        h->kind = gdal::RasterHandle::Kind::Rgb;
        h->colour = {red, green, blue};
        h->alpha = alpha;
    } else if ((count == 3 || count == 4) && !red && !green && !blue) {
        h->kind = gdal::RasterHandle::Kind::Rgb;
        h->colour = {1, 2, 3};
        h->alpha = count == 4 ? 4 : 0;
    } else {
        return fail(QStringLiteral("has %1 bands and none is marked red, green and blue, so it "
                                   "is unclear which to show (drawn: 1 band, grey and alpha, "
                                   "RGB or RGBA; make an RGB file with gdal_translate -b)")
                        .arg(count));
    }

    // Data types: bytes as they are, other numbers stretched by their statistics.
    const int colourBands = h->kind == gdal::RasterHandle::Kind::Rgb ? 3 : 1;
    for (int c = 0; c < colourBands; ++c) {
        GDALRasterBandH b = GDALGetRasterBand(ds, h->colour[size_t(c)]);
        const GDALDataType type = GDALGetRasterDataType(b);
        if (GDALDataTypeIsComplex(type))
            return fail(QStringLiteral("has complex-valued pixels (%1), which cannot be shown "
                                       "as colours")
                            .arg(QString::fromUtf8(GDALGetDataTypeName(type))));
        gdal::RasterHandle::Scale &s = h->scale[size_t(c)];
        int has = 0;
        s.nodata = GDALGetRasterNoDataValue(b, &has);
        s.hasNodata = has != 0;
        s.bytes = type == GDT_Byte;
        if (!s.bytes) {
            // Approximate statistics read an overview (or a sample), never the whole band.
            double mn = 0, mx = 0, mean = 0, sd = 0;
            if (GDALGetRasterStatistics(b, TRUE, TRUE, &mn, &mx, &mean, &sd) != CE_None)
                return fail(QStringLiteral("cannot compute the statistics of band %1 to scale "
                                           "its values to colours")
                                .arg(h->colour[size_t(c)]));
            s.low = std::max(mn, mean - 2.5 * sd);
            s.high = std::min(mx, mean + 2.5 * sd);
            if (!(s.high > s.low))
                s.high = s.low + 1;
        }
    }
    if (h->alpha)
        h->alphaBytes = GDALGetRasterDataType(GDALGetRasterBand(ds, h->alpha)) == GDT_Byte;
    const int maskFlags = GDALGetMaskFlags(GDALGetRasterBand(ds, h->colour[0]));
    h->useMask = !h->alpha && !(maskFlags & (GMF_ALL_VALID | GMF_NODATA | GMF_ALPHA));

    // Coordinates: the map's Web Mercator to the file's, and the file's extent.
    SrsPtr source = traditional(fileSrs);
    SrsPtr mercator(OSRNewSpatialReference(nullptr));
    if (OSRImportFromEPSG(mercator.get(), 3857) != OGRERR_NONE)
        return fail(QStringLiteral("EPSG:3857 is unknown to this GDAL"));
    OSRSetAxisMappingStrategy(mercator.get(), OAMS_TRADITIONAL_GIS_ORDER);
    h->toSource.reset(OCTNewCoordinateTransformation(mercator.get(), source.get()));
    SrsPtr lonLat = wgs84();
    TransformPtr toLonLat(OCTNewCoordinateTransformation(source.get(), lonLat.get()));
    if (!h->toSource || !toLonLat)
        return fail(QStringLiteral("its coordinate system (%1) cannot be converted to the "
                                   "map's")
                        .arg(fromUtf8(OSRGetName(fileSrs))));
    constexpr int kEdge = 64;
    std::vector<double> xs, ys;
    for (int i = 0; i <= kEdge; ++i) {
        const double t = double(i) / kEdge;
        const double px[4] = {t * h->width, t * h->width, 0, double(h->width)};
        const double py[4] = {0, double(h->height), t * h->height, t * h->height};
        for (int k = 0; k < 4; ++k) {
            xs.push_back(gt[0] + px[k] * gt[1] + py[k] * gt[2]);
            ys.push_back(gt[3] + px[k] * gt[4] + py[k] * gt[5]);
        }
    }
    std::vector<int> ok(xs.size(), 0);
    OCTTransformEx(toLonLat.get(), int(xs.size()), xs.data(), ys.data(), nullptr, ok.data());
    double west = 1e300, east = -1e300, south = 1e300, north = -1e300;
    for (size_t i = 0; i < xs.size(); ++i) {
        if (!ok[i] || !std::isfinite(xs[i]) || !std::isfinite(ys[i]))
            continue;
        west = std::min(west, xs[i]);
        east = std::max(east, xs[i]);
        south = std::min(south, ys[i]);
        north = std::max(north, ys[i]);
    }
    if (west > east || south > north)
        return fail(QStringLiteral("its corners cannot be converted to longitude and latitude"));
    if (south > kMaxLat || north < -kMaxLat)
        return fail(QStringLiteral("lies beyond the map's latitudes (85° north and south)"));

    info->width = h->width;
    info->height = h->height;
    info->bandCount = count;
    info->crs = fromUtf8(OSRGetName(fileSrs));
    static const char *kinds[] = {"grey", "palette", "RGB"};
    info->layout = QString::fromLatin1(kinds[int(h->kind)]);
    if (h->alpha)
        info->layout += h->kind == gdal::RasterHandle::Kind::Rgb ? QStringLiteral("A")
                                                                 : QStringLiteral(" and alpha");
    info->overviews.clear();
    GDALRasterBandH first = GDALGetRasterBand(ds, 1);
    for (int i = 0; i < GDALGetOverviewCount(first); ++i) {
        GDALRasterBandH o = GDALGetOverview(first, i);
        info->overviews.emplace_back(GDALGetRasterBandXSize(o), GDALGetRasterBandYSize(o));
    }
    info->minX = mercatorX(west);
    info->maxX = mercatorX(east);
    info->minY = mercatorY(south);
    info->maxY = mercatorY(north);
    return h.release();
}

void ogr::closeRaster(gdal::RasterHandle *raster)
{
    delete raster;
}

bool ogr::drawRaster(gdal::RasterHandle *r, gdal::RasterFrame *f, QString *error)
{
    const std::lock_guard<std::mutex> lock(r->mutex);
    ErrorCapture capture;
    f->level = -2;
    std::fill_n(f->window, 4, 0);
    const int W = f->width, H = f->height;
    if (W <= 0 || H <= 0 || !f->pixels)
        return true;
    std::fill_n(f->pixels, size_t(W) * size_t(H), 0u);

    // Source pixel coordinates (full resolution) of a grid of frame points, every
    // kGridStep pixels and on the far edges; the pixels between are interpolated.
    std::vector<int> gxs, gys;
    for (int x = 0; x < W; x += kGridStep)
        gxs.push_back(x);
    gxs.push_back(W);
    for (int y = 0; y < H; y += kGridStep)
        gys.push_back(y);
    gys.push_back(H);
    const size_t nx = gxs.size(), ny = gys.size(), n = nx * ny;
    std::vector<double> sx(n), sy(n);
    std::vector<int> ok(n, 0);
    for (size_t j = 0; j < ny; ++j)
        for (size_t i = 0; i < nx; ++i) {
            sx[j * nx + i] = f->minX + (f->maxX - f->minX) * gxs[i] / W;
            sy[j * nx + i] = f->maxY - (f->maxY - f->minY) * gys[j] / H;
        }
    OCTTransformEx(r->toSource.get(), int(n), sx.data(), sy.data(), nullptr, ok.data());
    const double *inv = r->inverse;
    for (size_t k = 0; k < n; ++k) {
        const double X = sx[k], Y = sy[k];
        ok[k] = ok[k] && std::isfinite(X) && std::isfinite(Y);
        sx[k] = inv[0] + inv[1] * X + inv[2] * Y;
        sy[k] = inv[3] + inv[4] * X + inv[5] * Y;
    }

    // Source pixels per frame pixel, the finest anywhere in the frame.
    double ratio = std::numeric_limits<double>::infinity();
    for (size_t j = 0; j + 1 < ny; ++j)
        for (size_t i = 0; i + 1 < nx; ++i) {
            const size_t a = j * nx + i, b = a + 1, c = a + nx;
            if (!ok[a] || !ok[b] || !ok[c])
                continue;
            const double along = std::hypot(sx[b] - sx[a], sy[b] - sy[a]) / (gxs[i + 1] - gxs[i]);
            const double down = std::hypot(sx[c] - sx[a], sy[c] - sy[a]) / (gys[j + 1] - gys[j]);
            ratio = std::min({ratio, along, down});
        }
    if (!std::isfinite(ratio))
        return true; // the frame is nowhere in the raster's coordinate system

    // The coarsest level whose pixels are still no larger than the frame's.
    GDALDatasetH ds = r->ds.get();
    GDALRasterBandH first = GDALGetRasterBand(ds, 1);
    int level = -1;
    double fx = 1, fy = 1;
    const int overviews = GDALGetOverviewCount(first);
    for (int k = 0; k < overviews; ++k) {
        GDALRasterBandH o = GDALGetOverview(first, k);
        const double ox = double(r->width) / GDALGetRasterBandXSize(o);
        const double oy = double(r->height) / GDALGetRasterBandYSize(o);
        if (std::max(ox, oy) <= ratio * kLevelSlack && std::max(ox, oy) > std::max(fx, fy)) {
            level = k;
            fx = ox;
            fy = oy;
        }
    }
    const auto bandAt = [&](int number) {
        GDALRasterBandH b = GDALGetRasterBand(ds, number);
        return level < 0 ? b : GDALGetOverview(b, level);
    };
    const int lw = GDALGetRasterBandXSize(bandAt(1)), lh = GDALGetRasterBandYSize(bandAt(1));

    // The window of that level the frame shows.
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (size_t k = 0; k < n; ++k) {
        if (!ok[k])
            continue;
        x0 = std::min(x0, sx[k] / fx);
        x1 = std::max(x1, sx[k] / fx);
        y0 = std::min(y0, sy[k] / fy);
        y1 = std::max(y1, sy[k] / fy);
    }
    const int wx0 = std::clamp(int(std::floor(x0)) - 1, 0, lw);
    const int wx1 = std::clamp(int(std::ceil(x1)) + 1, 0, lw);
    const int wy0 = std::clamp(int(std::floor(y0)) - 1, 0, lh);
    const int wy1 = std::clamp(int(std::ceil(y1)) + 1, 0, lh);
    f->level = level;
    if (wx1 <= wx0 || wy1 <= wy0)
        return true; // the raster is out of the frame
    const int ww = wx1 - wx0, wh = wy1 - wy0;
    f->window[0] = wx0;
    f->window[1] = wy0;
    f->window[2] = ww;
    f->window[3] = wh;
    // Zoomed out beyond the coarsest overview: GDAL subsamples into a buffer of about
    // the frame's size rather than handing over the whole window.
    const double shrink = std::max({1.0, double(ww) / (2.0 * W + 4), double(wh) / (2.0 * H + 4)});
    const int bw = std::max(1, int(std::ceil(ww / shrink)));
    const int bh = std::max(1, int(std::ceil(wh / shrink)));
    const size_t bn = size_t(bw) * size_t(bh);

    const auto readFailed = [&]() {
        if (error)
            *error = QStringLiteral("%1: %2").arg(
                r->path, withGdal(QStringLiteral("cannot read its pixels"), capture));
        return false;
    };
    // Each colour band as bytes, and how many of a pixel's bands say "no data" (a
    // pixel is no data when each of its bands says so: GDAL's rule for RGB nodata).
    const int colourBands = r->kind == gdal::RasterHandle::Kind::Rgb ? 3 : 1;
    std::array<std::vector<uint8_t>, 3> channel;
    std::vector<uint8_t> noData(bn, 0);
    std::vector<float> values;
    for (int c = 0; c < colourBands; ++c) {
        const gdal::RasterHandle::Scale &s = r->scale[size_t(c)];
        std::vector<uint8_t> &out = channel[size_t(c)];
        out.resize(bn);
        GDALRasterBandH b = bandAt(r->colour[size_t(c)]);
        if (s.bytes) {
            if (GDALRasterIO(b, GF_Read, wx0, wy0, ww, wh, out.data(), bw, bh, GDT_Byte, 0, 0)
                != CE_None)
                return readFailed();
            if (s.hasNodata && s.nodata >= 0 && s.nodata <= 255
                && s.nodata == std::floor(s.nodata)) {
                const uint8_t nd = uint8_t(s.nodata);
                for (size_t k = 0; k < bn; ++k)
                    noData[k] += out[k] == nd;
            }
            continue;
        }
        values.resize(bn);
        if (GDALRasterIO(b, GF_Read, wx0, wy0, ww, wh, values.data(), bw, bh, GDT_Float32, 0, 0)
            != CE_None)
            return readFailed();
        const double span = 255.0 / (s.high - s.low);
        for (size_t k = 0; k < bn; ++k) {
            const double v = values[k];
            if (std::isnan(v) || (s.hasNodata && values[k] == float(s.nodata))) {
                out[k] = 0;
                ++noData[k];
                continue;
            }
            out[k] = uint8_t(std::lround(std::clamp((v - s.low) * span, 0.0, 255.0)));
        }
    }
    std::vector<uint8_t> valid(bn, 255);
    for (size_t k = 0; k < bn; ++k)
        if (noData[k] == colourBands)
            valid[k] = 0;
    std::vector<uint8_t> alpha;
    if (r->alpha || r->useMask) {
        alpha.resize(bn);
        GDALRasterBandH b = r->alpha ? bandAt(r->alpha) : GDALGetMaskBand(bandAt(r->colour[0]));
        if (GDALRasterIO(b, GF_Read, wx0, wy0, ww, wh, alpha.data(), bw, bh, GDT_Byte, 0, 0)
            != CE_None)
            return readFailed();
        if ((r->alpha && !r->alphaBytes) || r->useMask)
            for (uint8_t &a : alpha)
                a = a ? 255 : 0;
        for (size_t k = 0; k < bn; ++k)
            valid[k] = std::min(valid[k], alpha[k]);
    }

    // Every frame pixel: its centre's source position, interpolated in its grid cell,
    // and the nearest pixel of the buffer.
    const double toBx = double(bw) / ww / fx, toBy = double(bh) / wh / fy;
    const double bx0 = wx0 * double(bw) / ww, by0 = wy0 * double(bh) / wh;
    std::vector<double> rowX(nx), rowY(nx);
    std::vector<uint8_t> rowOk(nx);
    size_t cellRow = 0;
    for (int y = 0; y < H; ++y) {
        const double cy = y + 0.5;
        while (cellRow + 2 < ny && gys[cellRow + 1] <= cy)
            ++cellRow;
        const double ty = (cy - gys[cellRow]) / (gys[cellRow + 1] - gys[cellRow]);
        for (size_t i = 0; i < nx; ++i) {
            const size_t a = cellRow * nx + i, c = a + nx;
            rowX[i] = sx[a] + (sx[c] - sx[a]) * ty;
            rowY[i] = sy[a] + (sy[c] - sy[a]) * ty;
            rowOk[i] = ok[a] && ok[c];
        }
        uint32_t *line = f->pixels + size_t(y) * size_t(W);
        size_t cell = 0;
        for (int x = 0; x < W; ++x) {
            const double cx = x + 0.5;
            while (cell + 2 < nx && gxs[cell + 1] <= cx)
                ++cell;
            if (!rowOk[cell] || !rowOk[cell + 1])
                continue;
            const double tx = (cx - gxs[cell]) / (gxs[cell + 1] - gxs[cell]);
            const double px = rowX[cell] + (rowX[cell + 1] - rowX[cell]) * tx;
            const double py = rowY[cell] + (rowY[cell + 1] - rowY[cell]) * tx;
            const double bxf = px * toBx - bx0, byf = py * toBy - by0;
            if (!(bxf >= 0 && byf >= 0 && bxf < bw && byf < bh))
                continue;
            // Outside the raster itself (the window is clipped to it at this level).
            if (px < 0 || py < 0 || px >= r->width || py >= r->height)
                continue;
            const size_t k = size_t(byf) * size_t(bw) + size_t(bxf);
            const uint32_t a = valid[k];
            if (!a)
                continue;
            uint32_t argb;
            if (r->kind == gdal::RasterHandle::Kind::Palette) {
                argb = r->palette[channel[0][k]];
                if (a != 255) {
                    const uint32_t pa = (argb >> 24) * a / 255;
                    const auto ch = [&](int shift) { return ((argb >> shift) & 0xff) * a / 255; };
                    argb = (pa << 24) | (ch(16) << 16) | (ch(8) << 8) | ch(0);
                }
            } else {
                const uint32_t red = channel[0][k];
                const uint32_t green = colourBands == 3 ? channel[1][k] : red;
                const uint32_t blue = colourBands == 3 ? channel[2][k] : red;
                if (a == 255)
                    argb = 0xff000000u | (red << 16) | (green << 8) | blue;
                else
                    argb = (a << 24) | ((red * a / 255) << 16) | ((green * a / 255) << 8)
                        | (blue * a / 255);
            }
            line[x] = argb;
        }
    }
    return true;
}

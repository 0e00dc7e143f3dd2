#include "trackraster.h"

#include <QColor>

#include <algorithm>
#include <cmath>

namespace {
// Each byte of x times a / 256 (a in 0..256).
inline uint32_t byteMul(uint32_t x, uint32_t a)
{
    uint32_t t = (x & 0xff00ff) * a;
    t = (t >> 8) & 0xff00ff;
    x = ((x >> 8) & 0xff00ff) * a;
    x = x & 0xff00ff00;
    return x | t;
}
} // namespace

TrackRaster::TrackRaster(QImage *image, double scale)
    : m_bits(image->bits()),
      m_stride(image->bytesPerLine()),
      m_w(image->width()),
      m_h(image->height()),
      m_scale(scale)
{ }

void TrackRaster::setColor(const QColor &color)
{
    m_color = qPremultiply(color.rgba());
}

inline void TrackRaster::plot(int x, int y, uint32_t coverage)
{
    if (unsigned(x) >= unsigned(m_w) || unsigned(y) >= unsigned(m_h) || coverage == 0)
        return;
    auto *px = reinterpret_cast<uint32_t *>(m_bits + y * m_stride) + x;
    const uint32_t src = byteMul(m_color, coverage);
    *px = src + byteMul(*px, 256 - (src >> 24));
}

void TrackRaster::drawLine(double x0, double y0, double x1, double y1)
{
    // Wu's algorithm puts pixel centres on integers; QPainter at +0.5.
    x0 = x0 * m_scale - 0.5;
    y0 = y0 * m_scale - 0.5;
    x1 = x1 * m_scale - 0.5;
    y1 = y1 * m_scale - 0.5;
    if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1))
        return;
    const bool steep = std::abs(y1 - y0) > std::abs(x1 - x0);
    if (steep) {
        std::swap(x0, y0);
        std::swap(x1, y1);
    }
    if (x0 > x1) {
        std::swap(x0, x1);
        std::swap(y0, y1);
    }
    const int major = steep ? m_h : m_w, minor = steep ? m_w : m_h;
    if (x1 < -1 || x0 > major || std::max(y0, y1) < -1 || std::min(y0, y1) > minor)
        return;
    const double dx = x1 - x0;
    const double gradient = dx > 1e-9 ? (y1 - y0) / dx : 0.0;
    auto put = [this, steep](int a, int b, double c) {
        const auto cov = uint32_t(std::lround(std::clamp(c, 0.0, 1.0) * 256));
        if (steep)
            plot(b, a, cov);
        else
            plot(a, b, cov);
    };
    // Ends: the pixel column of each, weighted by how much of it the line covers.
    const double xe0 = std::round(x0), xe1 = std::round(x1);
    if (xe0 == xe1) {
        // Shorter than a pixel: one column, coverage by its length.
        const double yc = (y0 + y1) / 2;
        const double fy = yc - std::floor(yc);
        const double len = std::max(dx, 0.0);
        put(int(xe0), int(std::floor(yc)), (1 - fy) * len);
        put(int(xe0), int(std::floor(yc)) + 1, fy * len);
        return;
    }
    {
        const double ye = y0 + gradient * (xe0 - x0);
        const double gap = 1 - (x0 + 0.5 - std::floor(x0 + 0.5));
        const double fy = ye - std::floor(ye);
        put(int(xe0), int(std::floor(ye)), (1 - fy) * gap);
        put(int(xe0), int(std::floor(ye)) + 1, fy * gap);
    }
    {
        const double ye = y0 + gradient * (xe1 - x0);
        const double gap = x1 + 0.5 - std::floor(x1 + 0.5);
        const double fy = ye - std::floor(ye);
        put(int(xe1), int(std::floor(ye)), (1 - fy) * gap);
        put(int(xe1), int(std::floor(ye)) + 1, fy * gap);
    }
    // The columns in between, clipped to the image.
    const int first = int(std::max(xe0 + 1, 0.0));
    const int last = int(std::min(xe1 - 1, double(major - 1)));
    double y = y0 + gradient * (first - x0);
    // Fixed point (1/65536 px) for the inner loop.
    auto fy = int64_t(std::llround(y * 65536.0));
    const auto fg = int64_t(std::llround(gradient * 65536.0));
    for (int x = first; x <= last; ++x, fy += fg) {
        const auto iy = int(fy >> 16);
        const auto frac = uint32_t((fy & 0xffff) >> 8); // 0..255
        if (steep) {
            plot(iy, x, 256 - frac);
            plot(iy + 1, x, frac);
        } else {
            plot(x, iy, 256 - frac);
            plot(x, iy + 1, frac);
        }
    }
}

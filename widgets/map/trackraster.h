#pragma once

#include <QImage>
#include <QLineF>

#include <cstdint>

// One-pixel anti-aliased lines written straight into an ARGB32 premultiplied image
// (Xiaolin Wu's algorithm: two pixels per step of the major axis, weighted by how far
// the line passes from each). A day of AIS at a regional zoom is millions of line
// pixels; QPainter's cosmetic stroker blends them one span call each (~40 ns a pixel
// here, 150 ms a frame), this loop a few ns. Pixel centres are at +0.5 as in QPainter,
// so a line lands where QPainter::drawLine would put it.
class TrackRaster
{
public:
    explicit TrackRaster(QImage *image, double scale = 1.0);
    // Colour with its alpha (not premultiplied), for the lines drawn next.
    void setColor(const QColor &color);
    void drawLine(double x0, double y0, double x1, double y1);
    void drawLines(const QLineF *lines, size_t count)
    {
        for (size_t i = 0; i < count; ++i)
            drawLine(lines[i].x1(), lines[i].y1(), lines[i].x2(), lines[i].y2());
    }

private:
    void plot(int x, int y, uint32_t coverage); // coverage 0..256
    uint8_t *m_bits;
    qsizetype m_stride;
    int m_w, m_h;
    double m_scale;
    uint32_t m_color = 0; // premultiplied ARGB
};

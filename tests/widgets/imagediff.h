#pragma once

#include <QImage>

#include <algorithm>
#include <cstdlib>

// How far two pictures of the same page are apart: pixels that differ, and the largest
// difference of one channel. The command line and the window compose a page with the
// same code, but graticule label stamps are cached per process, so their antialiasing
// may differ by a few levels at some edge pixels.
struct ImageDiff
{
    int differing = 0;
    int worst = 0;
    // Equal but for such antialiasing: at most 1 pixel in 2000, by at most 12 levels.
    bool nearlyEqual(const QImage &image) const
    {
        return differing <= image.width() * image.height() / 2000 && worst <= 12;
    }
};

// Pixels whose channels differ by more than `tolerance` count as differing; `worst` is
// the largest difference of one channel over all pixels. Pictures of different sizes
// differ everywhere.
inline ImageDiff imageDiff(const QImage &first, const QImage &second, int tolerance = 0)
{
    const QImage a = first.convertToFormat(QImage::Format_RGB32);
    const QImage b = second.convertToFormat(QImage::Format_RGB32);
    ImageDiff d;
    if (a.size() != b.size()) {
        d.differing = std::max(a.width() * a.height(), b.width() * b.height());
        d.worst = 255;
        return d;
    }
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            if (p == q)
                continue;
            const int channel =
                std::max({std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                          std::abs(qBlue(p) - qBlue(q))});
            d.worst = std::max(d.worst, channel);
            d.differing += channel > tolerance ? 1 : 0;
        }
    return d;
}

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

inline ImageDiff imageDiff(const QImage &first, const QImage &second)
{
    const QImage a = first.convertToFormat(QImage::Format_RGB32);
    const QImage b = second.convertToFormat(QImage::Format_RGB32);
    ImageDiff d;
    for (int y = 0; y < std::min(a.height(), b.height()); ++y)
        for (int x = 0; x < std::min(a.width(), b.width()); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            if (p == q)
                continue;
            ++d.differing;
            d.worst = std::max({d.worst, std::abs(qRed(p) - qRed(q)),
                                std::abs(qGreen(p) - qGreen(q)), std::abs(qBlue(p) - qBlue(q))});
        }
    return d;
}

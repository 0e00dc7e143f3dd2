#pragma once

#include <QDir>
#include <QImage>
#include <QPixmap>
#include <QString>

// Pictures for people, not checks: the tests that take them assert what they should show,
// and write them only when RENDEZVOUS_SCREENSHOTS names a folder (never into a fixed
// place, where parallel runs and other users would collide). False only when a picture
// was asked for and could not be written.
inline bool saveScreenshot(const QImage &image, const QString &name)
{
    const QString dir = qEnvironmentVariable("RENDEZVOUS_SCREENSHOTS");
    if (dir.isEmpty())
        return true;
    return !image.isNull() && QDir().mkpath(dir) && image.save(QDir(dir).filePath(name));
}

inline bool saveScreenshot(const QPixmap &pixmap, const QString &name)
{
    return saveScreenshot(pixmap.toImage(), name);
}

#pragma once

#include "imagediff.h"

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QString>

// Reference pictures (tests/data/reference/*.png): what a drawing should look like,
// rendered once with a fixed font (DejaVu Sans, installed with the suite: call
// useReferenceFont() first), size and scale (ctest sets QT_SCALE_FACTOR=1), and compared
// with a tolerance, so that the check can fail when the drawing changes but not when
// antialiasing moves by a step. After an intended change of the drawing, regenerate
// them and look at them before committing:
//   RENDEZVOUS_UPDATE_REFERENCES=1 ctest --test-dir build -R <test>
// writes the current pictures over the references in the source tree (the test then
// fails once, saying so, so that an update is never mistaken for a pass).
inline void useReferenceFont()
{
    QGuiApplication::setFont(QFont(QStringLiteral("DejaVu Sans")));
}

struct ReferenceTolerance
{
    int channel = 24; // per-pixel difference of one channel still counted as equal
    double fraction = 0.002; // share of pixels allowed to differ by more than that
};

// Empty when `image` matches the reference `name`, else what differs.
inline QString compareWithReference(const QImage &image, const QString &name,
                                    ReferenceTolerance tolerance = {})
{
    const QString path = QStringLiteral(RENDEZVOUS_TEST_DATA "/reference/") + name;
    if (qEnvironmentVariableIntValue("RENDEZVOUS_UPDATE_REFERENCES") == 1) {
        QDir().mkpath(QStringLiteral(RENDEZVOUS_TEST_DATA "/reference"));
        return image.save(path) ? QStringLiteral("reference %1 written: check it").arg(path)
                                : QStringLiteral("cannot write %1").arg(path);
    }
    const QImage reference(path);
    if (reference.isNull())
        return QStringLiteral("no reference %1 (RENDEZVOUS_UPDATE_REFERENCES=1 writes it)")
            .arg(path);
    if (reference.size() != image.size())
        return QStringLiteral("size %1x%2, reference %3x%4")
            .arg(image.width())
            .arg(image.height())
            .arg(reference.width())
            .arg(reference.height());
    const ImageDiff d = imageDiff(image, reference, tolerance.channel);
    const int allowed = int(tolerance.fraction * image.width() * image.height());
    if (d.differing <= allowed)
        return QString();
    return QStringLiteral("%1 pixels differ from %2 by more than %3 (allowed %4), worst %5")
        .arg(d.differing)
        .arg(name)
        .arg(tolerance.channel)
        .arg(allowed)
        .arg(d.worst);
}

#pragma once

#include <QPaintEngine>
#include <QPainter>
#include <QTransform>

// Layers stamp small pre-rendered images (markers, bubbles, label halos) on raster
// devices: antialiased ellipses and text layout cost ~50 µs each, a stamp ~1 µs. The
// scale is the device's (device pixel ratio times any painter scale), so stamps stay
// sharp. 0 means "draw real shapes": vector devices (PDF, SVG), rotations or shears,
// and scales below 1 (an export's preview), where a stamp of a few device pixels
// would lose its shape.
inline double stampScale(const QPainter &p)
{
    if (!p.paintEngine() || p.paintEngine()->type() != QPaintEngine::Raster)
        return 0;
    const QTransform t = p.deviceTransform();
    if (t.type() > QTransform::TxScale || t.m11() != t.m22() || t.m11() < 1)
        return 0;
    return t.m11();
}

#pragma once

#include "trackgeometry.h"
#include "tracklayer.h"

#include <QLineF>

#include <vector>

class MapViewport;
class QPainter;
class TrackRaster;

// One frame of the tracks layer: walks the segments in view and in time, emits their
// lines in the view's pixels (cut at the window's edges, simplified by the level of the
// zoom and by the half-pixel rule, copied onto every copy of the world they show on),
// and hands them to the painter in batches of one pen.
struct TrackFrame
{
    // raster: where the thin lines go (null: the painter, as vectors for PDF and SVG).
    TrackFrame(const TrackLayer &layer, const MapViewport &viewport, TrackRaster *raster);
    // Every shown segment in the interval; `highlighted`: only the highlighted vessels,
    // drawn thick over the rest.
    void drawAll(QPainter &painter, const TrackLayer::Interval &interval, bool highlighted);
    size_t lineCount() const { return m_count; }

private:
    bool boxVisible(const TrackGeometry::Box &box) const;
    void drawSegment(uint32_t s, const TrackLayer::Interval &iv);
    void drawGap(uint32_t s, const TrackLayer::Interval &iv);
    // Interpolated point between positions a and b at time ms.
    void interpolate(uint32_t a, uint32_t b, int64_t ms, uint32_t *fx, double *wy) const;
    int colorOf(uint32_t position) const;

    // The running polyline.
    void put(uint32_t fx, double wy, int color);
    void endRun();
    void addLine(double ax, double ay, double bx, double by, std::vector<QLineF> &out);
    std::vector<QLineF> &target(int color);
    void flush(QPainter &painter, std::vector<QLineF> &lines, const QColor &color, bool dashed,
               bool thick);

    const TrackLayer &m_layer;
    const TrackStore &m_t;
    const TrackGeometry &m_g;
    const TrackGeometry::Level &m_level;
    double m_ws, m_w, m_h, m_margin;
    uint32_t m_cxF;
    double m_cx, m_cy;
    double m_halfW, m_halfH; // the view and its margin around the centre, world units
    bool m_skip;
    TrackRaster *m_raster;

    bool m_has = false, m_pending = false;
    double m_lastX = 0, m_lastY = 0, m_pendX = 0, m_pendY = 0, m_refX = 0;
    uint32_t m_refFx = 0;
    int m_lastColor = 0;

    std::vector<QLineF> m_lines[TrackLayer::kSpeedClasses];
    std::vector<QLineF> m_vessel, m_gaps;
    size_t m_count = 0;
};

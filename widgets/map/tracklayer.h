#pragma once

#include "maplayer.h"

#include <QColor>
#include <QHash>
#include <QImage>
#include <QList>
#include <QMutex>
#include <QPointF>
#include <QRectF>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class EventLayer;
class TrackGeometry;
class TrackStore;

// Vessel tracks (Tracks slot: above the basemap and overlays, under the events): one
// polyline per segment, coloured by speed over ground (a ramp with a legend) or by
// vessel (a stable colour per vessel id). What a frame draws:
//
// - Level of detail: the segment's positions at the view's zoom from TrackGeometry's
//   simplification levels (within a pixel of the full track, first and last position
//   kept), then within the frame a position closer than half a pixel to the last one
//   drawn is skipped. A frame draws no more points than the pixels can show.
// - Time: only what lies inside the time window (the timeline's range) is drawn; a
//   line crossing the window's edge is cut there, its end interpolated in time.
// - Breaks: an AfterGap segment is joined to the vessel's previous segment by a dashed
//   line (TrackStore::gapFrom); an AfterJump segment is never joined (a second
//   transmitter or a spoofed position must not draw a line across the map).
// - The antimeridian: consecutive positions are joined the short way round (a line
//   from 179.9°E to 179.9°W is 0.2° long and shows on both sides of the seam).
// - Focus (setFocus): only the given vessels, only in the focus interval (the
//   timeline's window is then ignored, so the tracks of a selected event show whatever
//   the timeline is set to); clearFocus() goes back to every vessel in the window.
// - Highlighted vessels are drawn last, thicker, with a white casing.
// - Playback (setPlayhead, the window's end while the timeline plays): the window is
//   drawn faded, the last kTailMs before the play head in steps of rising opacity, and
//   each vessel whose segment spans the play head gets an arrow at its interpolated
//   position (never across a gap: between two segments there is no arrow), pointing
//   along its course over ground (or its direction of travel when COG is missing).
class TrackLayer : public MapLayer
{
    Q_OBJECT
public:
    enum class ColorMode { Speed, Vessel };
    static constexpr double kHoverRadius = 8; // logical pixels
    static constexpr int64_t kTailMs = 2 * 3600 * 1000LL;
    static constexpr int kSpeedClasses = 6; // five ranges and "unknown"

    explicit TrackLayer(QObject *parent = nullptr);
    ~TrackLayer() override;
    QString name() const override { return tr("Tracks"); }

    // Precomputes the geometry here (seconds for 10M positions): the window builds it
    // off the GUI thread with TrackGeometry::build and calls setGeometry().
    void setTracks(std::shared_ptr<const TrackStore> store);
    void setGeometry(std::shared_ptr<const TrackGeometry> geometry);
    const std::shared_ptr<const TrackGeometry> &geometry() const { return m_geometry; }
    const TrackStore *store() const;

    void setColorMode(ColorMode mode);
    ColorMode colorMode() const { return m_colorMode; }
    // Inclusive UTC ms; nullopt: unbounded on that side.
    void setTimeWindow(std::optional<int64_t> from, std::optional<int64_t> to);
    std::optional<int64_t> windowFrom() const { return m_from; }
    std::optional<int64_t> windowTo() const { return m_to; }
    void setPlayhead(std::optional<int64_t> ms);
    std::optional<int64_t> playhead() const { return m_playhead; }
    void setHighlightedVessels(std::vector<uint32_t> vessels);
    const std::vector<uint32_t> &highlightedVessels() const { return m_highlighted; }
    void setFocus(std::vector<uint32_t> vessels, int64_t fromMs, int64_t toMs);
    void clearFocus();
    bool hasFocus() const { return m_hasFocus; }
    // Off: every position of the track, no level of detail (the tests' reference).
    void setSimplified(bool on);
    void setLegendVisible(bool on);
    bool legendVisible() const { return m_legendVisible; }
    // The legend goes under this layer's legend (top right), not over it.
    void setLegendAnchor(const EventLayer *events) { m_anchor = events; }
    // Becomes a copy of `other` (the geometry is shared): an export paints its own.
    void copyFrom(const TrackLayer &other);

    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

    // --- Hover and click. ---
    struct Hit
    {
        uint32_t vessel = 0;
        uint32_t position = 0;
        double distance = 0; // logical pixels
    };
    // The drawn position nearest `pixel` within `radius` (on any copy of the world),
    // among the vessels and times the layer shows.
    std::optional<Hit> positionAt(QPointF pixel, const MapViewport &viewport,
                                  double radius = kHoverRadius) const;
    // "Name (MMSI)", time, speed and course of the position under the mouse, or "".
    QString toolTipAt(QPointF pixel, const MapViewport &viewport) const;
    // Whether the layer draws vessel v's position p (vessel, time window, focus).
    bool showsPosition(uint32_t vessel, uint32_t position) const;

    // --- Playback. ---
    struct Arrow
    {
        uint32_t vessel;
        uint32_t position; // the report the arrow moves on from
        double lat, lon;
        double course; // degrees clockwise from north
    };
    std::vector<Arrow> arrows() const; // at the play head; empty when none is set

    // --- Colours and legend. ---
    static int speedClass(float knots); // 0..4, 5 for NaN
    static QColor speedColor(int speedClass);
    static QString speedLabel(int speedClass); // "0–2 kn"
    static QColor vesselColor(const TrackStore &store, uint32_t vessel);
    static QColor gapColor() { return QColor(0x55, 0x55, 0x55); }
    struct LegendEntry
    {
        QString label;
        QColor color;
        bool dashed = false;
    };
    QList<LegendEntry> legendEntries() const;
    QString legendTitle() const;
    QRectF legendRect(const MapViewport &viewport) const;

    // Lines handed to the painter by the last paint() (for the tests and the benchmark).
    size_t lastLineCount() const { return m_lastLines; }

private:
    struct Interval
    {
        int64_t from, to;
        int alpha;
    };
    friend struct TrackFrame;
    std::vector<Interval> intervals() const;
    bool vesselShown(uint32_t v) const;
    void paintLegend(QPainter &painter, const MapViewport &viewport) const;
    void paintArrows(QPainter &painter, const MapViewport &viewport) const;
    static constexpr double kStamp = 22; // logical pixels around an arrow
    QImage arrowStamp(const QColor &color, int angleStep, double scale) const;
    mutable QMutex m_stampMutex;
    mutable QHash<quint64, QImage> m_stamps;

    std::shared_ptr<const TrackGeometry> m_geometry;
    ColorMode m_colorMode = ColorMode::Speed;
    std::optional<int64_t> m_from, m_to, m_playhead;
    std::vector<uint32_t> m_highlighted; // sorted
    bool m_hasFocus = false;
    std::vector<uint32_t> m_focus; // sorted
    int64_t m_focusFrom = 0, m_focusTo = 0;
    bool m_simplified = true;
    bool m_legendVisible = true;
    const EventLayer *m_anchor = nullptr;
    mutable size_t m_lastLines = 0;
};

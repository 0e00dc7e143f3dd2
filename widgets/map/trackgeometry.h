#pragma once

#include "hugepages.h"

#include <cstdint>
#include <memory>
#include <vector>

class TrackStore;

// What the tracks layer precomputes once per TrackStore, so that a frame costs what
// the pixels can show rather than what the store holds. Immutable once built (shared
// between the window's layer, an export's copy and a worker thread).
//
// - Every position in Web Mercator as 32-bit fixed point (x, y times 2^32): 8 bytes a
//   position, 1/32 px at zoom 19, and x wraps around the antimeridian by itself (the
//   signed difference of two x is the short way round).
// - Simplification levels, one per zoom 0..kLevels-1: the positions a track keeps at
//   that zoom, by Douglas-Peucker importance (the deviation at which the point is
//   first needed, capped by its parent's so the levels nest). Level z keeps what
//   deviates more than half a pixel at zoom z, and always each segment's first and
//   last position: a frame at zoom z..z+1 draws within a pixel of the full track and
//   never joins two segments. From the first level that would keep more than a quarter of
//   the positions on, the frame uses every position.
// - Per level, chunks of kChunk kept positions of one segment with their bounding box
//   (including the line from the chunk's previous position), to skip what is outside
//   the view; and per segment its bounding box and time span.
//
// Boxes are in world units with x unwrapped from the box's own first position (x0),
// so a box crossing ±180° is one narrow box, not the whole world.
class TrackGeometry
{
public:
    static constexpr int kLevels = 17; // zooms 0..16
    static constexpr int kChunk = 64;

    struct Box
    {
        float x0 = 0; // world x of the reference position, in [0, 1)
        float dx0 = 0, dx1 = 0; // x extent relative to x0 (unwrapped)
        float y0 = 0, y1 = 0;
    };
    struct Level
    {
        bool all = false; // every position: idx is empty, entry k is position k
        double tolerance = 0; // world units
        std::vector<uint32_t> idx; // kept positions, ascending (segment by segment)
        std::vector<uint32_t> segBegin; // per segment + 1: its first entry
        std::vector<uint32_t> segChunk; // per segment + 1: its first chunk
        std::vector<Box> chunks;
        uint32_t position(size_t entry) const { return all ? uint32_t(entry) : idx[entry]; }
    };

    static std::shared_ptr<const TrackGeometry> build(std::shared_ptr<const TrackStore> store);

    const std::shared_ptr<const TrackStore> &store() const { return m_store; }
    const HugeVector<uint32_t> &xs() const { return m_x; }
    const HugeVector<uint32_t> &ys() const { return m_y; }
    const Level &level(int z) const { return m_levels[size_t(z)]; }
    // The level a view at (device) zoom z draws.
    const Level &levelForZoom(double zoom) const;
    const Box &segmentBox(size_t s) const { return m_segBox[s]; }
    size_t memoryBytes() const;

    static double worldX(uint32_t fx) { return fx * (1.0 / 4294967296.0); }
    static double worldY(uint32_t fy) { return fy * (1.0 / 4294967296.0); }
    // Signed x distance from a to b the short way round, in world units.
    static double deltaX(uint32_t a, uint32_t b) { return int32_t(b - a) * (1.0 / 4294967296.0); }

private:
    std::shared_ptr<const TrackStore> m_store;
    HugeVector<uint32_t> m_x, m_y;
    std::vector<Level> m_levels;
    std::vector<Box> m_segBox;
};

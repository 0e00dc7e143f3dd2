#pragma once

#include "hugepages.h"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

// The prepared basemap files (basemap-110m.bin, -50m, -10m), written at build time by
// resources/basemap/preparebasemap.cpp from the Natural Earth TopoJSON. Only the file
// format lives here, as raw elements (no Qt Gui), so that the map (widgets/map/basemap)
// and the detectors' shore (detect/shore) read one format with one set of checks.
//
// Layout, native byte order (checked by the header's byte-order mark), 8-byte aligned:
//   header   64 bytes: magic, version, byte order, detail, vertex count, piece counts
//            (land, coast, borders), element count, file size, checksum
//   pieces   PieceRecord[pieceCount]: land, then coast, then borders
//   xy       double[2 * elementCount]: every piece's path elements, in order
//   types    uint8[elementCount]: 0 move-to, 1 line-to; padded to 8 bytes
// The checksum covers the whole file but itself. Coordinates are Web Mercator world
// units (0..256 across the world, y growing south), the map's zoom-0 pixels.
//   land     closed rings, odd-even fill, cut into pieces along a quadtree of the
//            world square; neighbouring pieces overlap by a hair (the level's overlap),
//            so that the map shows no seam; rings touching ±180° (Antarctica) reach the
//            same hair past the world's edge.
//   coast    open polylines (the land's outline without the cut at ±180° and the bottom
//            of Antarctica), longitudes unwrapped; a line running past the world's edge
//            is stored a second time shifted by a world.
//   borders  open polylines, country borders on land.
namespace basemapfile {

enum Kind { Land = 0, Coast = 1, Borders = 2, KindCount = 3 };
enum ElementType : uint8_t { MoveTo = 0, LineTo = 1 };
enum FillRule : uint32_t { OddEvenFill = 0, WindingFill = 1 }; // Qt::FillRule's values

struct PieceRecord
{
    double bounds[4]; // x, y, width, height (world units)
    uint64_t first; // first element
    uint64_t count; // elements
    uint32_t fillRule;
    uint32_t reserved;
};
static_assert(sizeof(PieceRecord) == 56, "a piece record's layout is the file's");

// One level read and checked whole: every piece a non-empty range of elements starting
// with a move-to, known element types, finite coordinates and bounds.
struct Level
{
    int detail = 0; // 0 110m, 1 50m, 2 10m
    int vertexCount = 0;
    size_t pieceCount[KindCount] = {0, 0, 0};
    size_t elementCount = 0;
    // The body, which the pointers below point into; in huge pages where the platform has
    // them (16 MB of fresh small pages cost ~70 ms of faults on a virtual machine).
    HugeVector<uint64_t> file;
    const PieceRecord *pieces = nullptr; // land, then coast, then borders
    const double *xy = nullptr; // x, y per element
    const uint8_t *types = nullptr; // ElementType per element

    // The records of one kind.
    const PieceRecord *begin(Kind kind) const;
    const PieceRecord *end(Kind kind) const { return begin(kind) + pieceCount[kind]; }
};

constexpr int kDetailCount = 3;
// "basemap-110m.bin", "basemap-50m.bin", "basemap-10m.bin" for detail 0, 1, 2.
QString fileName(int detail);

// Reads a prepared level. Null with *error naming the file and what is wrong (missing,
// unreadable, truncated, foreign, damaged), never a crash.
std::unique_ptr<Level> read(const QString &path, QString *error);

// What writing needs: the records of all pieces (land, then coast, then borders, each
// kind's count in pieceCount) and their elements.
struct Contents
{
    int detail = 0;
    int vertexCount = 0;
    size_t pieceCount[KindCount] = {0, 0, 0};
    std::vector<PieceRecord> pieces;
    std::vector<double> xy;
    std::vector<uint8_t> types;
};
// Writes atomically (a reader never sees half a file).
bool write(const Contents &contents, const QString &path, QString *error);

} // namespace basemapfile

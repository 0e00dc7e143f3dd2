#pragma once

#include "network/vesselnetwork.h"

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <utility>
#include <vector>

class QPainter;

// The one drawing of a vessel network, shared by the Network dock and `rendezvous network
// -o OUT.svg|.png`: a node per vessel sized by its partners and coloured by a vessel
// attribute, an edge per pair as wide as its meetings or its volume, labels for the
// vessels with most partners, a legend. Positions are a layout's (unit square).
namespace netpicture {

enum class ColorBy { Flag, Group, None };
enum class WidthBy { Meetings, Volume };

struct Style
{
    ColorBy colorBy = ColorBy::Flag;
    WidthBy widthBy = WidthBy::Meetings;
    int labels = 12; // the vessels with most partners that are always labelled
    // Flags in colour order (most vessels first); empty: ranked from the network drawn.
    // The dock ranks the whole store's, so that a flag keeps its colour as filters change.
    QStringList flagOrder;
};

struct Picture
{
    std::vector<QPointF> pos; // per node, unit square [-0.5, 0.5]²
    std::vector<double> radius; // per node, relative to the largest (0, 1]; see nodeRadius()
    std::vector<QColor> color; // per node
    std::vector<QString> label; // per node
    std::vector<uint8_t> labelled; // per node: always labelled
    // Per node: drawn. A vessel without a known partner is not (a layout pushes such
    // vessels to the border, where they would frame the picture); `hidden` counts them.
    std::vector<uint8_t> drawn;
    size_t hidden = 0;
    struct Line
    {
        uint32_t a, b; // node indices
        double width; // pixels
        uint32_t edge; // index in the network's edges
    };
    std::vector<Line> lines; // thinnest first
    std::vector<std::pair<QString, QColor>> legend;
    QString legendTitle, widthTitle;
};

// How a vessel is named in the picture: its name, else MMSI, else IMO, else its key.
QString vesselLabel(const VesselRow &vessel);

// Positions scaled and centred to fill the unit square, each axis on its own: a layout's
// are often a small ball in the middle of it, and the dock is wider than high.
// drawn: only these count for the extent (null: all).
std::vector<QPointF> fit(const std::vector<QPointF> &positions,
                         const std::vector<uint8_t> *drawn = nullptr);

Picture make(const network::VesselNetwork &net, const std::vector<QPointF> &positions,
             const Style &style);

// Zoom about the centre and a pan in pixels, over the fit of the unit square in target.
struct View
{
    double zoom = 1;
    QPointF pan;
};
// Where a unit-square position lands in target under view.
QPointF place(const QRectF &target, const View &view, QPointF unit);
// The inverse.
QPointF unplace(const QRectF &target, const View &view, QPointF pixel);
// Node i's radius in pixels: the largest node is smaller the more nodes share the area,
// and grows a little with zoom.
double nodeRadius(const Picture &picture, const QRectF &target, const View &view, size_t i);

// What is drawn over the picture: a hovered node (its label and its partners' labels)
// and highlighted nodes and edges (the window's selection), each optional.
struct Marks
{
    int hovered = -1;
    const std::vector<uint8_t> *nodes = nullptr; // per node, 1 = highlighted
    const std::vector<uint8_t> *edges = nullptr; // per network edge
    const network::VesselNetwork *net = nullptr; // for the hovered node's partners
};

void paint(QPainter &painter, const QRectF &target, const Picture &picture, const View &view,
           const Marks &marks = {});

// Writes the picture to path as its extension says (.svg or .png), size in pixels, whole
// or not at all. An existing file is replaced only with `overwrite`. False with a
// message naming the file.
bool write(const Picture &picture, const QString &title, const QString &path, QSize size,
           bool overwrite, QString *error);
// Whether a file name is one write() takes (.svg, .png).
bool isPictureFile(const QString &path);

} // namespace netpicture

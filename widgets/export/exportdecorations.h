#pragma once

#include <QFont>
#include <QRectF>
#include <QStringList>

class BasemapLayer;
class MapViewport;
class QPainter;

// The parts of an export that the window's map does not draw, as painting functions
// in logical pixels: the title block, the north arrow, the overview map and the
// credits panel. ExportRenderer lays them out and calls them.
namespace exportdecor {

QFont titleFont();
QFont subtitleFont();
QFont captionFont(); // the filters line
QFont creditFont();

// Title, subtitle and filters, each on its own line (the filters may wrap onto two);
// `lines` holds the title or "" when off, the subtitle or "", the filters or "".
double headerHeight(const QStringList &lines, double width);
void paintHeader(QPainter &painter, const QRectF &rect, const QStringList &lines);

// A north arrow with an "N" above it, filling `rect` (about 26 x 44).
QSizeF northArrowSize();
void paintNorthArrow(QPainter &painter, const QRectF &rect);

// Credit lines, right-aligned in a panel whose bottom-right corner is `corner`.
QRectF creditsRect(const QStringList &lines, QPointF bottomRight);
void paintCredits(QPainter &painter, const QRectF &rect, const QStringList &lines);

// An overview of the region around `main` in `rect` (land over sea, always the vector
// basemap), with main's extent as a red rectangle (a ringed dot when it would be
// smaller than a few pixels).
void paintOverview(QPainter &painter, const QRectF &rect, const MapViewport &main,
                   const BasemapLayer &land);

} // namespace exportdecor

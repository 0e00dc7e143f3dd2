#pragma once

#include "project.h"

class MainWindow;

// The window's side of a project: what the window shows, read into a Project, and a
// Project's parts put back into the window. Data, overlays and sections take time or
// belong to others; ProjectController sequences those.
namespace projectstate {
// Filters, time window, view, styles and overlays (not the data source nor sections).
Project capture(const MainWindow &window);
void applyView(MainWindow &window, const Project &project);
// Basemap, tile server (when the tiles exist), colours, sizes, decorations, events shown.
void applyStyles(MainWindow &window, const Project &project);
void applyTileUrl(MainWindow &window, const QString &url);
void applyFilters(MainWindow &window, const Project &project);
} // namespace projectstate

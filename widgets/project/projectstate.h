#pragma once

#include "project.h"

class AreaFilter;
class EventStore;
class CategoryFilterMenu;
class EventsDock;
class MapController;
class TimeWindow;
class TransferFilter;

// The parts of the window a project reads and writes (not the window itself).
struct ProjectParts
{
    TransferFilter *filter = nullptr;
    TimeWindow *timeWindow = nullptr;
    MapController *map = nullptr;
    AreaFilter *area = nullptr;
    EventsDock *events = nullptr; // its search box
    CategoryFilterMenu *categories = nullptr;
};

// The window's side of a project: what the window shows, read into a Project, and a
// Project's parts put back into the window. Data, overlays and sections take time or
// belong to others; ProjectController sequences those.
namespace projectstate {
// Filters, time window, view, styles and overlays (not the data source nor sections).
Project capture(const ProjectParts &parts);
void applyView(const ProjectParts &parts, const Project &project);
// Basemap, tile server (when the tiles exist), colours, sizes, decorations, events shown.
void applyStyles(const ProjectParts &parts, const Project &project);
void applyTileUrl(const ProjectParts &parts, const QString &url);
void applyFilters(const ProjectParts &parts, const Project &project);
// What a newly opened file is coloured by: the first of cargo, confidence, the flags and
// source that has values, else an extra column with a few distinct values (a category),
// else cargo. Never a column of some other file.
QString defaultColorBy(const EventStore &store);
// key names a field the map can colour by or one of the store's extra columns.
bool isColorKey(const EventStore &store, const QString &key);
} // namespace projectstate

#pragma once

#include "map/maplayer.h"
#include "project.h"

#include <memory>
#include <vector>

class EventStore;
class FilterCaption;
class MapViewport;
struct Summary;

// What `rendezvous render --project P.rvz` takes from a project, computed by the code
// the window uses, so that the command line draws what the window's File ▸ Export Map…
// writes for the same project and settings.
namespace renderproject {

// The rows the project's filters pass (time window, area, search text, hidden
// categories), through the window's own TransferModel and TransferFilter, in store
// order; *caption gets the filters in words as the window's export writes them, *summary
// the figures of those rows (with the filter's vessel identities, not computed again).
std::vector<uint32_t> filteredRows(const Project &project,
                                   const std::shared_ptr<const EventStore> &store,
                                   FilterCaption *caption, Summary *summary);

// The sections of the window's numeric parts ("numericRanges", "colorClasses") are
// readable; false with a message naming the section and the fault.
bool checkSections(const Project &project, QString *error);

// The project's basemap, colours and decoration switches.
RenderOptions options(const Project &project);

// The window's view when the project was saved (centre, zoom and, when known, size);
// false when the project does not know the view's size (then fit to the data).
bool view(const Project &project, MapViewport *viewport);

} // namespace renderproject

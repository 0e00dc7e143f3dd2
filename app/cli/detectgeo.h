#pragma once

#include <QString>

namespace cli {

// The folder of the prepared basemap files, looked for as the map looks for them
// (widgets/map/basemap.cpp's Basemap::resourcesFolder, which the headless executable
// does not link): $RENDEZVOUS_RESOURCES, the installed share/rendezvous beside the
// binary, then the build tree's resources for a program of the build tree. "" when none
// has them.
QString basemapFolder();

} // namespace cli

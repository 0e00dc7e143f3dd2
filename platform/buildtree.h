#pragma once

#include <QString>

// Whether the running program is one of this build's own executables (the app, the
// tests, the tools under the CMake build directory) rather than an installed copy.
// Only those may fall back on the build and source trees (the GDAL module in the build
// directory, the basemap in resources/): an installed binary must use what was
// installed with it, so that a broken install shows instead of silently working
// next to a checkout. True when the executable's path cannot be known.
bool runsFromBuildTree();

// The running executable's directory, also before the QCoreApplication exists.
QString executableDir();

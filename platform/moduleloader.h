#pragma once

#include <QFunctionPointer>
#include <QString>

// Rendezvous's own modules (the GDAL readers, the GUI and map renderer) are loaded on
// first use instead of linked: the command line's `info` and `convert` then start
// without mapping and relocating GDAL, Qt Gui, Qt Widgets and the ~100 libraries they
// pull in, which on this kind of machine costs more than reading 100,000 rows.
struct ModuleSpec
{
    const char *envVar; // overrides where to look, e.g. RENDEZVOUS_GDAL_MODULE
    QString installed; // relative to the executable's directory
    QString build; // absolute; only tried by executables of this build tree
    const char *symbol; // extern "C" entry point
    QString what; // "the GDAL module", for messages
};

// The entry point of the first candidate file that exists, or nullptr with *error
// naming what was tried or why loading failed. The library stays loaded for the life
// of the process.
QFunctionPointer loadModuleEntry(const ModuleSpec &spec, QString *error);

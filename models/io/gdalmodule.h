#pragma once

#include "io/loadreport.h"

#include <QString>

#include <vector>

// GDAL/OGR behind a door that opens on first use. The core library does not link
// GDAL: the command line's fast CSV path would otherwise pay ~70 ms of dynamic linking
// on every start for a library it never calls. The functions below load the
// rendezvous_gdal module (models/gdal/) once, from beside the executable's libraries,
// and forward to it; when it cannot be loaded they fail with the reason, never crash.
namespace gdal {

// The module's entry points; the module hands out one static instance of this.
struct Backend
{
    int abiVersion;
    LoadResult (*readFile)(const QString &path, const LoadOptions &options);
    bool (*writeFile)(const EventStore &store, const std::vector<uint32_t> &rows,
                      const QString &path, bool overwrite, QString *error);
};
constexpr int kAbiVersion = 1;

// nullptr with *error set when the module is missing or does not match.
const Backend *backend(QString *error);

// Conveniences that turn a missing module into an ordinary error.
LoadResult readFile(const QString &path, const LoadOptions &options);
bool writeFile(const EventStore &store, const std::vector<uint32_t> &rows, const QString &path,
               bool overwrite, QString *error);

} // namespace gdal

// Implemented by the module (extern "C" so that dlsym finds it by this name).
extern "C" const gdal::Backend *rendezvous_gdal_backend();

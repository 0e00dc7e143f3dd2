#pragma once

#include "io/loadreport.h"

// The one entry point for loading events from a file: picks the fast CSV path for
// delimited text (.csv, .tsv, .txt, .tab) and OGR for everything else, and turns the
// cases where nothing can be read (missing file, directory, binary junk) into a
// report with error set, never an exception or a crash.
namespace EventReader {
LoadResult load(const QString &path, const LoadOptions &options = {});
bool isDelimitedText(const QString &path);
} // namespace EventReader

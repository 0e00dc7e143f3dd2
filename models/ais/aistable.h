#pragma once

#include "io/csvsource.h"
#include "io/loadreport.h"
#include "tracks/trackstore.h"

#include <string_view>

// Reads one delimited table of positions (MarineCadastre, DMA aisdk, or any table with
// a vessel id, a time and a position) into a TrackBuilder. The data is split into one
// part per core at line starts, each part read in windows (csv::Source) into its own
// TrackBuilder, and the parts are absorbed in file order: the memory a load touches
// is the store it builds, not the file.
namespace ais {

// head: the first bytes of the source (at least its header line, or all of it), from
// headOffset. path: the file's name for the builder and messages. Fills report
// (headers, notes, rejections, counts, error). progress(fraction of this table) is
// called from the reading thread. Returns false when the table could not be read at
// all (report.error says why) or was cancelled (report.error "cancelled").
bool readTable(const csv::Source &source, std::string_view head, uint64_t headOffset,
               const QString &path, TrackBuilder &builder, LoadReport &report,
               const LoadOptions &options, SegmentRules rules,
               const std::function<void(double)> &progress);

} // namespace ais

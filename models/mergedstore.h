#pragma once

#include "eventstore.h"

#include <QString>

#include <memory>
#include <vector>

// The events of several sources of one investigation as one store, so that every view
// and figure (table, map, timeline, summary, exports) reads them together exactly as it
// reads one file. Rows keep their order (source by source) and their values, flags
// (duplicates are those within their own file) and source row numbers; the extra
// columns are the union of the sources' (empty where a source has no such column),
// plus kSourceFileColumn naming each row's file, so the map can colour by it and the
// table says where a row came from.
namespace mergedstore {
inline const QString kSourceFileColumn = QStringLiteral("source_file");

struct Part
{
    QString name; // the file's name, for kSourceFileColumn
    std::shared_ptr<const EventStore> store;
};

std::shared_ptr<EventStore> merge(const std::vector<Part> &parts);
} // namespace mergedstore

#pragma once

#include "io/dbmodule.h"

class PgConnection;

// Reading the store's AIS tables back (models/db): what a table holds, and a part of
// its positions (a time range on the BRIN index, an MMSI range on the B-tree) into a
// TrackBuilder, through a cursor so that a client never holds more than a batch of rows
// besides the builder. README "Database".
namespace pgtracks {

bool tableInfo(const QString &source, const QString &table, bool perVessel, db::TableInfo *info,
               QString *error);
bool readTracks(const db::TrackQuery &query, TrackBuilder *builder, uint16_t file, long long *rows,
                QString *error);

} // namespace pgtracks

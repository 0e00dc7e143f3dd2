#pragma once

#include <QJsonObject>
#include <QString>

#include <memory>

class EventStore;

// An EventStore as JSON and back, exactly: every field of every row (times to the
// millisecond, positions and volumes as the doubles they are, the flags and source row
// numbers) and the extra columns, in row order. What a project keeps of events that
// exist in no file (the Detected events of Analysis ▸ Detect…), so that the project
// reopens with the very same events even when the AIS they came from is gone.
//
//   {"fields": ["id", "start", ..., "source_row", "flags"], "extras": ["kind", ...],
//    "rows": [["encounter-1", 1709251200000, ...], ...]}
//
// Times are UTC ms (null: none), the volume null when unknown.
namespace eventstorejson {

QJsonObject toJson(const EventStore &store);
// Null with *error naming the place ("rows[3][2] must be a number") for anything that
// is not what toJson() writes.
std::shared_ptr<EventStore> fromJson(const QJsonObject &json, QString *error);

} // namespace eventstorejson

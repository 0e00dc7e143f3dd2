#pragma once

#include "annotationmodel.h"

#include <QString>
#include <QStringList>

#include <cstddef>

class EventStore;

// The text of a one-click event label, such as
// "YU JONG 2 ⇄ KATRIN · 2018-03-05 · 12,400 bbl". Which parts it shows is the user's
// choice (remembered by the window); the parts keep one order whatever the choice.
namespace EventLabel {
// Keys of the parts, in the order they appear in a label.
QStringList allFields(); // vessels, date, time, volume, cargo, id, position
QStringList defaultFields(); // vessels, date, volume
QString fieldLabel(const QString &key); // "Vessels", "Date (UTC)", ...
// Unknown keys are dropped, duplicates once, order as in allFields().
QStringList normalizeFields(const QStringList &keys);
// Parts the event has no value for are left out; never empty (falls back to the id,
// then the source row).
QString text(const EventStore &store, size_t row, const QStringList &fields);
// The event's identity kept by the label: its id, or "row N" (source row) without one.
QString eventKey(const EventStore &store, size_t row);
// A label annotation for the event: anchored at the event, the label `offset` degrees
// north-east of it (the caller picks a few screen pixels' worth).
Annotation annotation(const EventStore &store, size_t row, const QStringList &fields,
                      double offsetLon, double offsetLat);
} // namespace EventLabel

#pragma once

#include "detect/detection.h"

#include <QString>

// One entry point for every detector: what the window's Analysis ▸ Detect… and
// `rendezvous detect` both call, so they find the same events.
namespace detect {

// Runs the detectors named in `kinds` (Kind bits) over the store, in a fixed order
// (encounters, loitering, gaps, identity), and returns their events in the orders
// Result documents. Progress goes from 0 to 1 over the detectors asked for, weighted by
// their usual cost. Cancelled (control.cancel set): an empty Result with cancelled set,
// never a part of one that could be taken for the whole.
Result run(const TrackStore &store, const Rules &rules, const GeoContext &geo,
           unsigned kinds = AllKinds, const Control &control = {});

// "encounters,loitering,gaps,identity" (the --kinds words) <-> Kind bits. parseKinds
// returns false with a message naming the word it does not know; "all" is every kind.
bool parseKinds(const QString &text, unsigned *kinds, QString *error);
QString kindsText(unsigned kinds);

} // namespace detect

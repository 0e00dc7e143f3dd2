#pragma once

#include "detection.h"

#include <string_view>

// Identity anomalies of issue 17: what a vessel's broadcast identity says that does not
// hold together. Pure and deterministic over a TrackStore; the Vessels dock, Details and
// `rendezvous detect --kinds identity` all call this one function.
namespace detect {

// Every anomaly of every vessel analysed, by vessel, then kind, then start. A vessel is
// analysed when it has a position inside the rules' scope (time window and box), or,
// when it has no positions and no box is set, an identity broadcast inside the window:
//  - BadImoCheckDigit: each distinct IMO broadcast whose check digit fails (or that is
//    not seven digits);
//  - UnallocatedMid: the MMSI has a form that carries a MID and ITU has not allocated it;
//  - FlagMismatch: each distinct flag a flag column declared that is not the MID's
//    country (ISO alpha-2, alpha-3 or its name, any case);
//  - TwoPlacesAtOnce: each segment the store opened after an impossible jump
//    (TrackStore::SegmentStart::AfterJump) whose first position, from the vessel's
//    previous report in time, needs more than rules.maxImpliedSpeedKn (the time taken
//    as at least the store's SegmentRules::minJumpMs, as the store does). The store cut
//    its segments at SegmentRules::maxSpeedKnots: a lower maxImpliedSpeedKn finds no
//    jumps the store did not already cut;
//  - NameChanged / ImoChanged: more than one non-empty name / IMO broadcast in the
//    window, in the order first broadcast.
std::vector<Anomaly> findAnomalies(const TrackStore &store, const Rules &rules,
                                   const Control &control = {});

// The IMO number's check: seven digits, the last = (7·d1 + 6·d2 + … + 2·d6) mod 10.
bool imoCheckDigitValid(std::string_view imo);
// The check digit the first six digits call for; -1 when imo is not seven digits.
int imoCheckDigit(std::string_view imo);

// "Bad IMO check digit", "Unallocated MID", "Flag mismatch", "Two places at once",
// "Name changed", "IMO changed": for badges, tables and the CLI's `kind`.
const char *anomalyKindName(Anomaly::Kind kind);
// "bad_imo", "unallocated_mid", "flag_mismatch", "two_places", "name_changed",
// "imo_changed": stable keys for files and JSON.
const char *anomalyKindKey(Anomaly::Kind kind);

} // namespace detect

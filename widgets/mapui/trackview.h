#pragma once

#include <cstdint>
#include <memory>
#include <vector>

class TrackStore;

// What the Vessels dock and the shared selection ask of the map's tracks layer: the
// calls issue 16's MapController API offers (setTracks, setHighlightedVessels,
// setFocus, clearFocus). TracksController talks to the map only through this, so
// joining it to MapController is one adapter in one place. Vessel numbers are
// TrackStore vessel indexes; times UTC milliseconds.
class TrackView
{
public:
    virtual ~TrackView() = default;
    virtual void setTracks(std::shared_ptr<const TrackStore> tracks) = 0;
    // Drawn emphasised (a selected vessel); empty: none.
    virtual void setHighlightedVessels(const std::vector<uint32_t> &vessels) = 0;
    // Only these vessels' tracks between the two times (a selected event's two vessels,
    // ± 24 h); clearFocus() shows every track again.
    virtual void setFocus(const std::vector<uint32_t> &vessels, int64_t fromMs, int64_t toMs) = 0;
    virtual void clearFocus() = 0;
};

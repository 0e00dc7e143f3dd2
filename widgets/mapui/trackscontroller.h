#pragma once

#include <QObject>

#include <cstdint>
#include <vector>

class DetailsDock;
class EventsDock;
class Investigation;
class TrackView;
class VesselsDock;

// The one place vessels, events and tracks share a selection:
// - the investigation's tracks go to the map (TrackView::setTracks) when they change;
// - selecting vessels in the Vessels dock selects their filtered events in the events
//   table (so the map highlights them as any selection), highlights their tracks and
//   shows the vessel in Details;
// - selecting an event shows both its vessels' tracks from 24 h before it to 24 h
//   after it (matched to the tracks by MMSI or IMO, vessels::summarise);
// - a track clicked on the map (trackClicked) selects its vessel in the dock and shows
//   it in Details.
// Each direction is guarded, so the selections it sets do not echo back.
class TracksController : public QObject
{
    Q_OBJECT
public:
    static constexpr int64_t kFocusMarginMs = 24 * 3600 * 1000LL;

    TracksController(Investigation *investigation, VesselsDock *vessels, EventsDock *events,
                     DetailsDock *details, QObject *parent = nullptr);

    // The map's tracks layer (not owned); null: no map to tell.
    void setTrackView(TrackView *view);
    TrackView *trackView() const { return m_view; }

public slots:
    // A track vessel (TrackStore index) clicked on the map.
    void trackClicked(uint32_t vessel);

private:
    void vesselsSelected();
    void eventChanged(int storeRow);
    void tracksChanged();

    Investigation *m_investigation;
    VesselsDock *m_vessels;
    EventsDock *m_events;
    DetailsDock *m_details;
    TrackView *m_view = nullptr;
    bool m_syncing = false;
};

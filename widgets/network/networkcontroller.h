#pragma once

#include <QObject>

class EventsDock;
class NetworkDock;
class VesselsDock;

// The Network dock's share of the window's one selection (TracksController's rules):
// - a vessel clicked selects it in the Vessels dock, which selects its filtered events
//   in the events table (hence on the map) and shows it in Details;
// - an edge clicked selects that pair's filtered events in the events table;
// - whatever selects events elsewhere highlights their vessels and pairs in the dock.
class NetworkController : public QObject
{
    Q_OBJECT
public:
    NetworkController(NetworkDock *network, VesselsDock *vessels, EventsDock *events,
                      QObject *parent = nullptr);

    void selectVessel(int node);
    void selectPair(int edge);

private:
    void eventsSelected();

    NetworkDock *m_network;
    VesselsDock *m_vessels;
    EventsDock *m_events;
};

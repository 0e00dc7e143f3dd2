#pragma once

#include "eventfilter.h"
#include "map/maplayer.h"
#include "trackview.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>

#include <cstdint>
#include <memory>
#include <vector>

class EventLayer;
class EventStore;
class EventsDock;
class MapLayerSet;
class MapView;
class SpatialIndex;
class TimeWindow;
class TrackGeometry;
class TrackLayer;
class TrackStore;
class TransferModel;

// The glue between the event model (table, selection) and the map: owns the map's
// layers, gives the event layer each loaded store with its spatial index, and keeps
// the one selection (the table's QItemSelectionModel) and the map's highlight in step
// both ways. Clicking a marker selects its row, Shift-drag selects the events in the
// band, clicking a cluster zooms into it. The layers themselves are a MapLayerSet, the
// same assembly `rendezvous render` draws.
class MapController : public QObject, public TrackView
{
    Q_OBJECT
public:
    MapController(TransferModel *model, EventsDock *events, QObject *parent = nullptr);
    ~MapController() override;

    MapView *view() const { return m_view; }
    MapLayerSet *layers() const { return m_layers.get(); }
    EventLayer *eventLayer() const;
    TrackLayer *trackLayer() const;
    bool isIndexing() const { return m_indexing; }

    void setBasemap(RenderOptions::Basemap basemap);
    void setColorBy(const QString &key);
    void setSizeByVolume(bool on);
    void setOptions(const RenderOptions &options);
    const RenderOptions &options() const;
    // The map's hover text at a pixel: the event's vessels, times, volume and position
    // (TransferModel's tool tip), a cluster's count, or "" over nothing.
    QString toolTipAt(QPointF pixel) const;
    // The box grown about its middle to at least `km` across each way (a fitted single
    // event keeps its surroundings); a larger box is returned as it is.
    static GeoBox withMinimumExtent(const GeoBox &box, double km);

    // --- Tracks (TrackLayer). ---
    // Shows a track store (null: none); its geometry is precomputed off the GUI thread
    // when large, then the layer shows it (tracksShown()).
    void setTracks(std::shared_ptr<const TrackStore> store) override;
    bool isPreparingTracks() const { return m_preparingTracks; }
    // The tracks follow the window's range, and show arrows at its end while it plays.
    void setTimeWindow(TimeWindow *window);
    // Drawn on top, thicker (vessel indexes of the track store).
    void setHighlightedVessels(const std::vector<uint32_t> &vessels) override;
    // Only these vessels, only in [fromMs, toMs] (whatever the time window), until
    // clearFocus(): an event's two vessels around its time.
    void setFocus(const std::vector<uint32_t> &vessels, int64_t fromMs, int64_t toMs) override;
    void clearFocus() override;

public slots:
    // The model holds a new store: index it (off the GUI thread when large), then show
    // every event and fit the view to them.
    void storeChanged();
    void zoomToSelection();
    // Fits the view to the events passing the filter (all events when none pass).
    void fitToData();

signals:
    void cursorMoved(double lat, double lon);
    void optionsChanged(const RenderOptions &options);
    void dataShown(); // the event layer has the current store's events
    void tracksShown(); // the track layer has the store given to setTracks()
    // A click on a track, not on an event (vessel index of the track store).
    void trackVesselClicked(uint32_t vessel);

private:
    void indexReady();
    void showFilteredRows(); // the event layer shows what the filter model lets through
    void tableSelectionChanged();
    void mapClicked(QPointF pixel);
    void bandSelected(QRectF pixels);
    void selectStoreRows(const std::vector<uint32_t> &rows);
    void showOneWorld(); // after a fit: the world never repeats across the view
    std::vector<uint32_t> selectedStoreRows() const;

    TransferModel *m_model = nullptr;
    EventsDock *m_dock = nullptr;
    QPointer<MapView> m_view; // owned by the window's widget tree, which may go first
    std::unique_ptr<MapLayerSet> m_layers;
    EventLayer *m_events = nullptr; // m_layers' own

    void tracksReady();
    void followTimeWindow();
    TrackLayer *m_tracks = nullptr; // m_layers' own
    QPointer<TimeWindow> m_timeWindow;
    QFutureWatcher<std::shared_ptr<const TrackGeometry>> m_trackWatcher;
    std::shared_ptr<const TrackStore> m_pendingTracks;
    bool m_preparingTracks = false;

    QFutureWatcher<std::shared_ptr<const SpatialIndex>> m_indexWatcher;
    std::shared_ptr<const EventStore> m_indexingStore;
    bool m_indexing = false;
};

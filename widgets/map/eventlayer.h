#pragma once

#include "categorycolors.h"
#include "clustertree.h"
#include "eventfilter.h"
#include "gaplines.h"
#include "maplayer.h"

#include <QHash>
#include <QImage>
#include <QMutex>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class EventStore;
class SpatialIndex;

// The transfer events on the map (Events slot), with level of detail: the visible rows
// are binned into a screen grid of kCellSize pixels anchored to the world, so clusters
// move with the map instead of flickering while panning. A cell holding one event draws
// a marker; a cell holding more draws a cluster bubble with the count. So a frame never
// draws more primitives than there are cells (~800 at 1600x1000), whatever the number
// of events, and clusters split as you zoom in because cells cover less ground. From
// kMaxClusterZoom on, every event is a marker. The binning walks a ClusterTree of the
// visible rows: whole quadtree cells go into a screen cell at once, so a new layout
// costs about the same at every zoom, a fraction of a pass over the events.
//
// Visible rows (the filter's result) are kept three ways: the sorted row list (what
// EventFilter::apply gives), a bit vector (128 KB for a million rows) that answers "is
// this row visible" in O(1) for hit tests and the selection, and the ClusterTree.
// Building them costs a few passes per filter change, not per frame.
//
// Colour and size come from this layer's own settings (setColorBy, setSizeByVolume),
// so the legend always matches the drawing; the owner copies RenderOptions in with
// applyOptions() (cheap when nothing changed). paint() ignores those two options.
class EventLayer : public MapLayer
{
    Q_OBJECT
public:
    static constexpr double kCellSize = 48; // logical pixels
    static constexpr double kMarkerRadius = 3.5; // a 7 px circle
    static constexpr double kMaxClusterZoom = 17;
    static constexpr int kMaxIndividualSelection = 500; // see EventSelectionLayer

    explicit EventLayer(QObject *parent = nullptr);
    ~EventLayer() override;
    QString name() const override { return tr("Events"); }

    // All rows visible. The index must have been built from the same store.
    void setData(std::shared_ptr<const EventStore> store,
                 std::shared_ptr<const SpatialIndex> index);
    void setData(std::shared_ptr<const EventStore> store, std::shared_ptr<const SpatialIndex> index,
                 std::vector<uint32_t> visibleRows);
    // The store's index, when setData() was given none: the store's colours, sizes and
    // visible rows stay as they are. `rendezvous render` works those out while the
    // index is built on the other core.
    void setIndex(std::shared_ptr<const SpatialIndex> index);
    // The filter changed: sorted ascending store rows (duplicates are ignored).
    void setVisibleRows(std::vector<uint32_t> rows);
    void setAllVisible();
    size_t visibleCount() const;
    bool isVisibleRow(uint32_t row) const;
    const std::shared_ptr<const EventStore> &store() const { return m_store; }
    const std::shared_ptr<const SpatialIndex> &index() const { return m_index; }

    void setColorBy(const QString &key); // field key or extra column name
    QString colorBy() const { return m_colorBy; }
    // How a numeric colorBy is split into classes (text attributes ignore it).
    void setColorClasses(const ClassOptions &classes);
    const ClassOptions &colorClasses() const { return m_classes; }
    void setSizeByVolume(bool on);
    bool sizeByVolume() const { return m_sizeByVolume; }
    void applyOptions(const RenderOptions &options);
    void setLegendVisible(bool on);
    // A last legend row explaining the cluster badges ("n events at one place at this
    // scale"), shown when a cluster is in view: on in exports, where nobody can click
    // a badge to find out what it is.
    void setClusterLegend(bool on);
    bool clusterLegend() const { return m_clusterLegend; }
    static QString clusterLegendText();
    // Becomes a copy of `other` (data, visible rows, colours, sizes, legend, selection,
    // visibility) without rebuilding anything: an export draws its own copy on a worker
    // thread while the window's layer goes on changing.
    void copyFrom(const EventLayer &other);

    // Selected store rows (any order); drawn by selectionLayer().
    void setSelection(std::vector<uint32_t> rows);
    const std::vector<uint32_t> &selection() const { return m_selection; }
    // The companion layer (Selection slot) that rings the selected events; owned by
    // this layer. Add it to the renderer next to this one.
    MapLayer *selectionLayer() const { return m_selectionLayer; }
    // The companion layer (Tracks slot) of the AIS gaps among the events (gaplines.h):
    // dashed lines for the gap rows this layer shows. Owned by this layer; add it to the
    // renderer under this one.
    GapLineLayer *gapLayer() const { return m_gapLayer; }
    // Every gap row of the store (visible or not), found once per store.
    const std::shared_ptr<const GapLines> &gapLines() const { return m_gapLines; }

    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

    // --- Hit testing for the map widget, in the viewport's logical pixels. ---
    // The row of the single marker under `pixel`, or -1 (nothing, or a cluster).
    int eventAt(QPointF pixel, const MapViewport &viewport) const;
    // The ground covered by the members of the cluster under `pixel` (for zoom-in on
    // click; west > east when it crosses 180°), or nothing when no cluster is there.
    std::optional<GeoBox> clusterAt(QPointF pixel, const MapViewport &viewport) const;
    // Every visible row whose position is inside `pixels` on any copy of the world,
    // clustered or not (rubber band selection); sorted, each row once.
    std::vector<uint32_t> rowsIn(const QRectF &pixels, const MapViewport &viewport) const;

    struct LegendEntry
    {
        QString label;
        QColor color;
        int64_t count = 0; // among the visible rows
    };
    // The ranked categories, then "Other", then "Unknown"; entries with no visible row
    // are left out. A graduated attribute lists every class, low to high, with its
    // range (even when no visible event is in it: the ramp reads whole), then "No
    // value" when visible events have none.
    QList<LegendEntry> legendEntries() const;
    QString legendTitle() const;
    // Where the legend goes in a view (top right, clear of the graticule labels, the
    // scale bar and the attribution), or an empty rect when it has no room or nothing
    // to show.
    QRectF legendRect(const MapViewport &viewport) const;
    const CategorySlots &categories() const { return m_categories; }

    // --- The frame's content: public for the tests and the benchmark. ---
    // The screen grid of one viewport. "World pixels" are u = (x + k) * worldSize and
    // v = y * worldSize for world point (x, y) on copy k; pixel = origin + (u, v).
    struct Grid
    {
        double worldSize = 0, originX = 0, originY = 0;
        double u0 = 0, u1 = -1, v0 = 0, v1 = -1; // the view, a margin and any extension
        int64_t gx0 = 0, gy0 = 0;
        int nx = 0, ny = 0;
        int firstCopy = 0, lastCopy = -1; // k of the world copies in range
        bool contains(double u, double v) const { return u >= u0 && u <= u1 && v >= v0 && v <= v1; }
        int cellOf(double u, double v) const; // assumes contains(u, v)
    };
    // extend: logical pixels computed beyond the view (and its margin) on every side.
    static Grid gridFor(const MapViewport &viewport, double extend = 0);

    struct Marker
    {
        QPointF pos; // logical pixels
        uint32_t row;
        uint8_t slot; // CategoryColors slot
        int cell;
    };
    struct Cluster
    {
        QPointF pos; // centroid of the members, logical pixels
        uint32_t count;
        uint32_t firstRow; // any member
        int slot; // dominant category slot (>= 60 % of the members), or -1 when mixed
        int cell;
        QRectF world; // members' bounding box in world coordinates (x may be past 1)
    };
    struct Layout
    {
        Grid grid;
        std::vector<Marker> markers;
        std::vector<Cluster> clusters;
        // Grid cell -> the cell whose marker or cluster holds its events (neighbouring
        // cells whose bubbles would overlap are merged; see computeLayout()).
        std::vector<int> cellOwner;
    };
    Layout layout(const MapViewport &viewport) const;
    static double clusterRadius(uint32_t count);
    static QString countLabel(uint32_t count); // "7", "940", "1.2k", "35k", "1.2M"
    double markerRadius(uint32_t row) const;
    // The colour slot of a cluster from its members' slots: a category when it is a
    // clear majority (60 %), else -1 (the neutral "mixed" colour); for a graduated
    // attribute the class of the members' median value, when at least half of them
    // have a value (classes are ordered, so the median class stands for the cluster).
    int clusterSlot(const uint32_t *slotCount, uint32_t count) const;

signals:
    void dataChanged(); // data, visible rows or colours changed (the legend too)

private:
    friend class EventSelectionLayer;
    static MapLayer *createSelectionLayer(EventLayer *owner);
    std::shared_ptr<const Layout> cachedLayout(const MapViewport &viewport) const;
    Layout computeLayout(const MapViewport &viewport) const;
    void invalidate();
    void countVisibleSlots();
    struct LegendLayout;
    LegendLayout legendLayout(const MapViewport &viewport) const;
    void rebuildTree();
    void paintLegend(QPainter &painter, const MapViewport &viewport) const;
    void paintSelection(QPainter &painter, const MapViewport &viewport) const;

    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const SpatialIndex> m_index;
    bool m_allVisible = true;
    std::vector<uint32_t> m_visibleRows; // when !m_allVisible
    std::vector<uint64_t> m_visibleBits; // when !m_allVisible
    // The visible rows with a position; immutable, so shared with copies (copyFrom).
    std::shared_ptr<const ClusterTree> m_tree = std::make_shared<const ClusterTree>();
    QString m_colorBy = QStringLiteral("cargo");
    ClassOptions m_classes;
    CategorySlots m_categories;
    std::vector<int64_t> m_slotCounts; // visible rows per slot
    bool m_sizeByVolume = false;
    double m_volumeScale = 0; // volume drawn at the largest size
    bool m_legendVisible = true;
    bool m_clusterLegend = false;
    std::vector<uint32_t> m_selection;
    std::vector<uint64_t> m_selectionBits;
    MapLayer *m_selectionLayer = nullptr;
    std::shared_ptr<const GapLines> m_gapLines = std::make_shared<const GapLines>();
    GapLineLayer *m_gapLayer = nullptr;

    // kind 0 = marker, 1 = cluster bubble with its count, 2 = selection ring, 3 = ring and
    // marker, 4 = bubble without count; see eventlayerpaint.cpp.
    QImage stamp(int kind, double r, const QColor &color, const QString &label, double scale) const;
    mutable QMutex m_stampMutex;
    // A stamp is looked up for every primitive of every frame: the key is a plain
    // struct, not a formatted string (formatting cost more than the blit).
    struct StampKey
    {
        int kind;
        int radius8; // radius in 1/8 px
        QRgb color;
        double scale;
        QString label;
        bool operator==(const StampKey &o) const
        {
            return kind == o.kind && radius8 == o.radius8 && color == o.color && scale == o.scale
                && label == o.label;
        }
        friend size_t qHash(const StampKey &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.kind, k.radius8, k.color, k.scale, k.label);
        }
    };
    mutable QHash<StampKey, QImage> m_stamps;

    mutable QMutex m_cacheMutex;
    mutable MapViewport m_cachedViewport;
    mutable std::shared_ptr<const Layout> m_cachedLayout;
};

#include "eventlayer.h"

#include "eventstore.h"
#include "numericcolumn.h"
#include "spatialindex.h"
#include "webmercator.h"

#include <QLineF>

#include <algorithm>
#include <cmath>

namespace {

bool testBit(const std::vector<uint64_t> &bits, uint32_t row)
{
    const size_t word = row >> 6;
    return word < bits.size() && (bits[word] >> (row & 63)) & 1;
}

std::vector<uint64_t> bitsOf(const std::vector<uint32_t> &rows, size_t n)
{
    std::vector<uint64_t> bits((n + 63) / 64, 0);
    for (uint32_t r : rows) {
        if (r < n)
            bits[r >> 6] |= uint64_t(1) << (r & 63);
    }
    return bits;
}

} // namespace

namespace {
// std::floor is a libm call on baseline x86-64 (no SSE4.1 roundsd), and this is the
// hot loop of a million-row scan.
inline int64_t floorToInt(double x)
{
    const auto i = int64_t(x);
    return i - (double(i) > x);
}
} // namespace

int EventLayer::Grid::cellOf(double u, double v) const
{
    const int64_t gx = std::clamp<int64_t>(floorToInt(u / kCellSize + 0.5) - gx0, 0, nx - 1);
    const int64_t gy = std::clamp<int64_t>(floorToInt(v / kCellSize) - gy0, 0, ny - 1);
    return int(gy * nx + gx);
}

EventLayer::Grid EventLayer::gridFor(const MapViewport &viewport, double extend)
{
    Grid g;
    g.worldSize = viewport.worldSize();
    const double w = viewport.size().width(), h = viewport.size().height();
    // The same centre-based transform as MapViewport: the centre's world point is at
    // the middle of the view, and the centre's copy of the world is copy 0.
    const QPointF c = WebMercator::toWorld(viewport.centerLat(), viewport.centerLon());
    g.originX = w / 2.0 - c.x() * g.worldSize;
    g.originY = h / 2.0 - c.y() * g.worldSize;
    // Margin: markers and bubbles centred just outside still show their edge.
    const double m = kCellSize + extend;
    g.u0 = -m - g.originX;
    g.u1 = w + m - g.originX;
    g.v0 = std::max(-m - g.originY, 0.0);
    g.v1 = std::min(h + m - g.originY, g.worldSize);
    if (g.v0 > g.v1 || w <= 0 || h <= 0) {
        g.u1 = g.u0 - 1;
        return g;
    }
    // Columns are offset by half a cell so that the antimeridian (u = 0) runs through
    // the middle of a column: Pacific hot spots that straddle it cluster as one.
    g.gx0 = int64_t(std::floor(g.u0 / kCellSize + 0.5));
    g.gy0 = int64_t(std::floor(g.v0 / kCellSize));
    g.nx = int(int64_t(std::floor(g.u1 / kCellSize + 0.5)) - g.gx0 + 1);
    g.ny = int(int64_t(std::floor(g.v1 / kCellSize)) - g.gy0 + 1);
    g.firstCopy = int(std::floor(g.u0 / g.worldSize));
    g.lastCopy = int(std::floor(g.u1 / g.worldSize));
    return g;
}

EventLayer::EventLayer(QObject *parent)
    : MapLayer(Slot::Events, parent),
      m_selectionLayer(createSelectionLayer(this)),
      m_gapLayer(new GapLineLayer(this, this))
{ }

EventLayer::~EventLayer() = default;

void EventLayer::setData(std::shared_ptr<const EventStore> store,
                         std::shared_ptr<const SpatialIndex> index)
{
    m_store = std::move(store);
    m_index = std::move(index);
    m_allVisible = true;
    m_visibleRows.clear();
    m_visibleBits.clear();
    m_selection.clear();
    m_selectionBits.clear();
    m_volumeScale = 0;
    m_gapLines = m_store ? gaplines::find(*m_store) : std::make_shared<const GapLines>();
    if (m_store) {
        m_categories.build(*m_store, m_colorBy, m_classes);
        // Size by volume: area proportional to volume up to the 95th percentile, so that
        // one outlier does not shrink every other marker to a dot.
        HugeVector<double> v; // fresh huge pages, not ~2,000 small page faults for 1M rows
        reserveHuge(v, m_store->size());
        for (double x : m_store->volumes()) {
            if (std::isfinite(x) && x > 0)
                v.push_back(x);
        }
        if (!v.empty()) {
            auto k = v.begin() + std::ptrdiff_t(std::lround(double(v.size() - 1) * 0.95));
            std::nth_element(v.begin(), k, v.end());
            m_volumeScale = *k;
        }
    } else {
        m_categories = CategorySlots();
    }
    countVisibleSlots();
    rebuildTree();
    invalidate();
}

void EventLayer::setData(std::shared_ptr<const EventStore> store,
                         std::shared_ptr<const SpatialIndex> index,
                         std::vector<uint32_t> visibleRows)
{
    setData(std::move(store), std::move(index));
    setVisibleRows(std::move(visibleRows));
}

void EventLayer::setIndex(std::shared_ptr<const SpatialIndex> index)
{
    m_index = std::move(index);
    rebuildTree();
    invalidate();
}

void EventLayer::setVisibleRows(std::vector<uint32_t> rows)
{
    const size_t n = m_store ? m_store->size() : 0;
    if (!std::is_sorted(rows.begin(), rows.end()))
        std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows.erase(
        std::lower_bound(rows.begin(), rows.end(), uint32_t(std::min<size_t>(n, UINT32_MAX))),
        rows.end());
    m_allVisible = false;
    m_visibleBits = bitsOf(rows, n);
    m_visibleRows = std::move(rows);
    countVisibleSlots();
    rebuildTree();
    invalidate();
}

void EventLayer::setAllVisible()
{
    m_allVisible = true;
    m_visibleRows.clear();
    m_visibleRows.shrink_to_fit();
    m_visibleBits.clear();
    countVisibleSlots();
    rebuildTree();
    invalidate();
}

size_t EventLayer::visibleCount() const
{
    return m_allVisible ? (m_store ? m_store->size() : 0) : m_visibleRows.size();
}

bool EventLayer::isVisibleRow(uint32_t row) const
{
    if (!m_store || row >= m_store->size())
        return false;
    return m_allVisible || testBit(m_visibleBits, row);
}

void EventLayer::setColorBy(const QString &key)
{
    if (key == m_colorBy)
        return;
    m_colorBy = key;
    if (m_store)
        m_categories.build(*m_store, m_colorBy, m_classes);
    countVisibleSlots();
    rebuildTree(); // it counts events per colour
    invalidate();
}

void EventLayer::setColorClasses(const ClassOptions &classes)
{
    if (classes == m_classes)
        return;
    m_classes = classes;
    if (!m_categories.colors().isGraduated())
        return; // text: the classes change nothing drawn
    if (m_store)
        m_categories.build(*m_store, m_colorBy, m_classes);
    countVisibleSlots();
    rebuildTree();
    invalidate();
}

void EventLayer::setSizeByVolume(bool on)
{
    if (on == m_sizeByVolume)
        return;
    m_sizeByVolume = on;
    emit changed(); // the layout does not depend on sizes
}

void EventLayer::applyOptions(const RenderOptions &options)
{
    setColorClasses(options.colorClasses);
    setColorBy(options.colorBy);
    setSizeByVolume(options.sizeByVolume);
}

void EventLayer::setLegendVisible(bool on)
{
    if (on == m_legendVisible)
        return;
    m_legendVisible = on;
    emit changed();
}

void EventLayer::setClusterLegend(bool on)
{
    if (on == m_clusterLegend)
        return;
    m_clusterLegend = on;
    emit changed();
}

QString EventLayer::clusterLegendText()
{
    return QStringLiteral("n events at one place at this scale");
}

void EventLayer::copyFrom(const EventLayer &o)
{
    m_store = o.m_store;
    m_index = o.m_index;
    m_allVisible = o.m_allVisible;
    m_visibleRows = o.m_visibleRows;
    m_visibleBits = o.m_visibleBits;
    m_tree = o.m_tree;
    m_colorBy = o.m_colorBy;
    m_classes = o.m_classes;
    m_categories = o.m_categories;
    m_slotCounts = o.m_slotCounts;
    m_sizeByVolume = o.m_sizeByVolume;
    m_volumeScale = o.m_volumeScale;
    m_legendVisible = o.m_legendVisible;
    m_clusterLegend = o.m_clusterLegend;
    m_selection = o.m_selection;
    m_selectionBits = o.m_selectionBits;
    setVisible(o.isVisible());
    m_selectionLayer->setVisible(o.m_selectionLayer->isVisible());
    m_gapLines = o.m_gapLines;
    m_gapLayer->setVisible(o.m_gapLayer->isVisible());
    invalidate();
}

void EventLayer::setSelection(std::vector<uint32_t> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows == m_selection)
        return;
    m_selection = std::move(rows);
    m_selectionBits = bitsOf(m_selection, m_store ? m_store->size() : 0);
    emit m_selectionLayer->changed();
}

void EventLayer::invalidate()
{
    {
        QMutexLocker lock(&m_cacheMutex);
        m_cachedLayout.reset();
    }
    emit dataChanged();
    emit changed();
    emit m_gapLayer->changed(); // the gap lines follow the visible rows
}

void EventLayer::rebuildTree()
{
    if (!m_store || !m_index || m_index->rowCount() != m_store->size()) {
        m_tree = std::make_shared<const ClusterTree>();
        return;
    }
    auto tree = std::make_shared<ClusterTree>();
    tree->build(m_index, m_allVisible ? nullptr : &m_visibleBits, m_categories.rowSlots());
    m_tree = std::move(tree);
}

void EventLayer::countVisibleSlots()
{
    m_slotCounts.assign(CategoryColors::kSlotCount, 0);
    if (!m_store || m_categories.rowSlots().size() != m_store->size())
        return;
    const auto &rowSlot = m_categories.rowSlots();
    if (m_allVisible) {
        for (uint8_t s : rowSlot)
            ++m_slotCounts[s];
    } else {
        for (uint32_t r : m_visibleRows)
            ++m_slotCounts[rowSlot[r]];
    }
}

double EventLayer::clusterRadius(uint32_t count)
{
    return std::min(9.0 + 2.6 * std::log10(double(std::max<uint32_t>(count, 1))), 24.0);
}

QString EventLayer::countLabel(uint32_t count)
{
    if (count < 1000)
        return QString::number(count);
    const auto compact = [](double v, const char *unit) {
        // One decimal below 10 ("1.2k"), none above ("35k"); truncated, never rounded up,
        // so a label never claims more than there is.
        const QString digits = v < 10 ? QString::number(std::floor(v * 10) / 10, 'f', 1)
                                      : QString::number(std::floor(v), 'f', 0);
        return digits + QLatin1String(unit);
    };
    return count < 1000000 ? compact(count / 1e3, "k") : compact(count / 1e6, "M");
}

double EventLayer::markerRadius(uint32_t row) const
{
    if (!m_sizeByVolume || !m_store || m_volumeScale <= 0)
        return kMarkerRadius;
    const double v = m_store->volume(row);
    if (!std::isfinite(v) || v <= 0)
        return kMarkerRadius;
    return kMarkerRadius + 8.5 * std::sqrt(std::min(v / m_volumeScale, 1.0));
}

int EventLayer::clusterSlot(const uint32_t *slotCount, uint32_t count) const
{
    const CategoryColors &colors = m_categories.colors();
    if (colors.isGraduated()) {
        uint32_t valued = 0;
        for (int s = 0; s < colors.rankedCount(); ++s)
            valued += slotCount[s];
        if (valued == 0 || 2 * valued < count)
            return -1;
        uint32_t below = 0;
        for (int s = 0; s < colors.rankedCount(); ++s) {
            below += slotCount[s];
            if (2 * below >= valued)
                return s;
        }
        return -1;
    }
    const auto *top = std::max_element(slotCount, slotCount + CategoryColors::kSlotCount);
    return *top >= 0.6 * count ? int(top - slotCount) : -1;
}

EventLayer::Layout EventLayer::layout(const MapViewport &viewport) const
{
    return *cachedLayout(viewport);
}

std::shared_ptr<const EventLayer::Layout>
EventLayer::cachedLayout(const MapViewport &viewport) const
{
    QMutexLocker lock(&m_cacheMutex);
    if (m_cachedLayout && m_cachedViewport == viewport)
        return m_cachedLayout;
    // A pan at the same zoom: the grid is anchored to the world, so the clusters are the
    // same ones, moved. Reuse them while the view stays inside the computed area; the
    // centre crossing ±180° changes the anchor copy and falls through to a recompute.
    if (m_cachedLayout && m_cachedViewport.zoom() == viewport.zoom()
        && m_cachedViewport.size() == viewport.size()) {
        const Grid now = gridFor(viewport);
        const Grid &old = m_cachedLayout->grid;
        if (now.nx > 0 && now.u0 >= old.u0 && now.u1 <= old.u1 && now.v0 >= old.v0
            && now.v1 <= old.v1) {
            auto moved = std::make_shared<Layout>(*m_cachedLayout);
            const QPointF delta(now.originX - old.originX, now.originY - old.originY);
            for (Marker &m : moved->markers)
                m.pos += delta;
            for (Cluster &c : moved->clusters)
                c.pos += delta;
            moved->grid.originX = now.originX;
            moved->grid.originY = now.originY;
            m_cachedViewport = viewport;
            m_cachedLayout = moved;
            return m_cachedLayout;
        }
    }
    auto computed = std::make_shared<const Layout>(computeLayout(viewport));
    m_cachedViewport = viewport;
    m_cachedLayout = computed;
    return computed;
}

int EventLayer::eventAt(QPointF pixel, const MapViewport &viewport) const
{
    const auto lay = cachedLayout(viewport);
    for (const Cluster &c : lay->clusters) {
        if (QLineF(c.pos, pixel).length() <= clusterRadius(c.count))
            return -1;
    }
    int best = -1;
    double bestDistance = 0;
    for (const Marker &m : lay->markers) {
        const double d = QLineF(m.pos, pixel).length();
        // Two pixels of slack: a 7 px target is hard to hit exactly.
        if (d <= markerRadius(m.row) + 2.0 && (best < 0 || d < bestDistance)) {
            best = int(m.row);
            bestDistance = d;
        }
    }
    return best;
}

std::optional<GeoBox> EventLayer::clusterAt(QPointF pixel, const MapViewport &viewport) const
{
    const auto lay = cachedLayout(viewport);
    for (const Cluster &c : lay->clusters) {
        if (QLineF(c.pos, pixel).length() > clusterRadius(c.count) + 4) // the halo counts
            continue;
        GeoBox box;
        const double west = c.world.left() * 360.0 - 180.0;
        const double width = c.world.width() * 360.0;
        box.west = west - 360.0 * std::floor((west + 180.0) / 360.0);
        box.east = box.west + width;
        if (box.east >= 180.0)
            box.east -= 360.0;
        box.north = WebMercator::latitudeOf(c.world.top());
        box.south = WebMercator::latitudeOf(c.world.bottom());
        return box;
    }
    return std::nullopt;
}

std::vector<uint32_t> EventLayer::rowsIn(const QRectF &pixels, const MapViewport &viewport) const
{
    std::vector<uint32_t> rows;
    if (!m_store || !m_index)
        return rows;
    const Grid g = gridFor(viewport);
    const QRectF r = pixels.normalized();
    const double ws = g.worldSize;
    // Pixel to world: x = (px - originX) / worldSize on the copies.
    const QRectF world(QPointF((r.left() - g.originX) / ws, (r.top() - g.originY) / ws),
                       QPointF((r.right() - g.originX) / ws, (r.bottom() - g.originY) / ws));
    std::vector<uint32_t> hits;
    m_index->queryWrapped(world, hits);
    for (uint32_t row : hits) {
        if (m_allVisible || testBit(m_visibleBits, row))
            rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString EventLayer::legendTitle() const
{
    const QString name = numbers::attributeLabel(m_colorBy);
    if (!m_categories.colors().isGraduated())
        return name;
    return m_categories.colors().breaks().method == ClassMethod::EqualInterval
        ? tr("%1 (equal intervals)").arg(name)
        : tr("%1 (quantiles)").arg(name);
}

QList<EventLayer::LegendEntry> EventLayer::legendEntries() const
{
    QList<LegendEntry> entries;
    if (m_slotCounts.size() != size_t(CategoryColors::kSlotCount))
        return entries;
    const CategoryColors &colors = m_categories.colors();
    for (int s = 0; s < CategoryColors::kSlotCount; ++s) {
        const bool everyClass = colors.isGraduated() && s < colors.rankedCount();
        if (m_slotCounts[size_t(s)] > 0 || everyClass)
            entries.append({colors.slotLabel(s), colors.slotColor(s), m_slotCounts[size_t(s)]});
    }
    return entries;
}

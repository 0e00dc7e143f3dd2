#pragma once

#include "eventfilter.h"
#include "rowcriteria.h"
#include "summary.h"
#include "timeindex.h"

#include <QAbstractProxyModel>

#include <memory>
#include <optional>
#include <string>
#include <vector>

class EventStore;
class TransferModel;

// "Show only this vessel's network": the vessels within `hops` meetings of one vessel
// (network::withinHops over the events that pass every other criterion but time, so it
// stays the same as the timeline moves), and only the events among them.
struct NetworkFocus
{
    std::string key; // the vessel's identity key ("I:9000001", "M:…", "N:…")
    int hops = 1;
    QString label; // how the window names the vessel (its name, else its number)
    bool operator==(const NetworkFocus &o) const { return key == o.key && hops == o.hops; }
    bool operator!=(const NetworkFocus &o) const { return !(*this == o); }
};

// What TransferFilter derives from a store once (the time index, the vessel identities
// of the summary): ~0.3 s for a million events, so the window builds it in the loading
// thread with prepare() and hands it over with TransferFilter::adopt() before the model
// is reset, instead of freezing the GUI thread after every large load.
struct FilterIndexes
{
    std::shared_ptr<const EventStore> store;
    TimeIndex time;
    VesselIdentities identities;
    static std::shared_ptr<const FilterIndexes> prepare(std::shared_ptr<const EventStore> store);
};

// The one filter between TransferModel and every view (map, table, details, timeline,
// summary): a time window (interval overlap, TimeIndex), an area (box or drawn
// polygon), text (id, vessel names, IMO, MMSI), category values and numeric ranges
// (RowCriteria), and the table's sort order.
//
// Why not QSortFilterProxyModel: it asks filterAcceptsRow() once per row, through a
// virtual call and QVariants, on every change, and keeps per-row mapping structures;
// with a million events one timeline step would take seconds. Here the visible rows are
// a bit per store row, time comes from an index by start, and the other criteria are
// evaluated only when they change, so a brush step is two binary searches, an AND of
// two bit sets and one pass to list the rows. Sorting is a permutation of all rows
// computed once per sort column (rowsort.h), then filtered in order.
//
// Model contract: rows are the visible events in table order, columns are the source's.
// A new store (source model reset) resets this model; a filter or sort change is a
// layout change (persistent indexes, hence the shared selection, follow their events;
// selected events that drop out of the filter leave the selection). Setting the same
// criteria again emits nothing. filterChanged() follows every change of the visible set.
//
// Views that need speed read storeRows() / visibleBits() and the store's columns
// directly (the map, the summary, the timeline's histogram via bitsIgnoringTime()).
class TransferFilter : public QAbstractProxyModel
{
    Q_OBJECT
public:
    explicit TransferFilter(QObject *parent = nullptr);
    ~TransferFilter() override;

    // Must be a TransferModel (anything else is refused with a warning).
    void setSourceModel(QAbstractItemModel *source) override;
    TransferModel *transferModel() const { return m_model; }
    // Indexes built beforehand (any thread) for the store the model is about to get;
    // used by the next reset when the stores match, otherwise built then.
    void adopt(std::shared_ptr<const FilterIndexes> indexes) { m_adopted = std::move(indexes); }
    const std::shared_ptr<const EventStore> &store() const { return m_store; }

    // --- Criteria. ---
    void setTimeWindow(std::optional<int64_t> from, std::optional<int64_t> to);
    std::optional<int64_t> from() const { return m_from; }
    std::optional<int64_t> to() const { return m_to; }
    void setCriteria(const RowCriteria &criteria);
    const RowCriteria &criteria() const { return m_criteria; }
    void setText(const QString &text);
    void setArea(std::optional<GeoBox> box);
    void setPolygon(std::vector<QPointF> lonLatRing);
    // Keeps only events whose `key` attribute is one of `values`; nullopt removes the
    // criterion for that attribute.
    void setCategoryValues(const QString &key, std::optional<QSet<QString>> values);
    // Keeps only events whose numeric `key` attribute lies in the range; nullopt removes
    // the criterion for that attribute.
    void setRange(const QString &key, std::optional<NumericRange> range);
    // Only this vessel's network (n hops); nullopt shows every vessel again. A new store
    // clears it.
    void setNetworkFocus(std::optional<NetworkFocus> focus);
    const std::optional<NetworkFocus> &networkFocus() const { return m_focus; }
    // The store's vessel identities (VesselIdentities::of), kept with the time index.
    const VesselIdentities &identities() const;
    // The CLI's equivalent of the time, box and text criteria (what `rendezvous info
    // --from --to --bbox --search` would be given).
    EventFilter currentEventFilter() const;
    bool isFiltering() const { return m_from || m_to || !m_criteria.isEmpty() || m_focus; }

    // --- Results. ---
    // Store rows of the visible events, in table order (store order unless sorted).
    const std::vector<uint32_t> &storeRows() const { return m_rows; }
    // The same, ascending (the map's and the summary's input; cached).
    const std::vector<uint32_t> &ascendingStoreRows() const;
    // A bit per store row: visible now; and passing every criterion except time.
    const std::vector<uint64_t> &visibleBits() const { return m_visible; }
    const std::vector<uint64_t> &bitsIgnoringTime() const { return m_other; }
    bool isVisible(uint32_t storeRow) const;
    int proxyRowOf(uint32_t storeRow) const; // -1 when filtered out
    const TimeIndex &timeIndex() const { return m_indexes->time; }
    // The visible events' figures (Summary, the code of `rendezvous info`), with the
    // store's vessel identities computed once per store rather than once per call.
    // Its window is the time window.
    Summary summary() const;
    // The figures of any rows of the store (a selection), the same way; no window.
    Summary summaryOf(const std::vector<uint32_t> &storeRows) const;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // --- QAbstractProxyModel. ---
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // column < 0: back to store order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    void filterChanged();
    // The time window or a criterion changed, whether or not the visible rows did (a
    // database-backed window asks the server again: widgets/db).
    void criteriaChanged();

private:
    void sourceAboutToReset();
    void sourceReset();
    void rebuildIndexes();
    void updateTime();
    void updateOther();
    // Recomputes the visible set from m_time & m_other and publishes it.
    void publish(bool sortChanged = false);
    std::vector<uint64_t> combinedBits() const; // m_time & m_other
    std::vector<uint32_t> sortedRows(const std::vector<uint64_t> &visible) const; // table order
    void setPermutation(std::vector<uint32_t> permutation);

    TransferModel *m_model = nullptr;
    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const FilterIndexes> m_indexes; // never null
    std::shared_ptr<const FilterIndexes> m_adopted;
    std::optional<int64_t> m_from, m_to;
    RowCriteria m_criteria;
    std::optional<NetworkFocus> m_focus;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    std::vector<uint32_t> m_permutation; // every store row in sort order, when sorted
    std::vector<uint32_t> m_rank; // store row -> its place in m_permutation

    std::vector<uint64_t> m_time, m_other, m_visible;
    std::vector<uint32_t> m_rows;
    std::vector<int32_t> m_proxyOf; // store row -> proxy row or -1
    mutable std::vector<uint32_t> m_ascending;
    mutable bool m_ascendingValid = false;
};

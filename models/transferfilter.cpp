#include "transferfilter.h"

#include "network/networkindex.h"
#include "rowsort.h"
#include "transfermodel.h"

#include <QtDebug>

#include <algorithm>

std::shared_ptr<const FilterIndexes> FilterIndexes::prepare(std::shared_ptr<const EventStore> store)
{
    auto indexes = std::make_shared<FilterIndexes>();
    static const EventStore empty;
    const EventStore &s = store ? *store : empty;
    indexes->time.build(s);
    indexes->identities = VesselIdentities::of(s);
    indexes->store = std::move(store);
    return indexes;
}

TransferFilter::TransferFilter(QObject *parent)
    : QAbstractProxyModel(parent), m_indexes(FilterIndexes::prepare(nullptr))
{ }

TransferFilter::~TransferFilter() = default;

void TransferFilter::setSourceModel(QAbstractItemModel *source)
{
    auto *model = qobject_cast<TransferModel *>(source);
    if (source && !model) {
        qWarning("TransferFilter: the source model must be a TransferModel");
        return;
    }
    beginResetModel();
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    QAbstractProxyModel::setSourceModel(model);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
                &TransferFilter::sourceAboutToReset);
        connect(m_model, &QAbstractItemModel::modelReset, this, &TransferFilter::sourceReset);
        connect(m_model, &QAbstractItemModel::headerDataChanged, this,
                &QAbstractItemModel::headerDataChanged);
        // The store is immutable: TransferModel changes only by reset. A model that
        // did otherwise would desynchronise the row lists, so say it loudly.
        connect(m_model, &QAbstractItemModel::rowsInserted, this, [] {
            qWarning("TransferFilter: rows inserted into the source are not supported");
        });
    }
    rebuildIndexes();
    endResetModel();
    emit filterChanged();
}

void TransferFilter::sourceAboutToReset()
{
    beginResetModel();
}

void TransferFilter::sourceReset()
{
    rebuildIndexes();
    endResetModel();
    emit filterChanged();
}

void TransferFilter::rebuildIndexes()
{
    m_focus.reset(); // a vessel of the last events
    m_store = m_model ? m_model->store() : nullptr;
    static const EventStore empty;
    const EventStore &store = m_store ? *m_store : empty;
    if (m_adopted && m_adopted->store == m_store)
        m_indexes = std::move(m_adopted);
    else
        m_indexes = FilterIndexes::prepare(m_store);
    m_adopted.reset();
    setPermutation(m_sortColumn >= 0 ? sortedStoreRows(store, m_sortColumn, m_sortOrder)
                                     : std::vector<uint32_t>());
    updateTime();
    updateOther();
    m_proxyOf.assign(store.size(), -1);
    m_rows.clear();
    m_visible.clear();
    // A reset: no persistent index survives, so publish without layout signals.
    m_visible = combinedBits();
    m_rows = sortedRows(m_visible);
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_proxyOf[m_rows[i]] = int32_t(i);
    m_ascendingValid = false;
}

void TransferFilter::updateTime()
{
    const TimeIndex &index = m_indexes->time;
    const size_t n = index.rowCount();
    if (!m_from && !m_to)
        m_time = rowbits::all(n);
    else
        index.overlapping(m_from, m_to, m_time);
}

void TransferFilter::updateOther()
{
    if (!m_store || m_criteria.isEmpty())
        m_other = rowbits::all(m_store ? m_store->size() : 0);
    else
        m_other = m_criteria.evaluate(*m_store);
    if (m_store && m_focus)
        m_other = network::withinHops(*m_store, m_indexes->identities, m_other, m_focus->key,
                                      m_focus->hops);
}

void TransferFilter::setNetworkFocus(std::optional<NetworkFocus> focus)
{
    if (focus == m_focus)
        return;
    m_focus = std::move(focus);
    updateOther();
    const std::vector<uint64_t> before = m_visible;
    publish();
    // The same events (a network that is every event) still change what the filter is.
    if (m_visible == before)
        emit filterChanged();
}

const VesselIdentities &TransferFilter::identities() const
{
    return m_indexes->identities;
}

std::vector<uint32_t> TransferFilter::sortedRows(const std::vector<uint64_t> &visible) const
{
    std::vector<uint32_t> rows;
    if (m_sortColumn < 0)
        return rowbits::rows(visible);
    // Few visible rows: sort them by their rank in the permutation (k log k). Many: one
    // pass over the permutation keeping the visible ones (n, but each step is cheap).
    const size_t k = rowbits::count(visible);
    const size_t n = m_permutation.size();
    if (k < n / 32) {
        rows = rowbits::rows(visible);
        std::sort(rows.begin(), rows.end(),
                  [this](uint32_t a, uint32_t b) { return m_rank[a] < m_rank[b]; });
        return rows;
    }
    rows.reserve(k);
    for (uint32_t r : m_permutation) {
        if (rowbits::test(visible, r))
            rows.push_back(r);
    }
    return rows;
}

void TransferFilter::setPermutation(std::vector<uint32_t> permutation)
{
    m_permutation = std::move(permutation);
    m_rank.assign(m_permutation.size(), 0);
    for (size_t i = 0; i < m_permutation.size(); ++i)
        m_rank[m_permutation[i]] = uint32_t(i);
}

std::vector<uint64_t> TransferFilter::combinedBits() const
{
    std::vector<uint64_t> visible = m_time;
    for (size_t i = 0; i < visible.size(); ++i)
        visible[i] &= m_other[i];
    return visible;
}

void TransferFilter::publish(bool sortChanged)
{
    std::vector<uint64_t> visible = combinedBits();
    if (!sortChanged && visible == m_visible)
        return;

    std::vector<uint32_t> rows = sortedRows(visible);

    emit layoutAboutToBeChanged({},
                                sortChanged ? QAbstractItemModel::VerticalSortHint
                                            : QAbstractItemModel::NoLayoutChangeHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<uint32_t> beforeRows;
    beforeRows.reserve(size_t(before.size()));
    for (const QModelIndex &p : before)
        beforeRows.push_back(m_rows[size_t(p.row())]);

    for (uint32_t r : m_rows)
        m_proxyOf[r] = -1;
    m_rows = std::move(rows);
    m_visible = std::move(visible);
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_proxyOf[m_rows[i]] = int32_t(i);
    m_ascendingValid = false;

    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        const int row = m_proxyOf[beforeRows[size_t(i)]];
        after.append(row < 0 ? QModelIndex() : createIndex(row, before[i].column()));
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({},
                       sortChanged ? QAbstractItemModel::VerticalSortHint
                                   : QAbstractItemModel::NoLayoutChangeHint);
    emit filterChanged();
}

void TransferFilter::setTimeWindow(std::optional<int64_t> from, std::optional<int64_t> to)
{
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    updateTime();
    publish();
    emit criteriaChanged();
}

void TransferFilter::setCriteria(const RowCriteria &criteria)
{
    if (criteria == m_criteria)
        return;
    m_criteria = criteria;
    updateOther();
    publish();
    emit criteriaChanged();
}

void TransferFilter::setText(const QString &text)
{
    RowCriteria c = m_criteria;
    c.text = text.trimmed();
    setCriteria(c);
}

void TransferFilter::setArea(std::optional<GeoBox> box)
{
    RowCriteria c = m_criteria;
    c.bbox = box;
    setCriteria(c);
}

void TransferFilter::setPolygon(std::vector<QPointF> lonLatRing)
{
    RowCriteria c = m_criteria;
    c.polygon = std::move(lonLatRing);
    setCriteria(c);
}

void TransferFilter::setCategoryValues(const QString &key, std::optional<QSet<QString>> values)
{
    RowCriteria c = m_criteria;
    if (values)
        c.categories.insert(key, *values);
    else
        c.categories.remove(key);
    setCriteria(c);
}

void TransferFilter::setRange(const QString &key, std::optional<NumericRange> range)
{
    RowCriteria c = m_criteria;
    if (range)
        c.ranges.insert(key, *range);
    else
        c.ranges.remove(key);
    setCriteria(c);
}

EventFilter TransferFilter::currentEventFilter() const
{
    EventFilter f;
    f.from = m_from;
    f.to = m_to;
    f.bbox = m_criteria.bbox;
    f.text = m_criteria.text.trimmed();
    return f;
}

const std::vector<uint32_t> &TransferFilter::ascendingStoreRows() const
{
    if (m_sortColumn < 0)
        return m_rows;
    if (!m_ascendingValid) {
        m_ascending = rowbits::rows(m_visible);
        m_ascendingValid = true;
    }
    return m_ascending;
}

Summary TransferFilter::summary() const
{
    Summary sum = summaryOf(ascendingStoreRows());
    sum.windowFrom = m_from;
    sum.windowTo = m_to;
    return sum;
}

Summary TransferFilter::summaryOf(const std::vector<uint32_t> &storeRows) const
{
    static const EventStore empty;
    return Summary::compute(m_store ? *m_store : empty, storeRows, m_indexes->identities);
}

bool TransferFilter::isVisible(uint32_t storeRow) const
{
    return storeRow < m_proxyOf.size() && m_proxyOf[storeRow] >= 0;
}

int TransferFilter::proxyRowOf(uint32_t storeRow) const
{
    return storeRow < m_proxyOf.size() ? m_proxyOf[storeRow] : -1;
}

void TransferFilter::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && (column < 0 || order == m_sortOrder))
        return;
    m_sortColumn = column < 0 || column >= columnCount() ? -1 : column;
    m_sortOrder = order;
    setPermutation(m_sortColumn >= 0 && m_store
                       ? sortedStoreRows(*m_store, m_sortColumn, m_sortOrder)
                       : std::vector<uint32_t>());
    if (m_sortColumn >= 0 && !m_store)
        m_sortColumn = -1;
    publish(true);
}

QModelIndex TransferFilter::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_model || !proxyIndex.isValid() || proxyIndex.model() != this
        || size_t(proxyIndex.row()) >= m_rows.size())
        return {};
    return m_model->index(int(m_rows[size_t(proxyIndex.row())]), proxyIndex.column());
}

QModelIndex TransferFilter::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_model)
        return {};
    const int row = proxyRowOf(uint32_t(sourceIndex.row()));
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

QModelIndex TransferFilter::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex TransferFilter::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex TransferFilter::sibling(int row, int column, const QModelIndex &idx) const
{
    return idx.isValid() ? index(row, column) : QModelIndex();
}

int TransferFilter::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TransferFilter::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : m_model->columnCount();
}

bool TransferFilter::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty() && columnCount() > 0;
}

QVariant TransferFilter::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!m_model)
        return {};
    if (orientation == Qt::Horizontal)
        return m_model->headerData(section, orientation, role);
    if (section < 0 || size_t(section) >= m_rows.size())
        return {};
    // The source's row header: the event's line or feature id in its file.
    return m_model->headerData(int(m_rows[size_t(section)]), orientation, role);
}

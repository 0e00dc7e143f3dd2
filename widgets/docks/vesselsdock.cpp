#include "vesselsdock.h"

#include "investigation.h"
#include "summary.h"
#include "transferfilter.h"
#include "vessels/vesseltablemodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {
// The search reads the identity columns only: "12" should not match every vessel with
// 12 events.
class VesselSearchProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setAnomaliesOnly(bool only)
    {
        m_anomaliesOnly = only;
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        if (m_anomaliesOnly
            && sourceModel()
                    ->index(row, VesselTableModel::Anomalies, parent)
                    .data(VesselTableModel::SortRole)
                    .toLongLong()
                == 0)
            return false;
        const QString text = filterRegularExpression().pattern();
        if (text.isEmpty())
            return true;
        for (int c = VesselTableModel::Mmsi; c <= VesselTableModel::ShipType; ++c) {
            if (sourceModel()
                    ->index(row, c, parent)
                    .data()
                    .toString()
                    .contains(text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }

private:
    bool m_anomaliesOnly = false;
};

// The Anomalies column's badges: small rounded labels, red for what a genuine vessel
// cannot do (two places at once, an impossible IMO or MID), amber for what it may do
// legitimately but an investigator checks (a new name, IMO or flag).
class BadgeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static bool serious(const QString &badge)
    {
        return badge.startsWith(QLatin1String("2 places"))
            || badge.startsWith(QLatin1String("Bad IMO")) || badge.startsWith(QLatin1String("MID"));
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear(); // the background and selection only: the badges are drawn here
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const QStringList badges = index.data(VesselTableModel::BadgesRole).toStringList();
        if (badges.isEmpty())
            return;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        QFont font = opt.font;
        font.setPointSizeF(font.pointSizeF() * 0.85);
        font.setBold(true);
        painter->setFont(font);
        const QFontMetrics fm(font);
        const int h = fm.height() + 2;
        int x = opt.rect.left() + 3;
        const int y = opt.rect.center().y() - h / 2;
        for (const QString &badge : badges) {
            const int w = fm.horizontalAdvance(badge) + 10;
            if (x + w > opt.rect.right())
                break;
            const QRectF r(x, y, w, h);
            const QColor fill =
                serious(badge) ? QColor(0xc6, 0x28, 0x28) : QColor(0xe0, 0x8a, 0x00);
            painter->setPen(Qt::NoPen);
            painter->setBrush(fill);
            painter->drawRoundedRect(r, h / 2.0, h / 2.0);
            painter->setPen(Qt::white);
            painter->drawText(r, Qt::AlignCenter, badge);
            x += w + 4;
        }
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        QFont font = option.font;
        font.setPointSizeF(font.pointSizeF() * 0.85);
        font.setBold(true);
        const QFontMetrics fm(font);
        int w = 6;
        for (const QString &badge : index.data(VesselTableModel::BadgesRole).toStringList())
            w += fm.horizontalAdvance(badge) + 14;
        size.setWidth(std::max(w, fm.horizontalAdvance(QStringLiteral("Anomalies")) + 16));
        return size;
    }
};
} // namespace

VesselsDock::VesselsDock(TransferFilter *filter, Investigation *investigation, QWidget *parent)
    : QDockWidget(QStringLiteral("Vessels"), parent),
      m_filter(filter),
      m_investigation(investigation)
{
    setObjectName(QStringLiteral("vesselsDock"));
    m_model = new VesselTableModel(this);
    m_proxy = new VesselSearchProxy(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(VesselTableModel::SortRole);
    m_proxy->setDynamicSortFilter(true);

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("vesselSearch"));
    m_search->setPlaceholderText(QStringLiteral("Search MMSI, IMO, name, flag, type"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        // Kept as typed (not a pattern): VesselSearchProxy compares it as plain text.
        m_proxy->setFilterRegularExpression(text.trimmed());
        updateCount();
    });
    m_anomaliesOnly = new QCheckBox(QStringLiteral("Only with anomalies"));
    m_anomaliesOnly->setObjectName(QStringLiteral("vesselAnomaliesOnly"));
    m_anomaliesOnly->setToolTip(
        QStringLiteral("Show only the vessels whose AIS identity has an anomaly in the time "
                       "window: bad IMO check digit, unallocated MID, flag column against "
                       "the MID, two places at once, a name or IMO changed"));
    connect(m_anomaliesOnly, &QCheckBox::toggled, this, [this](bool only) {
        static_cast<VesselSearchProxy *>(m_proxy)->setAnomaliesOnly(only);
        updateCount();
    });
    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("vesselCount"));

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("vesselTable"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegateForColumn(VesselTableModel::Anomalies, new BadgeDelegate(m_table));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(VesselTableModel::Partners, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_search, 1);
    top->addWidget(m_anomaliesOnly);
    top->addWidget(m_count);
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_table);
    setWidget(box);

    connect(m_filter, &TransferFilter::filterChanged, this, &VesselsDock::scheduleRefresh);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &VesselsDock::scheduleRefresh);
    connect(m_investigation, &Investigation::tracksChanged, this, &VesselsDock::scheduleRefresh);
    // Raised from behind the events table, or shown again: catch up.
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            QTimer::singleShot(0, this, &VesselsDock::ensureCurrent);
    });
    scheduleRefresh();
}

void VesselsDock::scheduleRefresh()
{
    m_stale = true;
    // A dock out of sight (closed, or a tab behind the events table) costs nothing on a
    // timeline step; it catches up when shown, or when the selection needs its rows
    // (ensureCurrent).
    if (m_scheduled || !isVisible())
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_scheduled = false;
        // A tab behind another dock is "visible" with nothing of it on screen.
        if (m_stale && !visibleRegion().isEmpty())
            refresh();
    });
}

void VesselsDock::ensureCurrent()
{
    if (m_stale)
        refresh();
}

void VesselsDock::refresh()
{
    m_stale = false;
    vessels::SummaryInput in;
    const auto &store = m_filter->store();
    if (store) {
        in.events = store.get();
        in.rows = &m_filter->ascendingStoreRows();
    }
    const auto tracks = m_investigation->tracks();
    in.tracks = tracks.get();
    in.from = m_filter->from();
    in.to = m_filter->to();
    m_model->setRows(vessels::summarise(in));
    updateCount();
    if (m_table->horizontalHeader()->sectionSize(0) < 40 || m_model->rowCount() > 0)
        m_table->resizeColumnsToContents();
    emit refreshed();
}

void VesselsDock::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int all = m_model->rowCount();
    m_count->setText(shown == all
                         ? QStringLiteral("%1 vessels").arg(Summary::formatCount(all))
                         : QStringLiteral("%1 of %2 vessels")
                               .arg(Summary::formatCount(shown), Summary::formatCount(all)));
}

std::vector<int> VesselsDock::selectedVessels() const
{
    std::vector<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows.push_back(m_proxy->mapToSource(index).row());
    return rows;
}

void VesselsDock::selectVessel(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_table->selectionModel()->clearSelection();
        return;
    }
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {
        // Hidden by the dock's own search: the vessel asked for wins.
        m_search->clear();
        index = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

#include "statusline.h"

#include "eventstore.h"
#include "filters/areafilter.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
#include "summary.h"
#include "transferfilter.h"

#include <QAction>
#include <QFrame>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPainter>
#include <QStatusBar>

#include <algorithm>

namespace {
// A status bar label that gives up room by eliding its end ("…") instead of pushing
// the bar wider than the window: the summary, the selection's figures and the filter
// signs share one line. text() stays whole (tests, copying by selection).
class ElidedLabel : public QLabel
{
public:
    // The part of the text that is kept whole when the bar is short of room.
    void setKept(const QString &kept)
    {
        m_kept = kept;
        updateGeometry();
    }
    QSize minimumSizeHint() const override
    {
        const QString kept = m_kept.isEmpty() ? QStringLiteral("Selected: 0000…") : m_kept;
        return {fontMetrics().horizontalAdvance(kept) + 2, QLabel::minimumSizeHint().height()};
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        const QRect r = contentsRect();
        p.setPen(palette().color(foregroundRole()));
        p.drawText(r, int(Qt::AlignLeft | Qt::AlignVCenter),
                   fontMetrics().elidedText(text(), Qt::ElideRight, r.width()));
    }

private:
    QString m_kept;
};

QFrame *separator()
{
    auto *line = new QFrame;
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    return line;
}
} // namespace

StatusLine::StatusLine(QStatusBar *bar, TransferFilter *filter, MapController *map,
                       QItemSelectionModel *selection, AreaFilter *area)
    : QObject(bar),
      m_filter(filter),
      m_selection(selection),
      m_area(area),
      m_summary(new ElidedLabel),
      m_selected(new ElidedLabel),
      m_filters(new ElidedLabel),
      m_cursor(new QLabel)
{
    m_summary->setObjectName(QStringLiteral("filterSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_summary, 1);
    connect(filter, &TransferFilter::filterChanged, this, &StatusLine::updateSummary);
    connect(bar, &QStatusBar::messageChanged, this, [this](const QString &message) {
        if (message.isEmpty()) {
            updateSelection();
            updateFilters();
        }
    });

    // Beside the window's figures, so the two read as a pair: all that pass, of which
    // these are selected.
    m_selected->setObjectName(QStringLiteral("selectionSummary"));
    m_selected->setTextFormat(Qt::PlainText);
    m_selected->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_selected->setVisible(false);
    m_selectedLine = separator();
    m_selectedLine->setVisible(false);
    bar->addWidget(m_selectedLine);
    bar->addWidget(m_selected);
    connect(selection, &QItemSelectionModel::selectionChanged, this, &StatusLine::updateSelection);
    // A filter change drops selected rows that no longer pass (layoutChanged).
    connect(filter, &TransferFilter::filterChanged, this, &StatusLine::updateSelection);
    connect(filter, &QAbstractItemModel::modelReset, this, &StatusLine::updateSelection);

    m_filters->setObjectName(QStringLiteral("filterSigns"));
    m_filters->setTextFormat(Qt::PlainText);
    m_filters->setVisible(false);
    m_filtersLine = separator();
    m_filtersLine->setVisible(false);
    bar->addWidget(m_filtersLine);
    bar->addWidget(m_filters);
    connect(filter, &TransferFilter::filterChanged, this, &StatusLine::updateFilters);
    if (m_area)
        connect(m_area->followViewAction(), &QAction::toggled, this, &StatusLine::updateFilters);

    m_cursor->setObjectName(QStringLiteral("cursorPosition"));
    m_cursor->setTextFormat(Qt::PlainText);
    m_cursor->setMinimumWidth(m_cursor->fontMetrics().horizontalAdvance(QStringLiteral(
        "00.0000\u00b0N 000.0000\u00b0E   00\u00b000.000\u2032N 000\u00b000.000\u2032E")));
    bar->addPermanentWidget(m_cursor);
    connect(map, &MapController::cursorMoved, this, [this](double lat, double lon) {
        m_cursor->setText(QStringLiteral("%1   %2").arg(MapView::formatDecimal(lat, lon),
                                                        MapView::formatDegreesMinutes(lat, lon)));
    });
    connect(map->view(), &MapView::cursorLeft, this, [this] { m_cursor->clear(); });
}

void StatusLine::updateSummary()
{
    const auto &store = m_filter->store();
    if (!store || store->empty()) {
        m_summary->clear();
        return;
    }
    const QString text = m_filter->summary().text();
    m_summary->setText(text);
    // The count, barrels and vessels stay whole; the window's dates give way first.
    const qsizetype dates = text.indexOf(QStringLiteral(" · window"));
    const qsizetype extent = text.indexOf(QStringLiteral(" · events"));
    static_cast<ElidedLabel *>(m_summary)->setKept(text.left(dates >= 0        ? dates
                                                                 : extent >= 0 ? extent
                                                                               : text.size()));
}

void StatusLine::reveal(QWidget *label, bool on)
{
    // While a message shows, QStatusBar hides the labels beside it, and shows them again
    // when it goes unless they were hidden on purpose: one shown meanwhile would be drawn
    // over the message. So they wait, and come back with the message's end.
    label->setVisible(on && static_cast<QStatusBar *>(parent())->currentMessage().isEmpty());
}

void StatusLine::updateSelection()
{
    const auto &store = m_filter->store();
    std::vector<uint32_t> rows;
    if (store) {
        const QModelIndexList selected = m_selection->selectedRows();
        rows.reserve(size_t(selected.size()));
        for (const QModelIndex &index : selected) {
            const int row = m_filter->mapToSource(index).row();
            if (row >= 0 && size_t(row) < store->size())
                rows.push_back(uint32_t(row));
        }
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    }
    reveal(m_selected, !rows.empty());
    reveal(m_selectedLine, !rows.empty());
    if (rows.empty()) {
        m_selected->clear();
        return;
    }
    m_selected->setText(m_filter->summaryOf(rows).selectionText());
    m_selected->setToolTip(m_selected->text());
}

QStringList StatusLine::activeFilters() const
{
    QStringList signs;
    const RowCriteria &c = m_filter->criteria();
    const bool followsView = m_area && m_area->followViewAction()->isChecked();
    if (followsView)
        signs << QStringLiteral("map view only");
    else if (c.bbox)
        signs << QStringLiteral("area box");
    if (c.polygon.size() >= 3)
        signs << QStringLiteral("drawn area");
    if (!c.text.trimmed().isEmpty())
        signs << QStringLiteral("search \u201c%1\u201d").arg(c.text.trimmed());
    QStringList keys = c.categories.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString &key : keys) {
        const qsizetype n = c.categories.value(key).size();
        signs << (n == 1 ? QStringLiteral("%1: 1 value").arg(key)
                         : QStringLiteral("%1: %2 values").arg(key).arg(n));
    }
    if (const auto &focus = m_filter->networkFocus())
        signs << QStringLiteral("network of %1 (%2 hop%3)")
                     .arg(focus->label)
                     .arg(focus->hops)
                     .arg(focus->hops == 1 ? QString() : QStringLiteral("s"));
    return signs;
}

void StatusLine::updateFilters()
{
    const QStringList signs = activeFilters();
    reveal(m_filters, !signs.isEmpty());
    reveal(m_filtersLine, !signs.isEmpty());
    m_filters->setText(signs.isEmpty()
                           ? QString()
                           : QStringLiteral("Filters: %1").arg(signs.join(QStringLiteral(" · "))));
    m_filters->setToolTip(m_filters->text()
                          + QStringLiteral("\nThe Filter menu changes or clears them"));
}

#include "statusline.h"

#include "eventstore.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
#include "summary.h"
#include "transferfilter.h"

#include <QLabel>
#include <QStatusBar>

StatusLine::StatusLine(QStatusBar *bar, TransferFilter *filter, MapController *map)
    : QObject(bar), m_filter(filter), m_summary(new QLabel), m_cursor(new QLabel)
{
    m_summary->setObjectName(QStringLiteral("filterSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_summary, 1);
    connect(filter, &TransferFilter::filterChanged, this, &StatusLine::updateSummary);

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
    m_summary->setText(m_filter->summary().text());
}

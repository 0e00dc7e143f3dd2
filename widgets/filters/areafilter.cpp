#include "areafilter.h"

#include "map/areatool.h"
#include "map/mapview.h"
#include "transferfilter.h"

#include <QAction>

#include <algorithm>

AreaFilter::AreaFilter(MapView *view, TransferFilter *filter, QObject *parent)
    : QObject(parent), m_view(view), m_filter(filter)
{
    m_draw = new QAction(QStringLiteral("&Draw Filter Area"), this);
    m_draw->setObjectName(QStringLiteral("drawAreaAction"));
    m_draw->setCheckable(true);
    m_draw->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_draw->setToolTip(QStringLiteral("Click the corners of an area on the map; double-click "
                                      "or Enter to close it. Only events inside remain."));
    m_follow = new QAction(QStringLiteral("Only Events in &Map View"), this);
    m_follow->setObjectName(QStringLiteral("filterToViewAction"));
    m_follow->setCheckable(true);
    m_follow->setToolTip(QStringLiteral("Count and list only the events the map shows"));
    m_clear = new QAction(QStringLiteral("&Clear Area Filter"), this);
    m_clear->setObjectName(QStringLiteral("clearAreaAction"));

    connect(m_draw, &QAction::toggled, m_view, &MapView::setDrawingArea);
    connect(m_view, &MapView::drawingAreaChanged, m_draw, &QAction::setChecked);
    connect(m_view->areaTool(), &AreaTool::finished, this, &AreaFilter::polygonDrawn);
    connect(m_clear, &QAction::triggered, this, &AreaFilter::clear);
    connect(m_follow, &QAction::toggled, this, [this](bool on) {
        if (on)
            applyViewBox();
        else
            m_filter->setArea(std::nullopt);
        updateActions();
    });
    m_viewTimer.setSingleShot(true);
    m_viewTimer.setInterval(150);
    connect(&m_viewTimer, &QTimer::timeout, this, &AreaFilter::applyViewBox);
    connect(m_view, &MapView::viewportChanged, this, [this] {
        if (m_follow->isChecked())
            m_viewTimer.start();
    });
    updateActions();
}

void AreaFilter::clear()
{
    m_view->setDrawingArea(false);
    m_view->areaTool()->setPolygon({});
    m_filter->setPolygon({});
    m_follow->setChecked(false);
    updateActions();
}

void AreaFilter::setPolygon(std::vector<QPointF> lonLatRing)
{
    m_view->setDrawingArea(false);
    m_view->areaTool()->setPolygon(lonLatRing);
    m_filter->setPolygon(std::move(lonLatRing));
    updateActions();
}

void AreaFilter::polygonDrawn()
{
    m_filter->setPolygon(m_view->areaTool()->polygon());
    updateActions();
}

void AreaFilter::applyViewBox()
{
    if (!m_follow->isChecked())
        return;
    const QList<QRectF> boxes = m_view->viewport().visibleBoxes();
    if (boxes.isEmpty())
        return;
    // One box, or two either side of 180°: then one GeoBox with west > east.
    double west = boxes[0].left(), east = boxes[0].right();
    double south = boxes[0].top(), north = boxes[0].bottom();
    if (boxes.size() == 2) {
        const QRectF &a = boxes[0], &b = boxes[1];
        const QRectF &eastern = a.left() > b.left() ? a : b; // the part up to 180°
        const QRectF &western = a.left() > b.left() ? b : a; // the part from -180°
        west = eastern.left();
        east = western.right();
        south = std::min(a.top(), b.top());
        north = std::max(a.bottom(), b.bottom());
    }
    // At the top or bottom of the Mercator world the view shows everything up to the pole
    // (events beyond ±85.05° are drawn at the edge).
    constexpr double kEdge = 85.05;
    GeoBox box {west, south <= -kEdge ? -90.0 : south, east, north >= kEdge ? 90.0 : north};
    if (boxes.size() == 1 && boxes[0].width() >= 360) {
        box.west = -180;
        box.east = 180;
    }
    m_filter->setArea(box);
}

void AreaFilter::updateActions()
{
    m_clear->setEnabled(m_follow->isChecked() || !m_view->areaTool()->polygon().empty());
}

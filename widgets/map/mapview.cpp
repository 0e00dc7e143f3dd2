#include "mapview.h"

#include "annotationtool.h"
#include "areatool.h"
#include "measuretool.h"

#include <QApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

namespace {
constexpr double kZoomPerNotch = 0.5; // one wheel notch; trackpads send fractions of it

QString hemisphere(double value, double rounded, char positive, char negative)
{
    return QString(QLatin1Char(value < 0 && rounded > 0 ? negative : positive));
}
} // namespace

MapView::MapView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent); // the background covers every pixel
    m_viewport.setSize(size());
    connect(&m_cache, &BasemapCache::updated, this, &MapView::scheduleUpdate);
    m_measure = new MeasureTool(this);
    addLayer(m_measure);
    m_area = new AreaTool(this);
    addLayer(m_area);
    connect(m_area, &AreaTool::drawingChanged, this, [this](bool on) {
        updateCursor();
        emit drawingAreaChanged(on);
    });
    m_annotations = new AnnotationTool(this);
    addLayer(m_annotations);
    // One tool at a time: drawing an annotation ends measuring and the filter area.
    connect(m_annotations, &AnnotationTool::modeChanged, this, [this](AnnotationTool::Mode mode) {
        if (mode != AnnotationTool::Mode::Select) {
            setMeasuring(false);
            setDrawingArea(false);
        }
        updateCursor();
    });
}

MapView::~MapView()
{
    // Child layers die in ~QWidget, after the members: their destroyed() must not
    // reach a renderer that is gone.
    for (MapLayer *layer : m_renderer.layers())
        disconnect(layer, nullptr, this, nullptr);
    m_cache.setContent(m_renderer.seaColor(), {}); // waits for a background render
    delete m_measure;
    delete m_area;
    delete m_annotations;
}

void MapView::addLayer(MapLayer *layer)
{
    if (!layer || m_renderer.layers().contains(layer))
        return;
    m_renderer.addLayer(layer);
    connect(layer, &MapLayer::changed, this, [this, layer] { contentChanged(layer); });
    // A layer deleted without removeLayer() must not be painted afterwards.
    connect(layer, &QObject::destroyed, this, [this, layer] {
        m_renderer.removeLayer(layer);
        syncCache();
        scheduleUpdate();
    });
    syncCache();
    scheduleUpdate();
}

void MapView::removeLayer(MapLayer *layer)
{
    if (!m_renderer.layers().contains(layer))
        return;
    disconnect(layer, nullptr, this, nullptr);
    m_renderer.removeLayer(layer);
    syncCache();
    scheduleUpdate();
}

void MapView::syncCache()
{
    m_cache.setContent(m_renderer.seaColor(), m_renderer.layers(MapLayer::Slot::Basemap));
}

void MapView::contentChanged(MapLayer *layer)
{
    if (layer->slot() == MapLayer::Slot::Basemap)
        m_cache.invalidate();
    scheduleUpdate();
}

void MapView::setViewport(const MapViewport &viewport)
{
    MapViewport v = viewport;
    v.setSize(size());
    v.setDevicePixelRatio(devicePixelRatioF());
    if (v == m_viewport)
        return;
    m_viewport = v;
    viewportEdited();
}

void MapView::setOptions(const RenderOptions &options)
{
    m_options = options;
    scheduleUpdate(); // the cache notices changed options itself
}

void MapView::fitTo(const GeoBox &box)
{
    m_viewport.setSize(size());
    m_viewport.fitBox(box.west, box.south, box.east, box.north, kFitMargin);
    if (m_viewport.zoom() > kMaxFitZoom)
        m_viewport.setZoom(kMaxFitZoom);
    viewportEdited();
}

void MapView::fitToData()
{
    if (m_dataBox)
        fitTo(*m_dataBox);
}

void MapView::zoomIn()
{
    m_viewport.zoomAbout(QPointF(width() / 2.0, height() / 2.0), m_viewport.zoom() + 1);
    viewportEdited();
}

void MapView::zoomOut()
{
    m_viewport.zoomAbout(QPointF(width() / 2.0, height() / 2.0), m_viewport.zoom() - 1);
    viewportEdited();
}

void MapView::setToolTipProvider(std::function<QString(QPointF)> provider)
{
    m_toolTipProvider = std::move(provider);
}

void MapView::setMeasuring(bool on)
{
    if (on == m_measuring)
        return;
    if (on) {
        setDrawingArea(false); // one tool at a time
        m_annotations->setMode(AnnotationTool::Mode::Select);
    }
    m_measuring = on;
    if (!on)
        m_measure->clear();
    updateCursor();
    emit measuringChanged(on);
}

void MapView::setDrawingArea(bool on)
{
    if (on == isDrawingArea())
        return;
    if (on) {
        setMeasuring(false);
        m_annotations->setMode(AnnotationTool::Mode::Select);
        m_area->begin();
    } else {
        m_area->cancel();
    }
}

bool MapView::isDrawingArea() const
{
    return m_area->isDrawing();
}

void MapView::updateCursor()
{
    const bool drawing =
        m_measuring || isDrawingArea() || m_annotations->mode() != AnnotationTool::Mode::Select;
    setCursor(drawing ? Qt::CrossCursor : Qt::ArrowCursor);
}

void MapView::viewportEdited()
{
    emit viewportChanged(m_viewport);
    scheduleUpdate();
}

void MapView::scheduleUpdate()
{
    if (m_updatePending)
        return;
    m_updatePending = true;
    QTimer::singleShot(0, this, [this] {
        m_updatePending = false;
        update();
    });
}

bool MapView::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(e);
        const QString text =
            m_toolTipProvider ? m_toolTipProvider(QPointF(help->pos())) : QString();
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

void MapView::paintEvent(QPaintEvent *)
{
    ++m_paints;
    if (m_viewport.size() != size() || m_viewport.devicePixelRatio() != devicePixelRatioF()) {
        m_viewport.setSize(size());
        m_viewport.setDevicePixelRatio(devicePixelRatioF());
    }
    QPainter p(this);
    m_cache.paint(p, m_viewport, m_options);
    m_renderer.renderForeground(p, m_viewport, m_options);
    if (m_drag == Drag::Band && !m_band.isEmpty()) {
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(QPen(QColor(30, 90, 160), 1, Qt::DashLine));
        p.setBrush(QColor(30, 90, 160, 40));
        p.drawRect(m_band);
    }
}

void MapView::resizeEvent(QResizeEvent *)
{
    m_viewport.setSize(size());
    viewportEdited();
}

void MapView::wheelEvent(QWheelEvent *e)
{
    const double notches = e->angleDelta().y() / 120.0;
    if (notches == 0) {
        e->ignore();
        return;
    }
    m_viewport.zoomAbout(e->position(), m_viewport.zoom() + notches * kZoomPerNotch);
    viewportEdited();
    e->accept();
}

void MapView::mousePressEvent(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(e);
        return;
    }
    m_pressPos = m_lastPos = e->position();
    if (!m_measuring && !isDrawingArea() && !(e->modifiers() & Qt::ShiftModifier)
        && m_annotations->mousePress(e->position(), m_viewport)) {
        m_drag = Drag::Tool;
        return;
    }
    m_drag = (e->modifiers() & Qt::ShiftModifier) ? Drag::Band : Drag::Pending;
    m_band = QRectF();
}

void MapView::mouseMoveEvent(QMouseEvent *e)
{
    const QPointF pos = e->position();
    double lat = 0, lon = 0;
    m_viewport.toLatLon(pos, &lat, &lon);
    emit cursorMoved(lat, lon);
    switch (m_drag) {
    case Drag::None:
        if (!m_measuring && !isDrawingArea()) {
            m_annotations->hover(pos, m_viewport);
            setCursor(m_annotations->cursorAt(pos, m_viewport));
        }
        emit hovered(pos);
        break;
    case Drag::Tool:
        m_annotations->mouseMove(pos, m_viewport);
        break;
    case Drag::Pending:
        if ((pos - m_pressPos).manhattanLength() < QApplication::startDragDistance())
            break;
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
        Q_FALLTHROUGH();
    case Drag::Pan:
        m_viewport.panBy(pos - m_lastPos);
        m_lastPos = pos;
        viewportEdited();
        break;
    case Drag::Band:
        m_band = QRectF(m_pressPos, pos).normalized();
        scheduleUpdate();
        break;
    }
}

void MapView::mouseReleaseEvent(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(e);
        return;
    }
    const Drag drag = m_drag;
    m_drag = Drag::None;
    switch (drag) {
    case Drag::Pending:
        if (isDrawingArea()) {
            double lat = 0, lon = 0;
            m_viewport.toLatLon(e->position(), &lat, &lon);
            m_area->addVertex(lat, lon);
        } else if (m_measuring) {
            double lat = 0, lon = 0;
            m_viewport.toLatLon(e->position(), &lat, &lon);
            m_measure->addPoint(lat, lon);
        } else {
            emit clicked(e->position());
        }
        break;
    case Drag::Pan:
        updateCursor();
        break;
    case Drag::Tool:
        m_annotations->mouseRelease(e->position(), m_viewport);
        break;
    case Drag::Band:
        if (m_band.width() >= 2 || m_band.height() >= 2)
            emit rubberBandSelected(m_band);
        m_band = QRectF();
        scheduleUpdate();
        break;
    case Drag::None:
        break;
    }
}

void MapView::mouseDoubleClickEvent(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton) {
        QWidget::mouseDoubleClickEvent(e);
        return;
    }
    m_drag = Drag::None; // the second release must not count as a click
    if (isDrawingArea()) {
        m_area->finish(); // the first click of the pair placed the last vertex
        return;
    }
    if (!m_measuring && m_annotations->mouseDoubleClick(e->position(), m_viewport))
        return;
    m_viewport.zoomAbout(e->position(), m_viewport.zoom() + 1);
    viewportEdited();
}

void MapView::keyPressEvent(QKeyEvent *e)
{
    if (!m_measuring && !isDrawingArea() && m_annotations->keyPress(e->key())) {
        e->accept();
        return;
    }
    const double stepX = width() / 8.0, stepY = height() / 8.0;
    switch (e->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
    case Qt::Key_Underscore:
        zoomOut();
        break;
    // The map moves under a fixed window: Left shows what is west, so the content
    // moves right.
    case Qt::Key_Left:
        m_viewport.panBy(QPointF(stepX, 0));
        viewportEdited();
        break;
    case Qt::Key_Right:
        m_viewport.panBy(QPointF(-stepX, 0));
        viewportEdited();
        break;
    case Qt::Key_Up:
        m_viewport.panBy(QPointF(0, stepY));
        viewportEdited();
        break;
    case Qt::Key_Down:
        m_viewport.panBy(QPointF(0, -stepY));
        viewportEdited();
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (!isDrawingArea()) {
            QWidget::keyPressEvent(e);
            return;
        }
        m_area->finish();
        break;
    case Qt::Key_Backspace:
        if (!isDrawingArea()) {
            QWidget::keyPressEvent(e);
            return;
        }
        m_area->removeLastVertex();
        break;
    case Qt::Key_Escape:
        if (isDrawingArea()) {
            m_area->cancel();
            break;
        }
        if (m_measuring && !m_measure->points().isEmpty()) {
            m_measure->clear();
            break;
        }
        QWidget::keyPressEvent(e);
        return;
    default:
        QWidget::keyPressEvent(e);
        return;
    }
    e->accept();
}

void MapView::leaveEvent(QEvent *e)
{
    emit cursorLeft();
    QWidget::leaveEvent(e);
}

QString MapView::formatDecimal(double lat, double lon, int decimals)
{
    lon = WebMercator::wrapLongitude(lon);
    const double unit = std::pow(10.0, decimals);
    const double rLat = std::round(std::abs(lat) * unit) / unit;
    const double rLon = std::round(std::abs(lon) * unit) / unit;
    return QStringLiteral("%1°%2 %3°%4")
        .arg(QString::number(rLat, 'f', decimals), hemisphere(lat, rLat, 'N', 'S'),
             QString::number(rLon, 'f', decimals), hemisphere(lon, rLon, 'E', 'W'));
}

QString MapView::formatDegreesMinutes(double lat, double lon, int decimals)
{
    lon = WebMercator::wrapLongitude(lon);
    const qint64 frac = static_cast<qint64>(std::llround(std::pow(10.0, decimals)));
    const auto part = [&](double v, char positive, char negative) {
        // Round once, in thousandths of a minute, so 59.9996′ becomes the next degree.
        const qint64 t = std::llround(std::abs(v) * 60 * frac);
        const qint64 deg = t / (60 * frac);
        const qint64 rest = t % (60 * frac);
        QString minutes = QStringLiteral("%1").arg(rest / frac, 2, 10, QLatin1Char('0'));
        if (decimals > 0)
            minutes += QLatin1Char('.')
                + QStringLiteral("%1").arg(rest % frac, decimals, 10, QLatin1Char('0'));
        return QStringLiteral("%1°%2′").arg(deg).arg(minutes)
            + hemisphere(v, static_cast<double>(t), positive, negative);
    };
    return part(lat, 'N', 'S') + QLatin1Char(' ') + part(lon, 'E', 'W');
}

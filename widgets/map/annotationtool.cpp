#include "annotationtool.h"

#include "annotationlayer.h"
#include "annotations/annotationcommands.h"
#include "geodesic.h"
#include "measuretool.h"

#include <QLineF>
#include <QPainter>
#include <QPainterPath>
#include <QUndoStack>

#include <cmath>

namespace {
constexpr double kDragDistance = 4; // pixels before a press becomes a drag
constexpr double kGrab = 7; // how near a handle a press grabs it
const QColor kHandle(30, 90, 160);
const QPointF kCalloutOffset(60, -40); // where a clicked callout puts its text

GeoPoint geoAt(QPointF pixel, const MapViewport &viewport, double nearLon)
{
    double lat = 0, lon = 0;
    viewport.toLatLon(pixel, &lat, &lon);
    lon += 360.0 * std::round((nearLon - lon) / 360.0);
    return {lon, lat};
}

// Ground radii read best rounded to what a user would type.
double roundRadius(double nm)
{
    const double step = nm >= 10 ? 0.5 : nm >= 1 ? 0.1 : 0.01;
    return std::max(0.01, std::round(nm / step) * step);
}
} // namespace

AnnotationTool::AnnotationTool(QObject *parent) : MapLayer(Slot::Decorations, parent) { }

void AnnotationTool::setModel(AnnotationModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_selected = 0;
    if (m_model)
        connect(m_model, &AnnotationModel::changed, this, [this] {
            if (m_selected != 0 && !m_model->find(m_selected)) {
                m_selected = 0;
                emit selectionChanged(0);
            }
            emit changed();
        });
    emit changed();
}

void AnnotationTool::setUndoStack(QUndoStack *stack)
{
    m_stack = stack;
}

void AnnotationTool::push(QUndoCommand *command)
{
    if (m_stack) {
        m_stack->push(command);
    } else {
        command->redo();
        delete command;
    }
}

void AnnotationTool::setMode(Mode mode)
{
    cancelDraft();
    if (mode == m_mode)
        return;
    m_mode = mode;
    if (mode != Mode::Select)
        setSelectedId(0);
    emit modeChanged(mode);
    emit changed();
}

int AnnotationTool::selectedId() const
{
    return m_model && m_model->find(m_selected) ? m_selected : 0;
}

void AnnotationTool::setSelectedId(int id)
{
    if (!m_model || !m_model->find(id))
        id = 0;
    if (id == m_selected)
        return;
    m_selected = id;
    emit selectionChanged(id);
    emit changed();
}

int AnnotationTool::annotationAt(QPointF pixel, const MapViewport &viewport) const
{
    if (!m_model)
        return 0;
    const auto &all = m_model->annotations();
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        if (AnnotationLayer::hits(*it, viewport, pixel))
            return it->id;
    return 0;
}

QPolygonF AnnotationTool::handles(const Annotation &a, const MapViewport &viewport)
{
    const QPolygonF pts = AnnotationLayer::pixels(a, viewport);
    switch (a.kind) {
    case Annotation::Kind::Circle: {
        // On the ring due east of the centre: dragging it sets the radius.
        const GeoPoint east = Geodesic::destination(a.points[0], 90, a.radiusNm);
        const double ws = viewport.worldSize();
        const double dx = (east.lon - a.points[0].lon) / 360.0 * ws;
        const double dy =
            (WebMercator::toWorld(east.lat, 0).y() - WebMercator::toWorld(a.points[0].lat, 0).y())
            * ws;
        return {pts[0] + QPointF(dx, dy)};
    }
    case Annotation::Kind::Rectangle:
        return AnnotationLayer::outline(a, viewport);
    default:
        return pts;
    }
}

int AnnotationTool::handleAt(QPointF pixel, const MapViewport &viewport) const
{
    const Annotation *a = m_model ? m_model->find(m_selected) : nullptr;
    if (!a)
        return -1;
    const QPolygonF hs = handles(*a, viewport);
    for (double dx : AnnotationLayer::copies(*a, viewport))
        for (int i = static_cast<int>(hs.size()) - 1; i >= 0; --i)
            if (QLineF(pixel, hs[i] + QPointF(dx, 0)).length() <= kGrab)
                return i;
    return -1;
}

Annotation AnnotationTool::moved(QPointF delta, const MapViewport &viewport) const
{
    Annotation a = m_original;
    const QPolygonF pts = AnnotationLayer::pixels(m_original, viewport);
    for (size_t i = 0; i < a.points.size(); ++i)
        a.points[i] = geoAt(pts[int(i)] + delta, viewport, m_original.points[i].lon);
    a.normalizeLongitudes();
    return a;
}

Annotation AnnotationTool::reshaped(QPointF pixel, const MapViewport &viewport) const
{
    Annotation a = m_original;
    switch (a.kind) {
    case Annotation::Kind::Circle:
        a.radiusNm = std::min(Annotation::kMaxRadiusNm,
                              roundRadius(Geodesic::distanceNm(
                                  a.points[0], geoAt(pixel, viewport, a.points[0].lon))));
        break;
    case Annotation::Kind::Rectangle: {
        // Corners 0..3 run round the box; each is made of one of the two stored corners'
        // longitude and one's latitude.
        static constexpr int lonOf[] = {0, 1, 1, 0};
        static constexpr int latOf[] = {0, 0, 1, 1};
        const int k = std::clamp(m_handle, 0, 3);
        const GeoPoint g = geoAt(pixel, viewport, a.points[size_t(lonOf[k])].lon);
        a.points[size_t(lonOf[k])].lon = g.lon;
        a.points[size_t(latOf[k])].lat = g.lat;
        break;
    }
    default:
        if (m_handle >= 0 && m_handle < static_cast<int>(a.points.size()))
            a.points[size_t(m_handle)] = geoAt(pixel, viewport, a.points[size_t(m_handle)].lon);
        break;
    }
    a.normalizeLongitudes();
    return a;
}

void AnnotationTool::deleteSelected()
{
    const int id = selectedId();
    if (id == 0 || !m_model)
        return;
    push(new RemoveAnnotationCommand(m_model, id));
}

bool AnnotationTool::mousePress(QPointF pixel, const MapViewport &viewport)
{
    if (!m_model)
        return false;
    m_pressPixel = pixel;
    m_dragStarted = false;
    if (m_mode != Mode::Select) {
        m_drag = Drag::Create;
        if (m_mode == Mode::Polygon)
            return true; // the vertex goes in on release, unless the press became a drag
        static constexpr Annotation::Kind kinds[] = {
            Annotation::Kind::Callout, Annotation::Kind::Callout, Annotation::Kind::Arrow,
            Annotation::Kind::Circle, Annotation::Kind::Rectangle};
        m_draft = Annotation::defaults(kinds[static_cast<int>(m_mode)]);
        const GeoPoint g = geoAt(pixel, viewport, 0);
        m_draft.points.assign(Annotation::pointCount(m_draft.kind), g);
        if (m_draft.kind == Annotation::Kind::Callout)
            m_draft.text = tr("Note");
        m_draft.radiusNm = 0.01;
        emit changed();
        return true;
    }
    m_handle = handleAt(pixel, viewport);
    if (m_handle >= 0) {
        m_drag = Drag::Handle;
        m_original = *m_model->find(m_selected);
        return true;
    }
    const int id = annotationAt(pixel, viewport);
    setSelectedId(id);
    if (id == 0)
        return false;
    m_drag = Drag::Move;
    m_original = *m_model->find(id);
    return true;
}

void AnnotationTool::updateDraft(QPointF pixel, const MapViewport &viewport)
{
    if (m_draft.points.empty())
        return;
    const GeoPoint g = geoAt(pixel, viewport, m_draft.points[0].lon);
    if (m_draft.kind == Annotation::Kind::Circle)
        m_draft.radiusNm = roundRadius(Geodesic::distanceNm(m_draft.points[0], g));
    else
        m_draft.points[1] = g;
    emit changed();
}

void AnnotationTool::mouseMove(QPointF pixel, const MapViewport &viewport)
{
    if (!m_dragStarted) {
        if ((pixel - m_pressPixel).manhattanLength() < kDragDistance)
            return;
        m_dragStarted = true;
        ++m_gesture;
    }
    m_cursor = pixel;
    switch (m_drag) {
    case Drag::Create:
        if (m_mode == Mode::Polygon)
            hover(pixel, viewport);
        else
            updateDraft(pixel, viewport);
        break;
    case Drag::Move:
        push(new ChangeAnnotationCommand(m_model, m_original, moved(pixel - m_pressPixel, viewport),
                                         ChangeAnnotationCommand::Change::Move, m_gesture));
        break;
    case Drag::Handle:
        push(new ChangeAnnotationCommand(m_model, m_original, reshaped(pixel, viewport),
                                         ChangeAnnotationCommand::Change::Reshape, m_gesture));
        break;
    case Drag::None:
        break;
    }
}

void AnnotationTool::mouseRelease(QPointF pixel, const MapViewport &viewport)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    if (drag == Drag::Handle)
        emit changed(); // the radius label goes
    if (drag != Drag::Create)
        return;
    if (m_mode == Mode::Polygon) {
        if (m_dragStarted)
            return;
        if (m_draft.points.empty())
            m_draft = Annotation::defaults(Annotation::Kind::Polygon);
        const double near = m_draft.points.empty() ? 0 : m_draft.points.back().lon;
        m_draft.points.push_back(geoAt(pixel, viewport, near));
        m_hover = pixel;
        m_hovering = true;
        emit changed();
        return;
    }
    if (!m_dragStarted) {
        if (m_draft.kind != Annotation::Kind::Callout) {
            cancelDraft(); // a click is no arrow, circle or rectangle: still in the mode
            return;
        }
        updateDraft(pixel + kCalloutOffset, viewport);
    } else {
        updateDraft(pixel, viewport);
    }
    finishDraft();
}

bool AnnotationTool::mouseDoubleClick(QPointF pixel, const MapViewport &viewport)
{
    if (m_mode == Mode::Polygon) {
        finishDraft(); // the first click of the pair placed the last vertex
        return true;
    }
    if (m_mode != Mode::Select)
        return true;
    const int id = annotationAt(pixel, viewport);
    if (id == 0)
        return false;
    setSelectedId(id);
    emit editRequested(id);
    return true;
}

void AnnotationTool::hover(QPointF pixel, const MapViewport &)
{
    if (m_mode != Mode::Polygon || m_draft.points.empty())
        return;
    m_hover = pixel;
    m_hovering = true;
    emit changed();
}

Qt::CursorShape AnnotationTool::cursorAt(QPointF pixel, const MapViewport &viewport) const
{
    if (m_mode != Mode::Select)
        return Qt::CrossCursor;
    if (handleAt(pixel, viewport) >= 0)
        return Qt::SizeAllCursor;
    return annotationAt(pixel, viewport) != 0 ? Qt::PointingHandCursor : Qt::ArrowCursor;
}

bool AnnotationTool::keyPress(int key)
{
    switch (key) {
    case Qt::Key_Escape:
        if (isDrawing())
            cancelDraft();
        else if (m_mode != Mode::Select)
            setMode(Mode::Select);
        else if (selectedId() != 0)
            setSelectedId(0);
        else
            return false;
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_mode != Mode::Polygon || !isDrawing())
            return false;
        finishDraft();
        return true;
    case Qt::Key_Backspace:
        if (m_mode == Mode::Polygon && isDrawing()) {
            m_draft.points.pop_back();
            emit changed();
            return true;
        }
        Q_FALLTHROUGH();
    case Qt::Key_Delete:
        if (selectedId() == 0)
            return false;
        deleteSelected();
        return true;
    default:
        return false;
    }
}

void AnnotationTool::cancelDraft()
{
    m_hovering = false;
    if (m_draft.points.empty())
        return;
    m_draft = Annotation();
    emit changed();
}

void AnnotationTool::finishDraft()
{
    Annotation a = m_draft;
    cancelDraft();
    a.normalizeLongitudes();
    if (!m_model || !a.validate().isEmpty())
        return; // e.g. a polygon of two points
    auto *command = new AddAnnotationCommand(m_model, a);
    push(command);
    const int id = m_model->annotations().empty() ? 0 : m_model->annotations().back().id;
    setMode(Mode::Select);
    setSelectedId(id);
    emit created(id);
}

const Annotation *AnnotationTool::circleBeingSized() const
{
    if (!m_dragStarted)
        return nullptr;
    if (m_drag == Drag::Create && m_draft.kind == Annotation::Kind::Circle
        && !m_draft.points.empty())
        return &m_draft;
    if (m_drag == Drag::Handle && m_model) {
        const Annotation *a = m_model->find(m_selected);
        if (a && a->kind == Annotation::Kind::Circle)
            return a;
    }
    return nullptr;
}

QString AnnotationTool::radiusLabel() const
{
    const Annotation *c = circleBeingSized();
    if (!c)
        return {};
    return tr("radius %1").arg(MeasureTool::formatDistance(c->radiusNm * 1852));
}

void AnnotationTool::paint(QPainter &painter, const MapViewport &viewport,
                           const RenderOptions &) const
{
    if (!m_draft.points.empty()) {
        Annotation shown = m_draft;
        if (shown.kind == Annotation::Kind::Polygon && m_hovering)
            shown.points.push_back(geoAt(m_hover, viewport, shown.points.back().lon));
        // Without its fill: drawn over the events, it would hide the one at the centre.
        for (auto pass : {AnnotationLayer::Pass::Shapes, AnnotationLayer::Pass::Text})
            AnnotationLayer::paintAnnotation(painter, shown, viewport, pass);
    }
    if (const Annotation *c = circleBeingSized()) {
        // The radius as a line from the centre to the mouse, and its length beside it.
        const QColor line = QColor::fromRgba(c->color);
        const QPointF centre = AnnotationLayer::pixels(*c, viewport).value(0);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(line, 1.5, Qt::DashLine));
        const QLineF radius(centre, m_cursor);
        if (radius.length() > 6) // from outside the centre mark: an event there stays seen
            painter.drawLine(radius.pointAt(6 / radius.length()), m_cursor);
        QFont font;
        font.setPixelSize(12);
        font.setBold(true);
        QPainterPath text;
        text.addText(m_cursor + QPointF(10, -10), font, radiusLabel());
        painter.strokePath(
            text, QPen(QColor(255, 255, 255, 230), 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.fillPath(text, line.darker(130));
    }
    const Annotation *a = m_model ? m_model->find(m_selected) : nullptr;
    if (!a)
        return;
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QPolygonF hs = handles(*a, viewport);
    QRectF frame = AnnotationLayer::outline(*a, viewport).boundingRect();
    frame = frame.united(AnnotationLayer::textBox(*a, viewport)).adjusted(-4, -4, 4, 4);
    for (double dx : AnnotationLayer::copies(*a, viewport)) {
        painter.setPen(QPen(kHandle, 1, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(frame.translated(dx, 0));
        painter.setPen(QPen(kHandle, 1.5));
        painter.setBrush(Qt::white);
        for (const QPointF &h : hs)
            painter.drawEllipse(h + QPointF(dx, 0), kHandleRadius, kHandleRadius);
    }
}

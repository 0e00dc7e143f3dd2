#include "networkview.h"

#include <QContextMenuEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

NetworkView::NetworkView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(200, 160);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void NetworkView::setPicture(const netpicture::Picture *picture, const network::VesselNetwork *net)
{
    m_picture = picture;
    m_net = net;
    if (!m_picture || m_hovered >= int(m_picture->pos.size()))
        m_hovered = -1;
    update();
}

void NetworkView::setMarks(std::vector<uint8_t> nodes, std::vector<uint8_t> edges)
{
    m_nodes = std::move(nodes);
    m_edges = std::move(edges);
    update();
}

void NetworkView::resetView()
{
    m_view = {};
    update();
}

QPointF NetworkView::nodePosition(int node) const
{
    if (!m_picture || node < 0 || size_t(node) >= m_picture->pos.size())
        return {};
    return netpicture::place(QRectF(rect()), m_view, m_picture->pos[size_t(node)]);
}

int NetworkView::nodeAt(QPointF pixel) const
{
    if (!m_picture)
        return -1;
    int best = -1;
    double bestDistance = 0;
    for (size_t i = 0; i < m_picture->pos.size(); ++i) {
        if (!m_picture->drawn[i])
            continue;
        const QPointF d = nodePosition(int(i)) - pixel;
        const double distance = std::hypot(d.x(), d.y());
        if (distance <= netpicture::nodeRadius(*m_picture, QRectF(rect()), m_view, i) + 3
            && (best < 0 || distance < bestDistance)) {
            best = int(i);
            bestDistance = distance;
        }
    }
    return best;
}

int NetworkView::edgeAt(QPointF pixel) const
{
    if (!m_picture)
        return -1;
    int best = -1;
    double bestDistance = 4;
    for (const netpicture::Picture::Line &l : m_picture->lines) {
        const QPointF a = nodePosition(int(l.a)), b = nodePosition(int(l.b));
        const QPointF ab = b - a;
        const double len2 = QPointF::dotProduct(ab, ab);
        const double t =
            len2 > 0 ? std::clamp(QPointF::dotProduct(pixel - a, ab) / len2, 0.0, 1.0) : 0.0;
        const QPointF d = a + t * ab - pixel;
        const double distance = std::hypot(d.x(), d.y()) - l.width / 2;
        if (distance <= bestDistance) {
            best = int(l.edge);
            bestDistance = distance;
        }
    }
    return best;
}

void NetworkView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    if (!m_picture || m_picture->pos.empty()) {
        painter.fillRect(rect(), QColor(0xfb, 0xfb, 0xf8));
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(
            rect(), Qt::AlignCenter,
            QStringLiteral("No meetings between known vessels in the filtered events"));
        return;
    }
    netpicture::Marks marks;
    marks.hovered = m_hovered;
    marks.nodes = m_nodes.empty() ? nullptr : &m_nodes;
    marks.edges = m_edges.empty() ? nullptr : &m_edges;
    marks.net = m_net;
    netpicture::paint(painter, QRectF(rect()), *m_picture, m_view, marks);
}

void NetworkView::wheelEvent(QWheelEvent *event)
{
    const double factor = std::pow(1.0015, event->angleDelta().y());
    const double zoom = std::clamp(m_view.zoom * factor, 0.2, 200.0);
    // Keep the point under the cursor where it is.
    const QPointF cursor = event->position();
    const QPointF unit = netpicture::unplace(QRectF(rect()), m_view, cursor);
    m_view.zoom = zoom;
    m_view.pan += cursor - netpicture::place(QRectF(rect()), m_view, unit);
    update();
    event->accept();
}

void NetworkView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_pressed = true;
    m_dragged = false;
    m_pressAt = event->position();
    m_panAtPress = m_view.pan;
}

void NetworkView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressed) {
        const QPointF d = event->position() - m_pressAt;
        if (m_dragged || std::hypot(d.x(), d.y()) > 4) {
            m_dragged = true;
            m_view.pan = m_panAtPress + d;
            setCursor(Qt::ClosedHandCursor);
            update();
        }
        return;
    }
    const int node = nodeAt(event->position());
    if (node != m_hovered) {
        m_hovered = node;
        if (node >= 0 && m_picture)
            setToolTip(m_picture->label[size_t(node)]);
        update();
    }
}

void NetworkView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_pressed)
        return QWidget::mouseReleaseEvent(event);
    m_pressed = false;
    unsetCursor();
    if (m_dragged)
        return;
    const int node = nodeAt(event->position());
    if (node >= 0)
        return emit nodeClicked(node);
    const int edge = edgeAt(event->position());
    if (edge >= 0)
        return emit edgeClicked(edge);
    emit backgroundClicked();
}

void NetworkView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (nodeAt(event->position()) < 0)
        resetView();
}

void NetworkView::leaveEvent(QEvent *)
{
    if (m_hovered >= 0) {
        m_hovered = -1;
        update();
    }
}

void NetworkView::contextMenuEvent(QContextMenuEvent *event)
{
    emit contextMenuAt(nodeAt(event->pos()), event->globalPos());
}

#pragma once

#include "networkpicture.h"

#include <QWidget>

#include <vector>

// A vessel network drawn by netpicture::paint in a widget: the wheel zooms about the
// cursor, a drag pans, double-click fits the whole network again, the vessel under the
// cursor shows its label and its partners' labels. A click on a vessel or on an edge
// says which; a right click asks for the context menu at that vessel (-1 on none).
class NetworkView : public QWidget
{
    Q_OBJECT
public:
    explicit NetworkView(QWidget *parent = nullptr);

    // The drawing and the network it is of (kept for the hover's partners); not owned.
    void setPicture(const netpicture::Picture *picture, const network::VesselNetwork *net);
    void setMarks(std::vector<uint8_t> nodes, std::vector<uint8_t> edges);
    const std::vector<uint8_t> &markedNodes() const { return m_nodes; }
    const std::vector<uint8_t> &markedEdges() const { return m_edges; }
    const netpicture::View &viewState() const { return m_view; }
    void resetView();

    // Where node i is drawn now (widget pixels); the node and the edge at a point, -1
    // when none (a node within its radius plus 3 px, an edge within 4 px).
    QPointF nodePosition(int node) const;
    int nodeAt(QPointF pixel) const;
    int edgeAt(QPointF pixel) const;
    int hovered() const { return m_hovered; }

signals:
    void nodeClicked(int node);
    void edgeClicked(int edge);
    void backgroundClicked();
    void contextMenuAt(int node, QPoint globalPos);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    const netpicture::Picture *m_picture = nullptr;
    const network::VesselNetwork *m_net = nullptr;
    std::vector<uint8_t> m_nodes, m_edges;
    netpicture::View m_view;
    int m_hovered = -1;
    QPointF m_pressAt, m_panAtPress;
    bool m_pressed = false, m_dragged = false;
};

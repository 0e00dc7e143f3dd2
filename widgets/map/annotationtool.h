#pragma once

#include "annotationmodel.h"
#include "maplayer.h"

#include <QPointer>

class QUndoCommand;
class QUndoStack;

// The mouse and keyboard side of the annotations, for MapView (which routes its input
// here first unless it is measuring or drawing the filter area): selects an annotation
// by click, moves it by drag, reshapes it by its handles (arrow and callout ends,
// circle radius, rectangle corners, polygon vertices), and creates new ones in the
// drawing modes. Every edit is an undoable command on the stack; the moves of one drag
// merge into one command. Draws the selection's handles and the shape being drawn, in
// the Decorations slot: they belong to the window, never to an export.
//
// Creating: Callout: press at the point, drag to where the text goes (a click puts it
// up and to the right); Arrow: drag from tail to head; Circle: drag from the centre out
// (the radius is a ground distance, in nautical miles); Rectangle: drag corner to
// corner; Polygon: click the vertices, double-click or Enter closes it, Backspace
// removes the last vertex. Esc cancels a drawing, then leaves the mode, then clears
// the selection. After one shape the tool is back in Select mode. While a circle's
// radius is dragged, the tool shows it (radiusLabel()); a shape being drawn has no fill,
// which would cover the events under it.
class AnnotationTool : public MapLayer
{
    Q_OBJECT
public:
    enum class Mode { Select, Callout, Arrow, Circle, Rectangle, Polygon };
    static constexpr double kHandleRadius = 4.5;

    explicit AnnotationTool(QObject *parent = nullptr);
    QString name() const override { return tr("Annotation editing"); }
    void paint(QPainter &painter, const MapViewport &viewport,
               const RenderOptions &options) const override;

    void setModel(AnnotationModel *model);
    AnnotationModel *model() const { return m_model; }
    void setUndoStack(QUndoStack *stack); // without one, edits apply directly
    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    int selectedId() const; // 0 for none (also when the selected one was deleted)
    void setSelectedId(int id);
    bool isDrawing() const { return !m_draft.points.empty(); }
    // The topmost annotation at a pixel (0 for none).
    int annotationAt(QPointF pixel, const MapViewport &viewport) const;
    // Handles of an annotation, in pixels on the copy of the world nearest the centre.
    static QPolygonF handles(const Annotation &a, const MapViewport &viewport);
    void deleteSelected();

    // Input from MapView. mousePress returns true when the tool takes the gesture; the
    // moves and the release of that gesture then come here.
    bool mousePress(QPointF pixel, const MapViewport &viewport);
    void mouseMove(QPointF pixel, const MapViewport &viewport);
    void mouseRelease(QPointF pixel, const MapViewport &viewport);
    bool mouseDoubleClick(QPointF pixel, const MapViewport &viewport);
    void hover(QPointF pixel, const MapViewport &viewport); // no button down
    bool keyPress(int key); // true when handled
    Qt::CursorShape cursorAt(QPointF pixel, const MapViewport &viewport) const;
    // While a circle is drawn or its radius dragged: the radius in nautical miles and
    // kilometres, as the measuring tool words distances ("radius 12.5 nm · 23.2 km"),
    // drawn by the cursor; empty otherwise.
    QString radiusLabel() const;

signals:
    void modeChanged(AnnotationTool::Mode mode);
    void selectionChanged(int id);
    void editRequested(int id); // double-click on an annotation
    void created(int id);

private:
    enum class Drag { None, Create, Move, Handle };
    void push(QUndoCommand *command);
    void finishDraft();
    void cancelDraft();
    void updateDraft(QPointF pixel, const MapViewport &viewport);
    int handleAt(QPointF pixel, const MapViewport &viewport) const;
    Annotation moved(QPointF delta, const MapViewport &viewport) const;
    Annotation reshaped(QPointF pixel, const MapViewport &viewport) const;
    const Annotation *circleBeingSized() const;

    QPointer<AnnotationModel> m_model;
    QPointer<QUndoStack> m_stack;
    Mode m_mode = Mode::Select;
    int m_selected = 0;
    Annotation m_draft; // being drawn (no points when none)
    QPointF m_hover; // polygon drawing: the next vertex follows the mouse
    bool m_hovering = false;
    Drag m_drag = Drag::None;
    QPointF m_pressPixel;
    QPointF m_cursor; // the mouse during a drag
    bool m_dragStarted = false;
    int m_handle = -1;
    Annotation m_original; // the annotation as it was when the drag began
    int m_gesture = 0;
};

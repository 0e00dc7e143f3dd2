#pragma once

#include "map/annotationtool.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

class AnnotationModel;
class EventsDock;
class MapController;
class QAction;
class QActionGroup;
class QMenu;
class QToolBar;
class QUndoStack;
class QWidget;
class TransferModel;

// The window's annotation commands: the Edit menu (Undo, Redo), the Annotate menu and
// toolbar (a tool per kind, Label Selected Events with its choice of fields, Properties,
// Delete), the properties dialog on double-click, and the one undo stack every edit
// of the annotations goes through. The annotations themselves are the map layer set's
// AnnotationModel, so the window, the exports and `render` show the same ones.
class AnnotationController : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxLabels = 200; // more at once would bury the map
    static const QString kFieldsKey; // QSettings key of the label fields

    AnnotationController(MapController *map, TransferModel *model, EventsDock *events,
                         QWidget *window);

    AnnotationModel *model() const;
    AnnotationTool *tool() const;
    QUndoStack *undoStack() const { return m_stack; }
    QMenu *editMenu() const { return m_editMenu; }
    QMenu *annotateMenu() const { return m_annotateMenu; }
    QToolBar *toolBar() const { return m_toolBar; }
    QAction *toolAction(AnnotationTool::Mode mode) const;
    QAction *labelAction() const { return m_label; }

    // The parts of an event label (EventLabel keys), remembered across runs.
    QStringList labelFields() const;
    void setLabelFields(const QStringList &keys);

public slots:
    // Labels the events selected in the table (one undo step); returns how many.
    int labelSelectedEvents();
    // Opens the properties dialog of an annotation (window-modal, not blocking).
    void editAnnotation(int id);

private:
    void createActions();
    void updateActions();

    QPointer<MapController> m_map;
    TransferModel *m_model;
    EventsDock *m_events;
    QWidget *m_window;
    QUndoStack *m_stack;
    QActionGroup *m_tools = nullptr;
    QAction *m_label = nullptr, *m_properties = nullptr, *m_delete = nullptr;
    QMenu *m_editMenu = nullptr, *m_annotateMenu = nullptr, *m_fieldsMenu = nullptr;
    QToolBar *m_toolBar = nullptr;
};

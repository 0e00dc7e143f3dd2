#include "annotationcontroller.h"

#include "annotationcommands.h"
#include "annotationdialog.h"
#include "docks/eventsdock.h"
#include "eventlabel.h"
#include "map/annotationlayer.h"
#include "map/annotationtool.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QAction>
#include <QActionGroup>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QTableView>
#include <QToolBar>
#include <QUndoStack>

#include <cmath>

const QString AnnotationController::kFieldsKey = QStringLiteral("annotations/labelFields");

namespace {
// How far a new event label's box keeps from its event, in screen pixels.
constexpr double kLabelGap = 14;

// Where the label point goes so that the box's lower left corner is up and right of
// the anchor (the label point is the box's centre).
GeoPoint labelPoint(const Annotation &a, const MapViewport &viewport)
{
    const QSizeF box = AnnotationLayer::textBox(a, viewport).size();
    const GeoPoint anchor = a.points[0];
    const QPointF at = viewport.toPixel(anchor.lat, anchor.lon)
        + QPointF(kLabelGap + box.width() / 2, -kLabelGap - box.height() / 2);
    GeoPoint g;
    viewport.toLatLon(at, &g.lat, &g.lon);
    g.lon += 360.0 * std::round((anchor.lon - g.lon) / 360.0);
    return g;
}

struct ToolSpec
{
    AnnotationTool::Mode mode;
    const char *text;
    const char *name;
    const char *tip;
};
constexpr ToolSpec kToolSpecs[] = {
    {AnnotationTool::Mode::Callout, "&Callout", "calloutTool",
     "Text with a leader line: press at the point, drag to where the text goes"},
    {AnnotationTool::Mode::Arrow, "&Arrow", "arrowTool", "Drag from the tail to the head"},
    {AnnotationTool::Mode::Circle, "C&ircle", "circleTool",
     "Drag from the centre out; the radius is a distance on the ground (nautical miles)"},
    {AnnotationTool::Mode::Rectangle, "&Rectangle", "rectangleTool", "Drag from corner to corner"},
    {AnnotationTool::Mode::Polygon, "&Polygon", "polygonTool",
     "Click the vertices; double-click or Enter closes it, Backspace removes the last"},
};
} // namespace

AnnotationController::AnnotationController(MapController *map, TransferModel *model,
                                           EventsDock *events, QWidget *window)
    : QObject(window),
      m_map(map),
      m_model(model),
      m_events(events),
      m_window(window),
      m_stack(new QUndoStack(this))
{
    AnnotationTool *t = tool();
    t->setModel(this->model());
    t->setUndoStack(m_stack);
    createActions();
    connect(t, &AnnotationTool::modeChanged, this, &AnnotationController::updateActions);
    connect(t, &AnnotationTool::selectionChanged, this, &AnnotationController::updateActions);
    connect(t, &AnnotationTool::editRequested, this, &AnnotationController::editAnnotation);
    connect(t, &AnnotationTool::created, this, [this](int id) {
        // A callout is its text: ask for it straight away.
        const Annotation *a = this->model()->find(id);
        if (a && a->kind == Annotation::Kind::Callout)
            editAnnotation(id);
    });
    connect(m_events->table()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AnnotationController::updateActions);
    updateActions();
}

AnnotationModel *AnnotationController::model() const
{
    return m_map->layers()->annotationModel();
}

AnnotationTool *AnnotationController::tool() const
{
    return m_map->view()->annotationTool();
}

QAction *AnnotationController::toolAction(AnnotationTool::Mode mode) const
{
    for (QAction *a : m_tools->actions())
        if (a->data().toInt() == static_cast<int>(mode))
            return a;
    return nullptr;
}

void AnnotationController::createActions()
{
    m_editMenu = new QMenu(QStringLiteral("&Edit"), m_window);
    QAction *undo = m_stack->createUndoAction(this, QStringLiteral("&Undo"));
    undo->setObjectName(QStringLiteral("undoAction"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_stack->createRedoAction(this, QStringLiteral("&Redo"));
    redo->setObjectName(QStringLiteral("redoAction"));
    redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    m_editMenu->addAction(undo);
    m_editMenu->addAction(redo);
    // Window-wide shortcuts work only for actions that are in the window.
    m_window->addAction(undo);
    m_window->addAction(redo);

    m_annotateMenu = new QMenu(QStringLiteral("&Annotate"), m_window);
    m_toolBar = new QToolBar(QStringLiteral("Annotate"), m_window);
    m_toolBar->setObjectName(QStringLiteral("annotateToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_tools = new QActionGroup(this);
    m_tools->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    for (const ToolSpec &spec : kToolSpecs) {
        QAction *a = m_tools->addAction(QString::fromUtf8(spec.text));
        a->setObjectName(QString::fromLatin1(spec.name));
        a->setCheckable(true);
        a->setData(static_cast<int>(spec.mode));
        a->setToolTip(QString::fromUtf8(spec.tip));
        a->setStatusTip(a->toolTip());
        const AnnotationTool::Mode mode = spec.mode;
        connect(a, &QAction::triggered, this, [this, mode](bool on) {
            tool()->setMode(on ? mode : AnnotationTool::Mode::Select);
            if (on)
                m_map->view()->setFocus();
        });
        m_annotateMenu->addAction(a);
        m_toolBar->addAction(a);
    }
    m_annotateMenu->addSeparator();
    m_toolBar->addSeparator();
    m_label = m_annotateMenu->addAction(QStringLiteral("&Label Selected Events"), this,
                                        &AnnotationController::labelSelectedEvents);
    m_label->setObjectName(QStringLiteral("labelEventsAction"));
    m_label->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_label->setToolTip(QStringLiteral("Label each selected event on the map (Ctrl+L)"));
    m_toolBar->addAction(m_label);
    m_fieldsMenu = m_annotateMenu->addMenu(QStringLiteral("Label &Fields"));
    m_fieldsMenu->setObjectName(QStringLiteral("labelFieldsMenu"));
    const QStringList fields = labelFields();
    for (const QString &key : EventLabel::allFields()) {
        QAction *a = m_fieldsMenu->addAction(EventLabel::fieldLabel(key));
        a->setCheckable(true);
        a->setChecked(fields.contains(key));
        a->setData(key);
        connect(a, &QAction::toggled, this, [this] {
            QStringList keys;
            for (QAction *f : m_fieldsMenu->actions())
                if (f->isChecked())
                    keys << f->data().toString();
            setLabelFields(keys);
        });
    }
    m_annotateMenu->addSeparator();
    m_properties = m_annotateMenu->addAction(QStringLiteral("&Properties\u2026"), this,
                                             [this] { editAnnotation(tool()->selectedId()); });
    m_properties->setObjectName(QStringLiteral("annotationPropertiesAction"));
    m_delete = m_annotateMenu->addAction(QStringLiteral("&Delete Annotation"), tool(),
                                         &AnnotationTool::deleteSelected);
    m_delete->setObjectName(QStringLiteral("deleteAnnotationAction"));
    // Shown in the menu; the map itself handles the key (so the table keeps its own).
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetShortcut);
}

void AnnotationController::updateActions()
{
    const AnnotationTool::Mode mode = tool()->mode();
    for (QAction *a : m_tools->actions())
        a->setChecked(a->data().toInt() == static_cast<int>(mode)
                      && mode != AnnotationTool::Mode::Select);
    const bool selected = tool()->selectedId() != 0;
    m_properties->setEnabled(selected);
    m_delete->setEnabled(selected);
    m_label->setEnabled(m_events->table()->selectionModel()->hasSelection());
}

QStringList AnnotationController::labelFields() const
{
    const QSettings settings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"));
    if (!settings.contains(kFieldsKey))
        return EventLabel::defaultFields();
    return EventLabel::normalizeFields(settings.value(kFieldsKey).toStringList());
}

void AnnotationController::setLabelFields(const QStringList &keys)
{
    const QStringList fields = EventLabel::normalizeFields(keys);
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"))
        .setValue(kFieldsKey, fields);
    for (QAction *a : m_fieldsMenu->actions()) {
        const QSignalBlocker block(a);
        a->setChecked(fields.contains(a->data().toString()));
    }
}

int AnnotationController::labelSelectedEvents()
{
    const auto &store = m_model->store();
    if (!store)
        return 0;
    const QModelIndexList selected = m_events->table()->selectionModel()->selectedRows();
    if (selected.size() > kMaxLabels) {
        // Not exec(): a window-modal box that does not block the event loop.
        auto *box =
            new QMessageBox(QMessageBox::Information, QStringLiteral("Label Selected Events"),
                            QStringLiteral("%1 events are selected. Select at most %2 "
                                           "to label them.")
                                .arg(selected.size())
                                .arg(kMaxLabels),
                            QMessageBox::Ok, m_window);
        box->setObjectName(QStringLiteral("tooManyLabelsBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return 0;
    }
    const QStringList fields = labelFields();
    const MapViewport &viewport = m_map->view()->viewport();
    int added = 0;
    if (selected.isEmpty())
        return 0;
    m_stack->beginMacro(QStringLiteral("Label %1 Event%2")
                            .arg(selected.size())
                            .arg(selected.size() == 1 ? QString() : QStringLiteral("s")));
    for (const QModelIndex &index : selected) {
        const int row = m_events->proxy()->mapToSource(index).row();
        if (row < 0 || static_cast<size_t>(row) >= store->size())
            continue;
        // The box goes up and to the right of its event, clear of the marker, at the
        // present zoom.
        Annotation a = EventLabel::annotation(*store, static_cast<size_t>(row), fields, 0, 0);
        a.points[1] = labelPoint(a, viewport);
        if (!a.validate().isEmpty())
            continue;
        m_stack->push(new AddAnnotationCommand(model(), a));
        ++added;
    }
    m_stack->endMacro();
    return added;
}

void AnnotationController::editAnnotation(int id)
{
    const Annotation *a = model()->find(id);
    if (!a)
        return;
    auto *dialog = new AnnotationDialog(*a, m_window);
    dialog->setObjectName(QStringLiteral("annotationDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const Annotation before = *a;
    connect(dialog, &QDialog::accepted, this, [this, dialog, before] {
        const Annotation after = dialog->annotation();
        const Annotation *now = model()->find(before.id);
        if (!now || after == *now || !after.validate().isEmpty())
            return;
        m_stack->push(new ChangeAnnotationCommand(model(), *now, after,
                                                  ChangeAnnotationCommand::Change::Edit));
    });
    dialog->open();
}

#include "annotationcommands.h"

namespace {
QString kindName(const Annotation &a)
{
    return Annotation::kindLabel(a.kind);
}
} // namespace

AddAnnotationCommand::AddAnnotationCommand(AnnotationModel *model, Annotation annotation,
                                           QUndoCommand *parent)
    : QUndoCommand(parent), m_model(model), m_annotation(std::move(annotation))
{
    setText(QStringLiteral("Add %1").arg(kindName(m_annotation)));
}

void AddAnnotationCommand::redo()
{
    if (!m_model)
        return;
    // The first time the model picks the id; afterwards the same id comes back.
    m_annotation.id = m_model->insert(m_annotation, m_index);
    m_index = m_model->indexOf(m_annotation.id);
}

void AddAnnotationCommand::undo()
{
    if (m_model)
        m_model->remove(m_annotation.id);
}

RemoveAnnotationCommand::RemoveAnnotationCommand(AnnotationModel *model, int id,
                                                 QUndoCommand *parent)
    : QUndoCommand(parent), m_model(model)
{
    if (const Annotation *a = model ? model->find(id) : nullptr) {
        m_annotation = *a;
        m_index = model->indexOf(id);
    }
    setText(QStringLiteral("Delete %1").arg(kindName(m_annotation)));
}

void RemoveAnnotationCommand::redo()
{
    if (m_model && m_index >= 0)
        m_model->remove(m_annotation.id);
}

void RemoveAnnotationCommand::undo()
{
    if (m_model && m_index >= 0)
        m_model->insert(m_annotation, m_index);
}

ChangeAnnotationCommand::ChangeAnnotationCommand(AnnotationModel *model, const Annotation &before,
                                                 const Annotation &after, Change change,
                                                 int gesture, QUndoCommand *parent)
    : QUndoCommand(parent), m_model(model), m_before(before), m_after(after), m_gesture(gesture)
{
    const QString verb = change == Change::Move ? QStringLiteral("Move")
        : change == Change::Reshape             ? QStringLiteral("Reshape")
                                                : QStringLiteral("Edit");
    setText(QStringLiteral("%1 %2").arg(verb, kindName(after)));
}

void ChangeAnnotationCommand::redo()
{
    if (m_model)
        m_model->update(m_after);
}

void ChangeAnnotationCommand::undo()
{
    if (m_model)
        m_model->update(m_before);
}

int ChangeAnnotationCommand::id() const
{
    return m_gesture != 0 ? kMergeId : -1;
}

bool ChangeAnnotationCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = dynamic_cast<const ChangeAnnotationCommand *>(other);
    if (!o || o->m_gesture != m_gesture || o->m_after.id != m_after.id || o->m_model != m_model)
        return false;
    m_after = o->m_after;
    setText(o->text());
    return true;
}

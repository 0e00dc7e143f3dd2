#pragma once

#include "annotationmodel.h"

#include <QPointer>
#include <QUndoCommand>

// The undoable edits of an AnnotationModel (QUndoStack lives in Qt Gui, so the
// commands live here rather than in models/). Each holds the annotation's value
// before and after, and keeps its id, so undo and redo restore exactly what was
// there, at the same place in the draw order. A command whose model is gone does
// nothing.

class AddAnnotationCommand : public QUndoCommand
{
public:
    // `annotation` gets its id when first done (annotationId()).
    AddAnnotationCommand(AnnotationModel *model, Annotation annotation,
                         QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;
    int annotationId() const { return m_annotation.id; }

private:
    QPointer<AnnotationModel> m_model;
    Annotation m_annotation;
    int m_index = -1;
};

class RemoveAnnotationCommand : public QUndoCommand
{
public:
    RemoveAnnotationCommand(AnnotationModel *model, int id, QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    QPointer<AnnotationModel> m_model;
    Annotation m_annotation;
    int m_index = -1;
};

// Move, resize, reshape, or a new text or style: the whole value is replaced. The
// steps of one drag (same `gesture`, non-zero) merge into one command, so a drag is
// undone in one step whatever the number of mouse moves.
class ChangeAnnotationCommand : public QUndoCommand
{
public:
    enum class Change { Move, Reshape, Edit };
    ChangeAnnotationCommand(AnnotationModel *model, const Annotation &before,
                            const Annotation &after, Change change, int gesture = 0,
                            QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

    static constexpr int kMergeId = 0x414e; // QUndoCommand::id() of mergeable drags

private:
    QPointer<AnnotationModel> m_model;
    Annotation m_before, m_after;
    int m_gesture = 0;
};

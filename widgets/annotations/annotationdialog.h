#pragma once

#include "annotationmodel.h"

#include <QDialog>

class QDoubleSpinBox;
class QPlainTextEdit;
class QToolButton;

// Edits one annotation's text and style: text, colour, line width, font size, and a
// circle's radius in nautical miles. The caller turns the result into one undoable
// command.
class AnnotationDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AnnotationDialog(const Annotation &annotation, QWidget *parent = nullptr);
    Annotation annotation() const; // the original with the edits applied
    void setColor(quint32 argb);

private:
    void chooseColor();

    Annotation m_annotation;
    quint32 m_color = 0;
    QPlainTextEdit *m_text = nullptr;
    QToolButton *m_colorButton = nullptr;
    QDoubleSpinBox *m_lineWidth = nullptr;
    QDoubleSpinBox *m_fontSize = nullptr;
    QDoubleSpinBox *m_radius = nullptr;
};

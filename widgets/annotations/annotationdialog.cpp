#include "annotationdialog.h"

#include <QColorDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QToolButton>

AnnotationDialog::AnnotationDialog(const Annotation &annotation, QWidget *parent)
    : QDialog(parent), m_annotation(annotation)
{
    setWindowTitle(QStringLiteral("%1 Properties").arg(Annotation::kindLabel(annotation.kind)));
    auto *form = new QFormLayout(this);
    m_text = new QPlainTextEdit(annotation.text);
    m_text->setObjectName(QStringLiteral("annotationText"));
    m_text->setTabChangesFocus(true);
    m_text->setFixedHeight(m_text->fontMetrics().lineSpacing() * 4 + 12);
    form->addRow(QStringLiteral("&Text:"), m_text);

    m_colorButton = new QToolButton;
    m_colorButton->setObjectName(QStringLiteral("annotationColor"));
    m_colorButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_colorButton, &QToolButton::clicked, this, &AnnotationDialog::chooseColor);
    form->addRow(QStringLiteral("&Colour:"), m_colorButton);
    setColor(annotation.color);

    m_lineWidth = new QDoubleSpinBox;
    m_lineWidth->setObjectName(QStringLiteral("annotationLineWidth"));
    m_lineWidth->setRange(Annotation::kMinLineWidth, Annotation::kMaxLineWidth);
    m_lineWidth->setSingleStep(0.5);
    m_lineWidth->setDecimals(1);
    m_lineWidth->setSuffix(QStringLiteral(" px"));
    m_lineWidth->setValue(annotation.lineWidth);
    form->addRow(QStringLiteral("&Line width:"), m_lineWidth);

    m_fontSize = new QDoubleSpinBox;
    m_fontSize->setObjectName(QStringLiteral("annotationFontSize"));
    m_fontSize->setRange(Annotation::kMinFontSize, Annotation::kMaxFontSize);
    m_fontSize->setDecimals(1);
    m_fontSize->setSuffix(QStringLiteral(" pt"));
    m_fontSize->setValue(annotation.fontSize);
    form->addRow(QStringLiteral("&Font size:"), m_fontSize);

    if (annotation.kind == Annotation::Kind::Circle) {
        m_radius = new QDoubleSpinBox;
        m_radius->setObjectName(QStringLiteral("annotationRadius"));
        m_radius->setRange(0.01, Annotation::kMaxRadiusNm);
        m_radius->setDecimals(2);
        m_radius->setSuffix(QStringLiteral(" nm"));
        m_radius->setValue(annotation.radiusNm);
        form->addRow(QStringLiteral("&Radius:"), m_radius);
    }
    if (annotation.kind == Annotation::Kind::EventLabel && !annotation.eventId.isEmpty())
        form->addRow(QStringLiteral("Event:"), new QLabel(annotation.eventId));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    m_text->setFocus();
    m_text->selectAll();
}

void AnnotationDialog::setColor(quint32 argb)
{
    m_color = argb;
    QPixmap swatch(16, 16);
    swatch.fill(Qt::transparent);
    QPainter p(&swatch);
    p.setPen(QColor(0, 0, 0, 120));
    p.setBrush(QColor::fromRgba(argb));
    p.drawRect(QRectF(0.5, 0.5, 15, 15));
    p.end();
    m_colorButton->setIcon(QIcon(swatch));
    m_colorButton->setText(QColor::fromRgba(argb).name(QColor::HexRgb));
}

void AnnotationDialog::chooseColor()
{
    const QColor c =
        QColorDialog::getColor(QColor::fromRgba(m_color), this, QStringLiteral("Annotation Colour"),
                               QColorDialog::ShowAlphaChannel);
    if (c.isValid())
        setColor(c.rgba());
}

Annotation AnnotationDialog::annotation() const
{
    Annotation a = m_annotation;
    a.text = m_text->toPlainText();
    a.color = m_color;
    a.lineWidth = m_lineWidth->value();
    a.fontSize = m_fontSize->value();
    if (m_radius)
        a.radiusNm = m_radius->value();
    return a;
}

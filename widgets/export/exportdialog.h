#pragma once

#include "exportsettings.h"

#include <QDialog>

class ExportScene;
class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QTimer;

// File ▸ Export Map…: every ExportSettings field, the file to write, and a live
// preview: the exact composition (ExportRenderer) of the scene, drawn small, redrawn
// shortly after each change. The dialog only edits settings; ExportController writes
// the file, off the GUI thread.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    // scene: what the preview draws (not owned; must outlive the dialog).
    explicit ExportDialog(ExportScene *scene, QWidget *parent = nullptr);

    ExportSettings settings() const;
    void setSettings(const ExportSettings &settings);
    QString path() const;
    void setPath(const QString &path); // its suffix follows the format from then on

    // The preview as last drawn (tests; also what the label shows).
    QImage previewImage() const { return m_preview; }
    static constexpr int kPreviewSide = 460;

public slots:
    void updatePreview(); // now, not after the delay

signals:
    void settingsChanged();

private:
    void changed();
    void formatChanged();
    void browse();
    void syncEnabled();
    void accept() override;

    ExportScene *m_scene;
    QComboBox *m_format;
    QRadioButton *m_pixels, *m_paperMode;
    QSpinBox *m_width, *m_height, *m_dpi;
    QComboBox *m_paper, *m_orientation;
    QLabel *m_outputSize;
    QCheckBox *m_titleOn, *m_subtitleOn;
    QLineEdit *m_title, *m_subtitle;
    QCheckBox *m_filters, *m_legend, *m_scaleBar, *m_north, *m_graticule, *m_inset, *m_attribution,
        *m_time;
    QCheckBox *m_fit, *m_selection;
    QLineEdit *m_path;
    QString m_confirmedPath; // chosen in the file dialog, which asked before replacing
    QLabel *m_previewLabel;
    QTimer *m_previewTimer;
    QImage m_preview;
    bool m_loading = false;
};

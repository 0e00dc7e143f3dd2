#include "exportdialog.h"

#include "exportscene.h"
#include "exportwriter.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace {
const char *const kFormatLabels[] = {"PNG image", "JPEG image", "PDF document (vector)",
                                     "SVG drawing (vector)", "GeoTIFF (georeferenced, EPSG:3857)"};

QSpinBox *spin(int min, int max, const QString &suffix)
{
    auto *s = new QSpinBox;
    s->setRange(min, max);
    s->setSuffix(suffix);
    s->setAccelerated(true);
    return s;
}
} // namespace

ExportDialog::ExportDialog(ExportScene *scene, QWidget *parent)
    : QDialog(parent), m_scene(scene), m_previewTimer(new QTimer(this))
{
    setWindowTitle(tr("Export Map"));
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(150);
    connect(m_previewTimer, &QTimer::timeout, this, &ExportDialog::updatePreview);

    m_format = new QComboBox;
    for (const char *label : kFormatLabels)
        m_format->addItem(tr(label));
    m_pixels = new QRadioButton(tr("Pixels"));
    m_paperMode = new QRadioButton(tr("Paper"));
    auto *modes = new QButtonGroup(this);
    modes->addButton(m_pixels);
    modes->addButton(m_paperMode);
    m_width = spin(ExportSettings::kMinSide, ExportSettings::kMaxSide, tr(" px"));
    m_height = spin(ExportSettings::kMinSide, ExportSettings::kMaxSide, tr(" px"));
    m_paper = new QComboBox;
    m_paper->addItems({QStringLiteral("A4"), QStringLiteral("A3"), QStringLiteral("Letter")});
    m_orientation = new QComboBox;
    m_orientation->addItems({tr("Landscape"), tr("Portrait")});
    m_dpi = spin(ExportSettings::kMinDpi, ExportSettings::kMaxDpi, tr(" dpi"));
    m_outputSize = new QLabel;
    m_outputSize->setObjectName(QStringLiteral("outputSize"));

    auto *pixelRow = new QHBoxLayout;
    pixelRow->addWidget(m_pixels);
    pixelRow->addWidget(m_width);
    pixelRow->addWidget(new QLabel(QStringLiteral("\u00d7")));
    pixelRow->addWidget(m_height);
    pixelRow->addStretch();
    auto *paperRow = new QHBoxLayout;
    paperRow->addWidget(m_paperMode);
    paperRow->addWidget(m_paper);
    paperRow->addWidget(m_orientation);
    paperRow->addStretch();

    m_titleOn = new QCheckBox(tr("Title"));
    m_subtitleOn = new QCheckBox(tr("Subtitle"));
    m_title = new QLineEdit;
    m_title->setObjectName(QStringLiteral("title"));
    m_title->setPlaceholderText(tr("e.g. Ship-to-ship transfers, East China Sea"));
    m_subtitle = new QLineEdit;
    m_subtitle->setObjectName(QStringLiteral("subtitle"));
    m_subtitle->setPlaceholderText(tr("e.g. January 2018"));

    auto *form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Size:"), pixelRow);
    form->addRow(QString(), paperRow);
    form->addRow(tr("Resolution:"), m_dpi);
    form->addRow(QString(), m_outputSize);
    form->addRow(m_titleOn, m_title);
    form->addRow(m_subtitleOn, m_subtitle);

    auto *decoBox = new QGroupBox(tr("Show"));
    auto *grid = new QGridLayout(decoBox);
    m_filters = new QCheckBox(tr("Time window and filters"));
    m_legend = new QCheckBox(tr("Legend"));
    m_scaleBar = new QCheckBox(tr("Scale bar"));
    m_north = new QCheckBox(tr("North arrow"));
    m_graticule = new QCheckBox(tr("Graticule and labels"));
    m_inset = new QCheckBox(tr("Overview map"));
    m_attribution = new QCheckBox(tr("Attribution"));
    m_time = new QCheckBox(tr("Export time"));
    const QList<QCheckBox *> boxes {m_filters,   m_legend, m_scaleBar,    m_north,
                                    m_graticule, m_inset,  m_attribution, m_time};
    for (int i = 0; i < boxes.size(); ++i)
        grid->addWidget(boxes[i], i / 2, i % 2);

    auto *mapBox = new QGroupBox(tr("Map"));
    auto *mapLayout = new QVBoxLayout(mapBox);
    m_fit = new QCheckBox(tr("Fit to the filtered events"));
    m_fit->setObjectName(QStringLiteral("fitToEvents"));
    m_fit->setToolTip(tr("Show the extent of the events the filters pass, with a margin, "
                         "instead of the window's view"));
    // Without events there is nothing to fit to: the window's view is the page.
    m_fit->setEnabled(m_scene && m_scene->context.filters.figures.bbox.has_value());
    m_selection = new QCheckBox(tr("Highlight the selected events"));
    m_selection->setObjectName(QStringLiteral("drawSelection"));
    m_selection->setToolTip(tr("Draw the window's selection rings on the page"));
    mapLayout->addWidget(m_fit);
    mapLayout->addWidget(m_selection);

    m_path = new QLineEdit;
    auto *browse = new QPushButton(tr("Browse\u2026"));
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browse);
    auto *fileForm = new QFormLayout;
    fileForm->addRow(tr("File:"), fileRow);

    m_previewLabel = new QLabel;
    m_previewLabel->setObjectName(QStringLiteral("preview"));
    m_previewLabel->setAlignment(Qt::AlignCenter);
    m_previewLabel->setMinimumSize(kPreviewSide + 12, kPreviewSide * 3 / 4 + 12);
    m_previewLabel->setStyleSheet(QStringLiteral("QLabel#preview { background: #8a939b; }"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    QPushButton *exportButton = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    exportButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(mapBox);
    left->addWidget(decoBox);
    left->addStretch();
    auto *top = new QHBoxLayout;
    top->addLayout(left);
    top->addWidget(m_previewLabel, 1);
    auto *main = new QVBoxLayout(this);
    main->addLayout(top, 1);
    main->addLayout(fileForm);
    main->addWidget(buttons);

    setSettings(ExportSettings());
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    for (QSpinBox *s : {m_width, m_height, m_dpi})
        connect(s, &QSpinBox::valueChanged, this, &ExportDialog::changed);
    for (QComboBox *c : {m_paper, m_orientation})
        connect(c, &QComboBox::currentIndexChanged, this, &ExportDialog::changed);
    connect(m_paperMode, &QRadioButton::toggled, this, [this](bool paper) {
        // Paper is for print: a screen resolution would print coarse.
        if (paper && !m_loading && m_dpi->value() < 150)
            m_dpi->setValue(300);
        changed();
    });
    for (QLineEdit *e : {m_title, m_subtitle})
        connect(e, &QLineEdit::textChanged, this, &ExportDialog::changed);
    for (QCheckBox *b : boxes + QList<QCheckBox *> {m_titleOn, m_subtitleOn, m_fit, m_selection})
        connect(b, &QCheckBox::toggled, this, &ExportDialog::changed);
}

ExportSettings ExportDialog::settings() const
{
    ExportSettings s;
    s.format = ExportSettings::Format(m_format->currentIndex());
    s.sizeMode = m_paperMode->isChecked() ? ExportSettings::SizeMode::Paper
                                          : ExportSettings::SizeMode::Pixels;
    s.pixelSize = QSize(m_width->value(), m_height->value());
    s.paper = ExportSettings::Paper(m_paper->currentIndex());
    s.landscape = m_orientation->currentIndex() == 0;
    s.dpi = m_dpi->value();
    s.title = m_title->text();
    s.subtitle = m_subtitle->text();
    ExportSettings::Decorations &d = s.decorations;
    d.title = m_titleOn->isChecked();
    d.subtitle = m_subtitleOn->isChecked();
    d.filters = m_filters->isChecked();
    d.legend = m_legend->isChecked();
    d.scaleBar = m_scaleBar->isChecked();
    d.northArrow = m_north->isChecked();
    d.graticule = m_graticule->isChecked();
    d.inset = m_inset->isChecked();
    d.attribution = m_attribution->isChecked();
    d.exportTime = m_time->isChecked();
    s.fitToEvents = m_fit->isChecked();
    s.drawSelection = m_selection->isChecked();
    return s;
}

void ExportDialog::setSettings(const ExportSettings &s)
{
    m_loading = true;
    m_format->setCurrentIndex(int(s.format));
    (s.sizeMode == ExportSettings::SizeMode::Paper ? m_paperMode : m_pixels)->setChecked(true);
    m_width->setValue(s.pixelSize.width());
    m_height->setValue(s.pixelSize.height());
    m_paper->setCurrentIndex(int(s.paper));
    m_orientation->setCurrentIndex(s.landscape ? 0 : 1);
    m_dpi->setValue(s.dpi);
    m_title->setText(s.title);
    m_subtitle->setText(s.subtitle);
    const ExportSettings::Decorations &d = s.decorations;
    m_titleOn->setChecked(d.title);
    m_subtitleOn->setChecked(d.subtitle);
    m_filters->setChecked(d.filters);
    m_legend->setChecked(d.legend);
    m_scaleBar->setChecked(d.scaleBar);
    m_north->setChecked(d.northArrow);
    m_graticule->setChecked(d.graticule);
    m_inset->setChecked(d.inset);
    m_attribution->setChecked(d.attribution);
    m_time->setChecked(d.exportTime);
    m_fit->setChecked(s.fitToEvents);
    m_selection->setChecked(s.drawSelection);
    m_loading = false;
    formatChanged();
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
    formatChanged();
}

void ExportDialog::formatChanged()
{
    // The file's suffix follows the format ("map.png" becomes "map.pdf").
    const QString p = path();
    if (!p.isEmpty()) {
        const QFileInfo info(p);
        const QString base =
            info.suffix().isEmpty() || !ExportSettings::formatFromName(info.suffix())
            ? p
            : p.left(p.size() - info.suffix().size() - 1);
        m_path->setText(exportwriter::withSuffix(base, settings().format));
    }
    changed();
}

void ExportDialog::syncEnabled()
{
    const bool paper = m_paperMode->isChecked();
    m_width->setEnabled(!paper);
    m_height->setEnabled(!paper);
    m_paper->setEnabled(paper);
    m_orientation->setEnabled(paper);
    m_title->setEnabled(m_titleOn->isChecked());
    m_subtitle->setEnabled(m_subtitleOn->isChecked());
}

void ExportDialog::changed()
{
    if (m_loading)
        return;
    syncEnabled();
    const ExportSettings s = settings();
    const QSize px = s.outputPixels();
    QString text = tr("%1 \u00d7 %2 pixels").arg(px.width()).arg(px.height());
    if (s.sizeMode == ExportSettings::SizeMode::Paper) {
        const QSizeF mm = s.paperMillimetres();
        text +=
            tr(" \u00b7 %1 \u00d7 %2 mm").arg(mm.width(), 0, 'f', 0).arg(mm.height(), 0, 'f', 0);
    } else {
        text += tr(" \u00b7 %1 \u00d7 %2 cm at %3 dpi")
                    .arg(px.width() / double(s.dpi) * 2.54, 0, 'f', 1)
                    .arg(px.height() / double(s.dpi) * 2.54, 0, 'f', 1)
                    .arg(s.dpi);
    }
    QString why;
    if (!s.validate(&why))
        text = why;
    m_outputSize->setText(text);
    m_previewTimer->start();
    emit settingsChanged();
}

void ExportDialog::updatePreview()
{
    m_previewTimer->stop();
    const ExportSettings s = settings();
    QString why;
    if (!m_scene || !s.validate(&why))
        return;
    m_preview = exportwriter::renderPreview(s, *m_scene, kPreviewSide);
    m_previewLabel->setPixmap(QPixmap::fromImage(m_preview));
}

void ExportDialog::browse()
{
    const ExportSettings::Format f = settings().format;
    const QString filter =
        tr("%1 (*.%2)").arg(tr(kFormatLabels[int(f)]), ExportSettings::formatName(f));
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Map"), path(), filter);
    if (!chosen.isEmpty()) {
        m_path->setText(exportwriter::withSuffix(chosen, f));
        m_confirmedPath = path(); // the file dialog asked about replacing it
    }
}

void ExportDialog::accept()
{
    QString why;
    if (!settings().validate(&why)) {
        QMessageBox::warning(this, tr("Export Map"), why);
        return;
    }
    if (path().isEmpty()) {
        browse();
        if (path().isEmpty())
            return;
    }
    if (QFileInfo::exists(path()) && path() != m_confirmedPath
        && QMessageBox::question(this, tr("Export Map"),
                                 tr("%1 already exists. Replace it?").arg(path()))
            != QMessageBox::Yes)
        return;
    QDialog::accept();
}

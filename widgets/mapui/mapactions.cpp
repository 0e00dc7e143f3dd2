#include "mapactions.h"

#include "map/mapview.h"
#include "map/tracklayer.h"
#include "mapcontroller.h"
#include "transfermodel.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QWidget>

MapActions::MapActions(MapController *map, TransferModel *model, QWidget *parent)
    : QObject(parent), m_map(map), m_model(model)
{
    m_fit = new QAction(QStringLiteral("&Fit to Data"), this);
    m_fit->setObjectName(QStringLiteral("fitToDataAction"));
    m_fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_fit->setToolTip(QStringLiteral("Fit to data (Ctrl+0): show every event"));
    connect(m_fit, &QAction::triggered, m_map, &MapController::fitToData);

    m_zoomSelection = new QAction(QStringLiteral("&Zoom to Selection"), this);
    m_zoomSelection->setObjectName(QStringLiteral("zoomToSelectionAction"));
    // Ctrl+J as in QGIS: Ctrl+Shift+Z is Redo.
    m_zoomSelection->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    m_zoomSelection->setToolTip(
        QStringLiteral("Zoom to selection (Ctrl+J): show the selected events"));
    connect(m_zoomSelection, &QAction::triggered, m_map, &MapController::zoomToSelection);

    m_measure = new QAction(QStringLiteral("&Measure Distance"), this);
    m_measure->setObjectName(QStringLiteral("measureAction"));
    m_measure->setCheckable(true);
    m_measure->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_measure->setToolTip(QStringLiteral("Measure distance (Ctrl+M): click points on the map for "
                                         "the great-circle distance; Esc clears"));
    MapView *view = m_map->view();
    connect(m_measure, &QAction::toggled, view, &MapView::setMeasuring);
    connect(view, &MapView::measuringChanged, m_measure, &QAction::setChecked);

    m_sizeByVolume = new QAction(QStringLiteral("&Size by Volume"), this);
    m_sizeByVolume->setObjectName(QStringLiteral("sizeByVolumeAction"));
    m_sizeByVolume->setCheckable(true);
    m_sizeByVolume->setToolTip(QStringLiteral("Draw markers larger for larger volumes"));
    connect(m_sizeByVolume, &QAction::toggled, m_map, &MapController::setSizeByVolume);

    m_basemapMenu = new QMenu(QStringLiteral("&Basemap"), parent);
    m_basemapMenu->setObjectName(QStringLiteral("basemapMenu"));
    m_basemaps = new QActionGroup(this);
    const auto addBasemap = [this](const QString &label, const QString &name,
                                   RenderOptions::Basemap b) {
        QAction *a = m_basemapMenu->addAction(label, this, [this, b] { m_map->setBasemap(b); });
        a->setObjectName(name);
        a->setCheckable(true);
        a->setData(int(b));
        m_basemaps->addAction(a);
    };
    addBasemap(QStringLiteral("&None"), QStringLiteral("basemapNoneAction"),
               RenderOptions::Basemap::None);
    addBasemap(QStringLiteral("Natural &Earth (offline)"), QStringLiteral("basemapLandAction"),
               RenderOptions::Basemap::Land);
    addBasemap(QStringLiteral("&OpenStreetMap Tiles (online)"),
               QStringLiteral("basemapTilesAction"), RenderOptions::Basemap::Tiles);

    m_colorMenu = new QMenu(QStringLiteral("&Colour Markers By"), parent);
    m_colorMenu->setObjectName(QStringLiteral("colorByMenu"));
    m_colorCombo = new QComboBox(parent);
    m_colorCombo->setObjectName(QStringLiteral("colorByCombo"));
    m_colorCombo->setToolTip(QStringLiteral("Colour the markers by this field or column"));
    m_colorCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_colorCombo, &QComboBox::activated, this,
            [this](int index) { m_map->setColorBy(m_colorCombo->itemData(index).toString()); });
    connect(m_map, &MapController::optionsChanged, this, &MapActions::optionsChanged);
    updateColorChoices();

    m_trackColorMenu = new QMenu(QStringLiteral("Colour &Tracks By"), parent);
    m_trackColorMenu->setObjectName(QStringLiteral("trackColorMenu"));
    auto *trackGroup = new QActionGroup(this);
    const auto addTrackMode = [this, trackGroup](const QString &label, const QString &name,
                                                 TrackLayer::ColorMode mode) {
        QAction *a = m_trackColorMenu->addAction(
            label, this, [this, mode] { m_map->trackLayer()->setColorMode(mode); });
        a->setObjectName(name);
        a->setCheckable(true);
        a->setChecked(m_map->trackLayer()->colorMode() == mode);
        trackGroup->addAction(a);
    };
    addTrackMode(QStringLiteral("&Speed over Ground"), QStringLiteral("trackColorSpeedAction"),
                 TrackLayer::ColorMode::Speed);
    addTrackMode(QStringLiteral("&Vessel"), QStringLiteral("trackColorVesselAction"),
                 TrackLayer::ColorMode::Vessel);
}

void MapActions::addTo(QMenu *menu)
{
    menu->addAction(m_fit);
    menu->addAction(m_zoomSelection);
    menu->addAction(m_measure);
    menu->addSeparator();
    menu->addMenu(m_basemapMenu);
    menu->addMenu(m_colorMenu);
    menu->addAction(m_sizeByVolume);
    menu->addMenu(m_trackColorMenu);
}

QToolBar *MapActions::createToolBar(QWidget *parent)
{
    auto *bar = new QToolBar(QStringLiteral("Map"), parent);
    bar->setObjectName(QStringLiteral("mapToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *label = new QLabel(QStringLiteral(" Colour by: "));
    label->setBuddy(m_colorCombo);
    bar->addWidget(label);
    bar->addWidget(m_colorCombo);
    bar->addAction(m_sizeByVolume);
    bar->addSeparator();
    bar->addAction(m_fit);
    bar->addAction(m_zoomSelection);
    bar->addAction(m_measure);
    bar->addSeparator();
    // The basemap menu's own actions behind one button.
    auto *basemap = new QToolButton;
    basemap->setObjectName(QStringLiteral("basemapButton"));
    basemap->setText(QStringLiteral("Basemap"));
    basemap->setToolTip(QStringLiteral("None, Natural Earth or OpenStreetMap tiles"));
    basemap->setMenu(m_basemapMenu);
    basemap->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(basemap);
    return bar;
}

QList<QPair<QString, QString>> MapActions::colorKeys() const
{
    QList<QPair<QString, QString>> keys;
    for (Field f : {Field::Cargo, Field::Confidence, Field::VesselAFlag, Field::VesselBFlag,
                    Field::Source, Field::Volume})
        keys.append({fieldKey(f), fieldLabel(f)});
    if (const auto &store = m_model->store()) {
        for (const QString &name : store->extraNames())
            keys.append({name, name});
    }
    return keys;
}

void MapActions::updateColorChoices()
{
    m_colorMenu->clear();
    delete m_colorGroup;
    m_colorGroup = new QActionGroup(this);
    m_colorCombo->clear();
    for (const auto &[key, label] : colorKeys()) {
        QString text = label;
        text.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction *a =
            m_colorMenu->addAction(text, this, [this, key = key] { m_map->setColorBy(key); });
        a->setCheckable(true);
        a->setData(key);
        m_colorGroup->addAction(a);
        m_colorCombo->addItem(label, key);
    }
    optionsChanged();
}

void MapActions::optionsChanged()
{
    const RenderOptions &options = m_map->options();
    for (QAction *a : m_basemaps->actions())
        a->setChecked(a->data().toInt() == int(options.basemap));
    for (QAction *a : m_colorGroup->actions())
        a->setChecked(a->data().toString() == options.colorBy);
    m_colorCombo->setCurrentIndex(m_colorCombo->findData(options.colorBy));
    m_sizeByVolume->setChecked(options.sizeByVolume);
}

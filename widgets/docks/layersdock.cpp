#include "layersdock.h"

#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/rasterlayer.h"
#include "map/vectoroverlaylayer.h"
#include "mapui/mapcontroller.h"
#include "mapui/overlayloader.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
const QString kOverlaysKey = QStringLiteral("map/overlays");

constexpr int kLayerRole = Qt::UserRole + 1;

QIcon swatch(const QColor &color)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    QColor fill = color;
    fill.setAlpha(110);
    p.setPen(QPen(color, 2));
    p.setBrush(fill);
    p.drawRect(QRectF(1, 1, 12, 12));
    return QIcon(pixmap);
}

// Three markers, for the events row, in the size of the overlays' swatches.
QIcon eventsIcon()
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(Qt::white, 1));
    const QColor colors[] = {QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00),
                             QColor(0x00, 0x9e, 0x73)};
    const QPointF centres[] = {QPointF(4, 4.5), QPointF(10, 5.5), QPointF(6.5, 10)};
    for (int i = 0; i < 3; ++i) {
        p.setBrush(colors[i]);
        p.drawEllipse(centres[i], 3.2, 3.2);
    }
    return QIcon(pixmap);
}

// A little landscape, for raster rows.
QIcon rasterIcon()
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x9e, 0xc9, 0xe2));
    p.drawRect(QRectF(1, 1, 12, 12));
    p.setBrush(QColor(0x4d, 0x8a, 0x3c));
    p.drawPolygon(QPolygonF(
        {QPointF(1, 13), QPointF(5, 6), QPointF(8, 10), QPointF(10, 7), QPointF(13, 13)}));
    p.setPen(QPen(QColor(0x55, 0x55, 0x55), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(0.5, 0.5, 13, 13));
    return QIcon(pixmap);
}

QToolButton *button(const QString &text, const QString &name, const QString &tip)
{
    auto *b = new QToolButton;
    b->setText(text);
    b->setObjectName(name);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}
} // namespace

LayersDock::LayersDock(MapController *map, OverlayLoader *loader, QWidget *parent)
    : QDockWidget(QStringLiteral("Layers"), parent),
      m_map(map),
      m_layers(map->layers()),
      m_loader(loader)
{
    setObjectName(QStringLiteral("layersDock"));
    setAcceptDrops(true);

    auto *body = new QWidget;
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("layersList"));
    m_list->setToolTip(QStringLiteral("Tick to show a layer; drop vector files here to add "
                                      "them as overlays"));
    layout->addWidget(m_list, 1);

    auto *buttons = new QHBoxLayout;
    m_add = button(QStringLiteral("Add Layer\u2026"), QStringLiteral("addLayerButton"),
                   QStringLiteral("Add a vector file (GeoJSON, GeoPackage, Shapefile, KML\u2026) "
                                  "or a raster (GeoTIFF, Cloud-Optimized GeoTIFF, VRT) as an "
                                  "overlay"));
    m_remove = button(QStringLiteral("Remove"), QStringLiteral("removeLayerButton"),
                      QStringLiteral("Remove the selected overlay or raster"));
    m_color = button(QStringLiteral("Colour\u2026"), QStringLiteral("layerColorButton"),
                     QStringLiteral("Change the colour of the selected overlay"));
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    m_up = button(QStringLiteral("Up"), QStringLiteral("rasterUpButton"),
                  QStringLiteral("Draw the selected raster over the one above it"));
    m_down = button(QStringLiteral("Down"), QStringLiteral("rasterDownButton"),
                    QStringLiteral("Draw the selected raster under the one below it"));
    buttons->addWidget(m_color);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    auto *opacityRow = new QHBoxLayout;
    m_opacityLabel = new QLabel(QStringLiteral("&Opacity:"));
    m_opacity = new QSlider(Qt::Horizontal);
    m_opacity->setObjectName(QStringLiteral("rasterOpacitySlider"));
    m_opacity->setRange(0, 100);
    m_opacity->setToolTip(QStringLiteral("Opacity of the selected raster (percent)"));
    m_opacityLabel->setBuddy(m_opacity);
    opacityRow->addWidget(m_opacityLabel);
    opacityRow->addWidget(m_opacity, 1);
    layout->addLayout(opacityRow);
    connect(m_opacity, &QSlider::valueChanged, this, [this](int value) {
        if (!m_rebuilding)
            setRasterOpacity(currentRaster(), value / 100.0);
    });
    connect(m_up, &QToolButton::clicked, this, [this] { moveRaster(currentRaster(), 1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveRaster(currentRaster(), -1); });

    auto *basemapRow = new QHBoxLayout;
    auto *label = new QLabel(QStringLiteral("&Basemap:"));
    m_basemap = new QComboBox;
    m_basemap->setObjectName(QStringLiteral("basemapCombo"));
    m_basemap->addItem(QStringLiteral("None"), int(RenderOptions::Basemap::None));
    m_basemap->addItem(QStringLiteral("Natural Earth (offline)"),
                       int(RenderOptions::Basemap::Land));
    m_basemap->addItem(QStringLiteral("OpenStreetMap tiles (online)"),
                       int(RenderOptions::Basemap::Tiles));
    label->setBuddy(m_basemap);
    basemapRow->addWidget(label);
    basemapRow->addWidget(m_basemap, 1);
    layout->addLayout(basemapRow);

    // Graduated colours: shown only while the markers are coloured by numbers.
    auto *classesRow = new QHBoxLayout;
    m_classesLabel = new QLabel(QStringLiteral("C&lasses:"));
    m_classMethod = new QComboBox;
    m_classMethod->setObjectName(QStringLiteral("classMethodCombo"));
    m_classMethod->addItem(QStringLiteral("Quantiles"), int(ClassMethod::Quantile));
    m_classMethod->addItem(QStringLiteral("Equal intervals"), int(ClassMethod::EqualInterval));
    m_classMethod->setToolTip(QStringLiteral(
        "How the colour ramp splits the numbers: quantiles put about as many events in each "
        "class, equal intervals give classes of equal width"));
    m_classCount = new QSpinBox;
    m_classCount->setObjectName(QStringLiteral("classCountSpin"));
    m_classCount->setRange(ClassOptions::kMinClasses, ClassOptions::kMaxClasses);
    m_classCount->setToolTip(QStringLiteral("Number of classes (colours) of the ramp"));
    m_classesLabel->setBuddy(m_classMethod);
    classesRow->addWidget(m_classesLabel);
    classesRow->addWidget(m_classMethod, 1);
    classesRow->addWidget(m_classCount);
    layout->addLayout(classesRow);
    setWidget(body);
    connect(m_classMethod, &QComboBox::activated, this, &LayersDock::setClasses);
    connect(m_classCount, &QSpinBox::valueChanged, this, &LayersDock::setClasses);
    connect(m_map, &MapController::optionsChanged, this, &LayersDock::showClasses);
    connect(m_map->eventLayer(), &EventLayer::dataChanged, this, &LayersDock::showClasses);
    showClasses();

    const auto showBasemap = [this](const RenderOptions &options) {
        m_basemap->setCurrentIndex(m_basemap->findData(int(options.basemap)));
    };
    showBasemap(m_map->options());
    connect(m_map, &MapController::optionsChanged, this, showBasemap);
    connect(m_basemap, &QComboBox::activated, this, [this](int index) {
        m_map->setBasemap(RenderOptions::Basemap(m_basemap->itemData(index).toInt()));
    });

    connect(m_add, &QToolButton::clicked, this, &LayersDock::showAddDialog);
    connect(m_remove, &QToolButton::clicked, this, &LayersDock::removeCurrent);
    connect(m_color, &QToolButton::clicked, this, &LayersDock::chooseColor);
    connect(m_list, &QListWidget::itemChanged, this, &LayersDock::itemChanged);
    connect(m_list, &QListWidget::currentRowChanged, this, &LayersDock::updateButtons);
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this] {
        if (currentOverlay())
            chooseColor();
    });
    connect(m_layers, &MapLayerSet::overlaysChanged, this, &LayersDock::rebuild);
    // A raster that opened but whose pixels cannot be read says so, however it came in.
    connect(m_layers, &MapLayerSet::rasterAdded, this, [this](RasterLayer *raster) {
        connect(raster, &RasterLayer::readFailed, this,
                [this](const QString &message) { emit statusMessage(message, 0); });
    });
    connect(m_map->eventLayer(), &MapLayer::changed, this, &LayersDock::rebuild);
    rebuild();
}

// A read still running when the dock goes is dropped by the loader (this is its context).
LayersDock::~LayersDock() = default;

bool LayersDock::isOverlayFile(const QString &path)
{
    static const QStringList suffixes = {
        QStringLiteral("geojson"), QStringLiteral("json"), QStringLiteral("gpkg"),
        QStringLiteral("shp"),     QStringLiteral("kml"),  QStringLiteral("kmz"),
        QStringLiteral("fgb"),     QStringLiteral("gml"),  QStringLiteral("gpx")};
    return suffixes.contains(QFileInfo(path).suffix().toLower()) || RasterLayer::isRasterFile(path);
}

void LayersDock::addOverlayFile(const QString &path)
{
    if (path.isEmpty())
        return;
    const bool restoring = m_restoring;
    ++m_pending;
    m_loader->read({path}, this, [this, path, restoring](OverlayLoader::Result result) {
        --m_pending;
        const OverlayLoader::File read =
            result.files.empty() ? OverlayLoader::File {} : result.files.front();
        const QString error = result.outOfMemory
            ? QStringLiteral("%1: not enough memory to read it").arg(path)
            : read.error;
        if (!read.ok()) {
            if (!restoring)
                showError(path, error);
            emit overlayFailed(path, error);
            return;
        }
        if (read.raster) {
            RasterLayer *added = m_layers->addRaster(std::make_unique<RasterLayer>(read.raster));
            m_list->setCurrentRow(rowOf(added));
            if (!restoring)
                saveOverlays();
            emit rasterAdded(added);
            return;
        }
        auto layer = std::make_unique<VectorOverlayLayer>(read.geometry, path);
        layer->setColor(VectorOverlayLayer::defaultColor(m_added++));
        VectorOverlayLayer *added = m_layers->addOverlay(std::move(layer));
        m_list->setCurrentRow(rowOf(added));
        if (!restoring)
            saveOverlays();
        emit overlayAdded(added);
        if (!read.geometry->skipped.isEmpty())
            emit statusMessage(read.geometry->skipped.join(QStringLiteral("; ")), 0);
    });
}

void LayersDock::showClasses()
{
    const EventLayer *events = m_map->eventLayer();
    const ClassOptions &classes = m_map->options().colorClasses;
    const QSignalBlocker blockMethod(m_classMethod), blockCount(m_classCount);
    m_classMethod->setCurrentIndex(m_classMethod->findData(int(classes.method)));
    m_classCount->setValue(classes.classes);
    const bool graduated = events->categories().colors().isGraduated();
    for (QWidget *w : {static_cast<QWidget *>(m_classesLabel),
                       static_cast<QWidget *>(m_classMethod), static_cast<QWidget *>(m_classCount)})
        w->setVisible(graduated);
}

void LayersDock::setClasses()
{
    RenderOptions options = m_map->options();
    options.colorClasses = {ClassMethod(m_classMethod->currentData().toInt()),
                            m_classCount->value()};
    m_map->setOptions(options);
}

void LayersDock::showError(const QString &path, const QString &error)
{
    // Not exec(): a window-modal box that does not block the event loop (nor tests).
    auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Could not add layer"),
                                QStringLiteral("Could not read \u201c%1\u201d as a map layer.")
                                    .arg(QFileInfo(path).fileName()),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("overlayErrorBox"));
    box->setInformativeText(
        QStringLiteral("%1\n\nFile: %2").arg(error, QDir::toNativeSeparators(path)));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void LayersDock::removeOverlay(VectorOverlayLayer *overlay)
{
    if (!overlay)
        return;
    m_layers->removeOverlay(overlay);
    saveOverlays();
}

void LayersDock::setOverlayColor(VectorOverlayLayer *overlay, const QColor &color)
{
    if (!overlay || !color.isValid())
        return;
    overlay->setColor(color);
    saveOverlays();
}

void LayersDock::setLayerVisible(MapLayer *layer, bool visible)
{
    if (!layer)
        return;
    layer->setVisible(visible);
    // The highlight belongs to the events: hidden events show no selection rings.
    if (layer == m_map->eventLayer())
        m_map->eventLayer()->selectionLayer()->setVisible(visible);
    rebuild();
    saveOverlays();
}

void LayersDock::removeRaster(RasterLayer *raster)
{
    if (!raster)
        return;
    m_layers->removeRaster(raster);
    saveOverlays();
}

void LayersDock::setRasterOpacity(RasterLayer *raster, double opacity)
{
    if (!raster)
        return;
    raster->setOpacity(opacity);
    saveOverlays();
}

void LayersDock::moveRaster(RasterLayer *raster, int steps)
{
    const int index = m_layers->rasters().indexOf(raster);
    if (index < 0)
        return;
    m_layers->moveRaster(raster, index + steps);
    saveOverlays();
}

RasterLayer *LayersDock::currentRaster() const
{
    return qobject_cast<RasterLayer *>(layerAt(m_list->currentRow()));
}

VectorOverlayLayer *LayersDock::currentOverlay() const
{
    return qobject_cast<VectorOverlayLayer *>(layerAt(m_list->currentRow()));
}

MapLayer *LayersDock::layerAt(int row) const
{
    const QListWidgetItem *item = m_list->item(row);
    return item ? reinterpret_cast<MapLayer *>(item->data(kLayerRole).value<quintptr>()) : nullptr;
}

int LayersDock::rowOf(const MapLayer *layer) const
{
    for (int i = 0; i < m_list->count(); ++i)
        if (layerAt(i) == layer)
            return i;
    return -1;
}

void LayersDock::rebuild()
{
    // The list is rebuilt from the layer set, the one truth; the current row follows
    // its layer.
    const MapLayer *current = layerAt(m_list->currentRow());
    m_rebuilding = true;
    m_list->clear();
    const auto add = [this](MapLayer *layer, const QString &text, const QIcon &icon,
                            const QString &tip) {
        auto *item = new QListWidgetItem(icon, text);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(layer->isVisible() ? Qt::Checked : Qt::Unchecked);
        item->setData(kLayerRole, QVariant::fromValue(reinterpret_cast<quintptr>(layer)));
        item->setToolTip(tip);
        m_list->addItem(item);
    };
    // Top of the stack first: the events, then the overlays, last added first.
    add(m_map->eventLayer(), QStringLiteral("Events"), eventsIcon(),
        QStringLiteral("The transfer events (markers, clusters and legend)"));
    const QList<VectorOverlayLayer *> overlays = m_layers->overlays();
    for (auto it = overlays.rbegin(); it != overlays.rend(); ++it)
        add(*it, (*it)->name(), swatch((*it)->color()), QDir::toNativeSeparators((*it)->path()));
    const QList<RasterLayer *> rasters = m_layers->rasters();
    for (auto it = rasters.rbegin(); it != rasters.rend(); ++it) {
        const gdal::RasterInfo &i = (*it)->raster()->info();
        add(*it, (*it)->name(), rasterIcon(),
            QStringLiteral("%1\n%2 \u00d7 %3 px, %4, %5 overview(s), %6")
                .arg(QDir::toNativeSeparators((*it)->path()))
                .arg(i.width)
                .arg(i.height)
                .arg(i.layout)
                .arg(i.overviews.size())
                .arg(i.crs));
    }
    const int row = rowOf(current);
    m_list->setCurrentRow(row >= 0 ? row : (m_list->count() > 1 ? 1 : 0));
    m_rebuilding = false;
    updateButtons();
}

void LayersDock::itemChanged(QListWidgetItem *item)
{
    if (m_rebuilding)
        return;
    MapLayer *layer = layerAt(m_list->row(item));
    const bool visible = item->checkState() == Qt::Checked;
    if (layer && layer->isVisible() != visible)
        setLayerVisible(layer, visible);
}

void LayersDock::updateButtons()
{
    const bool overlay = currentOverlay() != nullptr;
    RasterLayer *raster = currentRaster();
    const QList<RasterLayer *> rasters = m_layers->rasters();
    m_remove->setEnabled(overlay || raster);
    m_color->setEnabled(overlay);
    m_up->setVisible(!rasters.isEmpty());
    m_down->setVisible(!rasters.isEmpty());
    m_up->setEnabled(raster && raster != rasters.constLast());
    m_down->setEnabled(raster && raster != rasters.constFirst());
    m_opacityLabel->setVisible(!rasters.isEmpty());
    m_opacity->setVisible(!rasters.isEmpty());
    m_opacity->setEnabled(raster != nullptr);
    const QSignalBlocker block(m_opacity);
    m_opacity->setValue(raster ? int(std::lround(raster->opacity() * 100)) : 100);
}

void LayersDock::showAddDialog()
{
    QSettings settings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"));
    const QString dir =
        settings
            .value(QStringLiteral("lastLayerDirectory"),
                   settings.value(QStringLiteral("lastDirectory"), QDir::homePath()))
            .toString();
    const QStringList filters = {
        QStringLiteral("Map layers (*.geojson *.json *.gpkg *.shp *.kml *.kmz *.fgb *.gml *.gpx "
                       "*.tif *.tiff *.vrt *.jp2 *.img)"),
        QStringLiteral(
            "Vector files (*.geojson *.json *.gpkg *.shp *.kml *.kmz *.fgb *.gml *.gpx)"),
        QStringLiteral("Rasters (*.tif *.tiff *.vrt *.jp2 *.img)"),
        QStringLiteral("All files (*)")};
    const QStringList paths = QFileDialog::getOpenFileNames(this, QStringLiteral("Add Layer"), dir,
                                                            filters.join(QStringLiteral(";;")));
    if (paths.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastLayerDirectory"),
                      QFileInfo(paths.first()).absolutePath());
    for (const QString &path : paths)
        addOverlayFile(path);
}

void LayersDock::removeCurrent()
{
    if (RasterLayer *raster = currentRaster())
        removeRaster(raster);
    else
        removeOverlay(currentOverlay());
}

void LayersDock::chooseColor()
{
    VectorOverlayLayer *overlay = currentOverlay();
    if (!overlay)
        return;
    auto *dialog = new QColorDialog(overlay->color(), this);
    dialog->setObjectName(QStringLiteral("layerColorDialog"));
    dialog->setWindowTitle(QStringLiteral("Colour of %1").arg(overlay->name()));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QPointer<VectorOverlayLayer> target(overlay);
    connect(dialog, &QColorDialog::colorSelected, this, [this, target](const QColor &color) {
        if (target)
            setOverlayColor(target, color);
    });
    dialog->open();
}

void LayersDock::dragEnterEvent(QDragEnterEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (!mime || !mime->hasUrls())
        return;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && isOverlayFile(url.toLocalFile())) {
            event->acceptProposedAction();
            return;
        }
    }
}

void LayersDock::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (!mime || !mime->hasUrls())
        return;
    bool any = false;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && isOverlayFile(url.toLocalFile())) {
            addOverlayFile(url.toLocalFile());
            any = true;
        }
    }
    if (any)
        event->acceptProposedAction();
}

void LayersDock::saveOverlays() const
{
    QVariantList saved;
    for (const VectorOverlayLayer *o : m_layers->overlays()) {
        QVariantMap entry;
        entry.insert(QStringLiteral("path"), QFileInfo(o->path()).absoluteFilePath());
        entry.insert(QStringLiteral("color"), o->color().name());
        entry.insert(QStringLiteral("visible"), o->isVisible());
        saved.append(entry);
    }
    // Rasters first (bottom first, as projects list them); restored as files of their kind.
    const QList<RasterLayer *> rasters = m_layers->rasters();
    for (auto it = rasters.rbegin(); it != rasters.rend(); ++it) {
        const RasterLayer *r = *it;
        QVariantMap entry;
        entry.insert(QStringLiteral("path"), QFileInfo(r->path()).absoluteFilePath());
        entry.insert(QStringLiteral("opacity"), r->opacity());
        entry.insert(QStringLiteral("visible"), r->isVisible());
        saved.prepend(entry);
    }
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"))
        .setValue(kOverlaysKey, saved);
}

void LayersDock::restoreOverlays()
{
    const QVariantList saved = QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"))
                                   .value(kOverlaysKey)
                                   .toList();
    m_restoring = true;
    for (const QVariant &v : saved) {
        const QVariantMap entry = v.toMap();
        const QString path = entry.value(QStringLiteral("path")).toString();
        const QColor color(entry.value(QStringLiteral("color")).toString());
        const bool visible = entry.value(QStringLiteral("visible"), true).toBool();
        const double opacity = entry.value(QStringLiteral("opacity"), 1.0).toDouble();
        // The saved colour and visibility apply once the file is read again.
        auto *guard = new QObject(this);
        connect(this, &LayersDock::overlayAdded, guard,
                [guard, path, color, visible](VectorOverlayLayer *overlay) {
                    if (overlay->path() != path)
                        return;
                    overlay->setColor(color);
                    overlay->setVisible(visible);
                    guard->deleteLater();
                });
        connect(this, &LayersDock::rasterAdded, guard,
                [guard, path, opacity, visible](RasterLayer *raster) {
                    if (raster->path() != path)
                        return;
                    raster->setOpacity(opacity);
                    raster->setVisible(visible);
                    guard->deleteLater();
                });
        connect(this, &LayersDock::overlayFailed, guard, [guard, path](const QString &failed) {
            if (failed == path)
                guard->deleteLater();
        });
        addOverlayFile(path);
    }
    m_restoring = false;
}

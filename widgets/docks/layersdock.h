#pragma once

#include <QDockWidget>
#include <QPointer>

class MapController;
class MapLayer;
class MapLayerSet;
class OverlayLoader;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class RasterLayer;
class QListWidget;
class QListWidgetItem;
class QToolButton;
class VectorOverlayLayer;

// The map's layers as a list: the events and the vector overlays (top first, as they
// stack), each with a visibility check box; overlays also with their colour. Add Layer…
// (or dropping .geojson/.gpkg/.shp/.kml… files on the dock) reads a file off the GUI
// thread (through the window's OverlayLoader, which projects share); Remove and Colour… act on the
// current overlay. Rasters (GeoTIFF, COG, VRT: imagery, through GDAL) are added the same way and
// listed under the vector overlays (they draw under them, over the basemap); Up and Down order
// them and the Opacity slider fades the current one. The basemap choice (none, Natural Earth,
// tiles) sits under the list and follows the View menu. The overlays in use are remembered
// (QSettings) and read again at the next start. When the markers are coloured by a numeric column,
// a Classes row sets how its graduated ramp is split (quantiles or equal intervals, 2–7 classes).
class LayersDock : public QDockWidget
{
    Q_OBJECT
public:
    LayersDock(MapController *map, OverlayLoader *loader, QWidget *parent = nullptr);
    ~LayersDock() override;

    // Reads the file in the background; overlayAdded or overlayFailed tells how it
    // ended. The new overlay goes on top of the others.
    void addOverlayFile(const QString &path);
    int pendingCount() const { return m_pending; }
    void removeOverlay(VectorOverlayLayer *overlay);
    void setOverlayColor(VectorOverlayLayer *overlay, const QColor &color);
    void setLayerVisible(MapLayer *layer, bool visible);
    // The overlay of the current row, or null.
    VectorOverlayLayer *currentOverlay() const;
    RasterLayer *currentRaster() const;
    void removeRaster(RasterLayer *raster);
    void setRasterOpacity(RasterLayer *raster, double opacity);
    // Moves a raster up (towards the top of the stack) or down by one place.
    void moveRaster(RasterLayer *raster, int steps);
    QSlider *opacitySlider() const { return m_opacity; }

    QListWidget *list() const { return m_list; }
    // The layer a row of the list stands for.
    MapLayer *layerAt(int row) const;
    int rowOf(const MapLayer *layer) const;

    // Files the dock takes (by extension): vector formats OGR reads.
    static bool isOverlayFile(const QString &path);
    // Restores the overlays saved by the last session (asynchronously).
    void restoreOverlays();

public slots:
    void showAddDialog();
    void removeCurrent();
    void chooseColor(); // a colour dialog for the current overlay (non-blocking)

signals:
    void overlayAdded(VectorOverlayLayer *overlay);
    void overlayFailed(const QString &path, const QString &error);
    void rasterAdded(RasterLayer *raster);
    // An overlay added without some of its features (no geometry...): what was left out.
    void statusMessage(const QString &text, int timeoutMs);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void rebuild();
    void itemChanged(QListWidgetItem *item);
    void updateButtons();
    void saveOverlays() const;
    void showError(const QString &path, const QString &error);
    void showClasses(); // the classes row follows the map's options and colours
    void setClasses();

    QLabel *m_classesLabel = nullptr;
    QComboBox *m_classMethod = nullptr;
    QSpinBox *m_classCount = nullptr;

    MapController *m_map = nullptr;
    MapLayerSet *m_layers = nullptr;
    OverlayLoader *m_loader = nullptr;
    QListWidget *m_list = nullptr;
    QToolButton *m_add = nullptr;
    QToolButton *m_remove = nullptr;
    QToolButton *m_color = nullptr;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
    QLabel *m_opacityLabel = nullptr;
    QSlider *m_opacity = nullptr;
    QComboBox *m_basemap = nullptr;
    int m_pending = 0; // this dock's reads still running
    int m_added = 0; // overlays added so far: picks the next default colour
    bool m_rebuilding = false;
    bool m_restoring = false;
};

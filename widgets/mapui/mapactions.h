#pragma once

#include <QObject>
#include <QPair>
#include <QString>

class MapController;
class QAction;
class QActionGroup;
class QComboBox;
class QMenu;
class QToolBar;
class QWidget;
class TransferModel;

// The map's commands, made once and shown twice: in the View menu and on the map
// toolbar (the same QAction objects, so a shortcut, a check mark and a toolbar
// button can never disagree). Fit to data, zoom to selection, the measuring tool, the
// basemap choice, colour markers by (a menu and a combo box over the same choice) and
// size by volume. The map controller holds the state; the actions follow its
// optionsChanged().
class MapActions : public QObject
{
    Q_OBJECT
public:
    MapActions(MapController *map, TransferModel *model, QWidget *parent);

    QAction *fitToData() const { return m_fit; }
    QAction *zoomToSelection() const { return m_zoomSelection; }
    QAction *measure() const { return m_measure; }
    QAction *sizeByVolume() const { return m_sizeByVolume; }
    QMenu *basemapMenu() const { return m_basemapMenu; }
    QMenu *colorMenu() const { return m_colorMenu; }
    QMenu *trackColorMenu() const { return m_trackColorMenu; }

    // Adds the map's entries to a View menu.
    void addTo(QMenu *menu);
    // The map toolbar (its colour combo is "colorByCombo").
    QToolBar *createToolBar(QWidget *parent);

    // The fields and columns markers can be coloured by: (key, label), the useful
    // categorical fields first, then the loaded file's own columns.
    QList<QPair<QString, QString>> colorKeys() const;

public slots:
    // A new store: its columns join the colour choices.
    void updateColorChoices();

private:
    void optionsChanged();

    MapController *m_map = nullptr;
    TransferModel *m_model = nullptr;
    QAction *m_fit = nullptr;
    QAction *m_zoomSelection = nullptr;
    QAction *m_measure = nullptr;
    QAction *m_sizeByVolume = nullptr;
    QActionGroup *m_basemaps = nullptr;
    QMenu *m_basemapMenu = nullptr;
    QMenu *m_colorMenu = nullptr;
    QActionGroup *m_colorGroup = nullptr;
    QComboBox *m_colorCombo = nullptr;
    QMenu *m_trackColorMenu = nullptr; // tracks by speed or by vessel
};

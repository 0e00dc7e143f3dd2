#pragma once

// Shared by the project suites (tst_projectwindow, tst_projectrecovery).

#include "mainwindowtesthelpers.h"

#include "annotationmodel.h"
#include "docks/eventsdock.h"
#include "docks/layersdock.h"
#include "exportsettings.h"
#include "filters/areafilter.h"
#include "filters/categoryfiltermenu.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/vectoroverlaylayer.h"
#include "project/projectcontroller.h"
#include "project/projectrecovery.h"
#include "timewindow.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QStatusBar>

namespace projecttest {
using namespace mainwindowtest;

inline QString projectFixture(const QString &name)
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/projects/") + name;
}

inline QString overlayFixture()
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/overlay/square.geojson");
}

inline QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A section of a project owned by some other part of the program (the window's own
// annotations and export settings are real sections; see tst_projectsections): a list
// of lon/lat points that must come back exactly, stored under "sections".
struct FakeAnnotations
{
    static QString key() { return QStringLiteral("testNotes"); }
    QJsonArray items;
    void registerWith(ProjectController *c)
    {
        c->registerSection(
            key(), [this] { return QJsonValue(items); },
            [this](const QJsonValue &v, QString *error) {
                if (v.isUndefined()) { // a project without this section
                    items = {};
                    return true;
                }
                if (!v.isArray()) {
                    *error = QStringLiteral("not a list");
                    return false;
                }
                items = v.toArray();
                return true;
            });
    }
};

inline bool openAndWait(MainWindow &w, const QString &path)
{
    QSignalSpy spy(w.project(), &ProjectController::projectOpened);
    if (!w.project()->openProject(path))
        return false;
    return (!spy.isEmpty() || spy.wait(20000)) && spy.constLast().constFirst().toBool();
}

inline bool overlayAdded(MainWindow &w, const QString &path)
{
    QSignalSpy spy(w.layersDock(), &LayersDock::overlayAdded);
    w.layersDock()->addOverlayFile(path);
    return spy.wait(20000);
}

// The window in a state away from every default: filters, time window, view, layers.
inline bool makeState(MainWindow &w)
{
    if (!showAndLoad(w) || !overlayAdded(w, overlayFixture()))
        return false;
    VectorOverlayLayer *overlay = w.map()->layers()->overlays().constFirst();
    w.layersDock()->setOverlayColor(overlay, QColor(0x12, 0x34, 0x56));
    w.layersDock()->setLayerVisible(overlay, false);
    w.map()->setBasemap(RenderOptions::Basemap::None);
    w.map()->setSizeByVolume(true);
    w.timeWindow()->setRange(1549000000123LL, 1556000000456LL);
    w.areaFilter()->setPolygon(
        {{120.1, 25.3}, {125.7, 25.3}, {125.7, 32.9}, {120.1 + 1.0 / 3, 32.9}});
    w.eventsDock()->searchBox()->setText(QStringLiteral("a"));
    w.categoryMenu()->setHidden({{QStringLiteral("vessel_a"), {QStringLiteral("ECHO VENTURE")}}});
    MapViewport v = w.map()->view()->viewport();
    v.setCenter(29.123456789, 122.987654321);
    v.setZoom(5.0 / 3);
    w.map()->view()->setViewport(v);
    return true;
}

inline QString shownTitle(const QWidget &w)
{
    QString title = w.windowTitle();
    return title.replace(QStringLiteral("[*]"),
                         w.isWindowModified() ? QStringLiteral("*") : QString());
}
} // namespace projecttest

// The window's export commands (ExportController): the File menu entries and their
// shortcuts, Copy Map to the clipboard, an export written off the GUI thread while the
// window changes its filter, and the settings remembered between starts.
#include "annotationmodel.h"
#include "export/exportcontroller.h"
#include "export/exportscene.h"
#include "export/exportwriter.h"
#include "mainwindowtesthelpers.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/mapviewport.h"
#include "mapui/mapcontroller.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QImageReader>
#include <QMenuBar>

using namespace mainwindowtest;

class TestExportWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void menuEntries();
    void copyMapToClipboard();
    void exportRunsOffTheGuiThread();
    void settingsRemembered();
    void annotationsExportedAsTheyWere();

private:
    QTemporaryDir m_settingsDir, m_out;
};

void TestExportWindow::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
    QVERIFY(m_out.isValid());
    qputenv("SOURCE_DATE_EPOCH", "1700000000");
}

void TestExportWindow::menuEntries()
{
    MainWindow w;
    ExportController *c = w.exportController();
    QVERIFY(c);
    QCOMPARE(c->exportAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QCOMPARE(c->copyAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    QMenu *file = w.menuBar()->actions().constFirst()->menu();
    QVERIFY(file->actions().contains(c->exportAction()));
    QVERIFY(file->actions().contains(c->copyAction()));
}

void TestExportWindow::copyMapToClipboard()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    QApplication::clipboard()->clear();
    w.exportController()->copyAction()->trigger();
    const QImage image = QApplication::clipboard()->image();
    MapView *view = w.map()->view();
    QCOMPARE(image.size(), view->size() * view->devicePixelRatioF());
    // The map is on it: sea and land, not an empty picture.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 10);
}

void TestExportWindow::exportRunsOffTheGuiThread()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    ExportController *c = w.exportController();
    ExportSettings s;
    s.pixelSize = QSize(3000, 2000);
    s.title = QStringLiteral("Fixture");
    const QString path = m_out.filePath(QStringLiteral("window.png"));
    QSignalSpy done(c, &ExportController::exportFinished);
    c->startExport(s, path);
    QVERIFY(c->isExporting());
    // The window goes on: the export draws its own frozen copy.
    w.filter()->setText(QStringLiteral("no such vessel"));
    QVERIFY(done.wait(60000));
    QVERIFY2(done.constFirst().at(0).toBool(), qPrintable(done.constFirst().at(1).toString()));
    QCOMPARE(QImageReader(path).size(), QSize(3000, 2000));
}

void TestExportWindow::settingsRemembered()
{
    ExportSettings s;
    s.format = ExportSettings::Format::Svg;
    s.title = QStringLiteral("Remembered");
    s.decorations.inset = false;
    {
        MainWindow w;
        w.exportController()->setSettings(s);
    }
    MainWindow again;
    QCOMPARE(again.exportController()->settings(), s);
}

// The export draws the annotations as they were when it started (a copy: the worker
// thread never reads the window's model, which the user may be editing).
void TestExportWindow::annotationsExportedAsTheyWere()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    MapController *map = w.map();
    const MapViewport &vp = map->view()->viewport();
    double lat = 0, lon = 0;
    vp.toLatLon(QPointF(vp.size().width() / 2.0, vp.size().height() / 2.0), &lat, &lon);
    Annotation circle = Annotation::defaults(Annotation::Kind::Circle);
    circle.points = {GeoPoint {lon, lat}};
    circle.radiusNm = 1; // a dot: its outline covers the centre pixel region
    circle.color = 0xffff00ffu; // magenta: in nothing else on the map
    circle.lineWidth = 8;
    AnnotationModel *model = map->layers()->annotationModel();
    QVERIFY(model->insert(circle) > 0);

    const std::shared_ptr<ExportScene> scene = w.exportController()->snapshot();
    model->clear(); // after the snapshot: must not reach the export
    ExportSettings s;
    s.pixelSize = vp.size();
    s.decorations = {};
    const QImage image = exportwriter::renderImage(s, *scene);
    int magenta = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            magenta += c.red() > 200 && c.blue() > 200 && c.green() < 80;
        }
    QVERIFY2(magenta > 20, qPrintable(QString::number(magenta)));
}

QTEST_MAIN(TestExportWindow)
#include "tst_exportwindow.moc"

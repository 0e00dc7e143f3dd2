#include "projecttesthelpers.h"

#include "investigation.h"
#include "mapui/mapcontroller.h"
#include "mapui/overlayloader.h"
#include "window/loadcontroller.h"

#include "screenshots.h"

using namespace projecttest;

// What the window's parts share and how they hear of each other: one overlay loader for
// the Layers dock and projects, and projects that follow the Investigation's signals
// (no polling of the window).
class TestWindowWiring : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void loaderReadsInOrderWithErrors();
    void loaderDropsCallbackOfGoneContext();
    void oneLoaderForDockAndProjects();
    void modifiedFollowsLoadSignals();
    void projectOpeningFollowsInvestigation();
    void opensTheSample();

private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_recoveryDir;
};

void TestWindowWiring::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
    QVERIFY(m_recoveryDir.isValid());
    qRegisterMetaType<VectorOverlayLayer *>();
}

void TestWindowWiring::init()
{
    QSettings().clear();
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous")).clear();
}

void TestWindowWiring::loaderReadsInOrderWithErrors()
{
    OverlayLoader loader;
    QSignalSpy idle(&loader, &OverlayLoader::idle);
    const QString missing = QStringLiteral("/nonexistent/layer.geojson");
    const QString second = QStringLiteral(RENDEZVOUS_TEST_DATA "/overlay/antimeridian.geojson");
    std::optional<OverlayLoader::Result> got;
    int pendingInDone = -1;
    loader.read({overlayFixture(), missing, second}, this, [&](OverlayLoader::Result r) {
        pendingInDone = loader.pendingCount();
        got = std::move(r);
    });
    QCOMPARE(loader.pendingCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 20000);
    QCOMPARE(pendingInDone, 0);
    QVERIFY(!got->outOfMemory);
    QCOMPARE(got->files.size(), size_t(3));
    QCOMPARE(got->files[0].path, overlayFixture());
    QVERIFY(got->files[0].geometry);
    QCOMPARE(got->files[1].path, missing);
    QVERIFY(!got->files[1].geometry);
    QVERIFY(!got->files[1].error.isEmpty());
    QCOMPARE(got->files[2].path, second);
    QVERIFY(got->files[2].geometry);
    // Quiet is announced after the results are in.
    QTRY_COMPARE(idle.count(), 1);
}

void TestWindowWiring::loaderDropsCallbackOfGoneContext()
{
    OverlayLoader loader;
    QSignalSpy idle(&loader, &OverlayLoader::idle);
    auto *context = new QObject;
    bool called = false;
    loader.read({overlayFixture()}, context, [&](OverlayLoader::Result) { called = true; });
    delete context;
    QTRY_COMPARE_WITH_TIMEOUT(idle.count(), 1, 20000);
    QVERIFY(!called);
    QCOMPARE(loader.pendingCount(), 0);
}

void TestWindowWiring::oneLoaderForDockAndProjects()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("layers.rvz"));
    MainWindow w;
    w.project()->recovery()->setDirectory(m_recoveryDir.path());
    OverlayLoader *loader = w.overlayLoader();
    QSignalSpy idle(loader, &OverlayLoader::idle);

    // The dock's read goes through the window's loader...
    QSignalSpy added(w.layersDock(), &LayersDock::overlayAdded);
    w.layersDock()->addOverlayFile(overlayFixture());
    QCOMPARE(loader->pendingCount(), 1);
    QCOMPARE(w.layersDock()->pendingCount(), 1);
    QVERIFY(added.wait(20000));
    QTRY_COMPARE(idle.count(), 1);
    QVERIFY(w.project()->saveAs(path));
    // ...and so do a project's, even none (a new project's).
    QSignalSpy opened(w.project(), &ProjectController::projectOpened);
    w.project()->newProject();
    QVERIFY(opened.wait(20000));
    QVERIFY(w.map()->layers()->overlays().isEmpty());
    QTRY_COMPARE(idle.count(), 2);

    QVERIFY(openAndWait(w, path));
    QCOMPARE(w.map()->layers()->overlays().size(), 1);
    QCOMPARE(w.map()->layers()->overlays().constFirst()->path(), overlayFixture());
    QTRY_COMPARE(idle.count(), 3);
    QCOMPARE(loader->pendingCount(), 0);
}

void TestWindowWiring::modifiedFollowsLoadSignals()
{
    MainWindow w;
    w.project()->recovery()->setDirectory(m_recoveryDir.path());
    QSignalSpy modified(w.project(), &ProjectController::modifiedChanged);
    QSignalSpy finished(w.investigation(), &Investigation::loadFinished);
    w.openFile(fixture());
    QVERIFY(finished.wait(20000));
    // The title names the data as soon as the Investigation says it is loaded; the
    // comparison with the saved state follows.
    QCOMPARE(w.windowTitle(), QStringLiteral("events.csv[*] \u2014 Rendezvous"));
    QTRY_COMPARE(modified.count(), 1);
    QVERIFY(w.project()->isModified());

    // A failed load changes nothing, and says so through the same signals.
    w.openFile(QStringLiteral("/nonexistent/other.csv"));
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.constLast().constFirst().toBool(), false);
    QCOMPARE(shownTitle(w), QStringLiteral("events.csv* \u2014 Rendezvous"));
    QCOMPARE(w.currentSource().path, fixture());
    if (auto *box = w.findChild<QMessageBox *>(QStringLiteral("loadErrorBox")))
        box->close();
}

void TestWindowWiring::projectOpeningFollowsInvestigation()
{
    MainWindow w;
    w.project()->recovery()->setDirectory(m_recoveryDir.path());
    // The project's data loads through the Investigation, and the opening goes on when
    // it says the load ended (its view and filters land on the loaded data).
    QList<QString> order;
    connect(w.investigation(), &Investigation::loadFinished, this,
            [&] { order << QStringLiteral("loaded"); });
    connect(w.project(), &ProjectController::projectOpened, this,
            [&] { order << QStringLiteral("opened"); });
    QVERIFY(openAndWait(w, projectFixture(QStringLiteral("valid.rvz"))));
    QCOMPARE(order, QList<QString>({QStringLiteral("loaded"), QStringLiteral("opened")}));
    QCOMPARE(QFileInfo(w.investigation()->currentSource().path).fileName(),
             QStringLiteral("events.csv"));
    QCOMPARE(w.model()->rowCount(), 4);
    QCOMPARE(w.eventsDock()->searchBox()->text(), QStringLiteral("TRADER"));
    QVERIFY(!w.project()->isModified());
}

void TestWindowWiring::opensTheSample()
{
    // The window as assembled from its parts opens the bundled sample; the picture is
    // kept only when RENDEZVOUS_SCREENSHOTS names a folder.
    MainWindow w;
    w.project()->recovery()->setDirectory(m_recoveryDir.path());
    QVERIFY(showAndLoad(
        w, QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv")));
    QVERIFY(w.model()->rowCount() > 0);
    QCOMPARE(w.filter()->rowCount(), w.model()->rowCount());
    QVERIFY(w.windowTitle().startsWith(QStringLiteral("synthetic_sts_events.csv")));
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("filterSummary"))
                ->text()
                .contains(QStringLiteral("transfers")));
    // The picture once the basemap of the fitted view is drawn (not the cached image of
    // the view before the fit, shifted).
    MapView *view = w.map()->view();
    QTRY_VERIFY_WITH_TIMEOUT(view->basemapCache().isCurrent(view->viewport())
                                 && !view->basemapCache().isRendering(),
                             20000);
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("window_sample.png")));
}

QTEST_MAIN(TestWindowWiring)
#include "tst_windowwiring.moc"

// The window's own project sections (projectsections.h): its real annotations and
// export settings go into a project and come back exactly, through Save/Open and
// through the autosave's crash recovery; opening a project starts a fresh undo history.
#include "annotations/annotationcontroller.h"
#include "export/exportcontroller.h"
#include "exportsettings.h"
#include "imagediff.h"
#include "map/basemap.h"
#include "map/basemaplayer.h"
#include "projecttesthelpers.h"

#include <QProcess>

#include <QUndoStack>

using namespace projecttest;

namespace {
// Three annotations with coordinates that only an exact round trip keeps.
QJsonArray addAnnotations(AnnotationModel *model)
{
    Annotation callout = Annotation::defaults(Annotation::Kind::Callout);
    callout.points = {GeoPoint {123.45678901234567, 29.1 + 0.2}, GeoPoint {126.0, 28.0 + 1.0 / 7}};
    callout.text = QStringLiteral("Zhoushan approaches ⇄");
    Annotation circle = Annotation::defaults(Annotation::Kind::Circle);
    circle.points = {GeoPoint {124.1, 31.0 + 1.0 / 3}};
    circle.radiusNm = 40.5;
    Annotation arrow = Annotation::defaults(Annotation::Kind::Arrow);
    arrow.points = {GeoPoint {122.0, 30.0}, GeoPoint {0.1 + 0.2 + 122.0, 31.0}};
    arrow.color = 0xff2266ccu;
    for (const Annotation &a : {callout, circle, arrow})
        if (model->insert(a) == 0)
            return {};
    return model->toJson();
}
} // namespace

class TestProjectSections : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(isolateSettings(m_settingsDir)); }
    void saveOpenRoundTrip();
    void recoveryRestoresAnnotations();
    void cliRenderEqualsWindowExport();

private:
    QTemporaryDir m_settingsDir;
};

void TestProjectSections::saveOpenRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MainWindow w;
    w.project()->recovery()->setDirectory(dir.path());
    QVERIFY(showAndLoad(w));
    AnnotationModel *model = w.annotations()->model();
    const QJsonArray notes = addAnnotations(model);
    QCOMPARE(notes.size(), 3);
    QTRY_VERIFY(w.project()->isModified()); // the model's changes mark the project
    ExportSettings settings;
    settings.title = QStringLiteral("East China Sea, March 2023");
    settings.format = ExportSettings::Format::Pdf;
    w.exportController()->setSettings(settings);
    const QString path = dir.filePath(QStringLiteral("survey.rvz"));
    QVERIFY(w.project()->saveAs(path));
    Project file;
    QString error;
    QVERIFY(Project::read(path, &file, &error));
    QCOMPARE(file.annotations, notes);

    w.project()->newProject();
    QTRY_VERIFY(model->isEmpty());
    QCOMPARE(w.exportController()->settings(), ExportSettings());

    w.annotations()->undoStack()->push(new QUndoCommand(QStringLiteral("an edit")));
    QVERIFY(openAndWait(w, path));
    QCOMPARE(model->toJson(), notes);
    QCOMPARE(model->annotations().front().points.front().lon, 123.45678901234567);
    QCOMPARE(w.exportController()->settings(), settings);
    QCOMPARE(w.annotations()->undoStack()->count(), 0); // no undo into the last project
    QVERIFY(!w.project()->isModified());
}

void TestProjectSections::recoveryRestoresAnnotations()
{
    QTemporaryDir dir, recoveryDir;
    QVERIFY(dir.isValid() && recoveryDir.isValid());
    const QString path = dir.filePath(QStringLiteral("crash.rvz"));
    QJsonArray notes;
    QString recoveryFile;
    {
        auto *w = new MainWindow;
        w->project()->recovery()->setDirectory(recoveryDir.path());
        w->project()->recovery()->setInterval(50);
        QVERIFY(showAndLoad(*w));
        QVERIFY(w->project()->saveAs(path));
        notes = addAnnotations(w->annotations()->model()); // unsaved: only in the recovery
        QCOMPARE(notes.size(), 3);
        recoveryFile = w->project()->recovery()->recoveryFile();
        Project recovered;
        QString error;
        QTRY_VERIFY(Project::read(recoveryFile, &recovered, &error)
                    && recovered.annotations == notes);
        delete w; // a crash: nothing saved, the recovery file stays
    }
    QVERIFY(QFileInfo::exists(recoveryFile));

    MainWindow w;
    w.project()->recovery()->setDirectory(recoveryDir.path());
    w.project()->setRecoveryPrompt([](const QString &, const QDateTime &) { return true; });
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy opened(w.project(), &ProjectController::projectOpened);
    QVERIFY(w.project()->offerRecovery());
    QVERIFY(opened.wait(20000));
    QCOMPARE(w.annotations()->model()->toJson(), notes);
    QVERIFY(w.project()->isModified()); // the annotations are not in crash.rvz yet
}

// `rendezvous render --project P.rvz` writes what the window's File > Export Map...
// writes for the same project: the same rows, view, annotations and settings.
void TestProjectSections::cliRenderEqualsWindowExport()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    qputenv("SOURCE_DATE_EPOCH", "1700000000"); // the same export time on both sides
    MainWindow w;
    w.project()->recovery()->setDirectory(dir.path());
    QVERIFY(showAndLoad(
        w, QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv")));
    MapViewport vp = w.map()->view()->viewport();
    vp.fitBox(118, 24, 132, 36, 0);
    w.map()->view()->setViewport(vp);
    const auto utc = [](int month, int day) {
        return QDateTime(QDate(2023, month, day), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    };
    w.timeWindow()->setRange(utc(3, 1), utc(4, 1) - 1);
    QCOMPARE(addAnnotations(w.annotations()->model()).size(), 3);
    ExportSettings s;
    s.pixelSize = QSize(1200, 800);
    s.title = QStringLiteral("Transfers in the East China Sea, March 2023");
    s.subtitle = QStringLiteral("Synthetic sample data");
    w.exportController()->setSettings(s);
    if (BasemapLayer *land = w.map()->layers()->land()) // the detail for this zoom, loaded
        QVERIFY(land->basemap()->waitFor(Basemap::detailForZoom(vp.zoom())));
    const QString project = dir.filePath(QStringLiteral("ecs.rvz"));
    QVERIFY(w.project()->saveAs(project));

    const QString guiPng = dir.filePath(QStringLiteral("window.png"));
    QSignalSpy done(w.exportController(), &ExportController::exportFinished);
    w.exportController()->startExport(s, guiPng);
    QVERIFY(done.wait(60000));
    QVERIFY2(done.constFirst().at(0).toBool(), qPrintable(done.constFirst().at(1).toString()));

    const QString cliPng = dir.filePath(QStringLiteral("cli.png"));
    QProcess cli;
    cli.start(QStringLiteral(RENDEZVOUS_BINARY),
              {QStringLiteral("render"), QStringLiteral("--project"), project, QStringLiteral("-o"),
               cliPng});
    QVERIFY(cli.waitForFinished(120000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());

    // RENDEZVOUS_SCREENSHOTS=dir keeps the project and both pictures, to look at and
    // to export in the other formats by hand.
    const QString keep = qEnvironmentVariable("RENDEZVOUS_SCREENSHOTS");
    if (!keep.isEmpty() && QDir().mkpath(keep))
        for (const QString &f : {project, guiPng, cliPng})
            QFile::copy(f, QDir(keep).filePath(QFileInfo(f).fileName()));
    const QImage a(cliPng), b(guiPng);
    QCOMPARE(a.size(), QSize(1200, 800));
    QCOMPARE(a.size(), b.size());
    const ImageDiff d = imageDiff(a, b); // equal but for cached label stamps
    if (d.differing > 0) {
        a.save(QDir::temp().filePath(QStringLiteral("tst_projectsections_cli.png")));
        b.save(QDir::temp().filePath(QStringLiteral("tst_projectsections_window.png")));
    }
    qInfo("render --project vs window export: %d of %d pixels differ, by at most %d levels",
          d.differing, a.width() * a.height(), d.worst);
    QVERIFY(d.nearlyEqual(a));
}

QTEST_MAIN(TestProjectSections)
#include "tst_projectsections.moc"

// The window's own project sections (projectsections.h): its real annotations and
// export settings go into a project and come back exactly, through Save/Open and
// through the autosave's crash recovery; opening a project starts a fresh undo history.
#include "annotationcontroller.h"
#include "export/exportcontroller.h"
#include "projecttesthelpers.h"

#include <QUndoStack>

using namespace projecttest;

namespace {
// Three annotations with coordinates that only an exact round trip keeps.
QJsonArray addAnnotations(AnnotationModel *model)
{
    Annotation callout = Annotation::defaults(Annotation::Kind::Callout);
    callout.points = {GeoPoint {123.45678901234567, 29.1 + 0.2}, GeoPoint {124.0, 30.0 / 7}};
    callout.text = QStringLiteral("Zhoushan approaches ⇄");
    Annotation circle = Annotation::defaults(Annotation::Kind::Circle);
    circle.points = {GeoPoint {124.1, 31.0 / 3}};
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

QTEST_MAIN(TestProjectSections)
#include "tst_projectsections.moc"

#include "projecttesthelpers.h"

#include "eventloop.h"

using namespace projecttest;

class TestProjectWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void menuEntries();
    void saveAndOpenRoundTrip();
    void sectionsRegisteredLateAndUnregisteredKept();
    void startUpIsNotAChange();
    void modifiedFlag();
    void closeAsksAboutChanges();
    void badProjectLeavesWindowUnchanged_data();
    void badProjectLeavesWindowUnchanged();
    void movedDataFileIsAskedFor();
    void locateCancelledOpensWithoutData();

private:
    void useTempRecovery(MainWindow &w);
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_recoveryDir;
};

void TestProjectWindow::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
    QVERIFY(m_recoveryDir.isValid());
    qRegisterMetaType<VectorOverlayLayer *>();
}

void TestProjectWindow::init()
{
    QSettings().clear();
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous")).clear();
}

void TestProjectWindow::useTempRecovery(MainWindow &w)
{
    w.project()->recovery()->setDirectory(m_recoveryDir.path());
}

void TestProjectWindow::menuEntries()
{
    MainWindow w;
    ProjectController *p = w.project();
    QCOMPARE(p->saveAction()->shortcut(), QKeySequence(QKeySequence::Save));
    QCOMPARE(p->saveAsAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+S")));
    QCOMPARE(p->openAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+O")));
    // No shortcut is claimed twice anywhere in the window.
    QHash<QString, QString> seen;
    for (QAction *a : w.findChildren<QAction *>()) {
        if (a->shortcut().isEmpty())
            continue;
        const QString key = a->shortcut().toString();
        QVERIFY2(!seen.contains(key) || seen.value(key) == a->text(),
                 qPrintable(key + QStringLiteral(": ") + seen.value(key) + " / " + a->text()));
        seen.insert(key, a->text());
    }
    const QList<QAction *> file = w.menuBar()->actions().constFirst()->menu()->actions();
    QCOMPARE(file.at(0), p->newAction());
    QCOMPARE(file.at(1), p->openAction());
}

void TestProjectWindow::saveAndOpenRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("survey.rvz"));
    Project saved;
    QList<int> rows;
    {
        MainWindow w;
        useTempRecovery(w);
        FakeAnnotations notes;
        notes.items = {QJsonObject {{"lon", 0.1 + 0.2}, {"lat", 1.0 / 3}}};
        notes.registerWith(w.project());
        QVERIFY(makeState(w));
        QTRY_VERIFY(w.project()->isModified());
        QVERIFY(w.project()->saveAs(path));
        QVERIFY(!w.project()->isModified());
        QCOMPARE(shownTitle(w), QStringLiteral("survey.rvz (events.csv) \u2014 Rendezvous"));
        saved = w.project()->capture();
        QString error;
        QVERIFY2(Project::read(path, &saved, &error), qPrintable(error));
        QCOMPARE(saved, w.project()->capture());
        for (uint32_t r : w.filter()->storeRows())
            rows.append(int(r));
        QVERIFY(rows.size() >= 1 && rows.size() < w.model()->rowCount());
        QCOMPARE(saved.overlays.at(0).color, QStringLiteral("#ff123456"));
        QVERIFY(saved.areaFollowsView == false && saved.polygon.size() == 4);
    }

    MainWindow w;
    useTempRecovery(w);
    FakeAnnotations notes;
    notes.registerWith(w.project());
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openAndWait(w, path));
    QCOMPARE(w.project()->capture(), saved);
    QCOMPARE(notes.items.at(0).toObject().value("lon").toDouble(), 0.1 + 0.2);
    QList<int> rowsAfter;
    for (uint32_t r : w.filter()->storeRows())
        rowsAfter.append(int(r));
    QCOMPARE(rowsAfter, rows);
    QCOMPARE(w.map()->layers()->overlays().size(), 1);
    QVERIFY(!w.map()->layers()->overlays().constFirst()->isVisible());
    QCOMPARE(w.areaFilter()->clearAction()->isEnabled(), true);
    QCOMPARE(w.timeWindow()->from(), 1549000000123LL);
    QVERIFY(!w.project()->isModified());
    QCOMPARE(shownTitle(w), QStringLiteral("survey.rvz (events.csv) \u2014 Rendezvous"));
    QCOMPARE(w.project()->projectPath(), path);

    // A new project empties the window, then opening it through openFile (the command
    // line's way, and drag and drop's) brings it all back.
    w.project()->newProject();
    QTRY_COMPARE(w.model()->rowCount(), 0);
    QTRY_VERIFY(!w.project()->isApplying());
    QVERIFY(w.map()->layers()->overlays().isEmpty());
    QVERIFY(!w.timeWindow()->hasRange());
    QVERIFY(notes.items.isEmpty());
    QSignalSpy opened(w.project(), &ProjectController::projectOpened);
    w.openFile(path);
    QVERIFY(opened.wait(20000));
    QCOMPARE(w.project()->capture(), saved);
}

void TestProjectWindow::sectionsRegisteredLateAndUnregisteredKept()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Project p;
    // The window's own sections (annotations, export settings) load and save back
    // exactly; "notes" is nobody's yet, "testNotes" is claimed late below.
    AnnotationModel model;
    Annotation circle = Annotation::defaults(Annotation::Kind::Circle);
    circle.points = {GeoPoint {1.0 / 3, 0.1 + 0.2}};
    circle.radiusNm = 25;
    QVERIFY(model.insert(circle) > 0);
    p.annotations = model.toJson();
    ExportSettings svg;
    svg.format = ExportSettings::Format::Svg;
    p.exportSettings = svg.toJson();
    p.sections = {{"notes", "keep me"}, {FakeAnnotations::key(), QJsonArray {1.0 / 3}}};
    const QString path = dir.filePath(QStringLiteral("s.rvz"));
    QString error;
    QVERIFY(p.write(path, &error));

    MainWindow w;
    useTempRecovery(w);
    QVERIFY(openAndWait(w, path));
    // Nobody claims these sections yet: saving writes them back untouched.
    QVERIFY(w.project()->saveAs(dir.filePath(QStringLiteral("t.rvz"))));
    Project back;
    QVERIFY(Project::read(dir.filePath(QStringLiteral("t.rvz")), &back, &error));
    QCOMPARE(back.annotations, p.annotations);
    QCOMPARE(back.exportSettings, p.exportSettings);
    QCOMPARE(back.sections, p.sections);
    // A section registered now gets the open project's value.
    FakeAnnotations notes;
    notes.registerWith(w.project());
    QCOMPARE(QJsonValue(notes.items), p.sections.value(FakeAnnotations::key()));
    QVERIFY(!w.project()->isModified());
}

void TestProjectWindow::startUpIsNotAChange()
{
    // The overlays remembered from the last session are part of the untitled start...
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"))
        .setValue(QStringLiteral("map/overlays"),
                  QVariantList {QVariantMap {{QStringLiteral("path"), overlayFixture()},
                                             {QStringLiteral("color"), QStringLiteral("#e69f00")},
                                             {QStringLiteral("visible"), true}}});
    {
        MainWindow w;
        useTempRecovery(w);
        QTRY_COMPARE(w.map()->layers()->overlays().size(), 1);
        QVERIFY(drainEvents()); // the overlay's colour applied, the state compared again
        QVERIFY(!w.project()->isModified());
    }
    // ...while a file loaded at start (the command line's) is a change, however quickly
    // it loads compared with those overlays.
    MainWindow w;
    useTempRecovery(w);
    w.openFile(fixture());
    QTRY_COMPARE(w.map()->layers()->overlays().size(), 1);
    QTRY_COMPARE(w.model()->rowCount(), 4);
    QTRY_VERIFY(w.project()->isModified());
}

void TestProjectWindow::modifiedFlag()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("flag.rvz"));
    MainWindow w;
    useTempRecovery(w);
    FakeAnnotations notes;
    notes.registerWith(w.project());
    QVERIFY(showAndLoad(w));
    QTRY_VERIFY(w.project()->isModified()); // untitled with data
    QVERIFY(w.project()->saveAs(path));
    QVERIFY(!w.project()->isModified());
    QVERIFY(!w.isWindowModified());

    // Each part of the state marks it, and going back to the saved state unmarks it.
    w.eventsDock()->searchBox()->setText(QStringLiteral("ALPHA"));
    QTRY_VERIFY(w.isWindowModified());
    w.eventsDock()->searchBox()->clear();
    QTRY_VERIFY(!w.isWindowModified());

    w.timeWindow()->setRange(1549000000000LL, 1552000000000LL);
    QTRY_VERIFY(w.project()->isModified());
    w.timeWindow()->clearRange();
    QTRY_VERIFY(!w.project()->isModified());

    const MapViewport before = w.map()->view()->viewport();
    MapViewport v = before;
    v.setZoom(before.zoom() + 1);
    w.map()->view()->setViewport(v);
    QTRY_VERIFY(w.project()->isModified());
    w.map()->view()->setViewport(before);
    QTRY_VERIFY(!w.project()->isModified());
    w.resize(1000, 700); // a resize keeps the centre and zoom: not a change
    QTRY_COMPARE(w.map()->view()->viewport().size(), w.map()->view()->size());
    QVERIFY(drainEvents()); // the new viewport compared with the saved one
    QVERIFY(!w.project()->isModified());

    w.map()->setColorBy(QStringLiteral("vessel_a"));
    QTRY_VERIFY(w.project()->isModified());
    QVERIFY(w.project()->save());
    QVERIFY(!w.project()->isModified());
    QVERIFY(overlayAdded(w, overlayFixture()));
    QTRY_VERIFY(w.project()->isModified());
    QVERIFY(w.project()->save());

    // A registered section says it changed.
    notes.items.append(QJsonObject {{"lon", 1}});
    w.project()->markModified();
    QTRY_VERIFY(w.project()->isModified());
    QVERIFY(w.project()->save());
    QVERIFY(!w.project()->isModified());
    Project back;
    QString error;
    QVERIFY(Project::read(path, &back, &error));
    QCOMPARE(back.sections.value(FakeAnnotations::key()), QJsonValue(notes.items));
}

void TestProjectWindow::closeAsksAboutChanges()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MainWindow w;
    useTempRecovery(w);
    QVERIFY(showAndLoad(w));
    int asked = 0;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    w.project()->setUnsavedPrompt([&] {
        ++asked;
        return answer;
    });
    QTRY_VERIFY(w.project()->isModified());
    QVERIFY(!w.close());
    QCOMPARE(asked, 1);
    QVERIFY(w.isVisible());

    // Save when untitled asks for a name; here it is given by saveAs beforehand.
    QVERIFY(w.project()->saveAs(dir.filePath(QStringLiteral("c.rvz"))));
    w.eventsDock()->searchBox()->setText(QStringLiteral("x"));
    answer = QMessageBox::Save;
    QVERIFY(w.close());
    QCOMPARE(asked, 2);
    Project back;
    QString error;
    QVERIFY(Project::read(dir.filePath(QStringLiteral("c.rvz")), &back, &error));
    QCOMPARE(back.text, QStringLiteral("x"));

    w.show();
    w.eventsDock()->searchBox()->setText(QStringLiteral("y"));
    answer = QMessageBox::Discard;
    QVERIFY(w.close());
    QCOMPARE(asked, 3);
    QVERIFY(Project::read(dir.filePath(QStringLiteral("c.rvz")), &back, &error));
    QCOMPARE(back.text, QStringLiteral("x"));
}

void TestProjectWindow::badProjectLeavesWindowUnchanged_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");
    QTest::newRow("damaged") << "damaged.rvz"
                             << "damaged file: unterminated";
    QTest::newRow("newer") << "newer.rvz"
                           << "made by a newer Rendezvous (version 2); this one reads up to 1";
    QTest::newRow("missing key") << "missingview.rvz"
                                 << "missing required key \"view\"";
}

void TestProjectWindow::badProjectLeavesWindowUnchanged()
{
    QFETCH(QString, file);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(file);
    QVERIFY(QFile::copy(projectFixture(file), path));
    const QByteArray bytes = contents(path);

    MainWindow w;
    useTempRecovery(w);
    QVERIFY(makeState(w));
    QTRY_VERIFY(w.project()->isModified());
    const Project before = w.project()->capture();
    const QString title = shownTitle(w);
    w.project()->setUnsavedPrompt([] { return QMessageBox::Discard; });

    QVERIFY(!w.project()->openProject(path));
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("projectErrorBox"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->informativeText().contains(message), qPrintable(box->informativeText()));
    QVERIFY(box->informativeText().contains(QStringLiteral("Nothing was changed.")));
    QVERIFY(drainEvents());
    QCOMPARE(w.project()->capture(), before);
    QCOMPARE(shownTitle(w), title);
    QVERIFY(w.project()->projectPath().isEmpty());
    QCOMPARE(contents(path), bytes);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {file});
    box->close();
}

void TestProjectWindow::movedDataFileIsAskedFor()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("data")));
    const QString data = dir.filePath(QStringLiteral("data/events.csv"));
    QVERIFY(QFile::copy(fixture(), data));
    const QString path = dir.filePath(QStringLiteral("moved.rvz"));
    {
        MainWindow w;
        useTempRecovery(w);
        QVERIFY(showAndLoad(w, data));
        w.eventsDock()->searchBox()->setText(QStringLiteral("TRADER"));
        QVERIFY(w.project()->saveAs(path));
    }
    const QString moved = dir.filePath(QStringLiteral("elsewhere/renamed.csv"));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("elsewhere")));
    QVERIFY(QFile::rename(data, moved));

    MainWindow w;
    useTempRecovery(w);
    QStringList asked;
    w.project()->setLocator([&](const QString &missing) {
        asked << missing;
        return moved;
    });
    QVERIFY(openAndWait(w, path));
    QCOMPARE(asked, QStringList {data});
    QCOMPARE(w.currentSource().path, moved);
    QCOMPARE(w.model()->rowCount(), 4);
    QCOMPARE(w.filter()->rowCount(), 1); // the project's search applies to the located file
    // The file on disk still names the old place: saving records the new one.
    QVERIFY(w.project()->isModified());
    QVERIFY(w.project()->save());
    Project back;
    QString error;
    QVERIFY(Project::read(path, &back, &error));
    QCOMPARE(back.sources.at(0).path, moved);
}

void TestProjectWindow::locateCancelledOpensWithoutData()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // The fixture's overlay is found; its data is not.
    Project p;
    QString error;
    QVERIFY(Project::read(projectFixture(QStringLiteral("valid.rvz")), &p, &error));
    p.sources[0].path = dir.filePath(QStringLiteral("gone.csv"));
    const QString path = dir.filePath(QStringLiteral("p.rvz"));
    QVERIFY(p.write(path, &error));
    const QByteArray bytes = contents(path);

    MainWindow w;
    useTempRecovery(w);
    QVERIFY(showAndLoad(w)); // something on screen that must go
    w.project()->setUnsavedPrompt([] { return QMessageBox::Discard; });
    int asked = 0;
    w.project()->setLocator([&](const QString &) {
        ++asked;
        return QString();
    });
    QVERIFY(openAndWait(w, path));
    QCOMPARE(asked, 1);
    QCOMPARE(w.model()->rowCount(), 0);
    const QString status = w.statusBar()->currentMessage();
    QVERIFY2(status.contains(QStringLiteral("opened without its data: ")), qPrintable(status));
    QVERIFY(status.contains(QStringLiteral("gone.csv was not found")));
    // The source is kept, not dropped: the project saved again still names it.
    QCOMPARE(w.project()->capture().sources, p.sources);
    QCOMPARE(w.project()->capture().text, p.text);
    QVERIFY(!w.project()->isModified());
    QCOMPARE(contents(path), bytes);
}

QTEST_MAIN(TestProjectWindow)
#include "tst_projectwindow.moc"

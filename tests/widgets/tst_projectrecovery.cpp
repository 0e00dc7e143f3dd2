// Autosave and crash recovery in the window (issue 6: "autosave recovery restores
// annotations exactly"), and the screenshots of a project window and the restore prompt.
#include "projecttesthelpers.h"

#include "eventloop.h"
#include "screenshots.h"

using namespace projecttest;

class TestProjectRecovery : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void autosaveRecoveryRestoresExactly();
    void damagedRecoveryIsSetAside();
    void liveWindowsRecoveryIsNotOffered();
    void screenshots();

private:
    void useTempRecovery(MainWindow &w)
    {
        w.project()->recovery()->setDirectory(m_recoveryDir.path());
    }
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_recoveryDir;
};

void TestProjectRecovery::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
    QVERIFY(m_recoveryDir.isValid());
    qRegisterMetaType<VectorOverlayLayer *>();
}

void TestProjectRecovery::init()
{
    // Overlays remembered by one test's window are not the next one's.
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous")).clear();
}

void TestProjectRecovery::autosaveRecoveryRestoresExactly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QTemporaryDir recoveryDir;
    QVERIFY(recoveryDir.isValid());
    const QString path = dir.filePath(QStringLiteral("crash.rvz"));
    Project state;
    QString recoveryFile;
    {
        auto *w = new MainWindow;
        w->project()->recovery()->setDirectory(recoveryDir.path());
        w->project()->recovery()->setInterval(50);
        FakeAnnotations notes;
        notes.registerWith(w->project());
        QVERIFY(showAndLoad(*w));
        QVERIFY(w->project()->saveAs(path));
        QVERIFY(makeState(*w));
        notes.items = {QJsonObject {{"lon", 123.45678901234567}, {"lat", -0.1 * 3}},
                       QJsonObject {{"text", QStringLiteral("⇄ 12,400 bbl")}}};
        w->project()->markModified();
        recoveryFile = w->project()->recovery()->recoveryFile();
        QVERIFY(recoveryFile.startsWith(recoveryDir.path() + QStringLiteral("/crash-")));
        QTRY_VERIFY(QFileInfo::exists(recoveryFile));
        state = w->project()->capture();
        QString error;
        QTRY_VERIFY(Project::read(recoveryFile, &state, &error)
                    && state == w->project()->capture());
        // A crash: no close, no clean-up of the recovery file (its lock goes with the process).
        delete w;
    }
    QVERIFY(QFileInfo::exists(recoveryFile));

    MainWindow w;
    w.project()->recovery()->setDirectory(recoveryDir.path());
    FakeAnnotations notes;
    notes.registerWith(w.project());
    QString askedName;
    w.project()->setRecoveryPrompt([&](const QString &name, const QDateTime &saved) {
        askedName = name;
        return saved.isValid();
    });
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy opened(w.project(), &ProjectController::projectOpened);
    QVERIFY(w.project()->offerRecovery());
    QCOMPARE(askedName, QStringLiteral("crash.rvz"));
    QVERIFY(opened.wait(20000));
    QCOMPARE(w.project()->capture(), state);
    QCOMPARE(QJsonValue(notes.items), state.sections.value(FakeAnnotations::key()));
    QCOMPARE(notes.items.at(0).toObject().value("lon").toDouble(), 123.45678901234567);
    QCOMPARE(w.project()->projectPath(), path);
    QVERIFY(w.project()->isModified()); // not in crash.rvz yet
    QVERIFY(shownTitle(w).startsWith(QStringLiteral("crash.rvz* ")));

    // The window owns the recovery file now; a save removes it, as a clean exit would.
    QTRY_VERIFY(QFileInfo::exists(recoveryFile));
    QVERIFY(w.project()->save());
    QVERIFY(!QFileInfo::exists(recoveryFile));
    QVERIFY(!w.project()->isModified());

    // Discarding a recovery deletes it and leaves the window as it is.
    QString error;
    QVERIFY(Project().write(recoveryFile, &error));
    MainWindow other;
    other.project()->recovery()->setDirectory(recoveryDir.path());
    other.project()->setRecoveryPrompt([](const QString &, const QDateTime &) { return false; });
    QVERIFY(!other.project()->offerRecovery());
    QVERIFY(!QFileInfo::exists(recoveryFile));
}

void TestProjectRecovery::damagedRecoveryIsSetAside()
{
    QTemporaryDir recoveryDir;
    QVERIFY(recoveryDir.isValid());
    const QString file = recoveryDir.filePath(QStringLiteral("untitled.rvz"));
    QVERIFY(QFile::copy(projectFixture(QStringLiteral("damaged.rvz")), file));
    MainWindow w;
    w.project()->recovery()->setDirectory(recoveryDir.path());
    bool asked = false;
    w.project()->setRecoveryPrompt([&](const QString &, const QDateTime &) {
        asked = true;
        return true;
    });
    QVERIFY(!w.project()->offerRecovery());
    QVERIFY(!asked);
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("projectErrorBox"));
    QVERIFY(box);
    QVERIFY2(box->informativeText().startsWith(QStringLiteral("damaged file: ")),
             qPrintable(box->informativeText()));
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(QFileInfo::exists(file + QStringLiteral(".damaged")));
    QVERIFY(w.project()->recovery()->orphans().isEmpty()); // not offered again
}

void TestProjectRecovery::liveWindowsRecoveryIsNotOffered()
{
    QTemporaryDir recoveryDir;
    QVERIFY(recoveryDir.isValid());
    MainWindow w;
    w.project()->recovery()->setDirectory(recoveryDir.path());
    w.project()->recovery()->setInterval(20);
    QVERIFY(showAndLoad(w));
    QTRY_VERIFY(QFileInfo::exists(w.project()->recovery()->recoveryFile()));
    QCOMPARE(QFileInfo(w.project()->recovery()->recoveryFile()).fileName(),
             QStringLiteral("untitled.rvz"));

    // A second window (a second Rendezvous) must not take it for a crash's, and keeps
    // its own untitled work under another name.
    MainWindow second;
    second.project()->recovery()->setDirectory(recoveryDir.path());
    second.project()->recovery()->setInterval(20);
    QVERIFY(showAndLoad(second));
    QTRY_COMPARE(QFileInfo(second.project()->recovery()->recoveryFile()).fileName(),
                 QStringLiteral("untitled-2.rvz"));
    QVERIFY(QFileInfo::exists(second.project()->recovery()->recoveryFile()));
    QVERIFY(second.project()->recovery()->orphans().isEmpty());
    QVERIFY(w.project()->recovery()->orphans().isEmpty());
    second.project()->setUnsavedPrompt([] { return QMessageBox::Discard; });
    QVERIFY(second.close());
    // The clean exit removes it.
    w.project()->setUnsavedPrompt([] { return QMessageBox::Discard; });
    QVERIFY(w.close());
    QVERIFY(!QFileInfo::exists(w.project()->recovery()->recoveryFile()));
}

void TestProjectRecovery::screenshots()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("East China Sea survey.rvz"));
    MainWindow w;
    useTempRecovery(w);
    QVERIFY(makeState(w));
    w.eventsDock()->searchBox()->clear();
    w.categoryMenu()->showAll();
    w.areaFilter()->clear();
    w.timeWindow()->clearRange();
    w.map()->setBasemap(RenderOptions::Basemap::Land);
    w.layersDock()->setLayerVisible(w.map()->layers()->overlays().constFirst(), true);
    MapViewport v = w.map()->view()->viewport();
    v.setCenter(30, 123);
    v.setZoom(4.6);
    w.map()->view()->setViewport(v);
    QVERIFY(w.project()->saveAs(path));
    w.eventsDock()->searchBox()->setText(QStringLiteral("TRADER"));
    QTRY_VERIFY(w.isWindowModified());
    MapView *view = w.map()->view();
    QVERIFY(drainEvents());
    QTRY_VERIFY_WITH_TIMEOUT(!view->basemapCache().isRendering()
                                 && view->basemapCache().isCurrent(view->viewport()),
                             20000);
    // The title names the project and marks the change; offscreen windows have no title
    // bar: draw the title the window manager would show.
    QVERIFY2(shownTitle(w).startsWith(QStringLiteral("East China Sea survey.rvz* ")),
             qPrintable(shownTitle(w)));
    const QImage content = w.grab().toImage();
    QImage shot(content.width(), content.height() + 30, QImage::Format_ARGB32);
    shot.fill(QColor(0xe8, 0xe8, 0xe8));
    {
        QPainter p(&shot);
        p.drawImage(0, 30, content);
        QFont font = p.font();
        font.setBold(true);
        p.setFont(font);
        p.drawText(QRect(0, 0, shot.width(), 30), Qt::AlignCenter, shownTitle(w));
    }
    QVERIFY(saveScreenshot(shot, QStringLiteral("project_window.png")));
    QMenu *file = w.menuBar()->actions().constFirst()->menu();
    file->popup(w.mapToGlobal(QPoint(0, 0)));
    QVERIFY(QTest::qWaitForWindowExposed(file));
    QVERIFY(saveScreenshot(file->grab(), QStringLiteral("project_file_menu.png")));
    file->hide();

    QMessageBox *box =
        ProjectRecovery::createPrompt(&w, QStringLiteral("East China Sea survey.rvz"),
                                      QDateTime(QDate(2026, 11, 28), QTime(5, 12), Qt::UTC));
    box->show();
    QVERIFY(QTest::qWaitForWindowExposed(box));
    QVERIFY(saveScreenshot(box->grab(), QStringLiteral("project_restore_prompt.png")));
    delete box;
    w.project()->setUnsavedPrompt([] { return QMessageBox::Discard; });
}

QTEST_MAIN(TestProjectRecovery)
#include "tst_projectrecovery.moc"

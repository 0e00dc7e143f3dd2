#include "mainwindowtesthelpers.h"

#include "areafilter.h"
#include "categoryfiltermenu.h"
#include "eventsdock.h"
#include "layersdock.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "map/mapview.h"
#include "map/vectoroverlaylayer.h"
#include "projectcontroller.h"
#include "projectrecovery.h"
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

using namespace mainwindowtest;

namespace {
QString projectFixture(const QString &name)
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/projects/") + name;
}

QString overlayFixture()
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/overlay/square.geojson");
}

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A stand-in for the annotation model (another branch): a list of lon/lat points that
// must come back exactly.
struct FakeAnnotations
{
    QJsonArray items;
    void registerWith(ProjectController *c)
    {
        c->registerSection(
            QStringLiteral("annotations"), [this] { return QJsonValue(items); },
            [this](const QJsonValue &v, QString *error) {
                if (!v.isArray()) {
                    *error = QStringLiteral("not a list");
                    return false;
                }
                items = v.toArray();
                return true;
            });
    }
};

bool openAndWait(MainWindow &w, const QString &path)
{
    QSignalSpy spy(w.project(), &ProjectController::projectOpened);
    if (!w.project()->openProject(path))
        return false;
    return (!spy.isEmpty() || spy.wait(20000)) && spy.constLast().constFirst().toBool();
}

bool overlayAdded(MainWindow &w, const QString &path)
{
    QSignalSpy spy(w.layersDock(), &LayersDock::overlayAdded);
    w.layersDock()->addOverlayFile(path);
    return spy.wait(20000);
}

// The window in a state away from every default: filters, time window, view, layers.
bool makeState(MainWindow &w)
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

QString shownTitle(const QWidget &w)
{
    QString title = w.windowTitle();
    return title.replace(QStringLiteral("[*]"),
                         w.isWindowModified() ? QStringLiteral("*") : QString());
}
} // namespace

class TestProjectWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void menuEntries();
    void saveAndOpenRoundTrip();
    void sectionsRegisteredLateAndUnregisteredKept();
    void modifiedFlag();
    void closeAsksAboutChanges();
    void badProjectLeavesWindowUnchanged_data();
    void badProjectLeavesWindowUnchanged();
    void movedDataFileIsAskedFor();
    void locateCancelledOpensWithoutData();
    void autosaveRecoveryRestoresExactly();
    void liveWindowsRecoveryIsNotOffered();
    void screenshots();

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
    p.annotations = {QJsonObject {{"lon", 1.0 / 3}}};
    p.exportSettings = {{"format", "svg"}};
    p.sections = {{"notes", "keep me"}};
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
    QCOMPARE(notes.items, p.annotations);
    QVERIFY(!w.project()->isModified());
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
    QTest::qWait(50);
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
    QCOMPARE(back.annotations, notes.items);
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
    QTest::qWait(50);
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

void TestProjectWindow::autosaveRecoveryRestoresExactly()
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
    QCOMPARE(notes.items, state.annotations);
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

void TestProjectWindow::liveWindowsRecoveryIsNotOffered()
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

void TestProjectWindow::screenshots()
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
    QTest::qWait(300);
    // Offscreen windows have no title bar: draw the title the window manager would show.
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
    QVERIFY(shot.save(QStringLiteral("/tmp/project_window.png")));
    QMenu *file = w.menuBar()->actions().constFirst()->menu();
    file->popup(w.mapToGlobal(QPoint(0, 0)));
    QVERIFY(QTest::qWaitForWindowExposed(file));
    QVERIFY(file->grab().save(QStringLiteral("/tmp/project_file_menu.png")));
    file->hide();

    QMessageBox *box =
        ProjectRecovery::createPrompt(&w, QStringLiteral("East China Sea survey.rvz"),
                                      QDateTime(QDate(2026, 11, 28), QTime(5, 12), Qt::UTC));
    box->show();
    QVERIFY(QTest::qWaitForWindowExposed(box));
    QVERIFY(box->grab().save(QStringLiteral("/tmp/project_restore_prompt.png")));
    delete box;
    w.project()->setUnsavedPrompt([] { return QMessageBox::Discard; });
}

QTEST_MAIN(TestProjectWindow)
#include "tst_projectwindow.moc"

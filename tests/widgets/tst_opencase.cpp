#include "projecttesthelpers.h"

#include "docks/loadreportdialog.h"
#include "eventloop.h"
#include "export/exportcontroller.h"
#include "export/exportdialog.h"
#include "investigation.h"
#include "load/columnmappingdialog.h"
#include "load/columnmappingflow.h"
#include "screenshots.h"
#include "window/loadcontroller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QProcess>
#include <QTimer>
#include <QToolButton>

using namespace projecttest;

// Opening a case (issue 15): a data file opened over a project is a new, untitled
// investigation that inherits nothing and never writes the project; save dialogs start
// in the case's folder; exact duplicates can be excluded in the window, with the same
// figures as `rendezvous info --dedupe`.
namespace {
bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

// Case A: cargo and a "region" column of its own.
QByteArray caseA()
{
    return "event_id,start_time,latitude,longitude,vessel_a,vessel_b,cargo,volume_bbl,region\n"
           "A-1,2019-02-11T04:20:00Z,26.5,121.7,ALPHA,BRAVO,crude,100,north\n"
           "A-2,2019-03-02T22:10:00Z,31.0,123.4,CHARLIE,DELTA,diesel,200,south\n"
           "A-3,2019-04-02T22:10:00Z,30.0,122.4,ECHO,FOXTROT,crude,300,north\n"
           "A-4,2019-05-02T22:10:00Z,29.0,124.4,GOLF,HOTEL,fuel oil,400,south\n";
}

// Case B: another sea, another year, no "region".
QByteArray caseB()
{
    return "event_id,start_time,latitude,longitude,vessel_a,vessel_b,cargo,volume_bbl\n"
           "B-1,2023-01-05T00:00:00Z,-33.9,18.4,INDIA,JULIET,crude,10\n"
           "B-2,2023-01-06T00:00:00Z,-34.1,18.6,KILO,LIMA,condensate,20\n"
           "B-3,2023-01-07T00:00:00Z,-34.2,18.9,MIKE,NOVEMBER,crude,30\n";
}

QString duplicatesFile()
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/duplicates.csv");
}

// The figures of a summary line: "N of M transfers · V bbl · K vessels" (the time
// part's wording is the timeline's business).
QString figures(const QString &summary)
{
    return summary.split(QStringLiteral(" \u00b7 ")).mid(0, 3).join(QStringLiteral(" \u00b7 "));
}

QString summaryText(const MainWindow &w)
{
    const auto *label = w.findChild<QLabel *>(QStringLiteral("filterSummary"));
    return label ? figures(label->text()) : QString();
}

QString duplicatesStatus(const MainWindow &w)
{
    const auto *label = w.findChild<QLabel *>(QStringLiteral("duplicatesStatus"));
    return label && !label->isHidden() ? label->text() : QString();
}

// `rendezvous info FILE args` "summary:" line, as a script would quote it.
QString infoSummary(const QString &file, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RENDEZVOUS_BINARY), QStringList {QStringLiteral("info"), file} + args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return QStringLiteral("info failed: ") + QString::fromUtf8(p.readAllStandardError());
    for (const QString &line : QString::fromUtf8(p.readAllStandardOutput()).split('\n')) {
        const QString t = line.trimmed();
        if (t.startsWith(QLatin1String("summary:")))
            return figures(t.mid(8).trimmed());
    }
    return QStringLiteral("no summary line");
}

// Opens a data file the way File ▸ Open does and waits for the case to change (or not).
bool openData(MainWindow &w, const QString &path)
{
    QSignalSpy spy(w.project(), &ProjectController::dataOpened);
    w.openFile(path);
    if (spy.isEmpty() && !spy.wait(20000))
        return false;
    return spy.constLast().constFirst().toBool()
        && QTest::qWaitFor([&w] { return !w.map()->isIndexing(); }, 20000);
}

bool waitIdle(MainWindow &w)
{
    return QTest::qWaitFor(
        [&w] { return !w.isLoading() && !w.project()->isApplying() && !w.map()->isIndexing(); },
        20000);
}

// Runs `action`, which opens a modal dialog, and hands that dialog to `inspect`, which
// must close it.
template<typename Dialog>
bool withModal(const std::function<void()> &action, const std::function<void(Dialog *)> &inspect)
{
    bool seen = false;
    QTimer poll;
    poll.setInterval(10);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (auto *d = qobject_cast<Dialog *>(QApplication::activeModalWidget()); d && !seen) {
            seen = true;
            inspect(d);
        }
    });
    poll.start();
    action();
    return seen;
}
// File ▸ Add Data Source… with path typed in its file dialog, as a user would
// (selectFile() is lost while an earlier dialog's folder still loads).
bool addDataSource(MainWindow &w, const QString &path)
{
    auto *add = w.findChild<QAction *>(QStringLiteral("addDataSourceAction"));
    if (!add || !add->isEnabled())
        return false;
    bool typed = false;
    const bool shown = withModal<QFileDialog>([&] { add->trigger(); },
                                              [&](QFileDialog *d) {
                                                  auto *name = d->findChild<QLineEdit *>(
                                                      QStringLiteral("fileNameEdit"));
                                                  if ((typed = name != nullptr))
                                                      name->setText(path);
                                                  static_cast<QDialog *>(d)->accept();
                                              });
    return shown && typed;
}
} // namespace

class TestOpenCase : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void dataOverProjectIsNewUntitledCase();
    void unsavedChangesAskedBeforeData();
    void failedOpenKeepsTheCase();
    void saveDialogsStartInTheCaseFolder();
    void saveFolderRules();
    void excludeDuplicatesMatchesInfo();
    void dedupeSavedWithProject();
    void reportDialogExcludesDuplicates();
    void addDataSourceShowsBothTogether();
    void addedFileIsAskedForColumns();
    void renderDrawsEverySource();

private:
    void useTempRecovery(MainWindow &w)
    {
        w.project()->recovery()->setDirectory(m_recovery.path());
    }
    QTemporaryDir m_settings;
    QTemporaryDir m_recovery;
    QTemporaryDir m_dir;
    QString m_a, m_b;
};

void TestOpenCase::initTestCase()
{
    QVERIFY(isolateSettings(m_settings));
    QVERIFY(m_recovery.isValid());
    QVERIFY(m_dir.isValid());
    QDir(m_dir.path()).mkpath(QStringLiteral("a"));
    QDir(m_dir.path()).mkpath(QStringLiteral("b"));
    m_a = m_dir.filePath(QStringLiteral("a/case_a.csv"));
    m_b = m_dir.filePath(QStringLiteral("b/case_b.csv"));
    QVERIFY(writeFile(m_a, caseA()));
    QVERIFY(writeFile(m_b, caseB()));
}

void TestOpenCase::init()
{
    QSettings().clear();
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous")).clear();
}

void TestOpenCase::dataOverProjectIsNewUntitledCase()
{
    MainWindow w;
    useTempRecovery(w);
    FakeAnnotations notes;
    notes.registerWith(w.project());
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openData(w, m_a));
    QCOMPARE(w.model()->rowCount(), 4);

    // A case worked on: window, search, area, categories, colour by, notes; saved.
    w.timeWindow()->setRange(1549000000000LL, 1552000000000LL);
    w.eventsDock()->searchBox()->setText(QStringLiteral("A-"));
    w.areaFilter()->setPolygon({{120, 25}, {126, 25}, {126, 33}, {120, 33}});
    w.map()->setColorBy(QStringLiteral("region"));
    w.categoryMenu()->setHidden({{QStringLiteral("region"), {QStringLiteral("south")}}});
    notes.items.append(QJsonObject {{"lon", 121.7}, {"lat", 26.5}, {"text", "case A"}});
    const QString project = m_dir.filePath(QStringLiteral("a/case_a.rvz"));
    QVERIFY(w.project()->saveAs(project));
    QTRY_VERIFY(w.filter()->rowCount() < 4);
    const QByteArray saved = contents(project);
    QVERIFY(!saved.isEmpty());

    // Another file: nothing of case A stays, and case A's project is not it any more.
    QVERIFY(openData(w, m_b));
    QCOMPARE(w.model()->rowCount(), 3);
    QCOMPARE(w.filter()->rowCount(), 3); // not "0 of 3"
    QVERIFY(w.project()->projectPath().isEmpty());
    QVERIFY(w.investigation()->projectPath().isEmpty());
    QVERIFY(!w.timeWindow()->hasRange());
    QVERIFY(w.eventsDock()->searchBox()->text().isEmpty());
    QVERIFY(w.filter()->criteria().isEmpty());
    QVERIFY(w.categoryMenu()->hidden().isEmpty());
    QVERIFY(notes.items.isEmpty());
    QCOMPARE(w.map()->options().colorBy, QStringLiteral("cargo"));
    const auto *combo = w.findChild<QComboBox *>(QStringLiteral("colorByCombo"));
    QVERIFY(combo);
    QCOMPARE(combo->currentData().toString(), QStringLiteral("cargo"));
    // Untitled with data: Save asks for a new file (here given), and case A's project
    // is still case A, byte for byte.
    QTRY_VERIFY(w.project()->isModified());
    QVERIFY(!shownTitle(w).contains(QStringLiteral("case_a")));
    QVERIFY(shownTitle(w).startsWith(QStringLiteral("case_b.csv*")));
    QCOMPARE(contents(project), saved);
    const QString other = m_dir.filePath(QStringLiteral("b/case_b.rvz"));
    QVERIFY(w.project()->saveAs(other));
    QCOMPARE(contents(project), saved);
    Project back;
    QString error;
    QVERIFY(Project::read(other, &back, &error));
    QCOMPARE(back.sources.size(), size_t(1));
    QCOMPARE(back.sources.front().path, m_b);
    QVERIFY(back.text.isEmpty());
    QVERIFY(back.sections.value(FakeAnnotations::key()).toArray().isEmpty());

    // And case A comes back whole from its project.
    QVERIFY(openAndWait(w, project));
    QCOMPARE(w.eventsDock()->searchBox()->text(), QStringLiteral("A-"));
    QCOMPARE(w.map()->options().colorBy, QStringLiteral("region"));
    QCOMPARE(notes.items.size(), 1);
}

void TestOpenCase::unsavedChangesAskedBeforeData()
{
    MainWindow w;
    useTempRecovery(w);
    int asked = 0;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    w.project()->setUnsavedPrompt([&] {
        ++asked;
        return answer;
    });
    QVERIFY(openData(w, m_a));
    // A file just opened is nothing to lose: the next one does not ask.
    QVERIFY(openData(w, m_b));
    QCOMPARE(asked, 0);

    const QString project = m_dir.filePath(QStringLiteral("b/asked.rvz"));
    QVERIFY(w.project()->saveAs(project));
    w.eventsDock()->searchBox()->setText(QStringLiteral("KILO"));
    QTRY_VERIFY(w.project()->isModified());

    // Cancel: nothing happens.
    QSignalSpy opened(w.project(), &ProjectController::dataOpened);
    w.openFile(m_a);
    QCOMPARE(asked, 1);
    QCOMPARE(opened.size(), 1);
    QVERIFY(!opened.constFirst().constFirst().toBool());
    QVERIFY(drainEvents());
    QVERIFY(!w.isLoading());
    QCOMPARE(w.currentSource().path, m_b);
    QCOMPARE(w.project()->projectPath(), QFileInfo(project).absoluteFilePath());
    QCOMPARE(w.eventsDock()->searchBox()->text(), QStringLiteral("KILO"));

    // Save: the project gets the change, then the new case opens.
    answer = QMessageBox::Save;
    QVERIFY(openData(w, m_a));
    QCOMPARE(asked, 2);
    Project back;
    QString error;
    QVERIFY(Project::read(project, &back, &error));
    QCOMPARE(back.text, QStringLiteral("KILO"));
    QCOMPARE(w.currentSource().path, m_a);

    // Discard: the new case opens, the project keeps what it had.
    QVERIFY(openAndWait(w, project));
    // (LIMA shows the same event as KILO: the text alone is the change.)
    w.eventsDock()->searchBox()->setText(QStringLiteral("LIMA"));
    QTRY_VERIFY(w.project()->isModified());
    answer = QMessageBox::Discard;
    QVERIFY(openData(w, m_a));
    QCOMPARE(asked, 3);
    QVERIFY(Project::read(project, &back, &error));
    QCOMPARE(back.text, QStringLiteral("KILO"));
}

void TestOpenCase::failedOpenKeepsTheCase()
{
    MainWindow w;
    useTempRecovery(w);
    QVERIFY(openData(w, m_a));
    const QString project = m_dir.filePath(QStringLiteral("a/kept.rvz"));
    QVERIFY(w.project()->saveAs(project));
    w.eventsDock()->searchBox()->setText(QStringLiteral("ALPHA"));
    QTRY_COMPARE(w.filter()->rowCount(), 1);
    w.project()->setUnsavedPrompt([] { return QMessageBox::Discard; });

    QSignalSpy opened(w.project(), &ProjectController::dataOpened);
    w.openFile(m_dir.filePath(QStringLiteral("missing.csv")));
    QVERIFY(opened.wait(20000));
    QVERIFY(!opened.constFirst().constFirst().toBool());
    QCOMPARE(w.currentSource().path, m_a);
    QCOMPARE(w.project()->projectPath(), QFileInfo(project).absoluteFilePath());
    QCOMPARE(w.eventsDock()->searchBox()->text(), QStringLiteral("ALPHA"));
    QCOMPARE(w.filter()->rowCount(), 1);
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("loadErrorBox"));
    QVERIFY(box);
    box->close();

    // The case's own file opened again is read again in place: still this case.
    QVERIFY(openData(w, m_a));
    QCOMPARE(w.project()->projectPath(), QFileInfo(project).absoluteFilePath());
    QCOMPARE(w.eventsDock()->searchBox()->text(), QStringLiteral("ALPHA"));
}

void TestOpenCase::saveDialogsStartInTheCaseFolder()
{
    // The process's folder and the last project's folder are elsewhere.
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"))
        .setValue(QStringLiteral("lastProjectDirectory"), QDir::tempPath());
    MainWindow w;
    useTempRecovery(w);
    QVERIFY(openData(w, m_b));
    const QString dataFolder = QFileInfo(m_b).absolutePath();

    QString offered;
    QVERIFY(withModal<QFileDialog>([&] { w.project()->showSaveAsDialog(); },
                                   [&](QFileDialog *d) {
                                       offered = d->directory().absolutePath();
                                       d->reject();
                                   }));
    QCOMPARE(offered, dataFolder);

    QString exportPath;
    QVERIFY(withModal<ExportDialog>([&] { w.exportController()->showExportDialog(); },
                                    [&](ExportDialog *d) {
                                        exportPath = d->path();
                                        d->reject();
                                    }));
    QCOMPARE(QFileInfo(exportPath).absolutePath(), dataFolder);
    // The events table's exports too (filtered and selected).
    const auto tableExportFolder = [&w] {
        QString folder;
        withModal<QFileDialog>([&] { w.eventsDock()->exportFilteredAction()->trigger(); },
                               [&](QFileDialog *d) {
                                   folder = d->directory().absolutePath();
                                   d->reject();
                               });
        return folder;
    };
    QCOMPARE(tableExportFolder(), dataFolder);

    // With a project, its folder, even for data kept elsewhere.
    const QString projectFolder = m_dir.filePath(QStringLiteral("a"));
    QVERIFY(w.project()->saveAs(projectFolder + QStringLiteral("/elsewhere.rvz")));
    QVERIFY(withModal<ExportDialog>([&] { w.exportController()->showExportDialog(); },
                                    [&](ExportDialog *d) {
                                        exportPath = d->path();
                                        d->reject();
                                    }));
    QCOMPARE(QFileInfo(exportPath).absolutePath(), QFileInfo(projectFolder).absoluteFilePath());
    QCOMPARE(tableExportFolder(), QFileInfo(projectFolder).absoluteFilePath());
}

void TestOpenCase::saveFolderRules()
{
    Investigation investigation;
    // Nothing open: never the process's working folder.
    QVERIFY(investigation.saveFolder() != QDir::currentPath()
            || QDir::currentPath() == QDir::homePath());
    investigation.setProjectPath(m_dir.filePath(QStringLiteral("a/p.rvz")));
    const QString a = QFileInfo(m_dir.filePath(QStringLiteral("a"))).absoluteFilePath();
    QCOMPARE(investigation.saveFolder(), a);
    // A last path in the case's folder or below it is kept; elsewhere, its name moves in.
    QDir(a).mkpath(QStringLiteral("figures"));
    QCOMPARE(investigation.suggestSavePath(a + QStringLiteral("/figures/map.pdf"), "map"),
             a + QStringLiteral("/figures/map.pdf"));
    QCOMPARE(investigation.suggestSavePath(QStringLiteral("/somewhere/else/fig.png"), "map"),
             a + QStringLiteral("/fig.png"));
    QCOMPARE(investigation.suggestSavePath(QString(), QStringLiteral("map")),
             a + QStringLiteral("/map"));
    // A folder that only starts like the case's is not inside it.
    QCOMPARE(investigation.suggestSavePath(a + QStringLiteral("bc/x.png"), "map"),
             a + QStringLiteral("/x.png"));
}

void TestOpenCase::excludeDuplicatesMatchesInfo()
{
    MainWindow w;
    useTempRecovery(w);
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openData(w, duplicatesFile()));
    QCOMPARE(w.filter()->rowCount(), 5);
    QCOMPARE(summaryText(w), infoSummary(duplicatesFile(), {}));
    QCOMPARE(duplicatesStatus(w), QStringLiteral("duplicates included (2)"));
    QAction *dedupe = w.project()->dedupeAction();
    QVERIFY(dedupe->isEnabled());
    QVERIFY(!dedupe->isChecked());
    const QList<QAction *> filterActions = [&] {
        for (QAction *m : w.menuBar()->actions()) {
            if (m->menu() && m->text().remove('&') == QLatin1String("Filter"))
                return m->menu()->actions();
        }
        return QList<QAction *>();
    }();
    QVERIFY(filterActions.contains(dedupe));

    // What the user set up survives the reload.
    w.eventsDock()->searchBox()->setText(QStringLiteral("D-"));
    MapViewport view = w.map()->view()->viewport();
    view.setZoom(view.zoom() - 1);
    w.map()->view()->setViewport(view);
    dedupe->trigger();
    QVERIFY(waitIdle(w));
    QVERIFY(w.currentSource().dedupe);
    QVERIFY(dedupe->isChecked());
    QCOMPARE(w.model()->rowCount(), 3);
    QCOMPARE(w.filter()->rowCount(), 3);
    QCOMPARE(w.eventsDock()->searchBox()->text(), QStringLiteral("D-"));
    QCOMPARE(w.map()->view()->viewport().zoom(), view.zoom());
    QCOMPARE(summaryText(w), infoSummary(duplicatesFile(), {QStringLiteral("--dedupe")}));
    QCOMPARE(duplicatesStatus(w), QStringLiteral("duplicates excluded (2)"));
    w.statusBar()->clearMessage(); // "Opened …" covers the summary for a few seconds
    QVERIFY(saveScreenshot(w.statusBar()->grab(), QStringLiteral("opencase_status_dedupe.png")));

    // Back again.
    dedupe->trigger();
    QVERIFY(waitIdle(w));
    QCOMPARE(w.filter()->rowCount(), 5);
    QCOMPARE(summaryText(w), infoSummary(duplicatesFile(), {}));

    // The sample, with a search, as a second file.
    const QString sample =
        QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
    w.project()->setUnsavedPrompt([] { return QMessageBox::Discard; });
    QVERIFY(openData(w, sample));
    w.project()->dedupeAction()->trigger();
    QVERIFY(waitIdle(w));
    QCOMPARE(summaryText(w), infoSummary(sample, {QStringLiteral("--dedupe")}));
}

void TestOpenCase::dedupeSavedWithProject()
{
    const QString project = m_dir.filePath(QStringLiteral("dedupe.rvz"));
    {
        MainWindow w;
        useTempRecovery(w);
        QVERIFY(openData(w, duplicatesFile()));
        QVERIFY(w.project()->saveAs(project));
        QVERIFY(!w.project()->isModified());
        w.project()->dedupeAction()->trigger();
        QVERIFY(waitIdle(w));
        QTRY_VERIFY(w.project()->isModified()); // the choice is part of the case
        QVERIFY(w.project()->save());
    }
    Project back;
    QString error;
    QVERIFY(Project::read(project, &back, &error));
    QVERIFY(back.sources.front().dedupe);
    MainWindow w;
    useTempRecovery(w);
    QVERIFY(openAndWait(w, project));
    QVERIFY(w.currentSource().dedupe);
    QVERIFY(w.project()->dedupeAction()->isChecked());
    QCOMPARE(w.filter()->rowCount(), 3);
    QCOMPARE(duplicatesStatus(w), QStringLiteral("duplicates excluded (2)"));
    QVERIFY(!w.project()->isModified());
}

void TestOpenCase::reportDialogExcludesDuplicates()
{
    MainWindow w;
    useTempRecovery(w);
    QVERIFY(openData(w, duplicatesFile()));
    w.findChild<QAction *>(QStringLiteral("showReportAction"))->trigger();
    auto *dialog = w.findChild<LoadReportDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *exclude = dialog->findChild<QCheckBox *>(QStringLiteral("excludeDuplicates"));
    QVERIFY(exclude);
    QVERIFY(exclude->text().contains(QStringLiteral("2 duplicates")));
    QVERIFY(!exclude->isChecked());
    dialog->tabs()->setCurrentIndex(0);
    QVERIFY(saveScreenshot(dialog->grab(), QStringLiteral("opencase_report_dialog.png")));
    exclude->click();
    QVERIFY(waitIdle(w));
    QCOMPARE(w.filter()->rowCount(), 3);
    QVERIFY(w.project()->dedupeAction()->isChecked());
    // The reloaded report says the choice in force.
    exclude = dialog->findChild<QCheckBox *>(QStringLiteral("excludeDuplicates"));
    QVERIFY(exclude);
    QVERIFY(exclude->isChecked());
    QVERIFY(saveScreenshot(dialog->grab(), QStringLiteral("opencase_report_dialog_excluded.png")));
}

void TestOpenCase::addDataSourceShowsBothTogether()
{
    MainWindow w;
    useTempRecovery(w);
    QVERIFY(openData(w, m_a));
    w.eventsDock()->searchBox()->setText(QStringLiteral("-"));
    QSignalSpy finished(w.investigation(), &Investigation::loadFinished);
    QVERIFY(addDataSource(w, m_b));
    QVERIFY(finished.wait(20000));
    QVERIFY(finished.constFirst().constFirst().toBool());
    QVERIFY(waitIdle(w));

    // Both files' events, counted together; the case is still the same case.
    QCOMPARE(w.investigation()->eventSources().size(), size_t(2));
    QCOMPARE(w.model()->rowCount(), 7);
    QCOMPARE(w.filter()->rowCount(), 7);
    QCOMPARE(w.eventsDock()->searchBox()->text(), QStringLiteral("-"));
    QCOMPARE(summaryText(w), QStringLiteral("7 of 7 transfers \u00b7 1,060 bbl \u00b7 14 vessels"));
    const auto &store = *w.model()->store();
    QVERIFY(store.extraNames().contains(QStringLiteral("region")));
    QVERIFY(store.extraNames().contains(QStringLiteral("source_file")));
    const int file = int(store.extraNames().indexOf(QStringLiteral("source_file")));
    const int region = int(store.extraNames().indexOf(QStringLiteral("region")));
    QCOMPARE(store.extra(file, 0), QStringLiteral("case_a.csv"));
    QCOMPARE(store.extra(file, 6), QStringLiteral("case_b.csv"));
    QCOMPARE(store.extra(region, 0), QStringLiteral("north"));
    QVERIFY(store.extra(region, 6).isEmpty());
    QCOMPARE(store.sourceRow(6), 4u); // its own file's line
    QCOMPARE(store.id(6), QStringLiteral("B-3"));
    const auto *combo = w.findChild<QComboBox *>(QStringLiteral("colorByCombo"));
    QVERIFY(combo->findData(QStringLiteral("source_file")) >= 0);
    QVERIFY(shownTitle(w).contains(QStringLiteral("case_a.csv + 1 more")));
    // One file's duplicates choice cannot cover two.
    QVERIFY(!w.project()->dedupeAction()->isEnabled());

    // Saved and opened again: both sources.
    const QString project = m_dir.filePath(QStringLiteral("both.rvz"));
    QVERIFY(w.project()->saveAs(project));
    Project back;
    QString error;
    QVERIFY(Project::read(project, &back, &error));
    QCOMPARE(back.sources.size(), size_t(2));
    MainWindow again;
    useTempRecovery(again);
    QVERIFY(openAndWait(again, project));
    QCOMPARE(again.model()->rowCount(), 7);
    QCOMPARE(again.investigation()->eventSources(), w.investigation()->eventSources());
    QVERIFY(!again.project()->isModified());

    // Opening a file (not adding it) is a new case with that file alone.
    again.project()->setUnsavedPrompt([] { return QMessageBox::Discard; });
    QVERIFY(openData(again, m_b));
    QCOMPARE(again.investigation()->eventSources().size(), size_t(1));
    QCOMPARE(again.model()->rowCount(), 3);
}

void TestOpenCase::renderDrawsEverySource()
{
    // What the window shows for a project of two files, `render --project` draws and
    // sums up, duplicates choice included.
    const QString dup = m_dir.filePath(QStringLiteral("dup.csv"));
    QVERIFY(QFile::copy(duplicatesFile(), dup));
    const QString project = m_dir.filePath(QStringLiteral("render.rvz"));
    {
        MainWindow w;
        useTempRecovery(w);
        QVERIFY(openData(w, m_a));
        QSignalSpy finished(w.investigation(), &Investigation::loadFinished);
        w.investigation()->addEvents({dup, {}, {}, true});
        QVERIFY(finished.wait(20000));
        QVERIFY(waitIdle(w));
        QCOMPARE(w.model()->rowCount(), 4 + 3);
        QVERIFY(w.project()->saveAs(project));
        const QString window = summaryText(w);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(RENDEZVOUS_BINARY),
                {QStringLiteral("render"), QStringLiteral("--project"), project,
                 QStringLiteral("-o"), m_dir.filePath(QStringLiteral("render.png"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        // "render.png: WxH, <summary>"
        QCOMPARE(figures(out.mid(out.indexOf(QStringLiteral(", ")) + 2)), window);
        QVERIFY(window.startsWith(QStringLiteral("7 of 7 transfers")));
    }
}

QTEST_MAIN(TestOpenCase)
// Add Data Source goes the way Open goes: a file whose columns the reader is unsure of
// is asked about in the column-mapping dialog, and the mapping chosen joins the project.
void TestOpenCase::addedFileIsAskedForColumns()
{
    MainWindow w;
    useTempRecovery(w);
    QVERIFY(openData(w, m_a));
    QVERIFY(w.project()->saveAs(m_dir.filePath(QStringLiteral("a/with_ships.rvz"))));
    QVERIFY(!w.project()->isModified());
    const QString ships = m_dir.filePath(QStringLiteral("b/ships.csv"));
    QFile::remove(ships);
    QVERIFY(QFile::copy(QStringLiteral(RENDEZVOUS_TEST_DATA "/mapping/ship_columns.csv"), ships));
    QSignalSpy finished(w.investigation(), &Investigation::loadFinished);
    QVERIFY(addDataSource(w, ships));
    const ColumnMappingFlow *flow = w.findChild<LoadController *>()->columnMapping();
    QTRY_VERIFY(flow->dialog());
    QVERIFY(!w.investigation()->isLoading()); // nothing loads while the user decides
    QCOMPARE(w.investigation()->eventSources().size(), size_t(1));
    auto *months = flow->dialog()->dateOrderBox();
    months->setCurrentIndex(months->findText(QStringLiteral("Month first (mm/dd/yyyy)")));
    flow->dialog()->accept();
    QVERIFY(finished.wait(20000));
    QVERIFY(finished.constFirst().constFirst().toBool());
    QVERIFY(waitIdle(w));
    QCOMPARE(w.investigation()->eventSources().size(), size_t(2));
    QCOMPARE(w.model()->rowCount(), 4 + 6);
    QCOMPARE(flow->projectMappings().size(), 1);
    QVERIFY(w.project()->isModified());
}

#include "tst_opencase.moc"

#include "detecttesthelpers.h"
#include "projecttesthelpers.h"

#include "eventstorejson.h"
#include "transferfilter.h"

#include <QProcess>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace detecttest;
using namespace projecttest;

// The Detected layer in a project (issue 17): saved with it, and back on reopening as
// the very same events (not detected again: the AIS may be gone, the rules changed),
// with the project's filters applying to them and their gap lines on the map.
class TestDetectProject : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void reopenedProjectShowsTheSameEvents();
    void withoutTheAisTheEventsStayAndItIsSaid();
    void projectWithoutDetectedEventsClearsThem();

private:
    // A window with the AIS of `aisPath`, a detection of 2 encounters and a gap, the
    // encounters hidden by the category filter, saved as `projectPath`; the saved events.
    bool makeProject(const QString &aisPath, const QString &projectPath, QJsonObject *saved);

    QTemporaryDir m_settingsDir;
};

void TestDetectProject::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
}

bool TestDetectProject::makeProject(const QString &aisPath, const QString &projectPath,
                                    QJsonObject *saved)
{
    QFile ais(aisPath);
    if (!ais.open(QIODevice::WriteOnly) || ais.write("mmsi,lat,lon,time\n") <= 0)
        return false;
    ais.close();
    MainWindow w;
    if (!openAis(w, aisPath))
        return false;
    DetectController &c = *w.detectController();
    c.setRunner([](const TrackStore &, const detect::Rules &, unsigned, const detect::Control &,
                   const QString &) { return result(2); });
    c.setConverter(convert);
    if (!detectAndWait(c) || !w.investigation()->detected())
        return false;
    if (!w.project()->isModified()) {
        qWarning("a detection is a change to the project");
        return false;
    }
    w.categoryMenu()->setHidden({{QStringLiteral("kind"), {QStringLiteral("encounter")}}});
    if (w.filter()->rowCount() != 1)
        return false;
    *saved = eventstorejson::toJson(*w.investigation()->detected()->store);
    return w.project()->saveAs(projectPath) && !w.project()->isModified();
}

void TestDetectProject::reopenedProjectShowsTheSameEvents()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString aisPath = dir.filePath(QStringLiteral("week.csv"));
    const QString path = dir.filePath(QStringLiteral("case.rvz"));
    QJsonObject saved;
    QVERIFY(makeProject(aisPath, path, &saved));
    QCOMPARE(saved.value(QStringLiteral("rows")).toArray().size(), 3);

    MainWindow w;
    w.investigation()->setAisReader(reader());
    // Opening does not detect again: a runner that would be called says so.
    bool ran = false;
    w.detectController()->setRunner([&ran](const TrackStore &, const detect::Rules &, unsigned,
                                           const detect::Control &, const QString &) {
        ran = true;
        return detect::Result();
    });
    QVERIFY(openAndWait(w, path));
    QVERIFY(!ran);
    QVERIFY(w.investigation()->tracks());
    QVERIFY(w.investigation()->detected());
    QCOMPARE(eventstorejson::toJson(*w.investigation()->detected()->store), saved);
    QCOMPARE(kindCount(w, QStringLiteral("encounter")), 2);
    QCOMPARE(kindCount(w, QStringLiteral("gap")), 1);
    // The project's filters apply to them: the encounters hidden, the gap shown and drawn.
    QCOMPARE(w.filter()->rowCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!w.map()->isIndexing(), 20000);
    QCOMPARE(shownGapLines(w).size(), size_t(1));
    QCOMPARE(shownGapLines(w)[0]->label,
             QStringLiteral("SYNTH DARK STAR: 14.2 h dark, 90.2 nm at 6.4 kn"));
    QVERIFY(!w.project()->isModified());
    QCOMPARE(w.investigation()->detected()->kind, DataSource::Kind::Detected);

    // `rendezvous render --project` draws them as the window's export does: the gap's
    // line (the encounters are hidden by the project's category filter).
    const QString png = dir.filePath(QStringLiteral("render.png"));
    QProcess render;
    render.start(QStringLiteral(RENDEZVOUS_BINARY),
                 {QStringLiteral("render"), QStringLiteral("--project"), path, QStringLiteral("-o"),
                  png, QStringLiteral("--basemap"), QStringLiteral("none"),
                  QStringLiteral("--bbox"), QStringLiteral("123.5,27.5,126.5,29.5")});
    QVERIFY(render.waitForFinished(120000));
    QVERIFY2(render.exitCode() == 0, render.readAllStandardError().constData());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY2(inkPixels(image) > 100, qPrintable(QString::number(inkPixels(image))));
    // The figures: the gap of the three detected events, as the window counts them.
    const QByteArray printed = render.readAllStandardOutput();
    QVERIFY2(printed.contains("1 of 3 transfers"), printed.constData());
}

void TestDetectProject::withoutTheAisTheEventsStayAndItIsSaid()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString aisPath = dir.filePath(QStringLiteral("week.csv"));
    const QString path = dir.filePath(QStringLiteral("case.rvz"));
    QJsonObject saved;
    QVERIFY(makeProject(aisPath, path, &saved));
    QVERIFY(QFile::remove(aisPath));

    MainWindow w;
    w.investigation()->setAisReader(reader());
    w.project()->setLocator([](const QString &) { return QString(); }); // not found
    QVERIFY(openAndWait(w, path));
    QVERIFY(!w.investigation()->tracks());
    QVERIFY(w.investigation()->detected());
    QCOMPARE(eventstorejson::toJson(*w.investigation()->detected()->store), saved);
    QCOMPARE(w.filter()->rowCount(), 1);
    const QString message = w.statusBar()->currentMessage();
    QVERIFY2(message.contains(QStringLiteral("3 detected events are shown as saved, without the "
                                             "AIS they were found in")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("week.csv")), qPrintable(message));
    // Saved again, the events and the missing AIS's place are both kept.
    const QString again = dir.filePath(QStringLiteral("again.rvz"));
    QVERIFY(w.project()->saveAs(again));
    Project read;
    QString error;
    QVERIFY2(Project::read(again, &read, &error), qPrintable(error));
    QCOMPARE(read.detected, saved);
    QCOMPARE(read.sources.size(), size_t(1));
    QCOMPARE(read.sources[0].path, aisPath);
}

void TestDetectProject::projectWithoutDetectedEventsClearsThem()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString aisPath = dir.filePath(QStringLiteral("week.csv"));
    QJsonObject saved;
    QVERIFY(makeProject(aisPath, dir.filePath(QStringLiteral("case.rvz")), &saved));
    // The same AIS without a detection, as a project of its own.
    const QString plain = dir.filePath(QStringLiteral("plain.rvz"));
    {
        MainWindow w;
        QVERIFY(openAis(w, aisPath));
        QVERIFY(w.project()->saveAs(plain));
    }
    MainWindow w;
    w.investigation()->setAisReader(reader());
    QVERIFY(openAndWait(w, dir.filePath(QStringLiteral("case.rvz"))));
    QVERIFY(w.investigation()->detected());
    QVERIFY(openAndWait(w, plain));
    QVERIFY(!w.investigation()->detected());
    QCOMPARE(w.model()->rowCount(), 0);
    QVERIFY(shownGapLines(w).empty());
}

QTEST_MAIN(TestDetectProject)
#include "tst_detectproject.moc"

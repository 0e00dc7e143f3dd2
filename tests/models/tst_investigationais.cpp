#include "eventstore.h"
#include "investigation.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

// AIS sources in the Investigation, with an injected reader (the real one has its own
// tests): tracks load beside the events, each kind keeps the other, and a load that
// fails or is cancelled changes nothing.
class TestInvestigationAis : public QObject
{
    Q_OBJECT
private slots:
    void aisLoadsBesideEvents();
    void eventsOpenedKeepTheTracks();
    void severalFilesAreOneSource();
    void failedAisKeepsState();
    void cancelledAisKeepsState();
    void clearDropsTracks();

private:
    static ProjectSource events()
    {
        return {QStringLiteral(RENDEZVOUS_TEST_DATA "/mainwindow/events.csv"), {}, {}};
    }
    static ProjectSource otherEvents()
    {
        return {QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/bad_rows.csv"), {}, {}};
    }
    static ProjectSource ais(const QString &name = QStringLiteral("/data/day1.csv"))
    {
        ProjectSource s;
        s.path = name;
        s.kind = ProjectSource::Kind::Ais;
        return s;
    }
    // A reader returning a fresh store with one report per file, recording its call.
    static Investigation::AisReader fakeReader(std::shared_ptr<QStringList> seen = {})
    {
        return [seen](const QStringList &paths, const LoadOptions &options, SegmentRules) {
            if (seen)
                *seen = paths;
            if (options.progress)
                options.progress(0.5);
            TrackLoadResult r;
            r.store = std::make_shared<TrackStore>();
            for (const QString &p : paths) {
                LoadReport report;
                report.file = p;
                report.records = 10;
                report.loaded = 9;
                report.rejections.push_back({5, QStringLiteral("bad MMSI (not 9 digits)")});
                r.reports.push_back(report);
            }
            r.sentences.read = 7;
            return r;
        };
    }
    static bool wait(Investigation &investigation, const std::function<void()> &start)
    {
        QSignalSpy finished(&investigation, &Investigation::loadFinished);
        start();
        return finished.wait(20000) && finished.constFirst().constFirst().toBool();
    }
};

void TestInvestigationAis::aisLoadsBesideEvents()
{
    Investigation investigation;
    investigation.setAisReader(fakeReader());
    QVERIFY(wait(investigation, [&] { investigation.openEvents(events()); }));
    const auto shown = investigation.shown().store;
    const int eventsId = investigation.events()->id;

    QSignalSpy tracks(&investigation, &Investigation::tracksChanged);
    QSignalSpy progress(&investigation, &Investigation::loadingProgress);
    QSignalSpy loaded(&investigation, &Investigation::loaded);
    QVERIFY(wait(investigation, [&] { investigation.openAis(ais()); }));
    QCOMPARE(tracks.count(), 1);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(loaded.constFirst().constFirst().value<DataSource>().kind, DataSource::Kind::Ais);
    QVERIFY(progress.count() >= 1);
    QCOMPARE(investigation.sources().size(), size_t(2));
    // The events are untouched: same source, same store shown.
    QCOMPARE(investigation.events()->id, eventsId);
    QCOMPARE(investigation.shown().store.get(), shown.get());
    QCOMPARE(investigation.currentSource(), events());
    const DataSource *a = investigation.ais();
    QVERIFY(a);
    QCOMPARE(a->origin, ais());
    QVERIFY(a->tracks);
    QCOMPARE(investigation.tracks().get(), a->tracks.get());
    QCOMPARE(a->aisReports.size(), size_t(1));
    QCOMPARE(a->report.file, QStringLiteral("/data/day1.csv"));
    QCOMPARE(a->sentences.read, int64_t(7));
    QCOMPARE(investigation.allSources(), std::vector<ProjectSource>({events(), ais()}));

    // Another AIS data set takes the place of the first (one per investigation).
    const auto firstTracks = investigation.tracks();
    QVERIFY(
        wait(investigation, [&] { investigation.openAis(ais(QStringLiteral("/data/day2.csv"))); }));
    QCOMPARE(investigation.sources().size(), size_t(2));
    QVERIFY(investigation.tracks() != firstTracks);
    QCOMPARE(investigation.ais()->origin.path, QStringLiteral("/data/day2.csv"));
    QCOMPARE(tracks.count(), 2);
}

void TestInvestigationAis::eventsOpenedKeepTheTracks()
{
    Investigation investigation;
    investigation.setAisReader(fakeReader());
    QVERIFY(wait(investigation, [&] { investigation.openAis(ais()); }));
    QVERIFY(!investigation.events());
    QVERIFY(!investigation.shown().store);
    const auto tracks = investigation.tracks();
    QVERIFY(tracks);

    QSignalSpy tracksChanged(&investigation, &Investigation::tracksChanged);
    QVERIFY(wait(investigation, [&] { investigation.openEvents(events()); }));
    QVERIFY(wait(investigation, [&] { investigation.openEvents(otherEvents()); }));
    QCOMPARE(investigation.tracks().get(), tracks.get());
    QCOMPARE(tracksChanged.count(), 0);
    QCOMPARE(investigation.eventSources(), std::vector<ProjectSource>({otherEvents()}));
    QCOMPARE(investigation.sources().size(), size_t(2));
    // The AIS source stays out of the event figures.
    QCOMPARE(investigation.report().file, investigation.events()->report.file);
    QVERIFY(investigation.shown().store);

    investigation.removeAis();
    QCOMPARE(tracksChanged.count(), 1);
    QVERIFY(!investigation.tracks());
    QCOMPARE(investigation.sources().size(), size_t(1));
}

void TestInvestigationAis::severalFilesAreOneSource()
{
    Investigation investigation;
    auto seen = std::make_shared<QStringList>();
    investigation.setAisReader(fakeReader(seen));
    ProjectSource week = ais(QStringLiteral("/data/mon.csv"));
    week.morePaths = QStringList {QStringLiteral("/data/tue.csv"), QStringLiteral("/data/wed.csv")};
    QVERIFY(wait(investigation, [&] { investigation.openAis(week); }));
    QCOMPARE(*seen, week.paths());
    QCOMPARE(investigation.sources().size(), size_t(1));
    QCOMPARE(investigation.ais()->aisReports.size(), size_t(3));
    // One account of the three for the report dialog.
    const LoadReport &all = investigation.ais()->report;
    QCOMPARE(all.records, int64_t(30));
    QCOMPARE(all.loaded, int64_t(27));
    QCOMPARE(all.rejections.size(), size_t(3));
    QCOMPARE(all.rejections[1].row, uint32_t(5));
    QCOMPARE(all.rejections[1].reason, QStringLiteral("tue.csv: bad MMSI (not 9 digits)"));
    QCOMPARE(all.file, QStringLiteral("/data/mon.csv and 2 more"));
    QVERIFY(all.notes.contains(QStringLiteral("tue.csv: 10 records, 9 loaded, 1 rejected")));
    QVERIFY(all.notes.contains(
        QStringLiteral("NMEA sentences: 7 read, 0 AIS, 0 other (skipped), 0 with a bad checksum")));
    QCOMPARE(investigation.ais()->origin, week);
}

void TestInvestigationAis::failedAisKeepsState()
{
    Investigation investigation;
    investigation.setAisReader(fakeReader());
    QVERIFY(wait(investigation, [&] { investigation.openEvents(events()); }));
    QVERIFY(wait(investigation, [&] { investigation.openAis(ais()); }));
    const auto tracks = investigation.tracks();

    // A reader that fails as a whole, then one that throws, then one with no store.
    const std::vector<Investigation::AisReader> failing = {
        [](const QStringList &, const LoadOptions &, SegmentRules) {
            TrackLoadResult r;
            r.error = QStringLiteral("day3.csv: not an AIS file");
            return r;
        },
        [](const QStringList &, const LoadOptions &, SegmentRules) -> TrackLoadResult {
            throw std::bad_alloc();
        },
        [](const QStringList &, const LoadOptions &, SegmentRules) { return TrackLoadResult(); },
    };
    const QStringList messages = {QStringLiteral("day3.csv: not an AIS file"),
                                  QStringLiteral("not enough memory to load this file"),
                                  QStringLiteral("no AIS positions could be read")};
    for (size_t i = 0; i < failing.size(); ++i) {
        investigation.setAisReader(failing[i]);
        QSignalSpy failed(&investigation, &Investigation::failed);
        QSignalSpy tracksChanged(&investigation, &Investigation::tracksChanged);
        QVERIFY(!wait(investigation,
                      [&] { investigation.openAis(ais(QStringLiteral("/data/day3.csv"))); }));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.constFirst().at(1).toString(), messages.at(qsizetype(i)));
        QCOMPARE(tracksChanged.count(), 0);
        QCOMPARE(investigation.tracks().get(), tracks.get());
        QCOMPARE(investigation.ais()->origin, ais());
        QCOMPARE(investigation.sources().size(), size_t(2));
        QCOMPARE(investigation.currentSource(), events());
    }
}

void TestInvestigationAis::cancelledAisKeepsState()
{
    Investigation investigation;
    investigation.setAisReader(fakeReader());
    QVERIFY(wait(investigation, [&] { investigation.openAis(ais()); }));
    const auto tracks = investigation.tracks();

    // A reader that reports progress, then waits for the cancel as a long read would.
    auto reading = std::make_shared<std::atomic_bool>(false);
    investigation.setAisReader(
        [reading](const QStringList &, const LoadOptions &options, SegmentRules) {
            options.progress(0.25);
            *reading = true;
            while (!*options.cancel)
                QThread::yieldCurrentThread();
            TrackLoadResult r;
            r.error = QStringLiteral("cancelled");
            return r;
        });
    QSignalSpy progress(&investigation, &Investigation::loadingProgress);
    QSignalSpy cancelled(&investigation, &Investigation::cancelled);
    QSignalSpy finished(&investigation, &Investigation::loadFinished);
    investigation.openAis(ais(QStringLiteral("/data/big.csv")));
    QTRY_VERIFY_WITH_TIMEOUT(*reading && progress.count() == 1, 20000);
    QCOMPARE(progress.constFirst().constFirst().toInt(), 250);
    investigation.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.constFirst().constFirst().toBool(), false);
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(investigation.tracks().get(), tracks.get());
    QCOMPARE(investigation.ais()->origin, ais());
}

void TestInvestigationAis::clearDropsTracks()
{
    Investigation investigation;
    investigation.setAisReader(fakeReader());
    QVERIFY(wait(investigation, [&] { investigation.openAis(ais()); }));
    QSignalSpy tracksChanged(&investigation, &Investigation::tracksChanged);
    investigation.clear();
    QCOMPARE(tracksChanged.count(), 1);
    QVERIFY(!investigation.tracks());
    QVERIFY(investigation.sources().empty());
}

QTEST_GUILESS_MAIN(TestInvestigationAis)
#include "tst_investigationais.moc"

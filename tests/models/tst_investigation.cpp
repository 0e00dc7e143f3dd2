#include "eventstore.h"
#include "investigation.h"
#include "transferfilter.h"

#include <QSignalSpy>
#include <QTest>

// The Investigation headless: the order of its signals, and that a load that fails or
// is cancelled leaves the sources exactly as they were.
class TestInvestigation : public QObject
{
    Q_OBJECT
private slots:
    void loadEmitsStartedLoadedFinished();
    void failedLoadKeepsPreviousSource();
    void cancelledLoadKeepsPreviousSource();
    void secondLoadWaitsForTheFirstToStop();
    void clearDropsSourcesAndPendingLoad();

private:
    static ProjectSource fixture()
    {
        return {QStringLiteral(RENDEZVOUS_TEST_DATA "/mainwindow/events.csv"), {}, {}};
    }
    static ProjectSource other()
    {
        return {QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/bad_rows.csv"), {}, {}};
    }
    static bool load(Investigation &investigation, const ProjectSource &source)
    {
        QSignalSpy finished(&investigation, &Investigation::loadFinished);
        investigation.openEvents(source);
        return finished.wait(20000) && finished.constFirst().constFirst().toBool();
    }
};

void TestInvestigation::loadEmitsStartedLoadedFinished()
{
    Investigation investigation;
    QVERIFY(investigation.sources().empty());
    QVERIFY(!investigation.events());
    QSignalSpy started(&investigation, &Investigation::loadingStarted);
    QSignalSpy loaded(&investigation, &Investigation::loaded);
    QSignalSpy failed(&investigation, &Investigation::failed);
    QSignalSpy cancelled(&investigation, &Investigation::cancelled);
    QSignalSpy finished(&investigation, &Investigation::loadFinished);
    // The sources must already hold the new one when loaded() is emitted.
    int storeSizeAtLoaded = -1;
    connect(&investigation, &Investigation::loaded, this, [&](const DataSource &source) {
        QCOMPARE(investigation.events(), &source);
        storeSizeAtLoaded = int(investigation.events()->store->size());
    });

    investigation.openEvents(fixture());
    QVERIFY(investigation.isLoading());
    QCOMPARE(started.count(), 1);
    QCOMPARE(investigation.loadingSource(), fixture());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.constFirst().constFirst().toBool(), true);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(cancelled.count(), 0);
    QVERIFY(!investigation.isLoading());

    QCOMPARE(investigation.sources().size(), size_t(1));
    const DataSource *source = investigation.events();
    QVERIFY(source);
    QCOMPARE(source->kind, DataSource::Kind::EventFile);
    QCOMPARE(source->origin, fixture());
    QCOMPARE(investigation.currentSource(), fixture());
    QCOMPARE(source->store->size(), size_t(4));
    QCOMPARE(storeSizeAtLoaded, 4);
    QVERIFY(source->indexes);
    QCOMPARE(source->indexes->store.get(), source->store.get());
    QCOMPARE(source->report.rejections.size(), size_t(1));
    QCOMPARE(&investigation.report(), &source->report);
}

void TestInvestigation::failedLoadKeepsPreviousSource()
{
    Investigation investigation;
    QVERIFY(load(investigation, fixture()));
    const DataSource before = *investigation.events();

    QSignalSpy failed(&investigation, &Investigation::failed);
    QSignalSpy loaded(&investigation, &Investigation::loaded);
    QSignalSpy finished(&investigation, &Investigation::loadFinished);
    const ProjectSource missing {QStringLiteral("/nonexistent/missing.csv"), {}, {}};
    investigation.openEvents(missing);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.constFirst().constFirst().toBool(), false);
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.constFirst().at(0).value<ProjectSource>(), missing);
    QVERIFY(!failed.constFirst().at(1).toString().isEmpty());

    QCOMPARE(investigation.sources().size(), size_t(1));
    QCOMPARE(investigation.events()->id, before.id);
    QCOMPARE(investigation.events()->store.get(), before.store.get());
    QCOMPARE(investigation.events()->indexes.get(), before.indexes.get());
    QCOMPARE(investigation.currentSource(), fixture());
    QCOMPARE(investigation.report().file, before.report.file);
}

void TestInvestigation::cancelledLoadKeepsPreviousSource()
{
    Investigation investigation;
    QVERIFY(load(investigation, fixture()));
    const DataSource before = *investigation.events();

    QSignalSpy cancelled(&investigation, &Investigation::cancelled);
    QSignalSpy loaded(&investigation, &Investigation::loaded);
    QSignalSpy progress(&investigation, &Investigation::loadingProgress);
    QSignalSpy finished(&investigation, &Investigation::loadFinished);
    investigation.openEvents(other());
    // Cancelled before the event loop runs: whatever the worker got done is dropped,
    // even a finished read.
    investigation.cancel();
    QVERIFY(investigation.isCancelling());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.constFirst().constFirst().toBool(), false);
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(cancelled.constFirst().constFirst().value<ProjectSource>(), other());
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(progress.count(), 0); // none after the cancel
    QVERIFY(!investigation.isLoading());

    QCOMPARE(investigation.sources().size(), size_t(1));
    QCOMPARE(investigation.events()->id, before.id);
    QCOMPARE(investigation.events()->store.get(), before.store.get());
    QCOMPARE(investigation.currentSource(), fixture());
}

void TestInvestigation::secondLoadWaitsForTheFirstToStop()
{
    Investigation investigation;
    QSignalSpy started(&investigation, &Investigation::loadingStarted);
    QSignalSpy cancelled(&investigation, &Investigation::cancelled);
    QSignalSpy finished(&investigation, &Investigation::loadFinished);
    // At the first loadFinished the second load is already running, so a listener can
    // tell that more is coming.
    QList<bool> loadingAtFinished;
    connect(&investigation, &Investigation::loadFinished, this,
            [&] { loadingAtFinished << investigation.isLoading(); });

    investigation.openEvents(other());
    investigation.openEvents(fixture());
    QVERIFY(investigation.hasPending());
    QCOMPARE(started.count(), 1); // the second waits
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(cancelled.constFirst().constFirst().value<ProjectSource>(), other());
    QCOMPARE(started.count(), 2);
    QCOMPARE(started.at(1).constFirst().value<ProjectSource>(), fixture());
    QCOMPARE(finished.at(0).constFirst().toBool(), false);
    QCOMPARE(finished.at(1).constFirst().toBool(), true);
    QCOMPARE(loadingAtFinished, QList<bool>({true, false}));
    QCOMPARE(investigation.currentSource(), fixture());
}

void TestInvestigation::clearDropsSourcesAndPendingLoad()
{
    Investigation investigation;
    QVERIFY(load(investigation, fixture()));
    const int firstId = investigation.events()->id;
    QSignalSpy cleared(&investigation, &Investigation::cleared);
    QSignalSpy finished(&investigation, &Investigation::loadFinished);
    QSignalSpy started(&investigation, &Investigation::loadingStarted);

    investigation.openEvents(other());
    investigation.openEvents(fixture()); // pending
    investigation.clear();
    QCOMPARE(cleared.count(), 1);
    QVERIFY(investigation.sources().empty());
    QCOMPARE(investigation.currentSource(), ProjectSource());
    QVERIFY(investigation.report().file.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.constFirst().constFirst().toBool(), false);
    QCOMPARE(started.count(), 1); // the pending load was dropped too
    QVERIFY(!investigation.isLoading());
    QVERIFY(investigation.sources().empty());

    // A later load gets a source of its own, never the old one's id.
    QVERIFY(load(investigation, fixture()));
    QVERIFY(investigation.events()->id != firstId);
}

QTEST_GUILESS_MAIN(TestInvestigation)
#include "tst_investigation.moc"

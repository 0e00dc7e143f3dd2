#include "eventstore.h"
#include "investigation.h"
#include "mergedstore.h"
#include "transferfilter.h"

#include <QSignalSpy>
#include <QTest>

// The Investigation's "Detected" source (issue 17): one at a time, shown after the event
// files in one store, kept when files are added, gone with a new case; a composition
// made in a worker is used only when it was made of the stores shown.
class TestInvestigationDetected : public QObject
{
    Q_OBJECT
private slots:
    void detectedAloneIsShownAsItIs();
    void detectedJoinsTheEventFilesLast();
    void staleCompositionIsRedone();
    void addedFileKeepsTheDetectedEvents();
    void clearRemovesThemAndLoadRefuses();

private:
    static ProjectSource fixture()
    {
        return {QStringLiteral(RENDEZVOUS_TEST_DATA "/mainwindow/events.csv"), {}, {}};
    }
    static ProjectSource other()
    {
        return {QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/gfw_encounters.csv"), {}, {}};
    }
    static bool load(Investigation &investigation, const ProjectSource &source, bool add = false)
    {
        QSignalSpy finished(&investigation, &Investigation::loadFinished);
        if (add)
            investigation.addEvents(source);
        else
            investigation.openEvents(source);
        return finished.wait(20000) && finished.constFirst().constFirst().toBool();
    }
    // n detected events, kind "gap", at distinct times.
    static std::shared_ptr<const EventStore> detected(int n)
    {
        auto store = std::make_shared<EventStore>(QStringList {QStringLiteral("kind")});
        for (int i = 0; i < n; ++i) {
            EventStore::RowInput row;
            row.start = 1700000000000LL + i * 3600000LL;
            row.lat = 10 + i;
            row.lon = 20 + i;
            row.aMmsi = "412000001";
            row.sourceRow = uint32_t(i + 1);
            const std::string_view kind = "gap";
            store->append(row, &kind);
        }
        return store;
    }
    static int rowsNamed(const EventStore &store, const QString &source)
    {
        const int column = store.extraNames().indexOf(mergedstore::kSourceFileColumn);
        int n = 0;
        for (size_t r = 0; column >= 0 && r < store.size(); ++r)
            n += store.extra(column, r) == source;
        return n;
    }
};

void TestInvestigationDetected::detectedAloneIsShownAsItIs()
{
    Investigation investigation;
    QSignalSpy changed(&investigation, &Investigation::detectedChanged);
    const auto store = detected(3);
    QVERIFY(investigation.setDetected(store));
    QCOMPARE(changed.count(), 1);
    QVERIFY(investigation.detected());
    QCOMPARE(investigation.detected()->kind, DataSource::Kind::Detected);
    QCOMPARE(investigation.detected()->store, store);
    QCOMPARE(investigation.shown().store, store);
    QVERIFY(investigation.shown().indexes);
    // Not an event file: the window's report and a project's sources do not include it.
    QVERIFY(!investigation.events());
    QVERIFY(investigation.allSources().empty());

    // Replaced, not added to.
    const auto again = detected(2);
    QVERIFY(investigation.setDetected(again));
    QCOMPARE(investigation.sources().size(), size_t(1));
    QCOMPARE(investigation.shown().store, again);
    // Removed.
    QVERIFY(investigation.setDetected(nullptr));
    QVERIFY(!investigation.detected());
    QVERIFY(!investigation.shown().store);
    QCOMPARE(changed.count(), 3);
}

void TestInvestigationDetected::detectedJoinsTheEventFilesLast()
{
    Investigation investigation;
    QVERIFY(load(investigation, fixture()));
    const size_t fileRows = investigation.events()->store->size();
    QVERIFY(fileRows > 0);
    QVERIFY(investigation.setDetected(detected(4)));
    const auto &shown = *investigation.shown().store;
    QCOMPARE(shown.size(), fileRows + 4);
    QCOMPARE(rowsNamed(shown, Investigation::kDetectedName), 4);
    QCOMPARE(rowsNamed(shown, QStringLiteral("events.csv")), int(fileRows));
    // After the file's rows, with their kind column.
    const int kind = shown.extraNames().indexOf(QStringLiteral("kind"));
    QVERIFY(kind >= 0);
    QCOMPARE(shown.extra(kind, fileRows), QStringLiteral("gap"));
    QCOMPARE(shown.extra(kind, 0), QString());
    QCOMPARE(investigation.shown().indexes->store.get(), &shown);
}

void TestInvestigationDetected::staleCompositionIsRedone()
{
    Investigation investigation;
    QVERIFY(load(investigation, fixture()));
    const auto file = investigation.events()->store;
    const auto store = detected(2);
    // Made of the right stores: taken as it is.
    auto parts = investigation.shownParts();
    parts.emplace_back(Investigation::kDetectedName, store);
    const Investigation::Shown composed = Investigation::compose(parts);
    QVERIFY(investigation.setDetected(store, composed, {file.get(), store.get()}));
    QCOMPARE(investigation.shown().store, composed.store);
    // Made without the file (another file came meanwhile): composed again.
    const auto later = detected(3);
    const Investigation::Shown alone =
        Investigation::compose({{Investigation::kDetectedName, later}});
    QVERIFY(investigation.setDetected(later, alone, {later.get()}));
    QVERIFY(investigation.shown().store != alone.store);
    QCOMPARE(investigation.shown().store->size(), file->size() + 3);
}

void TestInvestigationDetected::addedFileKeepsTheDetectedEvents()
{
    Investigation investigation;
    QVERIFY(load(investigation, fixture()));
    QVERIFY(investigation.setDetected(detected(2)));
    QVERIFY(load(investigation, other(), true));
    const auto &shown = *investigation.shown().store;
    QCOMPARE(rowsNamed(shown, Investigation::kDetectedName), 2);
    size_t fileRows = 0;
    for (const DataSource &s : investigation.sources()) {
        if (s.kind == DataSource::Kind::EventFile)
            fileRows += s.store->size();
    }
    QVERIFY(rowsNamed(shown, QStringLiteral("gfw_encounters.csv")) > 0);
    // Still last, after both files.
    QCOMPARE(shown.size(), fileRows + 2);
    const int column = shown.extraNames().indexOf(mergedstore::kSourceFileColumn);
    QCOMPARE(shown.extra(column, shown.size() - 1), Investigation::kDetectedName);
    // Opened in place of the files: the detected events stay too.
    QVERIFY(load(investigation, fixture()));
    QCOMPARE(rowsNamed(*investigation.shown().store, Investigation::kDetectedName), 2);
}

void TestInvestigationDetected::clearRemovesThemAndLoadRefuses()
{
    Investigation investigation;
    QVERIFY(investigation.setDetected(detected(2)));
    investigation.openEvents(fixture());
    QVERIFY(investigation.isLoading());
    // The load composes with the detected events it saw: a change now would be lost.
    QVERIFY(!investigation.setDetected(detected(5)));
    QSignalSpy finished(&investigation, &Investigation::loadFinished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(rowsNamed(*investigation.shown().store, Investigation::kDetectedName), 2);

    QSignalSpy changed(&investigation, &Investigation::detectedChanged);
    investigation.clear();
    QCOMPARE(changed.count(), 1);
    QVERIFY(!investigation.detected());
}

QTEST_GUILESS_MAIN(TestInvestigationDetected)
#include "tst_investigationdetected.moc"

#include "eventstore.h"

#include <QtTest>

#include <cmath>

namespace {
TransferEvent sample(int i)
{
    TransferEvent e;
    e.id = QStringLiteral("E-%1").arg(i);
    e.start = 1520000000000 + int64_t(i) * 60000;
    e.end = i % 2 ? e.start + 3600000 : TransferEvent::kNoTime;
    e.position = QGeoCoordinate(30 + i * 0.001, 123 + i * 0.001);
    e.vesselA = {QStringLiteral("SYNTH A%1").arg(i % 50),
                 QStringLiteral("91217%1").arg(i % 50, 2, 10, QLatin1Char('0')), QString(),
                 QStringLiteral("PA")};
    e.vesselB = {QStringLiteral("SYNTH B%1").arg(i % 70), QString(),
                 QStringLiteral("4451230%1").arg(i % 70, 2, 10, QLatin1Char('0')), QString()};
    e.cargo = i % 3 ? QStringLiteral("diesel") : QStringLiteral("crude oil");
    e.volumeBbl = i % 4 ? double(i) * 10.5 : std::nan("");
    e.confidence = QStringLiteral("high");
    e.notes = i % 5 ? QString() : QStringLiteral("note é %1").arg(i);
    e.extras = {{QStringLiteral("extra1"), QString::number(i)},
                {QStringLiteral("extra2"), QString()}};
    e.sourceRow = uint32_t(i + 2);
    return e;
}

void compareEvents(const TransferEvent &a, const TransferEvent &b)
{
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.start, b.start);
    QCOMPARE(a.end, b.end);
    QCOMPARE(a.position, b.position);
    QCOMPARE(a.vesselA, b.vesselA);
    QCOMPARE(a.vesselB, b.vesselB);
    QCOMPARE(a.cargo, b.cargo);
    QCOMPARE(std::isnan(a.volumeBbl), std::isnan(b.volumeBbl));
    if (!std::isnan(a.volumeBbl))
        QCOMPARE(a.volumeBbl, b.volumeBbl);
    QCOMPARE(a.confidence, b.confidence);
    QCOMPARE(a.notes, b.notes);
    QCOMPARE(a.extras, b.extras);
    QCOMPARE(a.sourceRow, b.sourceRow);
}

const QStringList kExtras {QStringLiteral("extra1"), QStringLiteral("extra2")};
} // namespace

class TestEventStore : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip();
    void vesselsAreInterned();
    void appendStoreRemapsStrings();
    void compactKeepsOrder();
    void sameContent();
    void identityKey();
    void textOfFields();
    void memoryPerEvent();
};

void TestEventStore::roundTrip()
{
    EventStore s(kExtras);
    for (int i = 0; i < 200; ++i)
        s.append(sample(i));
    QCOMPARE(s.size(), size_t(200));
    for (int i = 0; i < 200; ++i)
        compareEvents(s.event(size_t(i)), sample(i));
}

void TestEventStore::vesselsAreInterned()
{
    EventStore s(kExtras);
    for (int i = 0; i < 1000; ++i)
        s.append(sample(i));
    // 50 A vessels + 70 B vessels + "no vessel".
    QCOMPARE(s.vessels().size(), 121u);
    QCOMPARE(s.vesselsA()[0], s.vesselsA()[50]);
}

void TestEventStore::appendStoreRemapsStrings()
{
    EventStore a(kExtras), b(kExtras), whole(kExtras);
    for (int i = 0; i < 300; ++i) {
        (i < 120 ? a : b).append(sample(i));
        whole.append(sample(i));
    }
    a.appendStore(b, 0);
    QCOMPARE(a.size(), whole.size());
    for (size_t i = 0; i < a.size(); ++i)
        compareEvents(a.event(i), whole.event(i));
    QCOMPARE(a.vessels().size(), whole.vessels().size());
    EventStore c(kExtras);
    c.appendStore(b, 1000);
    QCOMPARE(c.sourceRow(0), b.sourceRow(0) + 1000);
}

void TestEventStore::compactKeepsOrder()
{
    EventStore s(kExtras);
    for (int i = 0; i < 100; ++i)
        s.append(sample(i));
    std::vector<bool> keep(100);
    for (int i = 0; i < 100; ++i)
        keep[size_t(i)] = i % 3 == 0;
    s.compact(keep);
    QCOMPARE(s.size(), size_t(34));
    for (int k = 0; k < 34; ++k)
        compareEvents(s.event(size_t(k)), sample(k * 3));
}

void TestEventStore::sameContent()
{
    EventStore s(kExtras);
    s.append(sample(1));
    TransferEvent copy = sample(1);
    copy.sourceRow = 99;
    s.append(copy);
    TransferEvent other = sample(1);
    other.extras[1].second = QStringLiteral("x");
    s.append(other);
    TransferEvent nanVolume = sample(4);
    s.append(nanVolume);
    s.append(nanVolume);
    QVERIFY(s.sameContent(0, 1));
    QVERIFY(!s.sameContent(0, 2)); // an extra column differs
    QVERIFY(s.sameContent(3, 4)); // unknown volumes are equal to each other
}

void TestEventStore::identityKey()
{
    EventStore s;
    TransferEvent e = sample(0);
    e.vesselA = {QStringLiteral("Yu Jong-2"), QString(), QString(), QString()};
    e.vesselB = {QStringLiteral("X"), QString(), QStringLiteral("445000001"), QString()};
    s.append(e);
    QCOMPARE(s.vessels().identityKey(s.vesselsA()[0]), std::string("N:YU JONG 2"));
    QCOMPARE(s.vessels().identityKey(s.vesselsB()[0]), std::string("M:445000001"));
    QCOMPARE(s.vessels().identityKey(0), std::string());
}

void TestEventStore::textOfFields()
{
    EventStore s(kExtras);
    s.append(sample(1));
    QCOMPARE(s.text(Field::Start, 0), QStringLiteral("2018-03-02T14:14:20Z"));
    QCOMPARE(s.text(Field::Volume, 0), QStringLiteral("10.5"));
    QCOMPARE(s.text(Field::VesselAFlag, 0), QStringLiteral("PA"));
    s.append(sample(0));
    QCOMPARE(s.text(Field::End, 1), QString());
    QCOMPARE(s.text(Field::Volume, 1), QString());
}

void TestEventStore::memoryPerEvent()
{
    // The design's budget: well under 250 bytes per event plus its text.
    EventStore s;
    TransferEvent e = sample(0);
    e.extras.clear();
    e.notes.clear();
    for (int i = 0; i < 100000; ++i) {
        e.id = QStringLiteral("E-%1").arg(i, 7, 10, QLatin1Char('0'));
        s.append(e);
    }
    const double perEvent = double(s.memoryBytes()) / double(s.size());
    const double text = 9; // the id
    QVERIFY2(perEvent - text < 150, qPrintable(QString::number(perEvent)));
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"

#include "eventstore.h"
#include "mergedstore.h"
#include "summary.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>

// Several sources as one store: every merged row is its source row, value for value,
// checked against a plain lookup (part, row) on random stores with overlapping columns.
class TestMergedStore : public QObject
{
    Q_OBJECT
private slots:
    void rowsAreTheSourcesRows();
    void summaryCountsAllSources();
};

namespace {
QString pick(QRandomGenerator &rng, const QStringList &from)
{
    return from.at(int(rng.bounded(quint32(from.size()))));
}

std::shared_ptr<EventStore> randomStore(QRandomGenerator &rng, const QStringList &extras, int rows)
{
    auto store = std::make_shared<EventStore>(extras);
    const QStringList names = {"", "ALPHA", "BRAVO", "CHARLIE", "DELTA"};
    const QStringList words = {"", "crude", "diesel", "x,y", "\u00e9t\u00e9"};
    for (int r = 0; r < rows; ++r) {
        const QByteArray id = QByteArray::number(rng.bounded(1000));
        const QByteArray a = pick(rng, names).toUtf8(), b = pick(rng, names).toUtf8();
        const QByteArray imo = rng.bounded(2) ? QByteArray::number(rng.bounded(9000000)) : "";
        const QByteArray cargo = pick(rng, words).toUtf8(), notes = pick(rng, words).toUtf8();
        EventStore::RowInput in;
        in.id = {id.constData(), size_t(id.size())};
        in.start = 1500000000000LL + rng.bounded(100000000);
        in.end = rng.bounded(2) ? in.start + rng.bounded(100000) : EventStore::kNoTime;
        in.lat = rng.bounded(180.0) - 90;
        in.lon = rng.bounded(360.0) - 180;
        in.volume = rng.bounded(3) ? rng.bounded(100000.0) : std::nan("");
        in.aName = {a.constData(), size_t(a.size())};
        in.aImo = {imo.constData(), size_t(imo.size())};
        in.bName = {b.constData(), size_t(b.size())};
        in.cargo = {cargo.constData(), size_t(cargo.size())};
        in.notes = {notes.constData(), size_t(notes.size())};
        in.sourceRow = uint32_t(r + 2);
        in.flags = uint8_t(rng.bounded(4));
        std::vector<QByteArray> values;
        for (int c = 0; c < extras.size(); ++c)
            values.push_back(pick(rng, words).toUtf8());
        std::vector<std::string_view> views;
        for (const QByteArray &v : values)
            views.emplace_back(v.constData(), size_t(v.size()));
        store->append(in, views.data());
    }
    return store;
}

bool same(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}
} // namespace

void TestMergedStore::rowsAreTheSourcesRows()
{
    QRandomGenerator rng(15);
    const QStringList pool = {"region", "speed", "source_file", "port"};
    for (int round = 0; round < 20; ++round) {
        std::vector<mergedstore::Part> parts;
        const int n = 1 + int(rng.bounded(3));
        for (int p = 0; p < n; ++p) {
            QStringList extras;
            for (const QString &e : pool) {
                if (rng.bounded(2))
                    extras << e;
            }
            parts.push_back({QStringLiteral("file%1.csv").arg(p),
                             randomStore(rng, extras, int(rng.bounded(40)))});
        }
        const auto merged = mergedstore::merge(parts);
        const QStringList names = merged->extraNames();
        // A source's own "source_file" keeps its name; the file's column takes another.
        const QString fileColumn = names.constLast();
        QVERIFY(fileColumn.startsWith(mergedstore::kSourceFileColumn));
        QCOMPARE(names.count(fileColumn), 1);
        size_t r = 0;
        for (const auto &part : parts) {
            const EventStore &s = *part.store;
            for (size_t i = 0; i < s.size(); ++i, ++r) {
                QVERIFY(r < merged->size());
                QCOMPARE(merged->id(r), s.id(i));
                QCOMPARE(merged->start(r), s.start(i));
                QCOMPARE(merged->end(r), s.end(i));
                QCOMPARE(merged->lat(r), s.lat(i));
                QCOMPARE(merged->lon(r), s.lon(i));
                QVERIFY(same(merged->volume(r), s.volume(i)));
                QCOMPARE(merged->sourceRow(r), s.sourceRow(i));
                QCOMPARE(merged->flags(r), s.flags(i));
                for (Field f : {Field::VesselAName, Field::VesselAImo, Field::VesselBName,
                                Field::Cargo, Field::Notes})
                    QCOMPARE(merged->text(f, r), s.text(f, i));
                for (int c = 0; c + 1 < names.size(); ++c) {
                    const int own = int(s.extraNames().indexOf(names.at(c)));
                    QCOMPARE(merged->extra(c, r), own < 0 ? QString() : s.extra(own, i));
                }
                QCOMPARE(merged->extra(int(names.size()) - 1, r), part.name);
            }
        }
        QCOMPARE(merged->size(), r);
    }
}

void TestMergedStore::summaryCountsAllSources()
{
    QRandomGenerator rng(7);
    const auto a = randomStore(rng, {}, 30), b = randomStore(rng, {"region"}, 25);
    const auto merged = mergedstore::merge({{"a.csv", a}, {"b.csv", b}});
    // The same events appended to one store by hand: the figures must be equal.
    EventStore byHand;
    for (const auto *s : {a.get(), b.get()}) {
        for (size_t r = 0; r < s->size(); ++r)
            byHand.append(s->event(r));
    }
    const Summary m = Summary::compute(*merged), h = Summary::compute(byHand);
    QCOMPARE(m.events, h.events);
    QCOMPARE(m.volumeBbl, h.volumeBbl);
    QCOMPARE(m.volumeUnknown, h.volumeUnknown);
    QCOMPARE(m.vessels, h.vessels);
    QCOMPARE(m.first, h.first);
    QCOMPARE(m.last, h.last);
}

QTEST_MAIN(TestMergedStore)
#include "tst_mergedstore.moc"

#include "../app/clirun.h"

#include "dossier/dossierdata.h"
#include "eventfilter.h"
#include "io/eventreader.h"
#include "io/timeparser.h"
#include "summary.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

#include <cmath>
#include <map>
#include <set>

// dossier::build's figures against a brute-force count over the rows, and against
// `rendezvous info --json` for the same filters and the vessel (info --search IMO: the
// generated identities are such that a vessel's IMO appears in no other field).
namespace {

struct Generated
{
    QString path;
    int vessels = 0;
    // event id -> its CSV line
    std::map<QString, uint32_t> lineOf;
};

QString imoOf(int k)
{
    return QString::number(9500000 + k);
}
QString mmsiOf(int k)
{
    return QString::number(211000000 + k * 100);
}

Generated generate(const QString &dir, quint32 seed, int events, int vessels)
{
    QRandomGenerator rng(seed);
    Generated g;
    g.path = dir + QStringLiteral("/events.csv");
    g.vessels = vessels;
    QFile f(g.path);
    if (!f.open(QIODevice::WriteOnly))
        return g;
    QTextStream out(&f);
    out << "event_id,start_time,end_time,latitude,longitude,vessel_a,vessel_a_imo,vessel_a_mmsi,"
           "vessel_a_flag,vessel_b,vessel_b_imo,vessel_b_mmsi,vessel_b_flag,cargo,volume_bbl\n";
    const int64_t t0 = 1577836800000LL; // 2020-01-01
    for (int i = 0; i < events; ++i) {
        const QString id = QStringLiteral("E%1").arg(i);
        const int64_t start = t0 + int64_t(rng.bounded(360 * 24)) * 3600000LL;
        const bool instant = rng.bounded(5) == 0;
        const int64_t end = start + int64_t(rng.bounded(1, 48)) * 3600000LL;
        const int a = int(rng.bounded(vessels));
        int b = int(rng.bounded(vessels + 3)); // >= vessels: unknown partner
        if (rng.bounded(40) == 0)
            b = a; // the same vessel on both sides
        // Vessel 3 went by another name and MMSI in some events: identity history.
        const auto vessel = [&](int k) {
            const bool renamed = k == 3 && rng.bounded(3) == 0;
            return QStringLiteral("%1,%2,%3,%4")
                .arg(renamed ? QStringLiteral("OLD NAME %1").arg(k)
                             : QStringLiteral("VESSEL %1").arg(k),
                     imoOf(k), renamed ? mmsiOf(k + 50) : mmsiOf(k),
                     k % 2 ? QStringLiteral("PA") : QStringLiteral("LR"));
        };
        const QString volume =
            rng.bounded(6) == 0 ? QString() : QString::number(rng.bounded(1000, 900000));
        out << id << ',' << timeparse::toIso(start) << ','
            << (instant ? QString() : timeparse::toIso(end)) << ','
            << QString::number(rng.bounded(60.0) - 30, 'f', 4) << ','
            << QString::number(rng.bounded(300.0) - 150, 'f', 4) << ',' << vessel(a) << ','
            << (b < vessels ? vessel(b) : QStringLiteral(",,,")) << ','
            << (rng.bounded(2) ? QStringLiteral("crude oil") : QStringLiteral("fuel oil")) << ','
            << volume << '\n';
        g.lineOf[id] = uint32_t(i + 2);
    }
    return g;
}

QJsonObject infoJson(const QStringList &args)
{
    const clirun::Run r = clirun::run(QStringList {QStringLiteral("info")} + args
                                      + QStringList {QStringLiteral("--json")});
    if (r.code != 0)
        qWarning() << "info failed" << r.code << r.err;
    return QJsonDocument::fromJson(r.out).object();
}

} // namespace

class TestDossier : public QObject
{
    Q_OBJECT
private slots:
    void figuresEqualBruteForceAndInfo_data();
    void figuresEqualBruteForceAndInfo();
    void resolvesAndSuggests();
    void vesselWithoutEventsInWindow();
};

void TestDossier::figuresEqualBruteForceAndInfo_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<QStringList>("filters");
    QTest::newRow("all") << 1u << QStringList {};
    QTest::newRow("window") << 2u
                            << QStringList {QStringLiteral("--from"), QStringLiteral("2020-03-01"),
                                            QStringLiteral("--to"), QStringLiteral("2020-08-31")};
    QTest::newRow("window and bbox")
        << 3u << QStringList {QStringLiteral("--from"), QStringLiteral("2020-02-01"),
                              QStringLiteral("--to"),   QStringLiteral("2020-11-15"),
                              QStringLiteral("--bbox"), QStringLiteral("-100,-20,120,25")};
}

void TestDossier::figuresEqualBruteForceAndInfo()
{
    QFETCH(quint32, seed);
    QFETCH(QStringList, filters);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Sparse enough that a vessel has partners whose other partners it never met.
    const Generated g = generate(dir.path(), seed, 600, 150);
    size_t secondHops = 0;
    const LoadResult loaded = EventReader::load(g.path);
    QVERIFY2(loaded.report.ok(), qPrintable(loaded.report.error));
    const EventStore &store = *loaded.store;
    EventFilter filter;
    QString error;
    for (int i = 0; i + 1 < filters.size(); i += 2) {
        if (filters[i] == QLatin1String("--from"))
            filter.from = EventFilter::parseBound(filters[i + 1], false, &error);
        else if (filters[i] == QLatin1String("--to"))
            filter.to = EventFilter::parseBound(filters[i + 1], true, &error);
        else if (filters[i] == QLatin1String("--bbox"))
            filter.bbox = GeoBox::parse(filters[i + 1], &error);
    }
    const std::vector<uint32_t> rows = filter.apply(store);
    dossier::Input in;
    in.events = &store;
    in.rows = &rows;
    in.from = filter.from;
    in.to = filter.to;
    in.sourceName = QStringLiteral("events.csv");
    const VesselTable &table = store.vessels();

    QRandomGenerator pick(seed * 7);
    for (int n = 0; n < 8; ++n) {
        const int k = n == 0 ? 3 : int(pick.bounded(g.vessels));
        const std::string key = "I:" + imoOf(k).toStdString();
        const dossier::Data d = dossier::build(in, key);

        // Brute force over every store row.
        int64_t events = 0, unknownVolume = 0, unknownPartner = 0, same = 0;
        double volume = 0;
        int64_t first = EventStore::kNoTime, last = EventStore::kNoTime;
        std::map<std::string, int64_t> meetings;
        std::set<std::tuple<QString, QString>> identities;
        std::set<uint32_t> mine;
        for (uint32_t r = 0; r < store.size(); ++r) {
            if (!filter.matches(store, r))
                continue;
            const uint32_t a = store.vesselsA()[r], b = store.vesselsB()[r];
            const std::string ka = a ? table.identityKey(a) : std::string();
            const std::string kb = b ? table.identityKey(b) : std::string();
            if (ka != key && kb != key)
                continue;
            mine.insert(r);
            ++events;
            if (std::isnan(store.volume(r)))
                ++unknownVolume;
            else
                volume += store.volume(r);
            if (first == EventStore::kNoTime || store.start(r) < first)
                first = store.start(r);
            last = std::max(last, store.effectiveEnd(r));
            const uint32_t self = ka == key ? a : b;
            identities.insert(
                {QString::fromUtf8(table.name(self).data(), qsizetype(table.name(self).size())),
                 QString::fromUtf8(table.mmsi(self).data(), qsizetype(table.mmsi(self).size()))});
            const std::string other = ka == key ? kb : ka;
            if (ka == kb)
                ++same;
            else if (other.empty())
                ++unknownPartner;
            else
                ++meetings[other];
        }
        const QByteArray where = QByteArray("vessel ") + key.c_str();
        QVERIFY2(d.inWindow == (events > 0), where);
        QCOMPARE(d.summary.events, events);
        QCOMPARE(d.vessel.events, events);
        QCOMPARE(int64_t(d.events.size()), events);
        QCOMPARE(d.summary.volumeUnknown, unknownVolume);
        QVERIFY2(std::abs(d.summary.volumeBbl - volume) < 1e-6, where);
        QCOMPARE(d.summary.first, first);
        QCOMPARE(d.summary.last, last);
        QCOMPARE(d.unknownPartner, unknownPartner);
        QCOMPARE(d.sameVessel, same);
        QCOMPARE(d.vessel.partners, int64_t(meetings.size()));
        QCOMPARE(d.partners.size(), meetings.size());
        QCOMPARE(d.summary.vessels, int64_t(meetings.size()) + (events > 0 ? 1 : 0));
        for (const dossier::Partner &p : d.partners)
            QCOMPARE(p.meetings, meetings[p.key]);
        QCOMPARE(d.identities.size(), identities.size());
        int64_t sightings = 0;
        for (const dossier::Sighting &s : d.identities)
            sightings += s.events;
        QCOMPARE(sightings, events);
        // Every row once, in time order, with its partner, cargo, volume and CSV line.
        std::set<uint32_t> listed;
        for (size_t i = 0; i < d.events.size(); ++i) {
            const dossier::EventLine &e = d.events[i];
            listed.insert(e.row);
            if (i > 0)
                QVERIFY(d.events[i - 1].start <= e.start);
            QCOMPARE(e.sourceRow, g.lineOf.at(e.id));
            QCOMPARE(e.sourceFile, QStringLiteral("events.csv"));
            QCOMPARE(e.cargo, store.text(Field::Cargo, e.row));
            QCOMPARE(std::isnan(e.volume), std::isnan(store.volume(e.row)));
        }
        QVERIFY2(listed == mine, where);

        // The second hop: the partners' partners that are neither it nor its partners.
        std::set<std::string> hop;
        for (uint32_t r = 0; r < store.size(); ++r) {
            if (!filter.matches(store, r))
                continue;
            const uint32_t a = store.vesselsA()[r], b = store.vesselsB()[r];
            const std::string ka = a ? table.identityKey(a) : std::string();
            const std::string kb = b ? table.identityKey(b) : std::string();
            if (ka.empty() || kb.empty() || ka == kb || ka == key || kb == key)
                continue;
            if (meetings.count(ka) && !meetings.count(kb))
                hop.insert(kb);
            if (meetings.count(kb) && !meetings.count(ka))
                hop.insert(ka);
        }
        std::set<std::string> got;
        for (const dossier::SecondHop &h : d.secondHop)
            got.insert(h.key);
        QVERIFY2(got == hop, where);
        secondHops += hop.size();

        // `rendezvous info` for the same filters and the vessel.
        const QJsonObject info = infoJson(QStringList {g.path} + filters
                                          + QStringList {QStringLiteral("--search"), imoOf(k)});
        const QJsonObject mineJson = d.summary.toJson();
        for (auto it = mineJson.begin(); it != mineJson.end(); ++it)
            QVERIFY2(
                info.value(it.key()) == it.value(),
                qPrintable(
                    QStringLiteral("%1 %2: dossier %3, info %4")
                        .arg(QString::fromStdString(key), it.key(),
                             QString::fromUtf8(QJsonDocument(QJsonObject {{it.key(), it.value()}})
                                                   .toJson(QJsonDocument::Compact)),
                             QString::fromUtf8(
                                 QJsonDocument(QJsonObject {{it.key(), info.value(it.key())}})
                                     .toJson(QJsonDocument::Compact)))));
    }
    QVERIFY2(secondHops > 0, "the data gives the check a second hop to compare");
}

void TestDossier::resolvesAndSuggests()
{
    QTemporaryDir dir;
    const Generated g = generate(dir.path(), 5, 200, 12);
    const LoadResult loaded = EventReader::load(g.path);
    QVERIFY(loaded.report.ok());
    std::vector<uint32_t> all(loaded.store->size());
    for (uint32_t i = 0; i < all.size(); ++i)
        all[i] = i;
    vessels::SummaryInput in;
    in.events = loaded.store.get();
    in.rows = &all;
    const std::vector<VesselRow> rows = vessels::summarise(in);
    const auto keyOf = [&](const QString &q) {
        QStringList near;
        const std::vector<size_t> found = dossier::resolve(rows, q, &near);
        return found.size() == 1 ? QString::fromStdString(rows[found.front()].key) : QString();
    };
    QCOMPARE(keyOf(imoOf(7)), QStringLiteral("I:") + imoOf(7));
    QCOMPARE(keyOf(QStringLiteral("IMO ") + imoOf(7)), QStringLiteral("I:") + imoOf(7));
    QCOMPARE(keyOf(mmsiOf(7)), QStringLiteral("I:") + imoOf(7));
    QCOMPARE(keyOf(QStringLiteral("vessel  7")), QStringLiteral("I:") + imoOf(7));
    QStringList near;
    QVERIFY(dossier::resolve(rows, QStringLiteral("VESEL 7"), &near).empty());
    QVERIFY2(!near.isEmpty() && near.front().startsWith(QStringLiteral("VESSEL 7")),
             qPrintable(near.join(QStringLiteral("; "))));
    near.clear();
    QVERIFY(dossier::resolve(rows, QStringLiteral("2110007"), &near).empty());
    QVERIFY2(!near.isEmpty(), "a part of an MMSI has near matches");
    near.clear();
    QVERIFY(dossier::resolve(rows, QStringLiteral("ZZZZZZZZZZZZZZZZZZZZ"), &near).empty());
    QVERIFY2(near.isEmpty(), qPrintable(near.join(QStringLiteral("; "))));
}

void TestDossier::vesselWithoutEventsInWindow()
{
    QTemporaryDir dir;
    const Generated g = generate(dir.path(), 9, 100, 10);
    const LoadResult loaded = EventReader::load(g.path);
    QVERIFY(loaded.report.ok());
    EventFilter filter;
    QString error;
    filter.from = EventFilter::parseBound(QStringLiteral("2030-01-01"), false, &error);
    const std::vector<uint32_t> rows = filter.apply(*loaded.store);
    QVERIFY(rows.empty());
    dossier::Input in;
    in.events = loaded.store.get();
    in.rows = &rows;
    in.from = filter.from;
    const dossier::Data d = dossier::build(in, "I:" + imoOf(2).toStdString());
    QVERIFY(!d.inWindow);
    QCOMPARE(d.summary.events, int64_t(0));
    QVERIFY(d.events.empty());
    QVERIFY(d.partners.empty());
}

QTEST_GUILESS_MAIN(TestDossier)
#include "tst_dossier.moc"

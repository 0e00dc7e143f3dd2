#include "eventstore.h"
#include "io/valueparsers.h"
#include "summary.h"
#include "tracks/trackstore.h"
#include "vessels/vesselsummary.h"
#include "vessels/vesseltablemodel.h"

#include <QtTest>

#include <cmath>
#include <map>
#include <random>
#include <set>

namespace {
// Who a vessel is, the slow way: IMO, else MMSI, else normalised name.
std::string keyOf(const Vessel &v)
{
    if (!v.imo.isEmpty())
        return "I:" + v.imo.toStdString();
    if (!v.mmsi.isEmpty())
        return "M:" + v.mmsi.toStdString();
    const std::string n = values::normaliseName(v.name.toStdString());
    return n.empty() ? std::string() : "N:" + n;
}

Vessel vessel(const QString &name, const QString &imo, const QString &mmsi,
              const QString &flag = {})
{
    return Vessel {name, imo, mmsi, flag};
}

TransferEvent makeEvent(int64_t start, const Vessel &a, const Vessel &b, double volume)
{
    TransferEvent e;
    e.start = start;
    e.end = start + 3600 * 1000;
    e.position = QGeoCoordinate(10, 20);
    e.vesselA = a;
    e.vesselB = b;
    e.volumeBbl = volume;
    return e;
}

const VesselRow *find(const std::vector<VesselRow> &rows, const std::string &key)
{
    for (const VesselRow &r : rows) {
        if (r.key == key)
            return &r;
    }
    return nullptr;
}

// A pool of vessels written the ways event files write them: the same IMO under two
// names, an MMSI alone, a name alone (in two spellings), nothing at all.
std::vector<Vessel> pool()
{
    return {
        vessel("ALPHA", "9000001", "111000001", "Panama"),
        vessel("ALPHA II", "9000001", "", ""), // renamed: same IMO
        vessel("BRAVO", "", "222000002", "Liberia"),
        vessel("CHARLIE", "9000003", "333000003"),
        vessel("Delta Star", "", "", ""),
        vessel("DELTA STAR", "", "", ""),
        vessel("", "", "", ""),
        vessel("ECHO", "9000005", "", "Malta"),
        vessel("FOXTROT", "", "666000006", ""),
        vessel("GOLF", "9000007", "777000007", "Togo"),
    };
}
} // namespace

class TestVesselSummary : public QObject
{
    Q_OBJECT
private slots:
    void eventsMatchBruteForce();
    void mostPartners();
    void sameVesselBothSides();
    void tracksMatchBruteForce();
    void identityOfTracksOnly();
    void anomalyBadges();
};

void TestVesselSummary::eventsMatchBruteForce()
{
    std::mt19937 rng(16);
    const std::vector<Vessel> vessels = pool();
    for (int round = 0; round < 20; ++round) {
        EventStore store;
        std::vector<TransferEvent> all;
        std::uniform_int_distribution<size_t> pick(0, vessels.size() - 1);
        std::uniform_real_distribution<double> vol(0, 500000);
        const int n = 1 + int(rng() % 300);
        for (int i = 0; i < n; ++i) {
            const double volume = rng() % 5 == 0 ? NAN : std::round(vol(rng));
            all.push_back(makeEvent(int64_t(rng() % 1000000) * 1000, vessels[pick(rng)],
                                    vessels[pick(rng)], volume));
            store.append(all.back());
        }
        std::vector<uint32_t> rows;
        for (uint32_t r = 0; r < store.size(); ++r) {
            if (rng() % 3 != 0)
                rows.push_back(r);
        }
        vessels::SummaryInput in;
        in.events = &store;
        in.rows = &rows;
        const std::vector<VesselRow> got = vessels::summarise(in);

        struct Expected
        {
            int64_t events = 0;
            std::set<std::string> partners;
            double barrels = 0;
            int64_t unknown = 0;
            int64_t first = INT64_MAX, last = INT64_MIN;
            std::vector<uint32_t> rows;
        };
        std::map<std::string, Expected> want;
        for (const uint32_t r : rows) {
            const TransferEvent &e = all[r];
            const std::string a = keyOf(e.vesselA), b = keyOf(e.vesselB);
            std::set<std::string> in;
            if (!a.empty())
                in.insert(a);
            if (!b.empty())
                in.insert(b);
            for (const std::string &k : in) {
                Expected &x = want[k];
                ++x.events;
                if (std::isnan(e.volumeBbl))
                    ++x.unknown;
                else
                    x.barrels += e.volumeBbl;
                x.first = std::min(x.first, e.start);
                x.last = std::max(x.last, e.end);
                x.rows.push_back(r);
                for (const std::string &o : in) {
                    if (o != k)
                        x.partners.insert(o);
                }
            }
        }
        QCOMPARE(got.size(), want.size());
        for (const auto &[key, x] : want) {
            const VesselRow *row = find(got, key);
            QVERIFY2(row, key.c_str());
            QCOMPARE(row->events, x.events);
            QCOMPARE(row->partners, int64_t(x.partners.size()));
            QCOMPARE(row->barrels, x.barrels);
            QCOMPARE(row->volumeUnknown, x.unknown);
            QCOMPARE(row->firstMs, x.first);
            QCOMPARE(row->lastMs, x.last);
            QCOMPARE(row->eventRows, x.rows);
            QCOMPARE(row->positions, int64_t(0));
        }
    }
}

void TestVesselSummary::mostPartners()
{
    // GFW's question: which vessel met the most partners? A hub meeting four vessels
    // (one of them three times) against a pair meeting often.
    const Vessel hub = vessel("HUB", "9100000", "100000000", "Cameroon");
    EventStore store;
    for (int i = 0; i < 4; ++i)
        store.append(makeEvent(
            i * 1000, hub, vessel(QStringLiteral("P%1").arg(i), {}, QString::number(200000000 + i)),
            1000));
    const Vessel p0 = vessel("P0", {}, "200000000");
    store.append(makeEvent(5000, p0, hub, 1000));
    store.append(makeEvent(6000, hub, p0, 1000));
    const Vessel x = vessel("X", "9200000", {}), y = vessel("Y", "9300000", {});
    for (int i = 0; i < 7; ++i)
        store.append(makeEvent(10000 + i, x, y, 500));
    std::vector<uint32_t> rows(store.size());
    std::iota(rows.begin(), rows.end(), 0u);
    vessels::SummaryInput in;
    in.events = &store;
    in.rows = &rows;
    const std::vector<VesselRow> got = vessels::summarise(in);
    const auto best =
        std::max_element(got.begin(), got.end(), [](const VesselRow &a, const VesselRow &b) {
            return a.partners < b.partners;
        });
    QCOMPARE(best->key, std::string("I:9100000"));
    QCOMPARE(best->partners, int64_t(4));
    QCOMPARE(best->events, int64_t(6));
    QCOMPARE(best->barrels, 6000.0);
    QCOMPARE(best->name, QStringLiteral("HUB"));
    QCOMPARE(best->flag, QStringLiteral("Cameroon"));
    QCOMPARE(best->mmsi, QStringLiteral("100000000"));
    const VesselRow *xRow = find(got, "I:9200000");
    QVERIFY(xRow);
    QCOMPARE(xRow->events, int64_t(7));
    QCOMPARE(xRow->partners, int64_t(1));
}

void TestVesselSummary::sameVesselBothSides()
{
    // A row naming one vessel twice is one event for it, and no partner.
    const Vessel a = vessel("SOLO", "9400000", {});
    EventStore store;
    store.append(makeEvent(0, a, a, 100));
    const std::vector<uint32_t> rows {0};
    vessels::SummaryInput in;
    in.events = &store;
    in.rows = &rows;
    const std::vector<VesselRow> got = vessels::summarise(in);
    QCOMPARE(got.size(), size_t(1));
    QCOMPARE(got[0].events, int64_t(1));
    QCOMPARE(got[0].partners, int64_t(0));
    QCOMPARE(got[0].barrels, 100.0);
}

void TestVesselSummary::tracksMatchBruteForce()
{
    // Random tracks: some vessels share an MMSI with an event vessel, some only an IMO
    // (broadcast in one of their identities), some neither; random windows.
    std::mt19937 rng(1616);
    const std::vector<Vessel> vessels = pool();
    for (int round = 0; round < 30; ++round) {
        EventStore store;
        std::vector<uint32_t> rows;
        std::vector<Vessel> inStore; // every vessel of every event, filtered or not
        for (int i = 0; i < 20; ++i) {
            const Vessel &a = vessels[rng() % vessels.size()], &b = vessels[rng() % vessels.size()];
            inStore.push_back(a);
            inStore.push_back(b);
            store.append(makeEvent(int64_t(rng() % 100) * 3600000, a, b, 10));
            if (rng() % 2)
                rows.push_back(uint32_t(i));
        }
        TrackBuilder builder;
        const uint16_t file = builder.addFile(QStringLiteral("day.csv"));
        struct Expected
        {
            std::string key; // the row it must land in
            std::vector<int64_t> times;
        };
        std::map<uint32_t, Expected> byMmsi; // track MMSI -> expected
        const uint32_t mmsis[] = {111000001, 222000002, 333000003, 666000006,
                                  777000007, 444000004, 555000005, 888000008};
        for (const uint32_t mmsi : mmsis) {
            const uint32_t v = builder.vesselByMmsi(mmsi);
            const int n = int(rng() % 40);
            int64_t t = int64_t(rng() % 50) * 3600000;
            for (int i = 0; i < n; ++i) {
                // Now and then a silence longer than the 6 h gap: a new segment.
                t += rng() % 6 == 0
                    ? 8 * 3600000
                    : int64_t(rng() % 4) * 1800000; // on the hour or half: bounds hit exactly
                PositionReport r;
                r.vessel = v;
                r.timeMs = t;
                r.lat = 10;
                r.lon = 20;
                r.sourceFile = file;
                builder.add(r);
                byMmsi[mmsi].times.push_back(t);
            }
            // 444000004 broadcasts ECHO's IMO: matched by IMO.
            if (mmsi == 444000004) {
                VesselIdentity id;
                id.imo = "9000005";
                id.name = "ECHO";
                builder.addIdentity(v, t, id);
            }
        }
        const std::shared_ptr<TrackStore> tracks = builder.finish();
        const std::optional<int64_t> from =
            rng() % 4 ? std::optional<int64_t>(int64_t(rng() % 60) * 3600000) : std::nullopt;
        const std::optional<int64_t> to =
            rng() % 4 ? std::optional<int64_t>(int64_t(60 + rng() % 80) * 3600000) : std::nullopt;
        vessels::SummaryInput in;
        in.events = &store;
        in.rows = &rows;
        in.tracks = tracks.get();
        in.from = from;
        in.to = to;
        const std::vector<VesselRow> got = vessels::summarise(in);

        // The event-only figures are the same as without tracks.
        vessels::SummaryInput eventsOnly = in;
        eventsOnly.tracks = nullptr;
        const std::vector<VesselRow> plain = vessels::summarise(eventsOnly);
        for (const VesselRow &p : plain) {
            const VesselRow *row = find(got, p.key);
            QVERIFY(row);
            QCOMPARE(row->events, p.events);
            QCOMPARE(row->partners, p.partners);
            QCOMPARE(row->barrels, p.barrels);
        }

        // The event vessel a track is: one with its MMSI, else one with the IMO it
        // broadcast, among all the store's vessels; else a row of its own.
        const auto expectedKey = [&](uint32_t mmsi) {
            for (const Vessel &e : inStore) {
                if (e.mmsi == QString::number(mmsi))
                    return keyOf(e);
            }
            for (const Vessel &e : inStore) {
                if (mmsi == 444000004 && e.imo == QStringLiteral("9000005"))
                    return keyOf(e);
            }
            return "A:" + std::to_string(mmsi);
        };
        for (const auto &[mmsi, x] : byMmsi) {
            const int64_t v = tracks->findMmsi(mmsi);
            QVERIFY(v >= 0);
            int64_t positions = 0, segments = 0;
            for (uint32_t s = tracks->vesselSegmentBegin(size_t(v));
                 s < tracks->vesselSegmentEnd(size_t(v)); ++s) {
                int64_t in = 0;
                for (uint32_t p = tracks->segmentBegin(s); p < tracks->segmentEnd(s); ++p) {
                    const int64_t t = tracks->timeMs(p);
                    in += (!from || t >= *from) && (!to || t <= *to);
                }
                positions += in;
                segments += in > 0;
            }
            const std::string key = expectedKey(mmsi);
            const VesselRow *row = find(got, key);
            const VesselRow *eventRow = find(plain, key);
            if (positions == 0 && !eventRow) {
                QVERIFY2(!row || row->tracks.empty()
                             || std::find(row->tracks.begin(), row->tracks.end(), uint32_t(v))
                                 == row->tracks.end(),
                         key.c_str());
                continue;
            }
            QVERIFY2(row, key.c_str());
            QVERIFY(std::find(row->tracks.begin(), row->tracks.end(), uint32_t(v))
                    != row->tracks.end());
            QCOMPARE(row->positions, positions);
            QCOMPARE(row->segments, segments);
            if (key[0] == 'A')
                QCOMPARE(row->mmsi, QString::number(mmsi));
        }
    }
}

void TestVesselSummary::identityOfTracksOnly()
{
    // A track no event vessel matches has a row of its own, named by what it broadcast
    // last; a renamed vessel keeps both identities in its history.
    TrackBuilder builder;
    const uint16_t file = builder.addFile(QStringLiteral("log.nmea"));
    const uint32_t v = builder.vesselByMmsi(538001234);
    for (int i = 0; i < 5; ++i) {
        PositionReport r;
        r.vessel = v;
        r.timeMs = i * 60000;
        r.lat = 1;
        r.lon = 2;
        r.sourceFile = file;
        builder.add(r);
    }
    VesselIdentity before, after;
    before.name = "OLD NAME";
    before.imo = "9111111";
    before.shipType = 80;
    after = before;
    after.name = "NEW NAME";
    builder.addIdentity(v, 0, before);
    builder.addIdentity(v, 240000, after);
    const auto tracks = builder.finish();
    vessels::SummaryInput in;
    in.tracks = tracks.get();
    std::vector<VesselRow> got = vessels::summarise(in);
    QCOMPARE(got.size(), size_t(1));
    QCOMPARE(got[0].key, std::string("A:538001234"));
    QCOMPARE(got[0].name, QStringLiteral("NEW NAME"));
    QCOMPARE(got[0].imo, QStringLiteral("9111111"));
    QCOMPARE(got[0].shipType, 80);
    QCOMPARE(got[0].positions, int64_t(5));
    QCOMPARE(got[0].segments, int64_t(1));
    QCOMPARE(got[0].firstMs, int64_t(0));
    QCOMPARE(got[0].lastMs, int64_t(240000));
    QCOMPARE(got[0].events, int64_t(0));
    QCOMPARE(tracks->identityHistory(0).size(), size_t(2));
    // Its identity anomalies: IMO 9111111 fails its check digit (should be 3), and the
    // name changed; the model shows them as badges, the tooltip says why.
    QCOMPARE(got[0].anomalies.size(), size_t(2));
    QCOMPARE(got[0].anomalies[0].kind, detect::Anomaly::Kind::BadImoCheckDigit);
    QCOMPARE(got[0].anomalies[1].kind, detect::Anomaly::Kind::NameChanged);
    VesselTableModel model;
    model.setRows(got);
    const QModelIndex badges = model.index(0, VesselTableModel::Anomalies);
    QCOMPARE(badges.data().toString(), QStringLiteral("Bad IMO \u00b7 Name"));
    QCOMPARE(badges.data(VesselTableModel::BadgesRole).toStringList(),
             QStringList({"Bad IMO", "Name"}));
    QCOMPARE(badges.data(VesselTableModel::SortRole).toLongLong(), 2);
    QVERIFY2(badges.data(Qt::ToolTipRole)
                 .toString()
                 .startsWith(QStringLiteral("Bad IMO check digit: IMO 9111111: check digit "
                                            "should be 3 (1970-01-01 00:00 \u2013 1970-01-01 "
                                            "00:04)\nName changed: 2 names: \"OLD NAME\" \u2192 "
                                            "\"NEW NAME\"")),
             qPrintable(badges.data(Qt::ToolTipRole).toString()));
    QCOMPARE(model.headerData(VesselTableModel::Anomalies, Qt::Horizontal).toString(),
             QStringLiteral("Anomalies"));
    // The window decides: from 3 min on, only the new name was broadcast.
    in.from = 180000;
    got = vessels::summarise(in);
    QCOMPARE(got.size(), size_t(1));
    QCOMPARE(got[0].anomalies.size(), size_t(1));
    QCOMPARE(got[0].anomalies[0].kind, detect::Anomaly::Kind::BadImoCheckDigit);
    // A window that misses every position: no row at all.
    in.from = 300000;
    QVERIFY(vessels::summarise(in).empty());
}

void TestVesselSummary::anomalyBadges()
{
    // One badge per kind, in kind order, counted over all the row's tracks.
    VesselRow row;
    for (const auto kind :
         {detect::Anomaly::Kind::TwoPlacesAtOnce, detect::Anomaly::Kind::BadImoCheckDigit,
          detect::Anomaly::Kind::TwoPlacesAtOnce}) {
        detect::Anomaly a;
        a.kind = kind;
        row.anomalies.push_back(a);
    }
    QCOMPARE(VesselTableModel::badges(row), QStringList({"Bad IMO", "2 places \u00d72"}));
    QVERIFY(VesselTableModel::badges(VesselRow()).isEmpty());
}

QTEST_GUILESS_MAIN(TestVesselSummary)
#include "tst_vesselsummary.moc"

#include "tracks/trackstore.h"

#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kHour = 60 * kMinute;

PositionReport report(uint32_t vessel, int64_t t, double lat, double lon, uint32_t row = 0)
{
    PositionReport r;
    r.vessel = vessel;
    r.timeMs = t;
    r.lat = lat;
    r.lon = lon;
    r.sog = 10;
    r.cog = 90;
    r.sourceRow = row;
    return r;
}

struct Pos
{
    uint32_t mmsi;
    int64_t t;
    int32_t lat, lon;
    uint16_t file;
    uint32_t row;
};

std::vector<Pos> positionsOf(const TrackStore &s)
{
    std::vector<Pos> out;
    for (size_t v = 0; v < s.vesselCount(); ++v)
        for (uint32_t p = s.vesselPositionBegin(v); p < s.vesselPositionEnd(v); ++p)
            out.push_back({s.mmsi(v), s.timeMs(p), s.latsE7()[p], s.lonsE7()[p], s.sourceFile(p),
                           s.sourceRow(p)});
    return out;
}

} // namespace

class TstTrackStore : public QObject
{
    Q_OBJECT

private slots:
    void emptyBuilderGivesEmptyStore()
    {
        TrackBuilder b;
        auto s = b.finish();
        QCOMPARE(s->positionCount(), size_t(0));
        QCOMPARE(s->vesselCount(), size_t(0));
        QCOMPARE(s->segmentCount(), size_t(0));
        QCOMPARE(s->findMmsi(123456789), int64_t(-1));
        QCOMPARE(s->findId("x"), int64_t(-1));
    }

    // Positions come out grouped by vessel (MMSIs ascending, then other ids), each
    // segment in time order, ties in the order added; values kept to 1e-7 degrees.
    void sortsByVesselThenTime()
    {
        TrackBuilder b;
        const uint16_t f = b.addFile(QStringLiteral("a.csv"));
        const uint32_t big = b.vesselByMmsi(538000001);
        const uint32_t small = b.vesselByMmsi(211000001);
        const uint32_t named = b.vesselById("oid-7");
        PositionReport r = report(big, 3 * kMinute, 10.1234567, -20.7654321, 4);
        r.sourceFile = f;
        b.add(r);
        b.add(report(small, 2 * kMinute, 1, 1, 3));
        b.add(report(big, 1 * kMinute, 10.1, -20.7, 2));
        b.add(report(named, 0, 5, 5, 1));
        b.add(report(small, 2 * kMinute, 1, 1.0001, 5)); // same time as row 3: after it
        auto s = b.finish();
        QCOMPARE(s->vesselCount(), size_t(3));
        QCOMPARE(s->mmsi(0), 211000001u);
        QCOMPARE(s->mmsi(1), 538000001u);
        QCOMPARE(s->mmsi(2), 0u);
        QCOMPARE(std::string(s->vesselId(0)), std::string("211000001"));
        QCOMPARE(std::string(s->vesselId(2)), std::string("oid-7"));
        QCOMPARE(s->findMmsi(538000001), int64_t(1));
        QCOMPARE(s->findId("211000001"), int64_t(0));
        QCOMPARE(s->findId("oid-7"), int64_t(2));
        QCOMPARE(s->findId("oid-8"), int64_t(-1));
        QCOMPARE(s->positionCount(), size_t(5));
        QCOMPARE(s->sourceRow(0), 3u);
        QCOMPARE(s->sourceRow(1), 5u);
        QCOMPARE(s->sourceRow(2), 2u);
        QCOMPARE(s->sourceRow(3), 4u);
        QCOMPARE(s->latsE7()[3], 101234567);
        QCOMPARE(s->lonsE7()[3], -207654321);
        QCOMPARE(s->lat(3), 10.1234567);
        QCOMPARE(s->firstMs(), int64_t(0));
        QCOMPARE(s->lastMs(), 3 * kMinute);
        QCOMPARE(s->bbox(0), -20.7654321);
        QCOMPARE(s->bbox(3), 10.1234567);
        QCOMPARE(s->vesselsWithPositions(), size_t(3));
    }

    // Reports of one vessel at one time keep the order they were added in, however many.
    void tiesKeepTheOrderAdded()
    {
        TrackBuilder b;
        const uint32_t v = b.vesselByMmsi(211000001);
        for (uint32_t i = 0; i < 500; ++i)
            b.add(report(v, (i * 7919 % 5) * 1000, 1, 1, i));
        auto s = b.finish();
        for (size_t p = 1; p < s->positionCount(); ++p) {
            QVERIFY(s->timeMs(p - 1) <= s->timeMs(p));
            if (s->timeMs(p - 1) == s->timeMs(p))
                QVERIFY(s->sourceRow(p - 1) < s->sourceRow(p));
        }
    }

    void notAvailableValues()
    {
        TrackBuilder b;
        const uint32_t v = b.vesselByMmsi(211000001);
        PositionReport r = report(v, 0, 0, 0);
        r.sog = NAN;
        r.cog = 359.96f;
        r.heading = NAN;
        b.add(r);
        r.sog = 102.2f;
        r.cog = NAN;
        r.heading = 511; // AIS "not available" if a reader ever passes it through
        r.timeMs = 1;
        b.add(r);
        auto s = b.finish();
        QVERIFY(std::isnan(s->sog(0)));
        QCOMPARE(s->cog(0), 0.0f);
        QVERIFY(std::isnan(s->heading(0)));
        QCOMPARE(s->sog(1), 102.2f);
        QVERIFY(std::isnan(s->cog(1)));
        QVERIFY(std::isnan(s->heading(1)));
    }

    // One transmitter with silences: segments end exactly where the silence exceeds
    // the gap (brute force on random tracks), and each later one links to the one before.
    void gapsSplitSegments()
    {
        QRandomGenerator rng(16);
        for (int round = 0; round < 30; ++round) {
            SegmentRules rules;
            rules.maxGapMs = (1 + rng.bounded(8)) * kHour;
            TrackBuilder b(rules);
            const uint32_t v = b.vesselByMmsi(366000000 + uint32_t(round));
            std::vector<int64_t> times;
            std::vector<PositionReport> reports;
            int64_t t = 0;
            double lat = rng.bounded(120.0) - 60, lon = rng.bounded(360.0) - 180;
            const int n = 1 + int(rng.bounded(300));
            for (int i = 0; i < n; ++i) {
                const int64_t dt = rng.bounded(10) == 0 ? int64_t(rng.bounded(20)) * kHour
                                                        : int64_t(rng.bounded(600)) * 1000;
                t += dt;
                // At most 20 kn: never a jump, whatever the time step.
                const double nm = 20.0 * double(std::max(dt, kMinute)) / kHour;
                lat = std::clamp(lat + nm / 60.0 * 0.5, -80.0, 80.0);
                lon += nm / 60.0 * 0.5;
                if (lon > 180)
                    lon -= 360;
                times.push_back(t);
                reports.push_back(report(v, t, lat, lon, uint32_t(i + 2)));
            }
            // Shuffled input: the builder sorts.
            std::shuffle(reports.begin(), reports.end(), std::mt19937(round));
            for (const PositionReport &r : reports)
                b.add(r);
            auto s = b.finish();
            std::vector<size_t> expectedStarts {0};
            for (size_t i = 1; i < times.size(); ++i)
                if (times[i] - times[i - 1] > rules.maxGapMs)
                    expectedStarts.push_back(i);
            QCOMPARE(s->segmentCount(), expectedStarts.size());
            for (size_t p = 0; p < times.size(); ++p)
                QCOMPARE(s->timeMs(p), times[p]);
            for (size_t k = 0; k < expectedStarts.size(); ++k) {
                QCOMPARE(size_t(s->segmentBegin(k)), expectedStarts[k]);
                QCOMPARE(s->segmentStart(k),
                         k == 0 ? TrackStore::SegmentStart::First
                                : TrackStore::SegmentStart::AfterGap);
                QCOMPARE(s->gapFrom(k), k == 0 ? int64_t(-1) : int64_t(k - 1));
            }
        }
    }

    // Two transmitters sharing one MMSI 300 nm apart, reporting alternately: two
    // segments, each one ship's positions in time order; neither is cut by the other.
    void twoTransmittersMakeTwoSegments()
    {
        TrackBuilder b;
        const uint32_t v = b.vesselByMmsi(412000000);
        for (int i = 0; i < 100; ++i) {
            const int64_t t = i * kMinute;
            b.add(report(v, t, 30.0 + i * 0.001, 122.0, uint32_t(2 * i)));
            b.add(report(v, t + 1000, 35.0 + i * 0.001, 122.0, uint32_t(2 * i + 1)));
        }
        auto s = b.finish();
        QCOMPARE(s->segmentCount(), size_t(2));
        QCOMPARE(s->segmentStart(1), TrackStore::SegmentStart::AfterJump);
        QCOMPARE(s->gapFrom(1), int64_t(-1));
        for (size_t seg = 0; seg < 2; ++seg) {
            QCOMPARE(s->segmentEnd(seg) - s->segmentBegin(seg), 100u);
            for (uint32_t p = s->segmentBegin(seg); p < s->segmentEnd(seg); ++p) {
                QCOMPARE(s->sourceRow(p) % 2, uint32_t(seg));
                if (p > s->segmentBegin(seg))
                    QVERIFY(s->timeMs(p) > s->timeMs(p - 1));
            }
        }
    }

    // One spoofed position far away does not break the real track: it becomes a
    // segment of its own, and the track goes on in the first one.
    void outlierIsItsOwnSegment()
    {
        TrackBuilder b;
        const uint32_t v = b.vesselByMmsi(273000000);
        for (int i = 0; i < 20; ++i)
            b.add(report(v, i * kMinute, 60.0 + i * 0.002, 25.0, uint32_t(i)));
        b.add(report(v, 10 * kMinute + 30000, 10.0, 25.0, 99)); // 3,000 nm in 30 s
        auto s = b.finish();
        QCOMPARE(s->segmentCount(), size_t(2));
        QCOMPARE(s->segmentEnd(0) - s->segmentBegin(0), 20u);
        QCOMPARE(s->segmentEnd(1) - s->segmentBegin(1), 1u);
        QCOMPARE(s->sourceRow(s->segmentBegin(1)), 99u);
        QCOMPARE(s->segmentStart(1), TrackStore::SegmentStart::AfterJump);
    }

    // Jitter seconds apart is no jump (the speed is judged over at least a minute),
    // and a track across the antimeridian is one segment.
    void jitterAndAntimeridianStayJoined()
    {
        TrackBuilder b;
        const uint32_t v = b.vesselByMmsi(512000000);
        b.add(report(v, 0, -40.0, 179.999, 1));
        b.add(report(v, 2000, -40.0, 179.9995, 2)); // 2 s later, 0.02 nm: "54 kn"
        b.add(report(v, 10 * kMinute, -40.0, -179.97, 3)); // across 180 at ~10 kn
        auto s = b.finish();
        QCOMPARE(s->segmentCount(), size_t(1));
        // 60 nm in 10 minutes is 360 kn: a jump.
        TrackBuilder c;
        const uint32_t w = c.vesselByMmsi(512000000);
        c.add(report(w, 0, -40.0, 179.5, 1));
        c.add(report(w, 10 * kMinute, -39.0, 179.5, 2));
        QCOMPARE(c.finish()->segmentCount(), size_t(2));
        // Along a parallel too: 5 degrees of longitude at 60 N is 150 nm in a minute.
        TrackBuilder e;
        const uint32_t x = e.vesselByMmsi(512000000);
        e.add(report(x, 0, 60.0, 20.0, 1));
        e.add(report(x, kMinute, 60.0, 25.0, 2));
        QCOMPARE(e.finish()->segmentCount(), size_t(2));
    }

    // Every distinct identity once, in the order first seen, with first and last times
    // and report counts; the latest one is the vessel's identity.
    void identityHistory()
    {
        TrackBuilder b;
        const uint32_t v = b.vesselByMmsi(636000000);
        VesselIdentity a {"9123456", "OCEAN STAR", "D5AB1", 80, ""};
        VesselIdentity c {"9123456", "SEA STAR", "D5AB1", 80, ""};
        b.addIdentity(v, 5 * kHour, c);
        b.addIdentity(v, 1 * kHour, a, 180, 30);
        b.addIdentity(v, 9 * kHour, a);
        b.addIdentity(v, 3 * kHour, a);
        b.addIdentity(v, 2 * kHour, VesselIdentity()); // says nothing
        const uint32_t quiet = b.vesselByMmsi(636000001); // identity only, no positions
        b.addIdentity(quiet, 0, a, NAN, 28);
        b.add(report(v, 0, 1, 1));
        auto s = b.finish();
        QCOMPARE(s->vesselCount(), size_t(2));
        QCOMPARE(s->vesselsWithPositions(), size_t(1));
        const auto &h = s->identityHistory(0);
        QCOMPARE(h.size(), size_t(2));
        QCOMPARE(h[0].identity, a);
        QCOMPARE(h[0].firstMs, 1 * kHour);
        QCOMPARE(h[0].lastMs, 9 * kHour);
        QCOMPARE(h[0].reports, 3u);
        QCOMPARE(h[1].identity, c);
        QCOMPARE(h[1].reports, 1u);
        QCOMPARE(s->identity(0), a); // heard last at 9 h
        QCOMPARE(s->length(0), 180.0f);
        QCOMPARE(s->width(0), 30.0f);
        QCOMPARE(s->vesselPositionBegin(1), s->vesselPositionEnd(1));
        QCOMPARE(s->vesselSegmentBegin(1), s->vesselSegmentEnd(1));
        QVERIFY(std::isnan(s->length(1)));
        QCOMPARE(s->width(1), 28.0f);
    }

    // Builders filled in parallel and absorbed give the store one builder gives.
    void absorbEqualsOneBuilder()
    {
        QRandomGenerator rng(7);
        TrackBuilder one;
        std::vector<TrackBuilder> parts(3);
        for (int f = 0; f < 2; ++f) {
            const QString name = QStringLiteral("day%1.csv").arg(f);
            one.addFile(name);
        }
        // Part 1 spans both files; parts 0 and 2 each see one.
        parts[0].addFile(QStringLiteral("day0.csv"));
        parts[1].addFile(QStringLiteral("day0.csv"));
        parts[1].addFile(QStringLiteral("day1.csv"));
        parts[2].addFile(QStringLiteral("day1.csv"));
        for (int i = 0; i < 2000; ++i) {
            const uint32_t mmsi = 200000000 + rng.bounded(40);
            const int64_t t = int64_t(rng.bounded(100000)) * 1000;
            const double lat = rng.bounded(2.0), lon = rng.bounded(2.0);
            const int part = i * 3 / 2000;
            const uint16_t file = i < 1000 ? 0 : 1;
            PositionReport r = report(one.vesselByMmsi(mmsi), t, lat, lon, uint32_t(i));
            r.sourceFile = file;
            one.add(r);
            TrackBuilder &b = parts[size_t(part)];
            PositionReport q = report(b.vesselByMmsi(mmsi), t, lat, lon, uint32_t(i));
            q.sourceFile = part == 1 ? file : 0;
            b.add(q);
            if (i % 50 == 0) {
                const VesselIdentity id {std::to_string(i % 3), "N" + std::to_string(mmsi), "", -1,
                                         ""};
                one.addIdentity(one.vesselByMmsi(mmsi), t, id);
                b.addIdentity(b.vesselByMmsi(mmsi), t, id);
            }
        }
        TrackBuilder merged;
        for (TrackBuilder &b : parts)
            merged.absorb(std::move(b));
        auto a = one.finish();
        auto m = merged.finish();
        QCOMPARE(m->vesselCount(), a->vesselCount());
        QCOMPARE(m->segmentCount(), a->segmentCount());
        const auto pa = positionsOf(*a), pm = positionsOf(*m);
        QCOMPARE(pm.size(), pa.size());
        for (size_t i = 0; i < pa.size(); ++i) {
            QCOMPARE(pm[i].mmsi, pa[i].mmsi);
            QCOMPARE(pm[i].t, pa[i].t);
            QCOMPARE(pm[i].lat, pa[i].lat);
            QCOMPARE(pm[i].row, pa[i].row);
            QCOMPARE(m->files()[pm[i].file], a->files()[pa[i].file]);
        }
        for (size_t v = 0; v < a->vesselCount(); ++v) {
            QCOMPARE(m->identityHistory(v).size(), a->identityHistory(v).size());
            for (size_t k = 0; k < a->identityHistory(v).size(); ++k) {
                QCOMPARE(m->identityHistory(v)[k].identity, a->identityHistory(v)[k].identity);
                QCOMPARE(m->identityHistory(v)[k].reports, a->identityHistory(v)[k].reports);
                QCOMPARE(m->identityHistory(v)[k].firstMs, a->identityHistory(v)[k].firstMs);
            }
        }
    }
};

QTEST_APPLESS_MAIN(TstTrackStore)
#include "tst_trackstore.moc"

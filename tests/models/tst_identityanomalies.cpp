#include "detect/identityanomalies.h"
#include "tracks/midtable.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

using detect::Anomaly;
using Kind = detect::Anomaly::Kind;

namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kT0 = 1700000000000; // 2023-11-14 22:13:20 UTC

PositionReport report(uint32_t vessel, int64_t t, double lat, double lon)
{
    PositionReport r;
    r.vessel = vessel;
    r.timeMs = t;
    r.lat = lat;
    r.lon = lon;
    r.sog = 10;
    return r;
}

VesselIdentity ident(std::string imo, std::string name, std::string flag = {})
{
    VesselIdentity id;
    id.imo = std::move(imo);
    id.name = std::move(name);
    id.flag = std::move(flag);
    return id;
}

// A vessel steaming east at 10 kn for `hours`, one report every 10 minutes.
void steam(TrackBuilder &b, uint32_t v, int64_t from, double lat, double lon, int hours)
{
    for (int k = 0; k <= hours * 6; ++k)
        b.add(report(v, from + k * 10 * kMinute, lat, lon + k * (10.0 / 6) / 60.0));
}

// The anomalies of one MMSI, as (kind, detail) for messages.
std::vector<Anomaly> of(const TrackStore &s, const std::vector<Anomaly> &all, uint32_t mmsi)
{
    std::vector<Anomaly> out;
    const int64_t v = s.findMmsi(mmsi);
    for (const Anomaly &a : all)
        if (int64_t(a.vessel) == v)
            out.push_back(a);
    return out;
}

std::vector<Kind> kinds(const std::vector<Anomaly> &list)
{
    std::vector<Kind> out;
    for (const Anomaly &a : list)
        out.push_back(a.kind);
    return out;
}

double haversineNm(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = M_PI / 180.0, r = 6371008.8 / 1852.0;
    const double s = std::sin((lat2 - lat1) * rad / 2), t = std::sin((lon2 - lon1) * rad / 2);
    const double h = s * s + std::cos(lat1 * rad) * std::cos(lat2 * rad) * t * t;
    return 2 * r * std::asin(std::sqrt(std::min(1.0, h)));
}

// The check digit the slow way: the weights 7..2 written out, digit by digit.
int slowCheckDigit(const std::string &imo)
{
    static const int weights[6] = {7, 6, 5, 4, 3, 2};
    long sum = 0;
    for (int i = 0; i < 6; ++i)
        sum += long(imo[size_t(i)] - '0') * weights[i];
    return int(sum - 10 * (sum / 10));
}

} // namespace

class TstIdentityAnomalies : public QObject
{
    Q_OBJECT

private slots:
    void imoCheckDigit()
    {
        QVERIFY(detect::imoCheckDigitValid("9074729")); // the IMO's own example
        QVERIFY(detect::imoCheckDigitValid("9627980"));
        QVERIFY(!detect::imoCheckDigitValid("9627981"));
        QCOMPARE(detect::imoCheckDigit("9627981"), 0);
        QVERIFY(!detect::imoCheckDigitValid("962798")); // six digits
        QVERIFY(!detect::imoCheckDigitValid("96279800"));
        QVERIFY(!detect::imoCheckDigitValid("96A7980"));
        QCOMPARE(detect::imoCheckDigit(""), -1);
        // Against the slow way on random numbers.
        std::mt19937 rng(17);
        for (int i = 0; i < 20000; ++i) {
            const std::string imo = std::to_string(1000000 + rng() % 9000000);
            QCOMPARE(detect::imoCheckDigit(imo), slowCheckDigit(imo));
            QCOMPARE(detect::imoCheckDigitValid(imo), imo[6] - '0' == slowCheckDigit(imo));
        }
    }

    // Each anomaly planted next to a decoy that must not be one.
    void plantedCasesAndDecoys()
    {
        TrackBuilder b;
        // Decoys: a consistent Liberian tanker whose flag column says LR, "Liberia" or
        // "lbr"; a fast craft at 40 kn; a vessel silent 8 h that reappears far away.
        const uint32_t clean = b.vesselByMmsi(636012345);
        steam(b, clean, kT0, 10, 10, 6);
        b.addIdentity(clean, kT0, ident("9074729", "OCEAN STAR", "LR"));
        b.addIdentity(clean, kT0 + kHour, ident("9074729", "OCEAN STAR", "Liberia"));
        b.addIdentity(clean, kT0 + 2 * kHour, ident("9074729", "OCEAN STAR", " lbr"));
        const uint32_t fast = b.vesselByMmsi(351000001);
        for (int k = 0; k < 30; ++k)
            b.add(report(fast, kT0 + k * 6 * kMinute, 20, 10 + k * 4.0 / 60.0)); // 40 kn
        const uint32_t dark = b.vesselByMmsi(351000002);
        steam(b, dark, kT0, 30, 10, 2);
        steam(b, dark, kT0 + 10 * kHour, 30, 20, 2); // 520 nm in 8 h: 65 kn, but a gap
        // Anomalies.
        const uint32_t flagged = b.vesselByMmsi(636012347); // Liberia, flag column Panama
        steam(b, flagged, kT0, 11, 10, 2);
        b.addIdentity(flagged, kT0, ident("9627980", "SEA PEARL", "PA"));
        const uint32_t unallocated = b.vesselByMmsi(200123456); // MID 200: not allocated
        steam(b, unallocated, kT0, 12, 10, 2);
        const uint32_t badImo = b.vesselByMmsi(538000001);
        steam(b, badImo, kT0, 13, 10, 2);
        b.addIdentity(badImo, kT0 + 30 * kMinute, ident("9627981", "KAPPA"));
        const uint32_t renamed = b.vesselByMmsi(538000002);
        steam(b, renamed, kT0, 14, 10, 12);
        b.addIdentity(renamed, kT0 + 5 * kHour, ident("9627980", "NEW NAME"));
        b.addIdentity(renamed, kT0, ident("9074729", "OLD NAME"));
        b.addIdentity(renamed, kT0 + 6 * kHour, ident("9627980", "NEW NAME"));
        const uint32_t twin = b.vesselByMmsi(538000003); // two transmitters, one MMSI
        steam(b, twin, kT0, 15, 10, 3);
        for (int k = 0; k <= 6; ++k) // 5° east at the same times: ~290 nm away
            b.add(report(twin, kT0 + 2 * kHour + k * 10 * kMinute + kMinute, 15, 15));
        // Only static reports: its identity is still evidence.
        const uint32_t quiet = b.vesselByMmsi(538000004);
        b.addIdentity(quiet, kT0 + kHour, ident("1234568", "QUIET"));
        auto store = b.finish();
        const TrackStore &s = *store;

        const detect::Rules rules;
        const std::vector<Anomaly> all = detect::findAnomalies(s, rules);
        for (uint32_t decoy : {636012345u, 351000001u, 351000002u})
            QVERIFY2(of(s, all, decoy).empty(), qPrintable(QString::number(decoy)));

        auto a = of(s, all, 636012347);
        QCOMPARE(kinds(a), std::vector<Kind> {Kind::FlagMismatch});
        QCOMPARE(a[0].detail,
                 std::string("flag column says \"PA\", MMSI 636012347's MID 636 is Liberia (LR)"));
        QCOMPARE(a[0].startMs, kT0);

        a = of(s, all, 200123456);
        QCOMPARE(kinds(a), std::vector<Kind> {Kind::UnallocatedMid});
        QCOMPARE(a[0].detail,
                 std::string("MMSI 200123456 (ship): MID 200 is not allocated by the ITU"));
        QCOMPARE(a[0].startMs, kT0);
        QCOMPARE(a[0].endMs, kT0 + 2 * kHour);

        a = of(s, all, 538000001);
        QCOMPARE(kinds(a), std::vector<Kind> {Kind::BadImoCheckDigit});
        QCOMPARE(a[0].detail, std::string("IMO 9627981: check digit should be 0"));
        QCOMPARE(a[0].startMs, kT0 + 30 * kMinute);

        a = of(s, all, 538000002);
        QCOMPARE(kinds(a), (std::vector<Kind> {Kind::NameChanged, Kind::ImoChanged}));
        QCOMPARE(a[0].detail,
                 std::string("2 names: \"OLD NAME\" → \"NEW NAME\" (from "
                             "2023-11-15 03:13 UTC)"));
        QCOMPARE(a[0].startMs, kT0);
        QCOMPARE(a[0].endMs, kT0 + 6 * kHour);
        QCOMPARE(a[1].detail,
                 std::string("2 IMOs: \"9074729\" → \"9627980\" (from "
                             "2023-11-15 03:13 UTC)"));

        a = of(s, all, 538000003);
        QCOMPARE(kinds(a), std::vector<Kind> {Kind::TwoPlacesAtOnce});
        QCOMPARE(a[0].startMs, kT0 + 2 * kHour); // the other transmitter's last report
        QCOMPARE(a[0].endMs, kT0 + 2 * kHour + kMinute);
        QCOMPARE(a[0].lat, 15.0);
        QCOMPARE(a[0].lon, 15.0);
        QVERIFY2(QString::fromStdString(a[0].detail).startsWith(QStringLiteral("270.")),
                 a[0].detail.c_str());

        a = of(s, all, 538000004);
        QCOMPARE(kinds(a), std::vector<Kind> {Kind::BadImoCheckDigit});

        // Sorted by vessel, then kind, then start.
        QVERIFY(std::is_sorted(all.begin(), all.end(), [](const Anomaly &x, const Anomaly &y) {
            return std::tie(x.vessel, x.kind, x.startMs) < std::tie(y.vessel, y.kind, y.startMs);
        }));

        // Scope: a window that ends before the twin's second transmitter and the rename,
        // and a box: what lies outside is not analysed.
        detect::Rules early = rules;
        early.toMs = kT0 + 90 * kMinute;
        const auto inWindow = detect::findAnomalies(s, early);
        QVERIFY(of(s, inWindow, 538000003).empty());
        QVERIFY(of(s, inWindow, 538000002).empty());
        QCOMPARE(kinds(of(s, inWindow, 538000004)), std::vector<Kind> {Kind::BadImoCheckDigit});
        QCOMPARE(kinds(of(s, inWindow, 200123456)), std::vector<Kind> {Kind::UnallocatedMid});
        QCOMPARE(of(s, inWindow, 200123456)[0].endMs, kT0 + 90 * kMinute);
        early.fromMs = kT0 + 2 * kHour; // the quiet vessel's identity is before it
        QVERIFY(of(s, detect::findAnomalies(s, early), 538000004).empty());
        detect::Rules box = rules;
        box.hasBbox = true;
        box.west = 9;
        box.east = 11;
        box.south = 11.5;
        box.north = 12.5; // only the unallocated MID's track
        const auto inBox = detect::findAnomalies(s, box);
        QCOMPARE(inBox.size(), size_t(1));
        QCOMPARE(inBox[0].kind, Kind::UnallocatedMid);
        // A threshold above the jump's speed: not an anomaly.
        detect::Rules lenient = rules;
        lenient.maxImpliedSpeedKn = 100000;
        QVERIFY(of(s, detect::findAnomalies(s, lenient), 538000003).empty());
    }

    void progressAndCancel()
    {
        TrackBuilder b;
        for (uint32_t i = 0; i < 3000; ++i)
            steam(b, b.vesselByMmsi(200000000 + i), kT0, 1, 1, 0);
        auto s = b.finish();
        std::vector<double> seen;
        detect::Control c;
        c.progress = [&seen](double f) { seen.push_back(f); };
        QCOMPARE(detect::findAnomalies(*s, {}, c).size(), size_t(3000)); // MID 200
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
        std::atomic<bool> cancel {true};
        c.cancel = &cancel;
        QVERIFY(detect::findAnomalies(*s, {}, c).empty());
    }

    // Random stores: every AfterJump segment whose implied speed from the vessel's
    // previous report (found by scanning every position) exceeds the rule is one
    // TwoPlacesAtOnce, and no other; names and IMOs against sets.
    void randomAgainstBruteForce()
    {
        std::mt19937 rng(4242);
        for (int round = 0; round < 60; ++round) {
            TrackBuilder b;
            const int vessels = 1 + int(rng() % 6);
            for (int i = 0; i < vessels; ++i) {
                const uint32_t v = b.vesselByMmsi(538000000 + uint32_t(i));
                const int n = int(rng() % 80);
                for (int k = 0; k < n; ++k) {
                    const int64_t t = kT0 + int64_t(rng() % 48) * 20 * kMinute;
                    const double lat = -60 + double(rng() % 12000) / 100.0 * (rng() % 4 ? 0.01 : 1);
                    const double lon = double(rng() % 36000) / 100.0 - 180;
                    b.add(report(v, t, lat, lon));
                }
                const int ids = int(rng() % 4);
                for (int k = 0; k < ids; ++k)
                    b.addIdentity(v, kT0 + int64_t(rng() % 48) * 20 * kMinute,
                                  ident(std::to_string(9000000 + rng() % 3),
                                        "N" + std::to_string(rng() % 3)));
            }
            auto store = b.finish();
            const TrackStore &s = *store;
            detect::Rules rules;
            rules.maxImpliedSpeedKn = double(rng() % 200);
            const auto all = detect::findAnomalies(s, rules);
            for (size_t v = 0; v < s.vesselCount(); ++v) {
                std::multiset<int64_t> expected;
                for (size_t seg = s.vesselSegmentBegin(v); seg < s.vesselSegmentEnd(v); ++seg) {
                    if (s.segmentStart(seg) != TrackStore::SegmentStart::AfterJump)
                        continue;
                    const size_t p = s.segmentBegin(seg);
                    // Latest report of a segment opened earlier, not after p.
                    int64_t best = -1;
                    for (size_t o = s.vesselSegmentBegin(v); o < seg; ++o)
                        for (size_t q = s.segmentBegin(o); q < s.segmentEnd(o); ++q)
                            if (s.timeMs(q) <= s.timeMs(p)
                                && (best < 0 || s.timeMs(q) > s.timeMs(size_t(best))))
                                best = int64_t(q);
                    QVERIFY(best >= 0);
                    const auto q = size_t(best);
                    const double hours =
                        double(std::max(s.timeMs(p) - s.timeMs(q), s.rules().minJumpMs)) / kHour;
                    if (haversineNm(s.lat(q), s.lon(q), s.lat(p), s.lon(p)) / hours
                        > rules.maxImpliedSpeedKn)
                        expected.insert(s.timeMs(p));
                }
                std::multiset<int64_t> got;
                std::set<std::string> names, imos;
                for (const IdentityPeriod &p : s.identityHistory(v)) {
                    names.insert(p.identity.name);
                    imos.insert(p.identity.imo);
                }
                bool nameChanged = false, imoChanged = false;
                int badImos = 0;
                for (const Anomaly &a : all) {
                    if (a.vessel != v)
                        continue;
                    if (a.kind == Kind::TwoPlacesAtOnce)
                        got.insert(a.endMs);
                    nameChanged |= a.kind == Kind::NameChanged;
                    imoChanged |= a.kind == Kind::ImoChanged;
                    badImos += a.kind == Kind::BadImoCheckDigit;
                }
                QCOMPARE(got, expected);
                QCOMPARE(nameChanged, names.size() > 1);
                QCOMPARE(imoChanged, imos.size() > 1);
                QCOMPARE(badImos,
                         int(std::count_if(imos.begin(), imos.end(), [](const std::string &i) {
                             return !detect::imoCheckDigitValid(i);
                         })));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TstIdentityAnomalies)
#include "tst_identityanomalies.moc"

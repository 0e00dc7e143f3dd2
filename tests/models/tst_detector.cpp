#include "detect/detector.h"
#include "detect/encounters.h"
#include "detect/identityanomalies.h"
#include "detect/singlevessel.h"

#include <QtTest>

#include <cmath>
#include <limits>

// detect::run: the one entry point of the window and the command line runs exactly the
// detectors asked for, gives what each of them gives, in the documented orders, reports
// progress from 0 to 1 and, cancelled, gives nothing that could pass for a result.
namespace {

constexpr int64_t kT0 = 1704844800000; // 2024-01-10T00:00:00Z
constexpr int64_t kMinute = detect::kMinuteMs;
constexpr double kMetresPerDegree = 111195.0;

// Far from everything: no land, shore 1,000 km away, no port.
class OpenSea : public detect::GeoContext
{
public:
    bool onLand(double, double) const override { return false; }
    double shoreKm(double, double) const override { return 1000; }
    double portKm(double, double) const override { return std::numeric_limits<double>::infinity(); }
};

void drift(TrackBuilder &b, uint32_t v, int64_t from, int64_t minutes, double lat, double lon,
           double knots)
{
    for (int64_t m = 0; m <= minutes; m += 10) {
        PositionReport r;
        r.vessel = v;
        r.timeMs = from + m * kMinute;
        r.lat = lat + knots * 1852.0 * double(m) / 60.0 / kMetresPerDegree;
        r.lon = lon;
        r.sog = float(knots);
        b.add(r);
    }
}

// Two pairs meeting 5 h at 0.5 kn (one pair later than the other), a vessel going
// dark for 14 h, and a loiterer broadcasting an IMO with a wrong check digit.
std::shared_ptr<TrackStore> makeStore()
{
    TrackBuilder b;
    b.addFile(QStringLiteral("planted"));
    const double lonEast100m = -140 + 100 / (kMetresPerDegree * std::cos(10 * M_PI / 180));
    // Added later pair first: the Result's order must not depend on the store's.
    drift(b, b.vesselByMmsi(636000011), kT0 + 600 * kMinute, 300, 10.0, -140, 0.5);
    drift(b, b.vesselByMmsi(636000012), kT0 + 600 * kMinute, 300, 10.0, lonEast100m, 0.5);
    drift(b, b.vesselByMmsi(412000001), kT0, 300, 10.0, -140, 0.5);
    drift(b, b.vesselByMmsi(538001234), kT0, 300, 10.0, lonEast100m, 0.5);
    const uint32_t dark = b.vesselByMmsi(636000008);
    drift(b, dark, kT0, 120, 12.0, -140, 10);
    drift(b, dark, kT0 + (120 + 14 * 60) * kMinute, 120, 14.0, -140, 10);
    const uint32_t loiterer = b.vesselByMmsi(636000007);
    VesselIdentity id;
    id.imo = "1234568";
    id.name = "LOITERER";
    b.addIdentity(loiterer, kT0, id);
    drift(b, loiterer, kT0, 360, 7.0, -140, 0.5);
    return b.finish();
}

} // namespace

class TstDetector : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sameAsEachDetector();
    void onlyKindsAsked_data();
    void onlyKindsAsked();
    void progress();
    void cancelled();
    void parseKinds_data();
    void parseKinds();

private:
    std::shared_ptr<TrackStore> m_store;
    OpenSea m_geo;
};

void TstDetector::initTestCase()
{
    m_store = makeStore();
    QVERIFY(m_store->positionCount() > 0);
}

void TstDetector::sameAsEachDetector()
{
    const detect::Rules rules;
    const detect::Result r = detect::run(*m_store, rules, m_geo);
    QVERIFY(!r.cancelled);
    const auto encounters = detect::findEncounters(*m_store, rules, m_geo);
    const auto loitering = detect::findLoitering(*m_store, rules, m_geo);
    const auto gaps = detect::findGaps(*m_store, rules, m_geo);
    const auto anomalies = detect::findAnomalies(*m_store, rules);
    QCOMPARE(r.encounters.size(), encounters.size());
    QCOMPARE(r.loitering.size(), loitering.size());
    QCOMPARE(r.gaps.size(), gaps.size());
    QCOMPARE(r.anomalies.size(), anomalies.size());
    // The planted cases are there...
    QCOMPARE(r.encounters.size(), size_t(2));
    QCOMPARE(r.gaps.size(), size_t(1));
    QVERIFY(!r.loitering.empty());
    QVERIFY(!r.anomalies.empty());
    // ...by start: the early pair (412000001, 538001234) before the late one.
    QCOMPARE(m_store->mmsi(r.encounters[0].vesselA), 412000001u);
    QCOMPARE(m_store->mmsi(r.encounters[0].vesselB), 538001234u);
    QCOMPARE(r.encounters[0].startMs, kT0);
    QCOMPARE(m_store->mmsi(r.encounters[1].vesselA), 636000011u);
    for (size_t i = 1; i < r.loitering.size(); ++i)
        QVERIFY(r.loitering[i - 1].startMs <= r.loitering[i].startMs);
    for (size_t i = 1; i < r.anomalies.size(); ++i)
        QVERIFY(r.anomalies[i - 1].vessel <= r.anomalies[i].vessel);
    QCOMPARE(m_store->mmsi(r.gaps[0].vessel), 636000008u);
    // Deterministic: a second run gives the same events.
    const detect::Result again = detect::run(*m_store, rules, m_geo);
    QCOMPARE(again.encounters.size(), r.encounters.size());
    for (size_t i = 0; i < r.encounters.size(); ++i) {
        QCOMPARE(again.encounters[i].startMs, r.encounters[i].startMs);
        QCOMPARE(again.encounters[i].lat, r.encounters[i].lat);
        QCOMPARE(again.encounters[i].medianDistanceM, r.encounters[i].medianDistanceM);
    }
}

void TstDetector::onlyKindsAsked_data()
{
    QTest::addColumn<unsigned>("kinds");
    QTest::newRow("encounters") << unsigned(detect::Encounters);
    QTest::newRow("loitering") << unsigned(detect::LoiteringKind);
    QTest::newRow("gaps") << unsigned(detect::Gaps);
    QTest::newRow("identity") << unsigned(detect::Identity);
    QTest::newRow("gaps and identity") << unsigned(detect::Gaps | detect::Identity);
    QTest::newRow("none") << 0u;
}

void TstDetector::onlyKindsAsked()
{
    QFETCH(unsigned, kinds);
    const detect::Result r = detect::run(*m_store, detect::Rules(), m_geo, kinds);
    QCOMPARE(!r.encounters.empty(), bool(kinds & detect::Encounters));
    QCOMPARE(!r.loitering.empty(), bool(kinds & detect::LoiteringKind));
    QCOMPARE(!r.gaps.empty(), bool(kinds & detect::Gaps));
    QCOMPARE(!r.anomalies.empty(), bool(kinds & detect::Identity));
    QVERIFY(!r.cancelled);
}

void TstDetector::progress()
{
    for (unsigned kinds : {unsigned(detect::AllKinds), unsigned(detect::Gaps)}) {
        std::vector<double> seen;
        detect::Control control;
        control.progress = [&seen](double f) { seen.push_back(f); };
        detect::run(*m_store, detect::Rules(), m_geo, kinds, control);
        QVERIFY(!seen.empty());
        for (size_t i = 1; i < seen.size(); ++i)
            QVERIFY2(seen[i] >= seen[i - 1], qPrintable(QString::number(seen[i])));
        QVERIFY(seen.front() >= 0);
        QCOMPARE(seen.back(), 1.0);
    }
}

void TstDetector::cancelled()
{
    // Cancelled before it starts...
    std::atomic<bool> cancel {true};
    detect::Control control;
    control.cancel = &cancel;
    detect::Result r = detect::run(*m_store, detect::Rules(), m_geo, detect::AllKinds, control);
    QVERIFY(r.cancelled);
    QVERIFY(r.encounters.empty() && r.loitering.empty() && r.gaps.empty() && r.anomalies.empty());
    // ...or once the first detector has reported: nothing of what was found is kept.
    cancel = false;
    control.progress = [&cancel](double f) {
        if (f > 0)
            cancel = true;
    };
    r = detect::run(*m_store, detect::Rules(), m_geo, detect::AllKinds, control);
    QVERIFY(r.cancelled);
    QVERIFY(r.encounters.empty() && r.loitering.empty() && r.gaps.empty() && r.anomalies.empty());
}

void TstDetector::parseKinds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<unsigned>("kinds");
    QTest::newRow("all") << QStringLiteral("all") << true << unsigned(detect::AllKinds);
    QTest::newRow("two") << QStringLiteral("encounters,gaps") << true
                         << unsigned(detect::Encounters | detect::Gaps);
    QTest::newRow("spaces and case") << QStringLiteral(" Loitering , IDENTITY") << true
                                     << unsigned(detect::LoiteringKind | detect::Identity);
    QTest::newRow("unknown") << QStringLiteral("encounters,rafting") << false << 0u;
    QTest::newRow("empty") << QString() << false << 0u;
}

void TstDetector::parseKinds()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(unsigned, kinds);
    unsigned got = 0;
    QString error;
    QCOMPARE(detect::parseKinds(text, &got, &error), ok);
    if (ok) {
        QCOMPARE(got, kinds);
        unsigned back = 0;
        QVERIFY(detect::parseKinds(detect::kindsText(got), &back, &error));
        QCOMPARE(back, got);
    } else {
        QVERIFY(!error.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TstDetector)
#include "tst_detector.moc"

// NMEA AIS decoding checked against gpsd's own decode of the same sentences
// (tests/data/ais/gpsd_excerpt.aivdm, values below copied from gpsd's JSON output), and
// the payload decoder against a bit writer on random messages.
#include "ais/nmealog.h"
#include "nmeatesthelpers.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>

using namespace nmeatest;

namespace {

std::string fixture()
{
    QFile f(QStringLiteral(RENDEZVOUS_TEST_DATA "/ais/gpsd_excerpt.aivdm"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

// 2010-05-15 12:00:00 UTC, the time the test's ZDA gives every message of the fixture.
constexpr int64_t kZdaMs = 1273924800000LL;

bool sameFloat(float a, double b, double tolerance)
{
    return std::isnan(b) ? std::isnan(a) : std::abs(double(a) - b) <= tolerance;
}

} // namespace

class TestNmea : public QObject
{
    Q_OBJECT
private slots:
    void gpsdPositions_data();
    void gpsdPositions();
    void gpsdIdentities_data();
    void gpsdIdentities();
    void gpsdAccount();
    void gpsdDimensions();
    void auxiliaryCraft();
    void textPadding();
    void notAvailableValues();
    void badPayloads();
    void bruteForcePositions();
    void bruteForceStatic();
    void looksLikeNmea();
};

void TestNmea::gpsdPositions_data()
{
    QTest::addColumn<uint>("mmsi");
    QTest::addColumn<uint>("line"); // in the fixture (+1 for the ZDA put in front)
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("speed");
    QTest::addColumn<double>("course");
    QTest::addColumn<double>("heading");
    QTest::addColumn<double>("tolerance"); // gpsd prints 7 decimals, 4 for type 27
    const double na = NAN;
    QTest::newRow("type 1") << 371798000u << 2u << 48.3816333 << -123.3953833 << 12.3 << 224.0
                            << 215.0 << 1e-7;
    QTest::newRow("type 1, heading 511")
        << 440348000u << 3u << 43.0801500 << -70.7582000 << 0.0 << 93.4 << na << 1e-7;
    QTest::newRow("type 2") << 356302000u << 4u << 40.3923583 << -71.6261433 << 13.9 << 87.7 << 91.0
                            << 1e-7;
    QTest::newRow("type 3") << 563808000u << 5u << 36.9100000 << -76.3275333 << 0.0 << 252.0
                            << 352.0 << 1e-7;
    QTest::newRow("type 18 a") << 338087471u << 9u << 40.6845400 << -74.0721317 << 0.1 << 79.6 << na
                               << 1e-7;
    QTest::newRow("type 18 b") << 338088483u << 10u << 43.1155583 << -70.8111967 << 0.0 << 171.6
                               << na << 1e-7;
    QTest::newRow("type 18 c") << 368161000u << 11u << 39.4809250 << -72.2338483 << 5.1 << 34.9
                               << na << 1e-7;
    QTest::newRow("type 19") << 367059850u << 12u << 29.5436950 << -88.8103917 << 8.7 << 335.9 << na
                             << 1e-7;
    QTest::newRow("type 27 a") << 236091959u << 15u << 87.0650 << -154.2017 << 0.0 << 0.0 << na
                               << 1e-4;
    QTest::newRow("type 27 b") << 206914217u << 16u << 4.8400 << 137.0233 << 57.0 << 167.0 << na
                               << 1e-4;
    QTest::newRow("type 1, 5 fill bits")
        << 244740981u << 24u << 53.1992350 << 5.7374667 << 0.0 << 0.0 << na << 1e-7;
}

void TestNmea::gpsdPositions()
{
    QFETCH(uint, mmsi);
    QFETCH(uint, line);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, speed);
    QFETCH(double, course);
    QFETCH(double, heading);
    QFETCH(double, tolerance);
    const Loaded l = load(sum("$GPZDA,120000.00,15,05,2010,00,00") + "\n" + fixture());
    const int64_t v = l.store->findMmsi(mmsi);
    QVERIFY(v >= 0);
    QCOMPARE(l.store->vesselPositionEnd(size_t(v)) - l.store->vesselPositionBegin(size_t(v)), 1u);
    const size_t p = l.store->vesselPositionBegin(size_t(v));
    QCOMPARE(l.store->sourceRow(p), line + 1);
    QCOMPARE(l.store->timeMs(p), kZdaMs);
    // The store keeps degrees * 1e7: half a unit of rounding on top of gpsd's.
    QVERIFY2(std::abs(l.store->lat(p) - lat) <= tolerance + 1e-7,
             qPrintable(QString::number(l.store->lat(p), 'f', 8)));
    QVERIFY2(std::abs(l.store->lon(p) - lon) <= tolerance + 1e-7,
             qPrintable(QString::number(l.store->lon(p), 'f', 8)));
    QVERIFY2(sameFloat(l.store->sog(p), speed, 1e-4), qPrintable(QString::number(l.store->sog(p))));
    QVERIFY2(sameFloat(l.store->cog(p), course, 1e-4),
             qPrintable(QString::number(l.store->cog(p))));
    QVERIFY2(sameFloat(l.store->heading(p), heading, 1e-4),
             qPrintable(QString::number(l.store->heading(p))));
}

void TestNmea::gpsdIdentities_data()
{
    QTest::addColumn<uint>("mmsi");
    QTest::addColumn<QString>("imo");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("callSign");
    QTest::addColumn<int>("shipType");
    QTest::addColumn<double>("length"); // to_bow + to_stern
    QTest::addColumn<double>("width"); // to_port + to_starboard
    QTest::addColumn<uint>("reports");
    QTest::newRow("type 5") << 351759000u << "9134270"
                            << "EVER DIADEM"
                            << "3FOF8" << 70 << 295.0 << 32.0 << 1u;
    QTest::newRow("type 5 interleaved, twice, IMO 0") << 271010059u << ""
                                                      << "HEALTH CONTROL 13"
                                                      << "TCA2350" << 55 << 16.0 << 4.0 << 2u;
    QTest::newRow("type 19") << 367059850u << ""
                             << "CAPT.J.RIMES"
                             << "" << 70 << 26.0 << 8.0 << 1u;
    QTest::newRow("type 24 A + B") << 271041815u << ""
                                   << "PROGUY"
                                   << "TC6163" << 60 << 15.0 << 5.0 << 1u;
    QTest::newRow("type 24 A + B, pleasure craft") << 271040660u << ""
                                                   << "GOZDEM-1"
                                                   << "YM5504" << 37 << 24.0 << 6.0 << 1u;
}

void TestNmea::gpsdIdentities()
{
    QFETCH(uint, mmsi);
    QFETCH(QString, imo);
    QFETCH(QString, name);
    QFETCH(QString, callSign);
    QFETCH(int, shipType);
    QFETCH(double, length);
    QFETCH(double, width);
    QFETCH(uint, reports);
    const Loaded l = load(sum("$GPZDA,120000.00,15,05,2010,00,00") + "\n" + fixture());
    const int64_t v = l.store->findMmsi(mmsi);
    QVERIFY(v >= 0);
    const auto &history = l.store->identityHistory(size_t(v));
    QCOMPARE(history.size(), size_t(1)); // 24 A and B make one identity, not two halves
    const VesselIdentity &id = history.front().identity;
    QCOMPARE(QString::fromStdString(id.imo), imo);
    QCOMPARE(QString::fromStdString(id.name), name);
    QCOMPARE(QString::fromStdString(id.callSign), callSign);
    QCOMPARE(id.shipType, shipType);
    QCOMPARE(history.front().reports, reports);
    QCOMPARE(history.front().firstMs, kZdaMs);
    QCOMPARE(double(l.store->length(size_t(v))), length);
    QCOMPARE(double(l.store->width(size_t(v))), width);
}

void TestNmea::gpsdAccount()
{
    const Loaded l = load(sum("$GPZDA,120000.00,15,05,2010,00,00") + "\n" + fixture());
    QVERIFY(l.finished);
    QCOMPARE(l.store->positionCount(), size_t(11));
    // 11 positions + 3 type 5 + 4 type 24 loaded; the line without '!' rejected.
    QCOMPARE(l.report.loaded, int64_t(18));
    QCOMPARE(l.report.records, int64_t(19));
    QCOMPARE(l.report.rejections.size(), size_t(1));
    QCOMPARE(l.report.rejections[0].row, 18u);
    QCOMPARE(l.report.rejections[0].reason,
             QStringLiteral("not an NMEA sentence (starts with 'A', not '!', '$' or a tag block)"));
    QCOMPARE(l.counts.read, int64_t(24));
    QCOMPARE(l.counts.ais, int64_t(22));
    QCOMPARE(l.counts.other, int64_t(1));
    QCOMPARE(l.counts.badChecksum, int64_t(0));
    QVERIFY2(l.report.notes.join('\n').contains(QStringLiteral("type 4 ×1")),
             qPrintable(l.report.notes.join('\n')));
    QVERIFY(l.report.notes.join('\n').contains(QStringLiteral("1 comment lines")));
}

void TestNmea::gpsdDimensions()
{
    // gpsd: to_bow 225, to_stern 70, to_port 1, to_starboard 31; imo 9134270.
    nmea::AisMessage m;
    QCOMPARE(nmea::decodePayload("55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8"
                                 "88888888880",
                                 2, m),
             nmea::DecodeStatus::Ok);
    QCOMPARE(m.type, 5);
    QCOMPARE(m.mmsi, 351759000u);
    QCOMPARE(m.toBow, 225);
    QCOMPARE(m.toStern, 70);
    QCOMPARE(m.toPort, 1);
    QCOMPARE(m.toStarboard, 31);
    QCOMPARE(m.imo, std::string("9134270"));
    // Type 3 of gpsd's sample: status 5 "Moored".
    QCOMPARE(nmea::decodePayload("38Id705000rRVJhE7cl9n;160000", 0, m), nmea::DecodeStatus::Ok);
    QCOMPARE(m.status, 5);
    // Type 27: status 3, repeat 1.
    QCOMPARE(nmea::decodePayload("KCQ9r=hrFUnH7P00", 0, m), nmea::DecodeStatus::Ok);
    QCOMPARE(m.status, 3);
    QCOMPARE(m.repeat, 1);
    // Type 4 is read as "another type", nothing more.
    QCOMPARE(nmea::decodePayload("403OviQuMGCqWrRO9>E6fE700@GO", 0, m),
             nmea::DecodeStatus::OtherType);
    QCOMPARE(m.type, 4);
}

void TestNmea::auxiliaryCraft()
{
    // Type 24 B of an auxiliary craft (98xxxxxxx): the dimension bits are the mother ship.
    BitWriter w;
    w.u(24, 6);
    w.u(0, 2);
    w.u(981234567, 30);
    w.u(1, 2); // part B
    w.u(52, 8); // tug
    w.text("ABC", 7); // vendor id (42 bits)
    w.text("TENDER1", 7);
    w.u(235000001, 30); // mother ship
    w.u(0, 6);
    int fill = 0;
    nmea::AisMessage m;
    QCOMPARE(nmea::decodePayload(nmea::armour(w.bits, &fill), fill, m), nmea::DecodeStatus::Ok);
    QCOMPARE(m.part, 1);
    QCOMPARE(m.shipType, 52);
    QCOMPARE(m.callSign, std::string("TENDER1"));
    QCOMPARE(m.motherShip, 235000001u);
    QVERIFY(std::isnan(m.length()));
    QVERIFY(std::isnan(m.width()));
    // The same bits from an ordinary MMSI are dimensions.
    BitWriter mmsi;
    mmsi.u(235000002, 30);
    w.bits.replace(8, 30, mmsi.bits);
    QCOMPARE(nmea::decodePayload(nmea::armour(w.bits, &fill), fill, m), nmea::DecodeStatus::Ok);
    QCOMPARE(m.motherShip, 0u);
    QVERIFY(!std::isnan(m.length()));
}

void TestNmea::textPadding()
{
    BitWriter w;
    w.u(24, 6);
    w.u(0, 2);
    w.u(235000001, 30);
    w.u(0, 2); // part A
    w.text("  SEA STAR   @@@@", 20); // blanks and '@' padding
    int fill = 0;
    nmea::AisMessage m;
    QCOMPARE(nmea::decodePayload(nmea::armour(w.bits, &fill), fill, m), nmea::DecodeStatus::Ok);
    QCOMPARE(m.name, std::string("SEA STAR"));
    // Text after the first '@' is padding too (gpsd stops there).
    w.bits.resize(40);
    w.text("NAME@JUNK", 20);
    QCOMPARE(nmea::decodePayload(nmea::armour(w.bits, &fill), fill, m), nmea::DecodeStatus::Ok);
    QCOMPARE(m.name, std::string("NAME"));
    w.bits.resize(40);
    w.text("", 20); // all '@': no name
    QCOMPARE(nmea::decodePayload(nmea::armour(w.bits, &fill), fill, m), nmea::DecodeStatus::Ok);
    QCOMPARE(m.name, std::string());
}

void TestNmea::notAvailableValues()
{
    int fill = 0;
    nmea::AisMessage m;
    QCOMPARE(nmea::decodePayload(type1(235000001, 91, 181, 1023, 3600, 511, &fill), fill, m),
             nmea::DecodeStatus::Ok);
    QVERIFY(m.hasPosition && !m.positionAvailable());
    QVERIFY(std::isnan(m.sog));
    QVERIFY(std::isnan(m.cog));
    QVERIFY(std::isnan(m.heading));
    // 102.2 knots, 359.9 degrees and heading 359 are values.
    QCOMPARE(nmea::decodePayload(type1(235000001, 10, 20, 1022, 3599, 359, &fill), fill, m),
             nmea::DecodeStatus::Ok);
    QVERIFY(m.positionAvailable());
    QCOMPARE(m.sog, 102.2f);
    QCOMPARE(m.cog, 359.9f);
    QCOMPARE(m.heading, 359.0f);
    // Only one of the two "not available" values is enough.
    QCOMPARE(nmea::decodePayload(type1(235000001, 91, 20, 1, 1, 1, &fill), fill, m),
             nmea::DecodeStatus::Ok);
    QVERIFY(!m.positionAvailable());
}

void TestNmea::badPayloads()
{
    nmea::AisMessage m;
    std::string why;
    QCOMPARE(nmea::decodePayload("15RTgt0PAso;90TKcjM8h6g2x8CQ", 0, m, &why),
             nmea::DecodeStatus::Error);
    QCOMPARE(why, std::string("bad payload character 'x'"));
    QCOMPARE(nmea::decodePayload("15RTgt0PAso;90TKc", 0, m, &why), nmea::DecodeStatus::Error);
    QCOMPARE(why, std::string("message type 1 too short (102 bits, needs 137)"));
    QCOMPARE(nmea::decodePayload("", 0, m, &why), nmea::DecodeStatus::Error);
    QCOMPARE(nmea::decodePayload("1", 6, m, &why), nmea::DecodeStatus::Error);
    QCOMPARE(why, std::string("bad fill bits 6"));
}

void TestNmea::bruteForcePositions()
{
    QRandomGenerator rng(16);
    for (int i = 0; i < 20000; ++i) {
        const int types[] = {1, 2, 3, 18, 19, 27};
        const int type = types[rng.bounded(6)];
        const uint32_t mmsi = rng.bounded(1u << 30);
        BitWriter w;
        w.u(type, 6);
        w.u(rng.bounded(4), 2);
        w.u(mmsi, 30);
        const bool longRange = type == 27;
        const int lonBits = longRange ? 18 : 28, latBits = longRange ? 17 : 27;
        const int64_t lonRaw = int64_t(rng.bounded(1u << lonBits)) - (int64_t(1) << (lonBits - 1));
        const int64_t latRaw = int64_t(rng.bounded(1u << latBits)) - (int64_t(1) << (latBits - 1));
        const uint32_t sog = rng.bounded(longRange ? 64u : 1024u);
        const uint32_t cog = rng.bounded(longRange ? 512u : 4096u);
        const uint32_t heading = rng.bounded(512u);
        const uint32_t status = rng.bounded(16u);
        if (type <= 3) {
            w.u(status, 4);
            w.u(rng.bounded(256u), 8);
            w.u(sog, 10);
            w.u(0, 1);
            w.s(lonRaw, 28);
            w.s(latRaw, 27);
            w.u(cog, 12);
            w.u(heading, 9);
            w.u(0, 31);
        } else if (type == 18 || type == 19) {
            w.u(0, 8);
            w.u(sog, 10);
            w.u(0, 1);
            w.s(lonRaw, 28);
            w.s(latRaw, 27);
            w.u(cog, 12);
            w.u(heading, 9);
            w.u(0, 6 + 4);
            if (type == 19) {
                w.text("BRUTE FORCE", 20);
                w.u(30, 8);
                w.u(10, 9);
                w.u(20, 9);
                w.u(3, 6);
                w.u(4, 6);
                w.u(0, 11);
            } else {
                w.u(0, 35);
            }
        } else {
            w.u(0, 2);
            w.u(status, 4);
            w.s(lonRaw, 18);
            w.s(latRaw, 17);
            w.u(sog, 6);
            w.u(cog, 9);
            w.u(0, 2);
        }
        int fill = 0;
        const std::string payload = nmea::armour(w.bits, &fill);
        nmea::AisMessage m;
        QCOMPARE(nmea::decodePayload(payload, fill, m), nmea::DecodeStatus::Ok);
        QCOMPARE(m.type, type);
        QCOMPARE(m.mmsi, mmsi);
        const double scale = longRange ? 600.0 : 600000.0;
        QCOMPARE(m.lat, double(latRaw) / scale);
        QCOMPARE(m.lon, double(lonRaw) / scale);
        const float expectSog =
            longRange ? (sog == 63 ? NAN : float(sog)) : (sog == 1023 ? NAN : float(sog) * 0.1f);
        const float expectCog =
            longRange ? (cog >= 360 ? NAN : float(cog)) : (cog >= 3600 ? NAN : float(cog) * 0.1f);
        const float expectHeading = longRange || heading >= 360 ? NAN : float(heading);
        QVERIFY(sameFloat(m.sog, double(expectSog), 0));
        QVERIFY(sameFloat(m.cog, double(expectCog), 0));
        QVERIFY(sameFloat(m.heading, double(expectHeading), 0));
        QCOMPARE(m.status, type <= 3 || longRange ? int(status) : -1);
        if (type == 19) {
            QCOMPARE(m.name, std::string("BRUTE FORCE"));
            QCOMPARE(m.length(), 30.0f);
            QCOMPARE(m.width(), 7.0f);
        }
    }
}

void TestNmea::bruteForceStatic()
{
    QRandomGenerator rng(5);
    const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.";
    auto word = [&](int max) {
        std::string s;
        const int n = int(rng.bounded(max + 1));
        for (int i = 0; i < n; ++i)
            s += alphabet[rng.bounded(int(sizeof alphabet - 1))];
        const size_t a = s.find_first_not_of(' ');
        return a == std::string::npos ? std::string()
                                      : s.substr(a, s.find_last_not_of(' ') - a + 1);
    };
    for (int i = 0; i < 5000; ++i) {
        const uint32_t mmsi = 100000000 + rng.bounded(800000000u);
        const uint32_t imo = rng.bounded(10000000u);
        const std::string callSign = word(7), name = word(20);
        const uint32_t shipType = rng.bounded(256u);
        const uint32_t bow = rng.bounded(512u), stern = rng.bounded(512u);
        const uint32_t port = rng.bounded(64u), starboard = rng.bounded(64u);
        BitWriter w;
        w.u(5, 6);
        w.u(0, 2);
        w.u(mmsi, 30);
        w.u(0, 2);
        w.u(imo, 30);
        w.text(callSign, 7);
        w.text(name, 20);
        w.u(shipType, 8);
        w.u(bow, 9);
        w.u(stern, 9);
        w.u(port, 6);
        w.u(starboard, 6);
        w.u(0, 424 - 270);
        int fill = 0;
        nmea::AisMessage m;
        QCOMPARE(nmea::decodePayload(nmea::armour(w.bits, &fill), fill, m), nmea::DecodeStatus::Ok);
        QCOMPARE(m.mmsi, mmsi);
        QCOMPARE(m.imo, imo == 0 ? std::string() : std::to_string(imo));
        QCOMPARE(m.callSign, callSign);
        QCOMPARE(m.name, name);
        QCOMPARE(m.shipType, shipType >= 1 && shipType <= 99 ? int(shipType) : -1);
        QVERIFY(sameFloat(m.length(), bow + stern > 0 ? double(bow + stern) : NAN, 0));
        QVERIFY(sameFloat(m.width(), port + starboard > 0 ? double(port + starboard) : NAN, 0));
    }
}

void TestNmea::looksLikeNmea()
{
    QVERIFY(nmea::looksLikeNmea("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n"));
    QVERIFY(nmea::looksLikeNmea("# comment\n\n\\s:x,c:1*00\\!AIVDM,1,1,,A,1,0*00\n"));
    QVERIFY(nmea::looksLikeNmea("\xEF\xBB\xBF$GPRMC,000000,A,,,,,,,010120,,*00\r\n"));
    QVERIFY(!nmea::looksLikeNmea("# Timestamp,Type of mobile,MMSI\n01/01/2024,Class A,1\n"));
    QVERIFY(!nmea::looksLikeNmea("MMSI,BaseDateTime,LAT,LON\n"));
    QVERIFY(!nmea::looksLikeNmea(""));
}

QTEST_GUILESS_MAIN(TestNmea)
#include "tst_nmea.moc"

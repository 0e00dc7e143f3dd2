// NMEA logs line by line: checksums, multi-part reassembly, the three time sources and
// their order, rejections, sentence counts.
#include "ais/nmealog.h"
#include "nmeatesthelpers.h"

#include <QFile>
#include <QTest>

#include <atomic>

using namespace nmeatest;

namespace {
// Two fragments of gpsd's type 5 for 351759000 (sequence 1, channel A).
const std::string kPart1 = "55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8";
const std::string kPart2 = "88888888880";
std::string fragment(int number, const std::string &seq, const std::string &channel)
{
    return sum("!AIVDM,2," + std::to_string(number) + "," + seq + "," + channel + ","
               + (number == 1 ? kPart1 : kPart2) + "," + (number == 1 ? "0" : "2"));
}
const std::string kTag = tag("s:rORBCOMM,c:1241544035"); // 2009-05-05 17:20:35 UTC
constexpr int64_t kTagMs = 1241544035000LL;
constexpr uint32_t kMmsi = 235000001;

int64_t onlyTime(const Loaded &l)
{
    return l.store->positionCount() == 1 ? l.store->timeMs(0) : -1;
}
} // namespace

class TestNmeaLog : public QObject
{
    Q_OBJECT
private slots:
    void checksumMismatch();
    void tagBlockChecksum();
    void notASentence();
    void malformedVdm();
    void missingSecondPart();
    void endOfLog();
    void strayFragment();
    void interleavedMessages();
    void tagBlockTime();
    void loggerTime();
    void clockSentences();
    void precedence();
    void multipartTakesFirstFragmentTime();
    void acrossMidnight();
    void noTime();
    void otherSentencesCounted();
    void positionNotAvailable();
    void outOfRangeAndBadMmsi();
    void crlfLines();
    void classBHalves();
    void cancel();
    void fuzzSeed();
};

void TestNmeaLog::checksumMismatch()
{
    const Loaded l = load(kTag + "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B\n" + kTag
                          + "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n");
    QCOMPARE(l.counts.badChecksum, int64_t(1));
    QCOMPARE(l.counts.ais, int64_t(1));
    QCOMPARE(l.counts.read, int64_t(2));
    QCOMPARE(l.report.rejections.size(), size_t(1));
    QCOMPARE(rejection(l, 1), QStringLiteral("checksum mismatch (expected 4A, got 4B)"));
    QCOMPARE(l.report.loaded, int64_t(1));
    QCOMPARE(l.report.records, int64_t(2));
    // Other sentences are checksummed too.
    const Loaded g = load("$GPGGA,1*00\n");
    QCOMPARE(g.counts.badChecksum, int64_t(1));
    QCOMPARE(rejection(g, 1), QStringLiteral("checksum mismatch (expected 4B, got 00)"));
}

void TestNmeaLog::tagBlockChecksum()
{
    const Loaded l = load("\\s:rORBCOMM,c:1241544035*00\\" + vdm(kMmsi, 1, 2) + "\n");
    QCOMPARE(l.counts.badChecksum, int64_t(1));
    QCOMPARE(rejection(l, 1), QStringLiteral("tag block checksum mismatch (expected 18, got 00)"));
    QCOMPARE(l.report.loaded, int64_t(0));
    const Loaded t = load(tag("c:12x") + vdm(kMmsi, 1, 2) + "\n");
    QCOMPARE(rejection(t, 1), QStringLiteral("tag block time c:12x is not Unix seconds"));
}

void TestNmeaLog::notASentence()
{
    const Loaded l = load("hello world\n" + kTag + "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0\n"
                          + "# a comment\n\n   \n");
    QCOMPARE(l.report.records, int64_t(2));
    QCOMPARE(rejection(l, 1),
             QStringLiteral("not an NMEA sentence (starts with 'h', not '!', '$' or a tag block)"));
    QCOMPARE(rejection(l, 2), QStringLiteral("no checksum (*hh)"));
    QCOMPARE(l.counts.read, int64_t(2)); // the comment and blank lines are not sentences
}

void TestNmeaLog::malformedVdm()
{
    const Loaded l = load(kTag + sum("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ") + "\n" + kTag
                          + sum("!AIVDM,1,2,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0") + "\n" + kTag
                          + sum("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,7") + "\n" + kTag
                          + sum("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g2x8CQ,0") + "\n");
    QCOMPARE(l.report.rejections.size(), size_t(4));
    QCOMPARE(rejection(l, 1), QStringLiteral("malformed !AIVDM (5 fields, expected 6)"));
    QCOMPARE(rejection(l, 2), QStringLiteral("malformed !AIVDM (fragment '2' of '1')"));
    QCOMPARE(rejection(l, 3), QStringLiteral("malformed !AIVDM (fill bits '7')"));
    QCOMPARE(rejection(l, 4), QStringLiteral("bad payload character 'x'"));
}

void TestNmeaLog::missingSecondPart()
{
    // Fragment 1 twice on the same sequence and channel: the first message never ended.
    const Loaded l = load(kTag + fragment(1, "1", "A") + "\n" + kTag + fragment(1, "1", "A") + "\n"
                          + fragment(2, "1", "A") + "\n");
    QCOMPARE(l.report.records, int64_t(2));
    QCOMPARE(l.report.loaded, int64_t(1));
    QCOMPARE(rejection(l, 1),
             QStringLiteral("incomplete multi-part message (line 1: 1 of 2 fragments, sequence 1, "
                            "channel A): restarted at line 2"));
    QCOMPARE(l.store->identityHistory(0).front().identity.name, std::string("EVER DIADEM"));
}

void TestNmeaLog::endOfLog()
{
    const Loaded l =
        load(kTag + sum("!AIVDM,3,1,7,B,85Mwp=iKfGwushJ?gNlt2QU3osVGe:4?cNhQqf2VH8t,0") + "\n"
             + sum("!AIVDM,3,2,7,B,?A;J6b7AwuiqIGLeNiKCPDR7HQR<u;TTFufegr>kCSF,0") + "\n");
    QCOMPARE(l.report.records, int64_t(1));
    QCOMPARE(l.report.rejections.size(), size_t(1));
    QCOMPARE(rejection(l, 1),
             QStringLiteral("incomplete multi-part message (lines 1, 2: 2 of 3 fragments, "
                            "sequence 7, channel B): the log ends before fragment 3"));
}

void TestNmeaLog::strayFragment()
{
    // A second fragment with no first, then a first interrupted by a third.
    const Loaded l =
        load(kTag + fragment(2, "3", "A") + "\n" + kTag + sum("!AIVDM,3,1,4,A," + kPart1 + ",0")
             + "\n" + sum("!AIVDM,3,3,4,A," + kPart2 + ",2") + "\n");
    QCOMPARE(l.report.records, int64_t(3));
    QCOMPARE(l.report.loaded, int64_t(0));
    QCOMPARE(rejection(l, 1),
             QStringLiteral("fragment 2 of 2 without the fragments before it (sequence 3, "
                            "channel A)"));
    QCOMPARE(rejection(l, 2),
             QStringLiteral("incomplete multi-part message (line 2: 1 of 3 fragments, sequence 4, "
                            "channel A): line 3 is fragment 3 of 3"));
    QCOMPARE(rejection(l, 3),
             QStringLiteral("fragment 3 of 3 without the fragments before it (sequence 4, "
                            "channel A)"));
}

void TestNmeaLog::interleavedMessages()
{
    // Same sequence id on two channels, and two sequence ids on one channel, interleaved.
    const Loaded l = load(kTag + fragment(1, "1", "A") + "\n" + kTag + fragment(1, "1", "B") + "\n"
                          + kTag + fragment(1, "2", "A") + "\n" + fragment(2, "1", "B") + "\n"
                          + fragment(2, "2", "A") + "\n" + fragment(2, "1", "A") + "\n");
    QVERIFY2(l.report.rejections.empty(), qPrintable(rejection(l, 1)));
    QCOMPARE(l.report.loaded, int64_t(3));
    QCOMPARE(l.store->identityHistory(0).front().reports, 3u);
}

void TestNmeaLog::tagBlockTime()
{
    QCOMPARE(onlyTime(load(kTag + vdm(kMmsi, 1, 2) + "\n")), kTagMs);
    // Milliseconds when 13 digits.
    QCOMPARE(onlyTime(load(tag("c:1241544035123,s:x") + vdm(kMmsi, 1, 2) + "\n")), kTagMs + 123);
}

void TestNmeaLog::loggerTime()
{
    QCOMPARE(onlyTime(load(vdm(kMmsi, 1, 2) + ",b003669970,1272412824\n")), 1272412824000LL);
    QCOMPARE(onlyTime(load(vdm(kMmsi, 1, 2) + ",1272412824\n")), 1272412824000LL);
    // gpsd's sample: receiver fields, then the time last.
    QCOMPARE(onlyTime(load(vdm(kMmsi, 1, 2)
                           + ",s28089,d-103,T39.44353985,x147521,r08TPHI1,"
                             "1242958962\n")),
             1242958962000LL);
    // A last field that is not a Unix time is no time.
    const Loaded l = load(vdm(kMmsi, 1, 2) + ",b003669970\n");
    QCOMPARE(l.report.loaded, int64_t(0));
}

void TestNmeaLog::clockSentences()
{
    const std::string rmc =
        sum("$GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W") + "\n";
    const std::string zda = sum("$GPZDA,201530.00,04,07,2002,00,00") + "\n";
    QCOMPARE(onlyTime(load(rmc + vdm(kMmsi, 1, 2) + "\n")), 764426119000LL);
    QCOMPARE(onlyTime(load(zda + vdm(kMmsi, 1, 2) + "\n")), 1025813730000LL);
    // The latest one counts, whichever kind, and any talker.
    QCOMPARE(onlyTime(load(rmc + zda + vdm(kMmsi, 1, 2) + "\n")), 1025813730000LL);
    const std::string gnRmc =
        sum("$GNRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W") + "\n";
    QCOMPARE(onlyTime(load(zda + gnRmc + vdm(kMmsi, 1, 2) + "\n")), 764426119000LL);
}

void TestNmeaLog::precedence()
{
    const std::string rmc =
        sum("$GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W") + "\n";
    // Tag block over logger time over RMC.
    QCOMPARE(onlyTime(load(rmc + kTag + vdm(kMmsi, 1, 2) + ",1272412824\n")), kTagMs);
    QCOMPARE(onlyTime(load(rmc + vdm(kMmsi, 1, 2) + ",1272412824\n")), 1272412824000LL);
    // A tag block without c: does not hide the other sources.
    QCOMPARE(onlyTime(load(rmc + tag("s:x") + vdm(kMmsi, 1, 2) + "\n")), 764426119000LL);
    QCOMPARE(onlyTime(load(tag("s:x") + vdm(kMmsi, 1, 2) + ",1272412824\n")), 1272412824000LL);
}

void TestNmeaLog::multipartTakesFirstFragmentTime()
{
    const Loaded l = load(tag("c:1000000000") + fragment(1, "1", "A") + "\n" + tag("c:1000000060")
                          + fragment(2, "1", "A") + "\n");
    QCOMPARE(l.report.loaded, int64_t(1));
    QCOMPARE(l.store->identityHistory(0).front().firstMs, 1000000000000LL);
    // No time on the first fragment: none, whatever the second says.
    const Loaded n =
        load(fragment(1, "1", "A") + "\n" + tag("c:1000000060") + fragment(2, "1", "A") + "\n");
    QCOMPARE(n.report.loaded, int64_t(0));
    QCOMPARE(n.report.rejections.size(), size_t(1));
    QCOMPARE(n.report.rejections[0].row, 1u);
}

void TestNmeaLog::acrossMidnight()
{
    const std::string msg = vdm(kMmsi, 1, 2) + "\n";
    auto times = [](const Loaded &l) {
        std::vector<int64_t> t;
        for (size_t p = 0; p < l.store->positionCount(); ++p)
            t.push_back(l.store->timeMs(p));
        return t;
    };
    // Dated RMCs on both sides of midnight.
    const Loaded a = load(sum("$GPRMC,235959.00,A,,,,,,,311219,,") + "\n" + msg
                          + sum("$GPRMC,000000.00,A,,,,,,,010120,,") + "\n" + msg);
    QCOMPARE(times(a), (std::vector<int64_t> {1577836799000LL, 1577836800000LL}));
    // An RMC without a date after midnight: the next day, not the same one.
    const Loaded b = load(sum("$GPRMC,235959.00,A,,,,,,,311219,,") + "\n" + msg
                          + sum("$GPRMC,000010.00,A,,,,,,,,,") + "\n" + msg);
    QCOMPARE(times(b), (std::vector<int64_t> {1577836799000LL, 1577836810000LL}));
    // ZDA likewise.
    const Loaded c = load(sum("$GPZDA,235959.00,31,12,2019,00,00") + "\n" + msg
                          + sum("$GPZDA,000000.00,01,01,2020,00,00") + "\n" + msg);
    QCOMPARE(times(c), (std::vector<int64_t> {1577836799000LL, 1577836800000LL}));
    // A time of day alone, with no date ever seen, is no time.
    const Loaded d = load(sum("$GPRMC,000010.00,A,,,,,,,,,") + "\n" + msg);
    QCOMPARE(d.report.loaded, int64_t(0));
}

void TestNmeaLog::noTime()
{
    const Loaded l = load(vdm(kMmsi, 1, 2) + "\n");
    QCOMPARE(l.report.records, int64_t(1));
    QCOMPARE(rejection(l, 1),
             QStringLiteral("no time: no tag block, no logger timestamp and no RMC/ZDA before it"));
    // An RMC after the message does not count.
    const Loaded m =
        load(vdm(kMmsi, 1, 2) + "\n" + sum("$GPZDA,201530.00,04,07,2002,00,00") + "\n");
    QCOMPARE(m.report.loaded, int64_t(0));
}

void TestNmeaLog::otherSentencesCounted()
{
    const Loaded l = load(sum("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")
                          + "\n" + sum("$GPGGA,1") + "\n" + sum("$PSTMX,1") + "\n" + sum("!AIALR,1")
                          + "\n" + kTag + vdm(kMmsi, 1, 2) + "\n");
    QCOMPARE(l.counts.read, int64_t(5));
    QCOMPARE(l.counts.other, int64_t(4));
    QCOMPARE(l.counts.ais, int64_t(1));
    QCOMPARE(l.report.records, int64_t(1));
    QCOMPARE(l.report.loaded, int64_t(1));
    QVERIFY2(l.report.notes.join('\n').contains(
                 QStringLiteral("other sentences skipped: AIALR ×1, GPGGA ×2, PSTMX ×1")),
             qPrintable(l.report.notes.join('\n')));
}

void TestNmeaLog::positionNotAvailable()
{
    const Loaded l = load(kTag + vdm(kMmsi, 91, 181) + "\n" + kTag + vdm(kMmsi, 91, 20) + "\n"
                          + kTag + vdm(kMmsi, 10, 181) + "\n");
    QCOMPARE(l.report.rejections.size(), size_t(3));
    for (uint32_t row = 1; row <= 3; ++row)
        QCOMPARE(rejection(l, row), QStringLiteral("position not available (91/181)"));
    QCOMPARE(l.store->positionCount(), size_t(0));
}

void TestNmeaLog::outOfRangeAndBadMmsi()
{
    const Loaded l =
        load(kTag + vdm(kMmsi, 95, 20) + "\n" + kTag + vdm(kMmsi, 10, -185) + "\n" + kTag
             + vdm(2442101, 10, 20) + "\n" + kTag + vdm(kMmsi, -90, 180) + "\n");
    QCOMPARE(rejection(l, 1),
             QStringLiteral("position out of range (lat 95.000000, lon 20.000000)"));
    QCOMPARE(rejection(l, 2),
             QStringLiteral("position out of range (lat 10.000000, lon -185.000000)"));
    QCOMPARE(rejection(l, 3), QStringLiteral("bad MMSI (2442101: not 9 digits)"));
    QCOMPARE(l.report.loaded, int64_t(1)); // the poles and the antimeridian are positions
}

void TestNmeaLog::crlfLines()
{
    const Loaded l = load(sum("$GPZDA,201530.00,04,07,2002,00,00") + "\r\n" + vdm(kMmsi, 1, 2)
                          + "\r\n" + vdm(kMmsi, 1, 3) + ",1272412824\r\n# comment\r\n\r\n" + kTag
                          + fragment(1, "1", "A") + "\r\n" + fragment(2, "1", "A") + "\r\n");
    QVERIFY2(l.report.rejections.empty(), qPrintable(rejection(l, 2)));
    QCOMPARE(l.report.loaded, int64_t(3));
    QCOMPARE(l.store->positionCount(), size_t(2));
    QCOMPARE(l.store->timeMs(0), 1025813730000LL);
    QCOMPARE(l.store->timeMs(1), 1272412824000LL); // the logger's time, not the ZDA's
    QCOMPARE(l.counts.read, int64_t(5));
}

void TestNmeaLog::classBHalves()
{
    // Part A alone, never a part B: the name is still the vessel's identity.
    const Loaded a = load(kTag + sum("!AIVDM,1,1,,A,H42O55i18tMET00000000000000,2") + "\n");
    QCOMPARE(a.report.loaded, int64_t(1));
    const int64_t v = a.store->findMmsi(271041815);
    QVERIFY(v >= 0);
    QCOMPARE(a.store->identityHistory(size_t(v)).size(), size_t(1));
    QCOMPARE(a.store->identityHistory(size_t(v)).front().identity.name, std::string("PROGUY"));
    QCOMPARE(a.store->identityHistory(size_t(v)).front().identity.shipType, -1);
    // B, then A: one identity when both are there.
    const Loaded b = load(kTag + sum("!AIVDM,1,1,,A,H42O55lti4hhhilD3nink000?050,0") + "\n" + kTag
                          + sum("!AIVDM,1,1,,A,H42O55i18tMET00000000000000,2") + "\n");
    QCOMPARE(b.store->identityHistory(0).size(), size_t(1));
    QCOMPARE(b.store->identityHistory(0).front().identity.callSign, std::string("TC6163"));
    QCOMPARE(b.store->identityHistory(0).front().identity.name, std::string("PROGUY"));
    // A type 19, then a new name in a type 24 A: both identities, in order.
    BitWriter w;
    w.u(24, 6);
    w.u(0, 2);
    w.u(367059850, 30);
    w.u(0, 2);
    w.text("NEW NAME", 20);
    int fill = 0;
    const std::string partA = nmea::armour(w.bits, &fill);
    const Loaded c = load(
        kTag + sum("!AIVDM,1,1,,B,C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220,0") + "\n"
        + tag("c:1241544099") + sum("!AIVDM,1,1,,B," + partA + "," + std::to_string(fill)) + "\n");
    const auto &history = c.store->identityHistory(0);
    QCOMPARE(history.size(), size_t(2));
    QCOMPARE(history[0].identity.name, std::string("CAPT.J.RIMES"));
    QCOMPARE(history[1].identity.name, std::string("NEW NAME"));
    QCOMPARE(history[1].identity.shipType, 70); // kept from the type 19
    QCOMPARE(history[1].firstMs, 1241544099000LL);
}

void TestNmeaLog::cancel()
{
    std::string text;
    for (int i = 0; i < 10000; ++i)
        text += kTag + vdm(kMmsi, 1, 2) + "\n";
    std::atomic_bool cancelled {true};
    LoadOptions options;
    options.cancel = &cancelled;
    const Loaded l = load(text, options);
    QVERIFY(!l.finished);
    QCOMPARE(l.report.error, QStringLiteral("cancelled"));
    // Not cancelled: progress reaches 1.
    double last = 0;
    LoadOptions progress;
    progress.progress = [&](double f) { last = f; };
    const Loaded m = load(text, progress);
    QVERIFY(m.finished);
    QCOMPARE(last, 1.0);
    QCOMPARE(m.report.loaded, int64_t(10000));
}

void TestNmeaLog::fuzzSeed()
{
    // The fuzzer's hand-written seed, every source of time in one CRLF log.
    QFile f(QStringLiteral(RENDEZVOUS_TEST_DATA "/ais/time_sources.nmea"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const Loaded l = load(f.readAll().toStdString());
    QCOMPARE(l.counts.read, int64_t(14));
    QCOMPARE(l.counts.ais, int64_t(10));
    QCOMPARE(l.counts.other, int64_t(3));
    QCOMPARE(l.counts.badChecksum, int64_t(1));
    QCOMPARE(l.report.loaded, int64_t(8));
    QCOMPARE(l.report.records, int64_t(10));
    QCOMPARE(rejection(l, 13), QStringLiteral("checksum mismatch (expected 4A, got 40)"));
    QVERIFY(rejection(l, 14).endsWith(QStringLiteral("the log ends before fragment 2")));
    // ZDA before midnight, then an RMC without a date after it.
    const int64_t v = l.store->findMmsi(371798000);
    QVERIFY(v >= 0);
    QCOMPARE(l.store->timeMs(l.store->vesselPositionBegin(size_t(v))), 1577836799000LL);
    const int64_t w = l.store->findMmsi(356302000);
    QVERIFY(w >= 0);
    QCOMPARE(l.store->timeMs(l.store->vesselPositionBegin(size_t(w))), 1577836810000LL);
    QCOMPARE(l.store->identityHistory(size_t(l.store->findMmsi(271041815))).front().firstMs,
             1241544037000LL);
}

QTEST_GUILESS_MAIN(TestNmeaLog)
#include "tst_nmealog.moc"

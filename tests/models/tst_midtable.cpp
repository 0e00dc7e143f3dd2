#include "tracks/midtable.h"

#include <QtTest>

#include <set>
#include <string>

namespace {
struct Known
{
    const char *mmsi;
    const char *iso2;
    const char *country;
};

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

void checkKnown(std::initializer_list<Known> known)
{
    for (const Known &k : known) {
        const mid::Flag f = mid::flagOf(std::string_view(k.mmsi));
        QVERIFY2(f.ok(), k.mmsi);
        QCOMPARE(f.kind, mid::Kind::Ship);
        QCOMPARE(text(f.iso2), QLatin1String(k.iso2));
        QCOMPARE(text(f.country), QString::fromUtf8(k.country));
    }
}
} // namespace

class TestMidTable : public QObject
{
    Q_OBJECT
private slots:
    void everyRowParses();
    void europe();
    void northAmerica();
    void asia();
    void oceania();
    void africa();
    void southAmerica();
    void unallocated();
    void malformed();
    void otherForms();
    void numericMmsi();
    void parserRejectsBadRows();
};

void TestMidTable::everyRowParses()
{
    const mid::ParseResult r = mid::parse(mid::embeddedCsv());
    QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join(QLatin1Char('\n'))));
    // Every data line is a row: nothing skipped silently.
    int dataLines = -1; // the header
    const std::string_view csv = mid::embeddedCsv();
    size_t pos = 0;
    while (pos < csv.size()) {
        size_t end = csv.find('\n', pos);
        if (end == std::string_view::npos)
            end = csv.size();
        const std::string_view line = csv.substr(pos, end - pos);
        if (!line.empty() && line.front() != '#')
            ++dataLines;
        pos = end + 1;
    }
    QCOMPARE(int(r.entries.size()), dataLines);
    QCOMPARE(int(mid::entries().size()), dataLines);
    QCOMPARE(dataLines, 292); // ITU's allocation, 2024
    std::set<int> mids;
    for (const mid::Entry &e : mid::entries()) {
        QVERIFY2(mids.insert(e.mid).second, qPrintable(QString::number(e.mid)));
        QCOMPARE(mid::lookup(e.mid), &e);
    }
    QCOMPARE(*mids.begin(), 201);
    QCOMPARE(*mids.rbegin(), 775);
}

void TestMidTable::europe()
{
    checkKnown({{"201123456", "AL", "Albania"},
                {"204000001", "PT", "Portugal (Azores)"},
                {"209123456", "CY", "Cyprus"},
                {"211000001", "DE", "Germany"},
                {"219000001", "DK", "Denmark"},
                {"229000001", "MT", "Malta"},
                {"232000001", "GB", "United Kingdom"},
                {"236000001", "GI", "Gibraltar"},
                {"241000001", "GR", "Greece"},
                {"244000001", "NL", "Netherlands"},
                {"257000001", "NO", "Norway"},
                {"271000001", "TR", "Türkiye"},
                {"273000001", "RU", "Russia"},
                {"279000001", "RS", "Serbia"}});
}

void TestMidTable::northAmerica()
{
    checkKnown({{"303000001", "US", "United States (Alaska)"},
                {"308000001", "BS", "Bahamas"},
                {"309000001", "BS", "Bahamas"},
                {"311000001", "BS", "Bahamas"}, // a known error of some copies
                {"316000001", "CA", "Canada"},
                {"334000001", "HN", "Honduras"},
                {"338000001", "US", "United States"},
                {"351000001", "PA", "Panama"},
                {"352000002", "PA", "Panama"},
                {"353000001", "PA", "Panama"},
                {"354000001", "PA", "Panama"},
                {"355000001", "PA", "Panama"}, // not Puerto Rico, as one copy has it
                {"356000001", "PA", "Panama"},
                {"357000001", "PA", "Panama"},
                {"358000001", "PR", "Puerto Rico"},
                {"366000001", "US", "United States"},
                {"370000001", "PA", "Panama"},
                {"374000001", "PA", "Panama"},
                {"376000001", "VC", "Saint Vincent and the Grenadines"},
                {"379000001", "VI", "US Virgin Islands"}});
}

void TestMidTable::asia()
{
    checkKnown({{"412440011", "CN", "China"},
                {"414000001", "CN", "China"},
                {"416001234", "TW", "Taiwan"},
                {"419000001", "IN", "India"},
                {"422000001", "IR", "Iran"},
                {"440000001", "KR", "South Korea"},
                {"445123000", "KP", "North Korea"},
                {"453000001", "MO", "Macao"},
                {"470000001", "AE", "United Arab Emirates"},
                {"471000001", "AE", "United Arab Emirates"},
                {"477000001", "HK", "Hong Kong"},
                {"478000001", "BA", "Bosnia and Herzegovina"}});
}

void TestMidTable::oceania()
{
    checkKnown({{"501000001", "TF", "French Southern Territories (Adélie Land)"},
                {"503000001", "AU", "Australia"},
                {"523000001", "CC", "Cocos (Keeling) Islands"},
                {"538000001", "MH", "Marshall Islands"},
                {"548000001", "PH", "Philippines"},
                {"559000001", "AS", "American Samoa"},
                {"561000001", "WS", "Samoa"},
                {"563000001", "SG", "Singapore"},
                {"566000001", "SG", "Singapore"},
                {"577000001", "VU", "Vanuatu"}});
}

void TestMidTable::africa()
{
    checkKnown({{"601000001", "ZA", "South Africa"},
                {"608000001", "SH", "Ascension Island"},
                {"613000001", "CM", "Cameroon"},
                {"615000001", "CG", "Congo"},
                {"630000001", "GW", "Guinea-Bissau"},
                {"632000001", "GN", "Guinea"},
                {"636000001", "LR", "Liberia"},
                {"637000001", "LR", "Liberia"},
                {"638000001", "SS", "South Sudan"},
                {"662000001", "SD", "Sudan"},
                {"667000001", "SL", "Sierra Leone"},
                {"676000001", "CD", "DR Congo"},
                {"677000001", "TZ", "Tanzania"}});
}

void TestMidTable::southAmerica()
{
    checkKnown({{"701000001", "AR", "Argentina"},
                {"710000001", "BR", "Brazil"},
                {"725000001", "CL", "Chile"},
                {"740000001", "FK", "Falkland Islands"},
                {"745000001", "GF", "French Guiana"},
                {"760000001", "PE", "Peru"},
                {"775000001", "VE", "Venezuela"}});
}

void TestMidTable::unallocated()
{
    // MIDs inside the ranges ITU has not allocated (or no longer allocates).
    for (const char *mmsi :
         {"200000001", "217000001", "221000001", "260000001", "280000001", "300000001",
          "302000001", "313000001", "380000001", "400000001", "402000001", "415000001",
          "500000001", "507000001", "579000001", "600000001", "606000001", "680000001",
          "700000001", "702000001", "704000001", "708000001", "776000001", "799000001"}) {
        const mid::Flag f = mid::flagOf(std::string_view(mmsi));
        QCOMPARE(f.status, mid::Status::UnallocatedMid);
        QCOMPARE(f.kind, mid::Kind::Ship);
        QCOMPARE(f.mid, QByteArray(mmsi, 3).toInt());
        QVERIFY(f.country.empty() && f.iso2.empty());
        QVERIFY(!f.ok());
        QCOMPARE(mid::statusText(f.status), QStringLiteral("unallocated MID"));
    }
}

void TestMidTable::malformed()
{
    for (const char *mmsi :
         {"2000080", "", "35200000", "3520000021", "35200000A", "A52000002", "352 000 002",
          "352-00000", "-35200000", "IMO935200", "3.52e+08", "35200000\x01"}) {
        const mid::Flag f = mid::flagOf(std::string_view(mmsi));
        QCOMPARE(f.status, mid::Status::Malformed);
        QCOMPARE(f.kind, mid::Kind::Malformed);
        QCOMPARE(f.mid, 0);
        QVERIFY(f.country.empty());
    }
    // Spaces around the digits are not part of them.
    QVERIFY(mid::flagOf(std::string_view(" 352000002 ")).ok());
}

void TestMidTable::otherForms()
{
    struct Case
    {
        const char *mmsi;
        mid::Kind kind;
        mid::Status status;
        int mid;
        const char *iso2;
    };
    const Case cases[] = {
        {"002191000", mid::Kind::CoastStation, mid::Status::Flag, 219, "DK"},
        {"003669991", mid::Kind::CoastStation, mid::Status::Flag, 366, "US"},
        {"002000080", mid::Kind::CoastStation, mid::Status::UnallocatedMid, 200, ""},
        {"036610000", mid::Kind::Group, mid::Status::Flag, 366, "US"},
        {"023100000", mid::Kind::Group, mid::Status::Flag, 231, "FO"},
        {"111232506", mid::Kind::SarAircraft, mid::Status::Flag, 232, "GB"},
        {"111445001", mid::Kind::SarAircraft, mid::Status::Flag, 445, "KP"},
        {"992351000", mid::Kind::AidToNavigation, mid::Status::Flag, 235, "GB"},
        {"993116001", mid::Kind::AidToNavigation, mid::Status::Flag, 311, "BS"},
        {"982191234", mid::Kind::AuxiliaryCraft, mid::Status::Flag, 219, "DK"},
        {"983340001", mid::Kind::AuxiliaryCraft, mid::Status::Flag, 334, "HN"},
        {"824412345", mid::Kind::Handheld, mid::Status::Flag, 244, "NL"},
        {"863600001", mid::Kind::Handheld, mid::Status::Flag, 636, "LR"},
        {"970012345", mid::Kind::Sart, mid::Status::NoMid, 0, ""},
        {"972012345", mid::Kind::ManOverboard, mid::Status::NoMid, 0, ""},
        {"974012345", mid::Kind::Epirb, mid::Status::NoMid, 0, ""},
        {"123456789", mid::Kind::Other, mid::Status::NoMid, 0, ""},
        {"900000001", mid::Kind::Other, mid::Status::NoMid, 0, ""},
        {"000000000", mid::Kind::CoastStation, mid::Status::UnallocatedMid, 0, ""},
    };
    for (const Case &c : cases) {
        const mid::Flag f = mid::flagOf(std::string_view(c.mmsi));
        QVERIFY2(f.kind == c.kind, c.mmsi);
        QVERIFY2(f.status == c.status, c.mmsi);
        QCOMPARE(f.mid, c.mid);
        QCOMPARE(text(f.iso2), QLatin1String(c.iso2));
    }
}

void TestMidTable::numericMmsi()
{
    // The number AIS carries: the same answer as its nine digits with leading zeros.
    QCOMPARE(mid::flagOf(uint32_t(2191000)).kind, mid::Kind::CoastStation);
    QCOMPARE(mid::flagOf(uint32_t(2191000)).mid, 219);
    QCOMPARE(mid::flagOf(uint32_t(36610000)).kind, mid::Kind::Group);
    QCOMPARE(text(mid::flagOf(uint32_t(352000002)).country), QStringLiteral("Panama"));
    QCOMPARE(mid::flagOf(uint32_t(1000000000)).status, mid::Status::Malformed);
    QCOMPARE(mid::flagOf(uint32_t(0xFFFFFFFF)).status, mid::Status::Malformed);
    // Against the text form for every MID prefix and every form.
    for (uint32_t prefix = 0; prefix < 1000; ++prefix) {
        for (uint32_t tail : {0u, 123456u, 999999u}) {
            const uint32_t n = prefix * 1000000u + tail;
            char digits[10];
            std::snprintf(digits, sizeof digits, "%09u", n);
            const mid::Flag a = mid::flagOf(n), b = mid::flagOf(std::string_view(digits, 9));
            QCOMPARE(a.status, b.status);
            QCOMPARE(a.kind, b.kind);
            QCOMPARE(a.mid, b.mid);
            QCOMPARE(a.country.data(), b.country.data());
        }
    }
}

void TestMidTable::parserRejectsBadRows()
{
    const mid::ParseResult r = mid::parse("# comment\n"
                                          "mid,iso2,iso3,country\n"
                                          "201,AL,ALB,Albania\n"
                                          "201,AL,ALB,Albania again\n"
                                          "20x,AL,ALB,Letters\n"
                                          "199,AL,ALB,Too low\n"
                                          "202,Ad,AND,Lower case\n"
                                          "203,AT,AUT\n"
                                          "204,PT,PRT,\n"
                                          "206,BY,BLR,Belarus\r\n"
                                          "205,BE,BEL,Out of order\n");
    QCOMPARE(int(r.entries.size()), 2);
    QCOMPARE(r.entries[0].mid, 201);
    QCOMPARE(text(r.entries[1].country), QStringLiteral("Belarus"));
    QCOMPARE(r.errors.size(), 7);
    QVERIFY(r.errors[0].startsWith(QStringLiteral("line 4: MID 201 already given on line 3")));
    QVERIFY(r.errors[1].startsWith(QStringLiteral("line 5:")));
    QVERIFY(r.errors[6].startsWith(QStringLiteral("line 11: MID 205 is out of order")));
    QVERIFY(!mid::parse("201,AL,ALB,Albania\n").errors.isEmpty()); // no header
}

QTEST_GUILESS_MAIN(TestMidTable)
#include "tst_midtable.moc"

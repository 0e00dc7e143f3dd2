#include "ais/aisreader.h"
#include "io/valueparsers.h"

#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include <cmath>
#include <map>
#include <tuple>

namespace {

QString data(const char *name)
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/ais/") + QLatin1String(name);
}

int64_t utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc()).toMSecsSinceEpoch();
}

TrackLoadResult load(const QStringList &paths, LoadOptions o = {})
{
    TrackLoadResult r = aisreader::read(paths, o);
    if (!r.ok())
        qWarning() << "load failed:" << r.error;
    return r;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// Index of the position of vessel v at time t, -1 when absent.
int64_t positionAt(const TrackStore &s, size_t v, int64_t t)
{
    for (size_t p = s.vesselPositionBegin(v); p < s.vesselPositionEnd(v); ++p) {
        if (s.timeMs(p) == t)
            return int64_t(p);
    }
    return -1;
}

QStringList reasons(const LoadReport &r)
{
    QStringList out;
    for (const Rejection &j : r.rejections)
        out << QStringLiteral("%1: %2").arg(j.row).arg(j.reason);
    return out;
}

bool sameFloat(float a, float b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

// Two stores hold the same positions, vessels and identities.
void compareStores(const TrackStore &a, const TrackStore &b)
{
    QCOMPARE(a.positionCount(), b.positionCount());
    QCOMPARE(a.vesselCount(), b.vesselCount());
    QCOMPARE(a.segmentCount(), b.segmentCount());
    for (size_t v = 0; v < a.vesselCount(); ++v) {
        QCOMPARE(a.vesselId(v), b.vesselId(v));
        QCOMPARE(a.vesselPositionBegin(v), b.vesselPositionBegin(v));
        QCOMPARE(a.identityHistory(v).size(), b.identityHistory(v).size());
        for (size_t i = 0; i < a.identityHistory(v).size(); ++i) {
            const IdentityPeriod &x = a.identityHistory(v)[i], &y = b.identityHistory(v)[i];
            QVERIFY(x.identity == y.identity);
            QCOMPARE(x.firstMs, y.firstMs);
            QCOMPARE(x.lastMs, y.lastMs);
            QCOMPARE(x.reports, y.reports);
        }
        QVERIFY(sameFloat(a.length(v), b.length(v)));
        QVERIFY(sameFloat(a.width(v), b.width(v)));
    }
    for (size_t p = 0; p < a.positionCount(); ++p) {
        QCOMPARE(a.timeMs(p), b.timeMs(p));
        QCOMPARE(a.latsE7()[p], b.latsE7()[p]);
        QCOMPARE(a.lonsE7()[p], b.lonsE7()[p]);
        QCOMPARE(a.sogs()[p], b.sogs()[p]);
        QCOMPARE(a.cogs()[p], b.cogs()[p]);
        QVERIFY(sameFloat(a.heading(p), b.heading(p)));
        QCOMPARE(a.sourceRow(p), b.sourceRow(p));
        QCOMPARE(a.sourceFile(p), b.sourceFile(p));
    }
}

} // namespace

class TestAisReader : public QObject
{
    Q_OBJECT

private slots:
    void marineCadastre();
    void dma22();
    void dma26DecimalComma();
    void genericEpochMs();
    void declaredFlag();
    void fieldOverrides();
    void detection();
    void severalFiles();
    void gzipEqualsPlain();
    void zipLoadsEveryEntry();
    void brokenArchives();
    void runawayHeader();
    void rejections();
    void shortRows();
    void cancel();
    void parallelEqualsSingleThread();
    void valuesAsTheGeneralParsersReadThem();
    void identityHistoryCountsEveryRow();
};

void TestAisReader::marineCadastre()
{
    const TrackLoadResult r = load({data("marinecadastre_20220331.csv")});
    QVERIFY(r.ok());
    QCOMPARE(r.reports.size(), size_t(1));
    const LoadReport &rep = r.reports[0];
    QCOMPARE(rep.records, 20);
    QCOMPARE(rep.loaded, 20);
    QVERIFY2(rep.rejections.empty(), qPrintable(reasons(rep).join('\n')));
    QVERIFY(rep.notes.join('\n').contains(QLatin1String("MarineCadastre")));
    QVERIFY(rep.notes.join('\n').contains(QLatin1String("yyyy-mm-ddThh:mm:ss (20 rows)")));
    const TrackStore &s = *r.store;
    QCOMPARE(s.positionCount(), size_t(20));
    QCOMPARE(s.vesselCount(), size_t(20));

    const int64_t reliance = s.findMmsi(671226100);
    QVERIFY(reliance >= 0);
    const int64_t p = positionAt(s, size_t(reliance), utc(2022, 3, 31, 0, 0, 1));
    QVERIFY(p >= 0);
    QCOMPARE(s.lat(size_t(p)), 25.77626);
    QCOMPARE(s.lon(size_t(p)), -80.20320);
    QCOMPARE(s.sog(size_t(p)), 3.2f);
    QCOMPARE(s.cog(size_t(p)), 143.7f);
    QVERIFY(std::isnan(s.heading(size_t(p)))); // 511 = not available
    QCOMPARE(s.sourceRow(size_t(p)), 3u);
    const VesselIdentity id = s.identity(size_t(reliance));
    QCOMPARE(id.imo, std::string("9221322"));
    QCOMPARE(id.name, std::string("RELIANCE II"));
    QCOMPARE(id.callSign, std::string("5VHS7"));
    QCOMPARE(id.shipType, 79);
    QCOMPARE(s.length(size_t(reliance)), 52.0f);
    QCOMPARE(s.width(size_t(reliance)), 12.0f);

    const int64_t joe = s.findMmsi(367702220);
    QVERIFY(joe >= 0);
    QCOMPARE(s.heading(s.vesselPositionBegin(size_t(joe))), 340.0f);
    QCOMPARE(s.identity(size_t(joe)).imo, std::string()); // empty field

    // IMO0000000 is no IMO; COG 360 is "not available".
    const int64_t coolKat = s.findMmsi(338327436);
    QVERIFY(coolKat >= 0);
    QCOMPARE(s.identity(size_t(coolKat)).imo, std::string());
    QVERIFY(std::isnan(s.cog(s.vesselPositionBegin(size_t(coolKat)))));
}

void TestAisReader::dma22()
{
    const TrackLoadResult r = load({data("dma_aisdk_20180601.csv")});
    QVERIFY(r.ok());
    const LoadReport &rep = r.reports[0];
    QCOMPARE(rep.records, 27);
    QCOMPARE(rep.records, rep.loaded + int64_t(rep.rejections.size()));
    // Lines of the file (CRLF): 91/181 rows and base stations' 7-digit MMSIs.
    QCOMPARE(reasons(rep),
             QStringList({QStringLiteral("11: position not available (91/181)"),
                          QStringLiteral("16: position not available (91/181)"),
                          QStringLiteral("18: bad MMSI '2190066' (not 9 digits)"),
                          QStringLiteral("21: bad MMSI '2655146' (not 9 digits)"),
                          QStringLiteral("24: position not available (91/181)"),
                          QStringLiteral("27: bad MMSI '2579999' (not 9 digits)")}));
    QCOMPARE(rep.loaded, 21);
    const QString notes = rep.notes.join('\n');
    QVERIFY2(notes.contains(QLatin1String("aisdk (22 columns)")), qPrintable(notes));
    QVERIFY2(notes.contains(QLatin1String("dd/mm/yyyy hh:mm:ss (24 rows)")), qPrintable(notes));
    const TrackStore &s = *r.store;
    const int64_t v = s.findMmsi(215810000);
    QVERIFY(v >= 0);
    const size_t p = s.vesselPositionBegin(size_t(v));
    QCOMPARE(s.timeMs(p), utc(2018, 6, 1));
    QCOMPARE(s.lat(p), 55.921028);
    QCOMPARE(s.lon(p), 17.320418);
    QCOMPARE(s.heading(p), 256.0f);
    QCOMPARE(s.sourceRow(p), 2u);
    // IMO "Unknown", empty and single-space fields: no identity at all.
    QVERIFY(s.identityHistory(size_t(v)).empty());
    // A row with an empty heading.
    const int64_t moored = s.findMmsi(219937000);
    QVERIFY(moored >= 0);
    QVERIFY(std::isnan(s.heading(s.vesselPositionBegin(size_t(moored)))));
    QCOMPARE(s.sog(s.vesselPositionBegin(size_t(moored))), 0.0f);
}

void TestAisReader::dma26DecimalComma()
{
    const TrackLoadResult r = load({data("dma26_decimal_comma.csv")});
    QVERIFY(r.ok());
    const LoadReport &rep = r.reports[0];
    QCOMPARE(rep.records, 5);
    QCOMPARE(reasons(rep), QStringList {QStringLiteral("4: position not available (91/181)")});
    const QString notes = rep.notes.join('\n');
    QVERIFY2(notes.contains(QLatin1String("aisdk (26 columns)")), qPrintable(notes));
    QVERIFY(notes.contains(QLatin1String("decimal comma in 3 positions")));
    QVERIFY(notes.contains(QLatin1String("1 rows had an unquoted decimal comma")));
    QVERIFY(notes.contains(QLatin1String("1 rows without a position gave")));
    const TrackStore &s = *r.store;
    const int64_t v = s.findMmsi(215810000);
    QVERIFY(v >= 0);
    QCOMPARE(s.vesselPositionEnd(size_t(v)) - s.vesselPositionBegin(size_t(v)), 2u);
    const size_t p = s.vesselPositionBegin(size_t(v));
    QCOMPARE(s.lat(p), 55.921028); // quoted "55,921028"
    QCOMPARE(s.lon(p), 17.320418);
    QCOMPARE(s.lat(p + 1), 55.9215); // unquoted 55,921500: two fields joined
    QCOMPARE(s.lon(p + 1), 17.319);
    QCOMPARE(s.timeMs(p + 1), utc(2018, 6, 1, 0, 0, 10));
    // The static row without a position still gave the identity (text ship type).
    const int64_t astina = s.findMmsi(266220000);
    QVERIFY(astina >= 0);
    const VesselIdentity id = s.identity(size_t(astina));
    QCOMPARE(id.imo, std::string("9320063"));
    QCOMPARE(id.name, std::string("ASTINA"));
    QCOMPARE(id.callSign, std::string("SHZA"));
    QCOMPARE(id.shipType, 80); // "Tanker"
    QCOMPARE(s.length(size_t(astina)), 130.0f);
    QCOMPARE(s.width(size_t(astina)), 20.0f);
    QCOMPARE(s.identityHistory(size_t(astina)).front().firstMs, utc(2018, 6, 1));
    QCOMPARE(s.identityHistory(size_t(astina)).front().reports, 2u);
}

void TestAisReader::genericEpochMs()
{
    const TrackLoadResult r = load({data("positions_oid.csv")});
    QVERIFY(r.ok());
    const LoadReport &rep = r.reports[0];
    QCOMPARE(rep.records, 5);
    QCOMPARE(rep.loaded, 5);
    QVERIFY(rep.notes.join('\n').contains(QLatin1String("id <- oid, time <- t, lat <- lat, lon "
                                                        "<- lon, sog <- speed")));
    const TrackStore &s = *r.store;
    QCOMPARE(s.vesselCount(), size_t(2));
    const int64_t a = s.findId("A17");
    QVERIFY(a >= 0);
    QCOMPARE(s.mmsi(size_t(a)), 0u);
    QCOMPARE(s.vesselId(size_t(a)), std::string_view("A17"));
    QCOMPARE(s.vesselPositionEnd(size_t(a)) - s.vesselPositionBegin(size_t(a)), 3u);
    const size_t p = s.vesselPositionBegin(size_t(a));
    QCOMPARE(s.timeMs(p), int64_t(1527811200000));
    QCOMPARE(s.timeMs(p + 2), int64_t(1527811320000));
    QCOMPARE(s.sog(p), 3.5f);
    const int64_t b = s.findId("B2");
    QVERIFY(b >= 0);
    QVERIFY(std::isnan(s.sog(s.vesselPositionBegin(size_t(b)))));
    QCOMPARE(s.lat(s.vesselPositionBegin(size_t(b))), -33.9);
}

// A flag column goes into the identity history (identity anomalies compare it with the
// MMSI's MID); a row that changes only the flag is a new identity, not a repeat.
void TestAisReader::declaredFlag()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("flags.csv"));
    QVERIFY(writeFile(path,
                      "mmsi,time,lat,lon,name,flag_state\n"
                      "636012345,1527811200000,1,1,OCEAN STAR,LR\n"
                      "636012345,1527811260000,1,1.01,OCEAN STAR,LR\n"
                      "636012345,1527811320000,1,1.02,OCEAN STAR,PA\n"
                      "636012345,1527811380000,1,1.03,OCEAN STAR,\n"));
    TrackLoadResult r = load({path});
    QVERIFY(r.ok());
    QVERIFY2(r.reports[0].notes.join('\n').contains(QLatin1String("flag <- flag_state")),
             qPrintable(r.reports[0].notes.join('\n')));
    const auto &h = r.store->identityHistory(size_t(r.store->findMmsi(636012345)));
    QCOMPARE(h.size(), size_t(3));
    QCOMPARE(h[0].identity.flag, std::string("LR"));
    QCOMPARE(h[0].reports, 2u);
    QCOMPARE(h[1].identity.flag, std::string("PA"));
    QCOMPARE(h[1].firstMs, int64_t(1527811320000));
    QCOMPARE(h[2].identity.flag, std::string());
    QCOMPARE(h[2].identity.name, std::string("OCEAN STAR"));

    // Any column can be named the flag.
    const QString other = dir.filePath(QStringLiteral("registry.csv"));
    QVERIFY(writeFile(other,
                      "mmsi,time,lat,lon,registry\n"
                      "636012345,1527811200000,1,1,Panama\n"));
    LoadOptions o;
    o.fieldOverrides = QStringList {"flag=registry"};
    r = load({other}, o);
    QVERIFY(r.ok());
    QCOMPARE(r.store->identityHistory(0).size(), size_t(1));
    QCOMPARE(r.store->identityHistory(0)[0].identity.flag, std::string("Panama"));
}

void TestAisReader::fieldOverrides()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("odd.csv"));
    QVERIFY(writeFile(path,
                      "ship;when;north;east\n"
                      "X1;1527811200000;55,5;10,5\n"
                      "X1;1527811260000;55,6;10,6\n"));
    // Columns nobody could guess: refused, naming what is missing.
    const TrackLoadResult none = aisreader::read({path});
    QVERIFY(!none.ok());
    QVERIFY(!none.store);
    QVERIFY2(none.error.contains(QLatin1String("no mmsi, time, lat, lon column")),
             qPrintable(none.error));
    QCOMPARE(none.reports[0].unmappedFields, QStringList({"mmsi", "time", "lat", "lon"}));

    LoadOptions o;
    o.fieldOverrides = QStringList {"id=ship", "time=when", "lat=north", "lon=east"};
    const TrackLoadResult r = load({path}, o);
    QVERIFY(r.ok());
    QCOMPARE(r.loaded(), 2);
    QVERIFY(r.reports[0].notes.join('\n').contains(QLatin1String("separator: ;")));
    const int64_t v = r.store->findId("X1");
    QVERIFY(v >= 0);
    QCOMPARE(r.store->lat(r.store->vesselPositionBegin(size_t(v))), 55.5);

    o.fieldOverrides = QStringList {"id=ship", "time=when", "lat=north", "lon=nowhere"};
    const TrackLoadResult bad = aisreader::read({path}, o);
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error.contains(QLatin1String("no column 'nowhere'")), qPrintable(bad.error));
    o.fieldOverrides = QStringList {"colour=ship"};
    QVERIFY(aisreader::read({path}, o).error.contains(QLatin1String("unknown AIS field")));
}

void TestAisReader::detection()
{
    QString why;
    QCOMPARE(aisreader::detect(data("marinecadastre_20220331.csv"), &why),
             aisreader::DataKind::Positions);
    QVERIFY2(why.contains(QLatin1String("MMSI, BaseDateTime, LAT, LON and no second vessel")),
             qPrintable(why));
    QCOMPARE(aisreader::detect(data("dma_aisdk_20180601.csv"), &why),
             aisreader::DataKind::Positions);
    QVERIFY2(why.contains(QLatin1String("MMSI, # Timestamp, Latitude, Longitude")),
             qPrintable(why));
    QCOMPARE(aisreader::detect(data("positions_oid.csv"), &why), aisreader::DataKind::Positions);
    QCOMPARE(aisreader::detect(data("marinecadastre_20220331.csv.gz"), &why),
             aisreader::DataKind::Positions);
    QCOMPARE(aisreader::detect(data("marinecadastre_two_days.zip"), &why),
             aisreader::DataKind::Positions);

    const QString events = QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/gfw_encounters.csv");
    QCOMPARE(aisreader::detect(events, &why), aisreader::DataKind::Events);
    QVERIFY2(why.contains(QLatin1String("second vessel")), qPrintable(why));
    const QString sts = QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/sts_dmy.csv");
    QCOMPARE(aisreader::detect(sts, &why), aisreader::DataKind::Events);

    QTemporaryDir dir;
    const QString nmea = dir.filePath(QStringLiteral("log.txt"));
    QVERIFY(writeFile(nmea,
                      "# receiver log\n!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C\n"
                      "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\n"));
    QCOMPARE(aisreader::detect(nmea, &why), aisreader::DataKind::Nmea);
    QVERIFY(why.contains(QLatin1String("NMEA")));
    const QString neither = dir.filePath(QStringLiteral("neither.csv"));
    QVERIFY(writeFile(neither, "a,b,c\n1,2,3\n"));
    QCOMPARE(aisreader::detect(neither, &why), aisreader::DataKind::Unknown);
    QVERIFY(why.contains(QLatin1String("a, b, c")));
    QCOMPARE(aisreader::detect(dir.filePath(QStringLiteral("missing.csv")), &why),
             aisreader::DataKind::Unknown);
}

void TestAisReader::severalFiles()
{
    const TrackLoadResult r =
        load({data("marinecadastre_20220331.csv"), data("marinecadastre_20220401.csv")});
    QVERIFY(r.ok());
    QCOMPARE(r.reports.size(), size_t(2));
    QCOMPARE(r.reports[0].loaded, 20);
    QCOMPARE(r.reports[1].loaded, 3);
    QCOMPARE(r.reports[1].file, data("marinecadastre_20220401.csv"));
    QCOMPARE(r.records(), 23);
    QCOMPARE(r.loaded(), 23);
    const TrackStore &s = *r.store;
    QCOMPARE(s.files().size(), size_t(2));
    QCOMPARE(s.positionCount(), size_t(23));
    QCOMPARE(s.vesselCount(), size_t(21)); // two vessels in both files, one new
    const int64_t joe = s.findMmsi(367702220);
    QVERIFY(joe >= 0);
    const size_t b = s.vesselPositionBegin(size_t(joe));
    QCOMPARE(s.vesselPositionEnd(size_t(joe)) - b, 2u);
    QCOMPARE(s.sourceFile(b), uint16_t(0));
    QCOMPARE(s.sourceFile(b + 1), uint16_t(1));
    QCOMPARE(s.sourceRow(b + 1), 2u);
    QCOMPARE(s.timeMs(b + 1), utc(2022, 4, 1, 0, 0, 1));
    QVERIFY(s.findMmsi(999999999) >= 0);
}

void TestAisReader::gzipEqualsPlain()
{
    const TrackLoadResult plain = load({data("marinecadastre_20220331.csv")});
    const TrackLoadResult gz = load({data("marinecadastre_20220331.csv.gz")});
    QVERIFY(plain.ok() && gz.ok());
    QCOMPARE(gz.reports[0].records, plain.reports[0].records);
    QVERIFY(gz.reports[0].notes.join('\n').contains(QLatin1String("gzip")));
    compareStores(*gz.store, *plain.store);
}

void TestAisReader::zipLoadsEveryEntry()
{
    const TrackLoadResult plain =
        load({data("marinecadastre_20220331.csv"), data("marinecadastre_20220401.csv")});
    const TrackLoadResult zip = load({data("marinecadastre_two_days.zip")});
    QVERIFY(plain.ok() && zip.ok());
    QCOMPARE(zip.reports.size(), size_t(2));
    QVERIFY(zip.reports[0].file.endsWith(QLatin1String(".zip:marinecadastre_20220331.csv")));
    QVERIFY(zip.reports[1].file.endsWith(QLatin1String(".zip:marinecadastre_20220401.csv")));
    QCOMPARE(zip.reports[1].loaded, 3);
    compareStores(*zip.store, *plain.store);
}

void TestAisReader::brokenArchives()
{
    QTemporaryDir dir;
    QFile gz(data("marinecadastre_20220331.csv.gz"));
    QVERIFY(gz.open(QIODevice::ReadOnly));
    const QByteArray bytes = gz.readAll();
    const QString cut = dir.filePath(QStringLiteral("cut.csv.gz"));
    QVERIFY(writeFile(cut, bytes.left(bytes.size() / 2)));
    const TrackLoadResult r = aisreader::read({cut});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("cut short")), qPrintable(r.error));

    // Concatenated gzip members are one gzip file (cat a.gz b.gz > c.gz).
    const QString twice = dir.filePath(QStringLiteral("twice.csv.gz"));
    QVERIFY(writeFile(twice, bytes + bytes));
    const TrackLoadResult t = load({twice});
    QVERIFY(t.ok());
    QCOMPARE(t.reports[0].records, 41);
    QCOMPARE(reasons(t.reports[0]),
             QStringList {QStringLiteral("22: bad MMSI 'MMSI' (not 9 digits)")});

    QFile zipFile(data("marinecadastre_two_days.zip"));
    QVERIFY(zipFile.open(QIODevice::ReadOnly));
    const QByteArray zipBytes = zipFile.readAll();
    const QString noDirectory = dir.filePath(QStringLiteral("cut.zip"));
    QVERIFY(writeFile(noDirectory, zipBytes.left(zipBytes.size() - 30)));
    const TrackLoadResult z = aisreader::read({noDirectory});
    QVERIFY(!z.ok());
    QVERIFY2(z.error.contains(QLatin1String("zip")), qPrintable(z.error));
}

void TestAisReader::runawayHeader()
{
    // A first line of megabytes (no line end in the first MiB) is no table; a long
    // header name does not make a message of megabytes.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("long.csv"));
    QVERIFY(writeFile(path, QByteArray(2 << 20, 'a')));
    const TrackLoadResult r = aisreader::read({path});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("longer than 1 MiB")), qPrintable(r.error));
    const QString wide = dir.filePath(QStringLiteral("wide.csv"));
    QVERIFY(writeFile(wide, QByteArray(500000, 'b') + "\n1\n"));
    const TrackLoadResult w = aisreader::read({wide});
    QVERIFY(!w.ok());
    QVERIFY2(w.error.size() < 400, qPrintable(w.error.left(400)));
    QString why;
    QCOMPARE(aisreader::detect(wide, &why), aisreader::DataKind::Unknown);
    QVERIFY(why.size() < 400);
}

void TestAisReader::rejections()
{
    const TrackLoadResult r = load({data("rejections.csv")});
    QVERIFY(r.ok());
    const LoadReport &rep = r.reports[0];
    QCOMPARE(reasons(rep),
             QStringList({
                 QStringLiteral("3: bad MMSI '36770222' (not 9 digits)"),
                 QStringLiteral("4: no MMSI"),
                 QStringLiteral("5: impossible time '2022-03-31T25:00:00'"),
                 QStringLiteral("6: bad time 'yesterday' (not a date and time)"),
                 QStringLiteral("7: no position"),
                 QStringLiteral("8: latitude '95.5' out of range (-90..90)"),
                 QStringLiteral("9: longitude '-195.0' out of range (-180..180)"),
                 QStringLiteral("10: position not available (91/181)"),
                 QStringLiteral("11: bad position 'north', '-95.0' (not a latitude and "
                                "longitude)"),
                 QStringLiteral("13: 19 fields, but the header has 17"),
                 QStringLiteral("14: empty row"),
             }));
    QCOMPARE(rep.records, 13);
    QCOMPARE(rep.loaded, 2);
    QCOMPARE(rep.records, rep.loaded + int64_t(rep.rejections.size()));
    QCOMPARE(r.store->positionCount(), size_t(2));
    QCOMPARE(r.store->sourceRow(1), 15u);
}

void TestAisReader::shortRows()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("short.csv"));
    QVERIFY(writeFile(path,
                      "MMSI,BaseDateTime,LAT,LON,SOG,VesselType\n"
                      "367702220,2022-03-31T00:00:01,29.5,-95.0,1.5,0\n"
                      "367702220,2022-03-31T00:00:02,29.5,-95.0\n"));
    const TrackLoadResult r = load({path});
    QVERIFY(r.ok());
    QCOMPARE(r.loaded(), 2);
    // Loaded, with the missing fields empty, and said so row by row.
    const auto w = r.reports[0].warnings;
    QCOMPARE(w.size(), 1);
    QVERIFY(w.firstKey().startsWith(QLatin1String("fewer fields than the header")));
    QCOMPARE(w.first(), std::vector<uint32_t> {3});
    QVERIFY(std::isnan(r.store->sog(1)));
    // Ship type 0 is AIS's "not available".
    QVERIFY(r.store->identityHistory(0).empty());
}

void TestAisReader::cancel()
{
    std::atomic_bool cancelled {true};
    LoadOptions o;
    o.cancel = &cancelled;
    const TrackLoadResult r = aisreader::read({data("marinecadastre_20220331.csv")}, o);
    QCOMPARE(r.error, QStringLiteral("cancelled"));
    QVERIFY(!r.store);

    // Cancelled while a part is being read (the parts poll every 16,384 rows).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.csv"));
    QByteArray text = "MMSI,BaseDateTime,LAT,LON\n";
    for (int i = 0; i < 40000; ++i)
        text += QByteArray("367702220,2022-03-31T00:00:00,29.5,-95.0\n");
    QVERIFY(writeFile(path, text));
    std::atomic_bool later {false};
    o.cancel = &later;
    o.progress = [&later](double) { later = true; };
    o.threads = 1;
    o.parts = 1;
    const TrackLoadResult r2 = aisreader::read({path}, o);
    QCOMPARE(r2.error, QStringLiteral("cancelled"));
    QVERIFY(!r2.store);
}

void TestAisReader::parallelEqualsSingleThread()
{
    QRandomGenerator rng(16);
    QTemporaryDir dir;
    for (int round = 0; round < 12; ++round) {
        QByteArray text = round % 2 ? "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO\r\n"
                                    : "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO\n";
        const int rows = 50 + int(rng.bounded(400));
        for (int i = 0; i < rows; ++i) {
            const uint32_t mmsi = 367000000 + rng.bounded(12);
            QByteArray row = QByteArray::number(mmsi) + ','
                + QDateTime::fromMSecsSinceEpoch(utc(2022, 3, 31) + rng.bounded(86400) * 1000,
                                                 QTimeZone::utc())
                      .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"))
                      .toUtf8()
                + ',' + QByteArray::number(rng.bounded(180.0) - 90, 'f', 5) + ','
                + QByteArray::number(rng.bounded(360.0) - 180, 'f', 5) + ','
                + QByteArray::number(rng.bounded(300) / 10.0) + ','
                + QByteArray::number(rng.bounded(3600) / 10.0) + ','
                + QByteArray::number(rng.bounded(2) ? 511 : int(rng.bounded(360))) + ','
                + (rng.bounded(3) ? QByteArray("\"NAME, ") + QByteArray::number(mmsi % 7) + '"'
                                  : QByteArray())
                + ','
                + (rng.bounded(2) ? QByteArray("IMO") + QByteArray::number(9000000 + mmsi % 5)
                                  : QByteArray());
            switch (rng.bounded(20)) { // now and then a bad row or a blank line
            case 0:
                row = "12345," + row.mid(10);
                break;
            case 1:
                row = "";
                break;
            case 2:
                row.replace("2022-", "20x2-");
                break;
            default:
                break;
            }
            text += row + (round % 2 ? "\r\n" : "\n");
        }
        const QString path = dir.filePath(QStringLiteral("r%1.csv").arg(round));
        QVERIFY(writeFile(path, text));

        LoadOptions single;
        single.threads = 1;
        single.parts = 1;
        const TrackLoadResult a = load({path}, single);
        LoadOptions split;
        split.threads = 1 + int(rng.bounded(3));
        split.parts = 2 + int(rng.bounded(6));
        split.splitFrom = 0;
        split.windowBytes = 16 + rng.bounded(200);
        const TrackLoadResult b = load({path}, split);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(reasons(b.reports[0]), reasons(a.reports[0]));
        QCOMPARE(b.reports[0].records, a.reports[0].records);
        // No quoted line breaks here: the parts must have been read apart, not again as one.
        QVERIFY(!b.reports[0].notes.join('\n').contains(QLatin1String("read in one part")));
        QCOMPARE(a.reports[0].records, a.reports[0].loaded + a.rejected());
        compareStores(*a.store, *b.store);
    }
}

namespace {

// A number as files write it: signs, 0..10 decimals, halves at the 8th decimal, the
// "not available" codes, padding, empty.
QByteArray randomNumber(QRandomGenerator &rng, double range)
{
    switch (rng.bounded(16)) {
    case 0:
        return QByteArray();
    case 1:
        return QByteArray::number(range == 90 ? 91 : 181);
    case 2:
        return "-0";
    case 3:
        return QByteArray::number(range, 'f', int(rng.bounded(3))); // the edge itself
    case 4: // just beyond (or within) the edge, past 7 decimals
        return (rng.bounded(2) ? "-" : "") + QByteArray::number(range, 'f', 0) + ".0000000"
            + QByteArray::number(rng.bounded(10));
    case 5:
        return QByteArray::number(rng.bounded(1000)) + ".00000005"; // a half at 10^-8
    case 6:
        return " " + QByteArray::number(rng.bounded(range), 'f', 1) + " ";
    case 7: // 15 digits: times 10^7 would overflow 64 bits
        return QByteArray::number(quint64(rng.bounded(1000000)) * 1000000000 + 922337203);
    default:
        break;
    }
    QByteArray t =
        QByteArray::number(rng.bounded(2.4 * range) - 1.2 * range, 'f', int(rng.bounded(11)));
    if (rng.bounded(8) == 0 && !t.startsWith('-'))
        t.prepend('+');
    return t;
}

} // namespace

// The reader's exact integer path (degrees x 10^7, tenths) against the general parsers
// and the store's own packing, on random text: same rows kept, same values stored.
void TestAisReader::valuesAsTheGeneralParsersReadThem()
{
    QRandomGenerator rng(1607);
    QTemporaryDir dir;
    struct Expected
    {
        bool kept = false;
        int32_t lat = 0, lon = 0;
        uint16_t sog = 0, cog = 0, heading = 0;
    };
    for (int round = 0; round < 8; ++round) {
        QByteArray text = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading\n";
        std::vector<Expected> expected(2); // by row; rows 0 and 1 are no data rows
        for (int i = 0; i < 2000; ++i) {
            const QByteArray lat = randomNumber(rng, 90), lon = randomNumber(rng, 180);
            const QByteArray sog = randomNumber(rng, 102.3), cog = randomNumber(rng, 360),
                             heading = randomNumber(rng, 511);
            text += "366000001,2022-03-31T" + QByteArray::number(10 + i / 3600) + ':'
                + QByteArray::number(10 + i / 60 % 50) + ':' + QByteArray::number(10 + i % 50) + ','
                + lat + ',' + lon + ',' + sog + ',' + cog + ',' + heading + '\n';
            Expected e;
            const values::Number a =
                values::parseDegrees(lat.toStdString(), values::Axis::Latitude);
            const values::Number b =
                values::parseDegrees(lon.toStdString(), values::Axis::Longitude);
            e.kept = a.status == values::NumberStatus::Ok && b.status == values::NumberStatus::Ok
                && a.value != 91 && b.value != 181 && a.value >= -90 && a.value <= 90
                && b.value >= -180 && b.value <= 180;
            e.lat = TrackBuilder::toE7(a.value);
            e.lon = TrackBuilder::toE7(b.value);
            const auto number = [](const QByteArray &t, double lo, double hi, auto pack) {
                const values::Number n = values::parseNumber(t.toStdString());
                return n.status == values::NumberStatus::Ok && n.value >= lo && n.value < hi
                    ? pack(float(n.value))
                    : TrackStore::kNoValue;
            };
            e.sog = number(sog, 0, 102.25, TrackBuilder::packSpeed);
            e.cog = number(cog, 0, 360, TrackBuilder::packCourse);
            e.heading = number(heading, 0, 360, TrackBuilder::packHeading);
            expected.push_back(e);
        }
        const QString path = dir.filePath(QStringLiteral("values%1.csv").arg(round));
        QVERIFY(writeFile(path, text));
        const TrackLoadResult r = load({path});
        QVERIFY(r.ok());
        const TrackStore &s = *r.store;
        std::vector<int64_t> at(expected.size(), -1);
        for (size_t p = 0; p < s.positionCount(); ++p)
            at[s.sourceRow(p)] = int64_t(p);
        const QList<QByteArray> lines = text.split('\n');
        for (size_t row = 2; row < expected.size(); ++row) {
            const Expected &e = expected[row];
            const QByteArray &line = lines.at(int(row - 1));
            QVERIFY2((at[row] >= 0) == e.kept, line.constData());
            if (!e.kept)
                continue;
            const auto p = size_t(at[row]);
            QVERIFY2(s.latsE7()[p] == e.lat && s.lonsE7()[p] == e.lon, line.constData());
            QVERIFY2(s.sogs()[p] == e.sog && s.cogs()[p] == e.cog, line.constData());
            QVERIFY2(e.heading == TrackStore::kNoValue ? std::isnan(s.heading(p))
                                                       : s.heading(p) == float(e.heading),
                     line.constData());
        }
    }
}

// Rows that repeat a vessel's last identity are counted without being read again: the
// history (every distinct identity, first and last time, reports) and the latest size
// must be what reading every row gives, also when an identity comes back after another,
// and with rows without a position (which still give their identity).
void TestAisReader::identityHistoryCountsEveryRow()
{
    QRandomGenerator rng(1717);
    QTemporaryDir dir;
    const QByteArray names[] = {"STAR", "STAR ", "\"STAR\"", "NOVA", "", "\"NO, VA\""};
    const QByteArray imos[] = {"IMO9000001", "", "IMO9000002", "9000001"};
    const QByteArray sizes[] = {"100,20", "100,20", "0,0", "120,", ",30"};
    for (int round = 0; round < 6; ++round) {
        QByteArray text = "MMSI,BaseDateTime,LAT,LON,VesselName,IMO,Length,Width\n";
        struct Key
        {
            std::string imo, name;
            bool operator<(const Key &o) const
            {
                return std::tie(imo, name) < std::tie(o.imo, o.name);
            }
        };
        struct Seen
        {
            int64_t first = 0, last = 0;
            uint32_t reports = 0;
        };
        std::map<uint32_t, std::map<Key, Seen>> expected;
        std::map<uint32_t, std::pair<float, float>> lastSize; // computed in time order
        QList<QByteArray> lines;
        std::map<uint32_t, int> said;
        for (int i = 0; i < 3000; ++i) {
            const uint32_t mmsi = 366000001 + rng.bounded(5);
            const int64_t t = utc(2022, 3, 31) + int64_t(i) * 1000;
            // A vessel says the same for a while, then something else.
            int &current = said[mmsi];
            if (rng.bounded(8) == 0)
                current =
                    int(rng.bounded(int(std::size(names) * std::size(imos) * std::size(sizes))));
            const QByteArray name = names[size_t(current) % std::size(names)];
            const QByteArray imo = imos[size_t(current) / std::size(names) % std::size(imos)];
            const QByteArray size =
                sizes[size_t(current) / std::size(names) / std::size(imos) % std::size(sizes)];
            const bool position = rng.bounded(10) != 0;
            const QByteArray line = QByteArray::number(mmsi) + ','
                + QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc())
                      .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"))
                      .toUtf8()
                + (position ? ",10.5,20.5," : ",91,181,") + name + ',' + imo + ',' + size;
            lines << line;
            Key k;
            k.name = QString::fromUtf8(name).remove(QLatin1Char('"')).trimmed().toStdString();
            k.imo = imo.isEmpty() ? std::string() : imo.right(7).toStdString();
            if (!k.name.empty() || !k.imo.empty()) {
                Seen &seen = expected[mmsi][k];
                if (seen.reports++ == 0)
                    seen.first = t;
                seen.last = t;
            }
            const QList<QByteArray> dims = size.split(',');
            const float length = dims[0].toFloat(), width = dims[1].toFloat();
            auto &[l, w] = lastSize.try_emplace(mmsi, NAN, NAN).first->second;
            if (length > 0)
                l = length;
            if (width > 0)
                w = width;
        }
        // Half the rounds in time order, half shuffled in runs: a vessel's repeated
        // row then comes before an older one.
        if (round % 2) {
            for (int i = 0; i + 1 < int(lines.size()); i += 2) {
                const int j = int(rng.bounded(int(lines.size())));
                lines.swapItemsAt(i, j);
            }
        }
        for (const QByteArray &line : lines)
            text += line + '\n';
        // The same row again (read from the memo), then an older row that must not
        // replace what the newest said.
        text += "366999999,2022-03-30T00:00:05,10,20,A,,100,20\n"
                "366999999,2022-03-30T00:00:09,10,20,A,,100,20\n"
                "366999999,2022-03-30T00:00:07,10,20,A,,120,30\n";
        expected[366999999][Key {std::string(), "A"}] =
            Seen {utc(2022, 3, 30, 0, 0, 5), utc(2022, 3, 30, 0, 0, 9), 3};
        lastSize[366999999] = {100.0f, 20.0f};
        const QString path = dir.filePath(QStringLiteral("identity%1.csv").arg(round));
        QVERIFY(writeFile(path, text));
        LoadOptions o;
        o.parts = 1 + round % 3;
        o.splitFrom = 0;
        const TrackLoadResult r = load({path}, o);
        QVERIFY(r.ok());
        const TrackStore &s = *r.store;
        for (const auto &[mmsi, periods] : expected) {
            const int64_t v = s.findMmsi(mmsi);
            QVERIFY(v >= 0);
            const std::vector<IdentityPeriod> &history = s.identityHistory(size_t(v));
            QCOMPARE(history.size(), periods.size());
            for (const IdentityPeriod &p : history) {
                const auto it = periods.find(Key {p.identity.imo, p.identity.name});
                QVERIFY(it != periods.end());
                QCOMPARE(p.reports, it->second.reports);
                QCOMPARE(p.firstMs, it->second.first);
                QCOMPARE(p.lastMs, it->second.last);
            }
            QVERIFY(sameFloat(s.length(size_t(v)), lastSize[mmsi].first));
            QVERIFY(sameFloat(s.width(size_t(v)), lastSize[mmsi].second));
        }
    }
}

QTEST_GUILESS_MAIN(TestAisReader)
#include "tst_aisreader.moc"

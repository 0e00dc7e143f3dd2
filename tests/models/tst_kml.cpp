#include "ogrreader.h"

#include <QDateTime>
#include <QTimeZone>
#include <QtTest>

// KML and KMZ as Google Earth writes them: TimeStamp for instants, TimeSpan for
// intervals, ExtendedData for the rest. LIBKML gives every layer "timestamp", "begin"
// and "end" columns whether the file uses them or not.
namespace {
qint64 utc(int y, int mo, int d, int h, int mi)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone::utc()).toMSecsSinceEpoch();
}
} // namespace

class TstKml : public QObject
{
    Q_OBJECT
private slots:
    void googleEarth_data();
    void googleEarth();
};

void TstKml::googleEarth_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("kml") << QStringLiteral(RENDEZVOUS_TEST_DATA "/kml/google_earth.kml");
    QTest::newRow("kmz") << QStringLiteral(RENDEZVOUS_TEST_DATA "/kml/google_earth.kmz");
}

void TstKml::googleEarth()
{
    QFETCH(QString, file);
    const LoadResult r = ogr::readFile(file, {});
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QCOMPARE(r.report.loaded, 2);
    QVERIFY(r.report.rejections.empty());
    const EventStore &s = *r.store;
    // The instant has only a TimeStamp; the interval a TimeSpan.
    QCOMPARE(s.start(0), utc(2018, 3, 5, 12, 0));
    QVERIFY(!s.hasEnd(0));
    QCOMPARE(s.start(1), utc(2018, 4, 7, 23, 15));
    QCOMPARE(s.end(1), utc(2018, 4, 8, 5, 0));
    QCOMPARE(s.event(0).vesselA.name, QStringLiteral("SYNTH YU JONG 2"));
    QCOMPARE(s.event(0).vesselB.name, QStringLiteral("SYNTH KATRIN"));
    QCOMPARE(s.volume(0), 12400.0);
    QCOMPARE(s.lon(1), 124.1);
    QCOMPARE(s.lat(1), 31.3);
}

QTEST_GUILESS_MAIN(TstKml)
#include "tst_kml.moc"

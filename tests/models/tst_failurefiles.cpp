// Files from many hands: each of these must end in a clear message or a bounded,
// correct result through the one entry point the app and the CLI use, never a crash,
// a hang or an out-of-memory death.
#include "../hostileinputs.h"
#include "io/eventreader.h"
#include "ogrtesthelpers.h"
#include "transfermodel.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>

namespace {

using hostile::kHeader;
using hostile::writeFile;

// Peak resident memory of this process so far, in MiB.
long peakRssMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

} // namespace

class TstFailureFiles : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void refused_data();
    void refused();
    void headerOnly();
    void mixedLineEndings();
    void millionColumnsInOneRow();
    void millionColumnHeader();
    void sparseTwoGigabytes_data();
    void sparseTwoGigabytes();
    void deeplyNestedGeoJson_data();
    void deeplyNestedGeoJson();
    void shapefileWithoutDbf();
    void latin1NamesShow();

private:
    QTemporaryDir m_dir;
};

void TstFailureFiles::refused_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("error");
    QTest::newRow("0 bytes") << writeFile(m_dir, QStringLiteral("zero.csv"), {})
                             << "the file is empty (0 bytes)";
    QTest::newRow("blank lines only")
        << writeFile(m_dir, QStringLiteral("blank.csv"), "\r\n\n\r\n") << "the file is empty";
    QTest::newRow("binary junk named .csv")
        << QStringLiteral(RENDEZVOUS_TEST_DATA "/junk/random_bytes.csv")
        << "not a text table: the file holds binary data (NUL bytes)";
    QTest::newRow("0-byte GeoJSON") << writeFile(m_dir, QStringLiteral("zero.geojson"), {})
                                    << "not a vector data file GDAL can read";
    QTest::newRow("truncated GeoJSON")
        << QStringLiteral(RENDEZVOUS_TEST_DATA "/junk/truncated.geojson")
        << "not a vector data file GDAL can read";
}

void TstFailureFiles::refused()
{
    QFETCH(QString, file);
    QFETCH(QString, error);
    const LoadResult r = EventReader::load(file);
    QVERIFY2(r.report.error.startsWith(error), qPrintable(r.report.error));
    QVERIFY(!r.store);
}

void TstFailureFiles::headerOnly()
{
    // Nothing to load is not an error: the columns are known, there are no events.
    for (const QByteArray &text : {kHeader, kHeader.chopped(1)}) {
        const LoadResult r =
            EventReader::load(writeFile(m_dir, QStringLiteral("header.csv"), text));
        QVERIFY2(r.report.ok(), qPrintable(r.report.error));
        QCOMPARE(r.report.records, 0);
        QCOMPARE(r.report.loaded, 0);
        QVERIFY(r.report.rejections.empty());
        QCOMPARE(r.report.headers.size(), 5);
        QVERIFY(r.store && r.store->size() == 0);
    }
}

void TstFailureFiles::mixedLineEndings()
{
    // LF, CRLF and a lone CR (old Mac) in one file: each ends one line, so the row
    // numbers in the report are the lines an editor shows.
    const QByteArray text = kHeader.chopped(1) + "\r\nA,2018-01-01,1,2,ONE\rB,2018-01-02,1,2,TWO\n"
        + "C,2018-01-03,95,2,BAD\r\nD,2018-01-04,1,2,\"FOUR\r\nLINES\"\n\nE,2018-01-05,1,2,FIVE";
    const LoadResult r = EventReader::load(writeFile(m_dir, QStringLiteral("mixed.csv"), text));
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QCOMPARE(r.report.records, 5);
    QCOMPARE(r.report.loaded, 4);
    QCOMPARE(int(r.report.rejections.size()), 1);
    QCOMPARE(r.report.rejections[0].row, 4u);
    const std::vector<uint32_t> rows = {2, 3, 5, 8};
    for (size_t i = 0; i < rows.size(); ++i)
        QCOMPARE(r.store->sourceRow(i), rows[i]);
    QCOMPARE(r.store->event(0).vesselA.name, QStringLiteral("ONE"));
    QCOMPARE(r.store->event(1).vesselA.name, QStringLiteral("TWO"));
    // Inside quotes the line break is kept as written.
    QCOMPARE(r.store->event(2).vesselA.name, QStringLiteral("FOUR\r\nLINES"));
    QCOMPARE(r.store->event(3).vesselA.name, QStringLiteral("FIVE"));
}

void TstFailureFiles::millionColumnsInOneRow()
{
    const LoadResult r = EventReader::load(
        writeFile(m_dir, QStringLiteral("wide.csv"), hostile::millionFieldsInOneRow()));
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    QCOMPARE(r.report.loaded, 2);
    QCOMPARE(int(r.report.rejections.size()), 1);
    QCOMPARE(r.report.rejections[0].row, 3u);
    QCOMPARE(r.report.rejections[0].reason, QStringLiteral("1000000 fields, but the header has 5"));
}

void TstFailureFiles::millionColumnHeader()
{
    // A million columns that mean nothing: refused with a message that does not list
    // them all.
    const LoadResult r = EventReader::load(
        writeFile(m_dir, QStringLiteral("wideheader.csv"), hostile::millionColumnHeader()));
    QVERIFY(!r.report.ok());
    QVERIFY2(r.report.error.startsWith(QStringLiteral("no position columns")),
             qPrintable(r.report.error.left(200)));
    QVERIFY2(r.report.error.size() < 2000, qPrintable(QString::number(r.report.error.size())));
}

void TstFailureFiles::sparseTwoGigabytes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("error");
    QTest::newRow("csv, holes only") << "holes.csv" << QByteArray() << "not a text table";
    QTest::newRow("csv, a header then holes")
        << "header_holes.csv" << kHeader << "not a text table";
    // Past the first 64 KiB the reader checks as it parses.
    QByteArray rows = kHeader;
    while (rows.size() < 256 * 1024)
        rows += "E-" + QByteArray::number(rows.size()) + ",2018-01-01T00:00:00Z,1.5,2.5,SYNTH\n";
    QTest::newRow("csv, 256 KiB of rows then holes")
        << "rows_holes.csv" << rows << "not a text table";
    QTest::newRow("geojson, a start then holes")
        << "start_holes.geojson" << QByteArray(R"({"type":"FeatureCollection","features":[)")
        << "not a vector data file GDAL can read";
    QTest::newRow("geojson, holes only")
        << "holes.geojson" << QByteArray() << "not a vector data file GDAL can read";
}

void TstFailureFiles::sparseTwoGigabytes()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, head);
    QFETCH(QString, error);
    const QString path = writeFile(m_dir, name, head);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(qint64(2) * 1024 * 1024 * 1024));
    }
    const long rssBefore = peakRssMiB();
    const LoadResult r = EventReader::load(path);
    QVERIFY2(r.report.error.startsWith(error), qPrintable(r.report.error));
    QVERIFY(!r.store);
    // Refused without holding the file in memory.
    const long grown = peakRssMiB() - rssBefore;
    QVERIFY2(grown < 256, qPrintable(QStringLiteral("%1 MiB").arg(grown)));
    QFile::remove(path);
}

void TstFailureFiles::deeplyNestedGeoJson_data()
{
    QTest::addColumn<QByteArray>("text");
    const int depth = 100000;
    const QByteArray feature = R"({"type":"Feature","properties":{"start":"2018-01-01"},)";
    QTest::newRow("nested coordinates") << R"({"type":"FeatureCollection","features":[)" + feature
            + R"("geometry":{"type":"Point","coordinates":)" + QByteArray(depth, '[')
            + QByteArray(depth, ']') + "}}]}";
    QTest::newRow("nested properties")
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"start":"2018-01-01","x":)"
            + QByteArray(depth, '[') + QByteArray(depth, ']')
            + R"(},"geometry":{"type":"Point","coordinates":[1,2]}}]})";
    QTest::newRow("nested and truncated") << R"({"type":"FeatureCollection","features":[)" + feature
            + R"("geometry":{"type":"Point","coordinates":)" + QByteArray(depth, '[');
}

void TstFailureFiles::deeplyNestedGeoJson()
{
    QFETCH(QByteArray, text);
    const LoadResult r = EventReader::load(writeFile(m_dir, QStringLiteral("deep.geojson"), text));
    QVERIFY(!r.report.ok());
    QVERIFY2(r.report.error.startsWith(QStringLiteral("not a vector data file GDAL can read")),
             qPrintable(r.report.error.left(300)));
    QVERIFY(!r.store);
}

void TstFailureFiles::shapefileWithoutDbf()
{
    const QString shp = m_dir.filePath(QStringLiteral("nodbf.shp"));
    {
        ogrtest::Dataset ds("ESRI Shapefile", shp);
        OGRLayerH layer = ds.addLayer("nodbf", wkbPoint, 4326, {{"start", OFTString}});
        ogrtest::Dataset::addFeature(layer, {{"start", QStringLiteral("2020-01-01")}},
                                     "POINT (1 2)");
    }
    QVERIFY(QFile::remove(m_dir.filePath(QStringLiteral("nodbf.dbf"))));
    // Without its table the shapes have no times: said so, not loaded as timeless events.
    const LoadResult r = EventReader::load(shp);
    QVERIFY(!r.report.ok());
    QVERIFY2(r.report.error.contains(QStringLiteral(".dbf")), qPrintable(r.report.error));
    QVERIFY(!r.store);
}

void TstFailureFiles::latin1NamesShow()
{
    const LoadResult r = EventReader::load(QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/latin1.csv"));
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    TransferModel model;
    model.setStore(r.store);
    QCOMPARE(model.rowCount(), 1);
    const auto text = [&](Field f) {
        return model.data(model.index(0, TransferModel::columnForField(f))).toString();
    };
    QCOMPARE(text(Field::VesselAName), QStringLiteral("SYNTH ÉTOILE"));
    QCOMPARE(text(Field::VesselBName), QStringLiteral("SYNTH MÜLLER"));
    QCOMPARE(model.data(model.index(0, 0), TransferModel::VesselARole).toString(),
             QStringLiteral("SYNTH ÉTOILE"));
    QVERIFY(r.report.notes.join(QLatin1Char(' ')).contains(QStringLiteral("Latin-1")));
}

QTEST_GUILESS_MAIN(TstFailureFiles)
#include "tst_failurefiles.moc"

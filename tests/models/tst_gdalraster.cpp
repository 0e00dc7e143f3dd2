#include "io/gdalmodule.h"
#include "rastertesthelpers.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using rastertest::Rgb;
using rastertest::Spec;

namespace {
constexpr double kR = 6378137.0;
double mx(double lon)
{
    return kR * lon * M_PI / 180.0;
}
double my(double lat)
{
    return kR * std::log(std::tan(M_PI / 4 + lat * M_PI / 360.0));
}

struct Frame
{
    gdal::RasterFrame f;
    std::vector<uint32_t> pixels;
    // The frame's pixel holding a Web Mercator point.
    uint32_t at(double x, double y) const
    {
        const int px = int((x - f.minX) / (f.maxX - f.minX) * f.width);
        const int py = int((f.maxY - y) / (f.maxY - f.minY) * f.height);
        return pixels[size_t(py) * size_t(f.width) + size_t(px)];
    }
};

Frame draw(const gdal::Raster &r, double minX, double minY, double maxX, double maxY, int w, int h)
{
    Frame out;
    out.pixels.assign(size_t(w) * size_t(h), 0xdeadbeef);
    out.f.minX = minX;
    out.f.minY = minY;
    out.f.maxX = maxX;
    out.f.maxY = maxY;
    out.f.width = w;
    out.f.height = h;
    out.f.pixels = out.pixels.data();
    QString error;
    if (!r.draw(&out.f, &error))
        qWarning() << error;
    return out;
}

} // namespace

class TestGdalRaster : public QObject
{
    Q_OBJECT
private slots:
    void describesTheRaster();
    void blocksAtTheirPlaces_data();
    void blocksAtTheirPlaces();
    void overviewByScale_data();
    void overviewByScale();
    void readsOnlyTheVisibleWindow();
    void alphaIsTransparent();
    void badFiles_data();
    void badFiles();

private:
    QTemporaryDir m_dir;
    QString file(const QString &name, const Spec &spec)
    {
        const QString path = m_dir.filePath(name);
        if (!QFile::exists(path))
            [&] { QVERIFY(rastertest::write(path, spec)); }();
        return path;
    }
    static Spec utm()
    {
        Spec s;
        s.epsg = 32651;
        s.west = 300000;
        s.north = 1440000;
        s.pixel = 100;
        return s;
    }
};

void TestGdalRaster::describesTheRaster()
{
    QString error;
    const auto r = gdal::Raster::open(file(QStringLiteral("wgs84.tif"), Spec()), &error);
    QVERIFY2(r, qPrintable(error));
    const gdal::RasterInfo &i = r->info();
    QCOMPARE(i.width, 400);
    QCOMPARE(i.height, 400);
    QCOMPARE(i.layout, QStringLiteral("RGB"));
    QCOMPARE(i.overviews.size(), size_t(3));
    QCOMPARE(i.overviews[0], std::make_pair(200, 200));
    QCOMPARE(i.overviews[2], std::make_pair(50, 50));
    QVERIFY(std::abs(i.minX - mx(120)) < 1);
    QVERIFY(std::abs(i.maxX - mx(124)) < 1);
    QVERIFY(std::abs(i.minY - my(10)) < 1);
    QVERIFY(std::abs(i.maxY - my(14)) < 1);
}

void TestGdalRaster::blocksAtTheirPlaces_data()
{
    QTest::addColumn<bool>("projected");
    QTest::newRow("EPSG:4326") << false;
    QTest::newRow("EPSG:32651 (UTM 51N)") << true;
}

void TestGdalRaster::blocksAtTheirPlaces()
{
    QFETCH(bool, projected);
    const Spec spec = projected ? utm() : Spec();
    QString error;
    const auto r = gdal::Raster::open(
        file(projected ? QStringLiteral("utm.tif") : QStringLiteral("wgs84.tif"), spec), &error);
    QVERIFY2(r, qPrintable(error));
    const gdal::RasterInfo &i = r->info();
    // A frame around the raster with a margin, about one frame pixel per raster pixel.
    const double mw = (i.maxX - i.minX) * 0.1, mh = (i.maxY - i.minY) * 0.1;
    const Frame fr = draw(*r, i.minX - mw, i.minY - mh, i.maxX + mw, i.maxY + mh, 480, 480);
    QCOMPARE(fr.f.level, -1);
    // Each block's centre, and points 1.5 raster pixels either side of the line
    // between west and east blocks, in the file's coordinates.
    const double w = spec.width * spec.pixel, h = spec.height * spec.pixel;
    for (int b = 0; b < 4; ++b) {
        const double x = spec.west + (b % 2 ? 0.75 : 0.25) * w;
        const double y = spec.north - (b < 2 ? 0.25 : 0.75) * h;
        const auto [lon, lat] = rastertest::toLonLat(spec.epsg, x, y);
        QCOMPARE(Rgb::of(fr.at(mx(lon), my(lat))), rastertest::blockColours()[size_t(b)]);
        for (int side : {-1, 1}) {
            const auto [elon, elat] =
                rastertest::toLonLat(spec.epsg, spec.west + w / 2 + side * 1.5 * spec.pixel, y);
            const int expected = (b < 2 ? 0 : 2) + (side < 0 ? 0 : 1);
            QCOMPARE(Rgb::of(fr.at(mx(elon), my(elat))),
                     rastertest::blockColours()[size_t(expected)]);
        }
    }
    // Outside the raster: untouched-transparent.
    QCOMPARE(fr.pixels.front(), 0u);
    QCOMPARE(fr.pixels.back(), 0u);
}

void TestGdalRaster::overviewByScale_data()
{
    QTest::addColumn<int>("width"); // frame pixels across the raster's 400
    QTest::addColumn<int>("level");
    QTest::newRow("800 px: full resolution") << 800 << -1;
    QTest::newRow("400 px: full resolution") << 400 << -1;
    QTest::newRow("150 px: 1/2") << 150 << 0;
    QTest::newRow("100 px: 1/4") << 100 << 1;
    QTest::newRow("60 px: 1/4") << 60 << 1;
    QTest::newRow("50 px: 1/8") << 50 << 2;
    QTest::newRow("20 px: 1/8, the coarsest") << 20 << 2;
}

void TestGdalRaster::overviewByScale()
{
    QFETCH(int, width);
    QFETCH(int, level);
    QString error;
    const auto r = gdal::Raster::open(file(QStringLiteral("utm.tif"), utm()), &error);
    QVERIFY2(r, qPrintable(error));
    const gdal::RasterInfo &i = r->info();
    const Frame fr = draw(*r, i.minX, i.minY, i.maxX, i.maxY, width, width);
    QCOMPARE(fr.f.level, level);
    // The north-west block is where it belongs at every level.
    const auto [lon, lat] = rastertest::toLonLat(32651, 310000, 1430000);
    QCOMPARE(Rgb::of(fr.at(mx(lon), my(lat))), rastertest::blockColours()[0]);
}

void TestGdalRaster::readsOnlyTheVisibleWindow()
{
    QString error;
    const auto r = gdal::Raster::open(file(QStringLiteral("wgs84.tif"), Spec()), &error);
    QVERIFY2(r, qPrintable(error));
    // A quarter degree square in the south-east block, at 4 frame pixels per raster pixel.
    const Frame fr = draw(*r, mx(123.5), my(10.5), mx(123.75), my(10.75), 100, 100);
    QCOMPARE(fr.f.level, -1);
    QVERIFY2(fr.f.window[2] <= 30 && fr.f.window[3] <= 30,
             qPrintable(QStringLiteral("window %1 x %2").arg(fr.f.window[2]).arg(fr.f.window[3])));
    QVERIFY(fr.f.window[0] >= 345 && fr.f.window[1] >= 320);
    QCOMPARE(Rgb::of(fr.pixels[5050]), rastertest::blockColours()[3]);
}

void TestGdalRaster::alphaIsTransparent()
{
    Spec s;
    s.bands = 4;
    QString error;
    const auto r = gdal::Raster::open(file(QStringLiteral("rgba.tif"), s), &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->info().layout, QStringLiteral("RGBA"));
    const gdal::RasterInfo &i = r->info();
    const Frame fr = draw(*r, i.minX, i.minY, i.maxX, i.maxY, 400, 400);
    QCOMPARE(fr.at(mx(122), my(12)), 0u); // the middle ninth has alpha 0
    QCOMPARE(Rgb::of(fr.at(mx(120.5), my(13.5))), rastertest::blockColours()[0]);
}

void TestGdalRaster::badFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << QStringLiteral("missing.tif") << QStringLiteral("no such file");
    QTest::newRow("not a raster") << QStringLiteral("junk.tif")
                                  << QStringLiteral("not a raster GDAL can read");
    QTest::newRow("no georeference")
        << QStringLiteral("nogeo.tif") << QStringLiteral("has no georeference");
    QTest::newRow("five bands") << QStringLiteral("five.tif")
                                << QStringLiteral("has 5 bands and none is marked red");
    QTest::newRow("truncated") << QStringLiteral("truncated.tif") << QStringLiteral("");
}

void TestGdalRaster::badFiles()
{
    QFETCH(QString, name);
    QFETCH(QString, reason);
    const QString path = m_dir.filePath(name);
    if (name == QLatin1String("junk.tif")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("II*\0 this is not really a TIFF at all, just bytes", 50);
    } else if (name == QLatin1String("nogeo.tif")) {
        Spec s;
        s.georeferenced = false;
        QVERIFY(rastertest::write(path, s));
    } else if (name == QLatin1String("five.tif")) {
        Spec s;
        s.bands = 5;
        QVERIFY(rastertest::write(path, s));
    } else if (name == QLatin1String("truncated.tif")) {
        Spec s;
        s.overviews.clear();
        s.compress = "DEFLATE";
        s.colour = [](int x, int y) { return Rgb {(x * 7) % 256, (y * 13) % 256, (x ^ y) % 256}; };
        QVERIFY(rastertest::write(path, s));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        // The header and tile index stay (GDAL writes them first), the tiles are cut.
        QVERIFY(f.resize(f.size() / 3));
    }
    QString error;
    const auto r = gdal::Raster::open(path, &error);
    if (r) {
        // Opened (the header survived): the frame fails to read, with the reason.
        QVERIFY(reason.isEmpty());
        const gdal::RasterInfo &i = r->info();
        std::vector<uint32_t> pixels(400 * 400);
        gdal::RasterFrame f {i.minX, i.minY, i.maxX, i.maxY, 400, 400, pixels.data()};
        QVERIFY(!r->draw(&f, &error));
        QVERIFY2(error.contains(QStringLiteral("cannot read its pixels")), qPrintable(error));
    } else if (!reason.isEmpty()) {
        QVERIFY2(error.contains(reason), qPrintable(error));
    }
    QVERIFY2(error.startsWith(path + QStringLiteral(": ")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestGdalRaster)
#include "tst_gdalraster.moc"

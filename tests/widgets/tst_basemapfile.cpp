// The prepared basemap (basemap-*.bin, written at build time from the TopoJSON): the
// same geometry as the TopoJSON gives, the same pictures, paths built only for the
// pieces a view draws, and a clear error, never a crash, for a bad file.
#include "map/basemap.h"
#include "map/basemaplayer.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <cstring>

namespace {
QString jsonFolder()
{
    return QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/basemap");
}

std::shared_ptr<const Basemap::Level> fromJson(Basemap::Detail detail)
{
    static const char *const suffix[] = {"110m", "50m", "10m"};
    const QString s = QLatin1String(suffix[int(detail)]);
    QString error;
    auto level =
        Basemap::buildLevel(detail, jsonFolder() + QStringLiteral("/land-%1.json").arg(s),
                            jsonFolder() + QStringLiteral("/countries-%1.json").arg(s), &error);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return level;
}

QString preparedFile(Basemap::Detail detail)
{
    return QDir(Basemap::resourcesFolder()).filePath(Basemap::preparedFileName(detail));
}

// Exactly equal: same elements, bit for bit (QPainterPath::operator== allows a
// relative error of 1e-12).
bool samePath(const QPainterPath &a, const QPainterPath &b, QString *why)
{
    if (a.fillRule() != b.fillRule() || a.elementCount() != b.elementCount()) {
        *why = QStringLiteral("%1 vs %2 elements").arg(a.elementCount()).arg(b.elementCount());
        return false;
    }
    for (int i = 0; i < a.elementCount(); ++i) {
        const QPainterPath::Element e = a.elementAt(i), f = b.elementAt(i);
        if (e.type != f.type || std::memcmp(&e.x, &f.x, sizeof e.x) != 0
            || std::memcmp(&e.y, &f.y, sizeof e.y) != 0) {
            *why = QStringLiteral("element %1: (%2, %3) vs (%4, %5)")
                       .arg(i)
                       .arg(e.x, 0, 'g', 17)
                       .arg(e.y, 0, 'g', 17)
                       .arg(f.x, 0, 'g', 17)
                       .arg(f.y, 0, 'g', 17);
            return false;
        }
    }
    return a == b;
}

QImage draw(const Basemap::Level &level, const MapViewport &v)
{
    QImage image(v.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(BasemapLayer::seaColor());
    QPainter p(&image);
    BasemapLayer::paintLevel(p, level, v);
    return image;
}

QByteArray bytesOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}
} // namespace

class TestBasemapFile : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sameAsTopoJson_data();
    void sameAsTopoJson();
    void samePictures_data();
    void samePictures();
    void piecesInViewOnly();
    void onDemand();
    void onRequest();
    void badFiles_data();
    void badFiles();
    void badFileInFolder();

private:
    std::array<std::shared_ptr<const Basemap::Level>, Basemap::kDetailCount> m_json;
};

void TestBasemapFile::initTestCase()
{
    QVERIFY2(!Basemap::resourcesFolder().isEmpty(), "the build wrote no prepared basemap");
    for (int i = 0; i < Basemap::kDetailCount; ++i) {
        m_json[size_t(i)] = fromJson(Basemap::Detail(i));
        QVERIFY(m_json[size_t(i)]);
    }
}

void TestBasemapFile::sameAsTopoJson_data()
{
    QTest::addColumn<Basemap::Detail>("detail");
    QTest::newRow("110m") << Basemap::Detail::Low;
    QTest::newRow("50m") << Basemap::Detail::Medium;
    QTest::newRow("10m") << Basemap::Detail::High;
}

// The installed form holds what the TopoJSON gives, piece by piece, and is what
// writing the TopoJSON's level gives now (a prepared file older than the code that cuts
// the TopoJSON would differ).
void TestBasemapFile::sameAsTopoJson()
{
    QFETCH(Basemap::Detail, detail);
    const Basemap::Level &json = *m_json[size_t(detail)];
    QString error;
    const auto prepared = Basemap::readPrepared(preparedFile(detail), &error);
    QVERIFY2(prepared, qPrintable(error));
    QCOMPARE(prepared->detail, detail);
    QCOMPARE(prepared->vertexCount, json.vertexCount);
    QCOMPARE(prepared->builtPieceCount(), 0);
    const std::pair<const std::vector<Basemap::Piece> *, const std::vector<Basemap::Piece> *>
        kinds[] = {{&json.land, &prepared->land},
                   {&json.coast, &prepared->coast},
                   {&json.borders, &prepared->borders}};
    for (const auto &[a, b] : kinds) {
        QVERIFY(!a->empty());
        QCOMPARE(b->size(), a->size());
        for (size_t i = 0; i < a->size(); ++i) {
            QCOMPARE((*b)[i].bounds, (*a)[i].bounds);
            QString why;
            QVERIFY2(samePath((*b)[i].path(), (*a)[i].path(), &why),
                     qPrintable(QStringLiteral("piece %1: %2").arg(i).arg(why)));
        }
    }
    QCOMPARE(prepared->builtPieceCount(),
             int(prepared->land.size() + prepared->coast.size() + prepared->borders.size()));

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString written = tmp.filePath(QStringLiteral("level.bin"));
    QVERIFY2(Basemap::writePrepared(json, written, &error), qPrintable(error));
    QVERIFY(bytesOf(written) == bytesOf(preparedFile(detail)));
}

void TestBasemapFile::samePictures_data()
{
    QTest::addColumn<MapViewport>("view");
    QTest::newRow("world, 110m") << MapViewport(20, 0, 2.6, QSize(1600, 1000));
    QTest::newRow("regional, 50m") << MapViewport(31, 123.5, 5, QSize(1600, 1000));
    QTest::newRow("close, 10m") << MapViewport(31.2, 121.8, 9, QSize(1600, 1000));
    QTest::newRow("antimeridian, 50m") << MapViewport(60, 180, 3, QSize(1600, 1000));
    QTest::newRow("antimeridian, 10m") << MapViewport(-17, 180, 6, QSize(1600, 1000));
    QTest::newRow("street level, 10m") << MapViewport(1.26, 103.84, 16, QSize(800, 500));
}

// Pixel for pixel what the level built from the TopoJSON draws.
void TestBasemapFile::samePictures()
{
    QFETCH(MapViewport, view);
    const Basemap::Detail detail = Basemap::detailForZoom(view.zoom());
    QString error;
    const auto prepared = Basemap::readPrepared(preparedFile(detail), &error);
    QVERIFY2(prepared, qPrintable(error));
    const QImage want = draw(*m_json[size_t(detail)], view);
    const QImage got = draw(*prepared, view);
    QVERIFY(got == want);
    // Not a picture of the sea alone.
    bool land = false;
    for (int y = 0; y < want.height() && !land; y += 4) {
        for (int x = 0; x < want.width() && !land; x += 4)
            land = want.pixelColor(x, y) == BasemapLayer::landColor();
    }
    QVERIFY(land);
}

// A close view builds the paths of the pieces it draws and no others.
void TestBasemapFile::piecesInViewOnly()
{
    QString error;
    const auto level = Basemap::readPrepared(preparedFile(Basemap::Detail::High), &error);
    QVERIFY2(level, qPrintable(error));
    QCOMPARE(level->builtPieceCount(), 0);
    const MapViewport view(31.2, 121.8, 9, QSize(1600, 1000));
    draw(*level, view);
    const int total = int(level->land.size() + level->coast.size() + level->borders.size());
    const int built = level->builtPieceCount();
    QVERIFY(built > 0);
    QVERIFY2(built * 20 < total, qPrintable(QStringLiteral("%1 of %2").arg(built).arg(total)));
    // The view in world units (0..256), with the margin the layer culls with.
    const double scale = view.worldSize() / WebMercator::kTileSize;
    const QPointF centre =
        WebMercator::toWorld(view.centerLat(), view.centerLon()) * WebMercator::kTileSize;
    const QSizeF half = QSizeF(view.size()) / scale / 2.0;
    const QRectF inView(centre - QPointF(half.width(), half.height()), half * 2.0);
    const QRectF nearView = inView.adjusted(-3 / scale, -3 / scale, 3 / scale, 3 / scale);
    for (const auto *pieces : {&level->land, &level->coast, &level->borders}) {
        for (const Basemap::Piece &p : *pieces) {
            const QRectF b = p.bounds.adjusted(0, 0, 1e-9, 1e-9); // lines may be flat
            if (b.intersects(inView))
                QVERIFY(p.isBuilt());
            if (p.isBuilt())
                QVERIFY(b.intersects(nearView));
        }
    }
}

// The command line's basemap: nothing in the background, only the level asked for.
void TestBasemapFile::onDemand()
{
    Basemap b;
    b.loadOnDemand(Basemap::resourcesFolder());
    QVERIFY(!b.isLoaded(Basemap::Detail::Low));
    QSignalSpy loaded(&b, &Basemap::levelLoaded);
    QVERIFY(b.waitFor(Basemap::Detail::High));
    QVERIFY(!b.isLoaded(Basemap::Detail::Low));
    QVERIFY(!b.isLoaded(Basemap::Detail::Medium));
    QCOMPARE(b.levelForZoom(1.0), b.level(Basemap::Detail::High)); // the nearest loaded
    QVERIFY(!b.isFinished());
    QVERIFY(b.waitFor(Basemap::Detail::Low));
    QVERIFY(b.waitFor(Basemap::Detail::Medium));
    QVERIFY(b.isFinished());
    QVERIFY(b.error().isEmpty());
    QTRY_COMPARE(loaded.size(), 3);
}

// The window's basemap: the coarse level at once, a finer one when a view asks for it.
void TestBasemapFile::onRequest()
{
    Basemap b;
    QSignalSpy loaded(&b, &Basemap::levelLoaded);
    b.loadOnRequest(Basemap::resourcesFolder());
    QTRY_VERIFY(b.isFinished());
    QVERIFY(b.isLoaded(Basemap::Detail::Low));
    QVERIFY(!b.isLoaded(Basemap::Detail::Medium));
    QVERIFY(!b.isLoaded(Basemap::Detail::High));
    // Drawing a close view asks for 10m; until it is in, the layer draws 110m.
    BasemapLayer layer(&b);
    QSignalSpy changed(&layer, &MapLayer::changed);
    const MapViewport close(31.2, 121.8, 9, QSize(400, 300));
    QImage image(close.size(), QImage::Format_ARGB32_Premultiplied);
    {
        QPainter p(&image);
        layer.paint(p, close, RenderOptions());
    }
    QTRY_VERIFY(b.isLoaded(Basemap::Detail::High));
    QTRY_VERIFY(!changed.isEmpty()); // the layer repaints with it
    QVERIFY(!b.isLoaded(Basemap::Detail::Medium));
    QTRY_VERIFY(b.isFinished());
    QVERIFY(b.waitFor(Basemap::Detail::Medium)); // a wait is a request
    QTRY_COMPARE(loaded.size(), 3); // queued to this thread
    QVERIFY(b.error().isEmpty());
}

void TestBasemapFile::badFiles_data()
{
    const QByteArray good = bytesOf(preparedFile(Basemap::Detail::Low));
    QVERIFY(good.size() > 1000);
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("why");
    const auto flipped = [&](qsizetype at) {
        QByteArray b = good;
        b[at] = char(b[at] ^ 0x10);
        return b;
    };
    QTest::newRow("empty") << QByteArray() << QStringLiteral("truncated");
    QTest::newRow("half a header") << good.left(30) << QStringLiteral("truncated");
    QTest::newRow("header only") << good.left(64) << QStringLiteral("truncated");
    QTest::newRow("half") << good.left(good.size() / 2) << QStringLiteral("truncated");
    QTest::newRow("a byte short") << good.left(good.size() - 1) << QStringLiteral("truncated");
    QTest::newRow("a byte more") << good + '\0' << QStringLiteral("damaged");
    QTest::newRow("TopoJSON") << bytesOf(jsonFolder() + QStringLiteral("/land-110m.json"))
                              << QStringLiteral("not a prepared basemap");
    QTest::newRow("magic") << flipped(0) << QStringLiteral("not a prepared basemap");
    QTest::newRow("version") << flipped(8) << QStringLiteral("another version");
    QTest::newRow("level") << flipped(16) << QStringLiteral("damaged");
    QTest::newRow("vertex count") << flipped(20) << QStringLiteral("damaged");
    QTest::newRow("piece count") << flipped(24) << QStringLiteral("damaged");
    QTest::newRow("element count") << flipped(40) << QStringLiteral("damaged");
    QTest::newRow("piece table") << flipped(64 + 40) << QStringLiteral("damaged");
    QTest::newRow("a coordinate") << flipped(good.size() / 2) << QStringLiteral("damaged");
    QTest::newRow("an element type") << flipped(good.size() - 20) << QStringLiteral("damaged");
    QTest::newRow("the checksum") << flipped(56) << QStringLiteral("damaged");
}

// A damaged or foreign file is refused with a reason that names it; nothing is drawn
// from it.
void TestBasemapFile::badFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, why);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(Basemap::preparedFileName(Basemap::Detail::Low));
    QVERIFY(writeBytes(path, bytes));
    QString error;
    QVERIFY(!Basemap::readPrepared(path, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(why), qPrintable(error));

    QVERIFY(!Basemap::readPrepared(tmp.filePath(QStringLiteral("none.bin")), &error));
    QVERIFY2(error.contains(QLatin1String("missing")), qPrintable(error));
}

// In the application: the level with a bad file is missing and the error says why, the
// others load.
void TestBasemapFile::badFileInFolder()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    for (int i = 0; i < Basemap::kDetailCount; ++i) {
        const QString name = Basemap::preparedFileName(Basemap::Detail(i));
        QVERIFY(QFile::copy(preparedFile(Basemap::Detail(i)), tmp.filePath(name)));
    }
    const QString medium = tmp.filePath(Basemap::preparedFileName(Basemap::Detail::Medium));
    QVERIFY(writeBytes(medium, bytesOf(medium).left(5000)));
    QVERIFY(QFile::remove(tmp.filePath(Basemap::preparedFileName(Basemap::Detail::High))));

    Basemap b;
    QSignalSpy finished(&b, &Basemap::finished);
    b.load(tmp.path());
    QVERIFY(finished.wait(20000));
    QVERIFY(b.isLoaded(Basemap::Detail::Low));
    QVERIFY(!b.isLoaded(Basemap::Detail::Medium));
    QVERIFY(!b.isLoaded(Basemap::Detail::High));
    QVERIFY2(b.error().contains(medium) && b.error().contains(QLatin1String("truncated")),
             qPrintable(b.error()));
    QVERIFY(!b.waitFor(Basemap::Detail::High));
    QCOMPARE(b.levelForZoom(9.0), b.level(Basemap::Detail::Low));
}

QTEST_MAIN(TestBasemapFile)
#include "tst_basemapfile.moc"

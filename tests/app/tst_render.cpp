#include "clirun.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <cmath>

// `rendezvous render` as a user runs it: the real binary with no display, its exit
// codes, and the pixels of the PNG it writes. This suite links no Qt Gui, so it reads
// the PNG itself (zlib through qUncompress): the check does not share code with the
// program it checks.
namespace {
using clirun::data;

using clirun::Run;

Run run(const QStringList &args)
{
    return clirun::run(QStringList {QStringLiteral("render")} + args);
}

// An 8-bit RGB or RGBA, non-interlaced PNG, decoded to RGB triples.
struct Png
{
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;
    bool ok = false;
    QString error;
    std::array<int, 3> at(int x, int y) const
    {
        const size_t i = (size_t(y) * width + x) * 3;
        return {rgb[i], rgb[i + 1], rgb[i + 2]};
    }
};

Png readPng(const QString &path)
{
    Png png;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        png.error = QStringLiteral("cannot open");
        return png;
    }
    const QByteArray bytes = f.readAll();
    if (!bytes.startsWith("\x89PNG\r\n\x1a\n")) {
        png.error = QStringLiteral("not a PNG");
        return png;
    }
    int depth = 0, colorType = 0, interlace = 0;
    QByteArray idat;
    for (qsizetype pos = 8; pos + 12 <= bytes.size();) {
        const quint32 len = qFromBigEndian<quint32>(bytes.constData() + pos);
        const QByteArray type = bytes.mid(pos + 4, 4);
        const char *d = bytes.constData() + pos + 8;
        if (type == "IHDR") {
            png.width = int(qFromBigEndian<quint32>(d));
            png.height = int(qFromBigEndian<quint32>(d + 4));
            depth = uint8_t(d[8]);
            colorType = uint8_t(d[9]);
            interlace = uint8_t(d[12]);
        } else if (type == "IDAT") {
            idat.append(d, len);
        } else if (type == "IEND") {
            break;
        }
        pos += 12 + len;
    }
    if (depth != 8 || (colorType != 2 && colorType != 6) || interlace != 0) {
        png.error = QStringLiteral("unsupported PNG: depth %1, colour type %2, interlace %3")
                        .arg(depth)
                        .arg(colorType)
                        .arg(interlace);
        return png;
    }
    const int bpp = colorType == 6 ? 4 : 3;
    const qsizetype stride = qsizetype(png.width) * bpp;
    QByteArray sized(4, Qt::Uninitialized); // qUncompress wants the size up front
    qToBigEndian<quint32>(quint32((stride + 1) * png.height), sized.data());
    const QByteArray raw = qUncompress(sized + idat);
    if (raw.size() != (stride + 1) * png.height) {
        png.error = QStringLiteral("bad image data");
        return png;
    }
    std::vector<uint8_t> cur(stride), prev(stride, 0);
    png.rgb.resize(size_t(png.width) * png.height * 3);
    for (int y = 0; y < png.height; ++y) {
        const auto *line = reinterpret_cast<const uint8_t *>(raw.constData()) + y * (stride + 1);
        const int filter = line[0];
        for (qsizetype i = 0; i < stride; ++i) {
            const int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i],
                      c = i >= bpp ? prev[i - bpp] : 0;
            int pred = 0;
            switch (filter) {
            case 1:
                pred = a;
                break;
            case 2:
                pred = b;
                break;
            case 3:
                pred = (a + b) / 2;
                break;
            case 4: {
                const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b),
                          pc = std::abs(p - c);
                pred = (pa <= pb && pa <= pc) ? a : pb <= pc ? b : c;
                break;
            }
            default:
                break;
            }
            cur[i] = uint8_t(line[1 + i] + pred);
        }
        for (int x = 0; x < png.width; ++x)
            for (int k = 0; k < 3; ++k)
                png.rgb[(size_t(y) * png.width + x) * 3 + k] = cur[size_t(x) * bpp + k];
        std::swap(cur, prev);
    }
    png.ok = true;
    return png;
}

// Web Mercator written out again, independently of the widgets' code: pixel of a
// position in a view fitted to [west, east] x [south, north] with no margin.
struct View
{
    double zoom, cx, cy, w, h;
    static double mercY(double lat)
    {
        const double s = std::sin(lat * M_PI / 180);
        return 0.5 - std::log((1 + s) / (1 - s)) / (4 * M_PI);
    }
    View(double west, double south, double east, double north, double width, double height)
        : w(width), h(height)
    {
        if (east < west)
            east += 360;
        const double x0 = (west + 180) / 360, x1 = (east + 180) / 360;
        const double y0 = mercY(north), y1 = mercY(south);
        zoom = std::min(std::log2(w / ((x1 - x0) * 256)), std::log2(h / ((y1 - y0) * 256)));
        cx = (x0 + x1) / 2;
        cy = (y0 + y1) / 2;
    }
    QPointF pixel(double lat, double lon) const
    {
        const double world = 256 * std::pow(2.0, zoom);
        double x = (lon + 180) / 360 - cx;
        x -= std::round(x); // nearest copy of the world
        return {w / 2 + x * world, h / 2 + (mercY(lat) - cy) * world};
    }
};

int differingNear(const Png &a, const Png &b, QPointF p, int radius)
{
    int n = 0;
    for (int y = int(p.y()) - radius; y <= int(p.y()) + radius; ++y)
        for (int x = int(p.x()) - radius; x <= int(p.x()) + radius; ++x)
            if (x >= 0 && y >= 0 && x < a.width && y < a.height && a.at(x, y) != b.at(x, y))
                ++n;
    return n;
}
} // namespace

class TestRender : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void writesRequestedSize_data();
    void writesRequestedSize();
    void eventsOnBothSidesOfTheAntimeridian();
    void fitsTheDataByDefault();
    void overlaysUnderTheEvents();
    void tracksWithTheEvents();
    void errors_data();
    void errors();
    void deadTileServerFallsBack();
    void exportFormats();
    void defaultPageHasTheCaption();

private:
    QTemporaryDir m_dir;
};

void TestRender::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestRender::writesRequestedSize_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("default") << QStringList() << 1600 << 1000;
    QTest::newRow("640x400 no basemap")
        << QStringList {QStringLiteral("--size"), QStringLiteral("640x400"),
                        QStringLiteral("--basemap"), QStringLiteral("none")}
        << 640 << 400;
    QTest::newRow("tall, East China Sea")
        << QStringList {QStringLiteral("--size"), QStringLiteral("300X500"),
                        QStringLiteral("--bbox"), QStringLiteral("118,24,132,36")}
        << 300 << 500;
}

void TestRender::writesRequestedSize()
{
    QFETCH(QStringList, extra);
    QFETCH(int, width);
    QFETCH(int, height);
    const QString out = m_dir.filePath(QStringLiteral("%1.png").arg(QTest::currentDataTag()));
    const Run r =
        run(QStringList {data(QStringLiteral("csv/gfw_encounters.csv")), QStringLiteral("-o"), out}
            + extra);
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(r.out.contains("4 of 4 transfers"));
    // The page's caption, with the status bar's figures (tests/widgets/tst_export checks
    // it is the window export's, word for word).
    QVERIFY2(r.out.contains("\ncaption: 4 of 4 transfers \xc2\xb7 ")
                 && r.out.contains(" vessels\n"),
             r.out.constData());
    const Png png = readPng(out);
    QVERIFY2(png.ok, qPrintable(png.error));
    QCOMPARE(png.width, width);
    QCOMPARE(png.height, height);
    // Mostly sea (#dfe8ef) or land, never an empty (black or transparent) image.
    int sea = 0, black = 0;
    for (int y = 0; y < png.height; y += 5)
        for (int x = 0; x < png.width; x += 5) {
            const auto c = png.at(x, y);
            sea += (c == std::array<int, 3> {0xdf, 0xe8, 0xef}) ? 1 : 0;
            black += (c[0] + c[1] + c[2] < 30) ? 1 : 0;
        }
    QVERIFY(sea > 0);
    QVERIFY(black < (png.width / 5) * (png.height / 5) / 50);
}

// The Pacific sample has events at 179.5°E, 179.5°W (given as 180.5) and 179°W. A view
// across 180° must draw all three where they are. Events are found as the pixels that
// change when the events are filtered out, so the test does not depend on the style.
void TestRender::eventsOnBothSidesOfTheAntimeridian()
{
    const QString with = m_dir.filePath(QStringLiteral("pacific.png"));
    const QString without = m_dir.filePath(QStringLiteral("pacific-empty.png"));
    const QStringList common {
        data(QStringLiteral("csv/pacific_0_360.csv")), QStringLiteral("--size"),
        QStringLiteral("800x600"), QStringLiteral("--bbox"), QStringLiteral("177,-18,-177,-13"),
        QStringLiteral("--basemap"), QStringLiteral("none"),
        // No caption line: the map fills the image, where View expects it.
        QStringLiteral("--decorations"), QStringLiteral("legend,scale,graticule,attribution")};
    Run r = run(common + QStringList {QStringLiteral("-o"), with});
    QVERIFY2(r.code == 0, r.err.constData());
    r = run(common
            + QStringList {QStringLiteral("-o"), without, QStringLiteral("--from"),
                           QStringLiteral("2030-01-01")});
    QVERIFY2(r.code == 0, r.err.constData());
    const Png a = readPng(with), b = readPng(without);
    QVERIFY(a.ok && b.ok);
    const View view(177, -18, -177, -13, 800, 600);
    const QPointF p1 = view.pixel(-15, 179.5), p2 = view.pixel(-15.5, 180.5),
                  p3 = view.pixel(-16, -179);
    QVERIFY(p1.x() < 400 && p2.x() > 400 && p3.x() > p2.x()); // both sides of 180°
    for (const QPointF &p : {p1, p2, p3})
        QVERIFY2(differingNear(a, b, p, 3) >= 9,
                 qPrintable(QStringLiteral("no event drawn at %1,%2").arg(p.x()).arg(p.y())));
    // ... and nothing where there is no event (the legend aside, top right).
    QCOMPARE(differingNear(a, b, view.pixel(-14, 178), 20), 0);
    QCOMPARE(differingNear(a, b, view.pixel(-17, -178), 20), 0);
}

void TestRender::fitsTheDataByDefault()
{
    // Fitted to the data, every event is inside the image: off-view events would leave
    // the with/without difference empty at their place.
    const QString with = m_dir.filePath(QStringLiteral("fit.png"));
    const QString without = m_dir.filePath(QStringLiteral("fit-empty.png"));
    const QStringList common {data(QStringLiteral("csv/pacific_0_360.csv")),
                              QStringLiteral("--size"), QStringLiteral("600x400"),
                              QStringLiteral("--basemap"), QStringLiteral("none")};
    QCOMPARE(run(common + QStringList {QStringLiteral("-o"), with}).code, 0);
    QCOMPARE(run(common
                 + QStringList {QStringLiteral("-o"), without, QStringLiteral("--from"),
                                QStringLiteral("2030-01-01")})
                 .code,
             0);
    const Png a = readPng(with), b = readPng(without);
    QVERIFY(a.ok && b.ok);
    // The events span 179.5°E..179°W, 15..16°S: the fitted view is centred on them.
    int changedCentre = 0;
    for (int y = 100; y < 300; ++y)
        for (int x = 150; x < 450; ++x)
            changedCentre += a.at(x, y) != b.at(x, y) ? 1 : 0;
    QVERIFY(changedCentre > 20);
}

// --overlay draws a vector file as the window's overlay layer: the box from 170°E to
// 170°W (across 180°) is tinted inside, on both sides of the antimeridian, and the map
// is untouched outside it; the events still draw over it.
void TestRender::overlaysUnderTheEvents()
{
    const QString with = m_dir.filePath(QStringLiteral("overlay.png"));
    const QString without = m_dir.filePath(QStringLiteral("overlay-none.png"));
    const QStringList common {
        data(QStringLiteral("csv/pacific_0_360.csv")), QStringLiteral("--size"),
        QStringLiteral("800x600"), QStringLiteral("--bbox"), QStringLiteral("160,-32,-160,-2"),
        QStringLiteral("--basemap"), QStringLiteral("none"),
        // No caption line: the map fills the image, where View expects it.
        QStringLiteral("--decorations"), QStringLiteral("legend,scale,graticule,attribution")};
    Run r = run(common
                + QStringList {QStringLiteral("-o"), with, QStringLiteral("--overlay"),
                               data(QStringLiteral("overlay/antimeridian.geojson")),
                               QStringLiteral("--overlay"),
                               data(QStringLiteral("overlay/square.geojson"))});
    QVERIFY2(r.code == 0, r.err.constData());
    r = run(common + QStringList {QStringLiteral("-o"), without});
    QVERIFY2(r.code == 0, r.err.constData());
    const Png a = readPng(with), b = readPng(without);
    QVERIFY(a.ok && b.ok);
    const View view(160, -32, -160, -2, 800, 600);
    for (const auto &[lat, lon] : {std::pair {-20.0, 172.0},
                                   {-20.0, 179.8},
                                   {-20.0, -179.8},
                                   {-12.0, -172.0},
                                   {-23.0, 175.0}}) {
        const QPointF p = view.pixel(lat, lon);
        const auto in = a.at(int(p.x()), int(p.y())), sea = b.at(int(p.x()), int(p.y()));
        // Tinted: darker than the bare sea, and not grey.
        QVERIFY2(in != sea && in[0] + in[1] + in[2] < sea[0] + sea[1] + sea[2] - 30,
                 qPrintable(QStringLiteral("no overlay at %1,%2").arg(lat).arg(lon)));
    }
    for (const auto &[lat, lon] : {std::pair {-28.0, 165.0}, {-5.0, -165.0}, {-28.0, -165.0}}) {
        const QPointF p = view.pixel(lat, lon);
        QCOMPARE(differingNear(a, b, p, 4), 0);
    }
    // The events draw over the overlay: with them filtered out, the tint shows there.
    const QString noEvents = m_dir.filePath(QStringLiteral("overlay-no-events.png"));
    r = run(common
            + QStringList {QStringLiteral("-o"), noEvents, QStringLiteral("--from"),
                           QStringLiteral("2030-01-01"), QStringLiteral("--overlay"),
                           data(QStringLiteral("overlay/antimeridian.geojson"))});
    QVERIFY2(r.code == 0, r.err.constData());
    const Png c = readPng(noEvents);
    QVERIFY(c.ok);
    QVERIFY(differingNear(a, c, view.pixel(-15, 179.5), 3) >= 9);
    QCOMPARE(differingNear(a, c, view.pixel(-22, 172), 4), 0); // same tint, no event
}

// --tracks draws an AIS file's tracks, cut to --from/--to; a bad file fails the picture.
void TestRender::tracksWithTheEvents()
{
    const QString with = m_dir.filePath(QStringLiteral("tracks.png"));
    const QString without = m_dir.filePath(QStringLiteral("tracks-none.png"));
    const QString later = m_dir.filePath(QStringLiteral("tracks-later.png"));
    const QStringList common {data(QStringLiteral("csv/pacific_0_360.csv")),
                              QStringLiteral("--size"), QStringLiteral("800x600"),
                              QStringLiteral("--bbox"), QStringLiteral("-80.2,24.8,-79.7,25.2"),
                              QStringLiteral("--basemap"), QStringLiteral("none"),
                              // No caption line: the map fills the image, where View expects it.
                              QStringLiteral("--decorations"),
                              QStringLiteral("legend,scale,graticule,attribution")};
    const QString ais = data(QStringLiteral("ais/marinecadastre_tracks.csv"));
    Run r = run(common + QStringList {QStringLiteral("-o"), with, QStringLiteral("--tracks"), ais});
    QVERIFY2(r.code == 0, r.err.constData());
    r = run(common + QStringList {QStringLiteral("-o"), without});
    QVERIFY2(r.code == 0, r.err.constData());
    // The same tracks with a window that starts after the vessel passed.
    r = run(common
            + QStringList {QStringLiteral("-o"), later, QStringLiteral("--tracks"), ais,
                           QStringLiteral("--from"), QStringLiteral("2022-03-31T00:25:00")});
    QVERIFY2(r.code == 0, r.err.constData());
    const Png a = readPng(with), b = readPng(without), c = readPng(later);
    QVERIFY(a.ok && b.ok && c.ok);
    const View view(-80.2, 24.8, -79.7, 25.2, 800, 600);
    // The vessel steamed east along 25 N from 80 W to 79.89 W.
    for (double lon : {-79.98, -79.95, -79.92})
        QVERIFY2(differingNear(a, b, view.pixel(25.0, lon), 2) > 0,
                 qPrintable(QStringLiteral("no track at 25, %1").arg(lon)));
    QCOMPARE(differingNear(a, b, view.pixel(24.9, -79.95), 4), 0);
    QCOMPARE(differingNear(c, b, view.pixel(25.0, -79.95), 4), 0);

    r = run(common
            + QStringList {QStringLiteral("-o"), m_dir.filePath(QStringLiteral("x.png")),
                           QStringLiteral("--tracks"), data(QStringLiteral("ais/none.csv"))});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--tracks") && r.err.contains("none.csv"), r.err.constData());
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.png"))));
}

void TestRender::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    const QString csv = data(QStringLiteral("csv/gfw_encounters.csv"));
    const QString out = QDir::temp().filePath(QStringLiteral("tst_render_never.png"));
    QTest::newRow("no output") << QStringList {csv} << 1;
    QTest::newRow("no file") << QStringList {QStringLiteral("-o"), out} << 1;
    QTest::newRow("bad size") << QStringList {csv, QStringLiteral("-o"), out,
                                              QStringLiteral("--size"), QStringLiteral("big")}
                              << 1;
    QTest::newRow("huge size") << QStringList {csv, QStringLiteral("-o"), out,
                                               QStringLiteral("--size"), QStringLiteral("99999x10")}
                               << 1;
    QTest::newRow("bad basemap") << QStringList {csv, QStringLiteral("-o"), out,
                                                 QStringLiteral("--basemap"),
                                                 QStringLiteral("satellite")}
                                 << 1;
    QTest::newRow("fit and bbox") << QStringList {csv,
                                                  QStringLiteral("-o"),
                                                  out,
                                                  QStringLiteral("--fit"),
                                                  QStringLiteral("--bbox"),
                                                  QStringLiteral("118,24,132,36")}
                                  << 1;
    QTest::newRow("bad bbox") << QStringList {csv, QStringLiteral("-o"), out,
                                              QStringLiteral("--bbox"), QStringLiteral("1,2,3")}
                              << 1;
    QTest::newRow("unknown colour field")
        << QStringList {csv, QStringLiteral("-o"), out, QStringLiteral("--color-by"),
                        QStringLiteral("no_such_column")}
        << 1;
    QTest::newRow("unknown image type")
        << QStringList {csv, QStringLiteral("-o"),
                        QDir::temp().filePath(QStringLiteral("tst_render.xyz"))}
        << 1;
    QTest::newRow("bad paper") << QStringList {csv, QStringLiteral("-o"), out,
                                               QStringLiteral("--paper"), QStringLiteral("B5")}
                               << 1;
    QTest::newRow("size and paper") << QStringList {csv,
                                                    QStringLiteral("-o"),
                                                    out,
                                                    QStringLiteral("--paper"),
                                                    QStringLiteral("A4"),
                                                    QStringLiteral("--size"),
                                                    QStringLiteral("100x100")}
                                    << 1;
    QTest::newRow("bad dpi") << QStringList {csv, QStringLiteral("-o"), out,
                                             QStringLiteral("--dpi"), QStringLiteral("5000")}
                             << 1;
    QTest::newRow("paper too big at dpi") << QStringList {csv,
                                                          QStringLiteral("-o"),
                                                          out,
                                                          QStringLiteral("--paper"),
                                                          QStringLiteral("A3"),
                                                          QStringLiteral("--dpi"),
                                                          QStringLiteral("1200")}
                                          << 1;
    QTest::newRow("bad decoration")
        << QStringList {csv, QStringLiteral("-o"), out, QStringLiteral("--decorations"),
                        QStringLiteral("legend,compass")}
        << 1;
    QTest::newRow("missing export settings")
        << QStringList {csv, QStringLiteral("-o"), out, QStringLiteral("--export-settings"),
                        data(QStringLiteral("csv/does_not_exist.json"))}
        << 1;
    QTest::newRow("missing input")
        << QStringList {data(QStringLiteral("csv/does_not_exist.csv")), QStringLiteral("-o"), out}
        << 2;
    QTest::newRow("missing overlay")
        << QStringList {csv, QStringLiteral("-o"), out, QStringLiteral("--overlay"),
                        data(QStringLiteral("overlay/does_not_exist.geojson"))}
        << 2;
    QTest::newRow("unreadable overlay")
        << QStringList {csv, QStringLiteral("-o"), out, QStringLiteral("--overlay"),
                        data(QStringLiteral("junk/truncated.geojson"))}
        << 2;
    // --project: a damaged or newer project is an input error naming it, never a
    // picture of something else; the project's own filters exclude the CLI's.
    for (const char *name : {"damaged.rvz", "newer.rvz", "wrongformat.rvz"}) {
        const QString project = data(QStringLiteral("projects/") + QLatin1String(name));
        QTest::newRow(qPrintable(QStringLiteral("project ") + QLatin1String(name)))
            << QStringList {csv, QStringLiteral("-o"), out, QStringLiteral("--project"), project}
            << 2;
    }
    QTest::newRow("project and --from") << QStringList {csv,
                                                        QStringLiteral("-o"),
                                                        out,
                                                        QStringLiteral("--project"),
                                                        data(QStringLiteral("projects/valid.rvz")),
                                                        QStringLiteral("--from"),
                                                        QStringLiteral("2018-01-01")}
                                        << 1;
    QTest::newRow("unwritable output")
        << QStringList {csv, QStringLiteral("-o"),
                        QStringLiteral("/nonexistent-dir/rendezvous/out.png"),
                        QStringLiteral("--basemap"), QStringLiteral("none")}
        << 3;
}

void TestRender::errors()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    const Run r = run(args);
    QVERIFY2(r.code == code, r.err.constData());
    QVERIFY(!r.err.isEmpty());
    // The one line names what could not be read.
    const qsizetype overlay = args.indexOf(QStringLiteral("--overlay"));
    if (overlay >= 0)
        QVERIFY2(r.err.contains(QFile::encodeName(args.at(overlay + 1))), r.err.constData());
    const qsizetype project = args.indexOf(QStringLiteral("--project"));
    if (project >= 0 && code == 2)
        QVERIFY2(r.err.contains(QFile::encodeName(args.at(project + 1))), r.err.constData());
    QVERIFY(!QFile::exists(QDir::temp().filePath(QStringLiteral("tst_render_never.png"))));
}

// A tile server that refuses connections must not hang the command: the vector
// basemap shows instead and the image is written.
void TestRender::deadTileServerFallsBack()
{
    const QString out = m_dir.filePath(QStringLiteral("tiles.png"));
    const Run r =
        run({data(QStringLiteral("csv/gfw_encounters.csv")), QStringLiteral("-o"), out,
             QStringLiteral("--size"), QStringLiteral("400x300"), QStringLiteral("--basemap"),
             QStringLiteral("tiles"), QStringLiteral("--tile-url"),
             QStringLiteral("http://127.0.0.1:9/{z}/{x}/{y}.png")});
    QVERIFY2(r.code == 0, r.err.constData());
    const Png png = readPng(out);
    QVERIFY(png.ok);
    QCOMPARE(png.width, 400);
}

// Every format from the suffix; PDF on a page of the paper size, SVG with text, GeoTIFF
// (magic bytes here; tests/widgets/tst_export checks the georeference through GDAL).
void TestRender::exportFormats()
{
    const QString csv = data(QStringLiteral("csv/gfw_encounters.csv"));
    const QStringList common {QStringLiteral("--basemap"),     QStringLiteral("none"),
                              QStringLiteral("--title"),       QStringLiteral("Encounters"),
                              QStringLiteral("--decorations"), QStringLiteral("all")};
    const struct
    {
        const char *name;
        QStringList size;
        QByteArray magic;
    } cases[] = {
        {"a.pdf",
         {QStringLiteral("--paper"), QStringLiteral("Letter"), QStringLiteral("--dpi"),
          QStringLiteral("72")},
         "%PDF-"},
        {"a.svg", {QStringLiteral("--size"), QStringLiteral("400x300")}, "<?xml"},
        {"a.tif", {QStringLiteral("--size"), QStringLiteral("400x300")}, "II*"},
        {"a.jpg", {QStringLiteral("--size"), QStringLiteral("400x300")}, "\xff\xd8"},
    };
    for (const auto &c : cases) {
        const QString out = m_dir.filePath(QLatin1String(c.name));
        const Run r = run(QStringList {csv, QStringLiteral("-o"), out} + common + c.size);
        QVERIFY2(r.code == 0, r.err.constData());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY2(bytes.startsWith(c.magic), c.name);
        if (QByteArray(c.name) == "a.pdf") {
            // Letter portrait: 612 x 792 points.
            QVERIFY(bytes.contains("/MediaBox [0 0 612.000000 792.000000]"));
            QVERIFY(r.out.contains("612x792"));
        }
        if (QByteArray(c.name) == "a.svg")
            QVERIFY(bytes.contains("Encounters</text>"));
    }
}

// Without --decorations the page carries the caption the window's export draws: the
// time window and the figures, the line `render` prints after "caption:".
void TestRender::defaultPageHasTheCaption()
{
    const QString out = m_dir.filePath(QStringLiteral("caption.svg"));
    const Run r = run({data(QStringLiteral("csv/gfw_encounters.csv")), QStringLiteral("-o"), out,
                       QStringLiteral("--basemap"), QStringLiteral("none"),
                       QStringLiteral("--size"), QStringLiteral("800x500")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QString printed = QString::fromUtf8(r.out);
    const int at = printed.indexOf(QStringLiteral("caption: "));
    QVERIFY(at >= 0);
    const QString caption = printed.mid(at + 9).section(QLatin1Char('\n'), 0, 0).trimmed();
    QVERIFY2(caption.contains(QStringLiteral(" transfers")), qPrintable(caption));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString svg = QString::fromUtf8(f.readAll());
    QVERIFY2(svg.contains(caption.toHtmlEscaped()), qPrintable(caption));
}

QTEST_GUILESS_MAIN(TestRender)
#include "tst_render.moc"

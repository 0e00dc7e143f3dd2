// The export: every format opens and is what it claims (PNG/JPEG size, PDF page size
// and text, SVG <text>, GeoTIFF georeference through GDAL), the decorations appear
// where they belong, a failed write leaves the old file, a 6000x4000 PNG works, the
// dialog's settings and preview, and `rendezvous render` writes the same pixels as the
// export of the window's (snapshot) scene for the same settings.
#include "export/exportdialog.h"
#include "export/exportrenderer.h"
#include "export/exportscene.h"
#include "export/exportwriter.h"
#include "imagediff.h"
#include "io/eventreader.h"
#include "map/basemap.h"
#include "map/eventlayer.h"
#include "map/maplayerset.h"
#include "spatialindex.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QXmlStreamReader>

#include <cmath>
#include <gdal.h>
#include <memory>
#include <ogr_srs_api.h>

#include "screenshots.h"

namespace {
const QString kSample =
    QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
const GeoBox kEastChinaSea {118, 24, 132, 36};

int64_t utc(int y, int m, int d, bool endOfDay = false)
{
    const QDateTime t(QDate(y, m, d), endOfDay ? QTime(23, 59, 59, 999) : QTime(0, 0),
                      QTimeZone::utc());
    return t.toMSecsSinceEpoch();
}

// Bounding box of the pixels where two images of one size differ.
QRect diffBox(const QImage &a, const QImage &b)
{
    QRect box;
    const QImage x = a.convertToFormat(QImage::Format_RGB32),
                 y = b.convertToFormat(QImage::Format_RGB32);
    for (int r = 0; r < x.height(); ++r) {
        const auto *p = reinterpret_cast<const QRgb *>(x.constScanLine(r));
        const auto *q = reinterpret_cast<const QRgb *>(y.constScanLine(r));
        for (int c = 0; c < x.width(); ++c)
            if (p[c] != q[c])
                box |= QRect(c, r, 1, 1);
    }
    return box;
}

int darkPixels(const QImage &image, const QRect &rect)
{
    int n = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            n += qGray(image.pixel(x, y)) < 120 ? 1 : 0;
    return n;
}

void metresToLatLon(double x, double y, double *lat, double *lon)
{
    *lon = x / WebMercator::kEarthRadius * 180 / M_PI;
    *lat = std::atan(std::sinh(y / WebMercator::kEarthRadius)) * 180 / M_PI;
}
} // namespace

class TestExport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void formatsOpen_data();
    void formatsOpen();
    void geoTiffGeoreference_data();
    void geoTiffGeoreference();
    void decorationsAppear();
    void printScalesWithDpi();
    void failedWriteKeepsOldFile();
    void largePng();
    void dialogSettingsAndPreview();
    void cliEqualsDialogExport();

private:
    std::unique_ptr<ExportScene>
    scene(RenderOptions::Basemap basemap = RenderOptions::Basemap::None);
    ExportSettings reportSettings() const;

    QTemporaryDir m_dir;
    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const SpatialIndex> m_index;
    TransferModel m_model;
    TransferFilter m_filter;
};

void TestExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("SOURCE_DATE_EPOCH", "1700000000"); // one export time for every picture
    const LoadResult r = EventReader::load(kSample, LoadOptions());
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    m_store = r.store;
    m_index = std::make_shared<const SpatialIndex>(*m_store);
    m_model.setStore(m_store);
    m_filter.setSourceModel(&m_model);
    m_filter.setTimeWindow(utc(2018, 1, 1), utc(2018, 1, 31, true));
    QVERIFY(m_filter.storeRows().size() > 5);
    QVERIFY(Basemap::instance()->waitFor(Basemap::Detail::Low)); // the overview's land
}

// The scene as the window's snapshot makes it: a live layer set with the filtered
// events, copied by ExportScene::snapshot, a 1200x800 view of the East China Sea.
std::unique_ptr<ExportScene> TestExport::scene(RenderOptions::Basemap basemap)
{
    MapLayerSet live;
    RenderOptions options;
    options.basemap = basemap;
    live.applyOptions(options);
    live.events()->setData(m_store, m_index, m_filter.ascendingStoreRows());
    MapViewport view(20, 0, 0, QSize(1200, 800));
    view.fitBox(kEastChinaSea.west, kEastChinaSea.south, kEastChinaSea.east, kEastChinaSea.north,
                0);
    ExportContext context;
    context.filters = FilterCaption::fromFilter(m_filter);
    context.dataFile = kSample;
    return ExportScene::snapshot(live, view, options, context);
}

ExportSettings TestExport::reportSettings() const
{
    ExportSettings s;
    s.sizeMode = ExportSettings::SizeMode::Paper;
    s.paper = ExportSettings::Paper::A4;
    s.landscape = true;
    s.dpi = 72;
    s.title = QStringLiteral("Ship-to-ship transfers, East China Sea");
    s.subtitle = QStringLiteral("January 2018");
    return s;
}

void TestExport::formatsOpen_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("png") << int(ExportSettings::Format::Png);
    QTest::newRow("jpg") << int(ExportSettings::Format::Jpeg);
    QTest::newRow("pdf") << int(ExportSettings::Format::Pdf);
    QTest::newRow("svg") << int(ExportSettings::Format::Svg);
    QTest::newRow("tif") << int(ExportSettings::Format::GeoTiff);
}

void TestExport::formatsOpen()
{
    QFETCH(int, format);
    ExportSettings s = reportSettings();
    s.format = ExportSettings::Format(format);
    auto sc = scene();
    const QString path =
        m_dir.filePath(QStringLiteral("open.") + ExportSettings::formatName(s.format));
    QString error;
    QVERIFY2(exportwriter::write(s, *sc, path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const QSize px = s.outputPixels(); // A4 landscape at 72 dpi: 842 x 595
    QCOMPARE(px, QSize(842, 595));
    switch (s.format) {
    case ExportSettings::Format::Png:
    case ExportSettings::Format::Jpeg:
    case ExportSettings::Format::GeoTiff: {
        QImageReader reader(path);
        if (s.format != ExportSettings::Format::GeoTiff || reader.canRead()) {
            const QImage image = reader.read();
            QVERIFY2(!image.isNull(), qPrintable(reader.errorString()));
            QCOMPARE(image.size(), px);
        }
        break;
    }
    case ExportSettings::Format::Pdf: {
        QVERIFY(bytes.startsWith("%PDF-"));
        static const QRegularExpression box(
            QStringLiteral("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)\\s*\\]"));
        const QRegularExpressionMatch m = box.match(QString::fromLatin1(bytes));
        QVERIFY(m.hasMatch());
        // A4 landscape in points: 841.89 x 595.28.
        QVERIFY2(std::abs(m.captured(1).toDouble() - 841.89) < 1, qPrintable(m.captured(0)));
        QVERIFY2(std::abs(m.captured(2).toDouble() - 595.28) < 1, qPrintable(m.captured(0)));
        QVERIFY(bytes.contains("/Type /Font") || bytes.contains("/Type/Font")); // real text
        break;
    }
    case ExportSettings::Format::Svg: {
        QXmlStreamReader xml(bytes);
        int texts = 0;
        QString all;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement
                && xml.name() == QLatin1String("text")) {
                ++texts;
                all += xml.readElementText(QXmlStreamReader::IncludeChildElements);
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(texts >= 5);
        QVERIFY2(all.contains(s.title), qPrintable(all.left(300)));
        QVERIFY(all.contains(QStringLiteral("Cargo"))); // the legend
        QVERIFY(QSvgRenderer(path).isValid());
        break;
    }
    }
}

void TestExport::geoTiffGeoreference_data()
{
    QTest::addColumn<bool>("framed");
    QTest::newRow("map only") << false;
    QTest::newRow("A4 with title block") << true;
}

// GDAL reads the file back, in this process: its size, three bands holding the picture
// the export renders, EPSG:3857, and a geotransform that puts the map's corner pixels
// on the view's corners, within a pixel.
void TestExport::geoTiffGeoreference()
{
    QFETCH(bool, framed);
    ExportSettings s = framed ? reportSettings() : ExportSettings();
    if (!framed) {
        s.pixelSize = QSize(900, 600);
        s.decorations.filters = false;
    }
    s.format = ExportSettings::Format::GeoTiff;
    auto sc = scene();
    const QString path = m_dir.filePath(QStringLiteral("geo.tif"));
    QString error;
    QVERIFY2(exportwriter::write(s, *sc, path, &error), qPrintable(error));

    GDALAllRegister();
    const std::unique_ptr<void, void (*)(void *)> ds(
        GDALOpen(QFile::encodeName(path).constData(), GA_ReadOnly),
        [](void *d) { GDALClose(GDALDatasetH(d)); });
    QVERIFY2(ds, CPLGetLastErrorMsg());
    QCOMPARE(QString::fromLatin1(GDALGetDriverShortName(GDALGetDatasetDriver(ds.get()))),
             QStringLiteral("GTiff"));
    const QSize size = s.outputPixels();
    QCOMPARE(GDALGetRasterXSize(ds.get()), size.width());
    QCOMPARE(GDALGetRasterYSize(ds.get()), size.height());
    QCOMPARE(GDALGetRasterCount(ds.get()), 3);
    OGRSpatialReferenceH srs = OSRClone(GDALGetSpatialRef(ds.get()));
    QVERIFY(srs);
    OSRAutoIdentifyEPSG(srs);
    const QString authority = QString::fromLatin1(OSRGetAuthorityName(srs, nullptr));
    const QString code = QString::fromLatin1(OSRGetAuthorityCode(srs, nullptr));
    OSRDestroySpatialReference(srs);
    QCOMPARE(authority + QLatin1Char(':') + code, QStringLiteral("EPSG:3857"));
    double gt[6] = {};
    QCOMPARE(GDALGetGeoTransform(ds.get(), gt), CE_None);
    QCOMPARE(gt[2], 0.0); // north up, no rotation
    QCOMPARE(gt[4], 0.0);

    // The pixels are the export's picture: the centre, the map's and the page's corners.
    const QImage expected = exportwriter::renderImage(s, *sc).convertToFormat(QImage::Format_RGB32);
    QCOMPARE(expected.size(), size);
    for (const QPoint p : {QPoint(size.width() / 2, size.height() / 2), QPoint(2, 2),
                           QPoint(size.width() - 3, size.height() - 3),
                           QPoint(size.width() / 3, size.height() * 2 / 3)}) {
        int rgb[3] = {};
        for (int band = 0; band < 3; ++band) {
            GByte value = 0;
            QCOMPARE(GDALRasterIO(GDALGetRasterBand(ds.get(), band + 1), GF_Read, p.x(), p.y(), 1,
                                  1, &value, 1, 1, GDT_Byte, 0, 0),
                     CE_None);
            rgb[band] = value;
        }
        const QRgb want = expected.pixel(p);
        const int worst = std::max({std::abs(rgb[0] - qRed(want)), std::abs(rgb[1] - qGreen(want)),
                                    std::abs(rgb[2] - qBlue(want))});
        QVERIFY2(worst <= 12,
                 qPrintable(QStringLiteral("pixel %1,%2: %3 %4 %5, expected %6")
                                .arg(p.x())
                                .arg(p.y())
                                .arg(rgb[0])
                                .arg(rgb[1])
                                .arg(rgb[2])
                                .arg(QColor(want).name())));
    }

    const ExportRenderer::Layout l = ExportRenderer::layout(s, *sc);
    QCOMPARE(l.framed, framed);
    const MapViewport &vp = l.viewport;
    const double k = s.scale();
    for (const QPointF corner : {QPointF(0, 0), QPointF(vp.size().width(), vp.size().height())}) {
        const QPointF device = (l.map.topLeft() + corner) * k;
        double lat = 0, lon = 0, wantLat = 0, wantLon = 0;
        metresToLatLon(gt[0] + device.x() * gt[1], gt[3] + device.y() * gt[5], &lat, &lon);
        vp.toLatLon(corner, &wantLat, &wantLon);
        // One device pixel in degrees at this zoom.
        const double pixelDeg = 360 / (vp.worldSize() * k);
        QVERIFY2(std::abs(lon - wantLon) < pixelDeg, qPrintable(QString::number(lon - wantLon)));
        QVERIFY2(std::abs(lat - wantLat) < pixelDeg, qPrintable(QString::number(lat - wantLat)));
    }
    // The view asked for lies inside the map (its extent is kept whole).
    double north = 0, west = 0, south = 0, east = 0;
    vp.toLatLon(QPointF(0, 0), &north, &west);
    vp.toLatLon(QPointF(vp.size().width(), vp.size().height()), &south, &east);
    QVERIFY(west <= kEastChinaSea.west + 0.01 && east >= kEastChinaSea.east - 0.01);
    QVERIFY(south <= kEastChinaSea.south + 0.01 && north >= kEastChinaSea.north - 0.01);
}

// Each decoration changes the picture where it belongs, and nowhere else.
void TestExport::decorationsAppear()
{
    ExportSettings all = reportSettings();
    all.dpi = 96;
    auto sc = scene();
    const QImage full = exportwriter::renderImage(all, *sc);
    const ExportRenderer::Layout l = ExportRenderer::layout(all, *sc);
    const QRect map = l.map.toAlignedRect();
    const auto without = [&](bool ExportSettings::Decorations::*member) {
        ExportSettings s = all;
        s.decorations.*member = false;
        return exportwriter::renderImage(s, *sc);
    };
    // North arrow: beside the scale bar, bottom left of the map.
    const QRect arrow = diffBox(full, without(&ExportSettings::Decorations::northArrow));
    QVERIFY(!arrow.isEmpty());
    QVERIFY2(arrow.left() < map.center().x() && arrow.top() > map.center().y(),
             qPrintable(QStringLiteral("%1,%2").arg(arrow.left()).arg(arrow.top())));
    QVERIFY(arrow.width() < 40 && arrow.height() < 60);
    // Overview: bottom right.
    const QRect inset = diffBox(full, without(&ExportSettings::Decorations::inset));
    QVERIFY(!inset.isEmpty());
    QVERIFY(inset.left() > map.center().x() && inset.top() > map.center().y());
    QVERIFY(inset.width() >= 100);
    // Legend: top right.
    const QRect legend = diffBox(full, without(&ExportSettings::Decorations::legend));
    QVERIFY(!legend.isEmpty());
    QVERIFY(legend.left() > map.center().x() && legend.bottom() < map.center().y());
    // Credits and time: the bottom-right corner of the map.
    const QRect time = diffBox(full, without(&ExportSettings::Decorations::exportTime));
    QVERIFY(!time.isEmpty());
    QVERIFY(time.bottom() <= map.bottom() && time.bottom() > map.bottom() - 40);
    QVERIFY(time.right() <= map.right() && time.right() > map.right() - 20);
    // Scale bar: bottom left.
    const QRect bar = diffBox(full, without(&ExportSettings::Decorations::scaleBar));
    QVERIFY(!bar.isEmpty() && bar.right() < map.center().x() && bar.top() > map.center().y());
    // The title block: dark text above the map; none without title, subtitle, filters.
    QVERIFY(!l.header.isEmpty());
    QVERIFY(darkPixels(full, l.header.toAlignedRect()) > 200);
    ExportSettings bare = all;
    bare.decorations.title = bare.decorations.subtitle = bare.decorations.filters = false;
    const ExportRenderer::Layout lb = ExportRenderer::layout(bare, *sc);
    QVERIFY(lb.header.isEmpty());
    QVERIFY(lb.map.top() < l.header.bottom()); // the map takes the room
    const QImage plain = exportwriter::renderImage(bare, *sc);
    QCOMPARE(darkPixels(plain, QRect(0, 0, plain.width(), int(lb.map.top()) - 1)), 0);
}

// At twice the DPI the page has twice the pixels and shows the same layout: text and
// markers twice as large, the same ground in the map.
void TestExport::printScalesWithDpi()
{
    ExportSettings a = reportSettings(), b = reportSettings();
    a.dpi = 96;
    b.dpi = 192;
    auto sc = scene();
    const ExportRenderer::Layout la = ExportRenderer::layout(a, *sc),
                                 lb = ExportRenderer::layout(b, *sc);
    QCOMPARE(la.map, lb.map);
    QCOMPARE(la.viewport, lb.viewport);
    const QImage ia = exportwriter::renderImage(a, *sc), ib = exportwriter::renderImage(b, *sc);
    // Paper sizes round to whole pixels at each DPI.
    QVERIFY(std::abs(ib.width() - 2 * ia.width()) <= 1);
    QVERIFY(std::abs(ib.height() - 2 * ia.height()) <= 1);
    const QRect header = la.header.toAlignedRect();
    const int darkA = darkPixels(ia, header);
    const int darkB = darkPixels(ib, QRect(header.topLeft() * 2, header.size() * 2));
    QVERIFY2(darkB > 3 * darkA && darkB < 5 * darkA,
             qPrintable(QStringLiteral("%1 %2").arg(darkA).arg(darkB)));
}

void TestExport::failedWriteKeepsOldFile()
{
    const QString path = m_dir.filePath(QStringLiteral("keep.png"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("the old file");
    }
    auto sc = scene();
    std::atomic_bool cancel {true};
    exportwriter::Progress progress;
    progress.cancel = &cancel;
    QString error;
    for (auto format : {ExportSettings::Format::Png, ExportSettings::Format::Pdf}) {
        ExportSettings s;
        s.format = format;
        s.pixelSize = QSize(300, 200);
        QVERIFY(!exportwriter::write(s, *sc, path, &error, progress));
        QCOMPARE(error, QStringLiteral("cancelled"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("the old file"));
    }
    ExportSettings s;
    s.format = ExportSettings::Format::GeoTiff;
    s.pixelSize = QSize(300, 200);
    QVERIFY(!exportwriter::write(s, *sc, QStringLiteral("/nonexistent-dir/x/map.tif"), &error));
    QVERIFY2(error.contains(QStringLiteral("/nonexistent-dir/x/map.tif")), qPrintable(error));
    s.dpi = 5;
    QVERIFY(!exportwriter::write(s, *sc, path, &error));
    QVERIFY2(error.contains(QStringLiteral("DPI")), qPrintable(error));
}

void TestExport::largePng()
{
    ExportSettings s = reportSettings();
    s.sizeMode = ExportSettings::SizeMode::Pixels;
    s.pixelSize = QSize(6000, 4000);
    s.dpi = 300;
    auto sc = scene(RenderOptions::Basemap::Land);
    const QString path = m_dir.filePath(QStringLiteral("large.png"));
    QString error;
    QVERIFY2(exportwriter::write(s, *sc, path, &error), qPrintable(error));
    QImageReader reader(path);
    QCOMPARE(reader.size(), QSize(6000, 4000));
}

void TestExport::dialogSettingsAndPreview()
{
    auto sc = scene(RenderOptions::Basemap::Land);
    ExportDialog dialog(sc.get());
    ExportSettings s = reportSettings();
    s.format = ExportSettings::Format::Pdf;
    s.dpi = 300;
    s.decorations.exportTime = false;
    dialog.setSettings(s);
    QCOMPARE(dialog.settings(), s);
    dialog.setPath(m_dir.filePath(QStringLiteral("report.png")));
    QVERIFY(dialog.path().endsWith(QLatin1String("report.pdf"))); // follows the format
    dialog.updatePreview();
    const QImage before = dialog.previewImage();
    QVERIFY(!before.isNull());
    QCOMPARE(std::max(before.width(), before.height()), ExportDialog::kPreviewSide);
    // A4 landscape: the preview has the page's shape.
    QVERIFY(std::abs(double(before.width()) / before.height() - 297.0 / 210) < 0.01);
    // Typing a new title redraws the preview (after its short delay).
    auto *title = dialog.findChild<QLineEdit *>(QStringLiteral("title"));
    QVERIFY(title);
    title->setText(QStringLiteral("Another title"));
    QCOMPARE(dialog.settings().title, QStringLiteral("Another title"));
    QTRY_VERIFY(dialog.previewImage() != before);
    dialog.resize(dialog.sizeHint());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(saveScreenshot(dialog.grab(), QStringLiteral("export_dialog.png")));
}

// `rendezvous render` and the window's export (a snapshot of its layers, exported by
// the same writer) give the same pixels for the same settings, view and filters.
void TestExport::cliEqualsDialogExport()
{
    ExportSettings s = reportSettings();
    s.dpi = 96;
    s.decorations = ExportSettings::Decorations(); // everything, the export time included
    const QString settingsPath = m_dir.filePath(QStringLiteral("settings.json"));
    {
        QFile f(settingsPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(s.toJson()).toJson());
    }
    const QString cliPng = m_dir.filePath(QStringLiteral("cli.png"));
    QProcess cli;
    cli.start(QStringLiteral(RENDEZVOUS_BINARY),
              {QStringLiteral("render"), kSample, QStringLiteral("-o"), cliPng,
               QStringLiteral("--export-settings"), settingsPath, QStringLiteral("--bbox"),
               QStringLiteral("118,24,132,36"), QStringLiteral("--from"),
               QStringLiteral("2018-01-01"), QStringLiteral("--to"), QStringLiteral("2018-01-31"),
               QStringLiteral("--basemap"), QStringLiteral("none")});
    QVERIFY(cli.waitForFinished(120000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    const QString printed = QString::fromUtf8(cli.readAllStandardOutput());

    // The window's side: its filter, a snapshot of its layers, the view the CLI fitted
    // (the --bbox fitted into the map frame, as render does).
    auto sc = scene();
    sc->view = MapViewport(20, 0, 0, ExportRenderer::layout(s, *sc).map.size().toSize());
    sc->view.fitBox(kEastChinaSea.west, kEastChinaSea.south, kEastChinaSea.east,
                    kEastChinaSea.north, 0);
    // The caption the CLI prints is the window export's, figures included.
    const QString caption = sc->context.filters.text();
    QVERIFY2(printed.contains(QStringLiteral("\ncaption: ") + caption + QLatin1Char('\n')),
             qPrintable(printed + QStringLiteral(" / ") + caption));
    QVERIFY(caption.endsWith(m_filter.summary().figuresText()));
    QVERIFY(caption.contains(QLatin1String(" bbl")) && caption.contains(QLatin1String("vessel")));
    const QString guiPng = m_dir.filePath(QStringLiteral("gui.png"));
    QString error;
    QVERIFY2(exportwriter::write(s, *sc, guiPng, &error), qPrintable(error));
    const QImage a(cliPng), b(guiPng);
    QCOMPARE(a.size(), b.size());
    // Equal, but for the antialiasing of a few graticule labels (imagediff.h).
    const ImageDiff d = imageDiff(a, b);
    if (d.differing > 0) { // for a look at what differs
        a.save(QDir::temp().filePath(QStringLiteral("tst_export_cli.png")));
        b.save(QDir::temp().filePath(QStringLiteral("tst_export_gui.png")));
    }
    qInfo("CLI vs window export: %d of %lld pixels differ, by at most %d levels", d.differing,
          qlonglong(a.width()) * a.height(), d.worst);
    QVERIFY(d.nearlyEqual(a));
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"

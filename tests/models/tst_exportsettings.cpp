// ExportSettings: the JSON the project file and the dialog keep (exact round trip,
// all-or-nothing on errors), the output size of a paper at a DPI; and FilterCaption,
// the filters in words under an export's title.
#include "exportsettings.h"
#include "filtercaption.h"
#include "io/eventreader.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

#include <cmath>

class TestExportSettings : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip();
    void defaultsFromEmpty();
    void rejects_data();
    void rejects();
    void paperPixels();
    void formatNames();
    void captionInWords();
    void captionFiguresAreTheStatusBars();
};

void TestExportSettings::roundTrip()
{
    ExportSettings s;
    s.format = ExportSettings::Format::GeoTiff;
    s.sizeMode = ExportSettings::SizeMode::Paper;
    s.pixelSize = QSize(1234, 567);
    s.paper = ExportSettings::Paper::Letter;
    s.landscape = false;
    s.dpi = 240;
    s.title = QStringLiteral("Transfers \u201cKATRIN\u201d, 2018");
    s.subtitle = QStringLiteral("East China Sea \u00b7 synthetic");
    s.decorations.legend = false;
    s.decorations.inset = false;
    s.decorations.exportTime = false;
    s.drawSelection = true;
    s.fitToEvents = true;
    // Through text, as the project file stores it.
    const QByteArray text = QJsonDocument(s.toJson()).toJson();
    ExportSettings back;
    QString error;
    QVERIFY2(ExportSettings::fromJson(QJsonDocument::fromJson(text).object(), &back, &error),
             qPrintable(error));
    QCOMPARE(back, s);
    QCOMPARE(back.toJson(), s.toJson());
    QVERIFY(back != ExportSettings());
}

void TestExportSettings::defaultsFromEmpty()
{
    ExportSettings s;
    s.title = QStringLiteral("changed");
    QString error;
    QVERIFY(ExportSettings::fromJson(QJsonObject(), &s, &error));
    QCOMPARE(s, ExportSettings());
    // A report shows the view without the window's selection unless asked.
    QVERIFY(!s.drawSelection);
    QVERIFY(!s.fitToEvents);
}

void TestExportSettings::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("format") << QByteArray(R"({"format":"bmp"})") << "format";
    QTest::newRow("size mode") << QByteArray(R"({"size":"huge"})") << "size";
    QTest::newRow("width type") << QByteArray(R"({"width":"wide"})") << "width";
    QTest::newRow("width fraction") << QByteArray(R"({"width":100.5})") << "width";
    QTest::newRow("too small") << QByteArray(R"({"width":3})") << "width";
    QTest::newRow("dpi") << QByteArray(R"({"dpi":5000})") << "DPI";
    QTest::newRow("paper") << QByteArray(R"({"paper":"B5"})") << "paper";
    QTest::newRow("orientation") << QByteArray(R"({"orientation":"sideways"})") << "orientation";
    QTest::newRow("title type") << QByteArray(R"({"title":42})") << "title";
    QTest::newRow("decorations type") << QByteArray(R"({"decorations":[]})") << "decorations";
    QTest::newRow("decoration value")
        << QByteArray(R"({"decorations":{"legend":"yes"}})") << "legend";
    QTest::newRow("selection type") << QByteArray(R"({"selection":1})") << "selection";
    QTest::newRow("fit type") << QByteArray(R"({"fitToEvents":"yes"})") << "fitToEvents";
    // A3 at 1200 dpi is 19843 pixels wide: more than an image may have.
    QTest::newRow("paper too big")
        << QByteArray(R"({"size":"paper","paper":"A3","dpi":1200})") << "pixels";
}

void TestExportSettings::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    ExportSettings s;
    s.title = QStringLiteral("kept");
    const ExportSettings before = s;
    QString error;
    QVERIFY(!ExportSettings::fromJson(QJsonDocument::fromJson(json).object(), &s, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QCOMPARE(s, before); // all or nothing
}

void TestExportSettings::paperPixels()
{
    ExportSettings s;
    s.sizeMode = ExportSettings::SizeMode::Paper;
    s.paper = ExportSettings::Paper::A4;
    s.landscape = false;
    s.dpi = 300;
    QCOMPARE(s.outputPixels(), QSize(2480, 3508));
    s.landscape = true;
    QCOMPARE(s.outputPixels(), QSize(3508, 2480));
    QCOMPARE(s.scale(), 300 / 96.0);
    // The same page in logical (96 dpi) pixels at any DPI: the layout does not change.
    QVERIFY(std::abs(s.logicalSize().width() - 297 / 25.4 * 96) < 0.2);
    s.dpi = 150;
    QVERIFY(std::abs(s.logicalSize().width() - 297 / 25.4 * 96) < 0.4);
    s.paper = ExportSettings::Paper::Letter;
    s.dpi = 100;
    QCOMPARE(s.outputPixels(), QSize(1100, 850));
    s.sizeMode = ExportSettings::SizeMode::Pixels;
    s.pixelSize = QSize(6000, 4000);
    QCOMPARE(s.outputPixels(), QSize(6000, 4000));
    QString error;
    QVERIFY(s.validate(&error));
}

void TestExportSettings::formatNames()
{
    using F = ExportSettings::Format;
    for (F f : {F::Png, F::Jpeg, F::Pdf, F::Svg, F::GeoTiff})
        QCOMPARE(ExportSettings::formatFromName(ExportSettings::formatName(f)), f);
    QCOMPARE(ExportSettings::formatFromName(QStringLiteral("JPEG")), F::Jpeg);
    QCOMPARE(ExportSettings::formatFromName(QStringLiteral("tiff")), F::GeoTiff);
    QVERIFY(!ExportSettings::formatFromName(QStringLiteral("bmp")));
}

void TestExportSettings::captionInWords()
{
    FilterCaption c;
    c.from = QDateTime(QDate(2018, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    c.to =
        QDateTime(QDate(2018, 1, 31), QTime(23, 59, 59, 999), QTimeZone::utc()).toMSecsSinceEpoch();
    c.polygon = true;
    c.search = QStringLiteral("KATRIN");
    c.figures.events = 195;
    c.figures.total = 2490;
    c.figures.volumeBbl = 38850974;
    c.figures.volumeUnknown = 16;
    c.figures.vessels = 218;
    // The figures as the status bar words them: count, barrels, vessels.
    QCOMPARE(c.text(),
             QStringLiteral("2018-01-01 \u2013 2018-01-31 UTC \u00b7 area: drawn polygon "
                            "\u00b7 search \u201cKATRIN\u201d \u00b7 195 of 2,490 "
                            "transfers \u00b7 38,850,974 bbl (16 with unknown volume) \u00b7 "
                            "218 vessels"));
    QVERIFY(c.text().endsWith(c.figures.figuresText()));
    FilterCaption d;
    d.to = QDateTime(QDate(2018, 3, 5), QTime(12, 30), QTimeZone::utc()).toMSecsSinceEpoch();
    d.box = GeoBox {118, 24, 132.5, 36};
    d.categories.insert(QStringLiteral("cargo"), {QStringLiteral("diesel"), QStringLiteral("")});
    d.figures.events = d.figures.total = 7;
    d.figures.volumeBbl = 12400;
    d.figures.vessels = 1;
    QCOMPARE(d.text(),
             QStringLiteral(
                 "until 2018-03-05 12:30 UTC \u00b7 area: 118\u00b0E \u2013 "
                 "132.5\u00b0E, 24\u00b0N \u2013 36\u00b0N \u00b7 cargo: "
                 "(blank), diesel \u00b7 7 of 7 transfers \u00b7 12,400 bbl \u00b7 1 vessel"));
    EventFilter f;
    f.text = QStringLiteral("  yu jong ");
    Summary three;
    three.events = 3;
    three.total = 10;
    three.volumeBbl = 1500.5;
    three.vessels = 4;
    QCOMPARE(FilterCaption::fromEventFilter(f, three).text(),
             QStringLiteral("search \u201cyu jong\u201d \u00b7 3 of 10 transfers \u00b7 "
                            "1,500.50 bbl \u00b7 4 vessels"));
}

// The caption of the window's export ends with the figures the status bar shows for the
// same filter (Summary::text() is the status bar's line): count, barrels, vessels.
void TestExportSettings::captionFiguresAreTheStatusBars()
{
    const LoadResult r =
        EventReader::load(QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/sts_dmy.csv"), LoadOptions());
    QVERIFY2(r.report.ok(), qPrintable(r.report.error));
    TransferModel model;
    model.setStore(r.store);
    TransferFilter filter;
    filter.setSourceModel(&model);
    const Summary all = filter.summary();
    QVERIFY(all.events > 1);
    filter.setTimeWindow(all.first, all.first + (all.last - all.first) / 2);
    const Summary shown = filter.summary();
    QVERIFY(shown.events > 0 && shown.events < all.events);
    const FilterCaption caption = FilterCaption::fromFilter(filter);
    // The status bar's line starts with the count and the figures.
    const QString figures = QStringLiteral("%1 of %2 transfers \u00b7 %3")
                                .arg(shown.events)
                                .arg(all.events)
                                .arg(shown.figuresText());
    QVERIFY2(shown.text().startsWith(figures), qPrintable(shown.text()));
    QVERIFY2(caption.text().endsWith(QStringLiteral(" \u00b7 ") + figures),
             qPrintable(caption.text()));
    QVERIFY(figures.contains(QLatin1String(" bbl")));
    QVERIFY(figures.contains(QLatin1String(" vessel")));
    QCOMPARE(caption.figures.bbox, shown.bbox);
}

QTEST_GUILESS_MAIN(TestExportSettings)
#include "tst_exportsettings.moc"

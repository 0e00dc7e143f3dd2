#include "mainwindowtesthelpers.h"

#include "docks/detailsdock.h"
#include "docks/eventsdock.h"
#include "filters/areafilter.h"
#include "map/mapview.h"
#include "map/mapviewport.h"
#include "mapui/mapcontroller.h"
#include "summary.h"
#include "transfermodel.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "eventloop.h"
#include "screenshots.h"

using namespace mainwindowtest;

// Issue 15, "Selection and the map" and the status bar's filter signs: the selection's
// figures beside the window's, Ctrl+C as TSV, exporting from the table as `rendezvous
// convert` writes, zoom to one event keeping its surroundings, Fit to Data on world-wide
// data showing one world, and the Details dock without its empty rows.
class TestSelection : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void mapViewFilterShowsInStatusBar();
    void selectionSummaryBesideWindow();
    void ctrlCCopiesRowsAsTsv();
    void exportMatchesConvert();
    void zoomToOneEventKeepsContext();
    void fitToWorldDataShowsOneWorld();
    void fitToAntimeridianDataStaysTight();
    void detailsHidesEmptyAndGroupsVessels();

private:
    QTemporaryDir m_settingsDir;
};

namespace {
QString label(const MainWindow &w, const char *name)
{
    const auto *l = w.findChild<QLabel *>(QLatin1String(name));
    return l && l->isVisible() ? l->text() : QString();
}

// Width of the map view on the ground, in km, at its centre.
double viewKm(const MapViewport &vp)
{
    return vp.metresPerPixel() * std::min(vp.size().width(), vp.size().height()) / 1000.0;
}

QString writeCsv(const QTemporaryDir &dir, const char *name, const QByteArray &text)
{
    const QString path = dir.filePath(QLatin1String(name));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        return {};
    return path;
}
} // namespace

void TestSelection::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
}

void TestSelection::mapViewFilterShowsInStatusBar()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    QCOMPARE(label(w, "filterSigns"), QString());
    w.areaFilter()->followViewAction()->setChecked(true);
    QTRY_VERIFY(w.filter()->criteria().bbox.has_value());
    QVERIFY2(label(w, "filterSigns").contains(QStringLiteral("map view only")),
             qPrintable(label(w, "filterSigns")));
    w.eventsDock()->searchBox()->setText(QStringLiteral("charlie"));
    QVERIFY(label(w, "filterSigns").contains(QStringLiteral("search \u201ccharlie\u201d")));
    QVERIFY(label(w, "filterSigns").contains(QStringLiteral("map view")));
    drainEvents();
    QVERIFY(saveScreenshot(w.statusBar()->grab(), QStringLiteral("statusbar_filters.png")));
    w.areaFilter()->followViewAction()->setChecked(false);
    QTRY_VERIFY(!label(w, "filterSigns").contains(QStringLiteral("map view")));
    w.eventsDock()->searchBox()->clear();
    QCOMPARE(label(w, "filterSigns"), QString());
}

void TestSelection::selectionSummaryBesideWindow()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    QCOMPARE(label(w, "selectionSummary"), QString());
    const int a = rowOfId(w, QStringLiteral("STS-001")), b = rowOfId(w, QStringLiteral("STS-003"));
    w.eventsDock()->selectStoreRow(a);
    w.eventsDock()->selectStoreRow(b, true);
    const Summary expected = Summary::compute(*w.model()->store(), {uint32_t(a), uint32_t(b)});
    QCOMPARE(label(w, "selectionSummary"), expected.selectionText());
    QCOMPARE(label(w, "selectionSummary"),
             QStringLiteral("Selected: 2 transfers · 12,400 bbl (1 with unknown volume) · "
                            "4 vessels"));
    // The window's own line is still there, beside it.
    QVERIFY2(label(w, "filterSummary").startsWith(QStringLiteral("4 of 4 transfers")),
             qPrintable(label(w, "filterSummary")));
    // A filter that drops a selected event drops it from the figures too.
    w.eventsDock()->searchBox()->setText(QStringLiteral("alpha"));
    QTRY_COMPARE(label(w, "selectionSummary"),
                 QStringLiteral("Selected: 1 transfer · 12,400 bbl · 2 vessels"));
    w.eventsDock()->searchBox()->setText(QStringLiteral("trader"));
    w.areaFilter()->followViewAction()->setChecked(true);
    w.resize(1600, 800); // a usual window: the 1,200 px of the tests elide the lines
    drainEvents();
    QTRY_COMPARE(w.statusBar()->width(), 1600);
    QVERIFY(saveScreenshot(w.statusBar()->grab(), QStringLiteral("statusbar_selection.png")));
    w.areaFilter()->followViewAction()->setChecked(false);
    w.eventsDock()->searchBox()->clear();
    w.eventsDock()->table()->clearSelection();
    QCOMPARE(label(w, "selectionSummary"), QString());
}

void TestSelection::ctrlCCopiesRowsAsTsv()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    QTableView *table = w.eventsDock()->table();
    QVERIFY(!w.eventsDock()->copyAction()->isEnabled());
    w.eventsDock()->selectStoreRow(rowOfId(w, QStringLiteral("STS-004")));
    w.eventsDock()->selectStoreRow(rowOfId(w, QStringLiteral("STS-002")), true);
    QVERIFY(w.eventsDock()->copyAction()->isEnabled());
    QApplication::clipboard()->clear();
    table->setFocus();
    QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
    const QStringList lines =
        QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3); // header and two rows
    // The header is the columns shown, in the order shown.
    QStringList header;
    for (int v = 0; v < table->horizontalHeader()->count(); ++v) {
        const int c = table->horizontalHeader()->logicalIndex(v);
        if (!table->isColumnHidden(c))
            header << table->model()->headerData(c, Qt::Horizontal).toString();
    }
    QCOMPARE(lines[0], header.join(QLatin1Char('\t')));
    const int idAt = int(header.indexOf(QStringLiteral("ID")));
    QVERIFY2(idAt >= 0, qPrintable(lines[0]));
    // Table order: STS-002 comes before STS-004.
    QCOMPARE(lines[1].split(QLatin1Char('\t')).at(idAt), QStringLiteral("STS-002"));
    QCOMPARE(lines[2].split(QLatin1Char('\t')).at(idAt), QStringLiteral("STS-004"));
    // "GOLF, HOTEL" stays one cell.
    QVERIFY(lines[2].split(QLatin1Char('\t')).contains(QStringLiteral("GOLF, HOTEL")));
    // Numbers as the file has them, not as the table rounds and groups them.
    QVERIFY2(lines[2].split(QLatin1Char('\t')).contains(QStringLiteral("20000.5")),
             qPrintable(lines[2]));
    QCOMPARE(lines[1].count(QLatin1Char('\t')), header.size() - 1);
}

void TestSelection::exportMatchesConvert()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MainWindow w;
    QVERIFY(showAndLoad(w));
    EventsDock *dock = w.eventsDock();
    QVERIFY(dock->exportFilteredAction()->isEnabled());
    QVERIFY(!dock->exportSelectedAction()->isEnabled());
    // The filtered events, as `rendezvous convert --search charlie` writes them.
    dock->searchBox()->setText(QStringLiteral("charlie"));
    QString error;
    const QString filtered = dir.filePath(QStringLiteral("filtered.csv"));
    QVERIFY2(dock->exportRows(w.filter()->ascendingStoreRows(), filtered, &error),
             qPrintable(error));
    const QString reference = dir.filePath(QStringLiteral("reference.csv"));
    QProcess cli;
    cli.start(QStringLiteral(RENDEZVOUS_BINARY),
              {QStringLiteral("convert"), fixture(), QStringLiteral("--search"),
               QStringLiteral("charlie"), QStringLiteral("-o"), reference});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    QFile a(filtered), b(reference);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    const QByteArray written = a.readAll();
    QCOMPARE(written, b.readAll());
    QVERIFY(written.contains("STS-002"));
    QVERIFY(!written.contains("STS-001"));

    // The selected events: those rows only, every column of the file.
    dock->searchBox()->clear();
    dock->selectStoreRow(rowOfId(w, QStringLiteral("STS-001")));
    dock->selectStoreRow(rowOfId(w, QStringLiteral("STS-004")), true);
    QVERIFY(dock->exportSelectedAction()->isEnabled());
    const QString selected = dir.filePath(QStringLiteral("selected.csv"));
    QVERIFY2(dock->exportRows(dock->selectedStoreRows(), selected, &error), qPrintable(error));
    QFile s(selected);
    QVERIFY(s.open(QIODevice::ReadOnly));
    const QByteArray text = s.readAll();
    QCOMPARE(text.count('\n'), 3); // header and two events
    QVERIFY(text.contains("STS-001") && text.contains("STS-004") && !text.contains("STS-002"));
}

void TestSelection::zoomToOneEventKeepsContext()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    w.eventsDock()->selectStoreRow(rowOfId(w, QStringLiteral("STS-003")));
    w.findChild<QAction *>(QStringLiteral("zoomToSelectionAction"))->trigger();
    const MapViewport &vp = w.map()->view()->viewport();
    // Tens of km around the event, not 1 km of open sea; centred on it.
    QVERIFY2(viewKm(vp) >= 50, qPrintable(QString::number(viewKm(vp))));
    QVERIFY2(viewKm(vp) <= 150, qPrintable(QString::number(viewKm(vp))));
    QVERIFY(std::abs(vp.centerLat() - 27.88) < 0.01);
    QVERIFY(std::abs(vp.centerLon() - 122.5) < 0.01);
    // A box already larger than that is fitted as it was.
    const GeoBox big {120, 20, 125, 30};
    const GeoBox kept = MapController::withMinimumExtent(big, 50);
    QCOMPARE(kept.west, big.west);
    QCOMPARE(kept.north, big.north);
    // Across the antimeridian the grown box wraps.
    const GeoBox dateline = MapController::withMinimumExtent(GeoBox {179.99, -17, 179.99, -17}, 50);
    QVERIFY(dateline.west > 179 && dateline.east < -179);
}

void TestSelection::fitToWorldDataShowsOneWorld()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray text = "event_id,start_time,latitude,longitude,vessel_a\n";
    int n = 0;
    for (double lat = -60; lat <= 70; lat += 10)
        for (double lon = -175; lon <= 175; lon += 25)
            text += "E" + QByteArray::number(++n) + ",2018-01-01T00:00:00Z,"
                + QByteArray::number(lat) + "," + QByteArray::number(lon) + ",V\n";
    const QString path = writeCsv(dir, "world.csv", text);
    QVERIFY(!path.isEmpty());
    MainWindow w;
    QVERIFY(showAndLoad(w, path));
    w.findChild<QAction *>(QStringLiteral("fitToDataAction"))->trigger();
    const MapViewport &vp = w.map()->view()->viewport();
    // One world across the view: no copy of it beside itself.
    QVERIFY2(vp.worldSize() >= vp.size().width() - 1,
             qPrintable(QStringLiteral("world %1 px in a %2 px view")
                            .arg(vp.worldSize())
                            .arg(vp.size().width())));
    QVERIFY(vp.worldSize() <= vp.size().width() * 1.05);
    QVERIFY(std::abs(vp.centerLon()) < 10);
}

void TestSelection::fitToAntimeridianDataStaysTight()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = writeCsv(dir, "fiji.csv",
                                  "event_id,start_time,latitude,longitude,vessel_a\n"
                                  "F1,2018-01-01T00:00:00Z,-17.0,178.5,V\n"
                                  "F2,2018-01-02T00:00:00Z,-18.0,-179.0,W\n"
                                  "F3,2018-01-03T00:00:00Z,-16.5,179.8,X\n");
    QVERIFY(!path.isEmpty());
    MainWindow w;
    QVERIFY(showAndLoad(w, path));
    w.findChild<QAction *>(QStringLiteral("fitToDataAction"))->trigger();
    const MapViewport &vp = w.map()->view()->viewport();
    // 2.5° of longitude across the dateline, not the world between -179 and 178.5.
    const double degreesAcross = 360.0 * vp.size().width() / vp.worldSize();
    QVERIFY2(degreesAcross < 10, qPrintable(QString::number(degreesAcross)));
    const double lon = vp.centerLon() < 0 ? vp.centerLon() + 360 : vp.centerLon();
    QVERIFY(std::abs(lon - 179.75) < 0.5);
}

void TestSelection::detailsHidesEmptyAndGroupsVessels()
{
    MainWindow w;
    QVERIFY(showAndLoad(w));
    const int row = rowOfId(w, QStringLiteral("STS-003")); // no end, no volume
    w.eventsDock()->selectStoreRow(row);
    DetailsDock *details = w.detailsDock();
    QCOMPARE(details->row(), row);
    QTableWidget *table = details->table();
    QVERIFY(table->rowCount() < w.model()->columnCount());
    const int id = details->tableRowOf(TransferModel::columnForField(Field::Id));
    QVERIFY(id >= 0);
    QCOMPARE(table->item(id, 1)->text(), QStringLiteral("STS-003"));
    QCOMPARE(details->tableRowOf(TransferModel::columnForField(Field::End)), -1);
    QCOMPARE(details->tableRowOf(TransferModel::columnForField(Field::Volume)), -1);
    QCOMPARE(details->tableRowOf(TransferModel::columnForField(Field::VesselAImo)), -1);
    // No row with an empty value.
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->columnSpan(r, 0) == 1)
            QVERIFY2(!table->item(r, 1)->text().isEmpty(), qPrintable(table->item(r, 0)->text()));
    }
    // Headings, and each vessel's fields under its own.
    const auto headingRow = [table](const QString &text) {
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->columnSpan(r, 0) == 2 && table->item(r, 0)->text() == text)
                return r;
        return -1;
    };
    const int event = headingRow(QStringLiteral("Event"));
    const int a = headingRow(QStringLiteral("Vessel A"));
    const int b = headingRow(QStringLiteral("Vessel B"));
    QVERIFY(event == 0 && a > event && b > a);
    const int nameA = details->tableRowOf(TransferModel::columnForField(Field::VesselAName));
    const int nameB = details->tableRowOf(TransferModel::columnForField(Field::VesselBName));
    QVERIFY(nameA > a && nameA < b && nameB > b);
    QCOMPARE(table->item(nameA, 0)->text(), QStringLiteral("Name"));
    QCOMPARE(table->item(nameA, 1)->text(), QStringLiteral("ECHO VENTURE"));
    QCOMPARE(table->item(nameB, 1)->text(), QStringLiteral("FOXTROT STAR"));
    drainEvents();
    QVERIFY(saveScreenshot(details->grab(), QStringLiteral("details_dock.png")));
    w.eventsDock()->table()->clearSelection();
    w.eventsDock()->table()->selectionModel()->clearCurrentIndex();
}

QTEST_MAIN(TestSelection)
#include "tst_selection.moc"

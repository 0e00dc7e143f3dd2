// Flags derived from MMSIs in the window: colour by flag on a file without flag
// columns shows countries, and Details says where a derived flag came from.
#include "mainwindowtesthelpers.h"

#include "docks/detailsdock.h"
#include "docks/eventsdock.h"
#include "map/eventlayer.h"
#include "map/mapview.h"
#include "mapui/mapcontroller.h"
#include "transfermodel.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QMenu>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "eventloop.h"
#include "screenshots.h"

using namespace mainwindowtest;

class TestDerivedFlagsWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void colourByFlagAndDetails();

private:
    QTemporaryDir m_settingsDir;
};

void TestDerivedFlagsWindow::initTestCase()
{
    QVERIFY(isolateSettings(m_settingsDir));
}

void TestDerivedFlagsWindow::colourByFlagAndDetails()
{
    MainWindow w;
    QVERIFY(showAndLoad(w, QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/gfw_mmsi_flags.csv")));
    QCOMPARE(w.model()->rowCount(), 7);

    // Colour by vessel B's flag through the View menu, as a user would.
    auto *menu = w.findChild<QMenu *>(QStringLiteral("colorByMenu"));
    QVERIFY(menu);
    QAction *flagB = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->data().toString() == QStringLiteral("vessel_b_flag"))
            flagB = a;
    }
    QVERIFY(flagB);
    flagB->trigger();
    EventLayer *layer = w.map()->eventLayer();
    QCOMPARE(layer->colorBy(), QStringLiteral("vessel_b_flag"));
    QMap<QString, int64_t> counts;
    for (const auto &entry : layer->legendEntries())
        counts[entry.label] += entry.count;
    // Five countries and the two rows whose vessel B has no usable MMSI.
    QCOMPARE(counts.value(QStringLiteral("PA")), int64_t(1));
    QCOMPARE(counts.value(QStringLiteral("KP")), int64_t(1));
    QCOMPARE(counts.value(QStringLiteral("LR")), int64_t(1));
    QCOMPARE(counts.value(QStringLiteral("BS")), int64_t(1));
    QCOMPARE(counts.value(QStringLiteral("HN")), int64_t(1));
    QCOMPARE(counts.value(QStringLiteral("Unknown")), int64_t(2));

    // Details names the country of a derived flag and says it is derived.
    const int row = 0; // 412440011 meets 352000002
    w.eventsDock()->selectStoreRow(row);
    DetailsDock *details = w.detailsDock();
    QCOMPARE(details->row(), row);
    const int a = details->tableRowOf(TransferModel::columnForField(Field::VesselAFlag));
    const int b = details->tableRowOf(TransferModel::columnForField(Field::VesselBFlag));
    QVERIFY(a >= 0 && b > a);
    QCOMPARE(details->table()->item(a, 1)->text(), QStringLiteral("CN · China (from MMSI)"));
    QCOMPARE(details->table()->item(b, 1)->text(), QStringLiteral("PA · Panama (from MMSI)"));
    drainEvents();
    QVERIFY(saveScreenshot(details->grab(), QStringLiteral("details_flag_from_mmsi.png")));
    QVERIFY(saveScreenshot(w.grab(), QStringLiteral("window_colour_by_derived_flag.png")));
    w.eventsDock()->table()->clearSelection();
    w.eventsDock()->table()->selectionModel()->clearCurrentIndex();
}

QTEST_MAIN(TestDerivedFlagsWindow)
#include "tst_derivedflags.moc"

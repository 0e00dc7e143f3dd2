// Issue 15, "Columns the reader does not know", as the window shows it: the
// column-mapping dialog for a file the reader is unsure of, its live count of rejected
// rows, OK and Cancel, the mapping remembered by header (settings and project), and a
// window error that names no command-line option.
#include "eventloop.h"
#include "eventstore.h"
#include "investigation.h"
#include "load/columnmappingdialog.h"
#include "load/columnmappingflow.h"
#include "projecttesthelpers.h"
#include "screenshots.h"
#include "window/loadcontroller.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QPushButton>
#include <QTableWidget>

using namespace projecttest;

namespace {
const QString kShipColumns = QStringLiteral(RENDEZVOUS_TEST_DATA "/mapping/ship_columns.csv");

// The dialog on screen (one answered is closed at once and deleted later).
ColumnMappingDialog *mappingDialog(const MainWindow &w)
{
    for (auto *d : w.findChildren<ColumnMappingDialog *>(QStringLiteral("columnMappingDialog"))) {
        if (d->isVisible())
            return d;
    }
    return nullptr;
}

void choose(QComboBox *box, const QString &text)
{
    const int i = box->findText(text);
    QVERIFY2(i >= 0, qPrintable(text));
    box->setCurrentIndex(i);
}

double totalVolume(const EventStore &store)
{
    double sum = 0;
    for (size_t i = 0; i < store.size(); ++i)
        sum += store.volume(i);
    return sum;
}

int64_t utc(int y, int mo, int d)
{
    return QDateTime(QDate(y, mo, d), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}
} // namespace

class TstColumnMappingDialog : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_settings = std::make_unique<QTemporaryDir>();
        QVERIFY(isolateSettings(*m_settings));
        QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous")).clear();
    }

    // The issue's file: its columns are known, but 05/03/2018 reads both ways, so the
    // window asks; the drop-downs change the count the reader gives; Load loads exactly that.
    void dialogDrivesTheLoad()
    {
        MainWindow w;
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy finished(&w, &MainWindow::loadFinished);
        w.openFile(kShipColumns);
        ColumnMappingDialog *dialog = mappingDialog(w);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(!w.investigation()->isLoading()); // nothing loads while the user decides

        const auto *preview = dialog->findChild<QTableWidget *>(QStringLiteral("preview"));
        QCOMPARE(preview->rowCount(), 7);
        QCOMPARE(preview->columnCount(), 6);
        QCOMPARE(preview->item(0, 5)->text(), QStringLiteral("12,400"));
        QCOMPARE(preview->horizontalHeaderItem(2)->text(),
                 QStringLiteral("Date (UTC)\n\u2192 Start (UTC)"));
        QCOMPARE(dialog->fieldBox(Field::Start)->currentText(), QStringLiteral("Date (UTC)"));
        QCOMPARE(dialog->fieldBox(Field::VesselAName)->currentText(), QStringLiteral("Ship 1"));
        QCOMPARE(dialog->fieldBox(Field::VesselBName)->currentText(), QStringLiteral("Ship 2"));
        QCOMPARE(dialog->fieldBox(Field::Volume)->currentText(), QStringLiteral("Barrels"));
        QCOMPARE(dialog->fieldBox(Field::End)->currentText(), QStringLiteral("(none)"));
        const auto *doubts = dialog->findChild<QLabel *>(QStringLiteral("doubts"));
        QVERIFY(doubts
                && doubts->text().contains(QStringLiteral("both day first and month first")));
        const QString example = dialog->findChild<QLabel *>(QStringLiteral("dateExample"))->text();
        QVERIFY2(example.contains(QStringLiteral("\u201c05/03/2018\u201d: day first \u2192 5 March "
                                                 "2018; month first \u2192 3 May 2018")),
                 qPrintable(example));
        QCOMPARE(dialog->dateOrderBox()->currentData().toInt(),
                 int(timeparse::DateOrder::DayFirst));
        QCOMPARE(dialog->trial().rejected, 1);
        QCOMPARE(preview->item(4, 3)->toolTip(),
                 QStringLiteral("Rejected: unreadable latitude 'north'"));
        QCOMPARE(preview->item(3, 3)->toolTip(), QString());
        QVERIFY2(dialog->countLabel()->text().startsWith(
                     QStringLiteral("With these columns 6 of 7 rows load, 1 rejected.\n    row 6: "
                                    "unreadable latitude 'north'")),
                 qPrintable(dialog->countLabel()->text()));

        // Latitude from the longitude column: the longitude lets it go, and nothing loads.
        choose(dialog->fieldBox(Field::Latitude), QStringLiteral("Longitude (deg)"));
        QCOMPARE(dialog->fieldBox(Field::Longitude)->currentText(), QStringLiteral("(none)"));
        auto *load = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!load->isEnabled());
        QVERIFY(dialog->countLabel()->text().startsWith(QStringLiteral("Choose the columns")));
        // Swapped: every latitude is 121° or more.
        choose(dialog->fieldBox(Field::Longitude), QStringLiteral("Latitude (deg)"));
        QCOMPARE(dialog->trial().rejected, 7);
        QVERIFY(load->isEnabled());
        QVERIFY2(dialog->countLabel()->text().startsWith(
                     QStringLiteral("With these columns 0 of 7 rows load, 7 rejected.")),
                 qPrintable(dialog->countLabel()->text()));
        // Back, and month first.
        choose(dialog->fieldBox(Field::Latitude), QStringLiteral("Latitude (deg)"));
        choose(dialog->fieldBox(Field::Longitude), QStringLiteral("Longitude (deg)"));
        QCOMPARE(dialog->trial().rejected, 1);
        choose(dialog->dateOrderBox(), QStringLiteral("Month first (mm/dd/yyyy)"));
        QCOMPARE(dialog->mapping().dateOrder(), timeparse::DateOrder::MonthFirst);
        QVERIFY(saveScreenshot(dialog->grab(), QStringLiteral("column-mapping-dialog.png")));

        load->click();
        QVERIFY(finished.wait(20000));
        QVERIFY(finished.constFirst().constFirst().toBool());
        QVERIFY(!mappingDialog(w));
        const EventStore &store = *w.model()->store();
        QCOMPARE(store.size(), size_t(6));
        QCOMPARE(totalVolume(store), 62130.0);
        QCOMPARE(store.start(0), utc(2018, 5, 3));
        QCOMPARE(w.report().rejections.size(), size_t(1));
        QVERIFY(
            w.currentSource().fieldOverrides.contains(QStringLiteral("date_order=month-first")));
        QVERIFY(w.currentSource().fieldOverrides.contains(QStringLiteral("lat=Latitude (deg)")));

        // The same kind of file again: remembered, so no question, and the same figures.
        finished.clear();
        w.openFile(kShipColumns);
        QVERIFY(!mappingDialog(w));
        QVERIFY(finished.wait(20000));
        QCOMPARE(w.model()->store()->size(), size_t(6));
        QCOMPARE(w.model()->store()->start(0), utc(2018, 5, 3));

        // File > Column Mapping… asks again, pre-filled with the mapping in use.
        auto *revise = w.findChild<QAction *>(QStringLiteral("columnMappingAction"));
        QVERIFY(revise && revise->isEnabled());
        revise->trigger();
        dialog = mappingDialog(w);
        QVERIFY(dialog);
        QCOMPARE(dialog->mapping().dateOrder(), timeparse::DateOrder::MonthFirst);
        choose(dialog->dateOrderBox(), QStringLiteral("Day first (dd/mm/yyyy)"));
        finished.clear();
        dialog->accept();
        QVERIFY(finished.wait(20000));
        QCOMPARE(w.model()->store()->start(0), utc(2018, 3, 5));
        QVERIFY(w.currentSource().fieldOverrides.contains(QStringLiteral("date_order=day-first")));
    }

    void cancelLoadsNothing()
    {
        MainWindow w;
        QVERIFY(loadAndWait(w, fixture()));
        const auto store = w.model()->store();
        const ProjectSource before = w.currentSource();
        QSignalSpy started(w.investigation(), &Investigation::loadingStarted);
        w.openFile(kShipColumns);
        ColumnMappingDialog *dialog = mappingDialog(w);
        QVERIFY(dialog);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->click();
        QVERIFY(drainEvents());
        QVERIFY(!mappingDialog(w));
        QCOMPARE(started.count(), 0);
        QCOMPARE(w.model()->store().get(), store.get());
        QCOMPARE(w.currentSource(), before);
        QVERIFY(!w.findChild<QMessageBox *>(QStringLiteral("loadErrorBox")));
        // Nothing was remembered: the next open asks again.
        w.openFile(kShipColumns);
        QVERIFY(mappingDialog(w));
    }

    // A file whose columns are all unknown gets the dialog, not an error: the user maps them.
    void unknownColumnsAreAsked()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("odd.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("When it happened,Where N,Where E\n2018-03-05 10:00,25.1,121.5\n"
                "2018-03-06 11:00,25.2,121.6\n");
        f.close();
        MainWindow w;
        QSignalSpy finished(&w, &MainWindow::loadFinished);
        w.openFile(path);
        ColumnMappingDialog *dialog = mappingDialog(w);
        QVERIFY(dialog);
        auto *load = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!load->isEnabled());
        choose(dialog->fieldBox(Field::Start), QStringLiteral("When it happened"));
        choose(dialog->fieldBox(Field::Latitude), QStringLiteral("Where N"));
        choose(dialog->fieldBox(Field::Longitude), QStringLiteral("Where E"));
        QVERIFY(load->isEnabled());
        QCOMPARE(dialog->trial().rejected, 0);
        QVERIFY(!dialog->dateOrderBox()->isEnabled()); // ISO times need no order
        load->click();
        QVERIFY(finished.wait(20000));
        QCOMPARE(w.model()->store()->size(), size_t(2));
        QVERIFY(!w.findChild<QMessageBox *>(QStringLiteral("loadErrorBox")));
    }

    // The project keeps the mapping: its source reloads with it, and another file with
    // the same header is read the same way without asking, even with the settings gone.
    void projectRoundTrip()
    {
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("ships.csv"));
        const QString other = dir.filePath(QStringLiteral("more ships.csv"));
        QVERIFY(QFile::copy(kShipColumns, copy));
        QVERIFY(QFile::copy(kShipColumns, other));
        const QString project = dir.filePath(QStringLiteral("case.rvz"));
        {
            MainWindow w;
            QVERIFY(drainEvents()); // the project takes its starting state
            QSignalSpy finished(&w, &MainWindow::loadFinished);
            w.openFile(copy);
            ColumnMappingDialog *dialog = mappingDialog(w);
            QVERIFY(dialog);
            choose(dialog->dateOrderBox(), QStringLiteral("Month first (mm/dd/yyyy)"));
            choose(dialog->fieldBox(Field::Notes), QStringLiteral("Ship 2")); // vessel B goes
            dialog->accept();
            QVERIFY(finished.wait(20000));
            QVERIFY(w.project()->isModified());
            QVERIFY(w.project()->saveAs(project));
        }
        const QJsonObject json = QJsonDocument::fromJson(contents(project)).object();
        const QJsonArray mappings =
            json.value("sections").toObject().value("columnMappings").toArray();
        QCOMPARE(mappings.size(), 1);
        QCOMPARE(mappings[0].toObject().value("header").toArray().size(), 6);
        QVERIFY(mappings[0].toObject().value("fields").toArray().contains("notes=Ship 2"));

        QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous")).clear();
        MainWindow w;
        QVERIFY(openAndWait(w, project));
        QVERIFY(!mappingDialog(w));
        QTRY_VERIFY(w.model()->store() && w.model()->store()->size() == 6);
        QCOMPARE(w.model()->store()->start(0), utc(2018, 5, 3));
        QCOMPARE(w.model()->store()->text(Field::Notes, 0), QStringLiteral("BETA SEA"));
        QCOMPARE(w.model()->store()->text(Field::VesselBName, 0), QString());
        QCOMPARE(w.project()->isModified(), false);
        QCOMPARE(w.findChild<LoadController *>()->columnMapping()->projectMappings().size(), 1);

        QSignalSpy finished(&w, &MainWindow::loadFinished);
        w.openFile(other);
        QVERIFY(!mappingDialog(w));
        QVERIFY(finished.wait(20000));
        QCOMPARE(w.model()->store()->start(0), utc(2018, 5, 3));
        QCOMPARE(w.model()->store()->text(Field::Notes, 0), QStringLiteral("BETA SEA"));
    }

    // An error the window shows is in words for its user: no command-line option.
    void windowErrorNamesNoOption()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("labels.geojson"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"type":"FeatureCollection","features":[{"type":"Feature",)"
                R"("properties":{"label":"a"},"geometry":{"type":"Point","coordinates":[1,2]}}]})");
        f.close();
        MainWindow w;
        QSignalSpy finished(&w, &MainWindow::loadFinished);
        w.openFile(path);
        QVERIFY(finished.wait(20000));
        auto *box = w.findChild<QMessageBox *>(QStringLiteral("loadErrorBox"));
        QVERIFY(box);
        const QString text = box->text() + box->informativeText();
        QVERIFY2(text.contains(QStringLiteral("no time column among: label")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("--")), qPrintable(text));
        box->close();
    }

private:
    std::unique_ptr<QTemporaryDir> m_settings;
};

QTEST_MAIN(TstColumnMappingDialog)
#include "tst_columnmappingdialog.moc"

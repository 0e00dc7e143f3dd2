#include "mainwindowtesthelpers.h"
#include "map/mapview.h"

#include "annotationmodel.h"
#include "docks/eventsdock.h"
#include "docks/vesselsdock.h"
#include "dossier/dossiercontroller.h"
#include "dossier/dossierwriter.h"
#include "map/maplayerset.h"
#include "vessels/vesseltablemodel.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "eventloop.h"
#include "screenshots.h"

// File ▸ Export Dossier… in the window: the vessels selected in the Vessels dock (or
// the selected event's), the dialog starting in the data's folder, a PDF with the pages
// dossierpdf counts and the dock's figures, and never a file replaced without asking.
using namespace mainwindowtest;

namespace {
QString hubFile()
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/vessels/hub.csv");
}

QString pdfText(const QString &pdf)
{
    QProcess p;
    p.start(QStandardPaths::findExecutable(QStringLiteral("pdftotext")),
            {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

QAction *menuAction(const MainWindow &w, const QString &menu, const QString &text)
{
    for (QAction *m : w.menuBar()->actions()) {
        if (m->text().remove(QLatin1Char('&')) != menu || !m->menu())
            continue;
        for (QAction *a : m->menu()->actions())
            if (a->text().remove(QLatin1Char('&')) == text)
                return a;
    }
    return nullptr;
}
} // namespace

class TestDossierWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void exportsSelectedVessel();
    void eventSelectionGivesItsVessels();

private:
    QTemporaryDir m_settings;
};

void TestDossierWindow::initTestCase()
{
    QVERIFY(isolateSettings(m_settings));
    if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
        QFAIL("pdftotext (poppler-utils, scripts/lib.sh) is needed");
}

void TestDossierWindow::exportsSelectedVessel()
{
    MainWindow w;
    QVERIFY(showAndLoad(w, hubFile()));
    QAction *action = menuAction(w, QStringLiteral("File"), QStringLiteral("Export Dossier…"));
    QVERIFY(action);
    DossierController *c = w.dossierController();
    QVERIFY(c->selectedKeys().empty());
    // Opening the File menu: nothing selected, nothing to export.
    QMenu *file = qobject_cast<QMenu *>(action->parent());
    QVERIFY(file);
    emit file->aboutToShow();
    QVERIFY(!action->isEnabled());

    VesselsDock *dock = w.vesselsDock();
    dock->raise();
    QTRY_COMPARE(dock->model()->rowCount(), 13);
    const int hub = dock->model()->rowOfKey("I:9100000");
    QVERIFY(hub >= 0);
    dock->selectVessel(hub);
    QCOMPARE(c->selectedKeys(), std::vector<std::string>({"I:9100000"}));
    QCOMPARE(dock->model()->vessel(hub).partners, int64_t(10));
    emit file->aboutToShow();
    QVERIFY(action->isEnabled());

    // An annotation of the window's map is on the dossier's map.
    Annotation note = Annotation::defaults(Annotation::Kind::Callout);
    note.points = {{120.6, 25.7}, {121.2, 26.2}};
    note.text = QStringLiteral("LOOK HERE");
    QVERIFY(w.map()->layers()->annotationModel()->insert(note) != 0);

    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("hub.pdf"));
    QString offered;
    int dialogs = 0;
    c->runDialog = [&](DossierDialog &dialog) {
        ++dialogs;
        offered = dialog.pathEdit()->text();
        dialog.pageBox()->setCurrentIndex(1); // Letter
        dialog.adjustSize();
        saveScreenshot(dialog.grab(), QStringLiteral("dossier_dialog.png"));
        dialog.pathEdit()->setText(path);
        return true;
    };
    int asked = 0;
    bool replace = false;
    c->confirmOverwrite = [&](const QString &) {
        ++asked;
        return replace;
    };
    action->trigger();
    QCOMPARE(dialogs, 1);
    // The save dialog starts in the data's folder, named after the vessel.
    QCOMPARE(QFileInfo(offered).absolutePath(), QFileInfo(hubFile()).absolutePath());
    QCOMPARE(QFileInfo(offered).fileName(), QStringLiteral("dossier-SYNTH_HUB_STAR.pdf"));
    QVERIFY(QFileInfo::exists(path));
    QCOMPARE(asked, 0);
    const QString text = pdfText(path);
    QVERIFY2(text.contains(QStringLiteral("Vessel dossier: SYNTH HUB STAR")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Network neighbourhood: 10 partners")));
    QVERIFY(text.contains(QStringLiteral("Data: hub.csv")));
    QVERIFY(text.contains(QStringLiteral("Every event (10)")));
    QVERIFY(text.contains(QStringLiteral("LOOK HERE")));
    if (!qEnvironmentVariableIsEmpty("RENDEZVOUS_SCREENSHOTS"))
        QFile::copy(path,
                    QDir(qEnvironmentVariable("RENDEZVOUS_SCREENSHOTS"))
                        .filePath(QStringLiteral("dossier_window.pdf")));
    // Letter, as chosen.
    QCOMPARE(text.count(QLatin1Char('\f')), 3); // identity, network, one table page
    QCOMPARE(text.count(QStringLiteral(" of 3")), 3);

    // A second export to the same file asks first, and keeps the file when told no.
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("mine");
    f.close();
    action->trigger();
    QCOMPARE(asked, 1);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("mine"));
    f.close();
    replace = true;
    action->trigger();
    QCOMPARE(asked, 2);
    QVERIFY(pdfText(path).contains(QStringLiteral("SYNTH HUB STAR")));
}

void TestDossierWindow::eventSelectionGivesItsVessels()
{
    MainWindow w;
    QVERIFY(showAndLoad(w, hubFile()));
    DossierController *c = w.dossierController();
    w.vesselsDock()->selectVessel(-1);
    QVERIFY(c->selectedKeys().empty());
    w.eventsDock()->table()->selectRow(0);
    const int row = selectedStoreRows(w).value(0, -1);
    QVERIFY(row >= 0);
    const EventStore &store = *w.filter()->store();
    const std::vector<std::string> keys = c->selectedKeys();
    QCOMPARE(keys.size(), size_t(2));
    QCOMPARE(keys[0], store.vessels().identityKey(store.vesselsA()[size_t(row)]));
    QCOMPARE(keys[1], store.vessels().identityKey(store.vesselsB()[size_t(row)]));
    QTemporaryDir out;
    QString error;
    const QString path = out.filePath(QStringLiteral("pair.pdf"));
    QVERIFY2(c->exportDossier(keys, path, QPageSize::A4, false, &error), qPrintable(error));
    const QString text = pdfText(path);
    QVERIFY(text.contains(QStringLiteral("Vessel 1 of 2")));
    QVERIFY(text.contains(QStringLiteral("Vessel 2 of 2")));
    QVERIFY(!c->exportDossier(keys, path, QPageSize::A4, false, &error));
    QVERIFY2(error.contains(QStringLiteral("exists")), qPrintable(error));
}

QTEST_MAIN(TestDossierWindow)
#include "tst_dossierwindow.moc"

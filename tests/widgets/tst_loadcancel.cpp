// Cancelling a load half-way through a big file leaves the window as it was: the same
// events, the same selection, no error box.
#include "mainwindowtesthelpers.h"

#include "map/mapview.h"

#include <QItemSelectionModel>
#include <QMessageBox>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QtTest>

using namespace mainwindowtest;

class TstLoadCancel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(isolateSettings(m_settings)); }
    void cancelMidFileKeepsDataAndSelection();

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
};

void TstLoadCancel::cancelMidFileKeepsDataAndSelection()
{
    // A million rows: the reader reports its progress several times on the way.
    const QString big = m_dir.filePath(QStringLiteral("big.csv"));
    {
        QFile f(big);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray chunk;
        f.write("event_id,start_time,latitude,longitude,vessel_a,vessel_b,volume_bbl\n");
        for (int i = 0; i < 1000000; ++i) {
            chunk += "B-" + QByteArray::number(i) + ",2020-01-01T00:00:00Z,"
                + QByteArray::number(10 + (i % 400) * 0.1) + ","
                + QByteArray::number(120 + (i % 300) * 0.1) + ",SYNTH A,SYNTH B,"
                + QByteArray::number(i) + "\n";
            if (chunk.size() > (1 << 20)) {
                f.write(chunk);
                chunk.clear();
            }
        }
        f.write(chunk);
    }

    MainWindow w;
    QVERIFY(showAndLoad(w));
    const auto store = w.model()->store();
    QTableView *table = w.eventsDock()->table();
    table->selectionModel()->select(table->model()->index(1, 0),
                                    QItemSelectionModel::ClearAndSelect
                                        | QItemSelectionModel::Rows);
    table->selectionModel()->select(table->model()->index(3, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QList<int> selected = selectedStoreRows(w);
    QCOMPARE(selected.size(), 2);

    QSignalSpy finished(&w, &MainWindow::loadFinished);
    w.openFile(big);
    auto *progress = w.findChild<QProgressDialog *>();
    QVERIFY(progress);
    auto *bar = progress->findChild<QProgressBar *>();
    auto *cancelButton = progress->findChild<QPushButton *>();
    QVERIFY(bar && cancelButton);
    // The user's click on Cancel as soon as the bar moves: the reader has reported part
    // of the file, and the window has not received the result.
    int cancelledAt = -1;
    connect(bar, &QProgressBar::valueChanged, this, [&](int value) {
        if (cancelledAt < 0 && value > 0 && value < bar->maximum() && finished.isEmpty()) {
            cancelledAt = value;
            cancelButton->click();
        }
    });
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY2(cancelledAt > 0, "cancelled part-way");

    QCOMPARE(w.model()->store().get(), store.get());
    QCOMPARE(w.model()->rowCount(), 4);
    QCOMPARE(selectedStoreRows(w), selected);
    QVERIFY(!w.findChild<QMessageBox *>(QStringLiteral("loadErrorBox")));
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("filterSummary"))
                ->text()
                .startsWith(QStringLiteral("4 of 4 transfers")));
}

QTEST_MAIN(TstLoadCancel)
#include "tst_loadcancel.moc"

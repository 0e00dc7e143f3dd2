#include "eventfilter.h"
#include "io/csvreader.h"
#include "summary.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

// The window's summary strip (TransferFilter::summary) and `rendezvous info --json`
// must say the same for the same filters on the same file: an investigator may quote
// either. The CLI runs as the real binary; the window's side runs in process.
namespace {
QString sample()
{
    return QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
}

QJsonObject infoJson(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RENDEZVOUS_BINARY),
            QStringList {QStringLiteral("info"), sample(), QStringLiteral("--json")} + args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        qWarning() << "info failed:" << p.readAllStandardError();
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}
} // namespace

class TestInfoEquivalence : public QObject
{
    Q_OBJECT
private slots:
    void sameFigures_data();
    void sameFigures();
};

void TestInfoEquivalence::sameFigures_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("bbox");
    QTest::addColumn<QString>("search");
    QTest::newRow("everything") << ""
                                << ""
                                << ""
                                << "";
    QTest::newRow("a period") << "2018-01-01"
                              << "2018-05-30"
                              << ""
                              << "";
    QTest::newRow("from only") << "2023-06-15T12:00:00Z"
                               << ""
                               << ""
                               << "";
    QTest::newRow("East China Sea") << ""
                                    << ""
                                    << "118,24,130,40"
                                    << "";
    QTest::newRow("across 180") << ""
                                << ""
                                << "170,-60,-170,60"
                                << "";
    QTest::newRow("search") << ""
                            << ""
                            << ""
                            << "jade";
    QTest::newRow("all four") << "2019-01-01"
                              << "2022-12-31"
                              << "100,-10,140,45"
                              << "synth";
    QTest::newRow("nothing") << "1990-01-01"
                             << "1990-01-02"
                             << ""
                             << "";
}

void TestInfoEquivalence::sameFigures()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, bbox);
    QFETCH(QString, search);

    QStringList args;
    TransferModel model;
    model.setStore(csv::readFile(sample(), {}).store);
    QVERIFY(model.store() && model.store()->size() > 2000);
    TransferFilter filter;
    filter.setSourceModel(&model);
    QString error;
    std::optional<int64_t> lo, hi;
    if (!from.isEmpty()) {
        args << QStringLiteral("--from") << from;
        lo = EventFilter::parseBound(from, false, &error);
        QVERIFY2(lo, qPrintable(error));
    }
    if (!to.isEmpty()) {
        args << QStringLiteral("--to") << to;
        hi = EventFilter::parseBound(to, true, &error);
        QVERIFY2(hi, qPrintable(error));
    }
    filter.setTimeWindow(lo, hi);
    if (!bbox.isEmpty()) {
        args << QStringLiteral("--bbox") << bbox;
        const auto box = GeoBox::parse(bbox, &error);
        QVERIFY2(box, qPrintable(error));
        filter.setArea(box);
    }
    if (!search.isEmpty()) {
        args << QStringLiteral("--search") << search;
        filter.setText(search);
    }

    const QJsonObject cli = infoJson(args);
    QVERIFY(!cli.isEmpty());
    const QJsonObject gui = filter.summary().toJson();
    for (const char *key :
         {"events", "volume_bbl", "volume_unknown", "vessels", "first", "last", "bbox"})
        QCOMPARE(gui.value(QLatin1String(key)), cli.value(QLatin1String(key)));
    QCOMPARE(qint64(filter.rowCount()), cli.value(QStringLiteral("events")).toInteger());
}

QTEST_GUILESS_MAIN(TestInfoEquivalence)
#include "tst_infoequivalence.moc"

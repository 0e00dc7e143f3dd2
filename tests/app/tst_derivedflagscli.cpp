#include "clirun.h"

// Flags derived from MMSIs on the command line: the same load report as the window
// (warnings with their rows), and the derived flags in what `convert` writes.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {
QString fixture()
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/gfw_mmsi_flags.csv");
}

using clirun::Run;
using clirun::run;
} // namespace

class TestDerivedFlagsCli : public QObject
{
    Q_OBJECT
private slots:
    void infoWarnsWithRows();
    void infoTextNamesTheRows();
    void convertWritesDerivedFlags();
};

void TestDerivedFlagsCli::infoWarnsWithRows()
{
    const Run r = run({QStringLiteral("info"), fixture(), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("loaded")).toInt(), 7);
    QCOMPARE(o.value(QStringLiteral("rejected")).toInt(), 0);
    QMap<QString, QJsonArray> warnings;
    for (const QJsonValue &v : o.value(QStringLiteral("warnings")).toArray())
        warnings.insert(v[QStringLiteral("message")].toString(),
                        v[QStringLiteral("rows")].toArray());
    QCOMPARE(warnings.size(), 2);
    QCOMPARE(warnings.value(QStringLiteral("MMSI not 9 digits: no flag derived")),
             (QJsonArray {4, 8}));
    QCOMPARE(warnings.value(QStringLiteral("MMSI's MID not allocated by ITU: no flag derived")),
             (QJsonArray {7}));
}

void TestDerivedFlagsCli::infoTextNamesTheRows()
{
    const Run r = run({QStringLiteral("info"), fixture()});
    QCOMPARE(r.code, 0);
    const QString text = QString::fromUtf8(r.out + r.err);
    QVERIFY2(text.contains(QStringLiteral("MMSI not 9 digits: no flag derived (2 rows: 4, 8)")),
             qPrintable(text));
}

void TestDerivedFlagsCli::convertWritesDerivedFlags()
{
    // An export shows what the table shows: the derived codes in the flag columns.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("flags.geojson"));
    const Run r = run({QStringLiteral("convert"), fixture(), QStringLiteral("-o"), out});
    QVERIFY2(r.code == 0, r.err.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray features =
        QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("features")).toArray();
    QCOMPARE(features.size(), 7);
    const QJsonObject first = features.at(0)[QStringLiteral("properties")].toObject();
    QCOMPARE(first.value(QStringLiteral("a_flag")).toString(), QStringLiteral("CN"));
    QCOMPARE(first.value(QStringLiteral("b_flag")).toString(), QStringLiteral("PA"));
}

QTEST_GUILESS_MAIN(TestDerivedFlagsCli)
#include "tst_derivedflagscli.moc"

#include "clirun.h"

#include "annotationmodel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

// `rendezvous dossier` as a user runs it: the PDF has the pages it says, every page its
// title, window, sources, attribution and number, and the vessel's figures are those of
// `info` and `network` for the same filters. The PDF is read back with poppler's
// pdftotext and pdfinfo (scripts/lib.sh installs poppler-utils).
namespace {

using clirun::Run;
using clirun::run;

QString sample()
{
    return QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
}

QString tool(const QString &name)
{
    return QStandardPaths::findExecutable(name);
}

QByteArray toolOutput(const QString &name, const QStringList &args)
{
    QProcess p;
    p.start(tool(name), args);
    if (!p.waitForFinished(60000))
        return {};
    return p.readAllStandardOutput();
}

// The text of each page (pdftotext separates pages by form feeds).
QStringList pages(const QString &pdf)
{
    const QString text = QString::fromUtf8(toolOutput(
        QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")}));
    QStringList p = text.split(QLatin1Char('\f'));
    if (!p.isEmpty() && p.back().trimmed().isEmpty())
        p.removeLast();
    return p;
}

int pdfPages(const QString &pdf, QString *size = nullptr)
{
    const QString info = QString::fromUtf8(toolOutput(QStringLiteral("pdfinfo"), {pdf}));
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info);
    if (size) {
        const QRegularExpressionMatch s =
            QRegularExpression(QStringLiteral("Page size:\\s+([^\\n]+)")).match(info);
        *size = s.captured(1);
    }
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QJsonObject json(const QStringList &args)
{
    const Run r = run(args + QStringList {QStringLiteral("--json")});
    if (r.code != 0)
        qWarning() << args << "failed:" << r.code << r.err;
    return QJsonDocument::fromJson(r.out).object();
}

// "  NAME (...): 12 events, 3 partners, 1,234 bbl (2 with unknown volume), 4 pages".
struct Printed
{
    int pages = -1;
    QString events, partners, volume, unknown;
};
Printed printed(const QByteArray &out)
{
    Printed p;
    const QString s = QString::fromUtf8(out);
    p.pages = QRegularExpression(QStringLiteral(": (\\d+) pages?\\n")).match(s).captured(1).toInt();
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("\\): ([\\d,]+) events?, ([\\d,]+) partners?, ([\\d,.]+) "
                                          "bbl \\(([\\d,]+) with unknown volume\\)"))
            .match(s);
    p.events = m.captured(1);
    p.partners = m.captured(2);
    p.volume = m.captured(3);
    p.unknown = m.captured(4);
    return p;
}

QString grouped(qint64 n)
{
    QString s = QString::number(n);
    for (int i = s.size() - 3; i > 0; i -= 3)
        s.insert(i, QLatin1Char(','));
    return s;
}

} // namespace

class TestDossierCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sampleVessel_data();
    void sampleVessel();
    void letterPages();
    void unknownVessel();
    void noEventsInWindow();
    void neverOverwritesUnasked();
    void detectedEvents();
    void projectAnnotations();

private:
    QTemporaryDir m_dir;
};

void TestDossierCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (tool(QStringLiteral("pdftotext")).isEmpty() || tool(QStringLiteral("pdfinfo")).isEmpty())
        QFAIL("pdftotext and pdfinfo (poppler-utils, scripts/lib.sh) are needed");
}

void TestDossierCli::sampleVessel_data()
{
    QTest::addColumn<QStringList>("filters");
    QTest::newRow("all") << QStringList {};
    QTest::newRow("window") << QStringList {QStringLiteral("--from"), QStringLiteral("2021-01-01"),
                                            QStringLiteral("--to"), QStringLiteral("2023-06-30")};
    QTest::newRow("window and bbox")
        << QStringList {QStringLiteral("--from"), QStringLiteral("2020-06-01"),
                        QStringLiteral("--bbox"), QStringLiteral("95,-10,140,40")};
}

void TestDossierCli::sampleVessel()
{
    QFETCH(QStringList, filters);
    // The vessel with most partners in the window, by `network`, among those with an
    // MMSI and an IMO.
    const QJsonObject net = json(QStringList {QStringLiteral("network"), sample()} + filters
                                 + QStringList {QStringLiteral("--top"), QStringLiteral("50")});
    QJsonObject top;
    for (const QJsonValue v : net.value(QStringLiteral("top")).toArray()) {
        if (!v[QStringLiteral("mmsi")].toString().isEmpty()
            && !v[QStringLiteral("imo")].toString().isEmpty()) {
            top = v.toObject();
            break;
        }
    }
    const QString mmsi = top.value(QStringLiteral("mmsi")).toString();
    const QString imo = top.value(QStringLiteral("imo")).toString();
    const QString name = top.value(QStringLiteral("name")).toString();
    QVERIFY2(!mmsi.isEmpty() && !imo.isEmpty(), "the sample's top vessel has an MMSI and an IMO");
    const QString out = m_dir.filePath(QStringLiteral("sample-%1.pdf")
                                           .arg(QTest::currentDataTag())
                                           .replace(QLatin1Char(' '), QLatin1Char('-')));
    const Run r = run(QStringList {QStringLiteral("dossier"), sample(), QStringLiteral("--vessel"),
                                   mmsi, QStringLiteral("-o"), out}
                      + filters);
    QVERIFY2(r.code == 0, r.err.constData());
    const Printed p = printed(r.out);

    // Its figures are `network`'s and `info`'s (info --search IMO: the sample's IMOs are
    // nowhere else in its rows).
    QCOMPARE(p.partners, grouped(top.value(QStringLiteral("partners")).toInteger()));
    QCOMPARE(p.events, grouped(top.value(QStringLiteral("events")).toInteger()));
    const QJsonObject info = json(
        QStringList {QStringLiteral("info"), sample(), QStringLiteral("--search"), imo} + filters);
    QCOMPARE(p.events, grouped(info.value(QStringLiteral("events")).toInteger()));
    QCOMPARE(p.unknown, grouped(info.value(QStringLiteral("volume_unknown")).toInteger()));
    QCOMPARE(p.volume,
             grouped(qint64(std::llround(info.value(QStringLiteral("volume_bbl")).toDouble()))));

    // The pages it says, each with its frame.
    const QStringList text = pages(out);
    QCOMPARE(pdfPages(out), p.pages);
    QCOMPARE(text.size(), p.pages);
    const int events = info.value(QStringLiteral("events")).toInt();
    QVERIFY(p.pages >= 3);
    for (int i = 0; i < text.size(); ++i) {
        const QString &t = text[i];
        QVERIFY2(t.contains(QStringLiteral("Page %1 of %2").arg(i + 1).arg(p.pages)),
                 qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("Vessel dossier: ") + name), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("Natural Earth")), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("Data: synthetic_sts_events.csv")), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("Time window: ")), qPrintable(t));
    }
    QVERIFY(text[0].contains(QStringLiteral("MMSI")) && text[0].contains(mmsi));
    QVERIFY(text[0].contains(imo));
    QVERIFY(text[1].contains(QStringLiteral("Network neighbourhood: %1 partners").arg(p.partners)));
    // Every event once in the table, by its source row.
    const QString all = text.join(QLatin1Char('\n'));
    QCOMPARE(all.count(QRegularExpression(QStringLiteral("\\brow \\d+\\b"))), events);
    QCOMPARE(all.count(QStringLiteral("synthetic_sts_events.csv")), events + p.pages);
    QVERIFY(all.contains(QStringLiteral("Every event (%1)").arg(p.events)));
}

void TestDossierCli::letterPages()
{
    const QString out = m_dir.filePath(QStringLiteral("letter.pdf"));
    const Run r = run({QStringLiteral("dossier"), sample(), QStringLiteral("--vessel"),
                       QStringLiteral("357243067"), QStringLiteral("--page"),
                       QStringLiteral("letter"), QStringLiteral("-o"), out});
    QVERIFY2(r.code == 0, r.err.constData());
    QString size;
    QCOMPARE(pdfPages(out, &size), printed(r.out).pages);
    QVERIFY2(size.contains(QStringLiteral("612 x 792")), qPrintable(size));
    const Run bad =
        run({QStringLiteral("dossier"), sample(), QStringLiteral("--vessel"),
             QStringLiteral("357243067"), QStringLiteral("--page"), QStringLiteral("a5"),
             QStringLiteral("-o"), m_dir.filePath(QStringLiteral("a5.pdf"))});
    QCOMPARE(bad.code, 1);
    QVERIFY(bad.err.contains("a4 or letter"));
}

void TestDossierCli::unknownVessel()
{
    const QString out = m_dir.filePath(QStringLiteral("unknown.pdf"));
    const Run r = run({QStringLiteral("dossier"), sample(), QStringLiteral("--vessel"),
                       QStringLiteral("SYNTH ARC JADE 58"), QStringLiteral("-o"), out});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("no vessel 'SYNTH ARC JADE 58'"), r.err.constData());
    QVERIFY2(r.err.contains("near matches") && r.err.contains("SYNTH ARC JADE 85"),
             r.err.constData());
    QVERIFY(!QFile::exists(out));
}

void TestDossierCli::noEventsInWindow()
{
    const QString out = m_dir.filePath(QStringLiteral("empty.pdf"));
    const Run r = run({QStringLiteral("dossier"), sample(), QStringLiteral("--vessel"),
                       QStringLiteral("357243067"), QStringLiteral("--from"),
                       QStringLiteral("2035-01-01"), QStringLiteral("-o"), out});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.err.contains("no events in the time window"), r.err.constData());
    const QStringList text = pages(out);
    QCOMPARE(text.size(), 1);
    QVERIFY2(text[0].contains(QStringLiteral("No events of this vessel in the time window")),
             qPrintable(text[0]));
    QVERIFY(text[0].contains(QStringLiteral("SYNTH ARC JADE 85")));
}

void TestDossierCli::neverOverwritesUnasked()
{
    const QString out = m_dir.filePath(QStringLiteral("kept.pdf"));
    QFile f(out);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("mine");
    f.close();
    const QStringList args {QStringLiteral("dossier"),  sample(),
                            QStringLiteral("--vessel"), QStringLiteral("357243067"),
                            QStringLiteral("-o"),       out};
    const Run r = run(args);
    QCOMPARE(r.code, 3);
    QVERIFY(r.err.contains("--overwrite"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("mine"));
    f.close();
    QCOMPARE(run(args + QStringList {QStringLiteral("--overwrite")}).code, 0);
    QVERIFY(pdfPages(out) >= 1);
}

void TestDossierCli::detectedEvents()
{
    const QString ais = clirun::data(QStringLiteral("detect/synthetic_ais_detect.csv"));
    const QString events = m_dir.filePath(QStringLiteral("detected.csv"));
    const Run d = run({QStringLiteral("detect"), ais, QStringLiteral("-o"), events});
    QVERIFY2(d.code == 0, d.err.constData());
    const QString out = m_dir.filePath(QStringLiteral("detected.pdf"));
    const Run r = run({QStringLiteral("dossier"), events, ais, QStringLiteral("--vessel"),
                       QStringLiteral("SYNTH TANKER A"), QStringLiteral("-o"), out});
    QVERIFY2(r.code == 0, r.err.constData());
    const Printed p = printed(r.out);
    const QStringList text = pages(out);
    QCOMPARE(text.size(), p.pages);
    QCOMPARE(pdfPages(out), p.pages);
    QVERIFY(text[0].contains(QStringLiteral("412000001")));
    QVERIFY2(text[0].contains(QStringLiteral("synthetic_ais_detect.csv (AIS)")),
             qPrintable(text[0]));
    QVERIFY2(text[0].contains(QStringLiteral("positions")), qPrintable(text[0]));
    const QJsonObject info = json(
        {QStringLiteral("info"), events, QStringLiteral("--search"), QStringLiteral("412000001")});
    QCOMPARE(p.events, grouped(info.value(QStringLiteral("events")).toInteger()));
    QVERIFY(p.events.toInt() >= 1);
    // Its partner in the encounter, in the network and the table.
    QVERIFY2(text.join(QString()).contains(QStringLiteral("SYNTH CARRIER B")),
             qPrintable(text.join(QString())));
}

void TestDossierCli::projectAnnotations()
{
    // A project whose annotations mark the vessel's first event.
    QFile valid(clirun::data(QStringLiteral("projects/valid.rvz")));
    QVERIFY(valid.open(QIODevice::ReadOnly));
    QJsonObject project = QJsonDocument::fromJson(valid.readAll()).object();
    AnnotationModel model;
    Annotation note = Annotation::defaults(Annotation::Kind::Callout);
    note.points = {{104.5110, 1.2153}, {104.56, 1.25}};
    note.text = QStringLiteral("LOOK HERE");
    QVERIFY(model.insert(note) != 0);
    project.insert(QStringLiteral("annotations"), model.toJson());
    const QString rvz = m_dir.filePath(QStringLiteral("marks.rvz"));
    QFile f(rvz);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(project).toJson());
    f.close();
    const QString out = m_dir.filePath(QStringLiteral("marks.pdf"));
    const QStringList args {QStringLiteral("dossier"),    sample(),
                            QStringLiteral("--vessel"),   QStringLiteral("357243067"),
                            QStringLiteral("-o"),         out,
                            QStringLiteral("--overwrite")};
    const Run r = run(args + QStringList {QStringLiteral("--annotations"), rvz});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(pages(out).value(0).contains(QStringLiteral("LOOK HERE")));
    // Annotations that are not the map's: said, nothing written.
    const Run bad = run(args
                        + QStringList {QStringLiteral("--annotations"),
                                       clirun::data(QStringLiteral("projects/valid.rvz"))});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains("annotations:"), bad.err.constData());
}

QTEST_GUILESS_MAIN(TestDossierCli)
#include "tst_dossier.moc"

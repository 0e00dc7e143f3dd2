#include "clirun.h"

#include "eventfilter.h"
#include "io/eventreader.h"
#include "network/vesselnetwork.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

// `rendezvous network` as a user runs it: its figures are the models' (network::build on
// the same file and filters), its vessel count is `info`'s, and its GraphML and GEXF
// files parse and hold the graph.
namespace {

using clirun::Run;
using clirun::run;

using clirun::json;

QString sample()
{
    return QStringLiteral(RENDEZVOUS_SOURCE_DIR "/resources/sample/synthetic_sts_events.csv");
}

// The filter options as `info` reads them.
EventFilter filterOf(const QStringList &options)
{
    EventFilter f;
    QString error;
    for (int i = 0; i + 1 < options.size(); i += 2) {
        const QString &o = options[i], &v = options[i + 1];
        if (o == QLatin1String("--from"))
            f.from = EventFilter::parseBound(v, false, &error);
        else if (o == QLatin1String("--to"))
            f.to = EventFilter::parseBound(v, true, &error);
        else if (o == QLatin1String("--bbox"))
            f.bbox = GeoBox::parse(v, &error);
        else if (o == QLatin1String("--search"))
            f.text = v;
    }
    return f;
}

struct Counted
{
    int nodes = 0, edges = 0;
    QSet<QString> nodeKeys; // data keys or attribute titles used by nodes
    QSet<QString> edgeKeys;
    QString error;
};

// Nodes, edges and the attribute names they carry, read back with QXmlStreamReader.
Counted readGraph(const QString &path)
{
    Counted c;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        c.error = f.errorString();
        return c;
    }
    QXmlStreamReader xml(&f);
    QMap<QString, QString> names; // GraphML key id or "class:id" -> name
    QString cls, element;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto name = xml.name();
        const QXmlStreamAttributes at = xml.attributes();
        if (name == QLatin1String("node")) {
            ++c.nodes;
            element = QStringLiteral("node");
        } else if (name == QLatin1String("edge")) {
            ++c.edges;
            element = QStringLiteral("edge");
        } else if (name == QLatin1String("key")) {
            names[at.value("id").toString()] = at.value("attr.name").toString();
        } else if (name == QLatin1String("attributes")) {
            cls = at.value("class").toString();
        } else if (name == QLatin1String("attribute")) {
            names[cls + ':' + at.value("id").toString()] = at.value("title").toString();
        } else if (name == QLatin1String("data") || name == QLatin1String("attvalue")) {
            const QString id = name == QLatin1String("data")
                ? at.value("key").toString()
                : element + ':' + at.value("for").toString();
            (element == QLatin1String("node") ? c.nodeKeys : c.edgeKeys) << names.value(id);
        }
    }
    if (xml.hasError())
        c.error = xml.errorString();
    return c;
}
} // namespace

class TestNetworkCli : public QObject
{
    Q_OBJECT
private slots:
    void figuresEqualModels_data();
    void figuresEqualModels();
    void plainSummary();
    void graphFiles_data();
    void graphFiles();
    void refusesToOverwrite();
    void pictures_data();
    void pictures();
    void badInput();
};

void TestNetworkCli::figuresEqualModels_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("options");
    const QString vessels = clirun::data(QStringLiteral("csv/vessels.csv"));
    const QString gfw = clirun::data(QStringLiteral("csv/gfw_encounters.csv"));
    QTest::newRow("sample") << sample() << QStringList();
    QTest::newRow("sample window and area")
        << sample()
        << QStringList {"--from", "2021-01-01", "--to", "2023-06-30", "--bbox", "100,-5,110,5"};
    QTest::newRow("sample search") << sample() << QStringList {"--search", "synth a"};
    QTest::newRow("vessels") << vessels << QStringList();
    QTest::newRow("gfw encounters") << gfw << QStringList();
    QTest::newRow("bad rows") << clirun::data(QStringLiteral("csv/bad_rows.csv")) << QStringList();
    QTest::newRow("duplicates") << clirun::data(QStringLiteral("csv/duplicates.csv"))
                                << QStringList();
}

void TestNetworkCli::figuresEqualModels()
{
    QFETCH(QString, file);
    QFETCH(QStringList, options);
    const QJsonObject o = json(QStringList {QStringLiteral("network"), file} + options);
    const QJsonObject info = json(QStringList {QStringLiteral("info"), file} + options);
    QVERIFY(!o.isEmpty() && !info.isEmpty());

    const LoadResult loaded = EventReader::load(file, {});
    QVERIFY(loaded.report.ok());
    const std::vector<uint32_t> rows = filterOf(options).apply(*loaded.store);
    const network::VesselNetwork net = network::build({loaded.store.get(), &rows, nullptr});

    QCOMPARE(o.value("events").toInteger(), qint64(rows.size()));
    QCOMPARE(o.value("events").toInteger(), info.value("events").toInteger());
    QCOMPARE(o.value("vessels").toInteger(), info.value("vessels").toInteger());
    QCOMPARE(o.value("loaded").toInteger(), info.value("loaded").toInteger());
    QCOMPARE(o.value("pair_events").toInteger(), net.pairEvents);
    QCOMPARE(o.value("one_party_unknown").toInteger(), net.oneUnknown);
    QCOMPARE(o.value("no_party_known").toInteger(), net.noneKnown);
    QCOMPARE(o.value("same_vessel").toInteger(), net.sameVessel);

    const QJsonArray nodes = o.value("nodes").toArray();
    QCOMPARE(nodes.size(), qsizetype(net.nodes.size()));
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        const QJsonObject n = nodes[i].toObject();
        const VesselRow &v = net.nodes[size_t(i)].vessel;
        QCOMPARE(n.value("id").toString(), QString::fromStdString(v.key));
        QCOMPARE(n.value("mmsi").toString(), v.mmsi);
        QCOMPARE(n.value("imo").toString(), v.imo);
        QCOMPARE(n.value("name").toString(), v.name);
        QCOMPARE(n.value("partners").toInteger(), v.partners);
        QCOMPARE(n.value("events").toInteger(), v.events);
    }
    const QJsonArray edges = o.value("edges").toArray();
    const std::vector<uint32_t> pairs = net.rankedPairs();
    QCOMPARE(edges.size(), qsizetype(pairs.size()));
    for (qsizetype i = 0; i < edges.size(); ++i) {
        const QJsonObject e = edges[i].toObject();
        const network::Edge &want = net.edges[pairs[size_t(i)]];
        QCOMPARE(e.value("source").toString(),
                 QString::fromStdString(net.nodes[want.a].vessel.key));
        QCOMPARE(e.value("target").toString(),
                 QString::fromStdString(net.nodes[want.b].vessel.key));
        QCOMPARE(e.value("events").toInteger(), want.events);
        if (net.hasVolume)
            QCOMPARE(e.value("volume_bbl").toDouble(), want.volume);
    }
    const QJsonArray components = o.value("components").toArray();
    QCOMPARE(components.size(), qsizetype(net.components.size()));
    for (qsizetype c = 0; c < components.size(); ++c) {
        const QJsonObject j = components[c].toObject();
        QCOMPARE(j.value("vessels").toInteger(), qint64(net.components[size_t(c)].nodes.size()));
        QCOMPARE(j.value("members").toArray().size(),
                 qsizetype(net.components[size_t(c)].nodes.size()));
        QCOMPARE(j.value("events").toInteger(), net.components[size_t(c)].events);
    }
    // --json lists every vessel in `top` unless --top says otherwise.
    const QJsonArray top = o.value("top").toArray();
    const std::vector<uint32_t> ranked = net.rankedByPartners();
    QCOMPARE(top.size(), qsizetype(ranked.size()));
    for (qsizetype i = 0; i < top.size(); ++i) {
        const QJsonObject t = top[i].toObject();
        QCOMPARE(t.value("id").toString(),
                 QString::fromStdString(net.nodes[ranked[size_t(i)]].vessel.key));
        QCOMPARE(t.value("rank").toInteger(), qint64(i + 1));
        QVERIFY(t.contains("mmsi") && t.contains("imo") && t.contains("name"));
    }
    const QJsonObject three =
        json(QStringList {QStringLiteral("network"), file, QStringLiteral("--top"), "3"} + options);
    QCOMPARE(three.value("top").toArray().size(), std::min<qsizetype>(3, top.size()));
}

void TestNetworkCli::plainSummary()
{
    const QJsonObject o = json({QStringLiteral("network"), sample()});
    const Run r = run({QStringLiteral("network"), sample()});
    QCOMPARE(r.code, 0);
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains(QLocale(QLocale::English).toString(o.value("vessels").toInteger())
                           + QStringLiteral(" vessels")),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("most partners:")));
    const QJsonObject first = o.value("top").toArray().first().toObject();
    const QString name = first.value("name").toString();
    QVERIFY2(text.contains(QStringLiteral("1. ") + name), qPrintable(name));
}

void TestNetworkCli::graphFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("graphml") << QStringLiteral("net.graphml");
    QTest::newRow("gexf") << QStringLiteral("net.gexf");
}

void TestNetworkCli::graphFiles()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    const QString out = dir.filePath(name);
    const QJsonObject o = json({QStringLiteral("network"), sample(), QStringLiteral("-o"), out});
    QVERIFY(QFileInfo::exists(out));
    const Counted c = readGraph(out);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    QCOMPARE(c.nodes, o.value("vessels").toInt());
    QCOMPARE(c.edges, o.value("pairs").toInt());
    QVERIFY(c.edges > 0);
    for (const char *k : {"mmsi", "name", "flag", "partners", "events"})
        QVERIFY2(c.nodeKeys.contains(QLatin1String(k)), k);
    for (const char *k : {"events", "volume"})
        QVERIFY2(c.edgeKeys.contains(QLatin1String(k)), k);
}

void TestNetworkCli::refusesToOverwrite()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("mine.gexf"));
    QFile f(out);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("my notes");
    f.close();
    const Run r = run({QStringLiteral("network"), sample(), QStringLiteral("-o"), out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(out.toUtf8()) && r.err.contains("--overwrite"), r.err.constData());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("my notes"));
    f.close();
    const Run again = run({QStringLiteral("network"), sample(), QStringLiteral("-o"), out,
                           QStringLiteral("--overwrite")});
    QCOMPARE(again.code, 0);
    QVERIFY(readGraph(out).error.isEmpty());
    QVERIFY(readGraph(out).nodes > 0);
}

void TestNetworkCli::pictures_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("svg") << QStringLiteral("net.svg");
    QTest::newRow("png") << QStringLiteral("net.png");
}

// The Network dock's drawing as a file (the GUI module draws it, the command line alone
// does not link Qt Gui): it exists, parses, is the size asked for and shows a network
// (many pixels off the background, several colours), not a blank page.
void TestNetworkCli::pictures()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    const QString out = dir.filePath(name);
    const Run r = run({QStringLiteral("network"), sample(), QStringLiteral("-o"), out});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.err.contains("drew"), r.err.constData());
    QVERIFY(QFileInfo::exists(out));
    const QJsonObject o = json({QStringLiteral("network"), sample()});
    QImage image;
    if (name.endsWith(QLatin1String(".svg"))) {
        QSvgRenderer svg(out);
        QVERIFY(svg.isValid());
        QCOMPARE(svg.viewBoxF(), QRectF(0, 0, 1600, 1200));
        image = QImage(QSize(1600, 1200), QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        svg.render(&painter);
        painter.end();
        // A vessel with a partner is a circle in the SVG (the legend adds a few), a pair a
        // line; vessels without a known partner are not drawn.
        int withPartners = 0;
        for (const QJsonValue &n : o.value("nodes").toArray())
            withPartners += n.toObject().value("partners").toInt() > 0;
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        const auto circles = text.count("<circle");
        QVERIFY2(circles >= withPartners && circles <= withPartners + 12,
                 qPrintable(QStringLiteral("%1 circles, %2 vessels with partners")
                                .arg(circles)
                                .arg(withPartners)));
        QVERIFY(text.count("<polyline") >= o.value("pairs").toInt());
    } else {
        QVERIFY(image.load(out));
        QCOMPARE(image.size(), QSize(1600, 1200));
    }
    const QRgb background = image.pixel(image.width() / 2, image.height() - 2);
    int64_t drawn = 0;
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb p = image.pixel(x, y);
            drawn += p != background;
            colours.insert(p);
        }
    }
    QVERIFY2(drawn > int64_t(image.width()) * image.height() / 4 / 50,
             qPrintable(QString::number(drawn)));
    QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size())));
    // An existing picture is kept unless --overwrite.
    const Run again = run({QStringLiteral("network"), sample(), QStringLiteral("-o"), out});
    QCOMPARE(again.code, 3);
    QVERIFY2(again.err.contains("--overwrite"), again.err.constData());
}

void TestNetworkCli::badInput()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("nowhere.csv"));
    Run r = run({QStringLiteral("network"), missing});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(missing.toUtf8()), r.err.constData());

    const QString junk = clirun::data(QStringLiteral("junk/random_bytes.csv"));
    r = run({QStringLiteral("network"), junk});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("random_bytes.csv"), r.err.constData());

    const QString ais = clirun::data(QStringLiteral("ais/marinecadastre_20220331.csv"));
    r = run({QStringLiteral("network"), ais});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("AIS positions") && r.err.contains("rendezvous detect"),
             r.err.constData());

    r = run({QStringLiteral("network"), sample(), QStringLiteral("-o"), dir.filePath("net.pdf")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(".graphml") && r.err.contains(".svg") && r.err.contains("net.pdf"),
             r.err.constData());
    QVERIFY(!QFileInfo::exists(dir.filePath("net.pdf")));

    r = run({QStringLiteral("network"), sample(), QStringLiteral("--top"), QStringLiteral("many")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("--top"), r.err.constData());

    r = run(
        {QStringLiteral("network"), sample(), QStringLiteral("--bbox"), QStringLiteral("1,2,3")});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.startsWith("rendezvous network: "));

    r = run({QStringLiteral("network")});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("FILE"));

    // A folder that cannot be written to.
    r = run({QStringLiteral("network"), sample(), QStringLiteral("-o"),
             dir.filePath(QStringLiteral("no/such/folder/net.graphml"))});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("net.graphml"), r.err.constData());
}

// A QGuiApplication: the pictures are read back with fonts (QSvgRenderer, QPainter).
QTEST_MAIN(TestNetworkCli)
#include "tst_network.moc"

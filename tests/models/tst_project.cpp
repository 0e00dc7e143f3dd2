#include "project.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {
QString fixture(const QString &name)
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/projects/") + name;
}

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool touch(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write("x") == 1;
}

// Every field away from its default, with values that test exactness: doubles that are
// not short decimals, times with milliseconds and before 1970, non-ASCII text.
Project fullProject(const QString &dir)
{
    Project p;
    p.sources.push_back({dir + QStringLiteral("/data/events.csv"),
                         QStringLiteral("transfers"),
                         {QStringLiteral("start=Début"), QStringLiteral("volume=bbl")}});
    // A week of daily AIS files, as one source (issue 16).
    ProjectSource ais;
    ais.kind = ProjectSource::Kind::Ais;
    ais.path = dir + QStringLiteral("/ais/aisdk-2024-03-01.csv");
    ais.morePaths = {dir + QStringLiteral("/ais/aisdk-2024-03-02.csv"),
                     QStringLiteral("/elsewhere/aisdk-2024-03-03.csv")};
    ais.fieldOverrides = {QStringLiteral("mmsi=MMSI")};
    p.sources.push_back(ais);
    p.from = -86400000LL * 365 + 123;
    p.to = 1551398399999LL;
    p.polygon = {{179.5, 10.1}, {-179.25, 10.2}, {180.75, -0.1 / 3}, {1.0 / 7, std::sqrt(2.0)}};
    p.areaFollowsView = true;
    p.box = GeoBox {170.5, -5.25, -170.125, 12.0 / 7};
    p.text = QStringLiteral("  Ålesund ⇄ 丸 ");
    p.hiddenCategories.insert(QStringLiteral("cargo"),
                              {QStringLiteral("crude"), QString(), QStringLiteral("LNG")});
    p.hiddenCategories.insert(QStringLiteral("confidence"), {QStringLiteral("low")});
    p.centerLon = 123.456789012345678;
    p.centerLat = -0.1 * 3;
    p.zoom = 5.0 / 3;
    p.basemap = QStringLiteral("tiles");
    p.tileUrl = QStringLiteral("https://tiles.example.org/{z}/{x}/{-y}.png");
    p.colorBy = QStringLiteral("Flag state");
    p.sizeByVolume = true;
    p.graticule = false;
    p.scaleBar = false;
    p.attribution = false;
    p.eventsVisible = false;
    p.overlays.push_back(
        {dir + QStringLiteral("/layers/eez.geojson"), QStringLiteral("#80e69f00"), false});
    p.overlays.push_back(
        {QStringLiteral("/somewhere/else/ports.gpkg"), QStringLiteral("#ff0072b2"), true});
    p.annotations = QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("arrow")},
                                             {QStringLiteral("lon"), 0.1 + 0.2},
                                             {QStringLiteral("lat"), -33.123456789}}};
    p.exportSettings = QJsonObject {{QStringLiteral("format"), QStringLiteral("pdf")},
                                    {QStringLiteral("dpi"), 300}};
    p.sections = QJsonObject {{QStringLiteral("notes"), QStringLiteral("keep")}};
    return p;
}
} // namespace

class TestProject : public QObject
{
    Q_OBJECT
private slots:
    void roundTripIsExact();
    void pathsAreRelativeWithAbsoluteFallback();
    void readsFixture();
    void colonPathIsAFileName();
    void timeText();
    void badFiles_data();
    void badFiles();
    void writeFailureSaysWhy();
    void mutatedFilesGiveAnAnswer();
    void aisSourceKindAndFiles();
};

void TestProject::roundTripIsExact()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Project p = fullProject(dir.path());
    const QString path = dir.filePath(QStringLiteral("survey.rvz"));
    QString error;
    QVERIFY2(p.write(path, &error), qPrintable(error));

    Project back;
    QVERIFY2(Project::read(path, &back, &error), qPrintable(error));
    QVERIFY(back == p);
    QCOMPARE(back.zoom, p.zoom);
    QCOMPARE(back.polygon, p.polygon);
    QCOMPARE(back.from, p.from);
    QCOMPARE(back.hiddenCategories, p.hiddenCategories);

    // Writing what was read gives the same bytes: nothing drifts from save to save.
    const QString again = dir.filePath(QStringLiteral("again.rvz"));
    QVERIFY2(back.write(again, &error), qPrintable(error));
    QCOMPARE(contents(again), contents(path));

    // A default project too (no sources, no times, empty sections).
    Project empty;
    QVERIFY2(empty.write(path, &error), qPrintable(error));
    QVERIFY(Project::read(path, &back, &error));
    QVERIFY(back == empty);
}

// Found by fuzz_project: a name starting with ':' (Qt's resource prefix) must stay a
// file name beside the project, the same after every save, not become a resource path;
// an "absolutePath" that is relative is taken from the project's folder, not from the
// working directory.
void TestProject::colonPathIsAFileName()
{
    QJsonObject top =
        QJsonDocument::fromJson(contents(fixture(QStringLiteral("valid.rvz")))).object();
    top.insert(QStringLiteral("dataSources"),
               QJsonArray {QJsonObject {{"path", QStringLiteral(":elsewhere/events.csv")}}});
    const QByteArray json = QJsonDocument(top).toJson();
    const QString dir = QStringLiteral("/projects/survey");
    Project p;
    QString error;
    QVERIFY2(Project::parse(json, dir, &p, &error), qPrintable(error));
    QCOMPARE(p.sources.at(0).path, QStringLiteral("/projects/survey/:elsewhere/events.csv"));
    Project back;
    QVERIFY2(Project::parse(QJsonDocument(p.toJson(dir)).toJson(), dir, &back, &error),
             qPrintable(error));
    QCOMPARE(back, p);

    top.insert(QStringLiteral("dataSources"),
               QJsonArray {QJsonObject {{"absolutePath", QStringLiteral("data/events.csv")}}});
    QVERIFY2(Project::parse(QJsonDocument(top).toJson(), dir, &p, &error), qPrintable(error));
    QCOMPARE(p.sources.at(0).path, QStringLiteral("/projects/survey/data/events.csv"));
    QVERIFY2(Project::parse(QJsonDocument(p.toJson(dir)).toJson(), dir, &back, &error),
             qPrintable(error));
    QCOMPARE(back, p);
}

void TestProject::pathsAreRelativeWithAbsoluteFallback()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("a/data")));
    const QString data = dir.filePath(QStringLiteral("a/data/events.csv"));
    QVERIFY(touch(data));
    Project p;
    p.sources.push_back({data, {}, {}});
    const QString path = dir.filePath(QStringLiteral("a/p.rvz"));
    QString error;
    QVERIFY(p.write(path, &error));
    const QJsonObject source = QJsonDocument::fromJson(contents(path))
                                   .object()
                                   .value("dataSources")
                                   .toArray()
                                   .at(0)
                                   .toObject();
    QCOMPARE(source.value("path").toString(), QStringLiteral("data/events.csv"));
    QCOMPARE(source.value("absolutePath").toString(), data);

    // The folder moved as a whole: the relative path finds the data at its new place.
    QVERIFY(QDir(dir.path()).rename(QStringLiteral("a"), QStringLiteral("b")));
    Project back;
    QVERIFY(Project::read(dir.filePath(QStringLiteral("b/p.rvz")), &back, &error));
    QCOMPARE(back.sources.at(0).path, dir.filePath(QStringLiteral("b/data/events.csv")));

    // The project alone copied elsewhere: the absolute path is the fallback.
    QVERIFY(QDir(dir.path()).rename(QStringLiteral("b"), QStringLiteral("a")));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("c")));
    QVERIFY(QFile::copy(path, dir.filePath(QStringLiteral("c/p.rvz"))));
    QVERIFY(Project::read(dir.filePath(QStringLiteral("c/p.rvz")), &back, &error));
    QCOMPARE(back.sources.at(0).path, data);

    // Neither exists: the relative place, where the user will be asked to locate it.
    QVERIFY(QFile::remove(data));
    QVERIFY(Project::read(dir.filePath(QStringLiteral("c/p.rvz")), &back, &error));
    QCOMPARE(back.sources.at(0).path, dir.filePath(QStringLiteral("c/data/events.csv")));
}

void TestProject::readsFixture()
{
    Project p;
    QString error;
    QVERIFY2(Project::read(fixture(QStringLiteral("valid.rvz")), &p, &error), qPrintable(error));
    QCOMPARE(int(p.sources.size()), 1);
    QCOMPARE(p.sources[0].path,
             QDir::cleanPath(QStringLiteral(RENDEZVOUS_TEST_DATA "/mainwindow/events.csv")));
    QCOMPARE(p.sources[0].fieldOverrides, QStringList {QStringLiteral("volume=volume_bbl")});
    QCOMPARE(p.from, std::optional<int64_t>(1548979200000LL));
    QCOMPARE(p.to, std::optional<int64_t>(1554076799999LL));
    QCOMPARE(int(p.polygon.size()), 3);
    QCOMPARE(p.text, QStringLiteral("TRADER"));
    QCOMPARE(p.hiddenCategories.value(QStringLiteral("cargo")),
             (QSet<QString> {QStringLiteral("crude"), QString()}));
    QCOMPARE(p.zoom, 5.5);
    QVERIFY(p.sizeByVolume);
    QCOMPARE(int(p.overlays.size()), 1);
    QCOMPARE(p.overlays[0].color, QStringLiteral("#ff0072b2")); // #rrggbb read as opaque
    QVERIFY(!p.overlays[0].visible);
    QVERIFY(p.graticule); // absent optional keys take their defaults
    QCOMPARE(p.annotations.size(), 1);
    QCOMPARE(p.exportSettings.value("format").toString(), QStringLiteral("png"));
}

void TestProject::timeText()
{
    for (const int64_t ms :
         {int64_t(0), int64_t(-1), int64_t(1551398399999), int64_t(-62135596800000)}) {
        QCOMPARE(projectio::timeFromText(projectio::timeToText(ms)), std::optional<int64_t>(ms));
    }
    QCOMPARE(projectio::timeFromText(QStringLiteral("2019-02-11T04:20:00")),
             std::optional<int64_t>(1549858800000LL)); // no offset: UTC
    QVERIFY(!projectio::timeFromText(QStringLiteral("yesterday")));
}

void TestProject::badFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");
    QTest::newRow("damaged") << "damaged.rvz"
                             << "damaged file: unterminated ";
    QTest::newRow("empty") << "empty.rvz"
                           << "the file is empty";
    QTest::newRow("array") << "array.rvz"
                           << "not a Rendezvous project (the file holds no JSON";
    QTest::newRow("wrong format") << "wrongformat.rvz"
                                  << "not a Rendezvous project (format \"qgis-project\")";
    QTest::newRow("no format") << "noformat.rvz"
                               << "missing required key \"format\"";
    QTest::newRow("newer") << "newer.rvz"
                           << "made by a newer Rendezvous (version 2); this one reads up to 1";
    QTest::newRow("missing key") << "missingview.rvz"
                                 << "missing required key \"view\"";
    QTest::newRow("wrong type") << "wrongtype.rvz"
                                << "\"view.zoom\" must be a number";
    QTest::newRow("bad colour") << "badcolor.rvz"
                                << "\"layers.overlays[0].color\" must be a colour such as "
                                   "#ff0072b2, not \"blue\"";
}

void TestProject::badFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, message);
    // A copy in a folder of its own, to see that reading leaves every byte and every
    // file there as it was (no lock, no backup, no rewrite).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(file);
    QVERIFY(QFile::copy(fixture(file), path));
    const QByteArray before = contents(path);
    const QDateTime modified = QFileInfo(path).lastModified();

    Project p;
    p.text = QStringLiteral("untouched");
    QString error;
    QVERIFY(!Project::read(path, &p, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
    if (file == QLatin1String("damaged.rvz")) // where it broke, for a hand repair
        QVERIFY2(error.contains(QStringLiteral(" at byte ")), qPrintable(error));
    QCOMPARE(p.text, QStringLiteral("untouched")); // all or nothing
    QCOMPARE(contents(path), before);
    QCOMPARE(QFileInfo(path).lastModified(), modified);
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList {file});
}

void TestProject::writeFailureSaysWhy()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("missing/folder/p.rvz"));
    QString error;
    QVERIFY(!Project().write(path, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write ")), qPrintable(error));
    QVERIFY(error.contains(QStringLiteral("p.rvz")));
    QVERIFY(!QFileInfo::exists(path));
}

void TestProject::mutatedFilesGiveAnAnswer()
{
    // Bytes flipped, cut or repeated: every variant parses or says why, never crashes or
    // half-fills the project.
    const QByteArray valid = contents(fixture(QStringLiteral("valid.rvz")));
    QVERIFY(!valid.isEmpty());
    QRandomGenerator random(20261128);
    const char replacements[] = "{}[]\":,0-9e.+ntfa\\u\x80\xff";
    int parsed = 0;
    for (int i = 0; i < 4000; ++i) {
        QByteArray bytes = valid;
        const int edits = 1 + random.bounded(4);
        for (int e = 0; e < edits; ++e) {
            const int at = random.bounded(int(bytes.size()));
            switch (random.bounded(3)) {
            case 0:
                bytes[at] = replacements[random.bounded(int(sizeof replacements) - 1)];
                break;
            case 1:
                bytes.truncate(at);
                break;
            default:
                bytes.insert(at, bytes.mid(random.bounded(int(bytes.size())), 8));
            }
            if (bytes.isEmpty())
                break;
        }
        Project p;
        p.text = QStringLiteral("before");
        QString error;
        if (Project::parse(bytes, QStringLiteral("/tmp"), &p, &error)) {
            ++parsed;
            QVERIFY(error.isEmpty());
        } else {
            QVERIFY(!error.isEmpty());
            QCOMPARE(p.text, QStringLiteral("before"));
        }
    }
    QVERIFY(parsed > 0); // some edits land in strings and stay valid
}

void TestProject::aisSourceKindAndFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Project p = fullProject(dir.path());
    const QJsonObject json = p.toJson(dir.path());
    const QJsonArray sources = json.value(QStringLiteral("dataSources")).toArray();
    QCOMPARE(sources.size(), 2);
    // Events keep the old form (no "kind"): an older build reads them as before.
    QVERIFY(!sources.at(0).toObject().contains(QStringLiteral("kind")));
    const QJsonObject ais = sources.at(1).toObject();
    QCOMPARE(ais.value(QStringLiteral("kind")).toString(), QStringLiteral("ais"));
    const QJsonArray more = ais.value(QStringLiteral("more")).toArray();
    QCOMPARE(more.size(), 2);
    QCOMPARE(more.at(0).toObject().value(QStringLiteral("path")).toString(),
             QStringLiteral("ais/aisdk-2024-03-02.csv"));

    // A project without "kind" (every project before issue 16) has event sources.
    QJsonObject old = json;
    QJsonArray oldSources;
    oldSources.append(sources.at(0));
    old.insert(QStringLiteral("dataSources"), oldSources);
    Project back;
    QString error;
    QVERIFY2(Project::fromJson(old, dir.path(), &back, &error), qPrintable(error));
    QCOMPARE(back.sources.size(), size_t(1));
    QCOMPARE(back.sources.front().kind, ProjectSource::Kind::Events);
    QVERIFY(back.sources.front().morePaths.isEmpty());

    // An unknown kind, or a file list that is not one, is refused by name.
    QJsonObject bad = ais;
    bad.insert(QStringLiteral("kind"), QStringLiteral("radar"));
    QJsonObject wrong = json;
    wrong.insert(QStringLiteral("dataSources"), QJsonArray {bad});
    QVERIFY(!Project::fromJson(wrong, dir.path(), &back, &error));
    QCOMPARE(error, QStringLiteral("\"dataSources[0].kind\" must be \"events\" or \"ais\""));
    bad = ais;
    bad.insert(QStringLiteral("more"), QJsonArray {QStringLiteral("day2.csv")});
    wrong.insert(QStringLiteral("dataSources"), QJsonArray {bad});
    QVERIFY(!Project::fromJson(wrong, dir.path(), &back, &error));
    QCOMPARE(error, QStringLiteral("\"dataSources[0].more[0]\" must be an object"));
}

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// `cmake --install` into a temporary prefix, then the installed binary run as a user
// runs it: it must find its GDAL module, basemap and sample under the prefix. The
// installed binary does not fall back on the build or source trees (runsFromBuildTree),
// so a file missing from the install fails here instead of being found in the checkout.
namespace {
struct Run
{
    int code = -1;
    QByteArray out, err;
};

Run run(const QString &program, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM",
                             "RENDEZVOUS_RESOURCES", "RENDEZVOUS_GDAL_MODULE", "LD_LIBRARY_PATH"})
        env.remove(QLatin1String(name));
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return {-1, {}, "did not finish in 120 s"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}
} // namespace

class TestInstall : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void installsTheFiles_data();
    void installsTheFiles();
    void installsThePreparedBasemapOnly();
    void versionAndHelpOnStdout();
    void infoReadsTheInstalledSample();
    void infoLoadsTheInstalledGdalModule();
    void renderDrawsTheInstalledBasemap();

private:
    QString path(const QString &relative) const { return m_prefix.filePath(relative); }
    QString binary() const { return path(QStringLiteral("bin/rendezvous")); }
    QString sample() const
    {
        return path(QStringLiteral("share/rendezvous/sample/synthetic_sts_events.csv"));
    }

    QTemporaryDir m_prefix;
};

void TestInstall::initTestCase()
{
    QVERIFY(m_prefix.isValid());
    const Run r = run(QStringLiteral(RENDEZVOUS_CMAKE),
                      {QStringLiteral("--install"), QStringLiteral(RENDEZVOUS_BUILD_DIR),
                       QStringLiteral("--prefix"), m_prefix.path()});
    QVERIFY2(r.code == 0, r.err.constData());
}

void TestInstall::installsTheFiles_data()
{
    QTest::addColumn<QString>("relative");
    for (const char *f :
         {"bin/rendezvous", "share/rendezvous/basemap/basemap-110m.bin",
          "share/rendezvous/basemap/basemap-50m.bin", "share/rendezvous/basemap/basemap-10m.bin",
          "share/rendezvous/basemap/LICENSE", "share/rendezvous/sample/synthetic_sts_events.csv",
          "share/rendezvous/sample/README.md", "share/applications/rendezvous.desktop",
          "share/icons/hicolor/scalable/apps/rendezvous.svg"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestInstall::installsTheFiles()
{
    QFETCH(QString, relative);
    QVERIFY2(QFileInfo(path(relative)).size() > 0, qPrintable(path(relative)));
}

// The basemap is installed prepared (read in milliseconds), in place of the TopoJSON it
// is prepared from at build time.
void TestInstall::installsThePreparedBasemapOnly()
{
    const QDir basemap(path(QStringLiteral("share/rendezvous/basemap")));
    QVERIFY(basemap.exists());
    QCOMPARE(basemap.entryList({QStringLiteral("*.json")}, QDir::Files), QStringList());
    QCOMPARE(basemap.entryList({QStringLiteral("*.bin")}, QDir::Files).size(), 3);
}

void TestInstall::versionAndHelpOnStdout()
{
    const Run version = run(binary(), {QStringLiteral("--version")});
    QCOMPARE(version.code, 0);
    QCOMPARE(version.out, QByteArray("rendezvous " RENDEZVOUS_VERSION "\n"));
    QVERIFY(version.err.isEmpty());
    const Run help = run(binary(), {QStringLiteral("--help")});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.startsWith("Usage: rendezvous"));
    QVERIFY(help.err.isEmpty());
}

void TestInstall::infoReadsTheInstalledSample()
{
    const Run r = run(binary(), {QStringLiteral("info"), sample(), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("records")).toInt(), 2500); // the sample's data rows
    QVERIFY(o.value(QStringLiteral("events")).toInt() > 2400);
}

// GeoJSON is read through the GDAL module, which the installed binary loads from
// lib/rendezvous beside it.
void TestInstall::infoLoadsTheInstalledGdalModule()
{
    const Run r =
        run(binary(),
            {QStringLiteral("info"), QStringLiteral(RENDEZVOUS_TEST_DATA "/ogr/events.geojson"),
             QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("events")).toInt() > 0);
}

// The land and the bare render differ only by the basemap; a basemap that cannot be
// found or read gives a warning and the bare picture.
void TestInstall::renderDrawsTheInstalledBasemap()
{
    QByteArray pngs[2];
    const char *basemaps[2] = {"land", "none"};
    for (int i = 0; i < 2; ++i) {
        const QString out = path(QStringLiteral("render-%1.png").arg(QLatin1String(basemaps[i])));
        const Run r = run(binary(),
                          {QStringLiteral("render"), sample(), QStringLiteral("-o"), out,
                           QStringLiteral("--size"), QStringLiteral("320x200"),
                           QStringLiteral("--basemap"), QLatin1String(basemaps[i])});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(!r.err.contains("basemap"), r.err.constData());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        pngs[i] = f.readAll();
        QVERIFY(pngs[i].startsWith("\x89PNG"));
    }
    QVERIFY(pngs[0] != pngs[1]);
}

QTEST_GUILESS_MAIN(TestInstall)
#include "tst_install.moc"

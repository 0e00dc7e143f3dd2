#include "detect/detectedevents.h"
#include "eventstore.h"
#include "eventstorejson.h"
#include "project.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

// The Detected events in a project (issue 17): the events themselves are saved, so a
// reopened project shows exactly the same ones, with or without the AIS they came from.
namespace {

constexpr int64_t kT0 = 1700000000123; // with milliseconds
constexpr int64_t kHour = detect::kHourMs;

PositionReport at(uint32_t vessel, int64_t t, double lat, double lon)
{
    PositionReport r;
    r.vessel = vessel;
    r.timeMs = t;
    r.lat = lat;
    r.lon = lon;
    r.sog = 1;
    return r;
}

// Two vessels (one named, with an IMO; one by MMSI only) and what a detection of them
// could find: an encounter, a gap and an anomaly, with figures that are not short decimals.
std::shared_ptr<const EventStore> detectedStore()
{
    TrackBuilder b;
    b.addFile(QStringLiteral("week.csv"));
    const uint32_t v0 = b.vesselByMmsi(538001234);
    const uint32_t v1 = b.vesselByMmsi(412000001);
    VesselIdentity id0;
    id0.name = "TANKER ÖNE";
    id0.imo = "9627980";
    b.addIdentity(v0, kT0, id0);
    for (int i = 0; i <= 10; ++i) {
        b.add(at(v0, kT0 + i * kHour, 10 + i * 0.01, 120));
        b.add(at(v1, kT0 + i * kHour, 10 + i * 0.01, 120.001));
    }
    const std::shared_ptr<const TrackStore> tracks = b.finish();
    detect::Result r;
    detect::Encounter e;
    e.vesselA = 0;
    e.vesselB = 1;
    e.startMs = kT0 + kHour;
    e.endMs = kT0 + 6 * kHour;
    e.lat = 10.0312345678901;
    e.lon = 120.000512345678;
    e.medianDistanceM = 108.26;
    e.medianSpeedKn = 0.456;
    e.portKm = std::numeric_limits<double>::infinity();
    e.shoreKm = 231.456;
    e.slotCount = 31;
    r.encounters.push_back(e);
    detect::Gap g;
    g.vessel = 0;
    g.startMs = kT0 + 10 * kHour;
    g.endMs = kT0 + 28 * kHour;
    g.lat0 = 10.1, g.lon0 = 120, g.lat1 = 11.5, g.lon1 = -179.25;
    g.distanceNm = 111.5;
    g.impliedSpeedKn = 6.19;
    r.gaps.push_back(g);
    detect::Anomaly a;
    a.vessel = 1;
    a.kind = detect::Anomaly::Kind::TwoPlacesAtOnce;
    a.startMs = kT0 + 2 * kHour;
    a.endMs = kT0 + 3 * kHour;
    a.lat = 10.5;
    a.lon = 120.5;
    a.detail = "300 nm in 1 h (300 kn)";
    r.anomalies.push_back(a);
    return detect::toEventStore(r, *tracks, detect::Rules());
}

// Every field and extra column of every row the same (NaN volumes equal as NaN).
bool sameStores(const EventStore &a, const EventStore &b, QString *why)
{
    if (a.size() != b.size() || a.extraNames() != b.extraNames()) {
        *why = QStringLiteral("sizes or columns differ");
        return false;
    }
    for (size_t r = 0; r < a.size(); ++r) {
        const auto same = [](double x, double y) {
            return x == y || (std::isnan(x) && std::isnan(y));
        };
        if (a.start(r) != b.start(r) || a.end(r) != b.end(r) || !same(a.lat(r), b.lat(r))
            || !same(a.lon(r), b.lon(r)) || !same(a.volume(r), b.volume(r))
            || a.sourceRow(r) != b.sourceRow(r) || a.flags(r) != b.flags(r)) {
            *why = QStringLiteral("row %1: numbers differ").arg(r);
            return false;
        }
        for (int f = 0; f < FieldCount; ++f) {
            if (a.text(Field(f), r) != b.text(Field(f), r)) {
                *why = QStringLiteral("row %1: %2 differs").arg(r).arg(fieldKey(Field(f)));
                return false;
            }
        }
        for (int c = 0; c < a.extraNames().size(); ++c) {
            if (a.extra(c, r) != b.extra(c, r)) {
                *why = QStringLiteral("row %1: %2 differs").arg(r).arg(a.extraNames()[c]);
                return false;
            }
        }
    }
    return true;
}

Project minimalProject()
{
    Project p;
    ProjectSource ais;
    ais.kind = ProjectSource::Kind::Ais;
    ais.path = QStringLiteral("/data/week.csv");
    p.sources.push_back(ais);
    return p;
}

} // namespace

class TestProjectDetected : public QObject
{
    Q_OBJECT
private slots:
    void storeJsonIsExact();
    void projectKeepsTheDetectedEvents();
    void damagedDetectedEventsAreRefused();
};

void TestProjectDetected::storeJsonIsExact()
{
    const std::shared_ptr<const EventStore> detected = detectedStore();
    QCOMPARE(detected->size(), size_t(3));
    QString why;
    // Through the text of a file, not only the JSON object.
    const QByteArray bytes = QJsonDocument(eventstorejson::toJson(*detected)).toJson();
    const auto back = eventstorejson::fromJson(QJsonDocument::fromJson(bytes).object(), &why);
    QVERIFY2(back, qPrintable(why));
    QVERIFY2(sameStores(*detected, *back, &why), qPrintable(why));

    // A store of other events: no end, no position's worth of digits lost, a volume,
    // the flags and source rows, an empty extra.
    auto other =
        std::make_shared<EventStore>(QStringList {QStringLiteral("note"), QStringLiteral("x")});
    EventStore::RowInput in;
    in.id = "a";
    in.start = -86400001; // before 1970
    in.lat = -33.123456789012345;
    in.lon = 179.99999999999997;
    in.volume = 123456.789;
    in.cargo = "crude";
    in.sourceRow = 4000000000u;
    in.flags = EventStore::Duplicate | EventStore::VesselBFlagFromMmsi;
    const std::string_view extras[] = {"über", ""};
    other->append(in, extras);
    const auto otherBack = eventstorejson::fromJson(
        QJsonDocument::fromJson(QJsonDocument(eventstorejson::toJson(*other)).toJson()).object(),
        &why);
    QVERIFY2(otherBack, qPrintable(why));
    QVERIFY2(sameStores(*other, *otherBack, &why), qPrintable(why));
    QVERIFY(!otherBack->hasEnd(0));
}

void TestProjectDetected::projectKeepsTheDetectedEvents()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::shared_ptr<const EventStore> detected = detectedStore();
    Project p = minimalProject();
    p.detected = eventstorejson::toJson(*detected);
    const QString path = dir.filePath(QStringLiteral("case.rvz"));
    QString error;
    QVERIFY2(p.write(path, &error), qPrintable(error));
    Project read;
    QVERIFY2(Project::read(path, &read, &error), qPrintable(error));
    QVERIFY(read == p);
    const auto back = eventstorejson::fromJson(read.detected, &error);
    QVERIFY2(back, qPrintable(error));
    QString why;
    QVERIFY2(sameStores(*detected, *back, &why), qPrintable(why));

    // Without detected events the file has no such key (older builds read it as before),
    // and a project with them is not equal to one without.
    Project none = minimalProject();
    const QString nonePath = dir.filePath(QStringLiteral("none.rvz"));
    QVERIFY2(none.write(nonePath, &error), qPrintable(error));
    QFile f(nonePath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!QJsonDocument::fromJson(f.readAll()).object().contains(QStringLiteral("detected")));
    QVERIFY(none != p);
}

void TestProjectDetected::damagedDetectedEventsAreRefused()
{
    Project p = minimalProject();
    p.detected = eventstorejson::toJson(*detectedStore());
    const QJsonObject good = p.toJson(QStringLiteral("/data"));
    const auto refused = [&good](const std::function<void(QJsonObject &)> &damage,
                                 const QString &expected) {
        QJsonObject json = good;
        QJsonObject detected = json.value(QStringLiteral("detected")).toObject();
        damage(detected);
        json.insert(QStringLiteral("detected"), detected);
        Project out;
        QString error;
        if (Project::fromJson(json, QStringLiteral("/data"), &out, &error)) {
            qWarning("accepted");
            return false;
        }
        if (!error.contains(QStringLiteral("\"detected\"")) || !error.contains(expected)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        return true;
    };
    const auto setCell = [](qsizetype row, qsizetype column, const QJsonValue &v) {
        return [=](QJsonObject &d) {
            QJsonArray rows = d.value(QStringLiteral("rows")).toArray();
            QJsonArray r = rows[row].toArray();
            r[column] = v;
            rows[row] = r;
            d.insert(QStringLiteral("rows"), rows);
        };
    };
    QVERIFY(refused(setCell(1, 3, QStringLiteral("north")), QStringLiteral("rows[1][3]")));
    QVERIFY(refused(setCell(0, 1, 1.5), QStringLiteral("rows[0][1]")));
    QVERIFY(refused(setCell(2, 4, 200), QStringLiteral("longitude")));
    QVERIFY(refused(setCell(0, 0, 7), QStringLiteral("rows[0][0] must be text")));
    QVERIFY(refused(
        [](QJsonObject &d) {
            QJsonArray rows = d.value(QStringLiteral("rows")).toArray();
            QJsonArray r = rows[0].toArray();
            r.removeLast();
            rows[0] = r;
            d.insert(QStringLiteral("rows"), rows);
        },
        QStringLiteral("rows[0] must be a list")));
    QVERIFY(refused([](QJsonObject &d) { d.remove(QStringLiteral("fields")); },
                    QStringLiteral("\"fields\"")));
    QVERIFY(refused([](QJsonObject &d) { d.insert(QStringLiteral("extras"), QJsonArray {1}); },
                    QStringLiteral("\"extras\"")));
    // A detected value that is no object at all.
    QJsonObject json = good;
    json.insert(QStringLiteral("detected"), QStringLiteral("yes"));
    Project out;
    QString error;
    QVERIFY(!Project::fromJson(json, QStringLiteral("/data"), &out, &error));
    QVERIFY2(error.contains(QStringLiteral("detected")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestProjectDetected)
#include "tst_projectdetected.moc"

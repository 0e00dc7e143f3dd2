#include "annotationmodel.h"
#include "eventlabel.h"
#include "eventstore.h"
#include "geodesic.h"
#include "transferevent.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

class TestAnnotationModel : public QObject
{
    Q_OBJECT

private:
    static AnnotationModel *sample(QObject *parent)
    {
        auto *m = new AnnotationModel(parent);
        Annotation callout = Annotation::defaults(Annotation::Kind::Callout);
        // Doubles that do not survive a decimal round trip with few digits.
        callout.points = {{123.45678901234567, 30.1 / 3.0}, {124.0 + 1e-13, 31.000000000000004}};
        callout.text = QStringLiteral("Transfer area \u00b7 \u201cquoted\u201d\nline 2");
        Annotation arrow = Annotation::defaults(Annotation::Kind::Arrow);
        arrow.points = {{179.5, 10}, {181.25, 10.5}}; // unwrapped across 180°
        arrow.lineWidth = 3.25;
        arrow.radiusNm = 2; // meaningless for an arrow, but kept
        Annotation circle = Annotation::defaults(Annotation::Kind::Circle);
        circle.points = {{125.1, 29.9}};
        circle.radiusNm = 25.123456789;
        circle.color = 0x80ff0000;
        Annotation rect = Annotation::defaults(Annotation::Kind::Rectangle);
        rect.points = {{120, 25}, {122.5, 27}};
        Annotation poly = Annotation::defaults(Annotation::Kind::Polygon);
        poly.points = {{120, 25}, {121, 26}, {122, 25}, {121.5, 24.2}};
        poly.fontSize = 14.5;
        poly.eventId = QStringLiteral("kept too");
        Annotation label = Annotation::defaults(Annotation::Kind::EventLabel);
        label.points = {{123.6, 31.2}, {123.8, 31.4}};
        label.eventId = QStringLiteral("STS-42");
        label.text = QStringLiteral("YU JONG 2 \u21c4 KATRIN \u00b7 2018-03-05 \u00b7 12,400 bbl");
        for (const Annotation &a : {callout, arrow, circle, rect, poly, label})
            if (m->insert(a) == 0)
                qFatal("sample annotation rejected: %s", qPrintable(a.validate()));
        return m;
    }

private slots:
    void roundTripIsExact()
    {
        QObject owner;
        AnnotationModel *m = sample(&owner);
        m->remove(m->annotations()[3].id); // ids need not be contiguous
        // Through text, as a project file stores it.
        const QByteArray bytes = QJsonDocument(m->toJson()).toJson();
        AnnotationModel back;
        QString error;
        QVERIFY2(back.fromJson(QJsonDocument::fromJson(bytes).array(), &error), qPrintable(error));
        QCOMPARE(back.count(), m->count());
        for (int i = 0; i < m->count(); ++i)
            QVERIFY2(back.annotations()[size_t(i)] == m->annotations()[size_t(i)],
                     qPrintable(QString::number(i)));
        QCOMPARE(back.annotations()[0].points[0].lon, 123.45678901234567);
        QCOMPARE(back.annotations()[0].points[0].lat, 30.1 / 3.0);
        QCOMPARE(back.toJson(), m->toJson());
    }

    void idsAreAssignedWhenMissing()
    {
        AnnotationModel m;
        const QByteArray json = R"([
            {"kind": "circle", "points": [[10, 20]], "radiusNm": 5, "id": 7},
            {"kind": "arrow", "points": [[10, 20], [11, 21]]}])";
        QString error;
        QVERIFY2(m.fromJson(QJsonDocument::fromJson(json).array(), &error), qPrintable(error));
        QCOMPARE(m.annotations()[0].id, 7);
        QCOMPARE(m.annotations()[1].id, 8);
        // Defaults of the kind for what is not given.
        QCOMPARE(m.annotations()[1].color, Annotation::defaults(Annotation::Kind::Arrow).color);
    }

    void badJsonChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not object") << QByteArray("[3]") << "annotation 1: not a JSON object";
        QTest::newRow("kind") << QByteArray(R"([{"kind": "blob", "points": []}])")
                              << "unknown kind";
        QTest::newRow("points") << QByteArray(R"([{"kind": "arrow", "points": [[1, 2]]}])")
                                << "needs 2 points";
        QTest::newRow("polygon") << QByteArray(
            R"([{"kind": "polygon", "points": [[1, 2], [3, 4]]}])")
                                 << "at least 3 points";
        QTest::newRow("point text")
            << QByteArray(R"([{"kind": "circle", "points": [["1", 2]], "radiusNm": 1}])")
            << "not [longitude, latitude]";
        QTest::newRow("latitude") << QByteArray(
            R"([{"kind": "circle", "points": [[1, 92]], "radiusNm": 1}])")
                                  << "latitude 92";
        QTest::newRow("radius") << QByteArray(R"([{"kind": "circle", "points": [[1, 2]]}])")
                                << "radius";
        QTest::newRow("colour") << QByteArray(
            R"([{"kind": "circle", "points": [[1, 2]], "radiusNm": 1, "color": "red"}])")
                                << "colour";
        QTest::newRow("width") << QByteArray(
            R"([{"kind": "arrow", "points": [[1, 2], [2, 3]], "lineWidth": "thick"}])")
                               << "\u201clineWidth\u201d is not a number";
        QTest::newRow("second") << QByteArray(
            R"([{"kind": "arrow", "points": [[1, 2], [2, 3]]}, {"kind": "arrow", "points": [[1, 2], [2, 3]], "fontSize": 500}])")
                                << "annotation 2: the font size";
        QTest::newRow("duplicate id") << QByteArray(
            R"([{"kind": "arrow", "points": [[1, 2], [2, 3]], "id": 2}, {"kind": "arrow", "points": [[1, 2], [2, 3]], "id": 2}])")
                                      << "used twice";
    }

    void badJsonChangesNothing()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QObject owner;
        AnnotationModel *m = sample(&owner);
        const QJsonArray before = m->toJson();
        QSignalSpy changed(m, &AnnotationModel::changed);
        QString error;
        const QJsonDocument doc = QJsonDocument::fromJson(json);
        QVERIFY(doc.isArray());
        QVERIFY(!m->fromJson(doc.array(), &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(m->toJson(), before);
        QCOMPARE(changed.count(), 0);
    }

    void editsEmitChanged()
    {
        AnnotationModel m;
        QSignalSpy changed(&m, &AnnotationModel::changed);
        Annotation a = Annotation::defaults(Annotation::Kind::Circle);
        a.points = {{10, 10}};
        QCOMPARE(m.insert(a), 0); // no radius: refused
        QCOMPARE(changed.count(), 0);
        a.radiusNm = 3;
        const int id = m.insert(a);
        QVERIFY(id > 0);
        QCOMPARE(changed.count(), 1);
        a.id = id;
        a.radiusNm = 4;
        QVERIFY(m.update(a));
        QCOMPARE(changed.count(), 2);
        QVERIFY(m.update(a)); // no change, no signal
        QCOMPARE(changed.count(), 2);
        a.lineWidth = 0;
        QVERIFY(!m.update(a));
        QCOMPARE(m.find(id)->radiusNm, 4.0);
        // A taken id is replaced, so ids stay unique.
        QVERIFY(m.insert(*m.find(id)) != id);
        QVERIFY(m.remove(id));
        QVERIFY(!m.remove(id));
        QCOMPARE(changed.count(), 4);
    }

    void normalizeKeepsShape()
    {
        Annotation a = Annotation::defaults(Annotation::Kind::Arrow);
        a.points = {{190, 0}, {200, 1}};
        a.normalizeLongitudes();
        QCOMPARE(a.points[0].lon, -170.0);
        QCOMPARE(a.points[1].lon, -160.0);
    }

    void geodesicCircle()
    {
        // 60 nm is one degree of latitude north and south at any latitude; east-west it
        // spans more degrees of longitude the further from the equator.
        for (double lat : {0.0, 30.0, 60.0}) {
            const auto ring = Geodesic::circle({123, lat}, 60, 4);
            QCOMPARE(ring.size(), size_t(4));
            QVERIFY(std::abs(ring[0].lat - (lat + 1)) < 0.01); // north
            QVERIFY(std::abs(ring[2].lat - (lat - 1)) < 0.01); // south
            const double halfWidth = ring[1].lon - 123;
            const double expected = 1 / std::cos(lat * M_PI / 180);
            QVERIFY2(std::abs(halfWidth - expected) < 0.02 * expected,
                     qPrintable(QString::number(halfWidth)));
            for (const GeoPoint &p : Geodesic::circle({123, lat}, 60))
                QVERIFY(std::abs(Geodesic::distanceNm({123, lat}, p) - 60) < 1e-6);
        }
        // Across the antimeridian the ring stays continuous around its centre.
        for (const GeoPoint &p : Geodesic::circle({179.9, 0}, 60))
            QVERIFY(p.lon > 178 && p.lon < 182);
        for (const GeoPoint &p : Geodesic::circle({540 - 0.1, 0}, 60))
            QVERIFY(p.lon > 538 && p.lon < 542);
    }

    void eventLabelText()
    {
        EventStore store;
        TransferEvent e;
        e.id = QStringLiteral("STS-7");
        e.start = QDateTime(QDate(2018, 3, 5), QTime(22, 40), Qt::UTC).toMSecsSinceEpoch();
        e.position = QGeoCoordinate(31.2, 123.6);
        e.vesselA.name = QStringLiteral("YU JONG 2");
        e.vesselB.name = QStringLiteral("KATRIN");
        e.cargo = QStringLiteral("diesel");
        e.volumeBbl = 12400.4;
        store.append(e);
        TransferEvent bare;
        bare.position = QGeoCoordinate(-10.5, -20.25);
        bare.vesselA.mmsi = QStringLiteral("445123000");
        bare.sourceRow = 17;
        store.append(bare);

        QCOMPARE(EventLabel::text(store, 0, EventLabel::defaultFields()),
                 QStringLiteral("YU JONG 2 \u21c4 KATRIN \u00b7 2018-03-05 \u00b7 12,400 bbl"));
        // Order is fixed whatever order the keys come in; unknown keys are dropped.
        QCOMPARE(EventLabel::text(store, 0,
                                  {QStringLiteral("position"), QStringLiteral("cargo"),
                                   QStringLiteral("nonsense"), QStringLiteral("time"),
                                   QStringLiteral("id")}),
                 QStringLiteral("22:40 UTC \u00b7 diesel \u00b7 STS-7 \u00b7 31.200°N 123.600°E"));
        QCOMPARE(EventLabel::text(store, 0, {QStringLiteral("volume")}),
                 QStringLiteral("12,400 bbl"));
        // What the event lacks is left out; a label is never empty.
        QCOMPARE(EventLabel::text(store, 1, EventLabel::defaultFields()),
                 QStringLiteral("MMSI 445123000"));
        QCOMPARE(EventLabel::text(store, 1, {QStringLiteral("date")}), QStringLiteral("row 17"));
        QCOMPARE(EventLabel::text(store, 1, {QStringLiteral("position")}),
                 QStringLiteral("10.500°S 20.250°W"));

        const Annotation a =
            EventLabel::annotation(store, 0, EventLabel::defaultFields(), 0.1, 0.05);
        QCOMPARE(a.kind, Annotation::Kind::EventLabel);
        QCOMPARE(a.eventId, QStringLiteral("STS-7"));
        QCOMPARE(a.points[0], (GeoPoint {123.6, 31.2}));
        QCOMPARE(a.points[1], (GeoPoint {123.6 + 0.1, 31.2 + 0.05}));
        QVERIFY(a.validate().isEmpty());
        QCOMPARE(EventLabel::eventKey(store, 1), QStringLiteral("row 17"));
    }
};

QTEST_GUILESS_MAIN(TestAnnotationModel)
#include "tst_annotationmodel.moc"

// jsontext::indented writes long top-level arrays in parts on threads; its text must be
// QJsonDocument::toJson(Indented)'s byte for byte, whatever the values hold.
#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

class TestJsonText : public QObject
{
    Q_OBJECT

private:
    // Strings with what a writer must escape or pass through: quotes, backslashes,
    // newlines, control characters, non-ASCII, and text that looks like the writer's own.
    static QString randomString(QRandomGenerator &rng)
    {
        static const QStringList pieces {
            QStringLiteral("MV \"Ocean\""), QStringLiteral("back\\slash"),
            QStringLiteral("two\nlines"),   QStringLiteral("\t\x01\x1f"),
            QStringLiteral("Жемчуг 海"),    QStringLiteral("\n    \"encounters\": [\n    ]"),
            QStringLiteral("[\n]"),         QString()};
        QString s;
        for (int i = 0, n = rng.bounded(3); i <= n; ++i)
            s += pieces[rng.bounded(pieces.size())];
        return s;
    }
    static QJsonValue randomValue(QRandomGenerator &rng, int depth)
    {
        switch (rng.bounded(depth > 2 ? 5 : 7)) {
        case 0:
            return QJsonValue();
        case 1:
            return rng.bounded(2) == 1;
        case 2:
            return qint64(rng.generate64() >> rng.bounded(64));
        case 3:
            return rng.generateDouble() * std::pow(10.0, rng.bounded(-8, 12)) - 0.5;
        case 4:
            return randomString(rng);
        case 5: {
            QJsonArray a;
            for (int i = 0, n = rng.bounded(4); i < n; ++i)
                a.append(randomValue(rng, depth + 1));
            return a;
        }
        default: {
            QJsonObject o;
            for (int i = 0, n = rng.bounded(5); i < n; ++i)
                o.insert(randomString(rng) + QString::number(i), randomValue(rng, depth + 1));
            return o;
        }
        }
    }
    static QJsonArray longArray(QRandomGenerator &rng, int n)
    {
        QJsonArray a;
        for (int i = 0; i < n; ++i)
            a.append(randomValue(rng, 0));
        return a;
    }

private slots:
    void sameTextAsQt_data()
    {
        QTest::addColumn<unsigned>("threads");
        for (unsigned t : {1u, 2u, 3u, 8u})
            QTest::addRow("%u threads", t) << t;
    }
    void sameTextAsQt()
    {
        QFETCH(unsigned, threads);
        QRandomGenerator rng(20261204 + threads);
        for (int round = 0; round < 40; ++round) {
            QJsonObject o;
            // Keys that sort before, between and after the long arrays, one a prefix
            // of another, and one that needs escaping.
            o.insert(QStringLiteral("anomalies"), longArray(rng, 512 + rng.bounded(900)));
            o.insert(QStringLiteral("counts"), randomValue(rng, 0));
            o.insert(QStringLiteral("encounters"), longArray(rng, rng.bounded(1200)));
            o.insert(QStringLiteral("encounters_note"), QJsonArray());
            o.insert(QStringLiteral("gaps"), QJsonArray());
            o.insert(QStringLiteral("loitering"), longArray(rng, 512));
            o.insert(QStringLiteral("notes \"quoted\""), longArray(rng, 700));
            o.insert(QStringLiteral("zz"), randomValue(rng, 0));
            const QByteArray expected = QJsonDocument(o).toJson(QJsonDocument::Indented);
            const QByteArray got = jsontext::indented(o, threads);
            if (got != expected) {
                qsizetype at = 0;
                while (at < got.size() && at < expected.size() && got[at] == expected[at])
                    ++at;
                QFAIL(qPrintable(QStringLiteral("round %1: differs at byte %2: ...%3... "
                                                "instead of ...%4...")
                                     .arg(round)
                                     .arg(at)
                                     .arg(QString::fromUtf8(got.mid(at - 40, 80)),
                                          QString::fromUtf8(expected.mid(at - 40, 80)))));
            }
        }
    }
    void smallObjectsAsQt()
    {
        QRandomGenerator rng(7);
        for (int round = 0; round < 200; ++round) {
            const QJsonValue v = randomValue(rng, 0);
            const QJsonObject o =
                v.isObject() ? v.toObject() : QJsonObject {{QStringLiteral("v"), v}};
            QCOMPARE(jsontext::indented(o), QJsonDocument(o).toJson(QJsonDocument::Indented));
        }
        QCOMPARE(jsontext::indented(QJsonObject()),
                 QJsonDocument(QJsonObject()).toJson(QJsonDocument::Indented));
    }
};

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"

#include "io/timeparser.h"

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

// Parses one million time strings per iteration, as the CSV reader does for a
// million-row file. Run on a Release build: bench_timeparser [-iterations N]
class BenchTimeParser : public QObject
{
    Q_OBJECT

private slots:
    void parseMillion_data();
    void parseMillion();
};

namespace {

constexpr int rows = 1'000'000;

// One contiguous buffer like the reader's mapped file, with varying values so that
// neither the branch predictor nor the cache sees the same string a million times.
struct Column
{
    std::string buffer;
    std::vector<std::string_view> fields;
};

Column makeColumn(const char *form)
{
    Column c;
    c.buffer.reserve(size_t(rows) * 24);
    std::vector<size_t> ends;
    ends.reserve(rows);
    char line[64];
    for (int i = 0; i < rows; ++i) {
        const int month = 1 + i % 12, day = 1 + i % 28, hour = i % 24, minute = i % 60,
                  second = (i / 60) % 60;
        int n = 0;
        if (form[0] == 'Z')
            n = std::snprintf(line, sizeof line, "2018-%02d-%02dT%02d:%02d:%02dZ", month, day, hour,
                              minute, second);
        else
            n = std::snprintf(line, sizeof line, "2018-%02d-%02d %02d:%02d", month, day, hour,
                              minute);
        c.buffer.append(line, size_t(n));
        ends.push_back(c.buffer.size());
    }
    c.fields.reserve(rows);
    size_t begin = 0;
    for (size_t end : ends) {
        c.fields.emplace_back(c.buffer.data() + begin, end - begin);
        begin = end;
    }
    return c;
}

} // namespace

void BenchTimeParser::parseMillion_data()
{
    QTest::addColumn<QString>("form");
    QTest::newRow("2018-03-05T12:34:56Z") << QStringLiteral("Z");
    QTest::newRow("2018-03-05 12:34") << QStringLiteral("space");
}

void BenchTimeParser::parseMillion()
{
    QFETCH(QString, form);
    const Column column = makeColumn(form == QLatin1String("Z") ? "Z" : "space");

    qint64 bestNs = std::numeric_limits<qint64>::max();
    int64_t checksum = 0;
    int failures = 0;
    QBENCHMARK {
        QElapsedTimer timer;
        timer.start();
        int64_t sum = 0;
        int bad = 0;
        for (std::string_view f : column.fields) {
            const timeparse::Result r = timeparse::parse(f);
            sum += r.ms;
            bad += r.status != timeparse::Status::Ok;
        }
        bestNs = std::min(bestNs, timer.nsecsElapsed());
        checksum = sum; // keeps the loop from being optimised away
        failures = bad;
    }
    QCOMPARE(failures, 0);
    QVERIFY(checksum != 0);
    std::printf("%-24s %.1f ns/parse (best of the benchmark runs, %d strings)\n",
                QTest::currentDataTag(), double(bestNs) / rows, rows);
}

QTEST_APPLESS_MAIN(BenchTimeParser)
#include "bench_timeparser.moc"

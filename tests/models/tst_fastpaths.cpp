// The shortcuts taken for loading speed must give exactly what the plain way gives:
// the tokenizer's 64-byte stop masks, the exact decimal fast path, the column-parallel
// merge of the reader's parts, the ISO time shortcut and the huge-page sizing.

#include "io/csvreader.h"
#include "io/csvrecordparser.h"
#include "io/textscan.h"
#include "io/timeparser.h"
#include "io/valueparsers.h"
#include "stringcolumn.h"

#include <QRandomGenerator>
#include <QTest>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <utility>

namespace {
// The reference tokenizer: byte by byte, RFC 4180, no shortcuts (records of one line
// per call, quoted fields without line breaks: what the generator below produces).
std::vector<std::string> referenceSplit(const std::string &line, char sep)
{
    std::vector<std::string> out(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
                out.back() += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                out.back() += c;
        } else if (c == '"' && out.back().empty()) {
            quoted = true;
        } else if (c == sep) {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

std::string randomField(QRandomGenerator &rng, char sep)
{
    static const char plain[] = "abcdefghij0123456789 .-_/:";
    const int kind = rng.bounded(10);
    // Lengths up to 150 put field ends on both sides of every 64-byte boundary.
    const int length = kind == 0 ? 0 : rng.bounded(kind < 8 ? 12 : 150);
    std::string f;
    for (int i = 0; i < length; ++i)
        f += plain[rng.bounded(int(sizeof plain) - 1)];
    if (kind == 9) { // quoted, with separators and doubled quotes inside
        std::string q = "\"";
        for (char c : f + sep + "\"")
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    }
    return f;
}

QByteArray bigCsv(int rows)
{
    // Repeated vessels and categories (interned), bad rows (rejections in both parts),
    // exact copies (duplicates across the parts' boundary), quoted notes and extras.
    QByteArray text = "event_id,start_time,end_time,lat,lon,vessel_a,vessel_a_imo,vessel_b,"
                      "vessel_b_mmsi,cargo,volume_bbl,notes,analyst\n";
    QRandomGenerator rng(7);
    QByteArray previous;
    for (int r = 0; r < rows; ++r) {
        if (r % 1009 == 5) {
            text += "X" + QByteArray::number(r) + ",2019-02-30,,1,2,,,,,,,,\n";
            continue;
        }
        if (r % 997 == 3 && !previous.isEmpty()) {
            text += previous;
            continue;
        }
        const int v = int(rng.bounded(700));
        const QByteArray month = QByteArray::number(1 + r % 12).rightJustified(2, '0');
        previous = "E" + QByteArray::number(r) + ",2019-" + month + "-1"
            + QByteArray::number(r % 10) + "T10:00:00Z,"
            + (r % 3 ? QByteArray("2019-12-31T00:00:00Z") : QByteArray()) + ","
            + QByteArray::number(double(rng.bounded(18000)) / 200.0 - 45.0) + ","
            + QByteArray::number(double(rng.bounded(36000)) / 100.0 - 180.0) + ",SHIP "
            + QByteArray::number(v) + "," + (v % 4 ? QByteArray::number(9000000 + v) : "0")
            + ",OTHER " + QByteArray::number(v % 90) + ","
            + (v % 5 ? QByteArray::number(200000000 + v) : QByteArray()) + ","
            + QByteArray(v % 2 ? "crude" : "fuel oil") + "," + QByteArray::number(v * 37) + ","
            + (v % 7 ? QByteArray("\"note, with comma\"") : QByteArray()) + ",a"
            + QByteArray::number(v % 3) + "\n";
        text += previous;
    }
    return text;
}
// The same text read by the fast path with one thread and with two.
std::pair<LoadResult, LoadResult> readOneAndTwoThreads(std::string_view text, const QString &name)
{
    LoadOptions one, two;
    one.threads = 1;
    two.threads = 2;
    return {csv::readBuffer(text, name, one), csv::readBuffer(text, name, two)};
}
} // namespace

class TestFastPaths : public QObject
{
    Q_OBJECT
private slots:
    void tokenizerMatchesReference();
    void plainDecimalsMatchFromChars();
    void partsMergeToTheSameStore();
    void isoUtcSecondsMatchGeneralPath();
    void hugeCapacity();
    void arenaPacksLargeBuffers();
    void quotedLineBreaksAcrossTheSplit();
};

void TestFastPaths::tokenizerMatchesReference()
{
    QRandomGenerator rng(42);
    for (char sep : {',', ';', '\t'}) {
        std::string text;
        std::vector<std::vector<std::string>> expected;
        for (int r = 0; r < 3000; ++r) {
            std::string line;
            const int fields = 1 + rng.bounded(20);
            for (int f = 0; f < fields; ++f)
                line += (f ? std::string(1, sep) : std::string()) + randomField(rng, sep);
            if (line.empty())
                line = "x";
            expected.push_back(referenceSplit(line, sep));
            text += line + (r % 5 ? "\n" : "\r\n");
        }
        text.pop_back(); // no final line end: the last record runs to the end of the input
        if (text.back() == '\r')
            text.pop_back();
        csv::RecordParser parser(text.data(), text.data() + text.size(), sep);
        std::vector<std::string_view> fields;
        csv::RecordParser::Record record;
        for (size_t r = 0; r < expected.size(); ++r) {
            QCOMPARE(parser.next(fields, record), csv::RecordParser::Status::Ok);
            QCOMPARE(record.count, expected[r].size());
            for (size_t f = 0; f < record.count; ++f)
                QCOMPARE(std::string(fields[f]), expected[r][f]);
            QCOMPARE(record.line, uint32_t(r));
        }
        QCOMPARE(parser.next(fields, record), csv::RecordParser::Status::End);
    }
}

void TestFastPaths::plainDecimalsMatchFromChars()
{
    QRandomGenerator rng(1);
    for (int i = 0; i < 200000; ++i) {
        const int digits = 1 + rng.bounded(17); // past the fast path's 15 too
        std::string s = rng.bounded(2) ? "-" : "";
        for (int d = 0; d < digits; ++d)
            s += char('0' + rng.bounded(10));
        if (rng.bounded(4)) {
            const size_t at = s.size() - size_t(rng.bounded(digits));
            if (at < s.size())
                s.insert(at, ".");
        }
        double expected = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), expected);
        QVERIFY(ec == std::errc() && end == s.data() + s.size());
        const values::Number n = values::parseNumber(s);
        QCOMPARE(n.status, values::NumberStatus::Ok);
        // Bit for bit: -0 stays -0, and no last-digit rounding difference.
        QVERIFY2(std::memcmp(&n.value, &expected, sizeof expected) == 0, s.c_str());
    }
}

void TestFastPaths::partsMergeToTheSameStore()
{
    const QByteArray text = bigCsv(60000); // parts of 30,000 rows: merged in two threads
    const std::string_view bytes(text.constData(), size_t(text.size()));
    const auto [a, b] = readOneAndTwoThreads(bytes, QStringLiteral("a.csv"));
    QVERIFY(a.report.ok());
    QVERIFY(a.report.duplicates > 0);
    QVERIFY(a.report.rejections.size() > 50);
    QCOMPARE(b.report.loaded, a.report.loaded);
    QCOMPARE(b.report.duplicates, a.report.duplicates);
    QCOMPARE(b.report.rejections.size(), a.report.rejections.size());
    for (size_t i = 0; i < a.report.rejections.size(); ++i)
        QCOMPARE(b.report.rejections[i].row, a.report.rejections[i].row);
    const EventStore &s = *a.store, &t = *b.store;
    QCOMPARE(t.size(), s.size());
    // Interned ids mean the same: vessels and categories numbered in file order.
    QVERIFY(t.vesselsA() == s.vesselsA());
    QVERIFY(t.vesselsB() == s.vesselsB());
    QCOMPARE(t.vessels().size(), s.vessels().size());
    QVERIFY(t.starts() == s.starts() && t.ends() == s.ends());
    for (size_t r = 0; r < s.size(); ++r) {
        QCOMPARE(t.sourceRow(r), s.sourceRow(r));
        QCOMPARE(t.flags(r), s.flags(r));
        QCOMPARE(t.lat(r), s.lat(r));
        QCOMPARE(t.lon(r), s.lon(r));
        for (Field f : {Field::Id, Field::Cargo, Field::Notes, Field::VesselAImo})
            QCOMPARE(t.textView(f, r), s.textView(f, r));
        QCOMPARE(t.extraView(0, r), s.extraView(0, r));
    }
}

void TestFastPaths::isoUtcSecondsMatchGeneralPath()
{
    // "...Z" takes the shortcut, "...+00:00" the general parser: same status, same value.
    QRandomGenerator rng(3);
    for (int i = 0; i < 100000; ++i) {
        char text[32];
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", rng.bounded(990, 10010),
                      rng.bounded(0, 14), rng.bounded(0, 33), rng.bounded(0, 26),
                      rng.bounded(0, 62), rng.bounded(0, 62));
        const std::string base(text);
        const timeparse::Result fast = timeparse::parse(base + "Z");
        const timeparse::Result general = timeparse::parse(base + "+00:00");
        QCOMPARE(int(fast.status), int(general.status));
        if (fast.status == timeparse::Status::Ok)
            QCOMPARE(fast.ms, general.ms);
    }
    QCOMPARE(int(timeparse::parse("2018-02-30T10:00:00Z").status),
             int(timeparse::Status::Impossible));
    QCOMPARE(int(timeparse::parse("2018-02-3xT10:00:00Z").status),
             int(timeparse::Status::Unparseable));
}

void TestFastPaths::hugeCapacity()
{
    using hugepages::kHugePage;
    QCOMPARE(::hugeCapacity(1000, 8), size_t(1000)); // small: as asked
    for (size_t n : {size_t(300000), size_t(1000000), size_t(4194304)}) {
        for (size_t size : {size_t(1), size_t(4), size_t(8)}) {
            const size_t c = ::hugeCapacity(n, size);
            if (!hugepages::enabled()) { // portable or sanitizer builds: exactly as asked
                QCOMPARE(c, n);
                continue;
            }
            if (n * size < hugepages::kHugeFrom) { // small: left to operator new
                QCOMPARE(c, n);
                continue;
            }
            // The request fills its whole huge pages, and no more.
            const size_t whole = (n * size + kHugePage - 1) / kHugePage * kHugePage;
            QVERIFY(c >= n);
            QVERIFY(c * size <= whole);
            QVERIFY(c * size + size > whole);
        }
    }
    HugeVector<double> v = hugeVector<double>(1000000, 1.5);
    QCOMPARE(v.size(), size_t(1000000));
    QCOMPARE(v[999999], 1.5);
    // A large buffer is its own mapping, aligned to huge pages (or the allocation is
    // exact, in portable and sanitizer builds).
    if (hugepages::enabled()) {
        QCOMPARE(reinterpret_cast<uintptr_t>(v.data()) % kHugePage, uintptr_t(0));
        QCOMPARE(v.capacity() * sizeof(double) % kHugePage, size_t(0));
    } else {
        QCOMPARE(v.capacity(), size_t(1000000));
    }
    // Growth past a reservation, a copy and a move keep their contents.
    HugeString s;
    for (int i = 0; i < 200000; ++i)
        s += char('a' + i % 26);
    const HugeString copy = s;
    HugeString moved = std::move(s);
    QCOMPARE(copy.size(), size_t(200000));
    QVERIFY(copy == moved);
    QCOMPARE(moved[199999], char('a' + 199999 % 26));
}

void TestFastPaths::arenaPacksLargeBuffers()
{
    HugeVector<double> a, b;
    HugeVector<uint32_t> small;
    {
        hugepages::ArenaScope arena(64 * 1024 * 1024);
        reserveHuge(a, 300000);
        reserveHuge(b, 300000);
        reserveHuge(small, 1000); // under kHugeFrom: operator new, not the arena
        QCOMPARE(a.capacity(), size_t(300000)); // not rounded up inside an arena
        if (hugepages::enabled()) {
            // One after the other in one huge-page-aligned mapping.
            QCOMPARE(reinterpret_cast<uintptr_t>(a.data()) % hugepages::kHugePage, uintptr_t(0));
            QCOMPARE(reinterpret_cast<const char *>(b.data()),
                     reinterpret_cast<const char *>(a.data()) + 300000 * sizeof(double));
        }
    }
    // The buffers outlive the scope, and grow out of the arena when they must.
    a.assign(300000, 2.5);
    b.assign(300000, -1.0);
    for (int i = 0; i < 400000; ++i)
        a.push_back(i);
    QCOMPARE(a[299999], 2.5);
    QCOMPARE(a.back(), 399999.0);
    QCOMPARE(b.front(), -1.0);
    HugeVector<double> c = hugeVector<double>(300000, 7.0); // no arena: its own mapping
    QCOMPARE(c[123456], 7.0);
}

void TestFastPaths::quotedLineBreaksAcrossTheSplit()
{
    for (int shift = 0; shift < 6; ++shift) {
        // A first row of varying length moves every later byte.
        std::string text = "id,start,lat,lon,notes\nP,2020-01-01,0,0,";
        text.append(size_t(shift * 7), 'x');
        text += "\n";
        for (int r = 0; text.size() < 1500000; ++r) {
            text += "Q" + std::to_string(r) + ",2020-01-02T03:04:05Z,1.5,2.5,\"first line\n";
            text += "second, with \"\"quotes\"\" and a comma\nthird " + std::to_string(r) + "\"\n";
        }
        const auto [a, b] = readOneAndTwoThreads(text, QStringLiteral("q.csv"));
        QVERIFY(a.report.ok());
        QVERIFY(a.report.loaded > 10000);
        QCOMPARE(a.report.rejections.size(), size_t(0));
        QCOMPARE(b.report.loaded, a.report.loaded);
        QCOMPARE(b.report.rejections.size(), size_t(0));
        for (size_t r = 0; r < a.store->size(); r += 997) {
            QCOMPARE(b.store->sourceRow(r), a.store->sourceRow(r));
            QCOMPARE(b.store->textView(Field::Notes, r), a.store->textView(Field::Notes, r));
        }
        const size_t last = a.store->size() - 1;
        QCOMPARE(b.store->textView(Field::Notes, last), a.store->textView(Field::Notes, last));
        QVERIFY(a.store->textView(Field::Notes, 1).find("\"quotes\"") != std::string_view::npos);
    }
}

QTEST_GUILESS_MAIN(TestFastPaths)
#include "tst_fastpaths.moc"

#include "io/valueparsers.h"

#include <QtTest>

#include <cmath>
#include <cstring>

using values::NumberStatus;

namespace {

// Statuses as text so a failure reads "Invalid" vs "Ok", not two numbers.
QString statusName(NumberStatus s)
{
    switch (s) {
    case NumberStatus::Ok:
        return QStringLiteral("Ok");
    case NumberStatus::Missing:
        return QStringLiteral("Missing");
    case NumberStatus::Invalid:
        return QStringLiteral("Invalid");
    }
    return QStringLiteral("?");
}

std::string_view view(const QByteArray &b)
{
    return std::string_view(b.constData(), static_cast<size_t>(b.size()));
}

// Figures must be exact, not merely close: from_chars rounds correctly, so the
// literal in the table and the parsed value are the same double.
void checkNumber(values::Number got, const QString &status, double value)
{
    QCOMPARE(statusName(got.status), status);
    if (got.status != NumberStatus::Ok)
        return;
    QVERIFY2(got.value == value && std::signbit(got.value) == std::signbit(value),
             qPrintable(QStringLiteral("got %1, expected %2")
                            .arg(got.value, 0, 'g', 17)
                            .arg(value, 0, 'g', 17)));
}

void addNumberColumns()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("status");
    QTest::addColumn<double>("value");
}
void ok(const char *text, double value)
{
    QTest::newRow(text) << QByteArray(text) << QStringLiteral("Ok") << value;
}
void missing(const char *text)
{
    QTest::newRow(qPrintable(QStringLiteral("missing '%1'").arg(QString::fromUtf8(text))))
        << QByteArray(text) << QStringLiteral("Missing") << 0.0;
}
void bad(const char *text)
{
    QTest::newRow(qPrintable(QStringLiteral("invalid '%1'").arg(QString::fromUtf8(text))))
        << QByteArray(text) << QStringLiteral("Invalid") << 0.0;
}

const char *const kMissingSpellings[] = {"",     " ",    "NA",      "N/A",     "n/a",  "null",
                                         "NULL", "none", "None",    "NaN",     "nan",  "-",
                                         "--",   "?",    "unknown", "Unknown", " NA ", "\t-\r"};

} // namespace

class TestValueParsers : public QObject
{
    Q_OBJECT

private slots:
    void trim_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("empty") << QByteArray("") << QByteArray("");
        QTest::newRow("spaces only") << QByteArray("   ") << QByteArray("");
        QTest::newRow("both ends") << QByteArray("  a  ") << QByteArray("a");
        QTest::newRow("tabs and line ends") << QByteArray("\t\r\n a\r\n") << QByteArray("a");
        QTest::newRow("inner space kept") << QByteArray(" a b ") << QByteArray("a b");
        QTest::newRow("no-break spaces") << QByteArray("\xC2\xA0"
                                                       "12\xC2\xA0")
                                         << QByteArray("12");
        QTest::newRow("only no-break space") << QByteArray("\xC2\xA0") << QByteArray("");
        QTest::newRow("other UTF-8 kept") << QByteArray(" \xC3\xA9 ") << QByteArray("\xC3\xA9");
    }
    void trim()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        const std::string_view got = values::trim(view(text));
        QCOMPARE(QByteArray(got.data(), static_cast<qsizetype>(got.size())), expected);
    }

    void isMissing_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("expected");
        for (const char *s : kMissingSpellings)
            QTest::newRow(qPrintable(QStringLiteral("'%1'").arg(QString::fromUtf8(s))))
                << QByteArray(s) << true;
        for (const char *s : {"NONE", "Null", "UNKNOWN", "nA", "#N/A", "---", "\xC2\xA0"})
            QTest::newRow(qPrintable(QStringLiteral("'%1'").arg(QString::fromUtf8(s))))
                << QByteArray(s) << true;
        for (const char *s : {"0", "x", "n.a.", "nil", "none2", "inf", "-1", "??", "N", "A"})
            QTest::newRow(qPrintable(QStringLiteral("'%1'").arg(QString::fromUtf8(s))))
                << QByteArray(s) << false;
    }
    void isMissing()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, expected);
        QCOMPARE(values::isMissing(view(text)), expected);
    }

    void parseNumber_data()
    {
        addNumberColumns();
        ok("0", 0);
        ok("42", 42);
        ok("-3.5", -3.5);
        ok("+3.5", 3.5);
        ok("  7.25 ", 7.25);
        ok("\t12\r", 12);
        ok("0.1", 0.1);
        ok("1e3", 1000);
        ok("1.5E-2", 0.015);
        ok("2.5e+2", 250);
        ok(".5", 0.5);
        ok("5.", 5);
        ok("-0.0", -0.0);
        ok("007", 7);
        ok("123456789.123", 123456789.123);
        for (const char *s : kMissingSpellings)
            missing(s);
        for (const char *s :
             {"inf",    "-inf",   "+inf", "Infinity", "INF",   "-nan",    "+nan",  "nan(0x1)",
              "1.2.3",  "12,40",  "1,5",  "12,400",   "1 000", "abc",     "12abc", "0x1A",
              "1e",     "e5",     ".",    "+",        "+-1",   "-+1",     "--1",   "1e999",
              "1e-400", "-1e999", "1..2", "1-2",      "1 e3",  "\xD9\xA1"})
            bad(s);
    }
    void parseNumber()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, status);
        QFETCH(double, value);
        checkNumber(values::parseNumber(view(text)), status, value);
    }

    void parseDegrees_data()
    {
        addNumberColumns();
        ok("38.5", 38.5);
        ok("-124.2", -124.2);
        ok("+12.25", 12.25);
        ok("38.5N", 38.5);
        ok("38.5S", -38.5);
        ok("124.2E", 124.2);
        ok("124.2W", -124.2);
        ok("W 124.2", -124.2);
        ok("N38.5", 38.5);
        ok("38.5 n", 38.5);
        ok("s 38.5", -38.5);
        ok("  38.5N  ", 38.5);
        ok("0N", 0);
        ok("38,5", 38.5);
        ok("-38,5", -38.5);
        ok("38,5S", -38.5);
        ok("124,200", 124.2); // a decimal comma: degrees have no thousands
        ok("38.5\xC2\xB0", 38.5);
        ok("38.5\xC2\xB0N", 38.5);
        ok("38.5\xC2\xB0 S", -38.5);
        ok("1e1", 10);
        for (const char *s : kMissingSpellings)
            missing(s);
        for (const char *s : {"N",
                              "S",
                              "E W",
                              "38.5X",
                              "38.5NS",
                              "N38.5S",
                              "-38.5S",
                              "+38.5N",
                              "N -38.5",
                              "38\xC2\xB0"
                              "30'N",
                              "38 30 N",
                              "38 30",
                              "1,234.5",
                              "38,5,1",
                              "inf",
                              "inf N",
                              "38.5.1",
                              "NE 38",
                              "38.5 North",
                              "38.5 deg",
                              "\xC2\xB0",
                              "N/S"})
            bad(s);
    }
    void parseDegrees()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, status);
        QFETCH(double, value);
        checkNumber(values::parseDegrees(view(text)), status, value);
    }

    void parseDegreesAxis_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("latitude");
        QTest::addColumn<QString>("status");
        QTest::addColumn<double>("value");
        QTest::newRow("lat N") << QByteArray("38.5N") << true << QStringLiteral("Ok") << 38.5;
        QTest::newRow("lat S") << QByteArray("S 38.5") << true << QStringLiteral("Ok") << -38.5;
        QTest::newRow("lat E rejected")
            << QByteArray("38.5E") << true << QStringLiteral("Invalid") << 0.0;
        QTest::newRow("lat W rejected")
            << QByteArray("W38.5") << true << QStringLiteral("Invalid") << 0.0;
        QTest::newRow("lat plain") << QByteArray("-12.5") << true << QStringLiteral("Ok") << -12.5;
        QTest::newRow("lon W") << QByteArray("124.2W") << false << QStringLiteral("Ok") << -124.2;
        QTest::newRow("lon E") << QByteArray("E124.2") << false << QStringLiteral("Ok") << 124.2;
        QTest::newRow("lon N rejected")
            << QByteArray("38.5N") << false << QStringLiteral("Invalid") << 0.0;
        QTest::newRow("lon S rejected")
            << QByteArray("38.5 s") << false << QStringLiteral("Invalid") << 0.0;
        QTest::newRow("lon plain") << QByteArray("124,2") << false << QStringLiteral("Ok") << 124.2;
        QTest::newRow("lon missing")
            << QByteArray("N/A") << false << QStringLiteral("Missing") << 0.0;
    }
    void parseDegreesAxis()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, latitude);
        QFETCH(QString, status);
        QFETCH(double, value);
        const auto axis = latitude ? values::Axis::Latitude : values::Axis::Longitude;
        checkNumber(values::parseDegrees(view(text), axis), status, value);
    }

    void parseVolume_data()
    {
        addNumberColumns();
        ok("12400", 12400);
        ok("0", 0);
        ok("+12400", 12400);
        ok("12400.75", 12400.75);
        ok("999", 999);
        ok("1.5e6", 1500000);
        ok("12,400", 12400);
        ok("1,234,567.5", 1234567.5);
        ok("1,000,000", 1000000);
        ok("12 400", 12400);
        ok("12_400", 12400);
        ok("1_234_567", 1234567);
        ok("12\xC2\xA0"
           "400",
           12400);
        ok("12\xE2\x80\xAF"
           "400",
           12400);
        ok("  12,400  ", 12400);
        ok("12400 bbl", 12400);
        ok("12400bbl", 12400);
        ok("12400 BBL", 12400);
        ok("12400 bbls", 12400);
        ok("500 barrel", 500);
        ok("12,400 barrels", 12400);
        ok("1 000 000 bbl", 1000000);
        ok("12,400.", 12400);
        for (const char *s : kMissingSpellings)
            missing(s);
        for (const char *s : {"12,40",         "1,2345",     "12,4000",
                              "1.234,5",       "12,400,00",  ",400",
                              "12,",           "0,400",      "012,400",
                              "1,234 567",     "12  400",    "12, 400",
                              "-12400",        "-1",         "-0",
                              "- 5",           "+-5",        "12400 t",
                              "12400 mt",      "12400 m3",   "12 kbbl",
                              "bbl",           "inf",        "infinity bbl",
                              "nan bbl",       "1,200e3",    "12400 bbl extra",
                              "bbl 12400",     "~12000",     "12000+",
                              "1.2.3",         "12,400.5.1", "1,234.5,6",
                              "1,234,567.5,1", "12.400,00"})
            bad(s);
    }
    void parseVolume()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, status);
        QFETCH(double, value);
        checkNumber(values::parseVolume(view(text)), status, value);
    }

    void normaliseImo_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        const QList<std::pair<const char *, const char *>> rows = {
            {"9123456", "9123456"},
            {" 9123456 ", "9123456"},
            {"IMO 9123456", "9123456"},
            {"IMO9221322", "9221322"}, // MarineCadastre
            {"imo 9123456", "9123456"},
            {"IMO: 9123456", "9123456"},
            {"IMO:9123456", "9123456"},
            {"9123456.0", "9123456"},
            {"9123456.00", "9123456"},
            {"912 3456", "9123456"},
            {"0912345", "0912345"},
            {"IMO0000000", ""},
            {"0", ""},
            {"0000000", ""},
            {"0.0", ""},
            {"", ""},
            {"Unknown", ""}, // DMA
            {"N/A", ""},
            {"-", ""},
            {"IMO", ""},
            {"abc", ""},
            {"9123456.5", ""},
            {"9123456.", ""},
            {".0", ""},
            {"91234X6", ""},
            {"-9123456", ""},
            {"9.123456E6", ""},
            {"IMO-9123456", ""},
            {"9123456 / 9234567", ""},
        };
        for (const auto &[in, out] : rows)
            QTest::newRow(qPrintable(QStringLiteral("'%1'").arg(QString::fromUtf8(in))))
                << QByteArray(in) << QByteArray(out);
    }
    void normaliseImo()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        QCOMPARE(QByteArray::fromStdString(values::normaliseImo(view(text))), expected);
    }

    void normaliseMmsi_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        const QList<std::pair<const char *, const char *>> rows = {
            {"367702220", "367702220"},
            {" 367702220 ", "367702220"},
            {"367702220.0", "367702220"},
            {"367702220.000", "367702220"},
            {"002320123", "002320123"}, // coast-station zeros are significant
            {"0", ""},
            {"000000000", ""},
            {"", ""},
            {"N/A", ""},
            {"null", ""},
            {"36770222O", ""},
            {"367 702 220", ""},
            {"3.6770222e8", ""},
            {"-1", ""},
            {"367702220.5", ""},
            {"MMSI 367702220", ""},
        };
        for (const auto &[in, out] : rows)
            QTest::newRow(qPrintable(QStringLiteral("'%1'").arg(QString::fromUtf8(in))))
                << QByteArray(in) << QByteArray(out);
    }
    void normaliseMmsi()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        QCOMPARE(QByteArray::fromStdString(values::normaliseMmsi(view(text))), expected);
    }

    void normaliseName_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        const QList<std::pair<const char *, const char *>> rows = {
            {"Yu Jong-2", "YU JONG 2"},
            {"  yu  jong 2 ", "YU JONG 2"},
            {"\tA\tB\t", "A B"},
            {"M/T NEW KONK", "M T NEW KONK"},
            {"NO.5", "NO 5"},
            {"A&B", "A B"},
            {"---A---", "A"},
            {"Yu-Jong 2 (ex-Kum Un San)", "YU JONG 2 EX KUM UN SAN"},
            {"St. Mary's", "ST MARYS"},
            {"MARY\xE2\x80\x99S", "MARYS"},
            {"Mary\xE2\x80\x99s-2", "MARYS 2"},
            {"", ""},
            {"Unknown", ""},
            {"N/A", ""},
            {"---", ""},
            {"?", ""},
            {"\xC3\x9Cnal", "\xC3\x9CNAL"}, // Ünal
            {"Stra\xC3\x9F"
             "e",
             "STRASSE"},
            {"e\xCC\x81"
             "cole",
             "\xC3\x89"
             "COLE"}, // decomposed é composes
            {"\xD0\xA0\xD1\x83\xD1\x81\xD1\x8C", "\xD0\xA0\xD0\xA3\xD0\xA1\xD0\xAC"}, // Русь
            {"\xE5\x92\x8C\xE5\xB9\xB3-1", "\xE5\x92\x8C\xE5\xB9\xB3 1"}, // 和平-1
            {"\xEC\x9C\xA0\xEC\xA0\x95 2\xED\x98\xB8",
             "\xEC\x9C\xA0\xEC\xA0\x95 2\xED\x98\xB8"}, // 유정 2호
            {"\xE0\xB9\x80\xE0\xB8\xA3\xE0\xB8\xB7\xE0\xB8\xAD",
             "\xE0\xB9\x80\xE0\xB8\xA3\xE0\xB8\xB7\xE0\xB8\xAD"}, // Thai with a mark
            {"\xF0\x9F\x9A\xA2 ship", "SHIP"}, // emoji is no letter
        };
        for (const auto &[in, out] : rows)
            QTest::newRow(qPrintable(QStringLiteral("'%1'").arg(QString::fromUtf8(in))))
                << QByteArray(in) << QByteArray(out);
    }
    void normaliseName()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        QCOMPARE(QByteArray::fromStdString(values::normaliseName(view(text))), expected);
    }

    // The reader feeds views into a larger buffer: nothing may read past the view.
    void viewsAreNotNulTerminated()
    {
        const QByteArray buffer("12,400|38.5N|9123456.0|367702220.0|yu jong");
        const std::string_view all = view(buffer);
        checkNumber(values::parseVolume(all.substr(0, 4)), QStringLiteral("Invalid"), 0);
        checkNumber(values::parseVolume(all.substr(0, 6)), QStringLiteral("Ok"), 12400);
        checkNumber(values::parseDegrees(all.substr(7, 4)), QStringLiteral("Ok"), 38.5);
        checkNumber(values::parseNumber(all.substr(7, 3)), QStringLiteral("Ok"), 38);
        QCOMPARE(values::normaliseImo(all.substr(13, 9)), std::string("9123456"));
        QCOMPARE(values::normaliseMmsi(all.substr(23, 9)), std::string("367702220"));
        QCOMPARE(values::normaliseName(all.substr(35, 6)), std::string("YU JON"));
    }
};

QTEST_GUILESS_MAIN(TestValueParsers)
#include "tst_valueparsers.moc"

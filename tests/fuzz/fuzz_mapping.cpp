// The column mapper and the value parsers on arbitrary text. The first line is a header
// row (detect() picks the columns); every later line is tried as a --field override and
// each of its fields as a time, a number, degrees, a volume and an identifier. Beyond
// "no crash", the documented properties are checked: toIso() reads back to the same ms,
// a Slash result resolves in at least one order, a mapping never feeds two fields from
// one column, a refused override changes nothing, numbers are finite.
#include "io/columnmapping.h"
#include "io/csvreader.h"
#include "io/timeparser.h"
#include "io/valueparsers.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

void checkTime(std::string_view text)
{
    const timeparse::Result r = timeparse::parse(text);
    if (r.status == timeparse::Status::Ok) {
        const QByteArray iso = timeparse::toIso(r.ms).toUtf8();
        const timeparse::Result back =
            timeparse::parse(std::string_view(iso.constData(), size_t(iso.size())));
        // Years 1000..9999 read back exactly (timeparser.h); others use the expanded form.
        if (r.ms >= -30610224000000 && r.ms < 253402300800000)
            check(back.status == timeparse::Status::Ok && back.ms == r.ms);
    } else if (r.status == timeparse::Status::Slash) {
        const timeparse::Result day = timeparse::resolve(r.slash, timeparse::DateOrder::DayFirst);
        const timeparse::Result month =
            timeparse::resolve(r.slash, timeparse::DateOrder::MonthFirst);
        check(day.status == timeparse::Status::Ok || month.status == timeparse::Status::Ok);
        timeparse::OrderEvidence e;
        e.observe(r.slash);
        const timeparse::OrderDecision d = timeparse::decideDateOrder(e);
        check(d.order != timeparse::DateOrder::Unknown);
    }
}

void checkNumber(const values::Number &n)
{
    if (n.status == values::NumberStatus::Ok)
        check(std::isfinite(n.value));
}

void checkValue(std::string_view field)
{
    checkTime(field);
    checkNumber(values::parseNumber(field));
    checkNumber(values::parseDegrees(field));
    checkNumber(values::parseDegrees(field, values::Axis::Latitude));
    checkNumber(values::parseDegrees(field, values::Axis::Longitude));
    const values::Number volume = values::parseVolume(field);
    checkNumber(volume);
    if (volume.status == values::NumberStatus::Ok)
        check(volume.value >= 0);
    (void)values::isMissing(field);
    (void)values::normaliseImo(field);
    (void)values::normaliseMmsi(field);
    (void)values::normaliseName(field);
}

void checkMapping(const ColumnMapping &m, int columns)
{
    for (int i = 0; i < FieldCount; ++i) {
        const int c = m.column(static_cast<Field>(i));
        check(c >= -1 && c < columns);
        if (c < 0)
            continue;
        for (int j = i + 1; j < FieldCount; ++j) {
            check(m.column(static_cast<Field>(j)) != c);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    size_t lineEnd = input.find('\n');
    const std::string_view headerLine = input.substr(0, lineEnd);
    const char sep = csv::detectSeparator(headerLine);
    QStringList headers;
    for (const QString &h : csv::splitLine(headerLine, sep))
        headers << h.trimmed();
    std::vector<bool> empty;
    for (int i = 0; i < headers.size(); ++i)
        empty.push_back((i * 7 + int(size)) % 3 == 0);
    ColumnMapping mapping = ColumnMapping::detect(headers, size % 2 ? &empty : nullptr);
    checkMapping(mapping, int(headers.size()));
    (void)mapping.describe(headers);
    (void)mapping.toJson(headers);
    for (int i = 0; i < headers.size(); ++i)
        (void)ColumnMapping::normalise(headers[i]);

    while (lineEnd != std::string_view::npos) {
        const size_t start = lineEnd + 1;
        lineEnd = input.find('\n', start);
        const std::string_view line = input.substr(start, lineEnd - start);
        QString error;
        const ColumnMapping before = mapping;
        if (!mapping.applyOverride(QString::fromUtf8(line.data(), qsizetype(line.size())), headers,
                                   &error))
            check(mapping == before && !error.isEmpty());
        checkMapping(mapping, int(headers.size()));
        checkValue(line);
        size_t fieldStart = 0;
        while (fieldStart <= line.size()) {
            size_t fieldEnd = line.find(sep, fieldStart);
            if (fieldEnd == std::string_view::npos)
                fieldEnd = line.size();
            checkValue(line.substr(fieldStart, fieldEnd - fieldStart));
            fieldStart = fieldEnd + 1;
        }
    }
    return 0;
}

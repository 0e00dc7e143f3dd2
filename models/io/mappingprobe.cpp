#include "mappingprobe.h"

#include "io/csvreader.h"
#include "io/csvrecordparser.h"
#include "io/textscan.h"
#include "io/valueparsers.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>

namespace {

QString fromUtf8(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// Calls visit(fields, count) for each record of the decoded sample, header first, until
// it returns false.
template<typename Visit> void forEachRecord(const QByteArray &sample, Visit visit)
{
    const text::Decoded decoded =
        text::decode(std::string_view(sample.constData(), static_cast<size_t>(sample.size())));
    if (!decoded.error.isEmpty())
        return;
    const std::string_view t = decoded.text();
    size_t lineStart = t.find_first_not_of("\r\n");
    if (lineStart == std::string_view::npos)
        return;
    const size_t lineEnd = t.find_first_of("\r\n", lineStart);
    const char sep = csv::detectSeparator(t.substr(lineStart, lineEnd - lineStart));
    csv::RecordParser parser(t.data(), t.data() + t.size(), sep);
    std::vector<std::string_view> fields;
    csv::RecordParser::Record record;
    while (parser.next(fields, record) != csv::RecordParser::Status::End) {
        if (!visit(fields.data(), record.count))
            return;
    }
}

} // namespace

MappingProbe MappingProbe::read(const QString &path, qint64 sampleBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        MappingProbe p;
        p.label = path;
        p.error = QStringLiteral("cannot open: %1").arg(file.errorString());
        return p;
    }
    const qint64 size = file.size();
    QByteArray bytes = file.read(std::min(size, sampleBytes));
    const bool utf16 = bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF");
    bool whole = bytes.size() >= size;
    if (!whole && utf16) {
        // Two bytes a character: the reader converts such files whole, and so does this.
        bytes += file.readAll();
        whole = true;
    }
    return fromBytes(std::move(bytes), path, whole);
}

MappingProbe MappingProbe::fromBytes(QByteArray bytes, const QString &label, bool wholeFile)
{
    MappingProbe p;
    p.label = label;
    p.wholeFile = wholeFile;
    if (!wholeFile) {
        // A record cut in two would be a rejection the load does not have.
        const qsizetype lf = bytes.lastIndexOf('\n');
        bytes.truncate(lf < 0 ? 0 : lf + 1);
    }
    const text::Decoded decoded =
        text::decode(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    if (!decoded.error.isEmpty()) {
        p.error = decoded.error;
        return p;
    }
    bool header = true;
    forEachRecord(bytes, [&p, &header](const std::string_view *fields, size_t count) {
        QStringList values;
        for (size_t i = 0; i < count; ++i)
            values << fromUtf8(fields[i]);
        if (header) {
            for (QString &h : values)
                h = h.trimmed();
            p.headers = values;
            header = false;
        } else {
            p.rows.push_back(values);
        }
        return p.rows.size() < size_t(kPreviewRows);
    });
    if (p.headers.isEmpty())
        p.error = QStringLiteral("the file is empty");
    p.m_sample = std::make_shared<const QByteArray>(std::move(bytes));
    return p;
}

MappingProbe::Trial MappingProbe::trial(const ColumnMapping &mapping) const
{
    Trial t;
    if (!m_sample) {
        t.error = error;
        return t;
    }
    LoadOptions options;
    options.fieldOverrides = mapping.toOverrides(headers);
    options.threads = 1;
    LoadResult result = csv::readBuffer(
        std::string_view(m_sample->constData(), static_cast<size_t>(m_sample->size())), label,
        options);
    t.error = result.report.error;
    t.records = result.report.records;
    t.rejected = static_cast<int64_t>(result.report.rejections.size());
    t.report = std::move(result.report);
    return t;
}

QStringList MappingProbe::doubts(const ColumnMapping &mapping, const Trial &trial) const
{
    QStringList out;
    if (!mapping.hasStart())
        out << QStringLiteral("No column was recognised as the start time.");
    if (!mapping.hasPosition())
        out << QStringLiteral("No latitude and longitude (or WKT) columns were recognised.");
    if (!out.isEmpty())
        return out;
    if (!trial.error.isEmpty())
        return {trial.error};
    if (mapping.dateOrder() == timeparse::DateOrder::Unknown) {
        for (int k = 0; k < 2; ++k) {
            const timeparse::OrderEvidence &e = trial.report.dateEvidence[k];
            const QString column =
                headers.value(mapping.column(k == 0 ? Field::Start : Field::End));
            if (e.total > 0 && e.firstOver12 == 0 && e.secondOver12 == 0)
                out << QStringLiteral("The dates of \u201c%1\u201d read both day first and month "
                                      "first (no number over 12 in %2).")
                           .arg(column,
                                wholeFile ? QStringLiteral("the file")
                                          : QStringLiteral("the first rows"));
            else if (e.firstOver12 > 0 && e.secondOver12 > 0)
                out << QStringLiteral("The dates of \u201c%1\u201d mix day-first and month-first "
                                      "forms.")
                           .arg(column);
        }
    }
    // One reason for most rows says a column is the wrong one (latitudes of 121°, a text
    // column as the time); many reasons, a file with bad rows, which the load report is for.
    // Reasons are grouped without the values they quote.
    static const QRegularExpression kValues(QStringLiteral("'.*'|[-+0-9.:TZ]{2,}|[0-9]"));
    QHash<QString, int64_t> kinds;
    const Rejection *example = nullptr;
    int64_t most = 0;
    for (const Rejection &r : trial.report.rejections) {
        const int64_t n = ++kinds[QString(r.reason).remove(kValues)];
        if (n > most) {
            most = n;
            example = &r;
        }
    }
    if (example && most * 2 > trial.records) {
        const QString kind = QString(example->reason).remove(kValues);
        for (const Rejection &r : trial.report.rejections) {
            if (QString(r.reason).remove(kValues) == kind) {
                example = &r; // the first row of that kind
                break;
            }
        }
        out << QStringLiteral("Most rows (%L1 of %L2) would be rejected, as row %3: %4.")
                   .arg(most)
                   .arg(trial.records)
                   .arg(example->row)
                   .arg(example->reason);
    }
    return out;
}

QString MappingProbe::firstValue(int column) const
{
    QString value;
    if (!m_sample || column < 0)
        return value;
    bool header = true;
    forEachRecord(*m_sample, [&](const std::string_view *fields, size_t count) {
        if (header) {
            header = false;
            return true;
        }
        if (size_t(column) < count) {
            const std::string_view v = values::trim(fields[column]);
            if (!v.empty())
                value = fromUtf8(v);
        }
        return value.isEmpty();
    });
    return value;
}

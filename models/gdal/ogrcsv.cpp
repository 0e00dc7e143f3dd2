#include "ogrcsv.h"

#include "io/csvreader.h"
#include "io/eventbuilder.h"
#include "stringcolumn.h"

#include <cpl_vsi.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace ogr::detail {

CsvSource::~CsvSource()
{
    if (!m_vsiPath.empty())
        VSIUnlink(m_vsiPath.c_str());
    if (m_mapped)
        m_file.unmap(m_mapped);
}

QString CsvSource::prepare(const QString &path)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot open: %1").arg(m_file.errorString());
    const qint64 size = m_file.size();
    if (size == 0)
        return QStringLiteral("the file is empty (0 bytes)");
    // As the fast reader does (csvreader.cpp): never map gigabytes of holes.
    if (text::hasHoles(m_file.handle(), size))
        return QStringLiteral("not a text table: the file is sparse (it has holes, which read as "
                              "NUL bytes)");
    std::string_view bytes;
    m_mapped = m_file.map(0, size);
    if (m_mapped) {
        bytes = std::string_view(reinterpret_cast<const char *>(m_mapped), size_t(size));
    } else {
        m_fallback = m_file.readAll();
        bytes = std::string_view(m_fallback.constData(), size_t(m_fallback.size()));
    }
    m_decoded = text::decode(bytes);
    if (!m_decoded.error.isEmpty())
        return m_decoded.error;
    m_text = m_decoded.text();
    const size_t headerStart = m_text.find_first_not_of("\r\n");
    if (headerStart == std::string_view::npos)
        return QStringLiteral("the file is empty");
    const size_t headerEnd = std::min(m_text.find_first_of("\r\n", headerStart), m_text.size());
    m_separator = csv::detectSeparator(m_text.substr(headerStart, headerEnd - headerStart));
    // GDAL 3.6's CSV driver knows comma, semicolon, tab and space only.
    if (m_separator == '|')
        return QStringLiteral("OGR's CSV driver cannot read '|'-separated text; read the file "
                              "with the fast CSV reader instead");
    for (const QString &h : csv::splitLine(m_text, m_separator))
        m_headers << h.trimmed();

    static std::atomic<unsigned> serial {0};
    m_vsiPath = "/vsimem/rendezvous-ogr-csv-" + std::to_string(++serial) + "/data.csv";
    auto *data = reinterpret_cast<GByte *>(const_cast<char *>(m_text.data()));
    VSILFILE *handle = VSIFileFromMemBuffer(m_vsiPath.c_str(), data, m_text.size(), FALSE);
    if (!handle) {
        m_vsiPath.clear();
        return QStringLiteral("GDAL could not map the file into memory");
    }
    VSIFCloseL(handle);
    return {};
}

CsvRecords::CsvRecords(const CsvSource &source, int columns)
    : m_source(source),
      m_columns(columns),
      m_aligned(source.headers().size() == columns),
      m_parser(source.text().data(), source.text().data() + source.text().size(),
               source.separator())
{
    m_parser.next(m_fields, m_record); // the header
}

QString CsvRecords::note() const
{
    return QStringLiteral("OGR's CSV driver split the header into %1 columns, the fast reader "
                          "into %2; row checks are OGR's")
        .arg(m_columns)
        .arg(m_source.headers().size());
}

bool CsvRecords::seek(int64_t fid, uint32_t *line)
{
    while (m_scanned < fid) {
        const csv::RecordParser::Status s = m_parser.next(m_fields, m_record);
        if (s == csv::RecordParser::Status::End)
            break;
        m_unterminated = s == csv::RecordParser::Status::Unterminated;
        m_hash = hashBytes(std::string_view(m_record.begin, size_t(m_record.end - m_record.begin)));
        ++m_scanned;
    }
    m_matched = m_scanned == fid;
    *line = m_matched ? m_record.line + 1 : static_cast<uint32_t>(fid + 1);
    return m_matched;
}

bool CsvRecords::check(std::vector<std::string> &values, std::vector<std::string_view> &views,
                       size_t *count, EventBuilder &builder, uint32_t row) const
{
    *count = size_t(m_columns);
    if (!m_aligned || !m_matched)
        return true;
    if (!csv::checkRecord(m_fields.data(), m_record.count, size_t(m_columns), m_unterminated,
                          builder, row))
        return false;
    *count = m_record.count;
    // OGR turns the line ends inside quoted fields into "\n": take the exact text.
    const bool multiline =
        std::any_of(m_record.begin, m_record.end, [](char c) { return c == '\n' || c == '\r'; });
    if (multiline) {
        for (size_t i = 0; i < *count; ++i) {
            values[i].assign(m_fields[i].data(), m_fields[i].size());
            views[i] = values[i];
        }
    }
    return true;
}

} // namespace ogr::detail

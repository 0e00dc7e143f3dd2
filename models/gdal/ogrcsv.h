#pragma once

#include "io/csvrecordparser.h"
#include "io/textscan.h"

#include <QFile>
#include <QStringList>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

class EventBuilder;

// Delimited text through OGR's CSV driver (the user forced OGR on a .csv); internal to
// ogrreader.cpp.
//
// The result must equal the fast reader's, so OGR reads the same decoded text the fast
// reader parses (UTF-16 and Latin-1 converted, BOM dropped) from a /vsimem/ file, and a
// scanner walks the records alongside OGR's features the way the fast reader does.
// OGR numbers CSV features 1, 2, ... in record order, skipping blank lines; the scanner
// turns feature k into the line record k starts on (so multi-line quoted fields and
// blank lines keep the numbering right) and knows, through csv::RecordParser and
// csv::checkRecord, what OGR hides: a record with more
// fields than the header (OGR drops the surplus), fewer fields, an unclosed quote, and
// the line ends inside a quoted field (OGR makes them all "\n").
namespace ogr::detail {

// The file's text, kept alive (and visible to OGR under vsiPath()) while OGR reads it.
class CsvSource
{
public:
    CsvSource() = default;
    CsvSource(const CsvSource &) = delete;
    CsvSource &operator=(const CsvSource &) = delete;
    ~CsvSource();

    // Returns an error message, or "" when OGR can open vsiPath().
    QString prepare(const QString &path);

    const std::string &vsiPath() const { return m_vsiPath; }
    QString note() const { return m_decoded.note; } // how the text was decoded
    // Split and trimmed as the fast reader does.
    const QStringList &headers() const { return m_headers; }
    char separator() const { return m_separator; }
    std::string_view text() const { return m_text; }

private:
    QFile m_file;
    uchar *m_mapped = nullptr;
    QByteArray m_fallback;
    text::Decoded m_decoded;
    std::string_view m_text;
    char m_separator = ',';
    QStringList m_headers;
    std::string m_vsiPath;
};

// Follows OGR's features through the records of the text.
class CsvRecords
{
public:
    // columns: the number of fields OGR made of the header.
    CsvRecords(const CsvSource &source, int columns);

    // False when the header was split differently from the fast reader's (the note
    // says so); the records' checks are then OGR's own.
    bool aligned() const { return m_aligned; }
    QString note() const;

    // The line OGR's feature fid starts on; false (and *line = fid + 1) when it cannot
    // be matched.
    bool seek(int64_t fid, uint32_t *line);
    // The hash of the matched record's raw text, as the fast reader computes it, so
    // both readers find the same exact duplicates; nullptr when not matched.
    const uint64_t *recordHash() const { return m_aligned && m_matched ? &m_hash : nullptr; }

    // The fast reader's checks on the current record, in its order and words: false
    // when the builder rejected it. Otherwise count is the number of fields the record
    // has, and the fields of a multi-line record are replaced by their exact text.
    bool check(std::vector<std::string> &values, std::vector<std::string_view> &views,
               size_t *count, EventBuilder &builder, uint32_t row) const;

private:
    const CsvSource &m_source;
    int m_columns;
    bool m_aligned;
    csv::RecordParser m_parser;
    std::vector<std::string_view> m_fields;
    csv::RecordParser::Record m_record;
    bool m_unterminated = false;
    uint64_t m_hash = 0;
    int64_t m_scanned = 0; // records passed, header excluded
    bool m_matched = false;
};

} // namespace ogr::detail

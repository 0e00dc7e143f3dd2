#pragma once

#include "io/loadreport.h"

#include <QByteArray>
#include <QStringList>

#include <memory>
#include <vector>

// What the window reads of a delimited text file before it loads it, to decide whether
// the columns can be loaded as detected or the user must be asked (the column-mapping
// dialog): the header, the first rows for a preview, and trials of a mapping on a sample
// of the file (its first few MiB, cut at a line end). A trial runs the reader itself
// (csv::readBuffer), so the rows it rejects are the rows the load rejects, for the same
// reasons.
class MappingProbe
{
public:
    static constexpr qint64 kSampleBytes = qint64(4) << 20;
    static constexpr int kPreviewRows = 20;

    // error is set when the file cannot be read as text; the load then says why.
    static MappingProbe read(const QString &path, qint64 sampleBytes = kSampleBytes);
    // wholeFile: bytes are all of the file (else they are cut at their last line end).
    static MappingProbe fromBytes(QByteArray bytes, const QString &label, bool wholeFile = true);

    QString error;
    QString label; // the file, for messages
    QStringList headers; // as the reader names them (trimmed)
    std::vector<QStringList> rows; // the first kPreviewRows records
    bool wholeFile = true; // the sample is the whole file

    struct Trial
    {
        QString error; // the mapping cannot load at all (say, no time column)
        int64_t records = 0; // in the sample
        int64_t rejected = 0;
        LoadReport report;
    };
    Trial trial(const ColumnMapping &mapping) const;

    // Why the user should be asked before loading with this mapping (the trial is
    // trial(mapping)): a required field without a column, slash dates whose order the
    // sample does not decide (no number over 12 in either place, or both), most rows
    // rejected. Empty when the mapping can load as it is.
    QStringList doubts(const ColumnMapping &mapping, const Trial &trial) const;

    // The first non-blank value of a column in the sample, "" when there is none.
    QString firstValue(int column) const;

private:
    std::shared_ptr<const QByteArray> m_sample;
};

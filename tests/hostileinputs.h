#pragma once

#include "io/loadreport.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdint>

// The hostile inputs that the correctness tests (tests/models/tst_failurefiles,
// tests/widgets/tst_mainwindow) check end correctly and tests/bench/bench_edgecases
// times: one definition, so the bench measures exactly what the tests check.
namespace hostile {
inline const QByteArray kHeader = "id,start_time,lat,lon,vessel_a\n";

inline QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(f.fileName()));
    return f.fileName();
}

// Rows 2 and 4 are good events; row 3 has a million fields.
inline QByteArray millionFieldsInOneRow()
{
    QByteArray text = kHeader + "A,2018-01-01,1,2,ONE\nB,2018-01-02,1,2";
    text += QByteArray(1000000 - 4, ',').replace(",", ",x"); // a million fields
    text += "\nC,2018-01-03,1,2,THREE\n";
    return text;
}

// A million columns that mean nothing, and one data row.
inline QByteArray millionColumnHeader()
{
    QByteArray text = "c0";
    for (int i = 1; i < 1000000; ++i)
        text += ",c" + QByteArray::number(i);
    text += "\n1,2\n";
    return text;
}

// A report of n + 10 records of which n were rejected, each reason holding a tab.
inline LoadReport manyRejections(uint32_t n)
{
    LoadReport report;
    report.file = QStringLiteral("/data/big.csv");
    report.driver = QStringLiteral("CSV (fast path)");
    report.rejections.reserve(n);
    for (uint32_t i = 0; i < n; ++i)
        report.rejections.push_back(
            {i + 2, QStringLiteral("start: \"x%1\"\tis not a time").arg(i)});
    report.records = n + 10;
    report.loaded = 10;
    return report;
}
} // namespace hostile

#pragma once

// Inputs of the benchmarks: CSV files of generated events (tests/tools/gen_events, seed
// 42, one bad row per thousand) in the system temp dir, made on first use and reused.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>

namespace bench {
inline QString generatedCsv(int rows)
{
    const QString path = QDir::temp().filePath(QStringLiteral("rendezvous-bench-%1.csv").arg(rows));
    if (QFile::exists(path))
        return path;
    QProcess gen;
    gen.start(QStringLiteral(RENDEZVOUS_GEN_EVENTS),
              {QStringLiteral("--rows"), QString::number(rows), QStringLiteral("--seed"),
               QStringLiteral("42"), QStringLiteral("--bad-rows"), QString::number(rows / 1000),
               QStringLiteral("-o"), path});
    gen.waitForFinished(-1);
    return path;
}
} // namespace bench

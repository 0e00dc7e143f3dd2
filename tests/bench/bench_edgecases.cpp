// How long the hostile inputs and the large dialogs of the correctness tests take; ctest
// checks only that they end correctly (tests/models/tst_failurefiles,
// tests/widgets/tst_mainwindow's reportDialogLarge, tests/app/tst_render's dead tile
// server). Figures these used to be bounded by in ctest, on this machine's 2 cores:
//   a million fields in one row            < 10 s
//   a header of a million columns          < 20 s
//   a sparse 2 GiB file refused            < 60 s
//   the load report with 100,000 rejections shown and scrolled to the end   < 3 s
//   `rendezvous render` with a tile server refusing connections          < 60 s
// Run on a Release build: bench_edgecases
#include "../hostileinputs.h"
#include "benchevents.h"
#include "docks/loadreportdialog.h"
#include "io/eventreader.h"

#include <QApplication>
#include <QFile>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>

#include <cstdio>

namespace {
using hostile::kHeader;
using hostile::writeFile;

void report(const char *what, double ms, const LoadResult &r)
{
    std::printf("%-40s %9.1f ms  (%s)\n", what, ms,
                r.report.ok() ? qPrintable(QStringLiteral("%1 loaded").arg(r.report.loaded))
                              : qPrintable(r.report.error.left(40)));
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid())
        qFatal("no temporary directory");
    std::printf("== bench_edgecases ==\n");

    {
        const QString path =
            writeFile(dir, QStringLiteral("wide.csv"), hostile::millionFieldsInOneRow());
        LoadResult r;
        const double ms = bench::millis([&] { r = EventReader::load(path); });
        report("a million fields in one row", ms, r);
    }
    {
        const QString path =
            writeFile(dir, QStringLiteral("wideheader.csv"), hostile::millionColumnHeader());
        LoadResult r;
        const double ms = bench::millis([&] { r = EventReader::load(path); });
        report("a header of a million columns", ms, r);
    }
    for (const char *name : {"holes.csv", "holes.geojson"}) {
        const QString path = writeFile(dir, QString::fromLatin1(name), QByteArray());
        QFile f(path);
        if (!f.open(QIODevice::ReadWrite) || !f.resize(qint64(2) * 1024 * 1024 * 1024))
            qFatal("cannot make a sparse file");
        f.close();
        LoadResult r;
        const double ms = bench::millis([&] { r = EventReader::load(path); });
        report(qPrintable(QStringLiteral("a sparse 2 GiB %1 refused").arg(name)), ms, r);
        QFile::remove(path);
    }
    {
        const LoadReport rep = hostile::manyRejections(100000);
        const double ms = bench::millis([&] {
            LoadReportDialog dialog(rep);
            dialog.tabs()->setCurrentIndex(2);
            dialog.show();
            QApplication::processEvents();
            dialog.rejectionsView()->scrollToBottom();
            QApplication::processEvents();
        });
        std::printf("%-40s %9.1f ms\n", "load report, 100,000 rejections", ms);
    }
    {
        const QString csv = writeFile(dir, QStringLiteral("few.csv"),
                                      kHeader
                                          + "A,2018-01-01T00:00:00Z,30.5,123.5,ONE\n"
                                            "B,2018-01-02T00:00:00Z,31.0,124.0,TWO\n");
        const QString out = dir.filePath(QStringLiteral("tiles.png"));
        int code = -1;
        const double ms = bench::millis([&] {
            QProcess p;
            p.start(QStringLiteral(RENDEZVOUS_BINARY),
                    {QStringLiteral("render"), csv, QStringLiteral("-o"), out,
                     QStringLiteral("--size"), QStringLiteral("400x300"),
                     QStringLiteral("--basemap"), QStringLiteral("tiles"),
                     QStringLiteral("--tile-url"),
                     QStringLiteral("http://127.0.0.1:9/{z}/{x}/{y}.png")});
            p.waitForFinished(-1);
            code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        });
        std::printf("%-40s %9.1f ms  (exit %d)\n", "render, tile server refusing", ms, code);
    }
    return 0;
}

// The filter side of issue 4's brush-step target (<= 30 ms for a whole step with
// 1,000,000 events, of which this is the model part): TransferFilter re-filtering for
// a moved time window (time index, bit sets, row list, persistent indexes) and the
// summary of the result (Summary::compute, the same code as `rendezvous info`).
// Usage: bench_filter [ROWS]   (default 1000000; input generated as bench_load does)

#include "benchinput.h"
#include "io/csvreader.h"
#include "summary.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTextStream>

#include <algorithm>
#include <vector>

namespace {
struct Stats
{
    std::vector<double> ms;
    void add(double v) { ms.push_back(v); }
    QString text()
    {
        std::sort(ms.begin(), ms.end());
        return QStringLiteral("median %1 ms, max %2 ms (n=%3)")
            .arg(ms[ms.size() / 2], 0, 'f', 2)
            .arg(ms.back(), 0, 'f', 2)
            .arg(ms.size());
    }
};
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int rows = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 1000000;
    LoadResult r = csv::readFile(bench::generatedCsv(rows), {});
    TransferModel model;
    model.setStore(r.store);
    QElapsedTimer t;
    t.start();
    TransferFilter filter;
    filter.setSourceModel(&model);
    out << "== " << r.store->size() << " events; filter set-up (time index) "
        << t.nsecsElapsed() / 1e6 << " ms\n";

    const int64_t first = filter.timeIndex().first(), last = filter.timeIndex().last();
    const int64_t span = last - first;
    for (int64_t width : {span / 12, span / 2}) {
        Stats step, summary;
        const int64_t stepMs = std::max<int64_t>(span / 200, 1);
        for (int64_t from = first; from + width <= last; from += stepMs) {
            t.restart();
            filter.setTimeWindow(from, from + width);
            step.add(t.nsecsElapsed() / 1e6);
            t.restart();
            const Summary s = filter.summary();
            summary.add(t.nsecsElapsed() / 1e6);
            if (s.events < 0)
                return 1;
        }
        out << "window of " << width / 86400000 << " days (~" << filter.rowCount()
            << " events): filter step " << step.text() << "; summary " << summary.text() << "\n";
    }
    // Sorted table: the step filters the sorted permutation instead of the bits.
    filter.sort(TransferModel::columnForField(Field::Volume), Qt::DescendingOrder);
    Stats sorted;
    for (int i = 0; i < 50; ++i) {
        const int64_t from = first + span * i / 100;
        t.restart();
        filter.setTimeWindow(from, from + span / 2);
        sorted.add(t.nsecsElapsed() / 1e6);
    }
    out << "sorted by volume, half-span window: filter step " << sorted.text() << "\n";
    filter.setText(QStringLiteral("jade"));
    t.restart();
    filter.setText(QStringLiteral("jade star"));
    out << "text criterion changed: " << t.nsecsElapsed() / 1e6 << " ms\n";
    return 0;
}

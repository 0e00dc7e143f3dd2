// The Network dock target of issue 19, on this machine's 2 cores, Release build: with
// 1,000,000 events (5,000 vessels, the generator's), the dock's figures and first drawing
// follow a timeline brush step within 100 ms (the layout's refinement may go on in the
// background). Measured per step of a 30-day window moved by a week: the filter's own
// step (TransferFilter::setTimeWindow, what every view pays), then the dock's recount
// and figures (NetworkDock::refresh) and its first drawing (the view painted into an
// image). Refinements run on the thread pool meanwhile, as in the window.
// Usage: bench_networkdock [ROWS] [STEPS]   (defaults 1000000, 30).

#include "benchinput.h"
#include "io/csvreader.h"
#include "network/networkdock.h"
#include "network/networkview.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTextStream>
#include <QThreadPool>

#include <algorithm>

namespace {
double ms(const QElapsedTimer &t)
{
    return t.nsecsElapsed() / 1e6;
}

QString stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return QStringLiteral("median %1 ms, 90th %2 ms, max %3 ms")
        .arg(v[v.size() / 2], 0, 'f', 1)
        .arg(v[v.size() * 9 / 10], 0, 'f', 1)
        .arg(v.back(), 0, 'f', 1);
}
} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTextStream out(stdout);
    const int rows = app.arguments().size() > 1 ? app.arguments().at(1).toInt() : 1000000;
    const int steps = app.arguments().size() > 2 ? app.arguments().at(2).toInt() : 30;
    const QString path = bench::generatedCsv(rows);
    out << "== " << rows << " rows: " << path << "\n";
    out.flush();

    const LoadResult r = csv::readFile(path, {});
    TransferModel model;
    TransferFilter filter;
    filter.setSourceModel(&model);
    filter.adopt(FilterIndexes::prepare(r.store));
    model.setStore(r.store);

    NetworkDock dock(&filter);
    dock.resize(1200, 420);
    dock.show();
    QElapsedTimer t;
    t.start();
    dock.refresh(); // builds the per-store index
    out << "first refresh (the store's NetworkIndex, then every event): " << ms(t)
        << " ms: " << dock.network().nodes.size() << " vessels, " << dock.network().edges.size()
        << " pairs\n";
    out.flush();
    // Let the first whole layout finish, as a user would see it before brushing.
    t.restart();
    while (dock.isRefining())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    out << "first layout on the thread pool: " << ms(t) << " ms\n";

    const int64_t first = filter.timeIndex().first(), last = filter.timeIndex().last();
    const int64_t day = 86400000LL, window = 30 * day, step = 7 * day;
    std::vector<double> filterMs, refreshMs, paintMs, totalMs;
    QImage image(dock.view()->size(), QImage::Format_ARGB32_Premultiplied);
    size_t edges = 0, nodes = 0;
    for (int s = 0; s < steps; ++s) {
        const int64_t from = first + (s * step) % std::max<int64_t>(1, last - first - window);
        QElapsedTimer a;
        a.start();
        filter.setTimeWindow(from, from + window);
        filter.ascendingStoreRows();
        const double f = ms(a);
        QElapsedTimer b;
        b.start();
        dock.refresh();
        const double rf = ms(b);
        QElapsedTimer c;
        c.start();
        {
            QPainter painter(&image);
            dock.view()->render(&painter);
        }
        const double p = ms(c);
        filterMs.push_back(f);
        refreshMs.push_back(rf);
        paintMs.push_back(p);
        totalMs.push_back(rf + p);
        nodes += dock.network().nodes.size();
        edges += dock.network().edges.size();
        QCoreApplication::processEvents(); // a finished refinement lands between steps
    }
    out << steps << " steps of a 30-day window moved by 7 days; per step on average "
        << nodes / size_t(steps) << " vessels, " << edges / size_t(steps) << " pairs, "
        << filter.rowCount() << " events in the last\n";
    out << "  filter (TransferFilter::setTimeWindow + rows): " << stats(filterMs) << "\n";
    out << "  dock recount + figures (NetworkDock::refresh): " << stats(refreshMs) << "\n";
    out << "  first drawing (view painted):                  " << stats(paintMs) << "\n";
    out << "  dock total (recount + figures + drawing):       " << stats(totalMs)
        << " (target <= 100 ms)\n";
    // The whole network again (the brush cleared): the heaviest drawing.
    filter.setTimeWindow(std::nullopt, std::nullopt);
    QElapsedTimer w;
    w.start();
    dock.refresh();
    const double all = ms(w);
    w.restart();
    {
        QPainter painter(&image);
        dock.view()->render(&painter);
    }
    out << "every event: recount " << all << " ms, drawing " << ms(w) << " ms ("
        << dock.network().edges.size() << " pairs)\n";
    QThreadPool::globalInstance()->waitForDone();
    return 0;
}

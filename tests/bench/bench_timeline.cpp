// One brush step of the timeline with 1,000,000 events, part by part (issue 4's target:
// <= 30 ms per step, playback >= 20 frames per second):
//   filter   TimeWindow::setRange -> TransferFilter recomputed, and everything listening
//            to it (the table model's layout change, the map's visible rows, the
//            histogram's "did the other filters change" check)
//   histogram the timeline repainted into a QImage (no recount: only the brush moved)
//   summary  Summary::compute over the visible rows (the status bar)
//   map      one frame of the map view's renderer into a 1600x1000 QImage
// Also: the filter alone (a second filter with no listeners) and a histogram recount.
// Run on a Release build: bench_timeline [ROWS]
#include "benchevents.h"
#include "docks/eventsdock.h"
#include "eventstore.h"
#include "map/eventlayer.h"
#include "map/mapview.h"
#include "map/mapviewport.h"
#include "mapui/mapcontroller.h"
#include "summary.h"
#include "timeline/timelineview.h"
#include "timewindow.h"
#include "transferfilter.h"
#include "transfermodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const size_t n = argc > 1 ? size_t(std::atoll(argv[1])) : 1000000;
    std::printf("== bench_timeline: %zu events ==\n", n);

    std::shared_ptr<EventStore> store;
    std::printf("generate store:            %8.1f ms\n",
                bench::millis([&] { store = bench::generateEvents(n, 2026, false, 10); }));
    TransferModel model;
    TransferFilter filter;
    filter.setSourceModel(&model);
    TransferFilter bare; // the same filter with no view listening
    bare.setSourceModel(&model);
    EventsDock events(&filter);
    MapController map(&model, &events);
    TimeWindow window;
    QObject::connect(&window, &TimeWindow::rangeChanged, &filter,
                     [&] { filter.setTimeWindow(window.fromBound(), window.toBound()); });
    QSignalSpy shown(&map, &MapController::dataShown);
    std::printf("setStore + indexes:        %8.1f ms\n", bench::millis([&] {
                    model.setStore(store);
                    events.dataLoaded();
                    map.storeChanged();
                    if (shown.isEmpty())
                        shown.wait(120000);
                }));
    window.setDataRange(filter.timeIndex().first(), filter.timeIndex().last());
    TimelineView view(&window, &filter);
    view.resize(1600, 160);
    view.setColorSource(map.eventLayer());
    view.showAllData();
    std::printf("histogram count (all):     %8.1f ms (%d bins of a %s)\n",
                bench::millis([&] { view.setVisibleSpan(view.viewFrom(), view.viewTo() + 1); }),
                view.histogram().bins(), qPrintable(timeline::stepName(view.binStep())));

    QImage timeline(view.size(), QImage::Format_ARGB32_Premultiplied);
    QImage frame(1600, 1000, QImage::Format_ARGB32_Premultiplied);
    const MapViewport viewport(25, 90, 2.6, frame.size());
    const RenderOptions options = map.view()->options();

    // Warm up: the first render sends the widget's pending resize (a recount), and the
    // map's first frame builds the basemap's level.
    view.render(&timeline);
    {
        QPainter p(&frame);
        map.view()->renderer().render(p, viewport, options);
    }
    // What the map widget itself paints per frame: the background (sea, land) is cached
    // in an image and only the foreground (events, selection, decorations) is redrawn.
    QImage background(frame.size(), QImage::Format_ARGB32_Premultiplied);
    {
        QPainter p(&background);
        map.view()->renderer().renderBackground(p, viewport, options);
    }

    // Playback: a window of `days` stepping by 7 days from the middle of the data.
    for (const int days : {30, 365}) {
        std::vector<double> tFilter, tBare, tHist, tSummary, tMap, tForeground, tTotal;
        const int recountsBefore = view.recountCount();
        int64_t from = window.dataFirst() + (window.dataLast() - window.dataFirst()) / 2;
        size_t visible = 0;
        for (int step = 0; step < 40; ++step, from += 7 * TimeWindow::kDay) {
            const int64_t to = from + days * TimeWindow::kDay - 1;
            tBare.push_back(bench::millis([&] { bare.setTimeWindow(from, to); }));
            double total = 0;
            total += tFilter.emplace_back(bench::millis([&] { window.setRange(from, to); }));
            total += tHist.emplace_back(bench::millis([&] { view.render(&timeline); }));
            total += tSummary.emplace_back(bench::millis([&] {
                visible = size_t(Summary::compute(*store, filter.ascendingStoreRows()).events);
            }));
            total += tMap.emplace_back(bench::millis([&] {
                QPainter p(&frame);
                map.view()->renderer().render(p, viewport, options);
            }));
            tTotal.push_back(total);
            tForeground.push_back(bench::millis([&] {
                QPainter p(&frame);
                p.drawImage(0, 0, background);
                map.view()->renderer().renderForeground(p, viewport, options);
            }));
        }
        std::printf("-- one brush step (median of %zu; ~%zu events in a %d-day window) --\n",
                    tTotal.size(), visible, days);
        std::printf("filter alone (no views):   %8.2f ms\n", bench::median(tBare));
        std::printf("setRange -> filter+views:  %8.2f ms (table model, map rows)\n",
                    bench::median(tFilter));
        std::printf("histogram repaint:         %8.2f ms (recounts during the steps: %d)\n",
                    bench::median(tHist), view.recountCount() - recountsBefore);
        std::printf("Summary::compute:          %8.2f ms\n", bench::median(tSummary));
        std::printf("map frame 1600x1000:       %8.2f ms\n", bench::median(tMap));
        std::printf("  (cached background + foreground, as the widget paints: %.2f ms)\n",
                    bench::median(tForeground));
        const double total = bench::median(tTotal);
        std::printf("total:                     %8.2f ms (max %.2f) -> %.0f frames/s; target 30 "
                    "ms, 20 fps\n",
                    total, *std::max_element(tTotal.begin(), tTotal.end()), 1000 / total);
    }
    // What the other filters cost the histogram: a text filter recounts once.
    std::printf("text filter + recount:     %8.1f ms\n",
                bench::millis([&] { filter.setText(QStringLiteral("zzz-no-match")); }));
    return 0;
}

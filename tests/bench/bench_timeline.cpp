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
#include "eventsdock.h"
#include "eventstore.h"
#include "map/eventlayer.h"
#include "map/mapview.h"
#include "map/mapviewport.h"
#include "mapcontroller.h"
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

namespace {
std::shared_ptr<EventStore> generate(size_t n)
{
    struct Spot
    {
        double lat, lon, sigma, weight;
    };
    const Spot spots[] = {{30.6, 123.6, 0.9, 0.30},
                          {38.8, 123.9, 0.5, 0.12},
                          {1.35, 104.25, 0.25, 0.18},
                          {25.2, 56.9, 0.6, 0.15},
                          {5.9, 1.4, 0.4, 0.10}};
    const char *cargos[] = {"crude", "crude",   "fuel oil", "diesel",
                            "lpg",   "naphtha", "",         "gasoline"};
    std::mt19937_64 rng(2026);
    std::normal_distribution<double> g(0, 1);
    std::uniform_real_distribution<double> u(0, 1);
    // Ten years of events, denser in recent years.
    const int64_t first = QDateTime(QDate(2015, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const double span = 10 * 365.25 * TimeWindow::kDay;
    auto store = std::make_shared<EventStore>();
    store->reserve(n);
    for (size_t i = 0; i < n; ++i) {
        EventStore::RowInput in;
        double pick = u(rng);
        const Spot *spot = nullptr;
        for (const Spot &s : spots) {
            if (pick < s.weight) {
                spot = &s;
                break;
            }
            pick -= s.weight;
        }
        if (spot) {
            in.lat = spot->lat + g(rng) * spot->sigma;
            in.lon = spot->lon + g(rng) * spot->sigma * 1.3;
        } else {
            in.lat = -60 + u(rng) * 130;
            in.lon = -180 + u(rng) * 360;
        }
        in.cargo = cargos[size_t(u(rng) * 8)];
        in.volume = u(rng) < 0.2 ? std::nan("") : 1e5 + u(rng) * 1.9e6;
        in.start = first + int64_t(std::sqrt(u(rng)) * span);
        in.end = u(rng) < 0.1 ? EventStore::kNoTime : in.start + int64_t(u(rng) * 30 * 3600e3);
        store->append(in, nullptr);
    }
    return store;
}

template<typename F> double millis(F &&f)
{
    QElapsedTimer t;
    t.start();
    f();
    return double(t.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const size_t n = argc > 1 ? size_t(std::atoll(argv[1])) : 1000000;
    std::printf("== bench_timeline: %zu events ==\n", n);

    std::shared_ptr<EventStore> store;
    std::printf("generate store:            %8.1f ms\n", millis([&] { store = generate(n); }));
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
    std::printf("setStore + indexes:        %8.1f ms\n", millis([&] {
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
                millis([&] { view.setVisibleSpan(view.viewFrom(), view.viewTo() + 1); }),
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
            tBare.push_back(millis([&] { bare.setTimeWindow(from, to); }));
            double total = 0;
            total += tFilter.emplace_back(millis([&] { window.setRange(from, to); }));
            total += tHist.emplace_back(millis([&] { view.render(&timeline); }));
            total += tSummary.emplace_back(millis([&] {
                visible = size_t(Summary::compute(*store, filter.ascendingStoreRows()).events);
            }));
            total += tMap.emplace_back(millis([&] {
                QPainter p(&frame);
                map.view()->renderer().render(p, viewport, options);
            }));
            tTotal.push_back(total);
            tForeground.push_back(millis([&] {
                QPainter p(&frame);
                p.drawImage(0, 0, background);
                map.view()->renderer().renderForeground(p, viewport, options);
            }));
        }
        std::printf("-- one brush step (median of %zu; ~%zu events in a %d-day window) --\n",
                    tTotal.size(), visible, days);
        std::printf("filter alone (no views):   %8.2f ms\n", median(tBare));
        std::printf("setRange -> filter+views:  %8.2f ms (table model, map rows)\n",
                    median(tFilter));
        std::printf("histogram repaint:         %8.2f ms (recounts during the steps: %d)\n",
                    median(tHist), view.recountCount() - recountsBefore);
        std::printf("Summary::compute:          %8.2f ms\n", median(tSummary));
        std::printf("map frame 1600x1000:       %8.2f ms\n", median(tMap));
        std::printf("  (cached background + foreground, as the widget paints: %.2f ms)\n",
                    median(tForeground));
        const double total = median(tTotal);
        std::printf("total:                     %8.2f ms (max %.2f) -> %.0f frames/s; target 30 "
                    "ms, 20 fps\n",
                    total, *std::max_element(tTotal.begin(), tTotal.end()), 1000 / total);
    }
    // What the other filters cost the histogram: a text filter recounts once.
    std::printf("text filter + recount:     %8.1f ms\n",
                millis([&] { filter.setText(QStringLiteral("zzz-no-match")); }));
    return 0;
}

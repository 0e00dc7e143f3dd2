#pragma once

#include "eventstore.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <memory>
#include <random>
#include <vector>

// Synthetic events for the map benchmarks: where ship-to-ship transfers cluster in the
// real data (East China Sea, Korea Bay, Johor, Gulf of Oman, off Lomé, and with
// `pacific` a Pacific transshipment area across 180°), plus events scattered over the
// oceans. Deterministic for a seed. With `years` > 0 the events also get times: starts
// over that many years from 2015, denser in recent years, ~10% instants, others lasting
// up to 30 hours (the timeline's benchmark).
namespace bench {
struct Spot
{
    double lat, lon, sigma; // degrees
    double weight;
};

inline std::shared_ptr<EventStore> generateEvents(size_t n, unsigned seed, bool pacific = false,
                                                  int years = 0)
{
    constexpr int64_t k2015 = 1420070400000; // 2015-01-01T00:00:00Z
    const double span = years * 365.25 * 24 * 3600e3;
    const Spot spots[] = {{30.6, 123.6, 0.9, 0.30},
                          {38.8, 123.9, 0.5, 0.12},
                          {1.35, 104.25, 0.25, 0.18},
                          {25.2, 56.9, 0.6, 0.15},
                          {5.9, 1.4, 0.4, pacific ? 0.05 : 0.10},
                          {-16.5, 179.8, 1.2, pacific ? 0.05 : 0.0}};
    const char *cargos[] = {"crude", "crude",   "fuel oil", "diesel",
                            "lpg",   "naphtha", "",         "gasoline"};
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g(0, 1);
    std::uniform_real_distribution<double> u(0, 1);
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
            if (in.lon >= 180)
                in.lon -= 360;
        } else { // 15 % scattered
            in.lat = -60 + u(rng) * 130;
            in.lon = -180 + u(rng) * 360;
        }
        in.cargo = cargos[size_t(u(rng) * 8)];
        in.volume = u(rng) < 0.2 ? std::nan("") : 1e5 + u(rng) * 1.9e6;
        if (years > 0) {
            in.start = k2015 + int64_t(std::sqrt(u(rng)) * span);
            in.end = u(rng) < 0.1 ? EventStore::kNoTime : in.start + int64_t(u(rng) * 30 * 3600e3);
        }
        store->append(in, nullptr);
    }
    return store;
}
// Wall time of f() in milliseconds.
template<typename F> double millis(F &&f)
{
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

inline double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
} // namespace bench

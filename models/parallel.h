#pragma once

#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

// Work split over threads, with one way of running it: task(0) on the calling thread and
// every other task(k) on a thread of its own, all joined before returning, and the first
// exception any of them threw (lowest k) rethrown on the calling thread, never left to
// end the program from a worker.
namespace parallel {

// Runs task(k) for k in [0, count); on threads as above when `threaded`, else one after
// another on the calling thread (k = 1, 2, ..., then 0, the same order of starts).
template<typename Fn> void forEachIndex(size_t count, bool threaded, const Fn &task)
{
    if (count == 0)
        return;
    std::vector<std::exception_ptr> failed(count);
    const auto run = [&](size_t k) {
        try {
            task(k);
        } catch (...) {
            failed[k] = std::current_exception();
        }
    };
    std::vector<std::thread> workers;
    for (size_t k = 1; k < count; ++k) {
        if (threaded)
            workers.emplace_back(run, k);
        else
            run(k);
    }
    run(0);
    for (std::thread &t : workers)
        t.join();
    for (const std::exception_ptr &e : failed)
        if (e)
            std::rethrow_exception(e);
}

// task(k) for k in [0, threads), each on its own thread (k = 0 on the calling one).
template<typename Fn> void onThreads(unsigned threads, const Fn &task)
{
    forEachIndex(threads, true, [&task](size_t k) { task(unsigned(k)); });
}

} // namespace parallel

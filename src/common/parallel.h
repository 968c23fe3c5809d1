// Running independent tasks on a few threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace northstar {

// Runs tasks 0 .. n-1 of uneven cost on up to `threads` threads that take the next
// task when done with one; the calling thread is one of them, so `threads` <= 1 runs
// every task in order on the caller. Each thread calls make_worker() once and then the
// returned callable with each task index it takes: per-thread state lives in that
// callable.
template <typename MakeWorker>
void ParallelTasks(size_t n, int threads, MakeWorker&& make_worker) {
  std::atomic<size_t> next{0};
  auto run = [&] {
    auto work = make_worker();
    for (size_t t = next++; t < n; t = next++) work(t);
  };
  const int count =
      static_cast<int>(std::max<size_t>(1, std::min<size_t>(n, static_cast<size_t>(std::max(threads, 1)))));
  std::vector<std::thread> workers;
  workers.reserve(count - 1);
  for (int w = 1; w < count; ++w) workers.emplace_back(run);
  run();
  for (auto& w : workers) w.join();
}

}  // namespace northstar

// A background timer for `northstar serve`: runs a callback each time a schedule comes
// due (sources on their refresh cadence, the digest at its local time), on its own
// thread, until destroyed. The schedule is a function, so each owner keeps its state.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "time/timestamp.h"

namespace northstar::server {

class Ticker {
 public:
  // Calls `run(now)` whenever the time `next()` returns has come; `next()` is asked again
  // after each run. nullopt at the start: nothing is ever due and no thread starts.
  Ticker(std::function<std::optional<time::Micros>()> next, std::function<void(time::Micros)> run);
  ~Ticker();  // stops the thread, waiting for a run in progress
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace northstar::server

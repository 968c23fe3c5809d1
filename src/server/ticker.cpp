#include "server/ticker.h"

#include <algorithm>
#include <chrono>

#include "time/clock.h"

namespace northstar::server {

Ticker::Ticker(std::function<std::optional<time::Micros>()> next, std::function<void(time::Micros)> run) {
  if (!next()) return;
  thread_ = std::thread([this, next = std::move(next), run = std::move(run)] {
    time::SystemClock clock;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      const std::optional<time::Micros> due = next();
      if (!due) break;
      const auto wait = std::chrono::microseconds(std::max<int64_t>(0, *due - clock.Now()));
      if (cv_.wait_for(lock, wait, [this] { return stop_; })) break;
      lock.unlock();
      run(clock.Now());
      lock.lock();
    }
  });
}

Ticker::~Ticker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace northstar::server

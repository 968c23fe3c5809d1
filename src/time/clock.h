// The clock behind "now": late-data checks, alert schedules and the current period
// read it through this interface so tests can fix time.
#pragma once

#include <atomic>
#include <chrono>

#include "time/timestamp.h"

namespace northstar::time {

class Clock {
 public:
  virtual ~Clock() = default;
  // UTC microseconds since the epoch. Thread-safe in every implementation.
  virtual Micros Now() const = 0;
};

// The operating system's wall clock.
class SystemClock final : public Clock {
 public:
  Micros Now() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that only moves when told to (tests).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Micros now) : now_(now) {}
  Micros Now() const override { return now_.load(std::memory_order_relaxed); }
  void Set(Micros now) { now_.store(now, std::memory_order_relaxed); }
  void Advance(Micros by) { now_.fetch_add(by, std::memory_order_relaxed); }

 private:
  std::atomic<Micros> now_;
};

}  // namespace northstar::time

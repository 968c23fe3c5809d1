// server::Ticker runs its callback when the schedule comes due, asks the schedule
// again after each run, starts no thread for a schedule that is never due, and stops
// when destroyed.
#include "server/ticker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "time/clock.h"

namespace northstar::server {
namespace {

TEST(TickerTest, RunsEachTimeTheScheduleComesDue) {
  time::SystemClock clock;
  std::atomic<int> runs{0};
  std::atomic<int> asked{0};
  const time::Micros start = clock.Now();
  {
    // Due every 20 ms from the start, three times, then never again.
    Ticker ticker(
        [&]() -> std::optional<time::Micros> {
          ++asked;
          if (runs >= 3) return std::nullopt;
          return start + (runs + 1) * 20000;
        },
        [&](time::Micros now) {
          EXPECT_GE(now, start + (runs + 1) * 20000);
          ++runs;
        });
    for (int i = 0; i < 200 && runs < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(runs, 3);
  EXPECT_GE(asked, 4);  // the start, after each run
}

TEST(TickerTest, NeverDueStartsNothingAndStopsAtOnce) {
  std::atomic<int> runs{0};
  {
    Ticker never([] { return std::optional<time::Micros>(); }, [&](time::Micros) { ++runs; });
    // Due in an hour: destroying the ticker must not wait for it.
    Ticker later([] { return time::SystemClock().Now() + int64_t{3600} * 1000000; },
                 [&](time::Micros) { ++runs; });
  }
  EXPECT_EQ(runs, 0);
}

}  // namespace
}  // namespace northstar::server

// DayCache: a DayOfFn evaluated once per UTC quarter hour instead of once per row.
// Commit and Stats map millions of timestamps to local days; a time-zone lookup per
// row cost more than the rest of Stats together.
//
// Exactness: for each quarter hour [q, q + 15 min) the cache evaluates the function at
// both ends. Equal ends mean the whole quarter maps to that day; otherwise every
// timestamp of that quarter is evaluated on its own. This equals calling the function
// per row as long as the local day changes at most once within a UTC quarter hour,
// which holds for every zone whose offsets are whole quarter hours (all offsets in
// use since 1972) and for any function whose day boundaries are 15 minutes apart.
#pragma once

#include <array>
#include <cstdint>
#include <utility>

#include "store/store.h"

namespace northstar::store {

class DayCache {
 public:
  explicit DayCache(DayOfFn day_of) : day_of_(std::move(day_of)) {}

  int32_t operator()(int64_t utc_micros) {
    if (utc_micros < -kLimit || utc_micros > kLimit) return day_of_(utc_micros);
    int64_t quarter = utc_micros / kQuarter - (utc_micros % kQuarter < 0 ? 1 : 0);
    Slot& slot = slots_[static_cast<uint64_t>(quarter) & (kSlots - 1)];
    if (!slot.filled || slot.quarter != quarter) {
      int64_t begin = quarter * kQuarter;
      int32_t first = day_of_(begin);
      int32_t last = day_of_(begin + kQuarter - 1);
      slot = {quarter, first, first == last, true};
    }
    return slot.uniform ? slot.day : day_of_(utc_micros);
  }

 private:
  static constexpr int64_t kQuarter = 15 * 60 * int64_t{1'000'000};
  static constexpr int64_t kLimit = int64_t{1} << 62;  // far from overflow; beyond: no caching
  static constexpr size_t kSlots = 1024;               // direct-mapped, for unsorted input
  struct Slot {
    int64_t quarter = 0;
    int32_t day = 0;
    bool uniform = false;
    bool filled = false;
  };
  DayOfFn day_of_;
  std::array<Slot, kSlots> slots_{};
};

}  // namespace northstar::store

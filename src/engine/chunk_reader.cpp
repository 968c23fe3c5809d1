#include "engine/chunk_reader.h"

#include <algorithm>

namespace northstar::engine {

size_t ThreadRows(const ChunkPlan& plan, int t) {
  size_t rows = 0;
  const auto [first, last] = ThreadTasks(plan, t);
  for (size_t k = first; k < last; ++k) {
    for (const auto& [begin, end] : plan.tasks[k].ranges) rows += end - begin;
  }
  return rows;
}

ChunkPlan PlanChunks(const SourceTable& table, const std::vector<std::pair<size_t, size_t>>* runs,
                     int threads) {
  ChunkPlan plan;
  std::vector<std::pair<size_t, size_t>> all;
  if (runs == nullptr) {
    if (table.rows > 0) all.emplace_back(0, table.rows);
    runs = &all;
  }
  if (table.streamed()) {
    size_t start = 0;
    auto run = runs->begin();
    for (size_t p = 0; p < table.part_rows.size(); ++p) {
      const size_t end = start + table.part_rows[p];
      ChunkPlan::Task task{p, {}, start};
      while (run != runs->end() && run->second <= start) ++run;
      for (auto r = run; r != runs->end() && r->first < end; ++r) {
        task.ranges.emplace_back(std::max(r->first, start) - start, std::min(r->second, end) - start);
      }
      if (!task.ranges.empty()) plan.tasks.push_back(std::move(task));
      start = end;
    }
  } else {
    // A whole table: each run split into pieces of at least 64 Ki rows, about one
    // per thread, so small tables stay on one thread.
    constexpr size_t kMinRows = 65536;
    const size_t wanted = static_cast<size_t>(std::max(threads, 1));
    for (const auto& [first, last] : *runs) {
      const size_t n = last - first;
      const size_t pieces = std::max<size_t>(1, std::min(wanted, n / kMinRows));
      for (size_t k = 0; k < pieces; ++k) {
        plan.tasks.push_back({0, {{first + n * k / pieces, first + n * (k + 1) / pieces}}, 0});
      }
    }
  }
  plan.threads = static_cast<int>(
      std::max<size_t>(1, std::min(plan.tasks.size(), static_cast<size_t>(std::max(threads, 1)))));
  return plan;
}

}  // namespace northstar::engine

// Reading a source's rows in chunks on several threads. A streamed source (the store)
// is read part by part — each part's columns are decoded, used and dropped, so memory
// holds one part per thread, not the whole table; a whole in-memory table is read in
// row ranges. Thread t always reads the t-th contiguous block of tasks, so results
// that are merged in thread order do not depend on timing.
#pragma once

#include <cstddef>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "common/status.h"
#include "engine/source_table.h"

namespace northstar::engine {

// A run of rows: rows [begin, end) of `table`, which are the source's rows
// offset + begin .. offset + end. `task` numbers the task it belongs to, in row order.
struct Chunk {
  const SourceTable* table = nullptr;
  size_t begin = 0, end = 0;
  size_t offset = 0;
  size_t task = 0;
};

// The tasks reading a table: per streamed part (or per range of a whole table) the
// runs of its rows to read.
struct ChunkPlan {
  struct Task {
    size_t part = 0;                                // streamed: the part to decode
    std::vector<std::pair<size_t, size_t>> ranges;  // rows of the part (or of the whole table)
    size_t offset = 0;                              // source row of the part's row 0
  };
  std::vector<Task> tasks;
  int threads = 1;  // threads that read: min(threads asked for, tasks), at least 1
};

// The tasks thread t reads: [first, last) of plan.tasks.
inline std::pair<size_t, size_t> ThreadTasks(const ChunkPlan& plan, int t) {
  const size_t n = plan.tasks.size(), threads = static_cast<size_t>(plan.threads), k = static_cast<size_t>(t);
  return {n * k / threads, n * (k + 1) / threads};
}

// How many rows thread t reads.
size_t ThreadRows(const ChunkPlan& plan, int t);

// Plans reading `table`: every row, or with `runs` (sorted, disjoint source row
// ranges) only those — parts holding none of them are not decoded at all.
ChunkPlan PlanChunks(const SourceTable& table, const std::vector<std::pair<size_t, size_t>>* runs,
                     int threads);

// Calls fn(chunk, thread, part) for every chunk of `plan`, decoding `columns` of each
// streamed part first (`part` is null for a whole table). Returns the first decode
// error; the chunks of a failed thread after it are skipped.
template <typename Fn>
Status ReadChunks(const SourceTable& table, const ChunkPlan& plan, const std::vector<int32_t>& columns,
                  Fn&& fn) {
  const auto threads = static_cast<size_t>(plan.threads);
  std::vector<Status> errors(threads, Status::Ok());
  auto run = [&](size_t t) {
    const auto [first, last] = ThreadTasks(plan, static_cast<int>(t));
    for (size_t k = first; k < last; ++k) {
      const ChunkPlan::Task& task = plan.tasks[k];
      std::shared_ptr<const DecodedPart> part;
      const SourceTable* rows = &table;
      if (table.streamed()) {
        auto decoded = table.decode_part(task.part, columns);
        if (!decoded.ok()) {
          errors[t] = decoded.status();
          return;
        }
        part = std::move(decoded).value();
        rows = &part->table;
      }
      for (const auto& [begin, end] : task.ranges) {
        fn(Chunk{rows, begin, end, task.offset, k}, static_cast<int>(t), part);
      }
    }
  };
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) workers.emplace_back(run, t);
  run(0);
  for (auto& w : workers) w.join();
  for (const Status& e : errors) RETURN_IF_ERROR(e);
  return Status::Ok();
}

}  // namespace northstar::engine

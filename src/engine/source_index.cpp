#include "engine/source_index.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstring>

#include "common/large_buffer.h"
#include "common/parallel.h"
#include "common/text.h"
#include "engine/chunk_reader.h"
#include "time/period.h"

namespace northstar::engine {

std::string SegmentValueLabel(const store::ColumnValues& col, size_t row, const time::ZoneConverter& zone) {
  if (!col.valid[row]) return "(null)";
  switch (col.type) {
    case catalog::ColumnType::kString: return col.dictionary[col.codes[row]];
    case catalog::ColumnType::kBool: return col.ints[row] ? "true" : "false";
    case catalog::ColumnType::kInt: return std::to_string(col.ints[row]);
    case catalog::ColumnType::kTimestamp: return time::FormatIso(col.ints[row], &zone);
    case catalog::ColumnType::kFloat: return ShortestNumber(col.floats[row]);
  }
  return "";
}

Result<SourceIndex> BuildSourceIndex(const catalog::SourceDef& def, const SourceTable* table,
                                     const std::vector<std::string>& dims, const time::ZoneConverter& zone,
                                     int threads) {
  SourceIndex idx;
  idx.def = &def;
  if (table != nullptr) idx.table = *table;
  idx.table.columns.resize(def.columns.size(), nullptr);
  const size_t rows = idx.table.rows;
  for (size_t c = 0; c < idx.table.columns.size(); ++c) {
    const auto* col = idx.table.columns[c];
    if (col != nullptr && col->size() != rows) {
      return Status::InvalidArgument("source '" + def.id + "': column '" + def.columns[c].name + "' has " +
                                     std::to_string(col->size()) + " values for " + std::to_string(rows) +
                                     " rows");
    }
    if (col != nullptr && col->type != def.columns[c].type) {
      return Status::InvalidArgument("source '" + def.id + "': column '" + def.columns[c].name +
                                     "' is stored as " + catalog::ColumnTypeName(col->type) + ", declared " +
                                     catalog::ColumnTypeName(def.columns[c].type));
    }
  }
  // What to read: the time column and the dimension columns.
  std::vector<int32_t> columns;
  int32_t time_column = -1;
  if (!def.time.empty()) {
    idx.timed = true;
    AssignLarge(idx.day, rows, kNoDay);
    const catalog::ColumnDef* tdef = def.FindColumn(def.time);
    if (tdef != nullptr && tdef->type == catalog::ColumnType::kTimestamp) {
      time_column = static_cast<int32_t>(tdef - def.columns.data());
      columns.push_back(time_column);
    }
  }
  std::vector<std::pair<SegmentIndex*, int32_t>> segs;  // dimension, its column
  for (const auto& dim : dims) {
    const catalog::ColumnDef* cdef = def.FindColumn(dim);
    if (cdef == nullptr) continue;
    SegmentIndex& seg = idx.dims[dim];
    AssignLarge(seg.row_code, rows, uint32_t{0});
    segs.emplace_back(&seg, static_cast<int32_t>(cdef - def.columns.data()));
    columns.push_back(segs.back().second);
  }
  const ChunkPlan plan = PlanChunks(idx.table, nullptr, threads);
  // Per thread: the day range seen. Per dimension and task: the labels it met, in
  // order (rows first get task-local codes; global codes are given in task order
  // afterwards, so labels are numbered by first appearance in row order).
  // Rows per local day, counted in a window of days that grows as days appear.
  struct DayRange {
    bool any = false;
    int32_t min = 0, max = 0;
    std::vector<int64_t> rows;  // per day - min

    void Add(int32_t d) {
      if (!any) {
        *this = {true, d, d, {0}};
      } else if (d < min) {
        rows.insert(rows.begin(), static_cast<size_t>(min - d), 0);
        min = d;
      } else if (d > max) {
        rows.resize(static_cast<size_t>(d - min) + 1, 0);
        max = d;
      }
      ++rows[static_cast<size_t>(d - min)];
    }
  };
  std::vector<DayRange> ranges(static_cast<size_t>(plan.threads));
  std::vector<std::vector<std::vector<std::string>>> task_labels(
      segs.size(), std::vector<std::vector<std::string>>(plan.tasks.size()));
  std::vector<std::vector<std::unordered_map<std::string, uint32_t>>> task_codes(
      segs.size(), std::vector<std::unordered_map<std::string, uint32_t>>(plan.tasks.size()));
  std::vector<Status> type_errors(static_cast<size_t>(plan.threads), Status::Ok());
  Status read = ReadChunks(idx.table, plan, columns, [&](const Chunk& chunk, int t, const auto&) {
    auto typed = [&](int32_t c) -> const store::ColumnValues* {
      const store::ColumnValues* col = chunk.table->columns[c];
      if (col != nullptr && col->type != def.columns[c].type && type_errors[t].ok()) {
        type_errors[t] =
            Status::InvalidArgument("source '" + def.id + "': column '" + def.columns[c].name +
                                    "' is stored as " + catalog::ColumnTypeName(col->type) + ", declared " +
                                    catalog::ColumnTypeName(def.columns[c].type));
      }
      return type_errors[t].ok() ? col : nullptr;
    };
    if (time_column >= 0) {
      if (const store::ColumnValues* tcol = typed(time_column); tcol != nullptr) {
        DayRange& range = ranges[t];
        time::LocalDays local_day(zone);
        for (size_t r = chunk.begin; r < chunk.end; ++r) {
          if (!tcol->valid[r]) continue;
          const int32_t d = local_day(tcol->ints[r]);
          idx.day[chunk.offset + r] = d;
          range.Add(d);
        }
      }
    }
    for (size_t k = 0; k < segs.size(); ++k) {
      std::vector<std::string>& labels = task_labels[k][chunk.task];
      std::unordered_map<std::string, uint32_t>& codes = task_codes[k][chunk.task];
      auto code_of = [&](std::string label) {
        auto [it, inserted] = codes.emplace(std::move(label), static_cast<uint32_t>(labels.size()));
        if (inserted) labels.push_back(it->first);
        return it->second;
      };
      uint32_t* out = segs[k].first->row_code.data() + chunk.offset;
      const store::ColumnValues* col = typed(segs[k].second);
      if (col == nullptr) {
        const uint32_t null_code = code_of("(null)");
        for (size_t r = chunk.begin; r < chunk.end; ++r) out[r] = null_code;
        continue;
      }
      if (col->type == catalog::ColumnType::kString) {
        // Dictionary code -> task code, so the row loop avoids hashing strings.
        std::vector<int64_t> remap(col->dictionary.size(), -1);
        int64_t null_code = -1;
        for (size_t r = chunk.begin; r < chunk.end; ++r) {
          int64_t& slot = col->valid[r] ? remap[col->codes[r]] : null_code;
          if (slot < 0) slot = code_of(SegmentValueLabel(*col, r, zone));
          out[r] = static_cast<uint32_t>(slot);
        }
        continue;
      }
      std::unordered_map<int64_t, uint32_t> by_value;
      int64_t null_code = -1;
      for (size_t r = chunk.begin; r < chunk.end; ++r) {
        if (!col->valid[r]) {
          if (null_code < 0) null_code = code_of("(null)");
          out[r] = static_cast<uint32_t>(null_code);
          continue;
        }
        int64_t key = 0;
        if (col->type == catalog::ColumnType::kFloat) {
          const double f = col->floats[r] == 0 ? 0.0 : col->floats[r];
          std::memcpy(&key, &f, sizeof key);
        } else {
          key = col->ints[r];
        }
        auto it = by_value.find(key);
        if (it == by_value.end()) it = by_value.emplace(key, code_of(SegmentValueLabel(*col, r, zone))).first;
        out[r] = it->second;
      }
    }
  });
  RETURN_IF_ERROR(read);
  for (const Status& e : type_errors) RETURN_IF_ERROR(e);
  for (const DayRange& r : ranges) {
    if (!r.any) continue;
    idx.min_day = idx.has_days ? std::min(idx.min_day, r.min) : r.min;
    idx.max_day = idx.has_days ? std::max(idx.max_day, r.max) : r.max;
    idx.has_days = true;
  }
  if (idx.has_days) {
    idx.counted_from = idx.min_day;
    idx.rows_per_day.assign(static_cast<size_t>(idx.max_day - idx.min_day) + 1, 0);
    for (const DayRange& r : ranges) {
      for (size_t i = 0; i < r.rows.size(); ++i)
        idx.rows_per_day[static_cast<size_t>(r.min - idx.min_day) + i] += r.rows[i];
    }
  }
  // Global codes in task order, then every row's task code replaced by its global one.
  for (size_t k = 0; k < segs.size(); ++k) {
    SegmentIndex& seg = *segs[k].first;
    std::vector<std::vector<uint32_t>> remap(plan.tasks.size());
    for (size_t task = 0; task < plan.tasks.size(); ++task) {
      for (const std::string& label : task_labels[k][task]) {
        auto [it, inserted] = seg.by_label.emplace(label, static_cast<uint32_t>(seg.labels.size()));
        if (inserted) seg.labels.push_back(label);
        remap[task].push_back(it->second);
      }
    }
    // Per worker: rows per global code, summed afterwards.
    std::vector<std::vector<int64_t>> counts(static_cast<size_t>(std::max(threads, 1)));
    std::atomic<size_t> workers{0};
    ParallelTasks(plan.tasks.size(), threads, [&] {
      std::vector<int64_t>& n = counts[workers++];
      n.assign(seg.labels.size(), 0);
      return [&](size_t task) {
        const ChunkPlan::Task& tk = plan.tasks[task];
        for (const auto& [begin, end] : tk.ranges) {
          for (size_t r = tk.offset + begin; r < tk.offset + end; ++r) {
            const uint32_t code = remap[task][seg.row_code[r]];
            seg.row_code[r] = code;
            ++n[code];
          }
        }
      };
    });
    seg.rows_per_code.assign(seg.labels.size(), 0);
    for (const auto& n : counts) {
      for (size_t c = 0; c < n.size(); ++c) seg.rows_per_code[c] += n[c];
    }
  }
  return idx;
}

}  // namespace northstar::engine

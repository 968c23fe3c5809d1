#include "engine/workspace_input.h"

#include <algorithm>
#include <mutex>

#include "common/parallel.h"
#include "engine/source_index.h"
#include "ingest/read_source.h"

namespace northstar::engine {
namespace {

// Decoded columns of a streamed table's parts, kept for a later pass over the rows.
class DecodedColumns {
 public:
  explicit DecodedColumns(size_t parts) : by_part_(parts) {}

  std::shared_ptr<const store::ColumnValues> Find(size_t part, int32_t column) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_part_[part].find(column);
    return it == by_part_[part].end() ? nullptr : it->second;
  }
  void Keep(size_t part, int32_t column, std::shared_ptr<const store::ColumnValues> values) {
    std::lock_guard<std::mutex> lock(mu_);
    by_part_[part][column] = std::move(values);
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::map<int32_t, std::shared_ptr<const store::ColumnValues>>> by_part_;
};

}  // namespace

Result<std::unique_ptr<LoadedInput>> LoadSources(const catalog::Catalog& catalog,
                                                 const std::vector<std::string>& sources,
                                                 store::Store* store) {
  auto out = std::make_unique<LoadedInput>();
  for (const auto& id : sources) {
    const catalog::SourceDef* def = catalog.workspace.FindSource(id);
    if (def == nullptr) continue;
    SourceTable table;
    table.columns.assign(def->columns.size(), nullptr);
    std::shared_ptr<const store::Table> snap;
    if (store != nullptr) {
      auto s = store->Snapshot(id);
      if (s.ok()) {
        snap = *s;
      } else if (s.status().code() != StatusCode::kNotFound) {
        return s.status().WithContext("source '" + id + "'");
      }
    }
    if (snap) {
      table.rows = snap->rows();
      out->store_versions[id] = snap->version();
      out->store_rows[id] = snap->rows();
      out->tables.push_back(snap);
      out->notes.push_back(id + ": " + std::to_string(table.rows) + " rows from the store");
    } else {
      ASSIGN_OR_RETURN(ingest::Batch batch, ingest::ReadSource(*def, catalog.workspace));
      table.rows = batch.rows();
      for (size_t c = 0; c < def->columns.size() && c < batch.columns.size(); ++c) {
        const ingest::ColumnData& data = batch.columns[c];
        store::ColumnBuilder b(def->columns[c].type);
        for (size_t r = 0; r < data.size(); ++r) {
          if (!data.valid[r])
            b.AppendNull();
          else if (def->columns[c].type == catalog::ColumnType::kFloat)
            b.AppendFloat(data.floats[r]);
          else if (def->columns[c].type == catalog::ColumnType::kString)
            b.AppendString(data.string_at(r));
          else
            b.AppendInt(data.ints[r]);
        }
        out->owned.push_back(std::make_unique<store::ColumnValues>(b.Finish()));
        table.columns[c] = out->owned.back().get();
      }
      out->notes.push_back(id + ": " + std::to_string(table.rows) + " rows read from " + def->from +
                           " (not ingested into the store yet)");
    }
    out->input.sources[id] = std::move(table);
  }
  return out;
}

void UseTables(LoadedInput& loaded,
               const std::map<std::string, std::shared_ptr<const store::Table>>& tables) {
  for (auto& table : loaded.tables) {
    auto it = tables.find(table->source());
    if (it == tables.end()) continue;
    table = it->second;
    SourceTable& input = loaded.input.sources[table->source()];
    input.rows = table->rows();
    std::fill(input.columns.begin(), input.columns.end(), nullptr);
  }
}

Status StreamStoreColumns(const catalog::Catalog& catalog, LoadedInput& loaded,
                          const std::map<std::string, std::vector<int32_t>>& columns,
                          const std::set<std::string>& whole, int threads) {
  std::map<std::string, std::vector<int32_t>> decode_whole;
  for (const auto& table : loaded.tables) {
    const std::string& id = table->source();
    const catalog::SourceDef* def = catalog.workspace.FindSource(id);
    if (def == nullptr) continue;
    if (whole.count(id)) {
      auto it = columns.find(id);
      if (it != columns.end()) decode_whole[id] = it->second;
      continue;
    }
    // Catalog column -> store column (-1: the store does not have it: nulls).
    std::vector<int> store_index(def->columns.size(), -1);
    for (size_t c = 0; c < def->columns.size(); ++c) store_index[c] = table->FindColumn(def->columns[c].name);
    const int time_column = def->time.empty() ? -1 : table->FindColumn(def->time);
    auto times = std::make_shared<PartTimeRanges>();
    const size_t parts = table->parts().size();
    times->seen.assign(parts, 0);
    times->has_time.assign(parts, 0);
    times->min.assign(parts, 0);
    times->max.assign(parts, 0);
    loaded.part_times[id] = times;
    SourceTable& input = loaded.input.sources[id];
    input.part_rows.clear();
    for (const auto& part : table->parts())
      input.part_rows.push_back(part.entry.rows - part.entry.deleted_count);
    std::shared_ptr<const store::Table> snapshot = table;
    const size_t ncolumns = def->columns.size();
    // A source of few rows (a refresh reads only the parts it needs) keeps its decoded
    // columns, so the pass that indexes rows and the pass that scans them decode each
    // column once; a large one is decoded again, to stay within memory.
    constexpr size_t kKeepDecodedRows = size_t{1} << 20;
    std::shared_ptr<DecodedColumns> kept;
    if (table->rows() <= kKeepDecodedRows) kept = std::make_shared<DecodedColumns>(parts);
    input.decode_part =
        [snapshot, store_index, time_column, times, ncolumns, id, kept](
            size_t part, const std::vector<int32_t>& wanted) -> Result<std::shared_ptr<const DecodedPart>> {
      auto out = std::make_shared<DecodedPart>();
      out->table.columns.assign(ncolumns, nullptr);
      out->table.rows = snapshot->parts()[part].entry.rows - snapshot->parts()[part].entry.deleted_count;
      for (int32_t c : wanted) {
        if (c < 0 || static_cast<size_t>(c) >= ncolumns || store_index[c] < 0) continue;
        std::shared_ptr<const store::ColumnValues> column = kept ? kept->Find(part, c) : nullptr;
        if (column == nullptr) {
          auto values = snapshot->DecodePart(part, static_cast<size_t>(store_index[c]));
          if (!values.ok()) return values.status().WithContext("source '" + id + "'");
          column = std::make_shared<const store::ColumnValues>(std::move(values).value());
          if (kept) kept->Keep(part, c, column);
        }
        out->owned.push_back(column);
        const store::ColumnValues& v = *column;
        out->table.columns[c] = &v;
        if (store_index[c] == time_column && !times->seen[part]) {  // each part is decoded by one thread
          for (size_t r = 0; r < v.size(); ++r) {
            if (!v.valid[r]) continue;
            const int64_t t = v.ints[r];
            if (!times->has_time[part]) {
              times->has_time[part] = 1;
              times->min[part] = times->max[part] = t;
            }
            times->min[part] = std::min(times->min[part], t);
            times->max[part] = std::max(times->max[part], t);
          }
          times->seen[part] = 1;
        }
      }
      return std::shared_ptr<const DecodedPart>(std::move(out));
    };
    std::fill(input.columns.begin(), input.columns.end(), nullptr);
  }
  return DecodeStoreColumns(catalog, loaded, decode_whole, threads);
}

Status DecodeStoreColumns(const catalog::Catalog& catalog, LoadedInput& loaded,
                          const std::map<std::string, std::vector<int32_t>>& columns, int threads) {
  struct Task {
    const store::Table* table;
    size_t store_index;  // in the table's schema
    size_t slot;         // in SourceTable::columns
  };
  std::vector<Task> tasks;
  for (const auto& table : loaded.tables) {
    const catalog::SourceDef* def = catalog.workspace.FindSource(table->source());
    auto it = columns.find(table->source());
    if (def == nullptr || it == columns.end()) continue;
    for (int32_t c : it->second) {
      if (c < 0 || static_cast<size_t>(c) >= def->columns.size()) continue;
      const int index = table->FindColumn(def->columns[c].name);
      if (index >= 0) tasks.push_back({table.get(), static_cast<size_t>(index), static_cast<size_t>(c)});
    }
  }
  // Columns are independent: decoded on all threads, then pointed to from their slots.
  std::vector<Result<const store::Column*>> decoded(tasks.size(), Status::Internal("not decoded"));
  ParallelTasks(tasks.size(), threads,
                [&] { return [&](size_t t) { decoded[t] = tasks[t].table->column(tasks[t].store_index); }; });
  for (size_t t = 0; t < tasks.size(); ++t) {
    const std::string& source = tasks[t].table->source();
    if (!decoded[t].ok()) return decoded[t].status().WithContext("source '" + source + "'");
    loaded.input.sources[source].columns[tasks[t].slot] = &(*decoded[t])->values();
  }
  return Status::Ok();
}

}  // namespace northstar::engine

#include "engine/workspace_input.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "ingest/read_source.h"

namespace northstar::engine {
namespace {

// One store column to decode into a SourceTable slot.
struct DecodeTask {
  std::string source;
  const store::Table* table = nullptr;
  size_t store_index = 0;  // in the table's schema
  size_t slot = 0;         // in SourceTable::columns
};

// Decodes the columns on up to `threads` threads (each column is independent) and
// points the sources' slots at them.
Status DecodeColumns(const std::vector<DecodeTask>& tasks, int threads, EngineInput& input) {
  std::atomic<size_t> next{0};
  std::vector<Status> errors(tasks.size());
  std::vector<const store::ColumnValues*> values(tasks.size(), nullptr);
  auto worker = [&] {
    for (size_t t = next++; t < tasks.size(); t = next++) {
      auto col = tasks[t].table->column(tasks[t].store_index);
      if (col.ok()) {
        values[t] = &(*col)->values();
      } else {
        errors[t] = col.status().WithContext("source '" + tasks[t].source + "'");
      }
    }
  };
  std::vector<std::thread> workers;
  for (int t = 1; t < std::min<int>(threads, static_cast<int>(tasks.size())); ++t)
    workers.emplace_back(worker);
  worker();
  for (auto& w : workers) w.join();
  for (const Status& s : errors) RETURN_IF_ERROR(s);
  for (size_t t = 0; t < tasks.size(); ++t) input.sources[tasks[t].source].columns[tasks[t].slot] = values[t];
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<LoadedInput>> LoadSources(const catalog::Catalog& catalog,
                                                 const std::vector<std::string>& sources, store::Store* store,
                                                 const std::map<std::string, std::vector<int32_t>>* columns,
                                                 int threads) {
  auto out = std::make_unique<LoadedInput>();
  std::vector<DecodeTask> decode;
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
      const std::vector<int32_t>* wanted = nullptr;
      if (columns != nullptr) {
        static const std::vector<int32_t> kNone;
        auto it = columns->find(id);
        wanted = it == columns->end() ? &kNone : &it->second;
      }
      for (size_t c = 0; c < def->columns.size(); ++c) {
        if (wanted && !std::binary_search(wanted->begin(), wanted->end(), static_cast<int32_t>(c))) continue;
        const int index = snap->FindColumn(def->columns[c].name);
        if (index >= 0) decode.push_back({id, snap.get(), static_cast<size_t>(index), c});
      }
      out->store_versions[id] = snap->version();
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
  RETURN_IF_ERROR(DecodeColumns(decode, threads, out->input));
  return out;
}

Status DecodeStoreColumns(const catalog::Catalog& catalog, LoadedInput& loaded,
                          const std::map<std::string, std::vector<int32_t>>& columns, int threads) {
  std::vector<DecodeTask> decode;
  for (const auto& table : loaded.tables) {
    const catalog::SourceDef* def = catalog.workspace.FindSource(table->source());
    auto it = columns.find(table->source());
    if (def == nullptr || it == columns.end()) continue;
    for (int32_t c : it->second) {
      if (c < 0 || static_cast<size_t>(c) >= def->columns.size()) continue;
      const int index = table->FindColumn(def->columns[c].name);
      if (index >= 0)
        decode.push_back({table->source(), table.get(), static_cast<size_t>(index), static_cast<size_t>(c)});
    }
  }
  return DecodeColumns(decode, threads, loaded.input);
}

}  // namespace northstar::engine

#include "engine/workspace_input.h"

#include "ingest/read_source.h"

namespace northstar::engine {

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
      for (size_t c = 0; c < def->columns.size(); ++c) {
        const int index = snap->FindColumn(def->columns[c].name);
        if (index < 0) continue;
        ASSIGN_OR_RETURN(const store::Column* col, snap->column(static_cast<size_t>(index)));
        table.columns[c] = &col->values();
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
  return out;
}

}  // namespace northstar::engine

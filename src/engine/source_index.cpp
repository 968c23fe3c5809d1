#include "engine/source_index.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "common/text.h"
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
  if (!def.time.empty()) {
    idx.timed = true;
    idx.day.assign(rows, kNoDay);
    const catalog::ColumnDef* tdef = def.FindColumn(def.time);
    const store::ColumnValues* tcol = nullptr;
    if (tdef != nullptr) tcol = idx.table.columns[tdef - def.columns.data()];
    if (tcol != nullptr && tcol->type == catalog::ColumnType::kTimestamp) {
      ParallelRanges(rows, threads, [&](size_t b, size_t e, int) {
        for (size_t i = b; i < e; ++i) {
          if (tcol->valid[i]) idx.day[i] = time::LocalDay(tcol->ints[i], zone);
        }
      });
      for (size_t i = 0; i < rows; ++i) {
        const int32_t d = idx.day[i];
        if (d == kNoDay) continue;
        if (!idx.has_days) {
          idx.min_day = idx.max_day = d;
          idx.has_days = true;
        } else {
          idx.min_day = std::min(idx.min_day, d);
          idx.max_day = std::max(idx.max_day, d);
        }
      }
    }
  }
  for (const auto& dim : dims) {
    const catalog::ColumnDef* cdef = def.FindColumn(dim);
    if (cdef == nullptr) continue;
    const store::ColumnValues* col = idx.table.columns[cdef - def.columns.data()];
    SegmentIndex& seg = idx.dims[dim];
    seg.row_code.resize(rows);
    auto code_of = [&](std::string label) {
      auto [it, inserted] = seg.by_label.emplace(std::move(label), static_cast<uint32_t>(seg.labels.size()));
      if (inserted) seg.labels.push_back(it->first);
      return it->second;
    };
    if (col == nullptr) {
      for (size_t i = 0; i < rows; ++i) seg.row_code[i] = code_of("(null)");
      continue;
    }
    if (col->type == catalog::ColumnType::kString) {
      // Dictionary code -> dense code, so the row loop avoids hashing strings.
      std::vector<int64_t> remap(col->dictionary.size(), -1);
      int64_t null_code = -1;
      for (size_t i = 0; i < rows; ++i) {
        int64_t& slot = col->valid[i] ? remap[col->codes[i]] : null_code;
        if (slot < 0) slot = code_of(SegmentValueLabel(*col, i, zone));
        seg.row_code[i] = static_cast<uint32_t>(slot);
      }
    } else {
      std::unordered_map<int64_t, uint32_t> by_value;
      int64_t null_code = -1;
      for (size_t i = 0; i < rows; ++i) {
        if (!col->valid[i]) {
          if (null_code < 0) null_code = code_of("(null)");
          seg.row_code[i] = static_cast<uint32_t>(null_code);
          continue;
        }
        int64_t key = 0;
        if (col->type == catalog::ColumnType::kFloat) {
          const double f = col->floats[i] == 0 ? 0.0 : col->floats[i];
          std::memcpy(&key, &f, sizeof key);
        } else {
          key = col->ints[i];
        }
        auto it = by_value.find(key);
        if (it == by_value.end()) it = by_value.emplace(key, code_of(SegmentValueLabel(*col, i, zone))).first;
        seg.row_code[i] = it->second;
      }
    }
  }
  return idx;
}

}  // namespace northstar::engine

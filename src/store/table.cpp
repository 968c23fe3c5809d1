#include "store/table.h"

#include <unordered_map>

namespace northstar::store {

Result<ColumnValues> ReadAlignedColumn(const SegmentReader& segment, const ColumnSchema& column) {
  int index = segment.FindColumn(column.name);
  if (index < 0) return ColumnValues::Nulls(column.type, segment.rows());
  if (segment.schema()[static_cast<size_t>(index)].type != column.type) {
    return Status::Corruption(segment.path() + ": column '" + column.name +
                              "' has a different type than the manifest says");
  }
  return segment.ReadColumn(static_cast<size_t>(index));
}

Table::Table(std::string source, uint64_t version, std::vector<ColumnSchema> schema, std::string key_column,
             std::string time_column, std::vector<Part> parts)
    : source_(std::move(source)),
      version_(version),
      schema_(std::move(schema)),
      key_column_(std::move(key_column)),
      time_column_(std::move(time_column)),
      parts_(std::move(parts)) {
  for (const Part& p : parts_) rows_ += p.entry.rows - p.entry.deleted_count;
  for (size_t i = 0; i < schema_.size(); ++i) column_mu_.push_back(std::make_unique<std::mutex>());
  columns_.resize(schema_.size());
}

int Table::FindColumn(const std::string& name) const {
  for (size_t i = 0; i < schema_.size(); ++i) {
    if (schema_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Result<const Column*> Table::column(const std::string& name) const {
  int index = FindColumn(name);
  if (index < 0) return Status::NotFound("source '" + source_ + "' has no column '" + name + "'");
  return column(static_cast<size_t>(index));
}

Result<const Column*> Table::column(size_t index) const {
  if (index >= schema_.size()) return Status::NotFound("column index out of range");
  std::lock_guard<std::mutex> lock(*column_mu_[index]);
  if (!columns_[index]) {
    ASSIGN_OR_RETURN(ColumnValues values, Decode(index));
    columns_[index] = std::make_unique<const Column>(schema_[index].name, std::move(values));
  }
  return columns_[index].get();
}

Result<ColumnValues> Table::DecodePart(size_t part, size_t index) const {
  if (part >= parts_.size() || index >= schema_.size())
    return Status::NotFound("part or column out of range");
  const Part& p = parts_[part];
  const ColumnSchema& col = schema_[index];
  ASSIGN_OR_RETURN(ColumnValues v, ReadAlignedColumn(*p.segment, col));
  if (p.entry.deleted_count == 0) return v;
  ColumnValues out;
  out.type = col.type;
  out.dictionary = std::move(v.dictionary);
  for (uint64_t r = 0; r < v.size(); ++r) {
    if (p.entry.IsDeleted(r)) continue;
    out.valid.push_back(v.valid[r]);
    if (UsesInts(col.type)) out.ints.push_back(v.ints[r]);
    if (col.type == ColumnType::kFloat) out.floats.push_back(v.floats[r]);
    if (col.type == ColumnType::kString) out.codes.push_back(v.codes[r]);
  }
  return out;
}

Result<ColumnValues> Table::Decode(size_t index) const {
  const ColumnSchema& col = schema_[index];
  ColumnValues out;
  out.type = col.type;
  out.valid.reserve(rows_);
  if (UsesInts(col.type)) out.ints.reserve(rows_);
  if (col.type == ColumnType::kFloat) out.floats.reserve(rows_);
  if (col.type == ColumnType::kString) out.codes.reserve(rows_);
  std::unordered_map<std::string, uint32_t> merged;  // distinct value -> table code
  std::vector<uint32_t> remap;
  for (const Part& part : parts_) {
    ASSIGN_OR_RETURN(ColumnValues v, ReadAlignedColumn(*part.segment, col));
    if (col.type == ColumnType::kString) {
      // Merge this segment's dictionary into the table's; strings are copied once.
      remap.resize(v.dictionary.size());
      for (size_t k = 0; k < v.dictionary.size(); ++k) {
        auto [it, inserted] =
            merged.try_emplace(v.dictionary[k], static_cast<uint32_t>(out.dictionary.size()));
        if (inserted) out.dictionary.push_back(std::move(v.dictionary[k]));
        remap[k] = it->second;
      }
    }
    const bool has_deletions = part.entry.deleted_count > 0;
    if (parts_.size() == 1 && !has_deletions) {  // the segment's column is the table's
      if (col.type == ColumnType::kString) {
        for (size_t r = 0; r < v.codes.size(); ++r) v.codes[r] = v.valid[r] ? remap[v.codes[r]] : 0;
      }
      v.dictionary = std::move(out.dictionary);
      return v;
    }
    if (!has_deletions) {  // append whole arrays
      out.valid.insert(out.valid.end(), v.valid.begin(), v.valid.end());
      if (UsesInts(col.type)) out.ints.insert(out.ints.end(), v.ints.begin(), v.ints.end());
      if (col.type == ColumnType::kFloat)
        out.floats.insert(out.floats.end(), v.floats.begin(), v.floats.end());
      if (col.type == ColumnType::kString) {
        const size_t at = out.codes.size();
        out.codes.insert(out.codes.end(), v.codes.begin(), v.codes.end());
        for (size_t r = at; r < out.codes.size(); ++r) {
          out.codes[r] = out.valid[r] ? remap[out.codes[r]] : 0;
        }
      }
      continue;
    }
    for (uint64_t r = 0; r < v.size(); ++r) {
      if (has_deletions && part.entry.IsDeleted(r)) continue;
      out.valid.push_back(v.valid[r]);
      if (UsesInts(col.type)) out.ints.push_back(v.ints[r]);
      if (col.type == ColumnType::kFloat) out.floats.push_back(v.floats[r]);
      if (col.type == ColumnType::kString) out.codes.push_back(v.valid[r] ? remap[v.codes[r]] : 0);
    }
  }
  return out;
}

}  // namespace northstar::store

#include "ingest/batch_builder.h"

#include <cstdint>
#include <iterator>
#include <utility>

namespace northstar::ingest {
namespace {

using catalog::ColumnType;

bool UsesInts(ColumnType t) {
  return t == ColumnType::kInt || t == ColumnType::kTimestamp || t == ColumnType::kBool;
}

template <typename T>
void MoveAppend(std::vector<T>& into, std::vector<T>&& from) {
  if (into.empty()) {
    into = std::move(from);
  } else {
    into.insert(into.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  }
}

}  // namespace

void InitColumns(const catalog::SourceDef& source, Batch& batch) {
  batch.columns.clear();
  batch.columns.resize(source.columns.size());
  for (size_t i = 0; i < source.columns.size(); ++i) batch.columns[i].type = source.columns[i].type;
}

void ReserveRows(Batch& batch, size_t rows) {
  for (ColumnData& column : batch.columns) {
    const size_t want = column.size() + rows;
    column.valid.reserve(want);
    if (UsesInts(column.type)) column.ints.reserve(want);
    if (column.type == ColumnType::kFloat) column.floats.reserve(want);
    if (column.type == ColumnType::kString) column.strings.reserve(want);
  }
  batch.source_lines.reserve(batch.source_lines.size() + rows);
}

void TruncateColumns(Batch& batch, size_t rows) {
  for (ColumnData& column : batch.columns) {
    if (column.valid.size() <= rows) continue;
    column.valid.resize(rows);
    if (column.ints.size() > rows) column.ints.resize(rows);
    if (column.floats.size() > rows) column.floats.resize(rows);
    if (column.strings.size() > rows) column.strings.resize(rows);
  }
}

void AppendNull(ColumnData& column) {
  column.valid.push_back(0);
  if (UsesInts(column.type)) {
    column.ints.push_back(0);
  } else if (column.type == ColumnType::kFloat) {
    column.floats.push_back(0);
  } else {
    column.strings.emplace_back();
  }
}

void AppendBatch(Batch& head, Batch&& tail) {
  if (head.columns.empty()) head.columns.resize(tail.columns.size());
  for (size_t i = 0; i < tail.columns.size(); ++i) {
    ColumnData& into = head.columns[i];
    ColumnData& from = tail.columns[i];
    into.type = from.type;
    MoveAppend(into.ints, std::move(from.ints));
    MoveAppend(into.floats, std::move(from.floats));
    MoveAppend(into.strings, std::move(from.strings));
    MoveAppend(into.valid, std::move(from.valid));
  }
  MoveAppend(head.source_lines, std::move(tail.source_lines));
  MoveAppend(head.rejected, std::move(tail.rejected));
  head.rows_read += tail.rows_read;
  head.bytes_read += tail.bytes_read;
}

}  // namespace northstar::ingest

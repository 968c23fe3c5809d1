#include "ingest/batch_builder.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <thread>
#include <utility>

#include "common/large_buffer.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;

bool UsesInts(ColumnType t) {
  return t == ColumnType::kInt || t == ColumnType::kTimestamp || t == ColumnType::kBool;
}

// Maps the reserved buffer of `v` up to `populate_rows` values past its size.
template <typename T>
void PrefaultReserved(std::vector<T>& v, size_t populate_rows) {
  const size_t values = std::min(v.capacity(), v.size() + std::min(populate_rows, v.capacity()));
  PrepareForWrite(v.data(), values * sizeof(T));
}

template <typename T>
void MoveAppend(std::vector<T>& into, std::vector<T>&& from) {
  if (into.empty()) {
    into = std::move(from);
    return;
  }
  if (into.capacity() - into.size() >= from.size())
    PrepareForWrite(into.data() + into.size(), from.size() * sizeof(T));
  into.insert(into.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

void InitColumns(const catalog::SourceDef& source, Batch& batch) {
  batch.columns.clear();
  batch.columns.resize(source.columns.size());
  for (size_t i = 0; i < source.columns.size(); ++i) batch.columns[i].type = source.columns[i].type;
}

void ReserveRows(Batch& batch, size_t rows, size_t populate_rows) {
  for (ColumnData& column : batch.columns) {
    const size_t want = column.size() + rows;
    column.valid.reserve(want);
    PrefaultReserved(column.valid, populate_rows);
    if (UsesInts(column.type)) {
      column.ints.reserve(want);
      PrefaultReserved(column.ints, populate_rows);
    }
    if (column.type == ColumnType::kFloat) {
      column.floats.reserve(want);
      PrefaultReserved(column.floats, populate_rows);
    }
    if (column.type == ColumnType::kString) {
      column.codes.reserve(want);
      PrefaultReserved(column.codes, populate_rows);
    }
  }
  batch.source_lines.reserve(batch.source_lines.size() + rows);
  PrefaultReserved(batch.source_lines, populate_rows);
}

void TruncateColumns(Batch& batch, size_t rows) {
  for (ColumnData& column : batch.columns) {
    if (column.valid.size() <= rows) continue;
    column.valid.resize(rows);
    if (column.ints.size() > rows) column.ints.resize(rows);
    if (column.floats.size() > rows) column.floats.resize(rows);
    if (column.codes.size() > rows) column.codes.resize(rows);
  }
}

void AppendNull(ColumnData& column) {
  column.valid.push_back(0);
  if (UsesInts(column.type)) {
    column.ints.push_back(0);
  } else if (column.type == ColumnType::kFloat) {
    column.floats.push_back(0);
  } else {
    column.codes.push_back(0);
  }
}

std::vector<std::string> StringValues(const ColumnData& column) {
  std::vector<std::string> values;
  values.reserve(column.codes.size());
  for (size_t r = 0; r < column.codes.size(); ++r) values.emplace_back(column.string_at(r));
  return values;
}

void AppendStrings(ColumnData& into, ColumnData& from) {
  if (into.dictionary.empty() && into.codes.empty()) {
    into.codes = std::move(from.codes);
    into.dictionary = std::move(from.dictionary);
    into.coder = std::move(from.coder);
    return;
  }
  // Codes of `from` renumbered into the dictionary of `into`; values new to it are
  // added in the order `from` first saw them, so the merged dictionary is the one a
  // single pass over both would have built.
  std::vector<uint32_t> remap(from.dictionary.size());
  for (size_t i = 0; i < from.dictionary.size(); ++i) remap[i] = into.CodeOf(from.dictionary[i]);
  const size_t offset = into.codes.size();
  if (into.codes.capacity() - offset >= from.codes.size())
    PrepareForWrite(into.codes.data() + offset, from.codes.size() * sizeof(uint32_t));
  into.codes.resize(offset + from.codes.size());
  uint32_t* out = into.codes.data() + offset;
  const uint32_t* in = from.codes.data();
  const uint8_t* valid = from.valid.data();
  for (size_t r = 0; r < from.codes.size(); ++r) out[r] = valid[r] ? remap[in[r]] : 0;
  from.codes.clear();
  from.dictionary.clear();
}

void AppendBatch(Batch& head, Batch&& tail) {
  if (head.columns.empty()) head.columns.resize(tail.columns.size());
  auto append_columns = [&](size_t first, size_t step) {
    for (size_t i = first; i < tail.columns.size(); i += step) {
      ColumnData& into = head.columns[i];
      ColumnData& from = tail.columns[i];
      into.type = from.type;
      MoveAppend(into.ints, std::move(from.ints));
      MoveAppend(into.floats, std::move(from.floats));
      if (into.type == ColumnType::kString) AppendStrings(into, from);
      MoveAppend(into.valid, std::move(from.valid));
    }
  };
  // Columns are independent: a large tail (hundreds of MB to copy) is split over two
  // threads, as the readers parse on two.
  constexpr size_t kParallelRows = size_t{1} << 20;
  if (tail.rows() >= kParallelRows && tail.columns.size() > 1) {
    std::thread helper(append_columns, 1, 2);
    append_columns(0, 2);
    helper.join();
  } else {
    append_columns(0, 1);
  }
  MoveAppend(head.source_lines, std::move(tail.source_lines));
  MoveAppend(head.rejected, std::move(tail.rejected));
  head.rows_read += tail.rows_read;
  head.bytes_read += tail.bytes_read;
}

}  // namespace northstar::ingest

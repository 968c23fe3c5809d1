// ColumnValues: the in-memory form of one column inside the store, shared by the
// segment writer, the segment reader and the snapshot views. ColumnBuilder appends
// rows to one, dictionary-encoding strings as it goes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "store/flat_maps.h"

namespace northstar::store {

using catalog::ColumnType;

// A stored column's name and type.
struct ColumnSchema {
  std::string name;
  ColumnType type = ColumnType::kString;
  bool operator==(const ColumnSchema&) const = default;
};

// Exactly the payload matching `type` is filled, one slot per row:
//   kInt, kTimestamp (UTC microseconds), kBool (0/1) -> ints
//   kFloat -> floats;  kString -> codes (index into dictionary)
// valid[i] == 0 marks a null; its payload slot holds 0 (code 0 for strings, which may
// then index an empty dictionary, so always check valid first).
struct ColumnValues {
  ColumnType type = ColumnType::kString;
  std::vector<uint8_t> valid;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::vector<uint32_t> codes;
  std::vector<std::string> dictionary;

  size_t size() const { return valid.size(); }
  int64_t null_count() const;
  // A column of `rows` nulls.
  static ColumnValues Nulls(ColumnType type, size_t rows);
};

inline bool UsesInts(ColumnType t) {
  return t == ColumnType::kInt || t == ColumnType::kTimestamp || t == ColumnType::kBool;
}

// True when row `a` of `x` and row `b` of `y` hold the same value (nulls equal each
// other; floats compare by bit pattern so NaN equals itself). Same type required.
bool SameValue(const ColumnValues& x, size_t a, const ColumnValues& y, size_t b);

// Appends rows to a ColumnValues, keeping one dictionary entry per distinct string.
class ColumnBuilder {
 public:
  explicit ColumnBuilder(ColumnType type) { values_.type = type; }

  void AppendNull();
  void AppendInt(int64_t v);
  void AppendFloat(double v);
  void AppendString(std::string_view s);
  // Appends row `row` of `src` (same type).
  void AppendFrom(const ColumnValues& src, size_t row);

  size_t size() const { return values_.size(); }
  const ColumnValues& values() const { return values_; }
  ColumnValues Finish() { return std::move(values_); }
  // Room for `rows` more rows without reallocating.
  void Reserve(size_t rows);

 private:
  ColumnValues values_;
  StringCoder coder_;
};

}  // namespace northstar::store

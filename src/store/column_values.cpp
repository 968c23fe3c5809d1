#include "store/column_values.h"

#include <bit>
#include <cstring>

namespace northstar::store {

int64_t ColumnValues::null_count() const {
  int64_t n = 0;
  for (uint8_t v : valid) n += v == 0;
  return n;
}

ColumnValues ColumnValues::Nulls(ColumnType type, size_t rows) {
  ColumnValues c;
  c.type = type;
  c.valid.assign(rows, 0);
  if (UsesInts(type)) c.ints.assign(rows, 0);
  if (type == ColumnType::kFloat) c.floats.assign(rows, 0.0);
  if (type == ColumnType::kString) c.codes.assign(rows, 0);
  return c;
}

bool SameValue(const ColumnValues& x, size_t a, const ColumnValues& y, size_t b) {
  if (x.valid[a] != y.valid[b]) return false;
  if (!x.valid[a]) return true;
  switch (x.type) {
    case ColumnType::kFloat: return std::bit_cast<uint64_t>(x.floats[a]) == std::bit_cast<uint64_t>(y.floats[b]);
    case ColumnType::kString: return x.dictionary[x.codes[a]] == y.dictionary[y.codes[b]];
    default: return x.ints[a] == y.ints[b];
  }
}

void ColumnBuilder::AppendNull() {
  values_.valid.push_back(0);
  if (UsesInts(values_.type)) values_.ints.push_back(0);
  if (values_.type == ColumnType::kFloat) values_.floats.push_back(0.0);
  if (values_.type == ColumnType::kString) values_.codes.push_back(0);
}

void ColumnBuilder::AppendInt(int64_t v) {
  values_.valid.push_back(1);
  values_.ints.push_back(v);
}

void ColumnBuilder::AppendFloat(double v) {
  values_.valid.push_back(1);
  values_.floats.push_back(v);
}

void ColumnBuilder::AppendString(std::string_view s) {
  values_.valid.push_back(1);
  values_.codes.push_back(coder_.Code(values_.dictionary, s));
}

void ColumnBuilder::Reserve(size_t rows) {
  size_t n = values_.valid.size() + rows;
  values_.valid.reserve(n);
  if (UsesInts(values_.type)) values_.ints.reserve(n);
  if (values_.type == ColumnType::kFloat) values_.floats.reserve(n);
  if (values_.type == ColumnType::kString) values_.codes.reserve(n);
}

void ColumnBuilder::AppendFrom(const ColumnValues& src, size_t row) {
  if (!src.valid[row]) return AppendNull();
  switch (values_.type) {
    case ColumnType::kFloat: return AppendFloat(src.floats[row]);
    case ColumnType::kString: return AppendString(src.dictionary[src.codes[row]]);
    default: return AppendInt(src.ints[row]);
  }
}

}  // namespace northstar::store

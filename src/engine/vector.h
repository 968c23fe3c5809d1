// Vector: the values of one row expression over a batch of rows, the unit the
// row evaluator works in (a tree walk per batch, not per row).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "formula/types.h"

namespace northstar::engine {

// Exactly the payload matching `type` is used:
//   kInt, kBool (0/1), kTimestamp (UTC micros) -> ints;  kFloat -> floats;
//   kString -> strings (views into column dictionaries or literals, which outlive
//   the evaluation);  kNull -> none (every row is null).
// valid[i] == 0 marks a SQL null; its payload slot is unspecified.
struct Vector {
  formula::ValueType type = formula::ValueType::kNull;
  size_t size = 0;
  std::vector<uint8_t> valid;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::vector<std::string_view> strings;

  // Sets type and size; payload contents are unspecified afterwards.
  void Reset(formula::ValueType t, size_t n) {
    type = t;
    size = n;
    valid.resize(n);
    switch (t) {
      case formula::ValueType::kFloat: floats.resize(n); break;
      case formula::ValueType::kString: strings.resize(n); break;
      case formula::ValueType::kNull: break;
      default: ints.resize(n); break;
    }
  }
  bool UsesInts() const {
    return type == formula::ValueType::kInt || type == formula::ValueType::kBool ||
           type == formula::ValueType::kTimestamp;
  }
  // Row i as a double (numeric, bool and timestamp types).
  double Number(size_t i) const { return type == formula::ValueType::kFloat ? floats[i] : double(ints[i]); }
};

}  // namespace northstar::engine

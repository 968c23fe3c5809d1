// The value types of the formula language (SPEC §3) and how they combine.
//
// Row values have the source column types (int, float, bool, string, timestamp).
// kNull is the type of the literal `null`: it is compatible with every type and
// takes the type of whatever it is combined with.
#pragma once

#include "catalog/model.h"

namespace northstar::formula {

enum class ValueType { kNull, kInt, kFloat, kBool, kString, kTimestamp };

// "int", "float", "bool", "string", "timestamp", "null".
const char* ValueTypeName(ValueType t);

ValueType FromColumnType(catalog::ColumnType t);

inline bool IsNumeric(ValueType t) {
  return t == ValueType::kInt || t == ValueType::kFloat;
}

// Whether values of `a` and `b` may be compared with = != < <= > >= and in (...):
// numbers with numbers, otherwise equal types; null with anything.
bool Comparable(ValueType a, ValueType b);

// The common type of two branches (if/coalesce): equal types stay, int+float is
// float, null takes the other type. Returns false when there is none.
bool UnifyTypes(ValueType a, ValueType b, ValueType* out);

}  // namespace northstar::formula

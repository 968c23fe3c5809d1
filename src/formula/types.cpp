#include "formula/types.h"

namespace northstar::formula {

const char* ValueTypeName(ValueType t) {
  switch (t) {
    case ValueType::kNull: return "null";
    case ValueType::kInt: return "int";
    case ValueType::kFloat: return "float";
    case ValueType::kBool: return "bool";
    case ValueType::kString: return "string";
    case ValueType::kTimestamp: return "timestamp";
  }
  return "?";
}

ValueType FromColumnType(catalog::ColumnType t) {
  switch (t) {
    case catalog::ColumnType::kInt: return ValueType::kInt;
    case catalog::ColumnType::kFloat: return ValueType::kFloat;
    case catalog::ColumnType::kBool: return ValueType::kBool;
    case catalog::ColumnType::kString: return ValueType::kString;
    case catalog::ColumnType::kTimestamp: return ValueType::kTimestamp;
  }
  return ValueType::kNull;
}

bool Comparable(ValueType a, ValueType b) {
  if (a == ValueType::kNull || b == ValueType::kNull) return true;
  if (IsNumeric(a) && IsNumeric(b)) return true;
  return a == b;
}

bool UnifyTypes(ValueType a, ValueType b, ValueType* out) {
  if (a == ValueType::kNull) {
    *out = b;
    return true;
  }
  if (b == ValueType::kNull || a == b) {
    *out = a;
    return true;
  }
  if (IsNumeric(a) && IsNumeric(b)) {
    *out = ValueType::kFloat;
    return true;
  }
  return false;
}

}  // namespace northstar::formula

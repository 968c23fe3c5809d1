#include "formula/ast.h"

namespace northstar::formula {

bool StructurallyEqual(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.op != b.op || a.negated != b.negated || a.bound_is_end != b.bound_is_end ||
      a.qualifier != b.qualifier || a.name != b.name || a.value != b.value ||
      a.args.size() != b.args.size() || (a.where == nullptr) != (b.where == nullptr) ||
      a.explicit_source != b.explicit_source) {
    return false;
  }
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!StructurallyEqual(*a.args[i], *b.args[i])) return false;
  }
  return a.where == nullptr || StructurallyEqual(*a.where, *b.where);
}

ExprPtr Clone(const Expr& e) {
  auto out = std::make_unique<Expr>();
  out->kind = e.kind;
  out->type = e.type;
  out->begin = e.begin;
  out->end = e.end;
  out->value = e.value;
  out->qualifier = e.qualifier;
  out->name = e.name;
  out->op = e.op;
  out->negated = e.negated;
  out->bound_is_end = e.bound_is_end;
  for (const auto& a : e.args) out->args.push_back(Clone(*a));
  out->source_id = e.source_id;
  out->column_index = e.column_index;
  out->column_type = e.column_type;
  out->function = e.function;
  out->calendar_id = e.calendar_id;
  out->theme_id = e.theme_id;
  out->aggregate = e.aggregate;
  if (e.where) out->where = Clone(*e.where);
  out->explicit_source = e.explicit_source;
  out->snapshot = e.snapshot;
  out->percentile = e.percentile;
  out->series = e.series;
  out->periods = e.periods;
  return out;
}

const char* OpText(Op op) {
  switch (op) {
    case Op::kNone: return "";
    case Op::kNeg: return "-";
    case Op::kAdd: return "+";
    case Op::kSub: return "-";
    case Op::kMul: return "*";
    case Op::kDiv: return "/";
    case Op::kEq: return "=";
    case Op::kNe: return "!=";
    case Op::kLt: return "<";
    case Op::kLe: return "<=";
    case Op::kGt: return ">";
    case Op::kGe: return ">=";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
  }
  return "?";
}

}  // namespace northstar::formula

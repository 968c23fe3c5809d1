#include "formula/printer.h"

#include <cstring>

#include "common/text.h"
#include "formula/functions.h"

namespace northstar::formula {
namespace {

// Binding strength, loosest first; a child printed where a stronger one is
// required gets parentheses.
enum Precedence { kOr = 1, kAnd, kNot, kComparison, kAdditive, kMultiplicative, kUnaryMinus, kPrimary };

bool IsPlainIdentifier(const std::string& s) {
  if (s.empty()) return false;
  auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!start(s[0])) return false;
  for (char c : s) {
    if (!start(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

bool IsReservedWord(const std::string& s) {
  static const char* const kWords[] = {"and", "or", "not", "is", "null", "in", "true", "false", "where"};
  std::string lower = s;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const char* w : kWords) {
    if (lower == w) return true;
  }
  return false;
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string FormatDouble(double d) {
  std::string out = ShortestNumber(d);
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";  // stays a float when read back
  return out;
}

Precedence PrecedenceOf(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLogical: return e.op == Op::kOr ? kOr : kAnd;
    case ExprKind::kNot: return kNot;
    case ExprKind::kCompare:
    case ExprKind::kIsNull:
    case ExprKind::kInList:
    case ExprKind::kInPeriod: return kComparison;
    case ExprKind::kBinary: return (e.op == Op::kAdd || e.op == Op::kSub) ? kAdditive : kMultiplicative;
    case ExprKind::kUnary: return kUnaryMinus;
    default: return kPrimary;
  }
}

void Print(const Expr& e, int min_precedence, std::string& out);

void PrintArgs(const std::vector<ExprPtr>& args, std::string& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out += ", ";
    Print(*args[i], kOr, out);
  }
}

void PrintName(const Expr& e, std::string& out) {
  if (!e.qualifier.empty()) {
    // An unquoted `period.` would read back as a period bound.
    out += e.qualifier == "period" ? "\"period\"" : QuoteName(e.qualifier);
    out += '.';
  }
  out += QuoteName(e.name);
}

void PrintBody(const Expr& e, std::string& out) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      if (std::holds_alternative<std::monostate>(e.value))
        out += "null";
      else if (const auto* i = std::get_if<int64_t>(&e.value))
        out += std::to_string(*i);
      else if (const auto* d = std::get_if<double>(&e.value))
        out += FormatDouble(*d);
      else if (const auto* b = std::get_if<bool>(&e.value))
        out += *b ? "true" : "false";
      else
        out += QuoteString(std::get<std::string>(e.value));
      return;
    case ExprKind::kName:
    case ExprKind::kColumnRef:
    case ExprKind::kMeasureRef: PrintName(e, out); return;
    case ExprKind::kPeriodBound: out += e.bound_is_end ? "period.end" : "period.start"; return;
    case ExprKind::kUnary: {
      std::string operand;
      Print(*e.args[0], kUnaryMinus, operand);
      out += operand[0] == '-' ? "- " + operand : "-" + operand;  // parentheses would deepen the tree
      return;
    }
    case ExprKind::kBinary: {
      Precedence p = PrecedenceOf(e);
      Print(*e.args[0], p, out);
      out += std::string(" ") + OpText(e.op) + " ";
      Print(*e.args[1], p + 1, out);
      return;
    }
    case ExprKind::kLogical: {
      Precedence p = PrecedenceOf(e);
      Print(*e.args[0], p, out);
      out += std::string(" ") + OpText(e.op) + " ";
      Print(*e.args[1], p + 1, out);
      return;
    }
    case ExprKind::kNot:
      out += "not ";
      Print(*e.args[0], kNot, out);
      return;
    case ExprKind::kCompare:
      Print(*e.args[0], kAdditive, out);
      out += std::string(" ") + OpText(e.op) + " ";
      Print(*e.args[1], kAdditive, out);
      return;
    case ExprKind::kIsNull:
      Print(*e.args[0], kAdditive, out);
      out += e.negated ? " is not null" : " is null";
      return;
    case ExprKind::kInList:
      Print(*e.args[0], kAdditive, out);
      out += e.negated ? " not in (" : " in (";
      for (size_t i = 1; i < e.args.size(); ++i) {
        if (i > 1) out += ", ";
        Print(*e.args[i], kAdditive, out);
      }
      out += ")";
      return;
    case ExprKind::kInPeriod:
      Print(*e.args[0], kAdditive, out);
      out += e.negated ? " not in period" : " in period";
      return;
    case ExprKind::kCall:
      out += e.name + "(";
      PrintArgs(e.args, out);
      if (e.where) {
        out += e.args.empty() ? "where " : " where ";
        Print(*e.where, kOr, out);
      }
      out += ")";
      return;
    case ExprKind::kFunction:
      out += InfoOf(e.function).name;
      out += "(";
      PrintArgs(e.args, out);
      if (!e.calendar_id.empty()) out += ", " + QuoteName(e.calendar_id);
      if (!e.theme_id.empty()) out += ", " + QuoteName(e.theme_id);
      out += ")";
      return;
    case ExprKind::kAggregate:
      out += InfoOf(e.aggregate).name;
      out += "(";
      if (e.explicit_source) {
        out += QuoteName(e.source_id);
        if (!e.args.empty()) out += " ";  // not produced by the binder; kept readable
      }
      PrintArgs(e.args, out);
      if (e.aggregate == Aggregate::kPercentile) out += ", " + FormatDouble(e.percentile);
      if (e.where) {
        out += (e.args.empty() && !e.explicit_source) ? "where " : " where ";
        Print(*e.where, kOr, out);
      }
      out += ")";
      return;
    case ExprKind::kSeries:
      out += InfoOf(e.series).name;
      out += "(";
      PrintArgs(e.args, out);
      if (e.series != Series::kGrowth && (e.series == Series::kRollingAvg || e.periods != 1)) {
        out += ", " + std::to_string(e.periods);
      }
      out += ")";
      return;
  }
}

void Print(const Expr& e, int min_precedence, std::string& out) {
  if (PrecedenceOf(e) < min_precedence) {
    out += "(";
    PrintBody(e, out);
    out += ")";
  } else {
    PrintBody(e, out);
  }
}

}  // namespace

std::string QuoteName(const std::string& name) {
  if (IsPlainIdentifier(name) && !IsReservedWord(name)) return name;
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string ToCanonicalString(const Expr& e) {
  std::string out;
  Print(e, kOr, out);
  return out;
}

}  // namespace northstar::formula

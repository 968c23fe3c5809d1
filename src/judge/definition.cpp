#include "judge/definition.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace northstar::judge {
namespace {

std::string Prefix(const catalog::MeasureDef& m, const SourceLocation& where) {
  const SourceLocation& at = where.known() ? where : m.where;
  std::string p = at.known() || !at.file.empty() ? at.ToString() + ": " : "";
  return p + "KPI '" + m.id + "': ";
}

Result<int32_t> Resolve(const catalog::MeasureDef& m, const PeriodResolver& resolve, const std::string& text,
                        const SourceLocation& where, const char* what) {
  if (!resolve) return Status::InvalidArgument(Prefix(m, where) + what + ": no period resolver");
  Result<int32_t> r = resolve(text);
  if (!r.ok()) {
    return Status::InvalidArgument(Prefix(m, where) + what + " '" + text + "': " + r.status().message());
  }
  return r;
}

}  // namespace

bool IsShareOfRows(std::string_view formula) {
  return IsSingleCallOf(formula, {"share"});
}

bool IsSingleCallOf(std::string_view formula, std::initializer_list<std::string_view> functions) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  };
  formula = trim(formula);
  std::string_view rest;
  for (std::string_view fn : functions) {
    if (formula.substr(0, fn.size()) == fn) {
      rest = trim(formula.substr(fn.size()));
      break;
    }
  }
  if (rest.empty() || rest.front() != '(') return false;
  // The parenthesis opened after the function name must close at the very end.
  int depth = 0;
  bool quoted = false;
  char quote = 0;
  for (size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (quoted) {
      if (c == quote) quoted = false;
      continue;
    }
    if (c == '\'' || c == '"') {
      quoted = true;
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i + 1 == rest.size();
    }
  }
  return false;
}

bool IsMeanOverRows(std::string_view formula) {
  return IsSingleCallOf(formula, {"share", "avg"});
}

bool IsAdditive(std::string_view formula) {
  return IsSingleCallOf(formula, {"count", "sum"});
}

Result<JudgeDefinition> ResolveDefinition(const catalog::MeasureDef& measure, const PeriodResolver& resolve) {
  JudgeDefinition def;
  def.direction = measure.direction;
  def.tolerance = measure.tolerance;
  def.mean_over_rows = IsMeanOverRows(measure.formula);
  def.additive = IsAdditive(measure.formula);
  def.share_of_rows = IsShareOfRows(measure.formula);
  if (def.tolerance.kind != catalog::Tolerance::Kind::kXmr && !(def.tolerance.amount >= 0)) {
    return Status::InvalidArgument(Prefix(measure, def.tolerance.where) + "tolerance must not be negative");
  }
  ASSIGN_OR_RETURN(def.targets, ResolveTargetSchedule(measure, resolve));

  const catalog::Baseline& b = measure.baseline;
  if (b.periods < 1) {
    return Status::InvalidArgument(Prefix(measure, b.where) + "baseline periods must be at least 1");
  }
  def.baseline.periods = b.periods;
  if (b.locked()) {
    BaselinePlan::Window w;
    ASSIGN_OR_RETURN(w.from, Resolve(measure, resolve, b.locked_from, b.where, "baseline start"));
    ASSIGN_OR_RETURN(w.to, Resolve(measure, resolve, b.locked_to.empty() ? b.locked_from : b.locked_to,
                                   b.where, "baseline end"));
    if (w.to < w.from) {
      return Status::InvalidArgument(Prefix(measure, b.where) + "baseline window ends (" + b.locked_to +
                                     ") before it starts (" + b.locked_from + ")");
    }
    def.baseline.locked = w;
  }
  for (const std::string& change : b.process_changes) {
    ASSIGN_OR_RETURN(int32_t at, Resolve(measure, resolve, change, b.where, "process change"));
    def.baseline.process_changes.push_back(at);
  }
  std::sort(def.baseline.process_changes.begin(), def.baseline.process_changes.end());
  return def;
}

}  // namespace northstar::judge

#include "engine/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/text.h"
#include "formula/functions.h"

namespace northstar::engine {
namespace {

using formula::Expr;
using formula::ExprKind;

void AppendSignature(const Expr& e, std::string& out) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      if (std::holds_alternative<std::monostate>(e.value))
        out += "null";
      else if (auto* i = std::get_if<int64_t>(&e.value))
        out += std::to_string(*i);
      else if (auto* d = std::get_if<double>(&e.value))
        out += ShortestNumber(*d) + "f";
      else if (auto* b = std::get_if<bool>(&e.value))
        out += *b ? "true" : "false";
      else {
        out += e.type == formula::ValueType::kTimestamp ? "ts'" : "'";
        out += std::get<std::string>(e.value);
        out += "'";
      }
      return;
    case ExprKind::kColumnRef: out += e.source_id + ".#" + std::to_string(e.column_index); return;
    case ExprKind::kMeasureRef: out += "@" + e.name; return;
    case ExprKind::kPeriodBound: out += e.bound_is_end ? "period.end" : "period.start"; return;
    case ExprKind::kIsNull:
      out += "(";
      AppendSignature(*e.args[0], out);
      out += e.negated ? " is not null)" : " is null)";
      return;
    case ExprKind::kInPeriod:
      out += "(";
      AppendSignature(*e.args[0], out);
      out += e.negated ? " not in period)" : " in period)";
      return;
    case ExprKind::kUnary:
    case ExprKind::kBinary:
    case ExprKind::kCompare:
    case ExprKind::kLogical:
      out += "(";
      if (e.args.size() == 1) {
        out += "-";
        AppendSignature(*e.args[0], out);
      } else {
        AppendSignature(*e.args[0], out);
        out += " ";
        out += formula::OpText(e.op);
        out += " ";
        AppendSignature(*e.args[1], out);
      }
      out += ")";
      return;
    case ExprKind::kNot:
      out += "(not ";
      AppendSignature(*e.args[0], out);
      out += ")";
      return;
    default: break;
  }
  // Calls: name(args...) with kind-specific extras.
  if (e.kind == ExprKind::kInList) {
    out += "(";
    AppendSignature(*e.args[0], out);
    out += e.negated ? " not in [" : " in [";
    for (size_t i = 1; i < e.args.size(); ++i) {
      if (i > 1) out += ", ";
      AppendSignature(*e.args[i], out);
    }
    out += "])";
    return;
  }
  if (e.kind == ExprKind::kFunction)
    out += formula::InfoOf(e.function).name;
  else if (e.kind == ExprKind::kAggregate)
    out += formula::InfoOf(e.aggregate).name;
  else if (e.kind == ExprKind::kSeries)
    out += formula::InfoOf(e.series).name;
  else
    out += e.name;
  out += "(";
  if (e.kind == ExprKind::kAggregate) out += e.source_id + ": ";
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (i > 0) out += ", ";
    AppendSignature(*e.args[i], out);
  }
  if (e.kind == ExprKind::kFunction && !e.calendar_id.empty()) out += ", cal=" + e.calendar_id;
  if (e.kind == ExprKind::kFunction && !e.theme_id.empty()) out += ", theme=" + e.theme_id;
  if (e.kind == ExprKind::kAggregate && e.aggregate == formula::Aggregate::kPercentile) {
    out += ", p=" + ShortestNumber(e.percentile);
  }
  if (e.kind == ExprKind::kSeries) out += ", n=" + std::to_string(e.periods);
  if (e.where) {
    out += " where ";
    AppendSignature(*e.where, out);
  }
  if (e.kind == ExprKind::kAggregate && e.snapshot) out += " snapshot";
  out += ")";
}

bool HasColumn(const catalog::SourceDef* s, const std::string& name) {
  return s != nullptr && s->FindColumn(name) != nullptr;
}

class Planner {
 public:
  Planner(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled, Plan& plan)
      : catalog_(catalog), compiled_(compiled), plan_(plan) {}

  // Registers every aggregate reachable from `owner`'s formula for user `user`.
  void Visit(const formula::CompiledMeasure& owner, const Expr& e, const formula::CompiledMeasure& user,
             std::set<std::string>& sources, int depth) {
    if (e.kind == ExprKind::kAggregate) {
      Register(owner, e, user);
      sources.insert(e.source_id);
      return;  // aggregates never contain measure-level nodes
    }
    if (e.kind == ExprKind::kMeasureRef) {
      const formula::CompiledMeasure* ref = compiled_.Find(e.name);
      if (ref != nullptr && ref->formula && depth < 64) {
        if (ref->def) sources.insert(ref->def->source);
        Visit(*ref, *ref->formula, user, sources, depth + 1);
      }
      return;
    }
    for (const auto& a : e.args) Visit(owner, *a, user, sources, depth);
  }

  int32_t Register(const formula::CompiledMeasure& owner, const Expr& agg,
                   const formula::CompiledMeasure& user) {
    const bool own_source = agg.source_id == owner.def->source;
    const Expr* filter = own_source ? owner.filter.get() : nullptr;
    const std::string filter_sig = filter ? Signature(*filter) : "";
    const std::string key = agg.source_id + "|" + filter_sig + "|" + Signature(agg);
    auto [it, inserted] = by_key_.emplace(key, static_cast<int32_t>(plan_.aggregates.size()));
    if (inserted) {
      AggregatePlan a;
      a.id = it->second;
      a.expr = &agg;
      a.source_id = agg.source_id;
      a.filter = filter;
      a.snapshot = agg.snapshot;
      a.signature = Signature(agg) + (filter ? " filter " + filter_sig : "");
      filter_sigs_.push_back(filter_sig);
      plan_.aggregates.push_back(std::move(a));
    }
    AggregatePlan& a = plan_.aggregates[it->second];
    plan_.aggregate_of[&agg] = a.id;
    a.finest_grain = std::min(a.finest_grain, user.def->frequency);
    const catalog::SourceDef* src = catalog_.workspace.FindSource(agg.source_id);
    const catalog::SourceDef* user_src = catalog_.workspace.FindSource(user.def->source);
    for (const auto& dim : user.def->segments) {
      if (HasColumn(user_src, dim) && HasColumn(src, dim) &&
          std::find(a.dims.begin(), a.dims.end(), dim) == a.dims.end()) {
        a.dims.push_back(dim);
      }
    }
    return a.id;
  }

  std::vector<std::string> filter_sigs_;  // per aggregate id

 private:
  const catalog::Catalog& catalog_;
  const formula::CompiledCatalog& compiled_;
  Plan& plan_;
  std::map<std::string, int32_t> by_key_;
};

}  // namespace

std::string Signature(const Expr& e) {
  std::string out;
  AppendSignature(e, out);
  return out;
}

Result<Plan> BuildPlan(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled,
                       const std::vector<std::string>& selected) {
  Plan plan;
  for (const auto& id : selected) {
    if (compiled.Find(id) == nullptr) return Status::NotFound("unknown KPI or metric '" + id + "'");
  }
  Planner planner(catalog, compiled, plan);
  for (const auto& m : compiled.measures) {
    if (m.def == nullptr || !m.formula) continue;
    if (!selected.empty() && std::find(selected.begin(), selected.end(), m.def->id) == selected.end())
      continue;
    MeasurePlan mp;
    mp.measure = &m;
    std::set<std::string> sources;
    sources.insert(m.def->source);
    planner.Visit(m, *m.formula, m, sources, 0);
    // The rows behind each value: count() over the own source under the filter.
    auto count = std::make_unique<Expr>();
    count->kind = ExprKind::kAggregate;
    count->type = formula::ValueType::kInt;
    count->aggregate = formula::Aggregate::kCount;
    count->source_id = m.def->source;
    count->snapshot = m.filter != nullptr && m.has_snapshot && [&] {
      // A filter that mentions the period makes own-source aggregates snapshots.
      const std::string sig = Signature(*m.filter);
      return sig.find("period") != std::string::npos;
    }();
    if (catalog.workspace.FindSource(m.def->source) != nullptr) {
      mp.rows_aggregate = planner.Register(m, *count, m);
      plan.synthesized.push_back(std::move(count));
    }
    mp.sources_read.assign(sources.begin(), sources.end());
    const catalog::SourceDef* src = catalog.workspace.FindSource(m.def->source);
    for (const auto& dim : m.def->segments) {
      if (HasColumn(src, dim) && std::find(mp.dims.begin(), mp.dims.end(), dim) == mp.dims.end()) {
        mp.dims.push_back(dim);
      }
    }
    plan.measures.push_back(std::move(mp));
  }
  // Group aggregates into scans by (source, filter, snapshot).
  std::map<std::string, int32_t> scan_of;
  for (auto& a : plan.aggregates) {
    const std::string& fsig = planner.filter_sigs_[a.id];
    const std::string key = a.source_id + "|" + fsig + "|" + (a.snapshot ? "s" : "r");
    auto [it, inserted] = scan_of.emplace(key, static_cast<int32_t>(plan.scans.size()));
    if (inserted) {
      ScanPlan s;
      s.source_id = a.source_id;
      s.filter = a.filter;
      s.filter_signature = fsig;
      s.snapshot = a.snapshot;
      plan.scans.push_back(std::move(s));
    }
    ScanPlan& s = plan.scans[it->second];
    s.aggregates.push_back(a.id);
    s.finest_grain = std::min(s.finest_grain, a.finest_grain);
    for (const auto& d : a.dims) {
      if (std::find(s.dims.begin(), s.dims.end(), d) == s.dims.end()) s.dims.push_back(d);
    }
  }
  for (auto& s : plan.scans) std::sort(s.dims.begin(), s.dims.end());
  return plan;
}

std::string Plan::Describe() const {
  std::string out;
  for (size_t i = 0; i < scans.size(); ++i) {
    const ScanPlan& s = scans[i];
    out += "scan " + std::to_string(i) + ": source " + s.source_id;
    if (!s.filter_signature.empty()) out += " filter " + s.filter_signature;
    if (s.snapshot) out += " (snapshot: once per period)";
    out += " grain>=" + std::string(catalog::GrainName(s.finest_grain));
    out += " by day";
    for (const auto& d : s.dims) out += "," + d;
    out += "\n";
    for (int32_t id : s.aggregates) {
      out += "  agg " + std::to_string(id) + ": " + Signature(*aggregates[id].expr) + "\n";
    }
  }
  for (const auto& m : measures) {
    out += "measure " + m.measure->def->id + ": " + Signature(*m.measure->formula) + "\n";
  }
  return out;
}

}  // namespace northstar::engine

namespace northstar::engine {
namespace {

void CollectColumns(const formula::Expr& e, std::map<std::string, std::set<int32_t>>& out) {
  if (e.kind == formula::ExprKind::kColumnRef && e.column_index >= 0) out[e.source_id].insert(e.column_index);
  for (const auto& a : e.args) CollectColumns(*a, out);
  if (e.where) CollectColumns(*e.where, out);
}

void AddNamed(const catalog::Workspace& ws, const std::string& source, const std::string& column,
              std::map<std::string, std::set<int32_t>>& out) {
  const catalog::SourceDef* def = ws.FindSource(source);
  if (def == nullptr) return;
  for (size_t c = 0; c < def->columns.size(); ++c) {
    if (def->columns[c].name == column) out[source].insert(static_cast<int32_t>(c));
  }
}

}  // namespace

std::map<std::string, std::vector<int32_t>> ColumnsRead(const Plan& plan,
                                                        const catalog::Workspace& workspace) {
  std::map<std::string, std::set<int32_t>> read;
  for (const auto& a : plan.aggregates) {
    read[a.source_id];
    CollectColumns(*a.expr, read);
    if (a.filter != nullptr) CollectColumns(*a.filter, read);
    for (const auto& d : a.dims) AddNamed(workspace, a.source_id, d, read);
  }
  for (const auto& m : plan.measures) {
    for (const auto& d : m.dims) AddNamed(workspace, m.measure->def->source, d, read);
    for (const auto& s : m.sources_read) read[s];
  }
  std::map<std::string, std::vector<int32_t>> out;
  for (auto& [source, cols] : read) {
    const catalog::SourceDef* def = workspace.FindSource(source);
    if (def != nullptr && !def->time.empty()) AddNamed(workspace, source, def->time, read);
    out[source].assign(read[source].begin(), read[source].end());
  }
  return out;
}

std::vector<int32_t> ScanColumns(const Plan& plan, const ScanPlan& scan) {
  std::map<std::string, std::set<int32_t>> read;
  if (scan.filter != nullptr) CollectColumns(*scan.filter, read);
  for (int32_t id : scan.aggregates) CollectColumns(*plan.aggregates[id].expr, read);
  const std::set<int32_t>& mine = read[scan.source_id];
  return {mine.begin(), mine.end()};
}

std::map<std::string, std::vector<std::string>> SegmentDims(const Plan& plan,
                                                            const catalog::Workspace& workspace) {
  std::map<std::string, std::set<std::string>> dims;
  for (const auto& a : plan.aggregates) dims[a.source_id].insert(a.dims.begin(), a.dims.end());
  for (const auto& m : plan.measures) {
    dims[m.measure->def->source].insert(m.dims.begin(), m.dims.end());
    for (const auto& s : m.sources_read) dims[s];
  }
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [id, d] : dims) {
    const catalog::SourceDef* def = workspace.FindSource(id);
    if (def == nullptr) continue;
    std::vector<std::string>& list = out[id];
    for (const auto& name : d) {
      if (def->FindColumn(name) != nullptr) list.push_back(name);
    }
  }
  return out;
}

namespace {
int64_t ExprReach(const formula::Expr& e, const formula::CompiledCatalog& compiled, int depth) {
  if (depth > 64) return 0;
  int64_t inner = 0;
  for (const auto& a : e.args) inner = std::max(inner, ExprReach(*a, compiled, depth + 1));
  if (e.kind == formula::ExprKind::kMeasureRef) {
    const formula::CompiledMeasure* ref = compiled.Find(e.name);
    if (ref != nullptr && ref->formula)
      inner = std::max(inner, ExprReach(*ref->formula, compiled, depth + 1));
  }
  return e.kind == formula::ExprKind::kSeries ? inner + std::max<int64_t>(e.periods, 1) : inner;
}
}  // namespace

int64_t SeriesReach(const Plan& plan, const formula::CompiledCatalog& compiled) {
  int64_t reach = 0;
  for (const auto& m : plan.measures) reach = std::max(reach, ExprReach(*m.measure->formula, compiled, 0));
  return reach;
}

}  // namespace northstar::engine

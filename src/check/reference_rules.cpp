// Rules about references between catalog entries: ids, goal cycles, columns.
#include <map>
#include <set>

#include "check/rules.h"
#include "common/text.h"

namespace northstar::check {

namespace {

using catalog::Catalog;
using catalog::MeasureDef;

std::vector<std::string> GoalIds(const Catalog& c) {
  std::vector<std::string> ids;
  for (const auto& g : c.goals) ids.push_back(g.id);
  return ids;
}

std::vector<std::string> MeasureIds(const Catalog& c) {
  std::vector<std::string> ids;
  for (const auto& m : c.measures) ids.push_back(m.id);
  return ids;
}

void UnknownId(Diagnostics& diags, const SourceLocation& where, const std::string& kind,
               const std::string& id, const std::string& used_as, const std::vector<std::string>& known,
               const std::string& fix) {
  diags.Error("unknown-id", where, used_as + " '" + id + "' is not a known " + kind + DidYouMean(id, known),
              fix);
}

template <typename T>
void CheckDuplicates(const std::vector<T>& items, const std::string& kind, Diagnostics& diags) {
  std::map<std::string, const T*> first;
  for (const T& item : items) {
    if (item.id.empty()) continue;
    auto [it, inserted] = first.emplace(item.id, &item);
    if (!inserted) {
      diags.Error("duplicate-id", item.where,
                  kind + " id '" + item.id + "' is already used at " + it->second->where.ToString(),
                  "ids must be unique; rename one of them");
    }
  }
}

}  // namespace

SourceLocation FieldWhere(const MeasureDef& m, const std::string& field) {
  auto it = m.field_where.find(field);
  return it == m.field_where.end() ? m.where : it->second;
}

void CheckReferences(const Catalog& c, Diagnostics& diags) {
  CheckDuplicates(c.goals, "goal", diags);
  CheckDuplicates(c.measures, "KPI/metric", diags);
  CheckDuplicates(c.objectives, "objective", diags);

  const std::vector<std::string> goal_ids = GoalIds(c);
  const std::vector<std::string> measure_ids = MeasureIds(c);
  std::vector<std::string> source_ids;
  for (const auto& s : c.workspace.sources) source_ids.push_back(s.id);

  for (const auto& g : c.goals) {
    if (!g.parent.empty() && !c.FindGoal(g.parent)) {
      UnknownId(diags, g.where, "goal", g.parent, "parent goal", goal_ids,
                "set `parent:` to the id of a goal in catalog/*.yaml, or remove it for a top-level goal");
    }
  }
  for (const auto& m : c.measures) {
    if (!m.goal.empty() && !c.FindGoal(m.goal)) {
      UnknownId(diags, FieldWhere(m, "goal"), "goal", m.goal, "goal", goal_ids,
                "set `goal:` to the id of a goal under `goals:`");
    }
    if (!m.source.empty() && !c.workspace.FindSource(m.source)) {
      UnknownId(diags, FieldWhere(m, "source"), "source", m.source, "source", source_ids,
                "define the source under `sources:` in northstar.yaml, or fix the name");
    }
    for (const auto& guard : m.guards) {
      if (!c.FindMeasure(guard)) {
        UnknownId(diags, FieldWhere(m, "guards"), "KPI or metric", guard, "guard", measure_ids,
                  "a guard is the id of another KPI or metric (e.g. a quality KPI guarding a speed KPI)");
      } else if (guard == m.id) {
        diags.Error("unknown-id", FieldWhere(m, "guards"), "'" + m.id + "' cannot guard itself",
                    "guard it with a different KPI or metric that would worsen if this one were gamed");
      }
    }
    for (const auto& driver : m.drivers) {
      if (!c.FindMeasure(driver)) {
        UnknownId(
            diags, FieldWhere(m, "drivers"), "KPI or metric", driver, "driver", measure_ids,
            "a driver is the id of a metric that explains why this KPI moves; define it under `metrics:`");
      }
    }
  }
  for (const auto& o : c.objectives) {
    if (!o.goal.empty() && !c.FindGoal(o.goal)) {
      UnknownId(diags, o.where, "goal", o.goal, "goal", goal_ids,
                "set `goal:` to the id of a goal under `goals:`");
    }
    for (const auto& kr : o.key_results) {
      if (!kr.kpi.empty() && !c.FindMeasure(kr.kpi)) {
        UnknownId(diags, kr.where, "KPI or metric", kr.kpi, "key result KPI", measure_ids,
                  "set `kpi:` to the id of a KPI or metric, or remove it");
      }
      // A key result is scored from its KPI or by hand (SPEC §10); say which is missing.
      if (!kr.kpi.empty() && kr.score) {
        diags.Error(
            "key-result-scored-twice", kr.where,
            "key result of objective '" + o.id + "' reads KPI '" + kr.kpi + "' and has a hand `score`",
            "keep `kpi:` with `baseline:` and `target:`, or the hand `score:` with a `note:`");
      } else if (!kr.kpi.empty() && (!kr.baseline || !kr.target)) {
        diags.Error("key-result-incomplete", kr.where,
                    "key result of objective '" + o.id + "' reads KPI '" + kr.kpi + "' but has no " +
                        (kr.baseline ? "`target`" : "`baseline`"),
                    "its score is (actual - baseline) / (target - baseline): give both numbers");
      } else if (!kr.kpi.empty() && *kr.baseline == *kr.target) {
        diags.Error("key-result-incomplete", kr.where,
                    "key result of objective '" + o.id + "' has the same baseline and target",
                    "the target must differ from where the key result starts");
      }
    }
  }
}

void CheckGoalCycles(const Catalog& c, Diagnostics& diags) {
  // Walk up from every goal; a goal met twice on one walk closes a cycle. Each cycle
  // is reported once, at its member that comes first in the catalog.
  std::set<std::string> reported;
  for (const auto& start : c.goals) {
    std::vector<std::string> path{start.id};
    std::set<std::string> seen{start.id};
    const catalog::GoalDef* g = &start;
    while (!g->parent.empty()) {
      const catalog::GoalDef* parent = c.FindGoal(g->parent);
      if (!parent) break;
      if (parent->id == start.id) {
        bool new_cycle = true;
        for (const auto& id : path) new_cycle = new_cycle && !reported.count(id);
        if (new_cycle) {
          reported.insert(path.begin(), path.end());
          path.push_back(start.id);
          diags.Error("cycle", start.where, "goal parents form a cycle: " + Join(path, " -> "),
                      "goals cascade down a tree (company -> unit -> team -> individual); "
                      "remove or change one `parent:` in the cycle");
        }
        break;
      }
      if (!seen.insert(parent->id).second) break;  // a cycle above this goal, reported from its members
      path.push_back(parent->id);
      g = parent;
    }
  }
}

void CheckColumns(const Catalog& c, Diagnostics& diags) {
  for (const auto& s : c.workspace.sources) {
    std::vector<std::string> names;
    for (const auto& col : s.columns) names.push_back(col.name);
    const std::string listed =
        "list it under `columns:` of source '" + s.id + "' (columns: " + Join(names, ", ") + ")";
    if (!s.key.empty() && !s.FindColumn(s.key)) {
      diags.Error("unknown-column", s.where,
                  "key column '" + s.key + "' of source '" + s.id + "' is not among its columns" +
                      DidYouMean(s.key, names),
                  listed);
    }
    if (!s.time.empty()) {
      const catalog::ColumnDef* time = s.FindColumn(s.time);
      if (!time) {
        diags.Error("unknown-column", s.where,
                    "time column '" + s.time + "' of source '" + s.id + "' is not among its columns" +
                        DidYouMean(s.time, names),
                    listed);
      } else if (time->type != catalog::ColumnType::kTimestamp) {
        diags.Error("invalid-value", time->where,
                    "time column '" + s.time + "' of source '" + s.id + "' is " +
                        catalog::ColumnTypeName(time->type) + ", not a timestamp",
                    "declare it as `" + s.time + ": timestamp` (with `format:` if it is not ISO 8601)");
      }
    }
  }
  for (const auto& m : c.measures) {
    const catalog::SourceDef* s = c.workspace.FindSource(m.source);
    if (!s) continue;  // reported as unknown-id
    std::vector<std::string> names;
    for (const auto& col : s->columns) names.push_back(col.name);
    for (const auto& dim : m.segments) {
      if (!s->FindColumn(dim)) {
        diags.Error("unknown-column", FieldWhere(m, "segments"),
                    "segment '" + dim + "' of '" + m.id + "' is not a column of source '" + s->id + "'" +
                        DidYouMean(dim, names),
                    "segments are dimension columns of the KPI's source; columns: " + Join(names, ", "));
      }
    }
  }
}

}  // namespace northstar::check

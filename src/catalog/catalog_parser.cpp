// catalog/*.yaml -> goals, KPIs/metrics, objectives.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "catalog/file_parsers.h"
#include "catalog/period_text.h"
#include "common/text.h"
#include "time/timestamp.h"

namespace northstar::catalog {

namespace {

const std::vector<std::string> kFileKeys = {"goals", "kpis", "metrics", "objectives"};
const std::vector<std::string> kGoalKeys = {"id",     "statement", "level", "owner",
                                            "parent", "deadline",  "weight"};
const std::vector<std::string> kMeasureKeys = {
    "id",          "name",          "goal",      "type",     "source", "filter",  "formula",
    "unit",        "direction",     "frequency", "review",   "owner",  "target",  "target_changes",
    "targets",     "baseline",      "tolerance", "segments", "guards", "drivers", "on_deviation",
    "constraints", "change_reason", "level",     "weight"};
const std::vector<std::string> kTypeKeys = {"horizon", "timing", "nature"};
const std::vector<std::string> kTargetKeys = {"value", "range", "plan"};
const std::vector<std::string> kDatedTargetKeys = {"from", "value", "range", "plan"};
const std::vector<std::string> kPlanKeys = {"from", "to"};
const std::vector<std::string> kBaselineKeys = {"periods", "from", "to", "process_changes"};
const std::vector<std::string> kToleranceKeys = {"percent", "absolute"};
const std::vector<std::string> kActionKeys = {"do", "who", "review_after"};
const std::vector<std::string> kObjectiveKeys = {"id",   "statement", "type",       "owner",
                                                 "goal", "deadline",  "key_results"};
const std::vector<std::string> kKeyResultKeys = {"description", "kpi",    "baseline", "start",
                                                 "target",      "weight", "score",    "note"};
const std::vector<std::pair<std::string, ObjectiveKind>> kObjectiveKinds = {
    {"committed", ObjectiveKind::kCommitted}, {"aspirational", ObjectiveKind::kAspirational}};

const std::vector<std::pair<std::string, Level>> kLevels = {{"company", Level::kCompany},
                                                            {"unit", Level::kUnit},
                                                            {"team", Level::kTeam},
                                                            {"individual", Level::kIndividual}};
const std::vector<std::pair<std::string, Grain>> kFrequencies = {{"daily", Grain::kDay},
                                                                 {"weekly", Grain::kWeek},
                                                                 {"monthly", Grain::kMonth},
                                                                 {"quarterly", Grain::kQuarter},
                                                                 {"yearly", Grain::kYear}};
const std::vector<std::pair<std::string, Direction>> kDirections = {
    {"higher_is_better", Direction::kHigherIsBetter}, {"lower_is_better", Direction::kLowerIsBetter}};

// The location of a key's value, or of the key itself when the value is null (a
// null node's mark points at whatever follows it).
SourceLocation ValueWhere(YamlReader& reader, const YAML::Node& key, const YAML::Node& value) {
  return reader.IsNull(value) ? reader.Where(key) : reader.Where(value);
}

// A weight in a score (SPEC §10): a positive number, 1 when not given.
double ReadWeight(YamlReader& reader, const YAML::Node& node) {
  std::optional<double> w = reader.Number(node, "`weight`");
  if (!w) return 1;
  if (!(*w > 0) || !std::isfinite(*w)) {
    reader.Invalid(node, "`weight` must be a positive number, got " + node.Scalar(),
                   "weights say how much each part counts; use e.g. 1, 2 or 0.5");
    return 1;
  }
  return *w;
}

void MissingKey(YamlReader& reader, const SourceLocation& where, const std::string& what,
                const std::string& key, const std::string& example) {
  reader.diags().Error("missing-key", where, what + " has no `" + key + "`",
                       "add `" + key + ": " + example + "`");
}

std::optional<std::string> ReadDate(YamlReader& reader, const YAML::Node& node, std::string_view what) {
  std::optional<std::string> text = reader.String(node, what);
  if (!text) return std::nullopt;
  if (!time::ParseLocalDate(*text).ok()) {
    reader.Invalid(node, std::string(what) + " must be a date YYYY-MM-DD, got '" + *text + "'",
                   "e.g. 2027-03-31");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> ReadPeriod(YamlReader& reader, const YAML::Node& node, std::string_view what) {
  std::optional<std::string> text = reader.String(node, what);
  if (!text) return std::nullopt;
  if (!IsPeriodText(*text)) {
    reader.Invalid(node, std::string(what) + " must be a period, got '" + *text + "'",
                   "write 2026-03-05, 2026-W10, 2026-03, 2026-Q1 or 2026");
    return std::nullopt;
  }
  return text;
}

// "14d", "2w", "14" -> days.
std::optional<int32_t> ReadDays(YamlReader& reader, const YAML::Node& node, std::string_view what) {
  std::optional<std::string> text = reader.String(node, what);
  if (!text) return std::nullopt;
  std::string_view s = *text;
  int32_t per_unit = 1;
  if (!s.empty() && (s.back() == 'd' || s.back() == 'w')) {
    per_unit = s.back() == 'w' ? 7 : 1;
    s.remove_suffix(1);
  }
  int32_t count = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), count);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || count <= 0 || count > 3660) {
    reader.Invalid(node, std::string(what) + " must be a number of days or weeks, got '" + *text + "'",
                   "e.g. 14d or 2w");
    return std::nullopt;
  }
  return count * per_unit;
}

// A [period, value] pair of a plan.
bool ReadPlanPoint(YamlReader& reader, const YAML::Node& node, std::string_view what, std::string* period,
                   double* value) {
  if (!node.IsSequence() || node.size() != 2) {
    reader.Invalid(node, std::string(what) + " must be [PERIOD, VALUE]", "e.g. [2026-W01, 0.62]");
    return false;
  }
  std::optional<std::string> p = ReadPeriod(reader, node[0], "the plan period");
  std::optional<double> v = reader.Number(node[1], "the plan value");
  if (!p || !v) return false;
  *period = *p;
  *value = *v;
  return true;
}

// {value: X} | {range: [a, b]} | {plan: {from: [P, v], to: [P, v]}}. `extra_keys`
// are keys the caller reads itself (`from` of a dated target).
void ParseTargetRule(YamlReader& reader, const YAML::Node& node, std::string_view what,
                     const std::vector<std::string>& allowed, TargetRule& rule) {
  rule.where = reader.Where(node);
  if (node.IsScalar()) {
    // `target: 0.8` is a common shorthand for {value: 0.8}.
    if (auto v = reader.Number(node, what)) {
      rule.kind = TargetRule::Kind::kValue;
      rule.value = *v;
    }
    return;
  }
  if (!reader.ExpectMap(node, what)) return;
  reader.CheckKeys(node, allowed, what);
  int kinds = 0;
  for (const char* k : {"value", "range", "plan"}) kinds += reader.IsNull(node[k]) ? 0 : 1;
  if (kinds != 1) {
    reader.Invalid(
        node, std::string(what) + " needs exactly one of value, range or plan",
        "e.g. {value: 0.8}, {range: [0.7, 0.9]} or {plan: {from: [2026-W01, 0.62], to: [2026-W26, 0.8]}}");
    return;
  }
  if (!reader.IsNull(node["value"])) {
    if (auto v = reader.Number(node["value"], "`value`")) {
      rule.kind = TargetRule::Kind::kValue;
      rule.value = *v;
    }
  } else if (!reader.IsNull(node["range"])) {
    const YAML::Node range = node["range"];
    if (!range.IsSequence() || range.size() != 2) {
      reader.Invalid(range, "`range` must be [LOW, HIGH]", "e.g. [0.7, 0.9]");
      return;
    }
    auto low = reader.Number(range[0], "the low end of `range`");
    auto high = reader.Number(range[1], "the high end of `range`");
    if (!low || !high) return;
    if (*low > *high) {
      reader.Invalid(range, "`range` low end is above its high end", "write [LOW, HIGH]");
      return;
    }
    rule.kind = TargetRule::Kind::kRange;
    rule.low = *low;
    rule.high = *high;
  } else {
    const YAML::Node plan = node["plan"];
    if (!reader.ExpectMap(plan, "`plan`")) return;
    reader.CheckKeys(plan, kPlanKeys, "`plan`");
    if (reader.IsNull(plan["from"]) || reader.IsNull(plan["to"])) {
      reader.Invalid(plan, "`plan` needs both `from` and `to`",
                     "e.g. {from: [2026-W01, 0.62], to: [2026-W26, 0.8]}");
      return;
    }
    bool ok =
        ReadPlanPoint(reader, plan["from"], "`plan.from`", &rule.plan_from_period, &rule.plan_from_value);
    ok = ReadPlanPoint(reader, plan["to"], "`plan.to`", &rule.plan_to_period, &rule.plan_to_value) && ok;
    if (ok) rule.kind = TargetRule::Kind::kPlan;
  }
}

void ParseBaseline(YamlReader& reader, const YAML::Node& node, Baseline& baseline) {
  baseline.where = reader.Where(node);
  if (!reader.ExpectMap(node, "`baseline`")) return;
  reader.CheckKeys(node, kBaselineKeys, "`baseline`");
  const bool rolling = !reader.IsNull(node["periods"]);
  const bool locked = !reader.IsNull(node["from"]) || !reader.IsNull(node["to"]);
  if (rolling && locked) {
    reader.Invalid(node, "`baseline` is either rolling {periods: N} or locked {from: P, to: P}, not both",
                   "remove `periods` or `from`/`to`");
    return;
  }
  if (rolling) {
    if (auto n = reader.Integer(node["periods"], "`periods`")) {
      if (*n < 1 || *n > 10000) {
        reader.Invalid(node["periods"], "`periods` must be between 1 and 10000", "the default is 12");
      } else {
        baseline.periods = static_cast<int32_t>(*n);
      }
    }
  }
  if (locked) {
    auto from = ReadPeriod(reader, node["from"], "`baseline.from`");
    auto to = ReadPeriod(reader, node["to"], "`baseline.to`");
    if (reader.IsNull(node["from"]) || reader.IsNull(node["to"])) {
      reader.Invalid(node, "a locked `baseline` needs both `from` and `to`",
                     "e.g. {from: 2026-W01, to: 2026-W12}");
    } else if (from && to) {
      baseline.locked_from = *from;
      baseline.locked_to = *to;
    }
  }
  for (const std::string& p : reader.StringList(node["process_changes"], "`process_changes`")) {
    if (!IsPeriodText(p)) {
      reader.Invalid(node["process_changes"], "process change '" + p + "' is not a period",
                     "write 2026-03-05, 2026-W10, 2026-03, 2026-Q1 or 2026");
      continue;
    }
    baseline.process_changes.push_back(p);
  }
}

void ParseTolerance(YamlReader& reader, const YAML::Node& node, Tolerance& tolerance) {
  tolerance.where = reader.Where(node);
  if (node.IsScalar()) {
    reader.Enum<Tolerance::Kind>(node, "`tolerance`", {{"xmr", Tolerance::Kind::kXmr}});
    return;
  }
  if (!reader.ExpectMap(node, "`tolerance`")) return;
  reader.CheckKeys(node, kToleranceKeys, "`tolerance`");
  const bool percent = !reader.IsNull(node["percent"]);
  const bool absolute = !reader.IsNull(node["absolute"]);
  if (percent == absolute) {
    reader.Invalid(node, "`tolerance` is xmr, {percent: N} or {absolute: N}", "e.g. tolerance: {percent: 5}");
    return;
  }
  const YAML::Node amount = percent ? node["percent"] : node["absolute"];
  if (auto v = reader.Number(amount, percent ? "`percent`" : "`absolute`")) {
    if (*v < 0) {
      reader.Invalid(amount, "a tolerance cannot be negative");
      return;
    }
    tolerance.kind = percent ? Tolerance::Kind::kPercent : Tolerance::Kind::kAbsolute;
    tolerance.amount = *v;
  }
}

void ParseKpiType(YamlReader& reader, const YAML::Node& node, KpiType& type) {
  if (!reader.ExpectMap(node, "`type`")) return;
  reader.CheckKeys(node, kTypeKeys, "`type`");
  using Choices = std::vector<std::pair<std::string, std::string>>;
  if (auto v = reader.Enum(node["horizon"], "`horizon`",
                           Choices{{"strategic", "strategic"}, {"operational", "operational"}}))
    type.horizon = *v;
  if (auto v =
          reader.Enum(node["timing"], "`timing`", Choices{{"leading", "leading"}, {"lagging", "lagging"}}))
    type.timing = *v;
  if (auto v = reader.Enum(node["nature"], "`nature`",
                           Choices{{"quantitative", "quantitative"}, {"qualitative", "qualitative"}}))
    type.nature = *v;
}

void ParseActions(YamlReader& reader, const YAML::Node& node, std::vector<ActionDef>& actions) {
  if (!reader.ExpectSequence(node, "`on_deviation`")) return;
  for (const YAML::Node& item : node) {
    ActionDef action;
    action.where = reader.Where(item);
    if (!reader.ExpectMap(item, "an `on_deviation` action")) continue;
    reader.CheckKeys(item, kActionKeys, "an `on_deviation` action");
    if (auto what = reader.String(item["do"], "`do`")) action.what = *what;
    if (action.what.empty()) MissingKey(reader, action.where, "this action", "do", "what to do on deviation");
    if (auto who = reader.String(item["who"], "`who`")) action.who = *who;
    if (auto days = ReadDays(reader, item["review_after"], "`review_after`"))
      action.review_after_days = *days;
    actions.push_back(std::move(action));
  }
}

// Formula/filter text with the location of its first character.
void ReadExpressionText(YamlReader& reader, const YAML::Node& node, std::string_view what, std::string* text,
                        SourceLocation* where, bool* single_line) {
  std::optional<std::string> value = reader.String(node, what);
  if (!value) return;
  *text = *value;
  *where = reader.TextStart(node, single_line);
}

void ParseMeasure(YamlReader& reader, const YAML::Node& node, bool is_kpi, MeasureDef& m) {
  m.is_kpi = is_kpi;
  m.where = reader.Where(node);
  const std::string kind = is_kpi ? "KPI" : "metric";
  if (!reader.ExpectMap(node, "a " + kind)) return;
  if (auto id = reader.String(node["id"], "`id`")) m.id = *id;
  const std::string what = m.id.empty() ? "this " + kind : kind + " '" + m.id + "'";
  reader.CheckKeys(node, kMeasureKeys, what);
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it->first.IsScalar()) m.field_where[it->first.Scalar()] = ValueWhere(reader, it->first, it->second);
  }
  if (m.id.empty()) MissingKey(reader, m.where, "this " + kind, "id", "a_short_id");
  if (auto v = reader.String(node["name"], "`name`")) m.name = *v;
  if (m.name.empty()) MissingKey(reader, m.where, what, "name", "a readable name");
  if (auto v = reader.String(node["goal"], "`goal`")) m.goal = *v;
  if (!reader.IsNull(node["type"])) ParseKpiType(reader, node["type"], m.type);
  if (auto v = reader.String(node["source"], "`source`")) m.source = *v;
  if (m.source.empty()) MissingKey(reader, m.where, what, "source", "a source id from northstar.yaml");
  ReadExpressionText(reader, node["filter"], "`filter`", &m.filter, &m.filter_where,
                     &m.filter_is_single_line);
  ReadExpressionText(reader, node["formula"], "`formula`", &m.formula, &m.formula_where,
                     &m.formula_is_single_line);
  if (m.formula.empty()) MissingKey(reader, m.where, what, "formula", "count()");
  if (auto v = reader.String(node["unit"], "`unit`")) m.unit = *v;
  if (auto v = reader.Enum(node["direction"], "`direction`", kDirections)) m.direction = *v;
  if (auto v = reader.Enum(node["frequency"], "`frequency`", kFrequencies)) m.frequency = *v;
  if (auto v = reader.Enum(node["review"], "`review`", kFrequencies)) m.review = *v;
  if (auto v = reader.String(node["owner"], "`owner`")) m.owner = *v;
  if (!reader.IsNull(node["target"]))
    ParseTargetRule(reader, node["target"], "`target`", kTargetKeys, m.target);

  const YAML::Node changes = node["target_changes"];
  if (!reader.IsNull(changes) && reader.ExpectSequence(changes, "`target_changes`")) {
    for (const YAML::Node& item : changes) {
      DatedTarget dated;
      if (!reader.ExpectMap(item, "a target change")) continue;
      if (reader.IsNull(item["from"])) {
        MissingKey(reader, reader.Where(item), "this target change", "from", "2026-07-01");
        continue;
      }
      auto from = ReadDate(reader, item["from"], "`from`");
      ParseTargetRule(reader, item, "a target change", kDatedTargetKeys, dated.rule);
      if (!from || dated.rule.kind == TargetRule::Kind::kNone) continue;
      dated.from = *from;
      m.target_changes.push_back(std::move(dated));
    }
    std::stable_sort(m.target_changes.begin(), m.target_changes.end(),
                     [](const DatedTarget& a, const DatedTarget& b) { return a.from < b.from; });
  }

  const YAML::Node targets = node["targets"];
  if (!reader.IsNull(targets) && reader.ExpectMap(targets, "`targets`")) {
    for (auto it = targets.begin(); it != targets.end(); ++it) {
      std::optional<std::string> segment = reader.String(it->first, "a segment of `targets`");
      if (!segment) continue;
      size_t eq = segment->find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == segment->size()) {
        reader.Invalid(it->first, "segment '" + *segment + "' must be written DIMENSION=VALUE",
                       "e.g. channel=email");
        continue;
      }
      if (m.segment_targets.count(*segment)) {
        reader.diags().Error("duplicate-key", reader.Where(it->first),
                             "segment '" + *segment + "' appears twice", "keep one of them");
        continue;
      }
      TargetRule rule;
      ParseTargetRule(reader, it->second, "the target of '" + *segment + "'", kTargetKeys, rule);
      if (rule.kind != TargetRule::Kind::kNone) m.segment_targets.emplace(*segment, rule);
    }
  }

  if (!reader.IsNull(node["baseline"])) ParseBaseline(reader, node["baseline"], m.baseline);
  if (!reader.IsNull(node["tolerance"])) ParseTolerance(reader, node["tolerance"], m.tolerance);
  m.segments = reader.StringList(node["segments"], "`segments`");
  m.guards = reader.StringList(node["guards"], "`guards`");
  m.drivers = reader.StringList(node["drivers"], "`drivers`");
  if (!reader.IsNull(node["on_deviation"])) ParseActions(reader, node["on_deviation"], m.on_deviation);
  if (auto v = reader.String(node["constraints"], "`constraints`")) m.constraints = *v;
  if (auto v = reader.String(node["change_reason"], "`change_reason`")) m.change_reason = *v;
  if (auto v = reader.Enum(node["level"], "`level`", kLevels)) m.level = LevelName(*v);
  m.weight = ReadWeight(reader, node["weight"]);
}

void ParseGoal(YamlReader& reader, const YAML::Node& node, GoalDef& goal) {
  goal.where = reader.Where(node);
  if (!reader.ExpectMap(node, "a goal")) return;
  if (auto id = reader.String(node["id"], "`id`")) goal.id = *id;
  const std::string what = goal.id.empty() ? "this goal" : "goal '" + goal.id + "'";
  reader.CheckKeys(node, kGoalKeys, what);
  if (goal.id.empty()) MissingKey(reader, goal.where, what, "id", "a-short-id");
  if (auto v = reader.String(node["statement"], "`statement`")) goal.statement = *v;
  if (auto v = reader.Enum(node["level"], "`level`", kLevels)) goal.level = *v;
  if (auto v = reader.String(node["owner"], "`owner`")) goal.owner = *v;
  if (auto v = reader.String(node["parent"], "`parent`")) goal.parent = *v;
  if (auto v = ReadDate(reader, node["deadline"], "`deadline`")) goal.deadline = *v;
  goal.weight = ReadWeight(reader, node["weight"]);
}

void ParseObjective(YamlReader& reader, const YAML::Node& node, ObjectiveDef& objective) {
  objective.where = reader.Where(node);
  if (!reader.ExpectMap(node, "an objective")) return;
  if (auto id = reader.String(node["id"], "`id`")) objective.id = *id;
  const std::string what = objective.id.empty() ? "this objective" : "objective '" + objective.id + "'";
  reader.CheckKeys(node, kObjectiveKeys, what);
  if (objective.id.empty()) MissingKey(reader, objective.where, what, "id", "a-short-id");
  if (auto v = reader.String(node["statement"], "`statement`")) objective.statement = *v;
  if (auto v = reader.Enum(node["type"], "`type`", kObjectiveKinds)) objective.kind = *v;
  if (auto v = reader.String(node["owner"], "`owner`")) objective.owner = *v;
  if (auto v = reader.String(node["goal"], "`goal`")) objective.goal = *v;
  if (auto v = ReadDate(reader, node["deadline"], "`deadline`")) objective.deadline = *v;
  const YAML::Node krs = node["key_results"];
  if (reader.IsNull(krs) || !reader.ExpectSequence(krs, "`key_results`")) return;
  for (const YAML::Node& item : krs) {
    KeyResult kr;
    kr.where = reader.Where(item);
    if (item.IsScalar()) {  // a bare description
      kr.description = item.Scalar();
      objective.key_results.push_back(std::move(kr));
      continue;
    }
    if (!reader.ExpectMap(item, "a key result")) continue;
    reader.CheckKeys(item, kKeyResultKeys, "a key result");
    if (auto v = reader.String(item["description"], "`description`")) kr.description = *v;
    if (auto v = reader.String(item["kpi"], "`kpi`")) kr.kpi = *v;
    kr.baseline = reader.Number(item["baseline"], "`baseline`");
    if (!kr.baseline) kr.baseline = reader.Number(item["start"], "`start`");  // the older name
    kr.target = reader.Number(item["target"], "`target`");
    kr.weight = ReadWeight(reader, item["weight"]);
    kr.score = reader.Number(item["score"], "`score`");
    if (kr.score && !(*kr.score >= 0 && *kr.score <= 1)) {
      reader.Invalid(item["score"],
                     "a key result's `score` must be between 0 and 1, got " + item["score"].Scalar(),
                     "score it by hand from 0 (nothing done) to 1 (fully met)");
      kr.score.reset();
    }
    if (auto v = reader.String(item["note"], "`note`")) kr.note = *v;
    if (kr.description.empty() && kr.kpi.empty()) {
      MissingKey(reader, kr.where, "this key result", "description", "what will be true when it is met");
    }
    objective.key_results.push_back(std::move(kr));
  }
}

template <typename T, typename Parse>
void ParseList(YamlReader& reader, const YAML::Node& node, std::string_view what, std::vector<T>& out,
               Parse parse) {
  if (reader.IsNull(node) || !reader.ExpectSequence(node, what)) return;
  for (const YAML::Node& item : node) {
    T value;
    parse(item, value);
    out.push_back(std::move(value));
  }
}

}  // namespace

void ParseCatalogFile(YamlReader& reader, const YAML::Node& root, Catalog& catalog) {
  if (reader.IsNull(root)) return;
  if (!reader.ExpectMap(root, reader.file())) return;
  reader.CheckKeys(root, kFileKeys, reader.file());
  ParseList(reader, root["goals"], "`goals`", catalog.goals,
            [&](const YAML::Node& n, GoalDef& g) { ParseGoal(reader, n, g); });
  ParseList(reader, root["kpis"], "`kpis`", catalog.measures,
            [&](const YAML::Node& n, MeasureDef& m) { ParseMeasure(reader, n, true, m); });
  ParseList(reader, root["metrics"], "`metrics`", catalog.measures,
            [&](const YAML::Node& n, MeasureDef& m) { ParseMeasure(reader, n, false, m); });
  ParseList(reader, root["objectives"], "`objectives`", catalog.objectives,
            [&](const YAML::Node& n, ObjectiveDef& o) { ParseObjective(reader, n, o); });
}

}  // namespace northstar::catalog

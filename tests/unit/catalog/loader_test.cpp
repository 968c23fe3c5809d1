#include "catalog/loader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "catalog/period_text.h"

namespace northstar::catalog {
namespace {

const char* kWorkspaceYaml = R"yaml(workspace: acme-support
timezone: Europe/Berlin
store: var/store
results: var/results.db
calendars:
  support_hours:
    timezone: Europe/Berlin
    hours: {mon-fri: "08:00-12:00,13:00-18:00", sat: "09:00-13:00"}
    holidays: [2026-12-26, 2026-12-25]
sources:
  tickets:
    from: csv:data/tickets.csv
    key: ticket_id
    time: created_at
    delimiter: ";"
    columns: {ticket_id: int, created_at: timestamp, first_reply_at: timestamp,
              channel: string, region: string, is_spam: bool, csat: float}
  survey:
    from: sqlite:data/survey.db#answers
    key: respondent
    timezone: America/New_York
    columns:
      respondent: string
      answered: {type: timestamp, format: "%m/%d/%Y %H:%M", timezone: America/New_York}
      score: {type: float, from: Customer Satisfaction Rating}
    null_values: ["", "NA", " "]
  deals:
    from: postgres:host=db dbname=crm#select * from deals
    columns: {id: int}
  events:
    from: jsonl:data/events.jsonl
    columns: {id: int}
)yaml";

const char* kKpisYaml = R"yaml(goals:
  - id: faster-support
    statement: Reduce first response time without quality decline
    level: unit
    owner: head-of-support
    parent: customer-retention
    deadline: 2027-03-31

kpis:
  - id: first_response_30m
    name: Share of tickets answered within 30 working minutes
    goal: faster-support
    type: {horizon: operational, timing: leading, nature: quantitative}
    source: tickets
    filter: not is_spam
    formula: share(minutes_between(created_at, first_reply_at, support_hours) <= 30)
    unit: ratio
    direction: higher_is_better
    frequency: daily
    review: weekly
    owner: head-of-support
    target: {value: 0.80}
    target_changes:
      - {from: 2026-07-01, value: 0.85}
      - {from: 2026-04-01, range: [0.7, 0.9]}
    targets: {channel=email: {value: 0.7}}
    baseline: {periods: 10}
    tolerance: {percent: 5}
    segments: [channel, region]
    guards: [reopen_rate]
    drivers: [tickets_per_day]
    on_deviation:
      - do: Add a shift during peak hours
        who: support-lead
        review_after: 2w
    constraints: Spam excluded
    change_reason: null
  - id: csat_plan
    name: CSAT
    goal: faster-support
    source: survey
    formula: |
      avg(score)
        + 0
    filter: >
      score is not null
    target: {plan: {from: [2026-W01, 0.62], to: [2026-W26, 0.80]}}
    baseline: {from: 2026-W01, to: 2026-W12}
    tolerance: {absolute: 0.02}
    level: team

metrics:
  - id: reopen_rate
    name: Reopen rate
    source: tickets
    formula: "share(csat < 3)"
)yaml";

const char* kObjectivesYaml = R"yaml(objectives:
  - id: delight
    statement: Customers love our support
    owner: ceo
    goal: faster-support
    deadline: 2026-12-31
    key_results:
      - {description: Answer fast, kpi: first_response_30m, start: 0.6, target: 0.8}
      - Publish a support handbook
)yaml";

Catalog LoadOk(const std::map<std::string, std::string>& files, Diagnostics& diags) {
  Result<Catalog> catalog = LoadWorkspaceFromMemory(files, diags, "/ws");
  EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
  return catalog.ok() ? std::move(catalog).value() : Catalog{};
}

std::string Dump(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += d.ToString() + "\n";
  return out;
}

const Diagnostic* FindRule(const Diagnostics& diags, const std::string& rule) {
  for (const auto& d : diags.items()) {
    if (d.rule == rule) return &d;
  }
  return nullptr;
}

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = LoadOk({{"northstar.yaml", kWorkspaceYaml},
                       {"catalog/kpis.yaml", kKpisYaml},
                       {"catalog/objectives.yaml", kObjectivesYaml},
                       {"data/ignored.yaml", "not: [valid"}},
                      diags_);
  }
  Diagnostics diags_;
  Catalog catalog_;
};

TEST_F(LoaderTest, ValidWorkspaceLoadsWithoutDiagnostics) {
  EXPECT_TRUE(diags_.items().empty()) << Dump(diags_);
  EXPECT_EQ(catalog_.files, (std::vector<std::string>{"catalog/kpis.yaml", "catalog/objectives.yaml"}));
}

TEST_F(LoaderTest, WorkspaceFields) {
  const Workspace& ws = catalog_.workspace;
  EXPECT_EQ(ws.name, "acme-support");
  EXPECT_EQ(ws.timezone, "Europe/Berlin");
  EXPECT_EQ(ws.store_dir, "var/store");
  EXPECT_EQ(ws.results_db, "var/results.db");
  EXPECT_EQ(ws.root_dir, "/ws");
}

TEST_F(LoaderTest, CalendarHoursAndHolidays) {
  const CalendarDef* cal = catalog_.workspace.FindCalendar("support_hours");
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(cal->timezone, "Europe/Berlin");
  using Intervals = std::vector<std::pair<int32_t, int32_t>>;
  for (int d = 0; d < 5; ++d) EXPECT_EQ(cal->hours[d], (Intervals{{480, 720}, {780, 1080}})) << d;
  EXPECT_EQ(cal->hours[5], (Intervals{{540, 780}}));
  EXPECT_TRUE(cal->hours[6].empty());
  // 2026-12-25 is day 20812; sorted.
  EXPECT_EQ(cal->holidays, (std::vector<int32_t>{20812, 20813}));
  EXPECT_EQ(cal->where.file, "northstar.yaml");
  EXPECT_EQ(cal->where.line, 6);
  EXPECT_EQ(cal->where.column, 3);
}

TEST_F(LoaderTest, SourcesAllKindsAndColumnForms) {
  const Workspace& ws = catalog_.workspace;
  const SourceDef* tickets = ws.FindSource("tickets");
  ASSERT_NE(tickets, nullptr);
  EXPECT_EQ(tickets->kind, SourceKind::kCsv);
  EXPECT_EQ(tickets->path, "data/tickets.csv");
  EXPECT_EQ(tickets->from, "csv:data/tickets.csv");
  EXPECT_EQ(tickets->key, "ticket_id");
  EXPECT_EQ(tickets->time, "created_at");
  EXPECT_EQ(tickets->delimiter, ';');
  ASSERT_EQ(tickets->columns.size(), 7u);
  EXPECT_EQ(tickets->columns[0].name, "ticket_id");
  EXPECT_EQ(tickets->columns[0].type, ColumnType::kInt);
  EXPECT_EQ(tickets->FindColumn("is_spam")->type, ColumnType::kBool);
  EXPECT_EQ(tickets->FindColumn("csat")->type, ColumnType::kFloat);
  EXPECT_EQ(tickets->FindColumn("channel")->from, "channel");
  EXPECT_EQ(tickets->null_values, std::vector<std::string>{""});  // default

  const SourceDef* survey = ws.FindSource("survey");
  ASSERT_NE(survey, nullptr);
  EXPECT_EQ(survey->kind, SourceKind::kSqlite);
  EXPECT_EQ(survey->path, "data/survey.db");
  EXPECT_EQ(survey->table, "answers");
  EXPECT_EQ(survey->time, "");
  EXPECT_EQ(survey->timezone, "America/New_York");
  const ColumnDef* answered = survey->FindColumn("answered");
  ASSERT_NE(answered, nullptr);
  EXPECT_EQ(answered->type, ColumnType::kTimestamp);
  EXPECT_EQ(answered->format, "%m/%d/%Y %H:%M");
  EXPECT_EQ(answered->timezone, "America/New_York");
  EXPECT_EQ(survey->FindColumn("score")->from, "Customer Satisfaction Rating");
  EXPECT_EQ(survey->null_values, (std::vector<std::string>{"", "NA", " "}));
  EXPECT_EQ(answered->where.line, 24);
  EXPECT_EQ(answered->where.column, 7);

  const SourceDef* deals = ws.FindSource("deals");
  ASSERT_NE(deals, nullptr);
  EXPECT_EQ(deals->kind, SourceKind::kPostgres);
  EXPECT_EQ(deals->path, "host=db dbname=crm");
  EXPECT_EQ(deals->table, "select * from deals");
  EXPECT_EQ(ws.FindSource("events")->kind, SourceKind::kJsonl);
  EXPECT_EQ(ws.FindSource("events")->path, "data/events.jsonl");
}

TEST_F(LoaderTest, GoalFields) {
  ASSERT_EQ(catalog_.goals.size(), 1u);
  const GoalDef& g = catalog_.goals[0];
  EXPECT_EQ(g.id, "faster-support");
  EXPECT_EQ(g.level, Level::kUnit);
  EXPECT_EQ(g.owner, "head-of-support");
  EXPECT_EQ(g.parent, "customer-retention");
  EXPECT_EQ(g.deadline, "2027-03-31");
  EXPECT_EQ(g.where.file, "catalog/kpis.yaml");
  EXPECT_EQ(g.where.line, 2);
  EXPECT_EQ(g.where.column, 5);
}

TEST_F(LoaderTest, KpiEveryField) {
  const MeasureDef* k = catalog_.FindMeasure("first_response_30m");
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(k->is_kpi);
  EXPECT_EQ(k->name, "Share of tickets answered within 30 working minutes");
  EXPECT_EQ(k->goal, "faster-support");
  EXPECT_EQ(k->type.horizon, "operational");
  EXPECT_EQ(k->type.timing, "leading");
  EXPECT_EQ(k->type.nature, "quantitative");
  EXPECT_EQ(k->source, "tickets");
  EXPECT_EQ(k->filter, "not is_spam");
  EXPECT_EQ(k->formula, "share(minutes_between(created_at, first_reply_at, support_hours) <= 30)");
  EXPECT_EQ(k->unit, "ratio");
  EXPECT_EQ(k->direction, Direction::kHigherIsBetter);
  EXPECT_EQ(k->frequency, Grain::kDay);
  ASSERT_TRUE(k->review.has_value());
  EXPECT_EQ(*k->review, Grain::kWeek);
  EXPECT_EQ(k->owner, "head-of-support");
  EXPECT_EQ(k->target.kind, TargetRule::Kind::kValue);
  EXPECT_DOUBLE_EQ(k->target.value, 0.80);
  ASSERT_EQ(k->target_changes.size(), 2u);  // sorted by date
  EXPECT_EQ(k->target_changes[0].from, "2026-04-01");
  EXPECT_EQ(k->target_changes[0].rule.kind, TargetRule::Kind::kRange);
  EXPECT_DOUBLE_EQ(k->target_changes[0].rule.low, 0.7);
  EXPECT_DOUBLE_EQ(k->target_changes[0].rule.high, 0.9);
  EXPECT_EQ(k->target_changes[1].from, "2026-07-01");
  EXPECT_DOUBLE_EQ(k->target_changes[1].rule.value, 0.85);
  ASSERT_EQ(k->segment_targets.count("channel=email"), 1u);
  EXPECT_DOUBLE_EQ(k->segment_targets.at("channel=email").value, 0.7);
  EXPECT_EQ(k->baseline.periods, 10);
  EXPECT_FALSE(k->baseline.locked());
  EXPECT_EQ(k->tolerance.kind, Tolerance::Kind::kPercent);
  EXPECT_DOUBLE_EQ(k->tolerance.amount, 5);
  EXPECT_EQ(k->segments, (std::vector<std::string>{"channel", "region"}));
  EXPECT_EQ(k->guards, std::vector<std::string>{"reopen_rate"});
  EXPECT_EQ(k->drivers, std::vector<std::string>{"tickets_per_day"});
  ASSERT_EQ(k->on_deviation.size(), 1u);
  EXPECT_EQ(k->on_deviation[0].what, "Add a shift during peak hours");
  EXPECT_EQ(k->on_deviation[0].who, "support-lead");
  EXPECT_EQ(k->on_deviation[0].review_after_days, 14);
  EXPECT_EQ(k->constraints, "Spam excluded");
  EXPECT_EQ(k->change_reason, "");
  EXPECT_EQ(k->level, "");
}

TEST_F(LoaderTest, KpiLocations) {
  const MeasureDef* k = catalog_.FindMeasure("first_response_30m");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->where.line, 10);
  EXPECT_EQ(k->where.column, 5);
  EXPECT_EQ(k->formula_where.line, 16);
  EXPECT_EQ(k->formula_where.column, 14);
  EXPECT_TRUE(k->formula_is_single_line);
  EXPECT_EQ(k->filter_where.line, 15);
  EXPECT_EQ(k->filter_where.column, 13);
  EXPECT_TRUE(k->filter_is_single_line);
  EXPECT_EQ(k->field_where.at("owner").line, 21);
  EXPECT_EQ(k->field_where.at("owner").column, 12);
  // A null value is located at its key.
  EXPECT_EQ(k->field_where.at("change_reason").line, 37);
  EXPECT_EQ(k->field_where.at("change_reason").column, 5);
}

TEST_F(LoaderTest, BlockScalarFormulaStartsOnNextLine) {
  const MeasureDef* k = catalog_.FindMeasure("csat_plan");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->formula, "avg(score)\n  + 0\n");
  EXPECT_EQ(k->formula_where.line, 43);
  EXPECT_EQ(k->formula_where.column, 7);
  EXPECT_FALSE(k->formula_is_single_line);
  // A folded one-line block maps 1:1 onto its line.
  EXPECT_EQ(k->filter, "score is not null\n");
  EXPECT_EQ(k->filter_where.line, 46);
  EXPECT_EQ(k->filter_where.column, 7);
  EXPECT_TRUE(k->filter_is_single_line);
}

TEST_F(LoaderTest, PlanLockedBaselineAbsoluteToleranceLevel) {
  const MeasureDef* k = catalog_.FindMeasure("csat_plan");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->target.kind, TargetRule::Kind::kPlan);
  EXPECT_EQ(k->target.plan_from_period, "2026-W01");
  EXPECT_DOUBLE_EQ(k->target.plan_from_value, 0.62);
  EXPECT_EQ(k->target.plan_to_period, "2026-W26");
  EXPECT_DOUBLE_EQ(k->target.plan_to_value, 0.80);
  EXPECT_TRUE(k->baseline.locked());
  EXPECT_EQ(k->baseline.locked_from, "2026-W01");
  EXPECT_EQ(k->baseline.locked_to, "2026-W12");
  EXPECT_EQ(k->tolerance.kind, Tolerance::Kind::kAbsolute);
  EXPECT_DOUBLE_EQ(k->tolerance.amount, 0.02);
  EXPECT_EQ(k->level, "team");
  EXPECT_EQ(k->frequency, Grain::kDay);  // default
  EXPECT_FALSE(k->review.has_value());
}

TEST_F(LoaderTest, MetricQuotedFormula) {
  const MeasureDef* m = catalog_.FindMeasure("reopen_rate");
  ASSERT_NE(m, nullptr);
  EXPECT_FALSE(m->is_kpi);
  EXPECT_EQ(m->formula, "share(csat < 3)");
  EXPECT_EQ(m->formula_where.line, 56);
  EXPECT_EQ(m->formula_where.column, 15);  // after the opening quote
  EXPECT_TRUE(m->formula_is_single_line);
  EXPECT_EQ(m->target.kind, TargetRule::Kind::kNone);
  EXPECT_EQ(m->tolerance.kind, Tolerance::Kind::kXmr);
  // Measures are in file order: kpis then metrics.
  ASSERT_EQ(catalog_.measures.size(), 3u);
  EXPECT_EQ(catalog_.measures[2].id, "reopen_rate");
}

TEST_F(LoaderTest, ObjectivesAndKeyResults) {
  ASSERT_EQ(catalog_.objectives.size(), 1u);
  const ObjectiveDef& o = catalog_.objectives[0];
  EXPECT_EQ(o.id, "delight");
  EXPECT_EQ(o.owner, "ceo");
  EXPECT_EQ(o.goal, "faster-support");
  EXPECT_EQ(o.deadline, "2026-12-31");
  ASSERT_EQ(o.key_results.size(), 2u);
  EXPECT_EQ(o.key_results[0].kpi, "first_response_30m");
  EXPECT_EQ(o.key_results[0].baseline, 0.6) << "`start:` is read as the baseline";
  EXPECT_EQ(o.key_results[0].target, 0.8);
  EXPECT_EQ(o.key_results[1].description, "Publish a support handbook");
  EXPECT_FALSE(o.key_results[1].target.has_value());
  EXPECT_EQ(o.where.file, "catalog/objectives.yaml");
  EXPECT_EQ(o.key_results[1].where.line, 9);
}

// ------------------------------------------------------------ diagnostics ----

const char* kMinimalWorkspace =
    "timezone: UTC\nsources:\n  t:\n    from: csv:t.csv\n    columns: {id: int}\n";

Diagnostics LoadCatalogText(const std::string& text) {
  Diagnostics diags;
  Result<Catalog> c =
      LoadWorkspaceFromMemory({{"northstar.yaml", kMinimalWorkspace}, {"catalog/a.yaml", text}}, diags);
  EXPECT_TRUE(c.ok());
  return diags;
}

TEST(LoaderDiagnosticsTest, UnknownKeySuggestsClosest) {
  Diagnostics diags =
      LoadCatalogText("kpis:\n  - id: k\n    name: K\n    source: t\n    formula: count()\n    ownr: me\n");
  const Diagnostic* d = FindRule(diags, "unknown-key");
  ASSERT_NE(d, nullptr) << Dump(diags);
  EXPECT_EQ(d->where.file, "catalog/a.yaml");
  EXPECT_EQ(d->where.line, 6);
  EXPECT_EQ(d->where.column, 5);
  EXPECT_NE(d->message.find("did you mean 'owner'"), std::string::npos) << d->message;
  EXPECT_NE(d->hint.find("formula"), std::string::npos);
}

// SPEC §10: objective types, key result baselines, weights and hand scores; goal and
// KPI weights.
TEST(LoaderDiagnosticsTest, OkrFieldsAndWeights) {
  Diagnostics diags;
  Result<Catalog> c =
      LoadWorkspaceFromMemory({{"northstar.yaml", kMinimalWorkspace},
                               {"catalog/a.yaml",
                                "goals:\n  - {id: g, statement: S, owner: o, weight: 2.5}\n"
                                "kpis:\n  - {id: k, name: K, source: t, formula: count(), weight: 3}\n"
                                "objectives:\n  - id: o\n    type: aspirational\n    key_results:\n"
                                "      - {kpi: k, baseline: 10, target: 20, weight: 2}\n"
                                "      - {description: Handbook, score: 0.4, note: draft}\n"}},
                              diags);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(diags.has_errors()) << Dump(diags);
  EXPECT_EQ(c->goals[0].weight, 2.5);
  EXPECT_EQ(c->measures[0].weight, 3);
  const ObjectiveDef& o = c->objectives[0];
  EXPECT_EQ(o.kind, ObjectiveKind::kAspirational);
  EXPECT_EQ(o.key_results[0].baseline, 10);
  EXPECT_EQ(o.key_results[0].weight, 2);
  EXPECT_EQ(o.key_results[1].score, 0.4);
  EXPECT_EQ(o.key_results[1].note, "draft");
  EXPECT_EQ(o.key_results[1].weight, 1) << "default weight";

  for (const char* bad : {"goals:\n  - {id: g, weight: 0}\n", "goals:\n  - {id: g, weight: -1}\n",
                          "objectives:\n  - {id: o, key_results: [{description: d, score: 1.5}]}\n",
                          "objectives:\n  - {id: o, type: stretch}\n"}) {
    Diagnostics d = LoadCatalogText(bad);
    EXPECT_NE(FindRule(d, "invalid-value"), nullptr) << bad << Dump(d);
  }
}

TEST(LoaderDiagnosticsTest, InvalidEnumNamesAllowedValues) {
  Diagnostics diags = LoadCatalogText(
      "kpis:\n  - id: k\n    name: K\n    source: t\n    formula: count()\n    frequency: hourly\n");
  const Diagnostic* d = FindRule(diags, "invalid-value");
  ASSERT_NE(d, nullptr) << Dump(diags);
  EXPECT_EQ(d->where.line, 6);
  EXPECT_EQ(d->where.column, 16);
  EXPECT_NE(d->message.find("daily, weekly, monthly, quarterly, yearly"), std::string::npos) << d->message;
}

TEST(LoaderDiagnosticsTest, WrongTypesAreReportedAndLoadingContinues) {
  Diagnostics diags = LoadCatalogText(
      "goals:\n  - id: g\n    deadline: next year\n    level: squad\n"
      "kpis:\n  - id: k\n    name: K\n    source: t\n    formula: count()\n    target: {value: high}\n"
      "    baseline: {periods: many}\n    tolerance: {percent: 5, absolute: 1}\n    guards: {a: b}\n"
      "    on_deviation: [{do: x, review_after: soon}]\n    target_changes: [{from: 2026-13-01, value: "
      "1}]\n");
  std::vector<int> lines;
  for (const auto& d : diags.items()) {
    EXPECT_EQ(d.rule, "invalid-value") << d.ToString();
    lines.push_back(d.where.line);
  }
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<int>{3, 4, 10, 11, 12, 13, 14, 15})) << Dump(diags);
}

TEST(LoaderDiagnosticsTest, YamlSyntaxErrorHasFileAndLineAndOtherFilesStillLoad) {
  Diagnostics diags;
  Result<Catalog> c = LoadWorkspaceFromMemory({{"northstar.yaml", kMinimalWorkspace},
                                               {"catalog/a.yaml", "goals:\n  - id: g\n    owner: [x\n"},
                                               {"catalog/b.yaml", "goals:\n  - id: h\n"}},
                                              diags);
  ASSERT_TRUE(c.ok());
  const Diagnostic* d = FindRule(diags, "yaml-syntax");
  ASSERT_NE(d, nullptr) << Dump(diags);
  EXPECT_EQ(d->where.file, "catalog/a.yaml");
  EXPECT_GE(d->where.line, 3);
  ASSERT_EQ(c->goals.size(), 1u);
  EXPECT_EQ(c->goals[0].id, "h");
}

TEST(LoaderDiagnosticsTest, WorkspaceProblems) {
  Diagnostics diags;
  Result<Catalog> c = LoadWorkspaceFromMemory(
      {{"northstar.yaml",
        "timezone: Mars/Olympus\ncalender: {}\ncalendars:\n  c:\n    hours: {mon-fry: \"08:00-18:00\", "
        "tue: \"18:00-08:00\"}\n    holidays: [2026-02-30]\nsources:\n  s:\n    from: xls:foo\n"
        "    columns: {a: integer, b: {type: timestamp, format: \"%Q\"}, c: {fomat: x}}\n  p:\n"
        "    from: sqlite:db.sqlite\n    columns: {a: int}\n"}},
      diags);
  ASSERT_TRUE(c.ok());
  std::vector<std::pair<int, std::string>> got;
  for (const auto& d : diags.items()) got.emplace_back(d.where.line, d.rule);
  std::vector<std::pair<int, std::string>> want = {
      {1, "invalid-value"},   // unknown zone
      {2, "unknown-key"},     // calender
      {5, "invalid-value"},   // mon-fry
      {5, "invalid-value"},   // 18:00-08:00
      {6, "invalid-value"},   // 2026-02-30
      {9, "invalid-value"},   // xls:
      {10, "invalid-value"},  // integer
      {10, "invalid-value"},  // %Q
      {10, "unknown-key"},    // fomat
      {10, "missing-key"},    // c has no type
      {12, "invalid-value"},  // sqlite without #TABLE
  };
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want) << Dump(diags);
  EXPECT_NE(FindRule(diags, "unknown-key")->message.find("did you mean 'calendars'"), std::string::npos);
}

TEST(LoaderDiagnosticsTest, RefreshCadenceIsADurationFromTenSecondsToAWeek) {
  auto load = [](const std::string& refresh, Diagnostics& diags) {
    return LoadWorkspaceFromMemory({{"northstar.yaml", "sources:\n  s:\n    from: csv:s.csv\n    refresh: " +
                                                           refresh + "\n    columns: {a: int}\n"}},
                                   diags);
  };
  for (const auto& [text, seconds] : std::vector<std::pair<std::string, int64_t>>{
           {"10s", 10}, {"90s", 90}, {"15m", 900}, {"2h", 7200}, {"7d", 604800}}) {
    Diagnostics diags;
    Result<Catalog> c = load(text, diags);
    ASSERT_TRUE(c.ok());
    EXPECT_FALSE(diags.has_errors()) << text << ": " << Dump(diags);
    EXPECT_EQ(c->workspace.sources.at(0).refresh_seconds, seconds) << text;
  }
  for (const std::string text : {"9s", "8d", "15", "m", "1.5h", "-1m", "15 m", "1w", "99999999999d"}) {
    Diagnostics diags;
    Result<Catalog> c = load(text, diags);
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(diags.has_errors()) << text;
    const Diagnostic& d = diags.items().at(0);
    EXPECT_EQ(d.rule, "invalid-value") << text;
    EXPECT_EQ(d.where.line, 4) << text;
    EXPECT_NE(d.message.find("`refresh` must be a duration from 10s to 7d"), std::string::npos) << d.message;
    EXPECT_EQ(c->workspace.sources.at(0).refresh_seconds, 0) << text;
  }
}

TEST(LoaderDiagnosticsTest, DuplicatesAndMissingKeys) {
  Diagnostics diags =
      LoadCatalogText("kpis:\n  - id: k\n    id: k2\n    name: K\n    source: t\n  - name: X\n");
  std::vector<std::pair<int, std::string>> got;
  for (const auto& d : diags.items()) got.emplace_back(d.where.line, d.rule);
  std::vector<std::pair<int, std::string>> want = {
      {3, "duplicate-key"}, {2, "missing-key"}, {6, "missing-key"}, {6, "missing-key"}, {6, "missing-key"}};
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want) << Dump(diags);
}

TEST(LoaderDiagnosticsTest, MissingWorkspaceFileIsNotFound) {
  Diagnostics diags;
  Result<Catalog> c = LoadWorkspaceFromMemory({{"catalog/a.yaml", "goals: []\n"}}, diags);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  Result<Catalog> d = LoadWorkspace("/nonexistent/northstar-workspace", diags);
  EXPECT_EQ(d.status().code(), StatusCode::kNotFound);
}

TEST(LoaderDiagnosticsTest, LoadsFromDiskWithRelativeFileNames) {
  Diagnostics diags;
  Result<Catalog> c = LoadWorkspace(std::string(NORTHSTAR_SOURCE_DIR) + "/tests/catalogs/clean", diags);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(diags.items().empty()) << Dump(diags);
  ASSERT_FALSE(c->files.empty());
  EXPECT_EQ(c->files[0].rfind("catalog/", 0), 0u);
  EXPECT_EQ(c->workspace.root_dir.front(), '/');
  ASSERT_FALSE(c->measures.empty());
  EXPECT_EQ(c->measures[0].where.file.rfind("catalog/", 0), 0u);
}

TEST(PeriodTextTest, ParsesEveryGrainAndRejectsNonsense) {
  EXPECT_EQ(ParsePeriodText("2026")->grain, Grain::kYear);
  EXPECT_EQ(ParsePeriodText("2026-Q1")->grain, Grain::kQuarter);
  EXPECT_EQ(ParsePeriodText("2026-03")->grain, Grain::kMonth);
  EXPECT_EQ(ParsePeriodText("2026-W10")->grain, Grain::kWeek);
  EXPECT_EQ(ParsePeriodText("2026-03-05")->grain, Grain::kDay);
  EXPECT_EQ(ParsePeriodText("2026-W12")->index - ParsePeriodText("2026-W01")->index, 11);
  EXPECT_EQ(ParsePeriodText("2021-W01")->index - ParsePeriodText("2020-W53")->index, 1);
  EXPECT_EQ(ParsePeriodText("2027-01")->index - ParsePeriodText("2026-12")->index, 1);
  for (const char* bad :
       {"", "26", "2026-W54", "2021-W53", "2026-Q5", "2026-13", "2026-02-29", "2026-3", "x"}) {
    EXPECT_FALSE(IsPeriodText(bad)) << bad;
  }
  EXPECT_TRUE(IsPeriodText("2020-W53"));
  EXPECT_TRUE(IsPeriodText("2024-02-29"));
}

}  // namespace
}  // namespace northstar::catalog

// The typed model of a workspace: northstar.yaml (workspace, calendars, sources) and
// catalog/*.yaml (goals, KPIs, metrics, objectives). Built by the loader
// (catalog/loader.h); read by the formula compiler, `check`, the store and the engine.
//
// Every node keeps the file and line it came from so later stages can point at it.
// The model is plain data: no behaviour beyond small lookups, no validation (that is
// `check`'s job), and fields hold what the user wrote after type conversion.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/source_location.h"
#include "time/calendar_def.h"
#include "time/grain.h"

namespace northstar::catalog {

// ---------------------------------------------------------------- workspace ----

enum class ColumnType { kInt, kFloat, kBool, kString, kTimestamp };
const char* ColumnTypeName(ColumnType t);  // "int", "float", ...

struct ColumnDef {
  std::string name;  // name inside Northstar (the key under `columns:`)
  ColumnType type = ColumnType::kString;
  std::string from;      // header/field name in the input; equals `name` unless renamed
  std::string format;    // strptime format for timestamps; empty = ISO 8601
  std::string timezone;  // zone for offset-less timestamps; empty = source's, then workspace's
  SourceLocation where;
};

enum class SourceKind { kCsv, kJsonl, kSqlite, kPostgres };

struct SourceDef {
  std::string id;
  std::string from;  // as written: "csv:data/tickets.csv"
  SourceKind kind = SourceKind::kCsv;
  std::string path;      // file path (csv/jsonl/sqlite) or conninfo (postgres)
  std::string table;     // sqlite table or postgres query (after '#'); empty otherwise
  std::string key;       // key column; re-ingesting a key is an edit
  std::string time;      // time column; empty = snapshot table (period `all`)
  std::string timezone;  // default zone for this source's timestamps; empty = workspace's
  char delimiter = ',';  // CSV field separator
  std::vector<ColumnDef> columns;
  std::vector<std::string> null_values{""};  // field texts read as null
  // `refresh: 15m`: how often `northstar serve` ingests it and computes, in seconds;
  // 0 = with the server's --refresh-every (or only when asked).
  int64_t refresh_seconds = 0;
  SourceLocation where;

  const ColumnDef* FindColumn(const std::string& name) const;
};

using time::CalendarDef;  // time/calendar_def.h

// Safety limits on what a source may hold (`limits:` in northstar.yaml). They keep one
// hostile or broken row from costing the whole store memory or compute time: a row
// over a limit is rejected with a reason naming the setting, never stored.
struct Limits {
  static constexpr int64_t kDefaultMaxFieldBytes = int64_t{1} << 20;  // 1 MiB
  static constexpr int32_t kDefaultFirstDay = 0;                      // 1970-01-01
  static constexpr int32_t kDefaultLastDay = 47846;                   // 2100-12-31

  int64_t max_field_bytes = kDefaultMaxFieldBytes;  // longest field text a row may hold
  // Accepted values of a source's `time` column, as UTC days since 1970-01-01, both
  // ends inclusive: every day in between becomes a period, so a stray year 0001 or 9999
  // would make compute run for minutes and its results grow to gigabytes.
  int32_t first_day = kDefaultFirstDay;
  int32_t last_day = kDefaultLastDay;
  SourceLocation where;  // the `limits:` entry; empty when defaults are used
};

// `server:` in northstar.yaml (SPEC §8): what `northstar serve` allows without a token.
struct ServerSettings {
  bool anonymous_read = false;  // reads (never writes) without a token
  bool metrics_token = false;   // /metrics needs a viewer token
  SourceLocation where;
};

// `engines:` in northstar.yaml (SPEC §9): databases `compute --engine NAME` runs the
// compiled SQL on, over the data in place. `tables` maps a source id to the table that
// holds it (default: the source id).
struct EngineSettings {
  std::string postgres_conninfo;  // libpq connection string; empty = not configured
  std::map<std::string, std::string> postgres_tables;
  std::string clickhouse_url, clickhouse_database;
  std::map<std::string, std::string> clickhouse_tables;
  SourceLocation where;
};

// A theme of free text (`themes:`): a text is about it when one of its keywords or
// phrases occurs among the text's words (text/theme_matcher.h).
struct ThemeDef {
  std::string id;
  std::vector<std::string> keywords;  // as written; a trailing `*` matches a prefix
  std::string language = "en";        // "en" (folding and stemming) or "none" (folding only)
  SourceLocation where;
};

struct Workspace {
  std::string name;
  std::string timezone = "UTC";
  std::string store_dir = ".northstar/store";        // relative to root_dir
  std::string results_db = ".northstar/results.db";  // relative to root_dir
  std::vector<CalendarDef> calendars;
  std::vector<ThemeDef> themes;
  std::vector<SourceDef> sources;
  Limits limits;
  ServerSettings server;
  EngineSettings engines;
  // Folders outside the workspace a source may read (`allowed_paths:`), as written:
  // relative ones are relative to root_dir. A source reads nothing else outside it.
  std::vector<std::string> allowed_paths;
  SourceLocation allowed_paths_where;
  std::string root_dir;  // absolute directory holding northstar.yaml
  SourceLocation where;

  const SourceDef* FindSource(const std::string& id) const;
  const CalendarDef* FindCalendar(const std::string& id) const;
  const ThemeDef* FindTheme(const std::string& id) const;
};

// ------------------------------------------------------------------ catalog ----

enum class Level { kCompany, kUnit, kTeam, kIndividual };
const char* LevelName(Level l);

enum class Direction { kUnspecified, kHigherIsBetter, kLowerIsBetter };
// Grains live in time/grain.h (one table of names); the catalog uses them as its own.
using time::Grain;
using time::GrainName;
using time::kGrainChoices;
using time::ParseGrain;

struct GoalDef {
  std::string id;
  std::string statement;
  Level level = Level::kTeam;
  std::string owner;
  std::string parent;    // empty = top of its tree
  std::string deadline;  // YYYY-MM-DD as written; empty = none (a lint warning)
  double weight = 1;     // its share in its parent goal's score (SPEC §10), > 0
  SourceLocation where;
};

// One target rule. Boundaries: `value` holds when value >= target for
// higher_is_better and value <= target for lower_is_better; `range` holds when
// low <= value <= high (both ends inclusive).
struct TargetRule {
  enum class Kind { kNone, kValue, kRange, kPlan } kind = Kind::kNone;
  double value = 0;                              // kValue
  double low = 0, high = 0;                      // kRange
  std::string plan_from_period, plan_to_period;  // kPlan: "2026-W01" etc.
  double plan_from_value = 0, plan_to_value = 0;
  SourceLocation where;
};

struct DatedTarget {  // a target that applies from a date on
  std::string from;   // YYYY-MM-DD
  TargetRule rule;
};

struct Baseline {
  int32_t periods = 12;     // rolling window length
  std::string locked_from;  // set both for a locked window (period texts)
  std::string locked_to;
  std::vector<std::string> process_changes;  // periods from which limits are recomputed
  SourceLocation where;
  bool locked() const { return !locked_from.empty(); }
};

struct Tolerance {
  enum class Kind { kXmr, kPercent, kAbsolute } kind = Kind::kXmr;
  double amount = 0;  // percent or absolute amount
  SourceLocation where;
};

struct ActionDef {
  std::string what;  // `do:`
  std::string who;
  int32_t review_after_days = 14;
  SourceLocation where;
};

struct KpiType {
  std::string horizon;  // strategic | operational
  std::string timing;   // leading | lagging
  std::string nature;   // quantitative | qualitative
};

// A KPI or a metric. Metrics use the same fields; only id, name, source and formula
// are required for them.
struct MeasureDef {
  bool is_kpi = true;
  std::string id;
  std::string name;
  std::string goal;
  KpiType type;
  std::string source;
  std::string filter;  // row condition over `source`; empty = none
  std::string formula;
  std::string unit;
  Direction direction = Direction::kUnspecified;
  Grain frequency = Grain::kDay;
  std::optional<Grain> review;
  std::string owner;
  TargetRule target;
  std::vector<DatedTarget> target_changes;            // `target_changes:`
  std::map<std::string, TargetRule> segment_targets;  // `targets: {channel=email: {...}}`
  Baseline baseline;
  Tolerance tolerance;
  std::vector<std::string> segments;  // dimension columns
  std::vector<std::string> guards;
  std::vector<std::string> drivers;
  std::vector<ActionDef> on_deviation;
  std::string constraints;
  std::string change_reason;
  std::string level;  // explicit level; empty = the goal's
  double weight = 1;  // its share in its goal's score (SPEC §10), > 0

  SourceLocation where;                // the `- id:` entry
  SourceLocation formula_where;        // first character of the formula text
  SourceLocation filter_where;         // first character of the filter text
  bool formula_is_single_line = true;  // caret columns map 1:1 onto the file
  bool filter_is_single_line = true;
  std::map<std::string, SourceLocation> field_where;  // key -> location of its value
};

// A key result (SPEC §10) either reads a KPI, scored
// clamp((actual - baseline) / (target - baseline), 0, 1), or is scored by hand (`score`,
// 0..1, with a `note` saying why).
struct KeyResult {
  std::string description;
  std::string kpi;                         // the KPI it reads; empty = scored by hand
  std::optional<double> baseline, target;  // `baseline:` (or `start:`) and `target:`
  double weight = 1;                       // its share in the objective's score, > 0
  std::optional<double> score;             // a hand score, 0..1
  std::string note;
  SourceLocation where;
};

// Committed objectives are expected to be met in full; aspirational ones are stretch
// goals where about 0.7 counts as success (the OKR practice the seeds follow).
enum class ObjectiveKind { kCommitted, kAspirational };

struct ObjectiveDef {
  std::string id;
  std::string statement;
  ObjectiveKind kind = ObjectiveKind::kCommitted;  // `type:`
  std::string owner;
  std::string goal;  // optional goal it serves
  std::string deadline;
  std::vector<KeyResult> key_results;
  SourceLocation where;
};

struct Catalog {
  Workspace workspace;
  std::vector<GoalDef> goals;
  std::vector<MeasureDef> measures;  // KPIs and metrics, in file order
  std::vector<ObjectiveDef> objectives;
  std::vector<std::string> files;  // catalog files read, relative to the workspace

  const GoalDef* FindGoal(const std::string& id) const;
  const MeasureDef* FindMeasure(const std::string& id) const;  // KPI or metric
};

}  // namespace northstar::catalog

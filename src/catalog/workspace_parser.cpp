// northstar.yaml -> Workspace.
#include <algorithm>
#include <optional>
#include <string_view>

#include "catalog/file_parsers.h"
#include "common/text.h"
#include "text/words.h"
#include "time/timestamp.h"

namespace northstar::catalog {

namespace {

// `alerts:` (sinks and webhooks) is read and validated by the actions module.
const std::vector<std::string> kWorkspaceKeys = {"workspace", "timezone", "calendars",     "themes",
                                                 "sources",   "store",    "results",       "alerts",
                                                 "limits",    "server",   "allowed_paths", "engines"};
const std::vector<std::string> kThemeKeys = {"keywords", "language"};
const std::vector<std::string> kEngineKeys = {"postgres", "clickhouse"};
const std::vector<std::string> kPostgresKeys = {"conninfo", "tables"};
const std::vector<std::string> kClickhouseKeys = {"url", "database", "tables"};
const std::vector<std::string> kLimitKeys = {"max_field_bytes", "time_range"};
const std::vector<std::string> kServerKeys = {"anonymous_read", "metrics_token"};
const std::vector<std::string> kCalendarKeys = {"timezone", "hours", "holidays"};
const std::vector<std::string> kSourceKeys = {"from",    "key",         "time",      "timezone",
                                              "columns", "null_values", "delimiter", "refresh"};

// Shortest and longest `refresh:` cadence: more often than every 10 s re-reads faster
// than a compute can finish; less often than weekly is what `ingest` by hand is for.
constexpr int64_t kMinRefreshSeconds = 10;
constexpr int64_t kMaxRefreshSeconds = 7 * 86400;

// "30s", "15m", "2h", "1d" in seconds; nullopt for anything else.
std::optional<int64_t> DurationSeconds(const std::string& text) {
  if (text.size() < 2 || text.size() > 8) return std::nullopt;
  int64_t n = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    n = n * 10 + (text[i] - '0');
  }
  switch (text.back()) {
    case 's': return n;
    case 'm': return n * 60;
    case 'h': return n * 3600;
    case 'd': return n * 86400;
    default: return std::nullopt;
  }
}
const std::vector<std::string> kColumnKeys = {"type", "from", "format", "timezone"};
const std::vector<std::string> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    parts.push_back(
        TrimSpaces(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start)));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

// Reports invalid-value unless `zone` names a zone in the system tz database.
void CheckZone(YamlReader& reader, const YAML::Node& node, const std::string& zone) {
  if (zone.empty() || zone == "UTC") return;
  Result<time::ZoneConverter> converter = time::ZoneConverter::Create(zone);
  if (!converter.ok()) {
    reader.Invalid(node, "unknown time zone '" + zone + "'",
                   "use an IANA zone name such as Europe/Berlin, America/New_York or UTC");
  }
}

std::optional<std::string> ReadZone(YamlReader& reader, const YAML::Node& node, std::string_view what) {
  std::optional<std::string> zone = reader.String(node, what);
  if (zone) CheckZone(reader, node, *zone);
  return zone;
}

// "08:00" -> 480; "24:00" allowed as an end. -1 when malformed.
int32_t ParseClock(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (size_t i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  int32_t hours = (s[0] - '0') * 10 + (s[1] - '0');
  int32_t minutes = (s[3] - '0') * 10 + (s[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return -1;
  return hours * 60 + minutes;
}

// "mon-fri", "sat", "mon,wed,fri", "mon-wed,sat" -> weekday indexes (0 = Monday).
bool ParseDays(std::string_view spec, std::vector<int>* days) {
  for (std::string_view part : SplitOn(spec, ',')) {
    std::vector<std::string_view> ends = SplitOn(part, '-');
    if (ends.empty() || ends.size() > 2) return false;
    auto index = [](std::string_view name) {
      auto it = std::find(kDayNames.begin(), kDayNames.end(), name);
      return it == kDayNames.end() ? -1 : static_cast<int>(it - kDayNames.begin());
    };
    int first = index(ends[0]);
    int last = ends.size() == 2 ? index(ends[1]) : first;
    if (first < 0 || last < 0 || last < first) return false;
    for (int d = first; d <= last; ++d) days->push_back(d);
  }
  return true;
}

// "08:00-12:00,13:00-18:00" -> minute intervals. False when malformed.
bool ParseIntervals(std::string_view spec, std::vector<std::pair<int32_t, int32_t>>* intervals) {
  for (std::string_view part : SplitOn(spec, ',')) {
    std::vector<std::string_view> ends = SplitOn(part, '-');
    if (ends.size() != 2) return false;
    int32_t start = ParseClock(ends[0]);
    int32_t end = ParseClock(ends[1]);
    if (start < 0 || end < 0 || end <= start) return false;
    intervals->emplace_back(start, end);
  }
  return true;
}

void ParseHours(YamlReader& reader, const YAML::Node& node, CalendarDef& calendar) {
  if (!reader.ExpectMap(node, "`hours`")) return;
  std::array<bool, 7> assigned{};
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::optional<std::string> day_spec = reader.String(it->first, "a weekday key of `hours`");
    if (!day_spec) continue;
    std::vector<int> days;
    if (!ParseDays(*day_spec, &days)) {
      std::string closest = DidYouMean(*day_spec, kDayNames);
      reader.Invalid(it->first, "'" + *day_spec + "' is not a weekday or weekday range" + closest,
                     "use mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, or a list such as "
                     "mon,wed");
      continue;
    }
    std::vector<std::pair<int32_t, int32_t>> intervals;
    std::vector<std::string> specs = reader.StringList(it->second, "working hours");
    bool ok = true;
    for (const std::string& spec : specs) ok = ok && ParseIntervals(spec, &intervals);
    if (!ok) {
      reader.Invalid(it->second,
                     "working hours must be HH:MM-HH:MM intervals, got '" + Join(specs, ",") + "'",
                     "e.g. \"08:00-18:00\" or \"08:00-12:00,13:00-18:00\"; 24:00 may end a day");
      continue;
    }
    std::sort(intervals.begin(), intervals.end());
    for (size_t i = 1; i < intervals.size(); ++i) {
      if (intervals[i].first < intervals[i - 1].second) {
        reader.Invalid(it->second, "working-hour intervals overlap",
                       "list each span of working time once, e.g. \"08:00-12:00,13:00-18:00\"");
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    for (int d : days) {
      if (assigned[d]) {
        reader.Invalid(it->first, std::string("hours for '") + kDayNames[d] + "' are given twice",
                       "give each weekday's hours in one entry");
        continue;
      }
      assigned[d] = true;
      calendar.hours[d] = intervals;
    }
  }
}

void ParseTheme(YamlReader& reader, const std::string& id, const YAML::Node& node, ThemeDef& theme) {
  theme.id = id;
  const std::string what = "theme '" + id + "'";
  if (!reader.ExpectMap(node, what)) return;
  reader.CheckKeys(node, kThemeKeys, what);
  if (!reader.IsNull(node["language"])) {
    std::optional<std::string> language = reader.String(node["language"], "`language`");
    text::Language parsed = text::Language::kNone;
    if (language && !text::ParseLanguage(*language, &parsed)) {
      reader.Invalid(node["language"], "unknown language '" + *language + "' of " + what,
                     "use en (English: folding and stemming) or none (folding only, any language)");
    } else if (language) {
      theme.language = *language;
    }
  }
  const YAML::Node keywords = node["keywords"];
  if (reader.IsNull(keywords)) {
    reader.Invalid(
        node, what + " has no `keywords`",
        "list the words and phrases that mark a text as about it, e.g. keywords: [invoice, refund*]");
    return;
  }
  if (!reader.ExpectSequence(keywords, "`keywords`")) return;
  for (const YAML::Node& item : keywords) {
    std::optional<std::string> keyword = reader.String(item, "a keyword");
    if (!keyword) continue;
    std::string_view body = TrimSpaces(*keyword);
    if (!body.empty() && body.back() == '*') body.remove_suffix(1);
    if (text::Words(body).empty()) {
      reader.Invalid(item, "keyword '" + *keyword + "' of " + what + " has no word in it",
                     "a keyword is a word or phrase of letters or digits; `*` at its end matches a prefix");
      continue;
    }
    theme.keywords.push_back(*keyword);
  }
  if (keywords.size() == 0)
    reader.Invalid(keywords, what + " has no keywords", "list at least one word or phrase");
}

void ParseCalendar(YamlReader& reader, const std::string& id, const YAML::Node& node, CalendarDef& calendar) {
  calendar.id = id;
  calendar.where = reader.Where(node);
  if (!reader.ExpectMap(node, "calendar '" + id + "'")) return;
  reader.CheckKeys(node, kCalendarKeys, "calendar '" + id + "'");
  if (auto zone = ReadZone(reader, node["timezone"], "`timezone`")) calendar.timezone = *zone;
  if (!reader.IsNull(node["hours"])) ParseHours(reader, node["hours"], calendar);
  const YAML::Node holidays = node["holidays"];
  if (!reader.IsNull(holidays) && reader.ExpectSequence(holidays, "`holidays`")) {
    for (const YAML::Node& item : holidays) {
      std::optional<std::string> text = reader.String(item, "a holiday");
      if (!text) continue;
      Result<int32_t> day = time::ParseLocalDate(*text);
      if (!day.ok()) {
        reader.Invalid(item, "holiday '" + *text + "' is not a date", "write dates as YYYY-MM-DD");
        continue;
      }
      calendar.holidays.push_back(*day);
    }
    std::sort(calendar.holidays.begin(), calendar.holidays.end());
    calendar.holidays.erase(std::unique(calendar.holidays.begin(), calendar.holidays.end()),
                            calendar.holidays.end());
  }
}

void ParseFrom(YamlReader& reader, const YAML::Node& node, SourceDef& source) {
  std::optional<std::string> from = reader.String(node, "`from`");
  if (!from) return;
  source.from = *from;
  const std::string hint = "write csv:PATH, jsonl:PATH, sqlite:PATH#TABLE or postgres:CONNINFO#QUERY";
  size_t colon = from->find(':');
  std::string scheme = colon == std::string::npos ? "" : from->substr(0, colon);
  std::string rest = colon == std::string::npos ? "" : from->substr(colon + 1);
  const std::vector<std::string> schemes = {"csv", "jsonl", "sqlite", "postgres"};
  if (colon == std::string::npos || std::find(schemes.begin(), schemes.end(), scheme) == schemes.end()) {
    reader.Invalid(node,
                   "`from` must start with csv:, jsonl:, sqlite: or postgres:, got '" + *from + "'" +
                       DidYouMean(scheme, schemes),
                   hint);
    return;
  }
  if (scheme == "csv" || scheme == "jsonl") {
    source.kind = scheme == "csv" ? SourceKind::kCsv : SourceKind::kJsonl;
    source.path = rest;
  } else {
    source.kind = scheme == "sqlite" ? SourceKind::kSqlite : SourceKind::kPostgres;
    // A table name never holds '#', a conninfo rarely does; a query may.
    size_t hash = scheme == "sqlite" ? rest.rfind('#') : rest.find('#');
    if (hash == std::string::npos || hash + 1 >= rest.size()) {
      reader.Invalid(node,
                     "`from: " + *from + "` needs '#" + (scheme == "sqlite" ? "TABLE" : "QUERY") +
                         "' after the " + (scheme == "sqlite" ? "path" : "connection string"),
                     hint);
      return;
    }
    source.path = rest.substr(0, hash);
    source.table = rest.substr(hash + 1);
  }
  if (source.path.empty()) reader.Invalid(node, "`from: " + *from + "` names no path", hint);
}

const std::vector<std::pair<std::string, ColumnType>> kColumnTypes = {{"int", ColumnType::kInt},
                                                                      {"float", ColumnType::kFloat},
                                                                      {"bool", ColumnType::kBool},
                                                                      {"string", ColumnType::kString},
                                                                      {"timestamp", ColumnType::kTimestamp}};

void ParseColumn(YamlReader& reader, const std::string& name, const YAML::Node& node, ColumnDef& column) {
  column.name = name;
  column.from = name;
  column.where = reader.Where(node);
  if (node.IsMap()) {
    const std::string what = "column '" + name + "'";
    reader.CheckKeys(node, kColumnKeys, what);
    if (reader.IsNull(node["type"])) {
      reader.diags().Error("missing-key", column.where, what + " has no `type`",
                           "add `type:` (int, float, bool, string or timestamp)");
    } else if (auto type = reader.Enum(node["type"], "`type`", kColumnTypes)) {
      column.type = *type;
    }
    if (auto from = reader.String(node["from"], "`from`")) column.from = *from;
    if (auto format = reader.String(node["format"], "`format`")) {
      column.format = *format;
      Status valid = time::ValidateTimestampFormat(*format);
      if (!valid.ok()) {
        reader.Invalid(node["format"], "bad timestamp format '" + *format + "': " + valid.message(),
                       "use strptime directives such as %Y-%m-%d %H:%M:%S or %m/%d/%Y %H:%M");
      } else if (column.type != ColumnType::kTimestamp) {
        reader.Invalid(node["format"], "`format` only applies to timestamp columns",
                       "set `type: timestamp` or remove `format`");
      }
    }
    if (auto zone = ReadZone(reader, node["timezone"], "`timezone`")) column.timezone = *zone;
    return;
  }
  if (reader.IsNull(node)) {
    reader.diags().Error("missing-key", column.where, "column '" + name + "' has no type",
                         "write `" + name + ": int` (or float, bool, string, timestamp)");
    return;
  }
  if (auto type = reader.Enum(node, "the type of column '" + name + "'", kColumnTypes)) column.type = *type;
}

void ParseSource(YamlReader& reader, const std::string& id, const YAML::Node& node, SourceDef& source) {
  source.id = id;
  source.where = reader.Where(node);
  const std::string what = "source '" + id + "'";
  if (!reader.ExpectMap(node, what)) return;
  reader.CheckKeys(node, kSourceKeys, what);
  if (reader.IsNull(node["from"])) {
    reader.diags().Error("missing-key", source.where, what + " has no `from`",
                         "add e.g. `from: csv:data/" + id + ".csv`");
  } else {
    ParseFrom(reader, node["from"], source);
  }
  if (auto key = reader.String(node["key"], "`key`")) source.key = *key;
  if (auto time = reader.String(node["time"], "`time`")) source.time = *time;
  if (auto zone = ReadZone(reader, node["timezone"], "`timezone`")) source.timezone = *zone;
  if (auto delimiter = reader.String(node["delimiter"], "`delimiter`")) {
    if (*delimiter == "\\t" || *delimiter == "tab") {
      source.delimiter = '\t';
    } else if (delimiter->size() == 1 && (*delimiter)[0] != '"' && (*delimiter)[0] != '\n' &&
               (*delimiter)[0] != '\r') {
      source.delimiter = (*delimiter)[0];
    } else {
      reader.Invalid(node["delimiter"], "`delimiter` must be one character, got '" + *delimiter + "'",
                     "e.g. \";\", \"|\" or tab");
    }
  }
  if (!reader.IsNull(node["null_values"])) {
    source.null_values = reader.StringList(node["null_values"], "`null_values`");
  }
  if (auto refresh = reader.String(node["refresh"], "`refresh`")) {
    const std::optional<int64_t> seconds = DurationSeconds(*refresh);
    if (seconds && *seconds >= kMinRefreshSeconds && *seconds <= kMaxRefreshSeconds) {
      source.refresh_seconds = *seconds;
    } else {
      reader.Invalid(node["refresh"], "`refresh` must be a duration from 10s to 7d, got '" + *refresh + "'",
                     "write how often `northstar serve` re-reads the source, e.g. 30s, 15m, 1h or 1d");
    }
  }
  const YAML::Node columns = node["columns"];
  if (reader.IsNull(columns)) {
    reader.diags().Error("missing-key", source.where, what + " has no `columns`",
                         "list the columns to read, e.g. `columns: {id: int, created_at: timestamp}`");
    return;
  }
  if (!reader.ExpectMap(columns, "`columns`")) return;
  for (auto it = columns.begin(); it != columns.end(); ++it) {
    std::optional<std::string> name = reader.String(it->first, "a column name");
    if (!name) continue;
    if (source.FindColumn(*name)) {
      reader.diags().Error("duplicate-key", reader.Where(it->first),
                           "column '" + *name + "' appears twice in " + what, "keep one of them");
      continue;
    }
    ColumnDef column;
    ParseColumn(reader, *name, it->second, column);
    column.where = reader.Where(it->first);
    source.columns.push_back(std::move(column));
  }
}

// A source id names a folder of the store and of reject files, so it must be a plain
// file name: never "..", a path, or anything a shell or file system treats specially.
bool IsSafeSourceId(std::string_view id) {
  if (id.empty() || id.size() > 100 || id.front() == '.' || id.front() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

// The entries of the mapping `node` (`calendars:`, `themes:`, `sources:`): per entry an
// id (`safe_id`, when given, must accept it: it names a folder), then `parse` into a new
// definition unless one of that id exists already.
template <typename Def, typename Parse>
void ParseEntries(YamlReader& reader, const YAML::Node& node, const std::string& kind,
                  bool (*safe_id)(std::string_view), std::vector<Def>& out, Parse parse) {
  if (reader.IsNull(node) || !reader.ExpectMap(node, "`" + kind + "s`")) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::optional<std::string> id = reader.String(it->first, "a " + kind + " id");
    if (!id) continue;
    if (safe_id != nullptr && !safe_id(*id)) {
      reader.Invalid(it->first, kind + " id '" + *id + "' is not a safe name",
                     "use letters, digits, '_', '-' and '.', not starting with '.' or '-' "
                     "(it names a folder of the store)");
      continue;
    }
    if (std::any_of(out.begin(), out.end(), [&](const Def& d) { return d.id == *id; })) {
      reader.diags().Error("duplicate-id", reader.Where(it->first), kind + " '" + *id + "' is defined twice",
                           "rename or remove one of them");
      continue;
    }
    Def def;
    parse(reader, *id, it->second, def);
    def.where = reader.Where(it->first);
    out.push_back(std::move(def));
  }
}

// `limits:` — see catalog::Limits. Every value must be sane: a limit that accepts
// everything would defeat its purpose silently.
void ParseLimits(YamlReader& reader, const YAML::Node& node, Limits& limits) {
  limits.where = reader.Where(node);
  if (!reader.ExpectMap(node, "`limits`")) return;
  reader.CheckKeys(node, kLimitKeys, "`limits`");
  if (auto bytes = reader.Integer(node["max_field_bytes"], "`max_field_bytes`")) {
    if (*bytes < 1 || *bytes > (int64_t{1} << 30)) {
      reader.Invalid(node["max_field_bytes"], "`max_field_bytes` must be between 1 and 1073741824",
                     "the default is 1048576 (1 MiB); raise it only as far as your longest real field");
    } else {
      limits.max_field_bytes = *bytes;
    }
  }
  const YAML::Node range = node["time_range"];
  if (reader.IsNull(range)) return;
  const std::string hint = "write `time_range: [1970-01-01, 2100-12-31]` (first and last accepted day)";
  std::vector<std::string> ends = reader.StringList(range, "`time_range`");
  if (ends.size() != 2) {
    reader.Invalid(range, "`time_range` needs two dates, the first and the last accepted day", hint);
    return;
  }
  Result<int32_t> first = time::ParseLocalDate(ends[0]);
  Result<int32_t> last = time::ParseLocalDate(ends[1]);
  if (!first.ok() || !last.ok() || *last < *first) {
    reader.Invalid(range, "`time_range` must be two dates YYYY-MM-DD, the first not after the last", hint);
    return;
  }
  limits.first_day = *first;
  limits.last_day = *last;
}

// `server:` — what `northstar serve` allows without a token.
void ParseServer(YamlReader& reader, const YAML::Node& node, ServerSettings& server) {
  server.where = reader.Where(node);
  if (!reader.ExpectMap(node, "`server`")) return;
  reader.CheckKeys(node, kServerKeys, "`server`");
  if (auto v = reader.Bool(node["anonymous_read"], "`anonymous_read`")) server.anonymous_read = *v;
  if (auto v = reader.Bool(node["metrics_token"], "`metrics_token`")) server.metrics_token = *v;
}

// `tables: {source: table}`: where an engine keeps each source (default: the source id).
void ParseEngineTables(YamlReader& reader, const YAML::Node& tables, const char* what,
                       std::map<std::string, std::string>& out) {
  if (reader.IsNull(tables) || !reader.ExpectMap(tables, what)) return;
  for (auto it = tables.begin(); it != tables.end(); ++it) {
    auto source = reader.String(it->first, "a source id");
    auto table = reader.String(it->second, "a table name");
    if (source && table) out[*source] = *table;
  }
}

// `engines:` — where `compute --engine NAME` runs (SPEC §9).
void ParseEngines(YamlReader& reader, const YAML::Node& node, EngineSettings& engines) {
  engines.where = reader.Where(node);
  if (!reader.ExpectMap(node, "`engines`")) return;
  reader.CheckKeys(node, kEngineKeys, "`engines`");
  const YAML::Node pg = node["postgres"];
  if (!reader.IsNull(pg) && reader.ExpectMap(pg, "`engines.postgres`")) {
    reader.CheckKeys(pg, kPostgresKeys, "`engines.postgres`");
    if (auto v = reader.String(pg["conninfo"], "`conninfo`")) engines.postgres_conninfo = *v;
    ParseEngineTables(reader, pg["tables"], "`engines.postgres.tables`", engines.postgres_tables);
  }
  const YAML::Node ch = node["clickhouse"];
  if (!reader.IsNull(ch) && reader.ExpectMap(ch, "`engines.clickhouse`")) {
    reader.CheckKeys(ch, kClickhouseKeys, "`engines.clickhouse`");
    if (auto v = reader.String(ch["url"], "`url`")) engines.clickhouse_url = *v;
    if (auto v = reader.String(ch["database"], "`database`")) engines.clickhouse_database = *v;
    ParseEngineTables(reader, ch["tables"], "`engines.clickhouse.tables`", engines.clickhouse_tables);
  }
}

}  // namespace

void ParseWorkspaceFile(YamlReader& reader, const YAML::Node& root, Workspace& workspace) {
  workspace.where = SourceLocation{reader.file(), 1, 1};
  if (reader.IsNull(root)) return;
  if (!reader.ExpectMap(root, "northstar.yaml")) return;
  reader.CheckKeys(root, kWorkspaceKeys, "northstar.yaml");
  if (auto name = reader.String(root["workspace"], "`workspace`")) workspace.name = *name;
  if (auto zone = ReadZone(reader, root["timezone"], "`timezone`")) workspace.timezone = *zone;
  if (auto store = reader.String(root["store"], "`store`")) workspace.store_dir = *store;
  if (auto results = reader.String(root["results"], "`results`")) workspace.results_db = *results;
  if (!reader.IsNull(root["limits"])) ParseLimits(reader, root["limits"], workspace.limits);
  if (!reader.IsNull(root["server"])) ParseServer(reader, root["server"], workspace.server);
  if (!reader.IsNull(root["engines"])) ParseEngines(reader, root["engines"], workspace.engines);
  if (!reader.IsNull(root["allowed_paths"])) {
    workspace.allowed_paths_where = reader.Where(root["allowed_paths"]);
    workspace.allowed_paths = reader.StringList(root["allowed_paths"], "`allowed_paths`");
  }

  ParseEntries(reader, root["calendars"], "calendar", nullptr, workspace.calendars, ParseCalendar);
  ParseEntries(reader, root["themes"], "theme", nullptr, workspace.themes, ParseTheme);
  ParseEntries(reader, root["sources"], "source", IsSafeSourceId, workspace.sources, ParseSource);
}

}  // namespace northstar::catalog

#include "differential_harness.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <unordered_map>

#include <gtest/gtest.h>

#include "catalog/loader.h"
#include "time/civil.h"
#include "time/period.h"

namespace northstar::engine::testing {
namespace {

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    item = Trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string FrequencyOf(const std::string& f) {
  return f.empty() ? "daily" : f;
}

catalog::Grain GrainOf(const std::string& frequency) {
  if (frequency == "weekly") return catalog::Grain::kWeek;
  if (frequency == "monthly") return catalog::Grain::kMonth;
  if (frequency == "quarterly") return catalog::Grain::kQuarter;
  if (frequency == "yearly") return catalog::Grain::kYear;
  return catalog::Grain::kDay;
}

const char* PeriodColumn(catalog::Grain g) {
  switch (g) {
    case catalog::Grain::kDay: return "_day";
    case catalog::Grain::kWeek: return "_week";
    case catalog::Grain::kMonth: return "_month";
    case catalog::Grain::kQuarter: return "_quarter";
    case catalog::Grain::kYear: return "_year";
  }
  return "_day";
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

// Brute-force working minutes: every UTC minute whose local reading lies in working
// hours of a non-holiday day counts (the zones used have whole-minute offsets).
double BruteWorkingMinutes(time::Micros a, time::Micros b, const catalog::CalendarDef& cal,
                           const time::ZoneConverter& zone) {
  if (b < a) return -BruteWorkingMinutes(b, a, cal, zone);
  double total = 0;
  for (time::Micros m = time::FloorDiv(a, time::kMicrosPerMinute) * time::kMicrosPerMinute; m < b;
       m += time::kMicrosPerMinute) {
    const time::Micros lo = std::max(a, m), hi = std::min(b, m + time::kMicrosPerMinute);
    if (hi <= lo) continue;
    const time::Micros local = zone.UtcToLocal(m);
    const int32_t day = static_cast<int32_t>(time::FloorDiv(local, time::kMicrosPerDay));
    if (std::binary_search(cal.holidays.begin(), cal.holidays.end(), day)) continue;
    const int32_t minute =
        static_cast<int32_t>(time::FloorMod(local, time::kMicrosPerDay) / time::kMicrosPerMinute);
    for (const auto& [s, e] : cal.hours[time::IsoWeekday(day) - 1]) {
      if (minute >= s && minute < e) {
        total += static_cast<double>(hi - lo) / static_cast<double>(time::kMicrosPerMinute);
        break;
      }
    }
  }
  return total;
}

struct WmContext {
  const catalog::Catalog* catalog;
  const time::ZoneConverter* zone;
  std::map<std::tuple<int64_t, int64_t, std::string>, double> cache;
};

void WmFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  auto* wm = static_cast<WmContext*>(sqlite3_user_data(ctx));
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const int64_t a = sqlite3_value_int64(argv[0]), b = sqlite3_value_int64(argv[1]);
  const std::string cal(reinterpret_cast<const char*>(sqlite3_value_text(argv[2])));
  auto key = std::make_tuple(a, b, cal);
  auto it = wm->cache.find(key);
  if (it == wm->cache.end()) {
    const catalog::CalendarDef* def = wm->catalog->workspace.FindCalendar(cal);
    const double v = def ? BruteWorkingMinutes(a, b, *def, *wm->zone) : 0;
    it = wm->cache.emplace(key, v).first;
  }
  sqlite3_result_double(ctx, it->second);
}

}  // namespace

const char* FrequencyName(catalog::Grain g) {
  switch (g) {
    case catalog::Grain::kDay: return "daily";
    case catalog::Grain::kWeek: return "weekly";
    case catalog::Grain::kMonth: return "monthly";
    case catalog::Grain::kQuarter: return "quarterly";
    case catalog::Grain::kYear: return "yearly";
  }
  return "daily";
}

std::vector<DiffCase> CasesOf(const northstar::testing::LogicCase& c, std::string* error) {
  std::map<std::string, std::string> files{{"northstar.yaml", WorkspaceYaml("UTC")}};
  for (const auto& [name, text] : c.files) {
    if (name.rfind("catalog/", 0) == 0) files[name] = text;
  }
  Diagnostics diags;
  auto loaded = catalog::LoadWorkspaceFromMemory(files, diags);
  if (!loaded.ok() || diags.has_errors()) {
    *error = loaded.ok() ? diags.items().front().ToString() : loaded.status().ToString();
    return {};
  }
  std::vector<DiffCase> out;
  for (const auto& m : loaded->measures) {
    DiffCase d;
    d.id = m.id;
    d.source = m.source;
    d.frequency = FrequencyName(m.frequency);
    for (const auto& dim : m.segments) d.segments += (d.segments.empty() ? "" : ", ") + dim;
    d.filter = m.filter;
    d.formula = m.formula;
    auto sql = c.files.find("reference/" + m.id + ".sql");
    if (sql == c.files.end()) {
      *error = "metric '" + m.id + "' has no reference/" + m.id + ".sql";
      return {};
    }
    std::istringstream lines(sql->second);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind("-- reads:", 0) == 0) {
        d.reads = Trim(line.substr(9));
      } else if (!Trim(line).empty()) {
        d.sql += (d.sql.empty() ? "" : " ") + Trim(line);
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<DiffCase> LoadCases(const std::string& source_dir) {
  std::vector<DiffCase> out;
  for (const auto& path : northstar::testing::LogicCaseFiles(source_dir)) {
    if (path.filename().string().rfind("differential_", 0) != 0) continue;
    const northstar::testing::LogicCase c = northstar::testing::ParseLogicCase(path);
    std::string error = c.error;
    std::vector<DiffCase> cases;
    if (error.empty()) cases = CasesOf(c, &error);
    if (!error.empty()) {
      ADD_FAILURE() << path.string() << ": " << error;
      continue;
    }
    out.insert(out.end(), cases.begin(), cases.end());
  }
  return out;
}

std::string WorkspaceYaml(const std::string& zone) {
  return "workspace: differential\n"
         "timezone: " +
         zone +
         "\n"
         "calendars:\n"
         "  support:\n"
         "    hours: {mon-fri: \"08:00-18:00\"}\n"
         "    holidays: [2026-03-27, 2026-04-03]\n"
         "  night:\n"
         "    hours: {mon-sun: \"00:00-06:00\"}\n"
         "sources:\n"
         "  tickets:\n"
         "    from: csv:data/tickets.csv\n"
         "    key: id\n"
         "    time: created_at\n"
         "    columns: {id: int, created_at: timestamp, first_reply_at: timestamp, channel: string,\n"
         "              region: string, is_spam: bool, csat: int, amount: float}\n"
         "  spend:\n"
         "    from: csv:data/spend.csv\n"
         "    key: id\n"
         "    time: day\n"
         "    columns: {id: int, day: timestamp, channel: string, cost: float}\n"
         "  customers:\n"
         "    from: csv:data/customers.csv\n"
         "    key: id\n"
         "    time: started_at\n"
         "    columns: {id: int, started_at: timestamp, ended_at: timestamp, plan: string}\n"
         "  survey:\n"
         "    from: csv:data/survey.csv\n"
         "    key: id\n"
         "    columns: {id: int, score: int, channel: string}\n";
}

std::string CatalogYaml(const std::vector<DiffCase>& cases) {
  std::string y = "metrics:\n";
  for (const auto& c : cases) {
    y += "  - id: " + c.id + "\n    name: " + c.id + "\n    source: " + c.source + "\n";
    y += "    frequency: " + FrequencyOf(c.frequency) + "\n";
    if (!c.segments.empty()) y += "    segments: [" + c.segments + "]\n";
    if (!c.filter.empty()) y += "    filter: |-\n      " + c.filter + "\n";
    y += "    formula: |-\n      " + c.formula + "\n";
  }
  return y;
}

std::unique_ptr<GeneratedData> GenerateData(const catalog::Catalog& catalog, uint64_t seed, size_t scale) {
  auto data = std::make_unique<GeneratedData>();
  std::mt19937_64 rng(seed);
  auto zone = time::ZoneConverter::Create(catalog.workspace.timezone).value();
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto uniform = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  // Active local days: 2026-02-25 .. 2026-04-20 (both DST changes of Europe and the US)
  // minus a gap of nine days (an empty ISO week), plus three days in December 2025.
  const int32_t first = time::DaysFromCivil(2026, 2, 25), last = time::DaysFromCivil(2026, 4, 20);
  std::vector<int32_t> days;
  for (int32_t d = first; d <= last; ++d) {
    if (d >= time::DaysFromCivil(2026, 4, 6) && d <= time::DaysFromCivil(2026, 4, 14)) continue;
    days.push_back(d);
  }
  days.push_back(time::DaysFromCivil(2026, 3, 29));  // the Berlin DST day twice as likely
  const std::vector<int32_t> december = {time::DaysFromCivil(2025, 12, 3), time::DaysFromCivil(2025, 12, 31),
                                         time::DaysFromCivil(2025, 12, 29)};
  auto random_time = [&]() -> time::Micros {
    const int32_t d = chance(0.01) ? december[uniform(0, 2)] : days[uniform(0, days.size() - 1)];
    time::Micros local = d * time::kMicrosPerDay;
    const int64_t r = uniform(0, 9);
    if (r == 0) {
      // exactly midnight, or a minute before/after it
    } else if (r == 1) {
      local += time::kMicrosPerDay - time::kMicrosPerMinute;
    } else if (r == 2) {
      local += uniform(120, 200) * time::kMicrosPerMinute;  // around the DST jump
    } else {
      local += uniform(0, 86399) * time::kMicrosPerSecond;
    }
    return zone.LocalToUtc(local);
  };
  const std::vector<std::string> channels = {"email", "chat", "phone", "web, form", "email", "chat"};
  for (const auto& src : catalog.workspace.sources) {
    size_t rows = src.id == "tickets" ? 400 : src.id == "spend" ? 80 : src.id == "customers" ? 120 : 50;
    rows *= scale;
    std::vector<store::ColumnBuilder> builders;
    for (const auto& col : src.columns) builders.emplace_back(col.type);
    std::optional<time::Micros> row_time;
    for (size_t r = 0; r < rows; ++r) {
      row_time.reset();
      for (size_t c = 0; c < src.columns.size(); ++c) {
        const std::string& name = src.columns[c].name;
        store::ColumnBuilder& b = builders[c];
        if (name == "id") {
          b.AppendInt(static_cast<int64_t>(r + 1));
        } else if (name == src.time) {
          if (chance(0.03)) {
            b.AppendNull();
          } else {
            row_time = random_time();
            b.AppendInt(*row_time);
          }
        } else if (name == "first_reply_at" || name == "ended_at") {
          const double null_p = name == "ended_at" ? 0.5 : 0.15;
          if (!row_time || chance(null_p)) {
            b.AppendNull();
          } else if (name == "ended_at") {
            b.AppendInt(*row_time + uniform(1, 60 * 24 * 40) * time::kMicrosPerMinute);
          } else {
            const int64_t minutes = chance(0.5) ? uniform(0, 180) : uniform(0, 60 * 24 * 3);
            b.AppendInt(*row_time + minutes * time::kMicrosPerMinute +
                        uniform(0, 59) * time::kMicrosPerSecond);
          }
        } else if (name == "channel") {
          if (r == 7)
            b.AppendString("fax");  // a segment with one row
          else if (chance(0.08))
            b.AppendNull();
          else
            b.AppendString(channels[uniform(0, channels.size() - 1)]);
        } else if (name == "region") {
          if (chance(0.1))
            b.AppendNull();
          else
            b.AppendString(chance(0.6) ? "north" : "south");
        } else if (name == "plan") {
          if (chance(0.05))
            b.AppendNull();
          else
            b.AppendString(chance(0.5) ? "basic" : "pro");
        } else if (name == "is_spam") {
          if (chance(0.05))
            b.AppendNull();
          else
            b.AppendInt(chance(0.12) ? 1 : 0);
        } else if (name == "csat" || name == "score") {
          if (chance(0.2))
            b.AppendNull();
          else
            b.AppendInt(name == "csat" ? uniform(1, 5) : uniform(0, 10));
        } else if (name == "amount" || name == "cost") {
          if (chance(0.1))
            b.AppendNull();
          else
            b.AppendFloat(static_cast<double>(uniform(0, 100000)) / 100.0);
        } else {
          b.AppendNull();
        }
      }
    }
    auto& cols = data->columns[src.id];
    for (auto& b : builders) cols.push_back(b.Finish());
    SourceTable table;
    table.rows = rows;
    for (const auto& c : cols) table.columns.push_back(&c);
    data->input.sources[src.id] = table;
  }
  return data;
}

std::map<std::string, std::vector<size_t>> RowsBefore(const catalog::Catalog& catalog,
                                                      const GeneratedData& data, time::Micros cutoff) {
  std::map<std::string, std::vector<size_t>> out;
  for (const auto& src : catalog.workspace.sources) {
    const auto& columns = data.columns.at(src.id);
    const size_t rows = data.input.sources.at(src.id).rows;
    const store::ColumnValues* at = nullptr;
    for (size_t c = 0; c < src.columns.size(); ++c) {
      if (src.columns[c].name == src.time) at = &columns[c];
    }
    auto& kept = out[src.id];
    for (size_t r = 0; r < rows; ++r) {
      if (at == nullptr || !at->valid[r] || at->ints[r] < cutoff) kept.push_back(r);
    }
  }
  return out;
}

std::unique_ptr<GeneratedData> Subset(const GeneratedData& data,
                                      const std::map<std::string, std::vector<size_t>>& rows) {
  auto out = std::make_unique<GeneratedData>();
  for (const auto& [id, columns] : data.columns) {
    const std::vector<size_t>& kept = rows.at(id);
    auto& cols = out->columns[id];
    for (const store::ColumnValues& c : columns) {
      store::ColumnValues part;
      part.type = c.type;
      part.dictionary = c.dictionary;
      for (size_t r : kept) {
        part.valid.push_back(c.valid[r]);
        if (!c.ints.empty()) part.ints.push_back(c.ints[r]);
        if (!c.floats.empty()) part.floats.push_back(c.floats[r]);
        if (!c.codes.empty()) part.codes.push_back(c.codes[r]);
      }
      cols.push_back(std::move(part));
    }
    SourceTable table;
    table.rows = kept.size();
    for (const auto& c : cols) table.columns.push_back(&c);
    out->input.sources[id] = table;
  }
  return out;
}

std::string CsvRows(const catalog::SourceDef& source, const std::vector<store::ColumnValues>& columns,
                    const std::vector<size_t>& rows, bool header) {
  std::string out;
  if (header) {
    for (size_t c = 0; c < source.columns.size(); ++c) out += (c ? "," : "") + source.columns[c].name;
    out += "\n";
  }
  for (size_t r : rows) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c) out += ',';
      const store::ColumnValues& col = columns[c];
      if (!col.valid[r]) continue;
      switch (col.type) {
        case catalog::ColumnType::kTimestamp: out += time::FormatIso(col.ints[r], nullptr); break;
        case catalog::ColumnType::kBool: out += col.ints[r] != 0 ? "true" : "false"; break;
        case catalog::ColumnType::kInt: out += std::to_string(col.ints[r]); break;
        case catalog::ColumnType::kFloat: {
          char buf[32];
          const auto res = std::to_chars(buf, buf + sizeof buf, col.floats[r]);
          out.append(buf, res.ptr);
          break;
        }
        case catalog::ColumnType::kString: {
          const std::string& v = col.dictionary[col.codes[r]];
          if (v.find_first_of(",\"\n") == std::string::npos) {
            out += v;
          } else {
            out += '"';
            for (char ch : v) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            out += '"';
          }
          break;
        }
      }
    }
    out += "\n";
  }
  return out;
}

SqlReference::SqlReference(const catalog::Catalog& catalog, const GeneratedData& data)
    : catalog_(catalog), zone_(time::ZoneConverter::Create(catalog.workspace.timezone).value()) {
  sqlite3_open(":memory:", &db_);
  auto* wm = new WmContext{&catalog_, &zone_, {}};  // NOLINT: freed by sqlite's destructor callback
  sqlite3_create_function_v2(db_, "wm", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, wm, WmFunction, nullptr,
                             nullptr, [](void* p) { delete static_cast<WmContext*>(p); });
  for (const auto& src : catalog.workspace.sources) {
    std::string ddl = "CREATE TABLE " + src.id + " (";
    for (const auto& col : src.columns) {
      ddl += col.name + (col.type == catalog::ColumnType::kFloat    ? " REAL, "
                         : col.type == catalog::ColumnType::kString ? " TEXT, "
                                                                    : " INTEGER, ");
    }
    ddl += "_day INTEGER, _week INTEGER, _month INTEGER, _quarter INTEGER, _year INTEGER, _local INTEGER)";
    sqlite3_exec(db_, ddl.c_str(), nullptr, nullptr, nullptr);
    const auto& cols = data.columns.at(src.id);
    std::string ins = "INSERT INTO " + src.id + " VALUES (";
    for (size_t c = 0; c < src.columns.size() + 6; ++c) ins += c ? ",?" : "?";
    ins += ")";
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, ins.c_str(), -1, &st, nullptr);
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
    const size_t rows = data.input.sources.at(src.id).rows;
    const catalog::ColumnDef* tdef = src.time.empty() ? nullptr : src.FindColumn(src.time);
    for (size_t r = 0; r < rows; ++r) {
      sqlite3_reset(st);
      for (size_t c = 0; c < cols.size(); ++c) {
        const auto& v = cols[c];
        const int p = static_cast<int>(c) + 1;
        if (!v.valid[r])
          sqlite3_bind_null(st, p);
        else if (v.type == catalog::ColumnType::kFloat)
          sqlite3_bind_double(st, p, v.floats[r]);
        else if (v.type == catalog::ColumnType::kString)
          sqlite3_bind_text(st, p, v.dictionary[v.codes[r]].c_str(), -1, SQLITE_TRANSIENT);
        else
          sqlite3_bind_int64(st, p, v.ints[r]);
      }
      const int base = static_cast<int>(cols.size()) + 1;
      const store::ColumnValues* t = tdef ? &cols[tdef - src.columns.data()] : nullptr;
      if (t != nullptr && t->valid[r]) {
        const int32_t day = time::LocalDay(t->ints[r], zone_);
        const auto periods = time::PeriodsOfDay(day);
        for (int g = 0; g < 5; ++g) sqlite3_bind_int64(st, base + g, periods[g].index);
        sqlite3_bind_int64(st, base + 5, zone_.UtcToLocal(t->ints[r]));
      } else {
        for (int g = 0; g < 6; ++g) sqlite3_bind_null(st, base + g);
      }
      sqlite3_step(st);
    }
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_finalize(st);
  }
}

SqlReference::~SqlReference() {
  sqlite3_close(db_);
}

std::optional<double> SqlReference::Scalar(const std::string& sql, std::string* error) {
  sqlite3_stmt* st = nullptr;
  const std::string query = "SELECT " + sql;
  if (sqlite3_prepare_v2(db_, query.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    *error = std::string(sqlite3_errmsg(db_)) + " in: " + sql;
    return std::nullopt;
  }
  std::optional<double> out;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
    out = sqlite3_column_double(st, 0);
  }
  sqlite3_finalize(st);
  return out;
}

std::string ExpandPercentiles(std::string sql) {
  for (size_t at = sql.find("{PCT "); at != std::string::npos; at = sql.find("{PCT ")) {
    // Find the matching close brace (cond may hold none: placeholders are expanded).
    const size_t close = sql.find('}', at);
    std::string body = sql.substr(at + 5, close - at - 5);
    std::vector<std::string> parts;
    std::stringstream in(body);
    std::string part;
    while (std::getline(in, part, ';')) parts.push_back(part);
    const std::string& p = parts[0];
    const std::string src = "(SELECT " + parts[2] + " AS x FROM " + parts[1] + " t WHERE (" + parts[3] +
                            ") AND " + parts[2] + " IS NOT NULL)";
    const std::string pos = p + " * (COUNT(*) OVER () - 1)";
    const std::string repl =
        "(SELECT CASE WHEN COUNT(*) = 0 THEN NULL ELSE MAX(CASE WHEN rn = lo THEN x END) + "
        "(MAX(CASE WHEN rn = hi THEN x END) - MAX(CASE WHEN rn = lo THEN x END)) * (MAX(pos) - MAX(lo)) END "
        "FROM (SELECT x, ROW_NUMBER() OVER (ORDER BY x) - 1 AS rn, " +
        pos + " AS pos, CAST(" + pos + " AS INTEGER) AS lo, MIN(CAST(" + pos +
        " AS INTEGER) + 1, COUNT(*) OVER () - 1) AS hi FROM " + src + "))";
    sql.replace(at, close - at + 1, repl);
  }
  return sql;
}

namespace {

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

}  // namespace

std::vector<ComputedValue> SqlReference::Expected(const DiffCase& c, std::string* error) {
  std::vector<ComputedValue> out;
  const catalog::SourceDef* own = catalog_.workspace.FindSource(c.source);
  const catalog::Grain freq = GrainOf(FrequencyOf(c.frequency));
  // Segments: `*` and the distinct values of each dimension in the own source.
  std::vector<std::pair<std::string, std::string>> segments{{"*", "1"}};
  for (const auto& dim : SplitList(c.segments)) {
    const catalog::ColumnDef* col = own->FindColumn(dim);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, ("SELECT DISTINCT " + dim + " FROM " + c.source).c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
        segments.emplace_back(dim + "=(null)", "t." + dim + " IS NULL");
      } else if (col->type == catalog::ColumnType::kBool) {
        const int64_t v = sqlite3_column_int64(st, 0);
        segments.emplace_back(dim + "=" + (v ? "true" : "false"), "t." + dim + " = " + std::to_string(v));
      } else {
        const std::string v(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        segments.emplace_back(dim + "=" + v, "t." + dim + " = " + Quote(v));
      }
    }
    sqlite3_finalize(st);
  }
  auto run = [&](ComputedValue v, const std::string& sql) {
    v.value = Scalar(ExpandPercentiles(sql), error);
    out.push_back(std::move(v));
  };
  auto expand_segment = [&](std::string sql, const std::string& cond) {
    ReplaceAll(sql, "{S}", cond);
    // {TS yyyy-mm-dd}
    for (size_t at = sql.find("{TS "); at != std::string::npos; at = sql.find("{TS ")) {
      const size_t close = sql.find('}', at);
      const int32_t day = time::ParseLocalDate(sql.substr(at + 4, close - at - 4)).value();
      sql.replace(at, close - at + 1, std::to_string(zone_.LocalToUtc(day * time::kMicrosPerDay)));
    }
    return sql;
  };
  if (own->time.empty()) {
    for (const auto& [label, cond] : segments) {
      ComputedValue v;
      v.kpi = c.id;
      v.grain = freq;
      v.all = true;
      v.segment = label;
      std::string sql = expand_segment(c.sql, cond);
      ReplaceAll(sql, "{P}", "1");
      run(v, sql);
    }
    return out;
  }
  std::vector<std::string> reads = SplitList(c.reads);
  if (reads.empty()) reads.push_back(c.source);
  std::string range = "SELECT MIN(d), MAX(d) FROM (";
  for (size_t i = 0; i < reads.size(); ++i)
    range += (i ? " UNION ALL " : "") + ("SELECT _day AS d FROM " + reads[i]);
  range += ")";
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, range.c_str(), -1, &st, nullptr);
  sqlite3_step(st);
  if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
    sqlite3_finalize(st);
    return out;
  }
  const int32_t lo = sqlite3_column_int(st, 0), hi = sqlite3_column_int(st, 1);
  sqlite3_finalize(st);
  for (catalog::Grain g : time::kAllGrains) {
    if (g < freq) continue;
    const int32_t first = time::PeriodOfDay(lo, g).index, last = time::PeriodOfDay(hi, g).index;
    const std::string pcol = std::string("t.") + PeriodColumn(g);
    for (int32_t p = first; p <= last; ++p) {
      const time::PeriodKey key{g, p};
      for (const auto& [label, cond] : segments) {
        std::string sql = expand_segment(c.sql, cond);
        for (int n = 1; n <= 3; ++n) {
          ReplaceAll(sql, "{P-" + std::to_string(n) + "}", pcol + " = " + std::to_string(p - n));
          ReplaceAll(sql, "{IN-" + std::to_string(n) + "}", p - n >= first ? "1" : "0");
        }
        ReplaceAll(sql, "{P}", pcol + " = " + std::to_string(p));
        ReplaceAll(sql, "{START}", std::to_string(time::PeriodStart(key, zone_)));
        ReplaceAll(sql, "{END}", std::to_string(time::PeriodEnd(key, zone_)));
        ComputedValue v;
        v.kpi = c.id;
        v.grain = g;
        v.period = key;
        v.segment = label;
        run(v, sql);
      }
    }
  }
  return out;
}

std::string CompareRows(const std::string& kpi, const std::vector<ComputedValue>& engine,
                        const std::vector<ComputedValue>& expected, size_t max_report) {
  auto key = [](const ComputedValue& v) {
    return std::string(catalog::GrainName(v.grain)) + " " + v.PeriodText() + " " + v.segment;
  };
  std::map<std::string, std::optional<double>> got;
  for (const auto& v : engine) {
    if (v.kpi == kpi) got[key(v)] = v.value;
  }
  std::string report;
  size_t problems = 0;
  auto fmt = [](const std::optional<double>& v) {
    if (!v) return std::string("null");
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, *v);
    return std::string(buf, r.ptr);
  };
  std::map<std::string, bool> seen;
  for (const auto& e : expected) {
    const std::string k = key(e);
    seen[k] = true;
    auto it = got.find(k);
    std::string why;
    if (it == got.end()) {
      why = "missing in engine output (expected " + fmt(e.value) + ")";
    } else if (it->second.has_value() != e.value.has_value()) {
      why = "engine " + fmt(it->second) + " vs SQL " + fmt(e.value);
    } else if (e.value) {
      const double a = *it->second, b = *e.value;
      if (std::fabs(a - b) > 1e-9 * std::max(std::fabs(a), std::fabs(b)) + 1e-12) {
        why = "engine " + fmt(it->second) + " vs SQL " + fmt(e.value);
      }
    }
    if (!why.empty() && problems++ < max_report) report += "  " + kpi + " " + k + ": " + why + "\n";
  }
  for (const auto& [k, v] : got) {
    if (!seen.count(k) && problems++ < max_report) report += "  " + kpi + " " + k + ": not expected\n";
  }
  if (problems > max_report) report += "  ... " + std::to_string(problems - max_report) + " more\n";
  return report;
}

}  // namespace northstar::engine::testing

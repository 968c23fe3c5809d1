#include "quality/checks.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "common/text.h"
#include "time/period.h"

namespace northstar::quality {
namespace {

using catalog::ColumnType;

std::string BatchValueText(const ingest::ColumnData& c, size_t row) {
  if (!c.valid[row]) return "(null)";
  switch (c.type) {
    case ColumnType::kFloat: return ShortestNumber(c.floats[row]);
    case ColumnType::kString: return std::string(c.string_at(row));
    case ColumnType::kTimestamp: return time::FormatIso(c.ints[row], nullptr);
    default: return std::to_string(c.ints[row]);
  }
}

std::string StoredValueText(const store::Column& c, size_t row) {
  if (c.is_null(row)) return "(null)";
  switch (c.type()) {
    case ColumnType::kFloat: return ShortestNumber(c.floats()[row]);
    case ColumnType::kString: return std::string(c.string_at(row));
    case ColumnType::kTimestamp: return time::FormatIso(c.ints()[row], nullptr);
    default: return std::to_string(c.ints()[row]);
  }
}

int KeyIndex(const catalog::SourceDef& source) {
  for (size_t i = 0; i < source.columns.size(); ++i) {
    if (source.columns[i].name == source.key) return static_cast<int>(i);
  }
  return -1;
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Rows of `edit_log` written by commit `batch_id` (the superseded versions).
std::vector<size_t> EditRowsOfBatch(const store::Table& edit_log, int64_t batch_id) {
  std::vector<size_t> rows;
  auto ids = edit_log.column("_batch_id");
  if (!ids.ok()) return rows;
  const store::Column& c = **ids;
  for (size_t i = 0; i < c.size(); ++i) {
    if (!c.is_null(i) && c.ints()[i] == batch_id) rows.push_back(i);
  }
  return rows;
}

}  // namespace

std::optional<Finding> FindDuplicateKeys(const catalog::SourceDef& source, const ingest::Batch& batch,
                                         const QualityOptions& options) {
  const int key = KeyIndex(source);
  if (key < 0 || static_cast<size_t>(key) >= batch.columns.size()) return std::nullopt;
  const ingest::ColumnData& c = batch.columns[key];
  // key text -> lines it occurs on (only the first few kept), in batch order.
  std::unordered_map<std::string, std::vector<int64_t>> lines;
  std::vector<std::string> repeated;  // keys in order of their first repetition
  int64_t repeats = 0;
  lines.reserve(c.size());
  for (size_t i = 0; i < c.size(); ++i) {
    if (!c.valid[i]) continue;
    auto [it, fresh] = lines.try_emplace(BatchValueText(c, i));
    if (!fresh) {
      ++repeats;
      if (it->second.size() == 1) repeated.push_back(it->first);
    }
    if (it->second.size() < 4)
      it->second.push_back(i < batch.source_lines.size() ? batch.source_lines[i] : 0);
  }
  if (repeats == 0) return std::nullopt;
  Finding f;
  f.kind = FindingKind::kDuplicateKeys;
  f.count = repeats;
  for (size_t i = 0; i < repeated.size() && i < options.max_examples; ++i) {
    std::vector<std::string> at;
    for (int64_t line : lines[repeated[i]]) at.push_back(std::to_string(line));
    f.examples.push_back(repeated[i] + " (lines " + Join(at, ", ") + ")");
  }
  f.message = Plural(repeats, "row repeats", "rows repeat") + " a key seen earlier in the same batch (" +
              Plural(static_cast<int64_t>(repeated.size()), "key", "keys") +
              "; the last row of a key is kept)";
  return f;
}

std::optional<Finding> FindEdits(const catalog::SourceDef& source, const store::IngestOutcome& outcome,
                                 const store::Table* edit_log, const QualityOptions& options) {
  if (outcome.updated == 0) return std::nullopt;
  Finding f;
  f.kind = FindingKind::kEdits;
  f.count = outcome.updated;
  f.message = Plural(outcome.updated, "stored row was", "stored rows were") +
              " replaced by rows with the same key and other values (old versions kept in the edit log)";
  if (edit_log != nullptr) {
    auto key = edit_log->column(source.key);
    if (key.ok()) {
      for (size_t row : EditRowsOfBatch(*edit_log, outcome.batch_id)) {
        if (f.examples.size() >= options.max_examples) break;
        f.examples.push_back(StoredValueText(**key, row));
      }
    }
  }
  return f;
}

std::optional<ReportedThrough> ReportedCutoff(const std::optional<int32_t>& last_computed_day,
                                              const std::optional<store::SourceStats>& before,
                                              const time::ZoneConverter& zone) {
  if (last_computed_day) return ReportedThrough{*last_computed_day, "computed"};
  if (!before || !before->newest_time) return std::nullopt;
  return ReportedThrough{time::LocalDay(*before->newest_time, zone) - 1, "store"};
}

std::optional<Finding> FindLateRows(const catalog::SourceDef& source, const store::IngestOutcome& outcome,
                                    const store::SourceStats& before, const store::SourceStats& after,
                                    const store::Table* edit_log, const ReportedThrough& cutoff,
                                    const time::ZoneConverter& zone, const QualityOptions& options) {
  if (source.time.empty()) return std::nullopt;  // a snapshot table has no periods to be late for
  std::map<int32_t, int64_t> late_per_day;
  for (int32_t day : outcome.touched_days) {
    if (day > cutoff.day) break;  // sorted
    auto was = before.rows_per_day.find(day);
    auto now = after.rows_per_day.find(day);
    const int64_t grew = (now == after.rows_per_day.end() ? 0 : now->second) -
                         (was == before.rows_per_day.end() ? 0 : was->second);
    if (grew > 0) late_per_day[day] += grew;
  }
  if (edit_log != nullptr && outcome.updated > 0) {
    auto times = edit_log->column(source.time);
    if (times.ok()) {
      for (size_t row : EditRowsOfBatch(*edit_log, outcome.batch_id)) {
        if ((*times)->is_null(row)) continue;
        const int32_t day = time::LocalDay((*times)->ints()[row], zone);
        if (day <= cutoff.day) ++late_per_day[day];
      }
    }
  }
  int64_t total = 0;
  for (const auto& [day, n] : late_per_day) total += n;
  if (total == 0) return std::nullopt;
  Finding f;
  f.kind = FindingKind::kLateRows;
  f.count = total;
  for (const auto& [day, n] : late_per_day) {
    if (f.examples.size() >= options.max_examples) break;
    f.examples.push_back(time::FormatLocalDate(day) + " (" + std::to_string(n) + ")");
  }
  f.message =
      Plural(total, "row", "rows") + " landed on " +
      Plural(static_cast<int64_t>(late_per_day.size()), "day", "days") +
      (cutoff.basis == "computed" ? " already computed (through " : " older than the newest day stored (") +
      time::FormatLocalDate(cutoff.basis == "computed" ? cutoff.day : cutoff.day + 1) +
      "); values of those periods will be restated";
  return f;
}

std::vector<Finding> FindVolumeAnomalies(const std::map<int32_t, int64_t>& rows_per_day, int32_t check_from,
                                         int32_t check_to, const QualityOptions& options) {
  std::vector<Finding> out;
  if (rows_per_day.empty()) return out;
  const int32_t first = rows_per_day.begin()->first;
  const int32_t last = rows_per_day.rbegin()->first;
  check_from = std::max(check_from, first);
  check_to = std::min(check_to, last);
  auto rows_on = [&](int32_t day) -> int64_t {
    auto it = rows_per_day.find(day);
    return it == rows_per_day.end() ? 0 : it->second;
  };
  Finding gaps{FindingKind::kGap, 0, "", {}};
  Finding drops{FindingKind::kVolumeDrop, 0, "", {}};
  std::vector<int64_t> history;
  for (int32_t day = check_from; day <= check_to; ++day) {
    history.clear();
    for (int w = 1; w <= options.trailing_weeks && day - 7 * w >= first; ++w)
      history.push_back(rows_on(day - 7 * w));
    const int64_t n = rows_on(day);
    if (n == 0) {
      // Normally empty on this weekday (e.g. closed on Sundays): every same weekday within
      // trailing_weeks before or after, inside the range, is empty too.
      bool any_neighbour = false, neighbours_empty = true;
      for (int w = -options.trailing_weeks; w <= options.trailing_weeks; ++w) {
        const int32_t other = day + 7 * w;
        if (w == 0 || other < first || other > last) continue;
        any_neighbour = true;
        neighbours_empty = neighbours_empty && rows_on(other) == 0;
      }
      if (!(any_neighbour && neighbours_empty)) {
        if (gaps.examples.size() < options.max_examples) gaps.examples.push_back(time::FormatLocalDate(day));
        ++gaps.count;
      }
      continue;
    }
    if (day == last || static_cast<int>(history.size()) < options.trailing_weeks) continue;
    std::sort(history.begin(), history.end());
    const size_t m = history.size();
    const double median = m % 2 ? history[m / 2] : (history[m / 2 - 1] + history[m / 2]) / 2.0;
    if (median > 0 && n < options.drop_ratio * median) {
      if (drops.examples.size() < options.max_examples) {
        drops.examples.push_back(time::FormatLocalDate(day) + " (" + std::to_string(n) + " rows, usual " +
                                 ShortestNumber(median) + ")");
      }
      ++drops.count;
    }
  }
  if (gaps.count > 0) {
    gaps.message = Plural(gaps.count, "day", "days") + " without rows inside the data's range";
    out.push_back(std::move(gaps));
  }
  if (drops.count > 0) {
    drops.message = Plural(drops.count, "day", "days") + " with less than " +
                    std::to_string(std::lround(options.drop_ratio * 100)) +
                    " % of the median of the same weekday over the " +
                    std::to_string(options.trailing_weeks) + " weeks before";
    out.push_back(std::move(drops));
  }
  return out;
}

std::optional<Finding> FindStaleness(const std::string& source, std::optional<time::Micros> newest,
                                     time::Micros now, const QualityOptions& options) {
  if (!newest || now - *newest <= options.stale_after) return std::nullopt;
  Finding f;
  f.kind = FindingKind::kStale;
  const double age_days = static_cast<double>(now - *newest) / time::kMicrosPerDay;
  f.count = static_cast<int64_t>(age_days);
  char age[32];
  std::snprintf(age, sizeof age, "%.1f", age_days);
  f.message = "newest row is from " + time::FormatIso(*newest, nullptr) + ", " + age +
              " days ago (threshold " +
              ShortestNumber(static_cast<double>(options.stale_after) / time::kMicrosPerDay) +
              " days): is the export of '" + source + "' still running?";
  f.examples.push_back(time::FormatIso(*newest, nullptr));
  return f;
}

std::optional<Finding> FindSchemaDrift(const catalog::SourceDef& source,
                                       const std::vector<std::string>& input,
                                       const std::optional<std::vector<std::string>>& previous) {
  const std::set<std::string> now(input.begin(), input.end());
  std::vector<std::string> parts, examples;
  int64_t count = 0;
  if (previous) {
    const std::set<std::string> before(previous->begin(), previous->end());
    std::vector<std::string> added, removed;
    for (const auto& c : input) {
      if (!before.count(c)) added.push_back(c);
    }
    for (const auto& c : *previous) {
      if (!now.count(c)) removed.push_back(c);
    }
    if (!added.empty()) parts.push_back("new since the previous ingest: " + Join(added, ", "));
    if (!removed.empty()) parts.push_back("gone since the previous ingest: " + Join(removed, ", "));
    for (const auto& c : added) examples.push_back("+" + c);
    for (const auto& c : removed) examples.push_back("-" + c);
    count += static_cast<int64_t>(added.size() + removed.size());
  }
  std::vector<std::string> missing;
  for (const auto& c : source.columns) {
    const std::string& wanted = c.from.empty() ? c.name : c.from;
    if (!now.count(wanted)) missing.push_back(wanted);
  }
  if (!missing.empty()) {
    parts.push_back("declared but not in the input (read as null): " + Join(missing, ", "));
    for (const auto& c : missing) examples.push_back("!" + c);
    count += static_cast<int64_t>(missing.size());
  }
  if (parts.empty()) return std::nullopt;
  Finding f;
  f.kind = FindingKind::kSchemaDrift;
  f.count = count;
  f.message = "input columns changed — " + Join(parts, "; ");
  f.examples = std::move(examples);
  return f;
}

const char* FindingKindName(FindingKind kind) {
  switch (kind) {
    case FindingKind::kDuplicateKeys: return "duplicate_keys";
    case FindingKind::kEdits: return "edits";
    case FindingKind::kLateRows: return "late_rows";
    case FindingKind::kGap: return "gap";
    case FindingKind::kVolumeDrop: return "volume_drop";
    case FindingKind::kStale: return "stale";
    case FindingKind::kSchemaDrift: return "schema_drift";
  }
  return "unknown";
}

}  // namespace northstar::quality

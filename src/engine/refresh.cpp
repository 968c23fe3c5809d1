#include "engine/refresh.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <unordered_map>

#include "common/text.h"
#include "engine/refresh_window.h"
#include "engine/source_index.h"
#include "time/period.h"

namespace northstar::engine {

SeenSource SeeSource(const store::Table& live, const store::Table& edits) {
  SeenSource s;
  s.version = live.version();
  for (const auto& part : live.parts()) s.segments.push_back(part.entry.file_number);
  std::sort(s.segments.begin(), s.segments.end());
  s.edit_rows = edits.rows();
  return s;
}

// Text form, one source per line: `id version edit_rows seg,seg,...`, where a segment
// is `N` (range unknown), `N:-` (no timed rows) or `N:MIN:MAX`.
std::string EncodeSeen(const SeenState& seen) {
  std::string out;
  for (const auto& [id, s] : seen) {
    out += id + " " + std::to_string(s.version) + " " + std::to_string(s.edit_rows) + " ";
    for (size_t i = 0; i < s.segments.size(); ++i) {
      const uint64_t n = s.segments[i];
      if (i > 0) out += ',';
      out += std::to_string(n);
      auto it = s.ranges.find(n);
      if (it == s.ranges.end()) continue;
      if (!it->second) {
        out += ":-";
        continue;
      }
      out += ':';
      out += std::to_string(it->second->min);
      out += ':';
      out += std::to_string(it->second->max);
    }
    out += "\n";
  }
  return out;
}

namespace {

// One `N`, `N:-` or `N:MIN:MAX` item of EncodeSeen.
bool ParseSegment(std::string_view item, SeenSource& s) {
  const size_t colon = item.find(':');
  uint64_t number = 0;
  if (!ParseWhole(item.substr(0, colon), number)) return false;
  s.segments.push_back(number);
  if (colon == std::string_view::npos) return true;
  const std::string_view rest = item.substr(colon + 1);
  if (rest == "-") {
    s.ranges[number] = std::nullopt;
    return true;
  }
  const size_t colon2 = rest.find(':');
  TimeRange r;
  if (colon2 == std::string_view::npos || !ParseWhole(rest.substr(0, colon2), r.min) ||
      !ParseWhole(rest.substr(colon2 + 1), r.max)) {
    return false;
  }
  s.ranges[number] = r;
  return true;
}

}  // namespace

Result<SeenState> DecodeSeen(const std::string& text) {
  SeenState seen;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    std::istringstream in(line);
    std::string id, segments;
    SeenSource s;
    if (!(in >> id >> s.version >> s.edit_rows))
      return Status::InvalidArgument("bad seen-state line: " + line);
    in >> segments;
    std::istringstream list(segments);
    std::string item;
    while (std::getline(list, item, ',')) {
      if (!item.empty() && !ParseSegment(item, s)) {
        return Status::InvalidArgument("bad segment in seen-state line: " + line);
      }
    }
    std::sort(s.segments.begin(), s.segments.end());
    seen[id] = std::move(s);
  }
  return seen;
}

Status AddSegmentRanges(const catalog::SourceDef& source, const store::Table& table, SeenSource& seen) {
  const store::Column* time = nullptr;
  if (!source.time.empty() && table.FindColumn(source.time) >= 0) {
    ASSIGN_OR_RETURN(time, table.column(source.time));
  }
  size_t row = 0;
  for (const auto& part : table.parts()) {
    const size_t n = part.entry.rows - part.entry.deleted_count;
    const uint64_t number = part.entry.file_number;
    if (!seen.ranges.count(number)) {
      std::optional<TimeRange> range;
      for (size_t r = row; time != nullptr && r < row + n; ++r) {
        if (time->is_null(r)) continue;
        const int64_t t = time->ints()[r];
        if (!range) range = TimeRange{t, t};
        range->min = std::min(range->min, t);
        range->max = std::max(range->max, t);
      }
      seen.ranges[number] = range;
    }
    row += n;
  }
  return Status::Ok();
}

void AddPartRanges(const store::Table& table, const PartTimeRanges& times, SeenSource& seen) {
  for (size_t p = 0; p < table.parts().size() && p < times.seen.size(); ++p) {
    const uint64_t number = table.parts()[p].entry.file_number;
    if (!times.seen[p] || seen.ranges.count(number)) continue;
    seen.ranges[number] =
        times.has_time[p] ? std::optional<TimeRange>(TimeRange{times.min[p], times.max[p]}) : std::nullopt;
  }
}

namespace {

// Adds `sign` for rows [skip, rows) of `table` to `delta`: per local day of the time
// column and per segment value of each of `dims`; the days go to `days` too.
Status AddRows(const catalog::SourceDef& source, const std::vector<std::string>& dims,
               const store::Table& table, uint64_t skip, int sign, const time::ZoneConverter& zone,
               SourceShape& delta, std::set<int32_t>& days) {
  const size_t rows = table.rows();
  if (rows <= skip) return Status::Ok();
  if (!source.time.empty() && table.FindColumn(source.time) >= 0) {
    ASSIGN_OR_RETURN(const store::Column* col, table.column(source.time));
    if (col->type() != catalog::ColumnType::kTimestamp) {
      return Status::InvalidArgument("source '" + source.id + "': time column '" + source.time +
                                     "' is not a timestamp in the store");
    }
    time::LocalDays local_day(zone);
    for (size_t r = skip; r < rows; ++r) {
      if (col->is_null(r)) continue;
      const int32_t day = local_day(col->ints()[r]);
      days.insert(day);
      delta.day_rows[day] += sign;
    }
  }
  for (const auto& dim : dims) {
    std::map<std::string, int64_t>& labels = delta.label_rows[dim];
    if (table.FindColumn(dim) < 0) {  // the store never had the column: every row reads null
      labels["(null)"] += sign * static_cast<int64_t>(rows - skip);
      continue;
    }
    ASSIGN_OR_RETURN(const store::Column* col, table.column(dim));
    const store::ColumnValues& values = col->values();
    if (values.type == catalog::ColumnType::kString) {  // count codes, then name each code once
      std::vector<int64_t> per_code(values.dictionary.size(), 0);
      int64_t nulls = 0;
      for (size_t r = skip; r < rows; ++r) {
        if (values.valid[r]) {
          ++per_code[values.codes[r]];
        } else {
          ++nulls;
        }
      }
      for (size_t c = 0; c < per_code.size(); ++c) {
        if (per_code[c] != 0) labels[values.dictionary[c]] += sign * per_code[c];
      }
      if (nulls != 0) labels["(null)"] += sign * nulls;
      continue;
    }
    std::unordered_map<std::string, int64_t> counts;
    for (size_t r = skip; r < rows; ++r) counts[SegmentValueLabel(values, r, zone)] += sign;
    for (const auto& [label, n] : counts) labels[label] += n;
  }
  return Status::Ok();
}

// What changed in one source since `seen`: the days of the changed rows and the shape
// delta (rows of new segments added, edit-log rows added since subtracted). The new
// segments' time ranges go to `now`.
Status ChangedRows(const catalog::SourceDef& source, const std::vector<std::string>& dims,
                   const store::Table& live, const store::Table& edits, const SeenSource& seen,
                   const time::ZoneConverter& zone, SeenSource& now, SourceShape& delta,
                   std::set<int32_t>& days) {
  if (edits.rows() < seen.edit_rows) {
    return Status::InvalidArgument("source '" + source.id + "': the edit log is shorter than when last seen");
  }
  std::vector<store::Table::Part> fresh;
  for (const auto& part : live.parts()) {
    if (!std::binary_search(seen.segments.begin(), seen.segments.end(), part.entry.file_number)) {
      fresh.push_back(part);
    }
  }
  if (!fresh.empty()) {
    const store::Table added(live.source(), live.version(), live.schema(), live.key_column(),
                             live.time_column(), std::move(fresh));
    RETURN_IF_ERROR(AddRows(source, dims, added, 0, +1, zone, delta, days));
    RETURN_IF_ERROR(AddSegmentRanges(source, added, now));
  }
  // Edit-log rows added since: old versions that left their days. The log only grows,
  // so they are its last rows; only the segments holding them are decoded.
  std::vector<store::Table::Part> tail;
  uint64_t before = 0, skip = 0;
  for (const auto& part : edits.parts()) {
    const uint64_t n = part.entry.rows - part.entry.deleted_count;
    if (before + n > seen.edit_rows) {
      if (tail.empty()) skip = seen.edit_rows - before;
      tail.push_back(part);
    }
    before += n;
  }
  if (!tail.empty()) {
    const store::Table removed(edits.source(), edits.version(), edits.schema(), edits.key_column(),
                               edits.time_column(), std::move(tail));
    RETURN_IF_ERROR(AddRows(source, dims, removed, skip, -1, zone, delta, days));
  }
  return Status::Ok();
}

std::set<std::string> LabelsOf(const std::map<std::string, int64_t>& counts) {
  std::set<std::string> out;
  for (const auto& [label, n] : counts) out.insert(label);
  return out;
}

// Why the data's shape changed in a way only a full compute handles ("" = it did
// not); `grown` gets the days sources grew by at their end.
std::string ShapeChange(const DataShape& before, const DataShape& now, std::vector<int32_t>& grown) {
  if (before.sources.size() != now.sources.size()) return "the sources read changed";
  for (const auto& [id, s] : now.sources) {
    auto it = before.sources.find(id);
    if (it == before.sources.end()) return "source '" + id + "' was not read by the last compute";
    const SourceShape& b = it->second;
    for (const auto& [dim, labels] : s.label_rows) {
      auto bl = b.label_rows.find(dim);
      if (bl == b.label_rows.end() || LabelsOf(bl->second) != LabelsOf(labels)) {
        return "the values of segment " + id + "." + dim + " changed";
      }
    }
    if (b.has_days() != s.has_days()) return "source '" + id + "' gained or lost its first timed row";
    if (!s.has_days()) continue;
    if (b.min_day() != s.min_day()) return "the first day of source '" + id + "' moved";
    if (s.max_day() < b.max_day()) return "the last day of source '" + id + "' moved earlier";
    for (int32_t d = b.max_day() + 1; d <= s.max_day(); ++d) grown.push_back(d);
  }
  return "";
}

// The live segments of `table` whose rows may hold a day `window` reads.
std::shared_ptr<const store::Table> WindowPart(const store::Table& table, const SeenSource& seen,
                                               const RefreshWindow& window, const time::ZoneConverter& zone) {
  std::vector<store::Table::Part> parts;
  for (const auto& part : table.parts()) {
    auto it = seen.ranges.find(part.entry.file_number);
    if (it != seen.ranges.end()) {
      if (!it->second) continue;  // no row has a time: in no period
      if (!window.ReadsAny(time::LocalDay(it->second->min, zone), time::LocalDay(it->second->max, zone)))
        continue;
    }
    parts.push_back(part);
  }
  return std::make_shared<const store::Table>(table.source(), table.version(), table.schema(),
                                              table.key_column(), table.time_column(), std::move(parts));
}

}  // namespace

Result<RefreshDecision> DecideRefresh(const catalog::Catalog& catalog,
                                      const formula::CompiledCatalog& compiled, const Plan& plan,
                                      const std::vector<catalog::Grain>& grains, store::Store* store,
                                      const std::vector<std::shared_ptr<const store::Table>>& tables,
                                      const std::optional<std::string>& previous_seen,
                                      const std::optional<std::string>& previous_shape) {
  RefreshDecision d;
  std::set<std::string> sources;
  for (const auto& m : plan.measures) sources.insert(m.sources_read.begin(), m.sources_read.end());
  std::map<std::string, const store::Table*> live;
  for (const auto& t : tables) live[t->source()] = t.get();
  std::map<std::string, std::shared_ptr<const store::Table>> edits;
  for (const auto& id : sources) {
    if (catalog.workspace.FindSource(id) == nullptr) continue;
    if (store == nullptr || !live.count(id)) {
      d.why_full = "source '" + id + "' is not in the store";
      continue;
    }
    ASSIGN_OR_RETURN(edits[id], store->EditLog(id));
    d.now[id] = SeeSource(*live[id], *edits[id]);
  }
  auto seen = previous_seen ? DecodeSeen(*previous_seen) : Result<SeenState>(Status::NotFound("none"));
  if (seen.ok()) {  // segment ranges stay known while the segment lives
    for (auto& [id, now] : d.now) {
      auto it = seen->find(id);
      if (it == seen->end()) continue;
      for (const auto& [number, range] : it->second.ranges) {
        if (std::binary_search(now.segments.begin(), now.segments.end(), number)) now.ranges[number] = range;
      }
    }
  }
  if (!d.why_full.empty()) return d;
  if (!previous_seen || !previous_shape) {
    d.why_full = "first compute of these definitions, KPIs and grain";
    return d;
  }
  if (!CanRefresh(plan, catalog)) {
    d.why_full = "snapshot aggregates or untimed KPIs over timed sources";
    return d;
  }
  auto before = DecodeShape(*previous_shape);
  if (!seen.ok() || !before.ok()) {
    d.why_full = "unreadable record of the last compute";
    return d;
  }
  ASSIGN_OR_RETURN(auto zone, time::ZoneConverter::Create(catalog.workspace.timezone));
  const auto dims = SegmentDims(plan, catalog.workspace);
  std::set<int32_t> days;
  DataShape delta;
  bool changed = false;
  for (auto& [id, now] : d.now) {
    auto it = seen->find(id);
    if (it == seen->end()) {
      d.why_full = "source '" + id + "' was not read by the last compute";
      return d;
    }
    if (it->second.version == now.version) continue;
    changed = true;
    const catalog::SourceDef* def = catalog.workspace.FindSource(id);
    if (def->time.empty()) {
      d.why_full = "source '" + id + "' has no time column and changed";
      return d;
    }
    auto dit = dims.find(id);
    Status st = ChangedRows(*def, dit == dims.end() ? std::vector<std::string>{} : dit->second, *live[id],
                            *edits[id], it->second, zone, now, delta.sources[id], days);
    if (!st.ok()) {
      d.why_full = st.message();
      return d;
    }
  }
  if (!changed) {
    d.unchanged = true;
    return d;
  }
  if (days.empty()) {  // only rows without a time value changed; they may add segment values
    d.why_full = "only rows without a time value changed";
    return d;
  }
  DataShape after = *before;
  if (Status st = AddShape(after, delta); !st.ok()) {
    d.why_full = st.message();
    return d;
  }
  std::vector<int32_t> grown;
  d.why_full = ShapeChange(*before, after, grown);
  if (!d.why_full.empty()) return d;
  days.insert(grown.begin(), grown.end());

  // The rows to read: the segments holding a day of the refresh window.
  bool has_days = false;
  int32_t min_day = 0, max_day = 0;
  for (const auto& [id, s] : after.sources) {
    if (!s.timed || !s.has_days()) continue;
    min_day = has_days ? std::min(min_day, s.min_day()) : s.min_day();
    max_day = has_days ? std::max(max_day, s.max_day()) : s.max_day();
    has_days = true;
  }
  if (has_days) {
    const RefreshWindow window =
        PlanRefreshWindow(min_day, max_day, {days.begin(), days.end()}, SeriesReach(plan, compiled), grains);
    for (const auto& [id, now] : d.now) {
      const catalog::SourceDef* def = catalog.workspace.FindSource(id);
      if (!def->time.empty()) d.read[id] = WindowPart(*live[id], now, window, zone);
    }
  }
  d.refresh = ComputeOptions::Refresh{std::vector<int32_t>(days.begin(), days.end()), std::move(after)};
  return d;
}

}  // namespace northstar::engine

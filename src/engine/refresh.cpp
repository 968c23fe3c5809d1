#include "engine/refresh.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>

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

// Text form, one source per line: `id version edit_rows seg,seg,...`.
std::string EncodeSeen(const SeenState& seen) {
  std::string out;
  for (const auto& [id, s] : seen) {
    out += id + " " + std::to_string(s.version) + " " + std::to_string(s.edit_rows) + " ";
    for (size_t i = 0; i < s.segments.size(); ++i) out += (i ? "," : "") + std::to_string(s.segments[i]);
    out += "\n";
  }
  return out;
}

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
    std::string number;
    while (std::getline(list, number, ',')) {
      if (number.empty()) continue;
      uint64_t value = 0;
      const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
      if (ec != std::errc() || end != number.data() + number.size()) {
        return Status::InvalidArgument("bad segment number in seen-state line: " + line);
      }
      s.segments.push_back(value);
    }
    std::sort(s.segments.begin(), s.segments.end());
    seen[id] = std::move(s);
  }
  return seen;
}

namespace {

// Adds the local day of every timed row of `table` from row `skip` on.
Status AddDays(const catalog::SourceDef& source, const store::Table& table, uint64_t skip,
               const time::ZoneConverter& zone, std::set<int32_t>& days) {
  if (table.rows() <= skip) return Status::Ok();
  if (table.FindColumn(source.time) < 0) return Status::Ok();  // no row has a time value
  ASSIGN_OR_RETURN(const store::Column* col, table.column(source.time));
  if (col->type() != catalog::ColumnType::kTimestamp) {
    return Status::InvalidArgument("source '" + source.id + "': time column '" + source.time +
                                   "' is not a timestamp in the store");
  }
  for (size_t r = skip; r < col->size(); ++r) {
    if (!col->is_null(r)) days.insert(time::LocalDay(col->ints()[r], zone));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<int32_t>> ChangedDays(const catalog::SourceDef& source, const store::Table& live,
                                         const store::Table& edits, const SeenSource& seen,
                                         const time::ZoneConverter& zone) {
  std::set<int32_t> days;
  if (live.version() == seen.version || source.time.empty()) return std::vector<int32_t>{};
  if (edits.rows() < seen.edit_rows) {
    return Status::InvalidArgument("source '" + source.id + "': the edit log is shorter than when last seen");
  }
  // Segments that did not exist then: inserted rows and new versions.
  std::vector<store::Table::Part> fresh;
  for (const auto& part : live.parts()) {
    if (!std::binary_search(seen.segments.begin(), seen.segments.end(), part.entry.file_number)) {
      fresh.push_back(part);
    }
  }
  if (!fresh.empty()) {
    const store::Table added(live.source(), live.version(), live.schema(), live.key_column(),
                             live.time_column(), std::move(fresh));
    RETURN_IF_ERROR(AddDays(source, added, 0, zone, days));
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
    const store::Table added(edits.source(), edits.version(), edits.schema(), edits.key_column(),
                             edits.time_column(), std::move(tail));
    RETURN_IF_ERROR(AddDays(source, added, skip, zone, days));
  }
  return std::vector<int32_t>(days.begin(), days.end());
}

}  // namespace northstar::engine

namespace northstar::engine {

Result<RefreshDecision> DecideRefresh(const catalog::Catalog& catalog, const Plan& plan, store::Store* store,
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
  if (!d.why_full.empty()) return d;
  if (!previous_seen || !previous_shape) {
    d.why_full = "first compute of these definitions, KPIs and grain";
    return d;
  }
  if (!CanRefresh(plan, catalog)) {
    d.why_full = "snapshot aggregates or untimed KPIs over timed sources";
    return d;
  }
  auto seen = DecodeSeen(*previous_seen);
  if (!seen.ok()) {
    d.why_full = "unreadable record of the last compute";
    return d;
  }
  ASSIGN_OR_RETURN(auto zone, time::ZoneConverter::Create(catalog.workspace.timezone));
  std::set<int32_t> days;
  bool changed = false;
  for (const auto& [id, now] : d.now) {
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
    auto changed_days = ChangedDays(*def, *live[id], *edits[id], it->second, zone);
    if (!changed_days.ok()) {
      d.why_full = changed_days.status().message();
      return d;
    }
    days.insert(changed_days->begin(), changed_days->end());
  }
  if (!changed) {
    d.unchanged = true;
    return d;
  }
  if (days.empty()) {  // only rows without a time value changed; they may add segment values
    d.why_full = "only rows without a time value changed";
    return d;
  }
  d.refresh = ComputeOptions::Refresh{std::vector<int32_t>(days.begin(), days.end()), *previous_shape};
  return d;
}

}  // namespace northstar::engine

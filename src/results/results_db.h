// The results store: every computed value with its KPI, grain, period, segment and
// definition version, in one SQLite file (WAL mode) inside the workspace.
//
// Contract:
// - Writes are transactional: a killed process leaves either the old or the new set of
//   values, never a mix (SQLite's journal does the work).
// - A value that changes for an existing (kpi, grain, period, segment, version) is a
//   *restatement*: the new value replaces it and the old one is kept in `restatements`
//   with when and why it changed.
// - A definition change starts a new version (EnsureVersion); values of different
//   versions live side by side and Series() never mixes them.
// - Not thread-safe: one ResultsDb per thread. Several processes may read while one writes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "time/period.h"

struct sqlite3;

namespace northstar::results {

struct ValueRow {
  std::string kpi;
  catalog::Grain grain = catalog::Grain::kDay;
  std::string period;           // label as printed: 2026-03-05, 2026-W10, 2026-03, 2026-Q1, 2026, all
  std::string segment;          // "*" or "dim=value"
  std::optional<double> value;  // null = no value (no rows, division by zero)
  int64_t rows = 0;             // rows behind the value (for minimum-volume rules)
};

struct Restatement {
  std::string kpi, period, segment;
  catalog::Grain grain = catalog::Grain::kDay;
  int32_t version = 0;
  std::optional<double> old_value, new_value;
  std::string old_computed_at, restated_at;  // ISO 8601 UTC
  std::string reason;
};

struct WriteStats {
  int64_t inserted = 0;
  int64_t restated = 0;
  int64_t unchanged = 0;
};

// The local days (workspace time zone) a measure's data spans as of the last compute:
// from the latest first day of the timed sources it reads to the earliest last day
// among them (engine/coverage.h). The judge uses it to tell complete periods.
using DataSpan = time::DaySpan;

struct DefinitionVersion {
  std::string kpi;
  int32_t version = 0;
  std::string hash;
  std::string definition;
  std::string change_reason;
  std::string created_at;
};

class ResultsDb {
 public:
  // Opens (creating if needed) the database at `path`; creates parent directories.
  // `vfs` names a registered SQLite VFS to do the file operations (tests pass one that
  // injects faults); empty is SQLite's default.
  static Result<std::unique_ptr<ResultsDb>> Open(const std::string& path, const std::string& vfs = "");
  ~ResultsDb();
  ResultsDb(const ResultsDb&) = delete;
  ResultsDb& operator=(const ResultsDb&) = delete;

  // Returns the current version of `kpi` if its latest definition hash equals `hash`;
  // otherwise records a new version (latest + 1, or 1) and returns it. `legacy_hash`
  // is the same definition's hash under an identity an older Northstar recorded: a
  // latest version that carries it is the same definition, so it is re-keyed to
  // `hash` and `definition` instead of starting a new version.
  Result<int32_t> EnsureVersion(const std::string& kpi, const std::string& hash,
                                const std::string& definition, const std::string& change_reason,
                                const std::string& now_iso, const std::string& legacy_hash = {});
  // Removes the values of `kpi`'s `version` that its shape no longer produces: grains
  // finer than `finest` (its frequency) and segments of dimensions not in `dimensions`.
  // A change of `frequency` or `segments:` is not a new definition version, so these
  // would otherwise linger beside the new values. Restatements of them stay as history.
  // Returns how many values were removed.
  Result<int64_t> DropValuesOutside(const std::string& kpi, int32_t version, catalog::Grain finest,
                                    const std::vector<std::string>& dimensions);
  Result<std::vector<DefinitionVersion>> Versions(const std::string& kpi);

  // Groups every write until Commit() into one transaction: all of it lands or none
  // does, and it costs one commit instead of one per KPI. Rollback() drops it.
  Status Begin();
  Status Commit();
  void Rollback();

  // Writes `rows` (all of `version`) in one transaction (or in the one Begin()
  // opened); changed values become restatements with `reason`. `now_iso` is the
  // computed-at time.
  Result<WriteStats> Write(int32_t version, const std::vector<ValueRow>& rows, const std::string& now_iso,
                           const std::string& reason);

  // Values of one KPI at one grain and segment for one version, ordered by period label.
  Result<std::vector<ValueRow>> Series(const std::string& kpi, catalog::Grain grain,
                                       const std::string& segment, int32_t version);
  // Every value of the latest version of each KPI (what `status` and `serve` read),
  // ordered by kpi, period, segment unless `ordered` is false (a caller that sorts
  // them its own way saves SQLite the sort).
  Result<std::vector<ValueRow>> LatestValues(bool ordered = true);

  Result<std::vector<Restatement>> Restatements(const std::string& kpi);

  // The data span of each measure's sources as of the last compute that wrote it; a
  // measure without one (it reads only snapshot sources) is missing. nullopt erases.
  Status SetCoverage(const std::string& kpi, const std::optional<DataSpan>& span);
  Result<std::map<std::string, DataSpan>> Coverage();

  // Small key/value metadata (e.g. the last store commit a compute has seen).
  Result<std::optional<std::string>> GetMeta(const std::string& key);
  Status SetMeta(const std::string& key, const std::string& value);

 private:
  explicit ResultsDb(sqlite3* db) : db_(db) {}
  Status Exec(const char* sql);
  sqlite3* db_;
  bool in_batch_ = false;  // inside Begin() .. Commit()
};

}  // namespace northstar::results

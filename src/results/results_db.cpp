#include "results/results_db.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>

#include "sqlite/database.h"
#include "time/grain.h"

namespace northstar::results {
namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS definition_versions (
  kpi TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL, definition TEXT NOT NULL,
  change_reason TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (kpi, version));
CREATE TABLE IF NOT EXISTS kpi_values (
  kpi TEXT NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL, segment TEXT NOT NULL,
  version INTEGER NOT NULL, value REAL, rows INTEGER NOT NULL, computed_at TEXT NOT NULL,
  PRIMARY KEY (kpi, grain, period, segment, version)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS restatements (
  kpi TEXT NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL, segment TEXT NOT NULL,
  version INTEGER NOT NULL, old_value REAL, new_value REAL, old_computed_at TEXT NOT NULL,
  restated_at TEXT NOT NULL, reason TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS restatements_by_kpi ON restatements (kpi, period, segment);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS coverage (
  kpi TEXT PRIMARY KEY, first_day INTEGER NOT NULL, last_day INTEGER NOT NULL) WITHOUT ROWID;
)sql";

// A grain read back from the database; a name no version of Northstar writes means
// the file was changed by something else.
Result<catalog::Grain> GrainFromText(const std::string& s) {
  if (auto grain = time::ParseGrain(s); grain && s == time::GrainName(*grain)) return *grain;
  return Status::Corruption("unknown grain '" + s + "' in the results database");
}

// Values are equal when both are null or both hold the same double bit for bit
// (a restatement is any change a reader could observe).
bool SameValue(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || *a == *b;
}

Result<ValueRow> ReadValueRow(const sqlite::Statement& s) {
  ValueRow row;
  row.kpi = s.Text(0);
  ASSIGN_OR_RETURN(row.grain, GrainFromText(s.Text(1)));
  row.period = s.Text(2);
  row.segment = s.Text(3);
  row.value = s.Double(4);
  row.rows = s.Int(5);
  return row;
}

}  // namespace

Result<std::unique_ptr<ResultsDb>> ResultsDb::Open(const std::string& path, const std::string& vfs) {
  Result<sqlite3*> opened = sqlite::OpenReadWrite(path, 10000, vfs);
  if (!opened.ok()) return opened.status().WithContext("results database");
  sqlite3* db = *opened;
  // The write-ahead log stays when the connection closes instead of being checkpointed
  // into the database and deleted: that checkpoint and the next command's creating the
  // log again cost four fsyncs, most of a refresh's time. SQLite still checkpoints when
  // the log reaches 1 000 pages; a killed process loses nothing committed, as before.
  sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  std::unique_ptr<ResultsDb> results(new ResultsDb(db));
  RETURN_IF_ERROR(results->Exec(kSchema).WithContext("results database " + path));
  return results;
}

ResultsDb::~ResultsDb() {
  sqlite3_close(db_);
}

Status ResultsDb::Exec(const char* sql) {
  return sqlite::Exec(db_, sql, "results database");
}

Result<int32_t> ResultsDb::EnsureVersion(const std::string& kpi, const std::string& hash,
                                         const std::string& definition, const std::string& change_reason,
                                         const std::string& now_iso, const std::string& legacy_hash) {
  ASSIGN_OR_RETURN(
      auto latest,
      sqlite::Statement::Prepare(
          db_, "SELECT version, hash FROM definition_versions WHERE kpi = ? ORDER BY version DESC LIMIT 1"));
  latest.Bind(1, kpi);
  ASSIGN_OR_RETURN(bool found, latest.Step());
  int32_t version = 1;
  if (found) {
    const auto current = static_cast<int32_t>(latest.Int(0));
    if (latest.Text(1) == hash) return current;
    if (!legacy_hash.empty() && latest.Text(1) == legacy_hash) {
      ASSIGN_OR_RETURN(auto rekey,
                       sqlite::Statement::Prepare(db_,
                                                  "UPDATE definition_versions SET hash = ?, definition = ? "
                                                  "WHERE kpi = ? AND version = ?"));
      rekey.Bind(1, hash);
      rekey.Bind(2, definition);
      rekey.Bind(3, kpi);
      rekey.Bind(4, int64_t{current});
      RETURN_IF_ERROR(rekey.Run());
      return current;
    }
    version = current + 1;
  }
  ASSIGN_OR_RETURN(auto insert, sqlite::Statement::Prepare(
                                    db_, "INSERT INTO definition_versions VALUES (?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, kpi);
  insert.Bind(2, int64_t{version});
  insert.Bind(3, hash);
  insert.Bind(4, definition);
  insert.Bind(5, change_reason);
  insert.Bind(6, now_iso);
  RETURN_IF_ERROR(insert.Run());
  return version;
}

Result<int64_t> ResultsDb::DropValuesOutside(const std::string& kpi, int32_t version, catalog::Grain finest,
                                             const std::vector<std::string>& dimensions) {
  ASSIGN_OR_RETURN(auto shapes,
                   sqlite::Statement::Prepare(db_,
                                              "SELECT DISTINCT grain, segment, period = 'all' FROM "
                                              "kpi_values WHERE kpi = ? AND version = ?"));
  shapes.Bind(1, kpi);
  shapes.Bind(2, int64_t{version});
  struct Stale {
    std::string grain, segment;
    bool all;  // the single period of a source without time
  };
  std::vector<Stale> stale;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, shapes.Step());
    if (!row) break;
    Stale s{shapes.Text(0), shapes.Text(1), shapes.Int(2) != 0};
    const std::optional<catalog::Grain> g = time::ParseGrain(s.grain);
    const std::string dimension = s.segment.substr(0, s.segment.find('='));
    const bool kept_dimension =
        s.segment == "*" || std::find(dimensions.begin(), dimensions.end(), dimension) != dimensions.end();
    // A timed measure has every grain from its frequency up; an untimed one has its
    // single `all` value at the frequency alone.
    const bool kept_grain = g && (s.all ? *g == finest : *g >= finest);
    if (!kept_dimension || !kept_grain) stale.push_back(std::move(s));
  }
  ASSIGN_OR_RETURN(auto drop,
                   sqlite::Statement::Prepare(db_,
                                              "DELETE FROM kpi_values WHERE kpi = ? AND version = ? AND "
                                              "grain = ? AND segment = ? AND (period = 'all') = ?"));
  int64_t removed = 0;
  for (const Stale& s : stale) {
    drop.Reset();
    drop.Bind(1, kpi);
    drop.Bind(2, int64_t{version});
    drop.Bind(3, s.grain);
    drop.Bind(4, s.segment);
    drop.Bind(5, int64_t{s.all ? 1 : 0});
    RETURN_IF_ERROR(drop.Run());
    removed += sqlite3_changes(db_);
  }
  return removed;
}

Result<std::vector<DefinitionVersion>> ResultsDb::Versions(const std::string& kpi) {
  ASSIGN_OR_RETURN(
      auto query,
      sqlite::Statement::Prepare(
          db_,
          "SELECT kpi, version, hash, definition, change_reason, created_at FROM definition_versions "
          "WHERE kpi = ? ORDER BY version"));
  query.Bind(1, kpi);
  std::vector<DefinitionVersion> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    out.push_back({query.Text(0), static_cast<int32_t>(query.Int(1)), query.Text(2), query.Text(3),
                   query.Text(4), query.Text(5)});
  }
  return out;
}

Status ResultsDb::Begin() {
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  in_batch_ = true;
  return Status::Ok();
}

Status ResultsDb::Commit() {
  in_batch_ = false;
  return Exec("COMMIT");
}

void ResultsDb::Rollback() {
  if (!in_batch_) return;
  in_batch_ = false;
  (void)Exec("ROLLBACK");
}

Result<WriteStats> ResultsDb::Write(int32_t version, const std::vector<ValueRow>& rows,
                                    const std::string& now_iso, const std::string& reason) {
  const bool own = !in_batch_;  // a transaction of its own unless inside Begin() .. Commit()
  if (own) RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto body = [&]() -> Result<WriteStats> {
    ASSIGN_OR_RETURN(auto lookup,
                     sqlite::Statement::Prepare(
                         db_,
                         "SELECT value, computed_at, rows FROM kpi_values "
                         "WHERE kpi = ? AND grain = ? AND period = ? AND segment = ? AND version = ?"));
    ASSIGN_OR_RETURN(
        auto upsert,
        sqlite::Statement::Prepare(db_, "INSERT OR REPLACE INTO kpi_values VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    ASSIGN_OR_RETURN(auto update_rows, sqlite::Statement::Prepare(
                                           db_,
                                           "UPDATE kpi_values SET rows = ? WHERE kpi = ? AND grain = ? AND "
                                           "period = ? AND segment = ? AND version = ?"));
    ASSIGN_OR_RETURN(
        auto restate,
        sqlite::Statement::Prepare(db_, "INSERT INTO restatements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    WriteStats stats;
    for (const ValueRow& row : rows) {
      const std::string grain = time::GrainName(row.grain);
      lookup.Reset();
      lookup.Bind(1, row.kpi);
      lookup.Bind(2, grain);
      lookup.Bind(3, row.period);
      lookup.Bind(4, row.segment);
      lookup.Bind(5, int64_t{version});
      ASSIGN_OR_RETURN(bool exists, lookup.Step());
      if (exists) {
        std::optional<double> old_value = lookup.Double(0);
        if (SameValue(old_value, row.value)) {
          ++stats.unchanged;
          // The same value from other rows (a share that stayed at 1 while rows came
          // in): no restatement, but the rows behind it, which the judge's volume
          // rules read, are brought up to date.
          if (lookup.Int(2) == row.rows) continue;
          update_rows.Reset();
          update_rows.Bind(1, row.rows);
          update_rows.Bind(2, row.kpi);
          update_rows.Bind(3, grain);
          update_rows.Bind(4, row.period);
          update_rows.Bind(5, row.segment);
          update_rows.Bind(6, int64_t{version});
          RETURN_IF_ERROR(update_rows.Run());
          continue;
        }
        restate.Reset();
        restate.Bind(1, row.kpi);
        restate.Bind(2, grain);
        restate.Bind(3, row.period);
        restate.Bind(4, row.segment);
        restate.Bind(5, int64_t{version});
        restate.Bind(6, old_value);
        restate.Bind(7, row.value);
        restate.Bind(8, lookup.Text(1));
        restate.Bind(9, now_iso);
        restate.Bind(10, reason);
        RETURN_IF_ERROR(restate.Run());
        ++stats.restated;
      } else {
        ++stats.inserted;
      }
      upsert.Reset();
      upsert.Bind(1, row.kpi);
      upsert.Bind(2, grain);
      upsert.Bind(3, row.period);
      upsert.Bind(4, row.segment);
      upsert.Bind(5, int64_t{version});
      upsert.Bind(6, row.value);
      upsert.Bind(7, row.rows);
      upsert.Bind(8, now_iso);
      RETURN_IF_ERROR(upsert.Run());
    }
    return stats;
  };
  Result<WriteStats> outcome = body();
  if (!own) return outcome;
  if (!outcome.ok()) {
    (void)Exec("ROLLBACK");
    return outcome.status();
  }
  RETURN_IF_ERROR(Exec("COMMIT"));
  return outcome;
}

Result<std::vector<ValueRow>> ResultsDb::Series(const std::string& kpi, catalog::Grain grain,
                                                const std::string& segment, int32_t version) {
  ASSIGN_OR_RETURN(auto query,
                   sqlite::Statement::Prepare(
                       db_,
                       "SELECT kpi, grain, period, segment, value, rows FROM kpi_values "
                       "WHERE kpi = ? AND grain = ? AND segment = ? AND version = ? ORDER BY period"));
  query.Bind(1, kpi);
  query.Bind(2, std::string(time::GrainName(grain)));
  query.Bind(3, segment);
  query.Bind(4, int64_t{version});
  std::vector<ValueRow> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(ValueRow value_row, ReadValueRow(query));
    out.push_back(std::move(value_row));
  }
  return out;
}

Result<std::vector<ValueRow>> ResultsDb::LatestValues(bool ordered) {
  const std::string sql =
      "SELECT v.kpi, v.grain, v.period, v.segment, v.value, v.rows FROM kpi_values v "
      "JOIN (SELECT kpi, MAX(version) AS version FROM definition_versions GROUP BY kpi) d "
      "ON v.kpi = d.kpi AND v.version = d.version" +
      std::string(ordered ? " ORDER BY v.kpi, v.period, v.segment" : "");
  ASSIGN_OR_RETURN(auto query, sqlite::Statement::Prepare(db_, sql.c_str()));
  std::vector<ValueRow> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(ValueRow value_row, ReadValueRow(query));
    out.push_back(std::move(value_row));
  }
  return out;
}

Result<std::vector<Restatement>> ResultsDb::Restatements(const std::string& kpi) {
  ASSIGN_OR_RETURN(auto query,
                   sqlite::Statement::Prepare(
                       db_,
                       "SELECT kpi, grain, period, segment, version, old_value, new_value, old_computed_at, "
                       "restated_at, reason FROM restatements WHERE kpi = ? ORDER BY rowid"));
  query.Bind(1, kpi);
  std::vector<Restatement> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    Restatement r;
    r.kpi = query.Text(0);
    ASSIGN_OR_RETURN(r.grain, GrainFromText(query.Text(1)));
    r.period = query.Text(2);
    r.segment = query.Text(3);
    r.version = static_cast<int32_t>(query.Int(4));
    r.old_value = query.Double(5);
    r.new_value = query.Double(6);
    r.old_computed_at = query.Text(7);
    r.restated_at = query.Text(8);
    r.reason = query.Text(9);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::optional<std::string>> ResultsDb::GetMeta(const std::string& key) {
  ASSIGN_OR_RETURN(auto query, sqlite::Statement::Prepare(db_, "SELECT value FROM meta WHERE key = ?"));
  query.Bind(1, key);
  ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(query.Text(0));
}

Status ResultsDb::SetMeta(const std::string& key, const std::string& value) {
  ASSIGN_OR_RETURN(auto upsert, sqlite::Statement::Prepare(db_, "INSERT OR REPLACE INTO meta VALUES (?, ?)"));
  upsert.Bind(1, key);
  upsert.Bind(2, value);
  return upsert.Run();
}

Status ResultsDb::SetCoverage(const std::string& kpi, const std::optional<DataSpan>& span) {
  if (!span) {
    ASSIGN_OR_RETURN(auto erase, sqlite::Statement::Prepare(db_, "DELETE FROM coverage WHERE kpi = ?"));
    erase.Bind(1, kpi);
    return erase.Run();
  }
  ASSIGN_OR_RETURN(auto upsert,
                   sqlite::Statement::Prepare(db_, "INSERT OR REPLACE INTO coverage VALUES (?, ?, ?)"));
  upsert.Bind(1, kpi);
  upsert.Bind(2, static_cast<int64_t>(span->first_day));
  upsert.Bind(3, static_cast<int64_t>(span->last_day));
  return upsert.Run();
}

Result<std::map<std::string, DataSpan>> ResultsDb::Coverage() {
  ASSIGN_OR_RETURN(auto query,
                   sqlite::Statement::Prepare(db_, "SELECT kpi, first_day, last_day FROM coverage"));
  std::map<std::string, DataSpan> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    out[query.Text(0)] = DataSpan{static_cast<int32_t>(query.Int(1)), static_cast<int32_t>(query.Int(2))};
  }
  return out;
}

}  // namespace northstar::results

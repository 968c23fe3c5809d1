#include "actions/action_log.h"

#include <sqlite3.h>

#include <filesystem>

#include "sqlite/database.h"

namespace northstar::actions {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS alert_log (
  dedup_key TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, sent_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS alert_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT, alert_key TEXT NOT NULL, sink TEXT NOT NULL,
  attempts INTEGER NOT NULL, http_status INTEGER NOT NULL, accepted INTEGER NOT NULL,
  error TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alert_deliveries_by_key ON alert_deliveries (alert_key, sink, accepted);
CREATE TABLE IF NOT EXISTS alert_episodes (
  kpi TEXT NOT NULL, segment TEXT NOT NULL, grain TEXT NOT NULL, last_period TEXT NOT NULL,
  PRIMARY KEY (kpi, segment));
CREATE TABLE IF NOT EXISTS action_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kpi TEXT NOT NULL, subject TEXT NOT NULL, segment TEXT NOT NULL,
  grain TEXT NOT NULL, period TEXT NOT NULL, rules TEXT NOT NULL, what TEXT NOT NULL, who TEXT NOT NULL,
  review_after_days INTEGER NOT NULL, due TEXT NOT NULL, opened_at TEXT NOT NULL, status TEXT NOT NULL,
  verdict TEXT NOT NULL DEFAULT '', verdict_detail TEXT NOT NULL DEFAULT '',
  judged_at TEXT NOT NULL DEFAULT '', closed_at TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS action_items_by_kpi ON action_items (kpi, segment, status);
CREATE TABLE IF NOT EXISTS action_notes (item_id INTEGER NOT NULL, at TEXT NOT NULL, text TEXT NOT NULL);
)sql";

// Grains in the log are written by Northstar (GrainName); weekly is what items had
// before the column was filled.
catalog::Grain GrainOf(const std::string& text) {
  return catalog::ParseGrain(text).value_or(catalog::Grain::kWeek);
}

constexpr const char* kItemColumns =
    "id, kpi, subject, segment, grain, period, rules, what, who, review_after_days, due, opened_at, status, "
    "verdict, verdict_detail, judged_at, closed_at";

ActionItem ReadItem(const sqlite::Statement& s) {
  ActionItem it;
  it.id = s.Int(0);
  it.kpi = s.Text(1);
  it.subject = s.Text(2);
  it.segment = s.Text(3);
  it.grain = GrainOf(s.Text(4));
  it.period = s.Text(5);
  it.rules = s.Text(6);
  it.what = s.Text(7);
  it.who = s.Text(8);
  it.review_after_days = static_cast<int32_t>(s.Int(9));
  it.due = s.Text(10);
  it.opened_at = s.Text(11);
  it.status = s.Text(12);
  it.verdict = s.Text(13);
  it.verdict_detail = s.Text(14);
  it.judged_at = s.Text(15);
  it.closed_at = s.Text(16);
  return it;
}

}  // namespace

Result<std::unique_ptr<ActionLog>> ActionLog::Open(const std::string& db_path) {
  ASSIGN_OR_RETURN(sqlite3 * db, sqlite::OpenReadWrite(db_path, 5000));
  std::unique_ptr<ActionLog> log(new ActionLog(db));
  RETURN_IF_ERROR(log->Exec("PRAGMA journal_mode = WAL;"));
  RETURN_IF_ERROR(log->Exec(kSchema));
  return log;
}

ActionLog::~ActionLog() {
  sqlite3_close(db_);
}

Status ActionLog::Exec(const char* sql) {
  return sqlite::Exec(db_, sql, "action log");
}

Result<bool> ActionLog::WasSent(const std::string& key) {
  ASSIGN_OR_RETURN(auto q, sqlite::Statement::Prepare(db_, "SELECT 1 FROM alert_log WHERE dedup_key = ?"));
  q.Bind(1, key);
  return q.Step();
}

Status ActionLog::MarkSent(const std::string& key, const std::string& kind, const std::string& payload,
                           const std::string& now_iso) {
  ASSIGN_OR_RETURN(auto q, sqlite::Statement::Prepare(
                               db_,
                               "INSERT OR IGNORE INTO alert_log (dedup_key, kind, payload, sent_at) "
                               "VALUES (?, ?, ?, ?)"));
  q.Bind(1, key);
  q.Bind(2, kind);
  q.Bind(3, payload);
  q.Bind(4, now_iso);
  return q.Run();
}

Result<int64_t> ActionLog::SentCount() {
  ASSIGN_OR_RETURN(auto q, sqlite::Statement::Prepare(db_, "SELECT COUNT(*) FROM alert_log"));
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Int(0) : 0;
}

Status ActionLog::RecordDelivery(const DeliveryRecord& r) {
  ASSIGN_OR_RETURN(auto q,
                   sqlite::Statement::Prepare(
                       db_,
                       "INSERT INTO alert_deliveries (alert_key, sink, attempts, http_status, accepted, "
                       "error, at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  q.Bind(1, r.alert_key);
  q.Bind(2, r.sink);
  q.Bind(3, static_cast<int64_t>(r.attempts));
  q.Bind(4, static_cast<int64_t>(r.http_status));
  q.Bind(5, static_cast<int64_t>(r.accepted ? 1 : 0));
  q.Bind(6, r.error);
  q.Bind(7, r.at);
  return q.Run();
}

Result<bool> ActionLog::Accepted(const std::string& alert_key, const std::string& sink) {
  ASSIGN_OR_RETURN(auto q,
                   sqlite::Statement::Prepare(db_,
                                              "SELECT 1 FROM alert_deliveries WHERE alert_key = ? AND "
                                              "sink = ? AND accepted = 1"));
  q.Bind(1, alert_key);
  q.Bind(2, sink);
  return q.Step();
}

Result<bool> ActionLog::Attempted(const std::string& alert_key) {
  ASSIGN_OR_RETURN(auto q,
                   sqlite::Statement::Prepare(db_, "SELECT 1 FROM alert_deliveries WHERE alert_key = ?"));
  q.Bind(1, alert_key);
  return q.Step();
}

Result<std::vector<DeliveryRecord>> ActionLog::Deliveries() {
  ASSIGN_OR_RETURN(auto q,
                   sqlite::Statement::Prepare(db_,
                                              "SELECT alert_key, sink, attempts, http_status, accepted, "
                                              "error, at FROM alert_deliveries ORDER BY id"));
  std::vector<DeliveryRecord> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    DeliveryRecord r;
    r.alert_key = q.Text(0);
    r.sink = q.Text(1);
    r.attempts = static_cast<int32_t>(q.Int(2));
    r.http_status = static_cast<int32_t>(q.Int(3));
    r.accepted = q.Int(4) != 0;
    r.error = q.Text(5);
    r.at = q.Text(6);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::optional<std::string>> ActionLog::ActiveEpisode(const std::string& kpi,
                                                            const std::string& segment) {
  ASSIGN_OR_RETURN(auto q, sqlite::Statement::Prepare(
                               db_, "SELECT last_period FROM alert_episodes WHERE kpi = ? AND segment = ?"));
  q.Bind(1, kpi);
  q.Bind(2, segment);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(q.Text(0));
}

Status ActionLog::SetEpisode(const std::string& kpi, const std::string& segment, const std::string& grain,
                             const std::string& period) {
  ASSIGN_OR_RETURN(auto q, sqlite::Statement::Prepare(
                               db_,
                               "INSERT OR REPLACE INTO alert_episodes (kpi, segment, grain, last_period) "
                               "VALUES (?, ?, ?, ?)"));
  q.Bind(1, kpi);
  q.Bind(2, segment);
  q.Bind(3, grain);
  q.Bind(4, period);
  return q.Run();
}

Status ActionLog::EndEpisode(const std::string& kpi, const std::string& segment) {
  ASSIGN_OR_RETURN(
      auto q, sqlite::Statement::Prepare(db_, "DELETE FROM alert_episodes WHERE kpi = ? AND segment = ?"));
  q.Bind(1, kpi);
  q.Bind(2, segment);
  return q.Run();
}

Result<int64_t> ActionLog::AddItem(const ActionItem& it) {
  ASSIGN_OR_RETURN(auto q, sqlite::Statement::Prepare(
                               db_,
                               "INSERT INTO action_items (kpi, subject, segment, grain, period, rules, what, "
                               "who, review_after_days, due, opened_at, status) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')"));
  q.Bind(1, it.kpi);
  q.Bind(2, it.subject.empty() ? it.kpi : it.subject);
  q.Bind(3, it.segment);
  q.Bind(4, std::string(catalog::GrainName(it.grain)));
  q.Bind(5, it.period);
  q.Bind(6, it.rules);
  q.Bind(7, it.what);
  q.Bind(8, it.who);
  q.Bind(9, static_cast<int64_t>(it.review_after_days));
  q.Bind(10, it.due);
  q.Bind(11, it.opened_at);
  RETURN_IF_ERROR(q.Run());
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<bool> ActionLog::HasOpenItem(const std::string& kpi, const std::string& segment) {
  ASSIGN_OR_RETURN(auto q,
                   sqlite::Statement::Prepare(
                       db_, "SELECT 1 FROM action_items WHERE kpi = ? AND segment = ? AND status = 'open'"));
  q.Bind(1, kpi);
  q.Bind(2, segment);
  return q.Step();
}

Result<std::vector<int64_t>> ActionLog::ItemIdsAt(const std::string& kpi, const std::string& segment,
                                                  const std::string& period) {
  ASSIGN_OR_RETURN(auto q,
                   sqlite::Statement::Prepare(db_,
                                              "SELECT id FROM action_items WHERE kpi = ? AND segment = ? "
                                              "AND period = ? ORDER BY id"));
  q.Bind(1, kpi);
  q.Bind(2, segment);
  q.Bind(3, period);
  std::vector<int64_t> ids;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ids.push_back(q.Int(0));
  }
  return ids;
}

Result<std::vector<ActionItem>> ActionLog::Items(bool open_only) {
  std::string sql = std::string("SELECT ") + kItemColumns + " FROM action_items" +
                    (open_only ? " WHERE status = 'open'" : "") + " ORDER BY id";
  ASSIGN_OR_RETURN(auto q, sqlite::Statement::Prepare(db_, sql.c_str()));
  std::vector<ActionItem> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadItem(q));
  }
  ASSIGN_OR_RETURN(auto notes, sqlite::Statement::Prepare(
                                   db_, "SELECT item_id, at, text FROM action_notes ORDER BY rowid"));
  while (true) {
    ASSIGN_OR_RETURN(bool row, notes.Step());
    if (!row) break;
    const int64_t id = notes.Int(0);
    for (ActionItem& it : out) {
      if (it.id == id) it.notes.push_back({notes.Text(1), notes.Text(2)});
    }
  }
  return out;
}

Result<std::optional<ActionItem>> ActionLog::Item(int64_t id) {
  ASSIGN_OR_RETURN(std::vector<ActionItem> all, Items(false));
  for (ActionItem& it : all) {
    if (it.id == id) return std::optional<ActionItem>(std::move(it));
  }
  return std::optional<ActionItem>();
}

Status ActionLog::Close(int64_t id, const std::string& now_iso) {
  ASSIGN_OR_RETURN(std::optional<ActionItem> it, Item(id));
  if (!it) return Status::NotFound("no action item #" + std::to_string(id));
  if (it->status != "open") {
    return Status::Conflict("action item #" + std::to_string(id) + " is already " + it->status);
  }
  ASSIGN_OR_RETURN(auto q, sqlite::Statement::Prepare(
                               db_, "UPDATE action_items SET status = 'closed', closed_at = ? WHERE id = ?"));
  q.Bind(1, now_iso);
  q.Bind(2, id);
  return q.Run();
}

Status ActionLog::AddNote(int64_t id, const std::string& text, const std::string& now_iso) {
  ASSIGN_OR_RETURN(std::optional<ActionItem> it, Item(id));
  if (!it) return Status::NotFound("no action item #" + std::to_string(id));
  ASSIGN_OR_RETURN(auto q, sqlite::Statement::Prepare(
                               db_, "INSERT INTO action_notes (item_id, at, text) VALUES (?, ?, ?)"));
  q.Bind(1, id);
  q.Bind(2, now_iso);
  q.Bind(3, text);
  return q.Run();
}

Status ActionLog::SaveVerdict(int64_t id, const std::string& verdict, const std::string& detail_json,
                              const std::string& now_iso) {
  ASSIGN_OR_RETURN(auto q, sqlite::Statement::Prepare(
                               db_,
                               "UPDATE action_items SET status = 'judged', verdict = ?, verdict_detail = ?, "
                               "judged_at = ? WHERE id = ? AND status = 'open'"));
  q.Bind(1, verdict);
  q.Bind(2, detail_json);
  q.Bind(3, now_iso);
  q.Bind(4, id);
  return q.Run();
}

}  // namespace northstar::actions

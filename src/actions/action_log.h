// The action log: alerts already sent, alert episodes and action items, kept in the
// workspace's results database (its own tables: alert_log, alert_episodes,
// action_items, action_notes) so a copy of that one file carries the whole history.
//
// - alert_log: one row per dedup key "kpi|period|segment|rule"; a key that exists has
//   been sent and is never sent again.
// - alert_deliveries: one row per delivery of an alert to a recorded sink (sinks.h):
//   sink, attempts, HTTP status or error, time. An alert whose keys are not in alert_log
//   yet is offered again on the next run, except to the sinks that took it already.
// - alert_episodes: per KPI x segment, the period of its last alert while it has not
//   recovered; a recovery message ends the episode.
// - action_items: what, who, due date (period end + review_after), status
//   open -> judged (verdict stored with its numbers as JSON) or closed by hand; notes.
// Not thread-safe; opens its own SQLite connection (WAL, 5 s busy timeout) so it can
// sit beside a ResultsDb on the same file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"

struct sqlite3;

namespace northstar::actions {

struct ActionNote {
  std::string at;  // ISO 8601 UTC
  std::string text;
};

struct ActionItem {
  int64_t id = 0;
  std::string kpi;      // the KPI that alerted
  std::string subject;  // the measure whose recovery judges the action (KPI or guard)
  std::string segment;
  catalog::Grain grain = catalog::Grain::kWeek;
  std::string period;  // the period that alerted
  std::string rules;   // "beyond_limits;3_of_4"
  std::string what, who;
  int32_t review_after_days = 14;
  std::string due;              // YYYY-MM-DD: last day of `period` + review_after_days
  std::string opened_at;        // ISO 8601 UTC
  std::string status = "open";  // open | judged | closed
  std::string verdict;          // worked | no_effect | inconclusive (when judged)
  std::string verdict_detail;   // JSON: the numbers behind the verdict
  std::string judged_at, closed_at;
  std::vector<ActionNote> notes;
};

// One delivery of an alert to a sink.
struct DeliveryRecord {
  std::string alert_key;  // Alert::DeliveryKey()
  std::string sink;       // AlertSink::Name(): a path or a URL
  int32_t attempts = 0;
  int32_t http_status = 0;  // the last HTTP answer; 0 without one
  bool accepted = false;
  std::string error;  // why not accepted ("" when accepted)
  std::string at;     // ISO 8601 UTC, when the delivery ended
};

class ActionLog {
 public:
  static Result<std::unique_ptr<ActionLog>> Open(const std::string& db_path);
  ~ActionLog();
  ActionLog(const ActionLog&) = delete;
  ActionLog& operator=(const ActionLog&) = delete;

  Result<bool> WasSent(const std::string& dedup_key);
  Status MarkSent(const std::string& dedup_key, const std::string& kind, const std::string& payload_json,
                  const std::string& now_iso);
  Result<int64_t> SentCount();

  Status RecordDelivery(const DeliveryRecord& record);
  // Whether `sink` has accepted the alert with this delivery key.
  Result<bool> Accepted(const std::string& alert_key, const std::string& sink);
  // Whether any delivery of the alert with this key was recorded (taken or not).
  Result<bool> Attempted(const std::string& alert_key);
  // Every delivery, oldest first.
  Result<std::vector<DeliveryRecord>> Deliveries();

  // The last alerted period of an unrecovered episode, or nullopt.
  Result<std::optional<std::string>> ActiveEpisode(const std::string& kpi, const std::string& segment);
  Status SetEpisode(const std::string& kpi, const std::string& segment, const std::string& grain,
                    const std::string& period);
  Status EndEpisode(const std::string& kpi, const std::string& segment);

  // Inserts `item` (id ignored) and returns its id.
  Result<int64_t> AddItem(const ActionItem& item);
  Result<bool> HasOpenItem(const std::string& kpi, const std::string& segment);
  // Ids of the items opened for kpi x segment at `period` (any status), ordered.
  Result<std::vector<int64_t>> ItemIdsAt(const std::string& kpi, const std::string& segment,
                                         const std::string& period);
  // All items (open first when `open_only`), ordered by id; notes included.
  Result<std::vector<ActionItem>> Items(bool open_only = false);
  Result<std::optional<ActionItem>> Item(int64_t id);
  // NotFound for an unknown id; InvalidArgument when the item is not open.
  Status Close(int64_t id, const std::string& now_iso);
  Status AddNote(int64_t id, const std::string& text, const std::string& now_iso);
  Status SaveVerdict(int64_t id, const std::string& verdict, const std::string& detail_json,
                     const std::string& now_iso);

 private:
  explicit ActionLog(sqlite3* db) : db_(db) {}
  Status Exec(const char* sql);
  sqlite3* db_;
};

}  // namespace northstar::actions

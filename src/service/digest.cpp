#include "service/digest.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "actions/alert.h"
#include "actions/sinks.h"
#include "judge/status.h"
#include "results/results_db.h"
#include "service/workspace.h"
#include "time/civil.h"
#include "time/period.h"
#include "time/timestamp.h"

namespace northstar::service {
namespace {

// Results-database meta key: the scheduled time of the last digest the server settled
// (sent, or on its first start the time before which none was owed).
constexpr const char* kDigestSettledKey = "digest.settled_through";

constexpr const char* kNoOwner = "(no owner)";

DigestKpi ToDigestKpi(const KpiCard& c) {
  DigestKpi k;
  k.kpi = c.kpi;
  k.name = c.name;
  const actions::AssessedPoint& p = *c.latest;
  k.period = p.label;
  k.value = c.format.Value(p.input.value);
  if (p.judged.target) k.target = c.format.Target(*p.judged.target);
  k.status = judge::KpiStatusName(p.judged.status);
  k.signals = p.SignalIds();
  if (c.previous) {
    k.previous_status = judge::KpiStatusName(c.previous->judged.status);
    if (p.input.value && c.previous->input.value)
      k.change = c.format.Change(*p.input.value - *c.previous->input.value);
  }
  return k;
}

// The KPIs `owner` hears about: those they own, and every KPI under a goal they own
// (its sub-goals included). kNoOwner: the KPIs nobody owns.
std::set<std::string> KpisOf(const std::string& owner, const catalog::Catalog& catalog) {
  std::set<std::string> out;
  auto under_owned_goal = [&](const std::string& goal_id) {
    std::set<std::string> seen;  // a cycle of parents is a catalog error; never loop on it
    for (const catalog::GoalDef* g = catalog.FindGoal(goal_id); g != nullptr && seen.insert(g->id).second;
         g = g->parent.empty() ? nullptr : catalog.FindGoal(g->parent)) {
      if (g->owner == owner) return true;
    }
    return false;
  };
  for (const catalog::MeasureDef& m : catalog.measures) {
    if (!m.is_kpi) continue;
    const bool mine = owner == kNoOwner ? m.owner.empty() : m.owner == owner || under_owned_goal(m.goal);
    if (mine) out.insert(m.id);
  }
  return out;
}

// The owner's digest from the scorecard's cards of their KPIs, and their actions due.
OwnerDigest Summarise(const std::string& owner, const std::set<std::string>& kpis,
                      const ScorecardReport& card, const std::vector<actions::ActionItem>& open,
                      const std::string& today, const std::string& due_by) {
  OwnerDigest d;
  d.owner = owner;
  d.kpis = static_cast<int32_t>(kpis.size());
  for (const GoalCards& g : card.goals) {
    for (const KpiCard& c : g.kpis) {
      if (!kpis.count(c.kpi) || !c.latest) continue;
      const DigestKpi k = ToDigestKpi(c);
      // An off-track KPI is listed once, under "Off track", with its change and signals.
      if (k.status == "off_track") {
        d.off_track.push_back(k);
      } else if ((!k.previous_status.empty() && k.previous_status != k.status) || !k.signals.empty()) {
        d.changed.push_back(k);
      }
    }
  }
  for (const actions::ActionItem& item : open) {
    if (!kpis.count(item.kpi) || item.due.empty() || item.due > due_by) continue;
    d.due.push_back(item);
    if (item.due < today) d.overdue.push_back(std::to_string(item.id));
  }
  return d;
}

std::string KpiLine(const DigestKpi& k) {
  std::string line = k.name + " (" + k.kpi + ") " + k.period + ": " + k.value;
  if (!k.target.empty()) line += ", target " + k.target;
  if (!k.change.empty()) line += ", " + k.change + " on the period before";
  line += ", " + k.status;
  if (!k.previous_status.empty() && k.previous_status != k.status) line += " (was " + k.previous_status + ")";
  if (!k.signals.empty()) line += ", signals " + k.signals;
  return line;
}

std::string ActionLine(const actions::ActionItem& item, bool overdue) {
  return "#" + std::to_string(item.id) + " " + item.kpi + (item.segment == "*" ? "" : " " + item.segment) +
         ": " + item.what + (item.who.empty() ? "" : " (" + item.who + ")") + ", due " + item.due +
         (overdue ? " (overdue)" : "");
}

bool IsOverdue(const OwnerDigest& d, const actions::ActionItem& item) {
  const std::string id = std::to_string(item.id);
  for (const auto& o : d.overdue) {
    if (o == id) return true;
  }
  return false;
}

// The sections shared by the text and Slack forms; `escape` makes text safe for the form.
template <typename Escape>
std::string Sections(const DigestReport& r, const OwnerDigest& d, const std::string& bold_open,
                     const std::string& bold_close, const std::string& bullet, Escape escape) {
  std::string out = bold_open +
                    escape("Northstar digest for " + d.owner + ", " + r.workspace + ", " + r.today) +
                    bold_close + "\n";
  auto count = [](size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  out += escape(count(static_cast<size_t>(d.kpis), "KPI", "KPIs") + ": " +
                std::to_string(d.off_track.size()) + " off track, " + std::to_string(d.changed.size()) +
                " changed, " + count(d.due.size(), "action due", "actions due")) +
         "\n";
  auto section = [&](const std::string& title, const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    out += "\n" + bold_open + escape(title) + bold_close + "\n";
    for (const auto& l : lines) out += bullet + escape(l) + "\n";
  };
  std::vector<std::string> lines;
  for (const auto& k : d.off_track) lines.push_back(KpiLine(k));
  section("Off track", lines);
  lines.clear();
  for (const auto& k : d.changed) lines.push_back(KpiLine(k));
  section("What changed", lines);
  lines.clear();
  for (const auto& item : d.due) lines.push_back(ActionLine(item, IsOverdue(d, item)));
  section("Actions due", lines);
  if (d.off_track.empty() && d.changed.empty() && d.due.empty())
    out += "\n" + escape("Nothing needs you today.") + "\n";
  return out;
}

}  // namespace

time::Micros NextDigestAt(const actions::DigestSchedule& schedule, time::Micros after,
                          const time::ZoneConverter& zone) {
  const int32_t today = time::LocalDay(after, zone);
  for (int32_t day = today;; ++day) {
    if (schedule.weekly && time::IsoWeekday(day) != schedule.iso_weekday) continue;
    const time::Micros at = zone.LocalToUtc(int64_t{day} * time::kMicrosPerDay +
                                            int64_t{schedule.minute_of_day} * time::kMicrosPerMinute);
    if (at > after) return at;
  }
}

time::Micros LatestDigestAt(const actions::DigestSchedule& schedule, time::Micros now,
                            const time::ZoneConverter& zone) {
  // From eight days back (a week and a DST change) forward to the last time not after now.
  time::Micros latest = NextDigestAt(schedule, now - 8 * time::kMicrosPerDay, zone);
  for (time::Micros t = latest; t <= now; t = NextDigestAt(schedule, t, zone)) latest = t;
  return latest;
}

std::string DigestText(const DigestReport& report, const OwnerDigest& owner) {
  return Sections(report, owner, "", "", "  - ", [](const std::string& s) { return s; });
}

std::string DigestSlackText(const DigestReport& report, const OwnerDigest& owner) {
  auto escape = [](const std::string& s) { return actions::SlackEscape(s); };
  return Sections(report, owner, "*", "*", "• ", escape);
}

std::string DigestJson(const DigestReport& report, const OwnerDigest& owner) {
  auto kpis = [](const std::vector<DigestKpi>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& k : list) {
      out.push_back({{"kpi", k.kpi},
                     {"name", k.name},
                     {"period", k.period},
                     {"value", k.value},
                     {"target", k.target},
                     {"change", k.change},
                     {"status", k.status},
                     {"previous_status", k.previous_status},
                     {"signals", k.signals}});
    }
    return out;
  };
  nlohmann::json due = nlohmann::json::array();
  for (const auto& item : owner.due) {
    due.push_back({{"id", item.id},
                   {"kpi", item.kpi},
                   {"segment", item.segment},
                   {"what", item.what},
                   {"who", item.who},
                   {"due", item.due},
                   {"overdue", IsOverdue(owner, item)}});
  }
  const nlohmann::json j = {{"workspace", report.workspace},
                            {"today", report.today},
                            {"owner", owner.owner},
                            {"kpis", owner.kpis},
                            {"off_track", kpis(owner.off_track)},
                            {"changed", kpis(owner.changed)},
                            {"actions_due", due}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::optional<time::Micros>> Workspace::DigestSettledThrough() {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto db, results::ResultsDb::Open(ResultsPath(), env_.results_vfs));
  ASSIGN_OR_RETURN(auto value, db->GetMeta(kDigestSettledKey));
  if (!value) return std::optional<time::Micros>();
  ASSIGN_OR_RETURN(const time::Micros at, time::ParseIsoTimestamp(*value, time::ZoneConverter::Utc()));
  return std::optional<time::Micros>(at);
}

Status Workspace::SettleDigestThrough(time::Micros scheduled) {
  std::lock_guard<std::mutex> lock(mutex_);
  ASSIGN_OR_RETURN(auto db, results::ResultsDb::Open(ResultsPath(), env_.results_vfs));
  return db->SetMeta(kDigestSettledKey, time::FormatIso(scheduled, nullptr));
}

Result<DigestReport> Workspace::Digest(const DigestRequest& request) {
  DigestReport report;
  std::vector<actions::WebhookConfig> webhooks;
  actions::DigestSchedule schedule;  // its address book: whose digest goes where
  {
    // Built under the workspace's lock; posted after it, so a slow receiver does not
    // hold up the server's other requests.
    std::lock_guard<std::mutex> lock(mutex_);
    ASSIGN_OR_RETURN(auto session, actions::OpenSession(catalog_, load_diagnostics_));
    actions::Session& s = *session;
    ASSIGN_OR_RETURN(
        auto assessment,
        actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, std::nullopt)));
    int32_t today = 0;
    if (request.today) {
      today = *request.today;
    } else {
      ASSIGN_OR_RETURN(auto zone, time::ZoneConverter::Create(s.catalog.workspace.timezone));
      today = time::LocalDay(env_.clock->Now(), zone);
    }
    report.workspace = s.catalog.workspace.name;
    report.today = time::FormatLocalDate(today);
    const std::string due_by = time::FormatLocalDate(today + request.due_within_days);
    ASSIGN_OR_RETURN(auto open, s.log->Items(/*open_only=*/true));
    // Owners: of KPIs and of goals (a goal's owner hears of the KPIs under it).
    std::set<std::string> owners;
    if (!request.owner.empty()) {
      owners.insert(request.owner);
    } else {
      for (const auto& m : s.catalog.measures) {
        if (m.is_kpi) owners.insert(m.owner.empty() ? kNoOwner : m.owner);
      }
      for (const auto& g : s.catalog.goals) {
        if (!g.owner.empty()) owners.insert(g.owner);
      }
    }
    ASSIGN_OR_RETURN(auto card, BuildScorecard(s, *assessment, ScorecardRequest{}));
    report.errors = card.errors;
    for (const std::string& owner : owners) {
      report.owners.push_back(Summarise(owner, KpisOf(owner, s.catalog), card, open, report.today, due_by));
    }
    webhooks = s.alerts.webhooks;
    schedule = s.alerts.digest;
  }
  if (!request.send) return report;
  // A webhook that failed every attempt (down, or timing out) is not tried again for the
  // other owners in this run, as the alert sink does: a dead receiver must not hold the
  // run for owners x attempts x timeout.
  std::vector<bool> gave_up(webhooks.size(), false);
  for (const OwnerDigest& d : report.owners) {
    for (size_t w : schedule.WebhooksOf(d.owner, webhooks.size())) {
      const actions::WebhookConfig& hook = webhooks[w];
      if (gave_up[w]) {
        report.deliveries.push_back(
            {d.owner, hook.url,
             Status::IOError("webhook " + hook.url +
                             ": not tried, it failed every attempt earlier in this run"),
             0});
        continue;
      }
      const std::string body = hook.format == actions::WebhookConfig::Format::kSlack
                                   ? nlohmann::json{{"text", DigestSlackText(report, d)}}.dump(
                                         -1, ' ', false, nlohmann::json::error_handler_t::replace)
                                   : DigestJson(report, d);
      const actions::DeliveryOutcome outcome = actions::PostToWebhook(hook, body);
      report.deliveries.push_back({d.owner, hook.url, outcome.status, outcome.attempts});
      const int32_t h = outcome.http_status;  // no answer, a timeout, throttled or a server error
      if (!outcome.status.ok() && outcome.attempts > 0 && (h == 0 || h == 408 || h == 429 || h >= 500))
        gave_up[w] = true;
    }
  }
  return report;
}

}  // namespace northstar::service

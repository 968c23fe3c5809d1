#include "actions/alert_run.h"
#include "common/json_text.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace northstar::actions {
namespace {

struct SeriesCursor {
  const AssessedSeries* series;
  std::map<int32_t, size_t> by_period;  // selected period index -> point index
};

Result<std::optional<int32_t>> Bound(const std::string& label, catalog::Grain grain) {
  if (label.empty()) return std::optional<int32_t>();
  ASSIGN_OR_RETURN(int32_t index, ResolverFor(grain)(label));
  return std::optional<int32_t>(index);
}

int32_t DueDay(const AssessedSeries& series, const AssessedPoint& point, int32_t review_after,
               int32_t today) {
  if (series.all) return today + review_after;
  return time::LastDay({series.grain, point.judged.period}) + review_after;
}

// State of one run: the log, or memory only for a dry run.
class RunState {
 public:
  RunState(ActionLog& log, bool dry_run) : log_(log), dry_(dry_run) {}

  Result<bool> WasSent(const std::string& key) {
    if (sent_.count(key)) return true;
    return log_.WasSent(key);
  }
  Status MarkSent(const std::string& key, const Alert& alert, const std::string& now) {
    sent_.insert(key);
    if (dry_) return Status::Ok();
    return log_.MarkSent(key, AlertKindName(alert.kind), JsonText(AlertToJson(alert)), now);
  }
  // The period index of the episode's last alert, or nullopt.
  Result<std::optional<int32_t>> Episode(const std::string& kpi, const std::string& segment,
                                         catalog::Grain grain) {
    const std::string key = kpi + "|" + segment;
    if (auto it = episodes_.find(key); it != episodes_.end()) return it->second;
    ASSIGN_OR_RETURN(std::optional<std::string> last, log_.ActiveEpisode(kpi, segment));
    std::optional<int32_t> index;
    if (last) {
      auto parsed = ParseLabel(*last, grain);
      if (parsed.ok()) index = parsed->index;
    }
    episodes_[key] = index;
    return index;
  }
  Status SetEpisode(const std::string& kpi, const std::string& segment, catalog::Grain grain,
                    const AssessedPoint& point) {
    episodes_[kpi + "|" + segment] = point.judged.period;
    if (dry_) return Status::Ok();
    return log_.SetEpisode(kpi, segment, catalog::GrainName(grain), point.label);
  }
  Status EndEpisode(const std::string& kpi, const std::string& segment) {
    episodes_[kpi + "|" + segment] = std::nullopt;
    if (dry_) return Status::Ok();
    return log_.EndEpisode(kpi, segment);
  }

 private:
  ActionLog& log_;
  bool dry_;
  std::set<std::string> sent_;
  std::map<std::string, std::optional<int32_t>> episodes_;
};

std::string UtcNowIso() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Offers `alert` to every sink that does not have it yet and records each delivery to a
// recorded sink (not in a dry run). Returns whether every sink has it now.
Result<bool> DeliverToAll(const Alert& alert, std::span<AlertSink* const> sinks, ActionLog& log, bool dry_run,
                          AlertRunReport& report) {
  const std::string key = alert.DeliveryKey();
  bool delivered = true;
  for (AlertSink* sink : sinks) {
    const bool recorded = sink->Recorded() && !dry_run;
    if (recorded) {
      ASSIGN_OR_RETURN(bool taken, log.Accepted(key, sink->Name()));
      if (taken) continue;  // a sink that took it on an earlier run does not get it twice
    }
    DeliveryOutcome outcome = sink->Deliver(alert);
    if (!outcome.status.ok()) {
      delivered = false;
      report.failures.push_back(sink->Name() + ": " + outcome.status.message());
    }
    if (!recorded) continue;
    DeliveryRecord record{key,
                          sink->Name(),
                          outcome.attempts,
                          outcome.http_status,
                          outcome.status.ok(),
                          outcome.status.ok() ? "" : outcome.status.message(),
                          UtcNowIso()};
    RETURN_IF_ERROR(log.RecordDelivery(record));
    report.deliveries.push_back(std::move(record));
  }
  return delivered;
}

// A gaming risk is not a deviation of the KPI: its own actions (more of the same
// push) would feed it. The item is the guard's: its on_deviation actions, or one check
// of how the KPI's gain was made, for the KPI's owner; either is judged on the guard.
std::vector<catalog::ActionDef> GamingRiskActions(const catalog::MeasureDef& kpi, const std::string& guard,
                                                  const catalog::Catalog& catalog) {
  const catalog::MeasureDef* def = catalog.FindMeasure(guard);
  if (def && !def->on_deviation.empty()) return def->on_deviation;
  catalog::ActionDef check;
  check.what = "Check how " + kpi.id + " improved while " + guard + " worsened (gaming risk)";
  check.who = kpi.owner;
  check.review_after_days = 14;
  return {check};
}

}  // namespace

std::string DayText(int32_t day) {
  return time::PeriodLabel({catalog::Grain::kDay, day});
}

Result<int32_t> ParseDay(const std::string& text) {
  ASSIGN_OR_RETURN(time::PeriodKey key, time::ParsePeriod(text));
  if (key.grain != catalog::Grain::kDay)
    return Status::InvalidArgument("expected a date YYYY-MM-DD, got '" + text + "'");
  return key.index;
}

AssessOptions AssessOptionsFor(const AlertConfig& config, std::optional<catalog::Grain> grain) {
  AssessOptions o;
  o.grain = grain;
  o.judge.alert_on_favourable = config.favourable;
  o.judge.min_rows = config.min_rows;
  return o;
}

Result<AlertRunReport> RunAlerts(Assessment& assessment, ActionLog& log, const AlertConfig& config,
                                 std::span<AlertSink* const> sinks, const AlertRunOptions& options) {
  AlertRunReport report;
  RunState state(log, options.dry_run);
  const catalog::Catalog& catalog = assessment.catalog();

  for (const catalog::MeasureDef& kpi : catalog.measures) {
    if (!kpi.is_kpi) continue;
    ASSIGN_OR_RETURN(const AssessedSeries* whole, assessment.Series(kpi.id, "*"));
    if (!whole || whole->points.empty()) continue;
    const catalog::Grain grain = whole->grain;
    ASSIGN_OR_RETURN(std::optional<int32_t> from, Bound(options.from, grain));
    ASSIGN_OR_RETURN(std::optional<int32_t> to, Bound(options.to, grain));

    // The periods to walk: the latest one, or every one within [from, to].
    // A period still filling is never alerted on (SPEC §5).
    std::set<int32_t> periods;
    for (const AssessedPoint& p : whole->points) {
      if (p.input.in_progress) continue;
      if (from && p.judged.period < *from) continue;
      if (to && p.judged.period > *to) continue;
      periods.insert(p.judged.period);
    }
    if (!options.all_periods && options.from.empty() && !periods.empty()) {
      periods = {*periods.rbegin()};
    }

    std::vector<SeriesCursor> cursors;
    for (const std::string& segment : assessment.Segments(kpi.id, grain)) {
      ASSIGN_OR_RETURN(const AssessedSeries* s, assessment.Series(kpi.id, grain, segment));
      if (!s) continue;
      SeriesCursor c{s, {}};
      for (size_t i = 0; i < s->points.size(); ++i) {
        if (periods.count(s->points[i].judged.period)) c.by_period[s->points[i].judged.period] = i;
      }
      cursors.push_back(std::move(c));
    }

    for (int32_t period : periods) {
      // Items due before this period are judged first, so a back-fill walks time in
      // order: a judged item no longer blocks the next deviation's items.
      if (!options.dry_run && !whole->all) {
        const int32_t as_of = std::min(options.today, time::FirstDay({grain, period}) - 1);
        ASSIGN_OR_RETURN(std::vector<ActionItem> judged,
                         JudgeDueItems(assessment, log, as_of, options.now_iso));
        for (ActionItem& it : judged) report.judged.push_back(std::move(it));
      }
      std::vector<Alert> alerts;
      for (const SeriesCursor& c : cursors) {
        auto it = c.by_period.find(period);
        if (it == c.by_period.end()) continue;
        for (Alert& a : AlertsAt(*c.series, it->second, config.segments)) alerts.push_back(std::move(a));
      }
      std::set<std::string> alerted_segments;
      for (Alert& alert : alerts) {
        alerted_segments.insert(alert.segment);
        bool any_new = false;
        for (const std::string& rule : alert.rules) {
          ASSIGN_OR_RETURN(bool sent, state.WasSent(alert.DedupKey(rule)));
          any_new = any_new || !sent;
        }
        if (!any_new) {
          ++report.duplicates;
          continue;
        }
        // The point the alert is about (a masked segment's own series for masked alerts).
        const AssessedSeries* subject_series = nullptr;
        const AssessedPoint* point = nullptr;
        for (const SeriesCursor& c : cursors) {
          if (c.series->segment != alert.segment) continue;
          if (auto it = c.by_period.find(period); it != c.by_period.end()) {
            subject_series = c.series;
            point = &c.series->points[it->second];
          }
        }
        if (!options.dry_run && point) {
          // An alert offered on an earlier run but not sent opened its items then (they
          // may be judged by now): name them again rather than open new ones.
          ASSIGN_OR_RETURN(bool offered_before, log.Attempted(alert.DeliveryKey()));
          if (offered_before) {
            ASSIGN_OR_RETURN(alert.items, log.ItemIdsAt(alert.kpi, alert.segment, alert.period));
          }
          bool has_open = offered_before;
          if (!has_open) {
            ASSIGN_OR_RETURN(has_open, log.HasOpenItem(alert.kpi, alert.segment));
          }
          if (!has_open) {
            std::vector<catalog::ActionDef> actions = kpi.on_deviation;
            if (alert.kind == AlertKind::kGamingRisk)
              actions = GamingRiskActions(kpi, alert.subject, catalog);
            if (actions.empty()) actions.push_back({"Investigate the deviation", kpi.owner, 14, {}});
            for (const catalog::ActionDef& act : actions) {
              ActionItem item;
              item.kpi = alert.kpi;
              item.subject = alert.subject;
              item.segment = alert.segment;
              item.grain = grain;
              item.period = alert.period;
              for (const std::string& r : alert.rules) item.rules += (item.rules.empty() ? "" : ";") + r;
              item.what = act.what;
              item.who = act.who.empty() ? kpi.owner : act.who;
              item.review_after_days = act.review_after_days;
              item.due = DayText(DueDay(*subject_series, *point, act.review_after_days, options.today));
              item.opened_at = options.now_iso;
              ASSIGN_OR_RETURN(item.id, log.AddItem(item));
              item.status = "open";
              alert.items.push_back(item.id);
              report.opened.push_back(std::move(item));
            }
          }
        }
        ASSIGN_OR_RETURN(bool delivered, DeliverToAll(alert, sinks, log, options.dry_run, report));
        if (!delivered) continue;
        for (const std::string& rule : alert.rules)
          RETURN_IF_ERROR(state.MarkSent(alert.DedupKey(rule), alert, options.now_iso));
        if (point) RETURN_IF_ERROR(state.SetEpisode(alert.kpi, alert.segment, grain, *point));
        report.sent.push_back(std::move(alert));
      }

      // Recoveries: an episode whose KPI x segment is back on track without an alert.
      for (const SeriesCursor& c : cursors) {
        auto it = c.by_period.find(period);
        if (it == c.by_period.end() || alerted_segments.count(c.series->segment)) continue;
        const AssessedPoint& p = c.series->points[it->second];
        if (p.judged.status != judge::KpiStatus::kOnTrack) continue;
        ASSIGN_OR_RETURN(std::optional<int32_t> last, state.Episode(kpi.id, c.series->segment, grain));
        if (!last || *last >= period) continue;
        Alert recovery = RecoveryAt(*c.series, it->second);
        ASSIGN_OR_RETURN(bool sent, state.WasSent(recovery.DedupKey("recovered")));
        if (sent) {
          RETURN_IF_ERROR(state.EndEpisode(kpi.id, c.series->segment));
          continue;
        }
        ASSIGN_OR_RETURN(bool delivered, DeliverToAll(recovery, sinks, log, options.dry_run, report));
        if (!delivered) continue;
        RETURN_IF_ERROR(state.MarkSent(recovery.DedupKey("recovered"), recovery, options.now_iso));
        RETURN_IF_ERROR(state.EndEpisode(kpi.id, c.series->segment));
        report.sent.push_back(std::move(recovery));
      }
    }
  }
  if (!options.dry_run) {
    ASSIGN_OR_RETURN(std::vector<ActionItem> judged,
                     JudgeDueItems(assessment, log, options.today, options.now_iso));
    for (ActionItem& it : judged) report.judged.push_back(std::move(it));
  }
  return report;
}

Result<std::vector<ActionItem>> JudgeDueItems(Assessment& assessment, ActionLog& log, int32_t today,
                                              const std::string& now_iso) {
  std::vector<ActionItem> judged;
  ASSIGN_OR_RETURN(std::vector<ActionItem> open, log.Items(/*open_only=*/true));
  const std::string today_text = DayText(today);
  for (ActionItem& item : open) {
    if (item.due > today_text) continue;
    const catalog::MeasureDef* subject = assessment.catalog().FindMeasure(item.subject);
    if (!subject) continue;
    ASSIGN_OR_RETURN(const AssessedSeries* series, assessment.Series(item.subject, item.grain, item.segment));
    if (!series) continue;
    auto opened = ParseLabel(item.period, item.grain);
    if (!opened.ok()) continue;
    ASSIGN_OR_RETURN(int32_t due_day, ParseDay(item.due));
    VerdictInput input;
    input.direction = subject->direction;
    if (item.subject != item.kpi) input.subject = "the guard " + item.subject;
    input.opened_period = opened->index;
    input.window = series->all ? kVerdictMinWindow
                               : VerdictWindow(opened->index, time::PeriodOfDay(due_day, item.grain).index);
    if (const AssessedPoint* p = series->Find(item.period)) {
      input.opening_value = p->input.value;
      input.before = p->judged.limits;
    }
    // Periods still filling would compare a part of a period with whole ones.
    std::vector<judge::SeriesPoint> points;
    for (const AssessedPoint& p : series->points) {
      if (!p.input.in_progress) points.push_back(p.input);
    }
    Verdict verdict = JudgeAction(points, input);
    const int32_t last_period = points.empty() ? input.opened_period : points.back().period;
    if (verdict.values < kVerdictMinValues && last_period < input.opened_period + input.window) {
      continue;  // the window is not complete yet: wait for more periods
    }
    nlohmann::json detail = VerdictToJson(verdict, input);
    detail["opened_label"] = item.period;
    for (auto& a : detail["after"]) {
      a["label"] = time::PeriodLabel({item.grain, a["period"].get<int32_t>()});
    }
    RETURN_IF_ERROR(log.SaveVerdict(item.id, VerdictName(verdict.kind), JsonText(detail), now_iso));
    item.status = "judged";
    item.verdict = VerdictName(verdict.kind);
    item.verdict_detail = JsonText(detail);
    item.judged_at = now_iso;
    judged.push_back(std::move(item));
  }
  return judged;
}

}  // namespace northstar::actions

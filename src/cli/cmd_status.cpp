// `northstar status`: the scorecard — per goal, its KPIs with value, target, status,
// trend and last signal; `--format csv` prints the judgement of SPEC §4.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "actions/alert_run.h"
#include "actions/assessment.h"
#include "actions/measure_format.h"
#include "actions/session.h"
#include "actions/text_format.h"
#include "cli/command.h"
#include "common/json_text.h"
#include "judge/target.h"

namespace northstar::cli {
namespace {

using actions::AssessedPoint;
using actions::AssessedSeries;

struct StatusFlags {
  std::string owner;
  std::string format = "text";
  bool all_periods = false;
  std::string grain;
  int trend = 12;
};

const char* Colour(judge::KpiStatus s) {
  switch (s) {
    case judge::KpiStatus::kOnTrack: return "\033[32m";
    case judge::KpiStatus::kWatch: return "\033[33m";
    case judge::KpiStatus::kOffTrack: return "\033[31m";
    default: return "\033[90m";
  }
}

struct Card {
  const catalog::MeasureDef* kpi = nullptr;
  const AssessedSeries* whole = nullptr;
  const AssessedPoint* latest = nullptr;   // the latest complete period
  const AssessedPoint* filling = nullptr;  // the in_progress period after it, if any
  std::string last_signal_period, last_signal;
  std::vector<std::optional<double>> trend;
  int open_actions = 0;
};

Card MakeCard(const catalog::MeasureDef& kpi, const AssessedSeries* whole, int trend_len,
              const std::vector<actions::ActionItem>& open) {
  Card c;
  c.kpi = &kpi;
  c.whole = whole;
  if (whole && !whole->points.empty()) {
    c.latest = whole->LatestComplete();
    if (!c.latest) c.latest = &whole->points.back();
    c.filling = &whole->points.back() != c.latest ? &whole->points.back() : nullptr;
    const size_t first =
        whole->points.size() > static_cast<size_t>(trend_len) ? whole->points.size() - trend_len : 0;
    for (size_t i = first; i < whole->points.size(); ++i) c.trend.push_back(whole->points[i].input.value);
    for (size_t i = whole->points.size(); i-- > 0;) {
      std::string ids = whole->points[i].SignalIds();
      if (!ids.empty()) {
        c.last_signal_period = whole->points[i].label;
        c.last_signal = ids;
        break;
      }
    }
  }
  for (const actions::ActionItem& it : open) c.open_actions += it.kpi == kpi.id;
  return c;
}

constexpr std::string_view kCommand = "status";

int RunStatus(GlobalOptions& global, const StatusFlags& flags) {
  std::optional<catalog::Grain> grain;
  if (!flags.grain.empty()) {
    grain = catalog::ParseGrain(flags.grain);
    if (!grain) {
      return ReportError(kCommand, ErrorKind::kUsage,
                         "unknown --grain '" + flags.grain + "': use " + catalog::kGrainChoices);
    }
  }
  auto session = actions::OpenSession(global.workspace);
  if (!session.ok()) return ReportError(kCommand, session.status());
  actions::Session& s = **session;
  auto assessment = actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, grain));
  if (!assessment.ok()) return ReportError(kCommand, assessment.status());
  auto open = s.log->Items(/*open_only=*/true);
  if (!open.ok()) return ReportError(kCommand, open.status());

  std::vector<const catalog::MeasureDef*> kpis;
  for (const catalog::MeasureDef& m : s.catalog.measures) {
    if (!m.is_kpi) continue;
    const catalog::GoalDef* goal = s.catalog.FindGoal(m.goal);
    if (!flags.owner.empty() && m.owner != flags.owner && !(goal && goal->owner == flags.owner)) continue;
    kpis.push_back(&m);
  }

  int exit_code = kExitOk;
  if (flags.format == "csv") {
    std::sort(kpis.begin(), kpis.end(), [](auto* a, auto* b) { return a->id < b->id; });
    std::cout << "kpi,period,segment,value,target,status,lower_limit,center,upper_limit,signals\n";
    for (const catalog::MeasureDef* kpi : kpis) {
      auto whole = (*assessment)->Series(kpi->id, "*");
      if (!whole.ok()) {
        const int code = ReportError(kCommand, whole.status());  // the other KPIs still print
        if (exit_code == kExitOk) exit_code = code;              // the first error's code
        continue;
      }
      if (!*whole || (*whole)->points.empty()) continue;
      const catalog::Grain g = (*whole)->grain;
      std::vector<const AssessedSeries*> series;
      for (const std::string& segment : (*assessment)->Segments(kpi->id, g)) {
        auto sr = (*assessment)->Series(kpi->id, g, segment);
        if (sr.ok() && *sr) series.push_back(*sr);
      }
      // Rows by period (chronological), then segment (`*` first, as Segments() orders them).
      std::vector<const AssessedPoint*> whole_points;
      if (flags.all_periods) {
        for (const AssessedPoint& p : (*whole)->points) whole_points.push_back(&p);
      } else {
        const AssessedPoint* latest = (*whole)->LatestComplete();
        whole_points.push_back(latest ? latest : &(*whole)->points.back());
      }
      for (const AssessedPoint* wp : whole_points) {
        for (const AssessedSeries* sr : series) {
          const AssessedPoint* p = sr->Find(wp->label);
          if (!p) continue;
          const auto& j = p->judged;
          std::cout << CsvField(kpi->id) << ',' << p->label << ',' << CsvField(sr->segment) << ','
                    << actions::NumberOrEmpty(p->input.value) << ','
                    << (j.target ? CsvField(judge::FormatTarget(*j.target)) : "") << ','
                    << judge::KpiStatusName(j.status) << ','
                    << (j.limits ? judge::FormatNumber(j.limits->lower) : "") << ','
                    << (j.limits ? judge::FormatNumber(j.limits->center) : "") << ','
                    << (j.limits ? judge::FormatNumber(j.limits->upper) : "") << ',' << p->SignalIds()
                    << "\n";
        }
      }
    }
    return exit_code;
  }

  // Cards grouped by goal, goals in catalog order; KPIs without a known goal last.
  std::map<std::string, std::vector<Card>> by_goal;
  for (const catalog::MeasureDef* kpi : kpis) {
    auto whole = (*assessment)->Series(kpi->id, "*");
    if (!whole.ok()) {
      const int code = ReportError(kCommand, whole.status());  // the other KPIs still print
      if (exit_code == kExitOk) exit_code = code;              // the first error's code
      continue;
    }
    by_goal[kpi->goal].push_back(MakeCard(*kpi, *whole, flags.trend, *open));
  }
  std::vector<std::pair<std::string, const catalog::GoalDef*>> goals;
  for (const catalog::GoalDef& g : s.catalog.goals) {
    if (by_goal.count(g.id)) goals.push_back({g.id, &g});
  }
  for (const auto& [id, cards] : by_goal) {
    if (!s.catalog.FindGoal(id)) goals.push_back({id, nullptr});
  }

  if (flags.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [id, goal] : goals) {
      nlohmann::json jg = {{"goal", id},
                           {"statement", goal ? goal->statement : ""},
                           {"owner", goal ? goal->owner : ""},
                           {"deadline", goal ? goal->deadline : ""}};
      nlohmann::json jk = nlohmann::json::array();
      for (const Card& c : by_goal[id]) {
        nlohmann::json k = {{"kpi", c.kpi->id}, {"name", c.kpi->name}, {"owner", c.kpi->owner}};
        if (c.latest) {
          const auto& j = c.latest->judged;
          k["grain"] = catalog::GrainName(c.whole->grain);
          k["period"] = c.latest->label;
          k["value"] =
              c.latest->input.value ? nlohmann::json(*c.latest->input.value) : nlohmann::json(nullptr);
          k["target"] = j.target ? judge::FormatTarget(*j.target) : "";
          k["status"] = judge::KpiStatusName(j.status);
          if (j.limits)
            k["limits"] = {
                {"lower", j.limits->lower}, {"center", j.limits->center}, {"upper", j.limits->upper}};
          k["signals"] = c.latest->SignalIds();
          if (j.chronic_miss) k["chronic_miss"] = true;
          if (c.filling) {
            const auto& f = *c.filling;
            k["in_progress"] = {
                {"period", f.label},
                {"value", f.input.value ? nlohmann::json(*f.input.value) : nlohmann::json(nullptr)},
                {"elapsed", f.input.elapsed},
                {"pace", f.judged.pace ? nlohmann::json(*f.judged.pace) : nlohmann::json(nullptr)}};
          }
        } else {
          k["status"] = "no_data";
        }
        nlohmann::json trend = nlohmann::json::array();
        for (const auto& v : c.trend) trend.push_back(v ? nlohmann::json(*v) : nlohmann::json(nullptr));
        k["trend"] = trend;
        k["last_signal"] = {{"period", c.last_signal_period}, {"signals", c.last_signal}};
        k["open_actions"] = c.open_actions;
        jk.push_back(k);
      }
      jg["kpis"] = jk;
      out.push_back(jg);
    }
    std::cout << JsonText(out, 2) << "\n";
    return exit_code;
  }

  const bool colour = isatty(STDOUT_FILENO);
  for (const auto& [id, goal] : goals) {
    std::cout << (colour ? "\033[1m" : "") << (goal ? goal->statement : "(no goal: " + id + ")")
              << (colour ? "\033[0m" : "");
    if (goal)
      std::cout << "  [" << id << ", " << goal->owner
                << (goal->deadline.empty() ? "" : ", by " + goal->deadline) << "]";
    std::cout << "\n";
    for (const Card& c : by_goal[id]) {
      const std::string status = c.latest ? judge::KpiStatusName(c.latest->judged.status) : "no_data";
      const actions::MeasureFormat format =
          c.whole ? c.whole->format : actions::MeasureFormat(*c.kpi, s.catalog);
      const std::string target =
          c.latest && c.latest->judged.target ? format.Target(*c.latest->judged.target) : "-";
      const std::string value = format.Value(c.latest ? c.latest->input.value : std::nullopt);
      std::cout << "  " << actions::PadRight(c.kpi->id, 28) << " "
                << actions::PadRight(c.latest ? c.latest->label : "-", 9) << " "
                << actions::PadLeft(value, 10) << "  target " << actions::PadRight(target, 9) << " ";
      if (colour && c.latest) std::cout << Colour(c.latest->judged.status);
      std::cout << actions::PadRight(status, 9) << (colour ? "\033[0m" : "") << "  "
                << actions::Sparkline(c.trend);
      if (!c.last_signal.empty())
        std::cout << "  last signal " << c.last_signal_period << ": " << c.last_signal;
      if (c.open_actions > 0) std::cout << "  open actions: " << c.open_actions;
      if (c.filling) {
        std::cout << "  " << c.filling->label << " in progress: " << format.Value(c.filling->input.value)
                  << " so far";
        if (c.filling->judged.pace && c.filling->judged.pace != c.filling->input.value)
          std::cout << ", pace " << format.Value(c.filling->judged.pace);
      }
      std::cout << "\n";
    }
    std::cout << "\n";
  }
  return exit_code;
}

}  // namespace

void RegisterStatus(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<StatusFlags>();
  CLI::App* sub = app.add_subcommand("status", "Scorecard: KPI, value, target, status, trend, last signal");
  AddWorkspaceOption(sub, global);
  sub->add_option("--owner", flags->owner, "Only KPIs owned by X (or whose goal X owns)");
  sub->add_option("--format", flags->format, "text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  sub->add_flag("--all-periods", flags->all_periods, "csv: every period, not only the latest");
  sub->add_option("--grain", flags->grain, "Judge at this grain (default: each KPI's review grain)");
  sub->add_option("--trend", flags->trend, "Periods in the sparkline")->capture_default_str();
  Register(
      app, sub, [&global, flags]() { return RunStatus(global, *flags); }, exit_code);
}

}  // namespace northstar::cli

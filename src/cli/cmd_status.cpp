// `northstar status`: the scorecard (service/scorecard.h) — per goal, its KPIs with
// value, target, status, trend and last signal; `--format csv` prints the judgement
// of SPEC §4, `--format json` the scorecard's JSON form (service/report_json.h).
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>

#include "actions/text_format.h"
#include "cli/command.h"
#include "common/json_text.h"
#include "judge/status_row.h"
#include "service/report_json.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

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

void PrintCsv(const service::ScorecardReport& card) {
  std::cout << "kpi,period,segment,value,target,status,lower_limit,center,upper_limit,signals\n";
  for (const service::ScorecardRow& r : card.rows) {
    const judge::StatusRow row = judge::ToStatusRow(r.point.judged);
    std::cout << CsvField(r.kpi) << ',' << r.point.label << ',' << CsvField(r.segment) << ',' << row.value
              << ',' << CsvField(row.target) << ',' << row.status << ',' << row.lower_limit << ','
              << row.center << ',' << row.upper_limit << ',' << r.point.SignalIds() << "\n";
  }
}

std::string Score(const std::optional<double>& score) {
  if (!score) return "n/a";
  char text[16];
  std::snprintf(text, sizeof text, "%.2f", *score);
  return text;
}

void PrintCard(const service::KpiCard& c, const std::string& indent, bool colour) {
  const std::string status = c.latest ? judge::KpiStatusName(c.latest->judged.status) : "no_data";
  const std::string target =
      c.latest && c.latest->judged.target ? c.format.Target(*c.latest->judged.target) : "-";
  const std::string value = c.format.Value(c.latest ? c.latest->input.value : std::nullopt);
  std::cout << indent << "  " << actions::PadRight(c.kpi, 28) << " "
            << actions::PadRight(c.latest ? c.latest->label : "-", 9) << " " << actions::PadLeft(value, 10)
            << "  target " << actions::PadRight(target, 9) << " ";
  if (colour && c.latest) std::cout << Colour(c.latest->judged.status);
  std::cout << actions::PadRight(status, 9) << (colour ? "\033[0m" : "") << "  "
            << actions::Sparkline(c.trend);
  if (!c.last_signal.empty()) std::cout << "  last signal " << c.last_signal_period << ": " << c.last_signal;
  if (c.open_actions > 0) std::cout << "  open actions: " << c.open_actions;
  if (c.filling) {
    std::cout << "  " << c.filling->label << " in progress: " << c.format.Value(c.filling->input.value)
              << " so far";
    if (c.filling->judged.pace && c.filling->judged.pace != c.filling->input.value)
      std::cout << ", pace " << c.format.Value(c.filling->judged.pace);
  }
  std::cout << "\n";
  if (c.forecast) {
    const analysis::Forecast& f = *c.forecast;
    std::cout << indent << "      by " << c.deadline_period << ": " << c.format.Value(f.projected)
              << " (80 % interval " << c.format.Value(f.low80) << " to " << c.format.Value(f.high80) << ", "
              << f.model << ")";
    if (f.probability_on_target)
      std::cout << ", " << std::lround(*f.probability_on_target * 100) << " % chance on target";
    std::cout << "\n";
  }
}

void PrintText(const service::ScorecardReport& card) {
  const bool colour = isatty(STDOUT_FILENO);
  for (const service::GoalCards& g : card.goals) {
    const std::string indent(static_cast<size_t>(g.depth) * 2, ' ');
    std::cout << indent << (colour ? "\033[1m" : "")
              << (g.def ? g.def->statement : "(no goal: " + g.goal + ")") << (colour ? "\033[0m" : "");
    if (g.def)
      std::cout << "  [" << g.goal << ", " << g.def->owner
                << (g.def->deadline.empty() ? "" : ", by " + g.def->deadline) << "]";
    std::cout << "  score " << Score(g.score) << "\n";
    for (const service::KpiCard& c : g.kpis) PrintCard(c, indent, colour);
    std::cout << "\n";
  }
  if (card.objectives.empty()) return;
  std::map<std::string, const actions::MeasureFormat*> formats;  // key results read in their KPI's unit
  for (const service::GoalCards& g : card.goals)
    for (const service::KpiCard& c : g.kpis) formats[c.kpi] = &c.format;
  std::cout << (colour ? "\033[1m" : "") << "Objectives" << (colour ? "\033[0m" : "") << "\n";
  for (const service::ObjectiveCard& o : card.objectives) {
    std::cout << "  " << o.def.statement << "  [" << o.def.id
              << (o.def.kind == catalog::ObjectiveKind::kAspirational ? ", aspirational" : ", committed")
              << "]  score " << Score(o.score) << " of " << Score(o.expected) << " expected\n";
    for (const service::KeyResultCard& k : o.key_results) {
      std::cout << "    " << Score(k.score) << "  "
                << (k.def.description.empty() ? k.def.kpi : k.def.description);
      if (!k.def.kpi.empty() && k.actual) {
        auto f = formats.find(k.def.kpi);
        std::cout << "  (" << k.def.kpi << " " << k.period << ": "
                  << (f != formats.end() ? f->second->Value(k.actual) : std::to_string(*k.actual)) << ")";
      }
      if (k.def.kpi.empty() && !k.def.note.empty()) std::cout << "  (" << k.def.note << ")";
      std::cout << "\n";
    }
  }
  std::cout << "\n";
}

constexpr std::string_view kCommand = "status";

int RunStatus(GlobalOptions& global, const StatusFlags& flags) {
  service::ScorecardRequest request;
  request.owner = flags.owner;
  request.trend = flags.trend;
  request.with_rows = flags.format == "csv";
  request.all_periods = flags.all_periods;
  if (!flags.grain.empty()) {
    request.grain = catalog::ParseGrain(flags.grain);
    if (!request.grain) {
      return ReportError(kCommand, ErrorKind::kUsage,
                         "unknown --grain '" + flags.grain + "': use " + catalog::kGrainChoices);
    }
  }
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  auto card = (*workspace)->Scorecard(request);
  if (!card.ok()) return ReportError(kCommand, card.status());
  // A KPI that could not be judged is reported; the others still print.
  int exit_code = kExitOk;
  for (const Status& error : card->errors) {
    const int code = ReportError(kCommand, error);
    if (exit_code == kExitOk) exit_code = code;  // the first error's code
  }
  if (flags.format == "csv") {
    PrintCsv(*card);
  } else if (flags.format == "json") {
    std::cout << JsonText(service::StatusJson(*card), 2) << "\n";
  } else {
    PrintText(*card);
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

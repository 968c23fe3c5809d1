// `northstar status`: the scorecard (service/scorecard.h) — per goal, its KPIs with
// value, target, status, trend and last signal; `--format csv` prints the judgement
// of SPEC §4, `--format json` the scorecard's JSON form (service/report_json.h).
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "common/json_text.h"
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

constexpr std::string_view kCommand = "status";

int RunStatus(GlobalOptions& global, const StatusFlags& flags) {
  service::ScorecardRequest request;
  request.owner = flags.owner;
  request.trend = flags.trend;
  request.with_rows = flags.format == "csv";
  request.all_periods = flags.all_periods;
  if (auto error = ParseGrainFlag(kCommand, flags.grain, request.grain)) return *error;
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
    std::cout << service::ScorecardCsv(*card);
  } else if (flags.format == "json") {
    std::cout << JsonText(service::StatusJson(*card), 2) << "\n";
  } else {
    std::cout << service::ScorecardText(*card, isatty(STDOUT_FILENO) != 0);
  }
  return exit_code;
}

}  // namespace

void RegisterStatus(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<StatusFlags>();
  Command sub = app.AddSubcommand("status", "Scorecard: KPI, value, target, status, trend, last signal");
  AddWorkspaceOption(sub, global);
  sub.AddOption("--owner", flags->owner, "Only KPIs owned by X (or whose goal X owns)");
  sub.AddOption("--format", flags->format, "text, json or csv").OneOf({"text", "json", "csv"}).ShowDefault();
  sub.AddFlag("--all-periods", flags->all_periods, "csv: every period, not only the latest");
  sub.AddOption("--grain", flags->grain, "Judge at this grain (default: each KPI's review grain)");
  sub.AddOption("--trend", flags->trend, "Periods in the sparkline").ShowDefault();
  Register(
      sub, [&global, flags]() { return RunStatus(global, *flags); }, exit_code);
}

}  // namespace northstar::cli

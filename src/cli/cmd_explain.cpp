// `northstar explain KPI [--period P] [--segment S]`: the value and everything behind
// it — target, status, limits, signals, guards, the segments that moved most (mix vs
// rate) and the drivers' changes (service/explain.h).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "common/json_text.h"
#include "service/report_json.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

struct ExplainFlags {
  std::string kpi, period, segment = "*", grain, format = "text";
  int top = 5;
};

constexpr std::string_view kCommand = "explain";

int RunExplain(GlobalOptions& global, const ExplainFlags& flags) {
  service::ExplainRequest request{flags.kpi, flags.period, flags.segment, std::nullopt};
  if (auto error = ParseGrainFlag(kCommand, flags.grain, request.grain)) return *error;
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  auto report = (*workspace)->Explain(request);
  if (!report.ok()) return ReportError(kCommand, report.status());
  if (flags.format == "json") {
    std::cout << JsonText(service::ExplainJson(*report), 2) << "\n";
  } else {
    std::cout << service::ExplainText(*report, flags.top);
  }
  return kExitOk;
}

}  // namespace

void RegisterExplain(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ExplainFlags>();
  Command sub = app.AddSubcommand("explain", "Signals, guards, segments and drivers behind a value");
  AddWorkspaceOption(sub, global);
  sub.AddOption("kpi", flags->kpi, "KPI id").Required();
  sub.AddOption("--period", flags->period, "Period label (default: the latest)");
  sub.AddOption("--segment", flags->segment, "Segment (default: *)").ShowDefault();
  sub.AddOption("--grain", flags->grain, "Grain (default: the KPI's review grain)");
  sub.AddOption("--format", flags->format, "text or json").OneOf({"text", "json"});
  sub.AddOption("--top", flags->top, "Segments shown per dimension").ShowDefault();
  Register(
      sub, [&global, flags]() { return RunExplain(global, *flags); }, exit_code);
}

}  // namespace northstar::cli

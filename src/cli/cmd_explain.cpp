// `northstar explain KPI [--period P] [--segment S]`: the value and everything behind
// it — target, status, limits, signals, guards, the segments that moved most (mix vs
// rate) and the drivers' changes (service/explain.h).
#include <iostream>

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

void RegisterExplain(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ExplainFlags>();
  CLI::App* sub = app.add_subcommand("explain", "Signals, guards, segments and drivers behind a value");
  AddWorkspaceOption(sub, global);
  sub->add_option("kpi", flags->kpi, "KPI id")->required();
  sub->add_option("--period", flags->period, "Period label (default: the latest)");
  sub->add_option("--segment", flags->segment, "Segment (default: *)")->capture_default_str();
  sub->add_option("--grain", flags->grain, "Grain (default: the KPI's review grain)");
  sub->add_option("--format", flags->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  sub->add_option("--top", flags->top, "Segments shown per dimension")->capture_default_str();
  Register(
      app, sub, [&global, flags]() { return RunExplain(global, *flags); }, exit_code);
}

}  // namespace northstar::cli

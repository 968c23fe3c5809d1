// `northstar annotate KPI|'*' --period P[..P2] --text T [--process-change]`: a note on a
// KPI's chart (SPEC §4); a process change starts a new baseline from P. `--list` shows
// the annotations (of KPI, or all), `--delete ID` removes one.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "common/json_text.h"
#include "service/report_json.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

struct AnnotateFlags {
  std::string kpi, period, text, format = "text";
  bool process_change = false, list = false;
  int64_t remove = 0;
};

constexpr std::string_view kCommand = "annotate";

int RunAnnotate(const GlobalOptions& global, const AnnotateFlags& flags) {
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  service::Workspace& ws = **workspace;
  if (flags.remove > 0) {
    if (Status s = ws.DeleteAnnotation(flags.remove); !s.ok()) return ReportError(kCommand, s);
    std::cout << "deleted annotation #" << flags.remove << "\n";
    return kExitOk;
  }
  if (flags.list) {
    auto notes = ws.Annotations(flags.kpi);
    if (!notes.ok()) return ReportError(kCommand, notes.status());
    if (flags.format == "json") {
      nlohmann::json out = nlohmann::json::array();
      for (const results::Annotation& a : *notes) out.push_back(service::AnnotationJson(a));
      std::cout << JsonText(out, 2) << "\n";
      return kExitOk;
    }
    if (notes->empty()) std::cout << "no annotations\n";
    for (const results::Annotation& a : *notes) {
      std::cout << "#" << a.id << "  " << a.kpi << "  " << a.from << (a.to != a.from ? ".." + a.to : "")
                << (a.process_change ? "  [process change]" : "") << "  " << a.text << "\n";
    }
    return kExitOk;
  }
  if (flags.kpi.empty() || flags.period.empty() || flags.text.empty()) {
    return ReportError(
        kCommand, ErrorKind::kUsage, "annotate needs KPI (or '*'), --period and --text",
        "e.g. northstar annotate first_response_30m --period 2026-W10 --text \"new triage rules\"");
  }
  service::AnnotationRequest request;
  request.kpi = flags.kpi;
  const size_t dots = flags.period.find("..");
  request.from = flags.period.substr(0, dots);
  request.to = dots == std::string::npos ? "" : flags.period.substr(dots + 2);
  request.text = flags.text;
  request.process_change = flags.process_change;
  auto added = ws.AddAnnotation(request);
  if (!added.ok()) return ReportError(kCommand, added.status());
  std::cout << "annotation #" << added->id << " on " << added->kpi << " " << added->from
            << (added->to != added->from ? ".." + added->to : "")
            << (added->process_change ? " (a process change: a new baseline starts here)" : "") << "\n";
  return kExitOk;
}

}  // namespace

void RegisterAnnotate(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<AnnotateFlags>();
  Command sub =
      app.AddSubcommand("annotate", "A note on a KPI's chart; --process-change starts a new baseline");
  AddWorkspaceOption(sub, global);
  sub.AddOption("kpi", flags->kpi, "KPI id, or '*' for every chart");
  sub.AddOption("--period", flags->period, "Period or range: 2026-W10 or 2026-W10..2026-W12");
  sub.AddOption("--text", flags->text, "The note");
  sub.AddFlag("--process-change", flags->process_change,
              "The process changed: limits are recomputed from here");
  sub.AddFlag("--list", flags->list, "List the annotations (of KPI, or all)");
  sub.AddOption("--delete", flags->remove, "Delete the annotation with this id").Positive();
  sub.AddOption("--format", flags->format, "--list: text or json").OneOf({"text", "json"});
  Register(
      sub, [&global, flags]() { return RunAnnotate(global, *flags); }, exit_code);
}

}  // namespace northstar::cli

// `northstar compute`: computes every KPI and metric for every period and segment,
// records the values in the results database and prints them (service/compute.h).
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "cli/command.h"
#include "engine/output.h"
#include "service/report_json.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

struct ComputeFlags {
  std::string format = "table";
  std::vector<std::string> kpis;
  std::string grain;
  std::string segment;
  std::string from, to;
  bool no_write = false;
  bool timings = false;
  bool full = false;
  bool explain_refresh = false;
  std::string engine = "native";
};

constexpr std::string_view kCommand = "compute";

int RunCompute(const GlobalOptions& global, const ComputeFlags& flags) {
  service::ComputeRequest request;
  request.kpis = flags.kpis;
  request.segment = flags.segment;
  request.write = !flags.no_write;
  request.full = flags.full;
  request.engine = flags.engine;
  if (auto error = ParseGrainFlag(kCommand, flags.grain, request.grain)) return *error;
  for (auto [name, text, out] :
       {std::tuple{"--from", &flags.from, &request.from}, std::tuple{"--to", &flags.to, &request.to}}) {
    if (text->empty()) continue;
    auto p = time::ParsePeriod(*text);
    if (!p.ok()) return ReportError(kCommand, ErrorKind::kUsage, name + (": " + p.status().message()));
    *out = *p;
  }
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  auto report = (*workspace)->Compute(request);
  if (!report.ok()) {
    const Diagnostics& diags = (*workspace)->diagnostics();
    if (!diags.has_errors()) return ReportError(kCommand, report.status());
    for (const auto& d : diags.items()) {
      if (d.severity == Severity::kError) std::cerr << d.ToString() << "\n";
    }
    return ReportError(kCommand, ErrorKind::kInvalidInput, report.status().message() + ", listed above",
                       report.status().hint());
  }
  if (flags.explain_refresh) std::cerr << "refresh: " << service::DescribeRefresh(report->refresh) << "\n";
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t start_cpu = std::clock();
  if (flags.format == "csv") {
    std::cout << engine::FormatCsv(report->values);
  } else if (flags.format == "json") {
    std::cout << service::ComputeJson(*report);
  } else {
    for (const auto& note : report->notes) std::cerr << note << "\n";
    std::cout << engine::FormatTable(report->values);
  }
  std::cout.flush();
  if (flags.timings) {
    report->phases.push_back({"output",
                              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                              static_cast<double>(std::clock() - start_cpu) / CLOCKS_PER_SEC});
    for (const auto& p : report->phases)
      std::fprintf(stderr, "timing: %-8s %8.3f s wall %8.3f s cpu\n", p.name, p.wall, p.cpu);
  }
  return kExitOk;
}

}  // namespace

void RegisterCompute(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ComputeFlags>();
  Command sub = app.AddSubcommand("compute", "Compute every KPI for every period and segment");
  AddWorkspaceOption(sub, global);
  sub.AddOption("--format", flags->format, "Output: csv, json or table")
      .OneOf({"csv", "json", "table"})
      .ShowDefault();
  sub.AddOption("--kpi", flags->kpis, "Only this KPI or metric (repeatable)");
  sub.AddOption("--grain", flags->grain, "Only this grain: day, week, month, quarter, year");
  sub.AddOption("--segment", flags->segment, "Only `*` and the values of this dimension");
  sub.AddOption("--from", flags->from,
                "First period to print (2026-03-05, 2026-W10, 2026-03, 2026-Q1, 2026)");
  sub.AddOption("--to", flags->to, "Last period to print");
  sub.AddOption("--engine", flags->engine,
                "Where to compute: native (the store), postgres or clickhouse (engines.postgres or "
                "engines.clickhouse in northstar.yaml; docs/scale.md)")
      .OneOf({"native", "postgres", "clickhouse"})
      .ShowDefault();
  sub.AddFlag("--no-write", flags->no_write, "Do not record the values in the results database");
  sub.AddFlag("--timings", flags->timings, "Print how long each phase took (to stderr)");
  sub.AddFlag("--full", flags->full, "Recompute every period, not only those whose rows changed");
  sub.AddFlag("--explain-refresh", flags->explain_refresh,
              "Say (to stderr) whether this was a full compute or a refresh of changed days, and why");
  Register(
      sub, [&global, flags] { return RunCompute(global, *flags); }, exit_code);
}

}  // namespace northstar::cli

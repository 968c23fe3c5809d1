// `northstar analyze leadlag LEADING LAGGING`: does the leading KPI really lead?
// (SPEC §10; the method is in analysis/lead_lag.h and docs/analysis.md.)
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "common/json_text.h"
#include "common/number_format.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

struct LeadLagFlags {
  std::string leading, lagging, grain, format = "text";
  int max_lag = 0;  // 0: the default
};

constexpr std::string_view kCommand = "analyze leadlag";

std::string Verdict(const service::LeadLagReport& r) {
  const analysis::LeadLagResult& x = r.result;
  if (x.leads)
    return r.leading + " leads " + r.lagging + " by " + std::to_string(x.best_lag) + " " +
           catalog::GrainName(r.grain) + (x.best_lag == 1 ? "" : "s");
  if (x.significant) return r.leading + " and " + r.lagging + " move together in the same period: no lead";
  return "no significant lead of " + r.leading + " on " + r.lagging;
}

nlohmann::ordered_json ReportJson(const service::LeadLagReport& r) {
  const analysis::LeadLagResult& x = r.result;
  nlohmann::ordered_json lags = nlohmann::ordered_json::array();
  for (const analysis::LagCorrelation& l : x.lags)
    lags.push_back({{"lag", l.lag}, {"correlation", l.correlation}});
  nlohmann::ordered_json out = {{"leading", r.leading},
                                {"lagging", r.lagging},
                                {"grain", catalog::GrainName(r.grain)},
                                {"n", x.n},
                                {"best_lag", x.best_lag},
                                {"correlation", x.correlation},
                                {"p_value", x.p_value},
                                {"significant", x.significant},
                                {"leads", x.leads},
                                {"lags", lags},
                                {"periods", r.periods},
                                {"from", r.first_period},
                                {"to", r.last_period},
                                {"max_lag", r.max_lag},
                                {"differences", x.differences},
                                {"ar_order", x.ar_order}};
  out["granger_p_value"] = x.granger_p_value ? nlohmann::ordered_json(*x.granger_p_value) : nullptr;
  out["verdict"] = Verdict(r);
  return out;
}

int RunLeadLag(GlobalOptions& global, const LeadLagFlags& flags) {
  service::LeadLagRequest request;
  request.leading = flags.leading;
  request.lagging = flags.lagging;
  if (flags.max_lag > 0) request.max_lag = flags.max_lag;
  if (auto error = ParseGrainFlag(kCommand, flags.grain, request.grain)) return *error;
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  auto report = (*workspace)->LeadLag(request);
  if (!report.ok()) return ReportError(kCommand, report.status());
  if (flags.format == "json") {
    std::cout << JsonText(ReportJson(*report), 2) << "\n";
    return kExitOk;
  }
  const analysis::LeadLagResult& x = report->result;
  std::cout << Verdict(*report) << "\n"
            << "  " << report->periods << " complete " << catalog::GrainName(report->grain) << "s, "
            << report->first_period << " to " << report->last_period << "; "
            << (x.differences ? "first differences, " : "") << "AR(" << x.ar_order << ") prewhitened\n";
  for (const analysis::LagCorrelation& l : x.lags) {
    std::cout << "  lag " << l.lag << "  r = " << (l.correlation < 0 ? "" : " ")
              << FormatFixed(l.correlation, 3) << (l.lag == x.best_lag ? "  <- best" : "") << "\n";
  }
  std::cout << "  p = " << FormatFixed(x.p_value, 4) << " (adjusted for " << x.lags.size() << " lags)";
  if (x.granger_p_value) std::cout << ", Granger p = " << FormatFixed(*x.granger_p_value, 4);
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

void RegisterAnalyze(Command app, GlobalOptions& global, int& exit_code) {
  Command analyze = app.AddSubcommand("analyze", "Analysis over judged series (SPEC §10)");
  analyze.RequireSubcommand(1, 1);
  auto flags = std::make_shared<LeadLagFlags>();
  Command sub =
      analyze.AddSubcommand("leadlag", "Does LEADING really lead LAGGING? Cross-correlation, prewhitened");
  AddWorkspaceOption(sub, global);
  sub.AddOption("leading", flags->leading, "The KPI expected to move first").Required();
  sub.AddOption("lagging", flags->lagging, "The KPI expected to follow").Required();
  sub.AddOption("--grain", flags->grain, "Periods to pair (default: the coarser review grain)");
  sub.AddOption("--max-lag", flags->max_lag, "Largest lag tried (default: a fifth of the periods, 1..6)")
      .Positive();
  sub.AddOption("--format", flags->format, "text or json").OneOf({"text", "json"}).ShowDefault();
  Register(
      sub, [&global, flags]() { return RunLeadLag(global, *flags); }, exit_code);
}

}  // namespace northstar::cli

// `northstar check [-w DIR] [--format text|json] [--update-lock] [--with-data]`: loads
// the catalog, compiles every formula, runs the lint rules (check/check.h) and prints
// each finding with file:line:col, rule and hint. --with-data also checks every target
// against the computed history in the results database (check/plausibility.h); it reads
// what `northstar compute` stored and computes nothing itself (notes, e.g. "run
// northstar compute first", never fail it). Exit 0 without errors (warnings are
// allowed), 1 (findings) with errors; a workspace that cannot be read at all, or a lock
// file that cannot be read or written, exits with its kind's code (docs/errors.md).
// --update-lock records the current definitions in northstar.lock, only when there are
// no errors.
#include <iostream>

#include "cli/command.h"
#include "service/check_workspace.h"

namespace northstar::cli {
namespace {

constexpr std::string_view kCommand = "check";

struct CheckFlags {
  std::string format = "text";
  bool update_lock = false;
  bool with_data = false;
};

std::string Plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

int RunCheck(const GlobalOptions& global, const CheckFlags& flags) {
  auto print = [&](const Diagnostics& diags, const std::vector<check::DataNote>& notes) {
    std::cout << (flags.format == "json" ? service::CheckJson(diags, notes)
                                         : service::CheckText(diags, notes));
  };
  auto report = service::CheckWorkspace(global.workspace, service::Environment::System(),
                                        {flags.with_data, flags.update_lock});
  if (!report.ok()) {
    // Not a finding about the catalog: there is no catalog to check.
    const std::string hint =
        "pass the workspace directory with --workspace DIR, or create one with `northstar init DIR`";
    if (flags.format == "json") {  // machines still get a document to parse
      Diagnostics diags;
      diags.Error("missing-workspace", SourceLocation{"northstar.yaml", 0, 0}, report.status().message(),
                  hint);
      print(diags, {});
    }
    return ReportError(kCommand, report.status(), hint);
  }
  print(report->diagnostics, report->notes);
  if (report->diagnostics.has_errors()) {
    if (flags.update_lock) std::cerr << "northstar.lock not updated: fix the errors first\n";
    return ExitCode(ErrorKind::kFindings);
  }
  if (!report->lock_status.ok()) return ReportError(kCommand, report->lock_status);
  if (report->lock_written) {
    for (const auto& line : report->lock_changes) std::cerr << "northstar.lock: " << line << "\n";
    std::cerr << "northstar.lock: " << Plural(report->lock_definitions, "definition") << " accepted, "
              << report->lock_changes.size() << " new or changed\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterCheck(Command app, GlobalOptions& global, int& exit_code) {
  Command sub = app.AddSubcommand("check", "Validate and lint the catalog; exit 1 on errors");
  AddWorkspaceOption(sub, global);
  auto flags = std::make_shared<CheckFlags>();
  sub.AddOption("--format", flags->format, "Output format").OneOf({"text", "json"}).ShowDefault();
  sub.AddFlag("--update-lock", flags->update_lock,
              "Accept the current KPI/metric definitions into northstar.lock (bumps changed versions)");
  sub.AddFlag("--with-data", flags->with_data,
              "Also check each target against the computed history (run `northstar compute` first)");
  Register(
      sub, [&global, flags] { return RunCheck(global, *flags); }, exit_code);
}

}  // namespace northstar::cli

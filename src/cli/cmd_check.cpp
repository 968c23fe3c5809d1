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
#include <fmt/format.h>
#include <algorithm>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "catalog/loader.h"
#include "check/check.h"
#include "check/lock_file.h"
#include "check/plausibility.h"
#include "cli/command.h"
#include "common/json_text.h"
#include "formula/compiler.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

constexpr std::string_view kCommand = "check";

struct CheckFlags {
  std::string format = "text";
  bool update_lock = false;
  bool with_data = false;
};

const char* SeverityName(Severity s) {
  return s == Severity::kError ? "error" : "warning";
}

std::string Plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void Print(const Diagnostics& diags, const std::vector<check::DataNote>& notes, const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json out;
    out["errors"] = diags.error_count();
    out["warnings"] = diags.warning_count();
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const Diagnostic& d : diags.items()) {
      nlohmann::ordered_json item;
      item["file"] = d.where.file;
      item["line"] = d.where.line;
      item["column"] = d.where.column;
      item["severity"] = SeverityName(d.severity);
      item["rule"] = d.rule;
      item["message"] = d.message;
      item["hint"] = d.hint;
      items.push_back(std::move(item));
    }
    out["diagnostics"] = std::move(items);
    nlohmann::ordered_json note_items = nlohmann::ordered_json::array();
    for (const check::DataNote& n : notes) {
      note_items.push_back({{"file", n.where.file},
                            {"line", n.where.line},
                            {"kpi", n.kpi},
                            {"rule", n.rule},
                            {"message", n.message}});
    }
    if (!notes.empty()) out["notes"] = std::move(note_items);
    std::cout << JsonText(out, 2) << "\n";
    return;
  }
  for (const Diagnostic& d : diags.items()) std::cout << d.ToString() << "\n";
  for (const check::DataNote& n : notes) std::cout << n.ToString() << "\n";
  std::cout << "northstar check: " << Plural(diags.error_count(), "error") << ", "
            << Plural(diags.warning_count(), "warning") << "\n";
}

constexpr char kLeadingRule[] = "leading-does-not-lead";

// SPEC §10: a KPI typed `timing: leading` must show a significant lead on the lagging
// KPIs it drives (service::Workspace::LeadLag); a warning when it does not, a note when
// there is too little history to tell.
void CheckLeadingKpisLead(const GlobalOptions& global, const catalog::Catalog& c, Diagnostics& diags,
                          std::vector<check::DataNote>& notes) {
  std::unique_ptr<service::Workspace> workspace;
  for (const catalog::MeasureDef& kpi : c.measures) {
    if (!kpi.is_kpi || kpi.type.timing != "leading") continue;
    const std::vector<const catalog::MeasureDef*> driven = service::LaggingKpisDrivenBy(c, kpi);
    if (driven.empty()) {
      notes.push_back(
          {kpi.where, kpi.id,
           "leading KPI '" + kpi.id + "' drives no lagging KPI to test: name it in a lagging KPI's `drivers`",
           kLeadingRule});
      continue;
    }
    if (!workspace) {
      auto opened = service::Workspace::Open(global.workspace, service::Environment::System());
      if (!opened.ok()) return;  // the plausibility notes already say what is missing
      workspace = std::move(opened).value();
    }
    for (const catalog::MeasureDef* lagging : driven) {
      auto r = workspace->LeadLag({kpi.id, lagging->id, std::nullopt, std::nullopt});
      if (!r.ok()) {
        notes.push_back({kpi.where, kpi.id,
                         "lead on '" + lagging->id + "' not tested: " + r.status().message(), kLeadingRule});
        continue;
      }
      if (r->result.leads) continue;
      const analysis::LeadLagResult& x = r->result;
      diags.Warning(kLeadingRule, kpi.where,
                    "leading KPI '" + kpi.id + "' does not lead '" + lagging->id + "': over " +
                        std::to_string(r->periods) + " " + catalog::GrainName(r->grain) + "s the strongest " +
                        fmt::format("correlation is at lag {} (r = {:.3f}, p = {:.4f})", x.best_lag,
                                    x.correlation, x.p_value),
                    "check what the KPI predicts (`northstar analyze leadlag " + kpi.id + " " + lagging->id +
                        "`); if it does not lead, type it `timing: lagging` or find a leading KPI that does");
    }
  }
}

int RunCheck(const GlobalOptions& global, const CheckFlags& flags) {
  Diagnostics diags;
  Result<catalog::Catalog> catalog = catalog::LoadWorkspace(global.workspace, diags);
  if (!catalog.ok()) {
    // Not a finding about the catalog: there is no catalog to check.
    const std::string hint =
        "pass the workspace directory with --workspace DIR, or create one with `northstar init DIR`";
    if (flags.format == "json") {  // machines still get a document to parse
      diags.Error("missing-workspace", SourceLocation{"northstar.yaml", 0, 0}, catalog.status().message(),
                  hint);
      Print(diags, {}, flags.format);
    }
    return ReportError(kCommand, catalog.status(), hint);
  }
  formula::CompiledCatalog compiled = formula::CompileCatalog(*catalog, diags);
  check::RunChecks(*catalog, compiled, diags);
  std::vector<check::DataNote> notes;
  if (flags.with_data) {
    check::CheckTargetPlausibility(*catalog, diags, notes);
    if (!diags.has_errors()) CheckLeadingKpisLead(global, *catalog, diags, notes);
  }
  diags.Sort();
  Print(diags, notes, flags.format);
  if (diags.has_errors()) {
    if (flags.update_lock) std::cerr << "northstar.lock not updated: fix the errors first\n";
    return ExitCode(ErrorKind::kFindings);
  }
  if (flags.update_lock) {
    Result<std::optional<check::LockFile>> old = check::ReadLockFile(catalog->workspace.root_dir);
    if (!old.ok()) return ReportError(kCommand, old.status());
    std::vector<std::string> changes;
    check::LockFile lock =
        check::AcceptDefinitions(old->value_or(check::LockFile{}), *catalog, compiled, &changes);
    Status written = check::WriteLockFile(catalog->workspace.root_dir, lock);
    if (!written.ok()) return ReportError(kCommand, written);
    for (const auto& line : changes) std::cerr << "northstar.lock: " << line << "\n";
    std::cerr << "northstar.lock: " << Plural(lock.measures.size(), "definition") << " accepted, "
              << changes.size() << " new or changed\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterCheck(CLI::App& app, GlobalOptions& global, int& exit_code) {
  CLI::App* sub = app.add_subcommand("check", "Validate and lint the catalog; exit 1 on errors");
  AddWorkspaceOption(sub, global);
  auto flags = std::make_shared<CheckFlags>();
  sub->add_option("--format", flags->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->add_flag("--update-lock", flags->update_lock,
                "Accept the current KPI/metric definitions into northstar.lock (bumps changed versions)");
  sub->add_flag("--with-data", flags->with_data,
                "Also check each target against the computed history (run `northstar compute` first)");
  Register(
      app, sub, [&global, flags] { return RunCheck(global, *flags); }, exit_code);
}

}  // namespace northstar::cli

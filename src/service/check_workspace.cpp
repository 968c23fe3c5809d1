#include "service/check_workspace.h"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "catalog/loader.h"
#include "check/check.h"
#include "check/lock_file.h"
#include "common/json_text.h"
#include "formula/compiler.h"
#include "service/workspace.h"

namespace northstar::service {
namespace {

constexpr char kLeadingRule[] = "leading-does-not-lead";

// SPEC §10: a KPI typed `timing: leading` must show a significant lead on the lagging
// KPIs it drives (Workspace::LeadLag); a warning when it does not, a note when
// there is too little history to tell.
void CheckLeadingKpisLead(const std::string& dir, const Environment& env, const catalog::Catalog& c,
                          Diagnostics& diags, std::vector<check::DataNote>& notes) {
  std::unique_ptr<Workspace> workspace;
  for (const catalog::MeasureDef& kpi : c.measures) {
    if (!kpi.is_kpi || kpi.type.timing != "leading") continue;
    const std::vector<const catalog::MeasureDef*> driven = LaggingKpisDrivenBy(c, kpi);
    if (driven.empty()) {
      notes.push_back(
          {kpi.where, kpi.id,
           "leading KPI '" + kpi.id + "' drives no lagging KPI to test: name it in a lagging KPI's `drivers`",
           kLeadingRule});
      continue;
    }
    if (!workspace) {
      auto opened = Workspace::Open(dir, env);
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

const char* SeverityName(Severity s) {
  return s == Severity::kError ? "error" : "warning";
}

std::string Plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string CheckJson(const Diagnostics& diags, const std::vector<check::DataNote>& notes) {
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
  return JsonText(out, 2) + "\n";
}

std::string CheckText(const Diagnostics& diags, const std::vector<check::DataNote>& notes) {
  std::string out;
  for (const Diagnostic& d : diags.items()) out += d.ToString() + "\n";
  for (const check::DataNote& n : notes) out += n.ToString() + "\n";
  return out + "northstar check: " + Plural(diags.error_count(), "error") + ", " +
         Plural(diags.warning_count(), "warning") + "\n";
}

Result<CheckReport> CheckWorkspace(const std::string& dir, const Environment& env,
                                   const CheckRequest& request) {
  CheckReport report;
  Diagnostics& diags = report.diagnostics;
  ASSIGN_OR_RETURN(catalog::Catalog catalog, catalog::LoadWorkspace(dir, diags));
  formula::CompiledCatalog compiled = formula::CompileCatalog(catalog, diags);
  check::RunChecks(catalog, compiled, diags);
  if (request.with_data) {
    check::CheckTargetPlausibility(catalog, diags, report.notes);
    if (!diags.has_errors()) CheckLeadingKpisLead(dir, env, catalog, diags, report.notes);
  }
  diags.Sort();
  if (!request.update_lock || diags.has_errors()) return report;
  Result<std::optional<check::LockFile>> old = check::ReadLockFile(catalog.workspace.root_dir);
  if (!old.ok()) {
    report.lock_status = old.status();
    return report;
  }
  check::LockFile lock =
      check::AcceptDefinitions(old->value_or(check::LockFile{}), catalog, compiled, &report.lock_changes);
  report.lock_status = check::WriteLockFile(catalog.workspace.root_dir, lock);
  report.lock_written = report.lock_status.ok();
  report.lock_definitions = lock.measures.size();
  return report;
}

}  // namespace northstar::service

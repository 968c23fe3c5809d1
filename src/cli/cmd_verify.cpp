// `northstar verify`: reads every store file and the results database, checks every
// checksum, and names each damaged file with what it affects and how to recover.
// Exit 0 when everything reads back, 1 (findings) when anything is damaged; a workspace
// or store that cannot be read at all exits with its kind's code (docs/errors.md).
#include <filesystem>
#include <iostream>
#include <map>

#include "catalog/loader.h"
#include "cli/command.h"
#include "results/integrity.h"
#include "store/verify.h"

namespace northstar::cli {
namespace {

constexpr std::string_view kCommand = "verify";

// "KPIs and metrics reading it: a, b" for a source, from the catalog when it loads.
std::string Affected(const catalog::Catalog* catalog, const std::string& source) {
  std::string ids;
  if (catalog != nullptr) {
    for (const catalog::MeasureDef& m : catalog->measures) {
      if (m.source == source) ids += (ids.empty() ? "" : ", ") + m.id;
    }
  }
  return "the rows of source '" + source + "'" + (ids.empty() ? "" : " and every value of " + ids);
}

int RunVerify(const GlobalOptions& global) {
  Diagnostics diags;  // catalog errors do not stop a verify: the files are checked anyway
  auto loaded = catalog::LoadWorkspace(global.workspace, diags);
  if (!loaded.ok()) return ReportError(kCommand, loaded.status());
  const catalog::Workspace& workspace = loaded->workspace;
  const std::filesystem::path root(workspace.root_dir);
  int damaged = 0;

  const std::string store_dir = (root / workspace.store_dir).string();
  auto store = store::VerifyStore(store_dir);
  if (!store.ok()) return ReportError(kCommand, store.status().WithContext("store"));
  for (const store::DamagedFile& d : store->damaged) {
    ++damaged;
    std::cout << "damaged: " << d.path << "\n  problem: " << d.problem
              << "\n  affects: " << Affected(&*loaded, d.source) << "\n  recover: restore " << store_dir
              << "/" << d.source << " from a backup, or remove it and run "
              << "`northstar ingest " << d.source << "` (then `northstar compute`)\n";
  }

  const std::string results_db = (root / workspace.results_db).string();
  auto results = results::CheckResultsIntegrity(results_db);
  std::string results_state = "not created yet";
  if (results.ok()) {
    results_state = results->empty() ? "ok" : "damaged";
    if (!results->empty()) {
      ++damaged;
      std::cout << "damaged: " << results_db << "\n";
      for (const std::string& p : *results) std::cout << "  problem: " << p << "\n";
      std::cout
          << "  affects: computed values, their history (restatements, definition versions) and the "
             "action log\n  recover: restore it from a backup; or move it away and run `northstar compute` "
             "(values are computed again from the store; history and action items are lost)\n";
    }
  }
  std::cout << "verified " << store->sources << " sources (" << store->files
            << " files) and the results database (" << results_state
            << "): " << (damaged == 0 ? "no damage" : std::to_string(damaged) + " damaged") << "\n";
  return damaged == 0 ? kExitOk : ExitCode(ErrorKind::kFindings);
}

}  // namespace

void RegisterVerify(Command app, GlobalOptions& global, int& exit_code) {
  Command sub = app.AddSubcommand("verify", "Read every store and results file; name each damaged one");
  AddWorkspaceOption(sub, global);
  Register(
      sub, [&global] { return RunVerify(global); }, exit_code);
}

}  // namespace northstar::cli

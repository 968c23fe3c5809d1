// `northstar init DIR`: scaffolds a workspace with a small support example
// (service/scaffold.h). Never overwrites.
#include <iostream>

#include "check/lock_file.h"
#include "cli/command.h"
#include "service/scaffold.h"

namespace northstar::cli {
namespace {

constexpr std::string_view kCommand = "init";

int RunInit(const std::string& dir) {
  if (Status s = service::ScaffoldWorkspace(dir); !s.ok()) return ReportError(kCommand, s);
  std::cout << "Created a Northstar workspace in " << dir << ":\n";
  for (const service::ScaffoldFile& f : service::kScaffoldFiles) std::cout << "  " << f.path << "\n";
  std::cout << "  " << check::kLockFileName << "\n";
  std::cout << "Next: northstar check -w " << dir << "\n";
  return kExitOk;
}

}  // namespace

void RegisterInit(Command app, GlobalOptions& global, int& exit_code) {
  Command sub = app.AddSubcommand("init", "Scaffold a workspace with an example catalog");
  auto dir = std::make_shared<std::string>();
  sub.AddOption("dir", *dir, "Directory to create the workspace in").Required();
  Register(
      sub, [dir] { return RunInit(*dir); }, exit_code);
}

}  // namespace northstar::cli

// The CLI is a thin layer: each command parses its flags, calls the core library and
// prints. Every command file exposes one Register* function that adds its subcommand
// (command_line.h); main.cpp calls them all.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "cli/command_line.h"
#include "common/error_kind.h"
#include "common/status.h"
#include "time/grain.h"

namespace northstar::cli {

// Options every command takes.
struct GlobalOptions {
  std::string workspace = ".";  // --workspace DIR
};

// Adds `--workspace DIR` (default: current directory) to a subcommand.
inline void AddWorkspaceOption(Command sub, GlobalOptions& global) {
  sub.AddOption("-w,--workspace", global.workspace, "Workspace directory (holds northstar.yaml)")
      .ShowDefault();
}

// A subcommand's body; returns the process exit code: kExitOk, or what ReportError
// returned, or ExitCode(ErrorKind::kFindings) (common/error_kind.h has the table).
using CommandBody = std::function<int()>;

// Registers a subcommand whose callback stores its exit code in `exit_code`, running the
// body through RunGuarded.
void Register(Command sub, CommandBody body, int& exit_code);

// Runs a command's body; an exception escaping it is reported (ReportError) as an
// internal error, or an I/O error for a filesystem exception, instead of aborting.
int RunGuarded(Command sub, const CommandBody& body);

// Every command reports a failure through this: prints
//   northstar COMMAND: error: MESSAGE
//     hint: HINT
// to stderr (the hint line when there is one: the caller's, else the kind's own, else,
// for usage errors, where to find the flags) and returns the kind's exit code.
// `command` is the command as typed, e.g. "compute" or "actions close"; empty for
// errors before a command is known.
int ReportError(std::string_view command, ErrorKind kind, std::string_view message,
                std::string_view hint = {});
// The same for a failed Status; its code picks the kind (KindOf).
int ReportError(std::string_view command, const Status& status, std::string_view hint = {});

// `--grain TEXT` into `grain` (nullopt when TEXT is empty). An unknown grain is reported
// as a usage error of `command`, and its exit code returned.
std::optional<int> ParseGrainFlag(std::string_view command, const std::string& text,
                                  std::optional<time::Grain>& grain);

void RegisterInit(Command app, GlobalOptions& global, int& exit_code);
void RegisterCheck(Command app, GlobalOptions& global, int& exit_code);
void RegisterStatus(Command app, GlobalOptions& global, int& exit_code);
void RegisterExplain(Command app, GlobalOptions& global, int& exit_code);
void RegisterActions(Command app, GlobalOptions& global, int& exit_code);
void RegisterReview(Command app, GlobalOptions& global, int& exit_code);
void RegisterDigest(Command app, GlobalOptions& global, int& exit_code);
void RegisterShare(Command app, GlobalOptions& global, int& exit_code);
void RegisterCompute(Command app, GlobalOptions& global, int& exit_code);
void RegisterServe(Command app, GlobalOptions& global, int& exit_code);
void RegisterToken(Command app, GlobalOptions& global, int& exit_code);
void RegisterAnnotate(Command app, GlobalOptions& global, int& exit_code);
void RegisterAnalyze(Command app, GlobalOptions& global, int& exit_code);
void RegisterSql(Command app, GlobalOptions& global, int& exit_code);
void RegisterIngest(Command app, GlobalOptions& global, int& exit_code);
void RegisterVerify(Command app, GlobalOptions& global, int& exit_code);

}  // namespace northstar::cli
